"""Who may do what in a movement. Each visibility predicate mirrors a query in ``queries``."""

from __future__ import annotations

from typing import Any

import rules

from thidua.movements.enums import MovementState
from thidua.movements.models import Movement, Registration, UnitPlan
from thidua.movements.queries import PARTICIPANT_ROLES, user_unit_paths
from thidua.org.enums import ORG_EDITOR_ROLES, Role
from thidua.org.models import Unit
from thidua.org.queries import has_role, own_person_id, path_in_scope, scope_paths

HEAD_ROLES = (*ORG_EDITOR_ROLES, Role.UNIT_HEAD)


def _manages(user: Any, movement: Movement) -> bool:
    return path_in_scope(movement.organizer.path, scope_paths(user, ORG_EDITOR_ROLES))


@rules.predicate
def can_manage_movement(user: Any, movement: Movement | None) -> bool:
    if movement is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return _manages(user, movement)


@rules.predicate
def can_view_movement(user: Any, movement: Movement | None) -> bool:
    if movement is None:
        return has_role(user, PARTICIPANT_ROLES) or own_person_id(user) is not None
    if _manages(user, movement):
        return True
    if movement.state == MovementState.DRAFT:
        return False
    paths = user_unit_paths(user)
    if "" in paths:
        return True
    roots = [p.unit.path for p in movement.participants.select_related("unit")]
    return any(r.startswith(p) or p.startswith(r) for r in roots for p in paths)


@rules.predicate
def can_write_unit_plan(user: Any, unit: Unit | None) -> bool:
    """The head of a unit (or an officer above it) writes the unit's plan."""
    if unit is None:
        return has_role(user, HEAD_ROLES)
    return path_in_scope(unit.path, scope_paths(user, HEAD_ROLES))


@rules.predicate
def can_review_unit_plan(user: Any, plan: UnitPlan | None) -> bool:
    if plan is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return _manages(user, plan.movement)


@rules.predicate
def has_person(user: Any) -> bool:
    return own_person_id(user) is not None


@rules.predicate
def can_register_unit(user: Any, unit: Unit | None) -> bool:
    return can_write_unit_plan(user, unit)


@rules.predicate
def can_decide_registration(user: Any, registration: Registration | None) -> bool:
    """A person's registration is confirmed by the head of their unit; a unit's registration
    by the officer running the movement."""
    if registration is None:
        return has_role(user, HEAD_ROLES)
    if registration.person_id is None:
        return _manages(user, registration.movement)
    return path_in_scope(registration.unit.path, scope_paths(user, HEAD_ROLES))


@rules.predicate
def can_withdraw_registration(user: Any, registration: Registration | None) -> bool:
    if registration is None:
        return has_person(user)
    if registration.person_id is not None:
        return own_person_id(user) == registration.person_id
    return can_register_unit(user, registration.unit)


@rules.predicate
def can_view_unit_progress(user: Any, unit: Unit | None) -> bool:
    if unit is None:
        return has_role(user, HEAD_ROLES)
    return path_in_scope(unit.path, scope_paths(user, HEAD_ROLES))


rules.add_perm("movements.view_movement", can_view_movement)
rules.add_perm("movements.manage_movement", can_manage_movement)
rules.add_perm("movements.write_unit_plan", can_write_unit_plan)
rules.add_perm("movements.review_unit_plan", can_review_unit_plan)
rules.add_perm("movements.confirm_briefing", has_person)
rules.add_perm("movements.register_self", has_person)
rules.add_perm("movements.register_unit", can_register_unit)
rules.add_perm("movements.decide_registration", can_decide_registration)
rules.add_perm("movements.withdraw_registration", can_withdraw_registration)
rules.add_perm("movements.view_unit_progress", can_view_unit_progress)
