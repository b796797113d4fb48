"""Who may do what with results. Each visibility predicate mirrors a query in
``thidua.results.queries``.

Sections:
- Activities and evidence files: results.report_activity (obj=Unit), results.view_activity,
  results.change_activity (obj=Activity), results.view_evidence (obj=EvidenceFile),
  results.manage_activity_kinds.
- Assessments, periodic reports and blocs: results.view_report, results.review_report
  (obj=PeriodicReport), results.write_report, results.open_assessment (obj=Unit),
  results.view_assessment, results.score_self, results.score_review, results.score_council
  (obj=Assessment),
  results.release_results, results.view_ranking, results.manage_blocs (obj=Movement),
  results.peer_score (obj=Unit: the scoring unit).
"""

from __future__ import annotations

from typing import Any

import rules

from thidua.movements.models import Movement
from thidua.movements.rules import can_view_movement
from thidua.org.enums import DIRECTORY_ROLES, ORG_EDITOR_ROLES, Role
from thidua.org.models import Unit
from thidua.org.queries import has_role, own_person_id, path_in_scope, scope_paths
from thidua.results.models import Activity, Assessment, BlocMember, EvidenceFile, PeriodicReport
from thidua.results.queries import (
    HEAD_ROLES,
    headed_unit_paths,
    own_unit_id,
    results_released,
    visible_assessments,
    visible_reports,
)

# == Activities and evidence files ==========================================================


def heads_unit(user: Any, unit: Unit) -> bool:
    """The user heads the unit or a unit above it, or is an officer or administrator there."""
    return path_in_scope(unit.path, scope_paths(user, HEAD_ROLES))


def runs_movement(user: Any, movement: Movement) -> bool:
    """The user is an officer (or administrator) of the organiser: they run the movement."""
    return path_in_scope(movement.organizer.path, scope_paths(user, ORG_EDITOR_ROLES))


@rules.predicate
def can_report_activity(user: Any, unit: Unit | None) -> bool:
    """A unit head (or an officer above) reports for the units of their subtree; a member of
    staff for their own unit, as the person who did it."""
    if unit is None:
        return has_role(user, HEAD_ROLES) or own_person_id(user) is not None
    return heads_unit(user, unit) or own_unit_id(user) == unit.pk


@rules.predicate
def can_view_activity(user: Any, activity: Activity | None) -> bool:
    if activity is None:
        return has_role(user, DIRECTORY_ROLES) or own_person_id(user) is not None
    if path_in_scope(activity.unit.path, scope_paths(user, DIRECTORY_ROLES)):
        return True
    if activity.created_by_id is not None and activity.created_by_id == user.pk:
        return True
    person_id = own_person_id(user)
    if person_id is not None and (
        activity.person_id == person_id or activity.unit_id == own_unit_id(user)
    ):
        return True
    return runs_movement(user, activity.movement)


@rules.predicate
def can_change_activity(user: Any, activity: Activity | None) -> bool:
    """Corrected or withdrawn by whoever reported it, the head of its unit (or above) and the
    officer running the movement."""
    if activity is None:
        return bool(can_report_activity(user, None))
    if activity.created_by_id is not None and activity.created_by_id == user.pk:
        return True
    return heads_unit(user, activity.unit) or runs_movement(user, activity.movement)


@rules.predicate
def can_view_evidence(user: Any, evidence: EvidenceFile | None) -> bool:
    if evidence is None:
        return bool(can_view_activity(user, None))
    if evidence.activity_id is not None:
        return bool(can_view_activity(user, evidence.activity))
    # Evidence attached to an assessment: whoever may see the assessment.
    return bool(can_view_assessment(user, evidence.assessment))


@rules.predicate
def can_manage_activity_kinds(user: Any) -> bool:
    """The catalogue of activity kinds is shared by every movement: officers and
    administrators keep it."""
    return has_role(user, ORG_EDITOR_ROLES)


rules.add_perm("results.report_activity", can_report_activity)
rules.add_perm("results.view_activity", can_view_activity)
rules.add_perm("results.change_activity", can_change_activity)
rules.add_perm("results.view_evidence", can_view_evidence)
rules.add_perm("results.manage_activity_kinds", can_manage_activity_kinds)


# == Assessments, periodic reports and blocs ================================================

# Who scores: the assessed (self), the reviewer, the council (the officer running the movement
# until councils come). Visibility before the release of results: a unit sees only its own.


@rules.predicate
def can_view_report(user: Any, report: PeriodicReport | None) -> bool:
    if report is None:
        return bool(getattr(user, "is_authenticated", False))
    return visible_reports(user).filter(pk=report.pk).exists()


