"""The context of the minutes of a council session (Biên bản họp Hội đồng Thi đua - Khen
thưởng, BB), for ``templates_docx/BB.docx``: attendance and quorum, each secret ballot's
tallies against its threshold, the ranking under a cap with the chair's tie-break, and the
public's comments with their answers.

Secrecy: only the tallies of ``councils.results`` are used; nothing here can say how a member
voted (there is no such data)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from thidua.awards import councils
from thidua.awards.enums import CouncilRole
from thidua.awards.models import Attendance, CouncilSession, PublicComment
from thidua.core.codes import AwardCode
from thidua.documents.contexts_common import (
    body_name,
    issuer_lines,
    legal_date,
    number_symbol,
    percent,
    place_date,
    recipient_lines,
    two_digits,
)
from thidua.movements.enums import MovementKind

KNOWN_VARIABLES_BB: frozenset[str] = frozenset(
    {
        "issuer_parent",
        "issuer_name",
        "number_symbol",
        "place_date",
        "doc_type",
        "subject",
        "opening",
        "council_name",
        "chair_name",
        "secretary_name",
        "members_total",
        "present",
        "in_writing",
        "absent",
        "quorum_text",
        "ballots",
        "threshold_note",
        "passed_count",
        "failed_count",
        "rankings",
        "comments",
        "note",
        "closing",
        "secretary_title",
        "chair_title",
        "recipients",
    }
)

# Members are listed chair first, secretary last.
ROLE_ORDER: dict[str, int] = {
    CouncilRole.CHAIR: 0,
    CouncilRole.VICE_CHAIR: 1,
    CouncilRole.MEMBER: 2,
    CouncilRole.SECRETARY: 3,
}
_KIND_WORDS = {
    MovementKind.THEMATIC: "phong trào thi đua chuyên đề",
    MovementKind.PERIODIC: "phong trào thi đua theo đợt",
    MovementKind.REGULAR: "phong trào thi đua",
}


def _recipient(result: councils.NominationResult) -> tuple[str, str]:
    n = result.nomination
    if n.person is not None:
        return n.person.full_name, "Cá nhân"
    return n.unit.name if n.unit else "", "Tập thể"


def _threshold_text(result: councils.NominationResult) -> str:
    t = result.threshold
    if t.min_share is None:
        return "Trên 50%"
    text = f"Từ {percent(t.min_share)}"
    return text if t.confirmed else f"{text} (*)"


def _ballot_rows(results: list[councils.NominationResult]) -> list[dict[str, str]]:
    labels = dict(AwardCode.choices)
    rows = []
    for i, r in enumerate(results, start=1):
        name, who = _recipient(r)
        rows.append(
            {
                "no": str(i),
                "name": name,
                "who": who,
                "award": str(labels[r.nomination.award_code]),
                "yes": str(r.yes),
                "no_votes": str(r.no),
                "blank": str(r.blank),
                "share": percent(r.share),
                "threshold": _threshold_text(r),
                "result": "Đạt" if r.passed else "Không đạt",
            }
        )
    return rows


def _rankings(
    session: CouncilSession,
    results: list[councils.NominationResult],
    caps: dict[str, int],
) -> list[dict[str, Any]]:
    """Per award code with a cap where more passed than the cap allows: the order by YES
    votes, the chair's tie-break if any, and who is selected."""
    labels = dict(AwardCode.choices)
    names = {r.nomination.pk: _recipient(r)[0] for r in results}
    out = []
    for code, cap in sorted(caps.items()):
        passed = [r for r in results if r.nomination.award_code == code and r.passed]
        if len(passed) <= cap:
            continue
        ranking = councils.rank_passed(session, code, cap)
        selected = {r.nomination.pk for r in ranking.selected}
        order = [int(i) for i in session.tie_breaks.get(code, [])]
        if ranking.needs_chair:
            tie = (
                "Có đề nghị bằng số phiếu tại vị trí cuối của chỉ tiêu: chờ Chủ tịch Hội đồng "
                "quyết định thứ tự."
            )
        elif ranking.tied:
            tie = "Chủ tịch Hội đồng quyết định thứ tự khi bằng số phiếu: " + ", ".join(
                names[pk] for pk in order if pk in names
            )
        else:
            tie = ""
        out.append(
            {
                "award": str(labels[code]),
                "cap": two_digits(cap),
                "rows": [
                    {
                        "rank": str(i),
                        "name": names[r.nomination.pk],
                        "yes": str(r.yes),
                        "selected": "Được đề nghị" if r.nomination.pk in selected else "",
                    }
                    for i, r in enumerate(ranking.ranked, start=1)
                ],
                "tie_break": tie,
            }
        )
    return out


