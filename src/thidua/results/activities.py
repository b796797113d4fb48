"""Reported activities (S3, S7, S9): what a unit or a person did in a movement, where, with
which indicator values; and the catalogue of activity kinds.

All writes go through these services; they validate with Vietnamese messages per field
(``ValidationError`` with a dict) and write audit events. Whether the user may report for the
unit is the caller's check (``results.report_activity``/``results.change_activity``).
Criteria counted from activities need nothing stored here: ``computation.indicator_totals`` sums
the values of the activities that are not withdrawn.

The read helpers at the end are set-based: a fixed number of queries whatever the number of
activities or units.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import record_event, snapshot
from thidua.core.dates import format_short_date
from thidua.movements.models import Movement, ParentPlanTask, UnitPlanTarget
from thidua.movements.phases import reporting_open
from thidua.movements.queries import participant_units
from thidua.org.models import Person, Place, Unit
from thidua.results.models import Activity, ActivityIndicator, ActivityKind, ActivityValue

ACTIVITY_FIELDS = (
    "movement",
    "unit",
    "person",
    "kind",
    "title",
    "occurred_on",
    "place",
    "participants",
    "description",
    "target",
    "parent_task",
)
MAX_VALUE = Decimal("999999999999.99")
CENT = Decimal("0.01")


# -- Validation ------------------------------------------------------------------------------


@dataclass
class _Errors:
    by_field: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def add(self, name: str, message: str) -> None:
        self.by_field[name].append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(dict(self.by_field))


def _indicator_lookup(kind: ActivityKind) -> dict[str, ActivityIndicator]:
    """The kind's indicators by key (``FL_NEWS.items``), by code (``items``) and by id."""
    lookup: dict[str, ActivityIndicator] = {}
    for indicator in ActivityIndicator.objects.filter(kind=kind).select_related("kind"):
        lookup[indicator.key] = indicator
        lookup[indicator.code] = indicator
        lookup[str(indicator.pk)] = indicator
    return lookup


def _clean_values(
    kind: ActivityKind, values: Mapping[Any, Any] | None, errors: _Errors
) -> list[tuple[ActivityIndicator, Decimal]]:
    """(indicator, value) pairs; an empty value (None, "") means "not reported" and is left
    out. Keys are indicator keys, codes or ids; each must belong to ``kind``."""
    lookup = _indicator_lookup(kind)
    cleaned: dict[int, tuple[ActivityIndicator, Decimal]] = {}
    for key, raw in (values or {}).items():
        indicator = lookup.get(str(key.pk if isinstance(key, ActivityIndicator) else key))
        if indicator is None:
            errors.add(
                "values",
                _("Chỉ số “%(key)s” không thuộc loại hoạt động “%(kind)s”.")
                % {"key": key, "kind": kind.name},
            )
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        try:
            value = Decimal(str(raw).strip().replace(",", "."))
        except InvalidOperation:
            value = Decimal("NaN")
        label = {"name": indicator.name}
        if not value.is_finite():
            errors.add("values", _("Giá trị của chỉ số “%(name)s” không phải là số.") % label)
        elif value < 0:
            errors.add("values", _("Giá trị của chỉ số “%(name)s” không được âm.") % label)
        elif value > MAX_VALUE:
            errors.add("values", _("Giá trị của chỉ số “%(name)s” lớn quá.") % label)
        elif value != value.quantize(CENT):
            errors.add(
                "values",
                _("Giá trị của chỉ số “%(name)s” có nhiều nhất 2 chữ số thập phân.") % label,
            )
        else:
            cleaned[indicator.pk] = (indicator, value.quantize(CENT))
    return list(cleaned.values())


def _check_who(movement: Movement, unit: Unit, person: Person | None, errors: _Errors) -> None:
    if not participant_units(movement).filter(pk=unit.pk).exists():
        errors.add(
            "unit",
            _("Đơn vị “%(unit)s” không tham gia phong trào này.") % {"unit": unit.name},
        )
    if (
        person is not None
        and not Person.objects.filter(pk=person.pk, unit__path__startswith=unit.path).exists()
    ):
        errors.add(
            "person",
            _("Cán bộ “%(person)s” không thuộc đơn vị “%(unit)s”.")
            % {"person": person.full_name, "unit": unit.name},
        )


