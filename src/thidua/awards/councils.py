"""Councils (hội đồng thi đua - khen thưởng): sessions with a quorum check, secret ballots per
nomination, results against the regime's thresholds and ranking under a cap.

* ``create_council``, ``add_member``, ``create_session``, ``record_attendance``: setting up.
* ``open_session``: the quorum check (LEGAL-RULES, council vote: at least two thirds of the
  voting members present, or absent and voting in writing) before voting opens.
* ``open_ballots``: one ballot per SUBMITTED nomination of the session's movement.
* ``cast_vote``: a member votes once (online, or on paper entered by the secretary). The
  receipt (THAT the member voted) and the tally increment (HOW, anonymous) are written in one
  transaction; a second vote fails on the unique (ballot, member) constraint and the whole
  transaction, tally included, rolls back. The choice is never stored with the member, never
  logged, never put in an audit event.
* ``close_ballot``: closes a ballot and moves the nomination to COUNCIL_PASSED / COUNCIL_FAILED
  through ``nominations.set_nomination_state``.
* ``results``: per nomination the tallies, the share of ALL voting members of the council (not
  of those present), the regime's threshold (``<CODE>_COUNCIL_VOTE`` parameter ``min_share``;
  ND91_2017 thresholds are unconfirmed [U]) and whether it passed.
* ``rank_passed`` / ``chair_break_tie``: ranking by YES votes when more pass than a cap allows;
  a tie at the cut-off is flagged until the chair records an order.

"Members" for quorum and shares are the council's members with the right to vote (``votes``)
whose term covers the session day; a secretary without a vote is not counted.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from thidua.awards import nominations
from thidua.awards.enums import (
    BallotState,
    CouncilRole,
    NominationState,
    SessionState,
    VoteChoice,
    VoteVia,
)
from thidua.awards.models import (
    Attendance,
    Ballot,
    BallotReceipt,
    Council,
    CouncilMember,
    CouncilSession,
    Nomination,
)
from thidua.awards.regimes import load_regime, regime_for_year
from thidua.core.audit import record_event
from thidua.core.codes import AwardCode
from thidua.movements.models import Movement
from thidua.org.models import Unit

UNCONFIRMED_REGIMES = ("ND91_2017",)
COUNCIL_VOTE_SUFFIX = "_COUNCIL_VOTE"
# LEGAL-RULES (council vote paragraph) for titles whose regime file carries no parameter yet.
DEFAULT_THRESHOLDS: dict[str, Decimal] = {
    AwardCode.CSTDCS: Decimal("0.8"),
    AwardCode.CO_TINH: Decimal("0.8"),
    AwardCode.CO_CP: Decimal("0.8"),
    AwardCode.CSTD_TINH: Decimal("0.9"),
    AwardCode.CSTD_TQ: Decimal("0.9"),
}
TALLY_FIELD = {
    VoteChoice.YES: "yes_count",
    VoteChoice.NO: "no_count",
    VoteChoice.BLANK: "blank_count",
}


# --- setting up -------------------------------------------------------------------------


def create_council(
    code: str, *, name: str, unit: Unit, movement: Movement | None = None, actor: Any = None
) -> Council:
    code = (code or "").strip()
    if not code or not (name or "").strip():
        raise ValidationError({"code": _("Nhập mã và tên Hội đồng.")})
    if Council.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã Hội đồng “%(code)s” đã có.") % {"code": code}})
    council = Council.objects.create(code=code, name=name.strip(), unit=unit, movement=movement)
    record_event(
        "awards.council_create",
        council,
        actor=actor,
        after={"code": code, "name": council.name, "unit": unit.pk},
    )
    return council


def add_member(
    council: Council,
    user: Any,
    *,
    role: str = CouncilRole.MEMBER,
    votes: bool = True,
    full_name: str = "",
    valid_from: dt.date | None = None,
    valid_to: dt.date | None = None,
    actor: Any = None,
) -> CouncilMember:
    if role not in CouncilRole.values:
        raise ValidationError({"role": _("Chức danh “%(r)s” không hợp lệ.") % {"r": role}})
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("Ngày kết thúc trước ngày bắt đầu.")})
    if CouncilMember.objects.filter(council=council, user=user).exists():
        raise ValidationError(
            {"user": _("%(who)s đã là thành viên %(c)s.") % {"who": user, "c": council.name}}
        )
    member = CouncilMember.objects.create(
        council=council,
        user=user,
        role=role,
        votes=votes,
        full_name=full_name or user.get_full_name() or user.get_username(),
        valid_from=valid_from,
        valid_to=valid_to,
    )
    record_event(
        "awards.council_member_add",
        member,
        actor=actor,
        after={"council": council.pk, "user": user.pk, "role": role, "votes": votes},
    )
    return member


def current_members(council: Council, day: dt.date) -> QuerySet[CouncilMember]:
    """Members whose term covers ``day``."""
    return council.members.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


def voting_members(session: CouncilSession) -> QuerySet[CouncilMember]:
    return current_members(session.council, session.held_on).filter(votes=True)


def create_session(
    council: Council, *, movement: Movement, held_on: dt.date, actor: Any = None
) -> CouncilSession:
    if council.movement_id is not None and council.movement_id != movement.pk:
        raise ValidationError(
            {"movement": _("%(c)s chỉ xét phong trào %(m)s.") % {"c": council.name, "m": movement}}
        )
    with transaction.atomic():
        session = CouncilSession.objects.create(council=council, movement=movement, held_on=held_on)
        members = current_members(council, held_on)
        Attendance.objects.bulk_create([Attendance(session=session, member=m) for m in members])
        record_event(
            "awards.council_session_create",
            session,
            actor=actor,
            after={"council": council.pk, "movement": movement.pk, "held_on": held_on},
        )
    return session


def _member_of(session: CouncilSession, member: CouncilMember) -> CouncilMember:
    if member.council_id != session.council_id:
        raise ValidationError(
            {
                "member": _("%(who)s không phải thành viên %(c)s.")
                % {"who": member, "c": session.council.name}
            }
        )
    return member


def record_attendance(
    session: CouncilSession,
    member: CouncilMember,
    *,
    present: bool,
    votes_in_writing: bool = False,
    actor: Any = None,
) -> Attendance:
    _member_of(session, member)
    if session.state == SessionState.CLOSED:
        raise ValidationError({"session": _("Phiên họp đã kết thúc: không sửa điểm danh.")})
    if present and votes_in_writing:
        votes_in_writing = False
    row, _created = Attendance.objects.get_or_create(session=session, member=member)
    before = {"present": row.present, "votes_in_writing": row.votes_in_writing}
    row.present = present
    row.votes_in_writing = votes_in_writing
    row.save(update_fields=["present", "votes_in_writing"])
    after = {"present": present, "votes_in_writing": votes_in_writing}
    if before != after:
        record_event(
            "awards.council_attendance",
            session,
            actor=actor,
            before={"member": member.pk, **before},
            after={"member": member.pk, **after},
        )
    return row


# --- quorum and voting --------------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceSummary:
    members: int  # voting members of the council on the session day
    present: int
    in_writing: int
    absent: int

    @property
    def counted(self) -> int:
        return self.present + self.in_writing

    @property
    def quorum(self) -> bool:
        # at least two thirds, in integers: 3 × counted ≥ 2 × members
        return self.members > 0 and 3 * self.counted >= 2 * self.members


def attendance_summary(session: CouncilSession) -> AttendanceSummary:
    members = voting_members(session)
    total = members.count()
    rows = Attendance.objects.filter(session=session, member__in=members)
    present = rows.filter(present=True).count()
    in_writing = rows.filter(present=False, votes_in_writing=True).count()
    return AttendanceSummary(total, present, in_writing, total - present - in_writing)


def open_session(session: CouncilSession, *, actor: Any = None) -> CouncilSession:
    """Open voting if at least two thirds of the voting members are present or vote in
    writing; refuse otherwise, saying how many."""
    with transaction.atomic():
        session = CouncilSession.objects.select_for_update().get(pk=session.pk)
        if session.state != SessionState.OPEN:
            raise ValidationError(
                {
                    "state": _("Phiên họp đang ở trạng thái “%(s)s”.")
                    % {"s": session.get_state_display()}
                }
            )
        summary = attendance_summary(session)
        if not summary.quorum:
            raise ValidationError(
                {
                    "state": _(
                        "Chưa đủ số thành viên để biểu quyết: có mặt hoặc biểu quyết bằng văn bản "
                        "%(present)s/%(total)s thành viên, cần ít nhất hai phần ba."
                    )
                    % {"present": summary.counted, "total": summary.members}
                }
            )
        session.state = SessionState.VOTING
        session.save(update_fields=["state"])
        record_event(
            "awards.council_session_state",
            session,
            actor=actor,
            before={"state": SessionState.OPEN},
            after={
                "state": SessionState.VOTING,
                "members": summary.members,
                "present": summary.present,
                "in_writing": summary.in_writing,
            },
        )
    return session


def open_ballots(
    session: CouncilSession,
    nominations_: list[Nomination] | list[int] | QuerySet[Nomination],
    *,
    actor: Any,
) -> list[Ballot]:
    """One ballot per nomination; only SUBMITTED nominations of the session's movement."""
    session = CouncilSession.objects.select_related("movement").get(pk=session.pk)
    if session.state != SessionState.VOTING:
        raise ValidationError({"state": _("Phiên họp chưa mở biểu quyết.")})
    ids = [n.pk if isinstance(n, Nomination) else int(n) for n in nominations_]
    rows = Nomination.objects.filter(pk__in=ids)
    bad = sorted(
        set(ids)
        - set(
            rows.filter(
                movement_id=session.movement_id, state=NominationState.SUBMITTED
            ).values_list("pk", flat=True)
        )
    )
    if bad:
        raise ValidationError(
            {
                "nominations": _(
                    "Đề nghị số %(ids)s không phải đề nghị đã trình của phong trào %(mv)s."
                )
                % {"ids": ", ".join(map(str, bad)), "mv": session.movement.code}
            }
        )
    existing = set(
        Ballot.objects.filter(session=session, nomination_id__in=ids).values_list(
            "nomination_id", flat=True
        )
    )
    with transaction.atomic():
        created = Ballot.objects.bulk_create(
            [Ballot(session=session, nomination_id=i) for i in ids if i not in existing]
        )
        record_event(
            "awards.council_ballots_open",
            session,
            actor=actor,
            after={"nominations": sorted(i for i in ids if i not in existing)},
        )
    return list(Ballot.objects.filter(session=session, nomination_id__in=ids)) if created else []


