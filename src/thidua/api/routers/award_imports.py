"""Excel imports of the award register (``POST /awards/imports``) and of initiatives
(``POST /initiatives/imports``), and following an import job (``GET /imports/{job_id}``).

The upload (multipart, field ``file``) goes through the same pipeline as the web page
(``thidua.awards.tasks.start_award_import``): a small file is checked and written in the
request (201 with the finished job: SUCCEEDED with its counts, or FAILED with every error and
nothing written); a large one is queued (202) and followed with ``GET /imports/{job_id}``."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext as _
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from thidua.api.errors import ApiValidationError, require_api
from thidua.api.lookups import visible_or_404
from thidua.api.schemas import ERRORS_READ, ERRORS_WRITE
from thidua.awards.import_formats import AWARDS, INITIATIVES
from thidua.awards.imports import visible_import_jobs
from thidua.awards.tasks import start_award_import
from thidua.awards.views_imports import AwardImportForm
from thidua.core.models import ImportJob

router = Router(tags=["Nhập Excel"])

ImportStatusCode = Literal["QUEUED", "RUNNING", "SUCCEEDED", "FAILED"]


class ImportErrorOut(Schema):
    row: int | None = Field(None, description="Dòng trong tệp Excel (1 là dòng tiêu đề).")
    column: str = Field("", description="Tên cột; rỗng: lỗi của cả tệp.")
    message: str = Field(..., description="Lý do (tiếng Việt).")


class ImportJobOut(Schema):
    id: int
    kind: str = Field(..., description="AWARDS hoặc INITIATIVES (hoặc loại dữ liệu khác).")
    status: ImportStatusCode = Field(..., description="Đang chờ, đang chạy, thành công, lỗi.")
    original_name: str
    total_rows: int
    processed_rows: int
    errors: list[ImportErrorOut] = Field(
        ..., description="Lỗi theo dòng và cột; có lỗi thì không dòng nào được ghi."
    )
    summary: dict[str, int] = Field(
        ..., description="Khi thành công: created, updated, unchanged (số dòng)."
    )
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _start(request: HttpRequest, kind: str, upload: UploadedFile) -> Status:
    form = AwardImportForm(data={"kind": kind}, files=MultiValueDict({"file": [upload]}))
    if not form.is_valid():
        raise ApiValidationError({"file": " ".join(str(e) for e in form["file"].errors)})
    job = start_award_import(kind, form.cleaned_data["file"], actor=request.user)
    return Status(201 if job.is_done else 202, job)


@router.post(
    "/awards/imports",
    response={201: ImportJobOut, 202: ImportJobOut, **ERRORS_WRITE},
    summary="Nhập khen thưởng các năm trước từ tệp Excel",
)
def post_award_import(request: HttpRequest, file: File[UploadedFile]):
    """Tệp .xlsx theo mẫu “Khen thưởng” (multipart, trường `file`). Một dòng lỗi: không dòng
    nào được ghi, `errors` liệt kê từng lỗi (dòng, cột, lý do). Nhập lại cùng tệp: mọi dòng
    `unchanged`. Chỉ nhập được khen thưởng của cán bộ, đơn vị trong phạm vi được cập nhật."""
    require_api(request, "awards.record_award", None, _("Bạn không có quyền ghi sổ khen thưởng."))
    return _start(request, AWARDS, file)


@router.post(
    "/initiatives/imports",
    response={201: ImportJobOut, 202: ImportJobOut, **ERRORS_WRITE},
    summary="Nhập sáng kiến từ tệp Excel",
)
def post_initiative_import(request: HttpRequest, file: File[UploadedFile]):
    """Tệp .xlsx theo mẫu “Sáng kiến” (multipart, trường `file`): sáng kiến mới được thêm,
    sáng kiến đã có (cùng mã) được cập nhật; cùng quy tắc lỗi như nhập khen thưởng."""
    require_api(request, "awards.record_initiative", None, _("Bạn không có quyền ghi sáng kiến."))
    return _start(request, INITIATIVES, file)


@router.get(
    "/imports/{job_id}",
    response={200: ImportJobOut, **ERRORS_READ},
    summary="Trạng thái một lần nhập Excel",
)
def get_import(request: HttpRequest, job_id: int):
    """Một lần nhập của chính tài khoản: trạng thái, tiến độ, lỗi hoặc kết quả."""
    return visible_or_404(
        request,
        visible_import_jobs(request.user),
        ImportJob,
        "awards.record_award",
        _("Không tìm thấy lần nhập số %(id)s.") % {"id": job_id},
        pk=job_id,
    )
