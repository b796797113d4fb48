"""Which disclosures (công khai) a user may see, as querysets (paired with
``rules_disclosure``): officers and administrators of the disclosing unit's subtree; the public
sees OPEN and CLOSED disclosures only."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thidua.awards.models import Disclosure, DisclosureState, PublicComment
from thidua.awards.queries import prefix_q
from thidua.org.enums import ORG_EDITOR_ROLES
from thidua.org.queries import scope_paths

PUBLIC_STATES = (DisclosureState.OPEN, DisclosureState.CLOSED)


def visible_disclosures(user: Any) -> QuerySet[Disclosure]:
    """Disclosures of units in the subtrees where the user is an officer or administrator."""
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if not paths:
        return Disclosure.objects.none()
    return Disclosure.objects.filter(prefix_q(paths, "unit__path"))


def visible_comments(user: Any) -> QuerySet[PublicComment]:
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if not paths:
        return PublicComment.objects.none()
    return PublicComment.objects.filter(prefix_q(paths, "disclosure__unit__path"))


def public_disclosures() -> QuerySet[Disclosure]:
    """What the public site shows: never a DRAFT."""
    return Disclosure.objects.filter(state__in=PUBLIC_STATES)


def public_answered_comments(disclosure: Disclosure) -> QuerySet[PublicComment]:
    """Comments shown on the public page: answered and not hidden (their contacts never)."""
    return disclosure.comments.filter(hidden=False, answered_at__isnull=False)
