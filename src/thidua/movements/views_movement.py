"""The emulation officer's pages of a movement: the list, the detail (everything the founding
plan says), creating and editing the movement and its parts, its state, and the criteria
table editor.

Thin: each view reads movements through ``visible_movements`` / ``managed_movements`` (an
attempt on a movement out of reach is recorded and answered 404), checks the permission
(``require``: a refusal is recorded, 403), hands the form's data to ``services`` or
``criteria`` and redirects after a successful POST. Phase-dependent rights come from
``phases``; no view compares dates.
"""

from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.core.codes import AWARDS
from thidua.core.http import HtmxHttpRequest
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements import services
from thidua.movements.enums import MOVEMENT_TRANSITIONS, MovementState
from thidua.movements.forms_movement import (
    BaseSectionFormSet,
    ForeseenAwardsForm,
    LegalBasesForm,
    MovementFilterForm,
    MovementForm,
    ParentPlanForm,
    ParticipantsForm,
    PhasesForm,
    SectionFormSet,
    authority_line,
    participant_candidates,
)
from thidua.movements.models import CriteriaTable, Movement
from thidua.movements.phases import phase_open
from thidua.movements.queries import managed_movements, visible_movements
from thidua.org.enums import UnitKind
from thidua.org.forms_edit import add_service_errors, open_on
from thidua.org.models import Unit
from thidua.org.queries import editable_units, visible_units

VIEW, MANAGE = "movements.view_movement", "movements.manage_movement"
STATE_BADGE: dict[str, str] = {
    MovementState.DRAFT: "warning",
    MovementState.LAUNCHED: "success",
    MovementState.UNDER_REVIEW: "info",
    MovementState.CLOSED: "info",
}


def _transition_label(old: str, new: str) -> str:
    labels: dict[tuple[str, str], str] = {
        (MovementState.DRAFT, MovementState.LAUNCHED): _("Phát động phong trào"),
        (MovementState.LAUNCHED, MovementState.UNDER_REVIEW): _("Chuyển sang sơ kết, tổng kết"),
        (MovementState.UNDER_REVIEW, MovementState.CLOSED): _("Kết thúc phong trào"),
        (MovementState.UNDER_REVIEW, MovementState.LAUNCHED): _("Mở lại để tiếp tục thực hiện"),
    }
    return labels.get((old, new), str(MovementState(new).label))


def visible_movement_or_404(request: HttpRequest, code: str) -> Movement:
    return get_visible_or_404(
        request,
        visible_movements(request.user).select_related("organizer", "doc_issuer", "parent_plan"),
        Movement,
        VIEW,
        code=code,
    )


def managed_movement_or_404(request: HttpRequest, code: str) -> Movement:
    """A movement the user runs. Without the officer's right at all: 403 (recorded); a
    movement of another agency: 404 (recorded)."""
    require(request.user, MANAGE, None, path=request.path)
    movement = get_visible_or_404(
        request,
        managed_movements(request.user).select_related("organizer", "parent_plan"),
        Movement,
        MANAGE,
        code=code,
    )
    require(request.user, MANAGE, movement, path=request.path)
    return movement


def _closed(request: HttpRequest, movement: Movement) -> HttpResponse | None:
    if movement.state != MovementState.CLOSED:
        return None
    messages.error(request, _("Phong trào đã kết thúc, không thể sửa."))
    return redirect("movements:detail", code=movement.code)


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# -- List and detail -------------------------------------------------------------------------


@login_required
def movement_list(request: HtmxHttpRequest) -> HttpResponse:
    require(request.user, VIEW, None, path=request.path)
    form = MovementFilterForm(request.GET or None)
    movements = visible_movements(request.user).select_related("organizer")
    if form.is_valid():
        movements = form.apply(movements)
    paginator = Paginator(
        movements.order_by("-period_start", "name", "pk"), settings.THIDUA_PAGE_SIZE
    )
    page = paginator.get_page(request.GET.get("page"))
    for movement in page.object_list:
        movement.badge_level = STATE_BADGE[movement.state]  # type: ignore[attr-defined]
    context = {"form": form, "page": page, "query": _query_without_page(request)}
    template = "movements/movement_list.html"
    return render(request, f"{template}#results" if request.htmx else template, context)


