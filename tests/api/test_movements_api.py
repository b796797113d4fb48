"""The movements API: PUT a whole movement idempotently, read it back, move its state, and
manage its criteria table, all scoped like the pages."""

from typing import get_args

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import error_locs, post, put
from tests.movements import conftest as movement_fixtures
from tests.movements.conftest import criteria_data, make_draft_movement
from thidua.api.schemas_movements import (
    AwardCodeValue,
    MovementKindCode,
    MovementStateCode,
    ParticipantRoleCode,
    PhaseKindCode,
    RegistrationStateCode,
    ScoringMethodCode,
    SignerAuthorityCode,
    UnitPlanStateCode,
)
from thidua.core.codes import AwardCode
from thidua.core.models import AuditEvent
from thidua.movements import enums, services
from thidua.movements.criteria import table_as_data
from thidua.movements.models import CriteriaTable, Movement

world = movement_fixtures.world  # the `world` fixture of tests/movements

URL = "/api/v1/movements/TTDN-API"

BODY = {
    "kind": "THEMATIC",
    "name": "Thi đua thực hiện hiệu quả công tác thông tin đối ngoại",
    "slogan": "Thông tin đối ngoại vì hình ảnh Lạng Sơn",
    "organizer_code": "STTTT",
    "period_start": "2018-05-10",
    "period_end": "2018-12-31",
    "purposes": "Quán triệt chiến lược thông tin đối ngoại.",
    "requirements": "Các phòng cụ thể hoá nội dung thi đua.",
    "parent_plan_code": "KH05-2018",
    "doc_number": "456/KH-STTTT",
    "doc_date": "2018-05-10",
    "doc_place": "Lạng Sơn",
    "doc_issuer_code": "STTTT",
    "signer_name": "Nguyễn Văn A",
    "signer_title": "Phó Giám đốc",
    "signer_authority": "KT.",
    "legal_bases": [
        "Luật Thi đua, Khen thưởng ngày 26/11/2003",
        "Kế hoạch số 05/KH-UBND ngày 17/01/2018 của UBND tỉnh",
    ],
    "sections": [
        {"number": 1, "title": "Quán triệt kế hoạch", "body": "", "parent_task_codes": []},
        {
            "number": 2,
            "title": "Thông tin đối ngoại khu vực biên giới",
            "body": "Tin, bài về các cửa khẩu.",
            "parent_task_codes": ["NV1", "NV2"],
        },
    ],
    "phases": [
        {"kind": "REGISTRATION", "start": "2018-05-15", "end": "2018-05-31"},
        {"kind": "FINAL_REVIEW", "start": "2018-12-01", "end": "2018-12-20"},
    ],
    "participants": [
        {"unit_code": "BAOLS", "role": "PARTICIPANT"},
        {"unit_code": "CNTT", "role": "PARTICIPANT"},
        {"unit_code": "TTBCXB", "role": "LEAD"},
    ],
    "foreseen_awards": ["GIAY_KHEN", "LDTT"],
}


def _parent_plan():
    import datetime as dt

    services.upsert_parent_plan(
        "KH05-2018",
        number="05/KH-UBND",
        issued_on=dt.date(2018, 1, 17),
        issuer="UBND tỉnh Lạng Sơn",
        title="Hoạt động thông tin đối ngoại năm 2018",
        tasks=[("NV1", "Tuyên truyền biên giới"), ("NV2", "Trang tin đối ngoại")],
    )


def _expected_out(body: dict, state: str = "DRAFT") -> dict:
    expected = {**body, "code": "TTDN-API", "state": state, "launched_at": None}
    expected["participants"] = sorted(body["participants"], key=lambda p: p["unit_code"])
    expected["foreseen_awards"] = sorted(body["foreseen_awards"])
    return expected


def _normalised(data: dict) -> dict:
    """Sets the API does not order by meaning (participants, awards) in one order."""
    data = dict(data)
    data["participants"] = sorted(data["participants"], key=lambda p: p["unit_code"])
    data["foreseen_awards"] = sorted(data["foreseen_awards"])
    return data


