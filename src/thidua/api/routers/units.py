"""Units: ``/units``, ``/units/{code}`` and the units' yearly ratings."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.api.errors import forbid, require_api
from thidua.api.lookups import Pagination, unit_reference, visible_or_404
from thidua.api.schemas import (
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_WRITE,
    RatingIn,
    RatingOut,
    UnitIn,
    UnitKindCode,
    UnitOut,
)
from thidua.core.text import normalize_search
from thidua.org import services
from thidua.org.enums import ORG_EDITOR_ROLES
from thidua.org.models import Unit
from thidua.org.queries import scope_paths, visible_unit_ratings, visible_units

router = Router(tags=["Đơn vị"])


def _not_found(code: str) -> str:
    return _("Không tìm thấy đơn vị mã “%(code)s”.") % {"code": code}


@router.get("/units", response={200: list[UnitOut], **ERRORS_LIST}, summary="Danh sách đơn vị")
@paginate(Pagination)
def list_units(request: HttpRequest, q: str = "", kind: UnitKindCode | None = None):
    """Các đơn vị trong phạm vi được xem, theo thứ tự cây. `q`: tìm theo mã hoặc tên, không
    phân biệt dấu."""
    require_api(request, "org.view_unit", None, _("Bạn không có quyền xem danh sách đơn vị."))
    units = visible_units(request.user).select_related("parent")
    if q.strip():
        units = units.filter(search__contains=normalize_search(q))
    if kind:
        units = units.filter(kind=kind)
    return units.order_by("path")


@router.get("/units/{code}", response={200: UnitOut, **ERRORS_READ}, summary="Một đơn vị")
def get_unit(request: HttpRequest, code: str):
    """Đơn vị theo mã, đúng như đang lưu."""
    return visible_or_404(
        request,
        visible_units(request.user).select_related("parent"),
        Unit,
        "org.view_unit",
        _not_found(code),
        code=code,
    )


def _check_parent(request: HttpRequest, code: str, parent: Unit | None) -> None:
    """Placing a unit (a new one, or moving one) needs rights on the parent; a root unit only
    an administrator whose scope is everything."""
    if parent is None:
        if scope_paths(request.user, ORG_EDITOR_ROLES) != [""]:
            forbid(
                request,
                "org.add_unit",
                None,
                _("Chỉ quản trị hệ thống mới được đặt đơn vị “%(code)s” làm đơn vị gốc.")
                % {"code": code},
            )
        return
    require_api(
        request,
        "org.add_unit",
        parent,
        _("Bạn không có quyền đặt đơn vị “%(code)s” vào đơn vị “%(parent)s”.")
        % {"code": code, "parent": parent.code},
    )


@router.put(
    "/units/{code}",
    response={200: UnitOut, 201: UnitOut, **ERRORS_WRITE},
    summary="Tạo hoặc cập nhật đơn vị",
)
def put_unit(request: HttpRequest, code: str, payload: UnitIn):
    """Tạo (201) hoặc cập nhật (200) đơn vị theo mã. Gửi lại cùng nội dung không tạo bản ghi
    mới và không ghi nhật ký."""
    existing = Unit.objects.select_related("place").filter(code=code).first()
    if existing is not None:
        require_api(
            request,
            "org.change_unit",
            existing,
            _("Bạn không có quyền sửa đơn vị “%(code)s”.") % {"code": code},
        )
    parent = unit_reference(payload.parent_code, "parent_code") if payload.parent_code else None
    if existing is None or existing.parent_id != (parent.pk if parent else None):
        _check_parent(request, code, parent)
    short_name = payload.short_name
    if short_name is None:
        short_name = existing.short_name if existing else ""
    unit, created, _changed = services.upsert_unit(
        code,
        name=payload.name,
        kind=payload.kind,
        parent=parent,
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        place=existing.place if existing else None,
        short_name=short_name,
        actor=request.user,
    )
    return Status(201 if created else 200, unit)


@router.get(
    "/units/{code}/ratings",
    response={200: list[RatingOut], **ERRORS_READ},
    tags=["Xếp loại"],
    summary="Xếp loại các năm của đơn vị",
)
def list_unit_ratings(request: HttpRequest, code: str):
    unit = visible_or_404(
        request, visible_units(request.user), Unit, "org.view_unit", _not_found(code), code=code
    )
    return visible_unit_ratings(request.user).filter(unit=unit).order_by("-year")


@router.put(
    "/units/{code}/ratings/{year}",
    response={200: RatingOut, 201: RatingOut, **ERRORS_WRITE},
    tags=["Xếp loại"],
    summary="Đặt xếp loại năm của đơn vị",
)
def put_unit_rating(request: HttpRequest, code: str, year: int, payload: RatingIn):
    """Tạo (201) hoặc cập nhật (200) xếp loại chất lượng của đơn vị trong năm."""
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        raise Http404(_not_found(code))
    require_api(
        request,
        "org.change_unitrating",
        unit,
        _("Bạn không có quyền xếp loại đơn vị “%(code)s”.") % {"code": code},
    )
    rating, created, _changed = services.set_unit_rating(
        unit, year, payload.rating, actor=request.user
    )
    return Status(201 if created else 200, rating)
