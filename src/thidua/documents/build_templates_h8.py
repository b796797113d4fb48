"""Build the shipped Word templates of the founding plan (KH), the proposal letter (TTr), the
council minutes (BB) and the final report (BC) with the legal skeleton of ``builder``
(Nghị định 30/2020/NĐ-CP). Run ``python -m thidua.documents.build_templates_h8`` to rewrite
``templates_docx/KH.docx``, ``TTR.docx``, ``BB.docx`` and ``BC.docx``.

The placeholders are the keys of the context builders ``contexts_plan``, ``contexts_proposal``,
``contexts_minutes`` and ``contexts_report`` (their ``KNOWN_VARIABLES_<KIND>``)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from thidua.documents.builder import (
    add_body,
    add_centered,
    add_header_table,
    add_loop_paragraphs,
    add_loop_table,
    add_paragraph,
    add_signature_block,
    add_title,
    new_document,
    save_template,
    tag_paragraph,
)

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates_docx"
TABLE_SIZE = Pt(12)
SMALL_TABLE_SIZE = Pt(11)


def _heading(doc: Document, text: str, *, italic: bool = False) -> Paragraph:
    return add_body(doc, text, bold=True, italic=italic, space_before=6, space_after=3)


def _dash_list(
    doc: Document, loop_var: str, items_var: str, text: str, *, punctuate: bool = True
) -> Paragraph:
    """ "- item;" lines, the last one ending with a full stop (``punctuate``)."""
    if punctuate:
        text += "{{ ';' if not loop.last else '.' }}"
    return add_loop_paragraphs(doc, loop_var, items_var, text, space_after=3)


def _keep_row_together(table: Table, index: int) -> None:
    tr_pr = table.rows[index]._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    tr_pr.append(cant_split)


def _table(doc: Document, **kwargs: Any) -> Table:
    """``builder.add_loop_table`` whose repeated row is never split across two pages."""
    table = add_loop_table(doc, **kwargs)
    _keep_row_together(table, 2)
    return table


def _signature(doc: Document) -> Table:
    """``builder.add_signature_block`` kept on one page: the signer's name never leaves the
    authority line behind."""
    table = add_signature_block(doc)
    _keep_row_together(table, 0)
    return table


def _if(doc: Document, condition: str) -> None:
    tag_paragraph(doc, f"{{%p if {condition} %}}")


def _else(doc: Document) -> None:
    tag_paragraph(doc, "{%p else %}")


def _endif(doc: Document) -> None:
    tag_paragraph(doc, "{%p endif %}")


def _start(doc: Document) -> None:
    add_header_table(doc)
    add_title(doc, "{{ doc_type }}", "{{ subject }}")


# --- KH: the founding plan ---------------------------------------------------------------


def _plan_criteria(doc: Document) -> None:
    """IV: the criteria table, bonus, penalties, bands and the foreseen awards."""
    _heading(doc, "IV. TIÊU CHÍ THI ĐUA VÀ KHEN THƯỞNG")
    _heading(doc, "1. Tiêu chí chấm điểm")
    _if(doc, "criteria_rows")
    add_body(doc, "Thang điểm {{ criteria_scale }} điểm, gồm các nhóm tiêu chí sau:", space_after=3)
    _table(
        doc,
        headers=["TT", "Nhóm tiêu chí, tiêu chí", "Điểm tối đa"],
        cells=["{{ r.code }}", "{{ r.title }}", "{{ r.points }}"],
        loop_var="r",
        items_var="criteria_rows",
        widths=[Mm(16), Mm(119), Mm(30)],
        size=TABLE_SIZE,
    )
    _if(doc, "bonus_items")
    add_body(
        doc, "Điểm thưởng (tổng cộng tối đa {{ bonus_cap }} điểm):", space_before=6, space_after=3
    )
    _dash_list(doc, "b", "bonus_items", "- {{ b.title }}: tối đa {{ b.points }} điểm")
    _endif(doc)
    _if(doc, "penalty_items")
    add_body(doc, "Điểm trừ:", space_after=3)
    _dash_list(doc, "p", "penalty_items", "- {{ p.title }}: trừ {{ p.points }} điểm")
    _endif(doc)
    _if(doc, "bands")
    add_body(doc, "Xếp loại kết quả:", space_after=3)
    _dash_list(doc, "b", "bands", "- {{ b.label }}: từ {{ b.min_score }} điểm")
    _endif(doc)
    _if(doc, "criteria_notes")
    add_body(doc, "{{ criteria_notes }}", italic=True)
    _endif(doc)
    _else(doc)
    add_body(doc, "Bảng tiêu chí chấm điểm được ban hành kèm theo hướng dẫn riêng.")
    _endif(doc)
    _heading(doc, "2. Khen thưởng")
    _if(doc, "titles")
    add_body(doc, "a) Danh hiệu thi đua:", space_after=3)
    _dash_list(doc, "t", "titles", "- {{ t }}")
    _endif(doc)
    _if(doc, "forms")
    add_body(doc, "b) Hình thức khen thưởng:", space_after=3)
    _dash_list(doc, "f", "forms", "- {{ f }}")
    _endif(doc)


def build_plan_template() -> Document:
    doc = new_document()
    _start(doc)
    add_loop_paragraphs(doc, "line", "legal_bases", "Căn cứ {{ line }}", italic=True)
    add_body(doc, "{{ intro }}", space_before=6)

    _heading(doc, "I. MỤC ĐÍCH, YÊU CẦU")
    _heading(doc, "1. Mục đích")
    add_loop_paragraphs(doc, "text", "purposes", "{{ text }}", space_after=6)
    _heading(doc, "2. Yêu cầu")
    add_loop_paragraphs(doc, "text", "requirements", "{{ text }}", space_after=6)

    _heading(doc, "II. NỘI DUNG THI ĐUA")
    tag_paragraph(doc, "{%p for s in sections %}")
    add_body(doc, "{{ s.number }}. {{ s.title }}", bold=True, space_after=3)
    add_loop_paragraphs(doc, "text", "s.body", "{{ text }}", space_after=6)
    tag_paragraph(doc, "{%p endfor %}")

    _heading(doc, "III. ĐỐI TƯỢNG, THỜI GIAN THI ĐUA")
    _heading(doc, "1. Đối tượng")
    add_body(
        doc,
        "Các đơn vị tham gia phong trào (mỗi đơn vị cùng các đơn vị trực thuộc) và toàn thể cán "
        "bộ, công chức, viên chức, người lao động của các đơn vị:",
        space_after=3,
    )
    _dash_list(doc, "name", "participants", "- {{ name }}")
    _if(doc, "lead_unit")
    add_body(doc, "Đơn vị chủ trì: {{ lead_unit }}.")
    _endif(doc)
    _heading(doc, "2. Thời gian")
    add_body(doc, "Thời gian thi đua: {{ period }}.", space_after=3)
    _dash_list(doc, "ph", "phases", "- {{ ph.label }}: từ {{ ph.start }} đến {{ ph.end }}")

    _plan_criteria(doc)
    _heading(doc, "V. TỔ CHỨC THỰC HIỆN")
    add_loop_paragraphs(doc, "text", "organisation", "{{ text }}", space_after=6)
    add_body(
        doc,
        "Trong quá trình thực hiện, nếu có vướng mắc, các đơn vị phản ánh về {{ issuer_body }} "
        "để được hướng dẫn./.",
        space_after=12,
    )
    _signature(doc)
    return doc


# --- TTr: the proposal letter ------------------------------------------------------------


def build_proposal_template() -> Document:
    doc = new_document()
    _start(doc)
    add_centered(doc, "Kính gửi: {{ addressee }}.", space_after=12)
    add_loop_paragraphs(doc, "line", "legal_bases", "{{ line }}", space_after=3)
    add_body(doc, "{{ request }}")
    _if(doc, "summary_titles")
    add_body(doc, "a) Danh hiệu thi đua:", bold=True, space_after=3)
    _dash_list(doc, "t", "summary_titles", "- {{ t }}")
    _endif(doc)
    _if(doc, "summary_forms")
    add_body(doc, "b) Hình thức khen thưởng:", bold=True, space_after=3)
    _dash_list(doc, "f", "summary_forms", "- {{ f }}")
    _endif(doc)

    _heading(doc, "I. CÁ NHÂN")
    _if(doc, "individuals")
    _table(
        doc,
        headers=["TT", "Họ và tên", "Chức vụ", "Đơn vị", "Danh hiệu, hình thức", "Thành tích"],
        cells=[
            "{{ p.no }}",
            "{{ p.name }}",
            "{{ p.position }}",
            "{{ p.unit }}",
            "{{ p.award }}",
            "{{ p.achievement }}",
        ],
        loop_var="p",
        items_var="individuals",
        widths=[Mm(10), Mm(33), Mm(24), Mm(32), Mm(30), Mm(36)],
        size=SMALL_TABLE_SIZE,
    )
    _else(doc)
    add_body(doc, "Không có đề nghị khen thưởng cá nhân.", italic=True)
    _endif(doc)

    _heading(doc, "II. TẬP THỂ")
    _if(doc, "collectives")
    _table(
        doc,
        headers=["TT", "Tên tập thể", "Danh hiệu, hình thức", "Thành tích"],
        cells=["{{ c.no }}", "{{ c.name }}", "{{ c.award }}", "{{ c.achievement }}"],
        loop_var="c",
        items_var="collectives",
        widths=[Mm(10), Mm(55), Mm(40), Mm(60)],
        size=SMALL_TABLE_SIZE,
    )
    _else(doc)
    add_body(doc, "Không có đề nghị khen thưởng tập thể.", italic=True)
    _endif(doc)
    add_body(doc, "{{ closing }}", space_before=6, space_after=12)
    _signature(doc)
    return doc


# --- BB: the council minutes -------------------------------------------------------------


def _two_signatures(doc: Document) -> None:
    """Secretary on the left, chair on the right (a minutes is signed by both)."""
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    for cell, title, name in zip(
        table.rows[0].cells,
        ("{{ secretary_title }}", "{{ chair_title }}"),
        ("{{ secretary_name }}", "{{ chair_name }}"),
        strict=True,
    ):
        cell.width = Mm(82)
        add_paragraph(cell, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, reuse_first=True)
        for _ in range(4):
            add_paragraph(cell, "")
        add_paragraph(cell, name, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    _keep_row_together(table, 0)


def _minutes_ballots(doc: Document) -> None:
    """III: the tallies of each secret ballot and the rankings under a cap."""
    _heading(doc, "III. KẾT QUẢ BỎ PHIẾU KÍN")
    add_body(
        doc,
        "Hội đồng bỏ phiếu kín đối với từng đề nghị. Tỷ lệ đồng ý tính trên tổng số "
        "{{ members_total }} thành viên Hội đồng có quyền biểu quyết, không tính trên số thành "
        "viên có mặt.",
    )
    _if(doc, "ballots")
    _table(
        doc,
        headers=[
            "TT",
            "Cá nhân, tập thể",
            "Danh hiệu, hình thức",
            "Đồng ý",
            "Không đồng ý",
            "Phiếu trắng",
            "Tỷ lệ đồng ý",
            "Ngưỡng đạt",
            "Kết quả",
        ],
        cells=[
            "{{ b.no }}",
            "{{ b.name }}",
            "{{ b.award }}",
            "{{ b.yes }}",
            "{{ b.no_votes }}",
            "{{ b.blank }}",
            "{{ b.share }}",
            "{{ b.threshold }}",
            "{{ b.result }}",
        ],
        loop_var="b",
        items_var="ballots",
        widths=[Mm(10), Mm(28), Mm(24), Mm(15), Mm(17), Mm(16), Mm(17), Mm(20), Mm(18)],
        size=SMALL_TABLE_SIZE,
    )
    _if(doc, "threshold_note")
    add_body(doc, "{{ threshold_note }}", italic=True, size=Pt(12), space_before=3)
    _endif(doc)
    _else(doc)
    add_body(doc, "Phiên họp không có đề nghị nào được đưa ra biểu quyết.")
    _endif(doc)
    tag_paragraph(doc, "{%p for rk in rankings %}")
    _heading(doc, "Xếp thứ tự {{ rk.award }} theo chỉ tiêu {{ rk.cap }}:", italic=True)
    _table(
        doc,
        headers=["Thứ tự", "Cá nhân, tập thể", "Số phiếu đồng ý", "Kết quả"],
        cells=["{{ row.rank }}", "{{ row.name }}", "{{ row.yes }}", "{{ row.selected }}"],
        loop_var="row",
        items_var="rk.rows",
        widths=[Mm(18), Mm(77), Mm(30), Mm(40)],
        size=SMALL_TABLE_SIZE,
    )
    _if(doc, "rk.tie_break")
    add_body(doc, "{{ rk.tie_break }}", space_before=3)
    _endif(doc)
    tag_paragraph(doc, "{%p endfor %}")


def build_minutes_template() -> Document:
    doc = new_document()
    _start(doc)
    add_body(doc, "{{ opening }}")

    _heading(doc, "I. THÀNH PHẦN DỰ HỌP")
    add_body(doc, "Chủ trì: {{ chair_name }}, Chủ tịch {{ council_name }}.", space_after=3)
    add_body(doc, "Thư ký: {{ secretary_name }}.", space_after=3)
    add_body(doc, "Thành viên có mặt:", space_after=3)
    _dash_list(doc, "m", "present", "- {{ m }}")
    _if(doc, "in_writing")
    add_body(doc, "Thành viên vắng mặt, biểu quyết bằng văn bản:", space_after=3)
    _dash_list(doc, "m", "in_writing", "- {{ m }}")
    _endif(doc)
    _if(doc, "absent")
    add_body(doc, "Thành viên vắng mặt:", space_after=3)
    _dash_list(doc, "m", "absent", "- {{ m }}")
    _endif(doc)
    add_body(doc, "{{ quorum_text }}")

    _heading(doc, "II. Ý KIẾN TRONG THỜI GIAN CÔNG KHAI")
    _if(doc, "comments")
    _dash_list(
        doc,
        "c",
        "comments",
        "- {{ c.kind }} về {{ c.about }}: {{ c.text }} Trả lời: {{ c.answer }}",
        punctuate=False,
    )
    _else(doc)
    add_body(doc, "Không có ý kiến, phản ánh về danh sách đề nghị khen thưởng.")
    _endif(doc)

    _minutes_ballots(doc)
    _heading(doc, "IV. KẾT LUẬN")
    add_body(
        doc,
        "Số đề nghị đạt tỷ lệ phiếu đồng ý theo quy định: {{ passed_count }}; số đề nghị không "
        "đạt: {{ failed_count }}.",
    )
    _if(doc, "note")
    add_body(doc, "{{ note }}")
    _endif(doc)
    add_body(doc, "{{ closing }}", space_after=12)
    _two_signatures(doc)
    add_paragraph(doc, "Nơi nhận:", bold=True, italic=True, size=Pt(12), space_before=12)
    tag_paragraph(doc, "{%p for item in recipients %}")
    add_paragraph(doc, "{{ item }}", size=Pt(11))
    tag_paragraph(doc, "{%p endfor %}")
    return doc


# --- BC: the final report ----------------------------------------------------------------


def build_report_template() -> Document:
    doc = new_document()
    _start(doc)
    _heading(doc, "I. KHÁI QUÁT")
    add_body(doc, "{{ intro }}")
    add_body(doc, "Thời gian thực hiện: {{ period }}.")

    _heading(doc, "II. KẾT QUẢ THỰC HIỆN PHONG TRÀO")
    _heading(doc, "1. Công tác triển khai, tham gia phong trào")
    _dash_list(doc, "line", "participation", "- {{ line }}", punctuate=False)
    _if(doc, "units")
    _table(
        doc,
        headers=["Đơn vị", "Số người", "Đã quán triệt", "Đã đăng ký thi đua"],
        cells=["{{ u.name }}", "{{ u.staff }}", "{{ u.briefed }}", "{{ u.registered }}"],
        loop_var="u",
        items_var="units",
        widths=[Mm(80), Mm(25), Mm(30), Mm(30)],
        size=SMALL_TABLE_SIZE,
    )
    _endif(doc)
    _heading(doc, "2. Kết quả các hoạt động")
    add_body(doc, "Tổng số hoạt động được báo cáo: {{ activity_total }}.", space_after=3)
    _dash_list(doc, "k", "activity_kinds", "- {{ k }}")
    _if(doc, "indicators")
    _table(
        doc,
        headers=["Loại hoạt động", "Chỉ số", "Kết quả", "Đơn vị tính"],
        cells=["{{ i.kind }}", "{{ i.name }}", "{{ i.total }}", "{{ i.unit }}"],
        loop_var="i",
        items_var="indicators",
        widths=[Mm(55), Mm(55), Mm(25), Mm(30)],
        size=SMALL_TABLE_SIZE,
    )
    _endif(doc)
    _heading(doc, "3. Kết quả chấm điểm, xếp loại")
    _if(doc, "unit_results")
    _dash_list(doc, "line", "band_counts", "- {{ line }}")
    add_body(doc, "a) Tập thể:", space_after=3)
    _table(
        doc,
        headers=["Thứ hạng", "Đơn vị", "Tổng điểm", "Xếp loại"],
        cells=["{{ r.rank }}", "{{ r.name }}", "{{ r.total }}", "{{ r.band }}"],
        loop_var="r",
        items_var="unit_results",
        widths=[Mm(20), Mm(85), Mm(30), Mm(30)],
        size=SMALL_TABLE_SIZE,
    )
    _else(doc)
    add_body(doc, "Chưa có kết quả chấm điểm của các tập thể.", italic=True)
    _endif(doc)
    _if(doc, "person_results")
    add_body(doc, "b) Cá nhân:", space_before=6, space_after=3)
    _table(
        doc,
        headers=["Thứ hạng", "Họ và tên", "Đơn vị", "Tổng điểm", "Xếp loại"],
        cells=["{{ r.rank }}", "{{ r.name }}", "{{ r.unit }}", "{{ r.total }}", "{{ r.band }}"],
        loop_var="r",
        items_var="person_results",
        widths=[Mm(18), Mm(45), Mm(52), Mm(25), Mm(25)],
        size=SMALL_TABLE_SIZE,
    )
    _endif(doc)

    _heading(doc, "III. CÔNG TÁC KHEN THƯỞNG")
    _if(doc, "awards")
    _dash_list(doc, "line", "award_summary", "- {{ line }}", punctuate=False)
    _table(
        doc,
        headers=["TT", "Cá nhân, tập thể", "Đối tượng", "Danh hiệu, hình thức", "Quyết định"],
        cells=["{{ a.no }}", "{{ a.name }}", "{{ a.who }}", "{{ a.award }}", "{{ a.decision }}"],
        loop_var="a",
        items_var="awards",
        widths=[Mm(10), Mm(50), Mm(22), Mm(43), Mm(40)],
        size=SMALL_TABLE_SIZE,
    )
    _else(doc)
    add_body(doc, "Chưa có quyết định khen thưởng trong phong trào.", italic=True)
    _endif(doc)
    add_body(doc, "{{ closing }}", space_before=6, space_after=12)
    _signature(doc)
    return doc


BUILDERS: dict[str, Callable[[], Document]] = {
    "KH": build_plan_template,
    "TTR": build_proposal_template,
    "BB": build_minutes_template,
    "BC": build_report_template,
}


def build_all(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Write KH.docx, TTR.docx, BB.docx and BC.docx into ``directory``."""
    return [save_template(build(), directory / f"{kind}.docx") for kind, build in BUILDERS.items()]


if __name__ == "__main__":
    for path in build_all():
        print(path)  # noqa: T201
