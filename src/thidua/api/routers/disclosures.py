"""Public disclosure of proposed nominees: ``GET/POST /disclosures``, ``GET /disclosures/{code}``,
``POST /disclosures/{code}/publish`` and ``/close``, ``GET /disclosures/{code}/comments`` and
``POST /disclosures/{code}/comments/{id}/answer``. The public's comments come through the
portal's form or ``routers/public_comments.py`` (signed token, same rate limit)."""

from __future__ import annotations

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.responses import Status

from thidua.api.errors import ApiValidationError, require_api
from thidua.api.lookups import unit_reference, visible_or_404
from thidua.api.schemas import ERRORS_LIST, ERRORS_WRITE, ErrorOut
from thidua.api.schemas_disclosure import AnswerIn, CommentOut, DisclosureIn, DisclosureOut
from thidua.awards import disclosure as services
from thidua.awards import rules_disclosure  # noqa: F401  (registers the permissions)
from thidua.awards.models import Disclosure, DisclosureState, PublicComment
from thidua.awards.queries_disclosure import visible_disclosures
from thidua.movements.models import Movement
from thidua.movements.queries import visible_movements

router = Router(tags=["Công khai"])


def _out(d: Disclosure) -> dict:
    nominations = list(d.nominations.all())
    return {
        "code": d.code,
        "title": d.title,
        "unit_code": d.unit.code,
        "movement_code": d.movement.code if d.movement is not None else None,
        "state": d.state,
        "working_days": d.working_days,
        "opens_on": d.opens_on,
        "closes_on": d.closes_on,
        "nomination_ids": [n.pk for n in nominations],
        "blockers": services.disclosure_blockers(nominations, require_disclosure=False),
    }


def _qs(request: HttpRequest):
    return (
        visible_disclosures(request.user)
        .select_related("unit", "movement")
        .prefetch_related("nominations")
    )


def _disclosure(request: HttpRequest, code: str) -> Disclosure:
    return visible_or_404(
        request,
        _qs(request),
        Disclosure,
        "awards.view_disclosure",
        _("Không tìm thấy đợt công khai mã “%(code)s”.") % {"code": code},
        code=code,
    )


def _manage(request: HttpRequest, disclosure: Disclosure) -> None:
    require_api(
        request,
        "awards.manage_disclosure",
        disclosure,
        _("Bạn không có quyền quản lý đợt công khai “%(code)s”.") % {"code": disclosure.code},
    )


@router.get(
    "/disclosures",
    response={200: list[DisclosureOut], **ERRORS_LIST},
    summary="Các đợt công khai danh sách đề nghị",
)
def list_disclosures(request: HttpRequest):
    return [_out(d) for d in _qs(request)]


@router.post(
    "/disclosures",
    response={201: DisclosureOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Tạo đợt công khai (trạng thái DRAFT)",
)
def create_disclosure(request: HttpRequest, payload: DisclosureIn):
    """Các đề nghị phải ở trạng thái đã trình hoặc Hội đồng đề nghị; thời hạn mặc định 10 ngày
    làm việc nếu có khen thưởng cấp Nhà nước, nếu không theo cấu hình."""
    unit = unit_reference(payload.unit_code, "unit_code")
    require_api(
        request,
        "awards.manage_disclosure",
        unit,
        _("Bạn không có quyền công khai danh sách của đơn vị “%(unit)s”.") % {"unit": unit.name},
    )
    movement = None
    if payload.movement_code:
        movement = visible_movements(request.user).filter(code=payload.movement_code).first()
        if movement is None:
            raise ApiValidationError(
                {
                    "movement_code": _("Không có phong trào mã “%(code)s”.")
                    % {"code": payload.movement_code}
                }
            )
    disclosure = services.create_disclosure(
        unit=unit,
        movement=movement if isinstance(movement, Movement) else None,
        nominations=payload.nomination_ids,
        title=payload.title,
        working_days=payload.working_days,
        note=payload.note,
        actor=request.user,
    )
    return Status(201, _out(_qs(request).get(pk=disclosure.pk)))


@router.get(
    "/disclosures/{code}",
    response={200: DisclosureOut, 404: ErrorOut, **ERRORS_LIST},
    summary="Một đợt công khai",
)
def get_disclosure(request: HttpRequest, code: str):
    return _out(_disclosure(request, code))


def _transition(request: HttpRequest, code: str, state: str) -> dict:
    disclosure = _disclosure(request, code)
    _manage(request, disclosure)
    services.set_disclosure_state(disclosure, state, actor=request.user)
    return _out(_qs(request).get(pk=disclosure.pk))


@router.post(
    "/disclosures/{code}/publish",
    response={200: DisclosureOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Đăng công khai (từ hôm nay hoặc ngày làm việc kế tiếp)",
)
def publish(request: HttpRequest, code: str):
    return _transition(request, code, DisclosureState.OPEN)


@router.post(
    "/disclosures/{code}/close",
    response={200: DisclosureOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Kết thúc công khai (sau ngày kết thúc)",
)
def close(request: HttpRequest, code: str):
    return _transition(request, code, DisclosureState.CLOSED)


@router.get(
    "/disclosures/{code}/comments",
    response={200: list[CommentOut], 404: ErrorOut, **ERRORS_LIST},
    summary="Ý kiến của tổ chức, cá nhân",
)
def list_comments(request: HttpRequest, code: str):
    disclosure = _disclosure(request, code)
    _manage(request, disclosure)
    return list(disclosure.comments.all())


@router.post(
    "/disclosures/{code}/comments/{comment_id}/answer",
    response={200: CommentOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Trả lời một ý kiến",
)
def answer(request: HttpRequest, code: str, comment_id: int, payload: AnswerIn):
    disclosure = _disclosure(request, code)
    _manage(request, disclosure)
    comment = PublicComment.objects.filter(disclosure=disclosure, pk=comment_id).first()
    if comment is None:
        raise Http404(_("Không tìm thấy ý kiến số %(id)s.") % {"id": comment_id})
    return services.answer_comment(comment, text=payload.answer, actor=request.user)
