"""Pages of nominations: the list of a movement's nominations with each verdict, creating a
nomination, citing the candidate's results, submitting, withdrawing, and the officer's
override. Thin views over ``thidua.awards.nominations``; data read through
``visible_nominations`` / ``visible_movements``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.awards import nominations as services
from thidua.awards.enums import COUNCIL_STATES, NOMINATION_TRANSITIONS, NominationState, Verdict
from thidua.awards.models import Nomination
from thidua.awards.queries_nominations import HEAD_ROLES, visible_nominations
from thidua.core.codes import AwardCode
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements.models import Movement
from thidua.movements.queries import visible_movements
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Person, Unit
from thidua.org.queries import scope_paths

VERDICT_LEVEL = {
    Verdict.ELIGIBLE: "success",
    Verdict.NOT_ELIGIBLE: "danger",
    Verdict.ON_HOLD: "warning",
    Verdict.NEEDS_REVIEW: "info",
}


def proposable_units(user: Any):
    paths = scope_paths(user, HEAD_ROLES)
    qs = Unit.objects.all()
    if not paths:
        return qs.none()
    if "" in paths:
        return qs
    q = Q(pk__in=[])
    for p in paths:
        q |= Q(path__startswith=p)
    return qs.filter(q)


class NominationForm(forms.Form):
    proposing_unit = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị đề nghị"), queryset=Unit.objects.none(), to_field_name="code"
    )
    award_code = forms.ChoiceField(label=gettext_lazy("Danh hiệu, hình thức"))
    year = forms.IntegerField(label=gettext_lazy("Năm thành tích"), min_value=2000, max_value=2100)
    candidate = forms.ChoiceField(
        label=gettext_lazy("Cá nhân, tập thể được đề nghị"),
        help_text=gettext_lazy("Thuộc đơn vị đề nghị hoặc đơn vị trực thuộc."),
    )
    achievement = forms.CharField(
        label=gettext_lazy("Tóm tắt thành tích"), widget=forms.Textarea, required=False
    )

    def __init__(self, *args: Any, user: Any, movement: Movement, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = proposable_units(user).order_by("path")
        self.fields["proposing_unit"].queryset = units  # type: ignore[attr-defined]
        codes = list(movement.foreseen_awards.values_list("award_code", flat=True))
        self.fields["award_code"].choices = [  # type: ignore[attr-defined]
            (c, AwardCode(c).label) for c in codes
        ]
        people = Person.objects.filter(unit__in=units).order_by("full_name")
        self.fields["candidate"].choices = [  # type: ignore[attr-defined]
            (_("Cá nhân"), [(f"person:{p.pk}", f"{p.full_name} ({p.code})") for p in people]),
            (_("Tập thể"), [(f"unit:{u.pk}", f"{u.name} ({u.code})") for u in units]),
        ]

    def recipient(self) -> dict[str, Any]:
        kind, pk = self.cleaned_data["candidate"].split(":")
        if kind == "person":
            return {"person": Person.objects.select_related("unit").get(pk=pk)}
        return {"unit": Unit.objects.get(pk=pk)}


class CiteForm(forms.Form):
    assessment: forms.ModelChoiceField = forms.ModelChoiceField(
        label=gettext_lazy("Kết quả chấm điểm"), queryset=None, required=False
    )
    activities: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Hoạt động"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    initiatives: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Sáng kiến"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evidence: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Minh chứng"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, nomination: Nomination, **kwargs: Any) -> None:
        cited = services.cited(nomination)
        kwargs.setdefault(
            "initial",
            {
                "assessment": cited["assessment"],
                "activities": cited["activities"],
                "initiatives": cited["initiatives"],
                "evidence": cited["evidence"],
            },
        )
        super().__init__(*args, **kwargs)
        self.fields["assessment"].queryset = services.candidate_assessments(nomination)  # type: ignore[attr-defined]
        self.fields["activities"].queryset = services.candidate_activities(nomination)  # type: ignore[attr-defined]
        self.fields["initiatives"].queryset = services.candidate_initiatives(nomination)  # type: ignore[attr-defined]
        self.fields["evidence"].queryset = services.candidate_evidence(nomination)  # type: ignore[attr-defined]


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Lý do đề nghị dù chưa đủ điều kiện"), widget=forms.Textarea
    )


def _movement(request: HttpRequest, code: str) -> Movement:
    return get_visible_or_404(
        request, visible_movements(request.user), Movement, "movements.view_movement", code=code
    )


def _nomination(request: HttpRequest, pk: int) -> Nomination:
    qs = visible_nominations(request.user).select_related(
        "movement", "proposing_unit", "person", "unit", "override_by"
    )
    return get_visible_or_404(request, qs, Nomination, "awards.view_nomination", pk=pk)


@login_required
def nomination_list(request: HttpRequest, code: str) -> HttpResponse:
    movement = _movement(request, code)
    rows = (
        visible_nominations(request.user)
        .filter(movement=movement)
        .select_related("proposing_unit", "person", "unit")
    )
    return render(
        request,
        "awards/nomination_list.html",
        {
            "movement": movement,
            "rows": [
                (n, VERDICT_LEVEL.get(Verdict(n.verdict), "info") if n.verdict else "info")
                for n in rows
            ],
            "can_propose": request.user.has_perm("awards.propose", None),
        },
    )


@login_required
def nomination_create(request: HttpRequest, code: str) -> HttpResponse:
    movement = _movement(request, code)
    require(request.user, "awards.propose", None, path=request.path)
    form = NominationForm(request.POST or None, user=request.user, movement=movement)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            unit = form.cleaned_data["proposing_unit"]
            require(request.user, "awards.propose", unit, path=request.path)
            try:
                nomination = services.create_nomination(
                    movement,
                    award_code=form.cleaned_data["award_code"],
                    year=form.cleaned_data["year"],
                    proposing_unit=unit,
                    achievement=form.cleaned_data["achievement"],
                    actor=request.user,
                    **form.recipient(),
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"recipient": "candidate"})
            else:
                messages.success(request, _("Đã tạo đề nghị; hãy nêu kết quả làm căn cứ."))
                return redirect("awards:nomination_detail", pk=nomination.pk)
    return render(
        request,
        "awards/nomination_form.html",
        {"movement": movement, "form": form},
        status=status,
    )


def _detail(
    request: HttpRequest,
    nomination: Nomination,
    *,
    cite_form: CiteForm | None = None,
    override_form: OverrideForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    can_propose = user.has_perm("awards.propose", nomination)
    editable = nomination.state in services.EDITABLE_STATES
    allowed = [
        s for s in NOMINATION_TRANSITIONS.get(nomination.state, ()) if s not in COUNCIL_STATES
    ]
    return render(
        request,
        "awards/nomination_detail.html",
        {
            "n": nomination,
            "level": (
                VERDICT_LEVEL.get(Verdict(nomination.verdict), "info")
                if nomination.verdict
                else "info"
            ),
            "cited": {
                "activities": nomination.activities.all(),
                "initiatives": nomination.initiatives.all(),
                "evidence": nomination.evidence_files.all(),
            },
            "cite_form": (cite_form or CiteForm(nomination=nomination))
            if can_propose and editable
            else None,
            "override_form": (override_form or OverrideForm())
            if editable and user.has_perm("awards.override_eligibility", nomination)
            else None,
            "can_submit": can_propose and NominationState.SUBMITTED in allowed,
            "can_withdraw": can_propose and NominationState.WITHDRAWN in allowed,
            "can_return": NominationState.RETURNED in allowed
            and user.has_perm("awards.return_nomination", nomination),
        },
        status=status,
    )


@login_required
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _nomination(request, pk))


@login_required
@require_POST
def nomination_cite(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    require(request.user, "awards.propose", nomination, path=request.path)
    form = CiteForm(request.POST, nomination=nomination)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.cite_results(
                nomination,
                assessment=data["assessment"],
                activities=data["activities"],
                initiatives=data["initiatives"],
                evidence=data["evidence"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã lưu kết quả làm căn cứ."))
            return redirect("awards:nomination_detail", pk=pk)
    return _detail(request, nomination, cite_form=form, status=422)


@login_required
@require_POST
def nomination_state(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    new_state = request.POST.get("state", "")
    permission = (
        "awards.return_nomination" if new_state == NominationState.RETURNED else "awards.propose"
    )
    require(request.user, permission, nomination, path=request.path)
    try:
        services.set_nomination_state(
            nomination, new_state, actor=request.user, comment=request.POST.get("comment", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("awards:nomination_detail", pk=pk)
    messages.success(request, _("Đã cập nhật trạng thái đề nghị."))
    return redirect("awards:nomination_detail", pk=pk)


@login_required
@require_POST
def nomination_override(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = _nomination(request, pk)
    require(request.user, "awards.override_eligibility", nomination, path=request.path)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.override_eligibility(
                nomination, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã ghi lý do đề nghị."))
            return redirect("awards:nomination_detail", pk=pk)
    return _detail(request, nomination, override_form=form, status=422)
