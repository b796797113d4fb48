"""The synthetic national data set: shape, denormalised columns, history, determinism, and the
eligibility screen running on it (SQLite through executemany, PostgreSQL through COPY)."""

from __future__ import annotations

from collections import defaultdict
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from thidua.awards.eligibility import screen
from thidua.awards.models import Award, Initiative
from thidua.core.text import normalize_search
from thidua.demo.dataset import FAMILY_NAMES, NATIONAL_OFFICER, Options, generate
from thidua.org.models import (
    DisciplineRecord,
    Membership,
    Person,
    PersonRating,
    RoleAssignment,
    Unit,
    UnitRating,
)
from thidua.org.services import unit_path

SMALL = Options(people=1500, units=120, years=8, seed=11, end_year=2025)


def check_dataset(opts: Options) -> None:
    """Everything a page or a screening relies on, as the services would have written it."""
    assert Unit.objects.count() == opts.units
    assert Person.objects.count() == opts.people
    units = {u.pk: u for u in Unit.objects.all()}
    # The tree: one root, four or five levels, paths and depths as org.services writes them.
    roots = [u for u in units.values() if u.parent_id is None]
    assert len(roots) == 1
    for unit in units.values():
        parent_path = units[unit.parent_id].path if unit.parent_id else ""
        assert unit.path == unit_path(parent_path, unit.pk)
        assert unit.depth == unit.path.count(".") - 1
        assert unit.search == normalize_search(f"{unit.code} {unit.name}")
    parents = {u.parent_id for u in units.values()}
    leaf_depths = {u.depth for u in units.values() if u.pk not in parents}
    assert max(leaf_depths) == 4  # five levels
    assert min(leaf_depths) == 3  # some branches stop at four levels
    # People: search column, the one open membership in the current unit.
    for person in Person.objects.all()[:300]:
        assert person.search == normalize_search(f"{person.full_name} {person.code}")
    open_memberships = dict(
        Membership.objects.filter(end__isnull=True).values_list("person_id", "unit_id")
    )
    assert open_memberships == dict(Person.objects.values_list("pk", "unit_id"))
    assert Membership.objects.filter(end__isnull=False).exists()
    # Vietnamese names: Nguyễn is the most frequent family name, both genders present.
    families: dict[str, int] = defaultdict(int)
    for name in Person.objects.values_list("full_name", flat=True):
        families[name.split()[0]] += 1
    assert max(families, key=lambda f: families[f]) == "Nguyễn"
    assert set(families) <= {f for f, _w in FAMILY_NAMES}
    assert set(Person.objects.values_list("gender", flat=True)) == {"F", "M"}
    # History: ratings every year, discipline, initiatives of every scope.
    years = set(PersonRating.objects.values_list("year", flat=True))
    assert years == set(range(opts.end_year - opts.years + 1, opts.end_year + 1))
    assert UnitRating.objects.filter(year=opts.end_year).count() == opts.units - 1
    assert DisciplineRecord.objects.filter(status="DECIDED").exists()
    assert set(Initiative.objects.values_list("scope", flat=True)) >= {"SCOPE_CO_SO", "SCOPE_TINH"}
    # The register: no award for the screened (last) year, chains, links, revocations.
    assert not Award.objects.filter(year=opts.end_year).exists()
    cstdcs = defaultdict(set)
    for pid, year in Award.objects.filter(award_code="CSTDCS", status="ACTIVE").values_list(
        "person_id", "year"
    ):
        cstdcs[pid].add(year)
    chains = [pid for pid, ys in cstdcs.items() if any({y, y + 1, y + 2} <= ys for y in ys)]
    assert chains
    tinh = Award.objects.filter(award_code="CSTD_TINH").annotate(n=Count("based_on"))
    assert tinh.exists()
    assert {t.n for t in tinh} == {3}
    assert Award.objects.filter(status="REVOKED").exclude(revoked_at=None).exists()
    assert RoleAssignment.objects.filter(user__username=NATIONAL_OFFICER, unit=roots[0]).exists()


def check_screening(opts: Options) -> None:
    people = Person.objects.all()
    for code in ("CSTDCS", "CSTD_TINH"):
        result = screen(code, opts.end_year, people=people)
        assert len(result.results) == opts.people
        verdicts = {r.verdict for r in result.results}
        assert "ELIGIBLE" in verdicts, code
        assert "NOT_ELIGIBLE" in verdicts, code


@pytest.mark.django_db
def test_small_dataset_on_sqlite_has_the_national_shape_and_screens() -> None:
    generate(SMALL)
    check_dataset(SMALL)
    check_screening(SMALL)


class _UndoError(Exception):
    def __init__(self, fingerprint: tuple) -> None:
        self.fingerprint = fingerprint


def _fingerprint(seed: int) -> tuple:
    """Generate with ``seed`` inside a transaction that is rolled back; what was written."""
    opts = Options(people=300, units=40, years=4, seed=seed)
    try:
        with transaction.atomic():
            generate(opts)
            raise _UndoError(
                (
                    tuple(Person.objects.order_by("pk").values_list("pk", "full_name", "unit_id")),
                    tuple(PersonRating.objects.order_by("pk").values_list("person_id", "rating")),
                    tuple(Award.objects.order_by("pk").values_list("person_id", "award_code")),
                    tuple(Unit.objects.order_by("pk").values_list("path", "name")),
                )
            )
    except _UndoError as undo:
        return undo.fingerprint
    raise AssertionError("unreachable")


@pytest.mark.django_db
def test_same_seed_same_rows_other_seed_other_rows() -> None:
    first = _fingerprint(5)
    assert first == _fingerprint(5)
    assert first != _fingerprint(6)


@pytest.mark.django_db
def test_command_prints_counts() -> None:
    out = StringIO()
    call_command("generate_dataset", "--people", "200", "--units", "30", "--years", "3", stdout=out)
    text = out.getvalue()
    assert "org_person: 200" in text
    assert "org_unit: 30" in text
    assert Person.objects.count() == 200


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_small_dataset_on_postgresql_through_copy() -> None:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'awards_award'")
        indexes_before = cur.fetchone()[0]
    generate(SMALL)
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_indexes WHERE tablename = 'awards_award'")
        assert cur.fetchone()[0] == indexes_before  # dropped for the load, rebuilt after
        cur.execute("SELECT last_value FROM org_person_id_seq")
        assert cur.fetchone()[0] == Person.objects.order_by("-pk").first().pk  # type: ignore[union-attr]
    check_dataset(SMALL)
    check_screening(SMALL)
