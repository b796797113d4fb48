"""The facts of one screening, gathered once by a handful of set queries into plain dicts.

Nothing here is fetched per candidate: ``gather_facts`` takes the candidates as querysets (the
people of a unit subtree, or units) and runs a fixed number of queries whatever their number,
using the candidate querysets as subqueries (no long ``IN`` lists). Predicates then read only
these dicts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from thidua.awards.enums import AwardStatus
from thidua.awards.models import Award, Initiative, InitiativeUse
from thidua.org.enums import DisciplineStatus
from thidua.org.models import DisciplineRecord, Person, PersonRating, Unit, UnitRating

# Years of history gathered before the screened year (BANG_KHEN_TTG looks back 5 years).
HISTORY_YEARS = 10

PERSON = "person"
UNIT = "unit"
Recipient = tuple[str, int]  # (PERSON or UNIT, id)


@dataclass(frozen=True)
class DecidedDiscipline:
    level: str
    decided_on: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None

    def touches_year(self, year: int) -> bool:
        """Decided in the year, or in force during some part of it."""
        if self.decided_on and self.decided_on.year == year:
            return True
        start = self.effective_from or self.decided_on
        if start is None:
            return False
        end = self.effective_to or start
        return start.year <= year <= end.year


@dataclass
class Facts:
    year: int
    person_code: dict[int, str] = field(default_factory=dict)
    person_unit: dict[int, int] = field(default_factory=dict)
    unit_code: dict[int, str] = field(default_factory=dict)
    # (person id, year) -> rating code; (unit id, year) -> rating code
    ratings: dict[tuple[int, int], str] = field(default_factory=dict)
    unit_ratings: dict[tuple[int, int], str] = field(default_factory=dict)
    # (recipient, award code, year) -> kind, ACTIVE awards only
    awards: dict[tuple[Recipient, str, int], str] = field(default_factory=dict)
    # person id -> [(initiative id, year recognised, scope)]
    initiatives: dict[int, list[tuple[int, int, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    # (initiative id, person id, award code) an initiative already served as the basis of
    initiative_uses: set[tuple[int, int, str]] = field(default_factory=set)
    open_reviews: set[int] = field(default_factory=set)
    decided: dict[int, list[DecidedDiscipline]] = field(default_factory=lambda: defaultdict(list))
    # unit id -> person ids whose current unit is the unit
    members: dict[int, list[int]] = field(default_factory=lambda: defaultdict(list))
    # (award code, year) -> {recipient: verdict} found in this screening
    screened: dict[tuple[str, int], dict[Recipient, str]] = field(default_factory=dict)

    def award_kind(self, recipient: Recipient, code: str, year: int) -> str | None:
        return self.awards.get((recipient, code, year))

    def title_status(
        self, recipient: Recipient, code: str, year: int, kinds: tuple[str, ...] = ("MERIT",)
    ) -> bool | None:
        """Whether the recipient holds ``code`` for ``year``: in the register (an ACTIVE award of
        one of ``kinds``), or found eligible in this screening. None: the screening could not
        decide (NEEDS_REVIEW)."""
        kind = self.award_kind(recipient, code, year)
        if kind is not None and kind in kinds:
            return True
        verdict = self.screened.get((code, year), {}).get(recipient)
        if verdict == "ELIGIBLE":
            return True
        if verdict == "NEEDS_REVIEW":
            return None
        return False


def gather_facts(
    year: int,
    *,
    people: QuerySet[Person] | None = None,
    units: QuerySet[Unit] | None = None,
) -> Facts:
    """Facts for ``people`` (individual candidates) or ``units`` (collective candidates and
    their members), for the years ``year - HISTORY_YEARS`` to ``year``: nine queries at most,
    whatever the number of candidates."""
    facts = Facts(year=year)
    if units is not None:
        for pk, code in units.values_list("pk", "code"):
            facts.unit_code[pk] = code
            facts.members.setdefault(pk, [])
        pool = Person.objects.filter(unit__in=units.values("pk")).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=dt.date(year, 1, 1))
        )
    else:
        pool = people if people is not None else Person.objects.none()
    for pk, code, unit_id in pool.values_list("pk", "code", "unit_id"):
        facts.person_code[pk] = code
        facts.person_unit[pk] = unit_id
        if units is not None:
            facts.members[unit_id].append(pk)
    pool_ids = pool.values("pk")
    _gather_ratings(facts, pool_ids, units)
    _gather_awards(facts, pool_ids, units)
    _gather_initiatives(facts, pool_ids)
    _gather_discipline(facts, pool_ids)
    return facts


def _years(facts: Facts) -> dict[str, int]:
    return {"year__gte": facts.year - HISTORY_YEARS, "year__lte": facts.year}


def _gather_ratings(facts: Facts, pool_ids: QuerySet, units: QuerySet[Unit] | None) -> None:
    rows = PersonRating.objects.filter(person__in=pool_ids, **_years(facts))
    for person_id, y, rating in rows.values_list("person_id", "year", "rating"):
        facts.ratings[(person_id, y)] = rating
    if units is not None:
        unit_rows = UnitRating.objects.filter(unit__in=units.values("pk"), **_years(facts))
        for unit_id, y, rating in unit_rows.values_list("unit_id", "year", "rating"):
            facts.unit_ratings[(unit_id, y)] = rating


def _gather_awards(facts: Facts, pool_ids: QuerySet, units: QuerySet[Unit] | None) -> None:
    """ACTIVE awards only: a revoked award counts nowhere."""
    who = Q(person__in=pool_ids)
    if units is not None:
        who |= Q(unit__in=units.values("pk"))
    rows = Award.objects.filter(who, status=AwardStatus.ACTIVE, **_years(facts))
    for person_id, unit_id, code, y, kind in rows.values_list(
        "person_id", "unit_id", "award_code", "year", "kind"
    ):
        recipient = (PERSON, person_id) if person_id is not None else (UNIT, unit_id)
        facts.awards[(recipient, code, y)] = kind


def _gather_initiatives(facts: Facts, pool_ids: QuerySet) -> None:
    """Initiatives by author with year and scope, and the titles each already served."""
    rows = Initiative.authors.through.objects.filter(
        person__in=pool_ids,
        initiative__recognized_on__year__gte=facts.year - HISTORY_YEARS,
        initiative__recognized_on__year__lte=facts.year,
    )
    for person_id, initiative_id, recognized_on, scope in rows.values_list(
        "person_id", "initiative_id", "initiative__recognized_on", "initiative__scope"
    ):
        facts.initiatives[person_id].append((initiative_id, recognized_on.year, scope))
    uses = InitiativeUse.objects.filter(person__in=pool_ids)
    facts.initiative_uses.update(uses.values_list("initiative_id", "person_id", "award_code"))


def _gather_discipline(facts: Facts, pool_ids: QuerySet) -> None:
    """Open reviews (a hold) and decided discipline with its level and dates."""
    rows = DisciplineRecord.objects.filter(person__in=pool_ids).values_list(
        "person_id", "status", "level", "decided_on", "effective_from", "effective_to"
    )
    for person_id, status, level, decided_on, start, end in rows:
        if status == DisciplineStatus.UNDER_REVIEW:
            facts.open_reviews.add(person_id)
        elif level:
            facts.decided[person_id].append(DecidedDiscipline(level, decided_on, start, end))
