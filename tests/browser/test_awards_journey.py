"""The commendation journey, from screening to the register, the way an agency clicks it.

The emulation officer screens a division for Giấy khen on the eligibility page. The division's
head nominates one of its people, cites the activity she reported in the movement and submits
(the nomination is screened then). The officer opens a session of the department's council,
takes the attendance, opens the vote and puts the nomination to a secret ballot. The chair
votes online; the secretary enters the other member's paper ballot; the officer counts the
ballot: passed. The officer publishes the list; a citizen sends an objection on the public page
(after the anti-spam delay of 3 seconds); the officer answers it. The period of 5 working days
ends (the one step not clicked: ``close_expired_disclosures`` with a day after the period, as
the nightly task does). The officer drafts the decision from the passed nominations and issues
it: the number comes from the counter, the money from today's base salary, and the award is in
the register. The public page shows the answered objection. No page broke the CSP.
"""

from __future__ import annotations

import datetime as dt
import re
import time

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.awards.nomination_world import add_activity
from thidua.awards import councils
from thidua.awards.disclosure import close_expired_disclosures
from thidua.awards.enums import CouncilRole, NominationState
from thidua.awards.models import (
    Award,
    Ballot,
    BallotReceipt,
    Decision,
    Disclosure,
    Nomination,
    PublicComment,
)
from thidua.awards.money import award_amount
from thidua.core.workdays import next_working_day
from thidua.movements import services as movement_services
from thidua.org import services as org_services
from thidua.org.enums import Role
from thidua.org.models import User

pytestmark = pytest.mark.browser

PASSWORD = "matkhau-thu-nghiem"  # tests.factories.UserFactory
COUNCIL = "HDTDKT-STTTT"
COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng Sở"
CANDIDATE = "Lương Thị Hoa"
ACHIEVEMENT = "Biên tập 12 số bản tin song ngữ Việt - Trung cho các xã biên giới."
OBJECTION = "Đề nghị làm rõ số bản tin song ngữ mà đồng chí Lương Thị Hoa đã biên tập."
ANSWER = "Phòng đã đối chiếu: 12 số bản tin, lưu tại Văn phòng Sở. Giữ nguyên đề nghị."
SUBJECT = "Về việc tặng Giấy khen trong phong trào thi đua về thông tin đối ngoại"


def _exactly(label: str) -> re.Pattern[str]:
    """A field's label exactly, with or without the star of a required field."""
    return re.compile(rf"^{re.escape(label)}( \*)?$")


def _log_in(page, live_server, username: str) -> None:
    """The real login form, finished with Enter."""
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")


@pytest.fixture
def commendation(world):
    """The movement world (tests/movements/conftest.py) with Giấy khen foreseen, launched; the
    candidate rated HTXSNV this year with an activity in the movement; the department's council
    (chair and a member who vote, a secretary who does not)."""
    year = timezone.localdate().year
    movement_services.set_foreseen_awards(world.movement, ["GIAY_KHEN"])
    movement_services.set_movement_state(world.movement, "LAUNCHED", actor=world.officer)
    org_services.set_person_rating(world.person_a, year, "HTXSNV")
    activity = add_activity(world, world.person_a)
    chair = User.objects.create_user("chu_tich", password=PASSWORD, first_name="Hoàng Văn")
    member = User.objects.create_user("uy_vien", password=PASSWORD, first_name="Nông Đức")
    secretary = User.objects.create_user("thu_ky", password=PASSWORD, first_name="Triệu Thị")
    org_services.assign_role(chair, Role.COUNCIL_MEMBER, world.agency)
    org_services.assign_role(member, Role.COUNCIL_MEMBER, world.agency)
    org_services.assign_role(secretary, Role.COUNCIL_SECRETARY, world.agency)
    council = councils.create_council(COUNCIL, name=COUNCIL_NAME, unit=world.agency)
    councils.add_member(council, chair, role=CouncilRole.CHAIR, full_name="Hoàng Văn Thắng")
    councils.add_member(council, member, role=CouncilRole.MEMBER, full_name="Nông Đức Tuấn")
    councils.add_member(
        council, secretary, role=CouncilRole.SECRETARY, votes=False, full_name="Triệu Thị Hà"
    )
    for user in (world.officer, world.head_a):
        user.set_password(PASSWORD)
        user.save(update_fields=["password"])
    return world, activity, year


