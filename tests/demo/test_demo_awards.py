"""The 2018 commendation of the demo (load_awards): the register of 2016-2017, initiatives,
Giấy khen nominations of TTĐN-2018, the council session of 12/12/2018, the disclosure of
13/12/2018 and the decision 125/QĐ-STTTT of 20/12/2018 with its measures (S10, S11)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from thidua.awards.enums import BallotState, NominationState, SessionState
from thidua.awards.measures import days_to_decision, frontline_share, movement_measures
from thidua.awards.models import (
    Award,
    Ballot,
    BallotReceipt,
    Council,
    CouncilMember,
    CouncilSession,
    Decision,
    DecisionRecipient,
    Disclosure,
    Initiative,
    Nomination,
    NumberCounter,
    PublicComment,
)
from thidua.core.models import AuditEvent
from thidua.demo import data_awards
from thidua.demo.loader import load_demo
from thidua.movements.models import Movement
from thidua.org.models import Person, User

AWARD_TABLES = (
    Award,
    Initiative,
    Nomination,
    Council,
    CouncilMember,
    CouncilSession,
    Ballot,
    BallotReceipt,
    Disclosure,
    PublicComment,
    Decision,
    DecisionRecipient,
    NumberCounter,
    User,
    AuditEvent,
)
FRONTLINE = {"NV037", "NV040", "NV055", "NV056", "NV030"}
LEADERS = {"NV034", "NV029"}


@pytest.fixture
def decision(demo):
    return Decision.objects.get(subject=data_awards.DECISION_SUBJECT)


def test_past_register_has_chains_2016_2017(demo):
    manual = Award.objects.filter(year__in=[2016, 2017], decision_number__endswith="QĐ-STTTT")
    assert manual.count() == 21  # + one collective title of the province (QĐ-UBND)
    assert set(manual.values_list("decision_date__month", flat=True)) == {12}
    chain = Award.objects.filter(person__code="NV037", award_code="CSTDCS")
    assert sorted(chain.values_list("year", "decision_number")) == [
        (2016, "98/QĐ-STTTT"),
        (2017, "112/QĐ-STTTT"),
    ]
    assert set(chain.values_list("kind", flat=True)) == {"MERIT"}
    assert Award.objects.get(unit__code="TTBCXB", year=2017).award_code == "TTLDTT"
    assert demo["past_awards"].created == len(data_awards.PAST_AWARDS) == 22


def test_initiatives_2018_with_one_of_provincial_scope(demo):
    scopes = dict(Initiative.objects.values_list("code", "scope"))
    assert scopes == {
        "SK-2018-STTTT-01": "SCOPE_TINH",
        "SK-2018-STTTT-02": "SCOPE_CO_SO",
        "SK-2018-STTTT-03": "SCOPE_CO_SO",
    }
    # NV037: CSTĐCS 2016 and 2017 and a provincial-scope initiative in 2018.
    assert list(
        Initiative.objects.filter(authors__code="NV037").values_list("code", flat=True)
    ) == ["SK-2018-STTTT-01"]


def test_nominations_cite_results_and_passed_the_council(demo):
    rows = Nomination.objects.filter(movement__code="TTDN-2018", award_code="GIAY_KHEN")
    assert rows.count() == 8
    assert set(rows.values_list("state", flat=True)) == {NominationState.COUNCIL_PASSED}
    people = set(rows.exclude(person=None).values_list("person__code", flat=True))
    assert people == FRONTLINE | LEADERS
    assert list(rows.filter(person=None).values_list("unit__code", flat=True)) == ["TTBCXB"]
    for n in rows:
        assert n.assessment_id or n.activities.exists() or n.initiatives.exists(), n
        assert n.submitted_at.date() == dt.date(2018, 12, 7)
    nv037 = rows.get(person__code="NV037")
    assert nv037.assessment.person.code == "NV037"
    assert nv037.initiatives.get().scope == "SCOPE_TINH"
    assert nv037.verdict == "ELIGIBLE"


def test_council_session_votes_by_paper_and_closed(demo):
    council = Council.objects.get(code=data_awards.COUNCIL_CODE)
    roles = dict(council.members.values_list("user__username", "role"))
    assert roles["giamdoc"] == "CHAIR"
    assert roles["hoidong"] == "VICE_CHAIR"
    assert roles["thuky"] == "SECRETARY"
    director = User.objects.get(username="giamdoc")
    assert Person.objects.get(code="NV001").user == director
    session = CouncilSession.objects.get(council=council)
    assert (session.held_on, session.state) == (dt.date(2018, 12, 12), SessionState.CLOSED)
    ballots = Ballot.objects.filter(session=session)
    assert ballots.count() == 8
    assert set(ballots.values_list("state", flat=True)) == {BallotState.CLOSED}
    # 5 voting members, each voted once on each ballot, all on paper entered by the secretary.
    receipts = BallotReceipt.objects.filter(ballot__session=session)
    assert receipts.count() == 8 * 5
    assert set(receipts.values_list("via", flat=True)) == {"PAPER"}
    nv029 = ballots.get(nomination__person__code="NV029")
    assert (nv029.yes_count, nv029.no_count, nv029.blank_count) == (3, 1, 1)


def test_disclosure_closed_with_answered_objection(demo):
    item = Disclosure.objects.get(code=data_awards.DISCLOSURE_CODE)
    assert item.state == "CLOSED"
    # 5 working days from Thursday 13/12/2018: 13, 14, 17, 18, 19.
    assert (item.opens_on, item.closes_on) == (dt.date(2018, 12, 13), dt.date(2018, 12, 19))
    assert item.nominations.count() == 8
    comments = {c.kind: c for c in item.comments.all()}
    assert set(comments) == {"COMMENT", "OBJECTION"}
    objection = comments["OBJECTION"]
    assert objection.nomination.person.code == "NV029"
    assert objection.answer.startswith("Phòng Công nghệ thông tin đã xác minh")
    assert objection.answered_at.date() == dt.date(2018, 12, 18)
    assert objection.answered_by.username == "canbotdkt"
    assert comments["COMMENT"].is_answered


def test_decision_issued_with_number_from_counter(decision):
    assert decision.state == "ISSUED"
    assert decision.number_symbol == "125/QĐ-STTTT"
    assert (decision.decided_on, decision.period_end) == (
        dt.date(2018, 12, 20),
        dt.date(2018, 11, 30),
    )
    assert (decision.signer_title, decision.signer_name) == ("Giám đốc", "Hoàng Văn Thắng")
    counter = NumberCounter.objects.get(issuer__code="STTTT", year=2018, doc_type="QĐ")
    assert counter.last_number == 125


def test_decision_wrote_the_register_with_2018_money(decision):
    lines = list(decision.recipients.select_related("award", "person", "unit"))
    assert [x.serial for x in lines] == list(range(1, 9))
    assert lines[-1].unit.code == "TTBCXB"  # collectives after individuals
    for line in lines:
        award = line.award
        assert (award.award_code, award.year, award.kind) == ("GIAY_KHEN", 2018, "MOVEMENT")
        assert award.decision_number == "125/QĐ-STTTT"
        assert award.decision_date == dt.date(2018, 12, 20)
        assert award.source == "DECISION"
        assert line.base_salary == 1_390_000  # Nghị định 72/2018, from 1/7/2018
    # Giấy khen under Nghị định 91/2017: 0.15 (person), 0.3 (unit) × 1,390,000, rounded.
    assert {x.amount for x in lines if x.person_id} == {209_000}
    assert lines[-1].amount == 417_000
    assert sum(x.amount for x in lines) == 7 * 209_000 + 417_000


def test_decision_measures_by_hand(decision):
    # S10: from 30/11/2018 to 20/12/2018.
    assert days_to_decision(decision) == (dt.date(2018, 12, 20) - dt.date(2018, 11, 30)).days == 20
    # S11: individuals NV037, NV040, NV055, NV056, NV030 (frontline) and NV034, NV029
    # (Trưởng phòng, Phó Trưởng phòng): 5 of 7 = 0.7143.
    share = frontline_share(decision)
    assert (share.individuals, share.frontline, share.leaders, share.collectives) == (7, 5, 2, 1)
    assert share.share == Decimal("0.7143")
    assert share.percent == Decimal("71.4")
    measures = movement_measures(Movement.objects.get(code="TTDN-2018"))
    assert [d.days for d in measures.timeliness] == [20]


def test_decision_page_shows_the_measures(decision, client):
    client.force_login(User.objects.get(username="canbotdkt"))
    page = client.get(reverse("awards:decision_detail", args=[decision.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "125/QĐ-STTTT" in html
    assert "<dd>20</dd>" in html
    assert "5 (71,4%)" in html or "5 (71.4%)" in html
    assert "ngày 30 tháng 11 năm 2018" in html  # the end of the assessed period


def test_second_load_creates_nothing(demo):
    before = {m.__name__: m.objects.count() for m in AWARD_TABLES}
    second = load_demo()
    assert {m.__name__: m.objects.count() for m in AWARD_TABLES} == before
    assert second.created == 0
    for key in ("nominations", "council_sessions", "disclosures", "decisions"):
        assert second[key].present == demo[key].created
