"""Forms of the decision pages. They only read input; ``thidua.awards.decisions`` validates
(its errors are shown beside the field they name)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thidua.awards.decisions import SIGNER_AUTHORITIES
from thidua.awards.enums import AwardKind
from thidua.awards.forms import DATE_WIDGET
from thidua.awards.models import AwardCoefficient, BaseSalary
from thidua.core.codes import AwardCode
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit

AUTHORITY_CHOICES = [(a, a or _("(Người đứng đầu ký)")) for a in SIGNER_AUTHORITIES]


def _unit_choices(units: QuerySet[Unit]) -> list[tuple[str, str]]:
    rows = units.order_by("path").values_list("code", "name", "depth")
    return [(code, f"{'— ' * depth}{name}") for code, name, depth in rows]


class _IssuerMixin:
    fields: dict[str, forms.Field]

    def set_issuers(self, units: QuerySet[Unit]) -> None:
        cast(forms.ChoiceField, self.fields["issuer"]).choices = _unit_choices(units)


class DecisionForm(_IssuerMixin, forms.Form):
    issuer = forms.ChoiceField(label=_("Cơ quan ban hành"))
    issuer_name = forms.CharField(
        label=_("Tên cơ quan ban hành (in trên quyết định)"),
        required=False,
        max_length=300,
        help_text=_("Để trống: dùng tên đơn vị."),
    )
    symbol = forms.CharField(
        label=_("Ký hiệu"),
        max_length=40,
        initial="QĐ-",
        help_text=_("Ví dụ: QĐ-STTTT. Số được cấp khi ban hành, bắt đầu lại từ 01 mỗi năm."),
    )
    subject = forms.CharField(label=_("Trích yếu"), max_length=500)
    kind = forms.ChoiceField(
        label=_("Loại hình khen thưởng"), choices=AwardKind.choices, initial=AwardKind.MOVEMENT
    )
    movement = forms.ChoiceField(label=_("Phong trào thi đua"), required=False)
    period_end = forms.DateField(
        label=_("Ngày kết thúc kỳ đánh giá"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Để trống: ngày kết thúc giai đoạn cuối của phong trào."),
    )
    signer_name = forms.CharField(label=_("Người ký"), required=False, max_length=200)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), required=False, max_length=200)
    signer_authority = forms.ChoiceField(
        label=_("Thẩm quyền ký"), choices=AUTHORITY_CHOICES, required=False
    )
    legal_bases = forms.CharField(
        label=_("Các căn cứ"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    proposal_ref = forms.CharField(
        label=_("Xét đề nghị (tờ trình)"), required=False, max_length=400
    )
    money_source = forms.CharField(label=_("Nguồn tiền thưởng"), required=False, max_length=400)

    def __init__(
        self, *args: Any, issuers: QuerySet[Unit], movements: QuerySet[Movement], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_issuers(issuers)
        cast(forms.ChoiceField, self.fields["movement"]).choices = [("", "—")] + [
            (m.code, f"{m.code} — {m.name}") for m in movements.order_by("-period_start", "code")
        ]


class LineForm(forms.Form):
    recipient_code = forms.CharField(
        label=_("Mã cán bộ hoặc mã đơn vị"),
        max_length=32,
        help_text=_("Cá nhân: mã cán bộ; tập thể: mã đơn vị."),
    )
    award_code = forms.ChoiceField(label=_("Danh hiệu, hình thức"), choices=AwardCode.choices)
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)
    achievement = forms.CharField(
        label=_("Thành tích"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year - 1

    def clean_recipient_code(self) -> Person | Unit:
        code = self.cleaned_data["recipient_code"].strip()
        found: Person | Unit | None = (
            Person.objects.select_related("unit").filter(code=code).first()
            or Unit.objects.filter(code=code).first()
        )
        if found is None:
            raise forms.ValidationError(
                _("Không có cán bộ hoặc đơn vị mã “%(code)s”.") % {"code": code}
            )
        return found


class AdhocLineForm(LineForm):
    """A line of the ad hoc form: the year is the decision's."""

    year = None  # type: ignore[assignment]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        forms.Form.__init__(self, *args, **kwargs)


AdhocLineFormSet = forms.formset_factory(AdhocLineForm, extra=3, max_num=20, min_num=1)


class IssueForm(forms.Form):
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)
    confirm = forms.BooleanField(
        label=_("Tôi xác nhận ban hành: cấp số, tính tiền thưởng và ghi sổ khen thưởng."),
        help_text=_("Sau khi ban hành không sửa được danh sách."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"decided_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class AdhocForm(_IssuerMixin, forms.Form):
    issuer = forms.ChoiceField(label=_("Cơ quan ban hành"))
    issuer_name = forms.CharField(
        label=_("Tên cơ quan ban hành (in trên quyết định)"), required=False, max_length=300
    )
    symbol = forms.CharField(label=_("Ký hiệu"), max_length=40, initial="QĐ-")
    subject = forms.CharField(
        label=_("Trích yếu"), max_length=500, initial=_("Về việc khen thưởng đột xuất")
    )
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=1945, max_value=2100)
    decided_on = forms.DateField(label=_("Ngày quyết định"), widget=DATE_WIDGET)
    signer_name = forms.CharField(label=_("Người ký"), max_length=200)
    signer_title = forms.CharField(label=_("Chức vụ người ký"), max_length=200)
    signer_authority = forms.ChoiceField(
        label=_("Thẩm quyền ký"), choices=AUTHORITY_CHOICES, required=False
    )
    legal_bases = forms.CharField(
        label=_("Các căn cứ"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, issuers: QuerySet[Unit], **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {"year": today.year, "decided_on": today})
        super().__init__(*args, **kwargs)
        self.set_issuers(issuers)


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Kết quả"),
        choices=[("UPHELD", _("Giữ nguyên khen thưởng")), ("REVOKED", _("Thu hồi khen thưởng"))],
    )
    note = forms.CharField(
        label=_("Kết quả xem xét, lý do"), widget=forms.Textarea(attrs={"rows": 2})
    )


class BaseSalaryForm(forms.ModelForm):
    class Meta:
        model = BaseSalary
        fields = ["effective_from", "amount", "citation"]
        widgets = {"effective_from": DATE_WIDGET}


class CoefficientForm(forms.ModelForm):
    class Meta:
        model = AwardCoefficient
        fields = [
            "award_code",
            "recipient_type",
            "effective_from",
            "coefficient",
            "citation",
            "unconfirmed",
        ]
        widgets = {"effective_from": DATE_WIDGET}
