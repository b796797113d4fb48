"""Discipline records: ``/discipline``. Sensitive: scoped by ``visible_discipline``."""

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.api.errors import require_api
from thidua.api.lookups import Pagination, person_reference, visible_or_404
from thidua.api.schemas import (
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_WRITE,
    DisciplineIn,
    DisciplineOut,
    DisciplineStatusCode,
)
from thidua.org import services
from thidua.org.models import DisciplineRecord
from thidua.org.queries import visible_discipline

router = Router(tags=["Kỷ luật"])


@router.get(
    "/discipline",
    response={200: list[DisciplineOut], **ERRORS_LIST},
    summary="Danh sách kỷ luật",
)
@paginate(Pagination)
def list_discipline(
    request: HttpRequest, person_code: str | None = None, status: DisciplineStatusCode | None = None
):
    """Các vụ việc kỷ luật trong phạm vi được xem, mới nhất trước; lọc theo `person_code`,
    `status`."""
    require_api(
        request,
        "org.view_disciplinerecord",
        None,
        _("Bạn không có quyền xem danh sách kỷ luật."),
    )
    records = visible_discipline(request.user).select_related("person")
    if person_code:
        records = records.filter(person__code=person_code)
    if status:
        records = records.filter(status=status)
    return records.order_by("-created_at", "-id")


@router.get(
    "/discipline/{record_id}",
    response={200: DisciplineOut, **ERRORS_READ},
    summary="Một vụ việc kỷ luật",
)
def get_discipline(request: HttpRequest, record_id: int):
    return visible_or_404(
        request,
        visible_discipline(request.user).select_related("person"),
        DisciplineRecord,
        "org.view_disciplinerecord",
        _("Không tìm thấy vụ việc kỷ luật số %(id)s.") % {"id": record_id},
        pk=record_id,
    )


@router.post(
    "/discipline",
    response={200: DisciplineOut, 201: DisciplineOut, **ERRORS_WRITE},
    summary="Ghi nhận kỷ luật",
)
def post_discipline(request: HttpRequest, payload: DisciplineIn):
    """Ghi nhận một vụ việc kỷ luật (201). Gửi lại đúng vụ việc đó (cùng cán bộ, trạng thái,
    hình thức và các ngày) trả về bản ghi đã có (200), không tạo bản ghi mới."""
    person = person_reference(payload.person_code, "person_code")
    require_api(
        request,
        "org.add_disciplinerecord",
        person,
        _("Bạn không có quyền ghi nhận kỷ luật cho cán bộ “%(code)s”.") % {"code": person.code},
    )
    record, created = services.record_discipline(
        person,
        status=payload.status,
        level=payload.level,
        decided_on=payload.decided_on,
        effective_from=payload.effective_from,
        effective_to=payload.effective_to,
        decision_number=payload.decision_number,
        note=payload.note,
        actor=request.user,
    )
    return Status(201 if created else 200, record)
