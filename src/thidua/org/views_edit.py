"""Pages with which an emulation officer maintains the organisation: units, people, ratings
and discipline (role assignments and logins are in ``views_admin``).

Thin: each view checks the permission (denials are recorded), fetches objects through the
visibility queries, hands the form's data to a ``services`` function and redirects after a
successful POST. A service's ``ValidationError`` is shown beside the field it names.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.dates import format_short_date
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.org import services
from thidua.org.enums import ORG_EDITOR_ROLES, DisciplineStatus
from thidua.org.forms_edit import (
    CloseUnitForm,
    DecideDisciplineForm,
    DisciplineForm,
    PersonForm,
    RatingForm,
    UnitForm,
    add_service_errors,
    open_on,
    with_current,
)
from thidua.org.models import (
    DisciplineRecord,
    Person,
    PersonRating,
    Unit,
    UnitRating,
)
from thidua.org.queries import (
    editable_units,
    scope_paths,
    visible_discipline,
    visible_people,
    visible_units,
)

# Errors of ``upsert_unit`` when it opens a successor, shown on the successor's fields.
SUCCESSOR_FIELDS = {
    "code": "successor_code",
    "name": "successor_name",
    "short_name": "successor_short_name",
    "kind": "successor_kind",
}


def _edit_units(user: Any) -> QuerySet[Unit]:
    """Units the user may edit and that are not closed: the choices of unit fields."""
    return open_on(editable_units(user), timezone.localdate())


def _edits_everything(user: Any) -> bool:
    return "" in scope_paths(user, ORG_EDITOR_ROLES)


# -- Units -----------------------------------------------------------------------------------


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "org.add_unit", None, path=request.path)
    parents = _edit_units(request.user)
    initial = {}
    if parent := parents.filter(code=request.GET.get("parent", "")).first():
        initial["parent"] = parent.pk
    form = UnitForm(
        request.POST or None,
        parents=parents,
        initial=initial,
        parent_required=not _edits_everything(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["parent"] is not None:
            require(request.user, "org.add_unit", data["parent"], path=request.path)
        try:
            unit, _created, _changed = services.upsert_unit(
                data["code"],
                name=data["name"],
                short_name=data["short_name"],
                kind=data["kind"],
                parent=data["parent"],
                place=data["place"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm đơn vị “%(name)s”.") % {"name": unit.name})
            return redirect("org:unit_detail", code=unit.code)
    return render(
        request, "org/unit_form.html", {"form": form, "unit": None, "title": _("Thêm đơn vị")}
    )


@login_required
def unit_edit(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_visible_or_404(
        request,
        visible_units(request.user).select_related("parent"),
        Unit,
        "org.change_unit",
        code=code,
    )
    require(request.user, "org.change_unit", unit, path=request.path)
    parents = with_current(
        _edit_units(request.user).exclude(path__startswith=unit.path), unit.parent
    )
    form = UnitForm(
        request.POST or None,
        parents=parents,
        instance=unit,
        parent_required=unit.parent_id is not None and not _edits_everything(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = data["parent"]
        if parent is not None and parent.pk != unit.parent_id:
            require(request.user, "org.add_unit", parent, path=request.path)
        try:
            unit, _created, changed = services.upsert_unit(
                unit.code,
                name=data["name"],
                short_name=data["short_name"],
                kind=data["kind"],
                parent=parent,
                place=data["place"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if changed:
                messages.success(request, _("Đã lưu đơn vị “%(name)s”.") % {"name": unit.name})
            else:
                messages.info(request, _("Không có thay đổi nào để lưu."))
            return redirect("org:unit_detail", code=unit.code)
    title = _("Sửa đơn vị “%(name)s”") % {"name": unit.name}
    return render(request, "org/unit_form.html", {"form": form, "unit": unit, "title": title})


def _person_values(person: Person) -> dict[str, Any]:
    """The fields of ``upsert_person`` as they are now, to change only the unit."""
    return {
        "full_name": person.full_name,
        "gender": person.gender,
        "staff_type": person.staff_type,
        "position": person.position,
        "is_leader": person.is_leader,
        "is_frontline": person.is_frontline,
        "joined_on": person.joined_on,
        "left_on": person.left_on,
        "birth_date": person.birth_date,
        "email": person.email,
    }


def _move_people(old: Unit, new: Unit, *, on: dt.date, actor: Any) -> int:
    """Move the people still working in ``old`` to ``new`` from ``on``. Each move goes through
    ``upsert_person`` so memberships and the audit trail stay right (a unit has tens of
    people; a set-based service would be needed for thousands)."""
    people = list(old.people.filter(Q(left_on__isnull=True) | Q(left_on__gte=on)))
    for person in people:
        services.upsert_person(
            person.code, unit=new, moved_on=on, actor=actor, **_person_values(person)
        )
    return len(people)


@login_required
def unit_close(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_visible_or_404(
        request,
        visible_units(request.user).select_related("parent", "place"),
        Unit,
        "org.change_unit",
        code=code,
    )
    require(request.user, "org.change_unit", unit, path=request.path)
    if unit.parent is None:
        can_open_successor = _edits_everything(request.user)
    else:
        can_open_successor = request.user.has_perm("org.add_unit", unit.parent)
    form = CloseUnitForm(request.POST or None, unit=unit, can_open_successor=can_open_successor)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        day = data["valid_to"]
        successor, moved = None, 0
        try:
            with transaction.atomic():
                services.close_unit(unit, on=day, actor=request.user)
                if data["open_successor"]:
                    successor, _created, _changed = services.upsert_unit(
                        data["successor_code"],
                        name=data["successor_name"],
                        short_name=data["successor_short_name"],
                        kind=data["successor_kind"],
                        parent=unit.parent,
                        place=unit.place,
                        valid_from=day + dt.timedelta(days=1),
                        actor=request.user,
                    )
                    if data["move_people"]:
                        moved = _move_people(
                            unit, successor, on=day + dt.timedelta(days=1), actor=request.user
                        )
        except ValidationError as exc:
            unit.refresh_from_db()
            add_service_errors(form, exc, field_map=SUCCESSOR_FIELDS)
        else:
            closed_msg = _("Đã đóng đơn vị “%(name)s” từ ngày %(day)s.") % {
                "name": unit.name,
                "day": format_short_date(day),
            }
            messages.success(request, closed_msg)
            if successor is None:
                return redirect("org:unit_detail", code=unit.code)
            values = {"name": successor.name, "code": successor.code, "count": moved}
            if data["move_people"]:
                opened_msg = _(
                    "Đã mở đơn vị “%(name)s” (mã %(code)s) và chuyển %(count)s cán bộ sang."
                )
            else:
                opened_msg = _("Đã mở đơn vị “%(name)s” (mã %(code)s).")
            messages.success(request, opened_msg % values)
            return redirect("org:unit_detail", code=successor.code)
    context = {
        "form": form,
        "unit": unit,
        "people_count": unit.people.filter(left_on__isnull=True).count(),
        "children_count": unit.children.filter(valid_to__isnull=True).count(),
        "can_open_successor": can_open_successor,
    }
    return render(request, "org/unit_close_form.html", context)


# -- People ----------------------------------------------------------------------------------


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "org.add_person", None, path=request.path)
    units = _edit_units(request.user)
    initial = {}
    if unit := units.filter(code=request.GET.get("unit", "")).first():
        initial["unit"] = unit.pk
    form = PersonForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        kwargs.pop("moved_on")
        require(request.user, "org.add_person", kwargs["unit"], path=request.path)
        try:
            person, _created, _changed = services.upsert_person(
                form.cleaned_data["code"], actor=request.user, **kwargs
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm cán bộ “%(name)s”.") % {"name": person.full_name})
            return redirect("org:person_detail", code=person.code)
    return render(
        request, "org/person_form.html", {"form": form, "person": None, "title": _("Thêm cán bộ")}
    )


@login_required
def person_edit(request: HttpRequest, code: str) -> HttpResponse:
    person = get_visible_or_404(
        request,
        visible_people(request.user).select_related("unit"),
        Person,
        "org.change_person",
        code=code,
    )
    require(request.user, "org.change_person", person, path=request.path)
    form = PersonForm(request.POST or None, units=_edit_units(request.user), instance=person)
    if request.method == "POST" and form.is_valid():
        kwargs = form.service_kwargs()
        moving = kwargs["unit"].pk != person.unit_id
        if moving:
            require(request.user, "org.add_person", kwargs["unit"], path=request.path)
        else:
            kwargs["moved_on"] = None
        try:
            saved, _created, changed = services.upsert_person(
                person.code, actor=request.user, **kwargs
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if moving:
                day = kwargs["moved_on"] or timezone.localdate()
                messages.success(
                    request,
                    _("Đã chuyển “%(name)s” sang “%(unit)s” từ ngày %(day)s.")
                    % {
                        "name": saved.full_name,
                        "unit": saved.unit.name,
                        "day": format_short_date(day),
                    },
                )
            elif changed:
                messages.success(
                    request, _("Đã lưu thông tin cán bộ “%(name)s”.") % {"name": saved.full_name}
                )
            else:
                messages.info(request, _("Không có thay đổi nào để lưu."))
            return redirect("org:person_detail", code=saved.code)
    title = _("Sửa thông tin cán bộ “%(name)s”") % {"name": person.full_name}
    return render(request, "org/person_form.html", {"form": form, "person": person, "title": title})


# -- Ratings ---------------------------------------------------------------------------------


def _rating_response(
    request: HttpRequest,
    *,
    subject: Person | Unit,
    form: RatingForm,
    saved: Any,
    detail_template: str,
    detail_name: str,
) -> HttpResponse:
    ratings = subject.ratings.order_by("-year")
    if request.htmx:  # type: ignore[attr-defined]
        context = {
            detail_name: subject,
            "ratings": ratings,
            "rating_form": form,
            "rating_saved": saved,
        }
        return render(request, f"{detail_template}#ratings", context)
    return render(
        request,
        "org/rating_form.html",
        {"subject": subject, "ratings": ratings, "form": form, "detail_name": detail_name},
    )


def _set_rating(
    request: HttpRequest, subject: Person | Unit, *, detail_template: str, detail_name: str
) -> HttpResponse:
    form = RatingForm(request.POST or None)
    saved: PersonRating | UnitRating | None = None
    if request.method == "POST" and form.is_valid():
        year, rating = form.cleaned_data["year"], form.cleaned_data["rating"]
        try:
            if isinstance(subject, Person):
                saved, _created, _changed = services.set_person_rating(
                    subject, year, rating, actor=request.user
                )
            else:
                saved, _created, _changed = services.set_unit_rating(
                    subject, year, rating, actor=request.user
                )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                messages.success(
                    request,
                    _("Đã lưu xếp loại năm %(year)s: %(rating)s.")
                    % {"year": year, "rating": saved.get_rating_display()},
                )
                url = reverse(f"org:{detail_name}_detail", kwargs={"code": subject.code})
                return redirect(f"{url}#ratings")
            form = RatingForm()
    return _rating_response(
        request,
        subject=subject,
        form=form,
        saved=saved,
        detail_template=detail_template,
        detail_name=detail_name,
    )


@login_required
def person_rating(request: HttpRequest, code: str) -> HttpResponse:
    person = get_visible_or_404(
        request,
        visible_people(request.user).select_related("unit"),
        Person,
        "org.change_personrating",
        code=code,
    )
    require(request.user, "org.change_personrating", person, path=request.path)
    return _set_rating(
        request, person, detail_template="org/person_detail.html", detail_name="person"
    )


@login_required
def unit_rating(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_visible_or_404(
        request, visible_units(request.user), Unit, "org.change_unitrating", code=code
    )
    require(request.user, "org.change_unitrating", unit, path=request.path)
    return _set_rating(request, unit, detail_template="org/unit_detail.html", detail_name="unit")


# -- Discipline ------------------------------------------------------------------------------


@login_required
def discipline_create(request: HttpRequest, code: str) -> HttpResponse:
    person = get_visible_or_404(
        request,
        visible_people(request.user).select_related("unit"),
        Person,
        "org.add_disciplinerecord",
        code=code,
    )
    require(request.user, "org.add_disciplinerecord", person, path=request.path)
    form = DisciplineForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            _record, created = services.record_discipline(
                person, actor=request.user, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if created:
                messages.success(
                    request,
                    _("Đã ghi nhận kỷ luật của “%(name)s”.") % {"name": person.full_name},
                )
            else:
                messages.info(request, _("Vụ việc này đã được ghi nhận trước đó."))
            return redirect("org:person_detail", code=person.code)
    return render(request, "org/discipline_form.html", {"form": form, "person": person})


@login_required
def discipline_decide(request: HttpRequest, pk: int) -> HttpResponse:
    record = get_visible_or_404(
        request,
        visible_discipline(request.user).select_related("person", "person__unit"),
        DisciplineRecord,
        "org.add_disciplinerecord",
        pk=pk,
    )
    person = record.person
    require(request.user, "org.add_disciplinerecord", person, path=request.path)
    if record.status != DisciplineStatus.UNDER_REVIEW:
        messages.warning(request, _("Vụ việc này đã có quyết định kỷ luật."))
        return redirect("org:person_detail", code=person.code)
    form = DecideDisciplineForm(request.POST or None, record=record)
    if request.method == "POST" and form.is_valid():
        try:
            services.decide_discipline(record, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            record.refresh_from_db()
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ghi quyết định kỷ luật của “%(name)s”.") % {"name": person.full_name},
            )
            return redirect("org:person_detail", code=person.code)
    return render(
        request,
        "org/discipline_decide_form.html",
        {"form": form, "record": record, "person": person},
    )
