"""Excel workbook formats of organisation data and reading them (shared by imports and exports).

One workbook format per kind (units, people, person ratings, unit ratings, discipline). Row 1
holds the Vietnamese column headers, matched by their normalised text (``normalize_search``), so
"ma can bo" or "MÃ CÁN BỘ" still find "Mã cán bộ"; unknown columns are ignored.

Reading is the first of three steps of an import (``imports``), and the only one that touches
the file: ``read_rows`` opens it with openpyxl in read-only mode and parses each cell into a
Python value; a cell that cannot be read becomes an error naming the Excel row (header = row 1),
the column and the reason, in Vietnamese. Then ``import_plans``/``import_units`` check every row
against the database, and write only when no row failed.

Column semantics: a required column must be present and each of its cells filled. An optional
column left out of the file keeps the current value of existing records (new records get the
default); an empty cell in a present column means "empty" (for Có/Không columns: the default).
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from thidua.core.text import normalize_name, normalize_search
from thidua.org.enums import DisciplineLevel, DisciplineStatus, Gender, Rating, StaffType, UnitKind

UNITS = "UNITS"
PEOPLE = "PEOPLE"
PERSON_RATINGS = "PERSON_RATINGS"
UNIT_RATINGS = "UNIT_RATINGS"
DISCIPLINE = "DISCIPLINE"

PROGRESS_EVERY = 1000  # rows between two progress updates of a background job
MAX_ERRORS = 1000  # errors kept on a job; the rest are counted
MAX_ROWS = 200_000  # data rows in one file

# "Có"/"Không" (and the usual spreadsheet spellings), compared after normalize_search.
_TRUE = frozenset({"co", "x", "1", "true", "yes", "y", "dung"})
_FALSE = frozenset({"khong", "0", "false", "no", "n", "sai"})
_BOOLS: dict[str, bool] = {"Có": True, "Không": False}  # cell text -> value, filled as met
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")  # dd/mm/yyyy, dd-mm-yyyy, dd.mm.yyyy
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


class CellError(ValueError):
    """A cell that cannot be read; the message says why, in Vietnamese."""


Parser = Callable[[Any], Any]


# --- Cells ---------------------------------------------------------------------------------


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def cell_text(value: Any) -> str:
    """A cell as text: whole numbers without ".0" (codes typed as numbers), dates dd/mm/yyyy."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d/%m/%Y")
    return str(value).strip()


def _too_long(text: str, max_length: int) -> None:
    if len(text) > max_length:
        raise CellError(
            _("Dài %(length)s ký tự, vượt quá giới hạn %(max)s ký tự.")
            % {"length": len(text), "max": max_length}
        )


def text_parser(max_length: int, *, name: bool = False) -> Parser:
    """Free text, trimmed (names also get single spaces, as ``normalize_name`` does)."""

    def parse(value: Any) -> str:
        text = normalize_name(cell_text(value)) if name else cell_text(value)
        _too_long(text, max_length)
        return text

    return parse


def parse_code(value: Any) -> str:
    text = cell_text(value)
    _too_long(text, 32)
    return text


def parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if match := _DMY.fullmatch(text):
        day, month, year = match.groups()
    elif match := _ISO_DATE.fullmatch(text):
        year, month, day = match.groups()
    else:
        year = month = day = ""
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise CellError(
            _("“%(value)s” không phải là ngày hợp lệ (dd/mm/yyyy).") % {"value": text}
        ) from None


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = cell_text(value)
    known = _BOOLS.get(text)
    if known is not None:
        return known
    key = normalize_search(text)
    if key in _TRUE or key in _FALSE:
        _BOOLS[text] = key in _TRUE
        return key in _TRUE
    raise CellError(_("“%(value)s” không hợp lệ; ghi “Có” hoặc “Không”.") % {"value": text})


def parse_year(value: Any) -> int:
    text = cell_text(value)
    try:
        year = int(text)
    except ValueError:
        raise CellError(_("“%(value)s” không phải là năm hợp lệ.") % {"value": text}) from None
    last = timezone.localdate().year + 1
    if not 1945 <= year <= last:
        raise CellError(
            _("Năm %(year)s không hợp lệ; năm phải từ 1945 đến %(last)s.")
            % {"year": year, "last": last}
        )
    return year


def parse_email(value: Any) -> str:
    text = cell_text(value)
    try:
        validate_email(text)
    except ValidationError:
        raise CellError(
            _("“%(value)s” không phải là địa chỉ thư điện tử hợp lệ.") % {"value": text}
        ) from None
    return text


@cache
def _aliases(choices: type[models.TextChoices]) -> dict[str, str]:
    """Normalised code and Vietnamese label -> code (labels are read in Vietnamese whatever the
    language of the page)."""
    table: dict[str, str] = {}
    with translation.override("vi"):
        for code, label in choices.choices:
            table[normalize_search(str(label))] = code
            table[normalize_search(code)] = code
    return table


def allowed_values(choices: type[models.TextChoices]) -> str:
    """ "AGENCY (Cơ quan), DIVISION (Phòng, ban), ..." for messages and the guide sheet."""
    return ", ".join(f"{code} ({label})" for code, label in choices.choices)


