"""Eligibility screening: ``GET /eligibility`` (API.md, "Eligibility"), a stable contract.

The candidates are limited to what the caller may see (``visible_people`` / ``visible_units``);
a ``unit_code`` the caller cannot see is 404, like any other record.

A whole country is millions of candidates: ``limit``/``offset`` screen only a page of them (by
code) and ``GET /eligibility/summary`` gives the counts per verdict and per failed rule
(``Scope.summary``, chunk by chunk, no message rendered). Without ``limit`` the answer is every
result, as the contract has always said."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from thidua.api.errors import ApiValidationError, require_api
from thidua.api.lookups import visible_or_404
from thidua.api.schemas import ERRORS_LIST, ErrorOut
from thidua.api.schemas_eligibility import EligibilityOut, EligibilitySummaryOut
from thidua.api.schemas_movements import AwardCodeValue
from thidua.awards.eligibility import Scope, Screening, scope_for_user
from thidua.org.models import Unit
from thidua.org.queries import visible_units

router = Router(tags=["Xét điều kiện khen thưởng"])


class EligibilityQuery(Schema):
    award_code: AwardCodeValue = NinjaField(..., description="Mã danh hiệu, hình thức.")
    year: int = NinjaField(..., ge=2000, le=2100, description="Năm thành tích.")
    unit_code: str | None = NinjaField(
        None, description="Xét trong cây đơn vị này; bỏ trống: mọi đối tượng được xem."
    )
    recipient_type: Literal["person", "unit"] | None = NinjaField(
        None,
        description=(
            "Đường xét của hình thức có tiêu chuẩn riêng cho cá nhân và tập thể (GIAY_KHEN, "
            "BANG_KHEN_TINH, BANG_KHEN_TTG); bỏ trống: đối tượng của danh hiệu, với các hình "
            "thức đó là cá nhân."
        ),
    )


class EligibilityPageQuery(EligibilityQuery):
    offset: int = NinjaField(0, ge=0, description="Bỏ qua chừng này đối tượng đầu (theo mã).")
    limit: int | None = NinjaField(
        None,
        ge=1,
        le=1000,
        description=(
            "Chỉ xét chừng này đối tượng (theo mã), từ ``offset``; bỏ trống: mọi đối tượng. "
            "Tổng số và số theo kết quả: GET /eligibility/summary."
        ),
    )


def _in_scope[T](request: HttpRequest, filters: EligibilityQuery, work: Callable[[Scope], T]) -> T:
    """The caller's scope (404 for a unit not visible, 403 without the permission), then
    ``work`` on it; a refusal of the engine is a 422 naming the query parameter."""
    unit = None
    if filters.unit_code:
        unit = visible_or_404(
            request,
            visible_units(request.user),
            Unit,
            "awards.screen_eligibility",
            _("Không tìm thấy đơn vị mã “%(code)s”.") % {"code": filters.unit_code},
            code=filters.unit_code.strip(),
        )
    require_api(
        request,
        "awards.screen_eligibility",
        unit,
        _("Bạn không có quyền xét điều kiện khen thưởng trong phạm vi này."),
    )
    try:
        scope = scope_for_user(
            request.user,
            filters.award_code,
            filters.year,
            unit=unit,
            recipient=filters.recipient_type,
        )
        return work(scope)
    except ValidationError as exc:
        raise ApiValidationError(
            {field: " ".join(msgs) for field, msgs in exc.message_dict.items()}, source="query"
        ) from None


@router.get(
    "/eligibility",
    response={200: EligibilityOut, 404: ErrorOut, **ERRORS_LIST},
    summary="Xét điều kiện một danh hiệu, hình thức cho một năm",
)
def get_eligibility(request: HttpRequest, filters: Query[EligibilityPageQuery]):
    """Xét từng đối tượng (cá nhân trong cây đơn vị với danh hiệu cá nhân, đơn vị với danh hiệu
    tập thể) theo chế độ pháp lý của năm thành tích; mỗi kết quả liệt kê mọi tiêu chuẩn đã xét,
    kể cả tiêu chuẩn chưa đạt, kèm thông điệp và căn cứ pháp lý. Với ``limit``: chỉ một trang
    đối tượng theo mã."""

    def work(scope: Scope) -> Screening:
        if filters.limit is None:
            return scope.screen()
        page = scope.candidates.values_list("pk", flat=True)
        return scope.screen(list(page[filters.offset : filters.offset + filters.limit]))

    screening = _in_scope(request, filters, work)
    return {
        "award_code": screening.award_code,
        "year": screening.year,
        "regime": screening.regime,
        "results": [
            {
                "recipient_code": r.recipient_code,
                "verdict": r.verdict,
                "checks": [
                    {
                        "rule": c.rule,
                        "passed": c.passed,
                        "message": c.message,
                        "citation": c.citation,
                    }
                    for c in r.checks
                ],
            }
            for r in screening.results
        ],
    }


@router.get(
    "/eligibility/summary",
    response={200: EligibilitySummaryOut, 404: ErrorOut, **ERRORS_LIST},
    summary="Tổng hợp kết quả xét điều kiện: số đối tượng theo kết quả và theo tiêu chuẩn chưa đạt",
)
def get_eligibility_summary(request: HttpRequest, filters: Query[EligibilityQuery]):
    """Xét mọi đối tượng trong phạm vi như GET /eligibility nhưng chỉ trả về số đối tượng theo
    từng kết quả và, với mỗi tiêu chuẩn, số đối tượng chưa đạt: đủ nhẹ cho phạm vi cả nước."""
    summary = _in_scope(request, filters, lambda scope: scope.summary())
    return {
        "award_code": summary.award_code,
        "year": summary.year,
        "regime": summary.regime,
        "recipient_type": summary.recipient_type,
        "total": summary.total,
        "verdicts": summary.verdicts,
        "failed_rules": summary.failed_rules,
    }
