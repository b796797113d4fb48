"""Excel import of organisation data: units, people, ratings and discipline records.

An import is an ``ImportJob`` (core): the uploaded file in private storage, its status, progress
and result. ``run_import_job`` does the work in three steps:

1. read every row of the file (``read_rows``: openpyxl read-only mode, each cell parsed with
   the column of its format in ``import_formats``), updating ``processed_rows`` every
   ``PROGRESS_EVERY`` rows with one UPDATE;
2. check every row against the database (``plan_rows``: a handful of set queries, then plain
   Python over dicts; see ``import_plans``, ``import_records`` and ``import_units``);
3. only when no row failed, write everything (``Plan.apply``: bulk_create/bulk_update in batches
   and audit events in bulk) inside ONE transaction.

If any row fails, nothing is written and the job lists each error (row, column, reason in
Vietnamese). Importing the same file again changes nothing: every row is "unchanged". Small
files run in the request; large ones as a background task (``tasks.run_import``).
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Callable
from pathlib import PurePath
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from thidua.core.models import ImportJob
from thidua.core.text import normalize_search
from thidua.org.dashboard import forget_counts
from thidua.org.enums import ORG_EDITOR_ROLES
from thidua.org.import_formats import (
    DISCIPLINE,
    FORMATS,
    MAX_ROWS,
    PEOPLE,
    PERSON_RATINGS,
    PROGRESS_EVERY,
    UNIT_RATINGS,
    UNITS,
    CellError,
    Column,
    Format,
    Issues,
    Row,
    Sheet,
    cell_text,
    is_blank,
    paused_gc,
)
from thidua.org.import_plans import Context, Plan, plan_people
from thidua.org.import_records import plan_discipline, plan_person_ratings, plan_unit_ratings
from thidua.org.import_units import plan_units
from thidua.org.queries import scope_paths

logger = logging.getLogger(__name__)

Planner = Callable[[Sheet, Context], Plan]

_PLANNERS: dict[str, Planner] = {
    UNITS: plan_units,
    PEOPLE: plan_people,
    PERSON_RATINGS: plan_person_ratings,
    UNIT_RATINGS: plan_unit_ratings,
    DISCIPLINE: plan_discipline,
}
# Formats of other apps (awards) imported through this pipeline; see ``register_format``.
_REGISTERED: dict[str, Format] = {}


def register_format(fmt: Format, planner: Planner) -> None:
    """Import another app's workbook format through this pipeline (imports go one way, so that
    app registers its format and planner when its import module loads)."""
    _REGISTERED[fmt.code] = fmt
    _PLANNERS[fmt.code] = planner


def format_of(kind: str) -> Format:
    """The workbook format of a job kind, org's own or a registered one (KeyError if unknown)."""
    return FORMATS[kind] if kind in FORMATS else _REGISTERED[kind]


_DIMENSION_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension[\s>/]")
_openpyxl_get_size = ReadOnlyWorksheet._get_size  # type: ignore[attr-defined]


def _get_size_from_head(self: Any) -> None:
    """openpyxl, opening a workbook read-only, looks for each sheet's ``<dimension>`` with a
    parse that only stops at the end of ``<sheetData>`` when there is none (openpyxl's own
    writer, and so our exports, record none): the whole sheet parsed once more, about 3 s for
    100,000 rows. The dimension comes before the data (ECMA-376 element order), so the head of
    the sheet tells whether there is one; the result is the same."""
    with self._get_source() as source:
        head = source.read(1 << 16)
    if _DIMENSION_TAG.search(head):
        _openpyxl_get_size(self)


setattr(ReadOnlyWorksheet, "_get_size", _get_size_from_head)  # noqa: B010 - see above


