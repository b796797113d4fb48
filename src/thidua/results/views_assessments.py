"""Assessment pages: the assessments of a movement, one assessment with its criteria, points
by stage, comments, evidence, totals and per-criterion history, the scoring form of each stage,
the workflow, the release of results, the ranking and the scoring progress per unit.

Thin: each view fetches the movement through ``visible_movements`` and the assessment through
``visible_assessments`` (404, recorded, when outside the user's scope), checks the permission
with its object (``require``: 403, recorded), and hands the form's data to the services in
``thidua.results.assessments``, whose Vietnamese ``ValidationError`` is shown on the form.
Before the officer releases the results a unit sees only its own assessment.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.http import HtmxHttpRequest
from thidua.core.models import AuditEvent
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements.enums import ScoringMethod
from thidua.movements.models import Band, BonusItem, CriteriaTable, Criterion, PenaltyItem
from thidua.movements.phases import scoring_open
from thidua.movements.queries import headed_units, participant_units
from thidua.movements.views_participation import get_movement, paginate
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Person
from thidua.org.queries import own_person_id
from thidua.results import assessments as services
from thidua.results.computation import STAGE_CHAIN
from thidua.results.enums import (
    ASSESSMENT_TRANSITIONS,
    AssessmentState,
    ScoreStage,
)
from thidua.results.evidence import store_evidence
from thidua.results.forms_assessments import AssessmentStateForm, ScoreForm
from thidua.results.models import (
    Assessment,
    AssessmentAdjustment,
    AssessmentScore,
    EvidenceFile,
)
from thidua.results.queries import results_released, visible_assessments
from thidua.results.scores import ADJUSTMENT_EVENT, SCORE_EVENT, SCORING_STATE

STAGE_SLUGS = {
    "tu-cham": ScoreStage.SELF,
    "tham-dinh": ScoreStage.REVIEW,
    "hoi-dong": ScoreStage.COUNCIL,
}
SLUG_OF = {stage: slug for slug, stage in STAGE_SLUGS.items()}
STAGE_PERMISSION = {
    ScoreStage.SELF: "results.score_self",
    ScoreStage.REVIEW: "results.score_review",
    ScoreStage.COUNCIL: "results.score_council",
}
# The move a scoring form's "save and send on" button makes.
NEXT_STATE = {
    ScoreStage.SELF: AssessmentState.SELF_SUBMITTED,
    ScoreStage.REVIEW: AssessmentState.REVIEWED,
    ScoreStage.COUNCIL: AssessmentState.FINAL,
}

# -- Helpers ---------------------------------------------------------------------------------


def _assessment(request: HtmxHttpRequest, pk: int) -> Assessment:
    return get_visible_or_404(
        request,
        visible_assessments(request.user).select_related(
            "movement__organizer", "unit", "person", "reviewed_by"
        ),
        Assessment,
        "results.view_assessment",
        pk=pk,
    )


def _criteria(assessment: Assessment) -> list[Criterion]:
    return list(
        Criterion.objects.filter(section__table__movement_id=assessment.movement_id)
        .select_related("section")
        .order_by("section__order", "order")
    )


def _stage_actions(user: Any, assessment: Assessment) -> list[dict[str, Any]]:
    """The scoring forms the user may open now."""
    if assessment.state == AssessmentState.FINAL or not scoring_open(assessment.movement):
        return []
    return [
        {"stage": stage, "label": stage.label, "slug": SLUG_OF[stage]}
        for stage, state in SCORING_STATE.items()
        if assessment.state == state and user.has_perm(STAGE_PERMISSION[stage], assessment)
    ]


def _transitions(user: Any, assessment: Assessment) -> list[dict[str, Any]]:
    """The moves the user may make now; a move back needs a note."""
    if not scoring_open(assessment.movement):
        return []
    if not user.has_perm(services.transition_permission(assessment.state), assessment):
        return []
    order = list(AssessmentState)
    return [
        {
            "state": new,
            "label": AssessmentState(new).label,
            "back": order.index(AssessmentState(new))
            < order.index(AssessmentState(assessment.state)),
        }
        for new in sorted(
            ASSESSMENT_TRANSITIONS[assessment.state], key=lambda s: order.index(AssessmentState(s))
        )
    ]


def _history(assessment: Assessment) -> tuple[dict[str, list[AuditEvent]], list[AuditEvent]]:
    """Score events per criterion code, and the other events (bonus, penalty, workflow)."""
    events = (
        AuditEvent.objects.for_object(assessment)
        .filter(action__in=[SCORE_EVENT, ADJUSTMENT_EVENT, "results.assessment.state"])
        .select_related("actor")
        .order_by("at", "id")
    )
    per_criterion: dict[str, list[AuditEvent]] = defaultdict(list)
    others: list[AuditEvent] = []
    for event in events:
        if event.action == SCORE_EVENT:
            code = (event.after or event.before or {}).get("criterion", "")
            per_criterion[code].append(event)
            continue
        if event.action == "results.assessment.state":
            labels = dict(AssessmentState.choices)
            before = str((event.before or {}).get("state", ""))
            after = str((event.after or {}).get("state", ""))
            event.from_label = labels.get(before, before)  # type: ignore[attr-defined]
            event.to_label = labels.get(after, after)  # type: ignore[attr-defined]
        others.append(event)
    return per_criterion, others


# -- The assessments of a movement -----------------------------------------------------------


@login_required
@require_GET
def assessment_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The assessments the user may see (a unit sees only its own until the results are
    released), with the buttons that open the assessment of a unit the user heads or their own.
    """
    movement = get_movement(request, code)
    require(request.user, "results.view_assessment", None, path=request.path)
    collective = request.GET.get("loai") != "ca-nhan"
    assessments = (
        visible_assessments(request.user)
        .filter(movement=movement, person__isnull=collective)
        .select_related("unit", "person")
        .order_by("unit__path", "person__search", "pk")
    )
    page = paginate(request, assessments)
    opened = Assessment.objects.filter(movement=movement, person__isnull=True).values("unit_id")
    openable = list(headed_units(request.user, movement).exclude(pk__in=opened).order_by("path"))
    person_id = own_person_id(request.user)
    own = None
    if person_id is not None:
        own = Assessment.objects.filter(movement=movement, person_id=person_id).first()
    can_open_own = (
        person_id is not None
        and own is None
        and participant_units(movement).filter(people__pk=person_id).exists()
    )
    context = {
        "movement": movement,
        "page": page,
        "collective": collective,
        "openable": openable,
        "own": own,
        "can_open_own": can_open_own,
        "released": results_released(movement),
        "can_release": request.user.has_perm("results.release_results", movement),
        "scoring_open": scoring_open(movement),
    }
    return render(request, "results/assessment_list.html", context)


