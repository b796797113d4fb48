"""The award register (``/awards``) and initiatives (``/initiatives``)."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.api.errors import ApiValidationError, require_api
from thidua.api.lookups import Pagination, person_reference, unit_reference, visible_or_404
from thidua.api.schemas import ERRORS_LIST, ERRORS_READ, ERRORS_WRITE
from thidua.api.schemas_awards import (
    AwardIn,
    AwardKindCode,
    AwardOut,
    AwardStatusCode,
    InitiativeIn,
    InitiativeOut,
    RevokeIn,
    RevokeOut,
)
from thidua.api.schemas_movements import AwardCodeValue
from thidua.awards import decisions, register
from thidua.awards.enums import AwardSource
from thidua.awards.models import Award, Initiative
from thidua.awards.queries import visible_awards, visible_initiatives
from thidua.org.models import Person, Unit

router = Router(tags=["Khen thưởng"])

AWARD_FIELD_NAMES = {"recipient": "recipient_code", "based_on": "based_on_ids"}
INITIATIVE_FIELD_NAMES = {"authors": "author_codes", "unit": "unit_code"}


def _awards_qs(request: HttpRequest):
    return (
        visible_awards(request.user).select_related("person", "unit").prefetch_related("based_on")
    )


def _award_row(pk: int) -> Award:
    return Award.objects.select_related("person", "unit").prefetch_related("based_on").get(pk=pk)


def _body_errors(exc: DjangoValidationError, names: dict[str, str]) -> ApiValidationError:
    """A service's per-field errors as a 422 on the body fields the client sent (the service
    calls some of them by another name, and ``year`` is a body field here, not a path one)."""
    if not hasattr(exc, "error_dict"):
        return ApiValidationError({"__all__": " ".join(exc.messages)})
    return ApiValidationError(
        {names.get(field, field): " ".join(msgs) for field, msgs in exc.message_dict.items()}
    )


def _award_not_found(award_id: int) -> str:
    return _("Không tìm thấy khen thưởng số %(id)s.") % {"id": award_id}


@router.get("/awards", response={200: list[AwardOut], **ERRORS_LIST}, summary="Sổ khen thưởng")
@paginate(Pagination)
def list_awards(
    request: HttpRequest,
    *,
    recipient_code: str = "",
    award_code: AwardCodeValue | None = None,
    year: int | None = None,
    kind: AwardKindCode | None = None,
    status: AwardStatusCode | None = None,
):
    """Các khen thưởng trong phạm vi được xem (cả khen thưởng đã thu hồi, với trạng thái
    REVOKED). `recipient_code`: mã cán bộ hoặc mã đơn vị."""
    require_api(request, "awards.view_award", None, _("Bạn không có quyền xem sổ khen thưởng."))
    awards = _awards_qs(request)
    if recipient_code.strip():
        code = recipient_code.strip()
        awards = awards.filter(person__code=code) | awards.filter(unit__code=code)
    if award_code:
        awards = awards.filter(award_code=award_code)
    if year is not None:
        awards = awards.filter(year=year)
    if kind:
        awards = awards.filter(kind=kind)
    if status:
        awards = awards.filter(status=status)
    return awards.order_by("-year", "award_code", "pk")


@router.get(
    "/awards/{award_id}", response={200: AwardOut, **ERRORS_READ}, summary="Một khen thưởng"
)
def get_award(request: HttpRequest, award_id: int):
    return visible_or_404(
        request,
        _awards_qs(request),
        Award,
        "awards.view_award",
        _award_not_found(award_id),
        pk=award_id,
    )


@router.post(
    "/awards", response={201: AwardOut, **ERRORS_WRITE}, summary="Ghi một khen thưởng vào sổ"
)
def post_award(request: HttpRequest, payload: AwardIn):
    """Ghi khen thưởng (201, kèm `id`). Cùng đối tượng, danh hiệu và năm lần nữa: 409 (một
    thành tích chỉ khen thưởng một lần)."""
    recipient: Person | Unit
    if payload.recipient_type == "person":
        recipient = person_reference(payload.recipient_code, "recipient_code")
    else:
        recipient = unit_reference(payload.recipient_code, "recipient_code")
    require_api(
        request,
        "awards.record_award",
        recipient,
        _("Bạn không có quyền ghi khen thưởng cho “%(code)s”.") % {"code": recipient.code},
    )
    bases: list[Award] = []
    if payload.based_on_ids:
        wanted = set(payload.based_on_ids)
        bases = list(visible_awards(request.user).filter(pk__in=wanted))
        missing = wanted - {b.pk for b in bases}
        if missing:
            message = _("Không có khen thưởng số %(ids)s.") % {
                "ids": ", ".join(str(i) for i in sorted(missing))
            }
            raise ApiValidationError({"based_on_ids": message})
    try:
        award = register.record_award(
            recipient=recipient,
            award_code=payload.award_code,
            year=payload.year,
            kind=payload.kind,
            decision_number=payload.decision_number,
            decision_date=payload.decision_date,
            issuer=payload.issuer,
            achievement=payload.achievement,
            based_on=bases,
            source=AwardSource.API,
            actor=request.user,
        )
    except register.DuplicateAward as exc:
        raise HttpError(409, exc.message) from None
    except DjangoValidationError as exc:
        raise _body_errors(exc, AWARD_FIELD_NAMES) from None
    return Status(201, _award_row(award.pk))


@router.post(
    "/awards/{award_id}/revoke",
    response={200: RevokeOut, **ERRORS_WRITE},
    summary="Thu hồi khen thưởng",
)
def revoke_award(request: HttpRequest, award_id: int, payload: RevokeIn):
    """Thu hồi: khen thưởng thôi được tính ở mọi nơi nhưng vẫn ở trong sổ với trạng thái
    REVOKED. Trả về khen thưởng và danh sách khen thưởng đã dựa trên nó, cần xét lại."""
    award = visible_or_404(
        request,
        _awards_qs(request),
        Award,
        "awards.view_award",
        _award_not_found(award_id),
        pk=award_id,
    )
    require_api(
        request,
        "awards.revoke_award",
        award,
        _("Bạn không có quyền thu hồi khen thưởng số %(id)s.") % {"id": award_id},
    )
    dependents, _opened = decisions.revoke_award_with_review(
        award, reason=payload.reason, actor=request.user
    )
    ids = [d.pk for d in dependents]
    dependent_rows = list(_awards_qs(request).filter(pk__in=ids).order_by("year", "pk"))
    return {"award": _award_row(award.pk), "dependents": dependent_rows}


# Initiatives ------------------------------------------------------------------------------


def _initiative_not_found(code: str) -> str:
    return _("Không tìm thấy sáng kiến mã “%(code)s”.") % {"code": code}


def _initiatives_qs(request: HttpRequest):
    return visible_initiatives(request.user).select_related("unit").prefetch_related("authors")


@router.get(
    "/initiatives/{code}", response={200: InitiativeOut, **ERRORS_READ}, summary="Một sáng kiến"
)
def get_initiative(request: HttpRequest, code: str):
    return visible_or_404(
        request,
        _initiatives_qs(request),
        Initiative,
        "awards.view_initiative",
        _initiative_not_found(code),
        code=code,
    )


@router.put(
    "/initiatives/{code}",
    response={200: InitiativeOut, 201: InitiativeOut, **ERRORS_WRITE},
    summary="Tạo hoặc cập nhật sáng kiến",
)
def put_initiative(request: HttpRequest, code: str, payload: InitiativeIn):
    """Tạo (201) hoặc cập nhật (200) sáng kiến theo mã; gửi lại cùng nội dung không tạo bản
    ghi mới."""
    unit = unit_reference(payload.unit_code, "unit_code")
    codes = list(dict.fromkeys(c.strip() for c in payload.author_codes))
    authors = list(Person.objects.select_related("unit").filter(code__in=codes))
    missing = [c for c in codes if c not in {p.code for p in authors}]
    if missing:
        message = _("Không có cán bộ mã %(codes)s.") % {
            "codes": ", ".join(f"“{c}”" for c in missing)
        }
        raise ApiValidationError({"author_codes": message})
    existing = Initiative.objects.select_related("unit").filter(code=code).first()
    if existing is not None:
        require_api(
            request,
            "awards.record_initiative",
            existing,
            _("Bạn không có quyền sửa sáng kiến “%(code)s”.") % {"code": code},
        )
    require_api(
        request,
        "awards.record_initiative",
        unit,
        _("Bạn không có quyền ghi sáng kiến của đơn vị “%(code)s”.") % {"code": unit.code},
    )
    try:
        initiative, created, _changed = register.upsert_initiative(
            code,
            title=payload.title,
            authors=authors,
            unit=unit,
            recognized_on=payload.recognized_on,
            scope=payload.scope,
            actor=request.user,
        )
    except DjangoValidationError as exc:
        if hasattr(exc, "error_dict") and "code" in exc.error_dict:
            raise  # the path's code: the shared handler locates it in the path
        raise _body_errors(exc, INITIATIVE_FIELD_NAMES) from None
    row = (
        Initiative.objects.select_related("unit").prefetch_related("authors").get(pk=initiative.pk)
    )
    return Status(201 if created else 200, row)
