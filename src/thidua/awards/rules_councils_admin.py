"""Councils as a list, creating one, and the chair's tie-break: ``visible_councils`` (the
councils a user sits on, plus those of units the user is an officer of, matching
``awards.view_council``), the perm ``awards.create_council`` (an officer, for a unit in the
officer's subtree) and the perm ``awards.break_tie`` (only the chair of the council)."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q, QuerySet

from thidua.awards.enums import CouncilRole
from thidua.awards.models import Council, CouncilMember, CouncilSession
from thidua.org.enums import ORG_EDITOR_ROLES
from thidua.org.models import Unit
from thidua.org.queries import path_in_scope, scope_paths


def visible_councils(user: Any) -> QuerySet[Council]:
    """Councils the user sits on, plus councils of units in the user's officer scope."""
    if not getattr(user, "is_authenticated", False):
        return Council.objects.none()
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if "" in paths:
        return Council.objects.all()
    q = Q(members__user_id=user.pk)
    for p in paths:
        q |= Q(unit__path__startswith=p)
    return Council.objects.filter(q).distinct()


@rules.predicate
def can_create_council(user: Any, obj: Any = None) -> bool:
    """An officer (or administrator); with a unit or a council, for a unit in the subtree."""
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if obj is None:
        return bool(paths)
    unit = obj if isinstance(obj, Unit) else getattr(obj, "unit", None)
    return isinstance(unit, Unit) and path_in_scope(unit.path, paths)


@rules.predicate
def can_break_tie(user: Any, obj: Any = None) -> bool:
    """The chair of the council (of a council or of one of its sessions)."""
    if isinstance(obj, CouncilSession):
        council_id = obj.council_id
    elif isinstance(obj, Council):
        council_id = obj.pk
    else:
        return False
    if not getattr(user, "is_authenticated", False):
        return False
    return CouncilMember.objects.filter(
        council_id=council_id, user_id=user.pk, role=CouncilRole.CHAIR
    ).exists()


rules.add_perm("awards.create_council", can_create_council)
rules.add_perm("awards.break_tie", can_break_tie)
