"""Nominations (đề nghị khen thưởng) of a movement: ``GET/POST /movements/{code}/nominations``,
``POST /nominations/{id}/cite``, ``/state`` and ``/override``. Caps and eligibility are
enforced by ``thidua.awards.nominations``; a refusal is a 422 naming the field."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Router, Schema
from ninja.responses import Status

from thidua.api.errors import require_api
from thidua.api.lookups import person_reference, unit_reference, visible_or_404
from thidua.api.routers.movements import visible_movement
from thidua.api.schemas import ERRORS_LIST, ERRORS_WRITE, ErrorOut
from thidua.awards import nominations as services
from thidua.awards.enums import NominationState
from thidua.awards.models import Nomination
from thidua.awards.queries_nominations import visible_nominations

router = Router(tags=["Đề nghị khen thưởng"])


class NominationIn(Schema):
    award_code: str = NinjaField(
        ..., description="Mã danh hiệu, hình thức (dự kiến của phong trào)."
    )
    year: int = NinjaField(..., ge=2000, le=2100, description="Năm thành tích.")
    proposing_unit_code: str = NinjaField(..., description="Mã đơn vị đề nghị.")
    person_code: str | None = NinjaField(None, description="Mã cán bộ được đề nghị.")
    unit_code: str | None = NinjaField(None, description="Mã tập thể được đề nghị.")
    achievement: str = ""


class CiteIn(Schema):
    assessment_id: int | None = None
    activity_ids: list[int] = []
    initiative_ids: list[int] = []
    evidence_ids: list[int] = []


class StateIn(Schema):
    state: NominationState
    comment: str = ""


class OverrideIn(Schema):
    reason: str


class NominationOut(Schema):
    id: int
    movement_code: str
    award_code: str
    kind: str
    year: int
    proposing_unit_code: str
    person_code: str | None
    unit_code: str | None
    state: str
    verdict: str
    checks: list[dict]
    override_reason: str
    override_at: dt.datetime | None
    assessment_id: int | None
    activity_ids: list[int]
    initiative_ids: list[int]
    evidence_ids: list[int]
    achievement: str
    submitted_at: dt.datetime | None


def _out(n: Nomination) -> dict:
    cited = services.cited(n)
    return {
        "id": n.pk,
        "movement_code": n.movement.code,
        "award_code": n.award_code,
        "kind": n.kind,
        "year": n.year,
        "proposing_unit_code": n.proposing_unit.code,
        "person_code": n.person.code if n.person is not None else None,
        "unit_code": n.unit.code if n.unit is not None else None,
        "state": n.state,
        "verdict": n.verdict,
        "checks": n.checks,
        "override_reason": n.override_reason,
        "override_at": n.override_at,
        "assessment_id": cited["assessment"],
        "activity_ids": cited["activities"],
        "initiative_ids": cited["initiatives"],
        "evidence_ids": cited["evidence"],
        "achievement": n.achievement,
        "submitted_at": n.submitted_at,
    }


def _qs(request: HttpRequest):
    return visible_nominations(request.user).select_related(
        "movement", "proposing_unit", "person", "unit"
    )


def _nomination(request: HttpRequest, pk: int) -> Nomination:
    return visible_or_404(
        request,
        _qs(request),
        Nomination,
        "awards.view_nomination",
        _("Không tìm thấy đề nghị số %(id)s.") % {"id": pk},
        pk=pk,
    )


@router.get(
    "/movements/{code}/nominations",
    response={200: list[NominationOut], 404: ErrorOut, **ERRORS_LIST},
    summary="Các đề nghị khen thưởng của phong trào",
)
def list_nominations(request: HttpRequest, code: str):
    """Các đề nghị trong phạm vi được xem, kèm kết quả xét điều kiện khi trình."""
    movement = visible_movement(request, code)
    rows = (
        _qs(request)
        .filter(movement=movement)
        .prefetch_related("activities", "initiatives", "evidence_files")
    )
    return [_out(n) for n in rows]


@router.post(
    "/movements/{code}/nominations",
    response={201: NominationOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Tạo đề nghị khen thưởng",
)
def create_nomination(request: HttpRequest, code: str, payload: NominationIn):
    movement = visible_movement(request, code)
    proposing = unit_reference(payload.proposing_unit_code, "proposing_unit_code")
    require_api(
        request,
        "awards.propose",
        proposing,
        _("Bạn không có quyền đề nghị khen thưởng cho đơn vị “%(unit)s”.")
        % {"unit": proposing.name},
    )
    person = person_reference(payload.person_code, "person_code") if payload.person_code else None
    unit = unit_reference(payload.unit_code, "unit_code") if payload.unit_code else None
    nomination = services.create_nomination(
        movement,
        award_code=payload.award_code,
        year=payload.year,
        proposing_unit=proposing,
        person=person,
        unit=unit,
        achievement=payload.achievement,
        actor=request.user,
    )
    return Status(201, _out(_qs(request).get(pk=nomination.pk)))


@router.post(
    "/nominations/{nomination_id}/cite",
    response={200: NominationOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Nêu kết quả thi đua làm căn cứ",
)
def cite(request: HttpRequest, nomination_id: int, payload: CiteIn):
    nomination = _nomination(request, nomination_id)
    require_api(request, "awards.propose", nomination, _("Bạn không có quyền sửa đề nghị này."))
    services.cite_results(
        nomination,
        assessment=payload.assessment_id,
        activities=payload.activity_ids,
        initiatives=payload.initiative_ids,
        evidence=payload.evidence_ids,
        actor=request.user,
    )
    return _out(_qs(request).get(pk=nomination.pk))


@router.post(
    "/nominations/{nomination_id}/state",
    response={200: NominationOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Trình, rút hoặc trả lại đề nghị",
)
def change_state(request: HttpRequest, nomination_id: int, payload: StateIn):
    """`SUBMITTED`: cần nêu kết quả làm căn cứ, được xét điều kiện và kiểm tra hạn mức;
    `WITHDRAWN`: trả lại suất trong hạn mức; `RETURNED`: cán bộ phụ trách phong trào trả lại."""
    nomination = _nomination(request, nomination_id)
    permission = (
        "awards.return_nomination"
        if payload.state == NominationState.RETURNED
        else "awards.propose"
    )
    require_api(
        request, permission, nomination, _("Bạn không có quyền chuyển trạng thái đề nghị này.")
    )
    services.set_nomination_state(
        nomination, payload.state, actor=request.user, comment=payload.comment
    )
    return _out(_qs(request).get(pk=nomination.pk))


@router.post(
    "/nominations/{nomination_id}/override",
    response={200: NominationOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Ghi lý do đề nghị dù chưa đủ điều kiện",
)
def override(request: HttpRequest, nomination_id: int, payload: OverrideIn):
    nomination = _nomination(request, nomination_id)
    require_api(
        request,
        "awards.override_eligibility",
        nomination,
        _("Chỉ cán bộ phụ trách phong trào được ghi ý kiến này."),
    )
    services.override_eligibility(nomination, reason=payload.reason, actor=request.user)
    return _out(_qs(request).get(pk=nomination.pk))
