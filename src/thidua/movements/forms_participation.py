"""Forms of the participation pages: a unit's plan with its target rows, the officer's review
of a plan, registrations and their confirmation.

The forms only read and check input; the views hand the cleaned data to
``thidua.movements.participation``, whose ``ValidationError`` is shown beside the field it names
(``add_service_errors``).
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from thidua.core.codes import AWARDS, award_choices
from thidua.movements.enums import RegistrationState, UnitPlanState
from thidua.movements.models import ContentSection, Movement, ParentPlanTask, UnitPlan
from thidua.org.forms_edit import EMPTY_LABEL, DateInput

TARGETS_PREFIX = "targets"


# -- Unit plans ------------------------------------------------------------------------------


class UnitPlanForm(forms.Form):
    summary = forms.CharField(
        label=_("Nội dung thi đua của đơn vị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Cụ thể hoá nội dung phong trào gắn với nhiệm vụ chính trị của đơn vị; "
            "các chỉ tiêu cụ thể ghi ở bảng dưới."
        ),
    )


class TargetForm(forms.Form):
    """One target row. ``sections`` and ``tasks`` (empty when the movement has no parent
    plan, and then the field is left out) come from the formset's ``form_kwargs``."""

    section = forms.ChoiceField(label=_("Nội dung thi đua"))
    parent_task = forms.ChoiceField(label=_("Nhiệm vụ kế hoạch cấp trên"), required=False)
    description = forms.CharField(
        label=_("Nội dung, chỉ tiêu"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    indicator = forms.CharField(
        label=_("Chỉ số"),
        max_length=200,
        required=False,
        help_text=_("Ví dụ: số tin bài, số lượt người tham gia."),
    )
    target_value = forms.DecimalField(
        label=_("Chỉ tiêu"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    measure_unit = forms.CharField(label=_("Đơn vị tính"), max_length=64, required=False)
    due_on = forms.DateField(label=_("Thời hạn"), required=False, widget=DateInput())

    def __init__(
        self,
        *args: Any,
        sections: list[tuple[str, str]],
        tasks: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["section"]).choices = [("", EMPTY_LABEL), *sections]
        if tasks:
            cast(forms.ChoiceField, self.fields["parent_task"]).choices = [
                ("", _("— Không gắn —")),
                *tasks,
            ]
        else:
            del self.fields["parent_task"]

    @property
    def number(self) -> int:
        """The row's number as people count it (1, 2, ...)."""
        return int(self.prefix.rsplit("-", 1)[-1]) + 1 if self.prefix else 1


class BaseTargetFormSet(forms.BaseFormSet):
    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Bỏ dòng này")

    def targets(self) -> list[dict[str, Any]]:
        """The kept rows as the plain dicts ``save_unit_plan`` takes (call after is_valid)."""
        rows = []
        for form in self.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            rows.append(
                {
                    "section": data["section"],
                    "parent_task": data.get("parent_task") or "",
                    "description": data["description"],
                    "indicator": data["indicator"],
                    "target_value": data["target_value"],
                    "measure_unit": data["measure_unit"],
                    "due_on": data["due_on"],
                }
            )
        return rows


def plan_choices(movement: Movement) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(sections, parent tasks) as choices; two queries, one when there is no parent plan."""
    sections = [
        (str(s.number), str(s))
        for s in ContentSection.objects.filter(movement=movement).order_by("number")
    ]
    tasks: list[tuple[str, str]] = []
    if movement.parent_plan_id:
        tasks = [
            (t.code, f"{t.code} — {t.title}")
            for t in ParentPlanTask.objects.filter(plan_id=movement.parent_plan_id).order_by(
                "order"
            )
        ]
    return sections, tasks


def target_formset(
    data: Any = None,
    *,
    sections: list[tuple[str, str]],
    tasks: list[tuple[str, str]],
    initial: list[dict[str, Any]] | None = None,
    extra: int = 0,
) -> BaseTargetFormSet:
    """The target rows: bound to ``data`` on POST, else filled from ``initial``; ``extra``
    empty rows after them (an empty extra row is ignored when saving)."""
    formset_class = formset_factory(
        TargetForm, formset=BaseTargetFormSet, extra=extra, can_delete=True
    )
    return cast(
        BaseTargetFormSet,
        formset_class(
            data,
            initial=initial,
            prefix=TARGETS_PREFIX,
            form_kwargs={"sections": sections, "tasks": tasks},
        ),
    )


def plan_initial(plan: UnitPlan | None) -> list[dict[str, Any]]:
    """The saved targets of a plan as formset initial data (one query)."""
    if plan is None:
        return []
    return [
        {
            "section": str(t.section.number),
            "parent_task": t.parent_task.code if t.parent_task else "",
            "description": t.description,
            "indicator": t.indicator,
            "target_value": t.target_value,
            "measure_unit": t.measure_unit,
            "due_on": t.due_on,
        }
        for t in plan.targets.select_related("section", "parent_task").order_by(
            "section__number", "id"
        )
    ]


class ReviewPlanForm(forms.Form):
    """The officer approves a submitted plan or returns it; a return needs a comment, which
    the unit sees (the service says so when it is missing)."""

    decision = forms.ChoiceField(
        choices=[
            (UnitPlanState.APPROVED, _("Duyệt")),
            (UnitPlanState.RETURNED, _("Trả lại")),
        ],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Ý kiến của cán bộ thi đua"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bắt buộc khi trả lại: ghi rõ đơn vị cần sửa gì. Đơn vị sẽ thấy ý kiến này."),
    )


# -- Registrations ---------------------------------------------------------------------------


def registration_award_codes(movement: Movement, *, collective: bool) -> list[str]:
    """The titles offered: the movement's foreseen awards for a person (or for a unit); when
    it foresees none of that kind, every title for a person (or a unit). One query."""
    key = "for_unit" if collective else "for_person"
    foreseen = [
        code
        for code in movement.foreseen_awards.order_by("id").values_list("award_code", flat=True)
        if code in AWARDS and getattr(AWARDS[code], key)
    ]
    if foreseen:
        return foreseen
    return [code for code, info in AWARDS.items() if info.is_title and getattr(info, key)]


class RegistrationForm(forms.Form):
    award_code = forms.ChoiceField(label=_("Danh hiệu đăng ký"))
    targets = forms.CharField(
        label=_("Chỉ tiêu, cam kết"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )

    def __init__(self, *args: Any, codes: list[str], collective: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["award_code"]).choices = [
            ("", EMPTY_LABEL),
            *award_choices(codes),
        ]
        if collective:
            self.fields["targets"].label = _("Chỉ tiêu, cam kết của đơn vị")
            self.fields["targets"].help_text = _(
                "Các chỉ tiêu tập thể đơn vị phấn đấu đạt trong phong trào."
            )
        else:
            self.fields["targets"].label = _("Chỉ tiêu, cam kết của cá nhân")
            self.fields["targets"].help_text = _(
                "Các chỉ tiêu cá nhân phấn đấu đạt, gắn với nhiệm vụ được giao."
            )


class DecideRegistrationForm(forms.Form):
    """The unit head (or, for a unit, the officer) confirms or rejects; a rejection needs a
    reason."""

    decision = forms.ChoiceField(
        choices=[
            (RegistrationState.CONFIRMED, _("Xác nhận")),
            (RegistrationState.REJECTED, _("Không xác nhận")),
        ],
        widget=forms.HiddenInput,
    )
    comment = forms.CharField(
        label=_("Lý do, ý kiến"),
        required=False,
        max_length=1000,
        help_text=_("Bắt buộc khi không xác nhận."),
    )
