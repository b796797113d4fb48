"""Periodic reports: the summary prefilled from activities, dates inside the movement, one
report per unit, period and start, editing while a draft or returned, and the workflow."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import make_place
from tests.movements.conftest import TODAY
from tests.results.conftest import add_activity, launch
from thidua.core.models import AuditEvent
from thidua.results.models import PeriodicReport
from thidua.results.reports import (
    build_report_summary,
    create_report,
    save_report,
    set_report_state,
)

START = TODAY - dt.timedelta(days=20)
END = TODAY - dt.timedelta(days=1)


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


@pytest.fixture
def launched(world):
    launch(world, under_review=False)
    return world


def _activities(world) -> None:
    border = make_place("DOICAN", name="Xã Đội Cấn", is_border=True)
    inland = make_place("HOANGVANTHU", name="Phường Hoàng Văn Thụ")
    add_activity(
        world,
        world.div_a,
        values={"items": 12},
        title="Tin tiếng Anh về Hữu Nghị",
        occurred_on=START + dt.timedelta(days=1),
        place=inland,
    )
    add_activity(
        world,
        world.div_a,
        values={"items": "3.5"},
        title="Tin tiếng Trung về cửa khẩu",
        occurred_on=START + dt.timedelta(days=2),
        place=border,
    )
    add_activity(
        world,
        world.div_a,
        kind="BORDER_PROP",
        values={"sessions": 2, "residents": 1250},
        title="Tuyên truyền tại Đội Cấn",
        occurred_on=START + dt.timedelta(days=3),
        place=border,
    )
    # Not in the summary: another unit, a withdrawn activity, a day outside the period.
    add_activity(world, world.div_b, values={"items": 99}, occurred_on=START)
    add_activity(world, world.div_a, values={"items": 50}, occurred_on=START, withdrawn=True)
    add_activity(world, world.div_a, values={"items": 7}, occurred_on=START - dt.timedelta(days=1))


def test_summary_counts_kinds_indicators_border_share_and_lists_activities(launched):
    world = launched
    _activities(world)
    text = build_report_summary(world.movement, world.div_a, START, END)
    d1, d2, d3 = (_day(START + dt.timedelta(days=n)) for n in (1, 2, 3))
    assert text.splitlines() == [
        "Phong trào: Thi đua thực hiện hiệu quả công tác thông tin đối ngoại",
        "Đơn vị: Phòng Thông tin - Báo chí - Xuất bản",
        f"Thời gian: từ ngày {_day(START)} đến ngày {_day(END)}",
        "",
        "I. KẾT QUẢ THEO LOẠI HOẠT ĐỘNG",
        "1. Tin, bài về tỉnh bằng tiếng nước ngoài: 2 hoạt động, trong đó 1 ở khu vực biên giới.",
        "   - Tin, bài đăng tải: 15,5 tin, bài",
        "2. Tuyên truyền ở khu vực biên giới, phối hợp với Bộ đội Biên phòng: 1 hoạt động, "
        "trong đó 1 ở khu vực biên giới.",
        "   - Buổi tuyên truyền: 2 buổi",
        "   - Lượt người dân tham dự: 1.250 lượt người",
        # 2 of the 3 activities were in a border commune: 66,67 %.
        "Tổng cộng: 3 hoạt động; 2 hoạt động ở khu vực biên giới (66,67%).",
        "",
        "II. DANH SÁCH HOẠT ĐỘNG",
        f"1. {d1} — Tin tiếng Anh về Hữu Nghị (Tin, bài về tỉnh bằng tiếng nước ngoài) — "
        "Phường Hoàng Văn Thụ",
        f"2. {d2} — Tin tiếng Trung về cửa khẩu (Tin, bài về tỉnh bằng tiếng nước ngoài) — "
        "Xã Đội Cấn (khu vực biên giới)",
        f"3. {d3} — Tuyên truyền tại Đội Cấn (Tuyên truyền ở khu vực biên giới, phối hợp với "
        "Bộ đội Biên phòng) — Xã Đội Cấn (khu vực biên giới)",
    ]


def test_summary_without_activities_says_so(launched):
    text = build_report_summary(launched.movement, launched.div_b, START, END)
    assert text.splitlines()[-1] == "Trong kỳ, đơn vị chưa báo cáo hoạt động nào."


def test_summary_takes_three_queries_whatever_the_number_of_activities(launched):
    world = launched
    for n in range(5):
        add_activity(world, world.div_a, values={"items": n}, occurred_on=START)
    with CaptureQueriesContext(connection) as ctx:
        build_report_summary(world.movement, world.div_a, START, END)
    assert len(ctx.captured_queries) == 3


def test_create_report_prefills_content_and_records_event(launched):
    world = launched
    _activities(world)
    report = create_report(
        world.movement, world.div_a, period="MONTHLY", start=START, end=END, actor=world.head_a
    )
    assert report.state == "DRAFT"
    assert report.content == build_report_summary(world.movement, world.div_a, START, END)
    event = AuditEvent.objects.for_object(report).get()
    assert (event.action, event.actor) == ("results.report.created", world.head_a)


def test_report_dates_must_lie_inside_the_movement(launched):
    world = launched
    before = world.movement.period_start - dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        create_report(world.movement, world.div_a, period="MONTHLY", start=before, end=END)
    assert list(exc.value.message_dict) == ["period_start"]
    after = world.movement.period_end + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as exc:
        create_report(world.movement, world.div_a, period="QUARTERLY", start=START, end=after)
    assert list(exc.value.message_dict) == ["period_end"]
    with pytest.raises(ValidationError) as exc:
        create_report(world.movement, world.div_a, period="MONTHLY", start=END, end=START)
    assert "phải sau ngày bắt đầu" in exc.value.message_dict["period_end"][0]
    assert PeriodicReport.objects.count() == 0


def test_one_report_per_unit_period_and_start(launched):
    world = launched
    create_report(world.movement, world.div_a, period="MONTHLY", start=START, end=END)
    with pytest.raises(ValidationError) as exc:
        create_report(world.movement, world.div_a, period="MONTHLY", start=START, end=TODAY)
    assert exc.value.message_dict["period_start"] == [
        f"Đơn vị “Phòng Thông tin - Báo chí - Xuất bản” đã có báo cáo tháng bắt đầu từ ngày "
        f"{_day(START)}."
    ]
    # Another period kind, another unit: fine.
    create_report(world.movement, world.div_a, period="QUARTERLY", start=START, end=END)
    create_report(world.movement, world.div_b, period="MONTHLY", start=START, end=END)
    assert PeriodicReport.objects.count() == 3


def test_unit_outside_the_movement_cannot_report(launched, world):
    from tests.factories import make_unit

    stranger = make_unit("XA", name="UBND xã ngoài phong trào", kind="LOCALITY")
    with pytest.raises(ValidationError) as exc:
        create_report(world.movement, stranger, period="MONTHLY", start=START, end=END)
    assert "không tham gia" in exc.value.message_dict["unit"][0]


def test_no_report_before_launch(world):
    with pytest.raises(ValidationError):
        create_report(world.movement, world.div_a, period="MONTHLY", start=START, end=END)


def test_workflow_submit_return_with_comment_edit_resubmit_accept(launched):
    world = launched
    report = create_report(world.movement, world.div_a, period="MONTHLY", start=START, end=END)
    save_report(report, content="Báo cáo tháng của phòng.", actor=world.head_a)
    set_report_state(report, "SUBMITTED", actor=world.head_a)
    with pytest.raises(ValidationError) as exc:
        save_report(report, content="Sửa sau khi gửi", actor=world.head_a)
    assert exc.value.messages == ["Báo cáo đang ở trạng thái “Đã gửi”, không thể sửa."]
    with pytest.raises(ValidationError) as exc:
        set_report_state(report, "RETURNED", actor=world.officer, comment="  ")
    assert list(exc.value.message_dict) == ["comment"]
    set_report_state(report, "RETURNED", actor=world.officer, comment="Bổ sung số liệu biên giới.")
    report.refresh_from_db()
    assert (report.state, report.review_comment, report.decided_by) == (
        "RETURNED",
        "Bổ sung số liệu biên giới.",
        world.officer,
    )
    save_report(report, content="Báo cáo tháng, đã bổ sung.", actor=world.head_a)
    set_report_state(report, "SUBMITTED", actor=world.head_a)
    set_report_state(report, "ACCEPTED", actor=world.officer)
    report.refresh_from_db()
    assert (report.state, report.content) == ("ACCEPTED", "Báo cáo tháng, đã bổ sung.")
    actions = list(
        AuditEvent.objects.for_object(report).order_by("id").values_list("action", flat=True)
    )
    assert actions == [
        "results.report.created",
        "results.report.saved",
        "results.report.state",
        "results.report.state",
        "results.report.saved",
        "results.report.state",
        "results.report.state",
    ]


def test_transitions_outside_the_table_are_refused(launched):
    world = launched
    report = create_report(world.movement, world.div_a, period="MONTHLY", start=START, end=END)
    with pytest.raises(ValidationError) as exc:
        set_report_state(report, "ACCEPTED", actor=world.officer)
    assert exc.value.messages == ["Không thể chuyển báo cáo từ “Đang soạn” sang “Đã tiếp nhận”."]
    set_report_state(report, "SUBMITTED")
    set_report_state(report, "ACCEPTED")
    with pytest.raises(ValidationError):
        set_report_state(report, "SUBMITTED")
    with pytest.raises(ValidationError):
        save_report(report, content="Sửa khi đã tiếp nhận")


# -- Pages ----------------------------------------------------------------------------------


def test_head_creates_a_prefilled_report_on_the_page_and_submits_it(launched, client_for):
    world = launched
    _activities(world)
    client = client_for(world.head_a)
    url = reverse("results:report_create", args=[world.movement.code, world.div_a.code])
    response = client.post(
        url, {"period": "MONTHLY", "period_start": START.isoformat(), "period_end": END.isoformat()}
    )
    report = PeriodicReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("results:report_detail", args=[report.pk])
    assert report.content == build_report_summary(world.movement, world.div_a, START, END)
    detail = reverse("results:report_detail", args=[report.pk])
    response = client.post(detail, {"content": "Nội dung đã sửa.", "action": "submit"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.content) == ("SUBMITTED", "Nội dung đã sửa.")


def test_head_of_another_division_can_neither_write_nor_see_the_report(launched, client_for):
    world = launched
    report = create_report(world.movement, world.div_a, period="MONTHLY", start=START, end=END)
    client = client_for(world.head_b)
    url = reverse("results:report_create", args=[world.movement.code, world.div_a.code])
    response = client.post(
        url, {"period": "MONTHLY", "period_start": TODAY.isoformat(), "period_end": END.isoformat()}
    )
    assert response.status_code == 403
    assert client.get(reverse("results:report_detail", args=[report.pk])).status_code == 404
    listing = client.get(reverse("results:report_list", args=[world.movement.code]))
    assert list(listing.context["page"].object_list) == []
    assert PeriodicReport.objects.count() == 1


def test_officer_returns_a_report_with_a_comment_on_the_page(launched, client_for):
    world = launched
    report = create_report(world.movement, world.div_a, period="MONTHLY", start=START, end=END)
    set_report_state(report, "SUBMITTED")
    client = client_for(world.officer)
    url = reverse("results:report_state", args=[report.pk])
    response = client.post(url, {"decision": "RETURNED", "comment": ""})
    assert response.status_code == 200
    assert "Khi trả lại báo cáo cần ghi rõ ý kiến" in response.content.decode()
    response = client.post(url, {"decision": "RETURNED", "comment": "Thiếu số liệu."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.state, report.review_comment) == ("RETURNED", "Thiếu số liệu.")
    # The unit head cannot accept or return.
    set_report_state(report, "SUBMITTED")
    response = client_for(world.head_a).post(url, {"decision": "ACCEPTED", "comment": ""})
    assert response.status_code == 403


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_report_list_query_count_is_the_same_for_one_and_three_reports(launched, client_for):
    world = launched
    client = client_for(world.officer)
    url = reverse("results:report_list", args=[world.movement.code])
    create_report(world.movement, world.div_a, period="MONTHLY", start=START, end=END)
    one = _queries(client, url)
    create_report(world.movement, world.div_b, period="MONTHLY", start=START, end=END)
    create_report(world.movement, world.outside, period="QUARTERLY", start=START, end=END)
    assert _queries(client, url) == one
