"""Pages of the local rule parameters (``/khen-thuong/tham-so/``): per regime and title every
rule with its citation and confidence mark, the national and local value of each adjustable
parameter, a form to set (with its legal basis) or clear a local value, and the change history
from the audit trail. Thin views over ``thidua.awards.overrides``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from thidua.awards import overrides
from thidua.awards import rules_overrides as _rules  # noqa: F401  (registers the perms)
from thidua.awards.regimes import REGIME_CODES, load_regime
from thidua.core.permissions import require
from thidua.org.forms_edit import add_service_errors

SET, CLEAR = "set", "clear"


class OverrideForm(forms.Form):
    value = forms.CharField(label=gettext_lazy("Giá trị áp dụng tại địa phương"), required=False)
    note = forms.CharField(
        label=gettext_lazy("Căn cứ áp dụng tại địa phương"),
        help_text=gettext_lazy("Số, ngày và cơ quan ban hành văn bản quy định giá trị này."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


def _regime_or_404(code: str) -> str:
    if code not in REGIME_CODES:
        raise Http404(_("Không có chế độ pháp lý mã “%(code)s”.") % {"code": code})
    return code


@login_required
def regime_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.view_overrides", None, path=request.path)
    regimes = [load_regime(code, overrides=False) for code in REGIME_CODES]
    return render(request, "awards/override_regimes.html", {"regimes": regimes})


def _grouped(code: str) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for row in overrides.regime_table(code):
        group = groups.setdefault(
            row.award_code, {"award_code": row.award_code, "label": row.award_label, "rules": []}
        )
        group["rules"].append(row)
    return list(groups.values())


@login_required
def regime_detail(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, "awards.view_overrides", None, path=request.path)
    code = _regime_or_404(code)
    return render(
        request,
        "awards/override_regime.html",
        {
            "regime": load_regime(code, overrides=False),
            "groups": _grouped(code),
            "history": overrides.override_history(code)[:50],
            "manage": request.user.has_perm("awards.manage_overrides"),
        },
    )


@login_required
def override_edit(
    request: HttpRequest, code: str, award_code: str, rule_code: str, parameter: str
) -> HttpResponse:
    require(request.user, "awards.manage_overrides", None, path=request.path)
    code = _regime_or_404(code)
    try:
        rule, param = overrides.find_param(code, award_code, rule_code, parameter)
    except ValidationError:
        raise Http404(_("Không có tham số này trong chế độ %(code)s.") % {"code": code}) from None
    initial = {"value": param.local_display, "note": param.note}
    form = OverrideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action", SET)
        try:
            if action == CLEAR:
                overrides.clear_local_value(
                    code,
                    award_code,
                    rule_code,
                    parameter,
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
                messages.success(
                    request, _("Đã bỏ giá trị địa phương: áp dụng lại giá trị quốc gia.")
                )
            else:
                _default, spec = overrides.spec_for(code, award_code, rule_code, parameter)
                value = overrides.parse_value(spec, form.cleaned_data["value"], parameter=parameter)
                overrides.set_local_value(
                    code,
                    award_code,
                    rule_code,
                    parameter,
                    value,
                    note=form.cleaned_data["note"],
                    actor=request.user,
                )
                messages.success(request, _("Đã lưu giá trị áp dụng tại địa phương."))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("awards:override_regime", code=code)
    return render(
        request,
        "awards/override_form.html",
        {
            "regime_code": code,
            "rule": rule,
            "param": param,
            "form": form,
            "SET": SET,
            "CLEAR": CLEAR,
        },
        status=422 if form.errors else 200,
    )
