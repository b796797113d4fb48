"""What nominations a user may see, as a queryset (paired with ``rules_nominations``)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from thidua.awards.models import Nomination
from thidua.awards.queries import prefix_q
from thidua.org.enums import ORG_EDITOR_ROLES, Role
from thidua.org.queries import scope_paths

HEAD_ROLES = (*ORG_EDITOR_ROLES, Role.UNIT_HEAD)


def visible_nominations(user: Any) -> QuerySet[Nomination]:
    """Nominations of proposing units in the subtrees where the user is a unit head or an
    officer, plus every nomination of the movements the user runs (officer of the organiser)."""
    if not getattr(user, "is_authenticated", False):
        return Nomination.objects.none()
    heads = scope_paths(user, HEAD_ROLES)
    officers = scope_paths(user, ORG_EDITOR_ROLES)
    q = Q(pk__in=[])
    if heads:
        q |= prefix_q(heads, "proposing_unit__path")
    if officers:
        q |= prefix_q(officers, "movement__organizer__path")
    return Nomination.objects.filter(q)
