"""Forms of the award register and initiatives pages. They only read input; the services in
``register`` validate the business rules (errors shown beside the field)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.awards.enums import AwardKind, AwardStatus, InitiativeScope, RecipientType
from thidua.awards.models import Award, Initiative
from thidua.core.codes import AwardCode
from thidua.core.text import normalize_search
from thidua.org.models import Unit
from thidua.org.queries import visible_units

ANY: list[tuple[str, Any]] = [("", _("Tất cả"))]
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _unit_choices(units: QuerySet[Unit]) -> list[tuple[str, str]]:
    rows = units.order_by("path").values_list("code", "name", "depth")
    return [(code, f"{'— ' * depth}{name}") for code, name, depth in rows]


class AwardFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo họ tên hoặc mã"), required=False, max_length=200)
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)
    award_code = forms.ChoiceField(
        label=_("Danh hiệu, hình thức"), choices=ANY + AwardCode.choices, required=False
    )
    kind = forms.ChoiceField(label=_("Loại hình"), choices=ANY + AwardKind.choices, required=False)
    status = forms.ChoiceField(
        label=_("Trạng thái"), choices=ANY + AwardStatus.choices, required=False
    )
    unit = forms.ChoiceField(label=_("Đơn vị (gồm cấp dưới)"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        field = cast(forms.ChoiceField, self.fields["unit"])
        field.choices = ANY + _unit_choices(visible_units(user))

    def apply(self, awards: QuerySet[Award]) -> QuerySet[Award]:
        data = self.cleaned_data
        if data["q"]:
            term = normalize_search(data["q"])
            awards = awards.filter(
                Q(person__search__contains=term) | Q(unit__search__contains=term)
            )
        if data["year"]:
            awards = awards.filter(year=data["year"])
        for name in ("award_code", "kind", "status"):
            if data[name]:
                awards = awards.filter(**{name: data[name]})
        if data["unit"]:
            path = (
                visible_units(self.user)
                .filter(code=data["unit"])
                .values_list("path", flat=True)
                .first()
            )
            if path is None:
                return awards.none()
            awards = awards.filter(
                Q(person__unit__path__startswith=path) | Q(unit__path__startswith=path)
            )
        return awards


class AwardForm(forms.Form):
    recipient_type = forms.ChoiceField(
        label=_("Đối tượng"), choices=RecipientType.choices, initial=RecipientType.PERSON
    )
    recipient_code = forms.CharField(
        label=_("Mã cán bộ hoặc mã đơn vị"),
        max_length=64,
        help_text=_("Mã cán bộ nếu khen cá nhân, mã đơn vị nếu khen tập thể."),
    )
    award_code = forms.ChoiceField(label=_("Danh hiệu, hình thức"), choices=AwardCode.choices)
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)
    kind = forms.ChoiceField(label=_("Loại hình"), choices=AwardKind.choices)
    decision_number = forms.CharField(label=_("Số quyết định"), max_length=64)
    decision_date = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)
    issuer = forms.CharField(label=_("Cấp quyết định"), max_length=300, required=False)
    achievement = forms.CharField(
        label=_("Tóm tắt thành tích"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Lý do thu hồi"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Cần ghi lý do thu hồi khen thưởng.")},
    )


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên hoặc mã"), required=False, max_length=200)
    scope = forms.ChoiceField(
        label=_("Phạm vi ảnh hưởng"), choices=ANY + InitiativeScope.choices, required=False
    )
    year = forms.IntegerField(
        label=_("Năm công nhận"), required=False, min_value=1945, max_value=2100
    )

    def apply(self, initiatives: QuerySet[Initiative]) -> QuerySet[Initiative]:
        data = self.cleaned_data
        if data["q"]:
            term = data["q"].strip()
            initiatives = initiatives.filter(Q(title__icontains=term) | Q(code__icontains=term))
        if data["scope"]:
            initiatives = initiatives.filter(scope=data["scope"])
        if data["year"]:
            initiatives = initiatives.filter(recognized_on__year=data["year"])
        return initiatives


class InitiativeForm(forms.Form):
    code = forms.CharField(label=_("Mã sáng kiến"), max_length=64)
    title = forms.CharField(label=_("Tên sáng kiến"), max_length=500)
    author_codes = forms.CharField(
        label=_("Mã cán bộ của các tác giả"),
        max_length=1000,
        help_text=_("Nhiều tác giả: các mã cách nhau bằng dấu phẩy."),
    )
    unit = forms.ChoiceField(label=_("Đơn vị công nhận"))
    recognized_on = forms.DateField(label=_("Ngày công nhận"), widget=DATE_WIDGET)
    scope = forms.ChoiceField(label=_("Phạm vi ảnh hưởng"), choices=InitiativeScope.choices)

    def __init__(self, *args: Any, units: QuerySet[Unit], lock_code: bool = False, **kw: Any):
        super().__init__(*args, **kw)
        field = cast(forms.ChoiceField, self.fields["unit"])
        field.choices = _unit_choices(units)
        if lock_code:
            self.fields["code"].disabled = True

    def clean_author_codes(self) -> list[str]:
        raw = self.cleaned_data["author_codes"]
        codes = [c.strip() for c in raw.replace(";", ",").split(",") if c.strip()]
        if not codes:
            raise forms.ValidationError(_("Sáng kiến phải có ít nhất một tác giả."))
        return list(dict.fromkeys(codes))
