"""Dates written in prose on web pages, in the language of the page.

``{{ day|ui_date }}`` gives "ngày 10 tháng 5 năm 2018" on Vietnamese pages and "10 May 2018" on
English ones; ``{{ day|ui_date:"legal" }}`` keeps the administrative leading zeros in
Vietnamese ("ngày 05 tháng 12 năm 2018"). A moment (datetime) is written as its local day.
Generated documents do not use this filter: they always keep the Vietnamese form
(``thidua.core.dates.format_date_vn``).
"""

from __future__ import annotations

import datetime as dt

from django import template
from django.conf import settings
from django.utils import timezone, translation

from thidua.core.dates import format_date_ui

register = template.Library()


@register.filter
def ui_date(value: dt.date | None, form: str = "") -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    language = translation.get_language() or settings.LANGUAGE_CODE
    return format_date_ui(value, language=language, legal=form == "legal")