def _check_text(title: str, participants: str, errors: _Errors) -> None:
    if not title:
        errors.add("title", _("Chưa nhập tên hoạt động."))
    elif len(title) > 500:
        errors.add("title", _("Tên hoạt động dài quá 500 ký tự."))
    if len(participants) > 1000:
        errors.add("participants", _("Thành phần tham gia dài quá 1000 ký tự."))


def _check_when_where(
    movement: Movement, occurred_on: dt.date | None, place: Place | None, errors: _Errors
) -> None:
    """The day lies in the movement's period and not in the future; the place existed then."""
    today = timezone.localdate()
    if occurred_on is None:
        errors.add("occurred_on", _("Chưa nhập ngày thực hiện."))
        return
    if not movement.period_start <= occurred_on <= movement.period_end:
        errors.add(
            "occurred_on",
            _("Ngày thực hiện phải trong thời gian của phong trào, từ %(start)s đến %(end)s.")
            % {
                "start": format_short_date(movement.period_start),
                "end": format_short_date(movement.period_end),
            },
        )
    elif occurred_on > today:
        errors.add(
            "occurred_on",
            _("Ngày thực hiện không được sau hôm nay (%(today)s).")
            % {"today": format_short_date(today)},
        )
    if place is not None and (
        (place.valid_from and occurred_on < place.valid_from)
        or (place.valid_to and occurred_on > place.valid_to)
    ):
        errors.add(
            "place",
            _("Địa bàn “%(place)s” không có hiệu lực vào ngày %(day)s.")
            % {"place": place.name, "day": format_short_date(occurred_on)},
        )


def _check_plan_links(
    movement: Movement,
    unit: Unit,
    target: UnitPlanTarget | None,
    parent_task: ParentPlanTask | None,
    errors: _Errors,
) -> ParentPlanTask | None:
    """The target is one of the unit's plan in this movement; the task one of the movement's
    parent plan (S3). Without a task given, the target's task is the activity's."""
    if (
        target is not None
        and not UnitPlanTarget.objects.filter(
            pk=target.pk, plan__movement=movement, plan__unit=unit
        ).exists()
    ):
        errors.add(
            "target",
            _("Chỉ tiêu đã chọn không thuộc kế hoạch thi đua của đơn vị “%(unit)s”.")
            % {"unit": unit.name},
        )
    if parent_task is None and target is not None and target.parent_task_id is not None:
        parent_task = target.parent_task
    if parent_task is None:
        return None
    if movement.parent_plan_id is None:
        errors.add("parent_task", _("Phong trào không gắn với kế hoạch cấp trên nào."))
    elif parent_task.plan_id != movement.parent_plan_id:
        errors.add(
            "parent_task",
            _("Nhiệm vụ “%(task)s” không thuộc kế hoạch cấp trên của phong trào.")
            % {"task": parent_task.code},
        )
    return parent_task


def _validate(
    movement: Movement,
    *,
    unit: Unit,
    person: Person | None,
    kind: ActivityKind,
    title: str,
    occurred_on: dt.date | None,
    place: Place | None,
    participants: str,
    description: str,
    values: Mapping[Any, Any] | None,
    target: UnitPlanTarget | None,
    parent_task: ParentPlanTask | None,
    current: Activity | None = None,
) -> tuple[dict[str, Any], list[tuple[ActivityIndicator, Decimal]]]:
    """The activity's fields, cleaned, and its (indicator, value) pairs; a ValidationError
    naming each wrong field otherwise."""
    if not reporting_open(movement):
        raise ValidationError(
            _(
                "Phong trào “%(name)s” không nhận báo cáo hoạt động: chỉ khi đã phát động hoặc "
                "đang sơ kết, tổng kết."
            )
            % {"name": movement.name}
        )
    errors = _Errors()
    _check_who(movement, unit, person, errors)
    if not kind.is_active and (current is None or current.kind_id != kind.pk):
        errors.add("kind", _("Loại hoạt động “%(kind)s” đã ngừng sử dụng.") % {"kind": kind.name})
    title = (title or "").strip()
    participants = (participants or "").strip()
    _check_text(title, participants, errors)
    _check_when_where(movement, occurred_on, place, errors)
    parent_task = _check_plan_links(movement, unit, target, parent_task, errors)
    cleaned_values = _clean_values(kind, values, errors)
    errors.raise_if_any()
    data = {
        "movement": movement,
        "unit": unit,
        "person": person,
        "kind": kind,
        "title": title,
        "occurred_on": occurred_on,
        "place": place,
        "participants": participants,
        "description": (description or "").strip(),
        "target": target,
        "parent_task": parent_task,
    }
    return data, cleaned_values