def choice_parser(choices: type[models.TextChoices]) -> Parser:
    seen: dict[str, str] = {}  # cell text -> code: the same few words on most rows

    def parse(value: Any) -> str:
        text = cell_text(value)
        code = seen.get(text) or _aliases(choices).get(normalize_search(text))
        if code is None:
            raise CellError(
                _("“%(value)s” không hợp lệ; chọn một trong: %(allowed)s.")
                % {"value": text, "allowed": allowed_values(choices)}
            )
        if len(seen) < 1000:
            seen[text] = code
        return code

    return parse


# --- Many rows -----------------------------------------------------------------------------


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector: an import or export makes hundreds of thousands of
    small acyclic objects, and repeated full collections over them cost a third of the run."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# --- Formats -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of a workbook format. ``header`` is part of the file format (fixed Vietnamese,
    like the codes); ``help`` and ``allowed`` explain it on the guide sheet."""

    key: str
    header: str
    parse: Parser
    help: str | Promise
    required: bool = False
    empty: Any = None  # the value of an empty cell
    allowed: str | Promise = ""
    choices: type[models.TextChoices] | None = None
    kind: str = "text"  # text, code, date, bool, year, choice, gender (for exports)


@dataclass(frozen=True)
class Format:
    code: str
    slug: str  # in URLs
    sheet: str  # name of the data sheet
    label: str | Promise
    columns: tuple[Column, ...]

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def header(self, key: str) -> str:
        return self.column(key).header


_DATE_HELP = gettext_lazy("Ngày dạng dd/mm/yyyy hoặc ô kiểu ngày của Excel.")
_OPTIONAL = gettext_lazy("Không bắt buộc.")


def _col(
    key: str,
    header: str,
    kind: str,
    help_text: str | Promise = _OPTIONAL,
    *,
    required: bool = False,
    size: int = 0,
    choices: type[models.TextChoices] | None = None,
    empty: Any = None,
) -> Column:
    """A column of ``kind``: code, name or text (of at most ``size`` characters), date, bool
    (``empty`` is the value of an empty cell), year, email, choice or gender (of ``choices``)."""
    allowed: str | Promise = ""
    if kind in {"code", "name", "text", "email"}:
        empty = ""
    parse: Parser
    if kind == "code":
        parse = parse_code
    elif kind in {"name", "text"}:
        parse = text_parser(size, name=kind == "name")
    elif kind == "date":
        parse, allowed = parse_date, _DATE_HELP
    elif kind == "bool":
        parse, allowed = parse_bool, gettext_lazy("Có, Không")
    elif kind == "year":
        parse, allowed = parse_year, gettext_lazy("Từ 1945 đến năm sau năm hiện tại.")
    elif kind == "email":
        parse = parse_email
    else:  # choice, gender
        if choices is None:
            raise ValueError(key)
        parse = choice_parser(choices)
        if kind == "gender":
            allowed = gettext_lazy("Nam, Nữ (hoặc M, F)")
    return Column(key, header, parse, help_text, required, empty, allowed, choices, kind)


make_column = _col  # public name for the formats of other apps (awards)

_CODE_HELP = gettext_lazy("Mã ổn định, không trùng.")
_YEAR = _col("year", "Năm", "year", gettext_lazy("Năm xếp loại, ví dụ 2024."), required=True)
_RATING_HELP = gettext_lazy("Mã hoặc tên mức xếp loại chất lượng.")
_RATING = _col("rating", "Xếp loại", "choice", _RATING_HELP, choices=Rating, required=True)
_DECIDED = gettext_lazy("Bắt buộc khi đã quyết định.")

_UNIT_COLUMNS = (
    _col("code", "Mã đơn vị", "code", _CODE_HELP, required=True),
    _col("name", "Tên đơn vị", "name", gettext_lazy("Tên đầy đủ."), size=300, required=True),
    _col("short_name", "Tên viết tắt", "text", size=64),
    _col(
        "kind",
        "Loại đơn vị",
        "choice",
        gettext_lazy("Mã hoặc tên loại đơn vị."),
        choices=UnitKind,
        required=True,
    ),
    _col(
        "parent",
        "Mã đơn vị cấp trên",
        "code",
        gettext_lazy(
            "Mã của đơn vị cấp trên: đơn vị đã có, hoặc đơn vị ở một dòng khác của tệp (trước hay "
            "sau đều được). Để trống: đơn vị cấp cao nhất."
        ),
    ),
    _col("place", "Mã địa bàn", "code", gettext_lazy("Mã tỉnh, huyện hoặc xã; không bắt buộc.")),
    _col(
        "valid_from",
        "Hiệu lực từ",
        "date",
        gettext_lazy("Để trống: giữ ngày đang có (đơn vị mới: 01/01/2000)."),
    ),
    _col("valid_to", "Hiệu lực đến", "date", gettext_lazy("Để trống: còn hiệu lực.")),
)
_PEOPLE_COLUMNS = (
    _col("code", "Mã cán bộ", "code", _CODE_HELP, required=True),
    _col(
        "full_name", "Họ và tên", "name", gettext_lazy("Họ và tên đầy đủ."), size=200, required=True
    ),
    _col(
        "gender", "Giới tính", "gender", gettext_lazy("Nam hoặc Nữ."), choices=Gender, required=True
    ),
    _col("birth_date", "Ngày sinh", "date"),
    _col(
        "staff_type",
        "Loại cán bộ",
        "choice",
        gettext_lazy("Mã hoặc tên loại cán bộ."),
        choices=StaffType,
        required=True,
    ),
    _col(
        "unit",
        "Mã đơn vị",
        "code",
        gettext_lazy("Mã đơn vị hiện tại (đơn vị đã có)."),
        required=True,
    ),
    _col("position", "Chức vụ", "text", size=200),
    _col(
        "is_leader",
        "Lãnh đạo",
        "bool",
        gettext_lazy("Giữ chức vụ lãnh đạo, quản lý. Để trống: Không."),
        empty=False,
    ),
    _col(
        "is_frontline",
        "Trực tiếp",
        "bool",
        gettext_lazy("Người trực tiếp làm việc. Để trống: Có."),
        empty=True,
    ),
    _col("joined_on", "Ngày vào cơ quan", "date"),
    _col("left_on", "Ngày thôi việc", "date"),
    _col("email", "Thư điện tử", "email"),
)
_PERSON_RATING_COLUMNS = (
    _col("person", "Mã cán bộ", "code", gettext_lazy("Mã cán bộ đã có."), required=True),
    _YEAR,
    _RATING,
)
_UNIT_RATING_COLUMNS = (
    _col("unit", "Mã đơn vị", "code", gettext_lazy("Mã đơn vị đã có."), required=True),
    _YEAR,
    _RATING,
)
_DISCIPLINE_COLUMNS = (
    _col("person", "Mã cán bộ", "code", gettext_lazy("Mã cán bộ đã có."), required=True),
    _col(
        "status",
        "Trạng thái",
        "choice",
        gettext_lazy("Đang xem xét hoặc đã quyết định."),
        choices=DisciplineStatus,
        required=True,
    ),
    _col("level", "Hình thức kỷ luật", "choice", _DECIDED, choices=DisciplineLevel),
    _col("decided_on", "Ngày quyết định", "date", _DECIDED),
    _col("effective_from", "Hiệu lực từ", "date"),
    _col("effective_to", "Hiệu lực đến", "date"),
    _col("decision_number", "Số quyết định", "text", size=64),
    _col("note", "Ghi chú", "text", size=10_000),
)

FORMATS: dict[str, Format] = {
    f.code: f
    for f in (
        Format(UNITS, "don-vi", "Đơn vị", pgettext_lazy("section", "Đơn vị"), _UNIT_COLUMNS),
        Format(PEOPLE, "can-bo", "Cán bộ", pgettext_lazy("section", "Cán bộ"), _PEOPLE_COLUMNS),
        Format(
            PERSON_RATINGS,
            "xep-loai-ca-nhan",
            "Xếp loại cá nhân",
            pgettext_lazy("section", "Xếp loại cá nhân"),
            _PERSON_RATING_COLUMNS,
        ),
        Format(
            UNIT_RATINGS,
            "xep-loai-tap-the",
            "Xếp loại tập thể",
            pgettext_lazy("section", "Xếp loại tập thể"),
            _UNIT_RATING_COLUMNS,
        ),
        Format(
            DISCIPLINE,
            "ky-luat",
            "Kỷ luật",
            pgettext_lazy("section", "Kỷ luật"),
            _DISCIPLINE_COLUMNS,
        ),
    )
}
FORMATS_BY_SLUG = {f.slug: f for f in FORMATS.values()}


# --- Errors and rows -----------------------------------------------------------------------


class Issues:
    """The errors of one import: row (as Excel numbers it), column header and reason."""

    def __init__(self, limit: int = MAX_ERRORS) -> None:
        self.items: list[dict[str, Any]] = []
        self.limit = limit
        self.extra = 0

    def add(self, row: int | None, column: str, message: str) -> None:
        if len(self.items) < self.limit:
            self.items.append({"row": row, "column": column, "message": message})
        else:
            self.extra += 1

    def __bool__(self) -> bool:
        return bool(self.items)

    def as_list(self) -> list[dict[str, Any]]:
        """The errors in the order of the file's rows (errors of the whole file first)."""
        items = sorted(self.items, key=lambda item: item["row"] or 0)
        if not self.extra:
            return items
        more = _("Còn %(count)s lỗi khác không được liệt kê.") % {"count": self.extra}
        return [*items, {"row": None, "column": "", "message": more}]


@dataclass(slots=True)
class Row:
    number: int  # as Excel shows it
    values: dict[str, Any]
    ok: bool = True


@dataclass
class Sheet:
    """The rows of a file; ``present`` holds the keys of the columns found in its header."""

    format: Format
    present: frozenset[str] = frozenset()
    rows: list[Row] = field(default_factory=list)
