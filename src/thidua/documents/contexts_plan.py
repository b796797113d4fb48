"""The context of the founding plan of a movement (Kế hoạch phát động phong trào thi đua, KH),
for the Word template ``templates_docx/KH.docx``: plain strings and lists only."""

from __future__ import annotations

from typing import Any

from thidua.core.codes import AWARDS, AwardCode
from thidua.documents.contexts_common import (
    body_name,
    issuer_lines,
    legal_date,
    paragraphs,
    place_date,
    points,
    recipient_lines,
    short_date,
    signer_lines,
    upper_vn,
)
from thidua.movements.enums import MovementKind, ParticipantRole
from thidua.movements.models import CriteriaTable, Movement

# The top-level names the KH template may use (the upload check of a new template version
# refuses any other placeholder).
KNOWN_VARIABLES_KH: frozenset[str] = frozenset(
    {
        "issuer_parent",
        "issuer_name",
        "issuer_body",
        "number_symbol",
        "place_date",
        "doc_type",
        "subject",
        "legal_bases",
        "intro",
        "purposes",
        "requirements",
        "sections",
        "participants",
        "lead_unit",
        "period",
        "phases",
        "criteria_scale",
        "criteria_rows",
        "bonus_cap",
        "bonus_items",
        "penalty_items",
        "bands",
        "criteria_notes",
        "titles",
        "forms",
        "organisation",
        "signer_authority_line",
        "signer_title",
        "signer_name",
        "recipients",
    }
)

_SUBJECT_BY_KIND = {
    MovementKind.THEMATIC: "Phát động phong trào thi đua chuyên đề “%(name)s”",
    MovementKind.PERIODIC: "Phát động phong trào thi đua theo đợt “%(name)s”",
    MovementKind.REGULAR: "Phát động phong trào thi đua “%(name)s”",
}


def _with_ends(items: list[str]) -> list[str]:
    """ "Căn cứ ...;" lines: each ends with a semicolon, none doubled."""
    return [item.rstrip(" ;.") + ";" for item in items]


def _criteria(movement: Movement) -> dict[str, Any]:
    table = (
        CriteriaTable.objects.filter(movement=movement)
        .prefetch_related("sections__criteria", "bonus_items", "penalty_items", "bands")
        .first()
    )
    if table is None:
        return {
            "criteria_scale": "",
            "criteria_rows": [],
            "bonus_cap": "",
            "bonus_items": [],
            "penalty_items": [],
            "bands": [],
            "criteria_notes": "",
        }
    rows: list[dict[str, str]] = []
    for index, section in enumerate(table.sections.all(), start=1):
        rows.append(
            {
                "code": _roman(index),
                "title": upper_vn(section.title),
                "points": points(section.max_points),
            }
        )
        rows.extend(
            {"code": c.code, "title": c.title, "points": points(c.max_points)}
            for c in section.criteria.all()
        )
    return {
        "criteria_scale": points(table.scale),
        "criteria_rows": rows,
        "bonus_cap": points(table.bonus_cap),
        "bonus_items": [
            {"title": b.title, "points": points(b.max_points)} for b in table.bonus_items.all()
        ],
        "penalty_items": [
            {"title": p.title, "points": points(p.points_each)} for p in table.penalty_items.all()
        ],
        "bands": [{"label": b.label, "min_score": points(b.min_score)} for b in table.bands.all()],
        "criteria_notes": table.notes,
    }


_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


def _roman(n: int) -> str:
    return _ROMAN[n - 1] if 0 < n <= len(_ROMAN) else str(n)


def _awards(movement: Movement) -> tuple[list[str], list[str]]:
    """Foreseen awards, titles (danh hiệu thi đua) and forms (hình thức khen thưởng) apart."""
    labels = dict(AwardCode.choices)
    titles: list[str] = []
    forms: list[str] = []
    for code in movement.foreseen_awards.values_list("award_code", flat=True):
        (titles if AWARDS[code].is_title else forms).append(str(labels[code]))
    return titles, forms


