"""Who may see, manage and vote in councils (perms ``awards.view_council``,
``awards.manage_council``, ``awards.vote``), and ``visible_sessions``, the matching query."""

from __future__ import annotations

from typing import Any

import rules
from django.db.models import Q, QuerySet

from thidua.awards.enums import BallotState, CouncilRole, SessionState
from thidua.awards.models import Ballot, Council, CouncilMember, CouncilSession
from thidua.org.enums import ORG_EDITOR_ROLES
from thidua.org.queries import path_in_scope, scope_paths


def _council(obj: Any) -> Council | None:
    if isinstance(obj, Council):
        return obj
    if isinstance(obj, CouncilSession):
        return obj.council
    if isinstance(obj, Ballot):
        return obj.session.council
    return None


def _officer_of(user: Any, council: Council) -> bool:
    return path_in_scope(council.unit.path, scope_paths(user, ORG_EDITOR_ROLES))


def _member(user: Any, council: Council) -> CouncilMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CouncilMember.objects.filter(council=council, user_id=user.pk).first()


@rules.predicate
def can_manage_council(user: Any, obj: Any = None) -> bool:
    """The council's secretary, or an officer of the council's unit (or above)."""
    if obj is None:
        return bool(scope_paths(user, ORG_EDITOR_ROLES)) or (
            getattr(user, "is_authenticated", False)
            and CouncilMember.objects.filter(user_id=user.pk, role=CouncilRole.SECRETARY).exists()
        )
    council = _council(obj)
    if council is None:
        return False
    if _officer_of(user, council):
        return True
    member = _member(user, council)
    return member is not None and member.role == CouncilRole.SECRETARY


@rules.predicate
def can_view_council(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return can_manage_council(user, None) or (
            getattr(user, "is_authenticated", False)
            and CouncilMember.objects.filter(user_id=user.pk).exists()
        )
    council = _council(obj)
    return council is not None and (
        _officer_of(user, council) or _member(user, council) is not None
    )


@rules.predicate
def can_vote(user: Any, ballot: Ballot | None = None) -> bool:
    """A voting member of the ballot's council, the ballot OPEN during voting."""
    if not isinstance(ballot, Ballot):
        return False
    member = _member(user, ballot.session.council)
    return (
        member is not None
        and member.votes
        and ballot.state == BallotState.OPEN
        and ballot.session.state == SessionState.VOTING
    )


def visible_sessions(user: Any) -> QuerySet[CouncilSession]:
    """Sessions of the councils the user sits on, plus those of councils of units the user
    is an officer of."""
    if not getattr(user, "is_authenticated", False):
        return CouncilSession.objects.none()
    q = Q(council__members__user_id=user.pk)
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if "" in paths:
        q = Q()
    else:
        for p in paths:
            q |= Q(council__unit__path__startswith=p)
    return CouncilSession.objects.filter(q).distinct()


rules.add_perm("awards.view_council", can_view_council)
rules.add_perm("awards.manage_council", can_manage_council)
rules.add_perm("awards.vote", can_vote)
