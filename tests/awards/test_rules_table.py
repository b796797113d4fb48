"""Every rule of every path of every regime, in one table of cases worked out by hand from
LEGAL-RULES.md, plus whole verdicts across the three regimes.

A case's test id is ``RULE · REGIME · citation · what the case is``, the citation read from the
regime file. Each case builds its data through the services (tests/awards/scenario.py), screens
the one candidate and checks the targeted rule's outcome and the verdict.
``test_every_rule_has_a_passing_and_a_failing_case`` iterates over the loaded regimes and fails
when a rule is added without a passing and a failing case here (a rule that only people decide,
``manual_review``, needs an unknown case instead).

The cases of CO_TINH_LEADS_BLOC that need a ranked emulation bloc are at the end: they run on
the movement world of tests/results (a bloc of three units, scored and released).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

import pytest

from tests.awards.conftest import make_award
from tests.awards.scenario import build_person, build_unit
from tests.factories import make_unit
from tests.movements.conftest import world  # noqa: F401  (fixture of the bloc cases)
from tests.results.conftest import scoring  # noqa: F401  (fixture of the bloc cases)
from thidua.awards.eligibility import screen
from thidua.awards.regimes import REGIME_CODES, Regime, load_regime
from thidua.movements.models import Movement
from thidua.org import services
from thidua.org.models import Person, Unit
from thidua.results.assessments import (
    release_results,
)
from thidua.results.blocs import bloc_results, save_peer_score, upsert_bloc

YEAR = {"ND91_2017": 2023, "ND98_2023": 2024, "ND152_2025": 2025}
E, N, H, R = "ELIGIBLE", "NOT_ELIGIBLE", "ON_HOLD", "NEEDS_REVIEW"
M, MOV, ADHOC = "MERIT", "MOVEMENT", "ADHOC"
CO_SO, TINH, TQ = "SCOPE_CO_SO", "SCOPE_TINH", "SCOPE_TOAN_QUOC"
PERSON, UNIT = "person", "unit"


def regime(code: str) -> Regime:
    return load_regime(code, overrides=False)


def rule_of(code: str, award: str, path: str, rule: str):
    block = regime(code).rules_for(award, path)
    assert block is not None, (code, award, path)
    found = [r for r in block.rules if r.code == rule]
    assert found, f"{code} {award} ({path}) has no rule {rule}"
    return found[0]


def short(citation: str) -> str:
    """“Luật Thi đua, khen thưởng 2022, Điều 23 (theo ...)” -> “Luật 2022 Điều 23”."""
    text = re.sub(r"\s*\([^)]*\)", "", citation)
    text = text.replace("Luật Thi đua, khen thưởng ", "Luật ").replace("Nghị định ", "NĐ ")
    return text.replace(", Điều", " Điều")


# Each row: regime, award, path, rule, label, spec, passed and verdict.
ROWS: list[tuple[str, str, str, str, str, dict, bool | None, str]] = []


def add(  # noqa: PLR0917  (one row of the table, read positionally)
    code: str,
    award: str,
    path: str,
    rule: str,
    label: str,
    spec: dict,
    passed: bool | None,
    verdict: str,
) -> None:
    ROWS.append((code, award, path, rule, label, spec, passed, verdict))


def ratings(first: int, last: int, rating: str) -> dict[int, str]:
    return dict.fromkeys(range(first, last + 1), rating)


def eligible_specs(code: str, y: int) -> dict[tuple[str, str], dict]:
    """For each award and path, data that makes the candidate ELIGIBLE, worked by hand."""
    nd91 = code == "ND91_2017"
    cstd_tinh = {
        # CSTDCS y-2, y-1 in the register and y by this screening (HTXSNV: LDTT and CSTDCS)
        "r": {y: "HTXSNV"},
        "a": [("CSTDCS", y - 2, M), ("CSTDCS", y - 1, M)],
        **({} if nd91 else {"i": [(y - 1, TINH)]}),
    }
    return {
        ("LDTT", PERSON): {"r": {y: "HTTNV"}},
        ("CSTDCS", PERSON): {"r": {y: "HTXSNV"}},
        ("CSTD_TINH", PERSON): cstd_tinh,
        # CSTD_TINH y-3 (its own chain y-5..y-3) and y (chain y-2..y by this screening), and a
        # nationwide initiative (it is also the provincial-scope one CSTD_TINH y needs)
        ("CSTD_TQ", PERSON): {
            "r": {y: "HTXSNV"},
            "a": [("CSTD_TINH", y - 3, M), ("CSTDCS", y - 2, M), ("CSTDCS", y - 1, M)],
            "i": [(y - 1, TQ)],
        },
        ("BANG_KHEN_TINH", PERSON): (
            {"r": {y - 1: "HTXSNV", y: "HTXSNV"}, "i": [(y - 1, CO_SO), (y, CO_SO)]}
            if nd91
            else {"a": [("CSTDCS", y - 1, M), ("CSTDCS", y, M)]}
        ),
        ("GIAY_KHEN", PERSON): {"r": {y: "HTTNV"}},
        ("BANG_KHEN_TTG", PERSON): (
            {
                "a": [("BANG_KHEN_TINH", y - 5, M)],
                "r": ratings(y - 4, y, "HTXSNV"),
                "i": [(yy, CO_SO) for yy in range(y - 4, y + 1)],
            }
            if nd91
            else {
                "a": [
                    ("BANG_KHEN_TINH", y - 5, M),
                    ("CSTDCS", y - 4, M),
                    ("CSTDCS", y - 2, M),
                    ("CSTDCS", y, M),
                ],
                "r": ratings(y - 4, y, "HTTNV"),
            }
        ),
        # 3 of 4 members LDTT (75%: > 50% and >= 70%), nobody disciplined
        ("TTLDTT", UNIT): {"unit_r": {y: "HTTNV"}, "members": ldtt_members(y, 3, 4)},
        # unit HTXSNV; every member HTNV or better; 3 of 4 LDTT; one CSTDCS (the HTXSNV one)
        ("TTLDXS", UNIT): {"unit_r": {y: "HTXSNV"}, "members": ttldxs_members(y)},
        ("BANG_KHEN_TINH", UNIT): {
            "unit_r": {y - 1: "HTXSNV", y: "HTXSNV"},
            "members": [{"r": {y: "HTTNV"}}],
        },
        ("GIAY_KHEN", UNIT): {"unit_r": {y: "HTTNV"}, "members": [{"r": {y: "HTNV"}}]},
    }


def ldtt_members(y: int, n: int, of: int) -> list[dict]:
    return [{"r": {y: "HTTNV"}} for _ in range(n)] + [{"r": {y: "HTNV"}} for _ in range(of - n)]


def ttldxs_members(y: int, *, top: str = "HTXSNV", last: str = "HTNV") -> list[dict]:
    return [{"r": {y: top}}, {"r": {y: "HTTNV"}}, {"r": {y: "HTTNV"}}, {"r": {y: last}}]


def without(spec: dict, key: str) -> dict:
    return {k: v for k, v in spec.items() if k != key}


def build_cases(code: str) -> None:
    y = YEAR[code]
    ok = eligible_specs(code, y)
    reg = regime(code)

    def has(award: str, path: str, rule: str) -> bool:
        block = reg.rules_for(award, path)
        return block is not None and any(r.code == rule for r in block.rules)

    def case(award, path, rule, label, spec, passed, verdict):  # noqa: PLR0917
        if has(award, path, rule):
            add(code, award, path, rule, label, spec, passed, verdict)

    # Holds (principle 5): every person path passes with its eligible data and is held
    # by an open disciplinary review.
    for award in ("LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "BANG_KHEN_TINH", "GIAY_KHEN"):
        rule = f"{award}_NOT_ON_HOLD"
        case(award, PERSON, rule, "no-review", ok[(award, PERSON)], True, E)
        case(award, PERSON, rule, "open-review", {**ok[(award, PERSON)], "hold": True}, False, H)
    case(
        "BANG_KHEN_TTG",
        PERSON,
        "BANG_KHEN_TTG_NOT_ON_HOLD",
        "no-review",
        ok[("BANG_KHEN_TTG", PERSON)],
        True,
        E,
    )
    case(
        "BANG_KHEN_TTG",
        PERSON,
        "BANG_KHEN_TTG_NOT_ON_HOLD",
        "open-review",
        {**ok[("BANG_KHEN_TTG", PERSON)], "hold": True},
        False,
        H,
    )

    # LDTT
    case("LDTT", PERSON, "LDTT_RATING", "HTTNV", {"r": {y: "HTTNV"}}, True, E)
    case("LDTT", PERSON, "LDTT_RATING", "HTNV", {"r": {y: "HTNV"}}, False, N)
    case("LDTT", PERSON, "LDTT_RATING", "no-rating", {"r": {y - 1: "HTXSNV"}}, None, R)
    # ND91: the khiển trách exclusion is unconfirmed after 2017: shown, never deciding
    case("LDTT", PERSON, "LDTT_NO_DISCIPLINE", "none", {"r": {y: "HTTNV"}}, True, E)
    case(
        "LDTT",
        PERSON,
        "LDTT_NO_DISCIPLINE",
        "KHIEN_TRACH-advisory",
        {"r": {y: "HTTNV"}, "d": [("KHIEN_TRACH", y)]},
        False,
        E,
    )

    # CSTDCS
    case("CSTDCS", PERSON, "LDTT_IN_YEAR", "LDTT-by-screening", {"r": {y: "HTXSNV"}}, True, E)
    case(
        "CSTDCS",
        PERSON,
        "LDTT_IN_YEAR",
        "KHTNV+initiative",
        {"r": {y: "KHTNV"}, "i": [(y, CO_SO)]},
        False,
        N,
    )
    case(
        "CSTDCS",
        PERSON,
        "LDTT_IN_YEAR",
        "MOVEMENT-LDTT-only",
        {"r": {y: "HTNV"}, "a": [("LDTT", y, MOV)], "i": [(y, CO_SO)]},
        False,
        N,
    )
    for rule in ("CSTDCS_HTXSNV_OR_INITIATIVE", "CSTDCS_INITIATIVE_OR_HTXSNV"):
        case(
            "CSTDCS",
            PERSON,
            rule,
            "HTTNV+grassroots-initiative",
            {"r": {y: "HTTNV"}, "i": [(y, CO_SO)]},
            True,
            E,
        )
        case("CSTDCS", PERSON, rule, "HTXSNV", {"r": {y: "HTXSNV"}}, True, E)
        case("CSTDCS", PERSON, rule, "HTTNV-only", {"r": {y: "HTTNV"}}, False, N)
        case(
            "CSTDCS",
            PERSON,
            rule,
            "initiative-already-used",
            {"r": {y: "HTTNV"}, "i": [(y, CO_SO, "CSTDCS")]},
            False,
            N,
        )

    # CSTD_TINH
    chain = ok[("CSTD_TINH", PERSON)]
    case(
        "CSTD_TINH", PERSON, "CSTD_TINH_CSTDCS_CHAIN", "y-2,y-1-register+y-screened", chain, True, E
    )
    case(
        "CSTD_TINH",
        PERSON,
        "CSTD_TINH_CSTDCS_CHAIN",
        "MOVEMENT-CSTDCS-y-1",
        {**chain, "a": [("CSTDCS", y - 2, M), ("CSTDCS", y - 1, MOV)]},
        False,
        N,
    )
    case(
        "CSTD_TINH",
        PERSON,
        "CSTD_TINH_CSTDCS_CHAIN",
        "revoked-CSTDCS-y-2",
        {**chain, "a": [("CSTDCS", y - 2, M, "REVOKED"), ("CSTDCS", y - 1, M)]},
        False,
        N,
    )
    case("CSTD_TINH", PERSON, "CSTD_TINH_CSTDCS_CHAIN", "y-unrated", {**chain, "r": {}}, None, R)
    case("CSTD_TINH", PERSON, "CSTD_TINH_INITIATIVE", "provincial-scope-y-1", chain, True, E)
    case(
        "CSTD_TINH",
        PERSON,
        "CSTD_TINH_INITIATIVE",
        "grassroots-scope-only",
        {**chain, "i": [(y, CO_SO)]},
        False,
        N,
    )

    # CSTD_TQ: two back-to-back CSTD_TINH (y-3 and y) and a nationwide initiative
    tq = ok[("CSTD_TQ", PERSON)]
    case("CSTD_TQ", PERSON, "CSTD_TQ_CSTD_TINH_CHAIN", "y-3-register+y-screened", tq, True, E)
    case(
        "CSTD_TQ",
        PERSON,
        "CSTD_TQ_CSTD_TINH_CHAIN",
        "ADHOC-CSTD_TINH-y-3",
        {**tq, "a": [("CSTD_TINH", y - 3, ADHOC), ("CSTDCS", y - 2, M), ("CSTDCS", y - 1, M)]},
        False,
        N,
    )
    case(
        "CSTD_TQ",
        PERSON,
        "CSTD_TQ_CSTD_TINH_CHAIN",
        "no-CSTD_TINH-y",
        {**tq, "a": [("CSTD_TINH", y - 3, M), ("CSTDCS", y - 1, M)]},
        False,
        N,
    )
    case("CSTD_TQ", PERSON, "CSTD_TQ_INITIATIVE", "nationwide-y-1", tq, True, E)
    case(
        "CSTD_TQ",
        PERSON,
        "CSTD_TQ_INITIATIVE",
        "provincial-only",
        {**tq, "i": [(y - 1, TINH)]},
        False,
        N,
    )

    # BANG_KHEN_TINH, person
    bk = ok[("BANG_KHEN_TINH", PERSON)]
    case("BANG_KHEN_TINH", PERSON, "BANG_KHEN_TINH_PERSON_PATH", "eligible-path", bk, True, E)
    if code == "ND91_2017":
        case(
            "BANG_KHEN_TINH",
            PERSON,
            "BANG_KHEN_TINH_PERSON_PATH",
            "one-initiative",
            {**bk, "i": [(y, CO_SO)]},
            False,
            N,
        )
        case(
            "BANG_KHEN_TINH",
            PERSON,
            "BANG_KHEN_TINH_PERSON_PATH",
            "HTTNV-y-1",
            {**bk, "r": {y - 1: "HTTNV", y: "HTXSNV"}},
            False,
            N,
        )
    else:
        case(
            "BANG_KHEN_TINH",
            PERSON,
            "BANG_KHEN_TINH_PERSON_PATH",
            "2-HTXSNV+2-initiatives",
            {"r": {y - 1: "HTXSNV", y: "HTXSNV"}, "i": [(y - 1, CO_SO), (y, CO_SO)]},
            True,
            E,
        )
        case(
            "BANG_KHEN_TINH",
            PERSON,
            "BANG_KHEN_TINH_PERSON_PATH",
            "MOVEMENT-CSTDCS-y-1",
            {"r": {y - 1: "HTTNV", y: "HTTNV"}, "a": [("CSTDCS", y - 1, MOV), ("CSTDCS", y, M)]},
            False,
            N,
        )

    # BANG_KHEN_TINH, unit: HTXSNV or TTLDXS 2 consecutive years
    bku = ok[("BANG_KHEN_TINH", UNIT)]
    case("BANG_KHEN_TINH", UNIT, "BANG_KHEN_TINH_UNIT_TWO_YEARS", "HTXSNV-y-1,y", bku, True, E)
    case(
        "BANG_KHEN_TINH",
        UNIT,
        "BANG_KHEN_TINH_UNIT_TWO_YEARS",
        "TTLDXS-y-1,y-register",
        {
            "unit_r": {y - 1: "HTTNV", y: "HTTNV"},
            "ua": [("TTLDXS", y - 1, M), ("TTLDXS", y, M)],
            "members": [{"r": {y: "HTTNV"}}],
        },
        True,
        E,
    )
    case(
        "BANG_KHEN_TINH",
        UNIT,
        "BANG_KHEN_TINH_UNIT_TWO_YEARS",
        "HTTNV-y+MOVEMENT-TTLDXS",
        {
            "unit_r": {y - 1: "HTXSNV", y: "HTTNV"},
            "ua": [("TTLDXS", y - 1, MOV)],
            "members": [{"r": {y: "HTTNV"}}],
        },
        False,
        N,
    )

    # GIAY_KHEN
    case("GIAY_KHEN", PERSON, "GIAY_KHEN_GOOD_COMPLETION", "HTTNV", {"r": {y: "HTTNV"}}, True, E)
    case("GIAY_KHEN", PERSON, "GIAY_KHEN_GOOD_COMPLETION", "HTNV", {"r": {y: "HTNV"}}, False, N)
    case("GIAY_KHEN", PERSON, "GIAY_KHEN_GOOD_COMPLETION", "no-rating", {}, None, R)
    case(
        "GIAY_KHEN",
        UNIT,
        "GIAY_KHEN_UNIT_GOOD_COMPLETION",
        "unit-HTTNV",
        ok[("GIAY_KHEN", UNIT)],
        True,
        E,
    )
    case(
        "GIAY_KHEN",
        UNIT,
        "GIAY_KHEN_UNIT_GOOD_COMPLETION",
        "unit-HTNV",
        {"unit_r": {y: "HTNV"}},
        False,
        N,
    )

    # BANG_KHEN_TTG, person
    tt = ok[("BANG_KHEN_TTG", PERSON)]
    late_bk = [("BANG_KHEN_TINH", y - 4, M), *tt["a"][1:]]
    case("BANG_KHEN_TTG", PERSON, "BANG_KHEN_TTG_PRIOR_BANG_KHEN", "BK-y-5", tt, True, E)
    case(
        "BANG_KHEN_TTG",
        PERSON,
        "BANG_KHEN_TTG_PRIOR_BANG_KHEN",
        "BK-y-4-too-recent",
        {**tt, "a": late_bk},
        False,
        N,
    )
    case(
        "BANG_KHEN_TTG",
        PERSON,
        "BANG_KHEN_TTG_PRIOR_BANG_KHEN",
        "MOVEMENT-BK",
        {**tt, "a": [("BANG_KHEN_TINH", y - 5, MOV), *tt["a"][1:]]},
        False,
        N,
    )
    case("BANG_KHEN_TTG", PERSON, "BANG_KHEN_TTG_FIVE_YEARS", "HTTNV-y-4..y", tt, True, E)
    case(
        "BANG_KHEN_TTG",
        PERSON,
        "BANG_KHEN_TTG_FIVE_YEARS",
        "HTNV-y-2",
        {**tt, "r": {**tt["r"], y - 2: "HTNV"}},
        False,
        N,
    )
    case("BANG_KHEN_TTG", PERSON, "BANG_KHEN_TTG_THREE_CSTDCS", "CSTDCS-y-4,y-2,y", tt, True, E)
    case(
        "BANG_KHEN_TTG",
        PERSON,
        "BANG_KHEN_TTG_THREE_CSTDCS",
        "two-CSTDCS",
        {**tt, "a": tt["a"][:3]},
        False,
        N,
    )
    case("BANG_KHEN_TTG", PERSON, "BANG_KHEN_TTG_FIVE_YEARS_HTXSNV", "HTXSNV-y-4..y", tt, True, E)
    case(
        "BANG_KHEN_TTG",
        PERSON,
        "BANG_KHEN_TTG_FIVE_YEARS_HTXSNV",
        "HTTNV-y-1",
        {**tt, "r": {**tt["r"], y - 1: "HTTNV"}},
        False,
        N,
    )
    case("BANG_KHEN_TTG", PERSON, "BANG_KHEN_TTG_FIVE_INITIATIVES", "five", tt, True, E)
    case(
        "BANG_KHEN_TTG",
        PERSON,
        "BANG_KHEN_TTG_FIVE_INITIATIVES",
        "four",
        {**tt, "i": tt.get("i", [])[1:]},
        False,
        N,
    )
    # BANG_KHEN_TTG, unit: unconfirmed [U]: always for the council to review
    case(
        "BANG_KHEN_TTG",
        UNIT,
        "BANG_KHEN_TTG_UNIT_UNCONFIRMED",
        "unconfirmed",
        {"unit_r": ratings(y - 4, y, "HTXSNV")},
        None,
        R,
    )

    # TTLDTT
    tl = ok[("TTLDTT", UNIT)]
    case("TTLDTT", UNIT, "TTLDTT_UNIT_RATING", "HTTNV", tl, True, E)
    case("TTLDTT", UNIT, "TTLDTT_UNIT_RATING", "HTNV", {**tl, "unit_r": {y: "HTNV"}}, False, N)
    case("TTLDTT", UNIT, "TTLDTT_UNIT_RATING", "unrated", without(tl, "unit_r"), None, R)
    case("TTLDTT", UNIT, "TTLDTT_LDTT_SHARE", "3-of-4", tl, True, E)
    case(
        "TTLDTT",
        UNIT,
        "TTLDTT_LDTT_SHARE",
        "2-of-4",
        {**tl, "members": ldtt_members(y, 2, 4)},
        False,
        N,
    )
    case("TTLDTT", UNIT, "TTLDTT_NO_DISCIPLINE", "none", tl, True, E)
    disciplined = [{"r": {y: "HTTNV"}, "d": [("CANH_CAO", y)]}, *ldtt_members(y, 2, 3)]
    case(
        "TTLDTT",
        UNIT,
        "TTLDTT_NO_DISCIPLINE",
        "member-CANH_CAO",
        {**tl, "members": disciplined},
        False,
        N,
    )

    # TTLDXS
    xs = ok[("TTLDXS", UNIT)]
    case("TTLDXS", UNIT, "TTLDXS_UNIT_RATING", "HTXSNV", xs, True, E)
    case("TTLDXS", UNIT, "TTLDXS_UNIT_RATING", "HTTNV", {**xs, "unit_r": {y: "HTTNV"}}, False, N)
    case("TTLDXS", UNIT, "TTLDXS_ALL_COMPLETED", "all-HTNV+", xs, True, E)
    case(
        "TTLDXS",
        UNIT,
        "TTLDXS_ALL_COMPLETED",
        "member-KHTNV",
        {**xs, "members": ttldxs_members(y, last="KHTNV")},
        False,
        N,
    )
    case(
        "TTLDXS",
        UNIT,
        "TTLDXS_ALL_COMPLETED",
        "member-unrated",
        {**xs, "members": [*ttldxs_members(y)[:3], {}]},
        None,
        R,
    )
    case("TTLDXS", UNIT, "TTLDXS_LDTT_SHARE", "3-of-4", xs, True, E)
    case(
        "TTLDXS",
        UNIT,
        "TTLDXS_LDTT_SHARE",
        "2-of-4",
        {
            **xs,
            "members": [
                {"r": {y: "HTXSNV"}},
                {"r": {y: "HTTNV"}},
                {"r": {y: "HTNV"}},
                {"r": {y: "HTNV"}},
            ],
        },
        False,
        N,
    )
    case("TTLDXS", UNIT, "TTLDXS_ONE_CSTDCS", "one", xs, True, E)
    case(
        "TTLDXS",
        UNIT,
        "TTLDXS_ONE_CSTDCS",
        "none",
        {**xs, "members": ttldxs_members(y, top="HTTNV")},
        False,
        N,
    )
    case("TTLDXS", UNIT, "TTLDXS_NO_DISCIPLINE", "none", xs, True, E)
    case(
        "TTLDXS",
        UNIT,
        "TTLDXS_NO_DISCIPLINE",
        "member-CANH_CAO",
        {**xs, "members": [*ttldxs_members(y)[:3], {"r": {y: "HTTNV"}, "d": [("CANH_CAO", y)]}]},
        False,
        N,
    )

    # CO_TINH without a bloc: the rating side; leading a bloc is worked below on a real bloc
    case(
        "CO_TINH",
        UNIT,
        "CO_TINH_EXCEEDED_TARGETS",
        "HTXSNV-no-bloc",
        {"unit_r": {y: "HTXSNV"}},
        True,
        N,
    )
    case(
        "CO_TINH",
        UNIT,
        "CO_TINH_EXCEEDED_TARGETS",
        "HTTNV-no-bloc",
        {"unit_r": {y: "HTTNV"}},
        False,
        N,
    )
    case("CO_TINH", UNIT, "CO_TINH_LEADS_BLOC", "in-no-bloc", {"unit_r": {y: "HTXSNV"}}, False, N)


for _code in REGIME_CODES:
    build_cases(_code)


def case_id(row: tuple) -> str:
    code, award, path, rule, label, *_rest = row
    citation = short(rule_of(code, award, path, rule).citation)
    where = f"{award}/{path}" if path == UNIT and regime(code).paths(award)[0] == PERSON else award
    return f"{rule} · {code} · {citation} · {where} {label}"


def build(spec: dict[str, Any], path: str, agency: Unit) -> Person | Unit:
    if path == UNIT:
        unit = build_unit(spec, parent=agency)
        for award_code, year, kind in spec.get("ua", []):
            make_award(unit, award_code, year, kind=kind)
        return unit
    return build_person(spec, unit=agency)


@pytest.mark.parametrize(
    ("code", "award", "path", "rule", "label", "spec", "passed", "verdict"),
    ROWS,
    ids=[case_id(r) for r in ROWS],
)
def test_rule(db, code, award, path, rule, label, spec, passed, verdict):  # noqa: PLR0917
    year = YEAR[code]
    candidate = build(spec, path, make_unit())
    if path == UNIT:
        screening = screen(award, year, units=Unit.objects.filter(pk=candidate.pk))
    else:
        screening = screen(award, year, people=Person.objects.filter(pk=candidate.pk))
    assert (screening.regime, screening.recipient_type) == (code, path)
    [result] = screening.results
    assert result.recipient_code == candidate.code
    checks = {c.rule: c for c in result.checks}
    assert checks[rule].passed is passed, checks[rule].message
    assert result.verdict == verdict, [(c.rule, c.passed, c.message) for c in result.checks]
    # every rule of the path is evaluated, failed ones included, with message and citation;
    # the citation shown is the rule's; an unconfirmed rule says so
    block = regime(code).rules_for(award, path)
    assert [c.rule for c in result.checks if not c.affirm] == [r.code for r in block.rules]
    assert [c.rule for c in result.checks if c.affirm] == [a.code for a in block.affirm]
    assert checks[rule].citation == rule_of(code, award, path, rule).citation
    assert all(c.message and c.citation for c in result.checks)
    assert "{" not in "".join(c.message for c in result.checks)
    if checks[rule].confidence == "U":
        assert "(chưa xác nhận)" in checks[rule].message


def test_every_rule_has_a_passing_and_a_failing_case():
    """Iterates over the loaded regimes: each rule of each path has a case where it passes and
    one where it fails (a ``manual_review`` rule: one where it is unknown), and each path of
    each award has an ELIGIBLE case (NEEDS_REVIEW for a path only people decide)."""
    outcomes: dict[tuple[str, str, str, str], set[bool | None]] = {}
    verdicts: dict[tuple[str, str, str], set[str]] = {}
    for code, award, path, rule, _label, _spec, passed, verdict in ROWS + BLOC_ROWS:
        outcomes.setdefault((code, award, path, rule), set()).add(passed)
        verdicts.setdefault((code, award, path), set()).add(verdict)
    missing = []
    for code in REGIME_CODES:
        reg = regime(code)
        for award in reg.awards:
            for path in reg.paths(award):
                block = reg.rules_for(award, path)
                manual = all(r.predicate == "manual_review" for r in block.rules)
                if (E if not manual else R) not in verdicts.get((code, award, path), set()):
                    missing.append((code, award, path, "ELIGIBLE"))
                for rule in block.rules:
                    seen = outcomes.get((code, award, path, rule.code), set())
                    wanted = {None} if rule.predicate == "manual_review" else {True, False}
                    missing += [(code, award, path, rule.code, w) for w in wanted - seen]
    assert missing == []


# == Whole verdicts across the regimes, worked by hand ======================================

VERDICTS = [
    # each: label, award, path, year, spec, regime and verdict
    (
        "3 CSTDCS 2016-2018 -> CSTD_TINH 2018",
        "CSTD_TINH",
        PERSON,
        2018,
        {"a": [("CSTDCS", 2016, M), ("CSTDCS", 2017, M), ("CSTDCS", 2018, M)]},
        "ND91_2017",
        E,
    ),
    (
        "the same chain with a MOVEMENT 2017 CSTDCS",
        "CSTD_TINH",
        PERSON,
        2018,
        {"a": [("CSTDCS", 2016, M), ("CSTDCS", 2017, MOV), ("CSTDCS", 2018, M)]},
        "ND91_2017",
        N,
    ),
    (
        "2024 CSTD_TINH without a provincial-scope initiative",
        "CSTD_TINH",
        PERSON,
        2024,
        {"a": [("CSTDCS", 2022, M), ("CSTDCS", 2023, M), ("CSTDCS", 2024, M)]},
        "ND98_2023",
        N,
    ),
    (
        "2024 CSTD_TINH with a 2023 provincial-scope initiative",
        "CSTD_TINH",
        PERSON,
        2024,
        {
            "a": [("CSTDCS", 2022, M), ("CSTDCS", 2023, M), ("CSTDCS", 2024, M)],
            "i": [(2023, TINH)],
        },
        "ND98_2023",
        E,
    ),
    (
        "held by an open disciplinary review",
        "CSTDCS",
        PERSON,
        2025,
        {"r": {2025: "HTXSNV"}, "hold": True},
        "ND152_2025",
        H,
    ),
    ("missing 2024 rating", "LDTT", PERSON, 2024, {"r": {2023: "HTXSNV"}}, "ND98_2023", R),
    (
        "LDTT 2019 of kind MOVEMENT does not make CSTDCS",
        "CSTDCS",
        PERSON,
        2019,
        {"r": {2019: "HTNV"}, "a": [("LDTT", 2019, MOV)], "i": [(2019, CO_SO)]},
        "ND91_2017",
        N,
    ),
    (
        "CSTD_TQ 2024: CSTD_TINH 2021 (ND91) then 2022-2024 chain, nationwide initiative",
        "CSTD_TQ",
        PERSON,
        2024,
        {
            "r": {2024: "HTXSNV"},
            "a": [("CSTD_TINH", 2021, M), ("CSTDCS", 2022, M), ("CSTDCS", 2023, M)],
            "i": [(2023, TQ)],
        },
        "ND98_2023",
        E,
    ),
    (
        "CSTD_TQ 2024 with CSTD_TINH 2023 instead of 2021 (no back-to-back chains)",
        "CSTD_TQ",
        PERSON,
        2024,
        {
            "r": {2024: "HTXSNV"},
            "a": [("CSTD_TINH", 2023, M), ("CSTDCS", 2022, M), ("CSTDCS", 2023, M)],
            "i": [(2023, TQ)],
        },
        "ND98_2023",
        N,
    ),
    (
        "BANG_KHEN_TTG 2025: BK 2020, HTTNV 2021-2025, CSTDCS 2021, 2023, 2025",
        "BANG_KHEN_TTG",
        PERSON,
        2025,
        {
            "a": [
                ("BANG_KHEN_TINH", 2020, M),
                ("CSTDCS", 2021, M),
                ("CSTDCS", 2023, M),
                ("CSTDCS", 2025, M),
            ],
            "r": ratings(2021, 2025, "HTTNV"),
        },
        "ND152_2025",
        E,
    ),
    (
        "BANG_KHEN_TTG 2025 on a MOVEMENT Bằng khen",
        "BANG_KHEN_TTG",
        PERSON,
        2025,
        {
            "a": [
                ("BANG_KHEN_TINH", 2020, MOV),
                ("CSTDCS", 2021, M),
                ("CSTDCS", 2023, M),
                ("CSTDCS", 2025, M),
            ],
            "r": ratings(2021, 2025, "HTTNV"),
        },
        "ND152_2025",
        N,
    ),
    (
        "BANG_KHEN_TTG 2025 with CSTDCS 2025 decided by the same screening",
        "BANG_KHEN_TTG",
        PERSON,
        2025,
        {
            "a": [("BANG_KHEN_TINH", 2019, M), ("CSTDCS", 2021, M), ("CSTDCS", 2023, M)],
            "r": {**ratings(2021, 2024, "HTTNV"), 2025: "HTXSNV"},
        },
        "ND152_2025",
        E,
    ),
    (
        "collective BANG_KHEN_TINH 2024: TTLDXS 2023 and TTLDXS 2024 by the screening",
        "BANG_KHEN_TINH",
        UNIT,
        2024,
        {
            "unit_r": {2023: "HTTNV", 2024: "HTXSNV"},
            "ua": [("TTLDXS", 2023, M)],
            "members": ttldxs_members(2024),
        },
        "ND98_2023",
        E,
    ),
    (
        "collective GIAY_KHEN 2019",
        "GIAY_KHEN",
        UNIT,
        2019,
        {"unit_r": {2019: "HTTNV"}},
        "ND91_2017",
        E,
    ),
    ("collective BANG_KHEN_TTG 2020", "BANG_KHEN_TTG", UNIT, 2020, {}, "ND91_2017", R),
    ("collective BANG_KHEN_TTG 2024", "BANG_KHEN_TTG", UNIT, 2024, {}, "ND98_2023", R),
    ("collective BANG_KHEN_TTG 2026", "BANG_KHEN_TTG", UNIT, 2026, {}, "ND152_2025", R),
]


@pytest.mark.parametrize(
    ("label", "award", "path", "year", "spec", "code", "verdict"),
    VERDICTS,
    ids=[f"{v[1]} · {v[5]} · {v[3]} · {v[0]}" for v in VERDICTS],
)
def test_whole_verdict(db, label, award, path, year, spec, code, verdict):  # noqa: PLR0917
    candidate = build(spec, path, make_unit())
    if path == UNIT:
        screening = screen(award, year, units=Unit.objects.filter(pk=candidate.pk))
    else:
        screening = screen(award, year, people=Person.objects.filter(pk=candidate.pk))
    assert screening.regime == code
    [result] = screening.results
    assert result.verdict == verdict, [(c.rule, c.passed, c.message) for c in result.checks]


def test_unconfirmed_collective_bang_khen_ttg_says_why(db):
    unit = build_unit({}, parent=make_unit())
    [result] = screen("BANG_KHEN_TTG", 2024, units=Unit.objects.filter(pk=unit.pk)).results
    [check] = result.checks
    assert check.rule == "BANG_KHEN_TTG_UNIT_UNCONFIRMED"
    assert check.message == (
        "Tiêu chuẩn Bằng khen của Thủ tướng Chính phủ cho tập thể chưa được xác nhận trong "
        "hệ thống: Hội đồng xem xét hồ sơ theo Luật Thi đua, khen thưởng 2022, Điều 73 "
        "(chưa xác nhận)"
    )


def test_affirmed_criteria_never_decide(db):
    """GIAY_KHEN: the achievement (and a unit's unity) are listed for the unit to affirm."""
    person = build_person({"r": {2024: "HTTNV"}}, unit=make_unit())
    [result] = screen("GIAY_KHEN", 2024, people=Person.objects.filter(pk=person.pk)).results
    affirm = [(c.rule, c.passed, c.required) for c in result.checks if c.affirm]
    assert affirm == [("GIAY_KHEN_ACHIEVEMENT", None, False)]
    assert result.verdict == E
    unit = build_unit({"unit_r": {2024: "HTTNV"}}, parent=make_unit())
    [result] = screen("GIAY_KHEN", 2024, units=Unit.objects.filter(pk=unit.pk)).results
    assert [c.rule for c in result.checks if c.affirm] == [
        "GIAY_KHEN_UNIT_ACHIEVEMENT",
        "GIAY_KHEN_UNIT_UNITY",
    ]
    assert all("(cần đơn vị xác nhận)" in c.message for c in result.checks if c.affirm)
    assert result.verdict == E


# == CO_TINH on a real emulation bloc ========================================================
# The bloc of tests/results (TTBCXB, CNTT, BAOLS) scored as in test_bloc_ranking: CNTT 55
# (first), TTBCXB 44.1, BAOLS 20. The movement is moved to end in the screened year.

BLOC_ROWS: list[tuple[str, str, str, str, str, dict, bool | None, str]] = []
for _code in REGIME_CODES:
    BLOC_ROWS += [
        (_code, "CO_TINH", UNIT, "CO_TINH_LEADS_BLOC", "first-released", {"unit": "CNTT"}, True, E),
        (
            _code,
            "CO_TINH",
            UNIT,
            "CO_TINH_LEADS_BLOC",
            "second-released",
            {"unit": "TTBCXB"},
            False,
            N,
        ),
        (
            _code,
            "CO_TINH",
            UNIT,
            "CO_TINH_LEADS_BLOC",
            "first-not-released",
            {"unit": "CNTT", "released": False},
            None,
            R,
        ),
    ]


def ranked_bloc(sw, year: int, *, released: bool = True):
    from tests.results.test_blocs import _assessed

    bloc, _c, _ch = upsert_bloc(
        sw.movement,
        "K1",
        name="Khối các phòng chuyên môn",
        leader=sw.div_a,
        deputy=sw.div_b,
        members=[sw.outside],
        actor=sw.officer,
    )
    _assessed(sw, sw.div_a, sw.head_a, {"1.1": 15, "1.2": 18}, review={"1.1": 12})
    _assessed(sw, sw.div_b, sw.head_b, {"1.1": 20, "1.2": 20})
    _assessed(sw, sw.outside, sw.officer, {"1.1": 10, "1.2": 10})
    save_peer_score(bloc, scorer=sw.div_b, subject=sw.div_a, points=80)
    save_peer_score(bloc, scorer=sw.outside, subject=sw.div_a, points=70)
    save_peer_score(bloc, scorer=sw.div_a, subject=sw.div_b, points=90)
    if released:
        release_results(sw.movement, actor=sw.officer)
    Movement.objects.filter(pk=sw.movement.pk).update(
        period_start=dt.date(year, 1, 1), period_end=dt.date(year, 12, 31)
    )
    assert [(r.rank, r.code, r.combined) for r in bloc_results(bloc)][:2] == [
        (1, "CNTT", Decimal(55)),
        (2, "TTBCXB", Decimal("44.10")),
    ]
    return bloc


@pytest.mark.parametrize(
    ("code", "award", "path", "rule", "label", "spec", "passed", "verdict"),
    BLOC_ROWS,
    ids=[
        f"{r[3]} · {r[0]} · {short(rule_of(r[0], r[1], r[2], r[3]).citation)} · CO_TINH {r[4]}"
        for r in BLOC_ROWS
    ],
)
def test_co_tinh_on_a_ranked_bloc(scoring, code, award, path, rule, label, spec, passed, verdict):  # noqa: F811, PLR0917
    year = YEAR[code]
    ranked_bloc(scoring, year, released=spec.get("released", True))
    unit = Unit.objects.get(code=spec["unit"])
    services.set_unit_rating(unit, year, "HTXSNV")
    screening = screen(award, year, units=Unit.objects.filter(pk=unit.pk))
    assert screening.regime == code
    [result] = screening.results
    checks = {c.rule: c for c in result.checks}
    assert checks[rule].passed is passed, checks[rule].message
    assert result.verdict == verdict, [(c.rule, c.passed, c.message) for c in result.checks]
    assert "Khối các phòng chuyên môn (TTDN-2018): hạng" in checks[rule].message


def test_co_tinh_message_shows_the_standing(scoring, django_assert_max_num_queries):  # noqa: F811
    ranked_bloc(scoring, 2024)
    units = Unit.objects.filter(code__in=["CNTT", "TTBCXB", "BAOLS"])
    for unit in units:
        services.set_unit_rating(unit, 2024, "HTXSNV")
    # the fixed queries of a collective screening, three for the blocs, and the ranking of
    # the one bloc concerned (results.blocs.bloc_results): never a query per unit
    with django_assert_max_num_queries(22):
        screening = screen("CO_TINH", 2024, units=units)
    result = {r.recipient_code: r for r in screening.results}
    assert {code: r.verdict for code, r in result.items()} == {
        "CNTT": E,
        "TTBCXB": N,
        "BAOLS": N,
    }
    [leads] = [c for c in result["CNTT"].checks if c.rule == "CO_TINH_LEADS_BLOC"]
    assert leads.message == (
        "Là tập thể dẫn đầu khối, cụm thi đua của tỉnh năm 2024, kết quả đã công bố "
        "(Khối các phòng chuyên môn (TTDN-2018): hạng 1/3)"
    )
