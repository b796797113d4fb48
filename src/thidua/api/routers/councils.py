"""Councils (hội đồng thi đua - khen thưởng) and their secret ballots: ``/councils`` (list,
create, one council, members, sessions), ``/council-sessions/{id}`` (attendance, quorum,
opening the vote, ballots, results, ranking under a cap, the chair's tie-break) and
``/ballots/{id}`` (votes, closing). Thin over ``thidua.awards.councils``; scoped like the pages
(``visible_councils`` / ``visible_sessions``: a council or session the user cannot see is a
404, and the attempt is recorded); refusals by the rules are 403, service refusals 422 naming
the field, a second vote by the same member 409.

Secrecy: a vote answers only THAT it was recorded, never the choice; tallies are shown once a
ballot is closed (before, only how many members voted)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router
from ninja import Schema as NinjaSchema
from ninja.errors import HttpError
from ninja.responses import Status

from thidua.api.errors import ApiValidationError, forbid, require_api
from thidua.api.lookups import unit_reference, visible_or_404
from thidua.api.schemas import ERRORS_LIST, ERRORS_READ, ERRORS_WRITE, ErrorOut
from thidua.api.schemas_councils import (
    AttendanceIn,
    BallotsIn,
    CouncilDetailOut,
    CouncilIn,
    CouncilOut,
    MemberEndIn,
    MemberIn,
    MemberOut,
    RankingOut,
    ResultOut,
    ResultsOut,
    SessionIn,
    SessionOut,
    TieBreakIn,
    TieBreakOut,
    VoteIn,
    VoteOut,
)
from thidua.api.schemas_movements import AwardCodeValue
from thidua.awards import councils as services
from thidua.awards import councils_admin
from thidua.awards.enums import BallotState, CouncilRole, VoteVia
from thidua.awards.models import Attendance, Ballot, Council, CouncilMember, CouncilSession
from thidua.awards.rules_councils import visible_sessions
from thidua.awards.rules_councils_admin import visible_councils
from thidua.movements.models import Movement
from thidua.movements.queries import visible_movements
from thidua.org.models import User

router = Router(tags=["Hội đồng thi đua - khen thưởng"])


# --- lookups ------------------------------------------------------------------------------


def _council(request: HttpRequest, code: str) -> Council:
    return visible_or_404(
        request,
        visible_councils(request.user).select_related("unit", "movement"),
        Council,
        "awards.view_council",
        _("Không tìm thấy Hội đồng mã “%(code)s”.") % {"code": code},
        code=code,
    )


def _session(request: HttpRequest, pk: int) -> CouncilSession:
    return visible_or_404(
        request,
        visible_sessions(request.user).select_related("council", "movement"),
        CouncilSession,
        "awards.view_council",
        _("Không tìm thấy phiên họp số %(id)s.") % {"id": pk},
        pk=pk,
    )


def _ballot(request: HttpRequest, pk: int) -> Ballot:
    return visible_or_404(
        request,
        Ballot.objects.filter(session__in=visible_sessions(request.user)).select_related(
            "session__council", "nomination"
        ),
        Ballot,
        "awards.view_council",
        _("Không tìm thấy phiếu biểu quyết số %(id)s.") % {"id": pk},
        pk=pk,
    )


def _movement_reference(request: HttpRequest, code: str, field: str) -> Movement:
    movement = visible_movements(request.user).filter(code=code.strip()).first()
    if movement is None:
        raise ApiValidationError(
            {field: _("Không có phong trào mã “%(code)s” trong phạm vi của bạn.") % {"code": code}}
        )
    return movement


def _body_errors(exc: DjangoValidationError, names: dict[str, str]) -> ApiValidationError:
    if not hasattr(exc, "error_dict"):
        return ApiValidationError({"__all__": " ".join(exc.messages)})
    return ApiValidationError(
        {names.get(field, field): " ".join(msgs) for field, msgs in exc.message_dict.items()}
    )


def _manage(request: HttpRequest, obj: Any) -> None:
    require_api(
        request,
        "awards.manage_council",
        obj,
        _("Chỉ Thư ký Hội đồng hoặc cán bộ thi đua - khen thưởng của đơn vị được thao tác này."),
    )


# --- answers ------------------------------------------------------------------------------


def _council_out(c: Council) -> dict[str, Any]:
    return {
        "code": c.code,
        "name": c.name,
        "unit_code": c.unit.code,
        "movement_code": c.movement.code if c.movement_id else None,  # type: ignore[union-attr]
    }


def _member_out(m: CouncilMember) -> dict[str, Any]:
    return {
        "id": m.pk,
        "username": m.user.get_username(),
        "full_name": str(m),
        "role": m.role,
        "votes": m.votes,
        "valid_from": m.valid_from,
        "valid_to": m.valid_to,
    }


def _summary_out(session: CouncilSession) -> dict[str, Any]:
    s = services.attendance_summary(session)
    return {
        "members": s.members,
        "present": s.present,
        "in_writing": s.in_writing,
        "absent": s.absent,
        "quorum": s.quorum,
    }


def _attendance_rows(session: CouncilSession) -> list[dict[str, Any]]:
    rows = Attendance.objects.filter(session=session).select_related("member").order_by("member_id")
    return [
        {
            "member_id": a.member_id,
            "full_name": str(a.member),
            "role": a.member.role,
            "votes": a.member.votes,
            "present": a.present,
            "votes_in_writing": a.votes_in_writing,
        }
        for a in rows
    ]


def _ballots(session: CouncilSession) -> QuerySet[Ballot]:
    return (
        Ballot.objects.filter(session=session)
        .select_related("nomination")
        .annotate(voted=Count("receipts"))
        .order_by("id")
    )


def _tally(b: Ballot, value: int) -> int | None:
    return value if b.state == BallotState.CLOSED else None


def _session_out(session: CouncilSession) -> dict[str, Any]:
    session = CouncilSession.objects.select_related("council", "movement").get(pk=session.pk)
    return {
        "id": session.pk,
        "council_code": session.council.code,
        "movement_code": session.movement.code,
        "held_on": session.held_on,
        "state": session.state,
        "minutes_note": session.minutes_note,
        "attendance": _summary_out(session),
        "attendance_rows": _attendance_rows(session),
        "ballots": [
            {
                "id": b.pk,
                "nomination_id": b.nomination_id,
                "award_code": b.nomination.award_code,
                "state": b.state,
                "voted": b.voted,  # type: ignore[attr-defined]
                "yes": _tally(b, b.yes_count),
                "no": _tally(b, b.no_count),
                "blank": _tally(b, b.blank_count),
            }
            for b in _ballots(session)
        ],
    }


def _result_out(r: services.NominationResult) -> dict[str, Any]:
    closed = r.ballot.state == BallotState.CLOSED
    return {
        "ballot_id": r.ballot.pk,
        "nomination_id": r.nomination.pk,
        "award_code": r.nomination.award_code,
        "state": r.ballot.state,
        "voted": r.voted,
        "yes": r.yes if closed else None,
        "no": r.no if closed else None,
        "blank": r.blank if closed else None,
        "members": r.members,
        "share": str(r.share) if closed else None,
        "threshold": str(r.threshold.min_share) if r.threshold.min_share is not None else None,
        "threshold_confirmed": r.threshold.confirmed,
        "citation": r.threshold.citation,
        "passed": r.passed if closed else None,
    }


# --- councils -----------------------------------------------------------------------------


@router.get("/councils", response={200: list[CouncilOut], **ERRORS_LIST}, summary="Các Hội đồng")
def list_councils(request: HttpRequest):
    """Hội đồng mà tài khoản là thành viên, và Hội đồng của các đơn vị trong phạm vi cán bộ
    thi đua - khen thưởng của tài khoản."""
    rows = visible_councils(request.user).select_related("unit", "movement").order_by("code")
    return [_council_out(c) for c in rows]


@router.post(
    "/councils", response={201: CouncilDetailOut, **ERRORS_WRITE}, summary="Thành lập Hội đồng"
)
def create_council(request: HttpRequest, payload: CouncilIn):
    unit = unit_reference(payload.unit_code, "unit_code")
    require_api(
        request,
        "awards.create_council",
        unit,
        _("Bạn không có quyền thành lập Hội đồng của đơn vị “%(unit)s”.") % {"unit": unit.name},
    )
    movement = (
        _movement_reference(request, payload.movement_code, "movement_code")
        if payload.movement_code
        else None
    )
    try:
        council = services.create_council(
            payload.code, name=payload.name, unit=unit, movement=movement, actor=request.user
        )
    except DjangoValidationError as exc:
        raise _body_errors(exc, {}) from None
    return Status(201, _council_detail(council))


def _council_detail(council: Council) -> dict[str, Any]:
    council = Council.objects.select_related("unit", "movement").get(pk=council.pk)
    return {
        **_council_out(council),
        "members": [
            _member_out(m) for m in council.members.select_related("user").order_by("role", "id")
        ],
        "sessions": [
            {"id": s.pk, "held_on": s.held_on, "movement_code": s.movement.code, "state": s.state}
            for s in council.sessions.select_related("movement").order_by("-held_on", "-id")
        ],
    }


@router.get(
    "/councils/{code}", response={200: CouncilDetailOut, **ERRORS_READ}, summary="Một Hội đồng"
)
def get_council(request: HttpRequest, code: str):
    """Hội đồng với các thành viên (cả người đã hết nhiệm kỳ) và các phiên họp."""
    return _council_detail(_council(request, code))


@router.post(
    "/councils/{code}/members",
    response={201: MemberOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Thêm thành viên Hội đồng",
)
def add_member(request: HttpRequest, code: str, payload: MemberIn):
    council = _council(request, code)
    _manage(request, council)
    user = User.objects.filter(username=payload.username.strip(), is_active=True).first()
    if user is None:
        raise ApiValidationError(
            {
                "username": _("Không có tài khoản đang hoạt động tên “%(u)s”.")
                % {"u": payload.username}
            }
        )
    try:
        member = services.add_member(
            council,
            user,
            role=payload.role,
            votes=payload.votes,
            full_name=payload.full_name.strip(),
            valid_from=payload.valid_from,
            valid_to=payload.valid_to,
            actor=request.user,
        )
    except DjangoValidationError as exc:
        raise _body_errors(exc, {"user": "username"}) from None
    return Status(201, _member_out(member))


@router.post(
    "/councils/{code}/members/{member_id}/end",
    response={200: MemberOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Kết thúc nhiệm kỳ của thành viên",
)
def end_member(request: HttpRequest, code: str, member_id: int, payload: MemberEndIn):
    """Ghi ngày cuối của nhiệm kỳ; thành viên không bị xóa (các phiên họp cũ vẫn giữ)."""
    council = _council(request, code)
    _manage(request, council)
    member = CouncilMember.objects.filter(pk=member_id, council=council).first()
    if member is None:
        raise HttpError(
            404,
            _("Hội đồng “%(c)s” không có thành viên số %(id)s.") % {"c": code, "id": member_id},
        )
    try:
        member = councils_admin.end_membership(
            member, valid_to=payload.valid_to, actor=request.user
        )
    except DjangoValidationError as exc:
        raise _body_errors(exc, {}) from None
    return _member_out(member)


@router.post(
    "/councils/{code}/sessions",
    response={201: SessionOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Tạo phiên họp",
)
def create_session(request: HttpRequest, code: str, payload: SessionIn):
    """Điểm danh được tạo sẵn cho các thành viên có nhiệm kỳ vào ngày họp (đều vắng mặt)."""
    council = _council(request, code)
    _manage(request, council)
    movement = _movement_reference(request, payload.movement_code, "movement_code")
    try:
        session = services.create_session(
            council, movement=movement, held_on=payload.held_on, actor=request.user
        )
    except DjangoValidationError as exc:
        raise _body_errors(exc, {"movement": "movement_code"}) from None
    return Status(201, _session_out(session))


# --- sessions -----------------------------------------------------------------------------


@router.get(
    "/council-sessions/{session_id}",
    response={200: SessionOut, **ERRORS_READ},
    summary="Một phiên họp: điểm danh, số thành viên, phiếu biểu quyết",
)
def get_session(request: HttpRequest, session_id: int):
    return _session_out(_session(request, session_id))


@router.put(
    "/council-sessions/{session_id}/attendance",
    response={200: SessionOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Điểm danh",
)
def put_attendance(request: HttpRequest, session_id: int, payload: AttendanceIn):
    """Mỗi dòng một thành viên: `present` (có mặt) hoặc `votes_in_writing` (vắng mặt, biểu
    quyết bằng văn bản). Thành viên không có trong danh sách giữ nguyên."""
    session = _session(request, session_id)
    _manage(request, session)
    members = {m.pk: m for m in CouncilMember.objects.filter(council_id=session.council_id)}
    unknown = [row.member_id for row in payload.rows if row.member_id not in members]
    if unknown:
        raise ApiValidationError(
            {
                "rows": _("Thành viên số %(ids)s không thuộc Hội đồng “%(c)s”.")
                % {"ids": ", ".join(map(str, unknown)), "c": session.council.name}
            }
        )
    try:
        with transaction.atomic():
            for row in payload.rows:
                services.record_attendance(
                    session,
                    members[row.member_id],
                    present=row.present,
                    votes_in_writing=row.votes_in_writing,
                    actor=request.user,
                )
    except DjangoValidationError as exc:
        raise _body_errors(exc, {}) from None
    return _session_out(session)


@router.post(
    "/council-sessions/{session_id}/open",
    response={200: SessionOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Mở biểu quyết (kiểm tra số thành viên)",
)
def open_session(request: HttpRequest, session_id: int):
    """Cần ít nhất hai phần ba thành viên có quyền biểu quyết có mặt hoặc biểu quyết bằng văn
    bản; nếu chưa đủ, lỗi 422 nêu số thành viên."""
    session = _session(request, session_id)
    _manage(request, session)
    services.open_session(session, actor=request.user)
    return _session_out(session)


@router.post(
    "/council-sessions/{session_id}/ballots",
    response={201: SessionOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Mở phiếu biểu quyết cho các đề nghị",
)
def open_ballots(request: HttpRequest, session_id: int, payload: BallotsIn):
    """Một phiếu cho mỗi đề nghị đã trình của phong trào (đề nghị đã có phiếu: giữ nguyên)."""
    session = _session(request, session_id)
    _manage(request, session)
    try:
        services.open_ballots(session, payload.nomination_ids, actor=request.user)
    except DjangoValidationError as exc:
        raise _body_errors(exc, {"nominations": "nomination_ids"}) from None
    return Status(201, _session_out(session))


@router.get(
    "/council-sessions/{session_id}/results",
    response={200: ResultsOut, **ERRORS_READ},
    summary="Kết quả và số liệu cho biên bản",
)
def get_results(request: HttpRequest, session_id: int):
    """Tỷ lệ đồng ý tính trên TỔNG SỐ thành viên có quyền biểu quyết (không phải số có mặt);
    số phiếu chỉ có sau khi kiểm phiếu."""
    session = _session(request, session_id)
    return {
        "session_id": session.pk,
        "attendance": _summary_out(session),
        "attendance_rows": _attendance_rows(session),
        "results": [_result_out(r) for r in services.results(session)],
    }


class RankingQuery(NinjaSchema):
    award_code: AwardCodeValue
    cap: int | None = NinjaField(
        None, ge=0, description="Số lượng tối đa; để trống: hạn mức của phong trào."
    )


@router.get(
    "/council-sessions/{session_id}/ranking",
    response={200: RankingOut, **ERRORS_READ},
    summary="Xếp hạng theo số phiếu khi vượt số lượng",
)
def get_ranking(request: HttpRequest, session_id: int, query: Query[RankingQuery]):
    """Các đề nghị đạt ngưỡng xếp theo số phiếu đồng ý. Bằng phiếu tại vị trí cuối trong số
    lượng: `needs_chair` cho đến khi Chủ tịch Hội đồng quyết định thứ tự (`tie-break`)."""
    session = _session(request, session_id)
    cap, source = query.cap, "entered"
    if cap is None:
        cap, source = councils_admin.default_cap(session, query.award_code), "quota"
    if cap is None:
        raise ApiValidationError(
            {
                "cap": _("Phong trào không có hạn mức “%(award)s”: nhập số lượng tối đa (cap).")
                % {"award": query.award_code}
            },
            source="query",
        )
    ranking = services.rank_passed(session, query.award_code, cap)
    selected = [r.nomination.pk for r in ranking.selected]
    tied = [r.nomination.pk for r in ranking.tied]
    return {
        "award_code": query.award_code,
        "cap": cap,
        "cap_source": source,
        "needs_chair": ranking.needs_chair,
        "open_ballots": Ballot.objects.filter(
            session=session, nomination__award_code=query.award_code, state=BallotState.OPEN
        ).count(),
        "ranked": [
            {
                "position": i,
                "nomination_id": r.nomination.pk,
                "yes": r.yes,
                "selected": r.nomination.pk in selected,
                "tied": r.nomination.pk in tied,
            }
            for i, r in enumerate(ranking.ranked, start=1)
        ],
        "selected_ids": selected,
        "tied_ids": tied,
    }


@router.post(
    "/council-sessions/{session_id}/tie-break",
    response={200: TieBreakOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Chủ tịch Hội đồng quyết định thứ tự khi bằng phiếu",
)
def tie_break(request: HttpRequest, session_id: int, payload: TieBreakIn):
    session = _session(request, session_id)
    require_api(
        request,
        "awards.break_tie",
        session,
        _("Chỉ Chủ tịch Hội đồng quyết định thứ tự khi bằng phiếu."),
    )
    try:
        session = services.chair_break_tie(session, payload.nomination_ids, actor=request.user)
    except DjangoValidationError as exc:
        raise _body_errors(exc, {"order": "nomination_ids"}) from None
    code = Ballot.objects.filter(
        session=session, nomination_id=payload.nomination_ids[0]
    ).values_list("nomination__award_code", flat=True)[0]
    return {"award_code": code, "order": session.tie_breaks[code]}


# --- ballots ------------------------------------------------------------------------------


@router.post(
    "/ballots/{ballot_id}/votes",
    response={201: VoteOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Bỏ phiếu kín (hoặc Thư ký nhập phiếu giấy)",
)
def cast_vote(request: HttpRequest, ballot_id: int, payload: VoteIn):
    """Không có `member_id`: thành viên tự bỏ phiếu trực tuyến. Có `member_id`: Thư ký Hội
    đồng nhập phiếu giấy của thành viên đó. Mỗi thành viên bỏ phiếu một lần (lần thứ hai: 409).
    Hệ thống chỉ ghi thành viên ĐÃ bỏ phiếu; ý kiến chỉ được cộng vào số phiếu."""
    ballot = _ballot(request, ballot_id)
    council = ballot.session.council
    if payload.member_id is None:
        require_api(
            request,
            "awards.vote",
            ballot,
            _("Bạn không phải thành viên có quyền biểu quyết, hoặc phiếu này không còn mở."),
        )
        member = CouncilMember.objects.get(council=council, user_id=request.user.pk or 0)
        via = VoteVia.ONLINE
    else:
        _manage(request, ballot)
        is_secretary = CouncilMember.objects.filter(
            council=council, user_id=request.user.pk or 0, role=CouncilRole.SECRETARY
        ).exists()
        if not is_secretary:
            forbid(
                request,
                "awards.manage_council",
                ballot,
                _("Chỉ Thư ký Hội đồng nhập phiếu giấy."),
            )
        found = CouncilMember.objects.filter(pk=payload.member_id, council=council).first()
        if found is None:
            raise ApiValidationError(
                {
                    "member_id": _("Thành viên số %(id)s không thuộc Hội đồng “%(c)s”.")
                    % {"id": payload.member_id, "c": council.name}
                }
            )
        member, via = found, VoteVia.PAPER
    already = _("%(who)s đã bỏ phiếu về đề nghị số %(n)s: mỗi thành viên chỉ bỏ phiếu một lần.") % {
        "who": member,
        "n": ballot.nomination_id,
    }
    if services.has_voted(ballot, member):
        raise HttpError(409, already)
    try:
        receipt = services.cast_vote(
            ballot, member=member, choice=payload.choice, via=via, actor=request.user
        )
    except DjangoValidationError as exc:
        if services.has_voted(ballot, member):  # lost a race with the same member's vote
            raise HttpError(409, already) from None
        raise _body_errors(exc, {"member": "member_id"}) from None
    return Status(
        201,
        {
            "ballot_id": ballot.pk,
            "member_id": member.pk,
            "via": receipt.via,
            "cast_at": receipt.cast_at,
            "detail": _("Đã bỏ phiếu. Phiếu kín: hệ thống không lưu thành viên đã chọn gì."),
        },
    )


@router.post(
    "/ballots/{ballot_id}/close",
    response={200: ResultOut, 404: ErrorOut, **ERRORS_WRITE},
    summary="Kiểm phiếu",
)
def close_ballot(request: HttpRequest, ballot_id: int):
    """Đóng phiếu, tính kết quả theo ngưỡng của chế độ và chuyển đề nghị sang đạt hoặc không
    đạt."""
    ballot = _ballot(request, ballot_id)
    _manage(request, ballot)
    result = services.close_ballot(ballot, actor=request.user)
    return _result_out(result)
