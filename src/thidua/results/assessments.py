"""Assessments of units and people in a movement: the self-assessment, the review and the
council's scoring per criterion, bonus and penalty items, the workflow
(``set_assessment_state``, the one transition function), and the release of results.

A later stage starts from the earlier one (``computation.STAGE_CHAIN``): the reviewer enters
only what they score differently, with a comment, and so does the council. FINAL locks
everything. Every change of a score is an audit event with its before and after values.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record_event
from thidua.movements.enums import MovementState, ScoringMethod
from thidua.movements.models import CriteriaTable, Criterion, Movement
from thidua.movements.phases import scoring_open
from thidua.movements.queries import participant_units
from thidua.org.models import Person, Unit
from thidua.results.computation import STAGE_CHAIN, table_spec
from thidua.results.enums import ASSESSMENT_TRANSITIONS, AssessmentState, ScoreStage
from thidua.results.models import ActivityValue, Assessment, AssessmentAdjustment, AssessmentScore
from thidua.results.queries import results_released
from thidua.results.scores import SCORING_STATE, locked_state, save_scores
from thidua.results.scoring import Score, compute_score

__all__ = [
    "SCORING_STATE",
    "open_assessment",
    "release_results",
    "results_released",
    "save_scores",
    "set_assessment_state",
    "stage_scores",
    "transition_permission",
]


def transition_permission(current: str) -> str:
    """The permission a move needs: the assessed submits; the reviewer reviews or sends back to
    the assessed; the council finalises or sends back to the reviewer."""
    if current == AssessmentState.SELF_DRAFT:
        return "results.score_self"
    if current == AssessmentState.SELF_SUBMITTED:
        return "results.score_review"
    return "results.score_council"


# --- Opening -------------------------------------------------------------------------------


def open_assessment(
    movement: Movement, *, unit: Unit, person: Person | None = None, actor: Any = None
) -> Assessment:
    """The assessment of a unit (``person`` None) or of a person of that unit in the movement;
    created on the first call, the same one afterwards."""
    lookup: dict[str, Any] = (
        {"movement": movement, "person": person}
        if person is not None
        else {"movement": movement, "unit": unit, "person__isnull": True}
    )
    existing = Assessment.objects.filter(**lookup).first()
    if existing is not None:
        return existing
    if movement.state not in {MovementState.LAUNCHED, MovementState.UNDER_REVIEW}:
        raise ValidationError(_("Phong trào chưa phát động hoặc đã kết thúc: không mở đánh giá."))
    if person is not None and person.unit_id != unit.pk:
        message = _("Cán bộ “%(person)s” không thuộc đơn vị “%(unit)s”.") % {
            "person": person.full_name,
            "unit": unit.name,
        }
        raise ValidationError({"person": message})
    if not participant_units(movement).filter(pk=unit.pk).exists():
        raise ValidationError(
            {"unit": _("Đơn vị “%(unit)s” không tham gia phong trào này.") % {"unit": unit.name}}
        )
    if not CriteriaTable.objects.filter(movement=movement).exists():
        raise ValidationError(_("Phong trào chưa có bảng tiêu chí chấm điểm."))
    try:
        with transaction.atomic():
            assessment = Assessment.objects.create(
                movement=movement,
                unit=unit,
                person=person,
                results_released=results_released(movement),
            )
    except IntegrityError:
        return Assessment.objects.get(**lookup)
    record_event(
        "results.assessment.opened",
        assessment,
        actor=actor,
        after={"unit": unit.code, "person": person.code if person else None},
    )
    return assessment


# --- Scores --------------------------------------------------------------------------------


# --- The workflow --------------------------------------------------------------------------


def _missing_self_scores(assessment: Assessment) -> list[str]:
    scored = AssessmentScore.objects.filter(assessment=assessment, stage=ScoreStage.SELF).values(
        "criterion_id"
    )
    return list(
        Criterion.objects.filter(section__table__movement_id=assessment.movement_id)
        .exclude(method=ScoringMethod.COUNTED)
        .exclude(pk__in=scored)
        .order_by("section__order", "order")
        .values_list("code", flat=True)
    )


@transaction.atomic
def set_assessment_state(
    assessment: Assessment, new_state: str, *, actor: Any = None, note: str = ""
) -> Assessment:
    """The one way an assessment changes state: the assessed submits the self-assessment; the
    reviewer marks it reviewed or sends it back; the council finalises (locks) it or sends it
    back to the reviewer. Sending back needs a note."""
    state = locked_state(assessment)
    assessment.state = state
    if state == AssessmentState.FINAL:
        raise ValidationError(_("Kết quả đánh giá đã được Hội đồng chốt và khoá."))
    if new_state not in ASSESSMENT_TRANSITIONS[state]:
        label = (
            AssessmentState(new_state).label if new_state in AssessmentState.values else new_state
        )
        raise ValidationError(
            _("Không thể chuyển đánh giá từ “%(old)s” sang “%(new)s”.")
            % {"old": AssessmentState(state).label, "new": label}
        )
    if not scoring_open(assessment.movement):
        raise ValidationError(
            _("Phong trào không ở giai đoạn sơ kết, tổng kết: chưa mở chấm điểm.")
        )
    backwards = {
        (AssessmentState.SELF_SUBMITTED, AssessmentState.SELF_DRAFT),
        (AssessmentState.REVIEWED, AssessmentState.SELF_SUBMITTED),
    }
    if (state, new_state) in backwards and not note.strip():
        raise ValidationError({"note": _("Khi trả lại cần ghi rõ ý kiến để sửa.")})
    if new_state == AssessmentState.SELF_SUBMITTED and state == AssessmentState.SELF_DRAFT:
        missing = _missing_self_scores(assessment)
        if missing:
            raise ValidationError(
                _("Chưa tự chấm các tiêu chí: %(codes)s.") % {"codes": ", ".join(missing)}
            )
    before = {"state": state}
    assessment.state = new_state
    fields = ["state"]
    now = timezone.now()
    if new_state == AssessmentState.SELF_SUBMITTED and state == AssessmentState.SELF_DRAFT:
        assessment.submitted_at = now
        fields.append("submitted_at")
    elif new_state == AssessmentState.REVIEWED:
        assessment.reviewed_at = now
        assessment.reviewed_by = actor if getattr(actor, "is_authenticated", False) else None
        fields += ["reviewed_at", "reviewed_by"]
    elif new_state == AssessmentState.FINAL:
        assessment.finalized_at = now
        fields.append("finalized_at")
    assessment.save(update_fields=fields)
    record_event(
        "results.assessment.state",
        assessment,
        actor=actor,
        before=before,
        after={"state": new_state},
        note=note.strip(),
    )
    return assessment


@transaction.atomic
def release_results(movement: Movement, *, actor: Any = None) -> int:
    """Publish the movement's results: every assessment becomes visible to the participants
    (one UPDATE). Returns how many assessments were released now."""
    if not Assessment.objects.filter(movement=movement).exists():
        raise ValidationError(_("Phong trào chưa có đánh giá nào để công bố kết quả."))
    count = Assessment.objects.filter(movement=movement, results_released=False).update(
        results_released=True
    )
    record_event("results.released", movement, actor=actor, after={"assessments": count})
    return count


# --- One assessment's figures --------------------------------------------------------------


def owner_indicator_totals(assessment: Assessment) -> dict[str, Decimal]:
    """Indicator sums of the assessed unit's (or person's) reported activities. One query."""
    owner = (
        {"activity__person_id": assessment.person_id}
        if assessment.person_id
        else {"activity__unit_id": assessment.unit_id}
    )
    rows = (
        ActivityValue.objects.filter(
            activity__movement_id=assessment.movement_id,
            activity__withdrawn_at__isnull=True,
            **owner,
        )
        .values_list("indicator__kind__code", "indicator__code")
        .annotate(total=Sum("value"))
    )
    return {f"{kind}.{code}": total for kind, code, total in rows}


def stage_scores(assessment: Assessment) -> dict[str, Score]:
    """The score of the assessment at each stage, with the same rules as
    ``computation.movement_results`` (a later stage starts from the earlier ones; the latest
    stage with bonus or penalty rows decides those). A handful of queries."""
    table = CriteriaTable.objects.filter(movement_id=assessment.movement_id).first()
    if table is None:
        return {}
    spec = table_spec(table)
    given: dict[str, dict[int, Decimal]] = {}
    for criterion_id, stage, points in AssessmentScore.objects.filter(
        assessment=assessment
    ).values_list("criterion_id", "stage", "points"):
        given.setdefault(stage, {})[criterion_id] = points
    bonus: dict[str, list[Decimal]] = {}
    penalties: dict[str, dict[int, int]] = {}
    for stage, bonus_item, penalty_item, points, count in AssessmentAdjustment.objects.filter(
        assessment=assessment
    ).values_list("stage", "bonus_item_id", "penalty_item_id", "points", "count"):
        if bonus_item is not None:
            bonus.setdefault(stage, []).append(points)
        else:
            penalties.setdefault(stage, {})[penalty_item] = count
    totals = owner_indicator_totals(assessment)
    scores: dict[str, Score] = {}
    for stage, chain in STAGE_CHAIN.items():
        merged: dict[int, Decimal] = {}
        for step in chain:
            merged.update(given.get(step, {}))
        last_bonus = next((bonus[s] for s in reversed(chain) if s in bonus), [])
        last_penalty = next((penalties[s] for s in reversed(chain) if s in penalties), {})
        scores[stage.value] = compute_score(
            spec, merged, bonus=last_bonus, penalties=last_penalty, indicator_totals=totals
        )
    return scores
