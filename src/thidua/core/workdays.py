"""Working days: Monday to Friday that are not a ``PublicHoliday`` (statutory, compensatory or
local). Every function reads the holidays of the range it needs in one query, then counts in
Python; periods of legal procedures (public disclosure, processing times) are computed here.

Conventions: a period of ``n`` working days that starts on ``start`` begins on ``start`` if it
is a working day, else on the next working day; ``add_working_days`` gives its last day.
``working_days_between(a, b)`` counts the working days from ``a`` to ``b``, both included.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import record_event
from thidua.core.models import PublicHoliday

ONE_DAY = dt.timedelta(days=1)
SATURDAY = 5


def holidays_between(first: dt.date, last: dt.date) -> set[dt.date]:
    """The holiday dates from ``first`` to ``last`` (inclusive), in one query."""
    if last < first:
        return set()
    return set(
        PublicHoliday.objects.filter(date__gte=first, date__lte=last).values_list("date", flat=True)
    )


def _is_working(day: dt.date, holidays: set[dt.date]) -> bool:
    return day.weekday() < SATURDAY and day not in holidays


def is_working_day(day: dt.date, *, holidays: Iterable[dt.date] | None = None) -> bool:
    """Whether ``day`` is a working day; ``holidays`` spares the query when already known."""
    known = set(holidays) if holidays is not None else holidays_between(day, day)
    return _is_working(day, known)


def _window(n: int) -> dt.timedelta:
    # n working days fit in n * 7 / 5 calendar days plus the longest run of holidays (Tết:
    # 9 days with weekends): a generous window means one query in practice.
    return dt.timedelta(days=n * 7 // 5 + 21)


def add_working_days(start: dt.date, n: int) -> dt.date:
    """The last day of a period of ``n`` working days (n >= 1) starting on ``start`` or, when
    ``start`` is not a working day, on the next working day."""
    if n < 1:
        raise ValueError("n must be at least 1")
    day = start
    counted = 0
    while True:
        window_end = day + _window(n - counted)
        holidays = holidays_between(day, window_end)
        while day <= window_end:
            if _is_working(day, holidays):
                counted += 1
                if counted == n:
                    return day
            day += ONE_DAY


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the next one."""
    return add_working_days(day, 1)


def working_days_between(first: dt.date, last: dt.date) -> int:
    """How many working days lie from ``first`` to ``last``, both included (0 if last < first)."""
    if last < first:
        return 0
    holidays = holidays_between(first, last)
    count = 0
    day = first
    while day <= last:
        if _is_working(day, holidays):
            count += 1
        day += ONE_DAY
    return count


def add_holiday(
    *, day: dt.date, name: str, kind: str = PublicHoliday.Kind.COMPENSATORY, actor: object
) -> PublicHoliday:
    """Add a compensatory or local day off (statutory days come from the seed)."""
    errors: dict[str, str] = {}
    name = (name or "").strip()
    if not name:
        errors["name"] = _("Ghi tên ngày nghỉ (ví dụ: Nghỉ bù Tết Nguyên đán).")
    if kind not in PublicHoliday.Kind.values:
        errors["kind"] = _("Loại ngày nghỉ không hợp lệ.")
    elif PublicHoliday.objects.filter(date=day).exists():
        errors["day"] = _("Ngày %(day)s đã là ngày nghỉ.") % {"day": day.strftime("%d/%m/%Y")}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        holiday = PublicHoliday.objects.create(date=day, name=name, kind=kind)
        record_event(
            "core.holiday.add",
            holiday,
            actor=actor,
            after={"date": day, "name": name, "kind": kind},
        )
    return holiday
