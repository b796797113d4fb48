"""Forms of the periodic reports, assessments (the points of one stage, with evidence on the
self-assessment), the workflow notes, blocs and peer scores.

The forms only read and check input; the views hand the cleaned data to the services
(``reports``, ``assessments``, ``blocs``), whose Vietnamese ``ValidationError`` is shown beside
the field it names or at the top of the form (``add_service_errors``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms import BoundField
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thidua.movements.enums import ScoringMethod
from thidua.movements.models import BonusItem, Criterion, PenaltyItem
from thidua.org.forms_edit import EMPTY_LABEL, DateInput, UnitChoiceField
from thidua.org.models import Unit
from thidua.results.enums import ReportPeriod, ReportState, ScoreStage
from thidua.results.reports import format_number

# -- Periodic reports ------------------------------------------------------------------------


class ReportCreateForm(forms.Form):
    period = forms.ChoiceField(
        label=_("Kỳ báo cáo"), choices=[("", EMPTY_LABEL), *ReportPeriod.choices]
    )
    period_start = forms.DateField(label=_("Từ ngày"), widget=DateInput())
    period_end = forms.DateField(label=_("Đến ngày"), widget=DateInput())


class ReportContentForm(forms.Form):
    content = forms.CharField(
        label=_("Nội dung báo cáo"),
        widget=forms.Textarea(attrs={"rows": 24}),
        help_text=_(
            "Nội dung được lập sẵn từ các hoạt động đơn vị đã báo cáo trong kỳ; sửa, bổ sung "
            "trước khi gửi."
        ),
    )


class ReportDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[
            (ReportState.ACCEPTED, _("Tiếp nhận")),
            (ReportState.RETURNED, pgettext_lazy("action", "Trả lại")),
        ]
    )
    comment = forms.CharField(
        label=_("Ý kiến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi trả lại báo cáo."),
    )


# -- Assessments -----------------------------------------------------------------------------


@dataclass
class ScoreRow:
    """One criterion on the scoring form, with what the earlier stages gave it."""

    criterion: Criterion
    points: BoundField | None
    comment: BoundField | None
    evidence: BoundField | None
    earlier: list[tuple[str, Decimal | None, str]]
    counted: Decimal | None = None


class ScoreForm(forms.Form):
    """The points of one stage: per criterion scored by hand its points and a comment (and, on
    the self-assessment, an evidence file); the points of each bonus item and the count of each
    penalty item. Criteria counted from activities are shown read-only."""

    def __init__(
        self,
        *args: Any,
        stage: str,
        criteria: Sequence[Criterion],
        bonus_items: Sequence[BonusItem],
        penalty_items: Sequence[PenaltyItem],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.stage = stage
        self.criteria = list(criteria)
        self.bonus_items = list(bonus_items)
        self.penalty_items = list(penalty_items)
        for c in self.criteria:
            if c.method == ScoringMethod.COUNTED:
                continue
            self.fields[f"c{c.pk}_points"] = self._points_field(c)
            self.fields[f"c{c.pk}_comment"] = forms.CharField(
                label=_("Ý kiến, giải trình (tiêu chí %(code)s)") % {"code": c.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            if stage == ScoreStage.SELF:
                self.fields[f"c{c.pk}_evidence"] = forms.FileField(
                    label=_("Thêm minh chứng (tiêu chí %(code)s)") % {"code": c.code},
                    required=False,
                )
        for b in self.bonus_items:
            self.fields[f"b{b.pk}"] = forms.DecimalField(
                label=_("%(title)s (tối đa %(max)s điểm)")
                % {"title": b.title, "max": format_number(b.max_points)},
                required=False,
                max_digits=8,
                decimal_places=2,
                widget=forms.NumberInput(
                    attrs={"step": "0.01", "min": "0", "max": str(b.max_points)}
                ),
            )
        for p in self.penalty_items:
            self.fields[f"p{p.pk}"] = forms.IntegerField(
                label=_("%(title)s (trừ %(each)s điểm mỗi lần): số lần")
                % {"title": p.title, "each": format_number(p.points_each)},
                required=False,
                min_value=0,
                max_value=999,
            )

    @staticmethod
    def _points_field(c: Criterion) -> forms.Field:
        label = _("Điểm tiêu chí %(code)s (tối đa %(max)s)") % {
            "code": c.code,
            "max": format_number(c.max_points),
        }
        if c.method == ScoringMethod.YES_NO:
            return forms.ChoiceField(
                label=label,
                required=False,
                choices=[
                    ("", _("— Chưa chấm —")),
                    (
                        str(c.max_points),
                        _("Đạt (%(max)s điểm)") % {"max": format_number(c.max_points)},
                    ),
                    ("0", _("Không đạt (0 điểm)")),
                ],
            )
        return forms.DecimalField(
            label=label,
            required=False,
            max_digits=8,
            decimal_places=2,
            widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": str(c.max_points)}),
        )

    def rows(
        self,
        earlier: dict[int, list[tuple[str, Decimal | None, str]]],
        counted: dict[int, Decimal | None],
    ) -> list[ScoreRow]:
        rows = []
        for c in self.criteria:
            manual = c.method != ScoringMethod.COUNTED
            rows.append(
                ScoreRow(
                    criterion=c,
                    points=self[f"c{c.pk}_points"] if manual else None,
                    comment=self[f"c{c.pk}_comment"] if manual else None,
                    evidence=self[f"c{c.pk}_evidence"] if manual and self.stage == "SELF" else None,
                    earlier=earlier.get(c.pk, []),
                    counted=None if manual else counted.get(c.pk),
                )
            )
        return rows

    def bonus_fields(self) -> list[BoundField]:
        return [self[f"b{b.pk}"] for b in self.bonus_items]

    def penalty_fields(self) -> list[BoundField]:
        return [self[f"p{p.pk}"] for p in self.penalty_items]

    def _manual(self) -> Iterable[Criterion]:
        return (c for c in self.criteria if c.method != ScoringMethod.COUNTED)

    def points(self) -> dict[int, Any]:
        """{criterion id: points}; a blank field is None (no score at this stage)."""
        values = {c.pk: self.cleaned_data.get(f"c{c.pk}_points") for c in self._manual()}
        return {pk: None if value in {None, ""} else value for pk, value in values.items()}

    def comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"c{c.pk}_comment", "") for c in self._manual()}

    def bonus(self) -> dict[int, Decimal]:
        return {b.pk: self.cleaned_data.get(f"b{b.pk}") or Decimal(0) for b in self.bonus_items}

    def penalties(self) -> dict[int, int]:
        return {p.pk: self.cleaned_data.get(f"p{p.pk}") or 0 for p in self.penalty_items}

    def uploads(self) -> list[tuple[Criterion, Any]]:
        return [
            (c, self.cleaned_data[f"c{c.pk}_evidence"])
            for c in self._manual()
            if self.cleaned_data.get(f"c{c.pk}_evidence")
        ]


class AssessmentStateForm(forms.Form):
    state = forms.CharField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Ý kiến"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi trả lại."),
    )


# -- Blocs -----------------------------------------------------------------------------------


class MembersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} ({obj.code})"


class BlocForm(forms.Form):
    code = forms.CharField(label=_("Mã khối"), max_length=32)
    name = forms.CharField(label=_("Tên khối, cụm thi đua"), max_length=300)
    leader = UnitChoiceField(label=_("Khối trưởng"), queryset=Unit.objects.none())
    deputy = UnitChoiceField(label=_("Khối phó"), queryset=Unit.objects.none(), required=False)
    members = MembersField(
        label=_("Các đơn vị thành viên"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Khối trưởng và khối phó là thành viên của khối."),
    )
    weight_self = forms.DecimalField(
        label=_("Trọng số tự chấm"), max_digits=4, decimal_places=3, initial=Decimal("0.2")
    )
    weight_peer = forms.DecimalField(
        label=_("Trọng số chấm chéo"), max_digits=4, decimal_places=3, initial=Decimal("0.3")
    )
    weight_review = forms.DecimalField(
        label=_("Trọng số thẩm định"),
        max_digits=4,
        decimal_places=3,
        initial=Decimal("0.5"),
        help_text=_("Ba trọng số cộng lại phải bằng 1."),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("leader", "deputy", "members"):
            self.fields[name].queryset = units  # type: ignore[attr-defined]
        if editing:
            self.fields["code"].disabled = True


class PeerScoreForm(forms.Form):
    """The total the scoring unit gives each other member of its bloc."""

    def __init__(
        self, *args: Any, subjects: Sequence[Unit], maximum: Decimal, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.subjects = list(subjects)
        for unit in self.subjects:
            self.fields[f"u{unit.pk}_points"] = forms.DecimalField(
                label=_("Điểm cho %(unit)s (0 đến %(max)s)")
                % {"unit": unit.name, "max": format_number(maximum)},
                required=False,
                max_digits=8,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": str(maximum)}),
            )
            self.fields[f"u{unit.pk}_comment"] = forms.CharField(
                label=_("Nhận xét về %(unit)s") % {"unit": unit.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[Unit, BoundField, BoundField]]:
        return [(u, self[f"u{u.pk}_points"], self[f"u{u.pk}_comment"]) for u in self.subjects]

    def entries(self) -> list[tuple[Unit, Decimal, str]]:
        """The subjects given points (a blank row is skipped)."""
        return [
            (u, self.cleaned_data[f"u{u.pk}_points"], self.cleaned_data.get(f"u{u.pk}_comment", ""))
            for u in self.subjects
            if self.cleaned_data.get(f"u{u.pk}_points") is not None
        ]
