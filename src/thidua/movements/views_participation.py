"""Pages with which units and people take part in a launched movement (S13): the unit's plan
and its review, the staff's briefing confirmation, and the completion figures per unit
(registrations, S14, are in ``views_registration``, which shares the helpers here).

Thin: each view fetches the movement through ``visible_movements`` (404, recorded, when it is
not visible), checks the permission with the right object (``require``: 403, recorded), reads
data through the visibility queries and hands the form's data to the services in
``thidua.movements.participation``, whose Vietnamese ``ValidationError`` is shown on the form.
Phase-dependent rights come from ``thidua.movements.phases``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.http import HtmxHttpRequest
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements import participation
from thidua.movements.enums import UnitPlanState
from thidua.movements.forms_participation import (
    TARGETS_PREFIX,
    ReviewPlanForm,
    UnitPlanForm,
    plan_choices,
    plan_initial,
    target_formset,
)
from thidua.movements.models import Movement, UnitPlan
from thidua.movements.phases import unit_plans_open
from thidua.movements.queries import (
    participant_units,
    progress_units,
    visible_movements,
    visible_registrations,
    visible_unit_plans,
)
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Person, Unit

EDITABLE_PLAN_STATES = {UnitPlanState.DRAFT, UnitPlanState.RETURNED}
MAX_TARGET_ROWS = 200


# -- Helpers ---------------------------------------------------------------------------------


def get_movement(request: HtmxHttpRequest, code: str) -> Movement:
    return get_visible_or_404(
        request,
        visible_movements(request.user).select_related("organizer"),
        Movement,
        "movements.view_movement",
        code=code,
    )


def get_participant_unit(movement: Movement, unit_code: str) -> Unit:
    """A unit taking part in the movement (the participants are no secret to someone who sees
    the movement); whether the user may act for it is checked by the caller."""
    unit = participant_units(movement).filter(code=unit_code).first()
    if unit is None:
        raise Http404
    return unit


def movement_url(movement: Movement) -> str:
    """The movement's own page, or this app's participation page while there is none."""
    try:
        return reverse("movements:detail", args=[movement.code])
    except NoReverseMatch:
        return reverse("movements:participation", args=[movement.code])


def next_or(request: HtmxHttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def paginate(request: HtmxHttpRequest, items: Any) -> Any:
    return Paginator(items, settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))


# -- The participation panel as a page, and the briefing -------------------------------------


@login_required
@require_GET
def participation_page(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """What the user can do in the movement now (the same panel as on the movement page)."""
    movement = get_movement(request, code)
    return render(request, "movements/participation_page.html", {"movement": movement})


@login_required
@require_POST
def briefing_confirm(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """One click: "I was briefed on this movement". With htmx the button is replaced by the
    confirmation; without, the user goes back to the page they came from."""
    movement = get_movement(request, code)
    require(request.user, "movements.confirm_briefing", movement, path=request.path)
    person = request.user.person  # type: ignore[union-attr]
    briefing, error = None, ""
    try:
        briefing = participation.confirm_briefing(movement, person, actor=request.user)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    if request.htmx:
        context = {
            "movement": movement,
            "briefing": briefing,
            "can_brief": True,
            "briefing_error": error,
            "focus": True,
            "next_url": next_or(request, movement_url(movement)),
        }
        return render(request, "movements/participation_briefing.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã ghi nhận: bạn đã được quán triệt về phong trào."))
    return redirect(next_or(request, movement_url(movement)))


# -- Completion per unit ---------------------------------------------------------------------


@login_required
@require_GET
def progress(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Staff, briefed and registered per unit, with the unit plan's state: every participating
    unit for the officer running the movement, the units of their subtree for a unit head."""
    movement = get_movement(request, code)
    require(request.user, "movements.view_unit_progress", None, path=request.path)
    page = paginate(request, progress_units(request.user, movement).order_by("path"))
    rows = participation.unit_completion(movement, page.object_list)
    unit_regs = {
        r.unit_id: r
        for r in visible_registrations(request.user).filter(
            movement=movement, person__isnull=True, unit_id__in=[row.unit_id for row in rows]
        )
    }
    labels = dict(UnitPlanState.choices)
    context = {
        "movement": movement,
        "page": page,
        "rows": [
            {
                "figures": row,
                "plan_label": labels.get(row.plan_state or ""),
                "plan_state": row.plan_state,
                "unit_registration": unit_regs.get(row.unit_id),
                "not_briefed": row.staff - row.briefed,
            }
            for row in rows
        ],
    }
    return render(request, "movements/participation_progress.html", context)


