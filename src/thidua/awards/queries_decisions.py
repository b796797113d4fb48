"""What decisions and re-examinations a user may see, as querysets (paired with
``rules_decisions``)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from thidua.awards.models import Decision, Reexamination
from thidua.awards.queries import editable_awards
from thidua.org.enums import DIRECTORY_ROLES, ORG_EDITOR_ROLES
from thidua.org.queries import _subtree_q, scope_paths


def visible_decisions(user: Any) -> QuerySet[Decision]:
    """Decisions whose issuer lies in a subtree where the user holds a directory role."""
    paths = scope_paths(user, DIRECTORY_ROLES)
    if not paths:
        return Decision.objects.none()
    return Decision.objects.filter(_subtree_q(paths, "issuer__path"))


def editable_decisions(user: Any) -> QuerySet[Decision]:
    """Decisions the user may draft and issue: the issuer in the user's officer subtree."""
    paths = scope_paths(user, ORG_EDITOR_ROLES)
    if not paths:
        return Decision.objects.none()
    return Decision.objects.filter(_subtree_q(paths, "issuer__path"))


def visible_reexaminations(user: Any) -> QuerySet[Reexamination]:
    """Re-examinations of awards the user may revoke (officer of the recipient's subtree)."""
    return Reexamination.objects.filter(dependent_award__in=editable_awards(user))
