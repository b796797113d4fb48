"""Who may screen candidates for a title or form (the eligibility engine). Anyone with a
directory role sees the verdicts of the people and units of their subtrees; what is screened
is always limited by ``visible_people`` / ``visible_units``."""

from __future__ import annotations

from typing import Any

import rules

from thidua.org.enums import DIRECTORY_ROLES
from thidua.org.models import Unit
from thidua.org.queries import has_role, path_in_scope, scope_paths


@rules.predicate
def can_screen_eligibility(user: Any, unit: Unit | None) -> bool:
    if unit is None:
        return has_role(user, DIRECTORY_ROLES)
    return path_in_scope(unit.path, scope_paths(user, DIRECTORY_ROLES))


rules.add_perm("awards.screen_eligibility", can_screen_eligibility)
