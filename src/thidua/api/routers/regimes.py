"""Legal regimes and their local parameters: ``GET /regimes``, ``GET /regimes/{code}`` (every
rule with its citation, confidence and parameters, national and local values) and
``PUT /regimes/{code}/overrides`` (set a local value with its legal basis, or clear it with
``value: null``). Reading needs the ADMIN role; changing needs ADMIN on a top unit
(``awards.manage_overrides``). Values are validated within the law and audited by
``thidua.awards.overrides``; a refusal is a 422 naming the field."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Router, Schema

from thidua.api.errors import ApiValidationError, require_api
from thidua.api.schemas import ERRORS_READ, ERRORS_WRITE, ErrorOut
from thidua.awards import overrides
from thidua.awards import rules_overrides as _rules  # noqa: F401  (registers the perms)
from thidua.awards.regimes import REGIME_CODES, load_regime

router = Router(tags=["Chế độ pháp lý và tham số địa phương"])


class RegimeOut(Schema):
    code: str
    name: str
    law: str
    decree: str
    effective_from: dt.date
    effective_to: dt.date | None
    local_values: int = NinjaField(..., description="Số tham số có giá trị địa phương.")


class ParamOut(Schema):
    name: str
    type: str
    choices: list[str]
    national: Any
    local: Any = None
    overridden: bool
    note: str
    changed_at: dt.datetime | None
    changed_by: str


class RuleOut(Schema):
    award_code: str
    code: str
    kind: str = NinjaField(..., description="rule: điều kiện; parameter: ngưỡng, hạn mức.")
    predicate: str
    message: str
    citation: str
    confidence: str = NinjaField(..., description="V, P hoặc U (U: chưa xác nhận).")
    unconfirmed: bool
    parameters: list[ParamOut]


class RegimeDetailOut(RegimeOut):
    rules: list[RuleOut]


class OverrideIn(Schema):
    award_code: str
    rule: str = NinjaField(..., description="Mã quy tắc hoặc tham số (ví dụ CSTDCS_CAP).")
    parameter: str
    value: Any = NinjaField(
        None, description="Giá trị địa phương (số, true/false, mã); null: bỏ giá trị địa phương."
    )
    note: str = NinjaField("", description="Căn cứ áp dụng tại địa phương (bắt buộc khi đặt).")


def _regime_code(code: str) -> str:
    if code not in REGIME_CODES:
        raise Http404(_("Không có chế độ pháp lý mã “%(code)s”.") % {"code": code})
    return code


def _view(request: HttpRequest) -> None:
    require_api(
        request,
        "awards.view_overrides",
        None,
        _("Chỉ quản trị hệ thống xem các tham số áp dụng tại địa phương."),
    )


def _regime_out(code: str) -> dict[str, Any]:
    r = load_regime(code, overrides=False)
    rows = overrides.regime_table(code)
    return {
        "code": r.code,
        "name": r.name,
        "law": r.law,
        "decree": r.decree,
        "effective_from": r.effective_from,
        "effective_to": r.effective_to,
        "local_values": sum(1 for row in rows for p in row.params if p.overridden),
    }


def _param_out(p: overrides.ParamRow) -> dict[str, Any]:
    return {
        "name": p.name,
        "type": p.type,
        "choices": list(p.choices),
        "national": p.national,
        "local": p.local if p.overridden else None,
        "overridden": p.overridden,
        "note": p.note,
        "changed_at": p.changed_at,
        "changed_by": p.changed_by,
    }


def _rule_out(row: overrides.RuleRow) -> dict[str, Any]:
    return {
        "award_code": row.award_code,
        "code": row.code,
        "kind": row.kind,
        "predicate": row.predicate,
        "message": row.message,
        "citation": row.citation,
        "confidence": row.confidence,
        "unconfirmed": row.unconfirmed,
        "parameters": [_param_out(p) for p in row.params],
    }


@router.get("/regimes", response={200: list[RegimeOut], **ERRORS_READ}, summary="Chế độ pháp lý")
def list_regimes(request: HttpRequest):
    _view(request)
    return [_regime_out(code) for code in REGIME_CODES]


@router.get(
    "/regimes/{code}",
    response={200: RegimeDetailOut, 403: ErrorOut, **ERRORS_READ},
    summary="Một chế độ pháp lý: quy tắc, căn cứ, tham số",
)
def get_regime(request: HttpRequest, code: str):
    _view(request)
    code = _regime_code(code)
    return {**_regime_out(code), "rules": [_rule_out(r) for r in overrides.regime_table(code)]}


@router.put(
    "/regimes/{code}/overrides",
    response={200: RuleOut, **ERRORS_WRITE},
    summary="Đặt hoặc bỏ giá trị áp dụng tại địa phương",
)
def put_override(request: HttpRequest, code: str, payload: OverrideIn):
    """`value` khác null: đặt giá trị địa phương (kiểm tra trong khuôn khổ pháp luật, cần
    `note`); `value` null: bỏ giá trị địa phương, áp dụng lại giá trị quốc gia."""
    require_api(
        request,
        "awards.manage_overrides",
        None,
        _("Chỉ quản trị hệ thống cấp cao nhất được thay đổi tham số áp dụng tại địa phương."),
    )
    code = _regime_code(code)
    try:
        if payload.value is None:
            overrides.clear_local_value(
                code,
                payload.award_code,
                payload.rule,
                payload.parameter,
                note=payload.note,
                actor=request.user,
            )
        else:
            overrides.set_local_value(
                code,
                payload.award_code,
                payload.rule,
                payload.parameter,
                payload.value,
                note=payload.note,
                actor=request.user,
            )
    except DjangoValidationError as exc:
        if not hasattr(exc, "error_dict"):
            raise ApiValidationError({"value": " ".join(exc.messages)}) from None
        names = {"award_code": "award_code", "rule": "rule", "regime": "code"}
        raise ApiValidationError(
            {names.get(f, f): " ".join(m) for f, m in exc.message_dict.items()}
        ) from None
    row, _param = overrides.find_param(code, payload.award_code, payload.rule, payload.parameter)
    return _rule_out(row)