@login_required
@require_GET
def progress_unit(request: HtmxHttpRequest, code: str, unit_code: str) -> HttpResponse:
    """The staff of one unit who have not yet confirmed the briefing (for its head and the
    officer)."""
    movement = get_movement(request, code)
    unit = get_visible_or_404(
        request,
        progress_units(request.user, movement),
        Unit,
        "movements.view_unit_progress",
        code=unit_code,
    )
    (figures,) = participation.unit_completion(movement, [unit])
    # The unit is one whose progress the user may see; its staff in post are part of that.
    people = (
        Person.objects.filter(unit=unit, left_on__isnull=True)
        .exclude(briefings__movement=movement)
        .order_by("search", "code")
    )
    context = {
        "movement": movement,
        "unit": unit,
        "figures": figures,
        "page": paginate(request, people),
    }
    return render(request, "movements/participation_progress_unit.html", context)


# -- Unit plans ------------------------------------------------------------------------------


@login_required
@require_GET
def unit_plan_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Every participating unit with the state of its plan, for the officer running the
    movement (who reviews the plans: ``review_unit_plan`` is the same rule per plan)."""
    movement = get_movement(request, code)
    require(request.user, "movements.manage_movement", movement, path=request.path)
    plans = visible_unit_plans(request.user).filter(movement=movement)
    units = participant_units(movement).order_by("path")
    state = request.GET.get("trang-thai", "")
    if state in UnitPlanState.values:
        units = units.filter(pk__in=plans.filter(state=state).values("unit_id"))
    elif state == "NONE":
        units = units.exclude(pk__in=plans.values("unit_id"))
    page = paginate(request, units)
    by_unit = {
        p.unit_id: p
        for p in plans.filter(unit__in=list(page.object_list)).annotate(
            target_count=Count("targets")
        )
    }
    counts = dict(plans.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    context = {
        "movement": movement,
        "page": page,
        "rows": [(unit, by_unit.get(unit.pk)) for unit in page.object_list],
        "state": state,
        "states": [(value, label, counts.get(value, 0)) for value, label in UnitPlanState.choices],
        "query": urlencode({"trang-thai": state}) if state else "",
    }
    return render(request, "movements/unitplan_list.html", context)


def _plan_access(request: HtmxHttpRequest, movement: Movement, unit: Unit) -> tuple[bool, bool]:
    """(may write, may review); neither: 403, recorded with the unit."""
    can_write = request.user.has_perm("movements.write_unit_plan", unit)
    can_review = request.user.has_perm("movements.manage_movement", movement)
    if not (can_write or can_review):
        require(request.user, "movements.write_unit_plan", unit, path=request.path)
    return can_write, can_review


def _render_plan(
    request: HtmxHttpRequest,
    movement: Movement,
    unit: Unit,
    plan: UnitPlan | None,
    *,
    can_write: bool,
    can_review: bool,
    form: UnitPlanForm | None = None,
    formset: Any = None,
    review_form: ReviewPlanForm | None = None,
) -> HttpResponse:
    editable = (
        can_write
        and unit_plans_open(movement)
        and (plan is None or plan.state in EDITABLE_PLAN_STATES)
    )
    sections, tasks = plan_choices(movement)
    if editable and form is None:
        initial = plan_initial(plan)
        form = UnitPlanForm(initial={"summary": plan.summary if plan else ""})
        formset = target_formset(
            sections=sections, tasks=tasks, initial=initial, extra=0 if initial else 1
        )
    targets = []
    if plan is not None and not editable:
        targets = list(plan.targets.select_related("section", "parent_task"))
    # A POST refused by the service when the plan is no longer editable: say why.
    refusal = list(form.non_field_errors()) if form is not None and not editable else []
    if review_form is None and can_review and plan and plan.state == UnitPlanState.SUBMITTED:
        review_form = ReviewPlanForm()
    context = {
        "movement": movement,
        "unit": unit,
        "plan": plan,
        "editable": editable,
        "form": form if editable else None,
        "formset": formset if editable else None,
        "has_tasks": bool(tasks),
        "targets": targets,
        "review_form": review_form,
        "can_review": can_review,
        "refusal": refusal,
    }
    return render(request, "movements/unitplan_form.html", context)


@login_required
def unit_plan(request: HtmxHttpRequest, code: str, unit_code: str) -> HttpResponse:
    """The unit's plan: summary and target rows, "Lưu" and "Gửi duyệt" while it is a draft or
    returned; read-only once submitted; the officer's review form on a submitted plan."""
    movement = get_movement(request, code)
    unit = get_participant_unit(movement, unit_code)
    can_write, can_review = _plan_access(request, movement, unit)
    plan = (
        visible_unit_plans(request.user)
        .filter(movement=movement, unit=unit)
        .select_related("reviewed_by")
        .first()
    )
    if request.method != "POST":
        return _render_plan(
            request, movement, unit, plan, can_write=can_write, can_review=can_review
        )
    require(request.user, "movements.write_unit_plan", unit, path=request.path)
    sections, tasks = plan_choices(movement)
    action = request.POST.get("action", "save")
    data: Any = request.POST
    if action == "add_row":
        # Without JavaScript "Thêm dòng" posts the form back with one more empty row.
        data = request.POST.copy()
        try:
            total = int(data.get(f"{TARGETS_PREFIX}-TOTAL_FORMS", "0"))
        except ValueError:
            total = 0
        data[f"{TARGETS_PREFIX}-TOTAL_FORMS"] = str(min(max(total, 0) + 1, MAX_TARGET_ROWS))
    form = UnitPlanForm(data)
    formset = target_formset(data, sections=sections, tasks=tasks)
    if action != "add_row" and form.is_valid() and formset.is_valid():
        try:
            with transaction.atomic():
                saved = participation.save_unit_plan(
                    movement,
                    unit,
                    summary=form.cleaned_data["summary"],
                    targets=formset.targets(),
                    actor=request.user,
                )
                if action == "submit":
                    participation.set_unit_plan_state(
                        saved, UnitPlanState.SUBMITTED, actor=request.user
                    )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if action == "submit":
                messages.success(request, _("Đã gửi kế hoạch của đơn vị để cán bộ thi đua duyệt."))
            else:
                messages.success(request, _("Đã lưu kế hoạch của đơn vị."))
            return redirect("movements:unit_plan", code=movement.code, unit_code=unit.code)
    return _render_plan(
        request,
        movement,
        unit,
        plan,
        can_write=can_write,
        can_review=can_review,
        form=form,
        formset=formset,
    )


