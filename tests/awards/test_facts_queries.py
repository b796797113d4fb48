"""Facts are gathered by a fixed number of set queries: screening 3 or 30 candidates costs the
same number of queries (never a query per candidate)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.awards.scenario import build_person, build_unit
from tests.factories import make_unit
from thidua.awards.eligibility import screen
from thidua.awards.facts import PERSON, UNIT, gather_facts
from thidua.org.models import Person, Unit

Y = 2024
RICH = {
    "r": {Y - 2: "HTXSNV", Y - 1: "HTXSNV", Y: "HTXSNV"},
    "a": [("CSTDCS", Y - 2, "MERIT"), ("CSTDCS", Y - 1, "MERIT"), ("LDTT", Y, "MOVEMENT")],
    "i": [(Y, "SCOPE_TINH"), (Y - 1, "SCOPE_CO_SO", "CSTDCS")],
    "d": [("KHIEN_TRACH", Y)],
}


def _people(n: int) -> Unit:
    root = make_unit()
    div = make_unit(parent=root)
    for i in range(n):
        build_person({**RICH, "hold": i == 0}, unit=div if i % 2 else root)
    return root


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "award",
    ["LDTT", "CSTDCS", "CSTD_TINH", "BANG_KHEN_TINH", "CSTD_TQ", "GIAY_KHEN", "BANG_KHEN_TTG"],
)
def test_individual_screening_query_count_is_constant(db, award):
    small, large = _people(3), _people(30)

    def run(root: Unit) -> None:
        people = Person.objects.filter(unit__path__startswith=root.path)
        result = screen(award, Y, people=people)
        assert len(result.results) == people.count()

    assert _count(lambda: run(small)) == _count(lambda: run(large))


def test_individual_screening_within_budget(db, django_assert_max_num_queries):
    root = _people(30)
    with django_assert_max_num_queries(10):
        screen("CSTD_TINH", Y, people=Person.objects.filter(unit__path__startswith=root.path))


@pytest.mark.parametrize(
    "award", ["TTLDTT", "TTLDXS", "CO_TINH", "BANG_KHEN_TINH", "GIAY_KHEN", "BANG_KHEN_TTG"]
)
def test_collective_screening_query_count_is_constant(db, award):
    """Units screened for a collective title, or on the collective path of a form (the
    BANG_KHEN_TINH path screens the same year's TTLDXS, and that its members' LDTT and CSTDCS,
    over the same facts); CO_TINH adds the bloc standings (no bloc here: one query)."""

    def units(n: int) -> Unit:
        root = make_unit()
        for _ in range(n):
            build_unit(
                {"unit_r": {Y: "HTXSNV"}, "members": [RICH, {"r": {Y: "HTTNV"}}]}, parent=root
            )
        return root

    small, large = units(3), units(30)

    def run(root: Unit) -> None:
        qs = Unit.objects.filter(path__startswith=root.path, depth__gt=root.depth)
        screening = screen(award, Y, units=qs)
        assert screening.recipient_type == UNIT
        assert len(screening.results) == qs.count()

    assert _count(lambda: run(small)) == _count(lambda: run(large))


def test_facts_tables(db):
    root = make_unit()
    person = build_person(RICH, unit=root)
    facts = gather_facts(Y, people=Person.objects.filter(pk=person.pk))
    pid = person.pk
    assert facts.ratings == {pid: {Y - 2: "HTXSNV", Y - 1: "HTXSNV", Y: "HTXSNV"}}
    assert facts.rating(pid, Y) == "HTXSNV"
    assert facts.rating(pid, Y - 3) is None
    assert facts.awards == {
        (PERSON, pid): {
            ("CSTDCS", Y - 2): "MERIT",
            ("CSTDCS", Y - 1): "MERIT",
            ("LDTT", Y): "MOVEMENT",
        }
    }
    assert facts.award_kind((PERSON, pid), "LDTT", Y) == "MOVEMENT"
    assert sorted((y, s) for _i, y, s in facts.initiatives[pid]) == [
        (Y - 1, "SCOPE_CO_SO"),
        (Y, "SCOPE_TINH"),
    ]
    # the initiative of Y - 1 already served as the basis of a CSTDCS
    [(used_id, used_by, used_for)] = facts.initiative_uses
    assert (used_by, used_for) == (pid, "CSTDCS")
    assert {i: y for i, y, _s in facts.initiatives[pid]}[used_id] == Y - 1
    assert [d.level for d in facts.decided[pid]] == ["KHIEN_TRACH"]
    assert facts.open_reviews == set()
    # a MOVEMENT LDTT does not make "LDTT in the year" (only MERIT counts)
    assert facts.title_status((PERSON, pid), "LDTT", Y) is False


def test_members_are_people_whose_current_unit_is_the_unit(db):
    root = make_unit()
    unit = build_unit({"members": [{}, {}]}, parent=root)
    build_person({}, unit=root)  # in the parent, not a member
    facts = gather_facts(Y, units=Unit.objects.filter(pk=unit.pk))
    assert sorted(facts.members) == [unit.pk]
    assert len(facts.members[unit.pk]) == 2
    assert facts.unit_code == {unit.pk: unit.code}
    assert (UNIT, unit.pk) not in facts.awards


def test_collective_screening_within_budget(db, django_assert_max_num_queries):
    root = make_unit()
    for _ in range(30):
        build_unit({"unit_r": {Y: "HTXSNV"}, "members": [RICH, {"r": {Y: "HTTNV"}}]}, parent=root)
    qs = Unit.objects.filter(path__startswith=root.path, depth__gt=root.depth)
    with django_assert_max_num_queries(10):
        screen("BANG_KHEN_TINH", Y, units=qs)
    with django_assert_max_num_queries(11):
        screen("CO_TINH", Y, units=qs)
