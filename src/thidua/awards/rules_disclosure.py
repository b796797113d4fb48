"""Who may prepare, publish and close disclosures and answer or hide public comments
(``awards.view_disclosure``, ``awards.manage_disclosure``): the officers and administrators of
the disclosing unit's subtree, as for councils, mirroring ``queries_disclosure``; and who may
change the public-holiday calendar (``awards.manage_holidays``): those of a top unit only."""

from __future__ import annotations

from typing import Any

import rules

from thidua.awards.models import Disclosure, PublicComment
from thidua.awards.rules_overrides import covers_a_top_unit
from thidua.org.enums import ORG_EDITOR_ROLES
from thidua.org.models import Unit
from thidua.org.queries import has_role, path_in_scope, scope_paths


def _unit(obj: Any) -> Unit | None:
    if isinstance(obj, Disclosure):
        return obj.unit
    if isinstance(obj, PublicComment):
        return obj.disclosure.unit
    if isinstance(obj, Unit):
        return obj
    return None


@rules.predicate
def can_manage_disclosure(user: Any, obj: Any = None) -> bool:
    """An officer or administrator whose scope covers the disclosing unit; ``obj`` a
    disclosure, a public comment or the unit (None: any scope at all)."""
    if obj is None:
        return has_role(user, ORG_EDITOR_ROLES)
    unit = _unit(obj)
    return unit is not None and path_in_scope(unit.path, scope_paths(user, ORG_EDITOR_ROLES))


@rules.predicate
def can_manage_holidays(user: Any, obj: Any = None) -> bool:
    """The holiday calendar is one for the whole deployment (every disclosure period is
    counted with it), so only an officer or administrator of a top unit (or a superuser)."""
    return covers_a_top_unit(user, ORG_EDITOR_ROLES)


rules.add_perm("awards.view_disclosure", can_manage_disclosure)
rules.add_perm("awards.manage_disclosure", can_manage_disclosure)
rules.add_perm("awards.manage_holidays", can_manage_holidays)
