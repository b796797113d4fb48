"""The screening page: an officer picks a title or form, a year and a unit, and sees each
candidate's verdict with every check, its message and its citation. A thin view over
``eligibility.screen_for_user``; what is screened is limited to what the user may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from thidua.awards.eligibility import UNIT, screen_for_user
from thidua.awards.enums import Verdict
from thidua.awards.regimes import REGIME_CODES, load_regime
from thidua.core.codes import AWARDS, award_choices
from thidua.core.permissions import require
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Person, Unit
from thidua.org.queries import visible_units

PERMISSION = "awards.screen_eligibility"
VERDICT_LEVEL = {
    Verdict.ELIGIBLE: "success",
    Verdict.NOT_ELIGIBLE: "danger",
    Verdict.ON_HOLD: "warning",
    Verdict.NEEDS_REVIEW: "info",
}


def screenable_codes() -> list[str]:
    """Titles and forms some regime has rules for, in the order of the glossary."""
    codes = {c for r in REGIME_CODES for c in load_regime(r, overrides=False).awards}
    return [c for c in AWARDS if c in codes]


class ScreeningForm(forms.Form):
    award_code = forms.ChoiceField(label=_("Danh hiệu, hình thức"))
    year = forms.IntegerField(label=_("Năm thành tích"), min_value=2017, max_value=2100)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"),
        queryset=Unit.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Mọi đơn vị được xem"),
        help_text=_("Xét cá nhân (hoặc tập thể) thuộc đơn vị này và các đơn vị trực thuộc."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        award_field = self.fields["award_code"]
        unit_field = self.fields["unit"]
        if isinstance(award_field, forms.ChoiceField):
            award_field.choices = award_choices(screenable_codes())
        if isinstance(unit_field, forms.ModelChoiceField):
            unit_field.queryset = visible_units(user).order_by("path")
        self.fields["year"].initial = timezone.localdate().year


@login_required
@require_GET
def screening(request: HttpRequest) -> HttpResponse:
    require(request.user, PERMISSION, None, path=request.path)
    form = ScreeningForm(request.GET or None, user=request.user)
    context: dict[str, Any] = {"form": form, "result": None}
    if form.is_valid():
        unit = form.cleaned_data["unit"]
        require(request.user, PERMISSION, unit, path=request.path)
        try:
            result = screen_for_user(
                request.user,
                form.cleaned_data["award_code"],
                form.cleaned_data["year"],
                unit=unit,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            page = Paginator(result.results, settings.THIDUA_PAGE_SIZE).get_page(
                request.GET.get("page")
            )
            ids = [r.recipient[1] for r in page.object_list]
            collective = bool(page.object_list) and page.object_list[0].recipient[0] == UNIT
            names = (
                dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
                if collective
                else dict(Person.objects.filter(pk__in=ids).values_list("pk", "full_name"))
            )
            params = request.GET.copy()
            params.pop("page", None)
            context.update(
                result=result,
                regime=load_regime(result.regime, overrides=False),
                page=page,
                query=params.urlencode(),
                rows=[
                    {
                        "result": r,
                        "name": names.get(r.recipient[1], ""),
                        "verdict_label": Verdict(r.verdict).label,
                        "level": VERDICT_LEVEL[Verdict(r.verdict)],
                    }
                    for r in page.object_list
                ],
                counts={
                    Verdict(v).label: sum(1 for r in result.results if r.verdict == v)
                    for v in Verdict.values
                },
            )
    return render(request, "awards/eligibility.html", context)
