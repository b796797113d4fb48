"""Movements: ``/movements``, ``/movements/{code}`` with its founding document, its state, and
its criteria table. Reads go through ``visible_movements``; writes need
``movements.manage_movement`` and call the movements services."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.api.errors import ApiValidationError, forbid, require_api
from thidua.api.lookups import Pagination, unit_reference, visible_or_404
from thidua.api.schemas import ERRORS_LIST, ERRORS_READ, ERRORS_WRITE
from thidua.api.schemas_movements import (
    CriteriaCopyIn,
    CriteriaTableIn,
    CriteriaTableOut,
    MovementIn,
    MovementKindCode,
    MovementOut,
    MovementStateCode,
    MovementStateIn,
    MovementSummaryOut,
)
from thidua.movements import services
from thidua.movements.criteria import copy_criteria_table, save_criteria_table, table_as_data
from thidua.movements.enums import MOVEMENT_TRANSITIONS, MovementState, ParticipantRole
from thidua.movements.models import ContentSection, CriteriaTable, Movement, ParentPlan, Participant
from thidua.movements.phases import criteria_editable
from thidua.movements.queries import visible_movements
from thidua.org.models import Unit
from thidua.org.queries import editable_units

router = Router(tags=["Phong trào"])


def _not_found(code: str) -> str:
    return _("Không tìm thấy phong trào mã “%(code)s”.") % {"code": code}


def with_details(movements: QuerySet[Movement]) -> QuerySet[Movement]:
    """Everything ``MovementOut`` reads, in a fixed number of queries."""
    return movements.select_related("organizer", "doc_issuer", "parent_plan").prefetch_related(
        "legal_bases",
        "phases",
        "foreseen_awards",
        Prefetch("sections", queryset=ContentSection.objects.prefetch_related("parent_tasks")),
        Prefetch("participants", queryset=Participant.objects.select_related("unit")),
    )


def visible_movement(request: HttpRequest, code: str) -> Movement:
    """The movement the URL names, if the caller may see it; 404 (recorded) otherwise."""
    return visible_or_404(
        request,
        visible_movements(request.user).select_related("organizer", "parent_plan"),
        Movement,
        "movements.view_movement",
        _not_found(code),
        code=code,
    )


def managed_movement(request: HttpRequest, code: str, message: str) -> Movement:
    """A visible movement the caller runs; 403 with ``message`` when they only see it."""
    movement = visible_movement(request, code)
    require_api(request, "movements.manage_movement", movement, message % {"code": code})
    return movement


def conflict(exc: ValidationError) -> HttpError:
    """A refusal that depends on the state of the record, not on the request: 409."""
    return HttpError(409, " ".join(exc.messages))


# --- Movements ----------------------------------------------------------------------------


@router.get(
    "/movements",
    response={200: list[MovementSummaryOut], **ERRORS_LIST},
    summary="Danh sách phong trào",
)
@paginate(Pagination)
def list_movements(
    request: HttpRequest,
    state: MovementStateCode | None = None,
    kind: MovementKindCode | None = None,
):
    """Các phong trào được xem: dự thảo chỉ với cán bộ thi đua của đơn vị phát động; phong trào
    đã phát động với mọi người có đơn vị tham gia. Mới nhất trước."""
    require_api(
        request, "movements.view_movement", None, _("Bạn không có quyền xem danh sách phong trào.")
    )
    movements = visible_movements(request.user).select_related("organizer")
    if state:
        movements = movements.filter(state=state)
    if kind:
        movements = movements.filter(kind=kind)
    return movements.order_by("-period_start", "name", "pk")


@router.get(
    "/movements/{code}",
    response={200: MovementOut, **ERRORS_READ},
    summary="Một phong trào",
)
def get_movement(request: HttpRequest, code: str):
    """Phong trào theo mã: văn bản phát động, căn cứ, nội dung, giai đoạn, đơn vị tham gia và
    khen thưởng dự kiến, đúng như đang lưu."""
    return visible_or_404(
        request,
        with_details(visible_movements(request.user)),
        Movement,
        "movements.view_movement",
        _not_found(code),
        code=code,
    )


def _organizer(request: HttpRequest, code: str, payload: MovementIn, existing: Movement | None):
    """The organizer the body names; placing a movement on a unit needs an editor role there."""
    organizer = unit_reference(payload.organizer_code, "organizer_code")
    moved = existing is None or existing.organizer_id != organizer.pk
    if moved and not editable_units(request.user).filter(pk=organizer.pk).exists():
        forbid(
            request,
            "movements.manage_movement",
            organizer,
            _("Bạn không có quyền phát động phong trào “%(code)s” tại đơn vị “%(unit)s”.")
            % {"code": code, "unit": organizer.code},
        )
    return organizer


def _participants(payload: MovementIn) -> tuple[list[Unit], Unit | None]:
    codes = [p.unit_code.strip() for p in payload.participants]
    units = {u.code: u for u in Unit.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in units]
    if missing:
        raise ApiValidationError(
            {"participants": _("Không có đơn vị mã %(codes)s.") % {"codes": ", ".join(missing)}}
        )
    leads = [p.unit_code.strip() for p in payload.participants if p.role == ParticipantRole.LEAD]
    if len(leads) > 1:
        raise ApiValidationError(
            {
                "participants": _("Chỉ một đơn vị chủ trì (LEAD); đang có: %(codes)s.")
                % {"codes": ", ".join(leads)}
            }
        )
    return list(units.values()), units[leads[0]] if leads else None


def _phases(payload: MovementIn) -> dict[str, Any]:
    kinds = [p.kind for p in payload.phases]
    if len(set(kinds)) != len(kinds):
        raise ApiValidationError({"phases": _("Mỗi giai đoạn chỉ được khai báo một lần.")})
    return {p.kind: (p.start, p.end) for p in payload.phases}


def _parent_plan(payload: MovementIn) -> ParentPlan | None:
    if not payload.parent_plan_code:
        return None
    plan = ParentPlan.objects.filter(code=payload.parent_plan_code.strip()).first()
    if plan is None:
        raise ApiValidationError(
            {
                "parent_plan_code": _("Không có kế hoạch cấp trên mã “%(code)s”.")
                % {"code": payload.parent_plan_code}
            }
        )
    return plan


@router.put(
    "/movements/{code}",
    response={200: MovementOut, 201: MovementOut, **ERRORS_WRITE},
    summary="Tạo hoặc cập nhật phong trào",
)
def put_movement(request: HttpRequest, code: str, payload: MovementIn):
    """Tạo (201) hoặc cập nhật (200) phong trào theo mã cùng căn cứ, nội dung, giai đoạn, đơn
    vị tham gia và khen thưởng dự kiến, trong một giao dịch: lỗi ở bất kỳ phần nào thì không
    ghi gì. Gửi lại cùng nội dung không tạo bản ghi mới. Trạng thái đổi qua
    `POST /movements/{code}/state`."""
    existing = Movement.objects.select_related("organizer").filter(code=code).first()
    if existing is not None:
        require_api(
            request,
            "movements.manage_movement",
            existing,
            _("Bạn không có quyền sửa phong trào “%(code)s”.") % {"code": code},
        )
        if existing.state == MovementState.CLOSED:
            raise HttpError(
                409, _("Phong trào “%(code)s” đã kết thúc, không thể sửa.") % {"code": code}
            )
    organizer = _organizer(request, code, payload, existing)
    doc_issuer = unit_reference(payload.doc_issuer_code, "doc_issuer_code")
    parent_plan = _parent_plan(payload)
    units, lead = _participants(payload)
    phases = _phases(payload)
    fields = payload.model_dump(
        include={
            "kind",
            "name",
            "slogan",
            "period_start",
            "period_end",
            "purposes",
            "requirements",
            "doc_number",
            "doc_date",
            "doc_place",
            "signer_name",
            "signer_title",
            "signer_authority",
        }
    )
    with transaction.atomic():
        movement, created, _changed = services.upsert_movement(
            code,
            organizer=organizer,
            doc_issuer=doc_issuer,
            parent_plan=parent_plan,
            actor=request.user,
            **fields,
        )
        services.set_legal_bases(movement, payload.legal_bases, actor=request.user)
        services.set_sections(
            movement, [s.model_dump() for s in payload.sections], actor=request.user
        )
        try:
            services.set_phases(movement, phases, actor=request.user)
        except ValidationError as exc:
            raise ValidationError({"phases": exc.messages}) from exc
        services.set_participants(movement, units, lead=lead, actor=request.user)
        services.set_foreseen_awards(movement, payload.foreseen_awards, actor=request.user)
    movement = with_details(Movement.objects.all()).get(pk=movement.pk)
    return Status(201 if created else 200, movement)


@router.post(
    "/movements/{code}/state",
    response={200: MovementOut, **ERRORS_WRITE},
    summary="Chuyển trạng thái phong trào",
)
def post_movement_state(request: HttpRequest, code: str, payload: MovementStateIn):
    """Phát động (LAUNCHED), sơ kết, tổng kết (UNDER_REVIEW), kết thúc (CLOSED). Bước chuyển
    không được phép trả 409; phát động khi phong trào còn thiếu nội dung, đơn vị tham gia, thời
    gian đăng ký hoặc bảng tiêu chí còn lỗi trả 422 liệt kê từng vấn đề."""
    movement = managed_movement(
        request, code, _("Bạn không có quyền chuyển trạng thái phong trào “%(code)s”.")
    )
    try:
        services.set_movement_state(movement, payload.state, actor=request.user, note=payload.note)
    except ValidationError as exc:
        # set_movement_state read the current state under lock before refusing.
        if payload.state not in MOVEMENT_TRANSITIONS[movement.state]:
            raise conflict(exc) from exc
        raise
    return with_details(Movement.objects.all()).get(pk=movement.pk)


# --- Criteria table -----------------------------------------------------------------------


def _table_out(movement: Movement) -> dict[str, Any]:
    table = CriteriaTable.objects.filter(movement=movement).first()
    if table is None:
        raise Http404(_("Phong trào “%(code)s” chưa có bảng tiêu chí.") % {"code": movement.code})
    return table_as_data(table)


def _check_criteria_editable(movement: Movement) -> None:
    if not criteria_editable(movement):
        raise HttpError(
            409,
            _("Phong trào “%(code)s” đã sang giai đoạn tổng kết: bảng tiêu chí đã cố định.")
            % {"code": movement.code},
        )


@router.get(
    "/movements/{code}/criteria",
    response={200: CriteriaTableOut, **ERRORS_READ},
    summary="Bảng tiêu chí của phong trào",
)
def get_criteria(request: HttpRequest, code: str):
    """Bảng tiêu chí dưới dạng dữ liệu thuần: nhóm, tiêu chí, điểm thưởng, điểm trừ, mức xếp
    loại. Cùng dạng này dùng cho `PUT`."""
    return _table_out(visible_movement(request, code))


@router.put(
    "/movements/{code}/criteria",
    response={200: CriteriaTableOut, 201: CriteriaTableOut, **ERRORS_WRITE},
    summary="Đặt bảng tiêu chí của phong trào",
)
def put_criteria(request: HttpRequest, code: str, payload: CriteriaTableIn):
    """Thay toàn bộ bảng tiêu chí (201 lần đầu, 200 sau đó). Bảng có lỗi (tổng điểm không
    khớp thang điểm, mã trùng, mức xếp loại không đạt được...) bị từ chối cả bảng với mã 422,
    liệt kê từng lỗi bằng tiếng Việt, và không ghi gì."""
    movement = managed_movement(
        request, code, _("Bạn không có quyền sửa bảng tiêu chí của phong trào “%(code)s”.")
    )
    _check_criteria_editable(movement)
    created = not CriteriaTable.objects.filter(movement=movement).exists()
    save_criteria_table(movement, payload.model_dump(), actor=request.user)
    return Status(201 if created else 200, _table_out(movement))


@router.post(
    "/movements/{code}/criteria/copy",
    response={200: CriteriaTableOut, **ERRORS_WRITE},
    summary="Chép bảng tiêu chí từ phong trào khác",
)
def copy_criteria(request: HttpRequest, code: str, payload: CriteriaCopyIn):
    """Thay bảng tiêu chí của phong trào bằng bản sao bảng của phong trào `from_code` (phải là
    phong trào được xem)."""
    movement = managed_movement(
        request, code, _("Bạn không có quyền sửa bảng tiêu chí của phong trào “%(code)s”.")
    )
    _check_criteria_editable(movement)
    source = visible_movements(request.user).filter(code=payload.from_code.strip()).first()
    if source is None:
        raise ApiValidationError({"from_code": _not_found(payload.from_code)})
    try:
        copy_criteria_table(source, movement, actor=request.user)
    except ValidationError as exc:
        raise ValidationError({"from_code": exc.messages}) from exc
    return _table_out(movement)
