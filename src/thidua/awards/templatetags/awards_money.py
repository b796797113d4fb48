"""``{{ amount|vnd }}``: money in đồng the way Vietnamese documents write it (2.340.000)."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def vnd(value: Any) -> str:
    if value in (None, ""):
        return "0"
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return sign + f"{abs(amount):,}".replace(",", ".")
