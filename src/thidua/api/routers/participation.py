"""Taking part in a movement: unit plans with targets, briefing confirmations, per-unit progress
and registrations. Reads go through the movements visibility queries; every write calls the one
service (and transition function) of its object. A refusal that depends on the record's state or
on the movement's phase (registration closed, plan already submitted, a move the workflow does not
allow) answers 409; invalid data answers 422."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.api.errors import forbid, require_api
from thidua.api.lookups import Pagination, person_reference, unit_reference, visible_or_404
from thidua.api.routers.movements import conflict, visible_movement
from thidua.api.schemas import ERRORS_LIST, ERRORS_READ, ERRORS_WRITE
from thidua.api.schemas_movements import (
    BriefingOut,
    RegistrationIn,
    RegistrationOut,
    RegistrationStateCode,
    RegistrationStateIn,
    UnitPlanIn,
    UnitPlanOut,
    UnitPlanStateIn,
    UnitPlanSummaryOut,
    UnitProgressOut,
)
from thidua.movements.enums import (
    REGISTRATION_TRANSITIONS,
    UNIT_PLAN_TRANSITIONS,
    RegistrationState,
    UnitPlanState,
)
from thidua.movements.models import Briefing, Movement, Registration, UnitPlan, UnitPlanTarget
from thidua.movements.participation import (
    confirm_briefing,
    register,
    save_unit_plan,
    set_registration_state,
    set_unit_plan_state,
    unit_completion,
)
from thidua.movements.phases import briefing_open, registration_open, unit_plans_open
from thidua.movements.queries import visible_registrations, visible_unit_plans
from thidua.org.models import Person, Unit
from thidua.org.queries import own_person_id, visible_units

router = Router(tags=["Tham gia phong trào"])

ACTIVE_REGISTRATION = {RegistrationState.SUBMITTED, RegistrationState.CONFIRMED}
EDITABLE_PLAN = {UnitPlanState.DRAFT, UnitPlanState.RETURNED}


# --- Unit plans ---------------------------------------------------------------------------


def _plans(request: HttpRequest, movement: Movement) -> QuerySet[UnitPlan]:
    return visible_unit_plans(request.user).filter(movement=movement).select_related("unit")


def _plan_with_targets(plan: UnitPlan) -> UnitPlan:
    targets = UnitPlanTarget.objects.select_related("section", "parent_task")
    return (
        UnitPlan.objects.select_related("unit")
        .prefetch_related(Prefetch("targets", queryset=targets))
        .get(pk=plan.pk)
    )


def _plan_not_found(code: str, unit_code: str) -> str:
    return _(
        "Không tìm thấy kế hoạch thi đua của đơn vị “%(unit)s” trong phong trào “%(code)s”."
    ) % {
        "unit": unit_code,
        "code": code,
    }


@router.get(
    "/movements/{code}/unit-plans",
    response={200: list[UnitPlanSummaryOut], **ERRORS_READ},
    summary="Kế hoạch thi đua của các đơn vị",
)
@paginate(Pagination)
def list_unit_plans(request: HttpRequest, code: str):
    """Kế hoạch của các đơn vị trong phạm vi được xem (cán bộ thi đua của đơn vị phát động
    thấy tất cả), theo thứ tự cây đơn vị."""
    movement = visible_movement(request, code)
    return _plans(request, movement).order_by("unit__path")


@router.get(
    "/movements/{code}/unit-plans/{unit_code}",
    response={200: UnitPlanOut, **ERRORS_READ},
    summary="Kế hoạch thi đua của một đơn vị",
)
def get_unit_plan(request: HttpRequest, code: str, unit_code: str):
    movement = visible_movement(request, code)
    plan = visible_or_404(
        request,
        _plans(request, movement),
        UnitPlan,
        "movements.view_unit_plan",
        _plan_not_found(code, unit_code),
        movement=movement,
        unit__code=unit_code,
    )
    return _plan_with_targets(plan)


@router.put(
    "/movements/{code}/unit-plans/{unit_code}",
    response={200: UnitPlanOut, 201: UnitPlanOut, **ERRORS_WRITE},
    summary="Viết kế hoạch thi đua của đơn vị",
)
def put_unit_plan(request: HttpRequest, code: str, unit_code: str, payload: UnitPlanIn):
    """Tạo (201) hoặc sửa (200) nội dung thi đua và chỉ tiêu của đơn vị; các chỉ tiêu được
    thay toàn bộ. Chỉ khi phong trào đã phát động và kế hoạch đang soạn hoặc bị trả lại (409
    nếu không). Mỗi chỉ tiêu gắn với một nội dung thi đua (`section`) và, nếu có, một nhiệm vụ
    của kế hoạch cấp trên (`parent_task`)."""
    movement = visible_movement(request, code)
    unit = Unit.objects.filter(code=unit_code).first()
    if unit is None:
        raise Http404(_("Không tìm thấy đơn vị mã “%(code)s”.") % {"code": unit_code})
    require_api(
        request,
        "movements.write_unit_plan",
        unit,
        _("Bạn không có quyền viết kế hoạch thi đua của đơn vị “%(unit)s”.") % {"unit": unit_code},
    )
    if not unit_plans_open(movement):
        raise HttpError(
            409,
            _(
                "Phong trào “%(code)s” không nhận kế hoạch của đơn vị: chưa phát động hoặc đã sang "
                "sơ kết, tổng kết."
            )
            % {"code": code},
        )
    existing = UnitPlan.objects.filter(movement=movement, unit=unit).first()
    if existing is not None and existing.state not in EDITABLE_PLAN:
        raise HttpError(
            409,
            _("Kế hoạch của đơn vị “%(unit)s” đang ở trạng thái “%(state)s”, không thể sửa.")
            % {"unit": unit_code, "state": existing.get_state_display()},
        )
    plan = save_unit_plan(
        movement,
        unit,
        summary=payload.summary,
        targets=[t.model_dump() for t in payload.targets],
        actor=request.user,
    )
    return Status(201 if existing is None else 200, _plan_with_targets(plan))


@router.post(
    "/movements/{code}/unit-plans/{unit_code}/state",
    response={200: UnitPlanOut, **ERRORS_WRITE},
    summary="Gửi, duyệt hoặc trả lại kế hoạch của đơn vị",
)
def post_unit_plan_state(request: HttpRequest, code: str, unit_code: str, payload: UnitPlanStateIn):
    """Đơn vị gửi (SUBMITTED); cán bộ thi đua của đơn vị phát động duyệt (APPROVED) hoặc trả
    lại kèm ý kiến (RETURNED). Bước chuyển không được phép trả 409."""
    movement = visible_movement(request, code)
    plan = visible_or_404(
        request,
        _plans(request, movement).select_related("movement__organizer"),
        UnitPlan,
        "movements.view_unit_plan",
        _plan_not_found(code, unit_code),
        movement=movement,
        unit__code=unit_code,
    )
    if payload.state == UnitPlanState.SUBMITTED:
        require_api(
            request,
            "movements.write_unit_plan",
            plan.unit,
            _("Bạn không có quyền gửi kế hoạch thi đua của đơn vị “%(unit)s”.")
            % {"unit": unit_code},
        )
    else:
        require_api(
            request,
            "movements.review_unit_plan",
            plan,
            _("Bạn không có quyền duyệt kế hoạch thi đua của đơn vị “%(unit)s”.")
            % {"unit": unit_code},
        )
    try:
        set_unit_plan_state(plan, payload.state, actor=request.user, comment=payload.comment)
    except ValidationError as exc:
        if payload.state not in UNIT_PLAN_TRANSITIONS[plan.state]:
            raise conflict(exc) from exc
        raise
    return _plan_with_targets(plan)


# --- Briefings and progress ---------------------------------------------------------------


@router.post(
    "/movements/{code}/briefings",
    response={200: BriefingOut, 201: BriefingOut, **ERRORS_WRITE},
    summary="Xác nhận đã được quán triệt",
)
def post_briefing(request: HttpRequest, code: str):
    """Người gọi xác nhận chính mình đã được quán triệt phong trào (201); đã xác nhận rồi thì
    trả lại xác nhận cũ (200). Tài khoản phải gắn với hồ sơ cán bộ."""
    movement = visible_movement(request, code)
    person_id = own_person_id(request.user)  # the rule movements.confirm_briefing
    if person_id is None:
        forbid(
            request,
            "movements.confirm_briefing",
            None,
            _("Tài khoản chưa gắn với hồ sơ cán bộ nên không thể xác nhận quán triệt."),
        )
    if not briefing_open(movement):
        raise HttpError(
            409, _("Phong trào “%(code)s” chưa phát động hoặc đã kết thúc.") % {"code": code}
        )
    person = Person.objects.select_related("unit").get(pk=person_id)
    existed = Briefing.objects.filter(movement=movement, person=person).exists()
    briefing = confirm_briefing(movement, person, actor=request.user)
    briefing = Briefing.objects.select_related("person", "unit").get(pk=briefing.pk)
    return Status(200 if existed else 201, briefing)


@router.get(
    "/movements/{code}/progress",
    response={200: list[UnitProgressOut], **ERRORS_READ, 403: ERRORS_LIST[403]},
    summary="Tiến độ quán triệt, đăng ký và kế hoạch theo đơn vị",
)
@paginate(Pagination)
def get_progress(request: HttpRequest, code: str):
    """Theo từng đơn vị tham gia trong phạm vi được xem (cán bộ thi đua của đơn vị phát động
    thấy tất cả): số cán bộ, số đã xác nhận quán triệt, số đã đăng ký thi đua, trạng thái kế
    hoạch của đơn vị."""
    movement = visible_movement(request, code)
    require_api(
        request,
        "movements.view_unit_progress",
        None,
        _("Bạn không có quyền xem tiến độ của các đơn vị."),
    )
    if request.user.has_perm("movements.manage_movement", movement):
        return unit_completion(movement)
    return unit_completion(movement, visible_units(request.user))


# --- Registrations ------------------------------------------------------------------------


@router.get(
    "/movements/{code}/registrations",
    response={200: list[RegistrationOut], **ERRORS_READ},
    summary="Đăng ký thi đua",
)
@paginate(Pagination)
def list_registrations(
    request: HttpRequest,
    code: str,
    state: RegistrationStateCode | None = None,
    unit_code: str | None = None,
):
    """Đăng ký thi đua trong phạm vi được xem: của các đơn vị mình phụ trách, của phong trào
    mình tổ chức, và của chính mình. Lọc theo `state`, `unit_code` (đơn vị đó và cấp dưới)."""
    movement = visible_movement(request, code)
    registrations = (
        visible_registrations(request.user)
        .filter(movement=movement)
        .select_related("movement", "unit", "person")
    )
    if state:
        registrations = registrations.filter(state=state)
    if unit_code:
        root = Unit.objects.filter(code=unit_code).values_list("path", flat=True).first()
        if root is None:
            return registrations.none()
        registrations = registrations.filter(unit__path__startswith=root)
    return registrations.order_by("unit__path", "person__search", "pk")


def _check_may_register(request: HttpRequest, unit: Unit, person: Person | None) -> None:
    if person is None:
        require_api(
            request,
            "movements.register_unit",
            unit,
            _("Bạn không có quyền đăng ký thi đua cho đơn vị “%(unit)s”.") % {"unit": unit.code},
        )
    elif person.pk == own_person_id(request.user):
        require_api(
            request,
            "movements.register_self",
            None,
            _("Tài khoản chưa gắn với hồ sơ cán bộ nên không thể đăng ký thi đua."),
        )
    elif not request.user.has_perm("movements.register_unit", unit):
        forbid(
            request,
            "movements.register_self",
            person,
            _(
                "Bạn chỉ được đăng ký thi đua cho chính mình; đăng ký cho cán bộ “%(person)s” "
                "cần quyền thủ trưởng đơn vị “%(unit)s”."
            )
            % {"person": person.code, "unit": unit.code},
        )


@router.post(
    "/movements/{code}/registrations",
    response={200: RegistrationOut, 201: RegistrationOut, **ERRORS_WRITE},
    summary="Đăng ký thi đua",
)
def post_registration(request: HttpRequest, code: str, payload: RegistrationIn):
    """Cá nhân tự đăng ký danh hiệu (`person_code` là chính mình; thủ trưởng đơn vị có thể
    đăng ký thay cán bộ của đơn vị), hoặc đơn vị đăng ký (`person_code` null, cần quyền thủ
    trưởng đơn vị). 201 khi tạo mới; 200 khi đăng ký lại sau khi đã rút hoặc không được xác
    nhận. Ngoài thời gian đăng ký, hoặc đã có đăng ký còn hiệu lực: 409."""
    movement = visible_movement(request, code)
    unit = unit_reference(payload.unit_code, "unit_code")
    person = person_reference(payload.person_code, "person_code") if payload.person_code else None
    _check_may_register(request, unit, person)
    lookup = {"person": person} if person else {"unit": unit, "person__isnull": True}
    existing = Registration.objects.filter(movement=movement, **lookup).first()
    try:
        registration = register(
            movement,
            unit=unit,
            person=person,
            award_code=payload.award_code,
            targets=payload.targets,
            actor=request.user,
        )
    except ValidationError as exc:
        closed = not registration_open(movement)
        if closed or (existing is not None and existing.state in ACTIVE_REGISTRATION):
            raise conflict(exc) from exc
        raise
    registration = Registration.objects.select_related("movement", "unit", "person").get(
        pk=registration.pk
    )
    return Status(201 if existing is None else 200, registration)


@router.post(
    "/registrations/{registration_id}/state",
    response={200: RegistrationOut, **ERRORS_WRITE},
    summary="Xác nhận, không xác nhận, rút hoặc đăng ký lại",
)
def post_registration_state(
    request: HttpRequest, registration_id: int, payload: RegistrationStateIn
):
    """Thủ trưởng đơn vị xác nhận (CONFIRMED) hoặc không xác nhận kèm lý do (REJECTED) đăng ký
    của cán bộ; cán bộ thi đua của phong trào làm việc đó với đăng ký của đơn vị. Người đăng ký
    rút (WITHDRAWN) hoặc đăng ký lại (SUBMITTED, chỉ trong thời gian đăng ký). Bước chuyển
    không được phép: 409."""
    registration = visible_or_404(
        request,
        visible_registrations(request.user).select_related("movement__organizer", "unit", "person"),
        Registration,
        "movements.view_registration",
        _("Không tìm thấy đăng ký thi đua số %(id)s.") % {"id": registration_id},
        pk=registration_id,
    )
    if payload.state in {RegistrationState.CONFIRMED, RegistrationState.REJECTED}:
        permission = "movements.decide_registration"
        message = _("Bạn không có quyền xác nhận đăng ký thi đua số %(id)s.")
    else:
        permission = "movements.withdraw_registration"
        message = _("Bạn không có quyền rút hoặc đăng ký lại đăng ký thi đua số %(id)s.")
    require_api(request, permission, registration, message % {"id": registration_id})
    if payload.state == RegistrationState.SUBMITTED and not registration_open(
        registration.movement
    ):
        raise HttpError(
            409,
            _("Phong trào “%(code)s” không trong thời gian đăng ký thi đua.")
            % {"code": registration.movement.code},
        )
    try:
        set_registration_state(
            registration, payload.state, actor=request.user, comment=payload.comment
        )
    except ValidationError as exc:
        if payload.state not in REGISTRATION_TRANSITIONS[registration.state]:
            raise conflict(exc) from exc
        raise
    return registration
