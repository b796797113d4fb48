"""Who may manage role assignments and logins, with the matching queries.

Managing roles needs the ADMIN role on the unit concerned (the role's scope covers that unit's
whole subtree) or a superuser account. The predicate is registered as ``org.manage_roles`` and
each query below returns exactly the objects the predicate allows, so list pages never filter
in Python. ``org.rules`` imports this module so django-rules autodiscovery registers it.
"""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q, QuerySet

from thidua.org.enums import Role
from thidua.org.models import Person, RoleAssignment, Unit
from thidua.org.queries import has_role, path_in_scope, scope_paths

ADMIN_ROLES = (Role.ADMIN,)


def admin_scope_paths(user: Any) -> list[str]:
    """Subtree roots where the user administers roles; [""] means everything (superuser)."""
    return scope_paths(user, ADMIN_ROLES)


def _paths_q(paths: list[str], field: str) -> Q:
    if "" in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def manageable_units(user: Any) -> QuerySet[Unit]:
    """Units on which the user may assign roles."""
    paths = admin_scope_paths(user)
    if not paths:
        return Unit.objects.none()
    return Unit.objects.filter(_paths_q(paths, "path"))


def manageable_role_assignments(user: Any) -> QuerySet[RoleAssignment]:
    """Role assignments whose unit lies in a subtree the user administers."""
    paths = admin_scope_paths(user)
    if not paths:
        return RoleAssignment.objects.none()
    return RoleAssignment.objects.filter(_paths_q(paths, "unit__path"))


def _path_of(obj: Any) -> str | None:
    if isinstance(obj, Unit):
        return obj.path
    if isinstance(obj, RoleAssignment):
        return obj.unit.path
    if isinstance(obj, Person):
        return obj.unit.path
    return None


@rules.predicate
def can_manage_roles(user: Any, obj: Unit | RoleAssignment | Person | None) -> bool:
    """Without an object: does the user administer roles anywhere. With a unit, a role
    assignment or a person (to create a login): is it inside the user's ADMIN scope."""
    if obj is None:
        return has_role(user, ADMIN_ROLES)
    path = _path_of(obj)
    if path is None:
        return False
    return path_in_scope(path, admin_scope_paths(user))


rules.add_perm("org.manage_roles", can_manage_roles)