@login_required
@require_POST
def assessment_open(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Open (or find) the assessment of a unit the user heads (``unit`` = its code) or the
    user's own (``unit`` = "self")."""
    movement = get_movement(request, code)
    target = request.POST.get("unit", "")
    person = None
    if target == "self":
        person_id = own_person_id(request.user)
        if person_id is None:
            raise Http404
        person = Person.objects.select_related("unit").get(pk=person_id)
        unit = person.unit
    else:
        found = participant_units(movement).filter(code=target).first()
        if found is None:
            raise Http404
        unit = found
        require(request.user, "results.open_assessment", unit, path=request.path)
    try:
        assessment = services.open_assessment(
            movement, unit=unit, person=person, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("results:assessment_list", code=movement.code)
    return redirect("results:assessment_detail", pk=assessment.pk)


# -- One assessment --------------------------------------------------------------------------


def _criterion_rows(
    assessment: Assessment, criteria: list[Criterion], per_criterion: dict[str, list[AuditEvent]]
) -> list[dict[str, Any]]:
    scores: dict[int, dict[str, AssessmentScore]] = defaultdict(dict)
    for row in AssessmentScore.objects.filter(assessment=assessment):
        scores[row.criterion_id][row.stage] = row
    evidence: dict[int | None, list[EvidenceFile]] = defaultdict(list)
    for item in EvidenceFile.objects.filter(assessment=assessment).order_by("uploaded_at", "pk"):
        evidence[item.criterion_id].append(item)
    totals = services.owner_indicator_totals(assessment)
    by_stage = services.stage_scores(assessment)
    rows = []
    for c in criteria:
        counted = c.method == ScoringMethod.COUNTED
        rows.append(
            {
                "criterion": c,
                "counted": counted,
                "indicator_value": totals.get(c.indicator) if counted else None,
                "stages": [
                    {
                        "stage": stage,
                        "row": scores[c.pk].get(stage),
                        "points": by_stage[stage].per_criterion.get(c.pk) if by_stage else None,
                    }
                    for stage in ScoreStage
                ],
                "evidence": evidence.get(c.pk, []),
                "history": per_criterion.get(c.code, []),
            }
        )
    return rows


def _adjustments(assessment: Assessment) -> list[dict[str, Any]]:
    rows = AssessmentAdjustment.objects.filter(assessment=assessment).select_related(
        "bonus_item", "penalty_item"
    )
    by_stage: dict[str, list[AssessmentAdjustment]] = defaultdict(list)
    for row in rows.order_by("bonus_item__order", "penalty_item__order", "pk"):
        by_stage[row.stage].append(row)
    return [
        {"stage": stage, "rows": by_stage[stage]} for stage in ScoreStage if by_stage.get(stage)
    ]


@login_required
@require_GET
def assessment_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Each criterion with its self, review and council points, comments and evidence, the
    totals by stage, the per-criterion history, and what the user may do next."""
    assessment = _assessment(request, pk)
    movement = assessment.movement
    criteria = _criteria(assessment)
    per_criterion, other_events = _history(assessment)
    by_stage = services.stage_scores(assessment)
    bands = dict(Band.objects.filter(table__movement=movement).values_list("code", "label"))
    totals = [
        {
            "stage": stage,
            "score": by_stage.get(stage),
            "band": bands.get(by_stage[stage].band or ""),
        }
        for stage in ScoreStage
        if by_stage
    ]
    context = {
        "assessment": assessment,
        "movement": movement,
        "rows": _criterion_rows(assessment, criteria, per_criterion),
        "adjustments": _adjustments(assessment),
        "totals": totals,
        "other_events": other_events,
        "has_history": bool(per_criterion or other_events),
        "stage_actions": _stage_actions(request.user, assessment),
        "transitions": _transitions(request.user, assessment),
        "state_form": AssessmentStateForm(),
        "can_history": request.user.has_perm("core.view_history", assessment),
        "unassigned_evidence": EvidenceFile.objects.filter(
            assessment=assessment, criterion__isnull=True
        ),
    }
    return render(request, "results/assessment_detail.html", context)


def _initial(assessment: Assessment, stage: ScoreStage, criteria: list[Criterion]) -> dict:
    """The stage's own values, else what the earlier stages gave (the reviewer starts from the
    self-assessment, the council from the review)."""
    chain = list(STAGE_CHAIN[stage])
    points: dict[int, Decimal] = {}
    comments: dict[int, str] = {}
    rows = AssessmentScore.objects.filter(assessment=assessment, stage__in=chain)
    by_stage: dict[str, list[AssessmentScore]] = defaultdict(list)
    for row in rows:
        by_stage[row.stage].append(row)
    for step in chain:
        for row in by_stage.get(step, []):
            points[row.criterion_id] = row.points
            comments[row.criterion_id] = row.comment if step == stage else ""
    initial: dict[str, Any] = {}
    for c in criteria:
        if c.pk in points:
            value = points[c.pk]
            if c.method == ScoringMethod.YES_NO:
                initial[f"c{c.pk}_points"] = str(c.max_points) if value > 0 else "0"
            else:
                initial[f"c{c.pk}_points"] = value
            initial[f"c{c.pk}_comment"] = comments.get(c.pk, "")
    adjustments: dict[str, list[AssessmentAdjustment]] = defaultdict(list)
    for adj in AssessmentAdjustment.objects.filter(assessment=assessment, stage__in=chain):
        adjustments[adj.stage].append(adj)
    bonus_stage = next(
        (s for s in reversed(chain) if any(a.bonus_item_id for a in adjustments[s])), None
    )
    penalty_stage = next(
        (s for s in reversed(chain) if any(a.penalty_item_id for a in adjustments[s])), None
    )
    for adj in adjustments.get(bonus_stage, []) if bonus_stage else []:
        if adj.bonus_item_id:
            initial[f"b{adj.bonus_item_id}"] = adj.points
    for adj in adjustments.get(penalty_stage, []) if penalty_stage else []:
        if adj.penalty_item_id:
            initial[f"p{adj.penalty_item_id}"] = adj.count
    return initial


def _earlier(assessment: Assessment, stage: ScoreStage) -> dict[int, list[tuple[str, Any, str]]]:
    """Per criterion, the points and comment of each earlier stage (shown beside the field)."""
    earlier_stages = list(ScoreStage)[: list(ScoreStage).index(stage)]
    result: dict[int, list[tuple[str, Any, str]]] = defaultdict(list)
    for row in AssessmentScore.objects.filter(
        assessment=assessment, stage__in=earlier_stages
    ).order_by("criterion_id"):
        result[row.criterion_id].append((str(ScoreStage(row.stage).label), row.points, row.comment))
    labels = [str(s.label) for s in ScoreStage]
    for values in result.values():
        values.sort(key=lambda item: labels.index(item[0]))
    return result


@login_required
def assessment_score(request: HtmxHttpRequest, pk: int, stage_slug: str) -> HttpResponse:
    """The scoring form of one stage. "Lưu" keeps the points; the second button also sends the
    assessment on (self: submit for review; review: to the council; council: final)."""
    assessment = _assessment(request, pk)
    stage = STAGE_SLUGS.get(stage_slug)
    if stage is None:
        raise Http404
    require(request.user, STAGE_PERMISSION[stage], assessment, path=request.path)
    movement = assessment.movement
    criteria = _criteria(assessment)
    bonus_items = list(BonusItem.objects.filter(table__movement=movement).order_by("order"))
    penalty_items = list(PenaltyItem.objects.filter(table__movement=movement).order_by("order"))
    open_now = (
        assessment.state == SCORING_STATE[stage]
        and assessment.state != AssessmentState.FINAL
        and scoring_open(movement)
    )
    kwargs: dict[str, Any] = {
        "stage": stage,
        "criteria": criteria,
        "bonus_items": bonus_items,
        "penalty_items": penalty_items,
    }
    if request.method == "POST" and open_now:
        form = ScoreForm(request.POST, request.FILES, **kwargs)
        if form.is_valid() and _save_form(request, assessment, stage, form):
            return redirect("results:assessment_detail", pk=assessment.pk)
    else:
        form = ScoreForm(initial=_initial(assessment, stage, criteria), **kwargs)
    totals = services.owner_indicator_totals(assessment)
    by_stage = services.stage_scores(assessment)
    counted = {
        c.pk: by_stage[stage].per_criterion.get(c.pk)
        for c in criteria
        if c.method == ScoringMethod.COUNTED and by_stage
    }
    context = {
        "assessment": assessment,
        "movement": movement,
        "stage": stage,
        "form": form,
        "rows": form.rows(_earlier(assessment, stage), counted),
        "indicator_totals": totals,
        "open_now": open_now,
        "next_state": AssessmentState(NEXT_STATE[stage]).label,
        "bonus_cap": CriteriaTable.objects.filter(movement=movement)
        .values_list("bonus_cap", flat=True)
        .first(),
    }
    return render(request, "results/assessment_score.html", context)


def _save_form(
    request: HtmxHttpRequest, assessment: Assessment, stage: ScoreStage, form: ScoreForm
) -> bool:
    """Save the points, then the evidence files, then (second button) send the assessment on.
    False when something was refused (the errors are on the form)."""
    try:
        services.save_scores(
            assessment,
            stage,
            form.points(),
            comments=form.comments(),
            bonus=form.bonus(),
            penalties=form.penalties(),
            actor=request.user,
        )
    except ValidationError as exc:
        add_service_errors(form, exc)
        return False
    for criterion, upload in form.uploads():
        try:
            store_evidence(upload, assessment=assessment, criterion=criterion, actor=request.user)
        except ValidationError as exc:
            form.add_error(f"c{criterion.pk}_evidence", exc)
    if form.errors:
        messages.warning(
            request, _("Đã lưu điểm; có tệp minh chứng không được nhận (xem bên dưới).")
        )
        return False
    if request.POST.get("action") == "send":
        try:
            services.set_assessment_state(assessment, NEXT_STATE[stage], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
            messages.warning(request, _("Đã lưu điểm nhưng chưa chuyển bước được."))
            return False
        messages.success(
            request,
            _("Đã lưu điểm và chuyển sang “%(state)s”.")
            % {"state": AssessmentState(NEXT_STATE[stage]).label},
        )
    else:
        messages.success(request, _("Đã lưu điểm %(stage)s.") % {"stage": stage.label.lower()})
    return True


@login_required
@require_POST
def assessment_state(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """One move of the workflow (with a note when sending back)."""
    assessment = _assessment(request, pk)
    require(
        request.user,
        services.transition_permission(assessment.state),
        assessment,
        path=request.path,
    )
    form = AssessmentStateForm(request.POST)
    if form.is_valid():
        new_state = form.cleaned_data["state"]
        try:
            services.set_assessment_state(
                assessment, new_state, actor=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Đã chuyển đánh giá sang “%(state)s”.")
                % {"state": AssessmentState(new_state).label},
            )
    return redirect("results:assessment_detail", pk=assessment.pk)


@login_required
@require_POST
def release(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The officer releases the movement's results: participants then see the ranking."""
    movement = get_movement(request, code)
    require(request.user, "results.release_results", movement, path=request.path)
    try:
        count = services.release_results(movement, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("results:assessment_list", code=movement.code)
    messages.success(request, _("Đã công bố kết quả của %(n)s đánh giá.") % {"n": count})
    return redirect("results:ranking", code=movement.code)
