"""Pages of the organisation directory. Thin: they read visibility queries and call services."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import cached_property

from thidua.core.http import HtmxHttpRequest
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.text import normalize_search
from thidua.org.dashboard import scope_key
from thidua.org.enums import DisciplineStatus
from thidua.org.forms import PersonFilterForm, UnitFilterForm
from thidua.org.models import Person, Unit
from thidua.org.queries import visible_discipline, visible_people, visible_units


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def unit_list(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, "org.view_unit", None, path=request.path)
    form = UnitFilterForm(request.GET or None)
    units = visible_units(request.user).select_related("parent", "place")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            units = units.filter(search__contains=normalize_search(data["q"]))
        if data["kind"]:
            units = units.filter(kind=data["kind"])
        if data["status"] == "active":
            units = units.filter(valid_to__isnull=True)
        elif data["status"] == "closed":
            units = units.filter(valid_to__isnull=False)
    page = Paginator(units.order_by("path"), settings.THIDUA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    template = "org/unit_list.html#results" if request.htmx else "org/unit_list.html"
    return render(request, template, context)


@login_required
def unit_detail(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_visible_or_404(
        request, visible_units(request.user), Unit, "org.view_unit", code=code
    )
    children = visible_units(request.user).filter(parent=unit).order_by("path")
    people = visible_people(request.user).filter(unit=unit).order_by("search")
    ratings = unit.ratings.order_by("-year")
    parent_visible = (
        unit.parent_id is not None
        and visible_units(request.user).filter(pk=unit.parent_id).exists()
    )
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "children": children,
            "people": people,
            "ratings": ratings,
            "parent_visible": parent_visible,
        },
    )


# Below this many rows a total is counted on every request (cheap); above it the unfiltered
# total is kept in the cache for THIDUA_COUNT_CACHE_SECONDS and shown as "khoảng".
CACHED_COUNT_MIN = 10_000


class CachedCountPaginator(Paginator):
    """A paginator whose total comes from the cache under ``key`` when a large total was
    counted less than ``seconds`` ago (``approximate`` is then True: rows added since are not
    in it). An exact ``COUNT(*)`` of two million people takes 55-120 ms on PostgreSQL."""

    def __init__(self, object_list: Any, per_page: int, *, key: str, seconds: int) -> None:
        super().__init__(object_list, per_page)
        self.key = key
        self.seconds = seconds
        self.approximate = False

    @cached_property
    def count(self) -> int:
        cached = cache.get(self.key)
        if cached is not None:
            self.approximate = True
            return int(cached)
        total = int(super().count)
        if total >= CACHED_COUNT_MIN:
            cache.set(self.key, total, timeout=self.seconds)
        return total

    def page(self, number: Any) -> Page:
        """A full page even when rows were added since the total was counted (the base class
        cuts the last page at the total)."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        return Page(self.object_list[bottom : bottom + self.per_page], number, self)


def _is_filtered(form: PersonFilterForm) -> bool:
    return form.is_bound and any(value not in (None, "") for value in form.cleaned_data.values())


@login_required
def person_list(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, "org.view_person", None, path=request.path)
    form = PersonFilterForm(request.GET or None, user=request.user)
    people = visible_people(request.user).select_related("unit")
    valid = form.is_valid()
    if valid:
        people = form.apply(people)
    ordered = people.order_by("search", "code")
    seconds = settings.THIDUA_COUNT_CACHE_SECONDS
    paginator: Paginator
    if seconds > 0 and (not form.is_bound or (valid and not _is_filtered(form))):
        key = scope_key(request.user, "person_list")
        paginator = CachedCountPaginator(
            ordered, settings.THIDUA_PAGE_SIZE, key=key, seconds=seconds
        )
    else:
        paginator = Paginator(ordered, settings.THIDUA_PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    template = "org/person_list.html#results" if request.htmx else "org/person_list.html"
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, code: str) -> HttpResponse:
    person = get_visible_or_404(
        request,
        visible_people(request.user).select_related("unit"),
        Person,
        "org.view_person",
        code=code,
    )
    context = {
        "person": person,
        "memberships": person.memberships.select_related("unit").order_by("-start"),
        "ratings": person.ratings.order_by("-year"),
        "discipline": visible_discipline(request.user)
        .filter(person=person)
        .order_by("-created_at"),
        "can_see_discipline": request.user.has_perm("org.view_disciplinerecord", None)
        or (getattr(request.user, "person", None) == person),
    }
    return render(request, "org/person_detail.html", context)


@login_required
def discipline_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "org.view_disciplinerecord", None, path=request.path)
    records = visible_discipline(request.user).select_related("person", "person__unit")
    status = request.GET.get("status", "")
    if status in DisciplineStatus.values:
        records = records.filter(status=status)
    page = Paginator(records.order_by("-created_at"), settings.THIDUA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "org/discipline_list.html",
        {
            "page": page,
            "status": status,
            "statuses": DisciplineStatus.choices,
            "query": _query_without_page(request),
        },
    )
