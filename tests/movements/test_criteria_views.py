"""The criteria table editor: one page of nested rows posted as indexed fields, refused whole
with every problem listed, rows added with htmx or without JavaScript, copied from another
movement after a confirmation step."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.http import QueryDict

from tests.factories import make_unit
from tests.movements.conftest import criteria_data, make_draft_movement
from thidua.core.models import AuditEvent
from thidua.movements import services
from thidua.movements.criteria import save_criteria_table, table_as_data
from thidua.movements.forms_movement import parse_criteria_post
from thidua.movements.models import CriteriaTable

URL = "/phong-trao/TTDN-2018/tieu-chi/"


def _table_post(data: dict[str, Any]) -> dict[str, str]:
    """The editor's indexed fields for a table given as plain data."""
    post = {"scale": str(data["scale"]), "bonus_cap": str(data["bonus_cap"]), "notes": ""}
    for i, section in enumerate(data["sections"]):
        post[f"sections-{i}-title"] = section["title"]
        post[f"sections-{i}-max_points"] = str(section["max_points"])
        for j, c in enumerate(section["criteria"]):
            for field in ("code", "title", "max_points", "method", "indicator", "target_value"):
                value = c.get(field, "MANUAL" if field == "method" else "")
                post[f"sections-{i}-criteria-{j}-{field}"] = str(value)
    for i, b in enumerate(data["bonus_items"]):
        post[f"bonus-{i}-title"], post[f"bonus-{i}-max_points"] = b["title"], str(b["max_points"])
    for i, p in enumerate(data["penalty_items"]):
        post[f"penalty-{i}-title"] = p["title"]
        post[f"penalty-{i}-points_each"] = str(p["points_each"])
    for i, b in enumerate(data["bands"]):
        for field in ("code", "label", "min_score", "min_share"):
            post[f"bands-{i}-{field}"] = str(b.get(field, ""))
    return post


def _saved_events() -> int:
    return AuditEvent.objects.filter(action="movements.criteria.saved").count()


def _three_sections() -> dict[str, Any]:
    data = criteria_data()
    data["sections"][1]["max_points"] = 45
    data["sections"][1]["criteria"][0]["max_points"] = 45
    data["sections"].append(
        {
            "title": "Chế độ báo cáo",
            "max_points": 15,
            "criteria": [
                {"code": "3.1", "title": "Báo cáo đúng hạn", "max_points": 10},
                {"code": "3.2", "title": "Báo cáo đầy đủ", "max_points": 5, "method": "YES_NO"},
            ],
        }
    )
    return data


def test_parse_criteria_post_reads_indexed_fields_in_index_order():
    post = QueryDict(mutable=True)
    post.update(_table_post(criteria_data()))
    # A row added with htmx carries a large index and sorts after the others.
    post.update(
        {
            "sections-1-criteria-17000000000-code": "2.2",
            "sections-1-criteria-17000000000-title": "Tin bài tiếng Trung",
            "sections-1-criteria-17000000000-max_points": "0,5",
            "sections-1-criteria-17000000000-method": "MANUAL",
            "sections-0-criteria-1-DELETE": "1",
        }
    )
    data, errors = parse_criteria_post(post)
    assert errors == []
    assert [(s["order"], s["title"], s["max_points"]) for s in data["sections"]] == [
        (1, "Lãnh đạo, chỉ đạo", Decimal(40)),
        (2, "Kết quả thực hiện", Decimal(60)),
    ]
    assert [(c["code"], c["max_points"]) for c in data["sections"][0]["criteria"]] == [
        ("1.1", Decimal(20))
    ]
    assert [
        (c["code"], c["max_points"], c["method"], c["target_value"])
        for c in data["sections"][1]["criteria"]
    ] == [("2.1", Decimal(60), "COUNTED", Decimal(50)), ("2.2", Decimal("0.5"), "MANUAL", None)]
    assert data["bands"][0]["min_share"] == Decimal("0.5")
    assert data["bands"][1]["min_share"] is None


def test_criteria_editor_shows_table_with_totals(world, client_for):
    response = client_for(world.officer).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="sections-1-criteria-0-indicator" value="FL_NEWS.items"' in page
    assert "Tổng điểm tối đa các nhóm: 100 / thang điểm 100" in page
    assert "Tổng điểm các tiêu chí: 40 / 40 điểm của nhóm" in page
    assert 'hx-get="/phong-trao/TTDN-2018/tieu-chi/dong-moi/"' in page


