"""Analytics for praising in time (founding-plan requirement S10):
``GET /analytics/unrecognised?movement=CODE`` lists the people and units of the caller's
subtree with the best results in a movement and no nomination or award yet (the same lists as
the page "Gương điển hình chưa được khen thưởng", ``awards.analytics.unrecognised``)."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from thidua.api.errors import require_api
from thidua.api.routers.movements import visible_movement
from thidua.api.schemas import ERRORS_READ, ErrorOut
from thidua.awards.analytics import DEFAULT_LIMIT, MAX_LIMIT, Candidate, unrecognised

router = Router(tags=["Phát hiện gương điển hình"])


class UnrecognisedFilter(Schema):
    movement: str = Field(..., description="Mã phong trào.")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Số dòng tối đa mỗi loại.")


class CandidateOut(Schema):
    code: str = Field(..., description="Mã cán bộ (cá nhân) hoặc mã đơn vị (tập thể).")
    name: str
    unit_code: str = Field(..., description="Đơn vị của cá nhân; chính tập thể.")
    rank: int | None = Field(None, description="Hạng trong phong trào; null: chưa được chấm.")
    total: Decimal | None
    band: str | None = Field(None, description="Mã mức xếp loại đạt được.")
    band_label: str | None
    activities: int = Field(..., description="Số hoạt động đã báo cáo trong phong trào.")
    initiatives: int = Field(..., description="Số sáng kiến được công nhận trong năm.")


class LeadTimeOut(Schema):
    awards: int
    average_days: float | None
    median_days: float | None
    longest_days: int | None
    adhoc: int


class UnrecognisedOut(Schema):
    movement_code: str
    year: int
    people_total: int
    units_total: int
    people: list[CandidateOut]
    units: list[CandidateOut]
    lead_time: LeadTimeOut = Field(
        ..., description="Số ngày từ khi phong trào kết thúc đến ngày quyết định khen thưởng."
    )


def _row(c: Candidate) -> dict:
    return {
        "code": c.code,
        "name": c.name,
        "unit_code": c.unit.code,
        "rank": c.rank,
        "total": c.total,
        "band": c.band_code,
        "band_label": c.band_label,
        "activities": c.activities,
        "initiatives": c.initiatives,
    }


@router.get(
    "/analytics/unrecognised",
    response={200: UnrecognisedOut, 403: ErrorOut, **ERRORS_READ},
    summary="Cá nhân, tập thể có thành tích chưa được đề nghị hay khen thưởng",
)
def list_unrecognised(request: HttpRequest, filters: Query[UnrecognisedFilter]):
    """Trong phạm vi được đề nghị khen thưởng; xếp theo hạng, rồi theo số hoạt động."""
    require_api(
        request,
        "awards.propose",
        None,
        _("Bạn không có quyền xem danh sách gương điển hình chưa được khen thưởng."),
    )
    movement = visible_movement(request, filters.movement)
    report = unrecognised(request.user, movement, limit=filters.limit)
    lead = report.lead_time
    return {
        "movement_code": movement.code,
        "year": report.year,
        "people_total": report.people_total,
        "units_total": report.units_total,
        "people": [_row(c) for c in report.people],
        "units": [_row(c) for c in report.units],
        "lead_time": {
            "awards": lead.awards if lead else 0,
            "average_days": lead.average_days if lead else None,
            "median_days": lead.median_days if lead else None,
            "longest_days": lead.longest_days if lead else None,
            "adhoc": lead.adhoc if lead else 0,
        },
    }