def test_put_movement_201_then_200_one_row_and_no_second_event(world, api_client_for):
    _parent_plan()
    api = api_client_for(world.officer)
    first = put(api, URL, BODY)
    assert first.status_code == 201
    events_after_first = AuditEvent.objects.count()
    second = put(api, URL, BODY)
    assert second.status_code == 200
    assert Movement.objects.filter(code="TTDN-API").count() == 1
    assert AuditEvent.objects.count() == events_after_first
    assert _normalised(first.json()) == _normalised(second.json()) == _expected_out(BODY)
    movement = Movement.objects.get(code="TTDN-API")
    actions = sorted(AuditEvent.objects.for_object(movement).values_list("action", flat=True))
    assert actions == [
        "movements.foreseen_awards.set",
        "movements.legal_bases.set",
        "movements.movement.created",
        "movements.participants.set",
        "movements.phases.set",
        "movements.sections.set",
    ]


def test_get_movement_answers_what_was_put(world, api_client_for):
    _parent_plan()
    api = api_client_for(world.officer)
    put(api, URL, BODY)
    response = api.get(URL)
    assert response.status_code == 200
    assert _normalised(response.json()) == _expected_out(BODY)


def test_put_movement_update_replaces_nested_lists(world, api_client_for):
    _parent_plan()
    api = api_client_for(world.officer)
    put(api, URL, BODY)
    changed = {
        **BODY,
        "name": "Tên mới",
        "legal_bases": ["Luật Thi đua, khen thưởng 2022"],
        "sections": [BODY["sections"][1]],
        "phases": [BODY["phases"][0]],
        "participants": [{"unit_code": "CNTT", "role": "LEAD"}],
        "foreseen_awards": ["TTLDXS"],
    }
    response = put(api, URL, changed)
    assert response.status_code == 200
    assert _normalised(response.json()) == _expected_out(changed)


def test_put_new_movement_by_unit_head_is_403_and_creates_nothing(world, api_client_for):
    _parent_plan()
    response = put(api_client_for(world.head_a), URL, {**BODY, "organizer_code": "TTBCXB"})
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Bạn không có quyền phát động phong trào “TTDN-API” tại đơn vị “TTBCXB”."
    }
    assert not Movement.objects.filter(code="TTDN-API").exists()


def test_put_existing_movement_by_unit_head_is_403(world, api_client_for):
    body = {**BODY, "parent_plan_code": None, "sections": []}
    response = put(api_client_for(world.head_a), "/api/v1/movements/TTDN-2018", body)
    assert response.status_code == 403
    assert response.json() == {"detail": "Bạn không có quyền sửa phong trào “TTDN-2018”."}


def test_put_movement_with_bad_phase_is_422_and_writes_nothing(world, api_client_for):
    _parent_plan()
    body = {
        **BODY,
        "phases": [{"kind": "REGISTRATION", "start": "2019-01-01", "end": "2019-01-10"}],
    }
    response = put(api_client_for(world.officer), URL, body)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "phases"],
            "msg": "Đăng ký thi đua phải nằm trong thời gian của phong trào.",
            "type": "value_error",
        }
    ]
    assert not Movement.objects.filter(code="TTDN-API").exists()


def test_put_movement_unknown_codes_are_422_on_their_fields(world, api_client_for):
    body = {
        **BODY,
        "parent_plan_code": None,
        "sections": [],
        "participants": [{"unit_code": "KHONGCO", "role": "LEAD"}],
        "foreseen_awards": ["HUY_CHUONG_VANG"],
    }
    response = put(api_client_for(world.officer), URL, body)
    assert response.status_code == 422
    assert error_locs(response) == [["body", "foreseen_awards", 0]]
    body["foreseen_awards"] = []
    response = put(api_client_for(world.officer), URL, body)
    assert response.json()["detail"][0]["loc"] == ["body", "participants"]
    assert response.json()["detail"][0]["msg"] == "Không có đơn vị mã KHONGCO."


def test_launch_then_disallowed_move_answers_409(world, api_client_for):
    api = api_client_for(world.officer)
    launched = post(api, "/api/v1/movements/TTDN-2018/state", {"state": "LAUNCHED"})
    assert launched.status_code == 200
    assert launched.json()["state"] == "LAUNCHED"
    assert launched.json()["launched_at"] is not None
    world.movement.refresh_from_db()
    assert world.movement.state == "LAUNCHED"
    refused = post(api, "/api/v1/movements/TTDN-2018/state", {"state": "CLOSED"})
    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "Không thể chuyển phong trào từ “Đã phát động” sang “Đã kết thúc”."
    }
    world.movement.refresh_from_db()
    assert world.movement.state == "LAUNCHED"


