"""Who may see, draft and issue decisions, and resolve re-examinations. Mirrors
``queries_decisions``: the emulation officer (or admin) of the issuer's subtree drafts and
issues; directory roles of the issuer's subtree read."""

from __future__ import annotations

from typing import Any

import rules

from thidua.awards.models import Decision, Reexamination
from thidua.awards.rules import can_edit_register
from thidua.org.enums import DIRECTORY_ROLES, ORG_EDITOR_ROLES, Role
from thidua.org.models import Unit
from thidua.org.queries import has_role, path_in_scope, scope_paths


def _issuer_path(obj: Decision | Unit) -> str:
    return obj.issuer.path if isinstance(obj, Decision) else obj.path


@rules.predicate
def can_view_decision(user: Any, obj: Decision | None) -> bool:
    if obj is None:
        return has_role(user, DIRECTORY_ROLES)
    return path_in_scope(_issuer_path(obj), scope_paths(user, DIRECTORY_ROLES))


@rules.predicate
def can_issue_decision(user: Any, obj: Decision | Unit | None) -> bool:
    """``obj`` a decision or the issuing unit; None: any officer role."""
    if obj is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return path_in_scope(_issuer_path(obj), scope_paths(user, ORG_EDITOR_ROLES))


@rules.predicate
def can_resolve_reexamination(user: Any, obj: Reexamination | None) -> bool:
    if obj is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return bool(can_edit_register(user, obj.dependent_award))


@rules.predicate
def can_edit_money_parameters(user: Any, obj: Any = None) -> bool:
    """Administrators add new dated base salaries and coefficients."""
    return has_role(user, (Role.ADMIN,))


rules.add_perm("awards.edit_money_parameters", can_edit_money_parameters)
rules.add_perm("awards.view_decision", can_view_decision)
rules.add_perm("awards.draft_decision", can_issue_decision)
rules.add_perm("awards.issue_decision", can_issue_decision)
rules.add_perm("awards.resolve_reexamination", can_resolve_reexamination)
