"""Finding the objects an API request names, with the API's answers when they are missing:
a code in the URL that the user cannot see is 404 (and the attempt is recorded, as on the
pages); a code in the body that names nothing is 422 on that field."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field
from ninja.pagination import LimitOffsetPagination

from thidua.api.errors import ApiValidationError
from thidua.core.scoping import get_visible_or_404
from thidua.org.models import Person, Unit

MAX_PAGE = 500


class PageParams(LimitOffsetPagination.Input):
    limit: int = Field(100, ge=1, le=MAX_PAGE, description="Số bản ghi tối đa (1-500).")
    offset: int = Field(0, ge=0, description="Bỏ qua bao nhiêu bản ghi đầu.")


class Pagination(LimitOffsetPagination):
    """``limit`` (1 to 500, default 100) and ``offset``; answers ``{"items": [...], "count"}``."""

    Input = PageParams

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(max_limit=MAX_PAGE, **kwargs)


def visible_or_404[M: Model](
    request: HttpRequest,
    visible: QuerySet[M],
    model: type[M],
    permission: str,
    message: str,
    **lookup: Any,
) -> M:
    """``thidua.core.scoping.get_visible_or_404`` answering 404 with ``message``."""
    try:
        return get_visible_or_404(request, visible, model, permission, **lookup)
    except Http404:
        raise Http404(message) from None


def unit_reference(code: str, field: str) -> Unit:
    """The unit a body field names (any unit: whether the user may use it is a 403 later)."""
    unit = Unit.objects.select_related("parent").filter(code=code.strip()).first()
    if unit is None:
        message = _("Không có đơn vị mã “%(code)s”.") % {"code": code}
        raise ApiValidationError({field: message})
    return unit


def person_reference(code: str, field: str) -> Person:
    """The person a body field names (any person: whether the user may act is a 403 later)."""
    person = Person.objects.select_related("unit").filter(code=code.strip()).first()
    if person is None:
        message = _("Không có cán bộ mã “%(code)s”.") % {"code": code}
        raise ApiValidationError({field: message})
    return person
