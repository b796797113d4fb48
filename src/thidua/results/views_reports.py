"""Periodic report pages: the reports of a movement, creating one for a unit (its content
prefilled from the unit's activities), editing and submitting it, and the officer's decision.

Thin: reports are read through ``visible_reports`` (404, recorded, outside the user's scope),
permissions are checked with their object (``require``), and the services in
``thidua.results.reports`` do the work; their Vietnamese ``ValidationError`` is shown on the form.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.http import HtmxHttpRequest
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements.phases import reports_open
from thidua.movements.queries import headed_units
from thidua.movements.views_participation import get_movement, get_participant_unit, paginate
from thidua.org.forms_edit import add_service_errors
from thidua.results import reports as services
from thidua.results.enums import ReportState
from thidua.results.forms_assessments import (
    ReportContentForm,
    ReportCreateForm,
    ReportDecisionForm,
)
from thidua.results.models import PeriodicReport
from thidua.results.queries import visible_reports


def _report(request: HtmxHttpRequest, pk: int) -> PeriodicReport:
    return get_visible_or_404(
        request,
        visible_reports(request.user).select_related("movement__organizer", "unit", "decided_by"),
        PeriodicReport,
        "results.view_report",
        pk=pk,
    )


@login_required
@require_GET
def report_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """The reports the user may see in the movement, newest period first per unit, with a link
    to write a new report for each unit the user heads."""
    movement = get_movement(request, code)
    require(request.user, "results.view_report", None, path=request.path)
    reports = (
        visible_reports(request.user)
        .filter(movement=movement)
        .select_related("unit")
        .order_by("unit__path", "-period_start", "period")
    )
    state = request.GET.get("trang-thai", "")
    if state in ReportState.values:
        reports = reports.filter(state=state)
    context = {
        "movement": movement,
        "page": paginate(request, reports),
        "state": state,
        "states": ReportState.choices,
        "query": f"trang-thai={state}" if state else "",
        "writable": list(headed_units(request.user, movement).order_by("path")),
        "open": reports_open(movement),
    }
    return render(request, "results/report_list.html", context)


@login_required
def report_create(request: HtmxHttpRequest, code: str, unit_code: str) -> HttpResponse:
    """A new report of the unit for a period; its content is prefilled from the unit's
    activities and edited on the next page."""
    movement = get_movement(request, code)
    unit = get_participant_unit(movement, unit_code)
    require(request.user, "results.write_report", unit, path=request.path)
    form = ReportCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.create_report(
                movement,
                unit,
                period=form.cleaned_data["period"],
                start=form.cleaned_data["period_start"],
                end=form.cleaned_data["period_end"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, _("Đã lập báo cáo; nội dung được tổng hợp sẵn từ các hoạt động.")
            )
            return redirect("results:report_detail", pk=report.pk)
    context = {"movement": movement, "unit": unit, "form": form, "open": reports_open(movement)}
    return render(request, "results/report_form.html", context)


def _render_detail(
    request: HtmxHttpRequest,
    report: PeriodicReport,
    *,
    form: ReportContentForm | None = None,
    decision_form: ReportDecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    can_write = request.user.has_perm("results.write_report", report.unit)
    can_review = request.user.has_perm("results.review_report", report)
    editable = (
        can_write
        and report.state in services.EDITABLE_REPORT_STATES
        and reports_open(report.movement)
    )
    if editable and form is None:
        form = ReportContentForm(initial={"content": report.content})
    if can_review and report.state == ReportState.SUBMITTED and decision_form is None:
        decision_form = ReportDecisionForm()
    context: dict[str, Any] = {
        "report": report,
        "movement": report.movement,
        "editable": editable,
        "form": form if editable else None,
        "decision_form": decision_form if can_review else None,
        "can_history": request.user.has_perm("core.view_history", report),
    }
    return render(request, "results/report_detail.html", context, status=status)


@login_required
def report_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The report; while a draft or returned its text is edited here ("Lưu", "Gửi báo cáo",
    and "Tổng hợp lại từ hoạt động", which refills the text without saving it)."""
    report = _report(request, pk)
    if request.method != "POST":
        return _render_detail(request, report)
    require(request.user, "results.write_report", report.unit, path=request.path)
    action = request.POST.get("action", "save")
    if action == "refill":
        summary = services.build_report_summary(
            report.movement, report.unit, report.period_start, report.period_end
        )
        messages.info(request, _("Đã tổng hợp lại nội dung từ hoạt động; bấm “Lưu” để giữ."))
        return _render_detail(request, report, form=ReportContentForm(initial={"content": summary}))
    form = ReportContentForm(request.POST)
    if form.is_valid():
        try:
            with transaction.atomic():
                services.save_report(
                    report, content=form.cleaned_data["content"], actor=request.user
                )
                if action == "submit":
                    services.set_report_state(report, ReportState.SUBMITTED, actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if action == "submit":
                messages.success(request, _("Đã gửi báo cáo cho cán bộ thi đua."))
            else:
                messages.success(request, _("Đã lưu báo cáo."))
            return redirect("results:report_detail", pk=report.pk)
    return _render_detail(request, report, form=form)


@login_required
@require_POST
def report_state(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The officer accepts a submitted report or returns it with a comment."""
    report = _report(request, pk)
    require(request.user, "results.review_report", report, path=request.path)
    form = ReportDecisionForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            services.set_report_state(
                report, decision, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if decision == ReportState.ACCEPTED:
                text = _("Đã tiếp nhận báo cáo của “%(unit)s”.")
            else:
                text = _("Đã trả lại báo cáo của “%(unit)s” kèm ý kiến.")
            messages.success(request, text % {"unit": report.unit.name})
            return redirect("results:report_list", code=report.movement.code)
    report.refresh_from_db(fields=["state"])
    return _render_detail(request, report, decision_form=form)
