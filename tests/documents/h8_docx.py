"""Helpers of the KH/TTr/BB/BC document tests: render a shipped template with docxtpl
(autoescape on, strict undefined) through ``documents.rendering``, read it back with
python-docx, convert it to PDF and read that with pdftotext."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.document import Document as DocumentObject
from docx.table import Table
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate

from thidua.documents.build_templates_h8 import BUILDERS, TEMPLATES_DIR
from thidua.documents.rendering import docx_bytes_to_pdf, render_template_bytes

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"

# PDF tests need LibreOffice: the `soffice` fixture of tests/documents/conftest.py skips them
# without it, or fails them with THIDUA_REQUIRE_BROWSER=1 (CI), as tests/browser does.
needs_soffice = pytest.mark.usefixtures("soffice")


def template_path(kind: str) -> Path:
    return TEMPLATES_DIR / f"{kind}.docx"


def render(kind: str, context: dict[str, Any]) -> bytes:
    return render_template_bytes(template_path(kind).read_bytes(), context)


def used_variables(kind: str) -> set[str]:
    return set(DocxTemplate(str(template_path(kind))).get_undeclared_template_variables())


def read(data: bytes) -> DocumentObject:
    return Document(io.BytesIO(data))


def _paragraphs_of(container: Any) -> Iterator[Paragraph]:
    for block in container.iter_inner_content():
        if isinstance(block, Paragraph):
            yield block
        elif isinstance(block, Table):
            for row in block.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    yield from _paragraphs_of(cell)


def paragraphs(doc: DocumentObject) -> list[Paragraph]:
    """Every paragraph in reading order, those in tables included."""
    return list(_paragraphs_of(doc))


def lines(doc: DocumentObject) -> list[str]:
    return [p.text for p in paragraphs(doc) if p.text.strip()]


def table_rows(doc: DocumentObject) -> list[list[str]]:
    return [[c.text for c in row.cells] for t in doc.tables for row in t.rows]


def paragraph(doc: DocumentObject, text: str) -> Paragraph:
    """The one paragraph whose text is exactly ``text``."""
    found = [p for p in paragraphs(doc) if p.text == text]
    assert len(found) == 1, (text, [p.text for p in paragraphs(doc)])
    return found[0]


def is_bold(p: Paragraph) -> bool:
    return all(r.bold for r in p.runs if r.text.strip())


def is_italic(p: Paragraph) -> bool:
    return all(r.italic for r in p.runs if r.text.strip())


def assert_legal_frame(
    doc: DocumentObject, *, parent: str, issuer: str, number: str, place_date: str, doc_type: str
) -> None:
    """The parts of Nghị định 30/2020 every one of these documents has, where the law puts
    them: the header table (issuing body and number left, national title, motto, italic place
    and date right), the bold type of document."""
    header = doc.tables[0]
    left = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
    right = [p.text for p in header.rows[0].cells[1].paragraphs if p.text]
    assert left[:2] == [parent, issuer] if parent else left[0] == issuer
    assert right[:2] == [NATIONAL_TITLE, MOTTO]
    assert header.rows[1].cells[0].text == f"Số: {number}"
    date_par = header.rows[1].cells[1].paragraphs[0]
    assert date_par.text == place_date
    assert is_italic(date_par)
    assert is_bold(paragraph(doc, doc_type))
    section = doc.sections[0]
    assert section.page_width is not None
    assert section.page_height is not None
    assert section.page_width < section.page_height  # A4 portrait
    assert section.different_first_page_header_footer  # no page number on page 1


def pdf_text(data: bytes, name: str) -> str:
    pdf = docx_bytes_to_pdf(data, name=name)
    assert pdf.startswith(b"%PDF")
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],  # noqa: S607 - poppler-utils
        input=pdf,
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def squash(text: str) -> str:
    """Whitespace collapsed: pdftotext breaks lines where the page does."""
    return " ".join(text.split())


def check_template_matches(kind: str, known: frozenset[str], sample: dict[str, Any]) -> None:
    """The shipped template uses exactly the known variables, the sample context has them all
    and renders; the shipped file is what the build script produces."""
    assert used_variables(kind) == set(known)
    assert set(sample) == set(known)
    assert read(render(kind, sample)).paragraphs
    rebuilt = BUILDERS[kind]()
    assert [p.text for p in rebuilt.paragraphs] == [
        p.text for p in read(template_path(kind).read_bytes()).paragraphs
    ]
