"""The facts of one screening, gathered once by a handful of set queries into plain dicts.

Nothing here is fetched per candidate: ``gather_facts`` takes the candidates as querysets (the
people of a unit subtree, or units) and runs a fixed number of queries whatever their number,
using the candidate querysets as subqueries (no long ``IN`` lists). Predicates then read only
these dicts, through the accessors of ``Facts`` (``rating``, ``award_kind``, ...).

The dicts are keyed per person (``ratings[person][year]``), not by tuples, and the few distinct
codes (ratings, award codes, kinds) are shared strings: at national scale a screening gathers
the facts of one chunk of candidates at a time (``pk_range``) and these dicts are most of its
memory.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from thidua.awards.enums import AwardKind, AwardStatus
from thidua.awards.models import Award, Initiative, InitiativeUse
from thidua.org.enums import DisciplineStatus
from thidua.org.models import DisciplineRecord, Person, PersonRating, Unit, UnitRating
from thidua.results.blocs import bloc_results
from thidua.results.models import Assessment, Bloc, BlocMember

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


@dataclass(frozen=True)
class BlocStanding:
    """A unit's place in an emulation bloc of a movement ending in the screened year."""

    bloc_name: str
    movement_code: str
    rank: int | None
    size: int
    released: bool


class Verdicts(dict[Recipient, str]):
    """The verdicts of a title found in this screening, by recipient. With ``decide`` a
    recipient's verdict is decided when first asked (``of``) and kept: the titles a rule reads
    for the same year are screened only for the candidates whose verdict needs them."""

    def __init__(self, decide: Callable[[Recipient], str | None] | None = None) -> None:
        super().__init__()
        self.decide = decide

    def of(self, recipient: Recipient) -> str | None:
        verdict = self.get(recipient)
        if verdict is None and self.decide is not None:
            self[recipient] = ""  # being decided: a title that relies back on this one reads no
            verdict = self[recipient] = self.decide(recipient) or ""
        return verdict or None


@dataclass
class Facts:
    year: int
    person_code: dict[int, str] = field(default_factory=dict)
    person_unit: dict[int, int] = field(default_factory=dict)
    unit_code: dict[int, str] = field(default_factory=dict)
    # person id -> {year: rating code}; unit id -> {year: rating code}
    ratings: dict[int, dict[int, str]] = field(default_factory=dict)
    unit_ratings: dict[int, dict[int, str]] = field(default_factory=dict)
    # recipient -> {(award code, year): kind}, ACTIVE awards only
    awards: dict[Recipient, dict[tuple[str, int], str]] = field(default_factory=dict)
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
    # unit id -> its standings in the blocs of the year (gathered only when asked: CO_TINH)
    bloc_standings: dict[int, list[BlocStanding]] = field(default_factory=lambda: defaultdict(list))
    # (award code, year) -> {recipient: verdict} found in this screening (``Verdicts``)
    screened: dict[tuple[str, int], dict[Recipient, str]] = field(default_factory=dict)

    def rating(self, person_id: int, year: int) -> str | None:
        held = self.ratings.get(person_id)
        return held.get(year) if held else None

    def unit_rating(self, unit_id: int, year: int) -> str | None:
        held = self.unit_ratings.get(unit_id)
        return held.get(year) if held else None

    def award_kind(self, recipient: Recipient, code: str, year: int) -> str | None:
        held = self.awards.get(recipient)
        return held.get((code, year)) if held else None

    def awards_of(self, recipient: Recipient) -> dict[tuple[str, int], str]:
        """{(award code, year): kind} of the recipient's ACTIVE awards."""
        return self.awards.get(recipient) or {}

    def add_rating(self, person_id: int, year: int, rating: str) -> None:
        self.ratings.setdefault(person_id, {})[year] = _shared(rating)

    def add_unit_rating(self, unit_id: int, year: int, rating: str) -> None:
        self.unit_ratings.setdefault(unit_id, {})[year] = _shared(rating)

    def add_award(self, recipient: Recipient, code: str, year: int, kind: str) -> None:
        """An ACTIVE award. Two awards of one code and year (a MERIT one and a MOVEMENT one,
        for different achievements): the MERIT one is what higher merit awards may build on."""
        held = self.awards.setdefault(recipient, {})
        key = (_shared(code), year)
        if held.get(key) != AwardKind.MERIT:
            held[key] = _shared(kind)

    @classmethod
    def of(
        cls,
        year: int,
        *,
        ratings: Iterable[tuple[int, int, str]] = (),
        unit_ratings: Iterable[tuple[int, int, str]] = (),
        awards: Iterable[tuple[Recipient, str, int, str]] = (),
    ) -> Facts:
        """Facts built from rows (hand-made facts of tests and tools)."""
        facts = cls(year=year)
        for pid, y, rating in ratings:
            facts.add_rating(pid, y, rating)
        for uid, y, rating in unit_ratings:
            facts.add_unit_rating(uid, y, rating)
        for recipient, code, y, kind in awards:
            facts.add_award(recipient, code, y, kind)
        return facts

    def title_status(
        self, recipient: Recipient, code: str, year: int, kinds: tuple[str, ...] = ("MERIT",)
    ) -> bool | None:
        """Whether the recipient holds ``code`` for ``year``: in the register (an ACTIVE award of
        one of ``kinds``), or found eligible in this screening. None: the screening could not
        decide (NEEDS_REVIEW)."""
        kind = self.award_kind(recipient, code, year)
        if kind is not None and kind in kinds:
            return True
        verdicts = self.screened.get((code, year))
        if verdicts is None:
            return False
        verdict = (
            verdicts.of(recipient) if isinstance(verdicts, Verdicts) else verdicts.get(recipient)
        )
        if verdict == "ELIGIBLE":
            return True
        if verdict == "NEEDS_REVIEW":
            return None
        return False


