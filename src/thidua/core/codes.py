"""Stable codes of titles and forms of commendation (GLOSSARY.md), shared by every app:
movements foresee them, registrations ask for them, awards grant them. Never rename a value.

A *title* (danh hiệu thi đua) and a *form of commendation* (hình thức khen thưởng) are kept
strictly apart: users of older software confused them until the software separated them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _


class AwardCode(models.TextChoices):
    LDTT = "LDTT", _("Lao động tiên tiến")
    CSTDCS = "CSTDCS", _("Chiến sĩ thi đua cơ sở")
    CSTD_TINH = "CSTD_TINH", _("Chiến sĩ thi đua cấp bộ, ban, ngành, tỉnh")
    CSTD_TQ = "CSTD_TQ", _("Chiến sĩ thi đua toàn quốc")
    TTLDTT = "TTLDTT", _("Tập thể lao động tiên tiến")
    TTLDXS = "TTLDXS", _("Tập thể lao động xuất sắc")
    CO_TINH = "CO_TINH", _("Cờ thi đua cấp bộ, ban, ngành, tỉnh")
    CO_CP = "CO_CP", _("Cờ thi đua của Chính phủ")
    GIAY_KHEN = "GIAY_KHEN", _("Giấy khen")
    BANG_KHEN_TINH = "BANG_KHEN_TINH", _("Bằng khen cấp bộ, ban, ngành, tỉnh")
    BANG_KHEN_TTG = "BANG_KHEN_TTG", _("Bằng khen của Thủ tướng Chính phủ")
    HCLD_3 = "HCLD_3", _("Huân chương Lao động hạng Ba")
    HCLD_2 = "HCLD_2", _("Huân chương Lao động hạng Nhì")
    HCLD_1 = "HCLD_1", _("Huân chương Lao động hạng Nhất")


@dataclass(frozen=True)
class AwardInfo:
    code: str
    is_title: bool  # True: danh hiệu thi đua; False: hình thức khen thưởng
    for_person: bool
    for_unit: bool


_TITLE = True
_FORM = False
AWARDS: dict[str, AwardInfo] = {
    info.code: info
    for info in (
        AwardInfo("LDTT", _TITLE, True, False),
        AwardInfo("CSTDCS", _TITLE, True, False),
        AwardInfo("CSTD_TINH", _TITLE, True, False),
        AwardInfo("CSTD_TQ", _TITLE, True, False),
        AwardInfo("TTLDTT", _TITLE, False, True),
        AwardInfo("TTLDXS", _TITLE, False, True),
        AwardInfo("CO_TINH", _TITLE, False, True),
        AwardInfo("CO_CP", _TITLE, False, True),
        AwardInfo("GIAY_KHEN", _FORM, True, True),
        AwardInfo("BANG_KHEN_TINH", _FORM, True, True),
        AwardInfo("BANG_KHEN_TTG", _FORM, True, True),
        AwardInfo("HCLD_3", _FORM, True, True),
        AwardInfo("HCLD_2", _FORM, True, True),
        AwardInfo("HCLD_1", _FORM, True, True),
    )
}


def person_award_codes() -> list[str]:
    return [code for code, info in AWARDS.items() if info.for_person]


def unit_award_codes() -> list[str]:
    return [code for code, info in AWARDS.items() if info.for_unit]


def award_choices(codes: list[str]) -> list[tuple[str, Any]]:
    labels = dict(AwardCode.choices)
    return [(code, labels[code]) for code in codes]