def _comments(results: list[councils.NominationResult]) -> list[dict[str, str]]:
    ids = [r.nomination.pk for r in results]
    rows = (
        PublicComment.objects.filter(nomination_id__in=ids, hidden=False)
        .select_related("nomination__person", "nomination__unit")
        .order_by("submitted_at", "pk")
    )
    out = []
    for c in rows:
        n = c.nomination
        about = (
            "" if n is None else (n.person.full_name if n.person else n.unit.name if n.unit else "")
        )
        out.append(
            {
                "kind": str(c.get_kind_display()),
                "about": about,
                "text": c.text,
                "answer": c.answer or "Chưa trả lời.",
            }
        )
    return out


def _member_line(member: Any) -> str:
    return f"{member.full_name or member.user} - {member.get_role_display()}"


def build_minutes_context(
    session: CouncilSession,
    *,
    number: int | str | None = None,
    caps: dict[str, int] | None = None,
    council_symbol: str = "HĐTĐKT",
) -> dict[str, Any]:
    """The minutes of ``session``; ``caps`` gives, per award code, how many the council may
    select (a ranking is written where more passed than that)."""
    session = CouncilSession.objects.select_related("council__unit", "movement").get(pk=session.pk)
    council = session.council
    movement = session.movement
    voting_ids = set(councils.voting_members(session).values_list("pk", flat=True))
    attendance = sorted(
        Attendance.objects.filter(session=session).select_related("member__user"),
        key=lambda a: (ROLE_ORDER.get(a.member.role, len(ROLE_ORDER)), a.member.pk),
    )
    present = [_member_line(a.member) for a in attendance if a.present]
    in_writing = [
        _member_line(a.member) for a in attendance if not a.present and a.votes_in_writing
    ]
    absent = [
        _member_line(a.member)
        for a in attendance
        if not a.present and not a.votes_in_writing and a.member.pk in voting_ids
    ]
    summary = councils.attendance_summary(session)
    share = Decimal(summary.counted) / Decimal(summary.members) if summary.members else Decimal(0)
    quorum_text = (
        f"Số thành viên có quyền biểu quyết: {two_digits(summary.members)}; có mặt "
        f"{two_digits(summary.present)}, biểu quyết bằng văn bản {two_digits(summary.in_writing)}, "
        f"vắng {two_digits(summary.absent)}; tỷ lệ có mặt hoặc biểu quyết bằng văn bản "
        f"{percent(share)}. "
        + (
            "Đủ điều kiện biểu quyết (ít nhất hai phần ba số thành viên)."
            if summary.quorum
            else "Không đủ hai phần ba số thành viên: không đủ điều kiện biểu quyết."
        )
    )
    chair = next((a.member for a in attendance if a.member.role == CouncilRole.CHAIR), None)
    secretary = next((a.member for a in attendance if a.member.role == CouncilRole.SECRETARY), None)
    results = councils.results(session)
    results.sort(
        key=lambda r: (r.nomination.award_code, r.nomination.person is None, r.nomination.pk)
    )
    governing, issuer_up = issuer_lines(council.unit)
    kind_words = _KIND_WORDS[MovementKind(movement.kind)]
    when = legal_date(session.held_on)
    return {
        "issuer_parent": governing,
        "issuer_name": issuer_up,
        "number_symbol": number_symbol(number, "BB", council_symbol),
        "place_date": place_date(movement.doc_place, session.held_on),
        "doc_type": "BIÊN BẢN",
        "subject": f"Họp {council.name} xét đề nghị khen thưởng {kind_words} “{movement.name}”",
        "opening": (
            f"Vào {when}, tại {body_name(council.unit)}, {council.name} họp xét đề nghị khen "
            f"thưởng {kind_words} “{movement.name}” (Kế hoạch số {movement.doc_number})."
        ),
        "council_name": council.name,
        "chair_name": (chair.full_name or str(chair.user)) if chair else "",
        "secretary_name": (secretary.full_name or str(secretary.user)) if secretary else "",
        "members_total": two_digits(summary.members),
        "present": present,
        "in_writing": in_writing,
        "absent": absent,
        "quorum_text": quorum_text,
        "ballots": _ballot_rows(results),
        "threshold_note": (
            "(*) Ngưỡng theo chế độ pháp lý chưa được xác nhận; Hội đồng đã đối chiếu với văn "
            "bản quy định."
            if any(r.threshold.min_share is not None and not r.threshold.confirmed for r in results)
            else ""
        ),
        "passed_count": two_digits(sum(1 for r in results if r.passed)),
        "failed_count": two_digits(sum(1 for r in results if not r.passed)),
        "rankings": _rankings(session, results, caps or {}),
        "comments": _comments(results),
        "note": session.minutes_note,
        "closing": (
            "Biên bản đã được thông qua tại cuộc họp; các thành viên dự họp nhất trí với nội "
            "dung biên bản."
        ),
        "secretary_title": "THƯ KÝ",
        "chair_title": "CHỦ TỊCH HỘI ĐỒNG",
        "recipients": recipient_lines(["Thành viên Hội đồng", f"Lưu: VT, {council_symbol}"]),
    }