def can_vote(member: CouncilMember, session: CouncilSession) -> str | None:
    """Why ``member`` may not vote in ``session`` (a Vietnamese message), or None."""
    if member.council_id != session.council_id:
        return _("%(who)s không phải thành viên %(c)s.") % {
            "who": member,
            "c": session.council.name,
        }
    if not member.votes:
        return _("%(who)s không có quyền biểu quyết trong Hội đồng.") % {"who": member}
    if not voting_members(session).filter(pk=member.pk).exists():
        return _("%(who)s không còn là thành viên Hội đồng vào ngày họp.") % {"who": member}
    att = Attendance.objects.filter(session=session, member=member).first()
    if att is None or not (att.present or att.votes_in_writing):
        return _("%(who)s vắng mặt và không biểu quyết bằng văn bản.") % {"who": member}
    return None


def _actor_may_cast(ballot: Ballot, member: CouncilMember, via: str, actor: Any) -> None:
    if via == VoteVia.ONLINE:
        if getattr(actor, "pk", None) != member.user_id:
            raise ValidationError({"member": _("Thành viên tự bỏ phiếu trực tuyến của mình.")})
        return
    if via != VoteVia.PAPER:
        raise ValidationError({"via": _("Hình thức bỏ phiếu “%(v)s” không hợp lệ.") % {"v": via}})
    is_secretary = CouncilMember.objects.filter(
        council_id=ballot.session.council_id,
        user=actor,
        role=CouncilRole.SECRETARY,
    ).exists()
    if not is_secretary:
        raise ValidationError({"via": _("Chỉ Thư ký Hội đồng nhập phiếu giấy.")})