@login_required
@require_GET
def unit_plan_row(request: HtmxHttpRequest, code: str, unit_code: str) -> HttpResponse:
    """One more empty target row (htmx "Thêm dòng"), with the formset's new row count."""
    movement = get_movement(request, code)
    unit = get_participant_unit(movement, unit_code)
    require(request.user, "movements.write_unit_plan", unit, path=request.path)
    try:
        index = int(request.GET.get(f"{TARGETS_PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        index = 0
    index = min(max(index, 0), MAX_TARGET_ROWS - 1)
    sections, tasks = plan_choices(movement)
    formset = target_formset(sections=sections, tasks=tasks)
    # The formset's own construction (prefix, ids, empty_permitted) for row ``index``.
    row = formset._construct_form(index, **formset.get_form_kwargs(index))  # type: ignore[attr-defined]
    row.fields["section"].widget.attrs["autofocus"] = True
    context = {"row": row, "total": index + 1, "has_tasks": bool(tasks)}
    return render(request, "movements/unitplan_row.html", context)


@login_required
@require_POST
def unit_plan_review(request: HtmxHttpRequest, code: str, unit_code: str) -> HttpResponse:
    """The officer approves a submitted plan or returns it with a comment for the unit."""
    movement = get_movement(request, code)
    unit = get_participant_unit(movement, unit_code)
    plan = get_visible_or_404(
        request,
        visible_unit_plans(request.user).select_related("reviewed_by"),
        UnitPlan,
        "movements.review_unit_plan",
        movement=movement,
        unit=unit,
    )
    plan.movement = movement
    require(request.user, "movements.review_unit_plan", plan, path=request.path)
    form = ReviewPlanForm(request.POST)
    if form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            participation.set_unit_plan_state(
                plan, decision, actor=request.user, comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if decision == UnitPlanState.APPROVED:
                text = _("Đã duyệt kế hoạch của “%(unit)s”.")
            else:
                text = _("Đã trả lại kế hoạch của “%(unit)s” kèm ý kiến.")
            messages.success(request, text % {"unit": unit.name})
            return redirect("movements:unit_plan_list", code=movement.code)
    can_write = request.user.has_perm("movements.write_unit_plan", unit)
    return _render_plan(
        request, movement, unit, plan, can_write=can_write, can_review=True, review_form=form
    )
