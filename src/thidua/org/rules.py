"""Who may do what to organisation objects. Each visibility predicate mirrors a query in
``queries`` (tests check both sides agree)."""

from __future__ import annotations

from typing import Any

import rules

from thidua.org.enums import DIRECTORY_ROLES, ORG_EDITOR_ROLES, Role
from thidua.org.models import DisciplineRecord, Person, Unit
from thidua.org.queries import has_role, own_person_id, path_in_scope, scope_paths


@rules.predicate
def can_view_unit(user: Any, unit: Unit | None) -> bool:
    if unit is None:
        return has_role(user, DIRECTORY_ROLES)
    if path_in_scope(unit.path, scope_paths(user, DIRECTORY_ROLES)):
        return True
    person = getattr(user, "person", None)
    return person is not None and person.unit_id == unit.pk


@rules.predicate
def can_edit_unit(user: Any, unit: Unit | None) -> bool:
    """Editing a unit (or creating one under it) needs an editor role on that unit's subtree."""
    if unit is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return path_in_scope(unit.path, scope_paths(user, ORG_EDITOR_ROLES))


@rules.predicate
def can_view_person(user: Any, person: Person | None) -> bool:
    if person is None:
        return has_role(user, DIRECTORY_ROLES) or own_person_id(user) is not None
    if own_person_id(user) == person.pk:
        return True
    return path_in_scope(person.unit.path, scope_paths(user, DIRECTORY_ROLES))


@rules.predicate
def can_edit_person(user: Any, person: Person | None) -> bool:
    if person is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return path_in_scope(person.unit.path, scope_paths(user, ORG_EDITOR_ROLES))


@rules.predicate
def can_view_discipline(user: Any, record: DisciplineRecord | None) -> bool:
    roles = (*ORG_EDITOR_ROLES, Role.UNIT_HEAD)
    if record is None:
        return has_role(user, roles)
    if own_person_id(user) == record.person_id:
        return True
    return path_in_scope(record.person.unit.path, scope_paths(user, roles))


@rules.predicate
def can_import_org_data(user: Any) -> bool:
    return has_role(user, ORG_EDITOR_ROLES)


@rules.predicate
def is_officer(user: Any) -> bool:
    return has_role(user, ORG_EDITOR_ROLES)


def _owner_path(obj: Any) -> str | None:
    """The unit path an object belongs to: its own for a unit, its unit's for a person, and
    the owner's for records hanging off a person or a unit (ratings, discipline), the
    organiser's for what a unit organises (movements)."""
    if isinstance(obj, Unit):
        return obj.path
    if isinstance(obj, Person):
        return obj.unit.path
    owner = (
        getattr(obj, "person", None)
        or getattr(obj, "unit", None)
        or getattr(obj, "organizer", None)
    )
    if isinstance(owner, Person | Unit):
        return _owner_path(owner)
    return None


@rules.predicate
def can_view_history(user: Any, obj: Any) -> bool:
    """Officers and administrators read the history of what lies in their subtree; objects
    that belong to no unit only to those whose scope is everything."""
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if not paths:
        return False
    if obj is None:
        return True
    path = _owner_path(obj)
    return path_in_scope(path, paths) if path is not None else "" in paths


rules.add_perm("org.view_unit", can_view_unit)
rules.add_perm("org.change_unit", can_edit_unit)
rules.add_perm("org.add_unit", can_edit_unit)
rules.add_perm("org.view_person", can_view_person)
rules.add_perm("org.change_person", can_edit_person)
rules.add_perm("org.add_person", can_edit_unit)
rules.add_perm("org.view_disciplinerecord", can_view_discipline)
rules.add_perm("org.add_disciplinerecord", can_edit_person)
rules.add_perm("org.change_personrating", can_edit_person)
rules.add_perm("org.change_unitrating", can_edit_unit)
rules.add_perm("org.import", can_import_org_data)
rules.add_perm("core.officer_home", is_officer)
rules.add_perm("core.view_history", can_view_history)

from thidua.org import rules_admin  # noqa: E402, F401  (registers org.manage_roles)
