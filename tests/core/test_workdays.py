"""Working days with the Vietnamese public holidays (seeded by core migration 0004). Every
expected date below was worked out by hand on a calendar."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import make_user
from thidua.core import holidays_vn
from thidua.core.models import AuditEvent, PublicHoliday
from thidua.core.workdays import (
    add_holiday,
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)

D = dt.date


@pytest.fixture
def holidays(db):
    """The seed of the migration (reloaded in case a transactional test flushed it)."""
    if not PublicHoliday.objects.filter(date=D(2018, 4, 30)).exists():
        PublicHoliday.objects.bulk_create(
            [PublicHoliday(date=d, name=n) for d, n in holidays_vn.all_statutory_holidays()],
            ignore_conflicts=True,
        )


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        # Thu 26/4/2018, 5 days: 26, 27 (1-2); 28-29 weekend; 30/4 and 1/5 holidays;
        # 2, 3, 4 May (3-5): closes on Friday 4/5/2018.
        (D(2018, 4, 26), 5, D(2018, 5, 4)),
        # Fri 1/2/2019: 1/2 (1); weekend; Tết 4-8/2; weekend; 11, 12, 13, 14 Feb (2-5).
        (D(2019, 2, 1), 5, D(2019, 2, 14)),
        # Started on a Saturday: the period starts on Monday 7/5/2018; 10 days end Fri 18/5.
        (D(2018, 5, 5), 10, D(2018, 5, 18)),
        # Started on a holiday (Mon 30/4/2018): first day Wed 2/5.
        (D(2018, 4, 30), 1, D(2018, 5, 2)),
        # Quốc khánh 2025: Mon 1/9 and Tue 2/9 off. Fri 29/8 + 3 days: 29/8, 3/9, 4/9.
        (D(2025, 8, 29), 3, D(2025, 9, 4)),
        # Before 2021 one day only: Mon 2/9/2019 off, Tue 3/9 works. Fri 30/8 + 2: Tue 3/9.
        (D(2019, 8, 30), 2, D(2019, 9, 3)),
        # Giỗ Tổ 2024 Thu 18/4: Wed 17/4 + 2 = Fri 19/4.
        (D(2024, 4, 17), 2, D(2024, 4, 19)),
        # New year 2026 (Thu 1/1): Wed 31/12/2025 + 2 = Fri 2/1/2026.
        (D(2025, 12, 31), 2, D(2026, 1, 2)),
    ],
)
def test_add_working_days(holidays, start, n, expected):
    assert add_working_days(start, n) == expected


def test_tet_2018_with_compensatory_days_added_by_administrator(holidays):
    # Statutory Tết 2018: Thu 15/2 (30 Tết) to Mon 19/2 (mùng 4). Tue 13/2 + 3 days:
    assert add_working_days(D(2018, 2, 13), 3) == D(2018, 2, 20)
    officer = make_user()
    add_holiday(day=D(2018, 2, 14), name="Nghỉ bù Tết", actor=officer)
    add_holiday(day=D(2018, 2, 20), name="Nghỉ bù Tết", actor=officer)
    # Now 14/2 and 20/2 are off too: 13/2 (1), 21/2 (2), 22/2 (3).
    assert add_working_days(D(2018, 2, 13), 3) == D(2018, 2, 22)
    assert AuditEvent.objects.filter(action="core.holiday.add").count() == 2


def test_add_holiday_refuses_a_day_already_off_and_a_blank_name(holidays):
    with pytest.raises(ValidationError) as exc:
        add_holiday(day=D(2018, 5, 3), name=" ", actor=None)
    assert exc.value.message_dict == {
        "name": ["Ghi tên ngày nghỉ (ví dụ: Nghỉ bù Tết Nguyên đán)."]
    }
    with pytest.raises(ValidationError) as exc:
        add_holiday(day=D(2018, 4, 30), name="Trùng", actor=None)
    assert exc.value.message_dict == {"day": ["Ngày 30/04/2018 đã là ngày nghỉ."]}


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (D(2018, 4, 26), True),  # Thursday
        (D(2018, 4, 28), False),  # Saturday
        (D(2018, 4, 29), False),  # Sunday
        (D(2018, 4, 30), False),  # 30/4
        (D(2018, 5, 1), False),  # 1/5
        (D(2018, 4, 25), False),  # Giỗ Tổ 2018 (10/3 âm lịch), Wednesday
        (D(2019, 2, 4), False),  # 30 Tết Kỷ Hợi, Monday
        (D(2019, 2, 8), False),  # mùng 4 Tết, Friday
        (D(2019, 2, 11), True),  # Monday after Tết
        (D(2023, 9, 1), False),  # Fri 1/9/2023 (2/9 is a Saturday)
        (D(2024, 9, 3), False),  # Tue 3/9/2024 (2/9 is a Monday)
        (D(2024, 9, 4), True),
    ],
)
def test_is_working_day(holidays, day, working):
    assert is_working_day(day) is working


def test_working_days_between_counts_both_ends(holidays):
    # 26/4 to 4/5/2018: 26, 27, 2, 3, 4.
    assert working_days_between(D(2018, 4, 26), D(2018, 5, 4)) == 5
    # February 2019: 20 weekdays minus the 5 Tết days.
    assert working_days_between(D(2019, 2, 1), D(2019, 2, 28)) == 15
    assert working_days_between(D(2018, 5, 4), D(2018, 4, 26)) == 0
    assert working_days_between(D(2018, 4, 28), D(2018, 4, 28)) == 0


def test_next_working_day(holidays):
    assert next_working_day(D(2018, 4, 28)) == D(2018, 5, 2)
    assert next_working_day(D(2018, 5, 2)) == D(2018, 5, 2)


def test_add_working_days_is_one_query(holidays):
    with CaptureQueriesContext(connection) as ctx:
        add_working_days(D(2019, 1, 28), 10)
    assert len(ctx.captured_queries) == 1


def test_add_working_days_refuses_zero():
    with pytest.raises(ValueError, match="at least 1"):
        add_working_days(D(2018, 1, 1), 0)


def test_seed_has_eleven_days_before_2021_and_twelve_after():
    # 1/1, 5 Tết days, Giỗ Tổ, 30/4, 1/5, 2/9 (+ one from 2021); no collision 2015-2035.
    assert {len(holidays_vn.statutory_holidays(y)) for y in range(2015, 2021)} == {10}
    assert {len(holidays_vn.statutory_holidays(y)) for y in range(2021, 2036)} == {11}
    assert holidays_vn.statutory_holidays(2036) == []


@pytest.mark.parametrize(
    ("year", "extra"),
    [
        (2021, D(2021, 9, 3)),  # 2/9 Thursday -> Friday 3/9 (as announced)
        (2022, D(2022, 9, 1)),  # Friday -> Thursday 1/9 (as announced)
        (2023, D(2023, 9, 1)),  # Saturday -> Friday 1/9 (as announced)
        (2024, D(2024, 9, 3)),  # Monday -> Tuesday 3/9 (as announced)
        (2025, D(2025, 9, 1)),  # Tuesday -> Monday 1/9 (as announced)
    ],
)
def test_national_day_extra_matches_the_notices(year, extra):
    assert holidays_vn.national_day_extra(year) == extra


def test_migration_seeded_the_table(db):
    seeded = PublicHoliday.objects.filter(kind=PublicHoliday.Kind.STATUTORY)
    assert seeded.count() == 6 * 10 + 15 * 11
    assert seeded.get(date=D(2019, 2, 5)).name == "Tết Nguyên đán (mùng 1 Tết)"
