"""The public-holiday calendar page for administrators and emulation officers
(``awards.manage_holidays``): the days off of a year (statutory, compensatory, local), adding a
compensatory day off or a local holiday, removing one that no published disclosure counted
with (``awards.holidays``), and a working-day calculator (``core.workdays``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from thidua.awards import holidays as services
from thidua.awards.views_helpers import flash_errors
from thidua.core.models import PublicHoliday
from thidua.core.permissions import require
from thidua.core.workdays import add_working_days
from thidua.org.forms_edit import add_service_errors

PERMISSION = "awards.manage_holidays"
MIN_YEAR, MAX_YEAR = 2000, 2100
MAX_CALC_DAYS = 365
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class HolidayForm(forms.Form):
    day = forms.DateField(label=gettext_lazy("Ngày nghỉ"), widget=DATE_WIDGET)
    name = forms.CharField(
        label=gettext_lazy("Tên ngày nghỉ"),
        max_length=200,
        help_text=gettext_lazy("Ví dụ: Nghỉ bù Tết Nguyên đán theo Thông báo của Chính phủ."),
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại ngày nghỉ"),
        choices=[(k.value, k.label) for k in services.ADDABLE_KINDS],
    )


class WorkdayForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("Ngày bắt đầu"), widget=DATE_WIDGET)
    days = forms.IntegerField(
        label=gettext_lazy("Số ngày làm việc"), min_value=1, max_value=MAX_CALC_DAYS
    )


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "") or request.POST.get("year", "")
    if raw.isdigit() and MIN_YEAR <= int(raw) <= MAX_YEAR:
        return int(raw)
    return timezone.localdate().year


def _calculation(form: WorkdayForm) -> dict[str, Any] | None:
    if not form.is_bound or not form.is_valid():
        return None
    start, days = form.cleaned_data["start"], form.cleaned_data["days"]
    last = add_working_days(start, days)
    skipped = PublicHoliday.objects.filter(date__gte=start, date__lte=last).order_by("date")
    return {"start": start, "days": days, "last": last, "skipped": list(skipped)}


def _page(
    request: HttpRequest, *, year: int, form: HolidayForm | None = None, status: int = 200
) -> HttpResponse:
    rows = list(PublicHoliday.objects.filter(date__year=year).order_by("date"))
    counts = Counter(row.kind for row in rows)
    calc_form = WorkdayForm(request.GET if "start" in request.GET else None)
    return render(
        request,
        "awards/holiday_list.html",
        {
            "year": year,
            "previous_year": year - 1 if year > MIN_YEAR else None,
            "next_year": year + 1 if year < MAX_YEAR else None,
            "rows": rows,
            "counts": [(kind.label, counts.get(kind.value, 0)) for kind in PublicHoliday.Kind],
            "statutory": PublicHoliday.Kind.STATUTORY,
            "form": form or HolidayForm(initial={"kind": PublicHoliday.Kind.COMPENSATORY}),
            "calc_form": calc_form,
            "calc": _calculation(calc_form),
            "weekend_note": _("Thứ Bảy, Chủ nhật không được liệt kê: luôn là ngày nghỉ."),
        },
        status=status,
    )


@login_required
@require_safe
def holiday_list(request: HttpRequest) -> HttpResponse:
    require(request.user, PERMISSION, None, path=request.path)
    return _page(request, year=_year(request))


@login_required
@require_POST
def holiday_add(request: HttpRequest) -> HttpResponse:
    require(request.user, PERMISSION, None, path=request.path)
    form = HolidayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            holiday = services.add_day_off(
                day=data["day"], name=data["name"], kind=data["kind"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thêm ngày nghỉ %(holiday)s.") % {"holiday": holiday})
            return redirect(f"{reverse('awards:holiday_list')}?year={holiday.date.year}")
    day = form.cleaned_data.get("day") if hasattr(form, "cleaned_data") else None
    return _page(request, year=day.year if day else _year(request), form=form, status=422)


@login_required
@require_POST
def holiday_remove(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, PERMISSION, None, path=request.path)
    holiday = get_object_or_404(PublicHoliday, pk=pk)
    year = holiday.date.year
    with flash_errors(request):
        services.remove_day_off(holiday, actor=request.user)
        messages.success(request, _("Đã bỏ ngày nghỉ %(holiday)s.") % {"holiday": holiday})
    return redirect(f"{reverse('awards:holiday_list')}?year={year}")
