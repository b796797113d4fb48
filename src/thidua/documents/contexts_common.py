"""Pieces shared by the context builders of the plan (KH), proposal (TTr), minutes (BB) and
report (BC): the issuing body lines, the number and symbol, the signer's authority lines and
small formatters. Everything returned is plain data (strings, lists): templates never see a
model instance.

Nghị định 30/2020/NĐ-CP: the issuing body is written under its governing body (cơ quan chủ
quản) in capitals; the number has a leading zero below 10; the authority line (TM., KT., Q.,
TL., TUQ.) stands above the signer's title.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from thidua.core.dates import format_date_vn, format_place_date_vn
from thidua.org.models import Unit

_PROVINCE_MARK = " tỉnh "
# The number is left blank (non-breaking spaces) until the clerk numbers the document.
_NUMBER_BLANK = "\u00a0" * 6


def upper_vn(text: str) -> str:
    return (text or "").strip().upper()


def issuer_lines(unit: Unit) -> tuple[str, str]:
    """(governing body, issuing body), both in capitals.

    A unit with a parent is written under its parent ("SỞ THÔNG TIN VÀ TRUYỀN THÔNG" above
    "PHÒNG CÔNG NGHỆ THÔNG TIN"). A top unit named "... tỉnh X" is written under the province's
    People's Committee ("UBND TỈNH LẠNG SƠN" above "SỞ THÔNG TIN VÀ TRUYỀN THÔNG").
    """
    name = unit.name.strip()
    parent = unit.parent if unit.parent_id is not None else None
    if parent is not None:
        return upper_vn(issuer_lines(parent)[1]), upper_vn(name)
    head, sep, province = name.rpartition(_PROVINCE_MARK)
    if sep and head:
        return upper_vn(f"UBND tỉnh {province}"), upper_vn(head)
    return "", upper_vn(name)


def body_name(unit: Unit) -> str:
    """The unit's name as written in running text, without the trailing "tỉnh X" of a top
    unit ("Sở Thông tin và Truyền thông")."""
    name = unit.name.strip()
    if unit.parent_id is None:
        head, sep, _province = name.rpartition(_PROVINCE_MARK)
        if sep and head:
            return head
    return name


def number_symbol(number: int | str | None, kind: str, issuer_code: str) -> str:
    """ "05/BB-STTTT"; without a number the place is left blank for the clerk (văn thư)
    who numbers documents when they are issued."""
    if number is None or number == "":
        text = _NUMBER_BLANK
    elif isinstance(number, int) or str(number).isdigit():
        text = f"{int(number):02d}"
    else:
        text = str(number)
    return f"{text}/{kind}-{issuer_code}"


def place_date(place: str, day: dt.date) -> str:
    return format_place_date_vn(place, day)


def legal_date(day: dt.date | None) -> str:
    return format_date_vn(day, legal=True)


def short_date(day: dt.date | None) -> str:
    """10/5/2018: the way a date is cited inside a sentence ("Kế hoạch số 456/KH-STTTT ngày
    10/5/2018"), leading zeros as Nghị định 30/2020 writes them (05/12/2018, 17/01/2018)."""
    if day is None:
        return ""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"


def signer_lines(authority: str, title: str, issuer: str) -> tuple[str, str]:
    """(authority line, title) above the signature, in capitals.

    ``""``: ("", "GIÁM ĐỐC"); ``KT.``: ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"); ``TM.``: ("TM. HỘI
    ĐỒNG", "CHỦ TỊCH"); ``Q.``: ("", "Q. GIÁM ĐỐC"); ``TL.``/``TUQ.``: ("TL. THỦ TRƯỞNG",
    "CHÁNH VĂN PHÒNG")."""
    title_up = upper_vn(title)
    authority = (authority or "").strip()
    if not authority:
        return "", title_up
    if authority == "Q.":
        return "", f"Q. {title_up}"
    if authority == "TM.":
        return f"TM. {upper_vn(issuer)}", title_up
    head = title_up.removeprefix("PHÓ ").strip() if authority == "KT." else "THỦ TRƯỞNG"
    return f"{authority} {head}", title_up


def points(value: Decimal | int | None) -> str:
    """Points with a decimal comma: 12,5; 100; empty for None."""
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral():
        return f"{number.quantize(Decimal(1)):f}"
    return f"{number:.2f}".rstrip("0").replace(".", ",")


def percent(share: Decimal | float) -> str:
    """66,7%"""
    return f"{Decimal(str(share)) * 100:.1f}".replace(".", ",") + "%"


def two_digits(n: int) -> str:
    """Counts in documents: 05, 12 (leading zero below 10)."""
    return f"{n:02d}"


def paragraphs(text: str) -> list[str]:
    """A text field as paragraphs: one per non-empty line."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def recipient_lines(items: list[str]) -> list[str]:
    """ "Nơi nhận:" lines: "- X;" each, the last one ("- Lưu: VT, ...") with a full stop."""
    out = [f"- {item.rstrip(' ;.')};" for item in items[:-1]]
    out.append(f"- {items[-1].rstrip(' ;.')}.")
    return out
