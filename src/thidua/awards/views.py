"""Pages of the award register and initiatives: thin views over ``register`` (writes) and
``queries`` (what the user may see)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.awards import decisions, register
from thidua.awards.enums import AwardSource, AwardStatus
from thidua.awards.forms import (
    AwardFilterForm,
    AwardForm,
    InitiativeFilterForm,
    InitiativeForm,
    RevokeForm,
)
from thidua.awards.models import Award, Initiative
from thidua.awards.queries import visible_awards, visible_initiatives
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Person, Unit
from thidua.org.queries import editable_units

VIEW = "awards.view_award"


def _query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _page(request: HttpRequest, queryset):
    return Paginator(queryset, settings.THIDUA_PAGE_SIZE).get_page(request.GET.get("page"))


@login_required
def award_list(request: HttpRequest) -> HttpResponse:
    require(request.user, VIEW, None, path=request.path)
    form = AwardFilterForm(request.GET or None, user=request.user)
    awards = visible_awards(request.user).select_related("person__unit", "unit")
    if form.is_valid():
        awards = form.apply(awards)
    page = _page(request, awards.order_by("-year", "award_code", "pk"))
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "can_record": request.user.has_perm("awards.record_award", None),
    }
    return render(request, "awards/award_list.html", context)


def _visible_award(request: HttpRequest, pk: int) -> Award:
    return get_visible_or_404(
        request,
        visible_awards(request.user).select_related("person__unit", "unit", "revoked_by"),
        Award,
        VIEW,
        pk=pk,
    )


def _detail(request: HttpRequest, award: Award, form: RevokeForm | None = None, status: int = 200):
    visible = visible_awards(request.user).select_related("person", "unit")
    dependents: list[Award] = []
    if award.status == AwardStatus.REVOKED:
        ids = [d.pk for d in register.dependent_awards(award)]
        dependents = list(visible.filter(pk__in=ids).order_by("year", "award_code", "pk"))
    can_revoke = award.status == AwardStatus.ACTIVE and request.user.has_perm(
        "awards.revoke_award", award
    )
    context = {
        "award": award,
        "based_on": visible.filter(supports=award).order_by("year", "pk"),
        "supports": visible.filter(based_on=award).order_by("year", "pk"),
        "dependents": dependents,
        "can_revoke": can_revoke,
        "revoke_form": form or (RevokeForm() if can_revoke else None),
        "badge_level": "success" if award.status == AwardStatus.ACTIVE else "danger",
    }
    return render(request, "awards/award_detail.html", context, status=status)


@login_required
def award_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible_award(request, pk))


@login_required
@require_POST
def award_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    award = _visible_award(request, pk)
    require(request.user, "awards.revoke_award", award, path=request.path)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            dependents, _opened = decisions.revoke_award_with_review(
                award, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã thu hồi khen thưởng."))
            if dependents:
                messages.warning(
                    request,
                    _("Có %(n)s khen thưởng đã dựa trên khen thưởng này, cần xét lại.")
                    % {"n": len(dependents)},
                )
            return redirect("awards:detail", pk=award.pk)
    return _detail(request, award, form, status=422)


def _recipient(request: HttpRequest, form: AwardForm) -> Person | Unit | None:
    data = form.cleaned_data
    code = data["recipient_code"].strip()
    model = Person if data["recipient_type"] == "person" else Unit
    recipient = model.objects.filter(code=code).first()
    if recipient is None:
        form.add_error("recipient_code", _("Không có đối tượng mã “%(code)s”.") % {"code": code})
        return None
    if not request.user.has_perm("awards.record_award", recipient):
        form.add_error(
            "recipient_code",
            _("Bạn không có quyền ghi khen thưởng cho “%(code)s”.") % {"code": code},
        )
        return None
    return recipient


@login_required
def award_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.record_award", None, path=request.path)
    form = AwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recipient = _recipient(request, form)
        if recipient is not None:
            data = form.cleaned_data
            try:
                award = register.record_award(
                    recipient=recipient,
                    award_code=data["award_code"],
                    year=data["year"],
                    kind=data["kind"],
                    decision_number=data["decision_number"],
                    decision_date=data["decision_date"],
                    issuer=data["issuer"],
                    achievement=data["achievement"],
                    source=AwardSource.MANUAL,
                    actor=request.user,
                )
            except register.DuplicateAward as exc:
                form.add_error(None, exc.message)
            except ValidationError as exc:
                add_service_errors(form, exc, {"recipient": "recipient_code"})
            else:
                messages.success(request, _("Đã ghi khen thưởng vào sổ."))
                return redirect("awards:detail", pk=award.pk)
    return render(request, "awards/award_form.html", {"form": form})


# Initiatives ---------------------------------------------------------------------------------


@login_required
def initiative_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.view_initiative", None, path=request.path)
    form = InitiativeFilterForm(request.GET or None)
    initiatives = visible_initiatives(request.user).select_related("unit")
    if form.is_valid():
        initiatives = form.apply(initiatives)
    page = _page(
        request, initiatives.prefetch_related("authors").order_by("-recognized_on", "code")
    )
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "can_record": request.user.has_perm("awards.record_initiative", None),
    }
    return render(request, "awards/initiative_list.html", context)


@login_required
def initiative_form(request: HttpRequest, code: str | None = None) -> HttpResponse:
    existing = None
    if code is not None:
        existing = get_visible_or_404(
            request,
            visible_initiatives(request.user).select_related("unit"),
            Initiative,
            "awards.record_initiative",
            code=code,
        )
    require(request.user, "awards.record_initiative", existing, path=request.path)
    initial = {}
    if existing is not None:
        initial = {
            "code": existing.code,
            "title": existing.title,
            "author_codes": ", ".join(
                existing.authors.order_by("code").values_list("code", flat=True)
            ),
            "unit": existing.unit.code,
            "recognized_on": existing.recognized_on,
            "scope": existing.scope,
        }
    units = editable_units(request.user)
    form = InitiativeForm(
        request.POST or None, initial=initial, units=units, lock_code=existing is not None
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = units.filter(code=data["unit"]).first()
        codes = data["author_codes"]
        authors = list(Person.objects.filter(code__in=codes))
        missing = [c for c in codes if c not in {p.code for p in authors}]
        if missing:
            form.add_error(
                "author_codes",
                _("Không có cán bộ mã %(codes)s.") % {"codes": ", ".join(missing)},
            )
        elif unit is not None:
            try:
                initiative, created, changed = register.upsert_initiative(
                    existing.code if existing else data["code"],
                    title=data["title"],
                    authors=authors,
                    unit=unit,
                    recognized_on=data["recognized_on"],
                    scope=data["scope"],
                    actor=request.user,
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"authors": "author_codes"})
            else:
                if created or changed:
                    messages.success(
                        request, _("Đã lưu sáng kiến “%(t)s”.") % {"t": initiative.title}
                    )
                else:
                    messages.info(request, _("Không có thay đổi nào để lưu."))
                return redirect("awards:initiative_list")
    title = _("Sửa sáng kiến") if existing else _("Thêm sáng kiến")
    context = {"form": form, "initiative": existing, "title": title}
    return render(request, "awards/initiative_form.html", context)
