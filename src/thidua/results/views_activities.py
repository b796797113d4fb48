"""Activity pages (S3, S7, S9): the activities of a movement with their figures in border areas
beside elsewhere, reporting and correcting an activity with its evidence files, the activity
with its evidence, the download of an evidence file, the reporting progress per unit, and the
catalogue of activity kinds.

Thin: each view fetches the movement through ``visible_movements`` and the activity or file
through the results visibility queries (404, recorded, when outside the user's scope), checks
the permission with its object (``require``: 403, recorded), and hands the form's data to the
services in ``thidua.results.activities`` and ``thidua.results.evidence``, whose Vietnamese
``ValidationError`` is shown on the form. Phase rights come from ``thidua.movements.phases``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.http import HtmxHttpRequest
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements.enums import ScoringMethod
from thidua.movements.models import Criterion, Movement
from thidua.movements.phases import reporting_open
from thidua.movements.queries import participant_units, progress_units
from thidua.movements.views_participation import get_movement, paginate
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Unit
from thidua.results import activities as services
from thidua.results import evidence
from thidua.results.computation import indicator_totals
from thidua.results.forms_activities import (
    ActivityFilterForm,
    ActivityForm,
    ActivityKindForm,
    EvidenceForm,
    IndicatorFormSet,
    IndicatorsForm,
    WithdrawForm,
    activity_initial,
    indicator_rows,
    kind_initial,
)
from thidua.results.models import Activity, ActivityIndicator, ActivityKind, ActivityValue
from thidua.results.queries import (
    reportable_units,
    reporting_people,
    visible_activities,
    visible_evidence,
)
from thidua.results.rules import heads_unit

# -- Helpers ---------------------------------------------------------------------------------


def _activity(request: HtmxHttpRequest, pk: int) -> Activity:
    return get_visible_or_404(
        request,
        visible_activities(request.user).select_related(
            "movement__organizer", "unit", "person", "kind", "place", "target", "parent_task"
        ),
        Activity,
        "results.view_activity",
        pk=pk,
    )


def _activity_form(
    request: HtmxHttpRequest,
    movement: Movement,
    *,
    current: Activity | None = None,
    data: Any = None,
    files: Any = None,
    initial: dict[str, Any] | None = None,
) -> ActivityForm:
    units = reportable_units(request.user, movement)
    if current is not None:
        # Whoever may change the activity may keep it on its unit (the officer running the
        # movement corrects the report of a unit outside their own subtree).
        units = units | Unit.objects.filter(pk=current.unit_id)
    return ActivityForm(
        data,
        files,
        movement=movement,
        units=units,
        people=reporting_people(request.user, movement),
        kind_url=reverse("results:activity_indicators", args=[movement.code]),
        current=current,
        initial=initial,
    )


def _posted_unit(
    request: HtmxHttpRequest, movement: Movement, current: Activity | None = None
) -> Unit | None:
    """The participating unit a POST names; reporting for a unit outside the user's rights is
    refused (403, recorded) before the form is even read. A corrected activity that stays on
    its unit needs only the right to change it, checked by the caller."""
    code = request.POST.get("unit", "")
    unit = participant_units(movement).filter(code=code).first() if code else None
    if unit is not None and (current is None or unit.pk != current.unit_id):
        require(request.user, "results.report_activity", unit, path=request.path)
    return unit


def _reported_person(request: HtmxHttpRequest, form: ActivityForm, unit: Unit) -> Any:
    """A unit head names the person (or none); a member of staff reports as themselves."""
    if heads_unit(request.user, unit):
        return form.cleaned_data["person_obj"]
    return getattr(request.user, "person", None)


def _store_files(request: HtmxHttpRequest, activity: Activity, files: list[Any]) -> None:
    for checked in files:
        evidence.store_checked(checked, activity=activity, actor=request.user)


def _initial_from_post(request: HtmxHttpRequest) -> dict[str, Any]:
    """Without JavaScript, "Chọn" posts the form to show the chosen kind's indicators: the
    form comes back unbound, holding what was typed, and no error is shown yet."""
    return {k: v for k, v in request.POST.items() if k not in {"csrfmiddlewaretoken", "action"}}


# -- The list, with figures ------------------------------------------------------------------


@login_required
@require_GET
def activity_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The movement's activities the user may see, filtered; the counts and the sum of each
    indicator per kind, in border areas beside elsewhere (S7)."""
    movement = get_movement(request, code)
    require(request.user, "results.view_activity", None, path=request.path)
    form = ActivityFilterForm(request.GET or None, units=participant_units(movement))
    activities = visible_activities(request.user).filter(movement=movement)
    if form.is_valid():
        activities = form.apply(activities)
    else:
        activities = activities.filter(withdrawn_at__isnull=True)
    values = ActivityValue.objects.select_related("indicator").order_by(
        "indicator__order", "indicator__code"
    )
    page = paginate(
        request,
        activities.select_related("unit", "person", "kind", "place")
        .annotate(evidence_count=Count("evidence"))
        .prefetch_related(Prefetch("values", queryset=values))
        .order_by("-occurred_on", "-id"),
    )
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page"])
    context = {
        "movement": movement,
        "form": form,
        "page": page,
        "query": query,
        "counts": services.activity_counts(activities),
        "figures": services.kind_figures(activities),
        "can_report": reporting_open(movement)
        and reportable_units(request.user, movement).exists(),
        "can_manage_kinds": request.user.has_perm("results.manage_activity_kinds"),
    }
    template = "results/activity_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