def test_launch_of_incomplete_movement_lists_problems(world, api_client_for):
    make_draft_movement(world.agency, code="TRONG")
    response = post(
        api_client_for(world.officer), "/api/v1/movements/TRONG/state", {"state": "LAUNCHED"}
    )
    assert response.status_code == 422
    assert [item["msg"] for item in response.json()["detail"]] == [
        "Chưa có nội dung thi đua nào.",
        "Chưa chọn đơn vị tham gia.",
        "Chưa đặt thời gian đăng ký thi đua.",
    ]
    assert Movement.objects.get(code="TRONG").state == "DRAFT"


def test_state_change_by_unit_head_is_403(world, api_client_for):
    services.set_movement_state(world.movement, "LAUNCHED")
    response = post(
        api_client_for(world.head_a), "/api/v1/movements/TTDN-2018/state", {"state": "UNDER_REVIEW"}
    )
    assert response.status_code == 403
    world.movement.refresh_from_db()
    assert world.movement.state == "LAUNCHED"


def test_draft_is_404_and_absent_for_unit_head(world, api_client_for):
    api = api_client_for(world.head_a)
    assert api.get("/api/v1/movements/TTDN-2018").status_code == 404
    assert api.get("/api/v1/movements").json() == {"items": [], "count": 0}
    services.set_movement_state(world.movement, "LAUNCHED")
    assert [m["code"] for m in api.get("/api/v1/movements").json()["items"]] == ["TTDN-2018"]


def _list_queries(api) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = api.get("/api/v1/movements")
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_does_not_grow(world, api_client_for):
    api = api_client_for(world.officer)
    api.get("/api/v1/movements")  # the first use of a token records its use
    one = _list_queries(api)
    make_draft_movement(world.agency, code="M2")
    make_draft_movement(world.agency, code="M3")
    three = _list_queries(api)
    assert api.get("/api/v1/movements").json()["count"] == 3
    assert one == three


# --- Criteria ------------------------------------------------------------------------------


def test_get_criteria_answers_the_table(world, api_client_for):
    response = api_client_for(world.officer).get("/api/v1/movements/TTDN-2018/criteria")
    assert response.status_code == 200
    body = response.json()
    assert (body["scale"], body["bonus_cap"]) == (100, 10)
    assert [s["max_points"] for s in body["sections"]] == [40, 60]
    assert body["sections"][1]["criteria"][0] == {
        "code": "2.1",
        "title": "Tin bài đối ngoại",
        "max_points": 60,
        "method": "COUNTED",
        "indicator": "FL_NEWS.items",
        "target_value": 50,
        "guidance": "",
    }
    assert [b["code"] for b in body["bands"]] == ["XUAT_SAC", "TOT", "HOAN_THANH"]
    assert body["bands"][0]["min_share"] == 0.5


def test_put_criteria_201_then_200_and_get_round_trips(world, api_client_for):
    make_draft_movement(world.agency, code="MOI")
    api = api_client_for(world.officer)
    first = put(api, "/api/v1/movements/MOI/criteria", criteria_data())
    second = put(api, "/api/v1/movements/MOI/criteria", first.json())
    assert (first.status_code, second.status_code) == (201, 200)
    assert api.get("/api/v1/movements/MOI/criteria").json() == first.json() == second.json()
    assert CriteriaTable.objects.filter(movement__code="MOI").count() == 1


