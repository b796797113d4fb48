"""Public disclosure pages (no login): the open and past lists of proposed nominees and a
comment form. Read only through ``public_disclosures`` (a DRAFT is a plain 404); the list
shows name, position, unit, proposed title or form and a short achievement, nothing more;
answered comments are shown with their answers, never with the sender's contact."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from thidua.awards import disclosure as services
from thidua.awards.models import CommentKind, Disclosure, Nomination
from thidua.awards.queries_disclosure import public_answered_comments, public_disclosures
from thidua.org.forms_edit import add_service_errors

SUMMARY_CHARS = 300


class CommentForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Họ và tên"), max_length=services.NAME_MAX)
    contact = forms.CharField(
        label=gettext_lazy("Điện thoại hoặc thư điện tử"),
        max_length=services.CONTACT_MAX,
        help_text=gettext_lazy("Để cơ quan trả lời; không công bố."),
    )
    nomination = forms.ModelChoiceField(
        label=gettext_lazy("Về người, tập thể (nếu có)"),
        queryset=Nomination.objects.none(),
        required=False,
    )
    kind = forms.ChoiceField(label=gettext_lazy("Loại ý kiến"), choices=CommentKind.choices)
    text = forms.CharField(
        label=gettext_lazy("Nội dung"), widget=forms.Textarea, max_length=services.TEXT_MAX
    )
    # Hidden from people (the stylesheet hides .hp); scripts fill every field.
    website = forms.CharField(label=gettext_lazy("Để trống ô này"), required=False)
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, disclosure: Disclosure, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["nomination"].queryset = disclosure.nominations.select_related(  # type: ignore[attr-defined]
            "person", "unit"
        )
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})


def client_ip(request: HttpRequest) -> str:
    """REMOTE_ADDR (the deployment's proxy sets it from the trusted forwarded header)."""
    return request.META.get("REMOTE_ADDR", "")


@require_safe
def disclosure_list(request: HttpRequest) -> HttpResponse:
    rows = public_disclosures().select_related("unit").order_by("-opens_on", "-id")
    page = Paginator(rows, settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/disclosure_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
def disclosure_detail(request: HttpRequest, code: str) -> HttpResponse:
    disclosure = get_object_or_404(
        public_disclosures().select_related("unit", "movement"), code=code
    )
    open_now = services.is_open_for_comments(disclosure)
    form = None
    status = 200
    if open_now:
        form = CommentForm(
            request.POST or None,
            disclosure=disclosure,
            initial={"token": services.comment_token(disclosure)},
        )
        if request.method == "POST":
            status = 422
            form.is_valid()
            data = form.data
            try:
                services.submit_public_comment(
                    disclosure,
                    name=data.get("name", ""),
                    contact=data.get("contact", ""),
                    text=data.get("text", ""),
                    kind=data.get("kind", ""),
                    nomination=int(data["nomination"])
                    if data.get("nomination", "").isdigit()
                    else None,
                    honeypot=data.get("website", ""),
                    token=data.get("token", ""),
                    client_ip=client_ip(request),
                )
            except ValidationError as exc:
                form = CommentForm(
                    {**dict(data.items()), "token": services.comment_token(disclosure)},
                    disclosure=disclosure,
                )
                form.is_valid()
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Cảm ơn Anh/Chị đã gửi ý kiến; cơ quan sẽ xem xét và trả lời.")
                )
                return redirect("portal:disclosure", code=code)
    elif request.method == "POST":
        status = 409
        messages.error(request, _("Đợt công khai đã kết thúc, không nhận thêm ý kiến."))
    nominations = disclosure.nominations.select_related("person__unit", "unit", "proposing_unit")
    return render(
        request,
        "portal/disclosure_detail.html",
        {
            "d": disclosure,
            "nominations": nominations,
            "comments": public_answered_comments(disclosure).select_related(
                "nomination__person", "nomination__unit"
            ),
            "form": form,
            "open_now": open_now,
            "summary_chars": SUMMARY_CHARS,
        },
        status=status,
    )
