"""The context of a proposing unit's proposal letter (Tờ trình đề nghị khen thưởng, TTr) in a
movement, for ``templates_docx/TTR.docx``: the unit's nominations, individuals and collectives
apart, titles (danh hiệu thi đua) and forms (hình thức khen thưởng) apart."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Q
from django.utils import timezone

from thidua.awards.enums import NominationState
from thidua.awards.models import Council, Nomination
from thidua.core.codes import AWARDS, AwardCode
from thidua.documents.contexts_common import (
    body_name,
    issuer_lines,
    number_symbol,
    place_date,
    recipient_lines,
    short_date,
    signer_lines,
    two_digits,
)
from thidua.movements.enums import MovementKind
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit

KNOWN_VARIABLES_TTR: frozenset[str] = frozenset(
    {
        "issuer_parent",
        "issuer_name",
        "number_symbol",
        "place_date",
        "doc_type",
        "subject",
        "addressee",
        "legal_bases",
        "request",
        "summary_titles",
        "summary_forms",
        "individuals",
        "collectives",
        "closing",
        "signer_authority_line",
        "signer_title",
        "signer_name",
        "recipients",
    }
)

# Nominations a proposal letter lists: those the unit has put forward.
PROPOSED_STATES = (
    NominationState.SUBMITTED,
    NominationState.COUNCIL_PASSED,
    NominationState.COUNCIL_FAILED,
)
_KIND_WORDS = {
    MovementKind.THEMATIC: "phong trào thi đua chuyên đề",
    MovementKind.PERIODIC: "phong trào thi đua theo đợt",
    MovementKind.REGULAR: "phong trào thi đua",
}


def addressee_of(movement: Movement) -> str:
    """Who the letter goes to: the council that considers the movement, else the council of
    the organiser."""
    council = (
        Council.objects.filter(
            Q(movement=movement) | Q(movement__isnull=True, unit=movement.organizer)
        )
        .order_by("movement_id")
        .first()
    )
    if council is not None:
        return council.name
    return f"Hội đồng Thi đua - Khen thưởng {body_name(movement.organizer)}"


def _head_of(unit: Unit) -> Person | None:
    return (
        Person.objects.filter(unit=unit, is_leader=True, left_on__isnull=True)
        .order_by("-position", "pk")
        .first()
    )


def _summary(rows: list[Nomination]) -> tuple[list[str], list[str]]:
    labels = dict(AwardCode.choices)
    counts = Counter((n.award_code, n.person_id is not None) for n in rows)
    titles: list[str] = []
    forms: list[str] = []
    for (code, individual), count in sorted(counts.items()):
        who = "cá nhân" if individual else "tập thể"
        line = f"{labels[code]}: {two_digits(count)} {who}"
        (titles if AWARDS[code].is_title else forms).append(line)
    return titles, forms


def build_proposal_context(
    movement: Movement,
    unit: Unit,
    *,
    number: int | str | None = None,
    on: dt.date | None = None,
    include_drafts: bool = False,
) -> dict[str, Any]:
    """The proposal letter of ``unit`` for ``movement``; ``number`` and ``on`` are the letter's
    number and date (blank number and today's date for a draft)."""
    on = on or timezone.localdate()
    states = [*PROPOSED_STATES, *([NominationState.DRAFT] if include_drafts else [])]
    rows = list(
        Nomination.objects.filter(movement=movement, proposing_unit=unit, state__in=states)
        .select_related("person__unit", "unit")
        .order_by("award_code", "person__search", "unit__path", "pk")
    )
    labels = dict(AwardCode.choices)
    people = [(n, n.person) for n in rows if n.person is not None]
    units = [(n, n.unit) for n in rows if n.unit is not None]
    individuals = [
        {
            "no": str(i),
            "name": person.full_name,
            "position": person.position,
            "unit": person.unit.name,
            "award": str(labels[n.award_code]),
            "achievement": n.achievement,
        }
        for i, (n, person) in enumerate(people, start=1)
    ]
    collectives = [
        {
            "no": str(i),
            "name": collective.name,
            "award": str(labels[n.award_code]),
            "achievement": n.achievement,
        }
        for i, (n, collective) in enumerate(units, start=1)
    ]
    titles, forms = _summary(rows)
    governing, issuer_up = issuer_lines(unit)
    unit_text = body_name(unit)
    head = _head_of(unit)
    authority_line, signer_title = signer_lines(
        "", head.position if head else "Thủ trưởng đơn vị", unit_text
    )
    kind_words = _KIND_WORDS[MovementKind(movement.kind)]
    subject = f"Về việc đề nghị khen thưởng trong {kind_words} “{movement.name}”"
    addressee = addressee_of(movement)
    plan = (
        f"Căn cứ Kế hoạch số {movement.doc_number} ngày {short_date(movement.doc_date)} của "
        f"{body_name(movement.doc_issuer)} về việc phát động {kind_words} “{movement.name}”;"
    )
    request = (
        f"Căn cứ kết quả thực hiện phong trào thi đua của đơn vị, {unit_text} kính đề nghị "
        f"{addressee} xem xét, đề nghị khen thưởng cho {two_digits(len(individuals))} cá nhân "
        f"và {two_digits(len(collectives))} tập thể có thành tích trong phong trào, cụ thể như sau:"
    )
    return {
        "issuer_parent": governing,
        "issuer_name": issuer_up,
        "number_symbol": number_symbol(number, "TTr", unit.code),
        "place_date": place_date(movement.doc_place, on),
        "doc_type": "TỜ TRÌNH",
        "subject": subject,
        "addressee": addressee,
        "legal_bases": [plan],
        "request": request,
        "summary_titles": titles,
        "summary_forms": forms,
        "individuals": individuals,
        "collectives": collectives,
        "closing": f"{unit_text} kính trình {addressee} xem xét, quyết định./.",
        "signer_authority_line": authority_line,
        "signer_title": signer_title,
        "signer_name": head.full_name if head else "",
        "recipients": recipient_lines(["Như trên", f"Lưu: VT, {unit.code}"]),
    }


def sample_context() -> dict[str, Any]:
    """A made-up proposal letter: every known variable, for checking an uploaded template."""
    return {
        "issuer_parent": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "issuer_name": "PHÒNG CÔNG NGHỆ THÔNG TIN",
        "number_symbol": "05/TTr-CNTT",
        "place_date": "Lạng Sơn, ngày 05 tháng 12 năm 2018",
        "doc_type": "TỜ TRÌNH",
        "subject": "Về việc đề nghị khen thưởng",
        "addressee": "Hội đồng Thi đua - Khen thưởng Sở",
        "legal_bases": ["Căn cứ Kế hoạch số 456/KH-STTTT ngày 10/5/2018;"],
        "request": "Phòng Công nghệ thông tin kính đề nghị:",
        "summary_titles": ["Lao động tiên tiến: 01 cá nhân"],
        "summary_forms": ["Giấy khen: 01 tập thể"],
        "individuals": [
            {
                "no": "1",
                "name": "Nguyễn Văn A",
                "position": "Chuyên viên",
                "unit": "Phòng Công nghệ thông tin",
                "award": "Lao động tiên tiến",
                "achievement": "Hoàn thành tốt nhiệm vụ.",
            }
        ],
        "collectives": [
            {
                "no": "1",
                "name": "Phòng Công nghệ thông tin",
                "award": "Giấy khen",
                "achievement": "",
            }
        ],
        "closing": "Kính trình Hội đồng xem xét, quyết định./.",
        "signer_authority_line": "",
        "signer_title": "TRƯỞNG PHÒNG",
        "signer_name": "Trần Thị B",
        "recipients": ["- Như trên;", "- Lưu: VT."],
    }
