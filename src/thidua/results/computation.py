"""Scores and rankings of a whole movement, set-based: a handful of queries gather the facts
(criteria, scores, adjustments, indicator totals from activities), then ``scoring`` computes in
memory. Never a query per unit or person."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from thidua.movements.models import CriteriaTable, Criterion, Movement
from thidua.results.enums import ScoreStage
from thidua.results.models import ActivityValue, Assessment, AssessmentAdjustment, AssessmentScore
from thidua.results.scoring import (
    BandSpec,
    CriterionSpec,
    Ranked,
    Score,
    TableSpec,
    compute_score,
    gap,
    rank,
)

# A later stage starts from the earlier one: the reviewer changes only what they disagree with,
# and the council only what it decides differently.
STAGE_CHAIN = {
    ScoreStage.SELF: (ScoreStage.SELF,),
    ScoreStage.REVIEW: (ScoreStage.SELF, ScoreStage.REVIEW),
    ScoreStage.COUNCIL: (ScoreStage.SELF, ScoreStage.REVIEW, ScoreStage.COUNCIL),
}


def table_spec(table: CriteriaTable) -> TableSpec:
    criteria = Criterion.objects.filter(section__table=table).order_by("section__order", "order")
    return TableSpec(
        criteria=tuple(
            CriterionSpec(c.pk, c.max_points, c.method, c.indicator, c.target_value)
            for c in criteria
        ),
        bonus_cap=table.bonus_cap,
        bands=tuple(BandSpec(b.code, b.label, b.min_score, b.min_share) for b in table.bands.all()),
        penalty_points={p.pk: p.points_each for p in table.penalty_items.all()},
    )


def indicator_totals(movement: Movement, *, by: str) -> dict[int, dict[str, Decimal]]:
    """Sum of each indicator over the movement's reported (not withdrawn) activities, per unit
    (``by="unit"``) or per person (``by="person"``). One grouped query."""
    field = "activity__unit_id" if by == "unit" else "activity__person_id"
    rows = (
        ActivityValue.objects.filter(
            activity__movement=movement, activity__withdrawn_at__isnull=True
        )
        .exclude(**{f"{field}__isnull": True})
        .values_list(field, "indicator__kind__code", "indicator__code")
        .annotate(total=Sum("value"))
    )
    totals: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for owner, kind, code, total in rows:
        totals[owner][f"{kind}.{code}"] = total
    return totals


@dataclass(frozen=True)
class AssessmentResult:
    assessment_id: int
    unit_id: int
    person_id: int | None
    score: Score
    self_total: Decimal
    gap: Decimal


def movement_results(
    movement: Movement, *, stage: str = ScoreStage.REVIEW, collective: bool = True
) -> list[Ranked[AssessmentResult]]:
    """Ranked results of every unit (``collective``) or person assessed in the movement at a
    stage. Each Ranked.key is an AssessmentResult."""
    table = CriteriaTable.objects.filter(movement=movement).first()
    if table is None:
        return []
    spec = table_spec(table)
    assessments = list(
        Assessment.objects.filter(movement=movement, person__isnull=collective).values_list(
            "pk", "unit_id", "person_id"
        )
    )
    ids = [a[0] for a in assessments]
    chain = STAGE_CHAIN[ScoreStage(stage)]
    given: dict[int, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for assessment_id, criterion_id, row_stage, points in AssessmentScore.objects.filter(
        assessment_id__in=ids, stage__in=chain
    ).values_list("assessment_id", "criterion_id", "stage", "points"):
        given[assessment_id][row_stage][criterion_id] = points
    bonus: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    penalties: dict[int, dict[str, dict[int, int]]] = defaultdict(lambda: defaultdict(dict))
    for (
        assessment_id,
        row_stage,
        bonus_item,
        penalty_item,
        points,
        count,
    ) in AssessmentAdjustment.objects.filter(assessment_id__in=ids, stage__in=chain).values_list(
        "assessment_id", "stage", "bonus_item_id", "penalty_item_id", "points", "count"
    ):
        if bonus_item is not None:
            bonus[assessment_id][row_stage].append(points)
        else:
            penalties[assessment_id][row_stage][penalty_item] = count
    totals = indicator_totals(movement, by="unit" if collective else "person")
    scores: dict[int, Score] = {}
    details: dict[int, tuple[int, int | None, Decimal]] = {}
    for assessment_id, unit_id, person_id in assessments:
        owner = unit_id if collective else person_id
        merged: dict[int, Decimal] = {}
        for step in chain:
            merged.update(given[assessment_id].get(step, {}))
        last_bonus = next(
            (bonus[assessment_id][s] for s in reversed(chain) if s in bonus[assessment_id]), []
        )
        last_penalty = next(
            (penalties[assessment_id][s] for s in reversed(chain) if s in penalties[assessment_id]),
            {},
        )
        indicator = totals.get(owner or 0, {})
        scores[assessment_id] = compute_score(
            spec, merged, bonus=last_bonus, penalties=last_penalty, indicator_totals=indicator
        )
        self_score = compute_score(
            spec,
            given[assessment_id].get(ScoreStage.SELF, {}),
            bonus=bonus[assessment_id].get(ScoreStage.SELF, []),
            penalties=penalties[assessment_id].get(ScoreStage.SELF, {}),
            indicator_totals=indicator,
        )
        details[assessment_id] = (unit_id, person_id, self_score.total)
    results = []
    for r in rank(scores):
        owner_unit, owner_person, self_total = details[r.key]
        result = AssessmentResult(
            r.key, owner_unit, owner_person, r.score, self_total, gap(self_total, r.score.total)
        )
        results.append(Ranked(result, r.rank, r.score))
    return results
