"""Periodic reports, assessments (scores by stage and the workflow), the ranking and emulation
blocs with peer scores.

Reads go through the results visibility queries (``visible_reports``, ``visible_assessments``,
``visible_blocs``: 404, recorded, outside the caller's scope; before the results are released a
unit sees only its own assessment and the ranking answers 403). Writes check the same rules as
the pages and call the same services. A refusal that depends on the record's state or on the
movement's phase (a move the workflow does not allow, an assessment locked after FINAL, results
already released) answers 409; invalid data answers 422 naming the criterion or field."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from thidua.api.errors import ApiValidationError, forbid, require_api
from thidua.api.lookups import Pagination, person_reference, unit_reference, visible_or_404
from thidua.api.routers.movements import conflict, visible_movement
from thidua.api.schemas import ERRORS_READ, ERRORS_WRITE
from thidua.api.schemas_results import (
    AssessmentOpenIn,
    AssessmentOut,
    AssessmentStateIn,
    AssessmentSummaryOut,
    BlocIn,
    BlocOut,
    PeerScoreIn,
    PeerScoreOut,
    RankingOut,
    ReportIn,
    ReportOut,
    ReportStateIn,
    ScoresIn,
    ScoreStageCode,
)
from thidua.movements.models import BonusItem, Criterion, PenaltyItem
from thidua.movements.phases import reports_open
from thidua.org.models import Unit
from thidua.results import assessments as assessment_services
from thidua.results import blocs as bloc_services
from thidua.results import reports as report_services
from thidua.results.enums import (
    ASSESSMENT_TRANSITIONS,
    REPORT_TRANSITIONS,
    ReportState,
    ScoreStage,
)
from thidua.results.models import (
    Assessment,
    AssessmentAdjustment,
    AssessmentScore,
    Bloc,
    PeriodicReport,
)
from thidua.results.queries import (
    results_released,
    visible_assessments,
    visible_blocs,
    visible_reports,
)
from thidua.results.views_assessments import STAGE_PERMISSION
from thidua.results.views_ranking import TIE_BREAK_RULE, ranking_rows

router = Router(tags=["Đánh giá, xếp hạng"])


def _refusal(exc: ValidationError) -> Exception:
    """A message without a field is about the record's state or the phase: 409; field
    errors: 422 (raised as is)."""
    return exc if hasattr(exc, "error_dict") else conflict(exc)


# --- Periodic reports -----------------------------------------------------------------------


def _report(request: HttpRequest, pk: int) -> PeriodicReport:
    return visible_or_404(
        request,
        visible_reports(request.user).select_related("movement__organizer", "unit"),
        PeriodicReport,
        "results.view_report",
        _("Không tìm thấy báo cáo số %(id)s.") % {"id": pk},
        pk=pk,
    )


@router.get(
    "/movements/{code}/reports",
    response={200: list[ReportOut], **ERRORS_READ},
    summary="Báo cáo định kỳ của các đơn vị",
)
@paginate(Pagination)
def list_reports(request: HttpRequest, code: str) -> QuerySet[PeriodicReport]:
    """Báo cáo trong phạm vi được xem (cán bộ thi đua của đơn vị phát động thấy tất cả)."""
    movement = visible_movement(request, code)
    return (
        visible_reports(request.user)
        .filter(movement=movement)
        .select_related("movement", "unit")
        .order_by("unit__path", "-period_start", "pk")
    )


@router.post(
    "/movements/{code}/reports",
    response={201: ReportOut, **ERRORS_WRITE},
    summary="Lập báo cáo định kỳ của đơn vị",
)
def create_report(request: HttpRequest, code: str, payload: ReportIn) -> Any:
    """Kỳ báo cáo nằm trong thời gian phong trào; mỗi đơn vị một báo cáo cho mỗi kỳ và ngày bắt
    đầu. Nội dung mặc định được tổng hợp từ các hoạt động của đơn vị trong kỳ."""
    movement = visible_movement(request, code)
    unit = unit_reference(payload.unit_code, "unit_code")
    require_api(
        request,
        "results.write_report",
        unit,
        _("Bạn không có quyền lập báo cáo của đơn vị “%(unit)s”.") % {"unit": unit.code},
    )
    if not reports_open(movement):
        raise HttpError(
            409,
            _("Phong trào “%(code)s” chưa phát động hoặc đã kết thúc: không nhận báo cáo.")
            % {"code": code},
        )
    with transaction.atomic():
        report = report_services.create_report(
            movement,
            unit,
            period=payload.period,
            start=payload.period_start,
            end=payload.period_end,
            actor=request.user,
        )
        if payload.content is not None:
            report_services.save_report(report, content=payload.content, actor=request.user)
    return Status(201, report)


@router.post(
    "/reports/{report_id}/state",
    response={200: ReportOut, **ERRORS_WRITE},
    summary="Gửi, tiếp nhận hoặc trả lại báo cáo",
)
def post_report_state(request: HttpRequest, report_id: int, payload: ReportStateIn) -> Any:
    """Đơn vị gửi (SUBMITTED); cán bộ thi đua tiếp nhận (ACCEPTED) hoặc trả lại kèm ý kiến
    (RETURNED). Bước chuyển không được phép trả 409."""
    report = _report(request, report_id)
    if payload.state == ReportState.SUBMITTED:
        require_api(
            request,
            "results.write_report",
            report.unit,
            _("Bạn không có quyền gửi báo cáo của đơn vị “%(unit)s”.") % {"unit": report.unit.code},
        )
    else:
        require_api(
            request,
            "results.review_report",
            report,
            _("Chỉ cán bộ thi đua của phong trào tiếp nhận hoặc trả lại báo cáo."),
        )
    try:
        report_services.set_report_state(
            report, payload.state, actor=request.user, comment=payload.comment
        )
    except ValidationError as exc:
        if payload.state not in REPORT_TRANSITIONS[report.state]:
            raise conflict(exc) from exc
        raise
    return report


# --- Assessments ----------------------------------------------------------------------------


def _assessment(request: HttpRequest, pk: int) -> Assessment:
    return visible_or_404(
        request,
        visible_assessments(request.user).select_related("movement__organizer", "unit", "person"),
        Assessment,
        "results.view_assessment",
        _("Không tìm thấy bản đánh giá số %(id)s.") % {"id": pk},
        pk=pk,
    )


def _assessment_out(assessment: Assessment) -> dict[str, Any]:
    scores = AssessmentScore.objects.filter(assessment=assessment).select_related("criterion")
    adjustments = AssessmentAdjustment.objects.filter(assessment=assessment).select_related(
        "bonus_item", "penalty_item"
    )
    totals = assessment_services.stage_scores(assessment)
    return {
        "id": assessment.pk,
        "movement_code": assessment.movement.code,
        "unit_code": assessment.unit.code,
        "person_code": assessment.person.code if assessment.person else None,
        "state": assessment.state,
        "results_released": assessment.results_released,
        "submitted_at": assessment.submitted_at,
        "reviewed_at": assessment.reviewed_at,
        "finalized_at": assessment.finalized_at,
        "scores": [
            {
                "criterion_code": s.criterion.code,
                "stage": s.stage,
                "points": s.points,
                "comment": s.comment,
            }
            for s in scores.order_by("criterion__section__order", "criterion__order", "stage")
        ],
        "adjustments": [
            {
                "stage": a.stage,
                "bonus_item": a.bonus_item.order if a.bonus_item else None,
                "penalty_item": a.penalty_item.order if a.penalty_item else None,
                "points": a.points,
                "count": a.count,
            }
            for a in adjustments.order_by("stage", "bonus_item__order", "penalty_item__order")
        ],
        "totals": [
            {
                "stage": stage,
                "base": score.base,
                "bonus": score.bonus,
                "penalty": score.penalty,
                "total": score.total,
                "band": score.band,
            }
            for stage, score in totals.items()
        ],
    }


class AssessmentFilter(Schema):
    collective: bool | None = None


@router.get(
    "/movements/{code}/assessments",
    response={200: list[AssessmentSummaryOut], **ERRORS_READ},
    summary="Các bản đánh giá trong phạm vi được xem",
)
@paginate(Pagination)
def list_assessments(
    request: HttpRequest, code: str, filters: Query[AssessmentFilter]
) -> QuerySet[Assessment]:
    """Trước khi công bố kết quả, mỗi đơn vị chỉ thấy bản đánh giá của mình (và của cán bộ
    trong đơn vị); cán bộ thi đua của phong trào thấy tất cả. `collective`: true chỉ đánh giá
    tập thể, false chỉ cá nhân."""
    movement = visible_movement(request, code)
    assessments = visible_assessments(request.user).filter(movement=movement)
    if filters.collective is not None:
        assessments = assessments.filter(person__isnull=filters.collective)
    return assessments.select_related("movement", "unit", "person").order_by(
        "unit__path", "person__code", "pk"
    )


@router.post(
    "/movements/{code}/assessments",
    response={200: AssessmentOut, 201: AssessmentOut, **ERRORS_WRITE},
    summary="Mở bản đánh giá của đơn vị hoặc cá nhân",
)
def open_assessment(request: HttpRequest, code: str, payload: AssessmentOpenIn) -> Any:
    """Mở (201) hoặc lấy lại (200) bản đánh giá: thủ trưởng mở cho đơn vị mình, cán bộ mở cho
    chính mình."""
    movement = visible_movement(request, code)
    unit = unit_reference(payload.unit_code, "unit_code")
    person = None
    if payload.person_code:
        person = person_reference(payload.person_code, "person_code")
        if person.user_id != request.user.pk:
            forbid(
                request,
                "results.open_assessment",
                person,
                _("Chỉ cán bộ “%(code)s” tự mở bản đánh giá của mình.") % {"code": person.code},
            )
    else:
        require_api(
            request,
            "results.open_assessment",
            unit,
            _("Bạn không có quyền mở bản đánh giá của đơn vị “%(unit)s”.") % {"unit": unit.code},
        )
    existed = (
        Assessment.objects.filter(movement=movement, person=person).exists()
        if person
        else Assessment.objects.filter(movement=movement, unit=unit, person__isnull=True).exists()
    )
    try:
        assessment = assessment_services.open_assessment(
            movement, unit=unit, person=person, actor=request.user
        )
    except ValidationError as exc:
        raise _refusal(exc) from exc
    return Status(200 if existed else 201, _assessment_out(assessment))


@router.get(
    "/assessments/{assessment_id}",
    response={200: AssessmentOut, **ERRORS_READ},
    summary="Một bản đánh giá: điểm từng tiêu chí theo bước, tổng điểm",
)
def get_assessment(request: HttpRequest, assessment_id: int) -> Any:
    return _assessment_out(_assessment(request, assessment_id))


def _ids(assessment: Assessment, payload: ScoresIn) -> dict[str, Any]:
    """The body's criterion codes and item numbers as the ids the service takes."""
    movement_id = assessment.movement_id
    criteria = dict(
        Criterion.objects.filter(section__table__movement_id=movement_id).values_list("code", "pk")
    )
    errors: dict[str, str] = {}
    unknown = sorted((payload.points.keys() | payload.comments.keys()) - criteria.keys())
    if unknown:
        errors["points"] = _("Không có tiêu chí mã %(codes)s trong bảng tiêu chí.") % {
            "codes": ", ".join(unknown)
        }
    bonus = penalties = None
    if payload.bonus is not None:
        items = dict(
            BonusItem.objects.filter(table__movement_id=movement_id).values_list("order", "pk")
        )
        if payload.bonus.keys() - items.keys():
            errors["bonus"] = _("Không có mục điểm thưởng số %(n)s.") % {
                "n": ", ".join(str(n) for n in sorted(payload.bonus.keys() - items.keys()))
            }
        bonus = {items[n]: v for n, v in payload.bonus.items() if n in items}
    if payload.penalties is not None:
        p_items = dict(
            PenaltyItem.objects.filter(table__movement_id=movement_id).values_list("order", "pk")
        )
        if payload.penalties.keys() - p_items.keys():
            errors["penalties"] = _("Không có mục điểm trừ số %(n)s.") % {
                "n": ", ".join(str(n) for n in sorted(payload.penalties.keys() - p_items.keys()))
            }
        penalties = {p_items[n]: v for n, v in payload.penalties.items() if n in p_items}
    if errors:
        raise ApiValidationError(errors)
    return {
        "points": {criteria[c]: v for c, v in payload.points.items()},
        "comments": {criteria[c]: v for c, v in payload.comments.items()},
        "bonus": bonus,
        "penalties": penalties,
    }


