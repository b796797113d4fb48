"""The movement journey, the way the people of an agency click it (issue 3).

The emulation officer creates a thematic movement from its founding plan, fills its content
sections, phases, participants and foreseen awards, enters the criteria table (first with a
mistake the editor lists in Vietnamese), launches it, and the public page shows it. The head
of a participating division writes and submits the division's plan; a member of the division
confirms the briefing with one click and registers for "Lao động tiên tiến". The database holds
exactly that at the end, and no page broke the content security policy.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import make_person, make_unit, make_user
from thidua.movements.enums import MovementState, RegistrationState, UnitPlanState
from thidua.movements.models import Briefing, Movement, Registration, UnitPlan
from thidua.org import services as org_services
from thidua.org.enums import Role
from thidua.org.models import Person, Unit, User

pytestmark = pytest.mark.browser

PASSWORD = "Mat-khau-dai-2025!"
CODE = "TTDN-BG"
NAME = "Thi đua thực hiện hiệu quả công tác thông tin đối ngoại khu vực biên giới"
SECTION_1 = "Quán triệt, triển khai kế hoạch"
SECTION_2 = "Thông tin đối ngoại khu vực biên giới"
SUM_MISTAKE = "Tổng điểm tối đa của các nhóm tiêu chí là 95, không bằng thang điểm 100."


@dataclass
class Agency:
    agency: Unit
    div_a: Unit
    div_b: Unit
    outside: Unit
    officer: User
    head_a: User
    staff_a: User
    head_person: Person
    staff_person: Person


@pytest.fixture
def agency(db) -> Agency:
    """An agency with two divisions and an outside organisation; in division A its head and a
    member (both users linked to their person), people in both divisions; the officer."""
    agency = make_unit("STTTT", name="Sở Thông tin và Truyền thông")
    div_a = make_unit("TTBCXB", parent=agency, name="Phòng Thông tin - Báo chí - Xuất bản")
    div_b = make_unit("CNTT", parent=agency, name="Phòng Công nghệ thông tin")
    outside = make_unit("BAOLS", name="Báo Lạng Sơn", kind="OUTSIDE")
    head_person = make_person("PA1", unit=div_a, full_name="Hoàng Văn Nam", position="Trưởng phòng")
    staff_person = make_person("PA2", unit=div_a, full_name="Lương Thị Hoa")
    make_person("PA3", unit=div_a, full_name="Nông Văn Sơn")
    make_person("PB1", unit=div_b, full_name="Vi Văn Tùng")
    officer = make_user(Role.OFFICER, agency, username="can_bo_thi_dua", password=PASSWORD)
    head_a = make_user(Role.UNIT_HEAD, div_a, username="truong_phong_tt", password=PASSWORD)
    staff_a = make_user(Role.STAFF, div_a, username="chuyen_vien_hoa", password=PASSWORD)
    org_services.link_user(head_person, head_a)
    org_services.link_user(staff_person, staff_a)
    return Agency(
        agency, div_a, div_b, outside, officer, head_a, staff_a, head_person, staff_person
    )


def _log_in(page, live_server, username: str) -> None:
    """The real login form, finished with Enter."""
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")


def _open_movement_from_nav(page) -> None:
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Phong trào", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Phong trào thi đua")
    page.locator("#results").get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)


def _exactly(label: str) -> re.Pattern[str]:
    """A field's label exactly, with or without the star of a required field."""
    return re.compile(rf"^{re.escape(label)}( \*)?$")


def _messages(page):
    """The flash messages at the top of the content."""
    return page.locator("ul.messages")


def _iso(day: dt.date) -> str:
    return day.isoformat()


