"""Issuing with the real disclosure check (``thidua.awards.disclosure.disclosure_blockers``):
a nomination never published blocks a decision; the ad hoc path does not require it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from tests.awards.decision_world import DECIDED, draft, passed, people, seed_money
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import decisions
from thidua.awards.models import Award, Nomination, NumberCounter


def test_undisclosed_nomination_blocks_issue(world):  # noqa: F811
    person = people(world.div_a, 1)[0]
    nomination = passed(world, person)
    decision = draft(world)
    decisions.add_recipients_from_nominations(
        decision,
        nominations=Nomination.objects.filter(pk=nomination.pk),
        actor=world.officer,
    )
    with pytest.raises(ValidationError) as exc:
        decisions.issue_decision(decision, decided_on=DECIDED, actor=world.officer)
    assert exc.value.messages == [f"Đề nghị “{nomination}” chưa được công khai."]
    assert not Award.objects.exists()
    assert not NumberCounter.objects.exists()


def test_adhoc_needs_no_disclosure(world):  # noqa: F811
    seed_money()
    decision = decisions.issue_adhoc_award(
        issuer=world.agency,
        symbol="QĐ-STTTT",
        subject="Khen thưởng đột xuất",
        lines=[decisions.AdhocLine(world.person_a, "GIAY_KHEN")],
        year=2024,
        decided_on=dt.date(2024, 12, 10),
        signer_name="Nguyễn Văn A",
        signer_title="Giám đốc",
        actor=world.officer,
    )
    assert decision.state == "ISSUED"
