import datetime as dt
from typing import get_args

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import bearer_client, error_locs, put, token_for
from tests.factories import make_place, make_unit
from thidua.api.schemas import UnitKindCode
from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.enums import UnitKind
from thidua.org.models import Unit

UNIT_BODY = {
    "name": "Phòng Kế hoạch - Tài chính",
    "kind": "DIVISION",
    "parent_code": "STTTT",
    "valid_from": "2020-01-01",
    "valid_to": None,
}


def test_put_unit_first_201_then_200_one_row_one_event(two_divisions, admin_api):
    first = put(admin_api, "/api/v1/units/KHTC", UNIT_BODY)
    second = put(admin_api, "/api/v1/units/KHTC", UNIT_BODY)
    expected = {
        "code": "KHTC",
        "name": "Phòng Kế hoạch - Tài chính",
        "short_name": "",
        "kind": "DIVISION",
        "parent_code": "STTTT",
        "valid_from": "2020-01-01",
        "valid_to": None,
    }
    assert (first.status_code, first.json()) == (201, expected)
    assert (second.status_code, second.json()) == (200, expected)
    assert Unit.objects.filter(code="KHTC").count() == 1
    unit = Unit.objects.get(code="KHTC")
    events = AuditEvent.objects.for_object(unit)
    assert [(e.action, e.actor.username) for e in events] == [("org.unit.created", "admin")]


def test_put_unit_change_answers_200_and_records_update(two_divisions, admin_api):
    put(admin_api, "/api/v1/units/KHTC", UNIT_BODY)
    response = put(
        admin_api,
        "/api/v1/units/KHTC",
        {**UNIT_BODY, "valid_to": "2025-06-30", "parent_code": "VP"},
    )
    assert response.status_code == 200
    assert (response.json()["valid_to"], response.json()["parent_code"]) == ("2025-06-30", "VP")
    unit = Unit.objects.get(code="KHTC")
    assert unit.path.startswith(two_divisions.div_a.path)
    actions = list(AuditEvent.objects.for_object(unit).values_list("action", flat=True))
    assert actions == ["org.unit.updated", "org.unit.created"]


def test_get_unit_answers_stored_fields(two_divisions, admin_api):
    services.upsert_unit(
        "VP",
        name="Văn phòng Sở",
        short_name="VPS",
        kind="DIVISION",
        parent=two_divisions.agency,
        valid_from=dt.date(2019, 4, 1),
        valid_to=dt.date(2030, 12, 31),
    )
    response = admin_api.get("/api/v1/units/VP")
    assert response.status_code == 200
    assert response.json() == {
        "code": "VP",
        "name": "Văn phòng Sở",
        "short_name": "VPS",
        "kind": "DIVISION",
        "parent_code": "STTTT",
        "valid_from": "2019-04-01",
        "valid_to": "2030-12-31",
    }


def test_get_root_unit_has_null_parent(two_divisions, admin_api):
    assert admin_api.get("/api/v1/units/STTTT").json()["parent_code"] is None


def test_get_unknown_unit_is_404(two_divisions, admin_api):
    response = admin_api.get("/api/v1/units/KHONGCO")
    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy đơn vị mã “KHONGCO”."}


def test_put_unit_with_two_bad_fields_names_both(two_divisions, admin_api):
    body = {**UNIT_BODY, "kind": "BOGUS", "valid_from": "2020-13-45"}
    response = put(admin_api, "/api/v1/units/KHTC", body)
    assert response.status_code == 422
    assert error_locs(response) == [["body", "kind"], ["body", "valid_from"]]
    kind_error = response.json()["detail"][0]
    assert kind_error["type"] == "literal_error"
    assert kind_error["msg"] == (
        "Giá trị không hợp lệ; chọn một trong: "
        "'AGENCY', 'DIVISION', 'SUBORDINATE', 'OUTSIDE', 'LOCALITY'."
    )
    assert not Unit.objects.filter(code="KHTC").exists()


def test_put_unit_missing_fields_are_named(two_divisions, admin_api):
    response = put(admin_api, "/api/v1/units/KHTC", {"parent_code": "STTTT"})
    assert response.status_code == 422
    assert error_locs(response) == [["body", "name"], ["body", "kind"]]
    assert {item["msg"] for item in response.json()["detail"]} == {"Thiếu trường bắt buộc."}


def test_put_unit_unknown_parent_is_422_on_parent_code(two_divisions, admin_api):
    response = put(admin_api, "/api/v1/units/KHTC", {**UNIT_BODY, "parent_code": "KHONGCO"})
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "parent_code"],
                "msg": "Không có đơn vị mã “KHONGCO”.",
                "type": "value_error",
            }
        ]
    }


