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


# English month names, fixed: the English form must not depend on Django's active catalogue.
_EN_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date_en(value: dt.date | None) -> str:
    """ "10 May 2018": day without a leading zero, the English month name, the year."""
    if value is None:
        return ""
    return f"{value.day} {_EN_MONTHS[value.month - 1]} {value.year}"


def format_date_ui(value: dt.date | None, *, language: str, legal: bool = False) -> str:
    """A date written in prose on a web page: English for ``en`` ("10 May 2018"), otherwise
    the Vietnamese form of ``format_date_vn``. Documents use ``format_date_vn`` directly: they
    are always Vietnamese."""
    if language.split("-", maxsplit=1)[0].lower() == "en":
        return format_date_en(value)
    return format_date_vn(value, legal=legal)


def format_short_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, the way dates are written in Vietnamese tables."""
    return "" if value is None else value.strftime("%d/%m/%Y")
