"""Request and response bodies of the councils API (councils, members, sessions, secret
ballots, results, ranking). Codes are ``Literal`` types holding the stable values of
``thidua.awards.enums``, so an unknown code is a 422 naming its field.

Secrecy: no body here carries a member together with a choice. A vote answers only THAT it
was recorded; tallies appear only once a ballot is closed (before, only how many voted)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Field, Schema

from thidua.api.schemas_movements import AwardCodeValue

CouncilRoleCode = Literal["CHAIR", "VICE_CHAIR", "MEMBER", "SECRETARY"]
SessionStateCode = Literal["OPEN", "VOTING", "CLOSED"]
BallotStateCode = Literal["OPEN", "CLOSED"]
VoteChoiceCode = Literal["YES", "NO", "BLANK"]
VoteViaCode = Literal["ONLINE", "PAPER"]


class CouncilIn(Schema):
    code: str = Field(..., min_length=1, max_length=32, description="Mã Hội đồng (ổn định).")
    name: str = Field(..., min_length=1, max_length=300, description="Tên Hội đồng.")
    unit_code: str = Field(..., description="Mã đơn vị thành lập Hội đồng.")
    movement_code: str | None = Field(
        None, description="Mã phong trào, nếu Hội đồng chỉ xét một phong trào."
    )


class MemberIn(Schema):
    username: str = Field(..., min_length=1, description="Tên đăng nhập của thành viên.")
    full_name: str = Field(
        "", max_length=200, description="Họ tên, chức vụ (để trống: theo tài khoản)."
    )
    role: CouncilRoleCode = "MEMBER"
    votes: bool = Field(True, description="Có quyền biểu quyết (Thư ký có thể không).")
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


class MemberEndIn(Schema):
    valid_to: dt.date = Field(..., description="Ngày cuối của nhiệm kỳ (YYYY-MM-DD).")


class MemberOut(Schema):
    id: int
    username: str
    full_name: str
    role: CouncilRoleCode
    votes: bool
    valid_from: dt.date | None
    valid_to: dt.date | None


class SessionIn(Schema):
    held_on: dt.date = Field(..., description="Ngày họp (YYYY-MM-DD).")
    movement_code: str = Field(..., description="Mã phong trào được xét.")


class SessionBrief(Schema):
    id: int
    held_on: dt.date
    movement_code: str
    state: SessionStateCode


class CouncilOut(Schema):
    code: str
    name: str
    unit_code: str
    movement_code: str | None


class CouncilDetailOut(CouncilOut):
    members: list[MemberOut]
    sessions: list[SessionBrief]


class AttendanceSummaryOut(Schema):
    members: int = Field(..., description="Thành viên có quyền biểu quyết vào ngày họp.")
    present: int
    in_writing: int = Field(..., description="Vắng mặt, biểu quyết bằng văn bản.")
    absent: int
    quorum: bool = Field(..., description="Có mặt hoặc biểu quyết bằng văn bản ≥ 2/3.")


class AttendanceRowOut(Schema):
    member_id: int
    full_name: str
    role: CouncilRoleCode
    votes: bool
    present: bool
    votes_in_writing: bool


class AttendanceRowIn(Schema):
    member_id: int
    present: bool = False
    votes_in_writing: bool = False


class AttendanceIn(Schema):
    rows: list[AttendanceRowIn] = Field(..., min_length=1)


class BallotOut(Schema):
    id: int
    nomination_id: int
    award_code: AwardCodeValue
    state: BallotStateCode
    voted: int = Field(..., description="Số thành viên đã bỏ phiếu.")
    yes: int | None = Field(None, description="Chỉ có khi đã kiểm phiếu.")
    no: int | None = None
    blank: int | None = None


class SessionOut(Schema):
    id: int
    council_code: str
    movement_code: str
    held_on: dt.date
    state: SessionStateCode
    minutes_note: str
    attendance: AttendanceSummaryOut
    attendance_rows: list[AttendanceRowOut]
    ballots: list[BallotOut]


class BallotsIn(Schema):
    nomination_ids: list[int] = Field(..., min_length=1, description="Các đề nghị đã trình.")


class VoteIn(Schema):
    choice: VoteChoiceCode
    member_id: int | None = Field(
        None,
        description=(
            "Để trống: thành viên tự bỏ phiếu trực tuyến. Có giá trị: Thư ký nhập phiếu giấy "
            "của thành viên này."
        ),
    )


class VoteOut(Schema):
    ballot_id: int
    member_id: int
    via: VoteViaCode
    cast_at: dt.datetime
    detail: str = Field(..., description="Chỉ xác nhận đã bỏ phiếu; không ghi ý kiến.")


class ResultOut(Schema):
    ballot_id: int
    nomination_id: int
    award_code: AwardCodeValue
    state: BallotStateCode
    voted: int
    yes: int | None
    no: int | None
    blank: int | None
    members: int = Field(..., description="Tổng số thành viên có quyền biểu quyết.")
    share: str | None = Field(None, description="Tỷ lệ đồng ý trên tổng số thành viên.")
    threshold: str | None = Field(None, description="Ngưỡng của chế độ (None: quá nửa).")
    threshold_confirmed: bool
    citation: str
    passed: bool | None = Field(None, description="Chỉ có khi đã kiểm phiếu.")


class ResultsOut(Schema):
    session_id: int
    attendance: AttendanceSummaryOut
    attendance_rows: list[AttendanceRowOut]
    results: list[ResultOut]


class RankedOut(Schema):
    position: int
    nomination_id: int
    yes: int
    selected: bool
    tied: bool


class RankingOut(Schema):
    award_code: AwardCodeValue
    cap: int
    cap_source: Literal["entered", "quota"]
    needs_chair: bool
    open_ballots: int = Field(..., description="Phiếu chưa kiểm: thứ hạng có thể thay đổi.")
    ranked: list[RankedOut]
    selected_ids: list[int]
    tied_ids: list[int]


class TieBreakIn(Schema):
    nomination_ids: list[int] = Field(
        ..., min_length=1, description="Các đề nghị bằng phiếu, theo thứ tự Chủ tịch quyết định."
    )


class TieBreakOut(Schema):
    award_code: AwardCodeValue
    order: list[int]
