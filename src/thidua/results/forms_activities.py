"""Forms of the activity pages: reporting and correcting an activity (with its indicator values
and evidence files), the list filters, and the catalogue of activity kinds.

Choices come from the visibility queries (the units the user may report for, the unit plans'
targets, the parent plan's tasks, the places); a posted value that was not offered is refused.
Evidence files are checked here with ``evidence.check_upload`` so every refusal shows beside the
field before anything is written; the views store them after the activity is saved."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.movements.models import Movement, ParentPlanTask, UnitPlanTarget
from thidua.org.enums import PlaceKind
from thidua.org.models import Person, Place, Unit
from thidua.results.evidence import CheckedFile, check_upload
from thidua.results.models import Activity, ActivityKind

EMPTY = "—"
MAX_FILES = 20
INDICATOR_PREFIX = "ind_"


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class EvidenceFilesField(forms.FileField):
    """Several files in one input; each is checked by content (``evidence.check_upload``) and
    the cleaned value is the list of ``CheckedFile``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[CheckedFile]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(
                _("Mỗi lần gửi tối đa %(n)s tệp minh chứng.") % {"n": MAX_FILES}
            )
        checked, errors = [], []
        for upload in files:
            super().clean(upload, initial)
            try:
                checked.append(check_upload(upload))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return checked


def evidence_field() -> EvidenceFilesField:
    return EvidenceFilesField(
        label=_("Tệp minh chứng"),
        help_text=_(
            "Chọn một hoặc nhiều tệp: PDF, ảnh PNG/JPEG, Word (.docx), Excel (.xlsx), PowerPoint "
            "(.pptx). Ảnh được lưu lại không kèm thông tin vị trí, máy chụp."
        ),
    )


class EvidenceForm(forms.Form):
    """More evidence for an activity already reported."""

    evidence = evidence_field()

    def clean_evidence(self) -> list[CheckedFile]:
        files = self.cleaned_data["evidence"]
        if not files:
            raise forms.ValidationError(_("Chưa chọn tệp minh chứng nào."))
        return files


# -- Indicator inputs ------------------------------------------------------------------------


def indicator_fields(kind: ActivityKind | None) -> dict[str, forms.Field]:
    """One number input per indicator of ``kind``, named ``ind_<code>``."""
    if kind is None:
        return {}
    fields: dict[str, forms.Field] = {}
    for indicator in kind.indicators.all():
        label = indicator.name
        if indicator.measure_unit:
            label = f"{indicator.name} ({indicator.measure_unit})"
        fields[f"{INDICATOR_PREFIX}{indicator.code}"] = forms.DecimalField(
            label=label,
            required=False,
            min_value=Decimal(0),
            max_digits=14,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"min": "0", "step": "any", "inputmode": "decimal"}),
        )
    return fields


class IndicatorsForm(forms.Form):
    """Only the indicator inputs of one kind (the htmx fragment when the kind changes)."""

    def __init__(self, *args: Any, kind: ActivityKind | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(indicator_fields(kind))

    @property
    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields]


def active_kinds(current: ActivityKind | None = None) -> QuerySet[ActivityKind]:
    q = Q(is_active=True)
    if current is not None:
        q |= Q(pk=current.pk)
    return ActivityKind.objects.filter(q).order_by("order", "code")


# -- Choices ---------------------------------------------------------------------------------


def place_choices(movement: Movement) -> tuple[list[Any], dict[str, Place]]:
    """Communes grouped by district, border places marked, then the districts and the province
    themselves; places closed before the movement began are left out."""
    places = list(
        Place.objects.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=movement.period_start))
        .select_related("parent")
        .order_by("name")
    )
    by_id = {str(p.pk): p for p in places}
    border = " " + str(_("(biên giới)"))

    def label(place: Place) -> str:
        return f"{place.name}{border if place.is_border else ''}"

    groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
    upper: list[tuple[str, str]] = []
    for place in places:
        if place.kind == PlaceKind.COMMUNE:
            group = place.parent.name if place.parent else str(_("Khác"))
            groups[group].append((str(place.pk), label(place)))
        else:
            upper.append((str(place.pk), label(place)))
    choices: list[Any] = [("", str(_("— Không ghi địa bàn —")))]
    choices.extend((group, groups[group]) for group in sorted(groups))
    if upper:
        choices.append((str(_("Cấp huyện, cấp tỉnh")), upper))
    return choices, by_id


