"""Writing the points of an assessment at one stage (self, review, council), with its bonus
and penalty items: validation in Vietnamese naming the criterion, the comment a changed review
or council score needs, and one audit event per changed score with its before and after values.
``thidua.results.assessments`` re-exports ``save_scores``; the workflow lives there."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record_events_bulk
from thidua.core.models import AuditEvent
from thidua.movements.enums import ScoringMethod
from thidua.movements.models import BonusItem, Criterion, Movement, PenaltyItem
from thidua.movements.phases import scoring_open
from thidua.results.computation import STAGE_CHAIN
from thidua.results.enums import AssessmentState, ScoreStage
from thidua.results.models import Assessment, AssessmentAdjustment, AssessmentScore
from thidua.results.reports import format_number

# The state in which each stage is scored.
SCORING_STATE = {
    ScoreStage.SELF: AssessmentState.SELF_DRAFT,
    ScoreStage.REVIEW: AssessmentState.SELF_SUBMITTED,
    ScoreStage.COUNCIL: AssessmentState.REVIEWED,
}
SCORE_EVENT = "results.assessment.score"
ADJUSTMENT_EVENT = "results.assessment.adjustment"
MAX_PENALTY_COUNT = 999


def locked_state(assessment: Assessment) -> str:
    # order_by(): the default ordering joins the unit, which FOR UPDATE would lock too.
    return (
        Assessment.objects.select_for_update()
        .order_by()
        .values_list("state", flat=True)
        .get(pk=assessment.pk)
    )


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _check_points(
    criteria: Mapping[int, Criterion], points: Mapping[Any, Any], errors: list[str]
) -> dict[int, Decimal | None]:
    clean: dict[int, Decimal | None] = {}
    for key, value in points.items():
        criterion = criteria.get(int(key))
        if criterion is None:
            errors.append(
                _("Tiêu chí số %(id)s không thuộc bảng tiêu chí của phong trào.") % {"id": key}
            )
            continue
        code = criterion.code
        if criterion.method == ScoringMethod.COUNTED:
            errors.append(
                _("Tiêu chí %(code)s được tính từ kết quả hoạt động, không chấm tay.")
                % {"code": code}
            )
            continue
        if value is None or value == "":
            clean[criterion.pk] = None
            continue
        number = _decimal(value)
        maximum = format_number(criterion.max_points)
        if number is None:
            errors.append(_("Tiêu chí %(code)s: điểm không phải là số.") % {"code": code})
        elif number < 0 or number > criterion.max_points:
            errors.append(
                _("Tiêu chí %(code)s: điểm %(p)s nằm ngoài khoảng từ 0 đến %(max)s.")
                % {"code": code, "p": format_number(number), "max": maximum}
            )
        elif number != number.quantize(Decimal("0.01")):
            errors.append(
                _("Tiêu chí %(code)s: điểm chỉ lấy đến 2 chữ số thập phân.") % {"code": code}
            )
        elif criterion.method == ScoringMethod.YES_NO and number not in {0, criterion.max_points}:
            errors.append(
                _("Tiêu chí %(code)s: chỉ chấm 0 (không đạt) hoặc %(max)s (đạt).")
                % {"code": code, "max": maximum}
            )
        else:
            clean[criterion.pk] = number.quantize(Decimal("0.01"))
    return clean


def _check_adjustments(
    movement: Movement,
    bonus: Mapping[Any, Any] | None,
    penalties: Mapping[Any, Any] | None,
    errors: dict[str, list[str]],
) -> tuple[dict[int, Decimal] | None, dict[int, int] | None]:
    clean_bonus: dict[int, Decimal] | None = None
    clean_penalties: dict[int, int] | None = None
    if bonus is not None:
        items = {b.pk: b for b in BonusItem.objects.filter(table__movement=movement)}
        clean_bonus = {}
        for key, value in bonus.items():
            item = items.get(int(key))
            number = _decimal(value if value not in {None, ""} else 0)
            if item is None:
                errors["bonus"].append(
                    _("Mục điểm thưởng số %(id)s không có trong bảng tiêu chí.") % {"id": key}
                )
            elif number is None or number < 0 or number > item.max_points:
                errors["bonus"].append(
                    _("Điểm thưởng “%(title)s”: phải từ 0 đến %(max)s điểm.")
                    % {"title": item.title, "max": format_number(item.max_points)}
                )
            else:
                clean_bonus[item.pk] = number.quantize(Decimal("0.01"))
    if penalties is not None:
        p_items = {p.pk: p for p in PenaltyItem.objects.filter(table__movement=movement)}
        clean_penalties = {}
        for key, value in penalties.items():
            p_item = p_items.get(int(key))
            count = _decimal(value if value not in {None, ""} else 0)
            if p_item is None:
                errors["penalties"].append(
                    _("Mục điểm trừ số %(id)s không có trong bảng tiêu chí.") % {"id": key}
                )
            elif count is None or count < 0 or count != count.to_integral_value():
                errors["penalties"].append(
                    _("Điểm trừ “%(title)s”: số lần phải là số nguyên không âm.")
                    % {"title": p_item.title}
                )
            elif count > MAX_PENALTY_COUNT:
                errors["penalties"].append(
                    _("Điểm trừ “%(title)s”: số lần quá lớn.") % {"title": p_item.title}
                )
            else:
                clean_penalties[p_item.pk] = int(count)
    return clean_bonus, clean_penalties


def _earlier_points(assessment: Assessment, stage: str) -> dict[int, Decimal]:
    """The points each criterion has before ``stage`` (the latest earlier stage wins)."""
    earlier = STAGE_CHAIN[ScoreStage(stage)][:-1]
    rows = AssessmentScore.objects.filter(assessment=assessment, stage__in=earlier).values_list(
        "criterion_id", "stage", "points"
    )
    by_stage: dict[str, dict[int, Decimal]] = {}
    for criterion_id, row_stage, points in rows:
        by_stage.setdefault(row_stage, {})[criterion_id] = points
    merged: dict[int, Decimal] = {}
    for step in earlier:
        merged.update(by_stage.get(step, {}))
    return merged


@dataclass
class _Entry:
    """What one save asks for a stage, after validation."""

    stage: ScoreStage
    criteria: dict[int, Criterion]
    existing: dict[int, AssessmentScore]
    points: dict[int, Decimal | None] = field(default_factory=dict)
    notes: dict[int, str] = field(default_factory=dict)
    bonus: dict[int, Decimal] | None = None
    penalties: dict[int, int] | None = None

    def comment(self, criterion_id: int) -> str:
        row = self.existing.get(criterion_id)
        return self.notes.get(criterion_id, row.comment if row else "")


def _check_stage(assessment: Assessment, stage: ScoreStage) -> None:
    state = locked_state(assessment)
    assessment.state = state
    if state == AssessmentState.FINAL:
        raise ValidationError(
            _(
                "Kết quả đánh giá đã được Hội đồng chốt và khoá: không thể sửa điểm ở bất kỳ "
                "bước nào."
            )
        )
    if not scoring_open(assessment.movement):
        raise ValidationError(
            _("Phong trào không ở giai đoạn sơ kết, tổng kết: chưa mở chấm điểm.")
        )
    if state != SCORING_STATE[stage]:
        raise ValidationError(
            _(
                "Bước “%(stage)s” chỉ chấm khi đánh giá ở trạng thái “%(wanted)s” "
                "(hiện là “%(state)s”)."
            )
            % {
                "stage": stage.label,
                "wanted": AssessmentState(SCORING_STATE[stage]).label,
                "state": AssessmentState(state).label,
            }
        )


def _missing_comments(assessment: Assessment, entry: _Entry) -> list[str]:
    """A review (council) score that differs from the self (review) score needs a comment."""
    if entry.stage == ScoreStage.SELF:
        return []
    earlier = _earlier_points(assessment, entry.stage)
    if entry.stage == ScoreStage.REVIEW:
        template = _(
            "Tiêu chí %(code)s: điểm thẩm định (%(new)s) khác điểm tự chấm (%(old)s), "
            "cần ghi ý kiến giải thích."
        )
    else:
        template = _(
            "Tiêu chí %(code)s: điểm của Hội đồng (%(new)s) khác điểm thẩm định (%(old)s), "
            "cần ghi ý kiến giải thích."
        )
    problems = []
    for criterion_id, value in entry.points.items():
        before = earlier.get(criterion_id, Decimal(0))
        if value is not None and value != before and not entry.comment(criterion_id):
            problems.append(
                template
                % {
                    "code": entry.criteria[criterion_id].code,
                    "new": format_number(value),
                    "old": format_number(before),
                }
            )
    return problems


def _validate(
    assessment: Assessment,
    stage: ScoreStage,
    points: Mapping[Any, Any],
    *,
    comments: Mapping[Any, str] | None,
    bonus: Mapping[Any, Any] | None,
    penalties: Mapping[Any, Any] | None,
) -> _Entry:
    entry = _Entry(
        stage=stage,
        criteria={
            c.pk: c
            for c in Criterion.objects.filter(section__table__movement_id=assessment.movement_id)
        },
        existing={
            row.criterion_id: row
            for row in AssessmentScore.objects.filter(assessment=assessment, stage=stage)
        },
    )
    errors: dict[str, list[str]] = {"points": [], "comments": [], "bonus": [], "penalties": []}
    entry.points = _check_points(entry.criteria, points, errors["points"])
    entry.notes = {int(k): str(v or "").strip() for k, v in (comments or {}).items()}
    # A comment alone (no points given) changes the comment of the stage's existing score.
    for criterion_id in entry.notes.keys() - entry.points.keys():
        row = entry.existing.get(criterion_id)
        if row is None:
            errors["comments"].append(
                _("Ý kiến cho tiêu chí số %(id)s nhưng tiêu chí này chưa có điểm ở bước này.")
                % {"id": criterion_id}
            )
        else:
            entry.points[criterion_id] = row.points
    errors["comments"] += _missing_comments(assessment, entry)
    entry.bonus, entry.penalties = _check_adjustments(assessment.movement, bonus, penalties, errors)
    if any(errors.values()):
        raise ValidationError({k: v for k, v in errors.items() if v})
    return entry


class _Events:
    """Audit events of one save, inserted together."""

    def __init__(self, assessment: Assessment, actor: Any) -> None:
        self.assessment = assessment
        self.actor = actor if getattr(actor, "is_authenticated", False) else None
        self.content_type = ContentType.objects.get_for_model(Assessment)
        self.items: list[AuditEvent] = []

    def add(self, action: str, before: Any, after: Any, note: str) -> None:
        self.items.append(
            AuditEvent(
                action=action,
                actor=self.actor,
                content_type=self.content_type,
                object_id=str(self.assessment.pk),
                object_repr=str(self.assessment)[:300],
                before=before,
                after=after,
                note=note,
            )
        )

    def save(self) -> None:
        if self.items:
            record_events_bulk(self.items)


def _score_state(
    stage: ScoreStage, code: str, points: Decimal | None, comment: str
) -> dict[str, Any] | None:
    if points is None:
        return None
    return {"stage": stage.value, "criterion": code, "points": str(points), "comment": comment}


def _write_scores(assessment: Assessment, entry: _Entry, events: _Events) -> None:
    creates: list[AssessmentScore] = []
    updates: list[AssessmentScore] = []
    deletes: list[int] = []
    for criterion_id, value in entry.points.items():
        row = entry.existing.get(criterion_id)
        comment = entry.comment(criterion_id)
        code = entry.criteria[criterion_id].code
        before = _score_state(entry.stage, code, row.points, row.comment) if row else None
        if value is None:
            if row is None:
                continue
            deletes.append(row.pk)
        elif row is None:
            creates.append(
                AssessmentScore(
                    assessment=assessment,
                    criterion_id=criterion_id,
                    stage=entry.stage,
                    points=value,
                    comment=comment,
                )
            )
        elif row.points == value and row.comment == comment:
            continue
        else:
            row.points, row.comment, row.updated_at = value, comment, timezone.now()
            updates.append(row)
        events.add(
            SCORE_EVENT,
            before,
            _score_state(entry.stage, code, value, comment),
            _("%(stage)s — tiêu chí %(code)s") % {"stage": entry.stage.label, "code": code},
        )
    if deletes:
        AssessmentScore.objects.filter(pk__in=deletes).delete()
    if creates:
        AssessmentScore.objects.bulk_create(creates)
    if updates:
        AssessmentScore.objects.bulk_update(updates, ["points", "comment", "updated_at"])


@transaction.atomic
def save_scores(
    assessment: Assessment,
    stage: str,
    points: Mapping[Any, Any],
    *,
    comments: Mapping[Any, str] | None = None,
    bonus: Mapping[Any, Any] | None = None,
    penalties: Mapping[Any, Any] | None = None,
    actor: Any = None,
) -> Assessment:
    """Write the points of one stage: ``points`` {criterion id: points, or None to clear},
    ``comments`` {criterion id: text}, ``bonus`` {bonus item id: points} and ``penalties``
    {penalty item id: count} (each given mapping replaces that stage's items; None leaves them).

    SELF while SELF_DRAFT, REVIEW while SELF_SUBMITTED, COUNCIL while REVIEWED; nothing after
    FINAL. Points lie within each criterion's maximum; criteria counted from activities are not
    entered by hand; a review or council score that differs from the earlier stage needs a
    comment saying why. Who may score is checked by the caller (rules ``results.score_*``)."""
    try:
        stage_code = ScoreStage(stage)
    except ValueError:
        raise ValidationError({"stage": _("Bước chấm không hợp lệ.")}) from None
    _check_stage(assessment, stage_code)
    entry = _validate(
        assessment, stage_code, points, comments=comments, bonus=bonus, penalties=penalties
    )
    events = _Events(assessment, actor)
    _write_scores(assessment, entry, events)
    _save_adjustments(assessment, entry, events)
    events.save()
    return assessment


def _save_adjustments(assessment: Assessment, entry: _Entry, events: _Events) -> None:
    """Replace the stage's bonus items and/or penalty items. Zero rows are kept: they say that
    this stage gives nothing where an earlier stage gave something."""
    rows = AssessmentAdjustment.objects.filter(assessment=assessment, stage=entry.stage)
    stage = entry.stage
    if entry.bonus is not None:
        bonus_rows = rows.filter(bonus_item__isnull=False)
        before = {str(k): str(v) for k, v in bonus_rows.values_list("bonus_item_id", "points")}
        after = {str(k): str(v) for k, v in entry.bonus.items()}
        if before != after:
            bonus_rows.delete()
            AssessmentAdjustment.objects.bulk_create(
                AssessmentAdjustment(assessment=assessment, stage=stage, bonus_item_id=k, points=v)
                for k, v in entry.bonus.items()
            )
            events.add(
                ADJUSTMENT_EVENT,
                {"stage": stage.value, "bonus": before},
                {"stage": stage.value, "bonus": after},
                _("%(stage)s — điểm thưởng") % {"stage": stage.label},
            )
    if entry.penalties is not None:
        penalty_rows = rows.filter(penalty_item__isnull=False)
        before_p = {str(k): v for k, v in penalty_rows.values_list("penalty_item_id", "count")}
        after_p = {str(k): v for k, v in entry.penalties.items()}
        if before_p != after_p:
            penalty_rows.delete()
            AssessmentAdjustment.objects.bulk_create(
                AssessmentAdjustment(assessment=assessment, stage=stage, penalty_item_id=k, count=v)
                for k, v in entry.penalties.items()
            )
            events.add(
                ADJUSTMENT_EVENT,
                {"stage": stage.value, "penalties": before_p},
                {"stage": stage.value, "penalties": after_p},
                _("%(stage)s — điểm trừ") % {"stage": stage.label},
            )
