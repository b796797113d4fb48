"""What a user may see, as querysets. List pages and API lists start from these functions and
never filter in Python. Each is paired with a predicate in ``rules``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.org.enums import DIRECTORY_ROLES, ORG_EDITOR_ROLES, Role
from thidua.org.models import (
    DisciplineRecord,
    Person,
    PersonRating,
    RoleAssignment,
    Unit,
    UnitRating,
)

_CACHE_ATTR = "_thidua_role_scopes"
_ROOTS_ATTR = "_thidua_tree_roots"


def active_role_scopes(user: Any, on: dt.date | None = None) -> list[tuple[str, str]]:
    """(role, unit path) pairs the user holds today, cached on the user object per request."""
    if not getattr(user, "is_authenticated", False):
        return []
    day = on or timezone.localdate()
    cache: dict[dt.date, list[tuple[str, str]]] = getattr(user, _CACHE_ATTR, None) or {}
    if day not in cache:
        rows = (
            RoleAssignment.objects.filter(user_id=user.pk, valid_from__lte=day)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
            .values_list("role", "unit__path")
        )
        cache[day] = [(role, path) for role, path in rows]
        setattr(user, _CACHE_ATTR, cache)
    return cache[day]


def forget_role_scopes(user: Any) -> None:
    for attr in (_CACHE_ATTR, _ROOTS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


def _minimal(paths: Iterable[str]) -> list[str]:
    """Drop paths that lie inside another path of the list."""
    kept: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def scope_paths(user: Any, roles: Iterable[str]) -> list[str]:
    """Subtree roots on which the user holds one of ``roles``; [""] means everything."""
    if getattr(user, "is_superuser", False) and getattr(user, "is_active", False):
        return [""]
    wanted = set(roles)
    return _minimal(path for role, path in active_role_scopes(user) if role in wanted)


def has_role(user: Any, roles: Iterable[str]) -> bool:
    return bool(scope_paths(user, roles))


def path_in_scope(path: str, scopes: list[str]) -> bool:
    return any(path.startswith(root) for root in scopes)


def read_paths(user: Any, roles: Iterable[str]) -> list[str]:
    """``scope_paths`` for reading: [""] also when the scopes cover every root of the tree, so
    the list of a national officer needs no join on the units (a COUNT over two million
    people drops from about 450 ms to 55 ms). Only for visibility: rights that need the
    superuser's "everything" (placing a root unit) keep asking ``scope_paths``."""
    paths = scope_paths(user, roles)
    if not paths or "" in paths:
        return paths
    roots = getattr(user, _ROOTS_ATTR, None)
    if roots is None:
        roots = list(Unit.objects.filter(parent__isnull=True).values_list("path", flat=True))
        setattr(user, _ROOTS_ATTR, roots)
    if roots and all(path_in_scope(root, paths) for root in roots):
        return [""]
    return paths


_read_paths = read_paths  # the earlier private name


def _subtree_q(paths: list[str], field: str) -> Q:
    if "" in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def own_person_id(user: Any) -> int | None:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return person.pk if person is not None else None


def visible_units(user: Any) -> QuerySet[Unit]:
    """Units of the subtrees where the user holds a directory role, plus the user's own unit."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    q = _subtree_q(read_paths(user, DIRECTORY_ROLES), "path")
    person_id = own_person_id(user)
    if person_id is not None:
        q |= Q(people__pk=person_id)
    return Unit.objects.filter(q).distinct() if person_id else Unit.objects.filter(q)


def visible_people(user: Any) -> QuerySet[Person]:
    """People whose current unit lies in a subtree where the user holds a directory role,
    plus the user's own record."""
    if not getattr(user, "is_authenticated", False):
        return Person.objects.none()
    q = _subtree_q(read_paths(user, DIRECTORY_ROLES), "unit__path")
    person_id = own_person_id(user)
    if person_id is not None:
        q |= Q(pk=person_id)
    return Person.objects.filter(q)


def visible_person_ratings(user: Any) -> QuerySet[PersonRating]:
    return PersonRating.objects.filter(person__in=visible_people(user))


def visible_unit_ratings(user: Any) -> QuerySet[UnitRating]:
    return UnitRating.objects.filter(unit__in=visible_units(user))


def visible_discipline(user: Any) -> QuerySet[DisciplineRecord]:
    """Discipline is sensitive: officers, administrators and unit heads of the subtree, and the
    person concerned."""
    if not getattr(user, "is_authenticated", False):
        return DisciplineRecord.objects.none()
    roles = (*ORG_EDITOR_ROLES, Role.UNIT_HEAD)
    q = _subtree_q(scope_paths(user, roles), "person__unit__path")
    person_id = own_person_id(user)
    if person_id is not None:
        q |= Q(person_id=person_id)
    return DisciplineRecord.objects.filter(q)


def editable_units(user: Any) -> QuerySet[Unit]:
    """Units whose data (and whose people's data) the user may change."""
    if not getattr(user, "is_authenticated", False):
        return Unit.objects.none()
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if not paths:
        return Unit.objects.none()
    return Unit.objects.filter(_subtree_q(paths, "path"))


def subtree(unit: Unit) -> QuerySet[Unit]:
    return Unit.objects.filter(path__startswith=unit.path)


def active_units(on: dt.date | None = None) -> QuerySet[Unit]:
    day = on or timezone.localdate()
    return Unit.objects.filter(valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=day)
    )


def is_org_editor(user: Any) -> bool:
    return bool(scope_paths(user, ORG_EDITOR_ROLES))
