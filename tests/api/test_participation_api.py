"""Taking part through the API: unit plans, briefings, progress and registrations, with the
phase rules (registration deadline) and the scoping of unit heads."""

import datetime as dt

from tests.api.conftest import post, put
from tests.factories import make_person
from tests.movements import conftest as movement_fixtures
from tests.movements.conftest import TODAY
from thidua.core.models import AuditEvent
from thidua.movements import services
from thidua.movements.models import Briefing, Registration, UnitPlan
from thidua.org.services import link_user

world = movement_fixtures.world  # the `world` fixture of tests/movements

MOVEMENT = "/api/v1/movements/TTDN-2018"
PLAN_BODY = {
    "summary": "Phòng tập trung tin, bài đối ngoại khu vực biên giới.",
    "targets": [
        {
            "section": 2,
            "description": "Đăng tin, bài về các cửa khẩu",
            "indicator": "FL_NEWS.items",
            "target_value": 24,
            "measure_unit": "tin, bài",
            "due_on": "2026-12-31",
        },
        {"section": 1, "description": "Quán triệt toàn thể công chức của phòng"},
    ],
}


def _launch(world):
    services.set_movement_state(world.movement, "LAUNCHED")


def _register_self(api, award="LDTT"):
    body = {"unit_code": "TTBCXB", "person_code": "PA", "award_code": award, "targets": "24 tin"}
    return post(api, f"{MOVEMENT}/registrations", body)


# --- Unit plans ----------------------------------------------------------------------------


def test_unit_head_writes_own_plan_201_then_200_and_reads_it(world, api_client_for):
    _launch(world)
    api = api_client_for(world.head_a)
    first = put(api, f"{MOVEMENT}/unit-plans/TTBCXB", PLAN_BODY)
    second = put(api, f"{MOVEMENT}/unit-plans/TTBCXB", PLAN_BODY)
    assert (first.status_code, second.status_code) == (201, 200)
    assert UnitPlan.objects.filter(movement=world.movement, unit=world.div_a).count() == 1
    body = api.get(f"{MOVEMENT}/unit-plans/TTBCXB").json()
    assert (body["unit_code"], body["state"], body["summary"]) == (
        "TTBCXB",
        "DRAFT",
        PLAN_BODY["summary"],
    )
    assert body["targets"] == [
        {
            "section": 1,
            "parent_task": None,
            "description": "Quán triệt toàn thể công chức của phòng",
            "indicator": "",
            "target_value": None,
            "measure_unit": "",
            "due_on": None,
        },
        {
            "section": 2,
            "parent_task": None,
            "description": "Đăng tin, bài về các cửa khẩu",
            "indicator": "FL_NEWS.items",
            "target_value": 24.0,
            "measure_unit": "tin, bài",
            "due_on": "2026-12-31",
        },
    ]


def test_unit_head_cannot_put_another_units_plan(world, api_client_for):
    _launch(world)
    response = put(api_client_for(world.head_a), f"{MOVEMENT}/unit-plans/CNTT", PLAN_BODY)
    assert response.status_code == 403
    assert response.json() == {
        "detail": "Bạn không có quyền viết kế hoạch thi đua của đơn vị “CNTT”."
    }
    assert not UnitPlan.objects.exists()
    denied = AuditEvent.objects.get(action="access.denied")
    assert denied.after["permission"] == "movements.write_unit_plan"


def test_unit_plan_of_draft_movement_is_409_for_officer(world, api_client_for):
    response = put(api_client_for(world.officer), f"{MOVEMENT}/unit-plans/TTBCXB", PLAN_BODY)
    assert response.status_code == 409
    assert not UnitPlan.objects.exists()


def test_unit_plan_with_unknown_section_is_422(world, api_client_for):
    _launch(world)
    body = {"summary": "", "targets": [{"section": 9, "description": "Không rõ nội dung"}]}
    response = put(api_client_for(world.head_a), f"{MOVEMENT}/unit-plans/TTBCXB", body)
    assert response.status_code == 422
    assert [i["msg"] for i in response.json()["detail"]] == [
        "Chỉ tiêu 1: chưa chọn nội dung thi đua hợp lệ."
    ]


