"""Who may propose, see and override nominations. Mirrors ``queries_nominations``."""

from __future__ import annotations

from typing import Any

import rules

from thidua.awards.models import Nomination
from thidua.awards.queries_nominations import HEAD_ROLES
from thidua.movements.models import Movement
from thidua.org.enums import ORG_EDITOR_ROLES
from thidua.org.models import Unit
from thidua.org.queries import has_role, path_in_scope, scope_paths


def _runs(user: Any, movement: Movement) -> bool:
    return path_in_scope(movement.organizer.path, scope_paths(user, ORG_EDITOR_ROLES))


@rules.predicate
def can_propose(user: Any, obj: Unit | Nomination | None) -> bool:
    """The head of the proposing unit (or an officer above it); ``obj`` the proposing unit
    or a nomination."""
    if obj is None:
        return has_role(user, HEAD_ROLES)
    unit = obj.proposing_unit if isinstance(obj, Nomination) else obj
    return path_in_scope(unit.path, scope_paths(user, HEAD_ROLES))


@rules.predicate
def can_override_eligibility(user: Any, obj: Nomination | Movement | None) -> bool:
    """The officer of the movement's organiser."""
    if obj is None:
        return has_role(user, ORG_EDITOR_ROLES)
    movement = obj.movement if isinstance(obj, Nomination) else obj
    return _runs(user, movement)


@rules.predicate
def can_view_nomination(user: Any, nomination: Nomination | None) -> bool:
    if nomination is None:
        return has_role(user, HEAD_ROLES)
    return can_propose(user, nomination) or _runs(user, nomination.movement)


rules.add_perm("awards.propose", can_propose)
rules.add_perm("awards.override_eligibility", can_override_eligibility)
rules.add_perm("awards.return_nomination", can_override_eligibility)
rules.add_perm("awards.view_nomination", can_view_nomination)
