"""Forms of the organisation pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from thidua.core.text import normalize_search
from thidua.org.enums import Gender, StaffType, UnitKind
from thidua.org.models import Person
from thidua.org.queries import visible_units

ANY = [("", _("Tất cả"))]
# Above this many visible units the person filter asks for a unit code instead of a list.
UNIT_SELECT_MAX = 500


class UnitFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False, max_length=200)
    kind = forms.ChoiceField(label=_("Loại đơn vị"), choices=ANY + UnitKind.choices, required=False)
    status = forms.ChoiceField(
        label=_("Hiệu lực"),
        choices=[("", _("Tất cả")), ("active", _("Đang hoạt động")), ("closed", _("Đã đóng"))],
        required=False,
    )


class PersonFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo họ tên hoặc mã"), required=False, max_length=200)
    unit = forms.ChoiceField(label=_("Đơn vị (gồm cấp dưới)"), required=False)
    staff_type = forms.ChoiceField(
        label=_("Loại cán bộ"), choices=ANY + StaffType.choices, required=False
    )
    gender = forms.ChoiceField(label=_("Giới tính"), choices=ANY + Gender.choices, required=False)
    role = forms.ChoiceField(
        label=_("Vị trí"),
        choices=[
            ("", _("Tất cả")),
            ("leader", _("Lãnh đạo, quản lý")),
            ("frontline", _("Người trực tiếp làm việc")),
        ],
        required=False,
    )
    unrated = forms.IntegerField(
        label=_("Chưa có xếp loại năm"), required=False, min_value=1945, max_value=2100
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = list(
            visible_units(user)
            .order_by("path")
            .values_list("code", "name", "depth")[: UNIT_SELECT_MAX + 1]
        )
        if len(units) > UNIT_SELECT_MAX:
            # A whole province or country: a list of every unit would weigh megabytes on
            # every page; the unit is typed by its code (found on the units page) instead.
            self.fields["unit"] = forms.CharField(
                label=_("Mã đơn vị (gồm cấp dưới)"),
                required=False,
                max_length=32,
                help_text=_("Nhập mã đơn vị; tra mã ở trang Đơn vị."),
            )
            return
        unit_field = self.fields["unit"]
        if not isinstance(unit_field, forms.ChoiceField):  # pragma: no cover - declared above
            raise TypeError(unit_field)
        unit_field.choices = ANY + [(code, f"{'— ' * depth}{name}") for code, name, depth in units]

    def clean_unit(self) -> str:
        code = (self.cleaned_data.get("unit") or "").strip()
        if code and not visible_units(self.user).filter(code=code).exists():
            raise forms.ValidationError(
                _("Không có đơn vị mã “%(code)s” trong phạm vi bạn được xem.") % {"code": code}
            )
        return code

    def apply(self, people: QuerySet[Person]) -> QuerySet[Person]:
        data = self.cleaned_data
        if data["q"]:
            people = people.filter(search__contains=normalize_search(data["q"]))
        if data["unit"]:
            path = (
                visible_units(self.user)
                .filter(code=data["unit"])
                .values_list("path", flat=True)
                .first()
            )
            people = people.filter(unit__path__startswith=path) if path else people.none()
        if data["staff_type"]:
            people = people.filter(staff_type=data["staff_type"])
        if data["gender"]:
            people = people.filter(gender=data["gender"])
        if data["role"] == "leader":
            people = people.filter(is_leader=True)
        elif data["role"] == "frontline":
            people = people.filter(is_frontline=True, is_leader=False)
        if data["unrated"]:
            people = people.exclude(ratings__year=data["unrated"]).filter(left_on__isnull=True)
        return people
