"""Two decisions of the same issuer issued at the same moment get consecutive numbers."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.db import connections

pytestmark = [pytest.mark.postgres]


def test_concurrent_issues_get_consecutive_numbers(transactional_db, monkeypatch):
    from tests.factories import make_person, make_unit
    from thidua.awards import decisions
    from thidua.awards.models import Decision, NumberCounter

    monkeypatch.setattr(decisions, "_disclosure_blockers", lambda n, *, require_disclosure: [])
    agency = make_unit("CCQD")
    drafts = []
    for n in (1, 2):
        decision = decisions.create_decision(
            issuer=agency,
            symbol="QĐ-CCQD",
            subject=f"Khen thưởng {n}",
            signer_name="Nguyễn Văn A",
            signer_title="Giám đốc",
            actor=None,
        )
        decisions.add_recipient(
            decision,
            recipient=make_person(unit=agency),
            award_code="LDTT",
            year=2023,
            actor=None,
        )
        drafts.append(decision)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def issue(decision) -> None:
        try:
            barrier.wait()
            decisions.issue_decision(decision, decided_on=dt.date(2024, 1, 10), actor=None)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(d,)) for d in drafts]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    numbers = sorted(Decision.objects.values_list("number_symbol", flat=True))
    assert numbers == ["01/QĐ-CCQD", "02/QĐ-CCQD"]
    assert NumberCounter.objects.get(issuer=agency, year=2024).last_number == 2