def test_put_bad_criteria_is_422_listing_problems_and_writes_nothing(world, api_client_for):
    before = table_as_data(world.movement.criteria_table)
    saved = AuditEvent.objects.filter(action="movements.criteria.saved").count()
    bad = criteria_data()
    bad["sections"][0]["max_points"] = 50
    bad["bonus_items"][0]["max_points"] = 15
    response = put(api_client_for(world.officer), "/api/v1/movements/TTDN-2018/criteria", bad)
    assert response.status_code == 422
    assert [item["msg"] for item in response.json()["detail"]] == [
        "Tổng điểm tối đa của các nhóm tiêu chí là 110, không bằng thang điểm 100.",
        "Nhóm “1. Lãnh đạo, chỉ đạo”: tổng điểm các tiêu chí là 40, khác điểm tối đa của nhóm 50.",
        "Điểm thưởng “Sáng kiến được công nhận” (15 điểm) vượt mức trần điểm thưởng 10.",
    ]
    world.movement.refresh_from_db()
    assert table_as_data(world.movement.criteria_table) == before
    assert AuditEvent.objects.filter(action="movements.criteria.saved").count() == saved


def test_put_criteria_by_unit_head_is_403(world, api_client_for):
    services.set_movement_state(world.movement, "LAUNCHED")
    response = put(
        api_client_for(world.head_a), "/api/v1/movements/TTDN-2018/criteria", criteria_data()
    )
    assert response.status_code == 403


def test_criteria_fixed_under_review_is_409(world, api_client_for):
    services.set_movement_state(world.movement, "LAUNCHED")
    services.set_movement_state(world.movement, "UNDER_REVIEW")
    response = put(
        api_client_for(world.officer), "/api/v1/movements/TTDN-2018/criteria", criteria_data()
    )
    assert response.status_code == 409
    assert "bảng tiêu chí đã cố định" in response.json()["detail"]


def test_copy_criteria_from_another_movement(world, api_client_for):
    make_draft_movement(world.agency, code="MOI")
    api = api_client_for(world.officer)
    response = post(api, "/api/v1/movements/MOI/criteria/copy", {"from_code": "TTDN-2018"})
    assert response.status_code == 200
    assert response.json() == api.get("/api/v1/movements/TTDN-2018/criteria").json()
    missing = post(api, "/api/v1/movements/MOI/criteria/copy", {"from_code": "KHONG"})
    assert (missing.status_code, error_locs(missing)) == (422, [["body", "from_code"]])


def test_get_criteria_of_movement_without_table_is_404(world, api_client_for):
    make_draft_movement(world.agency, code="MOI")
    response = api_client_for(world.officer).get("/api/v1/movements/MOI/criteria")
    assert response.status_code == 404
    assert response.json() == {"detail": "Phong trào “MOI” chưa có bảng tiêu chí."}


# --- Contract ------------------------------------------------------------------------------


def test_code_lists_agree_with_enums():
    pairs = [
        (MovementKindCode, enums.MovementKind),
        (MovementStateCode, enums.MovementState),
        (PhaseKindCode, enums.PhaseKind),
        (SignerAuthorityCode, enums.SignerAuthority),
        (ParticipantRoleCode, enums.ParticipantRole),
        (UnitPlanStateCode, enums.UnitPlanState),
        (RegistrationStateCode, enums.RegistrationState),
        (ScoringMethodCode, enums.ScoringMethod),
        (AwardCodeValue, AwardCode),
    ]
    for literal, choices in pairs:
        assert sorted(get_args(literal)) == sorted(choices.values), choices


def test_openapi_lists_movement_paths_with_error_responses(db, client):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    expected = {
        "/api/v1/movements": {"get"},
        "/api/v1/movements/{code}": {"get", "put"},
        "/api/v1/movements/{code}/state": {"post"},
        "/api/v1/movements/{code}/criteria": {"get", "put"},
        "/api/v1/movements/{code}/criteria/copy": {"post"},
        "/api/v1/movements/{code}/unit-plans": {"get"},
        "/api/v1/movements/{code}/unit-plans/{unit_code}": {"get", "put"},
        "/api/v1/movements/{code}/unit-plans/{unit_code}/state": {"post"},
        "/api/v1/movements/{code}/briefings": {"post"},
        "/api/v1/movements/{code}/progress": {"get"},
        "/api/v1/movements/{code}/registrations": {"get", "post"},
        "/api/v1/registrations/{registration_id}/state": {"post"},
    }
    for path, methods in expected.items():
        assert set(paths[path]) >= methods, path
        for method in methods:
            responses = set(paths[path][method]["responses"])
            assert {"401", "422"} <= responses, (path, method)
            if method != "get":
                assert {"403", "404", "409"} <= responses, (path, method)
