import hashlib
import io

from docx import Document

from tests.documents.conftest import docx_text, pdf_fonts, pdf_text
from thidua.documents import services
from thidua.documents.models import DocumentKind, GeneratedDocument


def _read(field) -> bytes:
    with field.open("rb") as handle:
        return handle.read()


def test_decision_docx_has_the_legal_parts(decision_world):
    document = services.generate_decision_document(
        decision_world.decision, actor=decision_world.officer, pdf=False
    )
    data = _read(document.docx)
    texts = docx_text(data)
    joined = "\n".join(texts)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    assert "Độc lập - Tự do - Hạnh phúc" in texts
    assert "UBND TỈNH LẠNG SƠN" in texts
    assert "SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in texts
    assert "Số: 01/QĐ-STTTT" in texts
    assert "QUYẾT ĐỊNH" in texts
    assert "Về việc tặng Giấy khen phong trào thi đua năm 2018" in texts
    assert "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG" in texts
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003;" in texts
    assert "QUYẾT ĐỊNH:" in texts
    assert any(
        t.startswith("Điều 1. Tặng Chiến sĩ thi đua cơ sở, Giấy khen cho 2 cá nhân và 1 tập thể")
        for t in texts
    )
    assert "Hai triệu ba trăm bốn mươi nghìn đồng" in joined
    assert "2.340.000" in joined
    assert "Nơi nhận:" in texts
    assert "- Như Điều 3;" in texts
    assert "KT. GIÁM ĐỐC" in texts
    assert "PHÓ GIÁM ĐỐC" in texts
    assert "Vũ Văn Tuấn" in texts
    assert "I. Cá nhân" in texts
    assert "II. Tập thể" in texts
    assert texts.index("I. Cá nhân") < texts.index("II. Tập thể")
    assert "Nguyễn Văn Đức" in texts
    assert "01" in texts
    assert "03" in texts
    assert (
        "(Kèm theo Quyết định số 01/QĐ-STTTT ngày 05 tháng 12 năm 2018 của "
        "Giám đốc Sở Thông tin và Truyền thông)"
    ) in texts
    # The place and date are italic, with the leading zero of the day.
    doc = Document(io.BytesIO(data))
    runs = [
        run
        for table in doc.tables
        for cell in table._cells
        for p in cell.paragraphs
        for run in p.runs
        if run.text == "Lạng Sơn, ngày 05 tháng 12 năm 2018"
    ]
    assert runs
    assert all(run.italic for run in runs)
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (30, 15)
    assert section.different_first_page_header_footer is True
    assert section.first_page_header.paragraphs[0].text == ""
    assert "PAGE" in section.header._element.xml


def test_decision_document_records_version_source_and_hash(decision_world):
    document = services.generate_decision_document(
        decision_world.decision, actor=decision_world.officer, pdf=False
    )
    data = _read(document.docx)
    assert document.docx_sha256 == hashlib.sha256(data).hexdigest()
    assert document.template_version.number == 1
    assert document.template_version.template.kind == DocumentKind.QD
    assert document.source == decision_world.decision
    assert document.decision == decision_world.decision
    assert len(document.token) >= 32
    assert document.token in "\n".join(docx_text(data))


def test_decision_values_are_escaped_not_injected(decision_world):
    decision = decision_world.decision
    decision.subject = "Về việc <w:p>tặng</w:p> & khen"
    decision.save()
    document = services.generate_decision_document(decision, actor=None, pdf=False)
    assert "Về việc <w:p>tặng</w:p> & khen" in docx_text(_read(document.docx))


def test_decision_pdf_reads_the_same(decision_world, soffice):
    document = services.generate_decision_document(
        decision_world.decision, actor=decision_world.officer
    )
    pdf = _read(document.pdf)
    assert document.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    path = document.pdf.path
    text = pdf_text(path)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 01/QĐ-STTTT",
        "Lạng Sơn, ngày 05 tháng 12 năm 2018",
        "QUYẾT ĐỊNH",
        "Căn cứ Luật Thi đua, khen thưởng",
        "Điều 1.",
        "Điều 3.",
        "Nơi nhận:",
        "I. Cá nhân",
        "II. Tập thể",
        "Hoàng Thị Lan",
        "Hai triệu ba trăm bốn mươi",
    ):
        assert expected in text, expected
    # No page number on page 1; page 2 starts with its number in the header.
    assert pdf_text(path, page=1).split()[0] == "UBND"
    assert pdf_text(path, page=2).split()[0] == "2"
    assert "LiberationSerif" in pdf_fonts(path)
    assert GeneratedDocument.objects.count() == 1


def test_top_issuer_named_after_its_province_is_written_under_the_peoples_committee():
    # Nghị định 30/2020: the header names the governing body above the issuing body. The
    # demo's department is a top unit named "... tỉnh Lạng Sơn": the header must read
    # "UBND TỈNH LẠNG SƠN" above "SỞ THÔNG TIN VÀ TRUYỀN THÔNG", not the long name alone.
    from thidua.awards.models import Decision
    from thidua.documents.contexts import _issuer_header
    from thidua.org.models import Unit

    unit = Unit(code="STTTT", name="Sở Thông tin và Truyền thông tỉnh Lạng Sơn")
    decision = Decision(issuer=unit, issuer_name=unit.name)
    assert _issuer_header(decision) == ("UBND TỈNH LẠNG SƠN", "Sở Thông tin và Truyền thông")
    # a name typed differently from the unit's is kept as typed
    decision.issuer_name = "Sở TT&TT"
    assert _issuer_header(decision) == ("", "Sở TT&TT")