def test_criteria_editor_saves_valid_table(world, client_for):
    response = client_for(world.officer).post(URL, _table_post(_three_sections()))
    assert response.status_code == 302
    assert response["Location"] == URL
    table = CriteriaTable.objects.get(movement=world.movement)
    assert [(s.order, s.title, s.max_points) for s in table.sections.all()] == [
        (1, "Lãnh đạo, chỉ đạo", Decimal(40)),
        (2, "Kết quả thực hiện", Decimal(45)),
        (3, "Chế độ báo cáo", Decimal(15)),
    ]
    criteria = [
        (c.section.order, c.order, c.code, c.max_points, c.method)
        for c in table.sections.get(order=3).criteria.select_related("section")
    ]
    assert criteria == [
        (3, 1, "3.1", Decimal(10), "MANUAL"),
        (3, 2, "3.2", Decimal(5), "YES_NO"),
    ]
    assert [(b.title, b.max_points) for b in table.bonus_items.all()] == [
        ("Sáng kiến được công nhận", Decimal(10))
    ]
    assert [(p.title, p.points_each) for p in table.penalty_items.all()] == [
        ("Báo cáo chậm", Decimal(2))
    ]
    assert [(b.code, b.min_score, b.min_share) for b in table.bands.all()] == [
        ("XUAT_SAC", Decimal(90), Decimal("0.5")),
        ("TOT", Decimal(80), None),
        ("HOAN_THANH", Decimal(70), None),
    ]
    event = AuditEvent.objects.filter(action="movements.criteria.saved").latest("pk")
    assert event.actor_id == world.officer.pk


def test_criteria_editor_refuses_sections_summing_to_95_and_saves_nothing(world, client_for):
    before, events = table_as_data(world.movement.criteria_table), _saved_events()
    data = criteria_data()
    data["sections"][1]["max_points"] = 55
    data["sections"][1]["criteria"][0]["max_points"] = 55
    response = client_for(world.officer).post(URL, _table_post(data))
    assert response.status_code == 200
    assert response.context["problems"] == [
        "Tổng điểm tối đa của các nhóm tiêu chí là 95, không bằng thang điểm 100."
    ]
    page = response.content.decode()
    alert = page[page.index('role="alert"') : page.index("</div>", page.index('role="alert"'))]
    assert (
        "<li>Tổng điểm tối đa của các nhóm tiêu chí là 95, không bằng thang điểm 100.</li>" in alert
    )
    # The officer's input is kept, and the total shows where the table falls short.
    assert 'name="sections-1-max_points" value="55"' in page
    assert "Tổng điểm tối đa các nhóm: 95 / thang điểm 100 — chưa khớp" in page
    assert table_as_data(CriteriaTable.objects.get(movement=world.movement)) == before
    assert _saved_events() == events


def test_criteria_editor_refuses_bonus_item_over_cap(world, client_for):
    before, events = table_as_data(world.movement.criteria_table), _saved_events()
    data = criteria_data()
    data["bonus_items"] = [{"title": "Sáng kiến được công nhận", "max_points": 15}]
    response = client_for(world.officer).post(URL, _table_post(data))
    assert response.status_code == 200
    assert response.context["problems"] == [
        "Điểm thưởng “Sáng kiến được công nhận” (15 điểm) vượt mức trần điểm thưởng 10."
    ]
    assert table_as_data(CriteriaTable.objects.get(movement=world.movement)) == before
    assert _saved_events() == events


def test_criteria_editor_reports_what_is_not_a_number(world, client_for):
    post = _table_post(criteria_data())
    post["sections-0-criteria-1-max_points"] = "hai mươi"
    post["bands-1-label"] = ""
    response = client_for(world.officer).post(URL, post)
    assert response.status_code == 200
    assert response.context["problems"] == [
        "Nhóm 1, tiêu chí dòng 2: “hai mươi” không phải là số.",
        "Mức xếp loại dòng 2: chưa nhập đủ mã và tên mức.",
    ]
    assert 'value="hai mươi"' in response.content.decode()


def test_criteria_editor_check_button_validates_without_saving(world, client_for):
    events = _saved_events()
    response = client_for(world.officer).post(URL, {**_table_post(_three_sections()), "check": "1"})
    assert response.status_code == 200
    assert "Bảng tiêu chí hợp lệ. Bấm “Lưu bảng tiêu chí” để lưu." in response.content.decode()
    assert world.movement.criteria_table.sections.count() == 2
    assert _saved_events() == events


def test_criteria_add_row_without_javascript_rerenders_with_empty_row(world, client_for):
    events = _saved_events()
    post = {**_table_post(criteria_data()), "add": "criterion-0"}
    post["sections-0-title"] = "Lãnh đạo, chỉ đạo (đang sửa)"
    response = client_for(world.officer).post(URL, post)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="sections-0-title" value="Lãnh đạo, chỉ đạo (đang sửa)"' in page
    assert 'name="sections-0-criteria-2-code" value=""' in page
    assert 'name="sections-0-criteria-3-code"' not in page
    assert response.context["problems"] == []
    assert _saved_events() == events


def test_criteria_add_section_without_javascript(world, client_for):
    response = client_for(world.officer).post(
        URL, {**_table_post(criteria_data()), "add": "section"}
    )
    page = response.content.decode()
    assert 'name="sections-2-title" value=""' in page
    assert 'name="sections-2-criteria-0-code" value=""' in page


