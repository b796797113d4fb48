"""Build the shipped version-1 templates of the decision (QĐ) and the certificates with the
helpers of ``builder``. Run ``python -m thidua build_document_templates`` after changing this
module and commit the .docx files in ``documents/templates_docx/``."""

from __future__ import annotations

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt

from thidua.documents.builder import (
    RED,
    add_article,
    add_body,
    add_centered,
    add_header_table,
    add_image_placeholder,
    add_loop_paragraphs,
    add_loop_table,
    add_page_break,
    add_paragraph,
    add_signature_block,
    add_title,
    new_document,
    save_template,
    tag_paragraph,
)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_docx"

UNIT_AND_POSITION = (
    "{{ r.position }}{% if r.position and r.unit_name %}, {% endif %}{{ r.unit_name }}"
)


def build_decision(path: Path) -> Path:
    """The decision on commendation with its annex split into individuals and collectives."""
    doc = new_document()
    add_header_table(doc)
    add_title(doc, "QUYẾT ĐỊNH", "{{ subject }}")
    add_centered(doc, "{{ authority_title|upper }}", bold=True, space_after=6)
    add_loop_paragraphs(doc, "line", "legal_bases", "{{ line }}", italic=True, space_after=3)
    tag_paragraph(doc, "{%p if proposal %}")
    add_body(doc, "{{ proposal }}", italic=True)
    tag_paragraph(doc, "{%p endif %}")
    add_centered(doc, "QUYẾT ĐỊNH:", bold=True, space_before=6, space_after=6)
    add_article(doc, "Điều 1.", "{{ article_1 }}")
    add_article(doc, "Điều 2.", "{{ article_2 }}")
    add_article(doc, "Điều 3.", "{{ article_3 }}")
    add_paragraph(doc, "")
    add_signature_block(doc)
    add_page_break(doc)
    add_centered(doc, "{{ annex_title }}", bold=True)
    add_centered(doc, "{{ annex_ref }}", italic=True, space_after=12)
    add_paragraph(doc, "I. Cá nhân", bold=True, space_after=6)
    add_loop_table(
        doc,
        headers=[
            "TT",
            "Họ và tên",
            "Chức vụ, đơn vị công tác",
            "Danh hiệu, hình thức",
            "Số tiền (đồng)",
        ],
        cells=[
            "{{ r.serial }}",
            "{{ r.name }}",
            UNIT_AND_POSITION,
            "{{ r.award }}",
            "{{ r.amount }}",
        ],
        loop_var="r",
        items_var="individuals",
        widths=[Mm(12), Mm(48), Mm(52), Mm(30), Mm(23)],
    )
    add_paragraph(doc, "II. Tập thể", bold=True, space_before=12, space_after=6)
    add_loop_table(
        doc,
        headers=["TT", "Tên tập thể", "Danh hiệu, hình thức", "Số tiền (đồng)"],
        cells=["{{ r.serial }}", "{{ r.name }}", "{{ r.award }}", "{{ r.amount }}"],
        loop_var="r",
        items_var="collectives",
        widths=[Mm(12), Mm(100), Mm(30), Mm(23)],
    )
    add_body(
        doc,
        "Tổng số tiền thưởng: {{ total_amount }} đồng (Bằng chữ: {{ total_amount_words }}).",
        space_before=12,
    )
    tag_paragraph(doc, "{%p if verification_url %}")
    add_image_placeholder(doc, "qr", align=WD_ALIGN_PARAGRAPH.RIGHT)
    add_paragraph(
        doc, "Xác minh văn bản: {{ verification_url }}", size=Pt(9), align=WD_ALIGN_PARAGRAPH.RIGHT
    )
    tag_paragraph(doc, "{%p endif %}")
    return save_template(doc, path)


def build_certificate(path: Path, *, give: str) -> Path:
    """Landscape certificates, one page each: the template loops over ``certificates``."""
    doc = new_document(landscape=True, page_numbers=False)
    center = WD_ALIGN_PARAGRAPH.CENTER
    tag_paragraph(doc, "{%p for c in certificates %}")
    # The blocks are spaced to fill the sheet (LibreOffice 7.4 ignores a section's vertical
    # centring, so the space is in the paragraphs; a long achievement still fits one page).
    add_centered(doc, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=Pt(13), space_before=12)
    add_centered(doc, "Độc lập - Tự do - Hạnh phúc", bold=True, size=Pt(14))
    add_centered(doc, "_______________________", bold=True, size=Pt(8), space_after=24)
    add_centered(doc, "{{ c.signer_position }}", bold=True, size=Pt(16), color=RED, space_after=6)
    add_centered(doc, give, bold=True, size=Pt(16), space_after=12)
    add_centered(doc, "{{ c.award_upper }}", bold=True, size=Pt(32), color=RED, space_after=18)
    add_centered(doc, "{{ c.name }}", bold=True, size=Pt(20), space_after=6)
    add_centered(
        doc,
        "{{ c.position }}{% if c.position and c.unit_name %}, {% endif %}{{ c.unit_name }}",
        size=Pt(14),
        space_after=6,
    )
    add_centered(
        doc, "Đã có thành tích: {{ c.achievement }}", italic=True, size=Pt(14), space_after=12
    )
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    for column, width in zip(table.columns, (Mm(120), Mm(147)), strict=True):
        column.width = width
    left, right = table.rows[0].cells
    left.width, right.width = Mm(120), Mm(147)
    add_paragraph(left, "{{ c.decision_ref }}", size=Pt(12), reuse_first=True, space_before=18)
    add_paragraph(left, "{{ c.golden_book }}", bold=True, size=Pt(12))
    add_image_placeholder(left, "c.qr")
    add_paragraph(
        right, "{{ c.place_date }}", italic=True, align=center, reuse_first=True, space_before=18
    )
    tag_paragraph(right, "{%p if c.signer_authority_line %}")
    add_centered(right, "{{ c.signer_authority_line|upper }}", bold=True)
    tag_paragraph(right, "{%p endif %}")
    add_centered(right, "{{ c.signer_title|upper }}", bold=True)
    for _ in range(4):
        add_paragraph(right, "")
    add_centered(right, "{{ c.signer_name }}", bold=True)
    tag_paragraph(doc, "{%p if not loop.last %}")
    add_page_break(doc)
    tag_paragraph(doc, "{%p endif %}")
    tag_paragraph(doc, "{%p endfor %}")
    return save_template(doc, path)


SHIPPED = {
    "QD": ("Quyết định khen thưởng", build_decision, {}),
    "CERT_GIAY_KHEN": ("Giấy khen", build_certificate, {"give": "TẶNG"}),
    "CERT_CSTDCS": (
        "Giấy chứng nhận Chiến sĩ thi đua cơ sở",
        build_certificate,
        {"give": "TẶNG DANH HIỆU"},
    ),
}


def build_all(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Write QD.docx, CERT_GIAY_KHEN.docx and CERT_CSTDCS.docx into ``directory``."""
    return [
        build(directory / f"{kind}.docx", **options)  # type: ignore[operator]
        for kind, (_name, build, options) in SHIPPED.items()
    ]
