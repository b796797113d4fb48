"""The results journey, the way the people of an agency click it (issue 4).

A movement on foreign information work is under review (sơ kết, tổng kết). The head of a
participating division logs in, reports a propaganda session at a border commune with a photo
as evidence and sees it listed with its evidence; opens the division's self-assessment, scores
the criteria scored by hand, sees the criterion counted from activities computed from the
session just reported, and submits. The emulation officer logs in, opens the assessment, lowers
one criterion (first without the comment it needs, and reads the Vietnamese error), marks it
reviewed, and finds the division in the ranking with the total and band computed here by hand.
The database holds exactly that at the end, and no page broke the content security policy.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from tests.factories import (
    ensure_default_activity_kinds,
    make_person,
    make_place,
    make_unit,
    make_user,
)
from tests.movements.conftest import make_draft_movement
from tests.results.conftest import evidence_storage  # noqa: F401
from thidua.core.models import AuditEvent
from thidua.movements import services as movement_services
from thidua.movements.criteria import save_criteria_table
from thidua.movements.models import Criterion, Movement
from thidua.org.enums import Role
from thidua.org.models import Place, Unit, User
from thidua.results.computation import movement_results
from thidua.results.models import Activity, Assessment, AssessmentScore, EvidenceFile

pytestmark = pytest.mark.browser

PASSWORD = "Mat-khau-dai-2025!"
CODE = "TTDN-BG"
NAME = "Thi đua thực hiện hiệu quả công tác thông tin đối ngoại khu vực biên giới"
DIVISION = "Phòng Thông tin - Báo chí - Xuất bản"
BORDER_KIND = "Tuyên truyền ở khu vực biên giới, phối hợp với Bộ đội Biên phòng"
TITLE = "Tuyên truyền Luật Biên giới quốc gia cho nhân dân xã Tân Thanh"
EVIDENCE_NAME = "anh-buoi-tuyen-truyen.png"

# The criteria table: two criteria scored by hand and one counted from border sessions.
MAX_1_1, MAX_1_2, MAX_2_1, TARGET_2_1, BONUS_MAX = 25, 15, 60, 4, 5
# What the people enter.
SESSIONS, RESIDENTS, SOLDIERS = 3, 150, 12
SELF_1_1, SELF_1_2, SELF_BONUS = 22, 15, 2
REVIEW_1_1 = 20
REVIEW_COMMENT = "Còn 2 công chức chưa được quán triệt kế hoạch của phòng."


def _criteria_table() -> dict:
    return {
        "scale": 100,
        "bonus_cap": 10,
        "sections": [
            {
                "order": 1,
                "title": "Lãnh đạo, chỉ đạo",
                "max_points": MAX_1_1 + MAX_1_2,
                "criteria": [
                    {"code": "1.1", "title": "Quán triệt kế hoạch", "max_points": MAX_1_1},
                    {"code": "1.2", "title": "Phân công cán bộ đầu mối", "max_points": MAX_1_2},
                ],
            },
            {
                "order": 2,
                "title": "Thông tin đối ngoại khu vực biên giới",
                "max_points": MAX_2_1,
                "criteria": [
                    {
                        "code": "2.1",
                        "title": "Buổi tuyên truyền tại khu vực biên giới",
                        "max_points": MAX_2_1,
                        "method": "COUNTED",
                        "indicator": "BORDER_PROP.sessions",
                        "target_value": TARGET_2_1,
                    }
                ],
            },
        ],
        "bonus_items": [{"title": "Sáng kiến được công nhận", "max_points": BONUS_MAX}],
        "penalty_items": [{"title": "Gửi báo cáo chậm", "points_each": 2}],
        "bands": [
            {"code": "XUAT_SAC", "label": "Xuất sắc", "min_score": 90, "min_share": "0.5"},
            {"code": "TOT", "label": "Tốt", "min_score": 80},
            {"code": "HOAN_THANH", "label": "Hoàn thành", "min_score": 70},
            {"code": "KHONG_HOAN_THANH", "label": "Không hoàn thành", "min_score": 0},
        ],
    }


@dataclass
class Agency:
    division: Unit
    officer: User
    head: User
    border_commune: Place
    movement: Movement


@pytest.fixture
def agency(db, evidence_storage) -> Agency:  # noqa: F811
    """A department with two divisions; the officer and the head of one division; Văn Lãng
    with its border commune Tân Thanh; the movement launched and under review (scoring is
    open then, and activities are still reported)."""
    today = timezone.localdate()
    # Browser tests run on a flushed database (live_server is transactional): an earlier
    # transactional test has removed what the data migration loaded, so load it again.
    ensure_default_activity_kinds()
    department = make_unit("STTTT", name="Sở Thông tin và Truyền thông")
    division = make_unit("TTBCXB", parent=department, name=DIVISION)
    other = make_unit("CNTT", parent=department, name="Phòng Công nghệ thông tin")
    make_person("PA1", unit=division, full_name="Lương Văn Minh", position="Trưởng phòng")
    officer = make_user(Role.OFFICER, department, username="can_bo_thi_dua", password=PASSWORD)
    head = make_user(Role.UNIT_HEAD, division, username="truong_phong_tt", password=PASSWORD)
    province = make_place("LS", kind="PROVINCE", name="Tỉnh Lạng Sơn")
    van_lang = make_place(
        "LS-VANLANG", kind="DISTRICT", parent=province, name="Huyện Văn Lãng", is_border=True
    )
    border_commune = make_place(
        "LS-VANLANG-TANTHANH", parent=van_lang, name="Xã Tân Thanh", is_border=True
    )
    make_place("LS-VANLANG-TTNASAM", parent=van_lang, name="Thị trấn Na Sầm")
    movement = make_draft_movement(
        department,
        code=CODE,
        name=NAME,
        period_start=today - dt.timedelta(days=90),
        period_end=today + dt.timedelta(days=90),
    )
    movement_services.set_sections(
        movement, [{"number": 1, "title": "Thông tin đối ngoại khu vực biên giới"}]
    )
    movement_services.set_participants(movement, [division, other], lead=division)
    movement_services.set_phases(
        movement,
        {
            "REGISTRATION": (today - dt.timedelta(days=90), today - dt.timedelta(days=60)),
            "IMPLEMENTATION": (today - dt.timedelta(days=90), today + dt.timedelta(days=30)),
            "FINAL_REVIEW": (today - dt.timedelta(days=5), today + dt.timedelta(days=20)),
        },
    )
    save_criteria_table(movement, _criteria_table())
    movement_services.set_movement_state(movement, "LAUNCHED", actor=officer)
    movement_services.set_movement_state(movement, "UNDER_REVIEW", actor=officer)
    return Agency(division, officer, head, border_commune, movement)


def _png() -> bytes:
    """A small photo-like PNG made here (never downloaded)."""
    image = Image.new("RGB", (64, 48), (200, 30, 40))
    for x in range(64):
        image.putpixel((x, 24), (255, 220, 0))
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _log_in(page, live_server, username: str) -> None:
    """The real login form, finished with Enter."""
    page.goto("/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_label("Mật khẩu").press("Enter")
    expect(page).to_have_url(f"{live_server.url}/")


def _open_movement(page) -> None:
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Phong trào", exact=True).click()
    page.locator("#results").get_by_role("link", name=NAME).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)


def _exactly(label: str) -> re.Pattern[str]:
    """A field's label exactly, with or without the star of a required field."""
    return re.compile(rf"^{re.escape(label)}( \*)?$")


