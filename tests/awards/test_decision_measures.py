"""S10 (days from the end of the assessed period to the decision) and S11 (share of
individual awards going to frontline staff), figures worked by hand."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.awards.decision_world import YEAR, draft, people, seed_money
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import decisions
from thidua.awards.measures import days_to_decision, frontline_share, movement_measures


@pytest.fixture(autouse=True)
def no_disclosure(db, monkeypatch):
    seed_money()
    monkeypatch.setattr(decisions, "_disclosure_blockers", lambda n, *, require_disclosure: [])


def _decision(world, leaders, workers, units, period_end, decided_on):  # noqa: F811, PLR0917
    decision = draft(world, period_end=period_end)
    for person in people(world.div_a, leaders + workers, leaders=leaders):
        decisions.add_recipient(
            decision, recipient=person, award_code="LDTT", year=YEAR, actor=world.officer
        )
    for unit in units:
        decisions.add_recipient(
            decision, recipient=unit, award_code="TTLDTT", year=YEAR, actor=world.officer
        )
    if decided_on is not None:
        decisions.issue_decision(decision, decided_on=decided_on, actor=world.officer)
        decision.refresh_from_db()
    return decision


def test_measures_per_decision(world):  # noqa: F811
    # 1 leader, 3 frontline, 1 unit; period ended 31/12/2022, decided 16/01/2023: 16 days
    d = _decision(world, 1, 3, [world.div_b], dt.date(2022, 12, 31), dt.date(2023, 1, 16))
    share = frontline_share(d)
    assert (share.individuals, share.frontline, share.leaders, share.collectives) == (4, 3, 1, 1)
    assert share.share == Decimal("0.7500")
    assert share.percent == Decimal("75.0")
    # money on 16/01/2023 (base 1,490,000): 4 × 0.3 × 1,490,000 = 4 × 447,000; TTLĐTT 0.8 ×
    # 1,490,000 = 1,192,000: 2,980,000
    assert share.total_amount == 4 * 447_000 + 1_192_000
    assert days_to_decision(d) == 16


def test_measures_per_movement(world):  # noqa: F811
    # A: 1 leader + 3 frontline, 16 days; B: 2 leaders + 1 frontline, 45 days (31/12/2022 ->
    # 14/02/2023); C: a draft, not counted. Frontline 4 of 7; days mean (16+45)/2 = 30.5, max 45.
    _decision(world, 1, 3, [], dt.date(2022, 12, 31), dt.date(2023, 1, 16))
    _decision(world, 2, 1, [world.div_b], dt.date(2022, 12, 31), dt.date(2023, 2, 14))
    _decision(world, 0, 5, [], dt.date(2022, 12, 31), None)
    m = movement_measures(world.movement)
    assert m.decisions == 2
    assert (m.frontline.individuals, m.frontline.frontline, m.frontline.leaders) == (7, 4, 3)
    assert m.frontline.share == Decimal("0.5714")
    assert [(t.number_symbol, t.days) for t in m.timeliness] == [
        ("01/QĐ-STTTT", 16),
        ("02/QĐ-STTTT", 45),
    ]
    assert (m.mean_days, m.max_days) == (Decimal("30.5"), 45)


def test_no_individuals_no_share(world):  # noqa: F811
    d = _decision(world, 0, 0, [world.div_b], None, None)
    assert frontline_share(d).share is None
    assert movement_measures(world.movement).mean_days is None