def test_awards_journey_screen_nominate_vote_disclose_decide(
    new_page, live_server, commendation, console_watch, screenshot_path
):
    world, activity, year = commendation
    today = timezone.localdate()

    # 1. The officer screens the division for Giấy khen.
    officer = new_page()
    _log_in(officer, live_server, "officer")
    officer.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Khen thưởng", exact=True
    ).click()
    officer.goto("/khen-thuong/xet-dieu-kien/")
    expect(officer.get_by_role("heading", level=1)).to_have_text("Xét điều kiện khen thưởng")
    officer.get_by_label(_exactly("Danh hiệu, hình thức")).select_option("GIAY_KHEN")
    officer.get_by_label(_exactly("Năm thành tích")).fill(str(year))
    officer.get_by_label(_exactly("Đơn vị")).select_option("TTBCXB")
    officer.get_by_role("button", name="Xét", exact=True).click()
    row = officer.locator("#eligibility tbody tr").filter(has_text=CANDIDATE)
    expect(row).to_contain_text("Đủ điều kiện")
    expect(row).to_contain_text("Hoàn thành tốt nhiệm vụ")
    officer.screenshot(path=screenshot_path("awards-1-officer-screening"), full_page=True)

    # 2. The head of the division nominates her, cites her activity and submits.
    head = new_page()
    _log_in(head, live_server, "head_a")
    head.goto(f"/khen-thuong/de-nghi/phong-trao/{world.movement.code}/them/")
    head.get_by_label(_exactly("Đơn vị đề nghị")).select_option("TTBCXB")
    head.get_by_label(_exactly("Danh hiệu, hình thức")).select_option("GIAY_KHEN")
    head.get_by_label(_exactly("Năm thành tích")).fill(str(year))
    head.get_by_label(_exactly("Cá nhân, tập thể được đề nghị")).select_option(
        label=f"{CANDIDATE} (PA)"
    )
    head.get_by_label("Tóm tắt thành tích").fill(ACHIEVEMENT)
    head.get_by_role("button", name="Tạo đề nghị").click()
    nomination = Nomination.objects.get(person=world.person_a, award_code="GIAY_KHEN")
    expect(head).to_have_url(f"{live_server.url}/khen-thuong/de-nghi/{nomination.pk}/")
    head.get_by_label(activity.title).check()
    head.get_by_role("button", name="Lưu căn cứ").click()
    expect(head.locator("ul.messages")).to_contain_text("Đã lưu kết quả làm căn cứ.")
    head.get_by_role("button", name="Trình đề nghị").click()
    expect(head.locator("ul.messages")).to_contain_text("Đã cập nhật trạng thái đề nghị.")
    nomination.refresh_from_db()
    assert (nomination.state, nomination.verdict) == (NominationState.SUBMITTED, "ELIGIBLE")
    assert list(nomination.activities.all()) == [activity]
    head.screenshot(path=screenshot_path("awards-2-head-submitted"), full_page=True)

    # 3. The officer opens a session of the council, takes the attendance, opens the vote.
    officer.goto(f"/khen-thuong/hoi-dong/hd/{COUNCIL}/")
    officer.locator("summary", has_text="Tạo phiên họp").click()
    officer.get_by_label(_exactly("Ngày họp")).fill(today.isoformat())
    officer.get_by_label(_exactly("Phong trào được xét")).select_option(world.movement.code)
    officer.get_by_role("button", name="Tạo phiên họp").click()
    expect(officer.locator("ul.messages")).to_contain_text("Đã tạo phiên họp.")
    for name in ("Hoàng Văn Thắng", "Nông Đức Tuấn", "Triệu Thị Hà"):
        officer.get_by_role("group", name=re.compile(name)).get_by_label("Có mặt").check()
    officer.get_by_role("button", name="Lưu điểm danh").click()
    expect(officer.locator("ul.messages")).to_contain_text("Đã lưu điểm danh.")
    officer.get_by_role("button", name="Mở biểu quyết").click()
    expect(officer.locator("ul.messages")).to_contain_text("Đã mở biểu quyết.")
    officer.get_by_label(re.compile(CANDIDATE)).check()
    officer.get_by_role("button", name="Mở phiếu biểu quyết").click()
    expect(officer.locator("ul.messages")).to_contain_text("Đã mở phiếu biểu quyết.")
    session_url = officer.url
    ballot = Ballot.objects.get(nomination=nomination)

    # 4. The chair votes online; the secretary enters the member's paper ballot.
    chair = new_page()
    _log_in(chair, live_server, "chu_tich")
    chair.goto(session_url)
    chair.get_by_label("Đồng ý", exact=True).check()
    chair.get_by_role("button", name="Bỏ phiếu").click()
    expect(chair).to_have_url(
        f"{live_server.url}/khen-thuong/hoi-dong/phieu/{ballot.pk}/da-bo-phieu/"
    )
    secretary = new_page()
    _log_in(secretary, live_server, "thu_ky")
    secretary.goto(session_url)
    secretary.locator("summary", has_text="Nhập phiếu giấy (Thư ký)").click()
    secretary.get_by_label(_exactly("Thành viên (phiếu giấy của)")).select_option(
        label="Nông Đức Tuấn"
    )
    secretary.get_by_role("group", name=_exactly("Ý kiến ghi trên phiếu")).get_by_label(
        "Đồng ý", exact=True
    ).check()
    secretary.get_by_role("button", name="Nhập phiếu").click()
    expect(secretary.locator("ul.messages")).to_contain_text("Đã nhập phiếu giấy.")
    assert set(BallotReceipt.objects.filter(ballot=ballot).values_list("via", flat=True)) == {
        "ONLINE",
        "PAPER",
    }

    # 5. The officer counts the ballot: 2 of 2 voting members, passed.
    officer.goto(session_url)
    officer.get_by_role("button", name="Kiểm phiếu").click()
    expect(officer.locator("ul.messages")).to_contain_text("Đã kiểm phiếu.")
    officer.screenshot(path=screenshot_path("awards-3-council-results"), full_page=True)
    nomination.refresh_from_db()
    assert nomination.state == NominationState.COUNCIL_PASSED

    # 6. The officer publishes the list for 5 working days.
    officer.goto("/khen-thuong/cong-khai/tao/")
    officer.get_by_label(_exactly("Đơn vị công khai")).select_option("STTTT")
    officer.get_by_label(re.compile(CANDIDATE)).check()
    officer.get_by_label("Số ngày làm việc công khai").fill("5")
    officer.get_by_role("button", name=re.compile("^Tạo")).click()
    expect(officer.locator("ul.messages")).to_contain_text("Đã tạo đợt công khai")
    officer.get_by_role("button", name="Đăng công khai").click()
    expect(officer.locator("ul.messages")).to_contain_text("Đã cập nhật trạng thái đợt công khai.")
    disclosure = Disclosure.objects.get(nominations=nomination)
    if next_working_day(today) != today:
        # Run on a weekend or holiday: the period starts on the next working day, so the public
        # page would take no comment today. Start it today (the only change of data by hand).
        Disclosure.objects.filter(pk=disclosure.pk).update(opens_on=today)
    assert disclosure.working_days == 5

    # 7. A citizen sends an objection on the public page, after the 3-second delay.
    public = new_page()
    public.goto(f"/cong-khai/danh-sach/{disclosure.code}/")
    opened = time.monotonic()
    public.get_by_label(_exactly("Họ và tên")).fill("Nguyễn Thị Lan")
    public.get_by_label(_exactly("Điện thoại hoặc thư điện tử")).fill("0912 345 678")
    public.get_by_label("Về người, tập thể (nếu có)").select_option(str(nomination.pk))
    public.get_by_label(_exactly("Loại ý kiến")).select_option("OBJECTION")
    public.get_by_label(_exactly("Nội dung")).fill(OBJECTION)
    time.sleep(max(0.0, 3.5 - (time.monotonic() - opened)))
    public.get_by_role("button", name="Gửi ý kiến").click()
    expect(public.locator("ul.messages")).to_contain_text("Cảm ơn Anh/Chị đã gửi ý kiến")
    comment = PublicComment.objects.get(disclosure=disclosure)
    assert (comment.kind, comment.nomination_id) == ("OBJECTION", nomination.pk)

    # 8. The officer answers it.
    officer.goto(f"/khen-thuong/cong-khai/{disclosure.code}/")
    officer.get_by_label(_exactly("Trả lời")).fill(ANSWER)
    officer.get_by_role("button", name="Ghi trả lời").click()
    expect(officer.locator("ul.messages")).to_contain_text("Đã ghi trả lời.")
    comment.refresh_from_db()
    assert comment.answer == ANSWER

    # 9. The period ends: the nightly task closes it (the day after its last day).
    disclosure.refresh_from_db()
    assert disclosure.closes_on is not None
    assert close_expired_disclosures(today=disclosure.closes_on + dt.timedelta(days=1)) == 1

    # 10. The officer drafts the decision from the passed nominations and issues it.
    period_end = today - dt.timedelta(days=20)
    officer.goto("/khen-thuong/quyet-dinh/them/")
    officer.get_by_label(_exactly("Cơ quan ban hành")).select_option("STTTT")
    officer.get_by_label(_exactly("Ký hiệu")).fill("QĐ-STTTT")
    officer.get_by_label(_exactly("Trích yếu")).fill(SUBJECT)
    officer.get_by_label(_exactly("Phong trào thi đua")).select_option(world.movement.code)
    officer.get_by_label(_exactly("Ngày kết thúc kỳ đánh giá")).fill(period_end.isoformat())
    officer.get_by_label(_exactly("Người ký")).fill("Hoàng Văn Thắng")
    officer.get_by_label(_exactly("Chức vụ người ký")).fill("Giám đốc")
    officer.get_by_role("button", name=re.compile("^Tạo")).click()
    expect(officer.locator("ul.messages")).to_contain_text("Đã tạo dự thảo quyết định.")
    officer.get_by_role("button", name="Thêm từ các đề nghị").click()
    expect(officer.locator("section[aria-labelledby=annex-heading]")).to_contain_text(CANDIDATE)
    officer.get_by_label(_exactly("Ngày quyết định")).fill(today.isoformat())
    officer.get_by_label(re.compile("^Tôi xác nhận ban hành")).check()
    officer.get_by_role("button", name="Ban hành quyết định").click()
    decision = Decision.objects.get(subject=SUBJECT)
    expect(officer.get_by_role("heading", level=1)).to_have_text("01/QĐ-STTTT")
    measures = officer.locator("section[aria-labelledby=measures-heading]")
    expect(measures).to_contain_text("1 (100,0%)")  # S11: the one individual is frontline
    expect(measures.locator("dd").last).to_have_text("20")  # S10: days since the period end
    officer.screenshot(path=screenshot_path("awards-4-decision-issued"), full_page=True)
    assert (decision.state, decision.number_symbol) == ("ISSUED", "01/QĐ-STTTT")
    award = Award.objects.get(person=world.person_a, award_code="GIAY_KHEN", year=year)
    assert (award.decision_number, award.decision_date, award.source) == (
        "01/QĐ-STTTT",
        today,
        "DECISION",
    )
    assert decision.recipients.get().amount == award_amount("GIAY_KHEN", "person", today).amount

    # 11. The award is in the register; the public page shows the answered objection.
    officer.goto("/khen-thuong/")
    listed = officer.locator("table tbody tr").filter(has_text=CANDIDATE)
    expect(listed).to_contain_text("Giấy khen")
    expect(listed).to_contain_text("01/QĐ-STTTT")
    officer.screenshot(path=screenshot_path("awards-5-register"), full_page=True)
    public.goto(f"/cong-khai/danh-sach/{disclosure.code}/")
    expect(public.locator("main")).to_contain_text(ANSWER)
    expect(public.locator("main")).not_to_contain_text("0912 345 678")
    public.screenshot(path=screenshot_path("awards-6-public-disclosure"), full_page=True)

    assert console_watch.csp_violations == []
    assert console_watch.page_errors == []