def test_unit_plan_submit_approve_and_disallowed_moves(world, api_client_for):
    _launch(world)
    head, officer = api_client_for(world.head_a), api_client_for(world.officer)
    put(head, f"{MOVEMENT}/unit-plans/TTBCXB", PLAN_BODY)
    state_url = f"{MOVEMENT}/unit-plans/TTBCXB/state"
    submitted = post(head, state_url, {"state": "SUBMITTED"})
    assert (submitted.status_code, submitted.json()["state"]) == (200, "SUBMITTED")
    locked = put(head, f"{MOVEMENT}/unit-plans/TTBCXB", PLAN_BODY)
    assert locked.status_code == 409
    assert locked.json() == {
        "detail": "Kế hoạch của đơn vị “TTBCXB” đang ở trạng thái “Đã gửi, chờ duyệt”, "
        "không thể sửa."
    }
    assert post(head, state_url, {"state": "APPROVED"}).status_code == 403
    returned = post(officer, state_url, {"state": "RETURNED"})
    assert returned.status_code == 422  # a return needs a comment
    approved = post(officer, state_url, {"state": "APPROVED", "comment": "Đạt yêu cầu"})
    assert (approved.status_code, approved.json()["state"]) == (200, "APPROVED")
    again = post(officer, state_url, {"state": "RETURNED", "comment": "Sửa lại"})
    assert again.status_code == 409
    assert again.json() == {
        "detail": "Không thể chuyển kế hoạch từ “Đã duyệt” sang “Trả lại để sửa”."
    }


def test_unit_plans_list_is_scoped(world, api_client_for):
    _launch(world)
    put(api_client_for(world.head_a), f"{MOVEMENT}/unit-plans/TTBCXB", PLAN_BODY)
    put(api_client_for(world.head_b), f"{MOVEMENT}/unit-plans/CNTT", PLAN_BODY)
    codes = lambda user: [  # noqa: E731
        p["unit_code"] for p in api_client_for(user).get(f"{MOVEMENT}/unit-plans").json()["items"]
    ]
    assert codes(world.head_b) == ["CNTT"]
    assert sorted(codes(world.officer)) == ["CNTT", "TTBCXB"]
    assert api_client_for(world.head_b).get(f"{MOVEMENT}/unit-plans/TTBCXB").status_code == 404


# --- Briefings and progress ----------------------------------------------------------------


def test_briefing_201_then_200_and_progress_counts_it(world, api_client_for):
    _launch(world)
    staff = api_client_for(world.staff_a)
    first = post(staff, f"{MOVEMENT}/briefings", {})
    second = post(staff, f"{MOVEMENT}/briefings", {})
    assert (first.status_code, second.status_code) == (201, 200)
    assert (first.json()["person_code"], first.json()["unit_code"]) == ("PA", "TTBCXB")
    assert first.json() == second.json()
    assert Briefing.objects.count() == 1
    progress = api_client_for(world.head_a).get(f"{MOVEMENT}/progress").json()
    assert progress["items"] == [
        {
            "unit_code": "TTBCXB",
            "unit_name": "Phòng Thông tin - Báo chí - Xuất bản",
            "staff": 2,
            "briefed": 1,
            "registered": 0,
            "briefed_share": 0.5,
            "registered_share": 0.0,
            "plan_state": None,
        }
    ]
    officer = api_client_for(world.officer).get(f"{MOVEMENT}/progress").json()
    assert sorted(row["unit_code"] for row in officer["items"]) == ["BAOLS", "CNTT", "TTBCXB"]


def test_briefing_before_launch_is_409(world, api_client_for):
    link_user(make_person("POFF", unit=world.div_a), world.officer)
    response = post(api_client_for(world.officer), f"{MOVEMENT}/briefings", {})
    assert response.status_code == 409
    assert response.json() == {"detail": "Phong trào “TTDN-2018” chưa phát động hoặc đã kết thúc."}
    assert not Briefing.objects.exists()


def test_briefing_needs_a_person_and_progress_needs_a_head(world, api_client_for):
    _launch(world)
    no_person = post(api_client_for(world.head_b), f"{MOVEMENT}/briefings", {})
    assert no_person.status_code == 403
    assert no_person.json() == {
        "detail": "Tài khoản chưa gắn với hồ sơ cán bộ nên không thể xác nhận quán triệt."
    }
    assert api_client_for(world.staff_a).get(f"{MOVEMENT}/progress").status_code == 403


# --- Registrations -------------------------------------------------------------------------


def test_staff_registers_while_open_201(world, api_client_for):
    _launch(world)
    response = _register_self(api_client_for(world.staff_a))
    assert response.status_code == 201
    body = response.json()
    assert (body["movement_code"], body["unit_code"], body["person_code"]) == (
        "TTDN-2018",
        "TTBCXB",
        "PA",
    )
    assert (body["award_code"], body["state"], body["targets"]) == ("LDTT", "SUBMITTED", "24 tin")
    again = _register_self(api_client_for(world.staff_a))
    assert again.status_code == 409
    assert again.json() == {"detail": "Đã đăng ký thi đua trong phong trào này."}
    assert Registration.objects.count() == 1


