"""Decisions on commendation: ``GET/POST /decisions``, ``GET /decisions/{id}``, ``POST
/decisions/{id}/recipients``, ``POST /decisions/{id}/issue`` (422 listing every blocker, 409 on
a duplicate award), ``POST /decisions/adhoc`` (the fast path), ``GET /reexaminations``, ``POST
/reexaminations/{id}/resolve`` and ``GET /movements/{code}/measures`` (S10, S11)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from ninja.responses import Status

from thidua.api.errors import require_api
from thidua.api.lookups import person_reference, unit_reference, visible_or_404
from thidua.api.routers.movements import visible_movement
from thidua.api.schemas import ERRORS_LIST, ERRORS_READ, ERRORS_WRITE, ErrorOut
from thidua.api.schemas_decisions import (
    AdhocIn,
    DecisionDetailOut,
    DecisionIn,
    DecisionOut,
    DecisionStateCode,
    IssueIn,
    MovementMeasuresOut,
    RecipientIn,
    RecipientsIn,
    ReexaminationOut,
    ResolveIn,
)
from thidua.awards import decisions as services
from thidua.awards import register
from thidua.awards.measures import days_to_decision, frontline_share, movement_measures
from thidua.awards.models import Decision, DecisionRecipient, DecisionState, Reexamination
from thidua.awards.queries_decisions import visible_decisions, visible_reexaminations
from thidua.awards.queries_nominations import visible_nominations
from thidua.org.models import Person, Unit

router = Router(tags=["Quyết định khen thưởng"])


def _qs(request: HttpRequest):
    return visible_decisions(request.user).select_related("issuer", "movement")


def _decision(request: HttpRequest, pk: int) -> Decision:
    return visible_or_404(
        request,
        _qs(request),
        Decision,
        "awards.view_decision",
        _("Không tìm thấy quyết định số %(id)s.") % {"id": pk},
        pk=pk,
    )


def _share(share: Any) -> dict[str, Any]:
    return {
        "individuals": share.individuals,
        "frontline": share.frontline,
        "leaders": share.leaders,
        "collectives": share.collectives,
        "share": share.share,
        "total_amount": share.total_amount,
    }


def _summary(d: Decision, total: int) -> dict[str, Any]:
    return {
        "id": d.pk,
        "state": d.state,
        "issuer_code": d.issuer.code,
        "issuer_name": d.issuer_name,
        "symbol": d.symbol,
        "number": d.number,
        "number_symbol": d.number_symbol,
        "decided_on": d.decided_on,
        "subject": d.subject,
        "kind": d.kind,
        "adhoc": d.adhoc,
        "movement_code": d.movement.code if d.movement is not None else None,
        "period_end": d.period_end,
        "signer_name": d.signer_name,
        "signer_title": d.signer_title,
        "signer_authority": d.signer_authority,
        "total_amount": total,
    }


def _line(x: DecisionRecipient) -> dict[str, Any]:
    recipient: Person | Unit = x.person if x.person_id else x.unit  # type: ignore[assignment]
    return {
        "serial": x.serial,
        "recipient_type": x.recipient_type,
        "recipient_code": recipient.code,
        "name": recipient.full_name if isinstance(recipient, Person) else recipient.name,
        "award_code": x.award_code,
        "year": x.year,
        "position": x.position,
        "unit_name": x.unit_name,
        "is_leader": x.is_leader,
        "achievement": x.achievement,
        "coefficient": x.coefficient,
        "base_salary": x.base_salary,
        "amount": x.amount,
        "nomination_id": x.nomination_id,
        "award_id": x.award_id,
    }


def _detail(request: HttpRequest, pk: int) -> dict[str, Any]:
    d = _qs(request).get(pk=pk)
    share = frontline_share(d)
    lines = d.recipients.select_related("person", "unit").order_by("serial")
    blockers = services.issue_blockers(d) if d.state == DecisionState.DRAFT else []
    return _summary(d, share.total_amount) | {
        "legal_bases": d.legal_bases,
        "proposal_ref": d.proposal_ref,
        "recipients": [_line(x) for x in lines],
        "measures": {"frontline": _share(share), "days_to_decision": days_to_decision(d)},
        "blockers": blockers,
    }


def _recipient(payload: RecipientIn, field: str) -> Person | Unit:
    if payload.recipient_type == "person":
        return person_reference(payload.recipient_code, field)
    return unit_reference(payload.recipient_code, field)


@router.get("/decisions", response={200: list[DecisionOut], **ERRORS_LIST}, summary="Quyết định")
def list_decisions(
    request: HttpRequest,
    *,
    movement_code: str = "",
    state: DecisionStateCode | None = None,
    year: int | None = None,
):
    """Các quyết định khen thưởng của đơn vị trong phạm vi được xem."""
    require_api(request, "awards.view_decision", None, _("Bạn không có quyền xem quyết định."))
    rows = _qs(request)
    if movement_code.strip():
        rows = rows.filter(movement__code=movement_code.strip())
    if state:
        rows = rows.filter(state=state)
    if year is not None:
        rows = rows.filter(year=year)
    totals = dict(
        DecisionRecipient.objects.filter(decision__in=rows)
        .values("decision")
        .annotate(total=Sum("amount"))
        .values_list("decision", "total")
    )
    return [_summary(d, totals.get(d.pk) or 0) for d in rows.order_by("-decided_on", "-pk")]


@router.post(
    "/decisions", response={201: DecisionDetailOut, **ERRORS_WRITE}, summary="Dự thảo quyết định"
)
def create_decision(request: HttpRequest, payload: DecisionIn):
    issuer = unit_reference(payload.issuer_code, "issuer_code")
    require_api(
        request,
        "awards.draft_decision",
        issuer,
        _("Bạn không có quyền soạn quyết định của đơn vị “%(code)s”.") % {"code": issuer.code},
    )
    movement = None
    if payload.movement_code:
        movement = visible_movement(request, payload.movement_code)
    data = payload.dict(exclude={"issuer_code", "movement_code"})
    decision = services.create_decision(
        issuer=issuer, movement=movement, actor=request.user, **data
    )
    return Status(201, _detail(request, decision.pk))


@router.get(
    "/decisions/{int:decision_id}",
    response={200: DecisionDetailOut, **ERRORS_READ},
    summary="Một quyết định, danh sách kèm theo, tiền thưởng và số liệu",
)
def get_decision(request: HttpRequest, decision_id: int):
    return _detail(request, _decision(request, decision_id).pk)


@router.post(
    "/decisions/{int:decision_id}/recipients",
    response={200: DecisionDetailOut, **ERRORS_WRITE},
    summary="Thêm cá nhân, tập thể vào danh sách",
)
def add_recipients(request: HttpRequest, decision_id: int, payload: RecipientsIn):
    """`from_nominations`: các đề nghị của phong trào được Hội đồng thông qua; `lines`: nhập
    trực tiếp. Tất cả hoặc không gì cả."""
    decision = _decision(request, decision_id)
    require_api(
        request, "awards.draft_decision", decision, _("Bạn không có quyền sửa quyết định này.")
    )
    recipients = [
        _recipient(line, f"lines.{i}.recipient_code") for i, line in enumerate(payload.lines)
    ]
    with transaction.atomic():
        if payload.from_nominations:
            services.add_recipients_from_nominations(
                decision, nominations=visible_nominations(request.user), actor=request.user
            )
        for line, recipient in zip(payload.lines, recipients, strict=True):
            services.add_recipient(
                decision,
                recipient=recipient,
                award_code=line.award_code,
                year=line.year,
                achievement=line.achievement,
                actor=request.user,
            )
    return _detail(request, decision.pk)


@router.post(
    "/decisions/{int:decision_id}/issue",
    response={200: DecisionDetailOut, **ERRORS_WRITE},
    summary="Ban hành quyết định",
)
def issue(request: HttpRequest, decision_id: int, payload: IssueIn):
    """Cấp số (theo cơ quan ban hành, bắt đầu lại từ 01 mỗi năm), tính tiền thưởng và ghi sổ
    khen thưởng. 422: liệt kê mọi lý do chưa ban hành được; 409: một dòng trùng khen thưởng
    đã có trong sổ (không cấp số, không ghi gì)."""
    decision = _decision(request, decision_id)
    require_api(
        request, "awards.issue_decision", decision, _("Bạn không có quyền ban hành quyết định này.")
    )
    try:
        services.issue_decision(decision, decided_on=payload.decided_on, actor=request.user)
    except register.DuplicateAward as exc:
        raise HttpError(409, exc.message) from None
    return _detail(request, decision.pk)


@router.post(
    "/decisions/adhoc",
    response={201: DecisionDetailOut, **ERRORS_WRITE},
    summary="Khen thưởng đột xuất (thủ tục rút gọn)",
)
def adhoc(request: HttpRequest, payload: AdhocIn):
    """Tạo và ban hành ngay một quyết định khen thưởng đột xuất: không qua đề nghị, Hội đồng
    hay công khai."""
    issuer = unit_reference(payload.issuer_code, "issuer_code")
    require_api(
        request,
        "awards.issue_decision",
        issuer,
        _("Bạn không có quyền ban hành quyết định của đơn vị “%(code)s”.") % {"code": issuer.code},
    )
    lines = [
        services.AdhocLine(
            _recipient(line, f"lines.{i}.recipient_code"), line.award_code, line.achievement
        )
        for i, line in enumerate(payload.lines)
    ]
    try:
        decision = services.issue_adhoc_award(
            issuer=issuer,
            issuer_name=payload.issuer_name,
            symbol=payload.symbol,
            subject=payload.subject,
            lines=lines,
            year=payload.year,
            decided_on=payload.decided_on,
            signer_name=payload.signer_name,
            signer_title=payload.signer_title,
            signer_authority=payload.signer_authority,
            legal_bases=payload.legal_bases,
            actor=request.user,
        )
    except register.DuplicateAward as exc:
        raise HttpError(409, exc.message) from None
    return Status(201, _detail(request, decision.pk))


def _reexamination(r: Reexamination) -> dict[str, Any]:
    award = r.dependent_award
    recipient = award.person if award.person_id else award.unit
    return {
        "id": r.pk,
        "state": r.state,
        "revoked_award_id": r.revoked_award_id,
        "dependent_award_id": r.dependent_award_id,
        "dependent_award_code": award.award_code,
        "dependent_year": award.year,
        "recipient_code": recipient.code if recipient is not None else "",
        "note": r.note,
        "opened_at": r.opened_at,
        "resolved_at": r.resolved_at,
    }


def _reexaminations_qs(request: HttpRequest):
    return visible_reexaminations(request.user).select_related(
        "dependent_award__person", "dependent_award__unit"
    )


@router.get(
    "/reexaminations",
    response={200: list[ReexaminationOut], **ERRORS_LIST},
    summary="Khen thưởng cần xem xét lại sau khi thu hồi",
)
def list_reexaminations(request: HttpRequest, *, state: str = "OPEN"):
    require_api(
        request,
        "awards.resolve_reexamination",
        None,
        _("Bạn không có quyền xem danh sách khen thưởng cần xem xét lại."),
    )
    rows = _reexaminations_qs(request)
    if state:
        rows = rows.filter(state=state)
    return [_reexamination(r) for r in rows.order_by("opened_at", "pk")]


@router.post(
    "/reexaminations/{int:reexamination_id}/resolve",
    response={200: ReexaminationOut, **ERRORS_WRITE},
    summary="Kết luận xem xét lại",
)
def resolve(request: HttpRequest, reexamination_id: int, payload: ResolveIn):
    """`UPHELD`: giữ nguyên (ghi lý do); `REVOKED`: thu hồi cả khen thưởng này, mở xem xét lại
    các khen thưởng dựa trên nó."""
    row = visible_or_404(
        request,
        _reexaminations_qs(request),
        Reexamination,
        "awards.resolve_reexamination",
        _("Không tìm thấy việc xem xét lại số %(id)s.") % {"id": reexamination_id},
        pk=reexamination_id,
    )
    require_api(
        request, "awards.resolve_reexamination", row, _("Bạn không có quyền kết luận việc này.")
    )
    services.resolve_reexamination(
        row, outcome=payload.outcome, note=payload.note, actor=request.user
    )
    return _reexamination(_reexaminations_qs(request).get(pk=row.pk))


@router.get(
    "/movements/{code}/measures",
    response={200: MovementMeasuresOut, 404: ErrorOut, **ERRORS_LIST},
    summary="Số liệu khen thưởng của phong trào (S10, S11)",
)
def measures(request: HttpRequest, code: str):
    """S11: tỷ lệ khen thưởng cá nhân cho người trực tiếp làm việc (không phải lãnh đạo, quản
    lý); S10: số ngày từ khi kết thúc kỳ đánh giá đến ngày quyết định, từng quyết định đã ban
    hành, trung bình và lớn nhất."""
    movement = visible_movement(request, code)
    m = movement_measures(movement)
    return {
        "movement_code": m.movement_code,
        "decisions": m.decisions,
        "frontline": _share(m.frontline),
        "timeliness": [t.__dict__ for t in m.timeliness],
        "mean_days": m.mean_days,
        "max_days": m.max_days,
    }
