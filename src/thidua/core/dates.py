"""Vietnamese date formatting.

``format_date_vn(date(2018, 5, 10))`` gives ``"ngày 10 tháng 5 năm 2018"``. Administrative
documents (Nghị định 30/2020/NĐ-CP) write a leading zero for days below 10 and for months 1 and 2:
``format_date_vn(date(2018, 12, 5), legal=True)`` gives ``"ngày 05 tháng 12 năm 2018"``.
"""

from __future__ import annotations

import datetime as dt


def format_date_vn(value: dt.date | None, *, legal: bool = False) -> str:
    if value is None:
        return ""
    if legal:
        day = f"{value.day:02d}"
        month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    else:
        day, month = str(value.day), str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def format_place_date_vn(place: str, value: dt.date) -> str:
    """The place-and-date line of a document: "Lạng Sơn, ngày 10 tháng 5 năm 2018"."""
    return f"{place}, {format_date_vn(value, legal=True)}"


def format_short_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnamese tables."""
    return "" if value is None else value.strftime("%d/%m/%Y")
