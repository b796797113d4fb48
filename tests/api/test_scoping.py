"""The API shows and changes exactly what the pages do: a head of division A sees nothing of
division B; writes need an editor role on the subtree."""

from tests.api.conftest import put
from tests.factories import make_user
from thidua.core.models import AuditEvent
from thidua.org.enums import Role
from thidua.org.models import Person, Unit
from thidua.org.services import record_discipline

NEW_PERSON = {
    "full_name": "Phạm Văn Mới",
    "gender": "M",
    "staff_type": "CONG_CHUC",
    "unit_code": "CNTT",
    "joined_on": "2024-01-01",
}


def _denied():
    return [
        (e.actor.username, e.after["permission"], e.object_id)
        for e in AuditEvent.objects.filter(action="access.denied").order_by("id")
    ]


def test_head_gets_404_for_person_of_other_division_and_it_is_recorded(
    two_divisions, api_client_for
):
    t = two_divisions
    api = api_client_for(t.head_a)
    assert api.get("/api/v1/people/PA").status_code == 200
    response = api.get("/api/v1/people/PB")
    assert response.status_code == 404
    # The same answer as for a code that does not exist: nothing leaks.
    assert response.json() == {"detail": "Không tìm thấy cán bộ mã “PB”."}
    assert _denied() == [("head_a", "org.view_person", str(t.person_b.pk))]


def test_head_list_of_people_leaves_out_other_division(two_divisions, api_client_for):
    body = api_client_for(two_divisions.head_a).get("/api/v1/people").json()
    assert Person.objects.filter(code="PB").exists()
    assert (body["count"], [p["code"] for p in body["items"]]) == (1, ["PA"])
    search = api_client_for(two_divisions.head_a).get("/api/v1/people", {"q": "lan"}).json()
    assert search == {"items": [], "count": 0}


def test_head_units_and_ratings_of_other_division_are_404(two_divisions, api_client_for):
    api = api_client_for(two_divisions.head_a)
    assert [u["code"] for u in api.get("/api/v1/units").json()["items"]] == ["VP"]
    assert api.get("/api/v1/units/CNTT").status_code == 404
    assert api.get("/api/v1/units/CNTT/ratings").status_code == 404
    assert api.get("/api/v1/people/PB/ratings").status_code == 404
    assert api.get("/api/v1/people", {"unit_code": "CNTT"}).status_code == 422


def test_head_put_person_into_other_division_is_403_and_recorded(two_divisions, api_client_for):
    response = put(api_client_for(two_divisions.head_a), "/api/v1/people/PNEW", NEW_PERSON)
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền đặt cán bộ “PNEW” vào đơn vị “CNTT”."}
    assert not Person.objects.filter(code="PNEW").exists()
    assert _denied() == [("head_a", "org.add_person", str(two_divisions.div_b.pk))]


def test_head_put_existing_person_of_other_division_is_403(two_divisions, api_client_for):
    body = {**NEW_PERSON, "full_name": "Tên Bị Sửa"}
    response = put(api_client_for(two_divisions.head_a), "/api/v1/people/PB", body)
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền sửa cán bộ “PB”."}
    assert Person.objects.get(code="PB").full_name == "Hoàng Thị Lan"


def test_officer_of_division_writes_only_inside_it(two_divisions, api_client_for):
    officer_a = make_user(Role.OFFICER, two_divisions.div_a, username="officer_a")
    api = api_client_for(officer_a)
    assert put(api, "/api/v1/people/PNEW", NEW_PERSON).status_code == 403
    assert put(api, "/api/v1/people/PNEW", {**NEW_PERSON, "unit_code": "VP"}).status_code == 201
    # Moving own person out to division B is placing them where the officer has no rights.
    assert put(api, "/api/v1/people/PNEW", NEW_PERSON).status_code == 403
    assert Person.objects.get(code="PNEW").unit.code == "VP"


def test_officer_of_division_edits_own_unit_but_not_outside(two_divisions, api_client_for):
    officer_a = make_user(Role.OFFICER, two_divisions.div_a, username="officer_a")
    api = api_client_for(officer_a)
    renamed = {"name": "Văn phòng", "kind": "DIVISION", "parent_code": "STTTT"}
    assert put(api, "/api/v1/units/VP", renamed).status_code == 200
    child = {"name": "Tổ văn thư", "kind": "DIVISION", "parent_code": "VP"}
    assert put(api, "/api/v1/units/VT", child).status_code == 201
    other = {"name": "Tổ phần mềm", "kind": "DIVISION", "parent_code": "CNTT"}
    response = put(api, "/api/v1/units/PM", other)
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền đặt đơn vị “PM” vào đơn vị “CNTT”."}
    cntt = {"name": "Đổi tên", "kind": "DIVISION", "parent_code": "STTTT"}
    assert put(api, "/api/v1/units/CNTT", cntt).status_code == 403
    assert Unit.objects.get(code="CNTT").name == "Phòng Công nghệ thông tin"
    assert not Unit.objects.filter(code="PM").exists()


def test_root_unit_only_for_administrator(two_divisions, api_client_for):
    response = put(
        api_client_for(two_divisions.officer),
        "/api/v1/units/GOC",
        {"name": "Gốc", "kind": "AGENCY"},
    )
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Chỉ quản trị hệ thống mới được đặt đơn vị “GOC” làm đơn vị gốc."
    }
    assert _denied() == [("officer", "org.add_unit", "")]
    assert not Unit.objects.filter(code="GOC").exists()


def test_head_discipline_list_and_record_of_other_division(two_divisions, api_client_for):
    record_discipline(two_divisions.person_a, status="UNDER_REVIEW")
    other = record_discipline(two_divisions.person_b, status="UNDER_REVIEW")[0]
    api = api_client_for(two_divisions.head_a)
    body = api.get("/api/v1/discipline").json()
    assert (body["count"], [d["person_code"] for d in body["items"]]) == (1, ["PA"])
    assert api.get("/api/v1/discipline", {"person_code": "PB"}).json()["count"] == 0
    assert api.get(f"/api/v1/discipline/{other.pk}").status_code == 404


def test_staff_without_role_cannot_list_people(two_divisions, api_client_for):
    staff = make_user(Role.STAFF, two_divisions.div_a, username="staff")
    response = api_client_for(staff).get("/api/v1/people")
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền xem danh sách cán bộ."}