def test_staff_registration_after_deadline_is_409_with_the_date(world, api_client_for):
    deadline = TODAY - dt.timedelta(days=1)
    services.set_phases(world.movement, {"REGISTRATION": (TODAY - dt.timedelta(days=20), deadline)})
    _launch(world)
    response = _register_self(api_client_for(world.staff_a))
    assert response.status_code == 409
    assert response.json() == {
        "detail": f"Đã hết hạn đăng ký thi đua (hạn cuối {deadline:%d/%m/%Y})."
    }
    assert not Registration.objects.exists()


def test_staff_cannot_register_a_colleague_but_the_head_can(world, api_client_for):
    _launch(world)
    body = {"unit_code": "TTBCXB", "person_code": "PA2", "award_code": "LDTT"}
    refused = post(api_client_for(world.staff_a), f"{MOVEMENT}/registrations", body)
    assert refused.status_code == 403
    assert refused.json() == {
        "detail": "Bạn chỉ được đăng ký thi đua cho chính mình; đăng ký cho cán bộ “PA2” cần "
        "quyền thủ trưởng đơn vị “TTBCXB”."
    }
    accepted = post(api_client_for(world.head_a), f"{MOVEMENT}/registrations", body)
    assert (accepted.status_code, accepted.json()["person_code"]) == (201, "PA2")


def test_unit_registration_needs_the_unit_head(world, api_client_for):
    _launch(world)
    body = {"unit_code": "TTBCXB", "person_code": None, "award_code": "TTLDXS"}
    assert post(api_client_for(world.staff_a), f"{MOVEMENT}/registrations", body).status_code == 403
    assert post(api_client_for(world.head_b), f"{MOVEMENT}/registrations", body).status_code == 403
    accepted = post(api_client_for(world.head_a), f"{MOVEMENT}/registrations", body)
    assert accepted.status_code == 201
    assert (accepted.json()["person_code"], accepted.json()["award_code"]) == (None, "TTLDXS")
    wrong_award = {**body, "award_code": "LDTT", "unit_code": "TTBCXB"}
    Registration.objects.all().delete()
    response = post(api_client_for(world.head_a), f"{MOVEMENT}/registrations", wrong_award)
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["body", "award_code"],
            "msg": "Danh hiệu này dành cho cá nhân, không cho tập thể.",
            "type": "value_error",
        }
    ]


def test_head_of_b_cannot_see_registrations_of_a(world, api_client_for):
    _launch(world)
    registration_id = _register_self(api_client_for(world.staff_a)).json()["id"]
    make_person("PB2", unit=world.div_b, full_name="Hoàng Văn Bình")
    own_b = post(
        api_client_for(world.head_b),
        f"{MOVEMENT}/registrations",
        {"unit_code": "CNTT", "person_code": "PB2", "award_code": "LDTT"},
    )
    assert own_b.status_code == 201
    head_b = api_client_for(world.head_b)
    listed = head_b.get(f"{MOVEMENT}/registrations").json()
    assert [(r["unit_code"], r["person_code"]) for r in listed["items"]] == [("CNTT", "PB2")]
    refused = post(head_b, f"/api/v1/registrations/{registration_id}/state", {"state": "CONFIRMED"})
    assert refused.status_code == 404
    assert Registration.objects.get(pk=registration_id).state == "SUBMITTED"
    head_a = api_client_for(world.head_a)
    assert [r["person_code"] for r in head_a.get(f"{MOVEMENT}/registrations").json()["items"]] == [
        "PA"
    ]


def test_registration_confirm_withdraw_and_disallowed_move(world, api_client_for):
    _launch(world)
    registration_id = _register_self(api_client_for(world.staff_a)).json()["id"]
    url = f"/api/v1/registrations/{registration_id}/state"
    staff, head = api_client_for(world.staff_a), api_client_for(world.head_a)
    assert post(staff, url, {"state": "CONFIRMED"}).status_code == 403
    confirmed = post(head, url, {"state": "CONFIRMED"})
    assert (confirmed.status_code, confirmed.json()["state"]) == (200, "CONFIRMED")
    refused = post(head, url, {"state": "REJECTED", "comment": "Không đạt"})
    assert refused.status_code == 409
    assert refused.json() == {
        "detail": "Không thể chuyển đăng ký từ “Đã xác nhận” sang “Không xác nhận”."
    }
    withdrawn = post(staff, url, {"state": "WITHDRAWN"})
    assert (withdrawn.status_code, withdrawn.json()["state"]) == (200, "WITHDRAWN")
    again = _register_self(staff, award="CSTDCS")
    assert (again.status_code, again.json()["award_code"], again.json()["id"]) == (
        200,
        "CSTDCS",
        registration_id,
    )
