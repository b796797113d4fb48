"""Forms of the editing pages: units, people, ratings and discipline (``forms_admin`` has
those of roles and logins), with the helpers both modules share.

The forms only read and check input; the views hand the cleaned data to ``services``, whose
``ValidationError`` is shown beside the field it names (``add_service_errors``). Every choice
of a unit is limited to the units the user may edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import format_short_date
from thidua.org.enums import DisciplineLevel, DisciplineStatus, Rating, UnitKind
from thidua.org.models import (
    DisciplineRecord,
    Person,
    Place,
    Unit,
)

# Django 6.1's "- Select an option -" has no Vietnamese translation yet.
EMPTY_LABEL = _("— Chọn —")


class DateInput(forms.DateInput):
    """A native date picker; the value travels as ISO (YYYY-MM-DD)."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def model_field(model: type[Model], name: str, **kwargs: Any) -> forms.Field:
    """The form field Django derives from a model field (label, length, choices, help)."""
    field = model._meta.get_field(name).formfield(**kwargs)  # type: ignore[union-attr]
    if field is None:  # pragma: no cover - only for fields Django gives no form field
        raise ValueError(name)
    if isinstance(field, forms.DateField):
        field.widget = DateInput()
    if isinstance(field, forms.TypedChoiceField):
        choices = list(cast(list[tuple[Any, Any]], field.choices))
        if choices and choices[0][0] == "":
            field.choices = [("", EMPTY_LABEL), *choices[1:]]
    return field


def add_service_errors(
    form: forms.Form, error: ValidationError, field_map: dict[str, str] | None = None
) -> None:
    """Show a service's ValidationError on the form: each message beside the field it names
    (renamed through ``field_map``), the rest at the top of the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        target = (field_map or {}).get(name, name)
        form.add_error(target if target in form.fields else None, errors)


class UnitChoiceField(forms.ModelChoiceField):
    """Units shown as an indented tree, with their code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", EMPTY_LABEL)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Unit) -> str:
        return f"{'— ' * obj.depth}{obj.name} ({obj.code})"


class PlaceChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("empty_label", _("— Không chọn —"))
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Place) -> str:
        if obj.parent_id is not None:
            return f"{obj.name} — {obj.parent.name}"  # type: ignore[union-attr]
        return obj.name


def open_on(units: QuerySet[Unit], day: dt.date) -> QuerySet[Unit]:
    """Units not closed before ``day`` (units opening later are kept: they can be prepared)."""
    return units.filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))


def with_current(units: QuerySet[Unit], current: Unit | None) -> QuerySet[Unit]:
    """``units`` plus the current value, so an unchanged form stays valid."""
    if current is None:
        return units
    return Unit.objects.filter(Q(pk__in=units.values("pk")) | Q(pk=current.pk))


def _code_is_free(model: type[Unit] | type[Person], code: str, message: Any) -> str:
    """``code`` stripped, or an error: codes are unique, and the services would update the
    existing object instead of creating one."""
    code = code.strip()
    if model._default_manager.filter(code=code).exists():
        raise ValidationError(str(message) % {"code": code}, code="duplicate")
    return code


# -- Units -----------------------------------------------------------------------------------