@router.put(
    "/assessments/{assessment_id}/scores/{stage}",
    response={200: AssessmentOut, **ERRORS_WRITE},
    summary="Chấm điểm một bước: tự chấm, thẩm định hoặc Hội đồng",
)
def put_scores(
    request: HttpRequest, assessment_id: int, stage: ScoreStageCode, payload: ScoresIn
) -> Any:
    """SELF khi đang tự chấm (đơn vị, cá nhân được đánh giá); REVIEW khi đã gửi tự chấm (thủ
    trưởng đơn vị với cá nhân; cán bộ thi đua hoặc khối trưởng với đơn vị), tiêu chí chấm khác
    điểm tự chấm phải có ý kiến; COUNCIL khi đã thẩm định (cán bộ thi đua). Sau khi Hội đồng
    chốt (FINAL) không sửa được: 409."""
    assessment = _assessment(request, assessment_id)
    require_api(
        request,
        STAGE_PERMISSION[ScoreStage(stage)],
        assessment,
        _("Bạn không có quyền chấm bước “%(stage)s” của bản đánh giá này.")
        % {"stage": ScoreStage(stage).label},
    )
    data = _ids(assessment, payload)
    try:
        assessment_services.save_scores(
            assessment,
            stage,
            data["points"],
            comments=data["comments"],
            bonus=data["bonus"],
            penalties=data["penalties"],
            actor=request.user,
        )
    except ValidationError as exc:
        raise _refusal(exc) from exc
    assessment.refresh_from_db()
    return _assessment_out(assessment)


