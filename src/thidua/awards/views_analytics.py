"""The page "Gương điển hình chưa được khen thưởng" (S10): for a movement the user sees, the
people and units of the user's subtree with the best results and no nomination or award yet,
with links to start a nomination or an ad hoc award. The lists come from
``awards.analytics.unrecognised`` in a fixed number of queries."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from thidua.awards.analytics import DEFAULT_LIMIT, MAX_LIMIT, unrecognised
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements.models import Movement
from thidua.movements.queries import visible_movements


class MovementChoiceForm(forms.Form):
    movement = forms.ChoiceField(label=_("Phong trào thi đua"))
    limit = forms.IntegerField(
        label=_("Số dòng tối đa mỗi danh sách"),
        min_value=1,
        max_value=MAX_LIMIT,
        initial=DEFAULT_LIMIT,
        required=False,
    )

    def __init__(self, *args, user, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        movements = visible_movements(user).order_by("-period_end", "code")
        field = cast(forms.ChoiceField, self.fields["movement"])
        field.choices = [("", "—")] + [(m.code, f"{m.code} — {m.name}") for m in movements]


@login_required
@require_safe
def unrecognised_page(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.propose", None, path=request.path)
    form = MovementChoiceForm(request.GET or None, user=request.user)
    report = None
    status = 200
    if request.GET:
        if form.is_valid():
            movement = get_visible_or_404(
                request,
                visible_movements(request.user),
                Movement,
                "movements.view_movement",
                code=form.cleaned_data["movement"],
            )
            report = unrecognised(
                request.user, movement, limit=form.cleaned_data["limit"] or DEFAULT_LIMIT
            )
        else:
            status = 422
    return render(
        request,
        "awards/analytics_unrecognised.html",
        {
            "form": form,
            "report": report,
            "can_adhoc": request.user.has_perm("awards.issue_decision", None),
        },
        status=status,
    )
