"""Reward money (tiền thưởng): coefficient × the statutory base salary in force on the decision
date, both dated data (``AwardCoefficient``, ``BaseSalary``), rounded to the nearest
``THIDUA_MONEY_ROUNDING`` đồng (1,000 by default: common practice, not confirmed in law)."""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from django.conf import settings

from thidua.awards.models import AwardCoefficient, BaseSalary

DEFAULT_ROUNDING = 1000


class Money(NamedTuple):
    coefficient: Decimal
    base: int
    amount: int


def rounding_step() -> int:
    return max(1, int(getattr(settings, "THIDUA_MONEY_ROUNDING", DEFAULT_ROUNDING)))


def round_amount(value: Decimal, step: int | None = None) -> int:
    """Round to the nearest ``step`` đồng, halves up (208,500 -> 209,000)."""
    step = step or rounding_step()
    units = (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return int(units) * step


def base_salary_on(on_date: dt.date) -> int:
    row = BaseSalary.objects.filter(effective_from__lte=on_date).order_by("-effective_from").first()
    return row.amount if row is not None else 0


def coefficient_on(award_code: str, recipient_type: str, on_date: dt.date) -> Decimal:
    row = (
        AwardCoefficient.objects.filter(
            award_code=award_code, recipient_type=recipient_type, effective_from__lte=on_date
        )
        .order_by("-effective_from")
        .first()
    )
    return row.coefficient if row is not None else Decimal(0)


def award_amount(award_code: str, recipient_type: str, on_date: dt.date) -> Money:
    """(coefficient, base salary, amount) for a title or form given on ``on_date``; zeros when
    no coefficient or base salary is in force then (no money is the safe default)."""
    coefficient = coefficient_on(award_code, recipient_type, on_date)
    base = base_salary_on(on_date)
    return Money(coefficient, base, round_amount(coefficient * base))