@router.post(
    "/assessments/{assessment_id}/state",
    response={200: AssessmentOut, **ERRORS_WRITE},
    summary="Chuyển bước của bản đánh giá",
)
def post_assessment_state(request: HttpRequest, assessment_id: int, payload: AssessmentStateIn):
    """SELF_DRAFT → SELF_SUBMITTED (người được đánh giá gửi); SELF_SUBMITTED → REVIEWED hoặc
    trả lại SELF_DRAFT (người thẩm định); REVIEWED → FINAL hoặc trả lại SELF_SUBMITTED (Hội
    đồng). Trả lại cần `note`. Bước chuyển không được phép: 409."""
    assessment = _assessment(request, assessment_id)
    require_api(
        request,
        assessment_services.transition_permission(assessment.state),
        assessment,
        _("Bạn không có quyền chuyển bước bản đánh giá này."),
    )
    try:
        assessment_services.set_assessment_state(
            assessment, payload.state, actor=request.user, note=payload.note
        )
    except ValidationError as exc:
        if payload.state not in ASSESSMENT_TRANSITIONS[assessment.state]:
            raise conflict(exc) from exc
        raise _refusal(exc) from exc
    return _assessment_out(assessment)


# --- Ranking --------------------------------------------------------------------------------


class RankingFilter(Schema):
    stage: ScoreStageCode = "REVIEW"
    collective: bool = True


