"""Councils: quorum, one secret vote per member, thresholds counted on all members, ranking
under a cap with the chair breaking a tie, and no link anywhere from a voter to a choice."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.urls import reverse

from tests.factories import make_person, make_user
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import councils
from thidua.awards.enums import NominationState, VoteChoice
from thidua.awards.models import (
    Attendance,
    Ballot,
    BallotReceipt,
    Council,
    CouncilMember,
    CouncilSession,
    Nomination,
)
from thidua.core.models import AuditEvent
from thidua.org.enums import Role

YEAR = 2024  # ND98_2023
HELD_ON = dt.date(2025, 1, 10)


@dataclass
class CouncilWorld:
    world: object
    council: Council
    chair: CouncilMember
    members: list[CouncilMember]  # the 10 voting members, chair first
    secretary: CouncilMember  # does not vote
    session: CouncilSession


def submitted(w, n: int, code: str = "CSTDCS", year: int = YEAR) -> list[Nomination]:
    people = [make_person(unit=w.div_a) for _ in range(n)]
    return [
        Nomination.objects.create(
            movement=w.movement,
            award_code=code,
            year=year,
            proposing_unit=w.div_a,
            person=p,
            state=NominationState.SUBMITTED,
            regime="ND98_2023" if year >= 2024 else "ND91_2017",
        )
        for p in people
    ]


def build_council(w, *, voting: int = 10, present: int = 10, in_writing: int = 0):
    council = councils.create_council(
        "HD-STTTT", name="Hội đồng Thi đua - Khen thưởng Sở", unit=w.agency, actor=w.officer
    )
    members = []
    for i in range(voting):
        user = make_user(username=f"tv{i}")
        role = "CHAIR" if i == 0 else "MEMBER"
        members.append(councils.add_member(council, user, role=role, full_name=f"Thành viên {i}"))
    sec_user = make_user(Role.COUNCIL_SECRETARY, w.agency, username="thuky")
    secretary = councils.add_member(council, sec_user, role="SECRETARY", votes=False)
    session = councils.create_session(council, movement=w.movement, held_on=HELD_ON)
    for i, m in enumerate(members):
        councils.record_attendance(
            session, m, present=i < present, votes_in_writing=present <= i < present + in_writing
        )
    return CouncilWorld(w, council, members[0], members, secretary, session)


def vote_all(ballot: Ballot, members: list[CouncilMember], choices: list[str]) -> None:
    for m, c in zip(members, choices, strict=True):
        councils.cast_vote(ballot, member=m, choice=c, via="ONLINE", actor=m.user)


def ballots_for(cw: CouncilWorld, noms: list[Nomination]) -> list[Ballot]:
    councils.open_ballots(cw.session, noms, actor=cw.secretary.user)
    by_nom = {b.nomination_id: b for b in Ballot.objects.filter(session=cw.session)}
    return [by_nom[n.pk] for n in noms]


def tied_session(w) -> tuple[CouncilWorld, list[Nomination], list[Ballot]]:
    """An open session with four CSTĐCS ballots voted 10, 8, 9, 9 YES of 10 (ballots still
    open): under a cap of 2, nominations 3 and 4 tie at 9 for the second place."""
    cw = build_council(w)
    councils.open_session(cw.session, actor=cw.secretary.user)
    noms = submitted(w, 4)
    ballots = ballots_for(cw, noms)
    for b, y in zip(ballots, [10, 8, 9, 9], strict=True):
        vote_all(b, cw.members, ["YES"] * y + ["NO"] * (10 - y))
    return cw, noms, ballots


# --- quorum -------------------------------------------------------------------------------


def test_quorum_refused_below_two_thirds(world):  # noqa: F811
    cw = build_council(world, voting=10, present=5, in_writing=1)  # 6/10 < 2/3
    with pytest.raises(ValidationError) as exc:
        councils.open_session(cw.session, actor=cw.secretary.user)
    assert exc.value.message_dict == {
        "state": [
            "Chưa đủ số thành viên để biểu quyết: có mặt hoặc biểu quyết bằng văn bản 6/10 "
            "thành viên, cần ít nhất hai phần ba."
        ]
    }
    cw.session.refresh_from_db()
    assert cw.session.state == "OPEN"
    # one more in writing: 7/10 >= 2/3 (the non-voting secretary is not counted)
    councils.record_attendance(cw.session, cw.members[9], present=False, votes_in_writing=True)
    councils.open_session(cw.session, actor=cw.secretary.user)
    cw.session.refresh_from_db()
    assert cw.session.state == "VOTING"
    summary = councils.attendance_summary(cw.session)
    assert (summary.members, summary.present, summary.in_writing, summary.absent) == (10, 5, 2, 3)


def test_open_ballots_only_submitted_nominations_of_the_movement(world):  # noqa: F811
    cw = build_council(world)
    councils.open_session(cw.session, actor=cw.secretary.user)
    ok, draft = submitted(world, 2)
    Nomination.objects.filter(pk=draft.pk).update(state=NominationState.DRAFT)
    with pytest.raises(ValidationError) as exc:
        councils.open_ballots(cw.session, [ok, draft], actor=cw.secretary.user)
    assert exc.value.message_dict == {
        "nominations": [
            f"Đề nghị số {draft.pk} không phải đề nghị đã trình của phong trào TTDN-2018."
        ]
    }
    assert Ballot.objects.count() == 0


# --- one vote per member -------------------------------------------------------------------


def test_member_votes_once_second_vote_refused_tally_unchanged(world):  # noqa: F811
    cw = build_council(world)
    councils.open_session(cw.session, actor=cw.secretary.user)
    (ballot,) = ballots_for(cw, submitted(world, 1))
    m = cw.members[3]
    councils.cast_vote(ballot, member=m, choice="YES", via="ONLINE", actor=m.user)
    with pytest.raises(ValidationError) as exc:
        councils.cast_vote(ballot, member=m, choice="NO", via="ONLINE", actor=m.user)
    assert "chỉ bỏ phiếu một lần" in exc.value.messages[0]
    # the secretary cannot enter a paper ballot for them either
    with pytest.raises(ValidationError):
        councils.cast_vote(ballot, member=m, choice="NO", via="PAPER", actor=cw.secretary.user)
    ballot.refresh_from_db()
    assert (ballot.yes_count, ballot.no_count, ballot.blank_count) == (1, 0, 0)
    assert BallotReceipt.objects.filter(ballot=ballot).count() == 1
    assert AuditEvent.objects.filter(action="awards.council_vote").count() == 1


def test_who_may_cast(world):  # noqa: F811
    cw = build_council(world, present=9)  # member 9 absent, not in writing
    councils.open_session(cw.session, actor=cw.secretary.user)
    (ballot,) = ballots_for(cw, submitted(world, 1))
    m1, m2 = cw.members[1], cw.members[2]
    with pytest.raises(ValidationError) as exc:  # someone else voting online for m1
        councils.cast_vote(ballot, member=m1, choice="YES", via="ONLINE", actor=m2.user)
    assert exc.value.messages == ["Thành viên tự bỏ phiếu trực tuyến của mình."]
    with pytest.raises(ValidationError) as exc:  # a member is not the secretary
        councils.cast_vote(ballot, member=m1, choice="YES", via="PAPER", actor=m2.user)
    assert exc.value.messages == ["Chỉ Thư ký Hội đồng nhập phiếu giấy."]
    with pytest.raises(ValidationError) as exc:  # the non-voting secretary
        councils.cast_vote(
            ballot, member=cw.secretary, choice="YES", via="ONLINE", actor=cw.secretary.user
        )
    assert exc.value.messages == [f"{cw.secretary} không có quyền biểu quyết trong Hội đồng."]
    absent = cw.members[9]
    with pytest.raises(ValidationError) as exc:
        councils.cast_vote(ballot, member=absent, choice="YES", via="ONLINE", actor=absent.user)
    assert exc.value.messages == ["Thành viên 9 vắng mặt và không biểu quyết bằng văn bản."]
    # the secretary enters m1's paper ballot
    councils.cast_vote(ballot, member=m1, choice="BLANK", via="PAPER", actor=cw.secretary.user)
    ballot.refresh_from_db()
    assert (ballot.yes_count, ballot.no_count, ballot.blank_count) == (0, 0, 1)
    assert list(BallotReceipt.objects.values_list("member_id", "via")) == [(m1.pk, "PAPER")]


# --- secrecy ------------------------------------------------------------------------------

BALLOT_MODELS = [Council, CouncilMember, CouncilSession, Attendance, Ballot, BallotReceipt]
CHOICE_VALUES = set(VoteChoice.values)


def test_no_link_from_a_voter_to_a_choice(world):  # noqa: F811
    cw = build_council(world)
    councils.open_session(cw.session, actor=cw.secretary.user)
    (ballot,) = ballots_for(cw, submitted(world, 1))
    choices = ["YES"] * 6 + ["NO"] * 3 + ["BLANK"]
    vote_all(ballot, cw.members[:9], choices[:9])
    councils.cast_vote(
        ballot, member=cw.members[9], choice="BLANK", via="PAPER", actor=cw.secretary.user
    )

    # 1. Schema: receipts have no choice; no model holds a member and a choice-like field.
    receipt_fields = {f.name for f in BallotReceipt._meta.get_fields()}
    assert receipt_fields == {"id", "ballot", "member", "cast_at", "via"}
    for model in BALLOT_MODELS:
        fields = model._meta.get_fields()
        names = {f.name for f in fields}
        links_member = any(
            isinstance(f, models.ForeignKey)
            and f.related_model
            in (CouncilMember, CouncilMember._meta.get_field("user").related_model)
            for f in fields
        )
        choice_like = {n for n in names if "choice" in n or n in ("vote", "answer")}
        if links_member:
            assert choice_like == set(), model
            assert not (names & {"yes_count", "no_count", "blank_count"}), model
        for f in fields:
            if getattr(f, "choices", None):
                assert not ({c for c, _ in f.choices} & CHOICE_VALUES), (model, f.name)

    # 2. Rows: no stored value anywhere in these tables equals a choice code.
    for model in BALLOT_MODELS:
        for row in model.objects.values():
            assert not (set(map(str, row.values())) & CHOICE_VALUES), (model, row)
    assert BallotReceipt.objects.count() == 10
    ballot.refresh_from_db()
    assert (ballot.yes_count, ballot.no_count, ballot.blank_count) == (6, 3, 1)

    # 3. Audit: each vote event says only that a vote was cast, by whom, on which ballot.
    votes = AuditEvent.objects.filter(action="awards.council_vote").order_by("id")
    assert votes.count() == 10
    for event in votes:
        assert event.before is None
        assert set(event.after) == {"ballot", "member", "via"}
        assert event.after["ballot"] == ballot.pk
        text = f"{event.after} {event.note} {event.object_repr}"
        for word in (*CHOICE_VALUES, "yes", "no_count", "blank", "Đồng ý", "Không đồng ý"):
            assert word not in text
    # no audit event anywhere mentions a choice code next to a member
    for event in AuditEvent.objects.all():
        if event.after and "member" in event.after:
            assert not (set(map(str, event.after.values())) & CHOICE_VALUES)


# --- thresholds on all members --------------------------------------------------------------


def test_threshold_counted_on_all_members(world):  # noqa: F811
    cw = build_council(world, voting=10, present=8)
    councils.open_session(cw.session, actor=cw.secretary.user)
    a, b = submitted(world, 2)
    ba, bb = ballots_for(cw, [a, b])
    present = cw.members[:8]
    vote_all(ba, present, ["YES"] * 8)  # 8/10 = 80% -> passes
    vote_all(bb, present, ["YES"] * 7 + ["NO"])  # 7/10 = 70% (though 7/8 = 87.5%) -> fails
    by_nom = {r.nomination.pk: r for r in councils.results(cw.session)}
    ra, rb = by_nom[a.pk], by_nom[b.pk]
    assert (ra.yes, ra.no, ra.blank, ra.members) == (8, 0, 0, 10)
    assert ra.share == Decimal("0.8")
    assert ra.threshold.min_share == Decimal("0.8")
    assert ra.threshold.confirmed is True
    assert ra.threshold.citation == "Nghị định 98/2023/NĐ-CP, Điều 30.7"
    assert ra.passed is True
    assert (rb.yes, rb.no, rb.share, rb.passed) == (7, 1, Decimal("0.7"), False)

    councils.close_ballot(ba, actor=cw.secretary.user)
    councils.close_ballot(bb, actor=cw.secretary.user)
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.state, b.state) == (NominationState.COUNCIL_PASSED, NominationState.COUNCIL_FAILED)
    with pytest.raises(ValidationError):  # closed: no more votes
        councils.cast_vote(ba, member=cw.members[8], choice="YES", actor=cw.members[8].user)


def test_nd91_threshold_is_unconfirmed_and_cstd_tinh_needs_90(world):  # noqa: F811
    cw = build_council(world)
    councils.open_session(cw.session, actor=cw.secretary.user)
    (old,) = submitted(world, 1, year=2022)
    (tinh,) = submitted(world, 1, code="CSTD_TINH")
    bo, bt = ballots_for(cw, [old, tinh])
    vote_all(bo, cw.members[:8], ["YES"] * 8)
    vote_all(bt, cw.members[:9], ["YES"] * 8 + ["NO"])  # 80% < 90%
    by_nom = {r.nomination.pk: r for r in councils.results(cw.session)}
    r_old, r_tinh = by_nom[old.pk], by_nom[tinh.pk]
    assert (r_old.threshold.regime, r_old.threshold.min_share) == ("ND91_2017", Decimal("0.8"))
    assert r_old.threshold.confirmed is False
    assert r_old.passed is True
    assert r_tinh.threshold.min_share == Decimal("0.9")
    assert r_tinh.passed is False


def test_council_states_only_from_a_ballot(world):  # noqa: F811
    from thidua.awards import nominations

    (n,) = submitted(world, 1)
    with pytest.raises(ValidationError) as exc:
        nominations.set_nomination_state(n, "COUNCIL_PASSED", actor=world.officer)
    assert exc.value.messages == [
        "Chỉ kết quả bỏ phiếu kín của Hội đồng mới chuyển đề nghị sang trạng thái này."
    ]


# --- ranking under a cap ------------------------------------------------------------------


def test_ranking_by_votes_tie_at_cutoff_flagged_then_chair_decides(world):  # noqa: F811
    cw, noms, _ballots = tied_session(world)  # cap 2: nominations 3 and 4 tie
    ranking = councils.rank_passed(cw.session, "CSTDCS", cap=2)
    assert [r.nomination.pk for r in ranking.ranked] == [
        noms[0].pk,
        noms[2].pk,
        noms[3].pk,
        noms[1].pk,
    ]
    assert ranking.needs_chair is True
    assert [r.nomination.pk for r in ranking.tied] == [noms[2].pk, noms[3].pk]
    assert [r.nomination.pk for r in ranking.selected] == [noms[0].pk]

    with pytest.raises(ValidationError):  # only the chair
        councils.chair_break_tie(cw.session, [noms[3].pk, noms[2].pk], actor=cw.members[1].user)
    councils.chair_break_tie(cw.session, [noms[3].pk, noms[2].pk], actor=cw.chair.user)
    ranking = councils.rank_passed(cw.session, "CSTDCS", cap=2)
    assert ranking.needs_chair is False
    assert [r.nomination.pk for r in ranking.selected] == [noms[0].pk, noms[3].pk]
    event = AuditEvent.objects.get(action="awards.council_tie_break")
    assert event.after == {"award_code": "CSTDCS", "order": [noms[3].pk, noms[2].pk]}

    # no tie at the cut-off: cap 1 takes the 10-vote nomination, nothing flagged
    ranking = councils.rank_passed(cw.session, "CSTDCS", cap=1)
    assert ranking.needs_chair is False
    assert [r.nomination.pk for r in ranking.selected] == [noms[0].pk]


# --- concurrency (PostgreSQL) -------------------------------------------------------------


@pytest.mark.postgres
def test_same_member_voting_twice_at_once_counts_once(transactional_db, world):  # noqa: F811
    cw = build_council(world)
    councils.open_session(cw.session, actor=cw.secretary.user)
    (ballot,) = ballots_for(cw, submitted(world, 1))
    member = cw.members[2]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def vote(choice: str) -> None:
        try:
            barrier.wait()
            councils.cast_vote(ballot, member=member, choice=choice, actor=member.user)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=vote, args=(c,)) for c in ("YES", "YES")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok", "refused"]
    assert BallotReceipt.objects.filter(ballot=ballot, member=member).count() == 1
    ballot.refresh_from_db()
    assert (ballot.yes_count, ballot.no_count, ballot.blank_count) == (1, 0, 0)


# --- pages --------------------------------------------------------------------------------


def test_pages_attendance_vote_paper_and_results(world, client_for):  # noqa: F811
    cw = build_council(world, present=0)
    secretary = client_for(cw.secretary.user)
    url = reverse("awards:council_session", args=[cw.session.pk])
    # attendance: 8 present, 1 in writing, 1 absent; then open voting
    data = {f"member-{m.pk}": "present" for m in cw.members[:8]}
    data[f"member-{cw.members[8].pk}"] = "writing"
    response = secretary.post(reverse("awards:council_attendance", args=[cw.session.pk]), data)
    assert response.status_code == 302
    secretary.post(reverse("awards:council_open", args=[cw.session.pk]))
    cw.session.refresh_from_db()
    assert cw.session.state == "VOTING"
    (n,) = submitted(world, 1)
    secretary.post(reverse("awards:council_ballots", args=[cw.session.pk]), {"nomination": [n.pk]})
    ballot = Ballot.objects.get(session=cw.session, nomination=n)

    member = client_for(cw.members[1].user)
    page = member.get(url)
    assert page.status_code == 200
    assert "Bỏ phiếu" in page.content.decode()
    response = member.post(
        reverse("awards:council_vote", args=[ballot.pk]), {f"b{ballot.pk}-choice": "NO"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("awards:council_voted", args=[ballot.pk])
    voted = member.get(response["Location"]).content.decode()
    assert "Đã bỏ phiếu" in voted
    for label in ("Đồng ý", "Không đồng ý", "Phiếu trắng"):
        assert label not in voted
    # second vote through the page: refused, tally unchanged
    member.post(reverse("awards:council_vote", args=[ballot.pk]), {f"b{ballot.pk}-choice": "YES"})
    ballot.refresh_from_db()
    assert (ballot.yes_count, ballot.no_count) == (0, 1)

    # the secretary enters member 8's paper ballot (in writing)
    response = secretary.post(
        reverse("awards:council_paper", args=[ballot.pk]),
        {f"p{ballot.pk}-member": cw.members[8].pk, f"p{ballot.pk}-choice": "YES"},
    )
    assert response.status_code == 302
    ballot.refresh_from_db()
    assert (ballot.yes_count, ballot.no_count) == (1, 1)

    # an ordinary member may not close the ballot nor enter paper ballots
    denied = member.post(reverse("awards:council_close", args=[ballot.pk]))
    assert denied.status_code == 403
    secretary.post(reverse("awards:council_close", args=[ballot.pk]))
    results = secretary.get(reverse("awards:council_results", args=[cw.session.pk]))
    html = results.content.decode()
    assert results.status_code == 200
    assert "1/10 = 10,0%" in html  # Vietnamese decimal comma
    assert "có mặt: 8; vắng mặt biểu quyết bằng văn bản: 1; vắng mặt: 1." in html
    n.refresh_from_db()
    assert n.state == NominationState.COUNCIL_FAILED


def test_outsider_sees_no_session(world, client_for):  # noqa: F811
    cw = build_council(world)
    outsider = client_for(world.head_b)  # a unit head, not on the council, not an officer
    response = outsider.get(reverse("awards:council_session", args=[cw.session.pk]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access.denied").count() == 1
