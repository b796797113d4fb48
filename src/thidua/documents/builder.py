"""Helpers that build the shipped Word templates with python-docx, in the legal format of
Nghị định 30/2020/NĐ-CP (see ../shared/domain/LEGAL-RULES.md "Administrative documents").

The templates are docxtpl (Jinja) documents: every placeholder is written into ONE run so that
docxtpl sees it whole. A template is built like this::

    doc = new_document()       # A4, margins 20/20/30/15 mm, page numbers from page 2
    add_header_table(doc)      # issuing body, "Số: ..." | national title, motto, place, date
    add_title(doc, "QUYẾT ĐỊNH", "{{ subject }}")
    add_centered(doc, "{{ authority_title }}", bold=True)
    add_loop_paragraphs(doc, "line", "legal_bases", "{{ line }}", italic=True)
    add_article(doc, "Điều 1.", "{{ article_1 }}")
    add_signature_block(doc)   # "Nơi nhận:" | TM./KT. line, title, name
    save_template(doc, path)

Loops use docxtpl's paragraph tags (``{%p for x in xs %}``) and table-row tags (``{%tr ... %}``);
conditions use ``{%p if ... %}``. Every function returns what it added so callers can tune it.
The build of the shipped QĐ and certificate templates is in ``documents/templates_build.py``;
H8's KH/TTr/BB/BC templates use the same helpers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

__all__ = [
    "BODY_SIZE",
    "FONT_NAME",
    "RED",
    "add_article",
    "add_body",
    "add_centered",
    "add_header_table",
    "add_image_placeholder",
    "add_loop_paragraphs",
    "add_loop_table",
    "add_page_break",
    "add_paragraph",
    "add_signature_block",
    "add_title",
    "new_document",
    "save_template",
    "set_cell_width",
    "tag_paragraph",
]

# Liberation Serif 2 is metric-compatible with Times New Roman (the legal font), ships with
# Debian (fonts-liberation2) and is free to embed in the PDF.
FONT_NAME = "Liberation Serif"
BODY_SIZE = Pt(14)
SMALL_SIZE = Pt(12)
HEADER_SIZE = Pt(12)
RED = RGBColor(0xC0, 0x00, 0x00)
A4_SHORT, A4_LONG = Mm(210), Mm(297)
FIRST_LINE_INDENT = Mm(12.7)


def new_document(*, landscape: bool = False, page_numbers: bool = True) -> Document:
    """An empty A4 document: portrait with margins top 20, bottom 20, left 30, right 15 mm
    (landscape with 15 mm all round for certificates), Liberation Serif 14 pt, single spacing,
    and the page number centred in the header from page 2 on (page 1 has its own empty header)."""
    doc = docx.Document()
    section = doc.sections[0]
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = A4_LONG, A4_SHORT
        section.top_margin = section.bottom_margin = Mm(15)
        section.left_margin = section.right_margin = Mm(15)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = A4_SHORT, A4_LONG
        section.top_margin, section.bottom_margin = Mm(20), Mm(20)
        section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = section.footer_distance = Mm(10)
    _set_default_font(doc)
    if page_numbers:
        section.different_first_page_header_footer = True
        header_par = section.header.paragraphs[0]
        header_par.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _add_field(header_par.add_run(), "PAGE")
        # The first-page header exists but is empty: no number on page 1.
        section.first_page_header.paragraphs[0].text = ""
    props = doc.core_properties
    props.author = props.last_modified_by = "thidua"
    props.created = props.modified = dt.datetime(2018, 1, 1, tzinfo=dt.UTC)
    props.revision = 1
    return doc


def _set_default_font(doc: Document) -> None:
    style = doc.styles["Normal"]
    font = style.font
    font.name = FONT_NAME
    font.size = BODY_SIZE
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT_NAME)
    fmt = style.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _add_field(run: Run, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) in ``run``."""
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    text = OxmlElement("w:t")
    text.text = "2"
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    for element in (begin, instr, separate, text, end):
        run._r.append(element)


def add_paragraph(
    container: Document | _Cell,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: Pt | None = None,
    color: RGBColor | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    first_line_indent: Mm | None = None,
    space_before: int = 0,
    space_after: int = 0,
    underline: bool = False,
    reuse_first: bool = False,
) -> Paragraph:
    """One paragraph with one run (so a ``{{ placeholder }}`` stays whole). ``container`` is the
    document or a table cell; ``reuse_first`` fills a cell's empty first paragraph instead of
    adding one. Spacing is in points."""
    if reuse_first and isinstance(container, _Cell) and not container.paragraphs[0].text:
        paragraph = container.paragraphs[0]
    else:
        paragraph = container.add_paragraph()
    if text:
        run = paragraph.add_run(text)
        run.bold = bold
        run.italic = italic
        run.underline = underline
        if size is not None:
            run.font.size = size
        if color is not None:
            run.font.color.rgb = color
    if align is not None:
        paragraph.alignment = align
    fmt = paragraph.paragraph_format
    if first_line_indent is not None:
        fmt.first_line_indent = first_line_indent
    fmt.space_before = Pt(space_before)
    fmt.space_after = Pt(space_after)
    return paragraph


