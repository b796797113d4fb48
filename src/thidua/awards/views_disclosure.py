"""Officer pages of public disclosure (công khai): the list, creating one from submitted
nominations, the detail with the period and the public's comments (answer, hide as spam),
publishing and closing. Thin views over ``thidua.awards.disclosure``; disclosures read
through ``visible_disclosures``."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.awards import disclosure as services
from thidua.awards import rules_disclosure  # noqa: F401  (registers the permissions)
from thidua.awards.models import Disclosure, DisclosureState, Nomination, PublicComment
from thidua.awards.queries_disclosure import visible_disclosures
from thidua.awards.queries_nominations import visible_nominations
from thidua.awards.views_helpers import flash_errors
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Unit
from thidua.org.queries import editable_units


class DisclosureForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Đơn vị công khai"), queryset=Unit.objects.none(), to_field_name="code"
    )
    title = forms.CharField(
        label=gettext_lazy("Tiêu đề"),
        required=False,
        max_length=400,
        help_text=gettext_lazy("Để trống: tự đặt theo tên phong trào."),
    )
    nominations = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Đề nghị đưa ra công khai"),
        queryset=Nomination.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    working_days = forms.IntegerField(
        label=gettext_lazy("Số ngày làm việc công khai"),
        required=False,
        min_value=1,
        max_value=services.MAX_WORKING_DAYS,
        help_text=gettext_lazy(
            "Để trống: 10 ngày nếu có khen thưởng cấp Nhà nước, nếu không theo cấu hình."
        ),
    )
    note = forms.CharField(label=gettext_lazy("Ghi chú"), required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = editable_units(user).order_by("path")  # type: ignore[attr-defined]
        self.fields["nominations"].queryset = (  # type: ignore[attr-defined]
            visible_nominations(user)
            .filter(state__in=services.DISCLOSABLE_STATES)
            .select_related("person", "unit")
        )


class AnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Trả lời"), widget=forms.Textarea)


class HideForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Lý do ẩn (thư rác)"), max_length=300)


def _disclosure(request: HttpRequest, code: str) -> Disclosure:
    qs = visible_disclosures(request.user).select_related("unit", "movement")
    return get_visible_or_404(request, qs, Disclosure, "awards.view_disclosure", code=code)


def _comment(request: HttpRequest, code: str, pk: int) -> PublicComment:
    disclosure = _disclosure(request, code)
    require(request.user, "awards.manage_disclosure", disclosure, path=request.path)
    return get_object_or_404(
        PublicComment.objects.select_related("disclosure__unit"), disclosure=disclosure, pk=pk
    )


@login_required
def disclosure_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.view_disclosure", None, path=request.path)
    rows = visible_disclosures(request.user).select_related("unit", "movement")
    return render(request, "awards/disclosure_list.html", {"rows": rows})


@login_required
def disclosure_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.manage_disclosure", None, path=request.path)
    form = DisclosureForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            data = form.cleaned_data
            require(request.user, "awards.manage_disclosure", data["unit"], path=request.path)
            chosen = list(data["nominations"])
            movements = {n.movement_id for n in chosen}
            try:
                disclosure = services.create_disclosure(
                    unit=data["unit"],
                    movement=chosen[0].movement if len(movements) == 1 else None,
                    nominations=chosen,
                    title=data["title"],
                    working_days=data["working_days"],
                    note=data["note"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo đợt công khai; kiểm tra rồi đăng công khai."))
                return redirect("awards:disclosure_detail", code=disclosure.code)
    return render(request, "awards/disclosure_form.html", {"form": form}, status=status)


def _detail(request: HttpRequest, disclosure: Disclosure, status: int = 200) -> HttpResponse:
    manage = request.user.has_perm("awards.manage_disclosure", disclosure)
    comments = disclosure.comments.select_related("nomination__person", "nomination__unit")
    return render(
        request,
        "awards/disclosure_detail.html",
        {
            "d": disclosure,
            "manage": manage,
            "nominations": disclosure.nominations.select_related(
                "person__unit", "unit", "proposing_unit"
            ),
            "rows": [
                (
                    c,
                    AnswerForm(initial={"answer": c.answer}, prefix=f"c{c.pk}"),
                    HideForm(prefix=f"h{c.pk}"),
                )
                for c in comments
            ],
            "blockers": services.disclosure_blockers(
                disclosure.nominations.all(), require_disclosure=False
            ),
            "DRAFT": DisclosureState.DRAFT,
            "OPEN": DisclosureState.OPEN,
        },
        status=status,
    )


@login_required
def disclosure_detail(request: HttpRequest, code: str) -> HttpResponse:
    return _detail(request, _disclosure(request, code))


@login_required
@require_POST
def disclosure_state(request: HttpRequest, code: str) -> HttpResponse:
    disclosure = _disclosure(request, code)
    require(request.user, "awards.manage_disclosure", disclosure, path=request.path)
    with flash_errors(request):
        services.set_disclosure_state(disclosure, request.POST.get("state", ""), actor=request.user)
        messages.success(request, _("Đã cập nhật trạng thái đợt công khai."))
    return redirect("awards:disclosure_detail", code=code)


@login_required
@require_POST
def comment_answer(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    comment = _comment(request, code, pk)
    form = AnswerForm(request.POST, prefix=f"c{comment.pk}")
    with flash_errors(request):
        services.answer_comment(
            comment, text=form.data.get(f"c{comment.pk}-answer", ""), actor=request.user
        )
        messages.success(request, _("Đã ghi trả lời."))
    return redirect("awards:disclosure_detail", code=code)


@login_required
@require_POST
def comment_hide(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    comment = _comment(request, code, pk)
    with flash_errors(request):
        services.hide_comment(
            comment, reason=request.POST.get(f"h{comment.pk}-reason", ""), actor=request.user
        )
        messages.success(request, _("Đã ẩn ý kiến."))
    return redirect("awards:disclosure_detail", code=code)
