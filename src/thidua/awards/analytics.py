"""Finding outstanding people and collectives not yet recognised (founding-plan requirement
S10: "praise and reward them in time").

``unrecognised(user, movement)`` lists, for one movement, the people and units of the user's
subtree (where the user may propose: unit head, officer, administrator) that have results in
the movement (a place in its ranking, reported activities) but neither a live nomination (any
state except WITHDRAWN) nor an active award for the movement or for its year. Each row carries
the rank, total and band (``results.computation.movement_results`` at the council stage, which
merges self, review and council scores), the activities reported in the movement and the
initiatives recognised in the year. Ranked rows come first by rank, then the unranked by
activities and initiatives.

``lead_time`` measures the time from achievement (the end of the movement) to award (the
decision date) over the movement's active awards.

Everything is set-based: a fixed number of queries whatever the number of people."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from thidua.awards.enums import AwardKind, AwardStatus, NominationState
from thidua.awards.models import Award, Initiative, Nomination
from thidua.awards.queries_nominations import HEAD_ROLES
from thidua.movements.models import Band, Movement
from thidua.org.models import Person, Unit
from thidua.org.queries import scope_paths
from thidua.results.computation import AssessmentResult, movement_results
from thidua.results.enums import ScoreStage
from thidua.results.models import Activity
from thidua.results.scoring import Ranked

DEFAULT_LIMIT = 20
MAX_LIMIT = 200


@dataclass(frozen=True)
class Candidate:
    """A person (``person`` set) or a unit (``person`` None) not yet recognised."""

    unit: Unit
    person: Person | None
    rank: int | None
    total: Decimal | None
    band_code: str | None
    band_label: str | None
    activities: int
    initiatives: int

    @property
    def code(self) -> str:
        return self.person.code if self.person is not None else self.unit.code

    @property
    def name(self) -> str:
        return self.person.full_name if self.person is not None else self.unit.name


@dataclass(frozen=True)
class LeadTime:
    """Days from the end of the movement to the decision date, over its active awards."""

    awards: int
    average_days: float | None
    median_days: float | None
    longest_days: int | None
    adhoc: int


@dataclass
class Unrecognised:
    movement: Movement
    year: int
    people: list[Candidate] = field(default_factory=list)
    units: list[Candidate] = field(default_factory=list)
    people_total: int = 0
    units_total: int = 0
    lead_time: LeadTime | None = None


def _subtree_q(paths: list[str], field_name: str) -> Q:
    if "" in paths:
        return Q()
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field_name}__startswith": path})
    return q


def _counts(rows: Any) -> dict[int, int]:
    return {owner: n for owner, n in rows if owner is not None}


def _recognised(movement: Movement, year: int) -> tuple[set[int], set[int]]:
    """People and units with a live nomination or an active award for the movement or the
    year (two queries)."""
    people: set[int] = set()
    units: set[int] = set()
    nominated = (
        Nomination.objects.filter(Q(movement=movement) | Q(year=year))
        .exclude(state=NominationState.WITHDRAWN)
        .values_list("person_id", "unit_id")
    )
    awarded = Award.objects.filter(
        Q(movement=movement) | Q(year=year), status=AwardStatus.ACTIVE
    ).values_list("person_id", "unit_id")
    for person_id, unit_id in [*nominated, *awarded]:
        if person_id is not None:
            people.add(person_id)
        elif unit_id is not None:
            units.add(unit_id)
    return people, units


def lead_time(movement: Movement) -> LeadTime:
    """Time from achievement (end of the movement) to award, over its active awards."""
    rows = list(
        Award.objects.filter(movement=movement, status=AwardStatus.ACTIVE).values_list(
            "decision_date", "kind"
        )
    )
    days = [(decided - movement.period_end).days for decided, _kind in rows]
    return LeadTime(
        awards=len(rows),
        average_days=round(statistics.fmean(days), 1) if days else None,
        median_days=statistics.median(days) if days else None,
        longest_days=max(days) if days else None,
        adhoc=sum(1 for _decided, kind in rows if kind == AwardKind.ADHOC),
    )


def _order(c: Candidate) -> tuple[int, int, int, int, str]:
    ranked = 0 if c.rank is not None else 1
    return (ranked, c.rank or 0, -c.activities, -c.initiatives, c.name)


def unrecognised(user: Any, movement: Movement, *, limit: int = DEFAULT_LIMIT) -> Unrecognised:
    """The people and units of ``user``'s subtree with results in ``movement`` and no
    nomination or award yet for it or its year, best first, at most ``limit`` of each."""
    year = movement.period_end.year
    result = Unrecognised(movement=movement, year=year)
    paths = scope_paths(user, HEAD_ROLES)
    if not paths:
        return result
    limit = max(1, min(limit, MAX_LIMIT))
    stage = ScoreStage.COUNCIL
    ranked_people = movement_results(movement, stage=stage, collective=False)
    ranked_units = movement_results(movement, stage=stage, collective=True)
    bands = dict(Band.objects.filter(table__movement=movement).values_list("code", "label"))
    live = Activity.objects.filter(movement=movement, withdrawn_at__isnull=True)
    people_activities = _counts(live.values_list("person_id").annotate(n=Count("pk")))
    unit_activities = _counts(live.values_list("unit_id").annotate(n=Count("pk")))
    in_year = Initiative.objects.filter(recognized_on__year=year)
    people_initiatives = _counts(
        Initiative.authors.through.objects.filter(initiative__in=in_year)
        .values_list("person_id")
        .annotate(n=Count("pk"))
    )
    unit_initiatives = _counts(in_year.values_list("unit_id").annotate(n=Count("pk")))
    done_people, done_units = _recognised(movement, year)

    def by_owner(rows: list[Ranked[AssessmentResult]], person: bool) -> dict[int, Ranked]:
        out: dict[int, Ranked] = {}
        for r in rows:
            owner = r.key.person_id if person else r.key.unit_id
            if owner is not None:
                out[owner] = r
        return out

    people_rank = by_owner(ranked_people, True)
    units_rank = by_owner(ranked_units, False)
    person_ids = (set(people_rank) | set(people_activities)) - done_people
    unit_ids = (set(units_rank) | set(unit_activities)) - done_units
    people = Person.objects.filter(pk__in=person_ids).filter(_subtree_q(paths, "unit__path"))
    units = Unit.objects.filter(pk__in=unit_ids).filter(_subtree_q(paths, "path"))

    def candidate(
        unit: Unit, person: Person | None, ranked: Ranked | None, owner: int
    ) -> Candidate:
        acts, inits = (
            (people_activities, people_initiatives)
            if person is not None
            else (unit_activities, unit_initiatives)
        )
        band = ranked.score.band if ranked is not None else None
        return Candidate(
            unit=unit,
            person=person,
            rank=ranked.rank if ranked is not None else None,
            total=ranked.score.total if ranked is not None else None,
            band_code=band,
            band_label=bands.get(band) if band else None,
            activities=acts.get(owner, 0),
            initiatives=inits.get(owner, 0),
        )

    person_rows = sorted(
        (candidate(p.unit, p, people_rank.get(p.pk), p.pk) for p in people.select_related("unit")),
        key=_order,
    )
    unit_rows = sorted((candidate(u, None, units_rank.get(u.pk), u.pk) for u in units), key=_order)
    result.people, result.people_total = person_rows[:limit], len(person_rows)
    result.units, result.units_total = unit_rows[:limit], len(unit_rows)
    result.lead_time = lead_time(movement)
    return result
