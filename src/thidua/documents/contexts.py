"""Template contexts for the decision on commendation (QĐ) with its annex, and for the
certificates (Giấy khen, Giấy chứng nhận CSTĐCS) of a decision. Plain values only: strings,
lists and dicts, dates already written the legal way, numbers with their leading zeros.

``KNOWN_VARIABLES`` lists, per kind, the top-level names a template of that kind may use; an
uploaded template that uses any other name is rejected."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import Sum
from django.utils import translation

from thidua.awards.models import Decision, DecisionRecipient
from thidua.core.codes import AwardCode
from thidua.core.dates import format_date_vn, format_place_date_vn
from thidua.core.money import amount_in_words_vn, format_money_vn
from thidua.documents.contexts_common import body_name, issuer_lines
from thidua.documents.rendering import QrCode

__all__ = [
    "CERTIFICATE_VARIABLES",
    "DECISION_VARIABLES",
    "certificate_contexts",
    "certificate_kind_for",
    "decision_context",
    "sample_certificates_context",
    "sample_decision_context",
]

DECISION_VARIABLES = frozenset(
    {
        "issuer_parent",
        "issuer_name",
        "number_symbol",
        "place_date",
        "subject",
        "authority_title",
        "legal_bases",
        "proposal",
        "article_1",
        "article_2",
        "article_3",
        "recipients",
        "signer_authority_line",
        "signer_title",
        "signer_name",
        "annex_title",
        "annex_ref",
        "individuals",
        "collectives",
        "total_amount",
        "total_amount_words",
        "qr",
        "verification_url",
    }
)
# A certificate template renders all certificates of a decision: it loops over ``certificates``.
CERTIFICATE_VARIABLES = frozenset({"certificates"})

NO_NUMBER = "      "
NO_DATE = "ngày      tháng      năm     "
DEFAULT_RECIPIENTS = ("Như Điều 3;", "Lưu: VT, TĐKT.")


def _label(code: str) -> str:
    return str(dict(AwardCode.choices).get(code, code))


def number_symbol(decision: Decision) -> str:
    """ "01/QĐ-STTTT"; a draft without a number shows blanks before the symbol."""
    if decision.number:
        return f"{decision.number:02d}/{decision.symbol}"
    return f"{NO_NUMBER}/{decision.symbol}"


def _head_title(decision: Decision) -> str:
    """The title of the head the signer signs for: "KT. GIÁM ĐỐC" is signed by a "Phó Giám đốc"
    for the "Giám đốc"."""
    title = decision.signer_title.strip()
    if decision.signer_authority in {"KT.", "Q."}:
        for prefix in ("Phó ", "phó "):
            title = title.removeprefix(prefix)
        title = title[:1].upper() + title[1:]
    return title


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _dash(lines: Sequence[str]) -> list[str]:
    return [line if line.startswith("-") else f"- {line}" for line in lines]


def _recipient_row(line: DecisionRecipient) -> dict[str, str]:
    name = line.person.full_name if line.person_id else line.unit.name  # type: ignore[union-attr]
    return {
        "serial": f"{line.serial:02d}",
        "name": name,
        "position": line.position,
        "unit_name": line.unit_name,
        "award": _label(line.award_code),
        "achievement": line.achievement,
        "amount": format_money_vn(line.amount) if line.amount else "",
    }


def _decision_lines(decision: Decision) -> list[DecisionRecipient]:
    return list(
        DecisionRecipient.objects.filter(decision=decision)
        .select_related("person", "unit")
        .order_by("serial")
    )


def _issuer_header(decision: Decision) -> tuple[str, str]:
    """(governing body, issuing body) of the header. A top issuer named "... tỉnh X" (the
    demo's "Sở Thông tin và Truyền thông tỉnh Lạng Sơn") is written under the province's
    People's Committee, as Nghị định 30/2020 lays the header out (``issuer_lines``)."""
    parent = decision.issuer.parent
    if parent is not None:
        return parent.name, decision.issuer_name
    governing, _body = issuer_lines(decision.issuer)
    if governing and decision.issuer_name.strip() == decision.issuer.name.strip():
        return governing, body_name(decision.issuer)
    return "", decision.issuer_name


def decision_context(decision: Decision, *, qr_url: str = "") -> dict[str, Any]:
    """Everything the QĐ template shows, from the decision and its recipient lines."""
    with translation.override("vi"):
        lines = _decision_lines(decision)
        rows = [_recipient_row(line) for line in lines]
        individuals = [r for r, line in zip(rows, lines, strict=True) if line.person_id]
        collectives = [r for r, line in zip(rows, lines, strict=True) if not line.person_id]
        total = sum(line.amount for line in lines)
        awards = sorted({r["award"] for r in rows}) or ["khen thưởng"]
        head = _head_title(decision)
        header = _issuer_header(decision)
        authority_title = f"{head} {decision.issuer_name}".strip()
        number = number_symbol(decision)
        date_text = (
            format_date_vn(decision.decided_on, legal=True) if decision.decided_on else NO_DATE
        )
        place_date = (
            format_place_date_vn(decision.place, decision.decided_on)
            if decision.decided_on
            else f"{decision.place}, {NO_DATE}"
        )
        article_1 = (
            f"Tặng {', '.join(awards)} cho {len(individuals)} cá nhân và {len(collectives)} "
            "tập thể có tên trong danh sách kèm theo Quyết định này, vì đã có thành tích "
            f"trong {decision.subject.removeprefix('Về việc ').strip() or 'công tác'}."
        )
        source = decision.money_source or "quỹ thi đua, khen thưởng theo quy định"
        article_2 = (
            "Tiền thưởng kèm theo thực hiện theo quy định hiện hành; tổng số tiền: "
            f"{format_money_vn(total)} đồng (Bằng chữ: {amount_in_words_vn(total)}), "
            f"trích từ {source}."
        )
        article_3 = decision.implementers.strip() or (
            f"Chánh Văn phòng {decision.issuer_name}, Thủ trưởng các đơn vị có liên quan và các "
            "cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này."
        )
        return {
            "issuer_parent": header[0],
            "issuer_name": header[1],
            "number_symbol": number,
            "place_date": place_date,
            "subject": decision.subject,
            "authority_title": authority_title,
            "legal_bases": _lines(decision.legal_bases),
            "proposal": decision.proposal_ref.strip(),
            "article_1": article_1,
            "article_2": article_2,
            "article_3": article_3,
            "recipients": _dash(_lines(decision.recipients_list) or DEFAULT_RECIPIENTS),
            "signer_authority_line": (
                f"{decision.signer_authority} {head}" if decision.signer_authority else ""
            ),
            "signer_title": decision.signer_title,
            "signer_name": decision.signer_name,
            "annex_title": "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG",
            "annex_ref": (f"(Kèm theo Quyết định số {number} {date_text} của {authority_title})"),
            "individuals": individuals,
            "collectives": collectives,
            "total_amount": format_money_vn(total),
            "total_amount_words": amount_in_words_vn(total),
            "qr": QrCode(qr_url) if qr_url else "",
            "verification_url": qr_url,
        }


def certificate_kind_for(award_code: str) -> str:
    """CSTĐCS gets its own certificate of the title; every other line a Giấy khen."""
    return "CERT_CSTDCS" if award_code == AwardCode.CSTDCS else "CERT_GIAY_KHEN"


def certificate_contexts(
    decision: Decision,
    *,
    urls: dict[int, str] | None = None,
    lines: Sequence[DecisionRecipient] | None = None,
) -> list[dict[str, Any]]:
    """One dict per recipient line (in serial order): the certificate of that line.
    ``urls`` maps a line id to the verification URL printed as its QR code."""
    urls = urls or {}
    with translation.override("vi"):
        lines = list(lines) if lines is not None else _decision_lines(decision)
        head = _head_title(decision)
        signer_position = f"{head} {decision.issuer_name}".strip().upper()
        number = number_symbol(decision)
        date_text = (
            format_date_vn(decision.decided_on, legal=True) if decision.decided_on else NO_DATE
        )
        place_date = (
            format_place_date_vn(decision.place, decision.decided_on)
            if decision.decided_on
            else f"{decision.place}, {NO_DATE}"
        )
        result = []
        for line in lines:
            row = _recipient_row(line)
            is_title = line.award_code == AwardCode.CSTDCS
            url = urls.get(line.pk, "")
            result.append(
                {
                    **row,
                    # A collective's line names the collective already: no second line with it.
                    "unit_name": (
                        ""
                        if not line.person_id and row["unit_name"] == row["name"]
                        else row["unit_name"]
                    ),
                    "signer_position": signer_position,
                    "give": "TẶNG DANH HIỆU" if is_title else "TẶNG",
                    "award_upper": row["award"].upper(),
                    "is_person": bool(line.person_id),
                    "honorific": "",
                    "decision_ref": f"Quyết định số {number} {date_text}",
                    "golden_book": f"Số sổ vàng: {row['serial']}",
                    "place_date": place_date,
                    "signer_authority_line": (
                        f"{decision.signer_authority} {head}" if decision.signer_authority else ""
                    ),
                    "signer_title": decision.signer_title,
                    "signer_name": decision.signer_name,
                    "qr": QrCode(url, size_mm=18) if url else "",
                }
            )
        return result


def decision_total(decision: Decision) -> int:
    return int(
        DecisionRecipient.objects.filter(decision=decision).aggregate(s=Sum("amount"))["s"] or 0
    )


def sample_decision_context() -> dict[str, Any]:
    """A complete QĐ context with made-up values: an uploaded template must render with it."""
    person = {
        "serial": "01",
        "name": "Nguyễn Văn A",
        "position": "Chuyên viên",
        "unit_name": "Văn phòng Sở",
        "award": "Giấy khen",
        "achievement": "Hoàn thành xuất sắc nhiệm vụ",
        "amount": "540.000",
    }
    return {
        "issuer_parent": "UBND tỉnh Lạng Sơn",
        "issuer_name": "Sở Thông tin và Truyền thông",
        "number_symbol": "01/QĐ-STTTT",
        "place_date": "Lạng Sơn, ngày 05 tháng 12 năm 2018",
        "subject": "Về việc tặng Giấy khen",
        "authority_title": "Giám đốc Sở Thông tin và Truyền thông",
        "legal_bases": ["Căn cứ Luật Thi đua, khen thưởng;"],
        "proposal": "Xét đề nghị của Chánh Văn phòng Sở.",
        "article_1": "Tặng Giấy khen cho 1 cá nhân và 1 tập thể.",
        "article_2": "Tiền thưởng: 1.620.000 đồng.",
        "article_3": "Các cá nhân, tập thể có tên tại Điều 1 thi hành Quyết định này.",
        "recipients": ["- Như Điều 3;", "- Lưu: VT, TĐKT."],
        "signer_authority_line": "",
        "signer_title": "Giám đốc",
        "signer_name": "Nguyễn Văn B",
        "annex_title": "DANH SÁCH CÁ NHÂN, TẬP THỂ ĐƯỢC KHEN THƯỞNG",
        "annex_ref": "(Kèm theo Quyết định số 01/QĐ-STTTT ngày 05 tháng 12 năm 2018)",
        "individuals": [person],
        "collectives": [
            {**person, "serial": "02", "name": "Phòng Tổng hợp", "amount": "1.080.000"}
        ],
        "total_amount": "1.620.000",
        "total_amount_words": "Một triệu sáu trăm hai mươi nghìn đồng",
        "qr": QrCode("http://127.0.0.1:8000/cong-khai/xac-minh/mau/"),
        "verification_url": "http://127.0.0.1:8000/cong-khai/xac-minh/mau/",
    }


def sample_certificates_context() -> dict[str, Any]:
    """A certificate context with one made-up certificate."""
    decision = sample_decision_context()
    certificate = {
        **decision["individuals"][0],
        "signer_position": "GIÁM ĐỐC SỞ THÔNG TIN VÀ TRUYỀN THÔNG",
        "give": "TẶNG",
        "award_upper": "GIẤY KHEN",
        "is_person": True,
        "honorific": "",
        "decision_ref": "Quyết định số 01/QĐ-STTTT ngày 05 tháng 12 năm 2018",
        "golden_book": "Số sổ vàng: 01",
        "place_date": decision["place_date"],
        "signer_authority_line": "",
        "signer_title": "Giám đốc",
        "signer_name": "Nguyễn Văn B",
        "qr": decision["qr"],
    }
    return {"certificates": [certificate]}
