"""Request and response bodies of the award register and initiatives API. Codes are
``Literal`` types holding the stable values of ``thidua.awards.enums`` and
``thidua.core.codes``, so an unknown code is a 422 naming its field."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from ninja import Field, Schema

from thidua.api.schemas_movements import AwardCodeValue

RecipientTypeCode = Literal["person", "unit"]
AwardKindCode = Literal["MERIT", "MOVEMENT", "ADHOC", "CONTRIBUTION", "SENIORITY", "FOREIGN"]
AwardStatusCode = Literal["ACTIVE", "REVOKED"]
AwardSourceCode = Literal["DECISION", "IMPORT", "API", "MANUAL"]
InitiativeScopeCode = Literal["SCOPE_CO_SO", "SCOPE_TINH", "SCOPE_TOAN_QUOC"]


# Initiatives ------------------------------------------------------------------------------


class InitiativeIn(Schema):
    title: str = Field(..., min_length=1, max_length=500, description="Tên sáng kiến.")
    author_codes: list[str] = Field(..., min_length=1, description="Mã cán bộ của các tác giả.")
    unit_code: str = Field(..., description="Mã đơn vị công nhận sáng kiến.")
    recognized_on: dt.date = Field(..., description="Ngày công nhận (YYYY-MM-DD).")
    scope: InitiativeScopeCode


class InitiativeOut(Schema):
    code: str
    title: str
    author_codes: list[str]
    unit_code: str
    recognized_on: dt.date
    scope: InitiativeScopeCode

    @staticmethod
    def resolve_author_codes(obj: Any) -> list[str]:
        return sorted(p.code for p in obj.authors.all())

    @staticmethod
    def resolve_unit_code(obj: Any) -> str:
        return obj.unit.code


# Awards -----------------------------------------------------------------------------------


class AwardIn(Schema):
    recipient_type: RecipientTypeCode
    recipient_code: str = Field(..., min_length=1, description="Mã cán bộ hoặc mã đơn vị.")
    award_code: AwardCodeValue
    year: int = Field(..., ge=1945, le=2100, description="Năm thành tích.")
    kind: AwardKindCode
    decision_number: str = Field(..., min_length=1, max_length=64)
    decision_date: dt.date = Field(..., description="Ngày quyết định (YYYY-MM-DD).")
    issuer: str = Field("", max_length=300, description="Cấp quyết định.")
    achievement: str = Field("", description="Tóm tắt thành tích.")
    based_on_ids: list[int] = Field(
        default_factory=list, description="Các khen thưởng là điều kiện của khen thưởng này."
    )


class AwardOut(Schema):
    id: int
    recipient_type: RecipientTypeCode
    recipient_code: str
    recipient_name: str
    award_code: AwardCodeValue
    year: int
    kind: AwardKindCode
    decision_number: str
    decision_date: dt.date
    issuer: str
    achievement: str
    status: AwardStatusCode
    source: AwardSourceCode
    based_on_ids: list[int]
    revoked_at: dt.datetime | None
    revoked_reason: str

    @staticmethod
    def resolve_recipient_code(obj: Any) -> str:
        return obj.person.code if obj.person_id else obj.unit.code

    @staticmethod
    def resolve_recipient_name(obj: Any) -> str:
        return obj.person.full_name if obj.person_id else obj.unit.name

    @staticmethod
    def resolve_based_on_ids(obj: Any) -> list[int]:
        return sorted(b.pk for b in obj.based_on.all())


class RevokeIn(Schema):
    reason: str = Field(..., min_length=1, description="Lý do thu hồi (bắt buộc).")


class RevokeOut(Schema):
    award: AwardOut
    dependents: list[AwardOut] = Field(
        ..., description="Các khen thưởng còn hiệu lực đã dựa trên khen thưởng này: cần xét lại."
    )