@router.get(
    "/movements/{code}/ranking",
    response={200: RankingOut, 403: ERRORS_WRITE[403], **ERRORS_READ},
    summary="Xếp hạng kết quả ở một bước chấm",
)
def get_ranking(request: HttpRequest, code: str, filters: Query[RankingFilter]) -> Any:
    """Thứ hạng, điểm tiêu chí, thưởng, trừ, tổng, mức xếp loại, điểm tự chấm và chênh lệch.
    Cán bộ thi đua của phong trào xem bất cứ lúc nào; đơn vị tham gia xem sau khi kết quả được
    công bố (trước đó: 403). Xếp hạng theo tổng điểm; bằng điểm thì xét điểm trước thưởng,
    phạt, rồi điểm trừ ít hơn; bằng nhau hoàn toàn thì đồng hạng."""
    movement = visible_movement(request, code)
    if not request.user.has_perm("results.view_ranking", movement):
        forbid(
            request,
            "results.view_ranking",
            movement,
            _("Kết quả của phong trào “%(code)s” chưa được công bố.") % {"code": code},
        )
    rows = ranking_rows(request.user, movement, stage=filters.stage, collective=filters.collective)
    return {
        "movement_code": movement.code,
        "stage": filters.stage,
        "collective": filters.collective,
        "released": results_released(movement),
        "tie_break_rule": str(TIE_BREAK_RULE),
        "results": [
            {
                "rank": row["rank"],
                "assessment_id": row["assessment_id"],
                "unit_code": row["unit"].code,
                "unit_name": row["unit"].name,
                "person_code": row["person"].code if row["person"] else None,
                "person_name": row["person"].full_name if row["person"] else None,
                "base": row["score"].base,
                "bonus": row["score"].bonus,
                "penalty": row["score"].penalty,
                "total": row["score"].total,
                "band": row["score"].band,
                "band_label": row["band"],
                "self_total": row["self_total"],
                "gap": row["gap"],
            }
            for row in rows
        ],
    }


