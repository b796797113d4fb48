"""Periodic reports of a unit in a movement (monthly, quarterly, interim, final): created for a
period inside the movement's period, prefilled with a Vietnamese summary of the unit's reported
activities, edited while a draft or returned, submitted, then accepted or returned by the
emulation officer. ``set_report_state`` is the one way a report changes state."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record_event
from thidua.movements.models import Movement
from thidua.movements.phases import reports_open
from thidua.movements.queries import participant_units
from thidua.org.models import Unit
from thidua.results.enums import REPORT_TRANSITIONS, ReportPeriod, ReportState
from thidua.results.models import Activity, ActivityValue, PeriodicReport

EDITABLE_REPORT_STATES = frozenset({ReportState.DRAFT, ReportState.RETURNED})


def format_number(value: Decimal | int) -> str:
    """12,5; 1.250; 100: Vietnamese decimal comma and thousands dot, at most 2 decimals."""
    number = Decimal(value).quantize(Decimal("0.01"))
    integral, _sep, fraction = f"{number:,.2f}".partition(".")
    integral = integral.replace(",", ".")
    fraction = fraction.rstrip("0")
    return f"{integral},{fraction}" if fraction else integral


def _day(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


# --- The summary prefilled from activities -------------------------------------------------


def build_report_summary(movement: Movement, unit: Unit, start: dt.date, end: dt.date) -> str:
    """A Vietnamese summary of the unit's activities in the movement between two days: per
    activity kind the count, the border-area count and the indicator sums, the border-area
    share overall, and the list of activities with dates and places. Three queries."""
    activities = Activity.objects.filter(
        movement=movement,
        unit=unit,
        occurred_on__gte=start,
        occurred_on__lte=end,
        withdrawn_at__isnull=True,
    )
    per_kind = list(
        activities.values("kind_id", "kind__name", "kind__order", "kind__code")
        .annotate(n=Count("pk"), border=Count("pk", filter=Q(place__is_border=True)))
        .order_by("kind__order", "kind__code")
    )
    sums: dict[int, list[tuple[str, Decimal, str]]] = {}
    for value_row in (
        ActivityValue.objects.filter(activity__in=activities)
        .values(
            "indicator__kind_id",
            "indicator__name",
            "indicator__measure_unit",
            "indicator__order",
            "indicator__code",
        )
        .annotate(total=Sum("value"))
        .order_by("indicator__order", "indicator__code")
    ):
        sums.setdefault(value_row["indicator__kind_id"], []).append(
            (value_row["indicator__name"], value_row["total"], value_row["indicator__measure_unit"])
        )
    listing = list(
        activities.order_by("occurred_on", "pk").values_list(
            "occurred_on", "title", "kind__name", "place__name", "place__is_border"
        )
    )
    lines = [
        _("Phong trào: %(name)s") % {"name": movement.name},
        _("Đơn vị: %(unit)s") % {"unit": unit.name},
        _("Thời gian: từ ngày %(start)s đến ngày %(end)s")
        % {"start": _day(start), "end": _day(end)},
        "",
    ]
    if not listing:
        lines.append(_("Trong kỳ, đơn vị chưa báo cáo hoạt động nào."))
        return "\n".join(lines)
    lines.append(_("I. KẾT QUẢ THEO LOẠI HOẠT ĐỘNG"))
    for i, row in enumerate(per_kind, 1):
        lines.append(
            _("%(i)s. %(kind)s: %(n)s hoạt động, trong đó %(border)s ở khu vực biên giới.")
            % {"i": i, "kind": row["kind__name"], "n": row["n"], "border": row["border"]}
        )
        for name, total, measure in sums.get(row["kind_id"], []):
            lines.append(f"   - {name}: {format_number(total)}{' ' + measure if measure else ''}")
    count = sum(row["n"] for row in per_kind)
    border = sum(row["border"] for row in per_kind)
    share = format_number(Decimal(border * 100) / Decimal(count))
    lines += [
        _("Tổng cộng: %(n)s hoạt động; %(border)s hoạt động ở khu vực biên giới (%(share)s%%).")
        % {"n": count, "border": border, "share": share},
        "",
        _("II. DANH SÁCH HOẠT ĐỘNG"),
    ]
    for i, (day, title, kind, place, is_border) in enumerate(listing, 1):
        where = place or _("chưa ghi địa bàn")
        if is_border:
            where = _("%(place)s (khu vực biên giới)") % {"place": where}
        lines.append(f"{i}. {_day(day)} — {title} ({kind}) — {where}")
    return "\n".join(lines)


# --- Writing reports -----------------------------------------------------------------------


def _check_period(movement: Movement, period: str, start: dt.date, end: dt.date) -> None:
    errors: dict[str, str] = {}
    if period not in ReportPeriod.values:
        errors["period"] = _("Kỳ báo cáo không hợp lệ.")
    if end < start:
        errors["period_end"] = _("Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu.")
    if start < movement.period_start or start > movement.period_end:
        errors["period_start"] = _(
            "Ngày bắt đầu kỳ báo cáo phải nằm trong thời gian của phong trào "
            "(từ %(start)s đến %(end)s)."
        ) % {"start": _day(movement.period_start), "end": _day(movement.period_end)}
    if end > movement.period_end or end < movement.period_start:
        errors["period_end"] = _(
            "Ngày kết thúc kỳ báo cáo phải nằm trong thời gian của phong trào "
            "(từ %(start)s đến %(end)s)."
        ) % {"start": _day(movement.period_start), "end": _day(movement.period_end)}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_report(
    movement: Movement,
    unit: Unit,
    *,
    period: str,
    start: dt.date,
    end: dt.date,
    actor: Any = None,
) -> PeriodicReport:
    """A new report of the unit for a period, its content prefilled from the unit's activities.
    One report per unit, period kind and start day."""
    if not reports_open(movement):
        raise ValidationError(_("Phong trào chưa phát động hoặc đã kết thúc: không nhận báo cáo."))
    if not participant_units(movement).filter(pk=unit.pk).exists():
        raise ValidationError(
            {"unit": _("Đơn vị “%(unit)s” không tham gia phong trào này.") % {"unit": unit.name}}
        )
    _check_period(movement, period, start, end)
    duplicate = PeriodicReport.objects.filter(
        movement=movement, unit=unit, period=period, period_start=start
    ).exists()
    message = _("Đơn vị “%(unit)s” đã có %(period)s bắt đầu từ ngày %(start)s.") % {
        "unit": unit.name,
        "period": ReportPeriod(period).label.lower(),
        "start": _day(start),
    }
    if duplicate:
        raise ValidationError({"period_start": message})
    try:
        with transaction.atomic():
            report = PeriodicReport.objects.create(
                movement=movement,
                unit=unit,
                period=period,
                period_start=start,
                period_end=end,
                content=build_report_summary(movement, unit, start, end),
            )
    except IntegrityError as exc:
        raise ValidationError({"period_start": message}) from exc
    record_event(
        "results.report.created",
        report,
        actor=actor,
        after={"unit": unit.code, "period": period, "period_start": start, "period_end": end},
    )
    return report


@transaction.atomic
def save_report(report: PeriodicReport, *, content: str, actor: Any = None) -> PeriodicReport:
    """Edit the report's text while it is a draft or returned."""
    report.state = (
        PeriodicReport.objects.select_for_update().values_list("state", flat=True).get(pk=report.pk)
    )
    if report.state not in EDITABLE_REPORT_STATES:
        raise ValidationError(
            _("Báo cáo đang ở trạng thái “%(state)s”, không thể sửa.")
            % {"state": report.get_state_display()}
        )
    if not content.strip():
        raise ValidationError({"content": _("Nội dung báo cáo không được để trống.")})
    before = report.content
    report.content = content.strip()
    if report.content == before:
        return report
    report.save(update_fields=["content"])
    record_event(
        "results.report.saved",
        report,
        actor=actor,
        before={"content": before},
        after={"content": report.content},
    )
    return report