def _values_snapshot(pairs: Iterable[tuple[ActivityIndicator, Decimal]]) -> dict[str, str]:
    return {indicator.key: str(value) for indicator, value in pairs}


def _stored_values(activity: Activity) -> dict[str, str]:
    rows = ActivityValue.objects.filter(activity=activity).values_list(
        "indicator__kind__code", "indicator__code", "value"
    )
    return {f"{kind}.{code}": str(value) for kind, code, value in rows}


# -- Writing activities ----------------------------------------------------------------------


@transaction.atomic
def report_activity(
    movement: Movement,
    *,
    unit: Unit,
    person: Person | None = None,
    kind: ActivityKind,
    title: str,
    occurred_on: dt.date | None,
    place: Place | None = None,
    participants: str = "",
    description: str = "",
    values: Mapping[Any, Any] | None = None,
    target: UnitPlanTarget | None = None,
    parent_task: ParentPlanTask | None = None,
    actor: Any,
) -> Activity:
    """Record an activity of ``unit`` (optionally naming the person who did it) with its
    indicator values ``{"FL_NEWS.items": Decimal(12)}`` (keys may also be indicator ids)."""
    data, pairs = _validate(
        movement,
        unit=unit,
        person=person,
        kind=kind,
        title=title,
        occurred_on=occurred_on,
        place=place,
        participants=participants,
        description=description,
        values=values,
        target=target,
        parent_task=parent_task,
    )
    activity = Activity.objects.create(
        **data, created_by=actor if getattr(actor, "is_authenticated", False) else None
    )
    ActivityValue.objects.bulk_create(
        ActivityValue(activity=activity, indicator=indicator, value=value)
        for indicator, value in pairs
    )
    record_event(
        "results.activity.reported",
        activity,
        actor=actor,
        after={**snapshot(activity, ACTIVITY_FIELDS), "values": _values_snapshot(pairs)},
    )
    return activity


def _locked(activity: Activity) -> Activity:
    locked = Activity.objects.select_for_update().get(pk=activity.pk)
    if locked.withdrawn_at is not None:
        raise ValidationError(
            _("Hoạt động “%(title)s” đã rút lại lúc %(when)s, không thể thay đổi.")
            % {
                "title": locked.title,
                "when": timezone.localtime(locked.withdrawn_at).strftime("%H:%M %d/%m/%Y"),
            }
        )
    return locked


@transaction.atomic
def update_activity(
    activity: Activity,
    *,
    unit: Unit,
    person: Person | None = None,
    kind: ActivityKind,
    title: str,
    occurred_on: dt.date | None,
    place: Place | None = None,
    participants: str = "",
    description: str = "",
    values: Mapping[Any, Any] | None = None,
    target: UnitPlanTarget | None = None,
    parent_task: ParentPlanTask | None = None,
    actor: Any,
) -> Activity:
    """Correct an activity: every field and the whole set of values are replaced, with the
    same checks as ``report_activity``; the audit event holds before and after."""
    locked = _locked(activity)
    movement = Movement.objects.get(pk=locked.movement_id)
    data, pairs = _validate(
        movement,
        unit=unit,
        person=person,
        kind=kind,
        title=title,
        occurred_on=occurred_on,
        place=place,
        participants=participants,
        description=description,
        values=values,
        target=target,
        parent_task=parent_task,
        current=locked,
    )
    before = {**snapshot(locked, ACTIVITY_FIELDS), "values": _stored_values(locked)}
    for name, value in data.items():
        setattr(locked, name, value)
    after = {**snapshot(locked, ACTIVITY_FIELDS), "values": _values_snapshot(pairs)}
    if before == after:
        return locked
    locked.save(update_fields=[f for f in ACTIVITY_FIELDS if f != "movement"])
    ActivityValue.objects.filter(activity=locked).delete()
    ActivityValue.objects.bulk_create(
        ActivityValue(activity=locked, indicator=indicator, value=value)
        for indicator, value in pairs
    )
    record_event("results.activity.updated", locked, actor=actor, before=before, after=after)
    return locked