def _open(fileobj: IO[bytes], issues: Issues) -> Any:
    try:
        return load_workbook(fileobj, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds (zip, XML, key, value errors)
        issues.add(None, "", _("Tệp không phải là tệp Excel (.xlsx) hợp lệ."))
        return None


def _sheet(workbook: Any, fmt: Format) -> Any:
    wanted = normalize_search(fmt.sheet)
    for ws in workbook.worksheets:
        if normalize_search(ws.title) == wanted:
            return ws
    return workbook.worksheets[0]


def _match_header(fmt: Format, header: tuple[Any, ...], issues: Issues) -> dict[str, int]:
    by_text = {normalize_search(c.header): c for c in fmt.columns}
    found: dict[str, int] = {}
    for index, value in enumerate(header):
        column = by_text.get(normalize_search(cell_text(value)))
        if column is None:
            continue
        if column.key in found:
            issues.add(
                1,
                column.header,
                _("Cột này xuất hiện hai lần (cột %(a)s và cột %(b)s).")
                % {
                    "a": get_column_letter(found[column.key] + 1),
                    "b": get_column_letter(index + 1),
                },
            )
            continue
        found[column.key] = index
    for column in fmt.columns:
        if column.required and column.key not in found:
            issues.add(
                1,
                column.header,
                _("Thiếu cột bắt buộc “%(header)s” ở dòng tiêu đề.") % {"header": column.header},
            )
    return found


def _parse_row(
    columns: list[tuple[Column, int]], number: int, cells: tuple[Any, ...], issues: Issues
) -> Row:
    values: dict[str, Any] = {}
    ok = True
    size = len(cells)
    for column, index in columns:
        raw = cells[index] if index < size else None
        if is_blank(raw):
            if column.required:
                issues.add(number, column.header, _("Ô này không được để trống."))
                ok = False
            values[column.key] = column.empty
            continue
        try:
            values[column.key] = column.parse(raw)
        except CellError as exc:
            issues.add(number, column.header, str(exc))
            values[column.key] = column.empty
            ok = False
    return Row(number, values, ok)


def read_rows(
    fmt: Format,
    fileobj: IO[bytes],
    issues: Issues,
    *,
    progress: Callable[[int], None] | None = None,
) -> Sheet:
    """Read and parse every data row of the file; cell errors go to ``issues``."""
    sheet = Sheet(fmt)
    workbook = _open(fileobj, issues)
    if workbook is None:
        return sheet
    try:
        rows = _sheet(workbook, fmt).iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            issues.add(None, "", _("Tệp không có dòng tiêu đề."))
            return sheet
        found = _match_header(fmt, header, issues)
        if issues:
            return sheet
        sheet.present = frozenset(found)
        columns = [(fmt.column(key), index) for key, index in found.items()]
        for number, cells in enumerate(rows, start=2):
            if all(is_blank(value) for value in cells):
                continue
            if len(sheet.rows) >= MAX_ROWS:
                issues.add(
                    number,
                    "",
                    _("Tệp có quá %(max)s dòng dữ liệu; hãy chia nhỏ tệp.") % {"max": MAX_ROWS},
                )
                sheet.rows.clear()
                break
            sheet.rows.append(_parse_row(columns, number, cells, issues))
            if progress is not None and len(sheet.rows) % PROGRESS_EVERY == 0:
                progress(len(sheet.rows))
    finally:
        workbook.close()
    if not sheet.rows and not issues:
        issues.add(None, "", _("Tệp không có dòng dữ liệu nào (dòng 1 là dòng tiêu đề)."))
    return sheet


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s>/]")
_DIMENSION = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?dimension\s+ref="[A-Z]+(\d+)(?::[A-Z]+(\d+))?"')


def _count_row_tags(head: bytes, source: IO[bytes]) -> int:
    count = 0
    carry = head
    while True:
        chunk = source.read(1 << 20)
        if not chunk:
            return count + len(_ROW_TAG.findall(carry))
        data = carry + chunk
        cut = data.rfind(b"<")  # a tag is never split across two pieces
        count += len(_ROW_TAG.findall(data, 0, cut))
        carry = data[cut:]


def _sheet_member(reader: ExcelReader, fmt: Format) -> str | None:
    """The zip member of the sheet ``read_rows`` reads: named like the format, else the first."""
    reader.read_manifest()
    reader.read_workbook()
    sheets = [(sheet.name, rel.target) for sheet, rel in reader.parser.find_sheets()]
    wanted = normalize_search(fmt.sheet)
    named = [target for name, target in sheets if normalize_search(name) == wanted]
    return (named or [target for _name, target in sheets] or [None])[0]


