"""Score computation, as pure functions over plain data (no database access here).

Rules (also in docs/scoring.md):
- Each criterion's points are clamped to [0, its maximum].
- A criterion scored from activities gets ``max x min(1, value / target)``, rounded half up to
  2 decimals; a yes/no criterion gets its maximum or 0.
- Bonus = min(sum of bonus points, the table's bonus cap). Penalty = sum of count x points each.
- Total = max(0, base + bonus - penalty).
- Band: the highest band whose minimum score the total reaches and, where the band sets a
  minimum share, every criterion reaches that share of its maximum.
- Ranking: total, then base score (before bonus and penalty), then fewer penalty points, all
  higher-is-better except penalty; equal on all three shares a rank (1, 2, 2, 4).
- Bloc score: weight_self x self + weight_peer x mean of peer totals + weight_review x review.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    max_points: Decimal
    method: str = "MANUAL"
    indicator: str = ""
    target: Decimal | None = None


@dataclass(frozen=True)
class BandSpec:
    code: str
    label: str
    min_score: Decimal
    min_share: Decimal | None = None


@dataclass(frozen=True)
class TableSpec:
    criteria: tuple[CriterionSpec, ...]
    bonus_cap: Decimal
    bands: tuple[BandSpec, ...]
    penalty_points: Mapping[int, Decimal] = field(default_factory=dict)


@dataclass(frozen=True)
class Score:
    total: Decimal
    base: Decimal
    bonus: Decimal
    penalty: Decimal
    band: str | None
    per_criterion: Mapping[int, Decimal]


def _q(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def clamp(points: Decimal, maximum: Decimal) -> Decimal:
    return min(max(points, ZERO), maximum)


def counted_points(spec: CriterionSpec, value: Decimal) -> Decimal:
    """Points of a criterion counted from activity indicators against its target."""
    if not spec.target or spec.target <= 0:
        return ZERO
    share = min(Decimal(1), max(value, ZERO) / spec.target)
    return _q(spec.max_points * share)


def criterion_points(
    spec: CriterionSpec, given: Decimal | None, indicator_totals: Mapping[str, Decimal]
) -> Decimal:
    if spec.method == "COUNTED":
        return counted_points(spec, indicator_totals.get(spec.indicator, ZERO))
    if spec.method == "YES_NO":
        return spec.max_points if given and given > 0 else ZERO
    return _q(clamp(given or ZERO, spec.max_points))


def band_for(
    total: Decimal,
    per_criterion: Mapping[int, Decimal],
    criteria: Sequence[CriterionSpec],
    bands: Iterable[BandSpec],
) -> str | None:
    for band in sorted(bands, key=lambda b: b.min_score, reverse=True):
        if total < band.min_score:
            continue
        if band.min_share is not None and any(
            per_criterion.get(c.id, ZERO) < c.max_points * band.min_share for c in criteria
        ):
            continue
        return band.code
    return None


def compute_score(
    table: TableSpec,
    given: Mapping[int, Decimal],
    *,
    bonus: Iterable[Decimal] = (),
    penalties: Mapping[int, int] | None = None,
    indicator_totals: Mapping[str, Decimal] | None = None,
) -> Score:
    """The score of one assessment at one stage."""
    totals = indicator_totals or {}
    per = {c.id: criterion_points(c, given.get(c.id), totals) for c in table.criteria}
    base = sum(per.values(), ZERO)
    bonus_points = min(sum((max(b, ZERO) for b in bonus), ZERO), table.bonus_cap)
    penalty = sum(
        (table.penalty_points.get(item, ZERO) * count for item, count in (penalties or {}).items()),
        ZERO,
    )
    # Rounded before the band is chosen, so the band always matches the total shown.
    total = _q(max(ZERO, base + bonus_points - penalty))
    return Score(
        total=total,
        base=_q(base),
        bonus=_q(bonus_points),
        penalty=_q(penalty),
        band=band_for(total, per, table.criteria, table.bands),
        per_criterion=per,
    )


@dataclass(frozen=True)
class Ranked[K]:
    key: K
    rank: int
    score: Score


def rank[K](scores: Mapping[K, Score]) -> list[Ranked[K]]:
    """Rank by total, then base, then fewer penalty points; exact ties share a rank."""

    def order(item: tuple[K, Score]) -> tuple[Decimal, Decimal, Decimal]:
        s = item[1]
        return (-s.total, -s.base, s.penalty)

    ordered = sorted(scores.items(), key=lambda item: (order(item), str(item[0])))
    result: list[Ranked[K]] = []
    previous: tuple[Decimal, Decimal, Decimal] | None = None
    current_rank = 0
    for position, (key, score) in enumerate(ordered, start=1):
        signature = order((key, score))
        if signature != previous:
            current_rank = position
            previous = signature
        result.append(Ranked(key, current_rank, score))
    return result


def bloc_score(
    self_total: Decimal,
    peer_totals: Sequence[Decimal],
    review_total: Decimal,
    *,
    weight_self: Decimal,
    weight_peer: Decimal,
    weight_review: Decimal,
) -> Decimal:
    """Combine self, peer and review totals. Without peer scores their weight moves to the
    review, so a bloc of one unit is not penalised."""
    if peer_totals:
        peer = sum(peer_totals, ZERO) / len(peer_totals)
        combined = weight_self * self_total + weight_peer * peer + weight_review * review_total
    else:
        combined = weight_self * self_total + (weight_peer + weight_review) * review_total
    return _q(combined)


def gap(self_total: Decimal, reviewer_total: Decimal) -> Decimal:
    """How much the self-assessment exceeds the reviewer's total (negative: modest)."""
    return _q(self_total - reviewer_total)
