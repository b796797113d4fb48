"""The proposal letter (TTr) of a proposing unit: only the nominations it has put forward,
individuals and collectives apart, titles and forms apart, "Kính gửi", and the PDF text."""

from __future__ import annotations

import datetime as dt

import pytest

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
from tests.factories import make_person
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import councils
from thidua.awards.enums import NominationState
from thidua.awards.models import Nomination
from thidua.documents import contexts_proposal
from thidua.documents.contexts_proposal import KNOWN_VARIABLES_TTR, build_proposal_context

ON = dt.date(2018, 12, 3)


def nominate(w, *, code: str, state: str = NominationState.SUBMITTED, **recipient) -> Nomination:
    return Nomination.objects.create(
        movement=w.movement,
        award_code=code,
        year=2018,
        proposing_unit=recipient.pop("proposing_unit", w.div_a),
        state=state,
        achievement=recipient.pop("achievement", ""),
        **recipient,
    )


@pytest.fixture
def letter(world):  # noqa: F811
    w = world
    make_person("HEAD", unit=w.div_a, full_name="Lương Văn Minh", position="Trưởng phòng")
    w.div_a.people.filter(code="HEAD").update(is_leader=True)
    councils.create_council(
        "HD-STTTT", name="Hội đồng Thi đua - Khen thưởng Sở", unit=w.agency, actor=w.officer
    )
    nominate(
        w,
        code="CSTDCS",
        person=w.person_a,
        achievement="Hoàn thành xuất sắc nhiệm vụ <b>&</b> biên giới",
    )
    nominate(w, code="GIAY_KHEN", unit=w.div_a, achievement="Tập thể dẫn đầu phong trào.")
    nominate(w, code="LDTT", person=make_person(unit=w.div_a, full_name="Bản nháp"), state="DRAFT")
    nominate(
        w, code="LDTT", person=make_person(unit=w.div_a, full_name="Đã rút"), state="WITHDRAWN"
    )
    nominate(w, code="LDTT", person=w.person_b, proposing_unit=w.div_b)  # another unit's
    return w


def test_proposal_renders_the_unit_nominations(letter):
    ctx = build_proposal_context(letter.movement, letter.div_a, number=7, on=ON)
    doc = read(render("TTR", ctx))
    assert_legal_frame(
        doc,
        parent="SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        issuer="PHÒNG THÔNG TIN - BÁO CHÍ - XUẤT BẢN",
        number="07/TTr-TTBCXB",
        place_date="Lạng Sơn, ngày 03 tháng 12 năm 2018",
        doc_type="TỜ TRÌNH",
    )
    subject = (
        "Về việc đề nghị khen thưởng trong phong trào thi đua chuyên đề “Thi đua thực hiện "
        "hiệu quả công tác thông tin đối ngoại”"
    )
    assert is_bold(paragraph(doc, subject))
    text = lines(doc)
    assert "Kính gửi: Hội đồng Thi đua - Khen thưởng Sở." in text
    assert any(t.startswith("Căn cứ Kế hoạch số 456/KH-STTTT ngày ") for t in text)
    assert any("đề nghị khen thưởng cho 01 cá nhân và 01 tập thể" in t for t in text)
    # titles and forms apart in the summary
    assert text[text.index("a) Danh hiệu thi đua:") + 1] == "- Chiến sĩ thi đua cơ sở: 01 cá nhân."
    assert text[text.index("b) Hình thức khen thưởng:") + 1] == "- Giấy khen: 01 tập thể."
    rows = table_rows(doc)
    assert [
        "1",
        "Lương Thị Hoa",
        "",
        "Phòng Thông tin - Báo chí - Xuất bản",
        "Chiến sĩ thi đua cơ sở",
        "Hoàn thành xuất sắc nhiệm vụ <b>&</b> biên giới",
    ] in rows
    assert [
        "1",
        "Phòng Thông tin - Báo chí - Xuất bản",
        "Giấy khen",
        "Tập thể dẫn đầu phong trào.",
    ] in rows
    everything = " ".join(" ".join(r) for r in rows)
    for absent in ("Bản nháp", "Đã rút", "Vi Văn Tùng"):
        assert absent not in everything
    assert text.index("I. CÁ NHÂN") < text.index("II. TẬP THỂ")
    signature = doc.tables[-1]
    assert [p.text for p in signature.rows[0].cells[1].paragraphs if p.text] == [
        "TRƯỞNG PHÒNG",
        "Lương Văn Minh",
    ]
    assert [p.text for p in signature.rows[0].cells[0].paragraphs if p.text] == [
        "Nơi nhận:",
        "- Như trên;",
        "- Lưu: VT, TTBCXB.",
    ]


def test_proposal_drafts_on_request_and_empty_collectives(letter):
    Nomination.objects.filter(unit=letter.div_a).update(state=NominationState.WITHDRAWN)
    ctx = build_proposal_context(letter.movement, letter.div_a, include_drafts=True, on=ON)
    assert [p["name"] for p in ctx["individuals"]] == [
        "Lương Thị Hoa",
        "Bản nháp",
    ]  # by code, then name
    assert ctx["collectives"] == []
    assert ctx["number_symbol"].endswith("/TTr-TTBCXB")
    text = lines(read(render("TTR", ctx)))
    assert "Không có đề nghị khen thưởng tập thể." in text
    assert "Không có đề nghị khen thưởng cá nhân." not in text


def test_proposal_addressee_without_council(world):  # noqa: F811
    ctx = build_proposal_context(world.movement, world.div_b, on=ON)
    assert ctx["addressee"] == "Hội đồng Thi đua - Khen thưởng Sở Thông tin và Truyền thông"
    assert ctx["individuals"] == []
    assert ctx["collectives"] == []
    assert ctx["signer_title"] == "THỦ TRƯỞNG ĐƠN VỊ"


def test_proposal_template_variables_and_sample():
    check_template_matches("TTR", KNOWN_VARIABLES_TTR, contexts_proposal.sample_context())


@needs_soffice
def test_proposal_pdf_text(letter):
    ctx = build_proposal_context(letter.movement, letter.div_a, number=7, on=ON)
    text = squash(pdf_text(render("TTR", ctx), "TTR"))
    for part in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Số: 07/TTr-TTBCXB",
        "Lạng Sơn, ngày 03 tháng 12 năm 2018",
        "TỜ TRÌNH",
        "Kính gửi: Hội đồng Thi đua - Khen thưởng Sở.",
        "Lương Thị Hoa",
        "Nơi nhận:",
        "TRƯỞNG PHÒNG",
    ):
        assert part in text, part
