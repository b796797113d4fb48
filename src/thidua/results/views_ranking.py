"""The computation pages of a movement: the ranking of units (or people) at a stage with
totals, bands and the gap between self-assessment and review, and the scoring progress per unit.

Both are set-based: ``computation.movement_results`` gathers the facts in a handful of queries
and ranks in memory; the progress page groups reports, assessments and scores per unit in one
query each. The ranking is shown to the officer running the movement at any time and to the
participants once the results are released; rows are limited to ``visible_assessments``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from thidua.core.http import HtmxHttpRequest
from thidua.core.permissions import require
from thidua.movements.enums import ScoringMethod
from thidua.movements.models import Band, CriteriaTable, Criterion, Movement
from thidua.movements.queries import progress_units
from thidua.movements.views_participation import get_movement, paginate
from thidua.org.models import Person, Unit
from thidua.results.computation import movement_results
from thidua.results.enums import AssessmentState, ReportState, ScoreStage
from thidua.results.models import Assessment, AssessmentScore, PeriodicReport
from thidua.results.queries import results_released, visible_assessments

# A self-assessment exceeding the reviewer's total by this share of the scale stands out.
LARGE_GAP_SHARE = Decimal("0.1")
TIE_BREAK_RULE = gettext_lazy(
    "Xếp hạng theo tổng điểm; bằng điểm thì xét điểm trước thưởng, phạt, rồi điểm trừ ít hơn; "
    "bằng nhau hoàn toàn thì đồng hạng."
)


def ranking_rows(
    user: Any, movement: Movement, *, stage: str, collective: bool
) -> list[dict[str, Any]]:
    """The ranked results of the movement at a stage, limited to the assessments the user may
    see, with unit and person, band label and whether the self-assessment gap is large. A fixed
    number of queries (the page and the API share it)."""
    results = movement_results(movement, stage=stage, collective=collective)
    visible = set(visible_assessments(user).filter(movement=movement).values_list("pk", flat=True))
    results = [r for r in results if r.key.assessment_id in visible]
    units = Unit.objects.in_bulk({r.key.unit_id for r in results})
    people = (
        {}
        if collective
        else Person.objects.in_bulk({r.key.person_id for r in results if r.key.person_id})
    )
    table = CriteriaTable.objects.filter(movement=movement).first()
    bands = dict(Band.objects.filter(table__movement=movement).values_list("code", "label"))
    threshold = (table.scale if table else Decimal(100)) * LARGE_GAP_SHARE
    return [
        {
            "rank": r.rank,
            "assessment_id": r.key.assessment_id,
            "unit": units.get(r.key.unit_id),
            "person": people.get(r.key.person_id) if r.key.person_id else None,
            "score": r.score,
            "band": bands.get(r.score.band or ""),
            "self_total": r.key.self_total,
            "gap": r.key.gap,
            "large_gap": abs(r.key.gap) >= threshold,
        }
        for r in results
    ]


@login_required
@require_GET
def ranking(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The ranking of units (or people) at a stage: rank, base, bonus, penalty, total, band,
    the self total and the gap between self and reviewer. The officer running the movement
    sees it at any time; participants once the results are released."""
    movement = get_movement(request, code)
    stage = request.GET.get("buoc", ScoreStage.REVIEW)
    if stage not in ScoreStage.values:
        stage = ScoreStage.REVIEW
    collective = request.GET.get("loai") != "ca-nhan"
    allowed = request.user.has_perm("results.view_ranking", movement)
    rows = (
        ranking_rows(request.user, movement, stage=stage, collective=collective) if allowed else []
    )
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    query = f"buoc={stage}&loai={'tap-the' if collective else 'ca-nhan'}"
    context = {
        "movement": movement,
        "allowed": allowed,
        "page": page,
        "stage": stage,
        "stages": ScoreStage.choices,
        "collective": collective,
        "query": query,
        "tie_break_rule": TIE_BREAK_RULE,
        "released": results_released(movement),
        "can_release": request.user.has_perm("results.release_results", movement),
    }
    return render(request, "results/ranking_movement.html", context)


@login_required
@require_GET
def scoring_progress(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Per participating unit: its periodic reports by state, the state of its assessment and
    how far self, review and council scoring went, and its people's assessments. The officer
    running the movement sees every unit, a unit head those of their subtree. Set-based."""
    movement = get_movement(request, code)
    require(request.user, "movements.view_unit_progress", None, path=request.path)
    page = paginate(request, progress_units(request.user, movement).order_by("path"))
    ids = [u.pk for u in page.object_list]
    reports: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, state, n in (
        PeriodicReport.objects.filter(movement=movement, unit_id__in=ids)
        .values_list("unit_id", "state")
        .annotate(n=Count("pk"))
    ):
        reports[unit_id][state] = n
    assessments = {
        a.unit_id: a
        for a in Assessment.objects.filter(movement=movement, person__isnull=True, unit_id__in=ids)
    }
    scored: dict[tuple[int, str], int] = {
        (a, s): n
        for a, s, n in AssessmentScore.objects.filter(
            assessment__in=[a.pk for a in assessments.values()]
        )
        .values_list("assessment_id", "stage")
        .annotate(n=Count("pk"))
    }
    people: dict[int, dict[str, int]] = defaultdict(dict)
    for unit_id, state, n in (
        Assessment.objects.filter(movement=movement, person__isnull=False, unit_id__in=ids)
        .values_list("unit_id", "state")
        .annotate(n=Count("pk"))
    ):
        people[unit_id][state] = n
    manual = (
        Criterion.objects.filter(section__table__movement=movement)
        .exclude(method=ScoringMethod.COUNTED)
        .count()
    )
    order = list(AssessmentState)
    rows = []
    for unit in page.object_list:
        a = assessments.get(unit.pk)
        position = order.index(AssessmentState(a.state)) if a else -1
        rows.append(
            {
                "unit": unit,
                "reports": [
                    (label, reports[unit.pk].get(value, 0))
                    for value, label in ReportState.choices
                    if reports[unit.pk].get(value)
                ],
                "assessment": a,
                "self_scored": scored.get((a.pk, ScoreStage.SELF), 0) if a else 0,
                "self_done": position >= 1,
                "review_done": position >= 2,
                "council_done": position >= 3,
                "people": [
                    (label, people[unit.pk].get(value, 0))
                    for value, label in AssessmentState.choices
                    if people[unit.pk].get(value)
                ],
            }
        )
    context = {"movement": movement, "page": page, "rows": rows, "manual": manual}
    return render(request, "results/assessment_progress.html", context)
