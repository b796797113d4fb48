"""Registrations (S14): an individual registers for an individual title with personal
targets, a unit head registers the unit for a collective title; the unit head confirms or
rejects (with a reason) the individual registrations of their unit, the officer those of units;
the registrant withdraws.

Thin, like ``views_participation``: visible movement (404, recorded), ``require`` with the
registration or unit (403, recorded), data through ``visible_registrations``, writes through
``participation.register`` and ``participation.set_registration_state``. Whether registration
is open is ``phases.registration_open``'s answer; after the deadline the form is not offered
and a POST gets ``register``'s refusal.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thidua.core.http import HtmxHttpRequest
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements import participation
from thidua.movements.enums import RegistrationState
from thidua.movements.forms_participation import (
    DecideRegistrationForm,
    RegistrationForm,
    registration_award_codes,
)
from thidua.movements.models import Movement, Registration
from thidua.movements.phases import registration_deadline, registration_open
from thidua.movements.queries import participant_units, visible_registrations
from thidua.movements.views_participation import (
    get_movement,
    get_participant_unit,
    next_or,
    paginate,
)
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Person, Unit

REREGISTER_STATES = {RegistrationState.WITHDRAWN, RegistrationState.REJECTED}


def _registration_page(
    request: HtmxHttpRequest,
    movement: Movement,
    *,
    unit: Unit,
    person: Person | None,
    existing: Registration | None,
    title: str,
    participating: bool = True,
) -> HttpResponse:
    """Register a person (``person``) or a unit (``person=None``) for a title with targets.
    After the deadline the form is not offered, and a POST gets ``register``'s refusal."""
    collective = person is None
    is_open = registration_open(movement)
    codes = registration_award_codes(movement, collective=collective)
    initial = {}
    if existing is not None:
        initial = {"award_code": existing.award_code, "targets": existing.targets}
    form = RegistrationForm(
        request.POST if request.method == "POST" else None,
        codes=codes,
        collective=collective,
        initial=initial,
    )
    can_register = (
        participating and is_open and (existing is None or existing.state in REREGISTER_STATES)
    )
    if request.method == "POST":
        # ``register`` decides about the deadline, so it is asked even when the form is not
        # offered any more: its message is the answer.
        valid = form.is_valid()
        if valid or not is_open:
            data = form.cleaned_data
            try:
                participation.register(
                    movement,
                    unit=unit,
                    person=person,
                    award_code=data.get("award_code", ""),
                    targets=data.get("targets", ""),
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã đăng ký thi đua; đăng ký đang chờ xác nhận."))
                return redirect(request.path)
    can_withdraw = (
        existing is not None
        and existing.state in {RegistrationState.SUBMITTED, RegistrationState.CONFIRMED}
        and request.user.has_perm("movements.withdraw_registration", existing)
    )
    context = {
        "movement": movement,
        "unit": unit,
        "collective": collective,
        "title": title,
        "registration": existing,
        "form": form,
        "can_register": can_register,
        "can_withdraw": can_withdraw,
        "is_open": is_open,
        "deadline": registration_deadline(movement),
        "participating": participating,
    }
    return render(request, "movements/registration_form.html", context)


@login_required
def register_self(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """An individual registers for an individual title with personal targets."""
    movement = get_movement(request, code)
    require(request.user, "movements.register_self", movement, path=request.path)
    person = Person.objects.select_related("unit").get(pk=request.user.person.pk)  # type: ignore[union-attr]
    existing = (
        visible_registrations(request.user)
        .filter(movement=movement, person=person)
        .select_related("decided_by")
        .first()
    )
    participating = participant_units(movement).filter(pk=person.unit_id).exists()
    return _registration_page(
        request,
        movement,
        unit=person.unit,
        person=person,
        existing=existing,
        title=_("Đăng ký thi đua cá nhân"),
        participating=participating,
    )


@login_required
def register_unit(request: HtmxHttpRequest, code: str, unit_code: str) -> HttpResponse:
    """The unit head registers the unit for a collective title with the unit's targets."""
    movement = get_movement(request, code)
    unit = get_participant_unit(movement, unit_code)
    require(request.user, "movements.register_unit", unit, path=request.path)
    existing = (
        visible_registrations(request.user)
        .filter(movement=movement, unit=unit, person__isnull=True)
        .select_related("decided_by")
        .first()
    )
    return _registration_page(
        request,
        movement,
        unit=unit,
        person=None,
        existing=existing,
        title=_("Đăng ký thi đua tập thể: %(unit)s") % {"unit": unit.name},
    )


def _registration(request: HtmxHttpRequest, movement: Movement, pk: int, perm: str) -> Registration:
    registration = get_visible_or_404(
        request,
        visible_registrations(request.user).select_related("unit", "person", "decided_by"),
        Registration,
        perm,
        pk=pk,
        movement=movement,
    )
    registration.movement = movement
    require(request.user, perm, registration, path=request.path)
    return registration


@login_required
@require_POST
def registration_withdraw(request: HtmxHttpRequest, code: str, pk: int) -> HttpResponse:
    """The registrant (or, for a unit, its head) withdraws a registration."""
    movement = get_movement(request, code)
    registration = _registration(request, movement, pk, "movements.withdraw_registration")
    try:
        participation.set_registration_state(
            registration, RegistrationState.WITHDRAWN, actor=request.user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã rút đăng ký thi đua."))
    if registration.person_id is None:
        default = reverse("movements:register_unit", args=[movement.code, registration.unit.code])
    else:
        default = reverse("movements:register_self", args=[movement.code])
    return redirect(next_or(request, default))


def _with_decide_right(request: HtmxHttpRequest, registrations: Any) -> list[Registration]:
    """Mark each registration the user may confirm or reject now (the rules need the unit's
    path and the organiser's, fetched with the registrations: no query per row)."""
    rows = list(registrations)
    for r in rows:
        r.can_decide = r.state == RegistrationState.SUBMITTED and request.user.has_perm(
            "movements.decide_registration", r
        )
    return rows


@login_required
@require_GET
def registration_list(request: HtmxHttpRequest, code: str) -> HttpResponse:
    """Registrations a unit head (their unit's people) or the officer (everything in the
    movement, units' registrations to confirm) sees, with confirm and reject."""
    movement = get_movement(request, code)
    require(request.user, "movements.decide_registration", None, path=request.path)
    registrations = (
        visible_registrations(request.user)
        .filter(movement=movement)
        .select_related("unit", "person", "decided_by", "movement__organizer")
        .order_by("unit__path", "person__search", "pk")
    )
    state = request.GET.get("trang-thai", "")
    if state in RegistrationState.values:
        registrations = registrations.filter(state=state)
    unit_code = request.GET.get("don-vi", "")
    if unit_code:
        registrations = registrations.filter(unit__code=unit_code)
    page = paginate(request, registrations)
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "movement": movement,
        "page": page,
        "rows": _with_decide_right(request, page.object_list),
        "state": state,
        "states": RegistrationState.choices,
        "unit_code": unit_code,
        "query": params.urlencode(),
    }
    return render(request, "movements/registration_list.html", context)


@login_required
def registration_decide(request: HtmxHttpRequest, code: str, pk: int) -> HttpResponse:
    """Confirm or reject (with a reason) a submitted registration. With htmx the list row is
    replaced in place; without, the page with the form, then back to the list."""
    movement = get_movement(request, code)
    registration = _registration(request, movement, pk, "movements.decide_registration")
    form = DecideRegistrationForm(request.POST if request.method == "POST" else None)
    decided = False
    if request.method == "POST" and form.is_valid():
        try:
            participation.set_registration_state(
                registration,
                form.cleaned_data["decision"],
                actor=request.user,
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            decided = True
    if request.htmx and request.method == "POST":
        (row,) = _with_decide_right(request, [registration])
        context = {
            "movement": movement,
            "r": row,
            "row_form": None if decided else form,
            "just_decided": decided,
        }
        return render(request, "movements/registration_list.html#row", context)
    if decided:
        messages.success(
            request,
            _("Đã ghi ý kiến về đăng ký: %(state)s.") % {"state": registration.get_state_display()},
        )
        return redirect(
            next_or(request, reverse("movements:registration_list", args=[movement.code]))
        )
    context = {"movement": movement, "registration": registration, "form": form}
    return render(request, "movements/registration_decide.html", context)