# --- Blocs ----------------------------------------------------------------------------------


def _bloc_out(request: HttpRequest, bloc: Bloc) -> dict[str, Any]:
    members = list(bloc.members.select_related("unit").order_by("unit__path"))
    ranking = None
    if request.user.has_perm("results.view_ranking", bloc.movement):
        ranking = [
            {
                "rank": r.rank,
                "unit_code": r.code,
                "unit_name": r.name,
                "self_total": r.self_total,
                "peer_mean": r.peer_mean,
                "peer_count": r.peer_count,
                "review_total": r.review_total,
                "combined": r.combined,
            }
            for r in bloc_services.bloc_results(bloc)
        ]
    return {
        "id": bloc.pk,
        "movement_code": bloc.movement.code,
        "code": bloc.code,
        "name": bloc.name,
        "leader_code": bloc.leader.code,
        "deputy_code": bloc.deputy.code if bloc.deputy else None,
        "member_codes": [m.unit.code for m in members],
        "weight_self": bloc.weight_self,
        "weight_peer": bloc.weight_peer,
        "weight_review": bloc.weight_review,
        "ranking": ranking,
    }


@router.get(
    "/movements/{code}/blocs/{bloc_code}",
    response={200: BlocOut, **ERRORS_READ},
    summary="Một khối thi đua, với xếp hạng trong khối",
)
def get_bloc(request: HttpRequest, code: str, bloc_code: str) -> Any:
    movement = visible_movement(request, code)
    bloc = visible_or_404(
        request,
        visible_blocs(request.user).select_related("movement__organizer", "leader", "deputy"),
        Bloc,
        "movements.view_movement",
        _("Không tìm thấy khối “%(bloc)s” trong phong trào “%(code)s”.")
        % {"bloc": bloc_code, "code": code},
        movement=movement,
        code=bloc_code,
    )
    return _bloc_out(request, bloc)


