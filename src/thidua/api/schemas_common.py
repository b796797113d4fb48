"""Schema pieces shared by the movement, results and awards routers."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class MovementOwnerCodes(Schema):
    """Resolves ``movement_code``, ``unit_code`` and ``person_code`` of a record that belongs to
    a movement, a unit and optionally a person (registrations, activities, assessments)."""

    @staticmethod
    def resolve_movement_code(obj: Any) -> str:
        return obj.movement.code

    @staticmethod
    def resolve_unit_code(obj: Any) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_person_code(obj: Any) -> str | None:
        return obj.person.code if obj.person_id else None
