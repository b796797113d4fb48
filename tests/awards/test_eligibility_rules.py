"""Every rule of every regime, table-driven, with cases worked out by hand from LEGAL-RULES.md.

Each case names the regime, the award, the rule it targets and the rule's citation (its id);
it builds the data through the services, screens the one candidate, and checks the verdict and
the targeted rule's outcome. ``test_every_rule_has_a_case`` fails if a regime file gains a rule
without a case here.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.awards.scenario import build_person, build_unit
from tests.factories import make_unit
from thidua.awards.eligibility import screen
from thidua.awards.regimes import REGIME_CODES, load_regime
from thidua.org.models import Person, Unit

YEAR = {"ND91_2017": 2023, "ND98_2023": 2024, "ND152_2025": 2025}
E, N, H, R = "ELIGIBLE", "NOT_ELIGIBLE", "ON_HOLD", "NEEDS_REVIEW"
CO_SO, TINH = "SCOPE_CO_SO", "SCOPE_TINH"
CITE = {
    "ND91_2017": {
        "hold": "ND91-Art4",
        "LDTT": "Luat2003-Art24",
        "LDTT_DISC": "ND65_2014-Art5.6",
        "CSTDCS": "ND91-Art9",
        "CSTD_TINH": "Luat2003-Art22",
        "TTLDTT": "Luat2003-Art28",
        "TTLDXS": "Luat2003-Art27",
        "BK": "ND91-Art39",
    },
    "ND98_2023": {
        "hold": "Luat2022-Art5-ND98-Art4",
        "LDTT": "Luat2022-Art24.1",
        "CSTDCS": "Luat2022-Art23",
        "CSTD_TINH": "Luat2022-Art22",
        "TTLDTT": "Luat2022-Art28",
        "TTLDXS": "Luat2022-Art27",
        "BK": "Luat2022-Art74",
    },
}
CITE["ND152_2025"] = {**CITE["ND98_2023"], "hold": "Luat2022-Art5-ND152-Art4"}

CASES: list[Any] = []


def case(  # noqa: PLR0917  (one row of the table, read positionally)
    regime: str,
    award: str,
    rule: str,
    cite: str,
    label: str,
    spec: dict,
    verdict: str,
    passed: bool | None,
) -> None:
    CASES.append(
        pytest.param(
            regime,
            award,
            rule,
            spec,
            verdict,
            passed,
            id=f"{regime}-{award}-{rule}({label})-{CITE[regime][cite]}",
        )
    )


def person_cases(regime: str) -> None:
    y = YEAR[regime]
    # LDTT
    case(regime, "LDTT", "LDTT_RATING", "LDTT", "HTTNV", {"r": {y: "HTTNV"}}, E, True)
    case(regime, "LDTT", "LDTT_RATING", "LDTT", "HTNV", {"r": {y: "HTNV"}}, N, False)
    case(regime, "LDTT", "LDTT_RATING", "LDTT", "no-rating", {"r": {y - 1: "HTXSNV"}}, R, None)
    case(
        regime,
        "LDTT",
        "LDTT_NOT_ON_HOLD",
        "hold",
        "under-review",
        {"r": {y: "HTXSNV"}, "hold": True},
        H,
        False,
    )
    # CSTDCS: LDTT in the year (screened or in the register) and one of HTXSNV / initiative
    case(regime, "CSTDCS", "LDTT_IN_YEAR", "CSTDCS", "LDTT+HTXSNV", {"r": {y: "HTXSNV"}}, E, True)
    case(
        regime,
        "CSTDCS",
        "LDTT_IN_YEAR",
        "CSTDCS",
        "KHTNV+initiative",
        {"r": {y: "KHTNV"}, "i": [(y, CO_SO)]},
        N,
        False,
    )
    one_of = next(
        r.code
        for r in load_regime(regime, overrides=False).awards["CSTDCS"].rules
        if r.predicate == "one_of"
    )
    case(
        regime,
        "CSTDCS",
        one_of,
        "CSTDCS",
        "LDTT+grassroots-initiative",
        {"r": {y: "HTTNV"}, "i": [(y, CO_SO)]},
        E,
        True,
    )
    case(regime, "CSTDCS", one_of, "CSTDCS", "LDTT-only", {"r": {y: "HTTNV"}}, N, False)
    case(
        regime,
        "CSTDCS",
        one_of,
        "CSTDCS",
        "initiative-of-previous-year",
        {"r": {y: "HTTNV"}, "i": [(y - 1, CO_SO)]},
        N,
        False,
    )
    case(
        regime,
        "CSTDCS",
        one_of,
        "CSTDCS",
        "initiative-already-used-for-CSTDCS",
        {"r": {y: "HTTNV"}, "i": [(y, CO_SO, "CSTDCS")]},
        N,
        False,
    )
    case(
        regime,
        "CSTDCS",
        one_of,
        "CSTDCS",
        "initiative-used-for-other-title-counts",
        {"r": {y: "HTTNV"}, "i": [(y, CO_SO, "BANG_KHEN_TINH")]},
        E,
        True,
    )
    case(
        regime,
        "CSTDCS",
        one_of,
        "CSTDCS",
        "LDTT-in-register-no-rating",
        {"a": [("LDTT", y, "MERIT")]},
        R,
        None,
    )
    case(
        regime,
        "CSTDCS",
        "CSTDCS_NOT_ON_HOLD",
        "hold",
        "under-review",
        {"r": {y: "HTXSNV"}, "hold": True},
        H,
        False,
    )
    # CSTD_TINH: 3 consecutive MERIT CSTDCS ending at the year
    chain = [("CSTDCS", y - 2, "MERIT"), ("CSTDCS", y - 1, "MERIT"), ("CSTDCS", y, "MERIT")]
    init = [(y, TINH)] if regime != "ND91_2017" else []
    ok = {"r": {y: "HTXSNV"}, "a": chain, "i": init}
    case(regime, "CSTD_TINH", "CSTD_TINH_CSTDCS_CHAIN", "CSTD_TINH", "3-MERIT-CSTDCS", ok, E, True)
    case(
        regime,
        "CSTD_TINH",
        "CSTD_TINH_CSTDCS_CHAIN",
        "CSTD_TINH",
        "MOVEMENT-kind-breaks",
        {**ok, "r": {y: "HTTNV"}, "a": [chain[0], ("CSTDCS", y - 1, "MOVEMENT"), chain[2]]},
        N,
        False,
    )
    case(
        regime,
        "CSTD_TINH",
        "CSTD_TINH_CSTDCS_CHAIN",
        "CSTD_TINH",
        "gap-year-breaks",
        {**ok, "r": {y: "HTTNV"}, "a": [("CSTDCS", y - 3, "MERIT"), chain[0], chain[2]]},
        N,
        False,
    )
    case(
        regime,
        "CSTD_TINH",
        "CSTD_TINH_CSTDCS_CHAIN",
        "CSTD_TINH",
        "revoked-does-not-count",
        {**ok, "r": {y: "HTTNV"}, "a": [(*chain[0], "REVOKED"), chain[1], chain[2]]},
        N,
        False,
    )
    case(
        regime,
        "CSTD_TINH",
        "CSTD_TINH_CSTDCS_CHAIN",
        "CSTD_TINH",
        "last-year-CSTDCS-found-in-same-screening",
        {"r": {y: "HTXSNV"}, "a": chain[:2], "i": init},
        E,
        True,
    )
    case(
        regime,
        "CSTD_TINH",
        "CSTD_TINH_NOT_ON_HOLD",
        "hold",
        "under-review",
        {**ok, "hold": True},
        H,
        False,
    )
    if regime != "ND91_2017":
        case(
            regime,
            "CSTD_TINH",
            "CSTD_TINH_INITIATIVE",
            "CSTD_TINH",
            "province-initiative",
            ok,
            E,
            True,
        )
        case(
            regime,
            "CSTD_TINH",
            "CSTD_TINH_INITIATIVE",
            "CSTD_TINH",
            "grassroots-initiative-only",
            {**ok, "i": [(y, CO_SO)]},
            N,
            False,
        )
    # BANG_KHEN_TINH, individual paths
    if regime == "ND91_2017":
        case(
            regime,
            "BANG_KHEN_TINH",
            "BANG_KHEN_TINH_PERSON_PATH",
            "BK",
            "2xHTXSNV+2-initiatives",
            {"r": {y - 1: "HTXSNV", y: "HTXSNV"}, "i": [(y - 1, CO_SO), (y, CO_SO)]},
            E,
            True,
        )
        case(
            regime,
            "BANG_KHEN_TINH",
            "BANG_KHEN_TINH_PERSON_PATH",
            "BK",
            "1-initiative",
            {"r": {y - 1: "HTXSNV", y: "HTXSNV"}, "i": [(y, CO_SO)]},
            N,
            False,
        )
        case(
            regime,
            "BANG_KHEN_TINH",
            "BANG_KHEN_TINH_PERSON_PATH",
            "BK",
            "previous-year-unrated",
            {"r": {y: "HTXSNV"}, "i": [(y - 1, CO_SO), (y, CO_SO)]},
            R,
            None,
        )
    else:
        case(
            regime,
            "BANG_KHEN_TINH",
            "BANG_KHEN_TINH_PERSON_PATH",
            "BK",
            "2-CSTDCS",
            {"r": {y: "HTXSNV"}, "a": [("CSTDCS", y - 1, "MERIT")]},
            E,
            True,
        )
        case(
            regime,
            "BANG_KHEN_TINH",
            "BANG_KHEN_TINH_PERSON_PATH",
            "BK",
            "2xHTXSNV+2-initiatives",
            {"r": {y - 1: "HTXSNV", y: "HTXSNV"}, "i": [(y - 1, CO_SO), (y, CO_SO)]},
            E,
            True,
        )
        case(
            regime,
            "BANG_KHEN_TINH",
            "BANG_KHEN_TINH_PERSON_PATH",
            "BK",
            "1-CSTDCS-then-HTNV",
            {
                "r": {y - 1: "HTTNV", y: "HTNV"},
                "a": [("CSTDCS", y - 1, "MERIT")],
                "i": [(y, CO_SO)],
            },
            N,
            False,
        )
    case(
        regime,
        "BANG_KHEN_TINH",
        "BANG_KHEN_TINH_NOT_ON_HOLD",
        "hold",
        "under-review",
        {"r": {y - 1: "HTXSNV", y: "HTXSNV"}, "i": [(y - 1, CO_SO), (y, CO_SO)], "hold": True},
        H,
        False,
    )


def ldtt(y: int, n: int, of: int, *, extra: dict | None = None) -> list[dict]:
    """``of`` members rated HTNV, ``n`` of them HTTNV (LDTT found by the same screening)."""
    return [{"r": {y: "HTTNV"}} for _ in range(n)] + [{"r": {y: "HTNV"}} for _ in range(of - n)]


def unit_cases(regime: str) -> None:
    y = YEAR[regime]
    nd91 = regime == "ND91_2017"
    u = {y: "HTTNV"}
    # TTLDTT: share of LDTT members (> 50% under ND91_2017, >= 70% from ND98_2023)
    if nd91:
        case(
            regime,
            "TTLDTT",
            "TTLDTT_LDTT_SHARE",
            "TTLDTT",
            "3-of-4-LDTT",
            {"members": ldtt(y, 3, 4)},
            E,
            True,
        )
        case(
            regime,
            "TTLDTT",
            "TTLDTT_LDTT_SHARE",
            "TTLDTT",
            "exactly-50pct-is-not-more",
            {"members": ldtt(y, 2, 4)},
            N,
            False,
        )
        case(
            regime,
            "TTLDTT",
            "TTLDTT_LDTT_SHARE",
            "TTLDTT",
            "60pct-enough-under-ND91",
            {"members": ldtt(y, 3, 5)},
            E,
            True,
        )
    else:
        case(
            regime,
            "TTLDTT",
            "TTLDTT_LDTT_SHARE",
            "TTLDTT",
            "exactly-70pct",
            {"unit_r": u, "members": ldtt(y, 7, 10)},
            E,
            True,
        )
        case(
            regime,
            "TTLDTT",
            "TTLDTT_LDTT_SHARE",
            "TTLDTT",
            "60pct-not-enough",
            {"unit_r": u, "members": ldtt(y, 3, 5)},
            N,
            False,
        )
        case(
            regime,
            "TTLDTT",
            "TTLDTT_LDTT_SHARE",
            "TTLDTT",
            "LDTT-from-register",
            {"unit_r": u, "members": [{"a": [("LDTT", y, "MERIT")], "r": {y: "HTNV"}}]},
            E,
            True,
        )
        case(
            regime,
            "TTLDTT",
            "TTLDTT_LDTT_SHARE",
            "TTLDTT",
            "no-members",
            {"unit_r": u, "members": []},
            R,
            None,
        )
        case(
            regime,
            "TTLDTT",
            "TTLDTT_UNIT_RATING",
            "TTLDTT",
            "unit-HTTNV",
            {"unit_r": u, "members": ldtt(y, 1, 1)},
            E,
            True,
        )
        case(
            regime,
            "TTLDTT",
            "TTLDTT_UNIT_RATING",
            "TTLDTT",
            "unit-HTNV",
            {"unit_r": {y: "HTNV"}, "members": ldtt(y, 1, 1)},
            N,
            False,
        )
        case(
            regime,
            "TTLDTT",
            "TTLDTT_UNIT_RATING",
            "TTLDTT",
            "unit-unrated",
            {"members": ldtt(y, 1, 1)},
            R,
            None,
        )
    base = {"unit_r": u} if not nd91 else {}
    case(
        regime,
        "TTLDTT",
        "TTLDTT_NO_DISCIPLINE",
        "TTLDTT",
        "member-CANH_CAO",
        {**base, "members": [*ldtt(y, 3, 3), {"r": {y: "HTNV"}, "d": [("CANH_CAO", y)]}]},
        N,
        False,
    )
    case(
        regime,
        "TTLDTT",
        "TTLDTT_NO_DISCIPLINE",
        "TTLDTT",
        "KHIEN_TRACH-is-lighter",
        {**base, "members": [*ldtt(y, 3, 3), {"r": {y: "HTNV"}, "d": [("KHIEN_TRACH", y)]}]},
        E,
        True,
    )
    case(
        regime,
        "TTLDTT",
        "TTLDTT_NO_DISCIPLINE",
        "TTLDTT",
        "CANH_CAO-years-ago",
        {**base, "members": [*ldtt(y, 3, 3), {"r": {y: "HTNV"}, "d": [("CANH_CAO", y - 3)]}]},
        E,
        True,
    )
    # TTLDXS: 100% HTNV+, LDTT share, one CSTDCS (a member rated HTXSNV), no discipline
    xu = {"unit_r": {y: "HTXSNV"}} if not nd91 else {}
    good = [{"r": {y: "HTXSNV"}}, *ldtt(y, 3, 3)]  # 4/4 LDTT, one CSTDCS
    case(
        regime,
        "TTLDXS",
        "TTLDXS_ONE_CSTDCS",
        "TTLDXS",
        "one-member-CSTDCS",
        {**xu, "members": good},
        E,
        True,
    )
    case(
        regime,
        "TTLDXS",
        "TTLDXS_ONE_CSTDCS",
        "TTLDXS",
        "no-CSTDCS-member",
        {**xu, "members": ldtt(y, 4, 4)},
        N,
        False,
    )
    case(
        regime,
        "TTLDXS",
        "TTLDXS_ALL_COMPLETED",
        "TTLDXS",
        "one-member-KHTNV",
        {**xu, "members": [*good, *ldtt(y, 5, 5), {"r": {y: "KHTNV"}}]},
        N,
        False,
    )
    case(
        regime,
        "TTLDXS",
        "TTLDXS_ALL_COMPLETED",
        "TTLDXS",
        "one-member-unrated",
        {**xu, "members": [*good, *ldtt(y, 5, 5), {"r": {y - 1: "HTTNV"}}]},
        R,
        None,
    )
    case(
        regime,
        "TTLDXS",
        "TTLDXS_LDTT_SHARE",
        "TTLDXS",
        "below-share",
        {**xu, "members": [{"r": {y: "HTXSNV"}}, *ldtt(y, 1, 3)]},
        N,
        False,
    )
    if nd91:
        case(
            regime,
            "TTLDXS",
            "TTLDXS_LDTT_SHARE",
            "TTLDXS",
            "exactly-70pct-is-not-more",
            {"members": [{"r": {y: "HTXSNV"}}, *ldtt(y, 6, 9)]},
            N,
            False,
        )
    else:
        case(
            regime,
            "TTLDXS",
            "TTLDXS_LDTT_SHARE",
            "TTLDXS",
            "exactly-70pct",
            {**xu, "members": [{"r": {y: "HTXSNV"}}, *ldtt(y, 6, 9)]},
            E,
            True,
        )
        case(
            regime,
            "TTLDXS",
            "TTLDXS_UNIT_RATING",
            "TTLDXS",
            "unit-only-HTTNV",
            {"unit_r": {y: "HTTNV"}, "members": good},
            N,
            False,
        )
        case(
            regime,
            "TTLDXS",
            "TTLDXS_UNIT_RATING",
            "TTLDXS",
            "unit-HTXSNV",
            {**xu, "members": good},
            E,
            True,
        )
    case(
        regime,
        "TTLDXS",
        "TTLDXS_NO_DISCIPLINE",
        "TTLDXS",
        "member-CANH_CAO",
        {**xu, "members": [*good, *ldtt(y, 5, 5), {"r": {y: "HTNV"}, "d": [("CANH_CAO", y)]}]},
        N,
        False,
    )
    case(
        regime,
        "TTLDXS",
        "TTLDXS_NO_DISCIPLINE",
        "TTLDXS",
        "none-disciplined",
        {**xu, "members": good},
        E,
        True,
    )


for _regime in REGIME_CODES:
    person_cases(_regime)
    unit_cases(_regime)

# ND91_2017 only: the khiển trách exclusion is unconfirmed after 2017, shown but not deciding.
CASES.append(
    pytest.param(
        "ND91_2017",
        "LDTT",
        "LDTT_NO_DISCIPLINE",
        {"r": {2023: "HTTNV"}, "d": [("KHIEN_TRACH", 2023)]},
        E,
        False,
        id="ND91_2017-LDTT-LDTT_NO_DISCIPLINE(KHIEN_TRACH-advisory-U)-ND65_2014-Art5.6",
    )
)
CASES.append(
    pytest.param(
        "ND91_2017",
        "LDTT",
        "LDTT_NO_DISCIPLINE",
        {"r": {2023: "HTTNV"}},
        E,
        True,
        id="ND91_2017-LDTT-LDTT_NO_DISCIPLINE(none)-ND65_2014-Art5.6",
    )
)


@pytest.mark.parametrize(("regime", "award", "rule", "spec", "verdict", "passed"), CASES)
def test_rule(db, regime, award, rule, spec, verdict, passed):  # noqa: PLR0917
    year = YEAR[regime]
    agency = make_unit()
    if "members" in spec or "unit_r" in spec:
        unit = build_unit(spec, parent=agency)
        screening = screen(award, year, units=Unit.objects.filter(pk=unit.pk))
        code = unit.code
    else:
        person = build_person(spec, unit=agency)
        screening = screen(award, year, people=Person.objects.filter(pk=person.pk))
        code = person.code
    assert screening.regime == regime
    [result] = screening.results
    assert result.recipient_code == code
    checks = {c.rule: c for c in result.checks}
    assert checks[rule].passed is passed, checks[rule].message
    assert result.verdict == verdict, [(c.rule, c.passed, c.message) for c in result.checks]
    # every rule of the award is evaluated, failed ones included, with message and citation
    block = load_regime(regime, overrides=False).awards[award]
    assert [c.rule for c in result.checks if not c.affirm] == [r.code for r in block.rules]
    assert all(c.message and c.citation for c in result.checks)
    assert "{" not in "".join(c.message for c in result.checks)


# The titles and forms this file covers; test_rules_table.py covers every rule of every path
# of every regime (and fails when a rule is added without cases).
COVERED = ("LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS", "BANG_KHEN_TINH")


def test_every_rule_has_a_case():
    """Each rule of the covered awards of each regime is targeted by a case where it does not
    pass, and each award has an ELIGIBLE case (where every required rule passes)."""
    not_passing = {
        (p.values[0], p.values[1], p.values[2]) for p in CASES if p.values[5] is not True
    }
    eligible = {(p.values[0], p.values[1]) for p in CASES if p.values[4] == E}
    missing = []
    for code in REGIME_CODES:
        for award, block in load_regime(code, overrides=False).awards.items():
            if award not in COVERED:
                continue
            if (code, award) not in eligible:
                missing.append((code, award, "ELIGIBLE"))
            missing += [
                (code, award, rule.code)
                for rule in block.rules
                if (code, award, rule.code) not in not_passing
            ]
    assert missing == []
