"""Reward money worked by hand from the seeded base salaries and coefficients (migration 0005)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.awards.decision_world import seed_money
from thidua.awards.models import AwardCoefficient, BaseSalary
from thidua.awards.money import award_amount, round_amount

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def seeded(db):
    seed_money()


def test_cstdcs_in_2018_uses_the_2018_base_salary():
    # 1.0 × 1,390,000 (Nghị định 72/2018 from 1/7/2018)
    assert award_amount("CSTDCS", "person", dt.date(2018, 12, 5)) == (
        Decimal("1.00"),
        1_390_000,
        1_390_000,
    )


def test_individual_giay_khen_2018_rounds_to_the_nearest_thousand():
    # 0.15 × 1,390,000 = 208,500 -> 209,000
    assert award_amount("GIAY_KHEN", "person", dt.date(2018, 12, 5)) == (
        Decimal("0.15"),
        1_390_000,
        209_000,
    )


def test_ttldtt_in_2024_uses_decree_98_and_the_2024_base():
    # 0.8 × 2,340,000 = 1,872,000
    assert award_amount("TTLDTT", "unit", dt.date(2024, 12, 10)) == (
        Decimal("0.80"),
        2_340_000,
        1_872_000,
    )


def test_the_day_before_a_new_base_salary_uses_the_old_one():
    # 30/6/2018: still 1,300,000; LĐTT 0.3 × 1,300,000 = 390,000
    assert award_amount("LDTT", "person", dt.date(2018, 6, 30)).amount == 390_000
    assert award_amount("LDTT", "person", dt.date(2018, 7, 1)).amount == 417_000


def test_unit_giay_khen_between_decrees_and_after():
    # 2023-12-31: ND91 0.3 × 1,800,000 = 540,000; 2024-01-02: ND98 0.6 × 1,800,000 = 1,080,000
    assert award_amount("GIAY_KHEN", "unit", dt.date(2023, 12, 31)).amount == 540_000
    assert award_amount("GIAY_KHEN", "unit", dt.date(2024, 1, 2)).amount == 1_080_000


def test_no_coefficient_means_no_money():
    assert award_amount("HCLD_1", "person", dt.date(2024, 12, 10)) == (Decimal(0), 2_340_000, 0)
    assert award_amount("LDTT", "person", dt.date(2010, 1, 1)).amount == 0


def test_new_dated_values_apply_from_their_date():
    BaseSalary.objects.create(effective_from=dt.date(2026, 7, 1), amount=2_530_000, citation="x")
    AwardCoefficient.objects.create(
        award_code="LDTT",
        recipient_type="person",
        effective_from=dt.date(2026, 1, 1),
        coefficient=Decimal("0.35"),
        citation="y",
    )
    # 0.35 × 2,530,000 = 885,500 -> 886,000
    assert award_amount("LDTT", "person", dt.date(2026, 7, 2)).amount == 886_000


def test_the_rounding_step_is_a_setting(settings):
    settings.THIDUA_MONEY_ROUNDING = 100
    assert award_amount("GIAY_KHEN", "person", dt.date(2018, 12, 5)).amount == 208_500
    assert round_amount(Decimal("1499"), 1000) == 1000
    assert round_amount(Decimal("1500"), 1000) == 2000


def test_seeded_flags():
    assert not AwardCoefficient.objects.get(
        award_code="TTLDTT", recipient_type="unit", effective_from=dt.date(2024, 1, 1)
    ).unconfirmed
    assert AwardCoefficient.objects.get(
        award_code="GIAY_KHEN", recipient_type="person", effective_from=dt.date(2024, 1, 1)
    ).unconfirmed
    assert AwardCoefficient.objects.filter(effective_from=dt.date(2017, 9, 15)).count() == 14
    assert not AwardCoefficient.objects.filter(
        effective_from=dt.date(2017, 9, 15), unconfirmed=False
    ).exists()
