"""Activities and their evidence: ``/movements/{code}/activities``, ``/activities/{id}`` (read,
correct, withdraw, add evidence), ``/evidence/{id}/content`` and ``/activity-kinds``.

Reads go through ``results.queries.visible_activities``/``visible_evidence`` (404, recorded,
outside the caller's scope); writes need ``results.report_activity`` on the unit or
``results.change_activity`` on the activity and call the services of ``results.activities`` and
``results.evidence``. A refusal that depends on the movement's phase or on the activity being
withdrawn answers 409; invalid data (and a refused file) 422."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import File, Query, Router
from ninja.errors import HttpError
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.api.errors import ApiValidationError, forbid, require_api
from thidua.api.lookups import Pagination, person_reference, unit_reference, visible_or_404
from thidua.api.routers.movements import visible_movement
from thidua.api.schemas import ERRORS_LIST, ERRORS_READ, ERRORS_WRITE
from thidua.api.schemas_results import (
    ActivityFilterIn,
    ActivityIn,
    ActivityKindOut,
    ActivityOut,
    ActivityWithdrawIn,
    EvidenceOut,
)
from thidua.movements.models import Movement, ParentPlanTask, UnitPlanTarget
from thidua.movements.phases import reporting_open
from thidua.org.models import Place, Unit
from thidua.org.queries import own_person_id
from thidua.results import activities as services
from thidua.results import evidence
from thidua.results.models import Activity, ActivityKind, ActivityValue, EvidenceFile
from thidua.results.queries import visible_activities, visible_evidence
from thidua.results.rules import heads_unit
from thidua.results.views_activities import evidence_response

router = Router(tags=["Hoạt động"])


def _not_found(pk: int) -> str:
    return _("Không tìm thấy hoạt động số %(id)s.") % {"id": pk}


def _with_details(activities: QuerySet[Activity]) -> QuerySet[Activity]:
    """Everything ``ActivityOut`` reads, in a fixed number of queries."""
    values = ActivityValue.objects.select_related("indicator__kind").order_by(
        "indicator__order", "indicator__code"
    )
    return activities.select_related(
        "movement", "unit", "person", "kind", "place", "parent_task"
    ).prefetch_related(
        Prefetch("values", queryset=values),
        Prefetch("evidence", queryset=EvidenceFile.objects.order_by("uploaded_at", "id")),
    )


def _activity(request: HttpRequest, pk: int) -> Activity:
    return visible_or_404(
        request,
        visible_activities(request.user).select_related("movement__organizer", "unit"),
        Activity,
        "results.view_activity",
        _not_found(pk),
        pk=pk,
    )


def _reload(activity: Activity) -> Activity:
    return _with_details(Activity.objects.filter(pk=activity.pk)).get()


def _closed(movement: Movement) -> HttpError:
    return HttpError(
        409,
        _(
            "Phong trào “%(code)s” không nhận báo cáo hoạt động: chỉ khi đã phát động hoặc đang "
            "sơ kết, tổng kết."
        )
        % {"code": movement.code},
    )


def _writable(request: HttpRequest, activity: Activity) -> None:
    """The caller may change the activity (403 otherwise), which is not withdrawn and whose
    movement still takes reports (409 otherwise)."""
    require_api(
        request,
        "results.change_activity",
        activity,
        _("Bạn không có quyền sửa hoặc rút lại hoạt động số %(id)s.") % {"id": activity.pk},
    )
    if activity.withdrawn_at is not None:
        raise HttpError(409, _("Hoạt động số %(id)s đã rút lại.") % {"id": activity.pk})
    if not reporting_open(activity.movement):
        raise _closed(activity.movement)


def _references(
    request: HttpRequest, movement: Movement, unit: Unit, payload: ActivityIn
) -> dict[str, Any]:
    """The objects the body names (422 on the field naming nothing), and who did it: a member
    of staff who does not head the unit reports as themselves."""
    errors: dict[str, str] = {}
    kind = ActivityKind.objects.filter(code=payload.kind.strip()).first()
    if kind is None:
        errors["kind"] = _("Không có loại hoạt động mã “%(code)s”.") % {"code": payload.kind}
    place = None
    if payload.place:
        place = Place.objects.filter(code=payload.place.strip()).first()
        if place is None:
            errors["place"] = _("Không có địa bàn mã “%(code)s”.") % {"code": payload.place}
    target = None
    if payload.target is not None:
        target = UnitPlanTarget.objects.filter(pk=payload.target).first()
        if target is None:
            errors["target"] = _("Không có chỉ tiêu số %(id)s.") % {"id": payload.target}
    task = None
    if payload.parent_task:
        task = ParentPlanTask.objects.filter(
            plan_id=movement.parent_plan_id, code=payload.parent_task.strip()
        ).first()
        if task is None:
            errors["parent_task"] = _(
                "Kế hoạch cấp trên của phong trào không có nhiệm vụ mã “%(code)s”."
            ) % {"code": payload.parent_task}
    if errors:
        raise ApiValidationError(errors)
    person = person_reference(payload.person_code, "person_code") if payload.person_code else None
    if not heads_unit(request.user, unit):
        own = own_person_id(request.user)
        if person is not None and person.pk != own:
            forbid(
                request,
                "results.report_activity",
                person,
                _(
                    "Bạn chỉ báo cáo hoạt động của chính mình; ghi tên cán bộ “%(person)s” cần "
                    "quyền thủ trưởng đơn vị “%(unit)s”."
                )
                % {"person": person.code, "unit": unit.code},
            )
        person = getattr(request.user, "person", None)
    return {
        "unit": unit,
        "person": person,
        "kind": kind,
        "title": payload.title,
        "occurred_on": payload.occurred_on,
        "place": place,
        "participants": payload.participants,
        "description": payload.description,
        "values": payload.values,
        "target": target,
        "parent_task": task,
    }


def _report_right(request: HttpRequest, unit: Unit) -> None:
    require_api(
        request,
        "results.report_activity",
        unit,
        _("Bạn không có quyền báo cáo hoạt động của đơn vị “%(unit)s”.") % {"unit": unit.code},
    )


# --- Activities ---------------------------------------------------------------------------


@router.get(
    "/movements/{code}/activities",
    response={200: list[ActivityOut], **ERRORS_READ, 403: ERRORS_LIST[403]},
    summary="Hoạt động đã báo cáo",
)
@paginate(Pagination)
def list_activities(request: HttpRequest, code: str, filters: Query[ActivityFilterIn]):
    """Hoạt động của phong trào trong phạm vi được xem, mới nhất trước. Lọc theo `unit_code`
    (đơn vị đó và cấp dưới), `kind` (mã loại hoạt động), `border` (true: ở khu vực biên giới;
    false: nơi khác hoặc không ghi địa bàn); `include_withdrawn=true` để gồm cả hoạt động đã
    rút lại."""
    movement = visible_movement(request, code)
    require_api(
        request, "results.view_activity", None, _("Bạn không có quyền xem hoạt động đã báo cáo.")
    )
    activities = visible_activities(request.user).filter(movement=movement)
    if not filters.include_withdrawn:
        activities = activities.filter(withdrawn_at__isnull=True)
    if filters.unit_code:
        root = Unit.objects.filter(code=filters.unit_code).values_list("path", flat=True).first()
        if root is None:
            return activities.none()
        activities = activities.filter(unit__path__startswith=root)
    if filters.kind:
        activities = activities.filter(kind__code=filters.kind)
    if filters.border is True:
        activities = activities.filter(place__is_border=True)
    elif filters.border is False:
        activities = activities.filter(Q(place__isnull=True) | Q(place__is_border=False))
    return _with_details(activities).order_by("-occurred_on", "-id")


@router.post(
    "/movements/{code}/activities",
    response={201: ActivityOut, **ERRORS_WRITE},
    summary="Báo cáo hoạt động",
)
def post_activity(request: HttpRequest, code: str, payload: ActivityIn):
    """Báo cáo một hoạt động của đơn vị (201), với giá trị các chỉ số của loại hoạt động. Ngày
    thực hiện trong thời gian của phong trào; chỉ tiêu thuộc kế hoạch của đơn vị; nhiệm vụ
    thuộc kế hoạch cấp trên. Phong trào chưa phát động hoặc đã kết thúc: 409. Minh chứng gửi
    sau, bằng `POST /activities/{id}/evidence`."""
    movement = visible_movement(request, code)
    unit = unit_reference(payload.unit_code, "unit_code")
    _report_right(request, unit)
    if not reporting_open(movement):
        raise _closed(movement)
    activity = services.report_activity(
        movement, **_references(request, movement, unit, payload), actor=request.user
    )
    return Status(201, _reload(activity))


@router.get("/activities/{pk}", response={200: ActivityOut, **ERRORS_READ}, summary="Một hoạt động")
def get_activity(request: HttpRequest, pk: int):
    return _reload(_activity(request, pk))


@router.put(
    "/activities/{pk}", response={200: ActivityOut, **ERRORS_WRITE}, summary="Sửa hoạt động"
)
def put_activity(request: HttpRequest, pk: int, payload: ActivityIn):
    """Sửa toàn bộ hoạt động (các chỉ số được thay cả bộ). Người báo cáo, thủ trưởng đơn vị và
    cán bộ thi đua của phong trào được sửa; hoạt động đã rút lại, hoặc phong trào đã kết thúc:
    409."""
    activity = _activity(request, pk)
    _writable(request, activity)
    unit = unit_reference(payload.unit_code, "unit_code")
    if unit.pk != activity.unit_id:
        _report_right(request, unit)
    fields = _references(request, activity.movement, unit, payload)
    if not heads_unit(request.user, unit) and unit.pk == activity.unit_id:
        fields["person"] = activity.person
    services.update_activity(activity, **fields, actor=request.user)
    return _reload(activity)


@router.post(
    "/activities/{pk}/withdraw",
    response={200: ActivityOut, **ERRORS_WRITE},
    summary="Rút lại hoạt động",
)
def withdraw(request: HttpRequest, pk: int, payload: ActivityWithdrawIn | None = None):
    """Rút lại hoạt động: vẫn lưu cùng minh chứng nhưng không còn được tính vào chỉ số, điểm."""
    activity = _activity(request, pk)
    _writable(request, activity)
    services.withdraw_activity(
        activity, actor=request.user, reason=payload.reason if payload else ""
    )
    return _reload(activity)


# --- Evidence -----------------------------------------------------------------------------


@router.post(
    "/activities/{pk}/evidence",
    response={201: EvidenceOut, **ERRORS_WRITE},
    summary="Thêm minh chứng cho hoạt động",
)
def post_evidence(request: HttpRequest, pk: int, file: File[UploadedFile]):
    """Tải lên một tệp minh chứng (multipart, trường `file`): PDF, PNG, JPEG, DOCX, XLSX, PPTX.
    Loại tệp được xác định từ nội dung, không từ tên; ảnh được lưu lại không kèm EXIF (vị trí,
    máy chụp). Tệp không hợp lệ, quá lớn hoặc là tệp nén độc hại: 422 trên trường `file`."""
    activity = _activity(request, pk)
    _writable(request, activity)
    try:
        checked = evidence.check_upload(file)
    except ValidationError as exc:
        raise ApiValidationError({"file": " ".join(exc.messages)}) from None
    return Status(201, evidence.store_checked(checked, activity=activity, actor=request.user))


@router.get(
    "/evidence/{pk}/content",
    response={200: None, **ERRORS_READ},
    summary="Tải tệp minh chứng",
)
def get_evidence_content(request: HttpRequest, pk: int):
    """Nội dung tệp minh chứng, dưới dạng tệp đính kèm mang tên gốc; chỉ cho người được xem
    hoạt động (hoặc đánh giá) chứa minh chứng."""
    item = visible_or_404(
        request,
        visible_evidence(request.user).select_related("activity__unit", "activity__movement"),
        EvidenceFile,
        "results.view_evidence",
        _("Không tìm thấy minh chứng số %(id)s.") % {"id": pk},
        pk=pk,
    )
    require_api(request, "results.view_evidence", item, _("Bạn không có quyền tải minh chứng này."))
    try:
        handle = evidence.open_evidence(item)
    except FileNotFoundError:
        message = _("Tệp minh chứng số %(id)s không còn trong kho lưu trữ.") % {"id": pk}
        raise Http404(message) from None
    return evidence_response(handle, item)


# --- The catalogue ------------------------------------------------------------------------


@router.get(
    "/activity-kinds",
    response={200: list[ActivityKindOut], **ERRORS_LIST},
    summary="Danh mục loại hoạt động và chỉ số",
)
def list_activity_kinds(request: HttpRequest, include_inactive: bool = False):
    """Các loại hoạt động với chỉ số (mã `KIND.code` dùng trong `values` và trong tiêu chí
    chấm điểm). Mặc định chỉ các loại đang dùng."""
    kinds = ActivityKind.objects.prefetch_related("indicators").order_by("order", "code")
    if not include_inactive:
        kinds = kinds.filter(is_active=True)
    return list(kinds)
