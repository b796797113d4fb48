"""Who may see and generate documents, and manage templates. Mirrors ``queries``: a generated
document is readable by whoever may see its decision (or, without a decision: minutes by who
may see the council session, a proposal by who may see the unit's nominations, the plan and the
report by who may see the movement);
generating a decision's documents is for who may issue it; templates are for administrators."""

from __future__ import annotations

from typing import Any

import rules

from thidua.awards.models import Decision
from thidua.awards.rules_councils import can_view_council
from thidua.awards.rules_decisions import can_issue_decision, can_view_decision
from thidua.awards.rules_nominations import can_override_eligibility, can_propose
from thidua.documents.models import GeneratedDocument, GenerationJob
from thidua.movements.rules import can_view_movement
from thidua.org.enums import Role
from thidua.org.queries import has_role


@rules.predicate
def can_view_document(user: Any, obj: GeneratedDocument | GenerationJob | None) -> bool:
    if obj is None:
        return bool(can_view_decision(user, None))
    if obj.decision is not None:
        return bool(can_view_decision(user, obj.decision))
    if isinstance(obj, GenerationJob):
        return False
    if obj.session is not None:
        return bool(can_view_council(user, obj.session))
    return _can_view_movement_document(user, obj)


def _can_view_movement_document(user: Any, document: GeneratedDocument) -> bool:
    """A proposal: for who may see the unit's nominations; the plan, the report: the movement."""
    movement = document.movement
    if movement is None or not can_view_movement(user, movement):
        return False
    if document.unit is not None:
        return bool(can_propose(user, document.unit) or can_override_eligibility(user, movement))
    return True


@rules.predicate
def can_generate_for_decision(user: Any, obj: Decision | None) -> bool:
    return bool(can_issue_decision(user, obj))


@rules.predicate
def can_manage_templates(user: Any) -> bool:
    return has_role(user, (Role.ADMIN,))


rules.add_perm("documents.view_document", can_view_document)
rules.add_perm("documents.generate_decision_documents", can_generate_for_decision)
rules.add_perm("documents.manage_templates", can_manage_templates)
