"""Schemas of the disclosure endpoints (công khai danh sách đề nghị khen thưởng)."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class DisclosureIn(Schema):
    unit_code: str = Field(..., description="Mã đơn vị công khai.")
    nomination_ids: list[int] = Field(..., description="Các đề nghị đã trình đưa ra công khai.")
    movement_code: str | None = Field(None, description="Mã phong trào (nếu có).")
    title: str = ""
    working_days: int | None = Field(
        None, ge=1, le=60, description="Để trống: 10 nếu có khen thưởng cấp Nhà nước."
    )
    note: str = ""


class DisclosureOut(Schema):
    code: str
    title: str
    unit_code: str
    movement_code: str | None
    state: str
    working_days: int
    opens_on: dt.date | None
    closes_on: dt.date | None
    nomination_ids: list[int]
    blockers: list[str]


class CommentOut(Schema):
    id: int
    kind: str
    nomination_id: int | None
    name: str
    contact: str
    text: str
    submitted_at: dt.datetime
    answer: str
    answered_at: dt.datetime | None
    hidden: bool
    hidden_reason: str


class AnswerIn(Schema):
    answer: str