def add_centered(container: Document | _Cell, text: str, **kwargs: object) -> Paragraph:
    """A centred paragraph (same options as :func:`add_paragraph`)."""
    return add_paragraph(container, text, align=WD_ALIGN_PARAGRAPH.CENTER, **kwargs)  # type: ignore[arg-type]


def add_body(container: Document | _Cell, text: str, **kwargs: object) -> Paragraph:
    """A justified body paragraph with a 12.7 mm first-line indent and 6 pt after."""
    options: dict[str, object] = {
        "align": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "first_line_indent": FIRST_LINE_INDENT,
        "space_after": 6,
    }
    options.update(kwargs)
    return add_paragraph(container, text, **options)  # type: ignore[arg-type]


def add_article(doc: Document | _Cell, label: str, text: str) -> Paragraph:
    """ "Điều 1. <text>": the label bold, the text normal, justified and indented."""
    paragraph = add_body(doc, "")
    label_run = paragraph.add_run(label + " ")
    label_run.bold = True
    paragraph.add_run(text)
    return paragraph


def tag_paragraph(container: Document | _Cell, tag: str) -> Paragraph:
    """A paragraph holding only a docxtpl paragraph tag, e.g. ``{%p for x in xs %}``: docxtpl
    removes the paragraph and keeps the tag."""
    return add_paragraph(container, tag)


def add_loop_paragraphs(
    container: Document | _Cell,
    loop_var: str,
    items_var: str,
    text: str,
    **kwargs: object,
) -> Paragraph:
    """One paragraph repeated for each item: ``{%p for <loop_var> in <items_var> %}``,
    the paragraph ``text`` (with its options), ``{%p endfor %}``. Returns the repeated paragraph."""
    tag_paragraph(container, f"{{%p for {loop_var} in {items_var} %}}")
    options: dict[str, object] = {
        "align": WD_ALIGN_PARAGRAPH.JUSTIFY,
        "first_line_indent": FIRST_LINE_INDENT,
    }
    options.update(kwargs)
    paragraph = add_paragraph(container, text, **options)  # type: ignore[arg-type]
    tag_paragraph(container, "{%p endfor %}")
    return paragraph


def set_cell_width(cell: _Cell, width: Mm) -> None:
    cell.width = width


def _no_borders(table: Table) -> None:
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    tbl_pr.append(borders)


def _grid_table(container: Document | _Cell, rows: int, widths: Sequence[Mm]) -> Table:
    table = container.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def add_header_table(
    doc: Document,
    *,
    parent_var: str = "issuer_parent",
    issuer_var: str = "issuer_name",
    number_var: str = "number_symbol",
    place_date_var: str = "place_date",
    widths: Sequence[Mm] = (Mm(70), Mm(95)),
) -> Table:
    """The two-column header of a document, without borders.

    Left: the superior body (``{{ issuer_parent }}``, upper case), the issuing body (bold, upper
    case), a short rule, then "Số: {{ number_symbol }}". Right: "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
    NAM", "Độc lập - Tự do - Hạnh phúc" (bold), a rule, then the italic place and date
    ``{{ place_date }}`` ("Lạng Sơn, ngày 05 tháng 12 năm 2018") level with the number."""
    table = _grid_table(doc, 2, widths)
    _no_borders(table)
    left, right = table.rows[0].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    add_paragraph(
        left, f"{{{{ {parent_var}|upper }}}}", size=HEADER_SIZE, align=center, reuse_first=True
    )
    add_paragraph(left, f"{{{{ {issuer_var}|upper }}}}", bold=True, size=HEADER_SIZE, align=center)
    add_paragraph(left, "_______", bold=True, size=Pt(8), align=center)
    add_paragraph(
        right,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        bold=True,
        size=HEADER_SIZE,
        align=center,
        reuse_first=True,
    )
    add_paragraph(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=BODY_SIZE, align=center)
    add_paragraph(right, "_______________________", bold=True, size=Pt(8), align=center)
    left2, right2 = table.rows[1].cells
    add_paragraph(
        left2,
        f"Số: {{{{ {number_var} }}}}",
        size=HEADER_SIZE,
        align=center,
        reuse_first=True,
        space_before=6,
    )
    add_paragraph(
        right2,
        f"{{{{ {place_date_var} }}}}",
        italic=True,
        size=BODY_SIZE,
        align=center,
        reuse_first=True,
        space_before=6,
    )
    return table


