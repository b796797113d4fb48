"""Building and reading small Excel workbooks in memory for the import/export tests."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(
    header: Sequence[Any], rows: Iterable[Sequence[Any]], *, sheet: str = "Sheet1"
) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def upload(content: bytes, name: str = "nhap.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX)


def read_rows(content: bytes, sheet: str | None = None) -> list[tuple[Any, ...]]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    ws = wb[sheet] if sheet else wb.worksheets[0]
    rows = [tuple(row) for row in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def sheet_names(content: bytes) -> list[str]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    names = list(wb.sheetnames)
    wb.close()
    return names
