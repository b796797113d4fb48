"""Request and response bodies of the results API, in sections:
- Activities, evidence files and the catalogue of activity kinds.
- Assessments, periodic reports and blocs (added with the assessment endpoints).

Indicator values and points are JSON numbers; dates ISO."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from ninja import Field, Schema

from thidua.api.schemas_common import MovementOwnerCodes

# == Activities, evidence files, activity kinds ==============================================


class ActivityIn(Schema):
    unit_code: str = Field(..., min_length=1, description="Đơn vị báo cáo (đơn vị tham gia).")
    person_code: str | None = Field(
        None,
        description="Cá nhân thực hiện (cán bộ của đơn vị); null: hoạt động chung của đơn vị. "
        "Cán bộ tự báo cáo thì là chính mình.",
    )
    kind: str = Field(..., min_length=1, description="Mã loại hoạt động, ví dụ BORDER_PROP.")
    title: str = Field(..., min_length=1, max_length=500, description="Tên hoạt động.")
    occurred_on: dt.date = Field(..., description="Ngày thực hiện (YYYY-MM-DD).")
    place: str | None = Field(None, description="Mã địa bàn (xã, phường, huyện); null: không ghi.")
    participants: str = Field("", max_length=1000, description="Thành phần tham gia.")
    description: str = Field("", description="Nội dung, kết quả.")
    values: dict[str, Decimal] = Field(
        default_factory=dict,
        description='Giá trị các chỉ số theo mã, ví dụ {"BORDER_PROP.sessions": 1, '
        '"BORDER_PROP.residents": 120}; không âm, tối đa 2 chữ số thập phân.',
    )
    target: int | None = Field(
        None, description="Số hiệu (id) chỉ tiêu trong kế hoạch thi đua của đơn vị."
    )
    parent_task: str | None = Field(
        None, description="Mã nhiệm vụ của kế hoạch cấp trên mà hoạt động phục vụ."
    )


class ActivityFilterIn(Schema):
    unit_code: str | None = Field(None, description="Đơn vị đó và các đơn vị cấp dưới.")
    kind: str | None = Field(None, description="Mã loại hoạt động.")
    border: bool | None = Field(
        None, description="true: ở khu vực biên giới; false: nơi khác hoặc không ghi địa bàn."
    )
    include_withdrawn: bool = Field(False, description="Gồm cả hoạt động đã rút lại.")


class ActivityWithdrawIn(Schema):
    reason: str = Field("", max_length=1000, description="Lý do rút lại.")


class EvidenceOut(Schema):
    id: int
    original_name: str
    content_type: str = Field(..., description="Kiểu tệp xác định từ nội dung tệp.")
    size: int
    sha256: str
    uploaded_at: dt.datetime
    download_url: str

    @staticmethod
    def resolve_download_url(obj: Any) -> str:
        return f"/api/v1/evidence/{obj.pk}/content"


class ActivityOut(MovementOwnerCodes):
    id: int
    movement_code: str
    unit_code: str
    person_code: str | None
    kind: str
    title: str
    occurred_on: dt.date
    place: str | None = Field(..., description="Mã địa bàn.")
    place_name: str | None
    in_border_area: bool = Field(..., description="Địa bàn thuộc khu vực biên giới.")
    participants: str
    description: str
    target: int | None
    parent_task: str | None
    values: dict[str, float]
    evidence: list[EvidenceOut]
    created_at: dt.datetime
    withdrawn_at: dt.datetime | None = Field(
        ..., description="Đã rút lại lúc; hoạt động rút lại không được tính điểm."
    )

    @staticmethod
    def resolve_kind(obj: Any) -> str:
        return obj.kind.code

    @staticmethod
    def resolve_place(obj: Any) -> str | None:
        return obj.place.code if obj.place_id else None

    @staticmethod
    def resolve_place_name(obj: Any) -> str | None:
        return obj.place.name if obj.place_id else None

    @staticmethod
    def resolve_in_border_area(obj: Any) -> bool:
        return bool(obj.place_id and obj.place.is_border)

    @staticmethod
    def resolve_target(obj: Any) -> int | None:
        return obj.target_id

    @staticmethod
    def resolve_parent_task(obj: Any) -> str | None:
        return obj.parent_task.code if obj.parent_task_id else None

    @staticmethod
    def resolve_values(obj: Any) -> dict[str, float]:
        return {
            f"{v.indicator.kind.code}.{v.indicator.code}": float(v.value) for v in obj.values.all()
        }

    @staticmethod
    def resolve_evidence(obj: Any) -> list[Any]:
        return list(obj.evidence.all())


class ActivityIndicatorOut(Schema):
    key: str = Field(..., description="Mã dùng trong tiêu chí và trong `values`.")
    code: str
    name: str
    measure_unit: str

    @staticmethod
    def resolve_key(obj: Any) -> str:
        return f"{obj.kind.code}.{obj.code}"


class ActivityKindOut(Schema):
    code: str
    name: str
    description: str
    is_active: bool
    indicators: list[ActivityIndicatorOut]

    @staticmethod
    def resolve_indicators(obj: Any) -> list[Any]:
        return list(obj.indicators.all())


# == Assessments, periodic reports and blocs =================================================

# Codes: the stable values of thidua.results.enums.
ReportPeriodCode = Literal["MONTHLY", "QUARTERLY", "INTERIM", "FINAL"]
ReportStateCode = Literal["DRAFT", "SUBMITTED", "RETURNED", "ACCEPTED"]
AssessmentStateCode = Literal["SELF_DRAFT", "SELF_SUBMITTED", "REVIEWED", "FINAL"]
ScoreStageCode = Literal["SELF", "REVIEW", "COUNCIL"]


class ReportIn(Schema):
    unit_code: str = Field(..., min_length=1, description="Đơn vị báo cáo (đơn vị tham gia).")
    period: ReportPeriodCode
    period_start: dt.date = Field(..., description="Từ ngày, trong thời gian của phong trào.")
    period_end: dt.date = Field(..., description="Đến ngày, trong thời gian của phong trào.")
    content: str | None = Field(
        None,
        description="Nội dung; bỏ qua (null) để dùng nội dung tổng hợp sẵn từ các hoạt động.",
    )


class ReportOut(Schema):
    id: int
    movement_code: str
    unit_code: str
    period: ReportPeriodCode
    period_start: dt.date
    period_end: dt.date
    content: str
    state: ReportStateCode
    review_comment: str
    submitted_at: dt.datetime | None
    decided_at: dt.datetime | None

    @staticmethod
    def resolve_movement_code(obj: Any) -> str:
        return obj.movement.code

    @staticmethod
    def resolve_unit_code(obj: Any) -> str:
        return obj.unit.code


class ReportStateIn(Schema):
    state: Literal["SUBMITTED", "ACCEPTED", "RETURNED"] = Field(
        ..., description="SUBMITTED: đơn vị gửi; ACCEPTED, RETURNED: cán bộ thi đua xử lý."
    )
    comment: str = Field("", description="Ý kiến; bắt buộc khi trả lại (RETURNED).")


class AssessmentOpenIn(Schema):
    unit_code: str = Field(..., min_length=1, description="Đơn vị được đánh giá.")
    person_code: str | None = Field(
        None, description="Cá nhân được đánh giá (cán bộ của đơn vị); null: đánh giá tập thể."
    )


class AssessmentFields(Schema):
    id: int
    movement_code: str
    unit_code: str
    person_code: str | None
    state: AssessmentStateCode
    results_released: bool
    submitted_at: dt.datetime | None
    reviewed_at: dt.datetime | None
    finalized_at: dt.datetime | None


class AssessmentSummaryOut(AssessmentFields, MovementOwnerCodes):
    """An assessment as listed: its fields and the codes of its movement, unit and person."""


class CriterionScoreOut(Schema):
    criterion_code: str
    stage: ScoreStageCode
    points: Decimal
    comment: str


class AdjustmentOut(Schema):
    stage: ScoreStageCode
    bonus_item: int | None = Field(..., description="Số thứ tự mục điểm thưởng trong bảng.")
    penalty_item: int | None = Field(..., description="Số thứ tự mục điểm trừ trong bảng.")
    points: Decimal = Field(..., description="Điểm thưởng.")
    count: int = Field(..., description="Số lần vi phạm (điểm trừ).")


class StageTotalOut(Schema):
    stage: ScoreStageCode
    base: Decimal = Field(..., description="Điểm các tiêu chí, trước thưởng và trừ.")
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    band: str | None = Field(..., description="Mã mức xếp loại đạt được.")


class AssessmentOut(AssessmentFields):
    scores: list[CriterionScoreOut]
    adjustments: list[AdjustmentOut]
    totals: list[StageTotalOut]


class ScoresIn(Schema):
    points: dict[str, Decimal | None] = Field(
        default_factory=dict,
        description='Điểm theo mã tiêu chí, ví dụ {"1.1": 15}; null: bỏ điểm ở bước này. '
        "Tiêu chí tính từ hoạt động (COUNTED) không chấm tay.",
    )
    comments: dict[str, str] = Field(
        default_factory=dict,
        description="Ý kiến theo mã tiêu chí; bắt buộc với tiêu chí thẩm định (Hội đồng) chấm "
        "khác bước trước.",
    )
    bonus: dict[int, Decimal] | None = Field(
        None,
        description="Điểm thưởng theo số thứ tự mục (1, 2, ...); thay toàn bộ điểm thưởng của "
        "bước này; null: giữ nguyên.",
    )
    penalties: dict[int, int] | None = Field(
        None,
        description="Số lần vi phạm theo số thứ tự mục điểm trừ; thay toàn bộ điểm trừ của "
        "bước này; null: giữ nguyên.",
    )


class AssessmentStateIn(Schema):
    state: AssessmentStateCode
    note: str = Field("", description="Ý kiến; bắt buộc khi trả lại bước trước.")


class RankingRowOut(Schema):
    rank: int
    assessment_id: int
    unit_code: str
    unit_name: str
    person_code: str | None
    person_name: str | None
    base: Decimal
    bonus: Decimal
    penalty: Decimal
    total: Decimal
    band: str | None
    band_label: str | None
    self_total: Decimal
    gap: Decimal = Field(..., description="Điểm tự chấm trừ điểm ở bước được xếp hạng.")


class RankingOut(Schema):
    movement_code: str
    stage: ScoreStageCode
    collective: bool
    released: bool
    tie_break_rule: str
    results: list[RankingRowOut]


class BlocIn(Schema):
    name: str = Field(..., min_length=1, max_length=300)
    leader_code: str = Field(..., min_length=1, description="Đơn vị khối trưởng.")
    deputy_code: str | None = Field(None, description="Đơn vị khối phó.")
    member_codes: list[str] = Field(
        default_factory=list, description="Các đơn vị thành viên (khối trưởng, khối phó tự có)."
    )
    weight_self: Decimal = Field(Decimal("0.2"), description="Trọng số tự chấm (0 đến 1).")
    weight_peer: Decimal = Field(Decimal("0.3"), description="Trọng số chấm chéo (0 đến 1).")
    weight_review: Decimal = Field(
        Decimal("0.5"), description="Trọng số thẩm định; ba trọng số cộng lại bằng 1."
    )


class BlocResultOut(Schema):
    rank: int | None
    unit_code: str
    unit_name: str
    self_total: Decimal | None
    peer_mean: Decimal | None
    peer_count: int
    review_total: Decimal | None
    combined: Decimal | None = Field(..., description="Điểm khối (docs/scoring.md).")


class BlocOut(Schema):
    id: int
    movement_code: str
    code: str
    name: str
    leader_code: str
    deputy_code: str | None
    member_codes: list[str]
    weight_self: Decimal
    weight_peer: Decimal
    weight_review: Decimal
    ranking: list[BlocResultOut] | None = Field(
        ..., description="Xếp hạng trong khối; null khi kết quả chưa công bố với người gọi."
    )


class PeerScoreIn(Schema):
    points: Decimal = Field(
        ...,
        description="Tổng điểm cho đơn vị được chấm (0 đến thang điểm cộng điểm thưởng tối đa).",
    )
    comment: str = ""
    scorer_code: str | None = Field(
        None,
        description="Đơn vị chấm (thành viên khối mà người gọi là thủ trưởng); bỏ qua khi người "
        "gọi chỉ đứng đầu một đơn vị thành viên.",
    )


class PeerScoreOut(Schema):
    bloc_code: str
    scorer_code: str
    subject_code: str
    points: Decimal
    comment: str