_SHARED: dict[str, str] = {}


@dataclass(frozen=True)
class Reach:
    """How much history the rules of a screening read: ratings of the last ``rating_years``
    years before the screened one, awards of the last ``award_years`` years and only of
    ``award_codes`` (None: any code). ``FULL`` gathers everything of ``HISTORY_YEARS``;
    ``eligibility`` narrows it to what the rules of the award (and of the titles screened
    first) can read, so a national CSTDCS screening reads one year of ratings, not eleven."""

    rating_years: int = HISTORY_YEARS
    award_years: int = HISTORY_YEARS
    award_codes: frozenset[str] | None = None


FULL = Reach()


def _shared(code: str) -> str:
    """One string object per distinct code (ratings, award codes, kinds): millions of rows
    hold a handful of values."""
    return _SHARED.setdefault(code, code)


def gather_facts(
    year: int,
    *,
    people: QuerySet[Person] | None = None,
    units: QuerySet[Unit] | None = None,
    blocs: bool = False,
    pk_range: tuple[int, int] | None = None,
    reach: Reach = FULL,
) -> Facts:
    """Facts for ``people`` (individual candidates) or ``units`` (collective candidates and
    their members), for the years ``year - HISTORY_YEARS`` to ``year``: nine queries at most,
    whatever the number of candidates. With ``blocs`` (rules reading bloc rankings, CO_TINH)
    the units' bloc standings too: three queries plus the ranking of each bloc concerned
    (``results.blocs.bloc_results``, a handful each), never a query per unit.

    ``pk_range`` (first, last), with ``people``: only the people whose id lies in the range
    (one chunk of a large screening); every fact query is bounded by it too, so the database
    reads that range of its indexes instead of joining the whole tables to the subquery.
    ``reach``: only the ratings and awards the rules can read (``Reach``)."""
    facts = Facts(year=year)
    bounds: dict[str, int] = {}
    if pk_range is not None and units is None and people is not None:
        people = people.filter(pk__gte=pk_range[0], pk__lte=pk_range[1])
        bounds = {"person_id__gte": pk_range[0], "person_id__lte": pk_range[1]}
    if units is not None:
        for pk, code in units.order_by().values_list("pk", "code"):
            facts.unit_code[pk] = code
            facts.members.setdefault(pk, [])
        pool = Person.objects.filter(unit__in=units.values("pk")).filter(
            Q(left_on__isnull=True) | Q(left_on__gte=dt.date(year, 1, 1))
        )
    else:
        pool = people if people is not None else Person.objects.none()
    # No ordering anywhere: the models' default orders (by name, code) would make the database
    # join and sort millions of rows for nothing.
    for pk, code, unit_id in pool.order_by().values_list("pk", "code", "unit_id"):
        facts.person_code[pk] = code
        facts.person_unit[pk] = unit_id
        if units is not None:
            facts.members[unit_id].append(pk)
    pool_ids = pool.order_by().values("pk")
    _gather_ratings(facts, pool_ids, units, bounds, reach.rating_years)
    _gather_awards(facts, pool_ids, units, bounds, reach)
    _gather_initiatives(facts, pool_ids, bounds)
    _gather_discipline(facts, pool_ids, bounds)
    if blocs and units is not None:
        _gather_blocs(facts, units)
    return facts


def _years(facts: Facts, back: int = HISTORY_YEARS) -> dict[str, int]:
    return {"year__gte": facts.year - min(back, HISTORY_YEARS), "year__lte": facts.year}