def test_criteria_add_row_to_section_added_with_htmx(world, client_for):
    """A section appended with htmx has a large index; "Thêm dòng tiêu chí" in it still adds
    the row to that section, and the page comes back with contiguous indexes."""
    post = {
        **_table_post(criteria_data()),
        "sections-17000000000-title": "Chế độ báo cáo",
        "sections-17000000000-max_points": "0",
        "sections-17000000000-criteria-0-code": "3.1",
        "sections-17000000000-criteria-0-title": "Báo cáo đúng hạn",
        "sections-17000000000-criteria-0-max_points": "0",
        "sections-17000000000-criteria-0-method": "MANUAL",
        "add": "criterion-17000000000",
    }
    page = client_for(world.officer).post(URL, post).content.decode()
    assert 'name="sections-2-title" value="Chế độ báo cáo"' in page
    assert 'name="sections-2-criteria-0-code" value="3.1"' in page
    assert 'name="sections-2-criteria-1-code" value=""' in page
    assert 'name="sections-1-criteria-1-code"' not in page


def test_criteria_row_partial_for_htmx(world, client_for):
    client = client_for(world.officer)
    headers = {"HX-Request": "true"}
    row = client.get(f"{URL}dong-moi/?add=criterion-1", headers=headers)
    assert row.status_code == 200
    body = row.content.decode()
    assert "<html" not in body
    assert body.strip().startswith("<tr>")
    assert 'name="sections-1-criteria-' in body
    section = client.get(f"{URL}dong-moi/?add=section", headers=headers).content.decode()
    assert section.strip().startswith('<fieldset class="criteria-section"')
    assert "Nhóm tiêu chí mới" in section
    band = client.get(f"{URL}dong-moi/?add=bands", headers=headers).content.decode()
    assert 'name="bands-' in band
    assert client.get(f"{URL}dong-moi/?add=nothing", headers=headers).status_code == 404


def test_criteria_read_only_for_unit_head_and_post_refused(world, client_for):
    services.set_movement_state(world.movement, "LAUNCHED")
    client = client_for(world.head_a)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tin bài đối ngoại" in page
    assert "Tính từ chỉ số hoạt động so với chỉ tiêu" in page
    assert "Lưu bảng tiêu chí" not in page
    before = table_as_data(world.movement.criteria_table)
    assert client.post(URL, _table_post(_three_sections())).status_code == 403
    denied = AuditEvent.objects.get(action="access.denied", actor=world.head_a)
    assert denied.after["permission"] == "movements.manage_movement"
    assert table_as_data(CriteriaTable.objects.get(movement=world.movement)) == before


def test_criteria_fixed_once_under_review(world, client_for):
    services.set_movement_state(world.movement, "LAUNCHED")
    services.set_movement_state(world.movement, "UNDER_REVIEW")
    client = client_for(world.officer)
    page = client.get(URL).content.decode()
    assert "bảng tiêu chí đã cố định" in page
    assert 'name="sections-0-title"' not in page
    response = client.post(URL, _table_post(_three_sections()))
    assert response.status_code == 302
    assert world.movement.criteria_table.sections.count() == 2


def test_criteria_copy_from_other_movement_after_confirmation(world, client_for):
    other = make_draft_movement(world.agency, code="TD-2019", name="Thi đua năm 2019")
    client = client_for(world.officer)
    editor = client.get("/phong-trao/TD-2019/tieu-chi/").content.decode()
    assert '<option value="TTDN-2018">' in editor
    confirm = client.get("/phong-trao/TD-2019/tieu-chi/sao-chep/?source=TTDN-2018")
    assert confirm.status_code == 200
    assert "Xác nhận sao chép" in confirm.content.decode()
    assert not CriteriaTable.objects.filter(movement=other).exists()
    response = client.post(
        "/phong-trao/TD-2019/tieu-chi/sao-chep/", {"source": "TTDN-2018", "confirm": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/phong-trao/TD-2019/tieu-chi/"
    copied = table_as_data(CriteriaTable.objects.get(movement=other))
    assert copied == table_as_data(world.movement.criteria_table)


def test_criteria_copy_source_must_be_visible(world, client_for):
    hidden = make_draft_movement(make_unit("SNV", name="Sở Nội vụ"), code="SNV-2019")
    save_criteria_table(hidden, criteria_data())
    target = make_draft_movement(world.agency, code="TD-2019")
    response = client_for(world.officer).post(
        "/phong-trao/TD-2019/tieu-chi/sao-chep/", {"source": "SNV-2019", "confirm": "1"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["source"] == [
        "Hãy chọn một lựa chọn hợp lệ. Lựa chọn đó không phải là một trong các lựa chọn khả thi."
    ]
    assert not CriteriaTable.objects.filter(movement=target).exists()


def test_new_table_starts_with_proposed_bands(world, client_for):
    make_draft_movement(world.agency, code="TD-2019")
    page = client_for(world.officer).get("/phong-trao/TD-2019/tieu-chi/").content.decode()
    assert 'name="bands-0-code" value="XUAT_SAC"' in page
    assert 'name="sections-0-criteria-0-code" value=""' in page
