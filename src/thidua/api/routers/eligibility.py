"""Eligibility screening: ``GET /eligibility`` (API.md, "Eligibility"), a stable contract.

The candidates are limited to what the caller may see (``visible_people`` / ``visible_units``);
a ``unit_code`` the caller cannot see is 404, like any other record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field as NinjaField
from ninja import Query, Router, Schema

from thidua.api.errors import ApiValidationError, require_api
from thidua.api.lookups import visible_or_404
from thidua.api.schemas import ERRORS_LIST, ErrorOut
from thidua.api.schemas_eligibility import EligibilityOut
from thidua.api.schemas_movements import AwardCodeValue
from thidua.awards.eligibility import screen_for_user
from thidua.org.models import Unit
from thidua.org.queries import visible_units

router = Router(tags=["Xét điều kiện khen thưởng"])


class EligibilityQuery(Schema):
    award_code: AwardCodeValue = NinjaField(..., description="Mã danh hiệu, hình thức.")
    year: int = NinjaField(..., ge=2000, le=2100, description="Năm thành tích.")
    unit_code: str | None = NinjaField(
        None, description="Xét trong cây đơn vị này; bỏ trống: mọi đối tượng được xem."
    )


@router.get(
    "/eligibility",
    response={200: EligibilityOut, 404: ErrorOut, **ERRORS_LIST},
    summary="Xét điều kiện một danh hiệu, hình thức cho một năm",
)
def get_eligibility(request: HttpRequest, filters: Query[EligibilityQuery]):
    """Xét từng đối tượng (cá nhân trong cây đơn vị với danh hiệu cá nhân, đơn vị với danh hiệu
    tập thể) theo chế độ pháp lý của năm thành tích; mỗi kết quả liệt kê mọi tiêu chuẩn đã xét,
    kể cả tiêu chuẩn chưa đạt, kèm thông điệp và căn cứ pháp lý."""
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
        screening = screen_for_user(request.user, filters.award_code, filters.year, unit=unit)
    except ValidationError as exc:
        raise ApiValidationError(
            {field: " ".join(msgs) for field, msgs in exc.message_dict.items()}, source="query"
        ) from None
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
