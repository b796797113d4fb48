"""Bodies of the eligibility endpoint (API.md, "Eligibility"): a stable contract."""

from __future__ import annotations

from typing import Literal

from ninja import Schema

VerdictCode = Literal["ELIGIBLE", "NOT_ELIGIBLE", "ON_HOLD", "NEEDS_REVIEW"]


class CheckOut(Schema):
    rule: str
    passed: bool | None
    message: str
    citation: str


class EligibilityResultOut(Schema):
    recipient_code: str
    verdict: VerdictCode
    checks: list[CheckOut]


class EligibilityOut(Schema):
    award_code: str
    year: int
    regime: str
    results: list[EligibilityResultOut]


class EligibilitySummaryOut(Schema):
    award_code: str
    year: int
    regime: str
    recipient_type: Literal["person", "unit"]
    total: int
    verdicts: dict[VerdictCode, int]
    failed_rules: dict[str, int]