def _gather_ratings(
    facts: Facts,
    pool_ids: QuerySet,
    units: QuerySet[Unit] | None,
    bounds: dict[str, int],
    back: int,
) -> None:
    rows = PersonRating.objects.filter(
        person__in=pool_ids, **bounds, **_years(facts, back)
    ).order_by()
    ratings = facts.ratings
    for person_id, y, rating in rows.values_list("person_id", "year", "rating").iterator(
        chunk_size=20_000
    ):
        held = ratings.get(person_id)
        if held is None:
            held = ratings[person_id] = {}
        held[y] = _SHARED.get(rating) or _shared(rating)
    if units is not None:
        unit_rows = UnitRating.objects.filter(
            unit__in=units.order_by().values("pk"), **_years(facts, back)
        ).order_by()
        for unit_id, y, rating in unit_rows.values_list("unit_id", "year", "rating"):
            facts.add_unit_rating(unit_id, y, rating)


def _gather_awards(
    facts: Facts,
    pool_ids: QuerySet,
    units: QuerySet[Unit] | None,
    bounds: dict[str, int],
    reach: Reach,
) -> None:
    """ACTIVE awards only: a revoked award counts nowhere."""
    who = Q(person__in=pool_ids, **bounds)
    if units is not None:
        who |= Q(unit__in=units.values("pk"))
    rows = Award.objects.filter(
        who, status=AwardStatus.ACTIVE, **_years(facts, reach.award_years)
    ).order_by()
    if reach.award_codes is not None:
        rows = rows.filter(award_code__in=sorted(reach.award_codes))
    awards = facts.awards
    merit = str(AwardKind.MERIT)
    for person_id, unit_id, code, y, kind in rows.values_list(
        "person_id", "unit_id", "award_code", "year", "kind"
    ).iterator(chunk_size=20_000):
        recipient = (PERSON, person_id) if person_id is not None else (UNIT, unit_id)
        held = awards.get(recipient)
        if held is None:
            held = awards[recipient] = {}
        key = (_SHARED.get(code) or _shared(code), y)
        # Two awards of one code and year (a MERIT one and a MOVEMENT one): the MERIT one
        # is what higher merit awards may build on.
        if held.get(key) != merit:
            held[key] = _SHARED.get(kind) or _shared(kind)


def _gather_initiatives(facts: Facts, pool_ids: QuerySet, bounds: dict[str, int]) -> None:
    """Initiatives by author with year and scope, and the titles each already served."""
    rows = Initiative.authors.through.objects.filter(
        person__in=pool_ids,
        **bounds,
        initiative__recognized_on__year__gte=facts.year - HISTORY_YEARS,
        initiative__recognized_on__year__lte=facts.year,
    )
    for person_id, initiative_id, recognized_on, scope in rows.values_list(
        "person_id", "initiative_id", "initiative__recognized_on", "initiative__scope"
    ):
        facts.initiatives[person_id].append((initiative_id, recognized_on.year, scope))
    uses = InitiativeUse.objects.filter(person__in=pool_ids, **bounds).order_by()
    facts.initiative_uses.update(uses.values_list("initiative_id", "person_id", "award_code"))


def _gather_discipline(facts: Facts, pool_ids: QuerySet, bounds: dict[str, int]) -> None:
    """Open reviews (a hold) and decided discipline with its level and dates."""
    rows = (
        DisciplineRecord.objects.filter(person__in=pool_ids, **bounds)
        .order_by()
        .values_list("person_id", "status", "level", "decided_on", "effective_from", "effective_to")
    )
    for person_id, status, level, decided_on, start, end in rows:
        if status == DisciplineStatus.UNDER_REVIEW:
            facts.open_reviews.add(person_id)
        elif level:
            facts.decided[person_id].append(DecidedDiscipline(level, decided_on, start, end))


def _gather_blocs(facts: Facts, units: QuerySet[Unit]) -> None:
    """Each candidate unit's rank in the blocs of movements ending in the year. A bloc's
    ranking counts once its movement's results are released (before that it is shown as
    provisional and decides nothing)."""
    member_rows = BlocMember.objects.filter(
        unit__in=units.values("pk"), bloc__movement__period_end__year=facts.year
    ).values_list("bloc_id", "unit_id")
    wanted: dict[int, set[int]] = defaultdict(set)
    for bloc_id, unit_id in member_rows:
        wanted[bloc_id].add(unit_id)
    if not wanted:
        return
    bloc_list = list(Bloc.objects.filter(pk__in=wanted).select_related("movement").order_by("code"))
    released = set(
        Assessment.objects.filter(
            movement__in={b.movement_id for b in bloc_list}, results_released=True
        ).values_list("movement_id", flat=True)
    )
    for bloc in bloc_list:
        rows = bloc_results(bloc)
        for row in rows:
            if row.unit_id in wanted[bloc.pk]:
                facts.bloc_standings[row.unit_id].append(
                    BlocStanding(
                        bloc_name=bloc.name,
                        movement_code=bloc.movement.code,
                        rank=row.rank,
                        size=len(rows),
                        released=bloc.movement_id in released,
                    )
                )