def test_put_unit_service_validation_is_422_naming_field(two_divisions, admin_api):
    body = {**UNIT_BODY, "valid_from": "2024-01-01", "valid_to": "2023-12-31"}
    response = put(admin_api, "/api/v1/units/KHTC", body)
    assert response.status_code == 422
    assert response.json() == {
        "detail": [
            {
                "loc": ["body", "valid_to"],
                "msg": "Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực.",
                "type": "value_error",
            }
        ]
    }


def test_put_unit_under_its_own_child_is_422_on_parent_code(two_divisions, admin_api):
    response = put(
        admin_api,
        "/api/v1/units/STTTT",
        {"name": "Sở Thông tin và Truyền thông", "kind": "AGENCY", "parent_code": "VP"},
    )
    assert response.status_code == 422
    assert error_locs(response) == [["body", "parent_code"]]


def test_put_unit_malformed_json_is_400(two_divisions, admin_api):
    response = admin_api.put("/api/v1/units/KHTC", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Yêu cầu không hợp lệ: nội dung không đọc được (JSON)."}


def test_put_unit_keeps_short_name_and_place_when_omitted(two_divisions, admin_api):
    place = make_place("XA01", name="Xã Một")
    services.upsert_unit(
        "VP",
        name="Văn phòng Sở",
        short_name="VPS",
        kind="DIVISION",
        parent=two_divisions.agency,
        place=place,
    )
    events_before = AuditEvent.objects.for_object(two_divisions.div_a).count()
    body = {"name": "Văn phòng Sở", "kind": "DIVISION", "parent_code": "STTTT"}
    response = put(admin_api, "/api/v1/units/VP", body)
    assert (response.status_code, response.json()["short_name"]) == (200, "VPS")
    unit = Unit.objects.get(code="VP")
    assert (unit.short_name, unit.place_id) == ("VPS", place.pk)
    assert AuditEvent.objects.for_object(unit).count() == events_before


def test_put_unit_sets_short_name_when_given(two_divisions, admin_api):
    body = {"name": "Văn phòng Sở", "kind": "DIVISION", "parent_code": "STTTT", "short_name": "VP"}
    response = put(admin_api, "/api/v1/units/VP", body)
    assert (response.status_code, response.json()["short_name"]) == (200, "VP")


def test_put_root_unit_by_admin_is_201(db, admin_api):
    response = put(admin_api, "/api/v1/units/UBND", {"name": "UBND tỉnh", "kind": "AGENCY"})
    assert response.status_code == 201
    assert response.json()["parent_code"] is None
    assert Unit.objects.get(code="UBND").depth == 0


def test_list_units_accent_insensitive_search(two_divisions, admin_api):
    response = admin_api.get("/api/v1/units", {"q": "cong nghe"})
    assert response.status_code == 200
    assert response.json() == {
        "items": [
            {
                "code": "CNTT",
                "name": "Phòng Công nghệ thông tin",
                "short_name": "",
                "kind": "DIVISION",
                "parent_code": "STTTT",
                "valid_from": "2000-01-01",
                "valid_to": None,
            }
        ],
        "count": 1,
    }


def test_list_units_limit_offset_in_tree_order(two_divisions, admin_api):
    first = admin_api.get("/api/v1/units", {"limit": 2}).json()
    rest = admin_api.get("/api/v1/units", {"limit": 2, "offset": 2}).json()
    assert first["count"] == rest["count"] == 3
    codes = [u["code"] for u in first["items"] + rest["items"]]
    assert codes == list(Unit.objects.order_by("path").values_list("code", flat=True))
    assert codes[0] == "STTTT"


def test_list_units_limit_over_maximum_is_422(two_divisions, admin_api):
    response = admin_api.get("/api/v1/units", {"limit": 10_000})
    assert response.status_code == 422
    assert error_locs(response) == [["query", "limit"]]


def _count_queries(user, path: str) -> int:
    client = bearer_client(token_for(user))
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx.captured_queries)


def test_list_units_query_count_does_not_grow(admin_user):
    root = make_unit("Q0")
    one = _count_queries(admin_user, "/api/v1/units")
    make_unit(parent=root)
    make_unit(parent=root)
    three = _count_queries(admin_user, "/api/v1/units")
    assert Unit.objects.count() == 3
    assert one == three


def test_unit_kind_codes_are_the_stable_enum_values():
    assert list(get_args(UnitKindCode)) == list(UnitKind.values)
