"""Regime files: loading validates them; the regime follows the achievement year; local
overrides change parameters only, validated and audited."""

from __future__ import annotations

import copy

import pytest
import yaml
from django.core.exceptions import ValidationError

from tests.awards.scenario import build_person
from tests.factories import make_unit, make_user
from thidua.awards.eligibility import screen
from thidua.awards.regimes import (
    REGIME_CODES,
    REGIME_DIR,
    RegimeError,
    load_regime,
    parse_regime,
    regime_for_year,
    set_rule_override,
)
from thidua.core.models import AuditEvent
from thidua.org.models import Person


def _raw(code: str = "ND98_2023") -> dict:
    return yaml.safe_load((REGIME_DIR / f"{code}.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("code", REGIME_CODES)
def test_every_regime_file_loads(code):
    regime = parse_regime(_raw(code), code)
    assert regime.code == code
    assert {"LDTT", "CSTDCS", "CSTD_TINH", "TTLDTT", "TTLDXS"} <= set(regime.awards)
    for block in regime.awards.values():
        assert all(r.citation and r.message for r in block.rules)


def test_effective_dates():
    dates = {
        c: (str(r.effective_from), str(r.effective_to))
        for c in REGIME_CODES
        for r in [load_regime(c, overrides=False)]
    }
    assert dates == {
        "ND91_2017": ("2017-09-15", "2023-12-31"),
        "ND98_2023": ("2024-01-01", "2025-06-30"),
        "ND152_2025": ("2025-07-01", "None"),
    }


@pytest.mark.parametrize(
    ("year", "code"),
    [
        (2017, "ND91_2017"),
        (2023, "ND91_2017"),
        (2024, "ND98_2023"),
        (2025, "ND152_2025"),
        (2030, "ND152_2025"),
    ],
)
def test_regime_for_year(year, code):
    assert regime_for_year(year) == code


def test_no_regime_before_2017():
    with pytest.raises(ValidationError) as exc:
        regime_for_year(2016)
    assert "2016" in exc.value.message_dict["year"][0]


def _mutate(fn) -> dict:
    data = copy.deepcopy(_raw())
    fn(data)
    return data


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (
            lambda d: d["awards"]["LDTT"]["rules"][1].update(predicate="is_nice"),
            "không có vị từ (predicate) “is_nice”",
        ),
        (lambda d: d["awards"]["LDTT"]["rules"][1].pop("citation"), "thiếu “citation”"),
        (lambda d: d["awards"]["LDTT"]["rules"][1].update(message=""), "thiếu “message”"),
        (
            lambda d: d["awards"]["LDTT"]["rules"][1]["params"].update(min_rating="GIOI"),
            "không hợp lệ cho tham số “min_rating”",
        ),
        (
            lambda d: d["awards"]["LDTT"]["rules"][1]["params"].update(extra=1),
            "tham số không hợp lệ cho “rating_at_least”: extra",
        ),
        (
            lambda d: d["awards"]["TTLDTT"]["rules"][1]["params"].update(min_share="70%"),
            "không hợp lệ cho tham số “min_share”",
        ),
        (lambda d: d["awards"]["TTLDTT"]["rules"][1]["params"].pop("code"), "thiếu tham số “code”"),
        (lambda d: d["awards"]["LDTT"]["rules"][1].update(confidence="X"), "“confidence”"),
        (
            lambda d: d["awards"]["TTLDTT"]["rules"].append(
                {
                    "code": "X",
                    "predicate": "rating_at_least",
                    "params": {"min_rating": "HTNV"},
                    "message": "m",
                    "citation": "c",
                }
            ),
            "không áp dụng cho đối tượng unit",
        ),
        (
            lambda d: d["awards"]["LDTT"]["rules"].append(dict(d["awards"]["LDTT"]["rules"][0])),
            "bị trùng",
        ),
        (
            lambda d: d["awards"]["CSTDCS"]["rules"][2]["params"]["options"][0].update(
                predicate="nope"
            ),
            "CSTDCS.rules[2].options[0]: không có vị từ",
        ),
    ],
)
def test_invalid_files_are_refused_with_a_clear_error(mutate, fragment):
    with pytest.raises(RegimeError) as exc:
        parse_regime(_mutate(mutate), "ND98_2023.yaml")
    assert fragment in str(exc.value)
    assert str(exc.value).startswith("ND98_2023.yaml")


def test_caps_are_data_not_eligibility():
    block = load_regime("ND91_2017", overrides=False).awards["CSTDCS"]
    caps = {p.code: p.params for p in block.parameters}
    assert caps["CSTDCS_CAP"] == {"max_share_of_ldtt": 0.15}
    assert all(r.predicate != "cap" for r in block.rules)


def test_override_changes_a_parameter_and_is_audited(db):
    admin = make_user(username="quantri", is_superuser=True)
    row = set_rule_override(
        "ND98_2023",
        "TTLDTT",
        "TTLDTT_LDTT_SHARE",
        "min_share",
        0.8,
        note="Quyết định của UBND tỉnh",
        actor=admin,
    )
    assert row.changed_by == admin
    rule = next(
        r for r in load_regime("ND98_2023").awards["TTLDTT"].rules if r.code == "TTLDTT_LDTT_SHARE"
    )
    assert rule.params["min_share"] == 0.8
    assert rule.predicate == "member_share_with_title"
    event = AuditEvent.objects.get(action="awards.rule_override")
    assert (event.before, event.after["value"], event.actor) == ({"value": 0.7}, 0.8, admin)
    # the file itself is unchanged
    assert (
        load_regime("ND98_2023", overrides=False).awards["TTLDTT"].rules[1].params["min_share"]
        == 0.7
    )