def test_movement_journey_officer_head_and_staff(
    new_page, live_server, agency, console_watch, screenshot_path
):
    t = agency
    today = timezone.localdate()

    # -- 1. The emulation officer -----------------------------------------------------------
    page = new_page()
    _log_in(page, live_server, "can_bo_thi_dua")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Phong trào", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/phong-trao/")
    expect(page.locator("#results")).to_contain_text("0 phong trào")
    page.get_by_role("link", name="Tạo phong trào").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tạo phong trào")

    page.get_by_label("Mã phong trào").fill(CODE)
    page.get_by_label("Hình thức thi đua").select_option(label="Thi đua theo chuyên đề")
    page.get_by_label("Tên phong trào").fill(NAME)
    page.get_by_label("Chủ đề, khẩu hiệu").fill("Thông tin đối ngoại vì biên giới hòa bình")
    page.get_by_label("Đơn vị phát động").select_option(
        label="Sở Thông tin và Truyền thông (STTTT)"
    )
    page.get_by_label("Thời gian từ").fill(_iso(today - dt.timedelta(days=30)))
    page.get_by_label("Thời gian đến").fill(_iso(today + dt.timedelta(days=300)))
    page.get_by_label(_exactly("Mục đích")).fill("Nâng cao hiệu quả thông tin đối ngoại.")
    page.get_by_label("Số, ký hiệu văn bản").fill("456/KH-STTTT")
    page.get_by_label("Ngày ban hành").fill(_iso(today - dt.timedelta(days=30)))
    expect(page.get_by_label("Địa danh")).to_have_value("Lạng Sơn")
    page.get_by_label("Cơ quan ban hành").select_option(
        label="Sở Thông tin và Truyền thông (STTTT)"
    )
    page.get_by_label("Thẩm quyền ký").select_option(label="KT. (ký thay)")
    page.get_by_label("Chức vụ người ký").fill("Giám đốc / Phó Giám đốc")
    page.get_by_label(_exactly("Người ký")).fill("Nguyễn Văn An")
    page.get_by_role("button", name="Tạo phong trào").click()

    detail_url = f"{live_server.url}/phong-trao/{CODE}/"
    expect(page).to_have_url(detail_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(_messages(page)).to_contain_text("Đã tạo phong trào")
    expect(page.locator(".movement-state")).to_contain_text("Dự thảo")
    document = page.get_by_role("region", name="Kế hoạch phát động")
    expect(document).to_contain_text("456/KH-STTTT")
    expect(document).to_contain_text("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC")
    expect(document).to_contain_text("Nguyễn Văn An")
    before_launch = page.get_by_role("region", name="Quản lý phong trào")
    expect(before_launch).to_contain_text("Chưa có nội dung thi đua nào.")
    expect(before_launch).to_contain_text("Chưa chọn đơn vị tham gia.")

    # Content sections: the page offers two empty rows.
    page.get_by_role("link", name="Sửa nội dung thi đua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nội dung thi đua")
    new_rows = page.get_by_role("group", name="Nội dung mới")
    expect(new_rows).to_have_count(2)
    for row, (number, title) in zip(
        (new_rows.nth(0), new_rows.nth(1)), ((1, SECTION_1), (2, SECTION_2)), strict=True
    ):
        row.get_by_label("Số thứ tự").fill(str(number))
        row.get_by_label(_exactly("Nội dung")).fill(title)
    new_rows.nth(1).get_by_label("Diễn giải").fill("Tin, bài về khu vực biên giới Việt - Trung.")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(detail_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    sections = page.get_by_role("region", name="Nội dung thi đua")
    expect(sections.get_by_role("heading", level=3)).to_have_text([SECTION_1, SECTION_2])

    # Phases: registration open today.
    page.get_by_role("link", name="Sửa các giai đoạn").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Các giai đoạn")
    page.get_by_label("Đăng ký thi đua: từ ngày").fill(_iso(today - dt.timedelta(days=5)))
    page.get_by_label("Đăng ký thi đua: đến ngày").fill(_iso(today + dt.timedelta(days=20)))
    page.get_by_label("Tổ chức thực hiện: từ ngày").fill(_iso(today - dt.timedelta(days=5)))
    page.get_by_label("Tổ chức thực hiện: đến ngày").fill(_iso(today + dt.timedelta(days=250)))
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(detail_url)
    phases = page.get_by_role("region", name="Các giai đoạn")
    registration_phase = phases.get_by_role("listitem").filter(has_text="Đăng ký thi đua")
    expect(registration_phase).to_contain_text("Đang diễn ra")
    expect(registration_phase).to_contain_text((today + dt.timedelta(days=20)).strftime("%d/%m/%Y"))

    # Participants: both divisions and the outside organisation, division A leads.
    page.get_by_role("link", name="Sửa đơn vị tham gia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đơn vị tham gia")
    page.get_by_role("checkbox", name=re.compile(r"\(TTBCXB\)")).check()
    page.get_by_role("checkbox", name=re.compile(r"\(CNTT\)")).check()
    page.get_by_role("checkbox", name=re.compile(r"Báo Lạng Sơn \(BAOLS\)")).check()
    page.get_by_label("Đơn vị chủ trì").select_option(
        label="— Phòng Thông tin - Báo chí - Xuất bản (TTBCXB)"
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(detail_url)
    participants = page.get_by_role("region", name="Đơn vị tham gia")
    expect(participants.get_by_role("listitem")).to_have_count(3)
    lead = participants.get_by_role("listitem").filter(has_text="Phòng Thông tin - Báo chí")
    expect(lead).to_contain_text("Đơn vị chủ trì")
    outside = participants.get_by_role("listitem").filter(has_text="Báo Lạng Sơn")
    expect(outside).to_contain_text("Tổ chức bên ngoài")

    # Foreseen awards.
    page.get_by_role("link", name="Sửa khen thưởng dự kiến").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Khen thưởng dự kiến")
    page.get_by_label("Lao động tiên tiến", exact=True).check()
    page.get_by_label("Chiến sĩ thi đua cơ sở", exact=True).check()
    page.get_by_label("Tập thể lao động tiên tiến", exact=True).check()
    page.get_by_label("Giấy khen", exact=True).check()
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(detail_url)
    awards = page.get_by_role("region", name="Khen thưởng dự kiến")
    expect(awards).to_contain_text("Lao động tiên tiến")
    expect(awards).to_contain_text("Giấy khen")

    # The criteria table: two groups, a mistake first (40 + 55 = 95 on a scale of 100).
    page.get_by_role("link", name="Lập bảng tiêu chí").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bảng tiêu chí chấm điểm")
    expect(page.get_by_label("Thang điểm", exact=True)).to_have_value("100")
    group_1 = page.get_by_role("group", name="Nhóm tiêu chí 1")
    group_1.get_by_label("Tên nhóm").fill("Lãnh đạo, chỉ đạo")
    group_1.get_by_label("Điểm tối đa của nhóm").fill("40")
    group_1.get_by_label("Mã tiêu chí").fill("1.1")
    group_1.get_by_label("Tên tiêu chí").fill("Ban hành kế hoạch thực hiện")
    group_1.get_by_label("Điểm tối đa của tiêu chí").fill("20")
    group_1.get_by_role("button", name="Thêm dòng tiêu chí").click()
    expect(group_1.locator("tbody tr")).to_have_count(2)
    group_1.get_by_label("Mã tiêu chí").nth(1).fill("1.2")
    group_1.get_by_label("Tên tiêu chí").nth(1).fill("Quán triệt đến toàn thể cán bộ")
    group_1.get_by_label("Điểm tối đa của tiêu chí").nth(1).fill("20")
    page.get_by_role("button", name="Thêm nhóm tiêu chí").click()
    group_2 = page.get_by_role("group", name="Nhóm tiêu chí mới")
    expect(group_2).to_have_count(1)
    group_2.get_by_label("Tên nhóm").fill("Kết quả thực hiện")
    group_2.get_by_label("Điểm tối đa của nhóm").fill("55")
    group_2.get_by_label("Mã tiêu chí").fill("2.1")
    group_2.get_by_label("Tên tiêu chí").fill("Tin, bài thông tin đối ngoại")
    group_2.get_by_label("Điểm tối đa của tiêu chí").fill("55")
    # The default bands (90, 80, 70) are offered for a new table.
    expect(page.get_by_label("Tên mức xếp loại")).to_have_count(3)
    page.get_by_role("button", name="Lưu bảng tiêu chí").first.click()

    problems = page.locator("#criteria-problems")
    expect(problems).to_contain_text("Bảng tiêu chí chưa được lưu vì:")
    expect(problems.get_by_role("listitem")).to_have_text([SUM_MISTAKE])
    expect(page.get_by_text("Tổng điểm tối đa các nhóm: 95 / thang điểm 100")).to_be_visible()
    assert not Movement.objects.filter(code=CODE, criteria_table__isnull=False).exists()

    # Corrected: the second group is worth 60, as is its criterion.
    group_2 = page.get_by_role("group", name="Nhóm tiêu chí 2")
    expect(group_2.get_by_label("Tên nhóm")).to_have_value("Kết quả thực hiện")
    group_2.get_by_label("Điểm tối đa của nhóm").fill("60")
    group_2.get_by_label("Điểm tối đa của tiêu chí").fill("60")
    # Enter presses the form's first button: saving, not adding a row.
    group_2.get_by_label("Điểm tối đa của tiêu chí").press("Enter")
    expect(_messages(page)).to_contain_text("Đã lưu bảng tiêu chí.")
    expect(page.locator("#criteria-problems")).to_have_count(0)
    expect(page.get_by_text("Tổng điểm tối đa các nhóm: 100 / thang điểm 100")).to_be_visible()

    # Launch from the movement's page.
    page.get_by_role("link", name="Về trang phong trào").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    manage = page.get_by_role("region", name="Quản lý phong trào")
    expect(manage).not_to_contain_text("Cần hoàn thiện trước khi phát động")
    manage.get_by_label("Ghi chú khi chuyển trạng thái (không bắt buộc)").fill(
        "Phát động theo Kế hoạch 456/KH-STTTT"
    )
    manage.get_by_role("button", name="Phát động phong trào").click()
    expect(page.locator(".movement-state")).to_contain_text("Đã phát động")
    expect(_messages(page)).to_contain_text("Đã phát động")
    page.screenshot(path=screenshot_path("movement-1-officer-launched"), full_page=True)

    # The public page, for anyone, without logging in.
    visitor = new_page()
    visitor.goto("/cong-khai/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Phong trào thi đua")
    row = visitor.get_by_role("row").filter(has_text=NAME)
    expect(row).to_contain_text("Kế hoạch số 456/KH-STTTT")
    expect(row).to_contain_text("Đã phát động")
    row.get_by_role("link", name=NAME).click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text(NAME)
    expect(visitor.locator("body")).to_contain_text(SECTION_2)

    # -- 2. The head of division A writes and submits the division's plan --------------------
    page = new_page()
    _log_in(page, live_server, "truong_phong_tt")
    _open_movement_from_nav(page)
    panel = page.get_by_role("region", name="Tham gia phong trào")
    expect(panel).to_contain_text("Phòng Thông tin - Báo chí - Xuất bản")
    panel.get_by_role("link", name="Kế hoạch thi đua của đơn vị").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kế hoạch thi đua của đơn vị")
    expect(page.locator("dl.details")).to_contain_text("Chưa xây dựng")
    page.get_by_label("Nội dung thi đua của đơn vị").fill(
        "Đẩy mạnh tuyên truyền đối ngoại trên báo, đài và cổng thông tin của Sở."
    )
    target = page.get_by_role("group", name="Chỉ tiêu 1")
    target.get_by_label(_exactly("Nội dung thi đua")).select_option(label=f"2. {SECTION_2}")
    target.get_by_label("Nội dung, chỉ tiêu").fill("Đăng tin, bài về khu vực biên giới")
    target.get_by_label(_exactly("Chỉ số")).fill("Số tin, bài")
    target.get_by_label(_exactly("Chỉ tiêu")).fill("50")
    target.get_by_label("Đơn vị tính").fill("tin, bài")
    target.get_by_label("Thời hạn").fill(_iso(today + dt.timedelta(days=200)))
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(_messages(page)).to_contain_text("Đã lưu kế hoạch của đơn vị.")
    expect(page.locator("dl.details")).to_contain_text("Đang soạn")
    expect(
        page.get_by_role("group", name="Chỉ tiêu 1").get_by_label("Nội dung, chỉ tiêu")
    ).to_have_value("Đăng tin, bài về khu vực biên giới")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator("dl.details")).to_contain_text("Đã gửi, chờ duyệt")
    expect(page.get_by_text("Kế hoạch đã gửi, đang chờ cán bộ thi đua duyệt.")).to_be_visible()
    submitted = page.get_by_role("table", name="Các chỉ tiêu của đơn vị")
    expect(submitted.locator("tbody tr")).to_have_count(1)
    expect(submitted).to_contain_text(SECTION_2)
    expect(submitted).to_contain_text("50 tin, bài")
    page.screenshot(path=screenshot_path("movement-2-head-plan-submitted"), full_page=True)

    # -- 3. A member of division A confirms the briefing and registers -----------------------
    page = new_page()
    _log_in(page, live_server, "chuyen_vien_hoa")
    _open_movement_from_nav(page)
    panel = page.get_by_role("region", name="Tham gia phong trào")
    panel.get_by_role("button", name="Tôi đã được quán triệt về phong trào này").click()
    expect(panel.get_by_role("status")).to_contain_text("Đã xác nhận quán triệt")
    expect(panel.get_by_role("button", name="Tôi đã được quán triệt")).to_have_count(0)
    panel.get_by_role("link", name="Đăng ký thi đua cá nhân").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký thi đua cá nhân")
    page.get_by_label("Danh hiệu đăng ký").select_option(label="Lao động tiên tiến")
    page.get_by_label("Chỉ tiêu, cam kết của cá nhân").fill(
        "Hoàn thành 20 tin, bài đối ngoại; không có báo cáo chậm."
    )
    page.get_by_role("button", name="Đăng ký thi đua").click()
    expect(_messages(page)).to_contain_text("Đã đăng ký thi đua")
    current = page.get_by_role("region", name="Đăng ký hiện tại")
    expect(current).to_contain_text("Lao động tiên tiến")
    expect(current).to_contain_text("Đã đăng ký, chờ xác nhận")
    expect(current).to_contain_text("Hoàn thành 20 tin, bài đối ngoại")
    page.get_by_role("link", name="Quay lại phong trào").click()
    panel = page.get_by_role("region", name="Tham gia phong trào")
    expect(panel).to_contain_text(
        "Bạn đăng ký danh hiệu “Lao động tiên tiến”: Đã đăng ký, chờ xác nhận."
    )
    expect(panel).to_contain_text("Đã xác nhận quán triệt")
    page.screenshot(path=screenshot_path("movement-3-staff-registered"), full_page=True)

    # -- 4. What the database holds ----------------------------------------------------------
    movement = Movement.objects.get(code=CODE)
    assert movement.state == MovementState.LAUNCHED
    assert movement.kind == "THEMATIC"
    assert movement.doc_number == "456/KH-STTTT"
    assert movement.signer_authority == "KT."
    assert movement.launched_at is not None
    assert list(movement.sections.order_by("number").values_list("title", flat=True)) == [
        SECTION_1,
        SECTION_2,
    ]
    assert set(movement.participants.values_list("unit__code", "role")) == {
        ("TTBCXB", "LEAD"),
        ("CNTT", "PARTICIPANT"),
        ("BAOLS", "PARTICIPANT"),
    }
    assert set(movement.foreseen_awards.values_list("award_code", flat=True)) == {
        "LDTT",
        "CSTDCS",
        "TTLDTT",
        "GIAY_KHEN",
    }
    table = movement.criteria_table
    assert table.scale == Decimal(100)
    assert [(s.title, s.max_points) for s in table.sections.order_by("order")] == [
        ("Lãnh đạo, chỉ đạo", Decimal(40)),
        ("Kết quả thực hiện", Decimal(60)),
    ]
    assert sum(s.max_points for s in table.sections.all()) == Decimal(100)
    assert table.bands.count() == 3

    plan = UnitPlan.objects.get(movement=movement, unit=t.div_a)
    assert plan.state == UnitPlanState.SUBMITTED
    assert plan.summary.startswith("Đẩy mạnh tuyên truyền đối ngoại")
    assert [
        (target.section.number, target.description, target.target_value)
        for target in plan.targets.select_related("section")
    ] == [(2, "Đăng tin, bài về khu vực biên giới", Decimal(50))]
    assert not UnitPlan.objects.filter(movement=movement).exclude(unit=t.div_a).exists()

    assert list(Briefing.objects.filter(movement=movement).values_list("person_id", flat=True)) == [
        t.staff_person.pk
    ]
    registrations = Registration.objects.filter(movement=movement)
    assert [(r.person_id, r.unit_id, r.award_code, r.state) for r in registrations] == [
        (t.staff_person.pk, t.div_a.pk, "LDTT", RegistrationState.SUBMITTED)
    ]

    assert console_watch.csp_violations == []
    assert console_watch.page_errors == []
