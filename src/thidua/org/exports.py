"""Excel export of organisation data, and the empty templates to fill in for an import.

Both use the workbook formats of ``import_formats``, so an exported file imports back as
"unchanged". Exports stream: openpyxl write-only mode, rows read with ``values_list`` and
``iterator()``; only what the user may see (the visibility queries of ``queries``) is written.
Each workbook has a second sheet, "Hướng dẫn", that explains every column and its allowed values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

from thidua.core.audit import record_event
from thidua.org.enums import Gender
from thidua.org.import_formats import (
    DISCIPLINE,
    PEOPLE,
    PERSON_RATINGS,
    UNIT_RATINGS,
    UNITS,
    Column,
    Format,
    allowed_values,
    paused_gc,
)
from thidua.org.queries import (
    visible_discipline,
    visible_people,
    visible_person_ratings,
    visible_unit_ratings,
    visible_units,
)

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
GUIDE_SHEET = "Hướng dẫn"
DATE_FORMAT = "DD/MM/YYYY"

# Per format: the visibility query and the values, in the order of the format's columns.
_SOURCES: dict[str, tuple[Callable[[Any], QuerySet[Any]], tuple[str, ...], tuple[str, ...]]] = {
    UNITS: (
        visible_units,
        (
            "code",
            "name",
            "short_name",
            "kind",
            "parent__code",
            "place__code",
            "valid_from",
            "valid_to",
        ),
        ("path",),
    ),
    PEOPLE: (
        visible_people,
        (
            "code",
            "full_name",
            "gender",
            "birth_date",
            "staff_type",
            "unit__code",
            "position",
            "is_leader",
            "is_frontline",
            "joined_on",
            "left_on",
            "email",
        ),
        ("code",),
    ),
    PERSON_RATINGS: (
        visible_person_ratings,
        ("person__code", "year", "rating"),
        ("person__code", "year"),
    ),
    UNIT_RATINGS: (visible_unit_ratings, ("unit__code", "year", "rating"), ("unit__code", "year")),
    DISCIPLINE: (
        visible_discipline,
        (
            "person__code",
            "status",
            "level",
            "decided_on",
            "effective_from",
            "effective_to",
            "decision_number",
            "note",
        ),
        ("person__code", "created_at", "pk"),
    ),
}


def _gender_labels() -> dict[str, str]:
    with translation.override("vi"):
        return {code: str(label) for code, label in Gender.choices}


def _converters(ws: Any, fmt: Format) -> list[Callable[[Any], Any]]:
    genders = _gender_labels()

    def date(value: Any) -> Any:
        if value is None:
            return None
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell

    def boolean(value: Any) -> str:
        return "Có" if value else "Không"

    def gender(value: Any) -> str:
        return genders.get(value, value)

    def plain(value: Any) -> Any:
        return value

    by_kind = {"date": date, "bool": boolean, "gender": gender}
    return [by_kind.get(column.kind, plain) for column in fmt.columns]


def _header(ws: Any, texts: Iterable[str]) -> list[Any]:
    cells = []
    for text in texts:
        cell = WriteOnlyCell(ws, value=text)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _allowed(column: Column) -> str:
    if column.choices is not None and column.kind == "choice":
        return allowed_values(column.choices)
    return str(column.allowed)


def _write_guide(workbook: Workbook, fmt: Format) -> None:
    ws = workbook.create_sheet(GUIDE_SHEET)
    for letter, width in zip("ABCD", (24, 11, 60, 60), strict=True):
        ws.column_dimensions[letter].width = width
    wrap = Alignment(wrap_text=True, vertical="top")
    ws.append(_header(ws, (_("Cột"), _("Bắt buộc"), _("Giải thích"), _("Giá trị hợp lệ"))))
    for column in fmt.columns:
        row = []
        for value in (
            column.header,
            _("Có") if column.required else _("Không"),
            str(column.help),
            _allowed(column),
        ):
            cell = WriteOnlyCell(ws, value=value)
            cell.alignment = wrap
            row.append(cell)
        ws.append(row)
    ws.append([])
    for note in (
        _("Dòng 1 là dòng tiêu đề, giữ nguyên tên cột; mỗi dòng sau là một bản ghi."),
        _("Ngày ghi theo dạng dd/mm/yyyy, hoặc dùng ô kiểu ngày của Excel."),
        _(
            "Cột không bắt buộc có thể bỏ đi: khi đó giá trị đang có được giữ nguyên. Ô để trống "
            "nghĩa là không có giá trị (cột Có/Không: lấy giá trị mặc định)."
        ),
        _(
            "Mọi dòng được kiểm tra trước khi ghi: chỉ cần một dòng lỗi là không dòng nào được "
            "ghi, và danh sách lỗi cho biết dòng, cột và lý do."
        ),
        _("Chỉ nhập được dữ liệu của các đơn vị bạn được quyền cập nhật."),
        _("Nhập lại cùng một tệp không làm thay đổi dữ liệu."),
    ):
        ws.append([note])


def write_workbook(fmt: Format, out: IO[bytes], rows: Iterable[tuple[Any, ...]] = ()) -> int:
    """Write a workbook of ``fmt`` (header row, ``rows``, guide sheet) to ``out``; returns the
    number of data rows."""
    workbook = Workbook(write_only=True)
    ws = workbook.create_sheet(fmt.sheet)
    for index, column in enumerate(fmt.columns):
        width = 14 if column.kind in {"date", "bool", "year", "gender"} else 22
        ws.column_dimensions[chr(ord("A") + index)].width = width
    ws.freeze_panes = "A2"
    ws.append(_header(ws, (c.header for c in fmt.columns)))
    convert = _converters(ws, fmt)
    count = 0
    for values in rows:
        ws.append([f(v) for f, v in zip(convert, values, strict=True)])
        count += 1
    _write_guide(workbook, fmt)
    workbook.save(out)
    return count


def export_rows(fmt: Format, user: Any) -> Iterator[tuple[Any, ...]]:
    """The values of the records ``user`` may see, in the order of the format's columns."""
    visible, fields, ordering = _SOURCES[fmt.code]
    yield from visible(user).order_by(*ordering).values_list(*fields).iterator(chunk_size=2000)


def write_export(fmt: Format, user: Any, out: IO[bytes]) -> int:
    """Export what ``user`` may see; the export itself is recorded in the audit trail."""
    with paused_gc():
        count = write_workbook(fmt, out, export_rows(fmt, user))
    record_event("org.exported", None, actor=user, after={"kind": fmt.code, "rows": count})
    return count


def export_filename(fmt: Format, day: dt.date) -> str:
    return f"{fmt.slug}-{day:%Y-%m-%d}.xlsx"


def template_filename(fmt: Format) -> str:
    return f"mau-nhap-{fmt.slug}.xlsx"
