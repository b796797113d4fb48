"""Who may read and write the award register and initiatives. Each visibility predicate
mirrors a query in ``queries``."""

from __future__ import annotations

from typing import Any

import rules

from thidua.awards.models import Award, Initiative
from thidua.org.enums import DIRECTORY_ROLES, ORG_EDITOR_ROLES
from thidua.org.models import Person, Unit
from thidua.org.queries import has_role, own_person_id, path_in_scope, scope_paths


def recipient_path(obj: Any) -> str | None:
    """The unit path that decides rights on an award (its recipient's), on a recipient (a
    person's unit, a unit's own) or on an initiative (its unit's)."""
    if isinstance(obj, Award):
        if obj.person is not None:
            return obj.person.unit.path
        return obj.unit.path if obj.unit is not None else None
    if isinstance(obj, Person):
        return obj.unit.path
    if isinstance(obj, Unit):
        return obj.path
    if isinstance(obj, Initiative):
        return obj.unit.path
    return None


@rules.predicate
def can_view_award(user: Any, award: Award | None) -> bool:
    if award is None:
        return has_role(user, DIRECTORY_ROLES) or own_person_id(user) is not None
    if award.person_id is not None and award.person_id == own_person_id(user):
        return True
    path = recipient_path(award)
    return path is not None and path_in_scope(path, scope_paths(user, DIRECTORY_ROLES))


@rules.predicate
def can_edit_register(user: Any, obj: Any) -> bool:
    """Recording or revoking needs an editor role on the recipient's subtree (``obj`` an award,
    a person or a unit; None: any editor role)."""
    if obj is None:
        return has_role(user, ORG_EDITOR_ROLES)
    path = recipient_path(obj)
    return path is not None and path_in_scope(path, scope_paths(user, ORG_EDITOR_ROLES))


@rules.predicate
def can_view_initiative(user: Any, initiative: Initiative | None) -> bool:
    if initiative is None:
        return has_role(user, DIRECTORY_ROLES) or own_person_id(user) is not None
    if path_in_scope(initiative.unit.path, scope_paths(user, DIRECTORY_ROLES)):
        return True
    person_id = own_person_id(user)
    return person_id is not None and initiative.authors.filter(pk=person_id).exists()


rules.add_perm("awards.view_award", can_view_award)
rules.add_perm("awards.record_award", can_edit_register)
rules.add_perm("awards.revoke_award", can_edit_register)
rules.add_perm("awards.view_initiative", can_view_initiative)
rules.add_perm("awards.record_initiative", can_edit_register)
from thidua.awards import (  # noqa: E402
    rules_councils,  # noqa: F401  (awards.manage_council, awards.vote, ...)
    rules_councils_admin,  # noqa: F401  (awards.create_council, awards.break_tie)
    rules_decisions,  # noqa: F401  (awards.view_decision, awards.issue_decision, ...)
    rules_disclosure,  # noqa: F401  (awards.manage_disclosure, awards.manage_holidays)
    rules_eligibility,  # noqa: F401  (awards.screen_eligibility)
    rules_nominations,  # noqa: F401  (awards.propose, ...)
    rules_overrides,  # noqa: F401  (awards.view_overrides, awards.manage_overrides)
)
