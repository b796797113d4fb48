"""Pages of decisions on commendation (/khen-thuong/quyet-dinh/): the list, drafting, the
annex (I. Cá nhân, II. Tập thể) with money and the S10/S11 measures, issuing with a
confirmation, the ad hoc fast path, the movement's summary, re-examinations after a
revocation, and the dated base salary and coefficients. Thin views over
``thidua.awards.decisions``; data read through ``queries_decisions``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.awards import decisions as services
from thidua.awards import register
from thidua.awards.enums import RecipientType
from thidua.awards.forms_decisions import (
    AdhocForm,
    AdhocLineFormSet,
    BaseSalaryForm,
    CoefficientForm,
    DecisionForm,
    IssueForm,
    LineForm,
    ResolveForm,
)
from thidua.awards.measures import days_to_decision, frontline_share, movement_measures
from thidua.awards.models import (
    AwardCoefficient,
    BaseSalary,
    Decision,
    DecisionRecipient,
    DecisionState,
    Reexamination,
    ReexaminationState,
)
from thidua.awards.queries_decisions import visible_decisions, visible_reexaminations
from thidua.awards.queries_nominations import visible_nominations
from thidua.awards.views_helpers import flash_errors
from thidua.core.audit import record_event, snapshot
from thidua.core.permissions import require
from thidua.core.scoping import get_visible_or_404
from thidua.movements.models import Movement
from thidua.movements.queries import visible_movements
from thidua.org.forms_edit import add_service_errors
from thidua.org.models import Unit
from thidua.org.queries import editable_units


def _decision(request: HttpRequest, pk: int) -> Decision:
    qs = visible_decisions(request.user).select_related("issuer", "movement", "issued_by")
    return get_visible_or_404(request, qs, Decision, "awards.view_decision", pk=pk)


def _movement(request: HttpRequest, code: str) -> Movement:
    return get_visible_or_404(
        request, visible_movements(request.user), Movement, "movements.view_movement", code=code
    )


@login_required
def decision_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.view_decision", None, path=request.path)
    rows = (
        visible_decisions(request.user)
        .select_related("issuer", "movement")
        .annotate(total=Sum("recipients__amount"))
        .order_by("state", "-decided_on", "-pk")
    )
    return render(
        request,
        "awards/decision_list.html",
        {
            "rows": rows,
            "can_draft": request.user.has_perm("awards.draft_decision"),
            "can_resolve": request.user.has_perm("awards.resolve_reexamination"),
        },
    )


@login_required
def decision_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.draft_decision", None, path=request.path)
    issuers = editable_units(request.user)
    movements = visible_movements(request.user)
    form = DecisionForm(request.POST or None, issuers=issuers, movements=movements)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        issuer = issuers.get(code=data.pop("issuer"))
        code = data.pop("movement")
        movement = movements.get(code=code) if code else None
        try:
            decision = services.create_decision(
                issuer=issuer, movement=movement, actor=request.user, **data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Đã tạo dự thảo quyết định."))
            return redirect("awards:decision_detail", pk=decision.pk)
    status = 422 if request.method == "POST" else 200
    return render(request, "awards/decision_form.html", {"form": form}, status=status)


def _annex(decision: Decision) -> tuple[list[DecisionRecipient], list[DecisionRecipient]]:
    lines = list(decision.recipients.select_related("person", "unit", "award").order_by("serial"))
    people = [x for x in lines if x.recipient_type == RecipientType.PERSON]
    units = [x for x in lines if x.recipient_type == RecipientType.UNIT]
    return people, units


def _detail(
    request: HttpRequest,
    decision: Decision,
    *,
    line_form: LineForm | None = None,
    issue_form: IssueForm | None = None,
    status: int = 200,
) -> HttpResponse:
    people, units = _annex(decision)
    can_edit = decision.state == DecisionState.DRAFT and request.user.has_perm(
        "awards.issue_decision", decision
    )
    blockers = services.issue_blockers(decision) if decision.state == DecisionState.DRAFT else []
    candidates = 0
    if can_edit and decision.movement_id is not None:
        candidates = services.candidate_nominations(
            decision, visible_nominations(request.user)
        ).count()
    return render(
        request,
        "awards/decision_detail.html",
        {
            "decision": decision,
            "people": people,
            "units": units,
            "share": frontline_share(decision),
            "days": days_to_decision(decision),
            "blockers": blockers,
            "can_edit": can_edit,
            "candidates": candidates,
            "line_form": line_form or LineForm(),
            "issue_form": issue_form or IssueForm(),
        },
        status=status,
    )


@login_required
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _decision(request, pk))


def _editable(request: HttpRequest, pk: int) -> Decision:
    decision = _decision(request, pk)
    require(request.user, "awards.issue_decision", decision, path=request.path)
    return decision


@login_required
@require_POST
def decision_add_nominations(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _editable(request, pk)
    with flash_errors(request):
        added = services.add_recipients_from_nominations(
            decision, nominations=visible_nominations(request.user), actor=request.user
        )
        messages.success(
            request, _("Đã thêm %(n)s cá nhân, tập thể từ đề nghị.") % {"n": len(added)}
        )
    return redirect("awards:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_add_line(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _editable(request, pk)
    form = LineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.add_recipient(
                decision,
                recipient=data["recipient_code"],
                award_code=data["award_code"],
                year=data["year"],
                achievement=data["achievement"],
                actor=request.user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"recipient": "recipient_code"})
        else:
            messages.success(request, _("Đã thêm vào danh sách."))
            return redirect("awards:decision_detail", pk=decision.pk)
    return _detail(request, decision, line_form=form, status=422)


@login_required
@require_POST
def decision_remove_line(request: HttpRequest, pk: int, line: int) -> HttpResponse:
    decision = _editable(request, pk)
    row = get_object_or_404(DecisionRecipient, pk=line, decision=decision)
    with flash_errors(request):
        services.remove_recipient(row, actor=request.user)
        messages.success(request, _("Đã bỏ dòng khỏi danh sách."))
    return redirect("awards:decision_detail", pk=decision.pk)


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _editable(request, pk)
    form = IssueForm(request.POST)
    if form.is_valid():
        try:
            services.issue_decision(
                decision, decided_on=form.cleaned_data["decided_on"], actor=request.user
            )
        except register.DuplicateAward as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            decision.refresh_from_db()
            messages.success(
                request,
                _("Đã ban hành quyết định số %(number)s và ghi sổ khen thưởng.")
                % {"number": decision.number_symbol},
            )
            return redirect("awards:decision_detail", pk=decision.pk)
    return _detail(request, decision, issue_form=form, status=422)


@login_required
def decision_adhoc(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.issue_decision", None, path=request.path)
    issuers = editable_units(request.user)
    form = AdhocForm(request.POST or None, issuers=issuers)
    lines = AdhocLineFormSet(request.POST or None, prefix="line")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        data = form.cleaned_data
        issuer: Unit = issuers.get(code=data.pop("issuer"))
        wanted = [
            services.AdhocLine(row["recipient_code"], row["award_code"], row["achievement"])
            for row in lines.cleaned_data
            if row and row.get("recipient_code")
        ]
        try:
            decision = services.issue_adhoc_award(
                issuer=issuer, lines=wanted, actor=request.user, **data
            )
        except register.DuplicateAward as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Đã ban hành quyết định khen thưởng đột xuất số %(number)s.")
                % {"number": decision.number_symbol},
            )
            return redirect("awards:decision_detail", pk=decision.pk)
    status = 422 if request.method == "POST" else 200
    return render(
        request, "awards/decision_adhoc.html", {"form": form, "lines": lines}, status=status
    )


@login_required
def decision_movement(request: HttpRequest, code: str) -> HttpResponse:
    movement = _movement(request, code)
    require(request.user, "awards.view_decision", None, path=request.path)
    rows = (
        visible_decisions(request.user)
        .filter(movement=movement)
        .annotate(total=Sum("recipients__amount"))
        .order_by("state", "decided_on", "pk")
    )
    return render(
        request,
        "awards/decision_movement.html",
        {"movement": movement, "rows": rows, "measures": movement_measures(movement)},
    )


@login_required
def reexamination_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "awards.resolve_reexamination", None, path=request.path)
    rows = (
        visible_reexaminations(request.user)
        .select_related(
            "revoked_award__person",
            "revoked_award__unit",
            "dependent_award__person",
            "dependent_award__unit",
            "resolved_by",
        )
        .order_by("state", "opened_at", "pk")
    )
    open_rows = [r for r in rows if r.state == ReexaminationState.OPEN]
    done = [r for r in rows if r.state != ReexaminationState.OPEN]
    return render(
        request,
        "awards/decision_reexaminations.html",
        {"open_rows": open_rows, "done": done, "form": ResolveForm()},
    )


@login_required
@require_POST
def reexamination_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_visible_or_404(
        request,
        visible_reexaminations(request.user),
        Reexamination,
        "awards.resolve_reexamination",
        pk=pk,
    )
    require(request.user, "awards.resolve_reexamination", row, path=request.path)
    form = ResolveForm(request.POST)
    if form.is_valid():
        with flash_errors(request):
            services.resolve_reexamination(
                row,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
                actor=request.user,
            )
            messages.success(request, _("Đã ghi kết quả xem xét lại."))
    else:
        messages.error(request, _("Cần chọn kết quả và ghi lý do."))
    return redirect("awards:reexamination_list")


@login_required
def money_parameters(request: HttpRequest) -> HttpResponse:
    """The dated base salary and coefficients (data, never code): everyone with an officer
    role reads them; administrators add new dated values."""
    require(request.user, "awards.draft_decision", None, path=request.path)
    can_add = request.user.has_perm("awards.edit_money_parameters")
    salary_form = BaseSalaryForm(prefix="salary")
    coefficient_form = CoefficientForm(prefix="coef")
    status = 200
    if request.method == "POST":
        require(request.user, "awards.edit_money_parameters", None, path=request.path)
        form = (
            BaseSalaryForm(request.POST, prefix="salary")
            if "salary-amount" in request.POST
            else CoefficientForm(request.POST, prefix="coef")
        )
        if form.is_valid():
            obj = form.save()
            record_event(
                "awards.money_parameter.added",
                obj,
                actor=request.user,
                after=snapshot(obj, tuple(form.Meta.fields)),
            )
            messages.success(request, _("Đã thêm giá trị mới."))
            return redirect("awards:money_parameters")
        status = 422
        if isinstance(form, BaseSalaryForm):
            salary_form = form
        else:
            coefficient_form = form
    return render(
        request,
        "awards/decision_money.html",
        {
            "salaries": BaseSalary.objects.all(),
            "coefficients": AwardCoefficient.objects.all(),
            "can_add": can_add,
            "salary_form": salary_form,
            "coefficient_form": coefficient_form,
        },
        status=status,
    )