def sample_context() -> dict[str, Any]:
    """Made-up minutes: every known variable, for checking an uploaded BB template."""
    return {
        "issuer_parent": "UBND TỈNH LẠNG SƠN",
        "issuer_name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "number_symbol": "02/BB-HĐTĐKT",
        "place_date": "Lạng Sơn, ngày 05 tháng 12 năm 2018",
        "doc_type": "BIÊN BẢN",
        "subject": "Họp Hội đồng Thi đua - Khen thưởng",
        "opening": "Vào ngày 05 tháng 12 năm 2018, Hội đồng họp.",
        "council_name": "Hội đồng Thi đua - Khen thưởng Sở",
        "chair_name": "Nguyễn Văn A",
        "secretary_name": "Trần Thị B",
        "members_total": "05",
        "present": ["Nguyễn Văn A - Chủ tịch Hội đồng"],
        "in_writing": ["Lê Văn C - Ủy viên"],
        "absent": ["Phạm Thị D - Ủy viên"],
        "quorum_text": "Đủ điều kiện biểu quyết.",
        "ballots": [
            {
                "no": "1",
                "name": "Nguyễn Văn E",
                "who": "Cá nhân",
                "award": "Chiến sĩ thi đua cơ sở",
                "yes": "4",
                "no_votes": "1",
                "blank": "0",
                "share": "80,0%",
                "threshold": "Từ 80,0%",
                "result": "Đạt",
            }
        ],
        "threshold_note": "",
        "passed_count": "01",
        "failed_count": "00",
        "rankings": [
            {
                "award": "Giấy khen",
                "cap": "01",
                "rows": [
                    {"rank": "1", "name": "Nguyễn Văn E", "yes": "4", "selected": "Được đề nghị"}
                ],
                "tie_break": "",
            }
        ],
        "comments": [{"kind": "Góp ý", "about": "Nguyễn Văn E", "text": "Mẫu.", "answer": "Mẫu."}],
        "note": "",
        "closing": "Biên bản đã được thông qua.",
        "secretary_title": "THƯ KÝ",
        "chair_title": "CHỦ TỊCH HỘI ĐỒNG",
        "recipients": ["- Thành viên Hội đồng;", "- Lưu: VT."],
    }