def add_title(doc: Document, doc_type: str, subject: str) -> tuple[Paragraph, Paragraph]:
    """The type of document ("QUYẾT ĐỊNH", bold, 14 pt, centred, 18 pt before) and under it the
    subject ("Về việc tặng Giấy khen ...", bold, centred), then a short rule."""
    type_par = add_centered(doc, doc_type, bold=True, size=BODY_SIZE, space_before=18)
    subject_par = add_centered(doc, subject, bold=True, size=BODY_SIZE)
    add_centered(doc, "_______", bold=True, size=Pt(8), space_after=12)
    return type_par, subject_par


def add_page_break(container: Document | _Cell) -> Paragraph:
    """A paragraph holding only a page break."""
    paragraph = container.add_paragraph()
    paragraph.add_run().add_break(WD_BREAK.PAGE)
    return paragraph


def add_image_placeholder(
    container: Document | _Cell, var: str, *, align: WD_ALIGN_PARAGRAPH | None = None
) -> Paragraph:
    """A paragraph ``{{ <var> }}`` where the renderer puts a docxtpl ``InlineImage`` (QR code)."""
    return add_paragraph(container, f"{{{{ {var} }}}}", align=align)


def add_signature_block(
    doc: Document,
    *,
    recipients_var: str = "recipients",
    authority_var: str = "signer_authority_line",
    title_var: str = "signer_title",
    name_var: str = "signer_name",
    qr_var: str | None = None,
    widths: Sequence[Mm] = (Mm(80), Mm(85)),
) -> Table:
    """The foot of a document, without borders. Left: "Nơi nhận:" (bold italic 12 pt) and one
    "- ..." line per item of ``{{ recipients }}`` (11 pt). Right: the authority line
    (``{{ signer_authority_line }}``, e.g. "KT. GIÁM ĐỐC", bold; left out when empty), the
    signer's title (bold, upper case), room for the seal (or the QR code when ``qr_var`` is
    given) and the signer's name (bold)."""
    table = _grid_table(doc, 1, widths)
    _no_borders(table)
    left, right = table.rows[0].cells
    add_paragraph(left, "Nơi nhận:", bold=True, italic=True, size=SMALL_SIZE, reuse_first=True)
    tag_paragraph(left, f"{{%p for item in {recipients_var} %}}")
    add_paragraph(left, "{{ item }}", size=Pt(11))
    tag_paragraph(left, "{%p endfor %}")
    center = WD_ALIGN_PARAGRAPH.CENTER
    tag_paragraph(right, f"{{%p if {authority_var} %}}")
    add_paragraph(right, f"{{{{ {authority_var}|upper }}}}", bold=True, align=center)
    tag_paragraph(right, "{%p endif %}")
    add_paragraph(right, f"{{{{ {title_var}|upper }}}}", bold=True, align=center)
    if qr_var:
        add_image_placeholder(right, qr_var, align=center)
    else:
        for _ in range(4):
            add_paragraph(right, "")
    add_paragraph(right, f"{{{{ {name_var} }}}}", bold=True, align=center)
    # The right cell starts with its empty default paragraph; drop it so the blocks align.
    first = right.paragraphs[0]
    if not first.text:
        first._p.getparent().remove(first._p)
    return table


def add_loop_table(
    container: Document | _Cell,
    *,
    headers: Sequence[str],
    cells: Sequence[str],
    loop_var: str,
    items_var: str,
    widths: Sequence[Mm],
    size: Pt = SMALL_SIZE,
) -> Table:
    """A bordered table: a bold header row, then one row per item (docxtpl ``{%tr for %}``).
    ``cells`` are the per-row placeholders, e.g. ``"{{ r.serial }}"``."""
    table = _grid_table(container, 4, widths)
    table.style = "Table Grid"
    center = WD_ALIGN_PARAGRAPH.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        add_paragraph(cell, header, bold=True, size=size, align=center, reuse_first=True)
    table.rows[1].cells[0].paragraphs[0].add_run(f"{{%tr for {loop_var} in {items_var} %}}")
    for cell, text in zip(table.rows[2].cells, cells, strict=True):
        add_paragraph(cell, text, size=size, reuse_first=True)
    table.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    _repeat_header(table)
    return table


def _repeat_header(table: Table) -> None:
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    element.set(qn("w:val"), "true")
    tr_pr.append(element)


def save_template(doc: Document, path: Path) -> Path:
    """Write the template; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path
