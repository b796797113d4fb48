"""Nominations: citing the candidate's results (S9), screening at submission, the officer's
override, transitions and audit."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tests.awards.nomination_world import YEAR, add_activity, add_ldtt_people, nominate, prepare
from tests.awards.scenario import build_person
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import nominations
from thidua.awards.enums import NominationState, Verdict
from thidua.awards.models import Nomination
from thidua.awards.queries_nominations import visible_nominations
from thidua.core.models import AuditEvent
from thidua.movements import services as movement_services

NO_RESULTS = (
    "Đề nghị phải nêu kết quả thi đua làm căn cứ: điểm đánh giá, hoạt động, minh chứng "
    "hoặc sáng kiến."
)


@pytest.fixture
def nw(world):  # noqa: F811
    return prepare(world)


def test_submit_without_results_is_refused(nw):
    person = add_ldtt_people(nw.div_a, 1)[0]
    nomination = nominate(nw, person, cite=False)
    with pytest.raises(ValidationError) as exc:
        nominations.set_nomination_state(nomination, "SUBMITTED", actor=nw.head_a)
    assert exc.value.message_dict == {"state": [NO_RESULTS]}
    nomination.refresh_from_db()
    assert nomination.state == NominationState.DRAFT


def test_eligible_candidate_is_submitted_with_verdict_and_checks(nw):
    # 7 LĐTT in the division: the cap is 1, enough for one.
    people = add_ldtt_people(nw.div_a, 7)
    nomination = nominate(nw, people[0])
    result = nominations.set_nomination_state(nomination, "SUBMITTED", actor=nw.head_a)
    assert result.state == NominationState.SUBMITTED
    assert result.verdict == Verdict.ELIGIBLE
    assert result.regime == "ND91_2017"
    assert [c["rule"] for c in result.checks][:3] == [
        "CSTDCS_NOT_ON_HOLD",
        "LDTT_IN_YEAR",
        "CSTDCS_INITIATIVE_OR_HTXSNV",
    ]
    assert result.submitted_by == nw.head_a
    event = AuditEvent.objects.filter(action="awards.nomination_state").get()
    assert (event.before["state"], event.after["state"]) == ("DRAFT", "SUBMITTED")


def test_not_eligible_refused_then_submitted_after_override(nw, client_for):
    add_ldtt_people(nw.div_a, 7)
    # LĐTT but only HTTNV and no initiative: not a CSTĐCS.
    weak = build_person({"r": {YEAR: "HTTNV"}, "a": [("LDTT", YEAR, "MERIT")]}, unit=nw.div_a)
    nomination = nominate(nw, weak)
    with pytest.raises(ValidationError) as exc:
        nominations.set_nomination_state(nomination, "SUBMITTED", actor=nw.head_a)
    message = exc.value.message_dict["state"][0]
    assert message.startswith(f"{weak} chưa đủ điều kiện “Chiến sĩ thi đua cơ sở” năm 2022")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.verdict) == ("DRAFT", Verdict.NOT_ELIGIBLE)

    with pytest.raises(ValidationError) as exc:
        nominations.override_eligibility(nomination, reason="  ", actor=nw.officer)
    assert list(exc.value.message_dict) == ["reason"]
    nominations.override_eligibility(
        nomination, reason="Có thành tích đột xuất được Sở ghi nhận", actor=nw.officer
    )
    result = nominations.set_nomination_state(nomination, "SUBMITTED", actor=nw.head_a)
    assert (result.state, result.verdict) == ("SUBMITTED", Verdict.NOT_ELIGIBLE)
    assert result.override_reason == "Có thành tích đột xuất được Sở ghi nhận"
    assert result.override_by == nw.officer
    assert result.override_at is not None
    event = AuditEvent.objects.get(action="awards.nomination_override")
    assert event.actor == nw.officer
    assert event.after == {
        "override_reason": "Có thành tích đột xuất được Sở ghi nhận",
        "verdict": "NOT_ELIGIBLE",
    }


def test_on_hold_is_never_submitted_even_with_override(nw):
    held = build_person(
        {"r": {YEAR: "HTXSNV"}, "a": [("LDTT", YEAR, "MERIT")], "hold": True}, unit=nw.div_a
    )
    add_ldtt_people(nw.div_a, 7)
    nomination = nominate(nw, held)
    nominations.override_eligibility(nomination, reason="Đề nghị xem xét", actor=nw.officer)
    with pytest.raises(ValidationError) as exc:
        nominations.set_nomination_state(nomination, "SUBMITTED", actor=nw.head_a)
    assert "đang bị tạm dừng xét khen thưởng" in exc.value.message_dict["state"][0]
    nomination.refresh_from_db()
    assert (nomination.state, nomination.verdict) == ("DRAFT", Verdict.ON_HOLD)


def test_cited_items_must_belong_to_the_candidate(nw):
    a, b = add_ldtt_people(nw.div_a, 2)
    nomination = nominate(nw, a, cite=False)
    other = add_activity(nw, b)
    with pytest.raises(ValidationError) as exc:
        nominations.cite_results(nomination, activities=[other], actor=nw.head_a)
    assert exc.value.message_dict == {
        "activities": [f"Hoạt động số {other.pk} không phải của {a} trong phong trào này."]
    }
    own = add_activity(nw, a)
    nominations.cite_results(nomination, activities=[own], actor=nw.head_a)
    assert list(nomination.activities.values_list("pk", flat=True)) == [own.pk]
    assert nominations.cited(nomination)["activities"] == [own.pk]


def test_create_refuses_code_not_foreseen_and_duplicates(nw):
    person = add_ldtt_people(nw.div_a, 1)[0]
    with pytest.raises(ValidationError) as exc:
        nominations.create_nomination(
            nw.movement,
            award_code="CSTD_TINH",
            year=YEAR,
            proposing_unit=nw.div_a,
            person=person,
            actor=nw.head_a,
        )
    assert list(exc.value.message_dict) == ["award_code"]
    nominate(nw, person, cite=False)
    with pytest.raises(ValidationError) as exc:
        nominate(nw, person, cite=False)
    assert exc.value.message_dict["recipient"] == [
        f"{person} đã có đề nghị “Chiến sĩ thi đua cơ sở” năm 2022 chưa rút."
    ]
    # Someone of another division is not the division's to propose.
    with pytest.raises(ValidationError) as exc:
        nominate(nw, nw.person_b, cite=False, proposing_unit=nw.div_a)
    assert list(exc.value.message_dict) == ["recipient"]


def test_withdrawn_nomination_can_be_made_again(nw):
    person = add_ldtt_people(nw.div_a, 1)[0]
    first = nominate(nw, person, cite=False)
    nominations.set_nomination_state(first, "WITHDRAWN", actor=nw.head_a)
    second = nominate(nw, person, cite=False)
    assert Nomination.objects.filter(person=person).count() == 2
    assert second.state == NominationState.DRAFT
    with pytest.raises(ValidationError):
        nominations.set_nomination_state(first, "SUBMITTED", actor=nw.head_a)


def test_visibility_and_permissions(nw):
    a = add_ldtt_people(nw.div_a, 1)[0]
    b = add_ldtt_people(nw.div_b, 1)[0]
    na = nominate(nw, a, cite=False)
    nb = nominations.create_nomination(
        nw.movement,
        award_code="CSTDCS",
        year=YEAR,
        proposing_unit=nw.div_b,
        person=b,
        actor=nw.head_b,
    )
    assert list(visible_nominations(nw.head_a)) == [na]
    assert sorted(visible_nominations(nw.officer).values_list("pk", flat=True)) == [na.pk, nb.pk]
    assert list(visible_nominations(nw.staff_a)) == []
    assert nw.head_a.has_perm("awards.propose", na) is True
    assert nw.head_a.has_perm("awards.propose", nb) is False
    assert nw.head_a.has_perm("awards.override_eligibility", na) is False
    assert nw.officer.has_perm("awards.override_eligibility", na) is True


def test_unit_nomination_for_a_form_is_screened_on_the_collective_path(nw):
    # Giấy khen has a person path and a unit path: a unit's nomination must be screened with
    # the unit's rules (its own rating), not turned away as "dành cho cá nhân".
    from thidua.org.models import UnitRating

    movement_services.set_foreseen_awards(nw.movement, ["LDTT", "CSTDCS", "GIAY_KHEN"])
    UnitRating.objects.create(unit=nw.div_a, year=YEAR, rating="HTXSNV")
    nomination = nominations.create_nomination(
        nw.movement,
        award_code="GIAY_KHEN",
        year=YEAR,
        proposing_unit=nw.div_a,
        unit=nw.div_a,
        actor=nw.head_a,
    )
    nominations.screen_nomination(nomination)
    nomination.refresh_from_db()
    assert nomination.verdict == Verdict.ELIGIBLE
    assert "NO_RULES" not in [c["rule"] for c in nomination.checks]
    assert all(c["rule"].startswith("GIAY_KHEN") for c in nomination.checks)
