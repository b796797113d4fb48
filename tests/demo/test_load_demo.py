import datetime as dt
from collections import Counter, defaultdict

import pytest
from django.db import transaction
from django.db.models import Count

from thidua.core.models import AuditEvent
from thidua.demo import data_people
from thidua.demo.loader import load_demo
from thidua.org import services
from thidua.org.models import (
    BorderGate,
    DisciplineRecord,
    Membership,
    Person,
    PersonRating,
    Place,
    RoleAssignment,
    Unit,
    UnitRating,
    User,
)
from thidua.org.queries import visible_people

ORG_TABLES = (
    Place,
    BorderGate,
    Unit,
    Person,
    Membership,
    PersonRating,
    UnitRating,
    DisciplineRecord,
    RoleAssignment,
    User,
    AuditEvent,
)
DEPARTMENT_CHILDREN = {"LD", "VP", "TTR", "KHTC", "BCVT", "CNTT", "TTBCXB", "TTCNTT"}


@pytest.fixture(scope="module")
def _demo_loaded(django_db_setup, django_db_blocker):
    """Load the demo once for the module, inside a transaction rolled back at the end; each
    test then runs in its own savepoint (the ``db`` fixture), so changes do not leak."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_loaded, db):
    return _demo_loaded


def _department_people():
    return Person.objects.filter(unit__path__startswith=Unit.objects.get(code="STTTT").path)


def _table_counts():
    return {model.__name__: model.objects.count() for model in ORG_TABLES}


def test_load_demo_department_has_eight_units_under_sttt(demo):
    department = Unit.objects.get(code="STTTT")
    children = Unit.objects.filter(path__startswith=department.path).exclude(pk=department.pk)
    kinds = dict(children.values_list("code", "kind"))
    assert kinds == dict.fromkeys(DEPARTMENT_CHILDREN - {"TTCNTT"}, "DIVISION") | {
        "TTCNTT": "SUBORDINATE"
    }
    assert set(children.values_list("parent__code", flat=True)) == {"STTTT"}
    assert (department.kind, department.valid_to) == ("AGENCY", dt.date(2025, 2, 28))
    assert set(children.values_list("valid_to", flat=True)) == {dt.date(2025, 2, 28)}
    assert Unit.objects.get(code="SKHCN").valid_from == dt.date(2025, 3, 1)


def test_load_demo_summary_counts_what_it_created(demo):
    assert demo["units"].created == Unit.objects.count() == 31
    assert demo["people"].created == Person.objects.count() == 69
    assert demo["person_ratings"].created == PersonRating.objects.count() == 240
    assert demo["unit_ratings"].created == UnitRating.objects.count() == 28
    assert demo["places"].created == Place.objects.count()
    assert demo.present == 0


def test_load_demo_every_department_person_rated_four_years(demo):
    people = _department_people()
    assert people.count() == len(data_people.DEPARTMENT_PEOPLE) >= 60
    years = defaultdict(set)
    for code, year in PersonRating.objects.filter(person__in=people).values_list(
        "person__code", "year"
    ):
        years[code].add(year)
    assert set(years) == set(people.values_list("code", flat=True))
    assert {frozenset(y) for y in years.values()} == {frozenset({2015, 2016, 2017, 2018})}
    # Outside organisations' people have no ratings of the department.
    assert PersonRating.objects.exclude(person__in=people).count() == 0


def test_load_demo_ratings_realistic_with_excellence_streaks(demo):
    share = Counter(PersonRating.objects.values_list("rating", flat=True))
    total = sum(share.values())
    assert 0.15 <= share["HTXSNV"] / total <= 0.25
    assert 0.55 <= share["HTTNV"] / total <= 0.75
    assert 0.08 <= share["HTNV"] / total <= 0.16
    assert 1 <= share["KHTNV"] <= 0.05 * total
    streak_2016_2018 = (
        Person.objects.filter(ratings__rating="HTXSNV", ratings__year__in=[2016, 2017, 2018])
        .values("code")
        .annotate(n=Count("ratings"))
        .filter(n=3)
    )
    assert {"NV001", "NV037"} <= {row["code"] for row in streak_2016_2018}
    assert set(UnitRating.objects.values_list("unit__code", flat=True)) == (
        DEPARTMENT_CHILDREN - {"LD"}
    )


def test_load_demo_places_border_flags(demo):
    assert Place.objects.get(code="LS-TRANGDINH-DOICAN").is_border is True
    assert Place.objects.get(code="LS-DINHLAP-BINHXA").is_border is True
    assert Place.objects.get(code="LS-VANQUAN-TTVANQUAN").is_border is False
    districts = Place.objects.filter(kind="DISTRICT")
    assert districts.count() == 11
    assert set(districts.filter(is_border=True).values_list("code", flat=True)) == {
        "LS-TRANGDINH",
        "LS-VANLANG",
        "LS-CAOLOC",
        "LS-LOCBINH",
        "LS-DINHLAP",
    }
    assert set(districts.values_list("valid_to", "parent__code")) == {(dt.date(2025, 6, 30), "LS")}
    communes = Place.objects.filter(kind="COMMUNE")
    assert communes.count() >= 40
    # Every district has communes, and every commune lies in a district.
    assert set(communes.values_list("parent__kind", flat=True)) == {"DISTRICT"}
    assert set(communes.values_list("parent__code", flat=True)) == set(
        districts.values_list("code", flat=True)
    )
    assert Place.objects.get(code="LS").valid_to is None


def test_load_demo_border_gates_and_posts(demo):
    gates = {
        g.code: (g.kind, g.place.parent.code)
        for g in BorderGate.objects.select_related("place__parent")
    }
    assert gates["CK-HUUNGHI"] == ("INTERNATIONAL", "LS-CAOLOC")
    assert gates["CK-GADONGDANG"] == ("INTERNATIONAL", "LS-CAOLOC")
    assert gates["CK-CHIMA"] == ("MAIN", "LS-LOCBINH")
    assert gates["CK-TANTHANH"][1] == "LS-VANLANG"
    assert gates["CK-BINHNGHI"][1] == "LS-TRANGDINH"
    assert gates["CK-COCNAM"][1] == "LS-VANLANG"
    posts = Unit.objects.filter(parent__code="BDBP")
    assert posts.count() == 4
    assert set(posts.values_list("kind", "place__kind", "place__is_border")) == {
        ("OUTSIDE", "COMMUNE", True)
    }
    offices = Unit.objects.filter(code__startswith="PVHTT-")
    assert set(offices.values_list("kind", "place__kind")) == {("LOCALITY", "DISTRICT")}
    assert offices.count() == 11


def test_load_demo_staff_types_genders_and_leaders(demo):
    people = _department_people()
    assert set(people.values_list("staff_type", flat=True)) == {
        "CAN_BO",
        "CONG_CHUC",
        "VIEN_CHUC",
        "NGUOI_LAO_DONG",
    }
    genders = Counter(people.values_list("gender", flat=True))
    assert set(genders) == {"F", "M"}
    assert abs(genders["F"] - genders["M"]) <= 0.1 * people.count()
    # Leaders are never frontline; everyone else is.
    assert set(people.values_list("is_leader", "is_frontline")) == {(True, False), (False, True)}
    leaders = set(people.filter(is_leader=True).values_list("position", flat=True))
    assert {"Giám đốc Sở", "Phó Giám đốc Sở", "Chánh Văn phòng", "Trưởng phòng"} <= leaders
    assert set(
        people.filter(unit__code="TTCNTT", is_leader=False).values_list("staff_type", flat=True)
    ) <= {"VIEN_CHUC", "NGUOI_LAO_DONG"}
    # People of outside organisations, for individual participants of later movements.
    assert Person.objects.filter(unit__code="BAOLS").count() >= 2
    assert Person.objects.filter(unit__parent__code="BDBP").count() >= 2


def test_load_demo_discipline_cases(demo):
    records = {
        (r.person.code, r.status, r.level): r
        for r in DisciplineRecord.objects.select_related("person")
    }
    assert set(records) == {
        ("NV025", "DECIDED", "KHIEN_TRACH"),
        ("NV048", "DECIDED", "CANH_CAO"),
        ("NV057", "UNDER_REVIEW", None),
    }
    reprimand = records["NV025", "DECIDED", "KHIEN_TRACH"]
    assert (reprimand.decided_on.year, reprimand.effective_to) == (2017, dt.date(2018, 8, 20))
    assert records["NV048", "DECIDED", "CANH_CAO"].decided_on.year == 2016


def test_load_demo_twice_creates_nothing(demo):
    before = _table_counts()
    second = load_demo()
    assert _table_counts() == before
    assert second.created == 0
    assert second.present == demo.created


def test_load_demo_second_run_is_set_based(demo, django_assert_max_num_queries):
    # 24 for the org, movements and results steps, plus one query for each of the eight
    # steps of the 2018 commendation (load_awards): still one query per kind of record.
    with django_assert_max_num_queries(33):
        load_demo()


def test_load_demo_keeps_changes_made_in_the_demo(demo, client):
    user = User.objects.get(username="canbotdkt")
    user.set_password("mat-khau-moi-2019")
    user.save()
    review = DisciplineRecord.objects.get(person__code="NV057")
    services.decide_discipline(
        review,
        level="KHIEN_TRACH",
        decided_on=dt.date(2019, 1, 10),
        effective_from=dt.date(2019, 1, 10),
        effective_to=dt.date(2020, 1, 9),
    )
    before = _table_counts()
    load_demo()
    assert _table_counts() == before
    assert client.login(username="canbotdkt", password="mat-khau-moi-2019") is True
    assert client.login(username="canbotdkt", password=data_people.DEMO_PASSWORD) is False


@pytest.mark.parametrize("account", data_people.ACCOUNTS, ids=lambda a: a.username)
def test_load_demo_login_with_role_and_person(demo, client, account):
    user = User.objects.get(username=account.username)
    assert list(user.role_assignments.values_list("role", "unit__code")) == [
        (account.role, account.unit)
    ]
    assert user.is_superuser is account.is_superuser
    linked = Person.objects.filter(user=user).values_list("code", flat=True).first()
    assert linked == account.person
    if linked:
        assert user.get_full_name() == Person.objects.get(code=linked).full_name
    assert client.login(username=account.username, password=data_people.DEMO_PASSWORD) is True


def test_load_demo_unit_head_sees_only_own_division(demo):
    department = set(_department_people().values_list("code", flat=True))
    division = set(Person.objects.filter(unit__code="TTBCXB").values_list("code", flat=True))
    assert len(division) == 8
    head = User.objects.get(username="truongphong")
    assert set(visible_people(head).values_list("code", flat=True)) == division
    other_head = User.objects.get(username="truongphongcntt")
    assert set(visible_people(other_head).values_list("code", flat=True)) == set(
        Person.objects.filter(unit__code="CNTT").values_list("code", flat=True)
    )
    assert len(set(visible_people(other_head).values_list("code", flat=True)) & division) == 0
    officer = User.objects.get(username="canbotdkt")
    assert set(visible_people(officer).values_list("code", flat=True)) == department
    staff = User.objects.get(username="nhanvien")
    assert list(visible_people(staff).values_list("code", flat=True)) == ["NV037"]
