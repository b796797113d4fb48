"""Two measures the founding plan asks for (SEED-MAP S10, S11), per decision and per movement.

* S11, frontline share: individual awards to people who are not leaders or managers
  (``DecisionRecipient.is_leader`` snapshot False) / all individual awards.
* S10, timeliness: days from the end of the assessed period (``Decision.period_end``) to the
  decision date; per movement, each issued decision and the mean and the maximum.

A couple of aggregate queries each, whatever the number of lines.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum

from thidua.awards.enums import RecipientType
from thidua.awards.models import Decision, DecisionRecipient, DecisionState
from thidua.movements.models import Movement


@dataclass(frozen=True)
class FrontlineShare:
    individuals: int
    frontline: int
    leaders: int
    collectives: int
    total_amount: int

    @property
    def share(self) -> Decimal | None:
        """Frontline / individuals, 4 decimals (None without individual awards)."""
        if not self.individuals:
            return None
        return (Decimal(self.frontline) / Decimal(self.individuals)).quantize(
            Decimal("0.0001"), rounding=ROUND_HALF_UP
        )

    @property
    def percent(self) -> Decimal | None:
        share = self.share
        return None if share is None else (share * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class DecisionDays:
    decision_id: int
    number_symbol: str
    period_end: object
    decided_on: object
    days: int | None


@dataclass(frozen=True)
class MovementMeasures:
    movement_code: str
    decisions: int
    frontline: FrontlineShare
    timeliness: list[DecisionDays] = field(default_factory=list)

    @property
    def mean_days(self) -> Decimal | None:
        days = [d.days for d in self.timeliness if d.days is not None]
        if not days:
            return None
        return (Decimal(sum(days)) / len(days)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def max_days(self) -> int | None:
        days = [d.days for d in self.timeliness if d.days is not None]
        return max(days) if days else None


def _share(lines: QuerySet[DecisionRecipient]) -> FrontlineShare:
    person = Q(recipient_type=RecipientType.PERSON)
    row = lines.aggregate(
        individuals=Count("pk", filter=person),
        frontline=Count("pk", filter=person & Q(is_leader=False)),
        leaders=Count("pk", filter=person & Q(is_leader=True)),
        collectives=Count("pk", filter=Q(recipient_type=RecipientType.UNIT)),
        total_amount=Sum("amount"),
    )
    return FrontlineShare(
        individuals=row["individuals"],
        frontline=row["frontline"],
        leaders=row["leaders"],
        collectives=row["collectives"],
        total_amount=row["total_amount"] or 0,
    )


def days_to_decision(decision: Decision) -> int | None:
    if decision.period_end is None or decision.decided_on is None:
        return None
    return (decision.decided_on - decision.period_end).days


def frontline_share(decision: Decision) -> FrontlineShare:
    """S11 for one decision (draft or issued)."""
    return _share(DecisionRecipient.objects.filter(decision=decision))


def movement_measures(movement: Movement) -> MovementMeasures:
    """S10 and S11 over the movement's issued decisions."""
    issued = Decision.objects.filter(movement=movement, state=DecisionState.ISSUED).order_by(
        "decided_on", "number"
    )
    rows = list(issued.values("pk", "number_symbol", "period_end", "decided_on"))
    timeliness = [
        DecisionDays(
            decision_id=r["pk"],
            number_symbol=r["number_symbol"],
            period_end=r["period_end"],
            decided_on=r["decided_on"],
            days=(r["decided_on"] - r["period_end"]).days
            if r["period_end"] and r["decided_on"]
            else None,
        )
        for r in rows
    ]
    share = _share(DecisionRecipient.objects.filter(decision__in=issued))
    return MovementMeasures(
        movement_code=movement.code, decisions=len(rows), frontline=share, timeliness=timeliness
    )
