"""The public-holiday page: list by year, add a compensatory or local day off (duplicates,
weekends and statutory refused with Vietnamese messages), remove only non-statutory days that
no published disclosure counted with, the working-day calculator, permissions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.awards.disclosure_world import build, open_disclosure
from tests.factories import make_user
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import holidays as services
from thidua.awards.models import Disclosure
from thidua.core.models import AuditEvent, PublicHoliday
from thidua.org.enums import Role

LIST = reverse("awards:holiday_list")
ADD = reverse("awards:holiday_add")


@pytest.fixture
def dw(world):  # noqa: F811
    return build(world)  # also seeds the statutory holidays


def test_list_by_year_shows_statutory_and_added_days(dw, client_for):
    services.add_day_off(
        day=dt.date(2025, 5, 2), name="Nghỉ bù Ngày Giải phóng", kind="COMPENSATORY", actor=None
    )
    r = client_for(dw.w.officer).get(LIST, {"year": 2025})
    assert r.status_code == 200
    html = r.content.decode()
    assert "Nghỉ bù Ngày Giải phóng" in html
    assert "Quốc khánh (2/9)" in html
    # the compensatory day has a remove button, statutory days do not
    compensatory = PublicHoliday.objects.get(date=dt.date(2025, 5, 2))
    statutory = PublicHoliday.objects.filter(date__year=2025, kind="STATUTORY").first()
    assert reverse("awards:holiday_remove", args=[compensatory.pk]) in html
    assert reverse("awards:holiday_remove", args=[statutory.pk]) not in html
    other_year = client_for(dw.w.officer).get(LIST, {"year": 2026}).content.decode()
    assert "Nghỉ bù Ngày Giải phóng" not in other_year


def test_add_compensatory_day_and_local_holiday(dw, client_for):
    c = client_for(dw.w.officer)
    r = c.post(ADD, {"day": "2025-05-02", "name": "Nghỉ bù 30/4", "kind": "COMPENSATORY"})
    assert r.status_code == 302
    assert r.url == f"{LIST}?year=2025"
    day = PublicHoliday.objects.get(date=dt.date(2025, 5, 2))
    assert (day.name, day.kind) == ("Nghỉ bù 30/4", "COMPENSATORY")
    event = AuditEvent.objects.get(action="core.holiday.add")
    assert event.actor == dw.w.officer
    r = c.post(ADD, {"day": "2025-10-17", "name": "Ngày giải phóng tỉnh", "kind": "LOCAL"})
    assert r.status_code == 302
    assert PublicHoliday.objects.get(date=dt.date(2025, 10, 17)).kind == "LOCAL"


def test_duplicates_weekends_and_statutory_are_refused(dw, client_for):
    c = client_for(dw.w.officer)
    before = PublicHoliday.objects.count()
    r = c.post(ADD, {"day": "2025-09-02", "name": "Trùng", "kind": "COMPENSATORY"})
    assert r.status_code == 422
    assert "02/09/2025 đã là ngày nghỉ" in r.content.decode()
    r = c.post(ADD, {"day": "2025-05-03", "name": "Thứ Bảy", "kind": "COMPENSATORY"})
    assert r.status_code == 422
    assert "thứ Bảy hoặc Chủ nhật" in r.content.decode()
    r = c.post(ADD, {"day": "2025-05-05", "name": "Lễ", "kind": "STATUTORY"})
    assert r.status_code == 422
    r = c.post(ADD, {"day": "", "name": "", "kind": "LOCAL"})
    assert r.status_code == 422
    assert PublicHoliday.objects.count() == before
    with pytest.raises(ValidationError) as exc:
        services.add_day_off(day=dt.date(2025, 5, 6), name="Lễ", kind="STATUTORY", actor=None)
    assert "kind" in exc.value.message_dict


def test_remove_only_unused_non_statutory_days(dw, client_for):
    c = client_for(dw.w.officer)
    extra = services.add_day_off(
        day=dt.date(2030, 5, 2), name="Nghỉ bù", kind="COMPENSATORY", actor=None
    )
    r = c.post(reverse("awards:holiday_remove", args=[extra.pk]))
    assert r.status_code == 302
    assert not PublicHoliday.objects.filter(pk=extra.pk).exists()
    event = AuditEvent.objects.get(action="core.holiday.remove")
    assert event.before["name"] == "Nghỉ bù"
    assert event.before["date"] == "2030-05-02"
    statutory = PublicHoliday.objects.filter(kind="STATUTORY").first()
    r = c.post(reverse("awards:holiday_remove", args=[statutory.pk]), follow=True)
    assert PublicHoliday.objects.filter(pk=statutory.pk).exists()
    assert "Không thể bỏ ngày lễ" in r.content.decode()


def test_day_counted_by_a_published_disclosure_cannot_be_removed(dw, client_for):
    d = open_disclosure(dw)
    inside = d.opens_on + dt.timedelta(days=1)
    while inside.weekday() >= 5 or PublicHoliday.objects.filter(date=inside).exists():
        inside += dt.timedelta(days=1)
    day = services.add_day_off(day=inside, name="Nghỉ của tỉnh", kind="LOCAL", actor=None)
    Disclosure.objects.filter(pk=d.pk).update(closes_on=max(d.closes_on, inside))
    assert [x.code for x in services.dependent_disclosures(day)] == [d.code]
    r = client_for(dw.w.officer).post(reverse("awards:holiday_remove", args=[day.pk]), follow=True)
    assert PublicHoliday.objects.filter(pk=day.pk).exists()
    assert d.code in r.content.decode()
    assert "Không thể bỏ ngày nghỉ" in r.content.decode()


def test_working_day_calculator_skips_holidays(dw, client_for):
    # Tết 2025 (statutory): Tue 28/1 to Sat 1/2; Mon 27/1 + 2 working days -> Mon 3/2.
    r = client_for(dw.w.officer).get(LIST, {"year": 2025, "start": "2025-01-27", "days": 2})
    html = r.content.decode()
    assert r.status_code == 200
    assert "ngày cuối cùng là ngày 3 tháng 2 năm 2025" in html
    assert "mùng 1 Tết" in html.split('id="calc-result"')[1]
    r = client_for(dw.w.officer).get(LIST, {"start": "2025-01-23", "days": 0})
    assert "calc-result" not in r.content.decode()


def test_only_officers_and_administrators(dw, client_for):
    staff = client_for(dw.w.staff_a)
    assert staff.get(LIST).status_code == 403
    assert staff.post(ADD, {"day": "2025-05-02", "name": "X", "kind": "LOCAL"}).status_code == 403
    head = make_user(Role.UNIT_HEAD, dw.w.div_a, username="head_x")
    assert client_for(head).get(LIST).status_code == 403
    # an officer of one division changes nothing of the deployment's calendar
    assert client_for(dw.officer_b).get(LIST).status_code == 403
    assert not PublicHoliday.objects.filter(date=dt.date(2025, 5, 2)).exists()