def estimate_rows(fmt: Format, fileobj: IO[bytes]) -> int:
    """Data rows of the workbook, cheaply (to choose between the request and a background task,
    and as the first maximum of the progress bar): the sheet's recorded dimension, or its count
    of rows when the writer recorded none (openpyxl does not). 0 when unreadable."""
    try:
        reader = ExcelReader(fileobj, read_only=True, keep_links=False)
    except Exception:  # the import itself reports an unreadable file
        fileobj.seek(0)
        return 0
    try:
        member = _sheet_member(reader, fmt)
        if member is None:
            return 0
        with reader.archive.open(member) as source:
            head = source.read(1 << 16)
            if match := _DIMENSION.search(head):
                return max(0, int(match.group(2) or match.group(1)) - 1)
            return max(0, _count_row_tags(head, source) - 1)
    except Exception:
        return 0
    finally:
        reader.archive.close()
        fileobj.seek(0)


def plan_rows(sheet: Sheet, *, actor: Any, issues: Issues) -> Plan:
    """Check every row of ``sheet`` for ``actor`` (rows must lie in the subtrees the actor may
    edit); problems go to ``issues``. Reads only."""
    ctx = Context(sheet.format, actor, scope_paths(actor, ORG_EDITOR_ROLES), issues)
    return _PLANNERS[sheet.format.code](sheet, ctx)


def create_import_job(kind: str, upload: File, *, actor: Any) -> ImportJob:
    """Store the uploaded workbook (private storage) as a queued job of ``kind``."""
    if kind not in FORMATS and kind not in _REGISTERED:
        raise ValueError(kind)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    name = PurePath(upload.name or "import.xlsx").name
    job = ImportJob(
        kind=kind,
        original_name=name[:255],
        sha256=digest.hexdigest(),
        total_rows=estimate_rows(format_of(kind), upload),
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    job.file.save(name, upload, save=False)
    job.save()
    return job


def _finish(job_id: int, status: str, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(status=status, finished_at=timezone.now(), **fields)


def _run(job: ImportJob) -> None:
    fmt = format_of(job.kind)
    issues = Issues()

    def progress(count: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=count)

    with job.file.open("rb") as source:
        sheet = read_rows(fmt, source, issues, progress=progress)
    total = len(sheet.rows)
    if not sheet.rows:  # unreadable file, bad header or no data: nothing to check
        _finish(job.pk, ImportJob.Status.FAILED, errors=issues.as_list(), total_rows=total)
        return
    ImportJob.objects.filter(pk=job.pk).update(total_rows=total, processed_rows=total)
    # Rows with unreadable cells are still checked for duplicates, and the others against the
    # database, so one run lists every error of the file.
    with transaction.atomic():
        plan = plan_rows(sheet, actor=job.created_by, issues=issues)
        if issues:
            _finish(job.pk, ImportJob.Status.FAILED, errors=issues.as_list())
            return
        plan.apply(job.created_by)
        _finish(job.pk, ImportJob.Status.SUCCEEDED, summary=plan.summary())
        transaction.on_commit(forget_counts)  # the home page and list totals count again


def run_import_job(job_id: int) -> ImportJob:
    """Run a queued job. Safe to call twice: only the call that moves it from QUEUED to RUNNING
    does the work; the others return the job as it is."""
    claimed = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.QUEUED).update(
        status=ImportJob.Status.RUNNING, processed_rows=0
    )
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not claimed:
        return job
    try:
        with paused_gc():
            _run(job)
    except Exception:
        logger.exception("Import job %s failed", job_id)
        message = _("Lỗi hệ thống khi nhập dữ liệu; không dòng nào được ghi. Hãy báo quản trị.")
        _finish(
            job.pk,
            ImportJob.Status.FAILED,
            errors=[{"row": None, "column": "", "message": message}],
        )
    job.refresh_from_db()
    return job
