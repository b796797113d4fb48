"""Request and response bodies of the movements API: the movement with its founding document,
its criteria table, unit plans, briefings, progress and registrations. Codes are ``Literal``
types holding the stable values of ``thidua.movements.enums`` and ``thidua.core.codes`` (a test
checks they agree). Points are JSON numbers; dates ISO."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from thidua.api.schemas_common import MovementOwnerCodes

MovementKindCode = Literal["REGULAR", "THEMATIC", "PERIODIC"]
MovementStateCode = Literal["DRAFT", "LAUNCHED", "UNDER_REVIEW", "CLOSED"]
PhaseKindCode = Literal[
    "REGISTRATION", "IMPLEMENTATION", "INTERIM_REVIEW", "FINAL_REVIEW", "COMMENDATION"
]
SignerAuthorityCode = Literal["", "TM.", "KT.", "Q.", "TL.", "TUQ."]
ParticipantRoleCode = Literal["LEAD", "PARTICIPANT"]
UnitPlanStateCode = Literal["DRAFT", "SUBMITTED", "APPROVED", "RETURNED"]
RegistrationStateCode = Literal["SUBMITTED", "CONFIRMED", "REJECTED", "WITHDRAWN"]
ScoringMethodCode = Literal["MANUAL", "COUNTED", "YES_NO"]
AwardCodeValue = Literal[
    "LDTT",
    "CSTDCS",
    "CSTD_TINH",
    "CSTD_TQ",
    "TTLDTT",
    "TTLDXS",
    "CO_TINH",
    "CO_CP",
    "GIAY_KHEN",
    "BANG_KHEN_TINH",
    "BANG_KHEN_TTG",
    "HCLD_3",
    "HCLD_2",
    "HCLD_1",
]

Points = Decimal


# Movements --------------------------------------------------------------------------------


class SectionIn(Schema):
    number: int = Field(..., ge=1, le=999, description="Số thứ tự của nội dung thi đua.")
    title: str = Field(..., min_length=1, max_length=500)
    body: str = Field("", description="Diễn giải.")
    parent_task_codes: list[str] = Field(
        default_factory=list,
        description="Mã các nhiệm vụ của kế hoạch cấp trên mà nội dung phục vụ.",
    )


class PhaseIn(Schema):
    kind: PhaseKindCode
    start: dt.date
    end: dt.date


class ParticipantIn(Schema):
    unit_code: str = Field(
        ..., min_length=1, description="Đơn vị tham gia (cùng các đơn vị trực thuộc)."
    )
    role: ParticipantRoleCode = Field(
        "PARTICIPANT", description="LEAD: đơn vị chủ trì (một đơn vị)."
    )


class MovementIn(Schema):
    kind: MovementKindCode
    name: str = Field(..., min_length=1, max_length=500, description="Tên phong trào.")
    slogan: str = Field("", max_length=500, description="Chủ đề, khẩu hiệu.")
    organizer_code: str = Field(..., min_length=1, description="Mã đơn vị phát động.")
    period_start: dt.date
    period_end: dt.date
    purposes: str = Field("", description="Mục đích.")
    requirements: str = Field("", description="Yêu cầu.")
    parent_plan_code: str | None = Field(None, description="Mã kế hoạch cấp trên; null: không có.")
    doc_number: str = Field(..., min_length=1, max_length=64, description="Ví dụ 456/KH-STTTT.")
    doc_date: dt.date = Field(..., description="Ngày ban hành kế hoạch phát động.")
    doc_place: str = Field("Lạng Sơn", min_length=1, max_length=100, description="Địa danh.")
    doc_issuer_code: str = Field(..., min_length=1, description="Mã cơ quan ban hành.")
    signer_name: str = Field(..., min_length=1, max_length=200)
    signer_title: str = Field(..., min_length=1, max_length=200)
    signer_authority: SignerAuthorityCode = Field(
        "", description='Thẩm quyền ký: "" (ký trực tiếp), TM., KT., Q., TL., TUQ.'
    )
    legal_bases: list[str] = Field(default_factory=list, description="Các căn cứ, theo thứ tự.")
    sections: list[SectionIn] = Field(default_factory=list, description="Nội dung thi đua.")
    phases: list[PhaseIn] = Field(default_factory=list, description="Mỗi giai đoạn một lần.")
    participants: list[ParticipantIn] = Field(default_factory=list)
    foreseen_awards: list[AwardCodeValue] = Field(
        default_factory=list, description="Danh hiệu, hình thức khen thưởng dự kiến."
    )


class SectionOut(Schema):
    number: int
    title: str
    body: str
    parent_task_codes: list[str]

    @staticmethod
    def resolve_parent_task_codes(obj: Any) -> list[str]:
        return sorted(t.code for t in obj.parent_tasks.all())


class PhaseOut(Schema):
    kind: PhaseKindCode
    start: dt.date
    end: dt.date


class ParticipantOut(Schema):
    unit_code: str
    role: ParticipantRoleCode

    @staticmethod
    def resolve_unit_code(obj: Any) -> str:
        return obj.unit.code


class MovementSummaryOut(Schema):
    code: str
    kind: MovementKindCode
    name: str
    state: MovementStateCode
    organizer_code: str
    period_start: dt.date
    period_end: dt.date
    doc_number: str
    doc_date: dt.date

    @staticmethod
    def resolve_organizer_code(obj: Any) -> str:
        return obj.organizer.code


class MovementOut(MovementSummaryOut):
    slogan: str
    purposes: str
    requirements: str
    parent_plan_code: str | None
    doc_place: str
    doc_issuer_code: str
    signer_name: str
    signer_title: str
    signer_authority: SignerAuthorityCode
    launched_at: dt.datetime | None
    legal_bases: list[str]
    sections: list[SectionOut]
    phases: list[PhaseOut]
    participants: list[ParticipantOut]
    foreseen_awards: list[AwardCodeValue]

    @staticmethod
    def resolve_parent_plan_code(obj: Any) -> str | None:
        return obj.parent_plan.code if obj.parent_plan_id else None

    @staticmethod
    def resolve_doc_issuer_code(obj: Any) -> str:
        return obj.doc_issuer.code

    @staticmethod
    def resolve_legal_bases(obj: Any) -> list[str]:
        return [b.text for b in obj.legal_bases.all()]

    @staticmethod
    def resolve_sections(obj: Any) -> list[Any]:
        return list(obj.sections.all())

    @staticmethod
    def resolve_phases(obj: Any) -> list[Any]:
        return list(obj.phases.all())

    @staticmethod
    def resolve_participants(obj: Any) -> list[Any]:
        return list(obj.participants.all())

    @staticmethod
    def resolve_foreseen_awards(obj: Any) -> list[str]:
        return [a.award_code for a in obj.foreseen_awards.all()]


class MovementStateIn(Schema):
    state: MovementStateCode
    note: str = Field("", description="Ghi chú (ghi vào nhật ký).")


# Criteria table ---------------------------------------------------------------------------


class CriterionData(Schema):
    code: str = Field(..., min_length=1, max_length=32)
    title: str = Field(..., min_length=1, max_length=500)
    max_points: Points = Field(..., ge=0, max_digits=8, decimal_places=2)
    method: ScoringMethodCode = "MANUAL"
    indicator: str = Field("", max_length=200, description="Mã chỉ số (cách chấm COUNTED).")
    target_value: Decimal | None = Field(None, description="Chỉ tiêu (cách chấm COUNTED).")
    guidance: str = ""


class CriteriaSectionData(Schema):
    order: int = Field(..., ge=1)
    title: str = Field(..., min_length=1, max_length=300)
    max_points: Points = Field(..., ge=0, max_digits=8, decimal_places=2)
    criteria: list[CriterionData] = Field(default_factory=list)


class BonusItemData(Schema):
    title: str = Field(..., min_length=1, max_length=500)
    max_points: Points = Field(..., ge=0, max_digits=8, decimal_places=2)


class PenaltyItemData(Schema):
    title: str = Field(..., min_length=1, max_length=500)
    points_each: Points = Field(..., ge=0, max_digits=8, decimal_places=2)


class BandData(Schema):
    code: str = Field(..., min_length=1, max_length=32)
    label: str = Field(..., min_length=1, max_length=200)
    min_score: Points = Field(..., ge=0, max_digits=8, decimal_places=2)
    min_share: Decimal | None = Field(
        None, description="Tỷ lệ tối thiểu của mỗi tiêu chí (0 đến 1); null: không áp dụng."
    )


class CriteriaTableIn(Schema):
    scale: Points = Field(Decimal(100), gt=0, max_digits=8, decimal_places=2)
    bonus_cap: Points = Field(Decimal(0), ge=0, max_digits=8, decimal_places=2)
    notes: str = ""
    sections: list[CriteriaSectionData] = Field(default_factory=list)
    bonus_items: list[BonusItemData] = Field(default_factory=list)
    penalty_items: list[PenaltyItemData] = Field(default_factory=list)
    bands: list[BandData] = Field(default_factory=list)


class CriterionOut(Schema):
    code: str
    title: str
    max_points: float
    method: ScoringMethodCode
    indicator: str
    target_value: float | None
    guidance: str


class CriteriaSectionOut(Schema):
    order: int
    title: str
    max_points: float
    criteria: list[CriterionOut]


class BonusItemOut(Schema):
    title: str
    max_points: float


class PenaltyItemOut(Schema):
    title: str
    points_each: float


class BandOut(Schema):
    code: str
    label: str
    min_score: float
    min_share: float | None


class CriteriaTableOut(Schema):
    scale: float
    bonus_cap: float
    notes: str
    sections: list[CriteriaSectionOut]
    bonus_items: list[BonusItemOut]
    penalty_items: list[PenaltyItemOut]
    bands: list[BandOut]


class CriteriaCopyIn(Schema):
    from_code: str = Field(..., min_length=1, description="Mã phong trào có bảng tiêu chí nguồn.")


# Unit plans -------------------------------------------------------------------------------


class TargetIn(Schema):
    section: int = Field(..., ge=1, description="Số thứ tự nội dung thi đua của phong trào.")
    parent_task: str | None = Field(None, description="Mã nhiệm vụ của kế hoạch cấp trên.")
    description: str = Field(..., min_length=1, max_length=1000)
    indicator: str = Field("", max_length=200)
    target_value: Decimal | None = Field(None, max_digits=12, decimal_places=2)
    measure_unit: str = Field("", max_length=64)
    due_on: dt.date | None = None


class UnitPlanIn(Schema):
    summary: str = Field("", description="Nội dung thi đua của đơn vị.")
    targets: list[TargetIn] = Field(default_factory=list)


class TargetOut(Schema):
    section: int
    parent_task: str | None
    description: str
    indicator: str
    target_value: float | None
    measure_unit: str
    due_on: dt.date | None

    @staticmethod
    def resolve_section(obj: Any) -> int:
        return obj.section.number

    @staticmethod
    def resolve_parent_task(obj: Any) -> str | None:
        return obj.parent_task.code if obj.parent_task_id else None


class UnitPlanSummaryOut(Schema):
    unit_code: str
    unit_name: str
    state: UnitPlanStateCode
    summary: str
    review_comment: str
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None

    @staticmethod
    def resolve_unit_code(obj: Any) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_unit_name(obj: Any) -> str:
        return obj.unit.name


class UnitPlanOut(UnitPlanSummaryOut):
    targets: list[TargetOut]

    @staticmethod
    def resolve_targets(obj: Any) -> list[Any]:
        return list(obj.targets.all())


class UnitPlanStateIn(Schema):
    state: UnitPlanStateCode
    comment: str = Field("", description="Ý kiến; bắt buộc khi trả lại (RETURNED).")


# Briefings and progress -------------------------------------------------------------------


class BriefingOut(Schema):
    person_code: str
    unit_code: str
    confirmed_at: dt.datetime

    @staticmethod
    def resolve_person_code(obj: Any) -> str:
        return obj.person.code

    @staticmethod
    def resolve_unit_code(obj: Any) -> str:
        return obj.unit.code


class UnitProgressOut(Schema):
    unit_code: str
    unit_name: str
    staff: int = Field(..., description="Cán bộ đang công tác.")
    briefed: int = Field(..., description="Số người đã xác nhận được quán triệt.")
    registered: int = Field(..., description="Số người đã đăng ký thi đua (trừ đã rút).")
    briefed_share: float
    registered_share: float
    plan_state: UnitPlanStateCode | None = Field(..., description="null: chưa có kế hoạch.")

    @staticmethod
    def resolve_unit_code(obj: Any) -> str:
        return obj.code

    @staticmethod
    def resolve_unit_name(obj: Any) -> str:
        return obj.name


# Registrations ----------------------------------------------------------------------------


class RegistrationIn(Schema):
    unit_code: str = Field(
        ..., min_length=1, description="Đơn vị đăng ký, hoặc đơn vị của cá nhân."
    )
    person_code: str | None = Field(None, description="Cá nhân đăng ký; null: đơn vị đăng ký.")
    award_code: AwardCodeValue
    targets: str = Field("", description="Chỉ tiêu, cam kết.")


class RegistrationOut(MovementOwnerCodes):
    id: int
    movement_code: str
    unit_code: str
    person_code: str | None
    award_code: AwardCodeValue
    targets: str
    state: RegistrationStateCode
    submitted_at: dt.datetime
    decided_at: dt.datetime | None
    comment: str


class RegistrationStateIn(Schema):
    state: RegistrationStateCode
    comment: str = Field("", description="Ý kiến; bắt buộc khi không xác nhận (REJECTED).")