@rules.predicate
def can_write_report(user: Any, unit: Unit | None) -> bool:
    """The head of the unit (or an officer above it) writes and submits its reports."""
    if unit is None:
        return has_role(user, HEAD_ROLES)
    return heads_unit(user, unit)


@rules.predicate
def can_review_report(user: Any, report: PeriodicReport | None) -> bool:
    """The officer running the movement accepts a report or returns it."""
    if report is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return runs_movement(user, report.movement)


@rules.predicate
def can_view_assessment(user: Any, assessment: Assessment | None) -> bool:
    if assessment is None:
        return bool(getattr(user, "is_authenticated", False))
    return visible_assessments(user).filter(pk=assessment.pk).exists()


def _unit_head_of(user: Any, unit: Unit) -> bool:
    return path_in_scope(unit.path, scope_paths(user, (Role.UNIT_HEAD,)))


def leads_bloc_of(user: Any, assessment: Assessment) -> bool:
    """The user heads the leader unit of a bloc in which the assessed unit is a member (not
    the leader itself)."""
    paths = headed_unit_paths(user)
    return (
        bool(paths)
        and BlocMember.objects.filter(
            bloc__movement_id=assessment.movement_id,
            bloc__leader__path__in=paths,
            unit_id=assessment.unit_id,
        )
        .exclude(bloc__leader_id=assessment.unit_id)
        .exists()
    )


@rules.predicate
def can_open_assessment(user: Any, unit: Unit | None) -> bool:
    """The head of a unit (or an officer above it) opens the unit's assessment."""
    if unit is None:
        return has_role(user, HEAD_ROLES)
    return heads_unit(user, unit)


@rules.predicate
def can_score_self(user: Any, assessment: Assessment | None) -> bool:
    """A person assesses themselves; a unit is self-assessed by its head."""
    if assessment is None:
        return has_role(user, (Role.UNIT_HEAD,)) or own_person_id(user) is not None
    if assessment.person_id is not None:
        return own_person_id(user) == assessment.person_id
    return _unit_head_of(user, assessment.unit)


@rules.predicate
def can_score_review(user: Any, assessment: Assessment | None) -> bool:
    """A person's assessment is reviewed by the head of their unit; a unit's by the officer
    running the movement or by the leader of its bloc. Nobody reviews their own."""
    if assessment is None:
        return has_role(user, HEAD_ROLES)
    if assessment.person_id is not None:
        if own_person_id(user) == assessment.person_id:
            return False
        return _unit_head_of(user, assessment.unit) or runs_movement(user, assessment.movement)
    return runs_movement(user, assessment.movement) or leads_bloc_of(user, assessment)


@rules.predicate
def can_score_council(user: Any, assessment: Assessment | None) -> bool:
    if assessment is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return runs_movement(user, assessment.movement)


@rules.predicate
def can_release_results(user: Any, movement: Movement | None) -> bool:
    if movement is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return runs_movement(user, movement)


@rules.predicate
def can_view_ranking(user: Any, movement: Movement | None) -> bool:
    """The officer running the movement always; the participants once results are released."""
    if movement is None:
        return bool(getattr(user, "is_authenticated", False))
    if runs_movement(user, movement):
        return True
    return bool(can_view_movement(user, movement)) and results_released(movement)


@rules.predicate
def can_manage_blocs(user: Any, movement: Movement | None) -> bool:
    if movement is None:
        return has_role(user, ORG_EDITOR_ROLES)
    return runs_movement(user, movement)


@rules.predicate
def can_peer_score(user: Any, unit: Unit | None) -> bool:
    """The head of the scoring unit enters its peer scores."""
    if unit is None:
        return has_role(user, (Role.UNIT_HEAD,))
    return _unit_head_of(user, unit)


rules.add_perm("results.view_report", can_view_report)
rules.add_perm("results.write_report", can_write_report)
rules.add_perm("results.review_report", can_review_report)
rules.add_perm("results.view_assessment", can_view_assessment)
rules.add_perm("results.open_assessment", can_open_assessment)
rules.add_perm("results.score_self", can_score_self)
rules.add_perm("results.score_review", can_score_review)
rules.add_perm("results.score_council", can_score_council)
rules.add_perm("results.release_results", can_release_results)
rules.add_perm("results.view_ranking", can_view_ranking)
rules.add_perm("results.manage_blocs", can_manage_blocs)
rules.add_perm("results.peer_score", can_peer_score)