def cast_vote(
    ballot: Ballot, *, member: CouncilMember, choice: str, via: str = VoteVia.ONLINE, actor: Any
) -> BallotReceipt:
    """Record THAT ``member`` voted (a receipt) and count HOW (one tally), atomically.

    A second vote by the same member on the same ballot violates the unique (ballot, member)
    constraint: the transaction, tally included, rolls back and the vote is refused. The
    choice is never stored with the member nor written to the audit trail or logs."""
    if choice not in TALLY_FIELD:
        raise ValidationError({"choice": _("Chọn Đồng ý, Không đồng ý hoặc Phiếu trắng.")})
    ballot = Ballot.objects.select_related("session__council", "nomination").get(pk=ballot.pk)
    session = ballot.session
    if session.state != SessionState.VOTING or ballot.state != BallotState.OPEN:
        raise ValidationError({"ballot": _("Phiếu biểu quyết này đã đóng hoặc chưa mở.")})
    reason = can_vote(member, session)
    if reason:
        raise ValidationError({"member": reason})
    _actor_may_cast(ballot, member, via, actor)
    tally = TALLY_FIELD[VoteChoice(choice)]
    already = _("%(who)s đã bỏ phiếu về đề nghị “%(n)s”: mỗi thành viên chỉ bỏ phiếu một lần.") % {
        "who": member,
        "n": ballot.nomination,
    }
    try:
        with transaction.atomic():
            receipt = BallotReceipt.objects.create(ballot=ballot, member=member, via=via)
            counted = Ballot.objects.filter(pk=ballot.pk, state=BallotState.OPEN).update(
                **{tally: F(tally) + 1}
            )
            if counted != 1:
                raise ValidationError({"ballot": _("Phiếu biểu quyết này vừa đóng.")})
            record_event(
                "awards.council_vote",
                ballot,
                actor=actor,
                after={"ballot": ballot.pk, "member": member.pk, "via": via},
                note=_("Một phiếu đã được bỏ."),
            )
    except IntegrityError:
        raise ValidationError({"member": already}) from None
    return receipt