def _shown(value: Decimal | int) -> str:
    """A number as the pages show it (``floatformat:"-2"``, Vietnamese decimal comma)."""
    value = Decimal(value)
    if value == value.to_integral_value():
        return str(int(value))
    return f"{value:.2f}".replace(".", ",")


def _cells(row) -> list[str]:
    return [text.strip() for text in row.locator("th, td").all_inner_texts()]


def test_results_journey_head_reports_and_self_assesses_officer_reviews_and_ranks(
    new_page, live_server, agency, console_watch, screenshot_path
):
    t = agency
    day = timezone.localdate() - dt.timedelta(days=3)
    png = _png()

    # The totals, by hand (docs/scoring.md): the counted criterion is max x min(1, value /
    # target); the review starts from the self-assessment and changes 1.1 only.
    counted = Decimal(MAX_2_1) * min(Decimal(1), Decimal(SESSIONS) / TARGET_2_1)
    assert counted == Decimal(45)  # 60 x 3/4
    self_total = SELF_1_1 + SELF_1_2 + counted + SELF_BONUS
    review_base = REVIEW_1_1 + SELF_1_2 + counted
    review_total = review_base + SELF_BONUS
    assert (self_total, review_base, review_total) == (84, 80, 82)  # 80 <= 82 < 90: "Tốt"

    # -- 1. The head of the division reports an activity with its evidence ------------------
    page = new_page()
    _log_in(page, live_server, "truong_phong_tt")
    _open_movement(page)
    page.get_by_role("region", name="Hoạt động và minh chứng").get_by_role(
        "link", name="Báo cáo hoạt động", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Báo cáo hoạt động")
    expect(page.get_by_label(_exactly("Đơn vị báo cáo"))).to_have_value("TTBCXB")
    page.get_by_label(_exactly("Loại hoạt động")).select_option(label=BORDER_KIND)
    # The kind's indicator inputs arrive (htmx) once it is chosen.
    page.get_by_label("Buổi tuyên truyền (buổi)").fill(str(SESSIONS))
    page.get_by_label("Lượt người dân tham dự (lượt người)").fill(str(RESIDENTS))
    page.get_by_label("Lượt cán bộ, chiến sĩ tham dự (lượt người)").fill(str(SOLDIERS))
    page.get_by_label(_exactly("Tên hoạt động")).fill(TITLE)
    page.get_by_label(_exactly("Ngày thực hiện")).fill(day.isoformat())
    page.get_by_label(_exactly("Địa bàn")).select_option(label="Xã Tân Thanh (biên giới)")
    page.get_by_label("Thành phần tham gia").fill(
        "Đồn Biên phòng Tân Thanh, 150 người dân thôn Nà Nưa"
    )
    page.get_by_label("Tệp minh chứng").set_input_files(
        {"name": EVIDENCE_NAME, "mimeType": "image/png", "buffer": png}
    )
    page.get_by_role("button", name="Gửi báo cáo").click()

    activity = Activity.objects.get(movement=t.movement)
    expect(page).to_have_url(f"{live_server.url}/ket-qua/hoat-dong/{activity.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(page.locator("ul.messages")).to_contain_text(
        f"Đã báo cáo hoạt động “{TITLE}” kèm 1 tệp minh chứng."
    )
    expect(page.locator("#evidence-list")).to_contain_text(EVIDENCE_NAME)
    expect(page.locator(".details")).to_contain_text("Khu vực biên giới")

    page.get_by_role("link", name="Hoạt động đã báo cáo").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoạt động đã báo cáo")
    expect(page.locator("#activity-counts")).to_have_text(
        "1 hoạt động: 1 ở khu vực biên giới, 0 nơi khác."
    )
    listed = page.locator("#activities tbody tr")
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text(TITLE)
    expect(listed).to_contain_text("Xã Tân Thanh")
    expect(listed).to_contain_text("Biên giới")
    expect(listed).to_contain_text(f"Buổi tuyên truyền: {SESSIONS}")
    expect(listed.locator('td[data-label="Minh chứng"]')).to_have_text("1 tệp")
    page.screenshot(path=screenshot_path("results-1-head-activity-listed"), full_page=True)

    # -- 2. ... self-assesses the division and submits -----------------------------------------
    page.get_by_role("link", name="Quay lại phong trào").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(NAME)
    page.get_by_role("region", name="Báo cáo, đánh giá và xếp hạng").get_by_role(
        "link", name="Đánh giá, chấm điểm", exact=True
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đánh giá, chấm điểm")
    page.get_by_role("button", name=f"Mở bản tự đánh giá của {DIVISION}").click()
    assessment = Assessment.objects.get(movement=t.movement, unit=t.division)
    expect(page).to_have_url(f"{live_server.url}/ket-qua/danh-gia/{assessment.pk}/")
    expect(page.locator(".details")).to_contain_text("Đang tự chấm")
    page.get_by_role("link", name="Chấm điểm: Tự chấm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tự chấm")
    # The criterion counted from activities: from the session just reported, not entered.
    expect(page.locator("#criterion-2\\.1")).to_contain_text(
        "Tính từ hoạt động (BORDER_PROP.sessions): 45 điểm. Không chấm tay."
    )
    expect(page.locator("#criterion-2\\.1 input")).to_have_count(0)
    page.get_by_label(f"Điểm tiêu chí 1.1 (tối đa {MAX_1_1})").fill(str(SELF_1_1))
    page.get_by_label(f"Điểm tiêu chí 1.2 (tối đa {MAX_1_2})").fill(str(SELF_1_2))
    page.get_by_label(f"Sáng kiến được công nhận (tối đa {BONUS_MAX} điểm)").fill(str(SELF_BONUS))
    page.get_by_role("button", name="Lưu và chuyển: Đã gửi tự chấm, chờ thẩm định").click()
    expect(page).to_have_url(f"{live_server.url}/ket-qua/danh-gia/{assessment.pk}/")
    expect(page.locator("ul.messages")).to_contain_text(
        "Đã lưu điểm và chuyển sang “Đã gửi tự chấm, chờ thẩm định”."
    )
    expect(page.locator(".details")).to_contain_text("Đã gửi tự chấm, chờ thẩm định")
    self_row = page.locator("#totals tbody tr").filter(has_text="Tự chấm")
    expect(self_row.locator("td.total")).to_have_text(_shown(self_total))
    # The head does not review his own division's assessment.
    expect(page.get_by_role("link", name="Chấm điểm: Thẩm định")).to_have_count(0)
    page.screenshot(path=screenshot_path("results-2-head-self-submitted"), full_page=True)

    # -- 3. The officer reviews: one criterion lowered, with the comment it needs --------------
    page = new_page()
    _log_in(page, live_server, "can_bo_thi_dua")
    _open_movement(page)
    page.get_by_role("region", name="Báo cáo, đánh giá và xếp hạng").get_by_role(
        "link", name="Đánh giá, chấm điểm", exact=True
    ).click()
    page.get_by_role("link", name=f"{DIVISION} (TTBCXB)").click()
    expect(page.locator(".details")).to_contain_text("Đã gửi tự chấm, chờ thẩm định")
    page.get_by_role("link", name="Chấm điểm: Thẩm định").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thẩm định")
    field_1_1 = page.get_by_label(f"Điểm tiêu chí 1.1 (tối đa {MAX_1_1})")
    expect(field_1_1).to_have_value(f"{SELF_1_1}.00")  # prefilled from the self-assessment
    field_1_1.fill(str(REVIEW_1_1))
    page.get_by_role("button", name="Lưu", exact=True).click()
    expect(page.locator(".form-errors")).to_have_text(
        f"Tiêu chí 1.1: điểm thẩm định ({REVIEW_1_1}) khác điểm tự chấm ({SELF_1_1}), cần ghi "
        "ý kiến giải thích."
    )
    assert not AssessmentScore.objects.filter(assessment=assessment, stage="REVIEW").exists()
    page.get_by_label("Ý kiến, giải trình (tiêu chí 1.1)").fill(REVIEW_COMMENT)
    page.get_by_role("button", name="Lưu và chuyển: Đã thẩm định").click()
    expect(page).to_have_url(f"{live_server.url}/ket-qua/danh-gia/{assessment.pk}/")
    expect(page.locator(".details")).to_contain_text("Đã thẩm định")
    expect(page.locator("#criterion-1\\.1")).to_contain_text(REVIEW_COMMENT)
    review_row = page.locator("#totals tbody tr").filter(has_text="Thẩm định")
    expect(review_row.locator("td.total")).to_have_text(_shown(review_total))
    expect(review_row).to_contain_text("Tốt")

    # -- 4. ... and finds the division in the ranking -------------------------------------------
    page.locator(".back-links").get_by_role("link", name="Xếp hạng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Xếp hạng kết quả thi đua")
    expect(page.get_by_label("Bước chấm", exact=True)).to_have_value("REVIEW")
    ranked = page.locator("#ranking tbody tr")
    expect(ranked).to_have_count(1)
    assert _cells(ranked.first) == [
        "1",
        DIVISION,
        _shown(review_base),
        _shown(SELF_BONUS),
        "0",
        _shown(review_total),
        "Tốt",
        _shown(self_total),
        _shown(self_total - review_total),
    ]
    page.screenshot(path=screenshot_path("results-3-officer-ranking"), full_page=True)

    # -- The database ----------------------------------------------------------------------------
    activity.refresh_from_db()
    assert (activity.unit, activity.kind.code, activity.title, activity.occurred_on) == (
        t.division,
        "BORDER_PROP",
        TITLE,
        day,
    )
    assert (activity.place, activity.place.is_border, activity.created_by) == (
        t.border_commune,
        True,
        t.head,
    )
    assert {v.indicator.code: v.value for v in activity.values.select_related("indicator")} == {
        "sessions": Decimal(SESSIONS),
        "residents": Decimal(RESIDENTS),
        "soldiers": Decimal(SOLDIERS),
    }
    evidence = EvidenceFile.objects.get()
    assert (evidence.activity, evidence.original_name, evidence.content_type) == (
        activity,
        EVIDENCE_NAME,
        "image/png",
    )
    with default_storage.open(evidence.storage_name, "rb") as stored:
        assert Image.open(stored).size == (64, 48)

    assessment.refresh_from_db()
    assert (assessment.state, assessment.reviewed_by, assessment.results_released) == (
        "REVIEWED",
        t.officer,
        False,
    )
    codes = dict(
        Criterion.objects.filter(section__table__movement=t.movement).values_list("pk", "code")
    )
    scores = {
        (codes[s.criterion_id], s.stage): (s.points, s.comment)
        for s in AssessmentScore.objects.filter(assessment=assessment)
    }
    assert scores == {
        ("1.1", "SELF"): (Decimal(SELF_1_1), ""),
        ("1.2", "SELF"): (Decimal(SELF_1_2), ""),
        ("1.1", "REVIEW"): (Decimal(REVIEW_1_1), REVIEW_COMMENT),
        ("1.2", "REVIEW"): (Decimal(SELF_1_2), ""),
    }
    [result] = movement_results(t.movement, stage="REVIEW")
    assert (result.score.total, result.score.band, result.key.self_total) == (
        Decimal(review_total),
        "TOT",
        Decimal(self_total),
    )
    states = list(
        AuditEvent.objects.for_object(assessment)
        .filter(action="results.assessment.state")
        .order_by("at", "id")
        .values_list("after__state", "actor__username")
    )
    assert states == [("SELF_SUBMITTED", "truong_phong_tt"), ("REVIEWED", "can_bo_thi_dua")]
    assert (
        AuditEvent.objects.for_object(activity)
        .filter(action__in=["results.activity.reported", "results.evidence.added"])
        .count()
        == 2
    )

    assert console_watch.csp_violations == []
    assert console_watch.page_errors == []
