"""Each predicate on its own, over hand-made facts (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from thidua.awards import predicates as p
from thidua.awards.facts import PERSON, UNIT, BlocStanding, DecidedDiscipline, Facts

Y = 2024
ME = (PERSON, 1)
TEAM = (UNIT, 10)


def ctx(facts: Facts, recipient=ME, award="CSTDCS") -> p.Ctx:
    return p.Ctx(facts, recipient, Y, award)


def facts(**kw) -> Facts:
    """Facts from tuple-keyed tables: ``ratings={(person, year): rating}``,
    ``awards={(recipient, code, year): kind}`` and the other fields as they are."""
    f = Facts.of(
        Y,
        ratings=[(pid, y, r) for (pid, y), r in kw.pop("ratings", {}).items()],
        unit_ratings=[(uid, y, r) for (uid, y), r in kw.pop("unit_ratings", {}).items()],
        awards=[(who, code, y, kind) for (who, code, y), kind in kw.pop("awards", {}).items()],
    )
    for name, value in kw.items():
        current = getattr(f, name)
        if isinstance(current, dict | set):
            current.update(value)
        else:
            setattr(f, name, value)
    return f


@pytest.mark.parametrize(
    ("rating", "expected"), [("HTXSNV", True), ("HTTNV", True), ("HTNV", False), (None, None)]
)
def test_rating_at_least(rating, expected):
    f = facts(ratings={(1, Y): rating} if rating else {})
    assert p.rating_at_least(ctx(f), min_rating="HTTNV").passed is expected


def test_unit_rating_at_least():
    f = facts(unit_ratings={(10, Y): "HTTNV"})
    assert p.unit_rating_at_least(ctx(f, TEAM), min_rating="HTXSNV").passed is False
    assert p.unit_rating_at_least(ctx(f, TEAM), min_rating="HTTNV").passed is True
    assert p.unit_rating_at_least(ctx(facts(), TEAM), min_rating="HTTNV").passed is None


def test_holds_title_in_year_register_or_screening():
    assert p.holds_title_in_year(ctx(facts()), code="LDTT").passed is False
    f = facts(awards={(ME, "LDTT", Y): "MERIT"})
    assert p.holds_title_in_year(ctx(f), code="LDTT").passed is True
    f = facts(awards={(ME, "LDTT", Y): "ADHOC"})
    assert p.holds_title_in_year(ctx(f), code="LDTT").passed is False
    f = facts(screened={("LDTT", Y): {ME: "ELIGIBLE"}})
    assert p.holds_title_in_year(ctx(f), code="LDTT").passed is True
    f = facts(screened={("LDTT", Y): {ME: "NEEDS_REVIEW"}})
    assert p.holds_title_in_year(ctx(f), code="LDTT").passed is None


def test_consecutive_titles():
    chain = {(ME, "CSTDCS", y): "MERIT" for y in (Y - 2, Y - 1, Y)}
    out = p.consecutive_titles(ctx(facts(awards=chain)), code="CSTDCS", count=3)
    assert (out.passed, out.used["held_years"]) == (True, "2022, 2023, 2024")
    broken = {**chain, (ME, "CSTDCS", Y - 1): "MOVEMENT"}
    out = p.consecutive_titles(ctx(facts(awards=broken)), code="CSTDCS", count=3)
    assert (out.passed, out.used["missing_years"]) == (False, "2023")
    # the screened year may come from this screening, and be undecided
    two = {k: v for k, v in chain.items() if k[2] != Y}
    f = facts(awards=two, screened={("CSTDCS", Y): {ME: "NEEDS_REVIEW"}})
    assert p.consecutive_titles(ctx(f), code="CSTDCS", count=3).passed is None


def test_consecutive_ratings_at_least():
    f = facts(ratings={(1, Y - 1): "HTXSNV", (1, Y): "HTXSNV"})
    assert p.consecutive_ratings_at_least(ctx(f), min_rating="HTXSNV", count=2).passed is True
    f = facts(ratings={(1, Y): "HTXSNV"})
    assert p.consecutive_ratings_at_least(ctx(f), min_rating="HTXSNV", count=2).passed is None
    f = facts(ratings={(1, Y - 1): "HTTNV"})
    assert p.consecutive_ratings_at_least(ctx(f), min_rating="HTXSNV", count=2).passed is False


def test_initiative_scope_at_least_window_and_scope():
    f = facts(initiatives={1: [(100, Y, "SCOPE_CO_SO"), (101, Y - 2, "SCOPE_TINH")]})
    assert p.initiative_scope_at_least(ctx(f), min_scope="SCOPE_CO_SO").passed is True
    assert p.initiative_scope_at_least(ctx(f), min_scope="SCOPE_TINH").passed is False
    assert p.initiative_scope_at_least(ctx(f), min_scope="SCOPE_TINH", years=3).passed is True
    out = p.initiative_scope_at_least(ctx(f), min_scope="SCOPE_CO_SO", years=3, count=3)
    assert (out.passed, out.used["initiative_count"]) == (False, 2)


def _team(statuses: list[str | None]) -> Facts:
    """A unit whose members 1..n hold LDTT (True), not (False) or undecided (None)."""
    members = list(range(1, len(statuses) + 1))
    verdicts = {
        (PERSON, pid): {True: "ELIGIBLE", False: "NOT_ELIGIBLE", None: "NEEDS_REVIEW"}[s]
        for pid, s in zip(members, statuses, strict=True)
    }
    return facts(
        members={10: members},
        screened={("LDTT", Y): verdicts},
        person_code={pid: f"P{pid}" for pid in members},
    )


@pytest.mark.parametrize(
    ("statuses", "min_share", "strict", "expected"),
    [
        ([True, True, False, False], 0.5, False, True),
        ([True, True, False, False], 0.5, True, False),
        ([True, True, True, False], 0.5, True, True),
        ([True] * 7 + [False] * 3, 0.7, False, True),
        ([True] * 6 + [False] * 4, 0.7, False, False),
        ([True] * 6 + [None] + [False] * 3, 0.7, False, None),
        ([], 0.7, False, None),
    ],
)
def test_member_share_with_title(statuses, min_share, strict, expected):
    out = p.member_share_with_title(
        ctx(_team(statuses), TEAM), code="LDTT", min_share=min_share, strict=strict
    )
    assert out.passed is expected


def test_member_count_with_title():
    assert p.member_count_with_title(ctx(_team([False, True]), TEAM), code="LDTT").passed is True
    assert p.member_count_with_title(ctx(_team([False, None]), TEAM), code="LDTT").passed is None
    assert p.member_count_with_title(ctx(_team([False]), TEAM), code="LDTT").passed is False


def test_all_members_rating_at_least():
    base = {"members": {10: [1, 2]}, "person_code": {1: "P1", 2: "P2"}}
    ok = facts(**base, ratings={(1, Y): "HTNV", (2, Y): "HTXSNV"})
    assert p.all_members_rating_at_least(ctx(ok, TEAM), min_rating="HTNV").passed is True
    low = facts(**base, ratings={(1, Y): "KHTNV"})
    out = p.all_members_rating_at_least(ctx(low, TEAM), min_rating="HTNV")
    assert (out.passed, out.used["below"]) == (False, "P1")
    missing = facts(**base, ratings={(1, Y): "HTNV"})
    assert p.all_members_rating_at_least(ctx(missing, TEAM), min_rating="HTNV").passed is None


def test_no_member_disciplined_at_least():
    base = {"members": {10: [1, 2]}, "person_code": {1: "P1", 2: "P2"}}

    def with_level(level: str, year: int) -> Facts:
        day = dt.date(year, 3, 1)
        return facts(**base, decided={2: [DecidedDiscipline(level, day, day, day)]})

    rule = p.no_member_disciplined_at_least
    assert rule(ctx(with_level("CANH_CAO", Y), TEAM), min_level="CANH_CAO").passed is False
    assert rule(ctx(with_level("CACH_CHUC", Y), TEAM), min_level="CANH_CAO").passed is False
    assert rule(ctx(with_level("KHIEN_TRACH", Y), TEAM), min_level="CANH_CAO").passed is True
    assert rule(ctx(with_level("CANH_CAO", Y - 1), TEAM), min_level="CANH_CAO").passed is True


def test_discipline_effective_across_the_year_counts():
    d = DecidedDiscipline(
        "CANH_CAO", dt.date(Y - 1, 11, 1), dt.date(Y - 1, 11, 1), dt.date(Y, 10, 31)
    )
    f = facts(decided={1: [d]})
    assert p.not_disciplined_at_least(ctx(f), min_level="CANH_CAO").passed is False


def test_not_on_hold():
    assert p.not_on_hold(ctx(facts(open_reviews={1}))).passed is False
    assert p.not_on_hold(ctx(facts(open_reviews={2}))).passed is True


def test_holds_prior_award():
    f = facts(awards={(ME, "BANG_KHEN_TINH", Y - 3): "MERIT", (ME, "CSTDCS", Y - 1): "ADHOC"})
    assert p.holds_prior_award(ctx(f), code="BANG_KHEN_TINH").passed is True
    assert p.holds_prior_award(ctx(f), code="BANG_KHEN_TINH", within_years=2).passed is False
    assert p.holds_prior_award(ctx(f), code="CSTDCS").passed is False


def test_one_of_and_all_of():
    f = facts(ratings={(1, Y): "HTTNV"})
    options = [
        {"label": "HTXSNV", "predicate": "rating_at_least", "params": {"min_rating": "HTXSNV"}},
        {
            "label": "sáng kiến",
            "predicate": "initiative_scope_at_least",
            "params": {"min_scope": "SCOPE_CO_SO"},
        },
    ]
    assert p.one_of(ctx(f), options=options).passed is False
    f.initiatives[1].append((1, Y, "SCOPE_CO_SO"))
    out = p.one_of(ctx(f), options=options)
    assert (out.passed, out.used["met"]) == (True, "sáng kiến")
    assert p.all_of(ctx(f), options=options).passed is False
    assert p.one_of(ctx(facts()), options=options).passed is None


def test_initiative_already_used_for_the_same_title_does_not_count():
    f = facts(initiatives={1: [(100, Y, "SCOPE_TINH")]}, initiative_uses={(100, 1, "CSTDCS")})
    assert p.initiative_scope_at_least(ctx(f, award="CSTDCS"), min_scope="SCOPE_CO_SO").passed is (
        False
    )
    assert p.initiative_scope_at_least(ctx(f, award="CSTD_TINH"), min_scope="SCOPE_TINH").passed


def test_consecutive_titles_with_a_step():
    """CSTD_TQ: two CSTD_TINH three years apart (back-to-back chains of 3 CSTDCS)."""
    f = facts(awards={(ME, "CSTD_TINH", Y - 3): "MERIT", (ME, "CSTD_TINH", Y): "MERIT"})
    out = p.consecutive_titles(ctx(f), code="CSTD_TINH", count=2, step=3)
    assert (out.passed, out.used["held_years"], out.used["first_year"]) == (
        True,
        "2021, 2024",
        2021,
    )
    f = facts(awards={(ME, "CSTD_TINH", Y - 1): "MERIT", (ME, "CSTD_TINH", Y): "MERIT"})
    out = p.consecutive_titles(ctx(f), code="CSTD_TINH", count=2, step=3)
    assert (out.passed, out.used["missing_years"]) == (False, "2021")
    f = facts(awards={(ME, "CSTD_TINH", Y - 3): "MOVEMENT", (ME, "CSTD_TINH", Y): "MERIT"})
    assert p.consecutive_titles(ctx(f), code="CSTD_TINH", count=2, step=3).passed is False


def test_holds_prior_award_with_a_gap():
    f = facts(awards={(ME, "BANG_KHEN_TINH", Y - 5): "MERIT"})
    out = p.holds_prior_award(ctx(f), code="BANG_KHEN_TINH", min_gap=5)
    assert (out.passed, out.used["award_years"], out.used["last_year"]) == (True, "2019", 2019)
    f = facts(awards={(ME, "BANG_KHEN_TINH", Y - 4): "MERIT"})
    assert p.holds_prior_award(ctx(f), code="BANG_KHEN_TINH", min_gap=5).passed is False
    assert p.holds_prior_award(ctx(f), code="BANG_KHEN_TINH").passed is True
    f = facts(awards={(ME, "BANG_KHEN_TINH", Y - 6): "ADHOC"})
    assert p.holds_prior_award(ctx(f), code="BANG_KHEN_TINH", min_gap=5).passed is False


def test_titles_in_window():
    two = {(ME, "CSTDCS", Y - 4): "MERIT", (ME, "CSTDCS", Y - 2): "MERIT"}
    f = facts(awards={**two, (ME, "CSTDCS", Y): "MERIT"})
    out = p.titles_in_window(ctx(f), code="CSTDCS", count=3, years=5)
    assert (out.passed, out.used["held_years"]) == (True, "2020, 2022, 2024")
    # the screened year undecided could make the third: unknown; decided against: False
    f = facts(awards=two, screened={("CSTDCS", Y): {ME: "NEEDS_REVIEW"}})
    assert p.titles_in_window(ctx(f), code="CSTDCS", count=3, years=5).passed is None
    f = facts(awards=two, screened={("CSTDCS", Y): {ME: "NOT_ELIGIBLE"}})
    assert p.titles_in_window(ctx(f), code="CSTDCS", count=3, years=5).passed is False
    # outside the window, or not MERIT, does not count
    f = facts(awards={**two, (ME, "CSTDCS", Y - 5): "MERIT", (ME, "CSTDCS", Y): "MOVEMENT"})
    assert p.titles_in_window(ctx(f), code="CSTDCS", count=3, years=5).passed is False


def test_leads_bloc():
    def standing(rank, released=True, size=3):
        return BlocStanding("Khối 1", "TTDN-2024", rank, size, released)

    cases = [
        ([standing(1)], True),
        ([standing(2)], False),
        ([standing(1, released=False)], None),
        ([standing(None)], None),
        ([standing(2), standing(1)], True),
        ([], False),
    ]
    for standings, expected in cases:
        f = facts(bloc_standings={10: standings} if standings else {})
        assert p.leads_bloc(ctx(f, TEAM, "CO_TINH")).passed is expected, standings
    f = facts(bloc_standings={10: [standing(2)]})
    assert p.leads_bloc(ctx(f, TEAM, "CO_TINH")).used["standing"] == (
        "Khối 1 (TTDN-2024): hạng 2/3"
    )
    assert p.leads_bloc(ctx(facts(), TEAM, "CO_TINH")).used["standing"] == (
        "không thuộc khối, cụm thi đua nào"
    )


def test_manual_review_is_always_unknown():
    assert p.manual_review(ctx(facts(), TEAM, "BANG_KHEN_TTG")).passed is None
