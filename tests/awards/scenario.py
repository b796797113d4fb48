"""Building the people, units and register of an eligibility case from a small dict, through
the services (ratings, discipline, awards, initiatives), as production code writes them.

A person spec: ``r`` ratings {year: code}; ``a`` awards [(code, year, kind)] or
[(code, year, kind, "REVOKED")]; ``i`` initiatives [(year, scope)] or [(year, scope, used_for)];
``hold`` an open disciplinary review; ``d`` decided discipline [(level, year)].
A unit spec: ``unit_r`` {year: code}; ``members`` [person spec, ...].
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from tests.awards.conftest import make_award
from tests.factories import make_person, make_unit
from thidua.awards import register
from thidua.org import services
from thidua.org.models import Person, Unit

_n = itertools.count(1)


def build_person(spec: dict[str, Any], *, unit: Unit) -> Person:
    person = make_person(unit=unit)
    for year, rating in spec.get("r", {}).items():
        services.set_person_rating(person, year, rating)
    for code, year, kind, *status in spec.get("a", []):
        award = make_award(person, code, year, kind=kind)
        if status == ["REVOKED"]:
            register.revoke_award(award, reason="Khai man thành tích")
    for year, scope, *used_for in spec.get("i", []):
        initiative, _c, _ch = register.upsert_initiative(
            f"SK{next(_n):05d}",
            title=f"Sáng kiến số {next(_n)}",
            authors=[person],
            unit=unit,
            recognized_on=dt.date(year, 6, 1),
            scope=scope,
        )
        if used_for:
            register.mark_initiative_used(
                initiative, person=person, award_code=used_for[0], year=year
            )
    if spec.get("hold"):
        services.record_discipline(person, status="UNDER_REVIEW")
    for level, year in spec.get("d", []):
        services.record_discipline(
            person,
            status="DECIDED",
            level=level,
            decided_on=dt.date(year, 3, 1),
            effective_from=dt.date(year, 3, 1),
            effective_to=dt.date(year + 1, 2, 28),
        )
    return person


def build_unit(spec: dict[str, Any], *, parent: Unit) -> Unit:
    unit = make_unit(parent=parent)
    for year, rating in spec.get("unit_r", {}).items():
        services.set_unit_rating(unit, year, rating)
    for member in spec.get("members", []):
        build_person(member, unit=unit)
    return unit