class ActivityForm(forms.Form):
    """Report or correct an activity. ``units`` are those the user may report for; ``people``
    those a unit head may name (empty for a member of staff, who reports as themselves)."""

    unit = forms.ChoiceField(label=_("Đơn vị báo cáo"))
    person = forms.ChoiceField(
        label=_("Cá nhân thực hiện"),
        required=False,
        help_text=_("Để trống nếu là hoạt động chung của đơn vị."),
    )
    kind = forms.ChoiceField(label=_("Loại hoạt động"))
    title = forms.CharField(label=_("Tên hoạt động"), max_length=500)
    occurred_on = forms.DateField(
        label=_("Ngày thực hiện"), widget=forms.DateInput(attrs={"type": "date"})
    )
    place = forms.ChoiceField(
        label=_("Địa bàn"),
        required=False,
        help_text=_("Xã, phường nơi diễn ra hoạt động; xã biên giới có ghi “(biên giới)”."),
    )
    participants = forms.CharField(
        label=_("Thành phần tham gia"),
        max_length=1000,
        required=False,
        help_text=_("Ví dụ: Đồn Biên phòng Tân Thanh, 120 người dân thôn Nà Nưa."),
    )
    description = forms.CharField(
        label=_("Nội dung, kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    target = forms.ChoiceField(label=_("Chỉ tiêu trong kế hoạch của đơn vị"), required=False)
    parent_task = forms.ChoiceField(label=_("Nhiệm vụ của kế hoạch cấp trên"), required=False)
    evidence = evidence_field()

    def __init__(
        self,
        *args: Any,
        movement: Movement,
        units: QuerySet[Unit],
        people: QuerySet[Person],
        kind_url: str,
        current: Activity | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.movement = movement
        self._units = {u.code: u for u in units.order_by("path")}
        self._set_choices(
            "unit",
            [(code, f"{'— ' * u.depth}{u.name} ({code})") for code, u in self._units.items()],
        )
        self._people = {str(p.pk): p for p in people.select_related("unit").order_by("search")}
        if self._people:
            grouped: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for pk, person in self._people.items():
                grouped[person.unit.name].append((pk, f"{person.full_name} ({person.code})"))
            self._set_choices("person", [("", EMPTY), *sorted(grouped.items())])
        else:
            del self.fields["person"]
        kinds = {k.code: k for k in active_kinds(current.kind if current else None)}
        self._kinds = kinds
        self._set_choices("kind", [("", EMPTY), *((c, k.name) for c, k in kinds.items())])
        self.fields["kind"].widget.attrs.update(
            {
                "hx-get": kind_url,
                "hx-target": "#indicator-fields",
                "hx-trigger": "change",
                "hx-include": "this",
            }
        )
        choices, self._places = place_choices(movement)
        self._set_choices("place", choices)
        targets = (
            UnitPlanTarget.objects.filter(plan__movement=movement, plan__unit__in=units)
            .select_related("plan__unit", "section")
            .order_by("plan__unit__path", "section__number", "id")
        )
        self._targets = {str(t.pk): t for t in targets}
        if self._targets:
            by_unit: dict[str, list[tuple[str, str]]] = defaultdict(list)
            for pk, t in self._targets.items():
                by_unit[t.plan.unit.name].append((pk, t.description))
            self._set_choices("target", [("", EMPTY), *by_unit.items()])
        else:
            del self.fields["target"]
        tasks = (
            ParentPlanTask.objects.filter(plan_id=movement.parent_plan_id).order_by("order")
            if movement.parent_plan_id
            else ParentPlanTask.objects.none()
        )
        self._tasks = {str(t.pk): t for t in tasks}
        if self._tasks:
            self._set_choices(
                "parent_task",
                [("", EMPTY), *((pk, f"{t.code}. {t.title}") for pk, t in self._tasks.items())],
            )
        else:
            del self.fields["parent_task"]
        if current is not None:
            del self.fields["evidence"]
            self.fields["new_evidence"] = evidence_field()
            self.fields["new_evidence"].label = _("Thêm tệp minh chứng")
        self.chosen_kind = self._chosen_kind()
        self.fields.update(indicator_fields(self.chosen_kind))

    def _set_choices(self, name: str, choices: list[Any]) -> None:
        field = self.fields[name]
        if isinstance(field, forms.ChoiceField):
            field.choices = choices

    def _chosen_kind(self) -> ActivityKind | None:
        code = (self.data.get("kind") if self.is_bound else None) or self.initial.get("kind")
        return self._kinds.get(str(code or ""))

    @property
    def indicator_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(INDICATOR_PREFIX)]

    @property
    def main_fields(self) -> list[forms.BoundField]:
        """The fields before the indicator inputs."""
        names = ("unit", "person", "kind")
        return [self[name] for name in names if name in self.fields]

    @property
    def detail_fields(self) -> list[forms.BoundField]:
        names = (
            "title",
            "occurred_on",
            "place",
            "participants",
            "description",
            "target",
            "parent_task",
        )
        return [self[name] for name in names if name in self.fields]

    @property
    def file_field(self) -> forms.BoundField:
        return self["new_evidence" if "new_evidence" in self.fields else "evidence"]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        data["unit_obj"] = self._units.get(data.get("unit") or "")
        data["person_obj"] = self._people.get(data.get("person") or "")
        data["kind_obj"] = self._kinds.get(data.get("kind") or "")
        data["place_obj"] = self._places.get(data.get("place") or "")
        data["target_obj"] = self._targets.get(data.get("target") or "")
        data["task_obj"] = self._tasks.get(data.get("parent_task") or "")
        kind = data["kind_obj"]
        values: dict[str, Decimal] = {}
        if kind is not None:
            for name in self.fields:
                if name.startswith(INDICATOR_PREFIX) and data.get(name) is not None:
                    values[f"{kind.code}.{name.removeprefix(INDICATOR_PREFIX)}"] = data[name]
        data["values"] = values
        data["files"] = data.get("new_evidence") or data.get("evidence") or []
        return data


def activity_initial(activity: Activity) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "unit": activity.unit.code,
        "person": str(activity.person_id or ""),
        "kind": activity.kind.code,
        "title": activity.title,
        "occurred_on": activity.occurred_on,
        "place": str(activity.place_id or ""),
        "participants": activity.participants,
        "description": activity.description,
        "target": str(activity.target_id or ""),
        "parent_task": str(activity.parent_task_id or ""),
    }
    for value in activity.values.select_related("indicator"):
        initial[f"{INDICATOR_PREFIX}{value.indicator.code}"] = value.value.normalize()
    return initial


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do rút lại"),
        max_length=1000,
        required=False,
        help_text=_("Hoạt động rút lại vẫn được lưu nhưng không còn được tính điểm."),
    )


