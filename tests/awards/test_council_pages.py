"""Council pages: the scoped list, creating a council, adding and ending members (never
deleting), creating sessions, the quorum on the session page, and the ranking under a cap with
the tie at the cut-off broken only by the chair."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.awards.test_councils import build_council, tied_session
from tests.factories import make_user
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import councils
from thidua.awards.models import Council, CouncilMember, CouncilSession, QuotaCounter
from thidua.core.models import AuditEvent
from thidua.org.enums import Role

pytestmark = pytest.mark.django_db


def _division_council(w):
    return councils.create_council("HD-TTBCXB", name="Hội đồng Phòng TTBCXB", unit=w.div_a)


def test_list_is_scoped_to_the_officer_subtree(world, client_for):  # noqa: F811
    _division_council(world)
    councils.create_council("HD-CNTT", name="Hội đồng Phòng CNTT", unit=world.div_b)
    officer_b = make_user(Role.OFFICER, world.div_b, username="officer_b")
    html = client_for(officer_b).get(reverse("awards:council_list")).content.decode()
    assert "HD-CNTT" in html
    assert "HD-TTBCXB" not in html
    html = client_for(world.officer).get(reverse("awards:council_list")).content.decode()
    assert "HD-CNTT" in html
    assert "HD-TTBCXB" in html
    # the other division's council: the same 404 as a missing one, and the attempt recorded
    response = client_for(officer_b).get(reverse("awards:council_detail", args=["HD-TTBCXB"]))
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="access.denied").count() == 1
    # a staff member without a council role sees no list at all
    assert client_for(world.staff_a).get(reverse("awards:council_list")).status_code == 403


def test_award_register_links_to_the_council_list(world, client_for):  # noqa: F811
    html = client_for(world.officer).get(reverse("awards:list")).content.decode()
    assert reverse("awards:council_list") in html


def test_officer_creates_a_council_only_for_a_unit_in_scope(world, client_for):  # noqa: F811
    client = client_for(world.officer)
    form = client.get(reverse("awards:council_create")).content.decode()
    assert 'for="id_code"' in form
    assert 'for="id_unit"' in form
    response = client.post(
        reverse("awards:council_create"),
        {
            "code": "HD-STTTT",
            "name": "Hội đồng Thi đua - Khen thưởng Sở",
            "unit": world.agency.pk,
            "movement": world.movement.code,
        },
    )
    assert response.status_code == 302
    council = Council.objects.get(code="HD-STTTT")
    assert (council.unit, council.movement) == (world.agency, world.movement)
    assert response["Location"] == reverse("awards:council_detail", args=["HD-STTTT"])
    assert AuditEvent.objects.filter(action="awards.council_create").count() == 1
    # the same code again: a Vietnamese message on the form, nothing created
    again = client.post(
        reverse("awards:council_create"),
        {"code": "HD-STTTT", "name": "Khác", "unit": world.agency.pk},
    )
    assert again.status_code == 200
    assert "Mã Hội đồng “HD-STTTT” đã có." in again.content.decode()
    # an officer of one division cannot pick the agency
    officer_b = make_user(Role.OFFICER, world.div_b, username="officer_b")
    refused = client_for(officer_b).post(
        reverse("awards:council_create"),
        {"code": "HD-2", "name": "Hội đồng 2", "unit": world.agency.pk},
    )
    assert refused.status_code == 200
    assert not Council.objects.filter(code="HD-2").exists()
    # a unit head (not an officer) may not create one
    assert client_for(world.head_a).get(reverse("awards:council_create")).status_code == 403


def test_members_added_and_ended_never_deleted(world, client_for):  # noqa: F811
    council = _division_council(world)
    make_user(username="chutich", first_name="Văn A", last_name="Hoàng")
    client = client_for(world.officer)
    url = reverse("awards:council_member_add", args=[council.code])
    response = client.post(
        url,
        {
            "add-username": "chutich",
            "add-full_name": "Hoàng Văn A, Giám đốc Sở",
            "add-role": "CHAIR",
            "add-votes": "on",
            "add-valid_from": "2025-01-01",
        },
    )
    assert response.status_code == 302
    member = CouncilMember.objects.get(council=council, user__username="chutich")
    assert (member.role, member.votes, member.full_name) == (
        "CHAIR",
        True,
        "Hoàng Văn A, Giám đốc Sở",
    )
    # an unknown account: refused with a message naming it
    bad = client.post(url, {"add-username": "khongco", "add-role": "MEMBER"})
    assert bad.status_code == 422
    assert "Không có tài khoản đang hoạt động tên “khongco”." in bad.content.decode()

    # ending the membership keeps the row, sets the last day, and is audited
    end_url = reverse("awards:council_member_end", args=[council.code, member.pk])
    before_start = client.post(end_url, {f"m{member.pk}-valid_to": "2024-12-31"})
    assert before_start.status_code == 302
    member.refresh_from_db()
    assert member.valid_to is None
    client.post(end_url, {f"m{member.pk}-valid_to": "2025-06-30"})
    member.refresh_from_db()
    assert member.valid_to == dt.date(2025, 6, 30)
    assert CouncilMember.objects.filter(pk=member.pk).exists()
    event = AuditEvent.objects.get(action="awards.council_member_end")
    assert event.after["valid_to"] == "2025-06-30"
    assert list(councils.current_members(council, dt.date(2025, 7, 1))) == []
    assert list(councils.current_members(council, dt.date(2025, 6, 30))) == [member]
    html = client.get(reverse("awards:council_detail", args=[council.code])).content.decode()
    assert "Không còn trong Hội đồng" in html
    # a member who is not the secretary nor an officer may not add members
    member_client = client_for(member.user)
    denied = member_client.post(url, {"add-username": "head_a", "add-role": "MEMBER"})
    assert denied.status_code == 403


def test_session_created_from_the_council_page_shows_the_quorum(world, client_for):  # noqa: F811
    cw = build_council(world, present=6, in_writing=1)
    client = client_for(world.officer)
    response = client.post(
        reverse("awards:council_session_create", args=[cw.council.code]),
        {"s-held_on": "2025-02-01", "s-movement": world.movement.code},
    )
    assert response.status_code == 302
    session = CouncilSession.objects.get(council=cw.council, held_on=dt.date(2025, 2, 1))
    assert response["Location"] == reverse("awards:council_session", args=[session.pk])
    assert session.attendances.count() == 11  # 10 voting members and the secretary
    detail = client.get(reverse("awards:council_detail", args=[cw.council.code])).content.decode()
    assert reverse("awards:council_session", args=[session.pk]) in detail
    # the first session (6 present, 1 in writing of 10): quorum reached and shown
    results = client.get(reverse("awards:council_results", args=[cw.session.pk])).content.decode()
    assert "có mặt: 6; vắng mặt biểu quyết bằng văn bản: 1; vắng mặt: 3." in results
    assert "Đủ điều kiện biểu quyết" in results
    # a missing date: the form says so
    bad = client.post(
        reverse("awards:council_session_create", args=[cw.council.code]),
        {"s-movement": world.movement.code},
    )
    assert bad.status_code == 422
    assert "Chưa tạo được phiên họp" in bad.content.decode()


def _tied_session(world):  # noqa: F811
    cw, noms, ballots = tied_session(world)
    for b in ballots:
        councils.close_ballot(b, actor=cw.secretary.user)
    return cw, noms


def test_ranking_tie_at_cutoff_broken_only_by_the_chair(world, client_for):  # noqa: F811
    cw, noms = _tied_session(world)
    url = reverse("awards:council_ranking", args=[cw.session.pk])
    member = client_for(cw.members[1].user)
    page = member.get(url, {"award_code": "CSTDCS", "cap": 2}).content.decode()
    assert "chờ Chủ tịch quyết định" in page
    assert "Chỉ Chủ tịch Hội đồng quyết định thứ tự khi bằng phiếu." in page
    assert 'name="order-' not in page
    tie_url = reverse("awards:council_tie_break", args=[cw.session.pk])
    order = {
        "award_code": "CSTDCS",
        "cap": "2",
        f"order-{noms[3].pk}": "1",
        f"order-{noms[2].pk}": "2",
    }
    assert member.post(tie_url, order).status_code == 403
    assert client_for(world.officer).post(tie_url, order).status_code == 403
    cw.session.refresh_from_db()
    assert cw.session.tie_breaks == {}

    chair = client_for(cw.chair.user)
    page = chair.get(url, {"award_code": "CSTDCS", "cap": 2}).content.decode()
    assert f'name="order-{noms[2].pk}"' in page
    assert f'name="order-{noms[3].pk}"' in page
    # the same position twice: refused
    same = {**order, f"order-{noms[2].pk}": "1"}
    chair.post(tie_url, same)
    cw.session.refresh_from_db()
    assert cw.session.tie_breaks == {}
    response = chair.post(tie_url, order)
    assert response.status_code == 302
    cw.session.refresh_from_db()
    assert cw.session.tie_breaks == {"CSTDCS": [noms[3].pk, noms[2].pk]}
    ranking = councils.rank_passed(cw.session, "CSTDCS", 2)
    assert [r.nomination.pk for r in ranking.selected] == [noms[0].pk, noms[3].pk]
    page = chair.get(url, {"award_code": "CSTDCS", "cap": 2}).content.decode()
    assert "chờ Chủ tịch quyết định" not in page
    assert "Chủ tịch đã quyết định thứ tự" in page


def test_ranking_cap_from_the_movement_quota(world, client_for):  # noqa: F811
    cw, _noms = _tied_session(world)
    url = reverse("awards:council_ranking", args=[cw.session.pk])
    client = client_for(world.officer)
    # no cap in the movement and none entered: the page asks for one
    page = client.get(url, {"award_code": "CSTDCS"}).content.decode()
    assert "Phong trào không có hạn mức" in page
    QuotaCounter.objects.create(
        movement=world.movement, unit=world.div_a, award_code="CSTDCS", year=2024, used=4, limit=1
    )
    page = client.get(url, {"award_code": "CSTDCS"}).content.decode()
    assert "Số lượng tối đa theo hạn mức của phong trào." in page
    assert "chờ Chủ tịch quyết định" not in page  # cap 1: the 10-vote nomination alone
    assert page.count("Trong số lượng") == 1


def test_outsider_gets_no_ranking(world, client_for):  # noqa: F811
    cw = build_council(world)
    response = client_for(world.head_b).get(reverse("awards:council_ranking", args=[cw.session.pk]))
    assert response.status_code == 404
