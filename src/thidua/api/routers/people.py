"""People: ``/people``, ``/people/{code}`` and their yearly ratings."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.api.errors import ApiValidationError, forbid, require_api
from thidua.api.lookups import Pagination, unit_reference, visible_or_404
from thidua.api.schemas import (
    ERRORS_LIST,
    ERRORS_READ,
    ERRORS_WRITE,
    PersonIn,
    PersonOut,
    RatingIn,
    RatingOut,
)
from thidua.core.text import normalize_search
from thidua.org import services
from thidua.org.models import Person
from thidua.org.queries import editable_units, visible_people, visible_person_ratings, visible_units

router = Router(tags=["Cán bộ"])


def _not_found(code: str) -> str:
    return _("Không tìm thấy cán bộ mã “%(code)s”.") % {"code": code}


@router.get("/people", response={200: list[PersonOut], **ERRORS_LIST}, summary="Danh sách cán bộ")
@paginate(Pagination)
def list_people(request: HttpRequest, q: str = "", unit_code: str | None = None):
    """Cán bộ trong phạm vi được xem. `q`: tìm theo họ tên hoặc mã, không phân biệt dấu;
    `unit_code`: chỉ cán bộ của đơn vị đó và các đơn vị cấp dưới."""
    require_api(request, "org.view_person", None, _("Bạn không có quyền xem danh sách cán bộ."))
    people = visible_people(request.user).select_related("unit")
    if q.strip():
        people = people.filter(search__contains=normalize_search(q))
    if unit_code:
        path = visible_units(request.user).filter(code=unit_code).values_list("path", flat=True)
        root = path.first()
        if root is None:
            message = _("Không tìm thấy đơn vị mã “%(code)s”.") % {"code": unit_code}
            raise ApiValidationError({"unit_code": message}, source="query")
        people = people.filter(unit__path__startswith=root)
    return people.order_by("search", "code")


@router.get("/people/{code}", response={200: PersonOut, **ERRORS_READ}, summary="Một cán bộ")
def get_person(request: HttpRequest, code: str):
    """Cán bộ theo mã, đúng như đang lưu."""
    return visible_or_404(
        request,
        visible_people(request.user).select_related("unit"),
        Person,
        "org.view_person",
        _not_found(code),
        code=code,
    )


@router.put(
    "/people/{code}",
    response={200: PersonOut, 201: PersonOut, **ERRORS_WRITE},
    summary="Tạo hoặc cập nhật cán bộ",
)
def put_person(request: HttpRequest, code: str, payload: PersonIn):
    """Tạo (201) hoặc cập nhật (200) cán bộ theo mã. Đổi `unit_code` ghi một quá trình công
    tác mới từ hôm nay. Các thông tin không có trong API (ngày sinh, thư điện tử, ngày thôi
    việc) được giữ nguyên."""
    existing = Person.objects.select_related("unit").filter(code=code).first()
    if existing is not None:
        require_api(
            request,
            "org.change_person",
            existing,
            _("Bạn không có quyền sửa cán bộ “%(code)s”.") % {"code": code},
        )
    unit = unit_reference(payload.unit_code, "unit_code")
    if not editable_units(request.user).filter(pk=unit.pk).exists():
        forbid(
            request,
            "org.add_person",
            unit,
            _("Bạn không có quyền đặt cán bộ “%(code)s” vào đơn vị “%(unit)s”.")
            % {"code": code, "unit": unit.code},
        )
    person, created, _changed = services.upsert_person(
        code,
        full_name=payload.full_name,
        gender=payload.gender,
        staff_type=payload.staff_type,
        unit=unit,
        position=payload.position,
        is_leader=payload.is_leader,
        is_frontline=payload.is_frontline,
        joined_on=payload.joined_on,
        left_on=existing.left_on if existing else None,
        birth_date=existing.birth_date if existing else None,
        email=existing.email if existing else "",
        actor=request.user,
    )
    return Status(201 if created else 200, person)


@router.get(
    "/people/{code}/ratings",
    response={200: list[RatingOut], **ERRORS_READ},
    tags=["Xếp loại"],
    summary="Xếp loại các năm của cán bộ",
)
def list_person_ratings(request: HttpRequest, code: str):
    person = visible_or_404(
        request,
        visible_people(request.user),
        Person,
        "org.view_person",
        _not_found(code),
        code=code,
    )
    return visible_person_ratings(request.user).filter(person=person).order_by("-year")


@router.put(
    "/people/{code}/ratings/{year}",
    response={200: RatingOut, 201: RatingOut, **ERRORS_WRITE},
    tags=["Xếp loại"],
    summary="Đặt xếp loại năm của cán bộ",
)
def put_person_rating(request: HttpRequest, code: str, year: int, payload: RatingIn):
    """Tạo (201) hoặc cập nhật (200) xếp loại chất lượng của cán bộ trong năm."""
    person = Person.objects.select_related("unit").filter(code=code).first()
    if person is None:
        raise Http404(_not_found(code))
    require_api(
        request,
        "org.change_personrating",
        person,
        _("Bạn không có quyền xếp loại cán bộ “%(code)s”.") % {"code": code},
    )
    rating, created, _changed = services.set_person_rating(
        person, year, payload.rating, actor=request.user
    )
    return Status(201 if created else 200, rating)
