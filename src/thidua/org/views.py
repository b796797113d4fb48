"""Pages of the organisation directory. Thin: they read visibility queries and call services."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.core.http import HtmxHttpRequest
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.core.text import normalize_search
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


@login_required
def person_list(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, "org.view_person", None, path=request.path)
    form = PersonFilterForm(request.GET or None, user=request.user)
    people = visible_people(request.user).select_related("unit")
    if form.is_valid():
        people = form.apply(people)
    page = Paginator(people.order_by("search", "code"), settings.THIDUA_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
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
