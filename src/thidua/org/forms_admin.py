"""Forms of the role and login pages (administrators only): filters of the role list,
assigning and ending a role, creating a person's login. Unit choices are limited to the units
the user administers (``rules_admin.manageable_units``)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.core.dates import format_short_date
from thidua.org.enums import Role
from thidua.org.forms_edit import DateInput, UnitChoiceField, open_on
from thidua.org.models import Person, RoleAssignment, Unit, User
from thidua.org.rules_admin import manageable_units

ROLE_STATUS_CHOICES = [
    ("", _("Tất cả")),
    ("active", _("Đang hiệu lực")),
    ("ended", _("Đã kết thúc")),
]


class RoleFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tài khoản"), required=False, max_length=150)
    role = forms.ChoiceField(
        label=_("Vai trò"), choices=[("", _("Tất cả")), *Role.choices], required=False
    )
    unit = forms.ChoiceField(label=_("Đơn vị (gồm cấp dưới)"), required=False)
    status = forms.ChoiceField(label=_("Hiệu lực"), choices=ROLE_STATUS_CHOICES, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        units = manageable_units(user).order_by("path").values_list("code", "name", "depth")
        unit_field = cast(forms.ChoiceField, self.fields["unit"])
        unit_field.choices = [("", _("Tất cả"))] + [
            (code, f"{'— ' * depth}{name}") for code, name, depth in units
        ]

    def apply(self, assignments: QuerySet[RoleAssignment]) -> QuerySet[RoleAssignment]:
        data = self.cleaned_data
        today = timezone.localdate()
        if data["q"]:
            q = data["q"].strip()
            assignments = assignments.filter(
                Q(user__username__icontains=q) | Q(user__person__full_name__icontains=q)
            )
        if data["role"]:
            assignments = assignments.filter(role=data["role"])
        if data["unit"]:
            path = (
                manageable_units(self.user)
                .filter(code=data["unit"])
                .values_list("path", flat=True)
                .first()
            )
            assignments = (
                assignments.filter(unit__path__startswith=path) if path else assignments.none()
            )
        active = Q(valid_from__lte=today) & (Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        if data["status"] == "active":
            assignments = assignments.filter(active)
        elif data["status"] == "ended":
            assignments = assignments.filter(valid_to__lt=today)
        return assignments


class AssignRoleForm(forms.Form):
    username = forms.CharField(label=_("Tên đăng nhập"), max_length=150)
    role = forms.ChoiceField(label=_("Vai trò"), choices=Role.choices)
    unit = UnitChoiceField(
        label=_("Phạm vi (đơn vị và cấp dưới)"),
        queryset=Unit.objects.none(),
        help_text=_("Vai trò có hiệu lực trên đơn vị này và toàn bộ đơn vị cấp dưới."),
    )
    valid_from = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    valid_to = forms.DateField(
        label=_("Đến ngày"),
        widget=DateInput(),
        required=False,
        help_text=_("Để trống nếu chưa xác định ngày kết thúc."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = open_on(manageable_units(user), timezone.localdate()).order_by("path")
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        self.fields["valid_from"].initial = timezone.localdate()

    def clean_username(self) -> User:
        username = self.cleaned_data["username"].strip()
        account = User.objects.filter(username=username, is_active=True).first()
        if account is None:
            raise ValidationError(
                _("Không có tài khoản đang hoạt động nào tên “%(username)s”.")
                % {"username": username},
                code="unknown_user",
            )
        return account

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data


class EndRoleForm(forms.Form):
    on = forms.DateField(label=_("Ngày kết thúc"), widget=DateInput())

    def __init__(self, *args: Any, assignment: RoleAssignment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assignment = assignment
        self.fields["on"].initial = timezone.localdate()

    def clean_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["on"]
        if day < self.assignment.valid_from:
            raise ValidationError(
                _("Ngày kết thúc phải sau ngày bắt đầu (%(day)s).")
                % {"day": format_short_date(self.assignment.valid_from)},
                code="before_start",
            )
        return day


class AccountForm(UserCreationForm):
    """A login for a person: username and initial password, checked by Django's password
    validators (including similarity to the person's name and e-mail)."""

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username",)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person
        # Known before validation, so the similarity validator compares the password with them.
        self.instance.email = person.email
        self.instance.first_name = person.full_name[:150]
        self.fields["password1"].label = _("Mật khẩu ban đầu")
