import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from tests.movements.conftest import TODAY, criteria_data, make_draft_movement
from thidua.core.models import AuditEvent
from thidua.movements import participation, services
from thidua.movements.criteria import copy_criteria_table, problems_of, save_criteria_table
from thidua.movements.queries import visible_movements


def test_set_movement_state_launch_notifies_unit_heads(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.set_movement_state(world.movement, "LAUNCHED", actor=world.officer)
    world.movement.refresh_from_db()
    assert world.movement.state == "LAUNCHED"
    assert world.movement.launched_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["head_a@example.vn", "head_b@example.vn"]
    assert "456/KH-STTTT" in mail.outbox[0].body
    event = AuditEvent.objects.get(action="movements.movement.state")
    assert (event.before, event.after) == ({"state": "DRAFT"}, {"state": "LAUNCHED"})


def test_set_movement_state_rejects_skipping_a_state(world):
    with pytest.raises(ValidationError) as exc:
        services.set_movement_state(world.movement, "CLOSED")
    assert "Không thể chuyển phong trào" in exc.value.messages[0]


def test_launch_without_participants_lists_the_problem(world):
    bare = make_draft_movement(world.agency, code="EMPTY")
    with pytest.raises(ValidationError) as exc:
        services.set_movement_state(bare, "LAUNCHED")
    assert exc.value.messages == [
        "Chưa có nội dung thi đua nào.",
        "Chưa chọn đơn vị tham gia.",
        "Chưa đặt thời gian đăng ký thi đua.",
    ]


def test_visible_movements_draft_only_to_officer(world):
    assert list(visible_movements(world.officer)) == [world.movement]
    assert list(visible_movements(world.head_a)) == []
    services.set_movement_state(world.movement, "LAUNCHED")
    assert list(visible_movements(world.head_a)) == [world.movement]
    assert list(visible_movements(world.staff_a)) == [world.movement]


def test_register_after_deadline_is_refused(world):
    services.set_phases(
        world.movement,
        {"REGISTRATION": (TODAY - dt.timedelta(days=20), TODAY - dt.timedelta(days=1))},
    )
    services.set_movement_state(world.movement, "LAUNCHED")
    with pytest.raises(ValidationError) as exc:
        participation.register(
            world.movement, unit=world.div_a, person=world.person_a, award_code="LDTT"
        )
    deadline = (TODAY - dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert exc.value.messages == [f"Đã hết hạn đăng ký thi đua (hạn cuối {deadline})."]


def test_register_person_for_collective_title_is_refused(world):
    services.set_movement_state(world.movement, "LAUNCHED")
    with pytest.raises(ValidationError) as exc:
        participation.register(
            world.movement, unit=world.div_a, person=world.person_a, award_code="TTLDXS"
        )
    assert exc.value.message_dict == {
        "award_code": ["Danh hiệu này dành cho tập thể, không cho cá nhân."]
    }


def test_unit_completion_counts_briefings_and_registrations(world):
    services.set_movement_state(world.movement, "LAUNCHED")
    participation.confirm_briefing(world.movement, world.person_a)
    participation.confirm_briefing(world.movement, world.person_a)  # twice: one briefing
    participation.register(
        world.movement, unit=world.div_a, person=world.person_a, award_code="LDTT"
    )
    rows = {
        r.code: (r.staff, r.briefed, r.registered)
        for r in participation.unit_completion(world.movement)
    }
    assert rows == {"TTBCXB": (2, 1, 1), "CNTT": (1, 0, 0), "BAOLS": (0, 0, 0)}


def test_unit_plan_submit_and_return_with_comment(world):
    services.set_movement_state(world.movement, "LAUNCHED")
    plan = participation.save_unit_plan(
        world.movement,
        world.div_a,
        summary="Cụ thể hoá",
        targets=[{"section": 2, "description": "30 tin bài tiếng Trung", "target_value": 30}],
    )
    participation.set_unit_plan_state(plan, "SUBMITTED")
    with pytest.raises(ValidationError):
        participation.set_unit_plan_state(plan, "RETURNED")
    plan = participation.set_unit_plan_state(plan, "RETURNED", comment="Bổ sung chỉ tiêu biên giới")
    assert (plan.state, plan.review_comment) == ("RETURNED", "Bổ sung chỉ tiêu biên giới")


def test_criteria_problems_explain_in_vietnamese():
    data = criteria_data()
    data["sections"][0]["max_points"] = 35
    data["bonus_items"][0]["max_points"] = 15
    assert problems_of(data) == [
        "Tổng điểm tối đa của các nhóm tiêu chí là 95, không bằng thang điểm 100.",
        "Nhóm “1. Lãnh đạo, chỉ đạo”: tổng điểm các tiêu chí là 40, khác điểm tối đa của nhóm 35.",
        "Điểm thưởng “Sáng kiến được công nhận” (15 điểm) vượt mức trần điểm thưởng 10.",
    ]


def test_copy_criteria_table_from_another_movement(world):
    other = make_draft_movement(world.agency, code="TX-2018", kind="REGULAR", name="Thường xuyên")
    copy_criteria_table(world.movement, other)
    assert other.criteria_table.sections.count() == 2
    assert [b.code for b in other.criteria_table.bands.all()] == ["XUAT_SAC", "TOT", "HOAN_THANH"]


def test_save_criteria_table_refused_under_review(world):
    services.set_movement_state(world.movement, "LAUNCHED")
    services.set_movement_state(world.movement, "UNDER_REVIEW")
    with pytest.raises(ValidationError):
        save_criteria_table(world.movement, criteria_data())
