"""The participation panel of a movement page: what the current user can do now (confirm the
briefing, register or see their registration, and links for unit heads and officers).

The movement page includes ``movements/_participation_panel.html`` with only ``movement``,
``user``, ``request`` and ``perms`` in its context; this tag computes the rest through the
services, phases and visibility queries, in a fixed handful of queries.
"""

from __future__ import annotations

from typing import Any

from django import template

from thidua.movements.enums import MovementState, RegistrationState, UnitPlanState
from thidua.movements.models import Briefing, Movement
from thidua.movements.phases import briefing_open, registration_deadline, registration_open
from thidua.movements.queries import (
    decidable_registrations,
    headed_units,
    participant_units,
    visible_registrations,
    visible_unit_plans,
)
from thidua.org.queries import own_person_id

register = template.Library()

# A registration in these states stands: it can be withdrawn, and no new one is offered.
STANDING = {RegistrationState.SUBMITTED, RegistrationState.CONFIRMED}


def panel_data(user: Any, movement: Movement) -> dict[str, Any]:
    """Everything the panel shows, for ``user`` in ``movement``."""
    data: dict[str, Any] = {"is_draft": movement.state == MovementState.DRAFT}
    if data["is_draft"] or not getattr(user, "is_authenticated", False):
        return data
    person_id = own_person_id(user)
    data["participating"] = person_id is not None and (
        participant_units(movement).filter(people__pk=person_id).exists()
    )
    if person_id is not None and data["participating"]:
        data["briefing"] = Briefing.objects.filter(movement=movement, person_id=person_id).first()
        data["can_brief"] = briefing_open(movement) and user.has_perm(
            "movements.confirm_briefing", movement
        )
        own = visible_registrations(user).filter(movement=movement, person_id=person_id).first()
        data["own_registration"] = own
        standing = own is not None and own.state in STANDING
        data["can_withdraw_own"] = standing
        data["can_register_self"] = not standing and user.has_perm(
            "movements.register_self", movement
        )
    data["registration_open"] = registration_open(movement)
    data["deadline"] = registration_deadline(movement)
    heads = list(headed_units(user, movement).order_by("path"))
    if heads:
        plans = {
            p.unit_id: p for p in visible_unit_plans(user).filter(movement=movement, unit__in=heads)
        }
        unit_regs = {
            r.unit_id: r
            for r in visible_registrations(user).filter(
                movement=movement, person__isnull=True, unit__in=heads
            )
        }
        data["head_rows"] = [
            {"unit": u, "plan": plans.get(u.pk), "registration": unit_regs.get(u.pk)} for u in heads
        ]
    data["can_progress"] = user.has_perm("movements.view_unit_progress", None)
    data["manages"] = user.has_perm("movements.manage_movement", movement)
    if heads or data["manages"]:
        data["pending_registrations"] = (
            decidable_registrations(user)
            .filter(movement=movement, state=RegistrationState.SUBMITTED)
            .count()
        )
    if data["manages"]:
        data["submitted_plans"] = (
            visible_unit_plans(user)
            .filter(movement=movement, state=UnitPlanState.SUBMITTED)
            .count()
        )
    return data


@register.inclusion_tag("movements/participation_panel.html", takes_context=True)
def participation_panel(context: template.Context, movement: Movement) -> dict[str, Any]:
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    return {
        "movement": movement,
        "request": request,
        "user": user,
        "next_url": request.get_full_path() if request is not None else "",
        **panel_data(user, movement),
    }
