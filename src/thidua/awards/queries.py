"""What a user may see of the award register and initiatives, as querysets (paired with the
predicates in ``rules``). The public register is another matter (portal)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thidua.awards.models import Award, Initiative
from thidua.org.enums import DIRECTORY_ROLES, ORG_EDITOR_ROLES
from thidua.org.queries import own_person_id, scope_paths


def prefix_q(paths: list[str], field: str) -> Q:
    """Rows whose ``field`` (a unit path) lies under one of ``paths`` ("" is the whole tree;
    no paths match nothing)."""
    if "" in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


def recipient_path_q(paths: list[str]) -> Q:
    """Awards whose recipient (a person's current unit, or the unit) lies under ``paths``."""
    if "" in paths:
        return Q()
    return prefix_q(paths, "person__unit__path") | prefix_q(paths, "unit__path")


def visible_awards(user: Any) -> QuerySet[Award]:
    """Awards of people and units in the subtrees where the user holds a directory role, plus
    the user's own awards."""
    if not getattr(user, "is_authenticated", False):
        return Award.objects.none()
    paths = scope_paths(user, DIRECTORY_ROLES)
    q = recipient_path_q(paths) if paths else Q(pk__in=[])
    person_id = own_person_id(user)
    if person_id is not None:
        q |= Q(person_id=person_id)
    return Award.objects.filter(q)


def editable_awards(user: Any) -> QuerySet[Award]:
    """Awards the user may revoke: recipients in a subtree where the user is an editor."""
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if not paths:
        return Award.objects.none()
    return Award.objects.filter(recipient_path_q(paths))


def visible_initiatives(user: Any) -> QuerySet[Initiative]:
    """Initiatives of units in the user's directory subtrees, plus those the user authored."""
    if not getattr(user, "is_authenticated", False):
        return Initiative.objects.none()
    paths = scope_paths(user, DIRECTORY_ROLES)
    q = prefix_q(paths, "unit__path") if paths else Q(pk__in=[])
    person_id = own_person_id(user)
    if person_id is not None:
        authored = Initiative.authors.through.objects.filter(
            initiative_id=OuterRef("pk"), person_id=person_id
        )
        q |= Q(Exists(authored))
    return Initiative.objects.filter(q)