class UnitForm(forms.Form):
    """Create a unit (with ``code``) or edit one (without: codes never change)."""

    def __init__(
        self,
        *args: Any,
        parents: QuerySet[Unit],
        instance: Unit | None = None,
        parent_required: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is None:
            self.fields["code"] = model_field(Unit, "code")
        self.fields["name"] = model_field(Unit, "name")
        self.fields["short_name"] = model_field(Unit, "short_name")
        self.fields["kind"] = model_field(Unit, "kind")
        self.fields["parent"] = UnitChoiceField(
            label=_("Đơn vị cấp trên"),
            queryset=parents.order_by("path"),
            required=parent_required,
            help_text=_("Chỉ có các đơn vị bạn được quyền quản lý."),
        )
        self.fields["place"] = PlaceChoiceField(
            label=_("Địa bàn"),
            queryset=Place.objects.select_related("parent").order_by("kind", "name"),
            required=False,
        )
        self.fields["valid_from"] = model_field(Unit, "valid_from", required=True)
        self.fields["valid_to"] = model_field(
            Unit,
            "valid_to",
            help_text=_(
                "Để trống nếu đơn vị đang hoạt động. Muốn đóng đơn vị, dùng “Đóng đơn vị”."
            ),
        )
        if instance is None:
            self.fields["valid_from"].initial = timezone.localdate()
        else:
            self.initial.update(
                {
                    "name": instance.name,
                    "short_name": instance.short_name,
                    "kind": instance.kind,
                    "parent": instance.parent_id,
                    "place": instance.place_id,
                    "valid_from": instance.valid_from,
                    "valid_to": instance.valid_to,
                }
            )

    def clean_code(self) -> str:
        return _code_is_free(Unit, self.cleaned_data["code"], _("Mã đơn vị “%(code)s” đã có."))


class CloseUnitForm(forms.Form):
    """Close a unit on a date; optionally open its successor the next day under the same
    parent and move its people there."""

    valid_to = forms.DateField(
        label=_("Ngày đóng đơn vị"),
        widget=DateInput(),
        help_text=_("Ngày cuối cùng đơn vị còn hiệu lực."),
    )
    open_successor = forms.BooleanField(
        label=_("Mở đơn vị kế tiếp từ ngày hôm sau"),
        required=False,
        help_text=_(
            "Dùng khi đơn vị đổi tên hoặc tổ chức lại: đơn vị mới có mã mới, cùng cấp trên."
        ),
    )
    successor_code = forms.CharField(label=_("Mã đơn vị mới"), max_length=32, required=False)
    successor_name = forms.CharField(label=_("Tên đơn vị mới"), max_length=300, required=False)
    successor_short_name = forms.CharField(
        label=_("Tên viết tắt của đơn vị mới"), max_length=64, required=False
    )
    successor_kind = forms.ChoiceField(
        label=_("Loại đơn vị mới"), choices=UnitKind.choices, required=False
    )
    move_people = forms.BooleanField(
        label=_("Chuyển cán bộ đang công tác sang đơn vị mới"),
        required=False,
        help_text=_(
            "Quá trình công tác của từng người được đóng vào ngày đóng đơn vị và mở ở đơn vị mới "
            "từ ngày hôm sau. Đơn vị cấp dưới không được chuyển theo."
        ),
    )

    def __init__(self, *args: Any, unit: Unit, can_open_successor: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.can_open_successor = can_open_successor
        self.fields["valid_to"].initial = unit.valid_to or timezone.localdate()
        self.fields["successor_name"].initial = unit.name
        self.fields["successor_short_name"].initial = unit.short_name
        self.fields["successor_kind"].initial = unit.kind

    def clean_successor_code(self) -> str:
        code = self.cleaned_data["successor_code"].strip()
        if code:
            code = _code_is_free(Unit, code, _("Mã đơn vị “%(code)s” đã có."))
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("open_successor"):
            if data.get("move_people"):
                self.add_error("move_people", _("Chỉ chuyển được cán bộ khi mở đơn vị kế tiếp."))
            return data
        if not self.can_open_successor:
            # A form error, not a field error: the successor fields are not shown to this user.
            self.add_error(
                None, _("Bạn không có quyền tạo đơn vị dưới đơn vị cấp trên của đơn vị này.")
            )
            return data
        required = {
            "successor_code": _("Nhập mã của đơn vị mới."),
            "successor_name": _("Nhập tên của đơn vị mới."),
            "successor_kind": _("Chọn loại của đơn vị mới."),
        }
        for name, message in required.items():
            if name not in self.errors and not data.get(name):
                self.add_error(name, message)
        return data


# -- People ----------------------------------------------------------------------------------

PERSON_FORM_FIELDS = (
    "full_name",
    "gender",
    "birth_date",
    "staff_type",
    "unit",
    "position",
    "is_leader",
    "is_frontline",
    "joined_on",
    "left_on",
    "email",
)


class PersonForm(forms.Form):
    """Create a person (with ``code``) or edit one (with ``moved_on`` for a change of unit)."""

    def __init__(
        self, *args: Any, units: QuerySet[Unit], instance: Person | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is None:
            self.fields["code"] = model_field(Person, "code")
        for name in PERSON_FORM_FIELDS:
            if name == "unit":
                self.fields["unit"] = UnitChoiceField(
                    label=_("Đơn vị"),
                    queryset=with_current(units, instance.unit if instance else None).order_by(
                        "path"
                    ),
                    help_text=_("Chỉ có các đơn vị bạn được quyền quản lý."),
                )
            else:
                self.fields[name] = model_field(Person, name)
        if instance is not None:
            self.fields["moved_on"] = forms.DateField(
                label=_("Ngày chuyển đơn vị"),
                required=False,
                widget=DateInput(),
                help_text=_(
                    "Chỉ dùng khi đổi đơn vị: ngày bắt đầu công tác ở đơn vị mới "
                    "(để trống là hôm nay)."
                ),
            )
            self.initial.update({name: getattr(instance, name) for name in PERSON_FORM_FIELDS})
            self.initial["unit"] = instance.unit_id

    def clean_code(self) -> str:
        return _code_is_free(Person, self.cleaned_data["code"], _("Mã cán bộ “%(code)s” đã có."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        person = self.instance
        unit = data.get("unit")
        moved_on = data.get("moved_on")
        if person is None or unit is None or unit.pk == person.unit_id or moved_on is None:
            return data
        current = person.memberships.filter(end__isnull=True).order_by("-start").first()
        if current is not None and moved_on <= current.start:
            self.add_error(
                "moved_on",
                _("Ngày chuyển đơn vị phải sau ngày bắt đầu công tác ở đơn vị hiện tại (%(day)s).")
                % {"day": format_short_date(current.start)},
            )
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``services.upsert_person`` from the cleaned data."""
        data = self.cleaned_data
        kwargs = {name: data[name] for name in PERSON_FORM_FIELDS}
        kwargs["moved_on"] = data.get("moved_on")
        return kwargs


# -- Ratings ---------------------------------------------------------------------------------


class RatingForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"))
    rating = forms.ChoiceField(label=_("Xếp loại"), choices=Rating.choices)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Ratings are given at the end of a year: December rates this year, else last year.
        today = timezone.localdate()
        self.fields["year"].initial = today.year if today.month == 12 else today.year - 1


# -- Discipline ------------------------------------------------------------------------------


class DisciplineForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        choices=DisciplineStatus.choices,
        help_text=_("Vụ việc đang xem xét tạm dừng việc khen thưởng cho đến khi có quyết định."),
    )
    level = forms.ChoiceField(
        label=_("Hình thức kỷ luật"),
        choices=[("", "—"), *DisciplineLevel.choices],
        required=False,
        help_text=_("Bắt buộc khi đã có quyết định."),
    )
    decided_on = model_field(DisciplineRecord, "decided_on")
    effective_from = model_field(DisciplineRecord, "effective_from")
    effective_to = model_field(DisciplineRecord, "effective_to")
    decision_number = model_field(DisciplineRecord, "decision_number")
    note = model_field(DisciplineRecord, "note", widget=forms.Textarea(attrs={"rows": 3}))

    def service_kwargs(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["level"] = data["level"] or None
        return data


class DecideDisciplineForm(forms.Form):
    level = forms.ChoiceField(label=_("Hình thức kỷ luật"), choices=DisciplineLevel.choices)
    decided_on = model_field(DisciplineRecord, "decided_on", required=True)
    effective_from = model_field(DisciplineRecord, "effective_from")
    effective_to = model_field(DisciplineRecord, "effective_to")
    decision_number = model_field(DisciplineRecord, "decision_number")

    def __init__(self, *args: Any, record: DisciplineRecord, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["decision_number"].initial = record.decision_number
