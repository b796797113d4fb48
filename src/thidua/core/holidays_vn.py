"""The statutory public holidays of Viet Nam (Bộ luật Lao động 2012 Điều 115, Bộ luật Lao động
2019 Điều 112), computed for one year from a checked table of lunar dates. Used by core
migration 0004 to seed ``PublicHoliday`` for 2015-2035; pure functions, no database.

Lunar dates: Tết Nguyên đán (1 tháng Giêng) and Giỗ Tổ Hùng Vương (10 tháng 3 âm lịch) for
2015-2035. The table was computed with the ``lunardate`` package and checked by hand against
the official notices of 2015-2026 (the Chinese and Vietnamese calendars agree on these dates in
this range). No dependency is added for 21 years of two dates.

What the law fixes and what it leaves to yearly decisions:
- Tết: 5 days (both codes). Which 5 is announced each year; the seed uses the usual pattern, the
  last day of the lunar year and the first four days of the new year. The Government's yearly
  swaps and compensatory days (nghỉ bù) are entered as COMPENSATORY days by an administrator.
- Quốc khánh: 2/9 until 2020; from 2021, 2/9 plus 1/9 or 3/9. The seed picks the adjacent day
  that joins a weekend when one does (as the notices of 2021-2025 did), else 1/9.
"""

from __future__ import annotations

import datetime as dt

D = dt.date

# Year -> (Tết Nguyên đán, Giỗ Tổ Hùng Vương), both in the solar calendar.
LUNAR_DATES: dict[int, tuple[dt.date, dt.date]] = {
    2015: (D(2015, 2, 19), D(2015, 4, 28)),
    2016: (D(2016, 2, 8), D(2016, 4, 16)),
    2017: (D(2017, 1, 28), D(2017, 4, 6)),
    2018: (D(2018, 2, 16), D(2018, 4, 25)),
    2019: (D(2019, 2, 5), D(2019, 4, 14)),
    2020: (D(2020, 1, 25), D(2020, 4, 2)),
    2021: (D(2021, 2, 12), D(2021, 4, 21)),
    2022: (D(2022, 2, 1), D(2022, 4, 10)),
    2023: (D(2023, 1, 22), D(2023, 4, 29)),
    2024: (D(2024, 2, 10), D(2024, 4, 18)),
    2025: (D(2025, 1, 29), D(2025, 4, 7)),
    2026: (D(2026, 2, 17), D(2026, 4, 26)),
    2027: (D(2027, 2, 6), D(2027, 4, 16)),
    2028: (D(2028, 1, 26), D(2028, 4, 4)),
    2029: (D(2029, 2, 13), D(2029, 4, 23)),
    2030: (D(2030, 2, 3), D(2030, 4, 12)),
    2031: (D(2031, 1, 23), D(2031, 4, 1)),
    2032: (D(2032, 2, 11), D(2032, 4, 19)),
    2033: (D(2033, 1, 31), D(2033, 4, 9)),
    2034: (D(2034, 2, 19), D(2034, 4, 28)),
    2035: (D(2035, 2, 8), D(2035, 4, 17)),
}

FIRST_YEAR = min(LUNAR_DATES)
LAST_YEAR = max(LUNAR_DATES)
TWO_DAY_NATIONAL_DAY_FROM = 2021  # Bộ luật Lao động 2019, in force 1/1/2021


def national_day_extra(year: int) -> dt.date:
    """The day added to 2/9 from 2021: the neighbour that joins a weekend, else 1/9."""
    sept2 = D(year, 9, 2)
    weekday = sept2.weekday()  # Monday 0 ... Sunday 6
    if weekday in (0, 3, 6):  # Mon -> Tue 3/9; Thu -> Fri 3/9; Sun -> Mon 3/9
        return D(year, 9, 3)
    return D(year, 9, 1)  # Tue -> Mon 1/9; Fri -> Thu 1/9; Sat -> Fri 1/9; Wed -> Tue 1/9


def statutory_holidays(year: int) -> list[tuple[dt.date, str]]:
    """(date, name) of the statutory holidays of ``year``, sorted; [] outside the table."""
    if year not in LUNAR_DATES:
        return []
    tet, hung_kings = LUNAR_DATES[year]
    days: dict[dt.date, str] = {D(year, 1, 1): "Tết Dương lịch"}
    days[tet - dt.timedelta(days=1)] = "Tết Nguyên đán (ngày cuối năm âm lịch)"
    for offset in range(4):
        days[tet + dt.timedelta(days=offset)] = f"Tết Nguyên đán (mùng {offset + 1} Tết)"
    days[hung_kings] = "Giỗ Tổ Hùng Vương (10/3 âm lịch)"
    days[D(year, 4, 30)] = "Ngày Chiến thắng (30/4)"
    days[D(year, 5, 1)] = "Ngày Quốc tế lao động (1/5)"
    days[D(year, 9, 2)] = "Quốc khánh (2/9)"
    if year >= TWO_DAY_NATIONAL_DAY_FROM:
        days[national_day_extra(year)] = "Quốc khánh (ngày nghỉ liền kề 2/9)"
    return sorted(days.items())


def all_statutory_holidays() -> list[tuple[dt.date, str]]:
    return [row for year in sorted(LUNAR_DATES) for row in statutory_holidays(year)]
