"""Helpers for decision tests: council-passed nominations of the movement world, made
directly (the council workflow has its own tests)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from tests.factories import make_person
from tests.movements.conftest import MovementWorld
from thidua.awards import decisions, register
from thidua.awards.models import Award, Decision, Nomination
from thidua.org.models import Person, Unit

YEAR = 2022
DECIDED = dt.date(2023, 1, 16)


def passed(
    world: MovementWorld, recipient: Person | Unit, code: str = "LDTT", year: int = YEAR
) -> Nomination:
    is_person = isinstance(recipient, Person)
    return Nomination.objects.create(
        movement=world.movement,
        award_code=code,
        year=year,
        proposing_unit=recipient.unit if isinstance(recipient, Person) else recipient,
        person=recipient if is_person else None,
        unit=None if is_person else recipient,
        state="COUNCIL_PASSED",
        achievement=f"Hoàn thành xuất sắc nhiệm vụ năm {year}",
    )


def based_pair(person: Person, year: int) -> tuple[Award, Award]:
    """A recorded LĐTT of ``year`` (decided 5 January of the next year) and the CSTĐCS of the
    same year based on it (decided 6 January): revoking the first opens a re-examination."""
    base = register.record_award(
        recipient=person,
        award_code="LDTT",
        year=year,
        kind="MOVEMENT",
        decision_number="1/QĐ",
        decision_date=dt.date(year + 1, 1, 5),
    )
    top = register.record_award(
        recipient=person,
        award_code="CSTDCS",
        year=year,
        kind="MOVEMENT",
        decision_number="2/QĐ",
        decision_date=dt.date(year + 1, 1, 6),
        based_on=[base],
    )
    return base, top


def people(unit: Unit, n: int, *, leaders: int = 0) -> list[Person]:
    return [
        make_person(
            unit=unit, is_leader=i < leaders, position="Trưởng phòng" if i < leaders else ""
        )
        for i in range(n)
    ]


def draft(world: MovementWorld, **kw: Any) -> Decision:
    return decisions.create_decision(
        issuer=kw.pop("issuer", world.agency),
        symbol=kw.pop("symbol", "QĐ-STTTT"),
        subject=kw.pop("subject", "Về việc khen thưởng phong trào thi đua năm 2022"),
        movement=kw.pop("movement", world.movement),
        signer_name=kw.pop("signer_name", "Nguyễn Văn A"),
        signer_title=kw.pop("signer_title", "Giám đốc"),
        actor=kw.pop("actor", world.officer),
        **kw,
    )


def seed_money() -> None:
    """The base salaries and coefficients of migration 0005 (again, idempotent: a transactional
    test's flush removes migration data)."""
    from importlib import import_module

    from django.apps import apps as global_apps

    import_module("thidua.awards.migrations.0005_seed_money").seed(global_apps, None)
