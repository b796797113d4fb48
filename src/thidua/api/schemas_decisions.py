"""Request and response bodies of the decisions API (``/decisions``, ``/reexaminations``,
``/movements/{code}/measures``)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Literal

from ninja import Field, Schema

from thidua.api.schemas_awards import AwardKindCode, RecipientTypeCode
from thidua.api.schemas_movements import AwardCodeValue

DecisionStateCode = Literal["DRAFT", "ISSUED"]
ReexaminationOutcome = Literal["UPHELD", "REVOKED"]
SignerAuthorityCode = Literal["", "TM.", "KT.", "Q.", "TL.", "TUQ."]


class DecisionIn(Schema):
    issuer_code: str = Field(..., min_length=1, description="Mã đơn vị ban hành.")
    issuer_name: str = Field("", max_length=300, description="Tên cơ quan ban hành.")
    symbol: str = Field(..., min_length=1, max_length=40, description="Ký hiệu, ví dụ QĐ-STTTT.")
    subject: str = Field(..., min_length=1, max_length=500, description="Trích yếu.")
    kind: AwardKindCode = "MOVEMENT"
    movement_code: str | None = Field(None, description="Mã phong trào thi đua.")
    period_end: dt.date | None = Field(
        None, description="Ngày kết thúc kỳ đánh giá (mặc định: hết giai đoạn cuối)."
    )
    signer_name: str = Field("", max_length=200)
    signer_title: str = Field("", max_length=200)
    signer_authority: SignerAuthorityCode = ""
    legal_bases: str = ""
    proposal_ref: str = Field("", max_length=400)
    money_source: str = Field("", max_length=400)


class RecipientIn(Schema):
    recipient_type: RecipientTypeCode
    recipient_code: str = Field(..., min_length=1, description="Mã cán bộ hoặc mã đơn vị.")
    award_code: AwardCodeValue
    year: int = Field(..., ge=1945, le=2100, description="Năm thành tích.")
    achievement: str = ""


class RecipientsIn(Schema):
    """Either ``from_nominations`` (the movement's nominations passed by the council, visible
    to the caller) or ``lines`` entered by hand, or both."""

    from_nominations: bool = False
    lines: list[RecipientIn] = []


class IssueIn(Schema):
    decided_on: dt.date = Field(..., description="Ngày quyết định (YYYY-MM-DD).")


class AdhocIn(Schema):
    issuer_code: str = Field(..., min_length=1)
    issuer_name: str = Field("", max_length=300)
    symbol: str = Field(..., min_length=1, max_length=40)
    subject: str = Field(..., min_length=1, max_length=500)
    year: int = Field(..., ge=1945, le=2100, description="Năm thành tích.")
    decided_on: dt.date
    signer_name: str = Field(..., min_length=1, max_length=200)
    signer_title: str = Field(..., min_length=1, max_length=200)
    signer_authority: SignerAuthorityCode = ""
    legal_bases: str = ""
    lines: list[RecipientIn] = Field(..., min_length=1)


class RecipientOut(Schema):
    serial: int
    recipient_type: RecipientTypeCode
    recipient_code: str
    name: str
    award_code: str
    year: int
    position: str
    unit_name: str
    is_leader: bool
    achievement: str
    coefficient: Decimal
    base_salary: int
    amount: int
    nomination_id: int | None
    award_id: int | None


class FrontlineOut(Schema):
    individuals: int
    frontline: int
    leaders: int
    collectives: int
    share: Decimal | None
    total_amount: int


class DecisionMeasuresOut(Schema):
    frontline: FrontlineOut
    days_to_decision: int | None


class DecisionOut(Schema):
    id: int
    state: DecisionStateCode
    issuer_code: str
    issuer_name: str
    symbol: str
    number: int | None
    number_symbol: str
    decided_on: dt.date | None
    subject: str
    kind: str
    adhoc: bool
    movement_code: str | None
    period_end: dt.date | None
    signer_name: str
    signer_title: str
    signer_authority: str
    total_amount: int


class DecisionDetailOut(DecisionOut):
    legal_bases: str
    proposal_ref: str
    recipients: list[RecipientOut]
    measures: DecisionMeasuresOut
    blockers: list[str]


class ReexaminationOut(Schema):
    id: int
    state: str
    revoked_award_id: int
    dependent_award_id: int
    dependent_award_code: str
    dependent_year: int
    recipient_code: str
    note: str
    opened_at: dt.datetime
    resolved_at: dt.datetime | None


class ResolveIn(Schema):
    outcome: ReexaminationOutcome
    note: str = Field(..., min_length=1)


class DecisionDaysOut(Schema):
    decision_id: int
    number_symbol: str
    period_end: dt.date | None
    decided_on: dt.date | None
    days: int | None


class MovementMeasuresOut(Schema):
    movement_code: str
    decisions: int
    frontline: FrontlineOut
    timeliness: list[DecisionDaysOut]
    mean_days: Decimal | None
    max_days: int | None
