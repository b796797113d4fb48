"""The pages with which units and people take part in a launched movement (S13, S14): unit
plans and their review, briefing confirmations, registrations, and the progress per unit."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.movements.conftest import TODAY, make_draft_movement
from thidua.core.models import AuditEvent
from thidua.movements import participation, services
from thidua.movements.models import Briefing, Registration, UnitPlan

HTMX = {"HX-Request": "true"}


def _launch(world) -> None:
    services.set_movement_state(world.movement, "LAUNCHED", actor=world.officer)


def _denied(user) -> list[tuple[str, str]]:
    return [
        (e.after["permission"], e.object_id)
        for e in AuditEvent.objects.filter(action="access.denied", actor=user).order_by("pk")
    ]


def _plan_url(world, unit_code: str = "TTBCXB", suffix: str = "") -> str:
    return f"/phong-trao/{world.movement.code}/don-vi/{unit_code}/ke-hoach/{suffix}"


def _plan_post(action: str = "save", **overrides: str) -> dict[str, str]:
    data = {
        "summary": "Gắn phong trào với nhiệm vụ thông tin đối ngoại của phòng",
        "targets-TOTAL_FORMS": "2",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
        "targets-0-section": "2",
        "targets-0-description": "Đăng tin bài tiếng Trung về khu vực biên giới",
        "targets-0-indicator": "Số tin bài",
        "targets-0-target_value": "30",
        "targets-0-measure_unit": "tin bài",
        "targets-0-due_on": (TODAY + dt.timedelta(days=90)).isoformat(),
        "targets-1-section": "1",
        "targets-1-description": "Quán triệt kế hoạch đến toàn thể cán bộ",
        "targets-1-indicator": "",
        "targets-1-target_value": "100",
        "targets-1-measure_unit": "%",
        "targets-1-due_on": "",
        "action": action,
    }
    data.update(overrides)
    return data


def _targets(plan: UnitPlan) -> list[tuple[int, str, Decimal | None, str]]:
    return [
        (t.section.number, t.description, t.target_value, t.measure_unit)
        for t in plan.targets.select_related("section").order_by("section__number")
    ]


def _submitted_plan(world, client_for) -> UnitPlan:
    head = client_for(world.head_a)
    response = head.post(_plan_url(world), _plan_post("submit"))
    assert response.status_code == 302
    return UnitPlan.objects.get(movement=world.movement, unit=world.div_a)


# -- Unit plans ------------------------------------------------------------------------------


def test_unit_plan_head_writes_and_submits_through_the_page(world, client_for):
    _launch(world)
    head = client_for(world.head_a)
    page = head.get(_plan_url(world)).content.decode()
    assert 'name="targets-0-description"' in page
    assert "Gửi duyệt" in page

    response = head.post(_plan_url(world), _plan_post("save"))

    assert response.status_code == 302
    plan = UnitPlan.objects.get(movement=world.movement, unit=world.div_a)
    assert (plan.state, plan.summary) == (
        "DRAFT",
        "Gắn phong trào với nhiệm vụ thông tin đối ngoại của phòng",
    )
    assert _targets(plan) == [
        (1, "Quán triệt kế hoạch đến toàn thể cán bộ", Decimal("100.00"), "%"),
        (2, "Đăng tin bài tiếng Trung về khu vực biên giới", Decimal("30.00"), "tin bài"),
    ]

    head.post(_plan_url(world), _plan_post("submit", **{"targets-1-DELETE": "on"}))

    plan.refresh_from_db()
    assert plan.state == "SUBMITTED"
    assert [t[0] for t in _targets(plan)] == [2]
    page = head.get(_plan_url(world)).content.decode()
    assert 'name="targets-0-description"' not in page
    assert "Đăng tin bài tiếng Trung về khu vực biên giới" in page


def test_unit_plan_row_without_description_is_refused(world, client_for):
    _launch(world)
    head = client_for(world.head_a)
    response = head.post(_plan_url(world), _plan_post(**{"targets-0-description": ""}))
    assert response.status_code == 200
    assert (
        '<p class="form-row__error" id="id_targets-0-description_error">Trường này là bắt buộc.</p>'
        in response.content.decode()
    )
    assert UnitPlan.objects.count() == 0


def test_submitted_plan_cannot_be_changed_through_the_page(world, client_for):
    _launch(world)
    plan = _submitted_plan(world, client_for)

    response = client_for(world.head_a).post(
        _plan_url(world), _plan_post("save", **{"targets-0-description": "Đổi sau khi gửi"})
    )

    assert "Kế hoạch đã gửi hoặc đã duyệt, không thể sửa." in response.content.decode()
    assert [t[1] for t in _targets(plan)] == [
        "Quán triệt kế hoạch đến toàn thể cán bộ",
        "Đăng tin bài tiếng Trung về khu vực biên giới",
    ]


def test_unit_plan_of_another_unit_is_forbidden_and_recorded(world, client_for):
    _launch(world)
    head = client_for(world.head_a)

    assert head.get(_plan_url(world, "CNTT")).status_code == 403
    assert head.post(_plan_url(world, "CNTT"), _plan_post()).status_code == 403

    assert UnitPlan.objects.count() == 0
    assert _denied(world.head_a) == [
        ("movements.write_unit_plan", str(world.div_b.pk)),
        ("movements.write_unit_plan", str(world.div_b.pk)),
    ]


def test_unit_plan_add_row_with_htmx_and_without(world, client_for):
    _launch(world)
    head = client_for(world.head_a)

    fragment = head.get(
        _plan_url(world, suffix="them-dong/"), {"targets-TOTAL_FORMS": "2"}, headers=HTMX
    ).content.decode()
    assert 'name="targets-2-section"' in fragment
    assert "Chỉ tiêu 3" in fragment
    assert re.search(
        r'<input type="hidden" name="targets-TOTAL_FORMS" value="3"[^>]*hx-swap-oob', fragment
    )

    page = head.post(_plan_url(world), _plan_post("add_row")).content.decode()
    assert 'name="targets-2-section"' in page
    assert "Quán triệt kế hoạch đến toàn thể cán bộ</textarea>" in page  # typed rows are kept
    assert UnitPlan.objects.count() == 0


def test_officer_returns_plan_with_comment_then_approves(world, client_for):
    _launch(world)
    plan = _submitted_plan(world, client_for)
    officer, head = client_for(world.officer), client_for(world.head_a)

    listing = officer.get(f"/phong-trao/{world.movement.code}/ke-hoach-don-vi/")
    rows = {unit.code: p and p.state for unit, p in listing.context["rows"]}
    assert rows == {"TTBCXB": "SUBMITTED", "CNTT": None, "BAOLS": None}

    # A unit head does not review plans.
    assert head.post(_plan_url(world, suffix="duyet/"), {"decision": "APPROVED"}).status_code == 403

    # Returning needs a comment.
    response = officer.post(_plan_url(world, suffix="duyet/"), {"decision": "RETURNED"})
    assert "Khi trả lại cần ghi rõ ý kiến để đơn vị sửa." in response.content.decode()
    plan.refresh_from_db()
    assert plan.state == "SUBMITTED"

    officer.post(
        _plan_url(world, suffix="duyet/"),
        {"decision": "RETURNED", "comment": "Bổ sung chỉ tiêu tại các xã biên giới"},
    )
    plan.refresh_from_db()
    assert (plan.state, plan.review_comment) == (
        "RETURNED",
        "Bổ sung chỉ tiêu tại các xã biên giới",
    )
    page = head.get(_plan_url(world)).content.decode()
    assert "Bổ sung chỉ tiêu tại các xã biên giới" in page
    assert 'name="targets-0-description"' in page  # editable again

    head.post(_plan_url(world), _plan_post("submit"))
    officer.post(_plan_url(world, suffix="duyet/"), {"decision": "APPROVED", "comment": ""})
    plan.refresh_from_db()
    assert (plan.state, plan.reviewed_by) == ("APPROVED", world.officer)


# -- Briefing and progress -------------------------------------------------------------------


def test_briefing_is_confirmed_with_one_click(world, client_for):
    _launch(world)
    staff = client_for(world.staff_a)
    page_url = f"/phong-trao/{world.movement.code}/tham-gia/"
    confirm_url = f"/phong-trao/{world.movement.code}/quan-triet/"
    assert "Tôi đã được quán triệt về phong trào này" in staff.get(page_url).content.decode()

    response = staff.post(confirm_url, {"next": page_url})
    assert response.status_code == 302
    assert response["Location"] == page_url
    fragment = staff.post(confirm_url, headers=HTMX).content.decode()

    assert Briefing.objects.filter(movement=world.movement).count() == 1
    briefing = Briefing.objects.get(movement=world.movement)
    assert (briefing.person, briefing.unit) == (world.person_a, world.div_a)
    assert "Đã xác nhận quán triệt lúc" in fragment
    assert "<button" not in fragment
    page = staff.get(page_url).content.decode()
    assert "Đã xác nhận quán triệt lúc" in page
    assert "Tôi đã được quán triệt về phong trào này" not in page


def test_briefing_is_refused_before_launch(world, client_for):
    # A draft is not visible to staff: 404, and the attempt is recorded.
    staff = client_for(world.staff_a)
    assert staff.post(f"/phong-trao/{world.movement.code}/quan-triet/").status_code == 404
    assert Briefing.objects.count() == 0
    assert _denied(world.staff_a) == [("movements.view_movement", str(world.movement.pk))]


def _progress_row(body: str, code: str) -> str:
    match = re.search(rf'<tr id="unit-{code}">(.*?)</tr>', body, re.S)
    assert match, code
    return match.group(1)


def test_progress_shows_briefed_share_per_unit(world, client_for):
    _launch(world)
    participation.confirm_briefing(world.movement, world.person_a, actor=world.staff_a)
    url = f"/phong-trao/{world.movement.code}/tien-do/"

    response = client_for(world.officer).get(url)

    figures = {
        row["figures"].code: (row["figures"].staff, row["figures"].briefed)
        for row in response.context["rows"]
    }
    assert figures == {"TTBCXB": (2, 1), "CNTT": (1, 0), "BAOLS": (0, 0)}
    row = _progress_row(response.content.decode(), "TTBCXB")
    assert "1/2" in row
    assert '<progress max="2" value="1"' in row
    assert "50%" in row


def test_progress_of_a_unit_head_shows_only_their_subtree(world, client_for):
    _launch(world)
    participation.confirm_briefing(world.movement, world.person_a)
    url = f"/phong-trao/{world.movement.code}/tien-do/"

    response = client_for(world.head_b).get(url)

    body = response.content.decode()
    assert [row["figures"].code for row in response.context["rows"]] == ["CNTT"]
    assert "TTBCXB" not in body
    assert world.div_a.name not in body
    assert client_for(world.staff_a).get(url).status_code == 403


def test_progress_unit_lists_staff_not_yet_briefed(world, client_for):
    _launch(world)
    participation.confirm_briefing(world.movement, world.person_a)
    url = f"/phong-trao/{world.movement.code}/tien-do/TTBCXB/"

    body = client_for(world.head_a).get(url).content.decode()

    assert "Nông Văn Sơn" in body
    assert "Lương Thị Hoa" not in body
    assert client_for(world.head_b).get(url).status_code == 404
    assert _denied(world.head_b) == [("movements.view_unit_progress", str(world.div_a.pk))]


# -- Registrations ---------------------------------------------------------------------------


def _register_self_url(world) -> str:
    return f"/phong-trao/{world.movement.code}/dang-ky/ca-nhan/"


def _decide_url(world, registration: Registration) -> str:
    return f"/phong-trao/{world.movement.code}/dang-ky/{registration.pk}/xac-nhan/"


def test_staff_registers_and_unit_head_confirms(world, client_for):
    _launch(world)
    staff, head = client_for(world.staff_a), client_for(world.head_a)
    form = staff.get(_register_self_url(world)).content.decode()
    assert '<option value="LDTT">Lao động tiên tiến</option>' in form
    assert 'value="TTLDXS"' not in form  # a collective title is not offered to a person

    response = staff.post(
        _register_self_url(world),
        {"award_code": "LDTT", "targets": "Hoàn thành 100% nhiệm vụ được giao"},
    )

    assert response.status_code == 302
    registration = Registration.objects.get(movement=world.movement)
    assert (registration.person, registration.unit, registration.award_code) == (
        world.person_a,
        world.div_a,
        "LDTT",
    )
    assert registration.state == "SUBMITTED"

    listing = head.get(f"/phong-trao/{world.movement.code}/dang-ky/?trang-thai=SUBMITTED")
    assert [(r.pk, r.can_decide) for r in listing.context["rows"]] == [(registration.pk, True)]

    head.post(_decide_url(world, registration), {"decision": "CONFIRMED"})

    registration.refresh_from_db()
    assert (registration.state, registration.decided_by) == ("CONFIRMED", world.head_a)


def test_rejecting_a_registration_needs_a_reason(world, client_for):
    _launch(world)
    registration = participation.register(
        world.movement, unit=world.div_a, person=world.person_a, award_code="LDTT"
    )
    head = client_for(world.head_a)

    row = head.post(
        _decide_url(world, registration), {"decision": "REJECTED"}, headers=HTMX
    ).content.decode()
    assert "Khi không xác nhận cần ghi rõ lý do." in row
    registration.refresh_from_db()
    assert registration.state == "SUBMITTED"

    row = head.post(
        _decide_url(world, registration),
        {"decision": "REJECTED", "comment": "Chỉ tiêu chưa gắn với nhiệm vụ"},
        headers=HTMX,
    ).content.decode()
    registration.refresh_from_db()
    assert (registration.state, registration.comment) == (
        "REJECTED",
        "Chỉ tiêu chưa gắn với nhiệm vụ",
    )
    assert row.strip().startswith(f'<tr id="reg-{registration.pk}">')
    assert '<td data-label="Trạng thái">Không xác nhận<br>' in row
    assert "<form" not in row


def test_registration_after_the_deadline_is_not_offered_and_refused(world, client_for):
    _launch(world)
    services.set_phases(
        world.movement,
        {"REGISTRATION": (TODAY - dt.timedelta(days=20), TODAY - dt.timedelta(days=1))},
    )
    staff = client_for(world.staff_a)

    page = staff.get(_register_self_url(world)).content.decode()
    assert 'name="award_code"' not in page

    response = staff.post(_register_self_url(world), {"award_code": "LDTT", "targets": "x"})

    deadline = (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert f"Đã hết hạn đăng ký thi đua (hạn cuối {deadline})." in response.content.decode()
    assert Registration.objects.count() == 0


def test_staff_cannot_confirm_registrations(world, client_for):
    _launch(world)
    registration = participation.register(
        world.movement, unit=world.div_a, person=world.person_a, award_code="LDTT"
    )
    staff = client_for(world.staff_a)

    assert (
        staff.post(_decide_url(world, registration), {"decision": "CONFIRMED"}).status_code == 403
    )
    assert staff.get(f"/phong-trao/{world.movement.code}/dang-ky/").status_code == 403

    registration.refresh_from_db()
    assert registration.state == "SUBMITTED"
    assert _denied(world.staff_a) == [
        ("movements.decide_registration", str(registration.pk)),
        ("movements.decide_registration", ""),
    ]


def test_unit_head_registers_the_unit_and_the_officer_confirms(world, client_for):
    _launch(world)
    head, officer = client_for(world.head_a), client_for(world.officer)
    url = f"/phong-trao/{world.movement.code}/don-vi/TTBCXB/dang-ky/"
    assert 'value="LDTT"' not in head.get(url).content.decode()

    head.post(url, {"award_code": "TTLDXS", "targets": "100% cán bộ hoàn thành tốt nhiệm vụ"})

    registration = Registration.objects.get(movement=world.movement, person__isnull=True)
    assert (registration.unit, registration.award_code, registration.state) == (
        world.div_a,
        "TTLDXS",
        "SUBMITTED",
    )
    assert head.post(_decide_url(world, registration), {"decision": "CONFIRMED"}).status_code == 403
    assert (
        client_for(world.head_b)
        .get(f"/phong-trao/{world.movement.code}/don-vi/TTBCXB/dang-ky/")
        .status_code
        == 403
    )

    officer.post(_decide_url(world, registration), {"decision": "CONFIRMED"})

    registration.refresh_from_db()
    assert (registration.state, registration.decided_by) == ("CONFIRMED", world.officer)


def test_registrant_withdraws(world, client_for):
    _launch(world)
    registration = participation.register(
        world.movement, unit=world.div_a, person=world.person_a, award_code="LDTT"
    )
    staff = client_for(world.staff_a)

    response = staff.post(f"/phong-trao/{world.movement.code}/dang-ky/{registration.pk}/rut/")

    assert response["Location"] == _register_self_url(world)
    registration.refresh_from_db()
    assert registration.state == "WITHDRAWN"
    assert 'name="award_code"' in staff.get(_register_self_url(world)).content.decode()


# -- The panel -------------------------------------------------------------------------------


def test_panel_shows_each_user_what_they_can_do(world, client_for):
    _launch(world)
    url = f"/phong-trao/{world.movement.code}/tham-gia/"
    code = world.movement.code

    staff = client_for(world.staff_a).get(url).content.decode()
    head = client_for(world.head_a).get(url).content.decode()
    officer = client_for(world.officer).get(url).content.decode()

    assert f'href="/phong-trao/{code}/dang-ky/ca-nhan/"' in staff
    assert f"/phong-trao/{code}/tien-do/" not in staff
    assert f'href="/phong-trao/{code}/don-vi/TTBCXB/ke-hoach/"' in head
    assert f'href="/phong-trao/{code}/tien-do/"' in head
    assert f"/phong-trao/{code}/ke-hoach-don-vi/" not in head
    assert "Tôi đã được quán triệt" not in head  # head_a has no staff record
    assert f'href="/phong-trao/{code}/ke-hoach-don-vi/"' in officer
    assert f'href="/phong-trao/{code}/tien-do/"' in officer


def test_panel_of_a_draft_offers_nothing(world, client_for):
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = world.officer
    html = Template("{% include 'movements/_participation_panel.html' %}").render(
        Context({"movement": world.movement, "user": world.officer, "request": request})
    )
    assert "Phong trào chưa phát động" in html
    assert "quan-triet" not in html


# -- Queries do not grow with the units ------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _launched_with(world, code: str, units) -> str:
    movement = make_draft_movement(world.agency, code=code)
    services.set_sections(movement, [{"number": 1, "title": "Quán triệt"}])
    services.set_participants(movement, units, lead=units[0])
    services.set_phases(movement, {"REGISTRATION": (TODAY, TODAY + dt.timedelta(days=5))})
    services.set_movement_state(movement, "LAUNCHED")
    for unit in units:
        participation.save_unit_plan(
            movement, unit, summary="x", targets=[{"section": 1, "description": "Quán triệt"}]
        )
        participation.register(movement, unit=unit, award_code="TTLDXS")
    participation.confirm_briefing(movement, world.person_a)
    return movement.code


@pytest.mark.parametrize("page", ["ke-hoach-don-vi", "tien-do"])
def test_list_pages_queries_do_not_grow_with_units(world, client_for, page):
    one = _launched_with(world, "PT-1", [world.div_a])
    three = _launched_with(world, "PT-3", [world.div_a, world.div_b, world.outside])
    officer = client_for(world.officer)
    officer.get(f"/phong-trao/{one}/{page}/")  # warm-up: per-process caches

    count_one = _queries(officer, f"/phong-trao/{one}/{page}/")
    count_three = _queries(officer, f"/phong-trao/{three}/{page}/")

    assert count_one == count_three
    body = officer.get(f"/phong-trao/{three}/{page}/").content.decode()
    assert all(code in body for code in ("TTBCXB", "CNTT", "BAOLS"))