def has_voted(ballot: Ballot, member: CouncilMember) -> bool:
    return BallotReceipt.objects.filter(ballot=ballot, member=member).exists()


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Threshold:
    min_share: Decimal | None
    confirmed: bool
    citation: str
    regime: str


def threshold_for(award_code: str, regime_code: str) -> Threshold:
    regime = load_regime(regime_code)
    block = regime.rules_for(award_code)
    unconfirmed = regime_code in UNCONFIRMED_REGIMES
    for item in block.parameters if block else ():
        if item.code.endswith(COUNCIL_VOTE_SUFFIX) and item.params.get("min_share") is not None:
            return Threshold(
                Decimal(str(item.params["min_share"])),
                not unconfirmed and item.confidence != "U",
                item.citation,
                regime_code,
            )
    if award_code in DEFAULT_THRESHOLDS:
        return Threshold(
            DEFAULT_THRESHOLDS[award_code],
            False,
            _("Nghị định 98/2023/NĐ-CP, Điều 30.7 (chưa có trong tệp chế độ %(r)s)")
            % {"r": regime_code},
            regime_code,
        )
    return Threshold(None, False, "", regime_code)


@dataclass
class NominationResult:
    ballot: Ballot
    nomination: Nomination
    yes: int
    no: int
    blank: int
    members: int
    threshold: Threshold

    @property
    def voted(self) -> int:
        return self.yes + self.no + self.blank

    @property
    def share(self) -> Decimal:
        """Share of YES among ALL voting members of the council (not of those present)."""
        if not self.members:
            return Decimal(0)
        return Decimal(self.yes) / Decimal(self.members)

    @property
    def share_percent(self) -> str:
        """The share as a percentage in the active language's number format (80,0% in
        Vietnamese, 80.0% in English)."""
        return f"{number_format(self.share * 100, 1)}%"

    @property
    def passed(self) -> bool:
        if not self.members:
            return False
        if self.threshold.min_share is None:
            # no threshold in the regime for this code: more than half of all members
            return 2 * self.yes > self.members
        return Decimal(self.yes) >= self.threshold.min_share * self.members


def results(session: CouncilSession) -> list[NominationResult]:
    members = voting_members(session).count()
    ballots = Ballot.objects.filter(session=session).select_related(
        "nomination__person", "nomination__unit"
    )
    cache: dict[tuple[str, str], Threshold] = {}
    out = []
    for b in ballots:
        n = b.nomination
        key = (n.award_code, n.regime or regime_for_year(n.year))
        if key not in cache:
            cache[key] = threshold_for(*key)
        out.append(
            NominationResult(b, n, b.yes_count, b.no_count, b.blank_count, members, cache[key])
        )
    return out


def close_ballot(ballot: Ballot, *, actor: Any) -> NominationResult:
    """Close the ballot and move the nomination to COUNCIL_PASSED or COUNCIL_FAILED."""
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if ballot.state != BallotState.OPEN:
            raise ValidationError({"ballot": _("Phiếu biểu quyết đã đóng.")})
        ballot.state = BallotState.CLOSED
        ballot.closed_at = timezone.now()
        ballot.save(update_fields=["state", "closed_at"])
        session = ballot.session
        result = next(r for r in results(session) if r.ballot.pk == ballot.pk)
        record_event(
            "awards.council_ballot_close",
            ballot,
            actor=actor,
            after={
                "yes": result.yes,
                "no": result.no,
                "blank": result.blank,
                "members": result.members,
                "share": str(result.share),
                "threshold": str(result.threshold.min_share),
                "passed": result.passed,
            },
        )
        nominations.set_nomination_state(
            ballot.nomination,
            NominationState.COUNCIL_PASSED if result.passed else NominationState.COUNCIL_FAILED,
            actor=actor,
            comment=_("Kết quả bỏ phiếu kín: %(yes)s/%(total)s thành viên đồng ý (%(share)s).")
            % {"yes": result.yes, "total": result.members, "share": result.share_percent},
            by_council=True,
        )
    return result