def test_override_applies_in_screening(db):
    set_rule_override("ND98_2023", "LDTT", "LDTT_RATING", "min_rating", "HTXSNV")
    person = build_person({"r": {2024: "HTTNV"}}, unit=make_unit())
    [result] = screen("LDTT", 2024, people=Person.objects.filter(pk=person.pk)).results
    assert result.verdict == "NOT_ELIGIBLE"


def test_override_of_a_cap(db):
    set_rule_override("ND91_2017", "CSTDCS", "CSTDCS_CAP", "max_share_of_ldtt", 0.1)
    caps = {p.code: p.params for p in load_regime("ND91_2017").awards["CSTDCS"].parameters}
    assert caps["CSTDCS_CAP"] == {"max_share_of_ldtt": 0.1}


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("ND00_1999", "LDTT", "LDTT_RATING", "min_rating", "HTXSNV"), "regime"),
        (("ND98_2023", "CO_CP", "X", "min_rating", "HTXSNV"), "award_code"),
        (("ND98_2023", "LDTT", "LDTT_RATING", "predicate", "one_of"), "parameter"),
        (("ND98_2023", "LDTT", "NO_SUCH_RULE", "min_rating", "HTXSNV"), "parameter"),
        (("ND98_2023", "LDTT", "LDTT_RATING", "min_rating", "GIOI"), "value"),
        (("ND98_2023", "TTLDTT", "TTLDTT_LDTT_SHARE", "min_share", "0.8"), "value"),
        (("ND98_2023", "TTLDTT", "TTLDTT_LDTT_SHARE", "strict", 1), "value"),
        (("ND98_2023", "CSTDCS", "CSTDCS_HTXSNV_OR_INITIATIVE", "options", []), "parameter"),
    ],
)
def test_override_is_validated(db, args, field):
    with pytest.raises(ValidationError) as exc:
        set_rule_override(*args)
    assert field in exc.value.message_dict
    assert not AuditEvent.objects.filter(action="awards.rule_override").exists()


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (
            lambda d: d["awards"]["TTLDTT"].update(unit=d["awards"]["GIAY_KHEN"]["unit"]),
            "TTLDTT.unit: TTLDTT không có đường xét riêng cho tập thể",
        ),
        (
            lambda d: d["awards"]["GIAY_KHEN"]["unit"]["rules"][0].update(
                code="GIAY_KHEN_GOOD_COMPLETION"
            ),
            "GIAY_KHEN.unit: mã quy tắc trùng với đường cá nhân: GIAY_KHEN_GOOD_COMPLETION",
        ),
        (
            lambda d: d["awards"]["GIAY_KHEN"]["unit"]["rules"][0].update(
                predicate="rating_at_least"
            ),
            "GIAY_KHEN.unit.rules[0]: vị từ “rating_at_least” không áp dụng cho đối tượng unit",
        ),
        (
            lambda d: d["awards"]["CSTD_TQ"]["rules"][1]["params"].update(step="3"),
            "không hợp lệ cho tham số “step”",
        ),
    ],
)
def test_invalid_unit_paths_are_refused(mutate, fragment):
    with pytest.raises(RegimeError) as exc:
        parse_regime(_mutate(mutate), "ND98_2023.yaml")
    assert fragment in str(exc.value)


@pytest.mark.parametrize("code", REGIME_CODES)
def test_forms_have_a_person_and_a_unit_path(code):
    regime = load_regime(code, overrides=False)
    for award in ("GIAY_KHEN", "BANG_KHEN_TINH", "BANG_KHEN_TTG"):
        assert regime.paths(award) == ("person", "unit")
        assert regime.rules_for(award).recipient == "person"
        assert regime.rules_for(award, "unit").recipient == "unit"
    assert regime.paths("CO_TINH") == ("unit",)
    assert regime.rules_for("CO_TINH", "person") is None
    assert regime.rules_for("CSTD_TQ", "unit") is None
    assert regime.paths("CO_CP") == ()


@pytest.mark.parametrize("code", REGIME_CODES)
def test_unconfirmed_items_are_marked(code):
    """The collective BANG_KHEN_TTG [U] and the rating standing for "exceeded targets"."""
    regime = load_regime(code, overrides=False)
    assert regime.rules_for("BANG_KHEN_TTG", "unit").rules[0].confidence == "U"
    co_tinh = {r.code: r.confidence for r in regime.rules_for("CO_TINH").rules}
    assert co_tinh["CO_TINH_EXCEEDED_TARGETS"] == "U"
    unconfirmed_vote = code != "ND98_2023"
    for award in ("CSTD_TQ", "CO_TINH"):
        [vote] = regime.rules_for(award).parameters
        assert (vote.confidence == "U") is unconfirmed_vote


def test_override_of_a_unit_path_rule(db):
    set_rule_override(
        "ND98_2023", "GIAY_KHEN", "GIAY_KHEN_UNIT_GOOD_COMPLETION", "min_rating", "HTXSNV"
    )
    regime = load_regime("ND98_2023")
    assert regime.rules_for("GIAY_KHEN", "unit").rules[0].params == {"min_rating": "HTXSNV"}
    # the individual path keeps its value
    person_rule = regime.rules_for("GIAY_KHEN", "person").rules[1]
    assert person_rule.params == {"min_rating": "HTTNV"}
