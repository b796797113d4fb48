"""Decisions: drafting the annex, issuing (numbering, money, register), blockers, duplicates
rolling back, the ad hoc fast path, revocation with re-examination, scoping."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from tests.awards.decision_world import DECIDED, YEAR, based_pair, draft, passed, people, seed_money
from tests.factories import make_user
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import decisions, register
from thidua.awards.enums import AwardSource, AwardStatus
from thidua.awards.models import (
    Award,
    Decision,
    DecisionRecipient,
    Nomination,
    NumberCounter,
    Reexamination,
)
from thidua.awards.queries_decisions import visible_decisions, visible_reexaminations
from thidua.core.models import AuditEvent
from thidua.org.enums import Role

BLOCKERS: list[str] = []


@pytest.fixture(autouse=True)
def fake_disclosure(db, monkeypatch):
    """Disclosure (another engineer's module) answers what the test puts in BLOCKERS; the
    arguments it was called with are kept."""
    seed_money()
    calls: list[tuple[list, bool]] = []

    def fake(nominations, *, require_disclosure):
        calls.append((list(nominations), require_disclosure))
        return list(BLOCKERS)

    BLOCKERS.clear()
    monkeypatch.setattr(decisions, "_disclosure_blockers", fake)
    return calls


def test_lines_from_nominations_individuals_first_with_snapshots(world):  # noqa: F811
    unit_nom = passed(world, world.div_b, "TTLDTT")
    leader, worker = people(world.div_a, 2, leaders=1)
    n1 = passed(world, leader)
    n2 = passed(world, worker)
    submitted = passed(world, world.person_b)
    Nomination.objects.filter(pk=submitted.pk).update(state="SUBMITTED")  # not passed: left out
    decision = draft(world)
    lines = decisions.add_recipients_from_nominations(
        decision, nominations=visible_nominations(world.officer), actor=world.officer
    )
    got = [(x.serial, x.recipient_type, x.nomination_id) for x in lines]
    assert got == [(1, "person", n1.pk), (2, "person", n2.pk), (3, "unit", unit_nom.pk)]
    first = lines[0]
    assert first.is_leader
    assert first.position == "Trưởng phòng"
    assert first.unit_name == world.div_a.name
    assert not lines[1].is_leader
    # a second call adds nothing: the nominations are on a decision already
    assert (
        decisions.add_recipients_from_nominations(
            decision, nominations=visible_nominations(world.officer), actor=world.officer
        )
        == []
    )


def visible_nominations(user):
    from thidua.awards.queries_nominations import visible_nominations as v

    return v(user)


def test_default_period_end_is_the_end_of_the_implementation_phase(world):  # noqa: F811
    # The assessed period is the implementation phase; the review and commendation phases
    # come after it and must not count as "the period" (S10 would be negative or too short).
    from thidua.movements.models import Phase

    phases = dict(Phase.objects.filter(movement=world.movement).values_list("kind", "end"))
    end = phases["IMPLEMENTATION"]
    Phase.objects.update_or_create(
        movement=world.movement,
        kind="COMMENDATION",
        defaults={"start": end + dt.timedelta(days=10), "end": end + dt.timedelta(days=30)},
    )
    decision = draft(world)
    assert decision.period_end == end


def test_issue_numbers_money_and_register(world, fake_disclosure):  # noqa: F811
    p1, p2 = people(world.div_a, 2)
    passed(world, p1, "CSTDCS")
    passed(world, p2, "LDTT")
    passed(world, world.div_b, "TTLDTT")
    decision = draft(world)
    decisions.add_recipients_from_nominations(
        decision, nominations=visible_nominations(world.officer), actor=world.officer
    )
    decisions.issue_decision(decision, decided_on=dt.date(2024, 12, 10), actor=world.officer)
    decision.refresh_from_db()
    assert (decision.state, decision.number, decision.year) == ("ISSUED", 1, 2024)
    assert decision.number_symbol == "01/QĐ-STTTT"
    lines = list(decision.recipients.order_by("serial"))
    # 2,340,000 × 1.0; × 0.3 = 702,000; × 0.8 = 1,872,000
    assert [(x.coefficient, x.base_salary, x.amount) for x in lines] == [
        (Decimal("1.00"), 2_340_000, 2_340_000),
        (Decimal("0.30"), 2_340_000, 702_000),
        (Decimal("0.80"), 2_340_000, 1_872_000),
    ]
    awards = Award.objects.filter(decision_line__decision=decision).order_by(
        "decision_line__serial"
    )
    assert [(a.award_code, a.year, a.source) for a in awards] == [
        ("CSTDCS", YEAR, AwardSource.DECISION),
        ("LDTT", YEAR, AwardSource.DECISION),
        ("TTLDTT", YEAR, AwardSource.DECISION),
    ]
    assert {a.decision_number for a in awards} == {"01/QĐ-STTTT"}
    assert {a.decision_date for a in awards} == {dt.date(2024, 12, 10)}
    assert {a.movement_id for a in awards} == {world.movement.pk}
    assert {a.issuer for a in awards} == {world.agency.name}
    assert AuditEvent.objects.filter(action="awards.decision.issued").count() == 1
    # disclosure asked about the three nominations, required (not ad hoc)
    nominations, required = fake_disclosure[-1]
    assert len(nominations) == 3
    assert required is True
    with pytest.raises(ValidationError):
        decisions.add_recipient(
            decision, recipient=world.person_a, award_code="LDTT", year=YEAR, actor=world.officer
        )


def _issue_one(world, issuer, decided_on, symbol="QĐ-STTTT"):  # noqa: F811
    decision = draft(world, issuer=issuer, symbol=symbol)
    person = people(world.div_a, 1)[0]
    decisions.add_recipient(
        decision, recipient=person, award_code="LDTT", year=decided_on.year - 1, actor=world.officer
    )
    return decisions.issue_decision(decision, decided_on=decided_on, actor=world.officer)


def test_numbers_restart_each_year_and_per_issuer(world):  # noqa: F811
    got = [
        _issue_one(world, world.agency, dt.date(2023, 3, 1)).number_symbol,
        _issue_one(world, world.agency, dt.date(2023, 12, 31)).number_symbol,
        _issue_one(world, world.div_a, dt.date(2023, 6, 1), "QĐ-TTBCXB").number_symbol,
        _issue_one(world, world.agency, dt.date(2024, 1, 1)).number_symbol,
    ]
    assert got == ["01/QĐ-STTTT", "02/QĐ-STTTT", "01/QĐ-TTBCXB", "01/QĐ-STTTT"]
    NumberCounter.objects.filter(issuer=world.agency, year=2024).update(last_number=9)
    assert _issue_one(world, world.agency, dt.date(2024, 2, 1)).number_symbol == "10/QĐ-STTTT"


def test_blockers_are_all_listed_and_nothing_is_written(world):  # noqa: F811
    BLOCKERS.append("Danh sách chưa được công khai đủ thời gian.")
    decision = draft(world, signer_name="", signer_title="")
    with pytest.raises(ValidationError) as exc:
        decisions.issue_decision(decision, decided_on=DECIDED, actor=world.officer)
    assert exc.value.messages == [
        "Danh sách kèm theo quyết định chưa có cá nhân, tập thể nào.",
        "Chưa ghi người ký quyết định.",
        "Chưa ghi chức vụ người ký quyết định.",
        "Danh sách chưa được công khai đủ thời gian.",
    ]
    decision.refresh_from_db()
    assert decision.state == "DRAFT"
    assert decision.number is None
    assert not NumberCounter.objects.filter(last_number__gt=0).exists()


def test_duplicate_award_rolls_back_everything(world):  # noqa: F811
    p1, p2 = people(world.div_a, 2)
    register.record_award(
        recipient=p2,
        award_code="LDTT",
        year=YEAR,
        kind="MOVEMENT",
        decision_number="5/QĐ-CU",
        decision_date=dt.date(2023, 1, 5),
    )
    decision = draft(world)
    for person in (p1, p2):
        decisions.add_recipient(
            decision, recipient=person, award_code="LDTT", year=YEAR, actor=world.officer
        )
    with pytest.raises(register.DuplicateAward) as exc:
        decisions.issue_decision(decision, decided_on=DECIDED, actor=world.officer)
    assert exc.value.message.startswith(f"Dòng 2 ({p2.full_name}): Một thành tích chỉ")
    decision.refresh_from_db()
    assert decision.state == "DRAFT"
    assert decision.number_symbol == ""
    assert not Award.objects.filter(person=p1).exists()
    assert not NumberCounter.objects.filter(last_number__gt=0).exists()
    # once the line is removed, the decision is issued with number 01
    decisions.remove_recipient(decision.recipients.get(person=p2), actor=world.officer)
    decisions.issue_decision(decision, decided_on=DECIDED, actor=world.officer)
    assert decision.recipients.get().serial == 1
    decision.refresh_from_db()
    assert decision.number_symbol == "01/QĐ-STTTT"


def test_removing_a_line_renumbers(world):  # noqa: F811
    p1, p2, p3 = people(world.div_a, 3)
    decision = draft(world)
    lines = [
        decisions.add_recipient(
            decision, recipient=world.div_b, award_code="TTLDTT", year=YEAR, actor=world.officer
        )
    ]
    for person in (p1, p2, p3):
        lines.append(
            decisions.add_recipient(
                decision, recipient=person, award_code="LDTT", year=YEAR, actor=world.officer
            )
        )
    order = list(decision.recipients.order_by("serial").values_list("serial", "person", "unit"))
    assert order == [
        (1, p1.pk, None),
        (2, p2.pk, None),
        (3, p3.pk, None),
        (4, None, world.div_b.pk),
    ]
    decisions.remove_recipient(decision.recipients.get(person=p2), actor=world.officer)
    order = list(decision.recipients.order_by("serial").values_list("serial", "person", "unit"))
    assert order == [(1, p1.pk, None), (2, p3.pk, None), (3, None, world.div_b.pk)]


def test_manual_line_validation(world):  # noqa: F811
    decision = draft(world)
    with pytest.raises(ValidationError) as exc:
        decisions.add_recipient(
            decision, recipient=world.div_a, award_code="LDTT", year=YEAR, actor=world.officer
        )
    assert "award_code" in exc.value.message_dict
    decisions.add_recipient(
        decision, recipient=world.person_a, award_code="LDTT", year=YEAR, actor=world.officer
    )
    with pytest.raises(ValidationError) as exc:
        decisions.add_recipient(
            decision, recipient=world.person_a, award_code="LDTT", year=YEAR, actor=world.officer
        )
    assert "recipient" in exc.value.message_dict


def test_create_decision_validation(world):  # noqa: F811
    with pytest.raises(ValidationError) as exc:
        draft(world, symbol=" ", subject="")
    assert set(exc.value.message_dict) == {"symbol", "subject"}
    with pytest.raises(ValidationError) as exc:
        draft(world, symbol="12/QĐ-STTTT")
    assert "symbol" in exc.value.message_dict


def test_adhoc_fast_path(world, fake_disclosure):  # noqa: F811
    decision = decisions.issue_adhoc_award(
        issuer=world.agency,
        symbol="QĐ-STTTT",
        subject="Về việc khen thưởng đột xuất",
        lines=[
            decisions.AdhocLine(world.person_a, "GIAY_KHEN", "Cứu người trong lũ"),
            decisions.AdhocLine(world.div_a, "GIAY_KHEN"),
        ],
        year=2018,
        decided_on=dt.date(2018, 12, 5),
        signer_name="Nguyễn Văn A",
        signer_title="Giám đốc",
        actor=world.officer,
    )
    assert decision.adhoc
    assert decision.kind == "ADHOC"
    assert decision.state == "ISSUED"
    assert decision.number_symbol == "01/QĐ-STTTT"
    assert fake_disclosure[-1] == ([], False)
    lines = list(decision.recipients.order_by("serial"))
    # person 0.15 × 1,390,000 = 208,500 -> 209,000; unit 0.3 × 1,390,000 = 417,000 (ND91)
    assert [x.amount for x in lines] == [209_000, 417_000]
    award = lines[0].award
    assert (award.kind, award.person_id, award.achievement) == (
        "ADHOC",
        world.person_a.pk,
        "Cứu người trong lũ",
    )


def test_adhoc_all_or_nothing(world):  # noqa: F811
    with pytest.raises(ValidationError):
        decisions.issue_adhoc_award(
            issuer=world.agency,
            symbol="QĐ-STTTT",
            subject="Đột xuất",
            lines=[
                decisions.AdhocLine(world.person_a, "GIAY_KHEN"),
                decisions.AdhocLine(world.div_a, "LDTT"),
            ],
            year=2018,
            decided_on=dt.date(2018, 12, 5),
            signer_name="A",
            signer_title="Giám đốc",
            actor=world.officer,
        )
    assert not Decision.objects.exists()
    assert not Award.objects.exists()


def _chain(world):  # noqa: F811
    base, middle = based_pair(world.person_a, 2020)
    top = register.record_award(
        recipient=world.person_a,
        award_code="CSTD_TINH",
        year=2022,
        kind="MOVEMENT",
        decision_number="3/QĐ",
        decision_date=dt.date(2023, 1, 6),
        based_on=[middle],
    )
    return base, middle, top


def test_revocation_opens_reexaminations_and_resolving_cascades(world):  # noqa: F811
    base, middle, top = _chain(world)
    dependents, opened = decisions.revoke_award_with_review(
        base, reason="Kê khai thành tích không đúng", actor=world.officer
    )
    assert {d.pk for d in dependents} == {middle.pk, top.pk}
    assert {(r.revoked_award_id, r.dependent_award_id, r.state) for r in opened} == {
        (base.pk, middle.pk, "OPEN"),
        (base.pk, top.pk, "OPEN"),
    }
    assert set(visible_reexaminations(world.officer)) == set(opened)
    assert not visible_reexaminations(world.head_b).exists()
    r_middle = next(r for r in opened if r.dependent_award_id == middle.pk)
    r_top = next(r for r in opened if r.dependent_award_id == top.pk)
    with pytest.raises(ValidationError) as exc:
        decisions.resolve_reexamination(r_top, outcome="UPHELD", note=" ", actor=world.officer)
    assert "note" in exc.value.message_dict
    decisions.resolve_reexamination(
        r_middle, outcome="REVOKED", note="Không còn đủ điều kiện", actor=world.officer
    )
    middle.refresh_from_db()
    assert middle.status == AwardStatus.REVOKED
    assert middle.revoked_reason == "Không còn đủ điều kiện"
    # the cascade opened a re-examination of top against middle
    assert Reexamination.objects.filter(
        revoked_award=middle, dependent_award=top, state="OPEN"
    ).exists()
    decisions.resolve_reexamination(
        r_top, outcome="UPHELD", note="Có đủ căn cứ khác", actor=world.officer
    )
    r_top.refresh_from_db()
    assert (r_top.state, r_top.resolved_by) == ("UPHELD", world.officer)
    top.refresh_from_db()
    assert top.status == AwardStatus.ACTIVE
    with pytest.raises(ValidationError) as exc:
        decisions.resolve_reexamination(r_top, outcome="REVOKED", note="x", actor=world.officer)
    assert "state" in exc.value.message_dict


def test_scoping_of_decisions(world):  # noqa: F811
    agency_decision = draft(world)
    div_decision = draft(world, issuer=world.div_a, symbol="QĐ-TTBCXB")
    officer_a = make_user(Role.OFFICER, world.div_a, username="officer_a")
    assert set(visible_decisions(world.officer)) == {agency_decision, div_decision}
    assert set(visible_decisions(officer_a)) == {div_decision}
    assert not visible_decisions(world.staff_a).exists()
    assert world.officer.has_perm("awards.issue_decision", div_decision)
    assert not officer_a.has_perm("awards.issue_decision", agency_decision)
    assert officer_a.has_perm("awards.issue_decision", div_decision)
    assert not world.head_a.has_perm("awards.issue_decision", div_decision)
    assert DecisionRecipient.objects.count() == 0
