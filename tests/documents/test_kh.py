"""The founding plan (KH) rendered from a real movement: the legal frame of Nghị định 30/2020,
the plan's parts in order, titles and forms apart, autoescaping, and the PDF text."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.documents.h8_docx import (
    assert_legal_frame,
    check_template_matches,
    is_bold,
    is_italic,
    lines,
    needs_soffice,
    paragraph,
    pdf_text,
    read,
    render,
    squash,
    table_rows,
)
from tests.factories import make_unit
from tests.movements.conftest import world  # noqa: F401
from thidua.documents import contexts_plan
from thidua.documents.contexts_common import (
    issuer_lines,
    number_symbol,
    short_date,
    signer_lines,
)
from thidua.documents.contexts_plan import KNOWN_VARIABLES_KH, build_plan_context
from thidua.movements import services
from thidua.movements.models import Movement
from thidua.org.models import Unit

PLACE_DATE = "Lạng Sơn, ngày 05 tháng 02 năm 2018"


@pytest.fixture
def plan(world):  # noqa: F811
    Unit.objects.filter(pk=world.agency.pk).update(
        name="Sở Thông tin và Truyền thông tỉnh Lạng Sơn"
    )
    Movement.objects.filter(pk=world.movement.pk).update(
        doc_date=dt.date(2018, 2, 5),
        period_start=dt.date(2018, 2, 5),
        period_end=dt.date(2018, 12, 31),
        purposes="Quán triệt <w:p> & “TTĐN” đến cán bộ.\nTạo động lực thi đua.",
        requirements="Khen thưởng chính xác, công khai.",
        signer_authority="KT.",
        signer_title="Phó Giám đốc",
    )
    world.movement.refresh_from_db()
    services.set_legal_bases(
        world.movement,
        [
            "Luật Thi đua, Khen thưởng ngày 26/11/2003",
            "Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ;",
        ],
    )
    services.set_foreseen_awards(world.movement, ["LDTT", "GIAY_KHEN"])
    return world


def test_plan_renders_with_the_legal_parts(plan):
    ctx = build_plan_context(plan.movement)
    doc = read(render("KH", ctx))
    assert_legal_frame(
        doc,
        parent="UBND TỈNH LẠNG SƠN",
        issuer="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        number="456/KH-STTTT",
        place_date=PLACE_DATE,
        doc_type="KẾ HOẠCH",
    )
    subject = (
        "Phát động phong trào thi đua chuyên đề “Thi đua thực hiện hiệu quả công tác thông "
        "tin đối ngoại”"
    )
    assert is_bold(paragraph(doc, subject))
    text = lines(doc)
    bases = [t for t in text if t.startswith("Căn cứ ")]
    assert bases == [
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26/11/2003;",
        "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ;",
    ]
    assert all(is_italic(paragraph(doc, b)) for b in bases)
    headings = [
        "I. MỤC ĐÍCH, YÊU CẦU",
        "II. NỘI DUNG THI ĐUA",
        "III. ĐỐI TƯỢNG, THỜI GIAN THI ĐUA",
        "IV. TIÊU CHÍ THI ĐUA VÀ KHEN THƯỞNG",
        "V. TỔ CHỨC THỰC HIỆN",
    ]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)
    # the purposes, escaped: the angle brackets and ampersand are text, not Word XML
    assert "Quán triệt <w:p> & “TTĐN” đến cán bộ." in text
    assert "1. Quán triệt, triển khai kế hoạch" in text
    assert "2. Thông tin đối ngoại khu vực biên giới" in text
    assert "- Phòng Thông tin - Báo chí - Xuất bản;" in text
    assert "- Báo Lạng Sơn." in text  # the last participant ends the list
    assert "Đơn vị chủ trì: Phòng Thông tin - Báo chí - Xuất bản." in text
    assert "Thời gian thi đua: từ ngày 05 tháng 02 năm 2018 đến ngày 31 tháng 12 năm 2018." in text


def test_plan_criteria_titles_forms_and_signature(plan):
    doc = read(render("KH", build_plan_context(plan.movement)))
    rows = table_rows(doc)
    assert ["I", "LÃNH ĐẠO, CHỈ ĐẠO", "40"] in rows
    assert ["2.1", "Tin bài đối ngoại", "60"] in rows
    text = lines(doc)
    assert "Thang điểm 100 điểm, gồm các nhóm tiêu chí sau:" in text
    assert "- Sáng kiến được công nhận: tối đa 10 điểm." in text
    assert "- Báo cáo chậm: trừ 2 điểm." in text
    assert "- Xuất sắc: từ 90 điểm;" in text
    # titles (danh hiệu thi đua) and forms (hình thức khen thưởng) apart
    i_titles = text.index("a) Danh hiệu thi đua:")
    i_forms = text.index("b) Hình thức khen thưởng:")
    assert text[i_titles + 1] == "- Lao động tiên tiến."
    assert text[i_forms + 1] == "- Giấy khen."
    signature = doc.tables[-1]
    recipients = [p.text for p in signature.rows[0].cells[0].paragraphs if p.text]
    assert recipients[0] == "Nơi nhận:"
    assert recipients[-1] == "- Lưu: VT, TTBCXB."
    assert "- Các phòng, đơn vị thuộc Sở Thông tin và Truyền thông;" in recipients
    assert "- Báo Lạng Sơn;" in recipients
    signer = [p.text for p in signature.rows[0].cells[1].paragraphs if p.text]
    assert signer == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn A"]


def test_plan_template_variables_and_sample():
    check_template_matches("KH", KNOWN_VARIABLES_KH, contexts_plan.sample_context())


def test_plan_context_is_plain_data(plan):
    def plain(value: object) -> bool:
        if isinstance(value, dict):
            return all(isinstance(k, str) and plain(v) for k, v in value.items())
        if isinstance(value, list):
            return all(plain(v) for v in value)
        return type(value) is str

    ctx = build_plan_context(plan.movement)
    assert set(ctx) == set(KNOWN_VARIABLES_KH)
    assert plain(ctx)


def test_common_parts(db):
    agency = make_unit("STTTT", name="Sở Thông tin và Truyền thông tỉnh Lạng Sơn")
    division = make_unit("CNTT", parent=agency, name="Phòng Công nghệ thông tin")
    outside = make_unit("BAOLS", name="Báo Lạng Sơn", kind="OUTSIDE")
    assert issuer_lines(agency) == ("UBND TỈNH LẠNG SƠN", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG")
    assert issuer_lines(division) == ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG", "PHÒNG CÔNG NGHỆ THÔNG TIN")
    assert issuer_lines(outside) == ("", "BÁO LẠNG SƠN")
    assert number_symbol(5, "BB", "HĐTĐKT") == "05/BB-HĐTĐKT"
    assert number_symbol(123, "TTr", "CNTT") == "123/TTr-CNTT"
    assert number_symbol(None, "BC", "STTTT").endswith("/BC-STTTT")
    assert short_date(dt.date(2018, 1, 7)) == "07/01/2018"
    assert short_date(dt.date(2018, 5, 10)) == "10/5/2018"
    assert signer_lines("", "Giám đốc", "Sở") == ("", "GIÁM ĐỐC")
    assert signer_lines("KT.", "Phó Giám đốc", "Sở") == ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC")
    assert signer_lines("TM.", "Chủ tịch", "Hội đồng") == ("TM. HỘI ĐỒNG", "CHỦ TỊCH")
    assert signer_lines("Q.", "Giám đốc", "Sở") == ("", "Q. GIÁM ĐỐC")


@needs_soffice
def test_plan_pdf_text(plan):
    text = squash(pdf_text(render("KH", build_plan_context(plan.movement)), "KH"))
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 456/KH-STTTT",
        PLACE_DATE,
        "KẾ HOẠCH",
        "Căn cứ Luật Thi đua, Khen thưởng ngày 26/11/2003;",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Nơi nhận:",
        "PHÓ GIÁM ĐỐC",
        "Nguyễn Văn A",
    ):
        assert part in text, part