@transaction.atomic
def set_report_state(
    report: PeriodicReport, new_state: str, *, actor: Any = None, comment: str = ""
) -> PeriodicReport:
    """The one way a report changes state: the unit submits; the officer accepts it or returns
    it with a comment."""
    report.state = (
        PeriodicReport.objects.select_for_update().values_list("state", flat=True).get(pk=report.pk)
    )
    if new_state not in REPORT_TRANSITIONS[report.state]:
        raise ValidationError(
            _("Không thể chuyển báo cáo từ “%(old)s” sang “%(new)s”.")
            % {"old": report.get_state_display(), "new": ReportState(new_state).label}
        )
    if new_state == ReportState.RETURNED and not comment.strip():
        raise ValidationError(
            {"comment": _("Khi trả lại báo cáo cần ghi rõ ý kiến để đơn vị sửa.")}
        )
    if new_state == ReportState.SUBMITTED and not report.content.strip():
        raise ValidationError({"content": _("Báo cáo chưa có nội dung.")})
    before = {"state": report.state}
    report.state = new_state
    fields = ["state"]
    if new_state == ReportState.SUBMITTED:
        report.submitted_at = timezone.now()
        fields.append("submitted_at")
    else:
        report.decided_at = timezone.now()
        report.decided_by = actor if getattr(actor, "is_authenticated", False) else None
        report.review_comment = comment.strip()
        fields += ["decided_at", "decided_by", "review_comment"]
    report.save(update_fields=fields)
    record_event(
        "results.report.state",
        report,
        actor=actor,
        before=before,
        after={"state": new_state},
        note=comment.strip(),
    )
    return report
