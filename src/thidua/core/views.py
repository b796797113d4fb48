"""Home page, per-object history and the text-size switch."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from thidua.core.context_processors import TEXT_SIZE_COOKIE, TEXT_SIZES
from thidua.core.dashboard import attention_items
from thidua.core.models import AuditEvent
from thidua.core.permissions import require


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html", {"items": attention_items(request.user)})


@require_POST
def set_text_size(request: HttpRequest) -> HttpResponse:
    size = request.POST.get("size", "md")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if size in TEXT_SIZES:
        response.set_cookie(
            TEXT_SIZE_COOKIE, size, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    return response


@login_required
def history(request: HttpRequest, app_label: str, model: str, pk: str) -> HttpResponse:
    try:
        model_class = apps.get_model(app_label, model)
    except LookupError as exc:
        raise Http404 from exc
    obj = model_class._default_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    require(request.user, "core.view_history", obj, path=request.path)
    events = AuditEvent.objects.for_object(obj).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/history.html", {"object": obj, "page": page})
