"""Request and response bodies of the API. Codes are ``Literal`` types so an unknown code is a
422 naming its field, and the OpenAPI document lists the allowed values. The code lists are the
stable values of ``thidua.org.enums`` (a test checks they agree)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

UnitKindCode = Literal["AGENCY", "DIVISION", "SUBORDINATE", "OUTSIDE", "LOCALITY"]
GenderCode = Literal["F", "M"]
StaffTypeCode = Literal["CAN_BO", "CONG_CHUC", "VIEN_CHUC", "NGUOI_LAO_DONG"]
RatingCode = Literal["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
DisciplineStatusCode = Literal["UNDER_REVIEW", "DECIDED"]
DisciplineLevelCode = Literal[
    "KHIEN_TRACH", "CANH_CAO", "HA_BAC_LUONG", "GIANG_CHUC", "CACH_CHUC", "BUOC_THOI_VIEC"
]


# Errors -----------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(..., description="Thông báo lỗi (tiếng Việt).")


class ErrorItem(Schema):
    loc: list[str | int] = Field(..., description='Vị trí lỗi, ví dụ ["body", "kind"].')
    msg: str
    type: str
    ctx: dict[str, Any] | None = None


class ValidationErrorOut(Schema):
    detail: list[ErrorItem] = Field(..., description="Mỗi trường không hợp lệ một mục.")


ERRORS_READ: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
ERRORS_LIST: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 422: ValidationErrorOut}
ERRORS_WRITE: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


# Units ------------------------------------------------------------------------------------


class UnitIn(Schema):
    name: str = Field(..., min_length=1, max_length=300, description="Tên đơn vị.")
    kind: UnitKindCode
    parent_code: str | None = Field(None, description="Mã đơn vị cấp trên; null: đơn vị gốc.")
    valid_from: dt.date | None = Field(None, description="Hiệu lực từ (YYYY-MM-DD).")
    valid_to: dt.date | None = Field(None, description="Hiệu lực đến; null: còn hiệu lực.")
    short_name: str | None = Field(
        None, max_length=64, description="Tên viết tắt; bỏ qua để giữ giá trị đang lưu."
    )


class UnitOut(Schema):
    code: str
    name: str
    short_name: str
    kind: UnitKindCode
    parent_code: str | None
    valid_from: dt.date
    valid_to: dt.date | None

    @staticmethod
    def resolve_parent_code(obj: Any) -> str | None:
        return obj.parent.code if obj.parent_id else None


# People -----------------------------------------------------------------------------------


class PersonIn(Schema):
    full_name: str = Field(..., min_length=1, max_length=200, description="Họ và tên.")
    gender: GenderCode
    staff_type: StaffTypeCode
    unit_code: str = Field(..., min_length=1, description="Mã đơn vị hiện tại.")
    position: str = Field("", max_length=200, description="Chức vụ.")
    is_leader: bool = Field(False, description="Lãnh đạo, quản lý.")
    is_frontline: bool = Field(True, description="Người trực tiếp làm việc.")
    joined_on: dt.date | None = Field(None, description="Ngày vào cơ quan (YYYY-MM-DD).")


class PersonOut(Schema):
    code: str
    full_name: str
    gender: GenderCode
    staff_type: StaffTypeCode
    unit_code: str
    position: str
    is_leader: bool
    is_frontline: bool
    joined_on: dt.date | None

    @staticmethod
    def resolve_unit_code(obj: Any) -> str:
        return obj.unit.code


# Ratings ----------------------------------------------------------------------------------


class RatingIn(Schema):
    rating: RatingCode


class RatingOut(Schema):
    year: int
    rating: RatingCode


# Discipline -------------------------------------------------------------------------------


class DisciplineIn(Schema):
    person_code: str = Field(..., min_length=1)
    status: DisciplineStatusCode
    level: DisciplineLevelCode | None = Field(None, description="null khi đang xem xét.")
    decided_on: dt.date | None = None
    effective_from: dt.date | None = None
    effective_to: dt.date | None = None
    decision_number: str = Field("", max_length=64, description="Số quyết định (tuỳ chọn).")
    note: str = Field("", description="Ghi chú (tuỳ chọn).")


class DisciplineOut(Schema):
    id: int
    person_code: str
    status: DisciplineStatusCode
    level: DisciplineLevelCode | None
    decided_on: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None
    decision_number: str

    @staticmethod
    def resolve_person_code(obj: Any) -> str:
        return obj.person.code