# -- List filters ----------------------------------------------------------------------------

BORDER_CHOICES = [
    ("", _("Tất cả")),
    ("yes", _("Khu vực biên giới")),
    ("no", _("Nơi khác")),
]


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoạt động"), required=False, max_length=200)
    unit = forms.ChoiceField(label=_("Đơn vị (gồm cấp dưới)"), required=False)
    kind = forms.ChoiceField(label=_("Loại hoạt động"), required=False)
    border = forms.ChoiceField(label=_("Địa bàn"), choices=BORDER_CHOICES, required=False)
    date_from = forms.DateField(
        label=_("Từ ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Đến ngày"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    withdrawn = forms.BooleanField(label=_("Gồm cả hoạt động đã rút lại"), required=False)

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = list(units.order_by("path").values_list("code", "name", "depth", "path"))
        self._paths = {code: path for code, _n, _d, path in rows}
        unit_field = self.fields["unit"]
        kind_field = self.fields["kind"]
        if isinstance(unit_field, forms.ChoiceField) and isinstance(kind_field, forms.ChoiceField):
            unit_field.choices = [("", _("Tất cả"))] + [
                (code, f"{'— ' * depth}{name}") for code, name, depth, _p in rows
            ]
            kind_field.choices = [
                ("", _("Tất cả")),
                *list(ActivityKind.objects.order_by("order", "code").values_list("code", "name")),
            ]

    def apply(self, activities: QuerySet[Activity]) -> QuerySet[Activity]:
        data = self.cleaned_data
        if not data.get("withdrawn"):
            activities = activities.filter(withdrawn_at__isnull=True)
        if data.get("q"):
            activities = activities.filter(title__icontains=data["q"].strip())
        if data.get("unit"):
            activities = activities.filter(unit__path__startswith=self._paths[data["unit"]])
        if data.get("kind"):
            activities = activities.filter(kind__code=data["kind"])
        if data.get("border") == "yes":
            activities = activities.filter(place__is_border=True)
        elif data.get("border") == "no":
            activities = activities.filter(Q(place__isnull=True) | Q(place__is_border=False))
        if data.get("date_from"):
            activities = activities.filter(occurred_on__gte=data["date_from"])
        if data.get("date_to"):
            activities = activities.filter(occurred_on__lte=data["date_to"])
        return activities


# -- The catalogue of kinds ------------------------------------------------------------------


class ActivityKindForm(forms.Form):
    code = forms.CharField(
        label=_("Mã loại hoạt động"),
        max_length=32,
        help_text=_(
            "Chữ in hoa không dấu, chữ số, dấu gạch dưới, ví dụ FL_NEWS. Không đổi được sau khi "
            "tạo: tiêu chí chấm điểm dùng mã này."
        ),
    )
    name = forms.CharField(label=_("Tên loại hoạt động"), max_length=300)
    description = forms.CharField(
        label=_("Mô tả"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=32767, initial=0)
    is_active = forms.BooleanField(label=_("Đang dùng"), required=False, initial=True)

    def __init__(self, *args: Any, existing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if existing:
            self.fields["code"].disabled = True


class IndicatorRowForm(forms.Form):
    code = forms.CharField(
        label=_("Mã chỉ số"),
        max_length=32,
        required=False,
        help_text=_("Chữ thường không dấu, ví dụ items."),
    )
    name = forms.CharField(label=_("Tên chỉ số"), max_length=300, required=False)
    measure_unit = forms.CharField(label=_("Đơn vị tính"), max_length=64, required=False)
    order = forms.IntegerField(label=_("Thứ tự"), min_value=0, max_value=32767, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.initial.get("code"):
            # An indicator's code is its key in criteria and reported values: it never changes.
            self.fields["code"].disabled = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if (data.get("code") or data.get("name")) and not (data.get("code") and data.get("name")):
            raise forms.ValidationError(_("Cần cả mã và tên chỉ số."))
        return data


IndicatorFormSet = forms.formset_factory(IndicatorRowForm, extra=3, max_num=100)


def indicator_rows(formset: Any) -> list[dict[str, Any]]:
    return [
        {
            "code": f.cleaned_data["code"],
            "name": f.cleaned_data["name"],
            "measure_unit": f.cleaned_data.get("measure_unit") or "",
            "order": f.cleaned_data.get("order"),
        }
        for f in formset.forms
        if f.cleaned_data.get("code")
    ]


def kind_initial(kind: ActivityKind) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    return (
        {
            "code": kind.code,
            "name": kind.name,
            "description": kind.description,
            "order": kind.order,
            "is_active": kind.is_active,
        },
        [
            {
                "code": i.code,
                "name": i.name,
                "measure_unit": i.measure_unit,
                "order": i.order,
            }
            for i in kind.indicators.all()
        ],
    )


__all__ = [
    "INDICATOR_PREFIX",
    "ActivityFilterForm",
    "ActivityForm",
    "ActivityKindForm",
    "EvidenceForm",
    "IndicatorFormSet",
    "IndicatorsForm",
    "WithdrawForm",
    "active_kinds",
    "activity_initial",
    "indicator_rows",
    "kind_initial",
]
