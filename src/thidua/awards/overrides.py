"""Local rule parameters (tham số áp dụng tại địa phương) as administrators see and change them.

* ``regime_table``: per title, every rule and plain parameter of a regime with its citation, its
  confidence mark ([V]/[P]/[U], U shown as "chưa xác nhận") and each adjustable parameter with
  the national value (the regime file) and the local value (a ``RuleOverride``), if any.
* ``parse_value``: the typed value of a parameter from what a person typed in a form.
* ``set_local_value``: ``regimes.set_rule_override`` (type checked, audited) after the checks
  the law adds to a value's type: a share lies between 0 and 1.
* ``clear_local_value``: back to the national value; the override row goes, the audit trail
  (``awards.rule_override_clear``, with the old value and the note) keeps it.
* ``override_history``: the audit events of the local values of a regime, newest first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from thidua.awards.models import RuleOverride
from thidua.awards.predicates import PREDICATES, Param
from thidua.awards.regimes import (
    REGIME_CODES,
    UNCONFIRMED_NOTE,
    _parameter_spec,
    load_regime,
    set_rule_override,
)
from thidua.core.audit import record_event
from thidua.core.codes import AwardCode
from thidua.core.models import AuditEvent

OVERRIDE_ACTIONS = ("awards.rule_override", "awards.rule_override_clear")
CONFIDENCE_LABELS = {"V": "[V]", "P": "[P]", "U": f"[U] {UNCONFIRMED_NOTE}"}


@dataclass
class ParamRow:
    name: str
    type: str
    choices: tuple[str, ...]
    national: Any
    local: Any = None
    overridden: bool = False
    note: str = ""
    changed_at: dt.datetime | None = None
    changed_by: str = ""

    @property
    def national_display(self) -> str:
        return display_value(self.national)

    @property
    def local_display(self) -> str:
        return display_value(self.local) if self.overridden else ""


def display_value(value: Any) -> str:
    """A parameter value as a person reads it (and types it back in the form)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


@dataclass
class RuleRow:
    award_code: str
    award_label: str
    code: str
    kind: str  # "rule" (eligibility) or "parameter" (council threshold, cap)
    predicate: str
    message: str
    citation: str
    confidence: str
    params: list[ParamRow] = field(default_factory=list)

    @property
    def unconfirmed(self) -> bool:
        return self.confidence == "U"

    @property
    def confidence_label(self) -> str:
        return CONFIDENCE_LABELS.get(self.confidence, self.confidence)


def _regime_code(code: str) -> str:
    if code not in REGIME_CODES:
        raise ValidationError(
            {"regime": _("Không có chế độ pháp lý mã “%(code)s”.") % {"code": code}}
        )
    return code


def _param_type(default: Any) -> str:
    return {bool: "bool", int: "number", float: "number", str: "str"}.get(type(default), "number")


def regime_table(code: str) -> list[RuleRow]:
    """Every rule and plain parameter of regime ``code`` with its adjustable parameters."""
    base = load_regime(_regime_code(code), overrides=False)
    local = {
        (o.award_code, o.rule, o.parameter): o
        for o in RuleOverride.objects.filter(regime=code).select_related("changed_by")
    }
    rows: list[RuleRow] = []
    for award_code, block in base.awards.items():
        label = AwardCode(award_code).label if award_code in AwardCode.values else award_code
        for rule in block.rules:
            spec = PREDICATES[rule.predicate].params
            params = [
                ParamRow(name, spec[name].type, spec[name].choices, value)
                for name, value in rule.params.items()
                if name in spec and spec[name].type != "options"
            ]
            rows.append(
                RuleRow(
                    award_code,
                    str(label),
                    rule.code,
                    "rule",
                    rule.predicate,
                    rule.message,
                    rule.citation,
                    rule.confidence,
                    params,
                )
            )
        for item in block.parameters:
            params = [
                ParamRow(name, _param_type(value), (), value) for name, value in item.params.items()
            ]
            rows.append(
                RuleRow(
                    award_code,
                    str(label),
                    item.code,
                    "parameter",
                    "",
                    item.message,
                    item.citation,
                    item.confidence,
                    params,
                )
            )
    for row in rows:
        for p in row.params:
            o = local.get((row.award_code, row.code, p.name))
            if o is not None:
                p.local, p.overridden, p.note = o.value, True, o.note
                p.changed_at = o.changed_at
                p.changed_by = o.changed_by.get_username() if o.changed_by else ""
    return rows