# -- Reporting and correcting ----------------------------------------------------------------


@login_required
def activity_report(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Report an activity: kind (its indicator inputs follow the choice), title, date, place,
    participants, description, the unit plan's target, the parent plan's task, evidence."""
    movement = get_movement(request, code)
    require(request.user, "results.report_activity", None, path=request.path)
    context: dict[str, Any] = {"movement": movement, "editing": False}
    if not reporting_open(movement):
        return render(request, "results/activity_form.html", {**context, "closed": True})
    if request.method != "POST":
        form = _activity_form(request, movement)
        return render(request, "results/activity_form.html", {**context, "form": form})
    unit = _posted_unit(request, movement)
    if request.POST.get("action") == "choose_kind":
        form = _activity_form(request, movement, initial=_initial_from_post(request))
        return render(request, "results/activity_form.html", {**context, "form": form})
    form = _activity_form(request, movement, data=request.POST, files=request.FILES)
    if form.is_valid() and unit is not None:
        data = form.cleaned_data
        try:
            with transaction.atomic():
                activity = services.report_activity(
                    movement,
                    unit=unit,
                    person=_reported_person(request, form, unit),
                    kind=data["kind_obj"],
                    title=data["title"],
                    occurred_on=data["occurred_on"],
                    place=data["place_obj"],
                    participants=data["participants"],
                    description=data["description"],
                    values=data["values"],
                    target=data["target_obj"],
                    parent_task=data["task_obj"],
                    actor=request.user,
                )
                _store_files(request, activity, data["files"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã báo cáo hoạt động “%(title)s” kèm %(n)s tệp minh chứng.")
                % {"title": activity.title, "n": len(data["files"])},
            )
            return redirect("results:activity_detail", pk=activity.pk)
    return render(request, "results/activity_form.html", {**context, "form": form}, status=422)


@login_required
@require_GET
def activity_indicators(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The indicator inputs of the chosen kind (htmx, when the kind select changes)."""
    get_movement(request, code)
    require(request.user, "results.report_activity", None, path=request.path)
    kind = ActivityKind.objects.filter(code=request.GET.get("kind", "")).first()
    form = IndicatorsForm(kind=kind)
    return render(request, "results/activity_indicators.html", {"form": form, "kind": kind})


@login_required
def activity_edit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Correct an activity (and add evidence) while the movement takes reports."""
    activity = _activity(request, pk)
    require(request.user, "results.change_activity", activity, path=request.path)
    movement = activity.movement
    if activity.withdrawn_at is not None or not reporting_open(movement):
        messages.error(request, _("Hoạt động này không còn sửa được."))
        return redirect("results:activity_detail", pk=activity.pk)
    context: dict[str, Any] = {"movement": movement, "activity": activity, "editing": True}
    if request.method != "POST":
        form = _activity_form(
            request, movement, current=activity, initial=activity_initial(activity)
        )
        return render(request, "results/activity_form.html", {**context, "form": form})
    unit = _posted_unit(request, movement, activity)
    if request.POST.get("action") == "choose_kind":
        form = _activity_form(
            request, movement, current=activity, initial=_initial_from_post(request)
        )
        return render(request, "results/activity_form.html", {**context, "form": form})
    form = _activity_form(
        request, movement, current=activity, data=request.POST, files=request.FILES
    )
    if form.is_valid() and unit is not None:
        data = form.cleaned_data
        person = _reported_person(request, form, unit)
        if not heads_unit(request.user, unit) and unit == activity.unit:
            person = activity.person  # staff correcting their report keep who did it
        try:
            with transaction.atomic():
                services.update_activity(
                    activity,
                    unit=unit,
                    person=person,
                    kind=data["kind_obj"],
                    title=data["title"],
                    occurred_on=data["occurred_on"],
                    place=data["place_obj"],
                    participants=data["participants"],
                    description=data["description"],
                    values=data["values"],
                    target=data["target_obj"],
                    parent_task=data["task_obj"],
                    actor=request.user,
                )
                _store_files(request, activity, data["files"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu hoạt động “%(title)s”.") % {"title": data["title"]})
            return redirect("results:activity_detail", pk=activity.pk)
    return render(request, "results/activity_form.html", {**context, "form": form}, status=422)


# -- One activity ----------------------------------------------------------------------------


def _render_detail(
    request: HtmxHttpRequest,
    activity: Activity,
    *,
    evidence_form: EvidenceForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_change = (
        activity.withdrawn_at is None
        and reporting_open(activity.movement)
        and request.user.has_perm("results.change_activity", activity)
    )
    context = {
        "movement": activity.movement,
        "activity": activity,
        "values": activity.values.select_related("indicator").order_by(
            "indicator__order", "indicator__code"
        ),
        "files": activity.evidence.select_related("uploaded_by").order_by("uploaded_at", "id"),
        "can_change": can_change,
        "evidence_form": evidence_form or (EvidenceForm() if can_change else None),
        "withdraw_form": withdraw_form or (WithdrawForm() if can_change else None),
        "can_see_history": request.user.has_perm("core.view_history", activity),
    }
    return render(request, "results/activity_detail.html", context, status=status)


@login_required
@require_GET
def activity_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, _activity(request, pk))


@login_required
@require_POST
def activity_add_evidence(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    activity = _activity(request, pk)
    require(request.user, "results.change_activity", activity, path=request.path)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with transaction.atomic():
                _store_files(request, activity, form.cleaned_data["evidence"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã thêm %(n)s tệp minh chứng.") % {"n": len(form.cleaned_data["evidence"])},
            )
            return redirect("results:activity_detail", pk=activity.pk)
    return _render_detail(request, activity, evidence_form=form, status=422)


@login_required
@require_POST
def activity_withdraw(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Withdraw an activity (soft): it stays, with its evidence, and no longer counts."""
    activity = _activity(request, pk)
    require(request.user, "results.change_activity", activity, path=request.path)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.withdraw_activity(
                activity, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("Đã rút lại hoạt động “%(title)s”; hoạt động không còn được tính điểm.")
                % {"title": activity.title},
            )
            return redirect("results:activity_detail", pk=activity.pk)
    return _render_detail(request, activity, withdraw_form=form, status=422)


@login_required
@require_GET
def evidence_download(request: HtmxHttpRequest, pk: int) -> FileResponse:
    """An evidence file, to those who may see its owner: sent as an attachment under its
    original name, with the detected content type and ``nosniff``."""
    item = get_visible_or_404(
        request,
        visible_evidence(request.user).select_related("activity__unit", "activity__movement"),
        evidence.EvidenceFile,
        "results.view_evidence",
        pk=pk,
    )
    require(request.user, "results.view_evidence", item, path=request.path)
    try:
        handle = evidence.open_evidence(item)
    except FileNotFoundError:
        raise Http404 from None
    return evidence_response(handle, item)


def evidence_response(handle: Any, item: evidence.EvidenceFile) -> FileResponse:
    """The download answer shared by the page and the API."""
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# -- Reporting progress per unit -------------------------------------------------------------


@login_required
@require_GET
def activity_progress(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Per participating unit (all of them for the officer running the movement, the units of
    their subtree for a unit head): activities reported, how many in border areas, the latest
    date, and each criterion counted from activities: the unit's total against the target."""
    movement = get_movement(request, code)
    require(request.user, "movements.view_unit_progress", None, path=request.path)
    page = paginate(request, progress_units(request.user, movement).order_by("path"))
    units = list(page.object_list)
    reporting = services.unit_reporting(movement, [u.pk for u in units])
    criteria = list(
        Criterion.objects.filter(
            section__table__movement=movement, method=ScoringMethod.COUNTED
        ).order_by("section__order", "order")
    )
    totals = indicator_totals(movement, by="unit") if criteria else {}
    indicators = {
        i.key: i for i in ActivityIndicator.objects.select_related("kind").order_by("kind__code")
    }
    empty = services.UnitReporting()
    rows = []
    for unit in units:
        unit_totals = totals.get(unit.pk, {})
        cells = []
        for criterion in criteria:
            value = unit_totals.get(criterion.indicator, 0)
            target = criterion.target_value
            cells.append(
                {
                    "label": f"{criterion.code} {criterion.title}",
                    "value": value,
                    "target": target,
                    "percent": min(100, round(100 * value / target)) if target else None,
                }
            )
        rows.append({"unit": unit, "figures": reporting.get(unit.pk, empty), "cells": cells})
    context = {
        "movement": movement,
        "page": page,
        "rows": rows,
        "criteria": [(c, indicators.get(c.indicator)) for c in criteria],
    }
    return render(request, "results/activity_progress.html", context)


# -- The catalogue of activity kinds ---------------------------------------------------------


@login_required
@require_GET
def activity_kind_list(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, "results.manage_activity_kinds", None, path=request.path)
    kinds = ActivityKind.objects.prefetch_related("indicators").order_by("order", "code")
    return render(request, "results/activity_kind_list.html", {"kinds": kinds})


def _kind_form_page(request: HtmxHttpRequest, kind: ActivityKind | None) -> HttpResponse:
    existing = kind is not None
    if request.method == "POST":
        form = ActivityKindForm(
            request.POST, existing=existing, initial=kind_initial(kind)[0] if kind else None
        )
        formset = IndicatorFormSet(
            request.POST, prefix="indicators", initial=kind_initial(kind)[1] if kind else None
        )
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            try:
                saved = services.save_activity_kind(
                    kind.code if kind else data["code"],
                    name=data["name"],
                    description=data["description"],
                    order=data["order"],
                    is_active=data["is_active"],
                    indicators=indicator_rows(formset),
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Đã lưu loại hoạt động “%(name)s”.") % {"name": saved.name}
                )
                return redirect("results:activity_kind_list")
        status = 422
    else:
        initial, rows = kind_initial(kind) if kind else ({}, [])
        form = ActivityKindForm(existing=existing, initial=initial or None)
        formset = IndicatorFormSet(prefix="indicators", initial=rows)
        status = 200
    context = {"kind": kind, "form": form, "formset": formset}
    return render(request, "results/activity_kind_form.html", context, status=status)


@login_required
def activity_kind_create(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, "results.manage_activity_kinds", None, path=request.path)
    return _kind_form_page(request, None)


@login_required
def activity_kind_edit(request: HtmxHttpRequest, kind_code: str) -> HttpResponse:
    require(request.user, "results.manage_activity_kinds", None, path=request.path)
    kind = ActivityKind.objects.filter(code=kind_code).first()
    if kind is None:
        raise Http404
    return _kind_form_page(request, kind)


@login_required
@require_POST
def activity_kind_toggle(request: HtmxHttpRequest, kind_code: str) -> HttpResponse:
    """Deactivate a kind (never delete: reported activities keep it), or use it again."""
    require(request.user, "results.manage_activity_kinds", None, path=request.path)
    kind = ActivityKind.objects.filter(code=kind_code).first()
    if kind is None:
        raise Http404
    active = request.POST.get("active") == "1"
    services.set_activity_kind_active(kind, active, actor=request.user)
    if active:
        text = _("Loại hoạt động “%(name)s” được dùng trở lại.")
    else:
        text = _("Đã ngừng dùng loại hoạt động “%(name)s” cho báo cáo mới.")
    messages.success(request, text % {"name": kind.name})
    return redirect("results:activity_kind_list")
