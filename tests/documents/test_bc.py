"""The final report (BC) of a movement: participation, activity totals (withdrawn activities
left out), scores, bands and ranks of checked assessments only, awards given (titles and forms
apart, revoked ones left out), and the PDF text."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from tests.awards.conftest import make_award
from tests.documents.h8_docx import (
    assert_legal_frame,
    check_template_matches,
    is_bold,
    lines,
    needs_soffice,
    paragraph,
    pdf_text,
    read,
    render,
    squash,
    table_rows,
)
from tests.factories import ensure_default_activity_kinds
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import register
from thidua.documents import contexts_report
from thidua.documents.contexts_report import KNOWN_VARIABLES_BC, build_report_context
from thidua.movements.models import Criterion
from thidua.results.models import (
    Activity,
    ActivityIndicator,
    ActivityValue,
    Assessment,
    AssessmentScore,
)

ON = dt.date(2018, 12, 20)


def news(w, unit, value: int, *, withdrawn: bool = False) -> None:
    ensure_default_activity_kinds()
    indicator = ActivityIndicator.objects.get(kind__code="FL_NEWS", code="items")
    activity = Activity.objects.create(
        movement=w.movement,
        unit=unit,
        kind=indicator.kind,
        title="Tin bài đối ngoại",
        occurred_on=dt.date(2018, 6, 1),
        withdrawn_at=dt.datetime(2018, 7, 1, tzinfo=dt.UTC) if withdrawn else None,
    )
    ActivityValue.objects.create(activity=activity, indicator=indicator, value=value)


def assess(w, unit, state: str, stage: str, scores: dict[str, int], *, person=None) -> Assessment:
    assessment = Assessment.objects.create(
        movement=w.movement, unit=unit, person=person, state=state
    )
    criteria = {c.code: c for c in Criterion.objects.filter(section__table__movement=w.movement)}
    for code, value in scores.items():
        AssessmentScore.objects.create(
            assessment=assessment, criterion=criteria[code], stage=stage, points=Decimal(value)
        )
    return assessment


@pytest.fixture
def reviewed(world):  # noqa: F811
    w = world
    news(w, w.div_a, 50)
    news(w, w.div_b, 25)
    news(w, w.div_b, 999, withdrawn=True)
    assess(w, w.div_a, "REVIEWED", "REVIEW", {"1.1": 20, "1.2": 20})  # 40 + 60 = 100
    assess(w, w.div_b, "FINAL", "SELF", {"1.1": 15, "1.2": 15})  # 30 + 30 = 60
    assess(w, w.outside, "SELF_DRAFT", "SELF", {"1.1": 20, "1.2": 20})  # not checked yet
    assess(w, w.div_a, "REVIEWED", "REVIEW", {"1.1": 20, "1.2": 10}, person=w.person_a)
    movement = {"movement": w.movement, "kind": "MOVEMENT", "decision_date": dt.date(2018, 12, 25)}
    make_award(w.person_a, "GIAY_KHEN", 2018, decision_number="12/QĐ-STTTT", **movement)
    make_award(w.div_a, "TTLDXS", 2018, decision_number="13/QĐ-STTTT", **movement)
    revoked = make_award(w.person_b, "GIAY_KHEN", 2018, decision_number="14/QĐ-STTTT", **movement)
    register.revoke_award(revoked, reason="Khai man thành tích")
    return w


def test_report_legal_frame_and_participation(reviewed):
    ctx = build_report_context(reviewed.movement, number=98, on=ON)
    doc = read(render("BC", ctx))
    assert_legal_frame(
        doc,
        parent="",
        issuer="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        number="98/BC-STTTT",
        place_date="Lạng Sơn, ngày 20 tháng 12 năm 2018",
        doc_type="BÁO CÁO",
    )
    assert is_bold(
        paragraph(
            doc,
            "Tổng kết phong trào thi đua chuyên đề “Thi đua thực hiện hiệu quả công tác thông "
            "tin đối ngoại”",
        )
    )
    text = lines(doc)
    assert "- Số đơn vị tham gia: 03 đơn vị (kể cả đơn vị trực thuộc: 03 đơn vị)." in text
    assert any(
        t.startswith("- Số cán bộ, công chức, viên chức, người lao động: 3 người") for t in text
    )
    rows = table_rows(doc)
    assert ["Phòng Thông tin - Báo chí - Xuất bản", "2", "0", "0"] in rows
    assert "Tổng số hoạt động được báo cáo: 2." in text  # the withdrawn one is left out
    fl_news = [r for r in rows if len(r) == 4 and r[2] == "75"]
    assert len(fl_news) == 1  # 50 + 25, without the withdrawn 999


def test_report_results_and_awards(reviewed):
    doc = read(render("BC", build_report_context(reviewed.movement, on=ON)))
    rows = table_rows(doc)
    units = [r for r in rows if r[0] in {"1", "2", "3"} and len(r) == 4]
    assert ["1", "Phòng Thông tin - Báo chí - Xuất bản", "100", "Xuất sắc"] in units
    assert ["2", "Phòng Công nghệ thông tin", "60", ""] in units
    assert not any("Báo Lạng Sơn" in r[1] for r in units)  # a self-draft is not reported
    assert ["1", "Lương Thị Hoa", "Phòng Thông tin - Báo chí - Xuất bản", "30", ""] in rows
    text = lines(doc)
    assert "- Xuất sắc: 01 đơn vị." in text
    assert "- Danh hiệu thi đua: Tập thể lao động xuất sắc: 01." in text
    assert "- Hình thức khen thưởng: Giấy khen: 01." in text
    awards = [r for r in rows if len(r) == 5 and r[0] in {"1", "2", "3"} and r[2] != ""]
    assert ["1", "Lương Thị Hoa", "Cá nhân", "Giấy khen", "12/QĐ-STTTT ngày 25/12/2018"] in awards
    assert [
        "2",
        "Phòng Thông tin - Báo chí - Xuất bản",
        "Tập thể",
        "Tập thể lao động xuất sắc",
        "13/QĐ-STTTT ngày 25/12/2018",
    ] in awards
    assert not any("Vi Văn Tùng" in r[1] for r in awards)  # revoked
    signature = doc.tables[-1]
    assert [p.text for p in signature.rows[0].cells[1].paragraphs if p.text] == [
        "GIÁM ĐỐC",
        "Nguyễn Văn A",
    ]


def test_report_without_results(world):  # noqa: F811
    ctx = build_report_context(world.movement, on=ON)
    assert ctx["unit_results"] == []
    assert ctx["awards"] == []
    assert ctx["number_symbol"].endswith("/BC-STTTT")
    text = lines(read(render("BC", ctx)))
    assert "Chưa có kết quả chấm điểm của các tập thể." in text
    assert "Chưa có quyết định khen thưởng trong phong trào." in text


def test_report_template_variables_and_sample():
    check_template_matches("BC", KNOWN_VARIABLES_BC, contexts_report.sample_context())


@needs_soffice
def test_report_pdf_text(reviewed):
    ctx = build_report_context(reviewed.movement, number=98, on=ON)
    text = squash(pdf_text(render("BC", ctx), "BC"))
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 98/BC-STTTT",
        "Lạng Sơn, ngày 20 tháng 12 năm 2018",
        "BÁO CÁO",
        "III. CÔNG TÁC KHEN THƯỞNG",
        "Xuất sắc",
        "Nơi nhận:",
        "GIÁM ĐỐC",
    ):
        assert part in text, part
