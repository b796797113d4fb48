"""The editing pages of the organisation: units, people, ratings and discipline."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.factories import make_person, make_place, make_unit, make_user
from thidua.core.models import AuditEvent
from thidua.org.enums import Role
from thidua.org.models import DisciplineRecord, Membership, Person, PersonRating, Unit, UnitRating
from thidua.org.services import record_discipline


def _events(action: str) -> list[tuple[str, str]]:
    return [
        (e.actor.username if e.actor else "", e.object_id)
        for e in AuditEvent.objects.filter(action=action).order_by("pk")
    ]


def _unit_post(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "code": "TCCB",
        "name": "Phòng Tổ chức cán bộ",
        "short_name": "TCCB",
        "kind": "DIVISION",
        "parent": "",
        "place": "",
        "valid_from": "2024-01-01",
        "valid_to": "",
    }
    data.update(overrides)
    return data


def _person_post(unit: Unit, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "full_name": "Trần Thị Mai",
        "gender": "F",
        "birth_date": "1990-05-10",
        "staff_type": "CONG_CHUC",
        "unit": unit.pk,
        "position": "Chuyên viên",
        "is_frontline": "on",
        "joined_on": "2020-03-01",
        "left_on": "",
        "email": "mai@example.vn",
    }
    data.update(overrides)
    return data


# -- Units -----------------------------------------------------------------------------------


def test_unit_create_officer_creates_unit_under_parent(two_divisions, client_for):
    t = two_divisions
    place = make_place("X001", name="Xã Tân Thanh", is_border=True)
    client = client_for(t.officer)
    response = client.post("/to-chuc/them-don-vi/", _unit_post(parent=t.agency.pk, place=place.pk))
    assert response.status_code == 302
    assert response["Location"] == "/to-chuc/don-vi/TCCB/"
    unit = Unit.objects.get(code="TCCB")
    assert (unit.name, unit.short_name, unit.kind, unit.parent_id, unit.place_id) == (
        "Phòng Tổ chức cán bộ",
        "TCCB",
        "DIVISION",
        t.agency.pk,
        place.pk,
    )
    assert unit.valid_from == dt.date(2024, 1, 1)
    assert unit.path.startswith(t.agency.path)
    assert unit.depth == 1
    assert _events("org.unit.created")[-1] == ("officer", str(unit.pk))
    page = client.get(response["Location"]).content.decode()
    assert "Đã thêm đơn vị “Phòng Tổ chức cán bộ”." in page


def test_unit_create_form_offers_only_editable_units_as_parent(two_divisions, client_for):
    t = two_divisions
    officer_a = make_user(Role.OFFICER, t.div_a, username="officer_a")
    page = client_for(officer_a).get("/to-chuc/them-don-vi/").content.decode()
    assert f'<option value="{t.div_a.pk}">' in page
    assert f'<option value="{t.div_b.pk}">' not in page
    assert f'<option value="{t.agency.pk}">' not in page


def test_unit_create_valid_to_before_valid_from_shows_service_message(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.officer).post(
        "/to-chuc/them-don-vi/",
        _unit_post(parent=t.agency.pk, valid_from="2024-06-01", valid_to="2024-01-01"),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert (
        '<p class="form-row__error" id="id_valid_to_error">'
        "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.</p>"
    ) in body
    assert 'aria-invalid="true" aria-describedby="id_valid_to_helptext id_valid_to_error"' in body
    assert not Unit.objects.filter(code="TCCB").exists()


def test_unit_create_existing_code_is_refused_without_touching_the_unit(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.officer).post(
        "/to-chuc/them-don-vi/", _unit_post(code="CNTT", name="Tên khác", parent=t.agency.pk)
    )
    assert response.status_code == 200
    assert "Mã đơn vị “CNTT” đã có." in response.content.decode()
    assert Unit.objects.get(code="CNTT").name == "Phòng Công nghệ thông tin"


def test_unit_edit_officer_renames_and_records_update(two_divisions, client_for):
    t = two_divisions
    data = _unit_post(name="Văn phòng Sở (sửa)", parent=t.agency.pk, valid_from="2000-01-01")
    del data["code"]
    response = client_for(t.officer).post("/to-chuc/don-vi/VP/sua/", data)
    assert response.status_code == 302
    t.div_a.refresh_from_db()
    assert (t.div_a.name, t.div_a.short_name) == ("Văn phòng Sở (sửa)", "TCCB")
    event = AuditEvent.objects.get(action="org.unit.updated")
    assert (event.before["name"], event.after["name"]) == ("Văn phòng Sở", "Văn phòng Sở (sửa)")


def test_unit_edit_cannot_move_unit_under_itself(two_divisions, client_for):
    t = two_divisions
    child = make_unit("VP1", parent=t.div_a, name="Tổ văn thư")
    data = _unit_post(name="Văn phòng Sở", parent=child.pk, valid_from="2000-01-01")
    del data["code"]
    response = client_for(t.officer).post("/to-chuc/don-vi/VP/sua/", data)
    assert response.status_code == 200
    t.div_a.refresh_from_db()
    assert t.div_a.parent_id == t.agency.pk


def test_unit_close_opens_successor_and_moves_people(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.officer).post(
        "/to-chuc/don-vi/VP/dong/",
        {
            "valid_to": "2024-06-30",
            "open_successor": "on",
            "successor_code": "VP2024",
            "successor_name": "Văn phòng Sở Khoa học và Công nghệ",
            "successor_short_name": "VP",
            "successor_kind": "DIVISION",
            "move_people": "on",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == "/to-chuc/don-vi/VP2024/"
    t.div_a.refresh_from_db()
    assert t.div_a.valid_to == dt.date(2024, 6, 30)
    successor = Unit.objects.get(code="VP2024")
    assert (successor.parent_id, successor.valid_from, successor.valid_to) == (
        t.agency.pk,
        dt.date(2024, 7, 1),
        None,
    )
    person = Person.objects.get(code="PA")
    assert person.unit_id == successor.pk
    memberships = list(
        Membership.objects.filter(person=person)
        .order_by("start")
        .values_list("unit__code", "start", "end")
    )
    assert memberships == [
        ("VP", dt.date(2015, 1, 1), dt.date(2024, 6, 30)),
        ("VP2024", dt.date(2024, 7, 1), None),
    ]
    assert [e.action for e in AuditEvent.objects.filter(actor=t.officer).order_by("pk")] == [
        "org.unit.closed",
        "org.unit.created",
        "org.person.updated",
    ]


def test_unit_close_before_start_shows_service_message_and_changes_nothing(
    two_divisions, client_for
):
    t = two_divisions
    response = client_for(t.officer).post("/to-chuc/don-vi/VP/dong/", {"valid_to": "1999-12-31"})
    assert response.status_code == 200
    assert "Ngày đóng đơn vị phải sau ngày bắt đầu hiệu lực." in response.content.decode()
    t.div_a.refresh_from_db()
    assert t.div_a.valid_to is None


def test_unit_close_successor_failure_rolls_back_the_close(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.officer).post(
        "/to-chuc/don-vi/VP/dong/",
        {
            "valid_to": "2024-06-30",
            "open_successor": "on",
            "successor_code": "VP2024",
            "successor_name": "   ",
            "successor_kind": "DIVISION",
        },
    )
    assert response.status_code == 200
    assert "Nhập tên của đơn vị mới." in response.content.decode()
    t.div_a.refresh_from_db()
    assert t.div_a.valid_to is None
    assert not Unit.objects.filter(code="VP2024").exists()


# -- People ----------------------------------------------------------------------------------


def test_person_create_officer_creates_person_membership_and_event(two_divisions, client_for):
    t = two_divisions
    data = _person_post(t.div_b, code="PC")
    response = client_for(t.officer).post("/to-chuc/them-can-bo/", data)
    assert response.status_code == 302
    assert response["Location"] == "/to-chuc/can-bo/PC/"
    person = Person.objects.get(code="PC")
    assert (person.full_name, person.gender, person.unit_id, person.position) == (
        "Trần Thị Mai",
        "F",
        t.div_b.pk,
        "Chuyên viên",
    )
    assert (person.is_leader, person.is_frontline) == (False, True)
    assert (person.birth_date, person.joined_on) == (dt.date(1990, 5, 10), dt.date(2020, 3, 1))
    assert list(person.memberships.values_list("unit__code", "start", "end")) == [
        ("CNTT", dt.date(2020, 3, 1), None)
    ]
    assert _events("org.person.created")[-1] == ("officer", str(person.pk))


def test_person_edit_changes_unit_closes_membership_and_opens_new(two_divisions, client_for):
    t = two_divisions
    data = _person_post(
        t.div_b,
        full_name="Nguyễn Văn Đức",
        gender="M",
        joined_on="2015-01-01",
        moved_on="2024-03-01",
    )
    client = client_for(t.officer)
    response = client.post("/to-chuc/can-bo/PA/sua/", data)
    assert response.status_code == 302
    person = Person.objects.get(code="PA")
    assert person.unit_id == t.div_b.pk
    memberships = list(
        person.memberships.order_by("start").values_list("unit__code", "start", "end")
    )
    assert memberships == [
        ("VP", dt.date(2015, 1, 1), dt.date(2024, 2, 29)),
        ("CNTT", dt.date(2024, 3, 1), None),
    ]
    event = AuditEvent.objects.get(action="org.person.updated")
    assert (event.before["unit"], event.after["unit"]) == (t.div_a.pk, t.div_b.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Đã chuyển “Nguyễn Văn Đức” sang “Phòng Công nghệ thông tin” từ ngày 01/03/2024." in page


def test_person_edit_moved_on_before_current_membership_is_refused(two_divisions, client_for):
    t = two_divisions
    data = _person_post(t.div_b, joined_on="2015-01-01", moved_on="2014-12-31")
    response = client_for(t.officer).post("/to-chuc/can-bo/PA/sua/", data)
    assert response.status_code == 200
    assert (
        "Ngày chuyển đơn vị phải sau ngày bắt đầu công tác ở đơn vị hiện tại (01/01/2015)."
        in response.content.decode()
    )
    assert Person.objects.get(code="PA").unit_id == t.div_a.pk


def test_person_edit_left_before_joined_shows_service_message(two_divisions, client_for):
    t = two_divisions
    data = _person_post(t.div_a, joined_on="2015-01-01", left_on="2014-01-01")
    response = client_for(t.officer).post("/to-chuc/can-bo/PA/sua/", data)
    assert response.status_code == 200
    assert (
        '<p class="form-row__error" id="id_left_on_error">'
        "Ngày thôi việc phải sau ngày vào cơ quan.</p>"
    ) in response.content.decode()
    assert Person.objects.get(code="PA").left_on is None


def test_officer_of_division_a_cannot_edit_person_of_division_b(two_divisions, client_for):
    t = two_divisions
    officer_a = make_user(Role.OFFICER, t.div_a, username="officer_a")
    client = client_for(officer_a)
    assert client.get("/to-chuc/can-bo/PB/sua/").status_code == 404
    response = client.post("/to-chuc/can-bo/PB/sua/", _person_post(t.div_a, full_name="Đổi tên"))
    assert response.status_code == 404
    assert Person.objects.get(code="PB").full_name == "Hoàng Thị Lan"
    assert _events("access.denied") == [
        ("officer_a", str(t.person_b.pk)),
        ("officer_a", str(t.person_b.pk)),
    ]


def test_officer_of_division_a_cannot_create_person_in_division_b(two_divisions, client_for):
    t = two_divisions
    officer_a = make_user(Role.OFFICER, t.div_a, username="officer_a")
    response = client_for(officer_a).post("/to-chuc/them-can-bo/", _person_post(t.div_b, code="PX"))
    assert response.status_code == 200
    assert 'id="id_unit_error"' in response.content.decode()
    assert not Person.objects.filter(code="PX").exists()


def test_person_create_existing_code_of_other_division_is_refused(two_divisions, client_for):
    t = two_divisions
    officer_a = make_user(Role.OFFICER, t.div_a, username="officer_a")
    response = client_for(officer_a).post(
        "/to-chuc/them-can-bo/", _person_post(t.div_a, code="PB", full_name="Ghi đè")
    )
    assert response.status_code == 200
    assert "Mã cán bộ “PB” đã có." in response.content.decode()
    person = Person.objects.get(code="PB")
    assert (person.full_name, person.unit_id) == ("Hoàng Thị Lan", t.div_b.pk)


# -- Ratings ---------------------------------------------------------------------------------


def test_person_rating_htmx_post_returns_partial_with_new_rating(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.officer).post(
        "/to-chuc/can-bo/PA/xep-loai/",
        {"year": "2024", "rating": "HTTNV"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<section id="ratings"')
    assert "<html" not in body
    assert "<td>2024</td><td>Hoàn thành tốt nhiệm vụ</td>" in body
    assert "Đã lưu xếp loại năm 2024: Hoàn thành tốt nhiệm vụ." in body
    assert 'hx-post="/to-chuc/can-bo/PA/xep-loai/"' in body
    assert list(PersonRating.objects.filter(person=t.person_a).values_list("year", "rating")) == [
        (2024, "HTTNV")
    ]
    assert _events("org.rating.set") == [("officer", str(t.person_a.pk))]


def test_person_rating_htmx_invalid_year_shows_service_message(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.officer).post(
        "/to-chuc/can-bo/PA/xep-loai/",
        {"year": "1900", "rating": "HTTNV"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert '<p class="form-row__error" id="id_year_error">Năm 1900 không hợp lệ.</p>' in body
    assert "<html" not in body
    assert PersonRating.objects.count() == 0


def test_person_rating_without_javascript_redirects_to_detail(two_divisions, client_for):
    t = two_divisions
    client = client_for(t.officer)
    response = client.post("/to-chuc/can-bo/PA/xep-loai/", {"year": "2023", "rating": "HTXSNV"})
    assert response.status_code == 302
    assert response["Location"] == "/to-chuc/can-bo/PA/#ratings"
    page = client.get("/to-chuc/can-bo/PA/").content.decode()
    assert "Đã lưu xếp loại năm 2023: Hoàn thành xuất sắc nhiệm vụ." in page
    assert "<td>2023</td><td>Hoàn thành xuất sắc nhiệm vụ</td>" in page
    assert PersonRating.objects.get(person=t.person_a, year=2023).rating == "HTXSNV"


def test_person_rating_change_records_before_and_after(two_divisions, client_for):
    t = two_divisions
    client = client_for(t.officer)
    client.post("/to-chuc/can-bo/PA/xep-loai/", {"year": "2024", "rating": "HTNV"})
    client.post("/to-chuc/can-bo/PA/xep-loai/", {"year": "2024", "rating": "HTTNV"})
    assert PersonRating.objects.get(person=t.person_a, year=2024).rating == "HTTNV"
    event = AuditEvent.objects.get(action="org.rating.changed")
    assert (event.before, event.after) == (
        {"year": 2024, "rating": "HTNV"},
        {"year": 2024, "rating": "HTTNV"},
    )


def test_unit_rating_htmx_post_returns_partial(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.officer).post(
        "/to-chuc/don-vi/CNTT/xep-loai/",
        {"year": "2024", "rating": "HTXSNV"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<td>2024</td><td>Hoàn thành xuất sắc nhiệm vụ</td>" in body
    assert "Xếp loại tập thể" in body
    assert UnitRating.objects.get(unit=t.div_b, year=2024).rating == "HTXSNV"


def test_detail_pages_show_rating_form_only_to_editors(two_divisions, client_for):
    t = two_divisions
    officer_page = client_for(t.officer).get("/to-chuc/can-bo/PA/").content.decode()
    head_page = client_for(t.head_a).get("/to-chuc/can-bo/PA/").content.decode()
    assert 'action="/to-chuc/can-bo/PA/xep-loai/"' in officer_page
    assert 'action="/to-chuc/can-bo/PA/xep-loai/"' not in head_page
    assert 'href="/to-chuc/can-bo/PA/sua/"' in officer_page
    assert 'href="/to-chuc/can-bo/PA/sua/"' not in head_page
    assert 'href="/to-chuc/can-bo/PA/ky-luat/"' in officer_page
    assert 'href="/to-chuc/can-bo/PA/ky-luat/"' not in head_page
    unit_officer = client_for(t.officer).get("/to-chuc/don-vi/VP/").content.decode()
    unit_head = client_for(t.head_a).get("/to-chuc/don-vi/VP/").content.decode()
    assert 'href="/to-chuc/don-vi/VP/dong/"' in unit_officer
    assert 'href="/to-chuc/don-vi/VP/dong/"' not in unit_head
    list_officer = client_for(t.officer).get("/to-chuc/don-vi/").content.decode()
    list_head = client_for(t.head_a).get("/to-chuc/don-vi/").content.decode()
    assert "Thêm đơn vị" in list_officer
    assert "Thêm đơn vị" not in list_head


# -- Discipline ------------------------------------------------------------------------------


def test_discipline_record_then_decide_keeps_one_record(two_divisions, client_for):
    t = two_divisions
    client = client_for(t.officer)
    response = client.post(
        "/to-chuc/can-bo/PA/ky-luat/",
        {"status": "UNDER_REVIEW", "level": "", "note": "Vi phạm quy chế làm việc"},
    )
    assert response.status_code == 302
    record = DisciplineRecord.objects.get(person=t.person_a)
    assert (record.status, record.level, record.note) == (
        "UNDER_REVIEW",
        None,
        "Vi phạm quy chế làm việc",
    )
    assert _events("org.discipline.recorded") == [("officer", str(t.person_a.pk))]
    page = client.get("/to-chuc/can-bo/PA/").content.decode()
    assert f'href="/to-chuc/ky-luat/{record.pk}/quyet-dinh/"' in page

    response = client.post(
        f"/to-chuc/ky-luat/{record.pk}/quyet-dinh/",
        {
            "level": "KHIEN_TRACH",
            "decided_on": "2024-05-02",
            "effective_from": "2024-05-02",
            "effective_to": "2025-05-01",
            "decision_number": "15/QĐ-STTTT",
        },
    )
    assert response.status_code == 302
    assert list(
        DisciplineRecord.objects.filter(person=t.person_a).values_list(
            "pk", "status", "level", "decided_on", "decision_number"
        )
    ) == [(record.pk, "DECIDED", "KHIEN_TRACH", dt.date(2024, 5, 2), "15/QĐ-STTTT")]
    assert _events("org.discipline.decided") == [("officer", str(t.person_a.pk))]


def test_discipline_decided_without_level_shows_service_message(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.officer).post(
        "/to-chuc/can-bo/PA/ky-luat/", {"status": "DECIDED", "decided_on": "2024-05-02"}
    )
    assert response.status_code == 200
    assert (
        '<p class="form-row__error" id="id_level_error">'
        "Kỷ luật đã quyết định phải có hình thức kỷ luật.</p>"
    ) in response.content.decode()
    assert DisciplineRecord.objects.count() == 0


def test_discipline_decide_effective_to_before_from_shows_service_message(
    two_divisions, client_for
):
    t = two_divisions
    record, _created = record_discipline(t.person_a, status="UNDER_REVIEW")
    response = client_for(t.officer).post(
        f"/to-chuc/ky-luat/{record.pk}/quyet-dinh/",
        {
            "level": "CANH_CAO",
            "decided_on": "2024-05-02",
            "effective_from": "2024-05-02",
            "effective_to": "2024-01-01",
        },
    )
    assert response.status_code == 200
    assert "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực." in response.content.decode()
    record.refresh_from_db()
    assert (record.status, record.level) == ("UNDER_REVIEW", None)


def test_discipline_decide_already_decided_redirects_without_change(two_divisions, client_for):
    t = two_divisions
    record, _created = record_discipline(
        t.person_a, status="DECIDED", level="CANH_CAO", decided_on=dt.date(2024, 1, 5)
    )
    response = client_for(t.officer).post(
        f"/to-chuc/ky-luat/{record.pk}/quyet-dinh/",
        {"level": "KHIEN_TRACH", "decided_on": "2024-05-02"},
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.level, record.decided_on) == ("CANH_CAO", dt.date(2024, 1, 5))


# -- Refusals --------------------------------------------------------------------------------

EDIT_PAGES = [
    "/to-chuc/them-don-vi/",
    "/to-chuc/don-vi/VP/sua/",
    "/to-chuc/don-vi/VP/dong/",
    "/to-chuc/don-vi/VP/xep-loai/",
    "/to-chuc/them-can-bo/",
    "/to-chuc/can-bo/PA/sua/",
    "/to-chuc/can-bo/PA/xep-loai/",
    "/to-chuc/can-bo/PA/ky-luat/",
    "/to-chuc/can-bo/PA/tai-khoan/",
    "/to-chuc/ky-luat/{record}/quyet-dinh/",
    "/to-chuc/phan-quyen/",
    "/to-chuc/phan-quyen/them/",
    "/to-chuc/phan-quyen/{assignment}/ket-thuc/",
]


@pytest.mark.parametrize("method", ["get", "post"])
def test_unit_head_gets_403_on_every_edit_page_and_each_is_recorded(
    two_divisions, client_for, method
):
    t = two_divisions
    record, _created = record_discipline(t.person_a, status="UNDER_REVIEW")
    assignment = t.head_a.role_assignments.get()
    client = client_for(t.head_a)
    statuses = {}
    for template in EDIT_PAGES:
        url = template.format(record=record.pk, assignment=assignment.pk)
        statuses[url] = getattr(client, method)(url).status_code
    assert set(statuses.values()) == {403}, statuses
    denied = AuditEvent.objects.filter(action="access.denied", actor=t.head_a)
    assert denied.count() == len(EDIT_PAGES)
    assert sorted(e.after["path"] for e in denied) == sorted(statuses)
    assert DisciplineRecord.objects.get().status == "UNDER_REVIEW"


def test_anonymous_user_is_sent_to_login(two_divisions, client):
    response = client.get("/to-chuc/can-bo/PA/sua/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")


def test_person_edit_page_of_same_person_in_other_unit_for_new_person(two_divisions, client_for):
    """A person created under division B is editable by the agency officer (whole subtree)."""
    t = two_divisions
    person = make_person("PZ", unit=t.div_b)
    response = client_for(t.officer).get(f"/to-chuc/can-bo/{person.code}/sua/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<label for="id_moved_on">Ngày chuyển đơn vị</label>' in body
    assert f'<option value="{t.div_b.pk}" selected>' in body


def test_officer_of_division_edits_own_division_keeping_parent_outside_scope(
    two_divisions, client_for
):
    t = two_divisions
    officer_a = make_user(Role.OFFICER, t.div_a, username="officer_a")
    data = _unit_post(name="Văn phòng", parent=t.agency.pk, valid_from="2000-01-01")
    del data["code"]
    response = client_for(officer_a).post("/to-chuc/don-vi/VP/sua/", data)
    assert response.status_code == 302
    t.div_a.refresh_from_db()
    assert (t.div_a.name, t.div_a.parent_id) == ("Văn phòng", t.agency.pk)


def test_officer_of_division_cannot_open_successor_under_parent_outside_scope(
    two_divisions, client_for
):
    t = two_divisions
    officer_a = make_user(Role.OFFICER, t.div_a, username="officer_a")
    client = client_for(officer_a)
    page = client.get("/to-chuc/don-vi/VP/dong/").content.decode()
    assert 'name="open_successor"' not in page
    response = client.post(
        "/to-chuc/don-vi/VP/dong/",
        {
            "valid_to": "2024-06-30",
            "open_successor": "on",
            "successor_code": "VP2024",
            "successor_name": "Văn phòng mới",
            "successor_kind": "DIVISION",
        },
    )
    assert response.status_code == 200
    assert (
        "Bạn không có quyền tạo đơn vị dưới đơn vị cấp trên của đơn vị này."
        in response.content.decode()
    )
    t.div_a.refresh_from_db()
    assert t.div_a.valid_to is None
    assert not Unit.objects.filter(code="VP2024").exists()


def test_superuser_creates_root_unit_without_parent(db, client_for):
    root = make_user(username="root", is_superuser=True)
    response = client_for(root).post(
        "/to-chuc/them-don-vi/", _unit_post(code="UBND", name="UBND tỉnh", kind="AGENCY")
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="UBND")
    assert (unit.parent_id, unit.depth) == (None, 0)


def test_officer_cannot_create_root_unit(two_divisions, client_for):
    response = client_for(two_divisions.officer).post(
        "/to-chuc/them-don-vi/", _unit_post(code="UBND", name="UBND tỉnh", kind="AGENCY")
    )
    assert response.status_code == 200
    assert 'id="id_parent_error"' in response.content.decode()
    assert not Unit.objects.filter(code="UBND").exists()