@transaction.atomic
def withdraw_activity(activity: Activity, *, actor: Any, reason: str = "") -> Activity:
    """Withdraw (never delete) an activity: it stays in the record with its evidence, and no
    longer counts in indicator totals or scores."""
    locked = _locked(activity)
    movement = Movement.objects.get(pk=locked.movement_id)
    if not reporting_open(movement):
        raise ValidationError(
            _("Phong trào “%(name)s” đã kết thúc: không thể rút lại hoạt động.")
            % {"name": movement.name}
        )
    locked.withdrawn_at = timezone.now()
    locked.save(update_fields=["withdrawn_at"])
    record_event(
        "results.activity.withdrawn",
        locked,
        actor=actor,
        before={"withdrawn_at": None},
        after={"withdrawn_at": locked.withdrawn_at},
        note=(reason or "").strip()[:1000],
    )
    return locked


# -- The catalogue of activity kinds ---------------------------------------------------------

KIND_CODE = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")
INDICATOR_CODE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
KIND_FIELDS = ("code", "name", "description", "order", "is_active")


@transaction.atomic
def save_activity_kind(
    code: str,
    *,
    name: str,
    description: str = "",
    order: int = 0,
    is_active: bool = True,
    indicators: Iterable[Mapping[str, Any]] = (),
    actor: Any = None,
) -> ActivityKind:
    """Create or change a kind and its indicators. Each indicator: ``code``, ``name``, optional
    ``measure_unit`` and ``order``. An indicator already there (same code) is renamed; one left
    out stays (reported values and criteria refer to it): nothing is ever deleted. A kind no
    longer used is deactivated (``is_active=False``)."""
    errors = _Errors()
    code = (code or "").strip()
    if not KIND_CODE.match(code):
        errors.add(
            "code",
            _(
                "Mã loại hoạt động gồm chữ in hoa không dấu, chữ số và dấu gạch dưới, bắt đầu "
                "bằng chữ, tối đa 32 ký tự (ví dụ FL_NEWS)."
            ),
        )
    name = (name or "").strip()
    if not name:
        errors.add("name", _("Chưa nhập tên loại hoạt động."))
    elif len(name) > 300:
        errors.add("name", _("Tên loại hoạt động dài quá 300 ký tự."))
    rows: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, item in enumerate(indicators, 1):
        ind_code = str(item.get("code") or "").strip()
        ind_name = str(item.get("name") or "").strip()
        if not INDICATOR_CODE.match(ind_code):
            errors.add(
                "indicators",
                _(
                    "Chỉ số %(i)s: mã gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt "
                    "đầu bằng chữ (ví dụ items)."
                )
                % {"i": i},
            )
            continue
        if ind_code in seen:
            errors.add(
                "indicators",
                _("Chỉ số %(i)s: mã “%(code)s” bị trùng.") % {"i": i, "code": ind_code},
            )
            continue
        seen.add(ind_code)
        if not ind_name:
            errors.add("indicators", _("Chỉ số %(i)s: chưa nhập tên chỉ số.") % {"i": i})
            continue
        rows.append(
            {
                "code": ind_code,
                "name": ind_name[:300],
                "measure_unit": str(item.get("measure_unit") or "").strip()[:64],
                "order": int(item.get("order") or i * 10),
            }
        )
    errors.raise_if_any()
    kind = ActivityKind.objects.select_for_update().filter(code=code).first()
    before = None
    if kind is not None:
        before = {
            **snapshot(kind, KIND_FIELDS),
            "indicators": {
                i.code: [i.name, i.measure_unit, i.order] for i in kind.indicators.all()
            },
        }
    else:
        kind = ActivityKind(code=code)
    kind.name, kind.description, kind.order, kind.is_active = (
        name,
        (description or "").strip(),
        max(0, int(order or 0)),
        bool(is_active),
    )
    kind.save()
    existing = {i.code: i for i in kind.indicators.all()}
    for row in rows:
        indicator = existing.get(row["code"]) or ActivityIndicator(kind=kind, code=row["code"])
        indicator.name, indicator.measure_unit, indicator.order = (
            row["name"],
            row["measure_unit"],
            row["order"],
        )
        indicator.save()
    after = {
        **snapshot(kind, KIND_FIELDS),
        "indicators": {i.code: [i.name, i.measure_unit, i.order] for i in kind.indicators.all()},
    }
    if before != after:
        record_event("results.activity_kind.saved", kind, actor=actor, before=before, after=after)
    return kind


