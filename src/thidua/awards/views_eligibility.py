"""The screening page: an officer picks a title or form, a year and a unit, and sees the counts
per verdict, then each candidate's verdict with every check, its message and its citation, a
page at a time. A thin view over ``eligibility.scope_for_user``: the counts come from
``Scope.summary`` (chunked, no messages), the rows from screening only the candidates of the
page, so a national scope never holds millions of results; what is screened is limited to
what the user may see."""

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

from thidua.awards.eligibility import scope_for_user
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
    """Titles and forms some regime has rules for, in the order of the glossary: read from
    the regime files, so a code gains its place here when a regime gains its rules."""
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
    recipient_type = forms.ChoiceField(
        label=_("Đối tượng xét"),
        required=False,
        choices=[
            ("", _("Theo danh hiệu, hình thức")),
            ("person", _("Cá nhân")),
            ("unit", _("Tập thể")),
        ],
        help_text=_(
            "Giấy khen, Bằng khen có tiêu chuẩn riêng cho cá nhân và cho tập thể; "
            "mặc định xét cá nhân."
        ),
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
            scope = scope_for_user(
                request.user,
                form.cleaned_data["award_code"],
                form.cleaned_data["year"],
                unit=unit,
                recipient=form.cleaned_data["recipient_type"] or None,
            )
            summary = scope.summary()
            page = Paginator(
                scope.candidates.values_list("pk", flat=True), settings.THIDUA_PAGE_SIZE
            ).get_page(request.GET.get("page"))
            ids = list(page.object_list)
            result = scope.screen(ids)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            names = (
                dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))
                if summary.recipient_type == "unit"
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
                    for r in result.results
                ],
                counts={Verdict(v).label: n for v, n in summary.verdicts.items()},
            )
    return render(request, "awards/eligibility.html", context)
