"""The officer's movement pages: list, detail, creating and editing a movement and its parts,
and moving it from draft to launch."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_unit, make_user
from tests.movements.conftest import TODAY, make_draft_movement
from thidua.core.models import AuditEvent
from thidua.movements import services
from thidua.movements.models import Movement, ParentPlan
from thidua.org.enums import Role


def _denied(user) -> list[tuple[str, str]]:
    return [
        (e.after["permission"], e.object_id)
        for e in AuditEvent.objects.filter(action="access.denied", actor=user).order_by("pk")
    ]


def _movement_post(world, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "TTDN-2019",
        "kind": "THEMATIC",
        "name": "Thi đua thông tin đối ngoại năm 2019",
        "slogan": "Quảng bá hình ảnh Lạng Sơn",
        "organizer": world.agency.pk,
        "period_start": "2019-05-01",
        "period_end": "2019-12-31",
        "parent_plan": "",
        "purposes": "Tạo động lực mạnh mẽ.",
        "requirements": "Khen thưởng chính xác, công khai.",
        "doc_number": "457/KH-STTTT",
        "doc_date": "2019-05-10",
        "doc_place": "Lạng Sơn",
        "doc_issuer": world.agency.pk,
        "signer_authority": "KT.",
        "signer_title": "Giám đốc / Phó Giám đốc",
        "signer_name": "Nguyễn Như Trang",
    }
    data.update(overrides)
    return data


# -- Creating and editing --------------------------------------------------------------------


def test_movement_create_officer_creates_movement_with_audit_event(world, client_for):
    client = client_for(world.officer)
    response = client.post("/phong-trao/tao/", _movement_post(world))
    assert response.status_code == 302
    assert response["Location"] == "/phong-trao/TTDN-2019/"
    movement = Movement.objects.get(code="TTDN-2019")
    assert (
        movement.kind,
        movement.name,
        movement.state,
        movement.organizer_id,
        movement.doc_number,
        movement.doc_date,
        movement.signer_authority,
        movement.created_by_id,
    ) == (
        "THEMATIC",
        "Thi đua thông tin đối ngoại năm 2019",
        "DRAFT",
        world.agency.pk,
        "457/KH-STTTT",
        dt.date(2019, 5, 10),
        "KT.",
        world.officer.pk,
    )
    event = AuditEvent.objects.get(action="movements.movement.created", object_id=movement.pk)
    assert event.actor_id == world.officer.pk
    assert event.after["doc_number"] == "457/KH-STTTT"
    page = client.get(response["Location"]).content.decode()
    assert "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC" in page
    assert "Lạng Sơn, ngày 10 tháng 5 năm 2019" in page


def test_movement_create_existing_code_is_refused(world, client_for):
    response = client_for(world.officer).post(
        "/phong-trao/tao/", _movement_post(world, code="TTDN-2018")
    )
    assert response.status_code == 200
    assert "Mã phong trào “TTDN-2018” đã có." in response.content.decode()
    world.movement.refresh_from_db()
    assert world.movement.doc_number == "456/KH-STTTT"


def test_movement_create_signer_on_behalf_needs_both_titles(world, client_for):
    response = client_for(world.officer).post(
        "/phong-trao/tao/", _movement_post(world, signer_title="Phó Giám đốc")
    )
    assert response.status_code == 200
    assert "ghi cả chức danh người đứng đầu và chức vụ người ký" in response.content.decode()
    assert not Movement.objects.filter(code="TTDN-2019").exists()


def test_movement_create_organizer_outside_officer_scope_is_refused(world, client_for):
    response = client_for(world.officer).post(
        "/phong-trao/tao/", _movement_post(world, organizer=world.outside.pk)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organizer"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert not Movement.objects.filter(code="TTDN-2019").exists()


def test_movement_create_service_error_shown_on_field(world, client_for):
    response = client_for(world.officer).post(
        "/phong-trao/tao/", _movement_post(world, period_end="2019-01-01")
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period_end"] == [
        "Thời gian kết thúc phải sau thời gian bắt đầu."
    ]


def test_movement_edit_keeps_code_and_records_change(world, client_for):
    client = client_for(world.officer)
    page = client.get("/phong-trao/TTDN-2018/sua/")
    assert page.status_code == 200
    assert "code" not in page.context["form"].fields
    data = _movement_post(world, name="Tên mới của phong trào", period_start="2018-05-01")
    data["period_end"] = "2018-12-31"
    data["doc_number"] = "456/KH-STTTT"
    response = client.post("/phong-trao/TTDN-2018/sua/", data)
    assert response.status_code == 302
    world.movement.refresh_from_db()
    assert (world.movement.code, world.movement.name) == ("TTDN-2018", "Tên mới của phong trào")
    event = AuditEvent.objects.filter(action="movements.movement.updated").get()
    assert event.after["name"] == "Tên mới của phong trào"


def test_parent_plan_create_then_sections_link_its_tasks(world, client_for):
    client = client_for(world.officer)
    response = client.post(
        "/phong-trao/ke-hoach-cap-tren/tao/",
        {
            "code": "KH05-2018",
            "number": "05/KH-UBND",
            "issued_on": "2018-01-17",
            "issuer": "UBND tỉnh Lạng Sơn",
            "title": "Hoạt động thông tin đối ngoại trên địa bàn tỉnh năm 2018",
            "tasks": "NV1 | Tuyên truyền đối ngoại\n\nNV2 | Thông tin biên giới\n",
            "next": "/phong-trao/TTDN-2018/sua/",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/phong-trao/TTDN-2018/sua/"
    plan = ParentPlan.objects.get(code="KH05-2018")
    assert [(t.order, t.code, t.title) for t in plan.tasks.all()] == [
        (1, "NV1", "Tuyên truyền đối ngoại"),
        (2, "NV2", "Thông tin biên giới"),
    ]
    services.upsert_movement("TTDN-2018", parent_plan=plan)
    response = client.post(
        "/phong-trao/TTDN-2018/noi-dung/",
        {
            "sections-TOTAL_FORMS": "4",
            "sections-INITIAL_FORMS": "2",
            "sections-MIN_NUM_FORMS": "0",
            "sections-MAX_NUM_FORMS": "1000",
            "sections-0-number": "1",
            "sections-0-title": "Quán triệt, triển khai kế hoạch",
            "sections-0-body": "Trưởng các phòng quán triệt đến toàn thể công chức.",
            "sections-0-parent_tasks": ["NV1"],
            "sections-1-number": "2",
            "sections-1-title": "Thông tin đối ngoại khu vực biên giới",
            "sections-1-DELETE": "on",
            "sections-2-number": "3",
            "sections-2-title": "Sáng kiến, ứng dụng công nghệ thông tin",
            "sections-2-parent_tasks": ["NV1", "NV2"],
            "sections-3-number": "",
            "sections-3-title": "",
        },
    )
    assert response.status_code == 302
    sections = world.movement.sections.order_by("number")
    assert [
        (s.number, s.title, sorted(t.code for t in s.parent_tasks.all())) for s in sections
    ] == [
        (1, "Quán triệt, triển khai kế hoạch", ["NV1"]),
        (3, "Sáng kiến, ứng dụng công nghệ thông tin", ["NV1", "NV2"]),
    ]
    page = client.get("/phong-trao/TTDN-2018/").content.decode()
    assert "05/KH-UBND" in page
    assert '<a href="#task-nv2">NV2. Thông tin biên giới</a>' in page


def test_sections_page_duplicate_numbers_are_refused(world, client_for):
    response = client_for(world.officer).post(
        "/phong-trao/TTDN-2018/noi-dung/",
        {
            "sections-TOTAL_FORMS": "2",
            "sections-INITIAL_FORMS": "0",
            "sections-0-number": "1",
            "sections-0-title": "Một",
            "sections-1-number": "1",
            "sections-1-title": "Hai",
        },
    )
    assert response.status_code == 200
    assert "Số thứ tự của các nội dung thi đua bị trùng." in response.content.decode()
    assert world.movement.sections.count() == 2


def test_legal_bases_page_keeps_order(world, client_for):
    response = client_for(world.officer).post(
        "/phong-trao/TTDN-2018/can-cu/",
        {"texts": "Luật Thi đua, Khen thưởng năm 2022;\n\n  Nghị định 72/2015/NĐ-CP  \n"},
    )
    assert response.status_code == 302
    assert list(world.movement.legal_bases.order_by("order").values_list("text", flat=True)) == [
        "Luật Thi đua, Khen thưởng năm 2022;",
        "Nghị định 72/2015/NĐ-CP",
    ]


def test_phases_page_sets_phases(world, client_for):
    start = world.movement.period_start
    response = client_for(world.officer).post(
        "/phong-trao/TTDN-2018/giai-doan/",
        {
            "registration_start": start.isoformat(),
            "registration_end": (start + dt.timedelta(days=14)).isoformat(),
            "final_review_start": (start + dt.timedelta(days=200)).isoformat(),
            "final_review_end": (start + dt.timedelta(days=220)).isoformat(),
        },
    )
    assert response.status_code == 302
    assert {p.kind: (p.start, p.end) for p in world.movement.phases.all()} == {
        "REGISTRATION": (start, start + dt.timedelta(days=14)),
        "FINAL_REVIEW": (start + dt.timedelta(days=200), start + dt.timedelta(days=220)),
    }


def test_phases_page_outside_period_shows_service_error(world, client_for):
    before = {p.kind: (p.start, p.end) for p in world.movement.phases.all()}
    start = world.movement.period_start
    response = client_for(world.officer).post(
        "/phong-trao/TTDN-2018/giai-doan/",
        {
            "registration_start": (start - dt.timedelta(days=5)).isoformat(),
            "registration_end": start.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["registration_end"] == [
        "Đăng ký thi đua phải nằm trong thời gian của phong trào."
    ]
    assert {p.kind: (p.start, p.end) for p in world.movement.phases.all()} == before


def test_participants_page_sets_units_lead_and_outside_organisation(world, client_for):
    client = client_for(world.officer)
    page = client.get("/phong-trao/TTDN-2018/don-vi-tham-gia/").content.decode()
    assert "Báo Lạng Sơn (BAOLS) — Tổ chức bên ngoài" in page
    response = client.post(
        "/phong-trao/TTDN-2018/don-vi-tham-gia/",
        {"units": [world.div_b.pk, world.outside.pk], "lead": world.div_b.pk},
    )
    assert response.status_code == 302
    assert sorted(world.movement.participants.values_list("unit__code", "role")) == [
        ("BAOLS", "PARTICIPANT"),
        ("CNTT", "LEAD"),
    ]
    event = AuditEvent.objects.get(action="movements.participants.set", actor=world.officer)
    assert event.after == {"units": ["BAOLS", "CNTT"]}


def test_awards_page_sets_titles_and_forms(world, client_for):
    client = client_for(world.officer)
    response = client.post(
        "/phong-trao/TTDN-2018/khen-thuong-du-kien/",
        {"titles": ["LDTT", "TTLDXS"], "award_forms": ["GIAY_KHEN"]},
    )
    assert response.status_code == 302
    assert sorted(world.movement.foreseen_awards.values_list("award_code", flat=True)) == [
        "GIAY_KHEN",
        "LDTT",
        "TTLDXS",
    ]
    page = client.get("/phong-trao/TTDN-2018/").content.decode()
    titles = page.index("Danh hiệu thi đua</h3>")
    forms = page.index("Hình thức khen thưởng</h3>")
    assert titles < page.index("Tập thể lao động xuất sắc") < forms < page.index("Giấy khen")


def test_officer_journey_create_fill_in_and_launch(
    world, client_for, django_capture_on_commit_callbacks
):
    """The officer creates a movement through the form, fills in every part through its page,
    copies a criteria table, and launches it: the heads of the participating units are told."""
    client = client_for(world.officer)
    start, end = TODAY - dt.timedelta(days=5), TODAY + dt.timedelta(days=200)
    post = _movement_post(world, period_start=start.isoformat(), period_end=end.isoformat())
    assert client.post("/phong-trao/tao/", post).status_code == 302
    base = "/phong-trao/TTDN-2019/"
    steps = [
        ("can-cu/", {"texts": "Luật Thi đua, Khen thưởng năm 2022"}),
        (
            "noi-dung/",
            {
                "sections-TOTAL_FORMS": "2",
                "sections-INITIAL_FORMS": "0",
                "sections-0-number": "1",
                "sections-0-title": "Tuyên truyền đối ngoại",
            },
        ),
        (
            "giai-doan/",
            {"registration_start": start.isoformat(), "registration_end": TODAY.isoformat()},
        ),
        ("don-vi-tham-gia/", {"units": [world.div_a.pk, world.div_b.pk], "lead": world.div_a.pk}),
        ("khen-thuong-du-kien/", {"titles": ["LDTT"], "award_forms": ["GIAY_KHEN"]}),
        ("tieu-chi/sao-chep/", {"source": "TTDN-2018", "confirm": "1"}),
    ]
    for path, data in steps:
        response = client.post(base + path, data)
        assert response.status_code == 302, path
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(base + "trang-thai/", {"state": "LAUNCHED"}).status_code == 302
    movement = Movement.objects.get(code="TTDN-2019")
    assert movement.state == "LAUNCHED"
    assert [s.title for s in movement.sections.all()] == ["Tuyên truyền đối ngoại"]
    assert movement.criteria_table.sections.count() == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["head_a@example.vn", "head_b@example.vn"]
    assert "457/KH-STTTT" in mail.outbox[0].body


# -- State -----------------------------------------------------------------------------------


def test_launch_from_page_notifies_unit_heads(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/phong-trao/TTDN-2018/trang-thai/", {"state": "LAUNCHED"})
    assert response.status_code == 302
    world.movement.refresh_from_db()
    assert world.movement.state == "LAUNCHED"
    assert sorted(m.to[0] for m in mail.outbox) == ["head_a@example.vn", "head_b@example.vn"]
    event = AuditEvent.objects.get(action="movements.movement.state")
    assert (event.actor_id, event.after) == (world.officer.pk, {"state": "LAUNCHED"})


def test_launch_refused_lists_problems_on_page(world, client_for):
    bare = make_draft_movement(world.agency, code="EMPTY")
    response = client_for(world.officer).post(
        "/phong-trao/EMPTY/trang-thai/", {"state": "LAUNCHED"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    alert = page[page.index('role="alert" id="state-problems"') :]
    alert = alert[: alert.index("</div>")]
    assert "Chưa thể thực hiện “Phát động phong trào”:" in alert
    for problem in (
        "Chưa có nội dung thi đua nào.",
        "Chưa chọn đơn vị tham gia.",
        "Chưa đặt thời gian đăng ký thi đua.",
    ):
        assert f"<li>{problem}</li>" in alert
    bare.refresh_from_db()
    assert bare.state == "DRAFT"
    assert len(mail.outbox) == 0


def test_staff_cannot_launch_and_attempt_is_recorded(world, client_for):
    response = client_for(world.staff_a).post(
        "/phong-trao/TTDN-2018/trang-thai/", {"state": "LAUNCHED"}
    )
    assert response.status_code == 403
    world.movement.refresh_from_db()
    assert world.movement.state == "DRAFT"
    assert _denied(world.staff_a) == [("movements.manage_movement", "")]


@pytest.mark.parametrize(
    "path",
    ["sua/", "can-cu/", "noi-dung/", "giai-doan/", "don-vi-tham-gia/", "khen-thuong-du-kien/"],
)
def test_edit_pages_refuse_unit_head(world, client_for, path):
    response = client_for(world.head_a).get(f"/phong-trao/TTDN-2018/{path}")
    assert response.status_code == 403
    assert _denied(world.head_a) == [("movements.manage_movement", "")]


def test_officer_of_another_agency_gets_404_on_edit_recorded(world, client_for):
    other_agency = make_unit("SNV", name="Sở Nội vụ")
    other_officer = make_user(Role.OFFICER, other_agency, username="officer_snv")
    response = client_for(other_officer).get("/phong-trao/TTDN-2018/sua/")
    assert response.status_code == 404
    assert _denied(other_officer) == [("movements.manage_movement", str(world.movement.pk))]


def test_closed_movement_is_read_only(world, client_for):
    for state in ("LAUNCHED", "UNDER_REVIEW", "CLOSED"):
        services.set_movement_state(world.movement, state)
    client = client_for(world.officer)
    response = client.get("/phong-trao/TTDN-2018/noi-dung/")
    assert response.status_code == 302
    assert response["Location"] == "/phong-trao/TTDN-2018/"
    page = client.get(response["Location"]).content.decode()
    assert "Phong trào đã kết thúc, không thể sửa." in page
    assert "/phong-trao/TTDN-2018/noi-dung/" not in page
    assert 'name="state"' not in page


# -- Detail ----------------------------------------------------------------------------------


def test_detail_shows_founding_plan(world, client_for):
    services.set_legal_bases(
        world.movement,
        ["Luật Thi đua, Khen thưởng ngày 26/11/2003", "Chỉ thị 26/CT-BTTTT ngày 21/6/2017"],
    )
    page = client_for(world.officer).get("/phong-trao/TTDN-2018/").content.decode()
    assert "456/KH-STTTT" in page
    assert (
        "<ol><li>Luật Thi đua, Khen thưởng ngày 26/11/2003</li>"
        "<li>Chỉ thị 26/CT-BTTTT ngày 21/6/2017</li></ol>"
    ) in page
    assert '<li value="1">\n      <h3>Quán triệt, triển khai kế hoạch</h3>' in page
    assert "<h3>Thông tin đối ngoại khu vực biên giới</h3>" in page
    assert page.count('aria-current="step"') == 2  # registration and implementation are open
    assert "Báo Lạng Sơn" in page
    assert "Tổ chức bên ngoài" in page
    assert "Đơn vị chủ trì" in page
    assert "Dự thảo" in page
    assert 'value="LAUNCHED"' in page
    assert f"/lich-su/movements/movement/{world.movement.pk}/" in page


def test_detail_history_page_opens_for_officer(world, client_for):
    response = client_for(world.officer).get(f"/lich-su/movements/movement/{world.movement.pk}/")
    assert response.status_code == 200
    assert "movements.movement.created" in response.content.decode()


def test_draft_is_404_for_unit_head_until_launched(world, client_for):
    client = client_for(world.head_a)
    assert client.get("/phong-trao/TTDN-2018/").status_code == 404
    assert _denied(world.head_a) == [("movements.view_movement", str(world.movement.pk))]
    services.set_movement_state(world.movement, "LAUNCHED")
    response = client.get("/phong-trao/TTDN-2018/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Đã phát động" in page
    assert 'name="state"' not in page
    assert "/phong-trao/TTDN-2018/sua/" not in page


# -- List ------------------------------------------------------------------------------------


def _list_names(client, query: str = "") -> list[str]:
    response = client.get(f"/phong-trao/{query}")
    assert response.status_code == 200
    return [m.name for m in response.context["page"].object_list]


def test_list_filters_by_state_kind_year_and_name(world, client_for):
    make_draft_movement(
        world.agency,
        code="TD-2017",
        kind="REGULAR",
        name="Thi đua thường xuyên năm 2017",
        period_start=dt.date(2017, 1, 1),
        period_end=dt.date(2017, 12, 31),
    )
    services.set_movement_state(world.movement, "LAUNCHED")
    client = client_for(world.officer)
    ttdn = world.movement.name
    assert sorted(_list_names(client)) == sorted([ttdn, "Thi đua thường xuyên năm 2017"])
    assert _list_names(client, "?state=LAUNCHED") == [ttdn]
    assert _list_names(client, "?kind=REGULAR") == ["Thi đua thường xuyên năm 2017"]
    assert _list_names(client, "?year=2017") == ["Thi đua thường xuyên năm 2017"]
    assert _list_names(client, "?q=đối ngoại") == [ttdn]
    page = client.get("/phong-trao/").content.decode()
    assert 'href="/phong-trao/tao/"' in page
    assert '<a href="/phong-trao/" aria-current="page">Phong trào</a>' in page


def test_list_hides_drafts_from_unit_head(world, client_for):
    client = client_for(world.head_a)
    assert _list_names(client) == []
    assert 'href="/phong-trao/tao/"' not in client.get("/phong-trao/").content.decode()


def test_list_htmx_returns_results_only(world, client_for):
    response = client_for(world.officer).get("/phong-trao/?q=ngoại", headers={"HX-Request": "true"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body
    assert body.strip().startswith('<div id="results">')


def _count_list_queries(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/phong-trao/")
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_list_queries_do_not_grow_with_movements(world, client_for):
    client = client_for(world.officer)
    client.get("/phong-trao/")
    one, body = _count_list_queries(client)
    assert "1 phong trào" in body
    other = make_unit("SO2", parent=world.agency, name="Phòng Kế hoạch - Tài chính")
    make_draft_movement(other, code="M2", name="Phong trào thứ hai")
    make_draft_movement(world.div_a, code="M3", name="Phong trào thứ ba")
    services.set_movement_state(world.movement, "LAUNCHED")
    three, body = _count_list_queries(client)
    assert "3 phong trào" in body
    assert one == three


def test_nav_links_to_movements_for_users_with_a_role(world, client_for):
    page = client_for(world.staff_a).get("/").content.decode()
    assert '<a href="/phong-trao/" >Phong trào</a>' in page
    nobody = make_user(username="khach")
    assert '<a href="/phong-trao/"' not in client_for(nobody).get("/").content.decode()