@transaction.atomic
def set_activity_kind_active(
    kind: ActivityKind, active: bool, *, actor: Any = None
) -> ActivityKind:
    """Stop offering a kind for new reports (activities already reported keep it), or offer
    it again."""
    locked = ActivityKind.objects.select_for_update().get(pk=kind.pk)
    if locked.is_active == active:
        return locked
    locked.is_active = active
    locked.save(update_fields=["is_active"])
    record_event(
        "results.activity_kind.saved",
        locked,
        actor=actor,
        before={"is_active": not active},
        after={"is_active": active},
    )
    return locked


# -- Figures (set-based) ---------------------------------------------------------------------


@dataclass
class IndicatorFigure:
    key: str
    name: str
    measure_unit: str
    border: Decimal = Decimal(0)
    other: Decimal = Decimal(0)

    @property
    def total(self) -> Decimal:
        return self.border + self.other


@dataclass
class KindFigures:
    code: str
    name: str
    activities: int = 0
    border_activities: int = 0
    indicators: list[IndicatorFigure] = field(default_factory=list)

    @property
    def other_activities(self) -> int:
        return self.activities - self.border_activities


def kind_figures(activities: QuerySet[Activity]) -> list[KindFigures]:
    """Per kind: the number of activities and the sum of each indicator, in border areas (the
    activity's place is a border place, S7) beside elsewhere (another place, or none given).
    Withdrawn activities are left out. Two grouped queries."""
    counted = activities.filter(withdrawn_at__isnull=True)
    kinds: dict[int, KindFigures] = {}
    for kind_id, code, name, total, border in (
        counted.values_list("kind_id", "kind__code", "kind__name")
        .annotate(n=Count("pk"), border=Count("pk", filter=Q(place__is_border=True)))
        .order_by("kind__order", "kind__code")
    ):
        kinds[kind_id] = KindFigures(code, name, total, border)
    figures: dict[int, IndicatorFigure] = {}
    rows = (
        ActivityValue.objects.filter(activity__in=counted)
        .values_list(
            "indicator_id",
            "indicator__kind_id",
            "indicator__kind__code",
            "indicator__code",
            "indicator__name",
            "indicator__measure_unit",
            "activity__place__is_border",
        )
        .annotate(total=Sum("value"))
        .order_by("indicator__order", "indicator__code")
    )
    for indicator_id, kind_id, kind_code, code, name, measure_unit, is_border, total in rows:
        figure = figures.get(indicator_id)
        if figure is None:
            figure = IndicatorFigure(f"{kind_code}.{code}", name, measure_unit)
            figures[indicator_id] = figure
            if kind_id in kinds:
                kinds[kind_id].indicators.append(figure)
        if is_border:
            figure.border += total
        else:
            figure.other += total
    return list(kinds.values())


@dataclass(frozen=True)
class ActivityCounts:
    total: int
    border: int

    @property
    def other(self) -> int:
        return self.total - self.border


def activity_counts(activities: QuerySet[Activity]) -> ActivityCounts:
    """How many activities (not withdrawn), and how many of them in border areas: one query."""
    row = activities.filter(withdrawn_at__isnull=True).aggregate(
        total=Count("pk"), border=Count("pk", filter=Q(place__is_border=True))
    )
    return ActivityCounts(row["total"] or 0, row["border"] or 0)


@dataclass(frozen=True)
class UnitReporting:
    activities: int = 0
    border: int = 0
    last_on: dt.date | None = None


def unit_reporting(movement: Movement, unit_ids: Iterable[int]) -> dict[int, UnitReporting]:
    """Per unit: activities reported in the movement (not withdrawn), how many in border areas,
    and the date of the latest. One grouped query for all the units."""
    rows = (
        Activity.objects.filter(
            movement=movement, unit_id__in=list(unit_ids), withdrawn_at__isnull=True
        )
        .values_list("unit_id")
        .annotate(
            n=Count("pk"),
            border=Count("pk", filter=Q(place__is_border=True)),
            last=Max("occurred_on"),
        )
        .order_by()
    )
    return {unit_id: UnitReporting(n, border, last) for unit_id, n, border, last in rows}


__all__ = [
    "ActivityCounts",
    "IndicatorFigure",
    "KindFigures",
    "UnitReporting",
    "activity_counts",
    "kind_figures",
    "report_activity",
    "save_activity_kind",
    "set_activity_kind_active",
    "unit_reporting",
    "update_activity",
    "withdraw_activity",
]
