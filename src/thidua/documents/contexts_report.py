"""The context of the final review report of a movement (Báo cáo tổng kết phong trào thi đua,
BC), for ``templates_docx/BC.docx``: participation, activities with their indicator totals,
scores, bands and rankings from the results app, and the awards given."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils import timezone

from thidua.awards.enums import AwardStatus
from thidua.awards.models import Award
from thidua.core.codes import AWARDS, AwardCode
from thidua.documents.contexts_common import (
    body_name,
    issuer_lines,
    legal_date,
    number_symbol,
    place_date,
    points,
    recipient_lines,
    short_date,
    signer_lines,
    two_digits,
)
from thidua.movements.enums import MovementKind, PhaseKind, RegistrationState
from thidua.movements.models import Band, Movement, Registration
from thidua.movements.participation import unit_completion
from thidua.org.models import Person, Unit
from thidua.results.computation import AssessmentResult, movement_results
from thidua.results.enums import AssessmentState, ScoreStage
from thidua.results.models import Activity, ActivityValue, Assessment
from thidua.results.scoring import Ranked

KNOWN_VARIABLES_BC: frozenset[str] = frozenset(
    {
        "issuer_parent",
        "issuer_name",
        "number_symbol",
        "place_date",
        "doc_type",
        "subject",
        "intro",
        "period",
        "participation",
        "units",
        "activity_total",
        "activity_kinds",
        "indicators",
        "unit_results",
        "person_results",
        "band_counts",
        "awards",
        "award_summary",
        "closing",
        "signer_authority_line",
        "signer_title",
        "signer_name",
        "recipients",
    }
)

# A final report counts only scores a reviewer or the council has checked.
CHECKED_STATES = (AssessmentState.REVIEWED, AssessmentState.FINAL)
_KIND_WORDS = {
    MovementKind.THEMATIC: "phong trào thi đua chuyên đề",
    MovementKind.PERIODIC: "phong trào thi đua theo đợt",
    MovementKind.REGULAR: "phong trào thi đua",
}


def _number(value: Decimal | int | None) -> str:
    """1.234 or 12,5: thousands with a dot and decimals with a comma, as Vietnamese writes."""
    if value is None:
        return "0"
    number = Decimal(value)
    if number == number.to_integral():
        return f"{int(number):,}".replace(",", ".")
    whole, _dot, frac = f"{number:.2f}".partition(".")
    return f"{int(whole):,}".replace(",", ".") + "," + frac.rstrip("0")


def _participation(movement: Movement) -> tuple[list[str], list[dict[str, str]]]:
    rows = unit_completion(movement)
    staff = sum(r.staff for r in rows)
    briefed = sum(r.briefed for r in rows)
    registered = sum(r.registered for r in rows)
    regs = Registration.objects.filter(movement=movement).exclude(state=RegistrationState.WITHDRAWN)
    counts = regs.aggregate(
        units=Count("pk", filter=Q(person__isnull=True)),
        people=Count("pk", filter=Q(person__isnull=False)),
    )
    lines = [
        f"Số đơn vị tham gia: {two_digits(movement.participants.count())} đơn vị "
        f"(kể cả đơn vị trực thuộc: {two_digits(len(rows))} đơn vị).",
        f"Số cán bộ, công chức, viên chức, người lao động: {_number(staff)} người; đã được quán "
        f"triệt kế hoạch: {_number(briefed)} người; đã đăng ký thi đua: "
        f"{_number(registered)} người.",
        f"Đăng ký thi đua: {two_digits(counts['units'])} tập thể, {two_digits(counts['people'])} "
        "cá nhân.",
    ]
    units = [
        {
            "name": r.name,
            "staff": str(r.staff),
            "briefed": str(r.briefed),
            "registered": str(r.registered),
        }
        for r in rows
        if r.staff
    ]
    return lines, units


def _activities(movement: Movement) -> tuple[str, list[str], list[dict[str, str]]]:
    live = Activity.objects.filter(movement=movement, withdrawn_at__isnull=True)
    total = live.count()
    kinds = [
        f"{name}: {_number(n)} hoạt động"
        for name, n in live.values_list("kind__name")
        .annotate(n=Count("pk"))
        .order_by("kind__order", "kind__name")
    ]
    sums = (
        ActivityValue.objects.filter(activity__in=live)
        .values_list(
            "indicator__kind__name",
            "indicator__name",
            "indicator__measure_unit",
            "indicator__kind__order",
            "indicator__order",
        )
        .annotate(total=Sum("value"))
        .order_by("indicator__kind__order", "indicator__order", "indicator__name")
    )
    indicators = [
        {"kind": kind, "name": name, "total": _number(value), "unit": measure}
        for kind, name, measure, _ko, _io, value in sums
    ]
    return _number(total), kinds, indicators


def _checked(rows: list[Ranked[AssessmentResult]]) -> list[Ranked[AssessmentResult]]:
    """Only assessments a reviewer or the council has scored, ranked again among themselves
    (equal scores share a rank: 1, 2, 2, 4)."""
    done = set(
        Assessment.objects.filter(
            pk__in=[r.key.assessment_id for r in rows], state__in=CHECKED_STATES
        ).values_list("pk", flat=True)
    )
    kept = [r for r in rows if r.key.assessment_id in done]
    out: list[Ranked[AssessmentResult]] = []
    for i, r in enumerate(kept):
        same = i > 0 and kept[i - 1].rank == r.rank
        out.append(Ranked(r.key, out[-1].rank if same else i + 1, r.score))
    return out


def _results(movement: Movement) -> tuple[list[dict[str, str]], list[dict[str, str]], list[str]]:
    labels = dict(Band.objects.filter(table__movement=movement).values_list("code", "label"))
    unit_rows = _checked(movement_results(movement, stage=ScoreStage.COUNCIL, collective=True))
    person_rows = _checked(movement_results(movement, stage=ScoreStage.COUNCIL, collective=False))
    unit_names = dict(
        Unit.objects.filter(pk__in=[r.key.unit_id for r in unit_rows]).values_list("pk", "name")
    )
    people = {
        pk: (name, unit)
        for pk, name, unit in Person.objects.filter(
            pk__in=[r.key.person_id for r in person_rows]
        ).values_list("pk", "full_name", "unit__name")
    }

    def band(code: str | None) -> str:
        return str(labels.get(code, "")) if code else ""

    units = [
        {
            "rank": str(r.rank),
            "name": unit_names.get(r.key.unit_id, ""),
            "total": points(r.score.total),
            "band": band(r.score.band),
        }
        for r in unit_rows
    ]
    persons = [
        {
            "rank": str(r.rank),
            "name": people.get(r.key.person_id or 0, ("", ""))[0],
            "unit": people.get(r.key.person_id or 0, ("", ""))[1],
            "total": points(r.score.total),
            "band": band(r.score.band),
        }
        for r in person_rows
    ]
    counted = Counter(r.score.band for r in unit_rows)
    band_counts = [
        f"{label}: {two_digits(counted[code])} đơn vị"
        for code, label in labels.items()
        if counted[code]
    ]
    return units, persons, band_counts


def _awards(movement: Movement) -> tuple[list[dict[str, str]], list[str]]:
    names = dict(AwardCode.choices)
    rows = list(
        Award.objects.filter(movement=movement, status=AwardStatus.ACTIVE)
        .select_related("person__unit", "unit")
        .order_by("award_code", "decision_date", "person__search", "unit__path", "pk")
    )
    out = [
        {
            "no": str(i),
            "name": a.person.full_name if a.person else (a.unit.name if a.unit else ""),
            "who": "Cá nhân" if a.person else "Tập thể",
            "award": str(names[a.award_code]),
            "decision": f"{a.decision_number} ngày {short_date(a.decision_date)}",
        }
        for i, a in enumerate(rows, start=1)
    ]
    counts = Counter(a.award_code for a in rows)
    titles = [
        f"{names[c]}: {two_digits(n)}" for c, n in sorted(counts.items()) if AWARDS[c].is_title
    ]
    forms = [
        f"{names[c]}: {two_digits(n)}" for c, n in sorted(counts.items()) if not AWARDS[c].is_title
    ]
    summary = []
    if titles:
        summary.append("Danh hiệu thi đua: " + "; ".join(titles) + ".")
    if forms:
        summary.append("Hình thức khen thưởng: " + "; ".join(forms) + ".")
    return out, summary


def build_report_context(
    movement: Movement, *, number: int | str | None = None, on: dt.date | None = None
) -> dict[str, Any]:
    """The final report of ``movement``, dated ``on`` (default: the end of the final review
    phase, else today)."""
    if on is None:
        final = movement.phases.filter(kind=PhaseKind.FINAL_REVIEW).first()
        on = final.end if final else timezone.localdate()
    issuer = movement.doc_issuer
    parent, issuer_up = issuer_lines(issuer)
    issuer_text = body_name(issuer)
    symbol = movement.doc_number.partition("/")[2].partition("-")[2] or issuer.code
    kind_words = _KIND_WORDS[MovementKind(movement.kind)]
    participation, units = _participation(movement)
    activity_total, kinds, indicators = _activities(movement)
    unit_results, person_results, band_counts = _results(movement)
    awards, award_summary = _awards(movement)
    authority_line, signer_title = signer_lines(
        movement.signer_authority, movement.signer_title, issuer_text
    )
    return {
        "issuer_parent": parent,
        "issuer_name": issuer_up,
        "number_symbol": number_symbol(number, "BC", symbol),
        "place_date": place_date(movement.doc_place, on),
        "doc_type": "BÁO CÁO",
        "subject": f"Tổng kết {kind_words} “{movement.name}”",
        "intro": (
            f"Thực hiện Kế hoạch số {movement.doc_number} ngày {short_date(movement.doc_date)} "
            f"của {issuer_text} về việc phát động {kind_words} “{movement.name}”, {issuer_text} "
            "báo cáo kết quả thực hiện phong trào như sau:"
        ),
        "period": f"từ {legal_date(movement.period_start)} đến {legal_date(movement.period_end)}",
        "participation": participation,
        "units": units,
        "activity_total": activity_total,
        "activity_kinds": kinds,
        "indicators": indicators,
        "unit_results": unit_results,
        "person_results": person_results,
        "band_counts": band_counts,
        "awards": awards,
        "award_summary": award_summary,
        "closing": (
            f"Trên đây là báo cáo tổng kết {kind_words} “{movement.name}” của {issuer_text}./."
        ),
        "signer_authority_line": authority_line,
        "signer_title": signer_title,
        "signer_name": movement.signer_name,
        "recipients": recipient_lines(
            [
                *(
                    [f"{movement.parent_plan.issuer} (b/c)"]
                    if movement.parent_plan is not None
                    else []
                ),
                "Các đơn vị tham gia phong trào",
                f"Lưu: VT, {symbol}",
            ]
        ),
    }


def sample_context() -> dict[str, Any]:
    """A made-up final report: every known variable, for checking an uploaded BC template."""
    return {
        "issuer_parent": "UBND TỈNH LẠNG SƠN",
        "issuer_name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "number_symbol": "98/BC-STTTT",
        "place_date": "Lạng Sơn, ngày 20 tháng 12 năm 2018",
        "doc_type": "BÁO CÁO",
        "subject": "Tổng kết phong trào thi đua",
        "intro": "Sở Thông tin và Truyền thông báo cáo như sau:",
        "period": "từ ngày 10 tháng 5 năm 2018 đến ngày 31 tháng 12 năm 2018",
        "participation": ["Số đơn vị tham gia: 05 đơn vị."],
        "units": [{"name": "Phòng A", "staff": "5", "briefed": "5", "registered": "4"}],
        "activity_total": "12",
        "activity_kinds": ["Tin, bài bằng tiếng nước ngoài: 12 hoạt động"],
        "indicators": [{"kind": "Tin, bài", "name": "Số tin, bài", "total": "120", "unit": "tin"}],
        "unit_results": [{"rank": "1", "name": "Phòng A", "total": "90", "band": "Xuất sắc"}],
        "person_results": [
            {
                "rank": "1",
                "name": "Nguyễn Văn A",
                "unit": "Phòng A",
                "total": "91",
                "band": "Xuất sắc",
            }
        ],
        "band_counts": ["Xuất sắc: 01 đơn vị"],
        "awards": [
            {
                "no": "1",
                "name": "Nguyễn Văn A",
                "who": "Cá nhân",
                "award": "Giấy khen",
                "decision": "12/QĐ-STTTT ngày 25/12/2018",
            }
        ],
        "award_summary": ["Hình thức khen thưởng: Giấy khen: 01."],
        "closing": "Trên đây là báo cáo tổng kết./.",
        "signer_authority_line": "",
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn A",
        "recipients": ["- Như trên;", "- Lưu: VT."],
    }
