"""Excel workbooks of the award register and of initiatives: their formats (for the import
pipeline of ``thidua.org.imports``) and the exports that write them.

The columns are read and parsed exactly as the organisation workbooks are (``make_column``:
codes or Vietnamese names for choices, dd/mm/yyyy dates, Vietnamese messages naming row and
column). An export writes the same columns, so an exported file imports back as "unchanged".
Exports stream: openpyxl write-only mode, rows read with ``values_list(...).iterator()``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from thidua.awards.enums import AwardKind, AwardStatus, InitiativeScope, RecipientType
from thidua.awards.models import Award, Initiative
from thidua.core.audit import record_event
from thidua.core.codes import AwardCode
from thidua.org.exports import write_workbook
from thidua.org.import_formats import CellError, Column, Format, cell_text, make_column, paused_gc
from thidua.org.models import Person

AWARDS = "AWARDS"
INITIATIVES = "INITIATIVES"
AUTHOR_SEPARATOR = ";"


def parse_codes(value: Any) -> tuple[str, ...]:
    """Person codes separated by ";" (a comma is accepted too), in order, without repeats."""
    text = cell_text(value).replace(",", AUTHOR_SEPARATOR)
    codes = tuple(dict.fromkeys(c.strip() for c in text.split(AUTHOR_SEPARATOR) if c.strip()))
    if not codes:
        raise CellError(_("Ghi ít nhất một mã cán bộ; nhiều mã cách nhau bằng dấu “;”."))
    too_long = [c for c in codes if len(c) > 32]
    if too_long:
        raise CellError(_("Mã cán bộ “%(code)s” dài quá 32 ký tự.") % {"code": too_long[0][:40]})
    return codes


_AWARD_COLUMNS = (
    make_column(
        "recipient_type",
        "Đối tượng",
        "choice",
        gettext_lazy("Cá nhân hoặc Tập thể."),
        choices=RecipientType,
        required=True,
    ),
    make_column(
        "recipient",
        "Mã cá nhân hoặc mã đơn vị",
        "code",
        gettext_lazy("Mã cán bộ (cá nhân) hoặc mã đơn vị (tập thể) đã có trong hệ thống."),
        required=True,
    ),
    make_column(
        "name",
        "Họ tên/Tên đơn vị",
        "name",
        gettext_lazy("Không bắt buộc; nếu ghi thì phải khớp với tên của mã ở cột trước."),
        size=300,
    ),
    make_column(
        "award_code",
        "Danh hiệu/hình thức",
        "choice",
        gettext_lazy("Mã hoặc tên danh hiệu thi đua, hình thức khen thưởng."),
        choices=AwardCode,
        required=True,
    ),
    make_column(
        "year",
        "Năm thành tích",
        "year",
        gettext_lazy("Năm của thành tích được khen, không sau năm hiện tại."),
        required=True,
    ),
    make_column(
        "kind",
        "Loại hình",
        "choice",
        gettext_lazy("Mã hoặc tên loại hình khen thưởng."),
        choices=AwardKind,
        required=True,
    ),
    make_column(
        "decision_number",
        "Số quyết định",
        "text",
        gettext_lazy("Số, ký hiệu quyết định khen thưởng."),
        size=64,
        required=True,
    ),
    make_column(
        "decision_date",
        "Ngày quyết định",
        "date",
        gettext_lazy("Từ ngày 01/01 của năm thành tích trở đi, không ở tương lai."),
        required=True,
    ),
    make_column("issuer", "Cấp quyết định", "text", size=300),
    make_column(
        "movement", "Mã phong trào", "code", gettext_lazy("Mã phong trào thi đua; không bắt buộc.")
    ),
    make_column("achievement", "Tóm tắt thành tích", "text", size=10_000),
    make_column(
        "status",
        "Trạng thái",
        "choice",
        gettext_lazy("Để trống: Có hiệu lực."),
        choices=AwardStatus,
        empty=AwardStatus.ACTIVE,
    ),
    make_column(
        "revoked_reason",
        "Lý do thu hồi",
        "text",
        gettext_lazy("Bắt buộc khi trạng thái là Đã thu hồi; để trống nếu còn hiệu lực."),
        size=10_000,
    ),
)

_INITIATIVE_COLUMNS = (
    make_column(
        "code",
        "Mã sáng kiến",
        "text",
        gettext_lazy("Mã ổn định, không trùng; mã đã có thì sáng kiến được cập nhật."),
        size=64,
        required=True,
    ),
    make_column(
        "title",
        "Tên sáng kiến",
        "text",
        gettext_lazy("Tên đầy đủ."),
        size=500,
        required=True,
    ),
    make_column(
        "unit",
        "Mã đơn vị",
        "code",
        gettext_lazy("Mã đơn vị công nhận (đơn vị đã có)."),
        required=True,
    ),
    Column(
        "authors",
        "Mã tác giả",
        parse_codes,
        gettext_lazy("Mã cán bộ của các tác giả, cách nhau bằng dấu “;”."),
        required=True,
        empty=(),
        allowed=gettext_lazy("Ví dụ: CB001; CB002"),
    ),
    make_column(
        "recognized_on",
        "Ngày công nhận",
        "date",
        gettext_lazy("Ngày quyết định công nhận sáng kiến, không ở tương lai."),
        required=True,
    ),
    make_column(
        "scope",
        "Phạm vi ảnh hưởng",
        "choice",
        gettext_lazy("Mã hoặc tên phạm vi ảnh hưởng."),
        choices=InitiativeScope,
        required=True,
    ),
)

AWARD_FORMAT = Format(
    AWARDS, "khen-thuong", "Khen thưởng", pgettext_lazy("section", "Khen thưởng"), _AWARD_COLUMNS
)
INITIATIVE_FORMAT = Format(
    INITIATIVES,
    "sang-kien",
    "Sáng kiến",
    pgettext_lazy("section", "Sáng kiến"),
    _INITIATIVE_COLUMNS,
)
AWARD_FORMATS: dict[str, Format] = {f.code: f for f in (AWARD_FORMAT, INITIATIVE_FORMAT)}
AWARD_FORMATS_BY_SLUG: dict[str, Format] = {f.slug: f for f in AWARD_FORMATS.values()}


# --- Exports -------------------------------------------------------------------------------

_AWARD_VALUES = (
    "recipient_type",
    "person__code",
    "unit__code",
    "person__full_name",
    "unit__name",
    "award_code",
    "year",
    "kind",
    "decision_number",
    "decision_date",
    "issuer",
    "movement__code",
    "achievement",
    "status",
    "revoked_reason",
)


def _labels(choices: Any) -> dict[str, str]:
    with translation.override("vi"):
        return {code: str(label) for code, label in choices.choices}


def award_rows(awards: QuerySet[Award]) -> Iterator[tuple[Any, ...]]:
    """The awards in the order of the format's columns: recipient type and status by their
    Vietnamese names, titles and kinds by their codes (both import back)."""
    recipients, statuses = _labels(RecipientType), _labels(AwardStatus)
    rows = awards.order_by("-year", "award_code", "pk").values_list(*_AWARD_VALUES)
    for (
        rtype,
        pcode,
        ucode,
        pname,
        uname,
        *values,
        movement,
        achievement,
        status,
        reason,
    ) in rows.iterator(chunk_size=2000):
        yield (
            recipients.get(rtype, rtype),
            pcode or ucode,
            pname or uname,
            *values,  # award code, year, kind, decision number, date and issuer
            movement or "",
            achievement,
            statuses.get(status, status),
            reason,
        )


def initiative_rows(initiatives: QuerySet[Initiative]) -> Iterator[tuple[Any, ...]]:
    scopes = _labels(InitiativeScope)
    authors = Prefetch("authors", queryset=Person.objects.only("code").order_by("code"))
    rows = (
        initiatives.select_related("unit")
        .only("code", "title", "recognized_on", "scope", "unit__code")
        .prefetch_related(authors)
        .order_by("-recognized_on", "code")
    )
    for item in rows.iterator(chunk_size=2000):
        yield (
            item.code,
            item.title,
            item.unit.code,
            f"{AUTHOR_SEPARATOR} ".join(p.code for p in item.authors.all()),
            item.recognized_on,
            scopes.get(item.scope, item.scope),
        )


def write_export(fmt: Format, queryset: QuerySet[Any], user: Any, out: IO[bytes]) -> int:
    """Write the records of ``queryset`` (already limited to what ``user`` may see) as a
    workbook of ``fmt``; the export is recorded in the audit trail."""
    rows = award_rows(queryset) if fmt.code == AWARDS else initiative_rows(queryset)
    with paused_gc():
        count = write_workbook(fmt, out, rows)
    record_event("awards.exported", None, actor=user, after={"kind": fmt.code, "rows": count})
    return count