def build_plan_context(movement: Movement) -> dict[str, Any]:
    issuer = movement.doc_issuer
    governing, issuer_up = issuer_lines(issuer)
    issuer_text = body_name(issuer)
    symbol_issuer = movement.doc_number.partition("/")[2]
    participants = list(movement.participants.select_related("unit").order_by("unit__path"))
    lead = next((p.unit for p in participants if p.role == ParticipantRole.LEAD), None)
    phases = [
        {
            "label": str(phase.get_kind_display()),
            "start": short_date(phase.start),
            "end": short_date(phase.end),
        }
        for phase in movement.phases.all()
    ]
    titles, forms = _awards(movement)
    authority_line, signer_title = signer_lines(
        movement.signer_authority, movement.signer_title, issuer_text
    )
    subject = _SUBJECT_BY_KIND[MovementKind(movement.kind)] % {"name": movement.name}
    recipients = []
    if movement.parent_plan is not None:
        recipients.append(f"{movement.parent_plan.issuer} (b/c)")
    own = [p for p in participants if p.unit.parent_id == issuer.pk]
    if own:
        recipients.append(f"Các phòng, đơn vị thuộc {issuer_text}")
    recipients.extend(p.unit.name for p in participants if p not in own)
    recipients.append(f"Lưu: VT, {lead.code if lead else symbol_issuer.partition('-')[2]}")
    intro = (
        f"Thực hiện các văn bản trên, {issuer_text} ban hành Kế hoạch "
        f"{subject[0].lower()}{subject[1:]}, như sau:"
    )
    return {
        "issuer_parent": governing,
        "issuer_name": issuer_up,
        "issuer_body": issuer_text,
        "number_symbol": movement.doc_number,
        "place_date": place_date(movement.doc_place, movement.doc_date),
        "doc_type": "KẾ HOẠCH",
        "subject": subject,
        "legal_bases": _with_ends([b.text for b in movement.legal_bases.all()]),
        "intro": intro,
        "purposes": paragraphs(movement.purposes),
        "requirements": paragraphs(movement.requirements),
        "sections": [
            {"number": str(s.number), "title": s.title, "body": paragraphs(s.body)}
            for s in movement.sections.all()
        ],
        "participants": [p.unit.name for p in participants],
        "lead_unit": lead.name if lead else "",
        "period": f"từ {legal_date(movement.period_start)} đến {legal_date(movement.period_end)}",
        "phases": phases,
        **_criteria(movement),
        "titles": titles,
        "forms": forms,
        "organisation": _organisation(lead.name if lead else "", issuer_text),
        "signer_authority_line": authority_line,
        "signer_title": signer_title,
        "signer_name": movement.signer_name,
        "recipients": recipient_lines(recipients),
    }


def _organisation(lead: str, issuer: str) -> list[str]:
    lines = []
    if lead:
        lines.append(
            f"{lead} là đơn vị chủ trì, tham mưu cho lãnh đạo {issuer} hướng dẫn, theo dõi, "
            "đôn đốc việc thực hiện Kế hoạch; tổng hợp kết quả, tham mưu sơ kết, tổng kết và "
            "đề xuất khen thưởng theo quy định."
        )
    lines.append(
        "Thủ trưởng các đơn vị tham gia tổ chức quán triệt Kế hoạch đến toàn thể cán bộ, công "
        "chức, viên chức, người lao động; cụ thể hoá nội dung thi đua gắn với nhiệm vụ của đơn "
        "vị; đăng ký thi đua và báo cáo kết quả đúng thời hạn trên hệ thống."
    )
    return lines


def sample_context() -> dict[str, Any]:
    """A made-up plan: every known variable, for checking an uploaded KH template."""
    return {
        "issuer_parent": "UBND TỈNH LẠNG SƠN",
        "issuer_name": "SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "issuer_body": "Sở Thông tin và Truyền thông",
        "number_symbol": "456/KH-STTTT",
        "place_date": "Lạng Sơn, ngày 10 tháng 5 năm 2018",
        "doc_type": "KẾ HOẠCH",
        "subject": "Phát động phong trào thi đua chuyên đề “Mẫu”",
        "legal_bases": ["Luật Thi đua, Khen thưởng ngày 26/11/2003;"],
        "intro": "Sở Thông tin và Truyền thông ban hành Kế hoạch như sau:",
        "purposes": ["Mục đích mẫu."],
        "requirements": ["Yêu cầu mẫu."],
        "sections": [{"number": "1", "title": "Nội dung mẫu", "body": ["Diễn giải mẫu."]}],
        "participants": ["Phòng Công nghệ thông tin"],
        "lead_unit": "Phòng Công nghệ thông tin",
        "period": "từ ngày 10 tháng 5 năm 2018 đến ngày 31 tháng 12 năm 2018",
        "phases": [{"label": "Đăng ký thi đua", "start": "10/5/2018", "end": "10/6/2018"}],
        "criteria_scale": "100",
        "criteria_rows": [{"code": "I", "title": "NHÓM MẪU", "points": "100"}],
        "bonus_cap": "10",
        "bonus_items": [{"title": "Sáng kiến", "points": "5"}],
        "penalty_items": [{"title": "Báo cáo chậm", "points": "2"}],
        "bands": [{"label": "Xuất sắc", "min_score": "90"}],
        "criteria_notes": "Ghi chú mẫu.",
        "titles": ["Lao động tiên tiến"],
        "forms": ["Giấy khen"],
        "organisation": ["Tổ chức thực hiện mẫu."],
        "signer_authority_line": "KT. GIÁM ĐỐC",
        "signer_title": "PHÓ GIÁM ĐỐC",
        "signer_name": "Nguyễn Văn A",
        "recipients": ["- Như trên;", "- Lưu: VT."],
    }
