"""S10 "Gương điển hình chưa được khen thưởng": people and units with results in a movement
and no live nomination or active award for the movement or its year, scoped to the user's
subtree, ranked first; the page, the API and a fixed number of queries (5 vs 50 people)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.conftest import token_for
from tests.factories import make_person, make_unit, make_user
from tests.movements.conftest import TODAY, MovementWorld, world  # noqa: F401
from thidua.awards import register
from thidua.awards.analytics import unrecognised
from thidua.awards.models import Initiative, Nomination
from thidua.movements.models import Criterion, Movement
from thidua.org.enums import Role
from thidua.org.models import Person
from thidua.results.models import Activity, ActivityKind, Assessment, AssessmentScore

PAGE = reverse("awards:unrecognised")
API = "/api/v1/analytics/unrecognised"


def assess(w: MovementWorld, unit, person=None, points=(20, 20)) -> Assessment:
    a = Assessment.objects.create(movement=w.movement, unit=unit, person=person)
    criteria = Criterion.objects.filter(
        section__table__movement=w.movement, code__in=["1.1", "1.2"]
    ).order_by("code")
    AssessmentScore.objects.bulk_create(
        AssessmentScore(assessment=a, criterion=c, stage="SELF", points=Decimal(p))
        for c, p in zip(criteria, points, strict=True)
    )
    return a


def report_activity(w: MovementWorld, unit, person=None, n: int = 1) -> None:
    kind = ActivityKind.objects.first()
    Activity.objects.bulk_create(
        Activity(
            movement=w.movement,
            unit=unit,
            person=person,
            kind=kind,
            title=f"Hoạt động {i}",
            occurred_on=TODAY,
        )
        for i in range(n)
    )


def nominate(w: MovementWorld, person, state: str = "SUBMITTED") -> Nomination:
    return Nomination.objects.create(
        movement=w.movement,
        award_code="LDTT",
        year=w.movement.period_end.year,
        proposing_unit=person.unit,
        person=person,
        state=state,
    )


@pytest.fixture
def scene(world):  # noqa: F811
    """person_a best (40), PA2 awarded (30), person_b nominated (35), PA4 with a withdrawn
    nomination (25), PA5 only activities, PX outside the agency (38); div_a assessed,
    div_b awarded."""
    w = world
    # the movement is over (awards are decided after it, never in the future)
    end = TODAY - dt.timedelta(days=60)
    Movement.objects.filter(pk=w.movement.pk).update(
        period_start=end - dt.timedelta(days=200), period_end=end
    )
    w.movement.refresh_from_db()
    year = end.year
    pa2 = Person.objects.get(code="PA2")
    pa4 = make_person("PA4", unit=w.div_a, full_name="Hà Thị Mai")
    pa5 = make_person("PA5", unit=w.div_a, full_name="Lộc Văn Bình")
    px = make_person("PX", unit=w.outside, full_name="Người Ngoài")
    assess(w, w.div_a, w.person_a, (20, 20))
    assess(w, w.div_b, w.person_b, (20, 15))
    assess(w, w.div_a, pa2, (15, 15))
    assess(w, w.div_a, pa4, (15, 10))
    assess(w, w.outside, px, (20, 18))
    assess(w, w.div_a, None, (18, 18))
    assess(w, w.div_b, None, (20, 20))
    report_activity(w, w.div_a, pa5, n=3)
    report_activity(w, w.div_a, w.person_a, n=2)
    nominate(w, w.person_b)
    nominate(w, pa4, state="WITHDRAWN")
    register.record_award(
        recipient=pa2,
        award_code="LDTT",
        year=year,
        kind="MOVEMENT",
        decision_number="12/QĐ-STTTT",
        decision_date=w.movement.period_end + dt.timedelta(days=20),
        movement=w.movement,
    )
    register.record_award(
        recipient=w.div_b,
        award_code="GIAY_KHEN",
        year=year,
        kind="MOVEMENT",
        decision_number="13/QĐ-STTTT",
        decision_date=w.movement.period_end + dt.timedelta(days=40),
        movement=w.movement,
    )
    initiative = Initiative.objects.create(
        code="SK-1",
        title="Sáng kiến số hoá",
        unit=w.div_a,
        recognized_on=dt.date(year, 1, 15),
        scope="UNIT",
    )
    initiative.authors.set([w.person_a])
    return w


def test_lists_only_the_unrecognised_of_the_officer_subtree(scene):
    report = unrecognised(scene.officer, scene.movement)
    people = [(c.code, c.rank, c.activities, c.initiatives) for c in report.people]
    # PX (outside the agency), PA2 (awarded) and PB (nominated) are left out; PA4's nomination
    # was withdrawn; PA5 has only activities and comes after the ranked.
    assert [p[0] for p in people] == ["PA", "PA4", "PA5"]
    assert people[0][1:] == (1, 2, 1)
    assert people[2][1] is None
    assert people[2][2] == 3
    assert report.people[0].total == Decimal("40.00")
    assert [c.code for c in report.units] == ["TTBCXB"]
    assert report.lead_time is not None
    assert report.lead_time.awards == 2
    assert report.lead_time.average_days == 30.0
    assert report.lead_time.longest_days == 40


def test_unit_head_sees_own_division_only_and_staff_nothing(scene):
    head_b = unrecognised(scene.head_b, scene.movement)
    assert head_b.people == []
    assert head_b.units == []
    head_a = unrecognised(scene.head_a, scene.movement)
    assert [c.code for c in head_a.people] == ["PA", "PA4", "PA5"]
    assert unrecognised(scene.staff_a, scene.movement).people == []


def test_limit_keeps_the_best_and_counts_all(scene):
    report = unrecognised(scene.officer, scene.movement, limit=1)
    assert [c.code for c in report.people] == ["PA"]
    assert report.people_total == 3


def _grow(w: MovementWorld, unit, n: int) -> None:
    for i in range(n):
        person = make_person(unit=unit, full_name=f"Cán bộ {i}")
        assess(w, unit, person, (10 + i % 10, 5))
        report_activity(w, unit, person, n=1)


def test_fixed_number_of_queries_for_5_and_50_people(world, django_assert_max_num_queries):  # noqa: F811
    unit = make_unit("P_QC", parent=world.agency, name="Phòng thử")
    _grow(world, unit, 5)
    with CaptureQueriesContext(connection) as five:
        assert len(unrecognised(world.officer, world.movement, limit=200).people) == 5
    _grow(world, unit, 45)
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert len(unrecognised(world.officer, world.movement, limit=200).people) == 50
    assert len(five.captured_queries) <= 30


def test_page_lists_candidates_with_links(scene, client_for):
    c = client_for(scene.officer)
    assert c.get(PAGE).status_code == 200
    r = c.get(PAGE, {"movement": scene.movement.code})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Lương Thị Hoa" in html
    assert "Hà Thị Mai" in html
    assert "Vi Văn Tùng" not in html
    assert "Người Ngoài" not in html
    assert reverse("awards:nomination_create", args=[scene.movement.code]) in html
    assert "30.0" in html or "30,0" in html  # average lead time
    assert c.get(PAGE, {"movement": "KHONG-CO"}).status_code == 422
    assert client_for(scene.staff_a).get(PAGE).status_code == 403


def test_page_refuses_a_movement_outside_scope(scene, client_for):
    from tests.movements.conftest import make_draft_movement

    other = make_unit("TINH_KHAC", name="Sở khác")
    hidden = make_draft_movement(other, code="KHAC-2025", name="Phong trào của sở khác")
    officer = make_user(Role.OFFICER, scene.agency, username="officer2")
    form_page = client_for(officer).get(PAGE, {"movement": hidden.code})
    assert form_page.status_code == 422  # not among the movements the officer may choose
    assert hidden.name not in form_page.content.decode()


def test_api_lists_candidates_and_refuses(scene):
    client = Client(headers={"Authorization": f"Bearer {token_for(scene.officer)}"})
    r = client.get(API, {"movement": scene.movement.code})
    assert r.status_code == 200
    body = r.json()
    assert [p["code"] for p in body["people"]] == ["PA", "PA4", "PA5"]
    assert body["people"][0]["rank"] == 1
    assert body["people"][0]["unit_code"] == "TTBCXB"
    assert body["units"][0]["code"] == "TTBCXB"
    assert body["lead_time"]["awards"] == 2
    assert client.get(API, {"movement": "KHONG-CO"}).status_code == 404
    assert client.get(API).status_code == 422
    assert Client().get(API, {"movement": scene.movement.code}).status_code == 401
    staff = Client(headers={"Authorization": f"Bearer {token_for(scene.staff_a)}"})
    r = staff.get(API, {"movement": scene.movement.code})
    assert r.status_code == 403
    assert "gương điển hình" in r.json()["detail"]