def _detail_context(request: HttpRequest, movement: Movement, **extra: Any) -> dict[str, Any]:
    can_manage = request.user.has_perm(MANAGE, movement)
    phases = list(movement.phases.order_by("start", "end"))
    awards = list(movement.foreseen_awards.order_by("id"))
    context: dict[str, Any] = {
        "movement": movement,
        "badge_level": STATE_BADGE[movement.state],
        "can_manage": can_manage,
        "editable": can_manage and movement.state != MovementState.CLOSED,
        "signer_line": authority_line(movement.signer_authority, movement.signer_title),
        "legal_bases": movement.legal_bases.order_by("order"),
        "parent_tasks": movement.parent_plan.tasks.order_by("order")
        if movement.parent_plan
        else [],
        "sections": movement.sections.order_by("number").prefetch_related("parent_tasks"),
        "timeline": [(p, phase_open(movement, p.kind)) for p in phases],
        "participants": movement.participants.select_related("unit").order_by("role", "unit__path"),
        "outside_kinds": (UnitKind.OUTSIDE, UnitKind.LOCALITY),
        "foreseen_titles": [a for a in awards if AWARDS[a.award_code].is_title],
        "foreseen_forms": [a for a in awards if not AWARDS[a.award_code].is_title],
        "has_criteria": CriteriaTable.objects.filter(movement=movement).exists(),
        "transitions": [],
        "launch_problems": [],
    }
    if can_manage:
        context["transitions"] = [
            (state, _transition_label(movement.state, state))
            for state in MovementState.values
            if state in MOVEMENT_TRANSITIONS[movement.state]
        ]
        if movement.state == MovementState.DRAFT and "state_problems" not in extra:
            context["launch_problems"] = services.launch_problems(movement)
    context.update(extra)
    return context


@login_required
def movement_detail(request: HttpRequest, code: str) -> HttpResponse:
    movement = visible_movement_or_404(request, code)
    require(request.user, VIEW, movement, path=request.path)
    return render(request, "movements/movement_detail.html", _detail_context(request, movement))


@login_required
@require_POST
def movement_state(request: HttpRequest, code: str) -> HttpResponse:
    movement = managed_movement_or_404(request, code)
    new_state = request.POST.get("state", "")
    if new_state not in MovementState.values:
        messages.error(request, _("Trạng thái không hợp lệ."))
        return redirect("movements:detail", code=movement.code)
    note = request.POST.get("note", "").strip()[:1000]
    try:
        services.set_movement_state(movement, new_state, actor=request.user, note=note)
    except ValidationError as exc:
        movement.refresh_from_db()
        context = _detail_context(
            request,
            movement,
            state_problems=exc.messages,
            refused_label=_transition_label(movement.state, new_state),
        )
        return render(request, "movements/movement_detail.html", context)
    messages.success(
        request,
        _("Phong trào đã chuyển sang trạng thái “%(state)s”.")
        % {"state": MovementState(new_state).label},
    )
    return redirect("movements:detail", code=movement.code)


# -- Creating and editing --------------------------------------------------------------------


def _unit_choices(user: Any, *current: int | None) -> QuerySet[Unit]:
    """Units the user may edit and that are open, plus the current values."""
    units = open_on(editable_units(user), timezone.localdate())
    return Unit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk__in=[c for c in current if c]))