def find_param(
    code: str, award_code: str, rule_code: str, parameter: str
) -> tuple[RuleRow, ParamRow]:
    """The rule and parameter named, or a ValidationError saying which does not exist."""
    for row in regime_table(code):
        if row.award_code == award_code and row.code == rule_code:
            for p in row.params:
                if p.name == parameter:
                    return row, p
    raise ValidationError(
        {
            "parameter": _(
                "Chế độ %(regime)s không có tham số “%(param)s” của quy tắc “%(rule)s” "
                "(%(award)s) có thể điều chỉnh."
            )
            % {"regime": code, "param": parameter, "rule": rule_code, "award": award_code}
        }
    )


def parse_value(spec: Param, text: str, *, parameter: str) -> Any:
    """A typed JSON value from a form's text: numbers accept a decimal comma, booleans
    "true"/"false", lists comma-separated codes."""
    raw = (text or "").strip()
    if not raw:
        raise ValidationError({"value": _("Nhập giá trị cho tham số “%(p)s”.") % {"p": parameter}})
    try:
        match spec.type:
            case "int":
                return int(raw)
            case "number":
                number = float(raw.replace(",", "."))
                return (
                    int(number)
                    if number.is_integer() and "." not in raw and "," not in raw
                    else number
                )
            case "bool":
                if raw.lower() in ("true", "1", "có"):
                    return True
                if raw.lower() in ("false", "0", "không"):
                    return False
                raise ValueError(raw)
            case "list":
                return [v.strip() for v in raw.split(",") if v.strip()]
    except ValueError:
        raise ValidationError(
            {
                "value": _("Giá trị “%(v)s” của tham số “%(p)s” phải là %(kind)s.")
                % {"v": raw, "p": parameter, "kind": _type_label(spec.type)}
            }
        ) from None
    return raw


def _type_label(kind: str) -> str:
    return {
        "int": _("số nguyên không âm"),
        "number": _("số không âm"),
        "bool": _("đúng hoặc sai (true/false)"),
        "list": _("danh sách mã cách nhau bằng dấu phẩy"),
    }.get(kind, _("chuỗi ký tự"))


def spec_for(code: str, award_code: str, rule_code: str, parameter: str) -> tuple[Any, Param]:
    return _parameter_spec(
        load_regime(_regime_code(code), overrides=False), award_code, rule_code, parameter
    )


def _check_within_law(parameter: str, value: Any) -> None:
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if "share" in parameter and is_number and not 0 <= value <= 1:
        raise ValidationError(
            {
                "value": _(
                    "Tỷ lệ “%(p)s” phải từ 0 đến 1 (ví dụ 0.8 là 80%%); giá trị “%(v)s” "
                    "nằm ngoài quy định."
                )
                % {"p": parameter, "v": value}
            }
        )


def set_local_value(
    code: str,
    award_code: str,
    rule_code: str,
    parameter: str,
    value: Any,
    *,
    note: str,
    actor: Any,
) -> RuleOverride:
    """Set the local value of one parameter, within the law, with its legal basis."""
    find_param(_regime_code(code), award_code, rule_code, parameter)
    if not (note or "").strip():
        raise ValidationError(
            {"note": _("Ghi căn cứ áp dụng tại địa phương (số, ngày văn bản của tỉnh, bộ).")}
        )
    _check_within_law(parameter, value)
    return set_rule_override(
        code, award_code, rule_code, parameter, value, note=note.strip(), actor=actor
    )


@transaction.atomic
def clear_local_value(
    code: str, award_code: str, rule_code: str, parameter: str, *, note: str = "", actor: Any
) -> None:
    """Go back to the national value of one parameter; audited with the old value."""
    row = (
        RuleOverride.objects.select_for_update()
        .filter(
            regime=_regime_code(code), award_code=award_code, rule=rule_code, parameter=parameter
        )
        .first()
    )
    if row is None:
        raise ValidationError(
            {
                "parameter": _(
                    "Tham số “%(p)s” của quy tắc “%(r)s” chưa có giá trị áp dụng tại địa phương."
                )
                % {"p": parameter, "r": rule_code}
            }
        )
    _rule, param = find_param(code, award_code, rule_code, parameter)
    record_event(
        "awards.rule_override_clear",
        row,
        actor=actor,
        before={"value": row.value, "note": row.note},
        after={"value": param.national, "note": (note or "").strip()},
    )
    row.delete()


def override_history(code: str) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(action__in=OVERRIDE_ACTIONS, object_repr__startswith=f"{code}/")
        .select_related("actor")
        .order_by("-at", "-id")
    )
