"""Forms of the officer's movement pages: the list filter, the movement's own fields, its legal
bases, content sections, phases, participants, foreseen awards and parent plan. The criteria
table editor's rows are read by ``forms_criteria.CriteriaEditor``; ``parse_criteria_post`` here
is its one-call form.

The forms only read and check input; the views hand the cleaned data to ``services`` and
``criteria``, whose ``ValidationError`` is shown beside the field it names.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db.models import Q, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from thidua.core.codes import AWARDS, AwardCode
from thidua.movements.enums import MovementKind, MovementState, PhaseKind, SignerAuthority
from thidua.movements.forms_criteria import CriteriaEditor
from thidua.movements.models import Movement, ParentPlan
from thidua.org.enums import UnitKind
from thidua.org.forms_edit import EMPTY_LABEL, DateInput, UnitChoiceField, model_field
from thidua.org.models import Unit

ANY = [("", _("Tất cả"))]
CODE_VALIDATOR = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
    _("Mã chỉ gồm chữ cái không dấu, chữ số và các dấu “-”, “_”, “.”; không có dấu cách."),
)
# Authorities whose line names the head or the collective above the signer (Nghị định 30/2020):
# "KT. GIÁM ĐỐC" then "PHÓ GIÁM ĐỐC".
TWO_LINE_AUTHORITIES = {
    SignerAuthority.KT,
    SignerAuthority.TM,
    SignerAuthority.TL,
    SignerAuthority.TUQ,
}


class MovementFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm theo tên phong trào"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("Trạng thái"), choices=ANY + MovementState.choices, required=False
    )
    kind = forms.ChoiceField(
        label=_("Hình thức thi đua"), choices=ANY + MovementKind.choices, required=False
    )
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=1945, max_value=2100)

    def apply(self, movements: QuerySet[Movement]) -> QuerySet[Movement]:
        data = self.cleaned_data
        if data["q"]:
            movements = movements.filter(name__icontains=data["q"].strip())
        if data["state"]:
            movements = movements.filter(state=data["state"])
        if data["kind"]:
            movements = movements.filter(kind=data["kind"])
        if data["year"]:
            movements = movements.filter(
                period_start__year__lte=data["year"], period_end__year__gte=data["year"]
            )
        return movements


class MovementForm(forms.Form):
    """Create a movement (with ``code``) or edit one (without: codes never change)."""

    GENERAL: tuple[str, ...] = (
        "code",
        "kind",
        "name",
        "slogan",
        "organizer",
        "period_start",
        "period_end",
        "parent_plan",
        "purposes",
        "requirements",
    )
    DOCUMENT: tuple[str, ...] = (
        "doc_number",
        "doc_date",
        "doc_place",
        "doc_issuer",
        "signer_authority",
        "signer_title",
        "signer_name",
    )

    def __init__(
        self, *args: Any, units: QuerySet[Unit], instance: Movement | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance = instance
        if instance is None:
            self.fields["code"] = model_field(
                Movement,
                "code",
                validators=[CODE_VALIDATOR],
                help_text=_("Mã ổn định, không đổi sau khi tạo; ví dụ TTDN-2018."),
            )
        for name in ("kind", "name", "slogan", "period_start", "period_end"):
            self.fields[name] = model_field(Movement, name)
        for name in ("organizer", "doc_issuer"):
            self.fields[name] = UnitChoiceField(
                label=capfirst(Movement._meta.get_field(name).verbose_name),  # type: ignore[union-attr]
                queryset=units.order_by("path"),
                help_text=_("Chỉ có các đơn vị bạn được quyền quản lý."),
            )
        self.fields["parent_plan"] = forms.ModelChoiceField(
            label=_("Kế hoạch cấp trên"),
            queryset=ParentPlan.objects.order_by("-issued_on", "number"),
            required=False,
            empty_label=_("— Không có —"),
            help_text=_("Kế hoạch mà phong trào phục vụ, ví dụ Kế hoạch 05/KH-UBND."),
        )
        for name in ("purposes", "requirements", "doc_number", "doc_date", "doc_place"):
            self.fields[name] = model_field(Movement, name)
        self.fields["signer_authority"] = forms.ChoiceField(
            label=_("Thẩm quyền ký"), choices=SignerAuthority.choices, required=False
        )
        self.fields["signer_title"] = model_field(
            Movement,
            "signer_title",
            help_text=_(
                "Khi ký thay (KT.), thay mặt (TM.), thừa lệnh (TL.), thừa ủy quyền (TUQ.): ghi "
                "chức danh người đứng đầu (hoặc tên tập thể) và chức vụ người ký, cách nhau bởi "
                "“/”, ví dụ: Giám đốc / Phó Giám đốc."
            ),
        )
        self.fields["signer_name"] = model_field(Movement, "signer_name")
        for name in ("purposes", "requirements"):
            self.fields[name].widget.attrs["rows"] = 4
        if instance is not None:
            self.initial.update(
                {
                    name: getattr(instance, name + "_id" if name in FK_FIELDS else name)
                    for name in MOVEMENT_VALUES
                }
            )
        self.order_fields([*self.GENERAL, *self.DOCUMENT])

    def general_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.GENERAL if name in self.fields]

    def document_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.DOCUMENT]

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if Movement.objects.filter(code=code).exists():
            raise ValidationError(
                gettext("Mã phong trào “%(code)s” đã có.") % {"code": code}, code="duplicate"
            )
        return code

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        authority, title = data.get("signer_authority"), data.get("signer_title", "")
        if authority in TWO_LINE_AUTHORITIES and title and "/" not in title:
            self.add_error(
                "signer_title",
                gettext(
                    "Với thẩm quyền “%(a)s”, ghi cả chức danh người đứng đầu và chức vụ người "
                    "ký, cách nhau bởi “/”, ví dụ: Giám đốc / Phó Giám đốc."
                )
                % {"a": authority},
            )
        return data

    def service_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in MOVEMENT_VALUES}


FK_FIELDS = {"organizer", "doc_issuer", "parent_plan"}
MOVEMENT_VALUES = (
    *(n for n in MovementForm.GENERAL if n != "code"),
    *MovementForm.DOCUMENT,
)


def authority_line(authority: str, title: str) -> str:
    """The signature block's title lines in capitals: ("KT.", "Giám đốc / Phó Giám đốc")
    gives "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC"; ("", "Giám đốc") gives "GIÁM ĐỐC"."""
    parts = [p.strip().upper() for p in title.split("/") if p.strip()]
    if not parts:
        return authority
    parts[0] = f"{authority} {parts[0]}".strip()
    return " / ".join(parts)


class ParentPlanForm(forms.Form):
    code = model_field(ParentPlan, "code", validators=[CODE_VALIDATOR])
    number = model_field(ParentPlan, "number", help_text=_("Ví dụ: 05/KH-UBND"))
    issued_on = model_field(ParentPlan, "issued_on")
    issuer = model_field(ParentPlan, "issuer", help_text=_("Ví dụ: UBND tỉnh Lạng Sơn"))
    title = model_field(ParentPlan, "title")
    tasks = forms.CharField(
        label=_("Nhiệm vụ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Mỗi dòng một nhiệm vụ, dạng “mã | tên nhiệm vụ”, ví dụ: NV1 | Tuyên truyền"),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if ParentPlan.objects.filter(code=code).exists():
            raise ValidationError(gettext("Mã kế hoạch “%(code)s” đã có.") % {"code": code})
        return code

    def clean_tasks(self) -> list[tuple[str, str]]:
        tasks: list[tuple[str, str]] = []
        errors = []
        for n, line in enumerate(self.cleaned_data["tasks"].splitlines(), 1):
            if not line.strip():
                continue
            code, bar, title = (p.strip() for p in line.partition("|"))
            if not bar or not code or not title:
                errors.append(gettext("Dòng %(n)s: cần viết “mã | tên nhiệm vụ”.") % {"n": n})
            elif len(code) > 32:
                errors.append(gettext("Dòng %(n)s: mã nhiệm vụ dài quá 32 ký tự.") % {"n": n})
            elif code in {c for c, _t in tasks}:
                errors.append(gettext("Dòng %(n)s: mã “%(c)s” bị trùng.") % {"n": n, "c": code})
            else:
                tasks.append((code, title[:500]))
        if errors:
            raise ValidationError(errors)
        return tasks


class LegalBasesForm(forms.Form):
    texts = forms.CharField(
        label=_("Căn cứ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Mỗi dòng một căn cứ, theo thứ tự trong kế hoạch."),
    )

    def clean_texts(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["texts"].splitlines()]
        too_long = [n for n, line in enumerate(lines, 1) if len(line) > 1000]
        if too_long:
            raise ValidationError(
                gettext("Dòng %(n)s dài quá 1.000 ký tự.") % {"n": ", ".join(map(str, too_long))}
            )
        return [line for line in lines if line]


class SectionForm(forms.Form):
    number = forms.IntegerField(label=_("Số thứ tự"), min_value=1, max_value=999)
    title = forms.CharField(label=_("Nội dung"), max_length=500)
    body = forms.CharField(
        label=_("Diễn giải"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    parent_tasks = forms.MultipleChoiceField(
        label=_("Nhiệm vụ kế hoạch cấp trên"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, tasks: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["parent_tasks"]
        if tasks:
            field.choices = tasks  # type: ignore[attr-defined]
        else:
            del self.fields["parent_tasks"]


class BaseSectionFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        numbers = [n for n in (s.get("number") for s in self.sections()) if n]
        if len(numbers) != len(set(numbers)):
            raise ValidationError(gettext("Số thứ tự của các nội dung thi đua bị trùng."))

    def sections(self) -> list[dict[str, Any]]:
        """The sections kept: filled in and not marked for removal, for ``set_sections``."""
        kept = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            kept.append(
                {
                    "number": data["number"],
                    "title": data["title"],
                    "body": data.get("body", ""),
                    "parent_task_codes": data.get("parent_tasks", []),
                }
            )
        return kept


SectionFormSet = forms.formset_factory(
    SectionForm, formset=BaseSectionFormSet, extra=2, can_delete=True, max_num=200
)


class PhasesForm(forms.Form):
    """A date range per phase; a phase left empty is removed."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind, label in PhaseKind.choices:
            key = kind.lower()
            self.fields[f"{key}_start"] = forms.DateField(
                label=gettext("%(phase)s: từ ngày") % {"phase": label},
                required=False,
                widget=DateInput(),
            )
            self.fields[f"{key}_end"] = forms.DateField(
                label=gettext("%(phase)s: đến ngày") % {"phase": label},
                required=False,
                widget=DateInput(),
            )

    def phase_rows(self) -> list[tuple[Any, forms.BoundField, forms.BoundField]]:
        return [
            (label, self[f"{kind.lower()}_start"], self[f"{kind.lower()}_end"])
            for kind, label in PhaseKind.choices
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for kind, label in PhaseKind.choices:
            start, end = data.get(f"{kind.lower()}_start"), data.get(f"{kind.lower()}_end")
            if (start is None) != (end is None):
                self.add_error(
                    f"{kind.lower()}_end",
                    gettext("%(phase)s: cần cả ngày bắt đầu và ngày kết thúc.") % {"phase": label},
                )
        return data

    def phases(self) -> dict[str, tuple[Any, Any]]:
        data = self.cleaned_data
        return {
            kind: (data[f"{kind.lower()}_start"], data[f"{kind.lower()}_end"])
            for kind in PhaseKind.values
            if data.get(f"{kind.lower()}_start") and data.get(f"{kind.lower()}_end")
        }

    @staticmethod
    def field_map() -> dict[str, str]:
        """Errors of ``set_phases`` (keyed by phase) go beside the phase's end date."""
        return {kind: f"{kind.lower()}_end" for kind in PhaseKind.values}


class ParticipantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return participant_label(obj)


class LeadChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return participant_label(obj)


def participant_label(unit: Unit) -> str:
    label = f"{'— ' * unit.depth}{unit.name} ({unit.code})"
    if unit.kind in (UnitKind.OUTSIDE, UnitKind.LOCALITY):
        label += f" — {UnitKind(unit.kind).label}"
    return label


def participant_candidates(visible: QuerySet[Unit], movement: Movement) -> QuerySet[Unit]:
    """Units that may take part: those the user sees and every outside organisation and
    locality (S6: press, border guard, districts), open during the movement's period; and the
    present participants."""
    during = Q(valid_from__lte=movement.period_end) & (
        Q(valid_to__isnull=True) | Q(valid_to__gte=movement.period_start)
    )
    return Unit.objects.filter(
        (Q(pk__in=visible.values("pk")) | Q(kind__in=[UnitKind.OUTSIDE, UnitKind.LOCALITY]))
        & during
        | Q(pk__in=movement.participants.values("unit_id"))
    ).order_by("path")


class ParticipantsForm(forms.Form):
    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["units"] = ParticipantChoiceField(
            label=_("Đơn vị tham gia"),
            queryset=units,
            required=False,
            widget=forms.CheckboxSelectMultiple,
            help_text=_("Mỗi đơn vị tham gia cùng toàn bộ đơn vị cấp dưới của nó."),
        )
        self.fields["lead"] = LeadChoiceField(
            label=_("Đơn vị chủ trì"), queryset=units, required=False, empty_label=EMPTY_LABEL
        )


def _award_choices(is_title: bool) -> list[tuple[str, Any]]:
    labels = dict(AwardCode.choices)
    return [(code, labels[code]) for code, info in AWARDS.items() if info.is_title == is_title]


class ForeseenAwardsForm(forms.Form):
    titles = forms.MultipleChoiceField(
        label=_("Danh hiệu thi đua"),
        choices=_award_choices(True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    award_forms = forms.MultipleChoiceField(
        label=_("Hình thức khen thưởng"),
        choices=_award_choices(False),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def codes(self) -> list[str]:
        return [*self.cleaned_data["titles"], *self.cleaned_data["award_forms"]]

    @staticmethod
    def initial_for(codes: list[str]) -> dict[str, list[str]]:
        return {
            "titles": [c for c in codes if c in AWARDS and AWARDS[c].is_title],
            "award_forms": [c for c in codes if c in AWARDS and not AWARDS[c].is_title],
        }


def parse_criteria_post(post: Any) -> tuple[dict[str, Any], list[str]]:
    """The criteria table posted by the editor (indexed fields ``sections-0-title``,
    ``sections-0-criteria-1-code``, ...) as the plain data ``criteria.save_criteria_table``
    takes, and what could not be read, in Vietnamese."""
    return CriteriaEditor.from_post(post).to_data()
