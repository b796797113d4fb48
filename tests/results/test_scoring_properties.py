"""The pure scoring functions: properties over random tables and scores (hypothesis), and
table-driven cases computed by hand."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.results.scoring import (
    BandSpec,
    CriterionSpec,
    Score,
    TableSpec,
    band_for,
    compute_score,
    rank,
)

D = Decimal
ZERO = D(0)

# -- Strategies ------------------------------------------------------------------------------

points = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)
# Given points may be anything a client sends, negative and above the maximum included.
given_points = st.decimals(
    min_value=-50, max_value=300, places=2, allow_nan=False, allow_infinity=False
)
share = st.decimals(min_value=0, max_value=1, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def criterion(draw, cid: int) -> CriterionSpec:
    method = draw(st.sampled_from(["MANUAL", "COUNTED", "YES_NO"]))
    maximum = draw(st.decimals(min_value=0, max_value=60, places=2))
    if method == "COUNTED":
        target = draw(st.none() | st.decimals(min_value=0, max_value=500, places=2))
        return CriterionSpec(cid, maximum, method, f"K.i{cid}", target)
    return CriterionSpec(cid, maximum, method)


@st.composite
def table(draw) -> TableSpec:
    n = draw(st.integers(min_value=1, max_value=8))
    criteria = tuple(draw(criterion(i)) for i in range(1, n + 1))
    scale = sum((c.max_points for c in criteria), ZERO)
    cap = draw(st.decimals(min_value=0, max_value=20, places=2))
    bands = tuple(
        BandSpec(
            f"B{i}",
            f"Mức {i}",
            draw(st.decimals(min_value=0, max_value=scale + cap + 5, places=2)),
            draw(st.none() | share),
        )
        for i in range(draw(st.integers(min_value=0, max_value=4)))
    )
    penalty_points = {
        i: draw(st.decimals(min_value=0, max_value=10, places=2))
        for i in range(1, draw(st.integers(min_value=0, max_value=3)) + 1)
    }
    return TableSpec(criteria, cap, bands, penalty_points)


@st.composite
def scoring_case(draw):
    spec = draw(table())
    given_map = {c.id: draw(given_points) for c in spec.criteria if draw(st.booleans())}
    totals = {
        c.indicator: draw(st.decimals(min_value=-10, max_value=1000, places=2))
        for c in spec.criteria
        if c.method == "COUNTED"
    }
    bonus = draw(st.lists(st.decimals(min_value=-5, max_value=30, places=2), max_size=4))
    penalties = {item: draw(st.integers(min_value=0, max_value=5)) for item in spec.penalty_points}
    return spec, given_map, bonus, penalties, totals


def _score(case) -> Score:
    spec, given_map, bonus, penalties, totals = case
    return compute_score(spec, given_map, bonus=bonus, penalties=penalties, indicator_totals=totals)


# -- Properties -------------------------------------------------------------------------------


@given(scoring_case())
@settings(max_examples=300, deadline=None)
def test_total_lies_between_zero_and_scale_plus_cap(case):
    spec = case[0]
    scale = sum((c.max_points for c in spec.criteria), ZERO)
    score = _score(case)
    assert ZERO <= score.total <= scale + spec.bonus_cap


@given(scoring_case())
@settings(max_examples=300, deadline=None)
def test_each_criterion_within_zero_and_its_maximum(case):
    spec = case[0]
    score = _score(case)
    assert set(score.per_criterion) == {c.id for c in spec.criteria}
    for c in spec.criteria:
        assert ZERO <= score.per_criterion[c.id] <= c.max_points


@given(scoring_case())
@settings(max_examples=300, deadline=None)
def test_bonus_never_above_the_cap(case):
    score = _score(case)
    assert ZERO <= score.bonus <= case[0].bonus_cap


@given(scoring_case(), st.data())
@settings(max_examples=300, deadline=None)
def test_raising_one_criterion_never_lowers_the_total(case, data):
    spec, given_map, bonus, penalties, totals = case
    target = data.draw(st.sampled_from(spec.criteria))
    raise_by = data.draw(st.decimals(min_value=0, max_value=100, places=2))
    before = _score(case)
    raised = {**given_map, target.id: given_map.get(target.id, ZERO) + raise_by}
    after = _score((spec, raised, bonus, penalties, totals))
    assert after.total >= before.total
    assert after.per_criterion[target.id] >= before.per_criterion[target.id]


def _reachable(band: BandSpec, score: Score, spec: TableSpec) -> bool:
    if score.total < band.min_score:
        return False
    if band.min_share is None:
        return True
    return all(score.per_criterion[c.id] >= c.max_points * band.min_share for c in spec.criteria)


@given(scoring_case())
@settings(max_examples=300, deadline=None)
def test_the_band_is_the_highest_reachable(case):
    spec = case[0]
    score = _score(case)
    reachable = [b for b in spec.bands if _reachable(b, score, spec)]
    if score.band is None:
        assert reachable == []
    else:
        chosen = next(b for b in spec.bands if b.code == score.band)
        assert chosen in reachable
        assert all(b.min_score <= chosen.min_score for b in reachable)


small = st.sampled_from([D(0), D(50), D("70.5"), D(90)])


@given(st.dictionaries(st.integers(0, 50), st.tuples(small, small, small), max_size=12))
@settings(max_examples=300, deadline=None)
def test_rank_is_a_competition_ranking_of_total_base_and_penalty(raw):
    scores = {k: Score(t, b, ZERO, p, None, {}) for k, (t, b, p) in raw.items()}
    ranked = rank(scores)
    assert sorted(r.key for r in ranked) == sorted(scores)
    signatures = [(-r.score.total, -r.score.base, r.score.penalty) for r in ranked]
    assert signatures == sorted(signatures)
    for position, r in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        if previous is not None and signatures[position - 2] == signatures[position - 1]:
            assert r.rank == previous.rank
        else:
            assert r.rank == position
    ranks = [r.rank for r in ranked]
    assert ranks == sorted(ranks)


# -- Cases computed by hand ------------------------------------------------------------------

# The default TTĐN table of TTDN.md: 100 points in 7 sections, bonus up to 10, penalties of 2
# (late report), 5 (security incident) and 5 (discipline), bands 90 / 80 / 70; "excellent" also
# needs every criterion at half its maximum.
LATE, INCIDENT, DISCIPLINE = 1, 2, 3
TTDN = TableSpec(
    criteria=(
        CriterionSpec(11, D(5), "YES_NO"),  # 1.1 plan issued within 30 days
        CriterionSpec(12, D(5), "YES_NO"),  # 1.2 focal person assigned
        CriterionSpec(13, D(5)),  # 1.3 staff briefed
        CriterionSpec(21, D(15), "COUNTED", "FL_NEWS.items", D(100)),  # 2.1 foreign-language
        CriterionSpec(22, D(10)),  # 2.2 products about the province
        CriterionSpec(31, D(10), "COUNTED", "BORDER_PROP.sessions", D(12)),  # 3.1 sessions
        CriterionSpec(32, D(10)),  # 3.2 billboards and leaflets
        CriterionSpec(40, D(10)),  # 4 foreign press and events
        CriterionSpec(50, D(10)),  # 5 countering false information
        CriterionSpec(60, D(10), "COUNTED", "TRAINING.courses", D(3)),  # 6 capacity building
        CriterionSpec(70, D(10)),  # 7 reporting discipline
    ),
    bonus_cap=D(10),
    bands=(
        BandSpec("XUAT_SAC", "Xuất sắc", D(90), D("0.5")),
        BandSpec("TOT", "Tốt", D(80)),
        BandSpec("HOAN_THANH", "Hoàn thành", D(70)),
    ),
    penalty_points={LATE: D(2), INCIDENT: D(5), DISCIPLINE: D(5)},
)
ALL_MANUAL_MAX = {11: 1, 12: 1, 13: 5, 22: 10, 32: 10, 40: 10, 50: 10, 70: 10}
ALL_COUNTED_MAX = {"FL_NEWS.items": 100, "BORDER_PROP.sessions": 12, "TRAINING.courses": 3}

CASES = [
    pytest.param(
        {11: 1, 12: 0, 13: D("4.5"), 22: 8, 32: 7, 40: 9, 50: 10, 70: 6},
        {"FL_NEWS.items": 80, "BORDER_PROP.sessions": 15, "TRAINING.courses": 1},
        [D(6), D(7)],
        {LATE: 2, INCIDENT: 1},
        # base: 5 + 0 + 4.5 + 15 x 80/100 (12) + 8 + 10 (15 of 12 sessions: capped)
        #       + 7 + 9 + 10 + 10 x 1/3 (3.33) + 6 = 74.83
        # bonus: 6 + 7 = 13, capped at 10; penalty: 2 x 2 + 1 x 5 = 9
        # total: 74.83 + 10 - 9 = 75.83 -> "Hoàn thành" (70 <= 75.83 < 80)
        (D("74.83"), D(10), D(9), D("75.83"), "HOAN_THANH"),
        id="ttdn-typical-unit",
    ),
    pytest.param(
        ALL_MANUAL_MAX,
        ALL_COUNTED_MAX,
        [D(3)],
        {},
        # base: every criterion at its maximum = 100; bonus 3; total 103 -> "Xuất sắc"
        (D(100), D(3), D(0), D(103), "XUAT_SAC"),
        id="ttdn-everything-at-maximum",
    ),
    pytest.param(
        {**ALL_MANUAL_MAX, 12: 0},
        ALL_COUNTED_MAX,
        [],
        {},
        # base 95 (1.2 not done: 0 of 5), total 95 >= 90 but 1.2 is below half of its
        # maximum, so not "Xuất sắc": the next band down, "Tốt"
        (D(95), D(0), D(0), D(95), "TOT"),
        id="ttdn-excellent-needs-every-criterion-at-half",
    ),
    pytest.param(
        {13: 7, 22: D("-3")},
        {"TRAINING.courses": 2},
        [D("-4")],
        {INCIDENT: 3},
        # 1.3 given 7 is clamped to its maximum 5; 2.2 given -3 to 0; 6: 10 x 2/3 = 6.666...
        # rounded half up to 6.67; a negative bonus counts as 0; penalty 3 x 5 = 15
        # the total is max(0, 5 + 6.67 + 0 - 15), that is 0
        (D("11.67"), D(0), D(15), D(0), None),
        id="ttdn-clamped-and-floored-at-zero",
    ),
]


@pytest.mark.parametrize(("given_map", "totals", "bonus", "penalties", "expected"), CASES)
def test_compute_score_by_hand(given_map, totals, bonus, penalties, expected):
    score = compute_score(
        TTDN,
        {k: D(v) for k, v in given_map.items()},
        bonus=bonus,
        penalties=penalties,
        indicator_totals={k: D(v) for k, v in totals.items()},
    )
    assert (score.base, score.bonus, score.penalty, score.total, score.band) == expected


def test_counted_criterion_without_target_gives_nothing():
    spec = TableSpec((CriterionSpec(1, D(10), "COUNTED", "K.i", None),), D(0), ())
    assert compute_score(spec, {}, indicator_totals={"K.i": D(99)}).total == D(0)


def test_band_for_without_bands_is_none():
    assert band_for(D(100), {}, (), ()) is None


def test_rank_by_hand_shares_ranks_on_exact_ties():
    def s(total, base, penalty):
        return Score(D(total), D(base), D(0), D(penalty), None, {})

    ranked = rank(
        {
            "A": s(90, 88, 0),
            "B": s(90, 90, 2),  # same total as A, higher base: ahead of A
            "C": s(90, 88, 0),  # equal to A on all three: same rank
            "D": s(90, 88, 4),  # same total and base, more penalty: behind A and C
            "E": s(80, 80, 0),
        }
    )
    assert [(r.key, r.rank) for r in ranked] == [
        ("B", 1),
        ("A", 2),
        ("C", 2),
        ("D", 4),
        ("E", 5),
    ]


def test_band_is_chosen_on_the_rounded_total_that_is_shown():
    # 89.99 + a bonus of 0.005 is shown as 90.00: the band of 90 must then be reached.
    spec = TableSpec((CriterionSpec(1, D(100)),), D(10), (BandSpec("A", "Mức A", D(90)),))
    score = compute_score(spec, {1: D("89.99")}, bonus=[D("0.005")])
    assert (score.total, score.band) == (D("90.00"), "A")
