"""Template helpers of the public pages."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from thidua.core.dates import format_date_vn
from thidua.movements.enums import MovementState

register = template.Library()


@register.filter
def vn_date(value: dt.date | None) -> str:
    """ "ngày 10 tháng 5 năm 2018", for dates written in prose (a moment: its local day)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return format_date_vn(value)


# The badge level of each public state of a movement.
STATE_LEVELS: dict[str, str] = {
    MovementState.LAUNCHED: "success",
    MovementState.UNDER_REVIEW: "warning",
    MovementState.CLOSED: "info",
}


@register.filter
def state_level(state: str) -> str:
    return STATE_LEVELS.get(state, "info")
