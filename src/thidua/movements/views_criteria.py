"""The criteria table of a movement: read by everyone who sees the movement, edited by its
officer while ``phases.criteria_editable`` says so, copied from another movement after a
confirmation step. The editor is one page of nested rows; rows are added with htmx (an empty
row partial appended) or, without JavaScript, by a "Thêm dòng" button that re-renders the page
with one more empty row. Nothing is saved while ``criteria.problems_of`` finds a problem.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thidua.core.permissions import require
from thidua.movements.criteria import (
    copy_criteria_table,
    problems_of,
    save_criteria_table,
    table_as_data,
)
from thidua.movements.enums import MovementState, ScoringMethod
from thidua.movements.forms_criteria import CopySourceForm, CriteriaEditor, empty_row
from thidua.movements.models import CriteriaTable, Movement
from thidua.movements.phases import criteria_editable
from thidua.movements.queries import visible_movements
from thidua.movements.views_movement import (
    MANAGE,
    VIEW,
    managed_movement_or_404,
    visible_movement_or_404,
)


def _readonly_table(movement: Movement) -> dict[str, Any] | None:
    table = CriteriaTable.objects.filter(movement=movement).first()
    if table is None:
        return None
    data = table_as_data(table)
    methods = dict(ScoringMethod.choices)
    for section in data["sections"]:
        section["sum"] = sum((c["max_points"] for c in section["criteria"]), Decimal(0))
        for criterion in section["criteria"]:
            criterion["method_label"] = methods.get(criterion["method"], criterion["method"])
    for band in data["bands"]:
        band["share_percent"] = None if band["min_share"] is None else band["min_share"] * 100
    data["sum"] = sum((s["max_points"] for s in data["sections"]), Decimal(0))
    return data


def _criteria_page(
    request: HttpRequest, movement: Movement, editor: CriteriaEditor | None, **extra: Any
) -> HttpResponse:
    context: dict[str, Any] = {
        "movement": movement,
        "editor": editor,
        "methods": ScoringMethod.choices,
        "problems": [],
    }
    if editor is not None:
        totals = editor.totals()
        for section, total in zip(editor.sections, totals["sections"], strict=True):
            section["total"] = total
        context["totals"] = totals
        context["copy_form"] = CopySourceForm(sources=_copy_sources(request.user, movement))
    else:
        context["table"] = _readonly_table(movement)
    context.update(extra)
    return render(request, "movements/criteria_table.html", context)


def _copy_sources(user: Any, movement: Movement) -> QuerySet[Movement]:
    return (
        visible_movements(user)
        .filter(criteria_table__isnull=False)
        .exclude(pk=movement.pk)
        .order_by("-period_start", "name")
    )


@login_required
def criteria(request: HttpRequest, code: str) -> HttpResponse:
    movement = visible_movement_or_404(request, code)
    require(request.user, VIEW, movement, path=request.path)
    can_edit = (
        request.user.has_perm(MANAGE, movement)
        and criteria_editable(movement)
        and movement.state != MovementState.CLOSED
    )
    if request.method != "POST":
        if not can_edit:
            return _criteria_page(request, movement, None)
        table = CriteriaTable.objects.filter(movement=movement).first()
        editor = CriteriaEditor.from_data(table_as_data(table)) if table else CriteriaEditor.blank()
        return _criteria_page(request, movement, editor)
    require(request.user, MANAGE, movement, path=request.path)
    if not can_edit:
        messages.error(request, _("Bảng tiêu chí đã cố định, không thể sửa."))
        return redirect("movements:criteria", code=movement.code)
    return _criteria_post(request, movement)


def _criteria_post(request: HttpRequest, movement: Movement) -> HttpResponse:
    editor = CriteriaEditor.from_post(request.POST)
    if "add" in request.POST:  # "Thêm dòng" without JavaScript: one more empty row.
        editor.add_row(request.POST["add"])
        return _criteria_page(request, movement, editor)
    data, problems = editor.to_data()
    problems = problems or problems_of(data)
    if not problems and "check" not in request.POST:
        try:
            save_criteria_table(movement, data, actor=request.user)
        except ValidationError as exc:
            problems = exc.messages
        else:
            messages.success(request, _("Đã lưu bảng tiêu chí."))
            return redirect("movements:criteria", code=movement.code)
    return _criteria_page(request, movement, editor, problems=problems, checked=True)


@login_required
@require_GET
def criteria_row(request: HttpRequest, code: str) -> HttpResponse:
    """An empty row of the editor for htmx to append ("add" as in ``CriteriaEditor.add_row``).
    Its index grows with time, so it sorts after the rows already on the page."""
    movement = managed_movement_or_404(request, code)
    what = request.GET.get("add", "")
    index = time.time_ns() // 1000
    context: dict[str, Any] = {"movement": movement, "methods": ScoringMethod.choices}
    if what == "section":
        editor = CriteriaEditor()
        editor.add_row("section")
        context.update(si=index, s=editor.sections[0], n=None)
        return render(request, "movements/criteria_editor.html#section_block", context)
    if what.startswith("criterion-") and what.removeprefix("criterion-").isdigit():
        context.update(si=what.removeprefix("criterion-"), ci=index, c=empty_row("criteria"))
        return render(request, "movements/criteria_editor.html#criterion_row", context)
    if what in ("bonus", "penalty", "bands"):
        context.update(ri=index, r=empty_row(what))
        return render(request, f"movements/criteria_editor.html#{what}_row", context)
    raise Http404


@login_required
def criteria_copy(request: HttpRequest, code: str) -> HttpResponse:
    """Copy another movement's criteria table, after a confirmation step."""
    movement = managed_movement_or_404(request, code)
    if not criteria_editable(movement) or movement.state == MovementState.CLOSED:
        messages.error(request, _("Bảng tiêu chí đã cố định, không thể sửa."))
        return redirect("movements:criteria", code=movement.code)
    form = CopySourceForm(
        request.POST or request.GET or None, sources=_copy_sources(request.user, movement)
    )
    context: dict[str, Any] = {"movement": movement, "form": form, "problems": []}
    if form.is_valid():
        source = form.cleaned_data["source"]
        if request.method == "POST" and request.POST.get("confirm") == "1":
            try:
                copy_criteria_table(source, movement, actor=request.user)
            except ValidationError as exc:
                context["problems"] = exc.messages
            else:
                messages.success(
                    request,
                    _("Đã sao chép bảng tiêu chí từ phong trào “%(name)s”.")
                    % {"name": source.name},
                )
                return redirect("movements:criteria", code=movement.code)
        context["source"] = source
        context["table"] = _readonly_table(source)
        context["replaces"] = CriteriaTable.objects.filter(movement=movement).exists()
    return render(request, "movements/criteria_copy.html", context)
