"""Pages of role assignments and logins, for administrators of a subtree (ADMIN role) and
superusers: the ``org.manage_roles`` permission of ``rules_admin``. Thin, like ``views_edit``."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.dates import format_short_date
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.org import services
from thidua.org.forms_admin import AccountForm, AssignRoleForm, EndRoleForm, RoleFilterForm
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Person, RoleAssignment
from thidua.org.queries import visible_people
from thidua.org.rules_admin import manageable_role_assignments


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def role_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "org.manage_roles", None, path=request.path)
    form = RoleFilterForm(request.GET or None, user=request.user)
    assignments = manageable_role_assignments(request.user).select_related(
        "user", "user__person", "unit"
    )
    if form.is_valid():
        assignments = form.apply(assignments)
    page = Paginator(
        assignments.order_by("unit__path", "role", "user__username", "pk"),
        settings.THIDUA_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "today": timezone.localdate(),
    }
    template = "org/role_list.html#results" if request.htmx else "org/role_list.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
def role_assign(request: HttpRequest) -> HttpResponse:
    require(request.user, "org.manage_roles", None, path=request.path)
    initial: dict[str, Any] = {
        key: request.GET[key] for key in ("username", "role") if request.GET.get(key)
    }
    form = AssignRoleForm(request.POST or None, user=request.user, initial=initial)
    unit_field: Any = form.fields["unit"]
    if unit := unit_field.queryset.filter(code=request.GET.get("unit", "")).first():
        form.initial["unit"] = unit.pk
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        require(request.user, "org.manage_roles", data["unit"], path=request.path)
        try:
            assignment, created = services.assign_role(
                data["username"],
                data["role"],
                data["unit"],
                valid_from=data["valid_from"],
                valid_to=data["valid_to"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"user": "username"})
        else:
            values = {
                "role": assignment.get_role_display(),
                "user": assignment.user.username,
                "unit": assignment.unit.name,
            }
            if created:
                messages.success(
                    request, _("Đã giao vai trò “%(role)s” cho %(user)s tại “%(unit)s”.") % values
                )
            else:
                messages.info(
                    request, _("%(user)s đã có vai trò “%(role)s” tại “%(unit)s”.") % values
                )
            query = urlencode({"q": assignment.user.username})
            return redirect(f"{reverse('org:role_list')}?{query}")
    return render(request, "org/role_form.html", {"form": form})


@login_required
def role_end(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, "org.manage_roles", None, path=request.path)
    assignment = get_visible_or_404(
        request,
        manageable_role_assignments(request.user).select_related("user", "unit"),
        RoleAssignment,
        "org.manage_roles",
        pk=pk,
    )
    require(request.user, "org.manage_roles", assignment, path=request.path)
    form = EndRoleForm(request.POST or None, assignment=assignment)
    if request.method == "POST" and form.is_valid():
        day = form.cleaned_data["on"]
        services.end_role(assignment, on=day, actor=request.user)
        messages.success(
            request,
            _("Vai trò “%(role)s” của %(user)s tại “%(unit)s” kết thúc ngày %(day)s.")
            % {
                "role": assignment.get_role_display(),
                "user": assignment.user.username,
                "unit": assignment.unit.name,
                "day": format_short_date(day),
            },
        )
        return redirect("org:role_list")
    return render(request, "org/role_end_form.html", {"form": form, "assignment": assignment})


@login_required
def account_create(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, "org.manage_roles", None, path=request.path)
    person = get_visible_or_404(
        request,
        visible_people(request.user).select_related("unit", "user"),
        Person,
        "org.manage_roles",
        code=code,
    )
    require(request.user, "org.manage_roles", person, path=request.path)
    if person.user is not None:
        messages.info(
            request,
            _("“%(name)s” đã có tài khoản %(username)s.")
            % {"name": person.full_name, "username": person.user.username},
        )
        return redirect("org:person_detail", code=person.code)
    form = AccountForm(request.POST or None, person=person)
    if request.method == "POST" and form.is_valid():
        account = services.create_login(
            person,
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            actor=request.user,
        )
        messages.success(
            request,
            _("Đã tạo tài khoản %(username)s cho “%(name)s”. Hãy giao vai trò cho tài khoản này.")
            % {"username": account.username, "name": person.full_name},
        )
        query = urlencode({"username": account.username, "unit": person.unit.code, "role": "STAFF"})
        return redirect(f"{reverse('org:role_assign')}?{query}")
    return render(request, "org/account_form.html", {"form": form, "person": person})
