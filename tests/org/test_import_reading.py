"""Opening a workbook read-only no longer parses each sheet once more to look for a
``<dimension>``: the result is the same as openpyxl's, with or without one."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from tests.org.xlsx import workbook_bytes
from thidua.org import imports


def write_only_bytes(rows: list[list[object]]) -> bytes:
    """openpyxl's streaming writer records no ``<dimension>`` (as our exports)."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet1")
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def sizes(content: bytes) -> tuple[object, object, list[tuple[object, ...]]]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    ws = wb.worksheets[0]
    result = (ws.max_row, ws.max_column, [tuple(r) for r in ws.iter_rows(values_only=True)])
    wb.close()
    return result


def test_sheet_with_a_dimension_keeps_its_size():
    content = workbook_bytes(["a", "b", "c"], [[1, 2, 3], [4, None, None]])
    assert sizes(content) == (3, 3, [("a", "b", "c"), (1, 2, 3), (4, None, None)])


def test_sheet_without_a_dimension_is_not_parsed_on_open(monkeypatch):
    content = write_only_bytes([["a", "b"], [1, 2], [3]])
    parsed: list[object] = []
    original = imports._openpyxl_get_size
    monkeypatch.setattr(imports, "_openpyxl_get_size", lambda ws: parsed.append(ws) or original(ws))
    max_row, max_column, rows = sizes(content)
    assert parsed == []  # no dimension in the head: openpyxl's whole-sheet parse is skipped
    assert (max_row, max_column) == (None, None)  # what openpyxl finds too (no dimension)
    assert rows == [("a", "b"), (1, 2), (3,)]


def test_the_replacement_gives_openpyxls_result(monkeypatch):
    for content in (
        workbook_bytes(["x", "y"], [[1, 2]]),
        write_only_bytes([["x", "y"], [1, 2]]),
    ):
        ours = sizes(content)
        monkeypatch.setattr(imports.ReadOnlyWorksheet, "_get_size", imports._openpyxl_get_size)
        theirs = sizes(content)
        monkeypatch.undo()
        assert ours == theirs
