import datetime as dt
from typing import get_args

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import bearer_client, error_locs, put, token_for
from tests.factories import make_person, make_unit
from thidua.api.schemas import GenderCode, StaffTypeCode
from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.enums import Gender, StaffType
from thidua.org.models import Membership, Person

PERSON_BODY = {
    "full_name": "Trần Thị Mai",
    "gender": "F",
    "staff_type": "VIEN_CHUC",
    "unit_code": "CNTT",
    "position": "Chuyên viên",
    "is_leader": False,
    "is_frontline": True,
    "joined_on": "2018-03-15",
}
PERSON_OUT = {"code": "P100", **PERSON_BODY}


def test_put_person_first_201_then_200_one_row_one_event(two_divisions, admin_api):
    first = put(admin_api, "/api/v1/people/P100", PERSON_BODY)
    second = put(admin_api, "/api/v1/people/P100", PERSON_BODY)
    assert (first.status_code, first.json()) == (201, PERSON_OUT)
    assert (second.status_code, second.json()) == (200, PERSON_OUT)
    person = Person.objects.get(code="P100")
    assert Person.objects.filter(code="P100").count() == 1
    events = AuditEvent.objects.for_object(person)
    assert [(e.action, e.actor.username) for e in events] == [("org.person.created", "admin")]


def test_get_person_answers_stored_fields(two_divisions, admin_api):
    services.upsert_person(
        "PA",
        full_name="Nguyễn Văn Đức",
        gender="M",
        staff_type="CAN_BO",
        unit=two_divisions.div_a,
        position="Chánh Văn phòng",
        is_leader=True,
        is_frontline=False,
        joined_on=dt.date(2010, 7, 1),
    )
    response = admin_api.get("/api/v1/people/PA")
    assert response.status_code == 200
    assert response.json() == {
        "code": "PA",
        "full_name": "Nguyễn Văn Đức",
        "gender": "M",
        "staff_type": "CAN_BO",
        "unit_code": "VP",
        "position": "Chánh Văn phòng",
        "is_leader": True,
        "is_frontline": False,
        "joined_on": "2010-07-01",
    }


def test_get_unknown_person_is_404(two_divisions, admin_api):
    response = admin_api.get("/api/v1/people/KHONGCO")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy cán bộ mã “KHONGCO”."}


def test_put_person_with_two_bad_fields_names_both(two_divisions, admin_api):
    body = {**PERSON_BODY, "gender": "X", "staff_type": "CONG_NHAN"}
    response = put(admin_api, "/api/v1/people/P100", body)
    assert response.status_code == 422
    assert error_locs(response) == [["body", "gender"], ["body", "staff_type"]]
    assert not Person.objects.filter(code="P100").exists()


def test_put_person_bad_date_and_bool_are_named(two_divisions, admin_api):
    body = {**PERSON_BODY, "joined_on": "15/03/2018", "is_leader": "có lẽ"}
    response = put(admin_api, "/api/v1/people/P100", body)
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert [(d["loc"], d["msg"]) for d in detail] == [
        (["body", "is_leader"], "Giá trị phải là true hoặc false."),
        (["body", "joined_on"], "Ngày không hợp lệ; dùng dạng YYYY-MM-DD."),
    ]


def test_put_person_unknown_unit_is_422_on_unit_code(two_divisions, admin_api):
    response = put(admin_api, "/api/v1/people/P100", {**PERSON_BODY, "unit_code": "KHONGCO"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "unit_code"],
            "msg": "Không có đơn vị mã “KHONGCO”.",
            "type": "value_error",
        }
    ]


def test_put_person_blank_name_is_service_422(two_divisions, admin_api):
    response = put(admin_api, "/api/v1/people/P100", {**PERSON_BODY, "full_name": "   "})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "full_name"],
            "msg": "Họ và tên không được để trống.",
            "type": "value_error",
        }
    ]


def test_put_person_moving_unit_opens_new_membership(two_divisions, admin_api):
    body = {
        "full_name": "Nguyễn Văn Đức",
        "gender": "M",
        "staff_type": "CONG_CHUC",
        "unit_code": "CNTT",
        "joined_on": "2015-01-01",
    }
    response = put(admin_api, "/api/v1/people/PA", body)
    assert (response.status_code, response.json()["unit_code"]) == (200, "CNTT")
    memberships = Membership.objects.filter(person__code="PA").order_by("start")
    assert [(m.unit.code, m.end is None) for m in memberships] == [("VP", False), ("CNTT", True)]


def test_put_person_keeps_fields_the_api_does_not_carry(two_divisions, admin_api):
    make_person(
        "P7",
        unit=two_divisions.div_a,
        full_name="Lê Văn Bảy",
        email="bay@example.gov.vn",
        birth_date=dt.date(1990, 5, 6),
    )
    body = {
        "full_name": "Lê Văn Bảy",
        "gender": "M",
        "staff_type": "CONG_CHUC",
        "unit_code": "VP",
        "joined_on": "2015-01-01",
    }
    response = put(admin_api, "/api/v1/people/P7", body)
    assert response.status_code == 200
    person = Person.objects.get(code="P7")
    assert (person.email, person.birth_date) == ("bay@example.gov.vn", dt.date(1990, 5, 6))
    assert list(AuditEvent.objects.for_object(person).values_list("action", flat=True)) == [
        "org.person.created"
    ]


def test_list_people_accent_insensitive_search(two_divisions, admin_api):
    response = admin_api.get("/api/v1/people", {"q": "nguyen van duc"})
    assert response.json() == {
        "items": [
            {
                "code": "PA",
                "full_name": "Nguyễn Văn Đức",
                "gender": "M",
                "staff_type": "CONG_CHUC",
                "unit_code": "VP",
                "position": "",
                "is_leader": False,
                "is_frontline": True,
                "joined_on": "2015-01-01",
            }
        ],
        "count": 1,
    }


def test_list_people_unit_code_filters_the_subtree(two_divisions, admin_api):
    def codes(unit_code: str) -> list[str]:
        body = admin_api.get("/api/v1/people", {"unit_code": unit_code}).json()
        return sorted(p["code"] for p in body["items"])

    assert codes("STTTT") == ["PA", "PB"]
    assert codes("CNTT") == ["PB"]


def test_list_people_unknown_unit_code_is_422(two_divisions, admin_api):
    response = admin_api.get("/api/v1/people", {"unit_code": "KHONGCO"})
    assert response.status_code == 422
    assert error_locs(response) == [["query", "unit_code"]]


def _count_queries(user) -> int:
    client = bearer_client(token_for(user))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get("/api/v1/people").status_code == 200
    return len(ctx.captured_queries)


def test_list_people_query_count_does_not_grow(admin_user):
    root = make_unit("Q0")
    make_person(unit=root)
    one = _count_queries(admin_user)
    make_person(unit=make_unit(parent=root))
    make_person(unit=make_unit(parent=root))
    three = _count_queries(admin_user)
    assert Person.objects.count() == 3
    assert one == three


def test_person_codes_are_the_stable_enum_values():
    assert list(get_args(GenderCode)) == list(Gender.values)
    assert list(get_args(StaffTypeCode)) == list(StaffType.values)