@login_required
def movement_create(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE, None, path=request.path)
    form = MovementForm(request.POST or None, units=_unit_choices(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            movement, _created, _changed = services.upsert_movement(
                form.cleaned_data["code"], actor=request.user, **form.service_values()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "Đã tạo phong trào “%(name)s”. Tiếp theo: căn cứ, nội dung thi đua, giai "
                    "đoạn, đơn vị tham gia và bảng tiêu chí."
                )
                % {"name": movement.name},
            )
            return redirect("movements:detail", code=movement.code)
    return render(
        request,
        "movements/movement_form.html",
        {"form": form, "movement": None, "title": _("Tạo phong trào")},
    )


@login_required
def movement_edit(request: HttpRequest, code: str) -> HttpResponse:
    movement = managed_movement_or_404(request, code)
    if refused := _closed(request, movement):
        return refused
    units = _unit_choices(request.user, movement.organizer_id, movement.doc_issuer_id)
    form = MovementForm(request.POST or None, units=units, instance=movement)
    if request.method == "POST" and form.is_valid():
        try:
            _m, _created, changed = services.upsert_movement(
                movement.code, actor=request.user, **form.service_values()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, movement, changed)
    title = _("Sửa phong trào “%(name)s”") % {"name": movement.name}
    return render(
        request,
        "movements/movement_form.html",
        {"form": form, "movement": movement, "title": title},
    )


def _saved(request: HttpRequest, movement: Movement, changed: bool = True) -> HttpResponse:
    if changed:
        messages.success(request, _("Đã lưu thay đổi của phong trào."))
    else:
        messages.info(request, _("Không có thay đổi nào để lưu."))
    return redirect("movements:detail", code=movement.code)


def _part_page(
    request: HttpRequest, movement: Movement, form: Any, title: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "movements/movement_part_form.html",
        {"form": form, "movement": movement, "title": title, "intro": intro},
    )


@login_required
def movement_legal_bases(request: HttpRequest, code: str) -> HttpResponse:
    movement = managed_movement_or_404(request, code)
    if refused := _closed(request, movement):
        return refused
    texts = movement.legal_bases.order_by("order").values_list("text", flat=True)
    form = LegalBasesForm(request.POST or None, initial={"texts": "\n".join(texts)})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_legal_bases(movement, form.cleaned_data["texts"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, movement)
    return _part_page(request, movement, form, _("Căn cứ của phong trào"))


@login_required
def movement_sections(request: HttpRequest, code: str) -> HttpResponse:
    movement = managed_movement_or_404(request, code)
    if refused := _closed(request, movement):
        return refused
    tasks = (
        [(t.code, f"{t.code}. {t.title}") for t in movement.parent_plan.tasks.order_by("order")]
        if movement.parent_plan
        else []
    )
    initial = [
        {
            "number": s.number,
            "title": s.title,
            "body": s.body,
            "parent_tasks": [t.code for t in s.parent_tasks.all()],
        }
        for s in movement.sections.order_by("number").prefetch_related("parent_tasks")
    ]
    formset = cast(
        BaseSectionFormSet,
        SectionFormSet(
            request.POST or None, initial=initial, form_kwargs={"tasks": tasks}, prefix="sections"
        ),
    )
    errors: list[str] = []
    if request.method == "POST" and formset.is_valid():
        try:
            services.set_sections(movement, formset.sections(), actor=request.user)
        except ValidationError as exc:
            errors = exc.messages
        else:
            return _saved(request, movement)
    return render(
        request,
        "movements/movement_sections_form.html",
        {"formset": formset, "movement": movement, "errors": errors, "has_tasks": bool(tasks)},
    )


@login_required
def movement_phases(request: HttpRequest, code: str) -> HttpResponse:
    movement = managed_movement_or_404(request, code)
    if refused := _closed(request, movement):
        return refused
    initial = {}
    for phase in movement.phases.all():
        initial[f"{phase.kind.lower()}_start"] = phase.start
        initial[f"{phase.kind.lower()}_end"] = phase.end
    form = PhasesForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_phases(movement, form.phases(), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc, form.field_map())
        else:
            return _saved(request, movement)
    return render(
        request, "movements/movement_phases_form.html", {"form": form, "movement": movement}
    )


@login_required
def movement_participants(request: HttpRequest, code: str) -> HttpResponse:
    movement = managed_movement_or_404(request, code)
    if refused := _closed(request, movement):
        return refused
    units = participant_candidates(visible_units(request.user), movement)
    current = list(movement.participants.values_list("unit_id", "role"))
    initial = {
        "units": [unit_id for unit_id, _role in current],
        "lead": next((unit_id for unit_id, role in current if role == "LEAD"), None),
    }
    form = ParticipantsForm(request.POST or None, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_participants(
                movement,
                form.cleaned_data["units"],
                lead=form.cleaned_data["lead"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, movement)
    intro = _(
        "Chọn các đơn vị tham gia, kể cả tổ chức bên ngoài (báo, đài, biên phòng) và địa "
        "phương. Đơn vị chủ trì luôn là đơn vị tham gia."
    )
    return _part_page(request, movement, form, _("Đơn vị tham gia"), intro)


@login_required
def movement_awards(request: HttpRequest, code: str) -> HttpResponse:
    movement = managed_movement_or_404(request, code)
    if refused := _closed(request, movement):
        return refused
    codes = list(movement.foreseen_awards.values_list("award_code", flat=True))
    form = ForeseenAwardsForm(request.POST or None, initial=ForeseenAwardsForm.initial_for(codes))
    if request.method == "POST" and form.is_valid():
        try:
            services.set_foreseen_awards(movement, form.codes(), actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _saved(request, movement)
    return _part_page(request, movement, form, _("Khen thưởng dự kiến"))


@login_required
def parent_plan_create(request: HttpRequest) -> HttpResponse:
    require(request.user, MANAGE, None, path=request.path)
    target = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = ""
    form = ParentPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = services.upsert_parent_plan(
            data["code"],
            number=data["number"],
            issued_on=data["issued_on"],
            issuer=data["issuer"],
            title=data["title"],
            tasks=data["tasks"],
            actor=request.user,
        )
        messages.success(
            request, _("Đã thêm kế hoạch cấp trên %(number)s.") % {"number": plan.number}
        )
        return redirect(target or "movements:list")
    return render(
        request, "movements/movement_parent_plan_form.html", {"form": form, "next": target}
    )
