"""Screening at scale: chunked screening gives the results of one whole screening, the facts
narrowed to what the rules read decide as the full history does, the summary counts what the
results say, messages are rendered only when read and equal the eager ones, a fixed number of
queries per chunk, and the page screens only the rows it shows."""

from __future__ import annotations

import dataclasses
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.awards.scenario import build_person, build_unit
from tests.factories import make_unit, make_user
from thidua.awards import eligibility
from thidua.awards.eligibility import iter_screen, screen, screen_summary
from thidua.awards.facts import FULL
from thidua.awards.predicates import Check, render_message
from thidua.awards.regimes import UNCONFIRMED_NOTE, load_regime, regime_for_year
from thidua.org.enums import Role
from thidua.org.models import Person, Unit

Y = 2025
PERSON_AWARDS = ["LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "BANG_KHEN_TINH", "BANG_KHEN_TTG"]
UNIT_AWARDS = ["TTLDTT", "TTLDXS", "BANG_KHEN_TINH", "GIAY_KHEN"]


def _spec(i: int) -> dict:
    """A varied person: ratings, chains of titles (some broken, some of another kind, one
    revoked), initiatives (one already used), holds and discipline, by the index."""
    good = "HTXSNV" if i % 3 else "HTTNV"
    ratings = {y: good for y in range(Y - 6, Y + 1) if (i + y) % 7}
    if i % 5 == 0:
        ratings.pop(Y, None)
    awards = [("LDTT", Y, "MERIT")] if i % 4 == 1 else []
    awards += [("CSTDCS", y, "MERIT" if i % 6 else "MOVEMENT") for y in range(Y - 3 + i % 3, Y)]
    if i % 8 == 0:
        awards += [("CSTD_TINH", Y - 3, "MERIT"), ("BANG_KHEN_TINH", Y - 6, "MERIT")]
    if i % 9 == 0:
        awards += [("LDTT", Y - 1, "MERIT", "REVOKED")]
    initiatives = [(Y - i % 2, "SCOPE_TINH" if i % 2 else "SCOPE_CO_SO")] if i % 3 else []
    if i % 7 == 0:
        initiatives += [(Y - 1, "SCOPE_TINH", "CSTD_TINH")]
    return {
        "r": ratings,
        "a": awards,
        "i": initiatives,
        "hold": i % 11 == 0,
        "d": [("KHIEN_TRACH", Y)] if i % 10 == 3 else [],
    }


@pytest.fixture
def world(db) -> Unit:
    """A root with 18 people of their own and 4 units of 3 members each."""
    root = make_unit()
    n = itertools.count()
    for _ in range(18):
        build_person(_spec(next(n)), unit=root)
    for k in range(4):
        rating = "HTXSNV" if k % 2 else "HTTNV"
        build_unit(
            {
                "unit_r": dict.fromkeys(range(Y - 4, Y + 1), rating),
                "members": [_spec(next(n)) for _ in range(3)],
            },
            parent=root,
        )
    return root


def _people(root: Unit):
    return Person.objects.filter(unit__path__startswith=root.path)


def _units(root: Unit):
    return Unit.objects.filter(path__startswith=root.path, depth__gt=root.depth)


def _by_recipient(results) -> dict:
    return {r.recipient: (r.recipient_code, r.verdict, r.checks) for r in results}


@pytest.mark.parametrize("award", PERSON_AWARDS)
def test_chunked_screening_equals_one_screening_of_people(world, award):
    whole = screen(award, Y, people=_people(world))
    assert len(whole.results) == 30
    chunked = list(iter_screen(award, Y, people=_people(world), chunk_size=7))
    assert _by_recipient(chunked) == _by_recipient(whole.results)
    # every check compared, messages included (Check equality reads the rendered message)
    assert sum(len(r.checks) for r in chunked) == sum(len(r.checks) for r in whole.results)
    # the verdicts are not all alike: the world exercises the rules
    assert len({r.verdict for r in whole.results}) >= 2 or award == "BANG_KHEN_TTG"


@pytest.mark.parametrize("award", UNIT_AWARDS)
def test_chunked_screening_equals_one_screening_of_units(world, award):
    whole = screen(award, Y, units=_units(world))
    assert whole.recipient_type == "unit"
    assert len(whole.results) == 4
    chunked = list(iter_screen(award, Y, units=_units(world), chunk_size=3))
    assert _by_recipient(chunked) == _by_recipient(whole.results)


@pytest.mark.parametrize(("award", "units"), [(a, False) for a in PERSON_AWARDS] + [
    (a, True) for a in UNIT_AWARDS
])  # fmt: skip
@pytest.mark.parametrize("year", [2019, 2024, Y])
def test_narrowed_facts_decide_as_the_full_history(world, monkeypatch, award, units, year):
    """The facts a screening gathers are narrowed to the years and codes its rules read
    (``_reach``): the results are those of the full ten years of every code."""
    candidates = {"units": _units(world)} if units else {"people": _people(world)}
    narrowed = screen(award, year, **candidates)
    monkeypatch.setattr(eligibility, "_reach", lambda *a: FULL)
    full = screen(award, year, **candidates)
    assert _by_recipient(narrowed.results) == _by_recipient(full.results)


def test_reach_of_the_titles_of_2025():
    regime = load_regime("ND152_2025", overrides=False)
    cstdcs = eligibility._reach(regime, "CSTDCS", "person")
    assert (cstdcs.rating_years, cstdcs.award_years, cstdcs.award_codes) == (0, 0, {"LDTT"})
    tinh = eligibility._reach(regime, "CSTD_TINH", "person")
    assert (tinh.award_years, tinh.award_codes) == (2, {"LDTT", "CSTDCS"})


@pytest.mark.parametrize("award", PERSON_AWARDS)
@pytest.mark.parametrize("year", [2019, Y])
def test_summary_counts_what_the_results_say(world, award, year):
    """The summary decides by the predicates' tests (``predicates.passes``), which stop early
    and decide same-year titles only when asked: the same verdicts and failed rules as the
    checks."""
    results = screen(award, year, people=_people(world)).results
    summary = screen_summary(award, year, people=_people(world), chunk_size=4)
    assert summary.chunks == 8  # 30 people, 4 a chunk
    assert summary.total == 30
    assert summary.recipient_type == "person"
    assert summary.regime == regime_for_year(year)
    assert list(summary.verdicts) == ["ELIGIBLE", "NOT_ELIGIBLE", "ON_HOLD", "NEEDS_REVIEW"]
    for verdict, n in summary.verdicts.items():
        assert n == sum(1 for r in results if r.verdict == verdict)
    failed: dict[str, int] = {}
    for r in results:
        for c in r.checks:
            if c.passed is False:
                failed[c.rule] = failed.get(c.rule, 0) + 1
    assert summary.failed_rules == failed
    assert list(summary.failed_rules.values()) == sorted(failed.values(), reverse=True)


def test_summary_of_units(world):
    results = screen("TTLDXS", Y, units=_units(world)).results
    summary = screen_summary("TTLDXS", Y, units=_units(world), chunk_size=3)
    assert (summary.chunks, summary.total, summary.recipient_type) == (2, 4, "unit")
    assert {v: n for v, n in summary.verdicts.items() if n} == {
        v: sum(1 for r in results if r.verdict == v) for v in {r.verdict for r in results}
    }


def test_summary_refuses_what_screen_refuses(db):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        screen_summary("KHONG_CO", Y, people=Person.objects.none())
    assert "KHONG_CO" in str(exc.value)


def test_lazy_messages_equal_the_eager_ones(world):
    regime = load_regime(regime_for_year(Y))
    block = regime.rules_for("CSTD_TINH")
    rules = {rule.code: rule for rule in block.rules}
    results = screen("CSTD_TINH", Y, people=_people(world)).results
    seen = 0
    for result in results:
        for check in result.checks:
            if check.affirm:
                continue
            # not rendered until read
            assert "_message" not in vars(check) or vars(check)["_message"] is None
            rule = rules[check.rule]
            eager = render_message(rule.message, {**rule.params, **check.facts, "year": Y})
            if rule.confidence == "U":
                eager = f"{eager} ({UNCONFIRMED_NOTE})"
            assert check.message == eager
            assert "{" not in check.message
            # what screen_nomination stores: the rendered message, the same fields as before
            stored = dataclasses.asdict(check)
            assert stored["message"] == eager
            assert list(stored) == [
                "rule", "passed", "message", "citation", "confidence", "required", "hold",
                "affirm", "facts",
            ]  # fmt: skip
            seen += 1
    assert seen == 30 * len(block.rules)


def test_check_message_given_or_lazy():
    given = Check(rule="R", passed=True, message="Đạt", citation="Điều 1")
    assert given.message == "Đạt"
    lazy = Check.lazy("Năm {year}: {missing}", {"year": 2025}, "ghi chú", rule="R", passed=None)
    assert lazy.message == "Năm 2025: — (ghi chú)"
    assert Check.lazy("{x}", None, rule="R", passed=None).message == "{x}"
    assert Check(rule="R", passed=True, message="x") == Check.lazy(
        "{v}", {"v": "x"}, rule="R", passed=True
    )


def _count(fn) -> int:
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


@pytest.mark.parametrize("award", ["CSTDCS", "CSTD_TINH", "BANG_KHEN_TTG"])
def test_a_fixed_number_of_queries_per_chunk(world, award):
    people = _people(world)

    def run(chunk_size: int) -> int:
        return _count(lambda: list(iter_screen(award, Y, people=people, chunk_size=chunk_size)))

    one = run(30)  # one chunk
    three = run(10)
    six = run(5)
    per_chunk = (three - one) // 2
    assert per_chunk > 0
    assert three == one + 2 * per_chunk
    assert six == one + 5 * per_chunk
    # one chunk: the queries of ``screen`` and one for the chunks
    assert one == _count(lambda: screen(award, Y, people=people)) + 1
    assert _count(lambda: screen_summary(award, Y, people=people, chunk_size=5)) == six


def test_page_counts_the_scope_and_screens_only_its_rows(world, client_for, settings):
    settings.THIDUA_PAGE_SIZE = 4
    officer = make_user(Role.OFFICER, world, username="canbo")
    url = reverse("awards:eligibility")
    query = {"award_code": "CSTDCS", "year": Y, "unit": world.code}
    results = screen("CSTDCS", Y, people=_people(world)).results  # ordered by code
    response = client_for(officer).get(url, {**query, "page": 2})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [r["result"].recipient_code for r in rows] == [r.recipient_code for r in results[4:8]]
    assert [r["result"].verdict for r in rows] == [r.verdict for r in results[4:8]]
    counts = response.context["counts"]
    assert sum(counts.values()) == 30
    assert counts["Đủ điều kiện"] == sum(1 for r in results if r.verdict == "ELIGIBLE")
    assert response.context["page"].paginator.num_pages == 8
    last = client_for(officer).get(url, {**query, "page": 8}).context["rows"]
    assert len(last) == 2


@pytest.mark.postgres
def test_summary_over_two_worker_processes(transactional_db):
    root = make_unit()
    for i in range(12):
        build_person(_spec(i), unit=root)
    people = _people(root)
    alone = screen_summary("CSTD_TINH", Y, people=people, chunk_size=3)
    shared = screen_summary("CSTD_TINH", Y, people=people, chunk_size=3, workers=2)
    assert shared == alone
    assert shared.chunks == 4
    assert shared.total == 12
    # the parent still works after its connection was closed for the workers
    assert people.count() == 12