@router.put(
    "/movements/{code}/blocs/{bloc_code}",
    response={200: BlocOut, 201: BlocOut, **ERRORS_WRITE},
    summary="Tạo hoặc sửa khối thi đua",
)
def put_bloc(request: HttpRequest, code: str, bloc_code: str, payload: BlocIn) -> Any:
    """Tạo (201) hoặc sửa (200) khối: khối trưởng, khối phó, thành viên (đơn vị tham gia, mỗi
    đơn vị thuộc một khối), trọng số tự chấm, chấm chéo, thẩm định cộng lại bằng 1."""
    movement = visible_movement(request, code)
    require_api(
        request,
        "results.manage_blocs",
        movement,
        _("Chỉ cán bộ thi đua của phong trào “%(code)s” lập khối thi đua.") % {"code": code},
    )
    leader = unit_reference(payload.leader_code, "leader_code")
    deputy = unit_reference(payload.deputy_code, "deputy_code") if payload.deputy_code else None
    members = [unit_reference(c, "member_codes") for c in payload.member_codes]
    bloc, created, _changed = bloc_services.upsert_bloc(
        movement,
        bloc_code,
        name=payload.name,
        leader=leader,
        deputy=deputy,
        members=members,
        weight_self=payload.weight_self,
        weight_peer=payload.weight_peer,
        weight_review=payload.weight_review,
        actor=request.user,
    )
    return Status(201 if created else 200, _bloc_out(request, bloc))


@router.put(
    "/blocs/{bloc_id}/peer-scores/{subject_unit_code}",
    response={200: PeerScoreOut, 201: PeerScoreOut, **ERRORS_WRITE},
    summary="Chấm chéo một đơn vị trong khối",
)
def put_peer_score(
    request: HttpRequest, bloc_id: int, subject_unit_code: str, payload: PeerScoreIn
) -> Any:
    """Thủ trưởng đơn vị thành viên chấm tổng điểm cho đơn vị khác trong khối (201 lần đầu,
    200 khi sửa); sửa được đến khi kết quả được công bố (sau đó 409)."""
    bloc = visible_or_404(
        request,
        visible_blocs(request.user).select_related("movement__organizer"),
        Bloc,
        "movements.view_movement",
        _("Không tìm thấy khối số %(id)s.") % {"id": bloc_id},
        pk=bloc_id,
    )
    members = {m.unit.code: m.unit for m in bloc.members.select_related("unit")}
    subject = members.get(subject_unit_code)
    if subject is None:
        raise Http404(
            _("Đơn vị “%(unit)s” không phải thành viên khối “%(bloc)s”.")
            % {"unit": subject_unit_code, "bloc": bloc.code}
        )
    scorer = _scorer(request, bloc, members, payload.scorer_code)
    existed = bloc.peer_scores.filter(scorer=scorer, subject=subject).exists()
    try:
        score, _created = bloc_services.save_peer_score(
            bloc,
            scorer=scorer,
            subject=subject,
            points=payload.points,
            comment=payload.comment,
            actor=request.user,
        )
    except ValidationError as exc:
        raise _refusal(exc) from exc
    body = {
        "bloc_code": bloc.code,
        "scorer_code": scorer.code,
        "subject_code": subject.code,
        "points": score.points,
        "comment": score.comment,
    }
    return Status(200 if existed else 201, body)


def _scorer(
    request: HttpRequest, bloc: Bloc, members: dict[str, Unit], scorer_code: str | None
) -> Unit:
    """The scoring unit: the one named (the caller must head it), else the only member unit the
    caller heads."""
    if scorer_code:
        scorer = members.get(scorer_code)
        if scorer is None:
            raise ApiValidationError(
                {
                    "scorer_code": _("Đơn vị “%(unit)s” không phải thành viên khối.")
                    % {"unit": scorer_code}
                }
            )
        require_api(
            request,
            "results.peer_score",
            scorer,
            _("Chỉ thủ trưởng đơn vị “%(unit)s” chấm chéo thay đơn vị.") % {"unit": scorer_code},
        )
        return scorer
    headed = [u for u in members.values() if request.user.has_perm("results.peer_score", u)]
    if not headed:
        forbid(
            request,
            "results.peer_score",
            bloc,
            _("Bạn không đứng đầu đơn vị thành viên nào của khối “%(bloc)s”.")
            % {"bloc": bloc.code},
        )
    if len(headed) > 1:
        raise ApiValidationError(
            {"scorer_code": _("Bạn đứng đầu nhiều đơn vị trong khối: ghi rõ đơn vị chấm.")}
        )
    return headed[0]
