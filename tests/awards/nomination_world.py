"""A movement world with foreseen awards (LĐTT, CSTĐCS), launched, and helpers that build
candidates of the division TTBCXB for achievements of 2022 (regime ND91_2017: CSTĐCS capped at
15% of the unit's LĐTT)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.awards.scenario import build_person
from tests.factories import ensure_default_activity_kinds
from tests.movements.conftest import TODAY, MovementWorld
from thidua.awards import nominations
from thidua.awards.models import Nomination
from thidua.movements import services as movement_services
from thidua.org.models import Person, Unit
from thidua.results.models import Activity, ActivityKind

YEAR = 2022
ELIGIBLE_CSTDCS = {"r": {YEAR: "HTXSNV"}, "a": [("LDTT", YEAR, "MERIT")]}


def prepare(world: MovementWorld) -> MovementWorld:
    movement_services.set_foreseen_awards(world.movement, ["LDTT", "CSTDCS"])
    movement_services.set_movement_state(world.movement, "LAUNCHED", actor=world.officer)
    return world


def add_ldtt_people(unit: Unit, count: int) -> list[Person]:
    """People of ``unit`` holding LĐTT of the year (and HTXSNV): CSTĐCS candidates."""
    return [build_person(ELIGIBLE_CSTDCS, unit=unit) for _ in range(count)]


def add_activity(world: MovementWorld, person: Person) -> Activity:
    return Activity.objects.create(
        movement=world.movement,
        unit=person.unit,
        person=person,
        kind=_fl_news(),
        title=f"Tin bài đối ngoại của {person.full_name}",
        occurred_on=TODAY - dt.timedelta(days=1),
    )


def nominate(
    world: MovementWorld, person: Person, code: str = "CSTDCS", *, cite: bool = True, **kw: Any
) -> Nomination:
    nomination = nominations.create_nomination(
        world.movement,
        award_code=code,
        year=kw.pop("year", YEAR),
        proposing_unit=kw.pop("proposing_unit", person.unit),
        person=person,
        actor=world.head_a,
        **kw,
    )
    if cite:
        nominations.cite_results(
            nomination, activities=[add_activity(world, person)], actor=world.head_a
        )
    return nomination


def _fl_news() -> ActivityKind:
    """The FL_NEWS kind of the default catalogue (reloaded when a transactional test's flush
    removed it)."""
    ensure_default_activity_kinds()
    return ActivityKind.objects.get(code="FL_NEWS")
