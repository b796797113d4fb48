"""Two writers racing for the same award: the database constraint lets exactly one win."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

from thidua.awards import register
from thidua.awards.models import Award

pytestmark = [pytest.mark.postgres]


def test_concurrent_record_award_yields_one_row(transactional_db):
    from tests.factories import make_person, make_unit

    unit = make_unit("CC")
    person = make_person("PCC", unit=unit)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            register.record_award(
                recipient=person,
                award_code="LDTT",
                year=2023,
                kind="MERIT",
                decision_number=f"{n}/QĐ",
                decision_date=dt.date(2024, 1, 5),
                source="API",
            )
            outcomes.append("ok")
        except register.DuplicateAward:
            outcomes.append("duplicate")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in (1, 2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["duplicate", "ok"]
    assert Award.objects.filter(person=person, award_code="LDTT", year=2023).count() == 1