def close_session(session: CouncilSession, *, actor: Any, minutes_note: str = "") -> CouncilSession:
    with transaction.atomic():
        for b in Ballot.objects.filter(session=session, state=BallotState.OPEN):
            close_ballot(b, actor=actor)
        before = {"state": session.state}
        session.state = SessionState.CLOSED
        session.minutes_note = minutes_note.strip() or session.minutes_note
        session.save(update_fields=["state", "minutes_note"])
        record_event(
            "awards.council_session_state",
            session,
            actor=actor,
            before=before,
            after={"state": SessionState.CLOSED},
        )
    return session


# --- ranking under a cap ------------------------------------------------------------------


@dataclass
class Ranking:
    award_code: str
    cap: int
    ranked: list[NominationResult]  # passed, best first (chair's order applied to ties)
    selected: list[NominationResult]
    tied: list[NominationResult] = field(default_factory=list)  # tie at the cut-off
    needs_chair: bool = False


def rank_passed(session: CouncilSession, award_code: str, cap: int) -> Ranking:
    """Rank the passed nominations of ``award_code`` by YES votes. When more pass than ``cap``
    and the last place within the cap ties with the first one outside, the tied nominations
    are flagged for the chair, unless the chair has already recorded an order for them."""
    session = CouncilSession.objects.get(pk=session.pk)
    passed = [r for r in results(session) if r.nomination.award_code == award_code and r.passed]
    passed.sort(key=lambda r: (-r.yes, r.nomination.pk))
    if len(passed) <= cap:
        return Ranking(award_code, cap, passed, passed)
    cutoff = passed[cap - 1].yes if cap > 0 else None
    tied = [r for r in passed if r.yes == cutoff] if cutoff is not None else []
    if not tied or passed[cap].yes != cutoff:
        return Ranking(award_code, cap, passed, passed[:cap])
    order = [int(i) for i in session.tie_breaks.get(award_code, [])]
    tied_ids = {r.nomination.pk for r in tied}
    if tied_ids <= set(order):
        position = {pk: i for i, pk in enumerate(order)}
        passed.sort(key=lambda r: (-r.yes, position.get(r.nomination.pk, 0)))
        return Ranking(award_code, cap, passed, passed[:cap], tied, needs_chair=False)
    sure = [r for r in passed if r.yes > cutoff]  # within the cap whatever the chair decides
    return Ranking(award_code, cap, passed, sure, tied, needs_chair=True)


def chair_break_tie(
    session: CouncilSession, nomination_ids_in_order: list[int], *, actor: Any
) -> CouncilSession:
    """The chair's order for nominations tied at a cap's cut-off (all of one title)."""
    is_chair = CouncilMember.objects.filter(
        council_id=session.council_id, user=actor, role=CouncilRole.CHAIR
    ).exists()
    if not is_chair:
        raise ValidationError(
            {"order": _("Chỉ Chủ tịch Hội đồng quyết định thứ tự khi bằng phiếu.")}
        )
    ids = [int(i) for i in nomination_ids_in_order]
    codes = set(
        Ballot.objects.filter(session=session, nomination_id__in=ids).values_list(
            "nomination__award_code", flat=True
        )
    )
    found = Ballot.objects.filter(session=session, nomination_id__in=ids).count()
    if not ids or found != len(set(ids)) or len(ids) != len(set(ids)) or len(codes) != 1:
        raise ValidationError(
            {
                "order": _(
                    "Thứ tự phải gồm các đề nghị khác nhau, cùng một danh hiệu, đã biểu quyết "
                    "trong phiên họp này."
                )
            }
        )
    code = codes.pop()
    with transaction.atomic():
        session = CouncilSession.objects.select_for_update().get(pk=session.pk)
        before = {"order": session.tie_breaks.get(code)}
        session.tie_breaks = {**session.tie_breaks, code: ids}
        session.save(update_fields=["tie_breaks"])
        record_event(
            "awards.council_tie_break",
            session,
            actor=actor,
            before=before,
            after={"award_code": code, "order": ids},
        )
    return session
