"""Councils API: creating councils, members (ended, never deleted) and sessions; attendance
and the quorum; one secret vote per member (a second one is 409), the secretary's paper
ballots; results; the ranking under a cap with a tie broken only by the chair; scoping."""

from __future__ import annotations

import pytest

from tests.api.conftest import post, put
from tests.awards.test_councils import build_council, submitted, tied_session
from tests.factories import make_user
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import councils
from thidua.awards.models import Ballot, BallotReceipt, Council, CouncilMember
from thidua.core.models import AuditEvent
from thidua.org.enums import Role

pytestmark = pytest.mark.django_db


def test_create_council_members_and_session(world, api_client_for):  # noqa: F811
    api = api_client_for(world.officer)
    response = post(
        api,
        "/api/v1/councils",
        {"code": "HD-STTTT", "name": "Hội đồng Sở", "unit_code": "STTTT"},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["members"] == []
    assert post(
        api, "/api/v1/councils", {"code": "HD-STTTT", "name": "X", "unit_code": "STTTT"}
    ).json() == {
        "detail": [
            {"loc": ["body", "code"], "msg": "Mã Hội đồng “HD-STTTT” đã có.", "type": "value_error"}
        ]
    }
    make_user(username="chutich")
    response = post(
        api,
        "/api/v1/councils/HD-STTTT/members",
        {"username": "chutich", "role": "CHAIR", "valid_from": "2025-01-01"},
    )
    assert response.status_code == 201, response.json()
    member_id = response.json()["id"]
    assert response.json()["role"] == "CHAIR"
    unknown = post(api, "/api/v1/councils/HD-STTTT/members", {"username": "khongco"})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["body", "username"]
    twice = post(api, "/api/v1/councils/HD-STTTT/members", {"username": "chutich"})
    assert twice.status_code == 422
    assert twice.json()["detail"][0]["loc"] == ["body", "username"]

    ended = post(
        api, f"/api/v1/councils/HD-STTTT/members/{member_id}/end", {"valid_to": "2025-06-30"}
    )
    assert ended.status_code == 200
    assert ended.json()["valid_to"] == "2025-06-30"
    assert CouncilMember.objects.filter(pk=member_id).exists()
    detail = api.get("/api/v1/councils/HD-STTTT").json()
    assert [m["valid_to"] for m in detail["members"]] == ["2025-06-30"]

    response = post(
        api,
        "/api/v1/councils/HD-STTTT/sessions",
        {"held_on": "2025-03-01", "movement_code": world.movement.code},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["state"] == "OPEN"
    assert body["attendance"] == {
        "members": 1,
        "present": 0,
        "in_writing": 0,
        "absent": 1,
        "quorum": False,
    }
    bad = post(
        api,
        "/api/v1/councils/HD-STTTT/sessions",
        {"held_on": "2025-03-01", "movement_code": "KHONGCO"},
    )
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["body", "movement_code"]


def test_scoping_and_permissions(world, api_client_for):  # noqa: F811
    councils.create_council("HD-A", name="Hội đồng Phòng A", unit=world.div_a)
    officer_b = make_user(Role.OFFICER, world.div_b, username="officer_b")
    api_b = api_client_for(officer_b)
    assert api_b.get("/api/v1/councils").json() == []
    missing = api_b.get("/api/v1/councils/HD-A")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Không tìm thấy Hội đồng mã “HD-A”."}
    assert AuditEvent.objects.filter(action="access.denied").count() == 1
    refused = post(api_b, "/api/v1/councils", {"code": "HD-X", "name": "X", "unit_code": "TTBCXB"})
    assert refused.status_code == 403
    assert not Council.objects.filter(code="HD-X").exists()
    assert [c["code"] for c in api_client_for(world.officer).get("/api/v1/councils").json()] == [
        "HD-A"
    ]
    cw = build_council(world)
    assert api_b.get(f"/api/v1/council-sessions/{cw.session.pk}").status_code == 404
    # an ordinary member sees the session but may not manage it
    member_api = api_client_for(cw.members[1].user)
    assert member_api.get(f"/api/v1/council-sessions/{cw.session.pk}").status_code == 200
    assert member_api.post(f"/api/v1/council-sessions/{cw.session.pk}/open").status_code == 403


def test_attendance_quorum_and_votes(world, api_client_for):  # noqa: F811
    cw = build_council(world, present=0)
    secretary = api_client_for(cw.secretary.user)
    base = f"/api/v1/council-sessions/{cw.session.pk}"
    rows = [{"member_id": m.pk, "present": True} for m in cw.members[:6]]
    response = put(secretary, f"{base}/attendance", {"rows": rows})
    assert response.status_code == 200
    assert response.json()["attendance"]["quorum"] is False
    refused = post(secretary, f"{base}/open", {})
    assert refused.status_code == 422
    assert "6/10" in refused.json()["detail"][0]["msg"]
    rows = [{"member_id": cw.members[6].pk, "present": False, "votes_in_writing": True}]
    summary = put(secretary, f"{base}/attendance", {"rows": rows}).json()["attendance"]
    assert summary == {"members": 10, "present": 6, "in_writing": 1, "absent": 3, "quorum": True}
    other = put(secretary, f"{base}/attendance", {"rows": [{"member_id": 999999}]})
    assert other.status_code == 422
    assert post(secretary, f"{base}/open", {}).json()["state"] == "VOTING"

    (n,) = submitted(world, 1)
    opened = post(secretary, f"{base}/ballots", {"nomination_ids": [n.pk]})
    assert opened.status_code == 201
    (ballot,) = opened.json()["ballots"]
    assert (ballot["voted"], ballot["yes"]) == (0, None)
    vote_url = f"/api/v1/ballots/{ballot['id']}/votes"

    member = api_client_for(cw.members[1].user)
    first = post(member, vote_url, {"choice": "YES"})
    assert first.status_code == 201, first.json()
    assert first.json()["via"] == "ONLINE"
    assert "choice" not in first.json()
    assert "YES" not in str(first.json())
    second = post(member, vote_url, {"choice": "NO"})
    assert second.status_code == 409
    assert "chỉ bỏ phiếu một lần" in second.json()["detail"]
    row = Ballot.objects.get(pk=ballot["id"])
    assert (row.yes_count, row.no_count) == (1, 0)
    # an absent member may not vote
    absent = post(api_client_for(cw.members[9].user), vote_url, {"choice": "YES"})
    assert absent.status_code == 422
    # tallies stay hidden while the ballot is open
    session = secretary.get(base).json()
    assert (session["ballots"][0]["voted"], session["ballots"][0]["yes"]) == (1, None)

    # the secretary enters member 6's paper ballot (in writing); once only
    paper = post(secretary, vote_url, {"choice": "NO", "member_id": cw.members[6].pk})
    assert paper.status_code == 201
    assert paper.json()["via"] == "PAPER"
    again = post(secretary, vote_url, {"choice": "NO", "member_id": cw.members[6].pk})
    assert again.status_code == 409
    # only the secretary enters paper ballots: not a member, not an officer (403)
    for_other = {"choice": "NO", "member_id": cw.members[2].pk}
    assert post(member, vote_url, for_other).status_code == 403
    assert post(api_client_for(world.officer), vote_url, for_other).status_code == 403
    receipts = BallotReceipt.objects.filter(ballot_id=ballot["id"])
    assert sorted(r.via for r in receipts) == ["ONLINE", "PAPER"]
    # no audit event carries the choice
    for event in AuditEvent.objects.filter(action="awards.council_vote"):
        assert "YES" not in str(event.after)
        assert "NO" not in str(event.after)

    closed = post(secretary, f"/api/v1/ballots/{ballot['id']}/close", {})
    assert closed.status_code == 200
    assert (closed.json()["yes"], closed.json()["no"], closed.json()["passed"]) == (1, 1, False)
    results = secretary.get(f"{base}/results").json()
    assert results["attendance"]["present"] == 6
    assert results["results"][0]["share"] == "0.1"
    assert results["results"][0]["members"] == 10
    assert post(member, vote_url, {"choice": "YES"}).status_code == 403  # ballot closed


def test_ranking_and_tie_break_only_by_the_chair(world, api_client_for):  # noqa: F811
    cw, noms, _ballots = tied_session(world)
    base = f"/api/v1/council-sessions/{cw.session.pk}"
    member = api_client_for(cw.members[1].user)
    no_cap = member.get(f"{base}/ranking", {"award_code": "CSTDCS"})
    assert no_cap.status_code == 422
    assert no_cap.json()["detail"][0]["loc"] == ["query", "cap"]
    ranking = member.get(f"{base}/ranking", {"award_code": "CSTDCS", "cap": 2}).json()
    assert ranking["needs_chair"] is True
    assert ranking["open_ballots"] == 4
    assert ranking["tied_ids"] == [noms[2].pk, noms[3].pk]
    assert ranking["selected_ids"] == [noms[0].pk]
    order = {"nomination_ids": [noms[3].pk, noms[2].pk]}
    denied = post(member, f"{base}/tie-break", order)
    assert denied.status_code == 403
    assert denied.json() == {"detail": "Chỉ Chủ tịch Hội đồng quyết định thứ tự khi bằng phiếu."}
    assert post(api_client_for(world.officer), f"{base}/tie-break", order).status_code == 403
    chair = api_client_for(cw.chair.user)
    bad = post(chair, f"{base}/tie-break", {"nomination_ids": [noms[3].pk, noms[3].pk]})
    assert bad.status_code == 422
    response = post(chair, f"{base}/tie-break", order)
    assert response.status_code == 200
    assert response.json() == {"award_code": "CSTDCS", "order": [noms[3].pk, noms[2].pk]}
    ranking = member.get(f"{base}/ranking", {"award_code": "CSTDCS", "cap": 2}).json()
    assert ranking["needs_chair"] is False
    assert ranking["selected_ids"] == [noms[0].pk, noms[3].pk]
    assert [r["position"] for r in ranking["ranked"]] == [1, 2, 3, 4]


def test_openapi_lists_council_endpoints(world, api_client_for):  # noqa: F811
    paths = api_client_for(world.officer).get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/councils",
        "/api/v1/councils/{code}/members",
        "/api/v1/council-sessions/{session_id}/attendance",
        "/api/v1/council-sessions/{session_id}/ranking",
        "/api/v1/ballots/{ballot_id}/votes",
    ):
        assert path in paths
