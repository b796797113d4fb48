"""The legal regimes as data: one YAML file per regime in ``awards/regimes/``.

A regime lists, per title or form, its rules (code, predicate, parameters, Vietnamese message,
citation, confidence V/P/U, required), the criteria only people can judge (``affirm``: listed
"cần đơn vị xác nhận", never blocking, LEGAL-RULES principle 8) and plain parameters that are not
eligibility (``parameters``: council vote thresholds, caps; the nominations step applies them).
A form for people and collectives alike (GIAY_KHEN, BANG_KHEN_TINH, BANG_KHEN_TTG) has its
individual path as the block itself (``recipient: person``) and its collective path in a
``unit:`` block under it, with rule codes of its own: ``Regime.rules_for(code, "unit")`` and
``Regime.paths(code)``. A criterion the law leaves unconfirmed for the software to decide is
the ``manual_review`` predicate: always unknown, so NEEDS_REVIEW with the rule's message.
Loading validates the file; ``RegimeError`` says what is wrong and where.

Choosing the regime (``regime_for_year``): by the year of the achievement, the regime in force
on 31 December of that year. So 2017 (from 15/9/2017) to 2023 give ND91_2017, 2024 gives
ND98_2023, and 2025 gives ND152_2025: a year's titles are assessed at its end, after 1/7/2025
when Nghị định 152/2025 replaced 98/2023. (An ad hoc award for an achievement in the first half
of 2025 decided before 1/7/2025 would follow ND98_2023: ``regime_for_date`` covers that.)

Local overrides (``RuleOverride``) change parameters only, never predicates; they are written
by ``set_rule_override`` (validated, audited) and applied by ``load_regime``.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.awards.models import RuleOverride
from thidua.awards.predicates import PREDICATES, Param, value_matches
from thidua.core.audit import record_event
from thidua.core.codes import AWARDS

REGIME_DIR = Path(__file__).resolve().parent / "regimes"
REGIME_CODES = ("ND91_2017", "ND98_2023", "ND152_2025")
CONFIDENCES = ("V", "P", "U")
UNCONFIRMED_NOTE = "chưa xác nhận"
AFFIRM_NOTE = "cần đơn vị xác nhận"


class RegimeError(ValueError):
    """A regime file that cannot be used, with where and why."""


@dataclass(frozen=True)
class Rule:
    code: str
    predicate: str
    params: dict[str, Any]
    message: str
    citation: str
    confidence: str = "V"
    required: bool = True


@dataclass(frozen=True)
class Affirm:
    code: str
    message: str
    citation: str
    confidence: str = "V"


@dataclass(frozen=True)
class Parameter:
    """A number the law sets that is not eligibility (a council threshold, a cap)."""

    code: str
    params: dict[str, Any]
    message: str
    citation: str
    confidence: str = "V"


@dataclass(frozen=True)
class AwardRules:
    award_code: str
    rules: tuple[Rule, ...]
    affirm: tuple[Affirm, ...] = ()
    parameters: tuple[Parameter, ...] = ()
    recipient: str = "person"  # "person" or "unit": whom these rules screen


@dataclass(frozen=True)
class Regime:
    code: str
    name: str
    law: str
    decree: str
    effective_from: dt.date
    effective_to: dt.date | None
    awards: dict[str, AwardRules] = field(default_factory=dict)
    # The collective path of a form that also has an individual one (GIAY_KHEN,
    # BANG_KHEN_TINH, BANG_KHEN_TTG): the ``unit:`` block under the form in the file.
    unit_paths: dict[str, AwardRules] = field(default_factory=dict)

    def rules_for(self, award_code: str, recipient: str | None = None) -> AwardRules | None:
        """The rules of ``award_code``; with ``recipient`` ("person" or "unit") the rules of
        that path, or None when the regime has none for it."""
        block = self.awards.get(award_code)
        if recipient is None or block is None or block.recipient == recipient:
            return block
        if recipient == "unit":
            return self.unit_paths.get(award_code)
        return None

    def paths(self, award_code: str) -> tuple[str, ...]:
        """The recipients ("person", "unit") the regime has rules for, primary first."""
        block = self.awards.get(award_code)
        if block is None:
            return ()
        if award_code in self.unit_paths:
            return (block.recipient, "unit")
        return (block.recipient,)


def _fail(where: str, message: str) -> RegimeError:
    return RegimeError(f"{where}: {message}")


def _text(data: dict[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"thiếu “{key}” (chuỗi không rỗng)")
    return value.strip()


def _confidence(data: dict[str, Any], where: str) -> str:
    value = data.get("confidence", "V")
    if value not in CONFIDENCES:
        raise _fail(where, f"“confidence” phải là một trong {', '.join(CONFIDENCES)}")
    return value


def _check_params(predicate: str, params: Any, where: str, recipient: str) -> dict[str, Any]:
    spec = PREDICATES.get(predicate)
    if spec is None:
        raise _fail(where, f"không có vị từ (predicate) “{predicate}”")
    if recipient not in spec.applies_to:
        raise _fail(where, f"vị từ “{predicate}” không áp dụng cho đối tượng {recipient}")
    if params is None:
        params = {}
    if not isinstance(params, dict):
        raise _fail(where, "“params” phải là một bảng tên: giá trị")
    unknown = set(params) - set(spec.params)
    if unknown:
        raise _fail(where, f"tham số không hợp lệ cho “{predicate}”: {', '.join(sorted(unknown))}")
    for name, param in spec.params.items():
        if name not in params:
            if param.required:
                raise _fail(where, f"thiếu tham số “{name}” của “{predicate}”")
            continue
        value = params[name]
        if param.type == "options":
            _check_options(value, f"{where}.{name}", recipient)
        elif not value_matches(param, value):
            raise _fail(where, f"giá trị “{value!r}” không hợp lệ cho tham số “{name}”")
    return params


def _check_options(value: Any, where: str, recipient: str) -> None:
    """The sub-conditions of ``one_of`` / ``all_of``: each a labelled predicate with params."""
    if not isinstance(value, list) or not value:
        raise _fail(where, "phải là danh sách các điều kiện")
    for i, option in enumerate(value):
        sub = f"{where}[{i}]"
        if not isinstance(option, dict) or "predicate" not in option:
            raise _fail(sub, "mỗi điều kiện cần “predicate”")
        _text(option, "label", sub)
        option["params"] = _check_params(option["predicate"], option.get("params"), sub, recipient)


def _recipient(award_code: str, data: dict[str, Any], where: str) -> str:
    info = AWARDS.get(award_code)
    if info is None:
        raise _fail(where, f"không có danh hiệu, hình thức mã “{award_code}”")
    recipient = data.get("recipient") or ("person" if info.for_person else "unit")
    if recipient not in ("person", "unit") or (
        (recipient == "person" and not info.for_person)
        or (recipient == "unit" and not info.for_unit)
    ):
        raise _fail(where, f"“recipient” không hợp lệ cho {award_code}")
    return recipient


def parse_regime(data: Any, source: str = "") -> Regime:
    """A regime from the parsed YAML document, validated."""
    where = source or "regime"
    if not isinstance(data, dict):
        raise _fail(where, "tệp phải là một bảng YAML")
    code = _text(data, "code", where)
    dates = {}
    for key in ("effective_from", "effective_to"):
        value = data.get(key)
        if value is not None and not isinstance(value, dt.date):
            raise _fail(where, f"“{key}” phải là ngày YYYY-MM-DD")
        dates[key] = value
    if dates["effective_from"] is None:
        raise _fail(where, "thiếu “effective_from”")
    awards: dict[str, AwardRules] = {}
    unit_paths: dict[str, AwardRules] = {}
    for award_code, block in (data.get("awards") or {}).items():
        at = f"{where}/{award_code}"
        if not isinstance(block, dict):
            raise _fail(at, "phải là một bảng có “rules”")
        recipient = _recipient(award_code, block, at)
        awards[award_code] = _parse_block(award_code, block, at, recipient)
        unit_block = block.get("unit")
        if unit_block is not None:
            uat = f"{at}.unit"
            if recipient != "person" or not AWARDS[award_code].for_unit:
                raise _fail(uat, f"{award_code} không có đường xét riêng cho tập thể")
            if not isinstance(unit_block, dict):
                raise _fail(uat, "phải là một bảng có “rules”")
            unit_paths[award_code] = _parse_block(award_code, unit_block, uat, "unit")
            person_codes = {r.code for r in awards[award_code].rules}
            clash = person_codes & {r.code for r in unit_paths[award_code].rules}
            if clash:
                raise _fail(uat, f"mã quy tắc trùng với đường cá nhân: {', '.join(sorted(clash))}")
    return Regime(
        code=code,
        name=_text(data, "name", where),
        law=_text(data, "law", where),
        decree=_text(data, "decree", where),
        effective_from=dates["effective_from"],
        effective_to=dates["effective_to"],
        awards=awards,
        unit_paths=unit_paths,
    )


def _parse_block(award_code: str, block: dict[str, Any], at: str, recipient: str) -> AwardRules:
    """One path (rules, affirm, parameters) of a title or form, validated."""
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(block.get("rules") or []):
        rat = f"{at}.rules[{i}]"
        rule_code = _text(raw, "code", rat)
        if rule_code in seen:
            raise _fail(rat, f"mã quy tắc “{rule_code}” bị trùng")
        seen.add(rule_code)
        predicate = _text(raw, "predicate", rat)
        rules.append(
            Rule(
                code=rule_code,
                predicate=predicate,
                params=_check_params(predicate, raw.get("params"), rat, recipient),
                message=_text(raw, "message", rat),
                citation=_text(raw, "citation", rat),
                confidence=_confidence(raw, rat),
                required=bool(raw.get("required", True)),
            )
        )
    if not rules:
        raise _fail(at, "cần ít nhất một quy tắc")
    affirm = tuple(
        Affirm(
            code=_text(raw, "code", f"{at}.affirm[{i}]"),
            message=_text(raw, "message", f"{at}.affirm[{i}]"),
            citation=_text(raw, "citation", f"{at}.affirm[{i}]"),
            confidence=_confidence(raw, f"{at}.affirm[{i}]"),
        )
        for i, raw in enumerate(block.get("affirm") or [])
    )
    parameters = []
    for i, raw in enumerate(block.get("parameters") or []):
        pat = f"{at}.parameters[{i}]"
        params = raw.get("params")
        if not isinstance(params, dict) or not all(
            v is None or isinstance(v, int | float | str | bool) for v in params.values()
        ):
            raise _fail(pat, "“params” phải là bảng tên: số, chuỗi hoặc true/false")
        parameters.append(
            Parameter(
                code=_text(raw, "code", pat),
                params=params,
                message=_text(raw, "message", pat),
                citation=_text(raw, "citation", pat),
                confidence=_confidence(raw, pat),
            )
        )
    return AwardRules(award_code, tuple(rules), affirm, tuple(parameters), recipient)


@functools.cache
def _base_regime(code: str) -> Regime:
    if code not in REGIME_CODES:
        raise RegimeError(f"không có chế độ pháp lý mã “{code}”")
    path = REGIME_DIR / f"{code}.yaml"
    with path.open(encoding="utf-8") as fh:
        regime = parse_regime(yaml.safe_load(fh), path.name)
    if regime.code != code:
        raise _fail(path.name, f"“code” phải là {code}")
    return regime


def load_regime(code: str, *, overrides: bool = True) -> Regime:
    """The regime ``code`` as its file says, with the local parameter overrides applied (one
    query) unless ``overrides`` is False."""
    base = _base_regime(code)
    if not overrides:
        return base
    rows = list(
        RuleOverride.objects.filter(regime=code).values_list(
            "award_code", "rule", "parameter", "value"
        )
    )
    if not rows:
        return base
    return _with_overrides(base, rows)


def _with_overrides(base: Regime, rows: list[tuple[str, str, str, Any]]) -> Regime:
    awards = dict(base.awards)
    unit_paths = dict(base.unit_paths)
    for award_code, rule_code, parameter, value in rows:
        for table in (awards, unit_paths):
            block = table.get(award_code)
            if block is not None:
                table[award_code] = _override_block(block, rule_code, parameter, value)
    return Regime(**{**base.__dict__, "awards": awards, "unit_paths": unit_paths})


def _override_block(block: AwardRules, rule_code: str, parameter: str, value: Any) -> AwardRules:
    rules = tuple(
        Rule(**{**r.__dict__, "params": {**r.params, parameter: value}})
        if r.code == rule_code and parameter in r.params
        else r
        for r in block.rules
    )
    parameters = tuple(
        Parameter(**{**p.__dict__, "params": {**p.params, parameter: value}})
        if p.code == rule_code and parameter in p.params
        else p
        for p in block.parameters
    )
    return AwardRules(block.award_code, rules, block.affirm, parameters, block.recipient)


def regime_for_date(day: dt.date) -> str:
    """The regime in force on ``day``."""
    for code in REGIME_CODES:
        regime = _base_regime(code)
        if regime.effective_from <= day and (
            regime.effective_to is None or day <= regime.effective_to
        ):
            return code
    raise ValidationError(
        {"year": _("Chưa có chế độ pháp lý cho ngày %(day)s.") % {"day": day.isoformat()}}
    )


def regime_for_year(year: int) -> str:
    """The regime of an achievement of ``year``: the one in force on 31 December of that year
    (titles of a year are assessed at its end; see the module docstring)."""
    try:
        return regime_for_date(dt.date(year, 12, 31))
    except ValidationError:
        raise ValidationError(
            {"year": _("Chưa có chế độ pháp lý cho thành tích năm %(year)s.") % {"year": year}}
        ) from None


def _parameter_spec(regime: Regime, award_code: str, rule_code: str, parameter: str) -> Any:
    """The current (file) value and the Param describing ``parameter``, or a ValidationError.
    Both paths of a form (individual and collective) are searched: their rule codes differ."""
    blocks = [b for b in (regime.rules_for(award_code), regime.unit_paths.get(award_code)) if b]
    if not blocks:
        raise ValidationError(
            {
                "award_code": _("Chế độ %(regime)s không có tiêu chuẩn cho “%(code)s”.")
                % {"regime": regime.code, "code": award_code}
            }
        )
    for block in blocks:
        for rule in block.rules:
            if rule.code == rule_code:
                spec = PREDICATES[rule.predicate].params.get(parameter)
                if spec is None or spec.type == "options":
                    break
                return rule.params.get(parameter), spec
        for item in block.parameters:
            if item.code == rule_code and parameter in item.params:
                default = item.params[parameter]
                kind = {bool: "bool", int: "number", float: "number", str: "str"}.get(
                    type(default), "number"
                )
                return default, Param(kind)
    raise ValidationError(
        {
            "parameter": _(
                "Quy tắc “%(rule)s” của %(code)s không có tham số “%(param)s” có thể điều chỉnh."
            )
            % {"rule": rule_code, "code": award_code, "param": parameter}
        }
    )


@transaction.atomic
def set_rule_override(
    regime_code: str,
    award_code: str,
    rule_code: str,
    parameter: str,
    value: Any,
    *,
    note: str = "",
    actor: Any = None,
) -> RuleOverride:
    """Set a local value for one parameter of one rule (or of a council threshold or cap),
    validating that the parameter exists and the value has its type. Audited as
    ``awards.rule_override``."""
    if regime_code not in REGIME_CODES:
        raise ValidationError(
            {"regime": _("Không có chế độ pháp lý mã “%(code)s”.") % {"code": regime_code}}
        )
    regime = _base_regime(regime_code)
    default, spec = _parameter_spec(regime, award_code, rule_code, parameter)
    if not value_matches(spec, value):
        raise ValidationError(
            {
                "value": _(
                    "Giá trị “%(value)s” không hợp lệ cho tham số “%(param)s” "
                    "(giá trị gốc: %(default)s)."
                )
                % {"value": value, "param": parameter, "default": default}
            }
        )
    row = RuleOverride.objects.filter(
        regime=regime_code, award_code=award_code, rule=rule_code, parameter=parameter
    ).first()
    before = {"value": copy.deepcopy(row.value) if row else default}
    if row is None:
        row = RuleOverride(
            regime=regime_code, award_code=award_code, rule=rule_code, parameter=parameter
        )
    row.value = value
    row.note = note
    row.changed_by = actor if getattr(actor, "is_authenticated", False) else None
    row.save()
    record_event(
        "awards.rule_override",
        row,
        actor=actor,
        before=before,
        after={"value": value, "note": note},
    )
    return row
