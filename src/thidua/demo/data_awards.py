"""Demo data of the 2018 commendation of TTĐN-2018 (steps in ``load_awards``).

The department's register of 2016-2017 (so chains of titles exist), the initiatives
recognised in 2018, the nominations for Giấy khen of the director in the thematic movement,
the council of the department and its session of 12/12/2018, the public disclosure of
13/12/2018 with a comment and an objection, and the decision of 20/12/2018.

All of it is invented demo data in the shape of TTDN.md: decision numbers, titles and texts are
realistic, not quotations. Times are Vietnam time (UTC+7).
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

MOVEMENT = "TTDN-2018"
DEPARTMENT = "STTTT"
OFFICER = "canbotdkt"
DIRECTOR = "NV001"
_HCM = dt.timezone(dt.timedelta(hours=7))


def at(day: str, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A 2018 moment in Vietnam time."""
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), tzinfo=_HCM)


# --- the register of 2016-2017 ----------------------------------------------------------------


class AwardRow(NamedTuple):
    person: str | None  # person code, or None for a unit
    unit: str | None  # unit code of a collective award
    award_code: str
    year: int
    kind: str  # AwardKind
    decision_number: str
    decision_date: dt.date
    issuer: str
    achievement: str = ""


_GD = "Giám đốc Sở Thông tin và Truyền thông tỉnh Lạng Sơn"
_UB = "Chủ tịch UBND tỉnh Lạng Sơn"
_D16 = ("98/QĐ-STTTT", dt.date(2016, 12, 26))
_D17 = ("112/QĐ-STTTT", dt.date(2017, 12, 27))
_UB17 = ("2650/QĐ-UBND", dt.date(2017, 12, 29))
_GK17 = ("108/QĐ-STTTT", dt.date(2017, 12, 20))


def _person(code: str, award: str, year: int, kind: str, decision: tuple[str, dt.date]) -> AwardRow:
    issuer = _UB if decision[0].endswith("UBND") else _GD
    return AwardRow(code, None, award, year, kind, decision[0], decision[1], issuer)


PAST_AWARDS: list[AwardRow] = [
    # 2016: LĐTT and CSTĐCS of the director (Quyết định 98/QĐ-STTTT ngày 26/12/2016).
    *(_person(c, "LDTT", 2016, "MERIT", _D16) for c in ("NV001", "NV002", "NV034", "NV037")),
    *(_person(c, "LDTT", 2016, "MERIT", _D16) for c in ("NV040", "NV055", "NV028", "NV030")),
    _person("NV037", "CSTDCS", 2016, "MERIT", _D16),
    _person("NV001", "CSTDCS", 2016, "MERIT", _D16),
    # 2017: the same chains go on (Quyết định 112/QĐ-STTTT ngày 27/12/2017).
    *(_person(c, "LDTT", 2017, "MERIT", _D17) for c in ("NV001", "NV002", "NV034", "NV037")),
    *(_person(c, "LDTT", 2017, "MERIT", _D17) for c in ("NV040", "NV055", "NV028", "NV030")),
    _person("NV037", "CSTDCS", 2017, "MERIT", _D17),
    _person("NV034", "CSTDCS", 2017, "MERIT", _D17),
    # Giấy khen of the director in the 2017 foreign-information campaign.
    AwardRow(
        "NV040",
        None,
        "GIAY_KHEN",
        2017,
        "MOVEMENT",
        *_GK17,
        _GD,
        "Có thành tích xuất sắc trong tuyên truyền song ngữ tại các xã biên giới năm 2017.",
    ),
    AwardRow(
        None,
        "TTBCXB",
        "TTLDTT",
        2017,
        "MERIT",
        *_UB17,
        _UB,
        "Tập thể lao động tiên tiến năm 2017.",
    ),
]

# --- initiatives recognised in 2018 -------------------------------------------------------------


class InitiativeRow(NamedTuple):
    code: str
    title: str
    unit: str
    authors: tuple[str, ...]
    recognized_on: dt.date
    scope: str  # InitiativeScope


INITIATIVES: list[InitiativeRow] = [
    InitiativeRow(
        "SK-2018-STTTT-01",
        "Mô hình tuyên truyền song ngữ Việt - Trung tại các xã biên giới có cửa khẩu",
        "TTBCXB",
        ("NV037",),
        dt.date(2018, 11, 20),
        "SCOPE_TINH",
    ),
    InitiativeRow(
        "SK-2018-STTTT-02",
        "Quy trình biên dịch và cập nhật tin đối ngoại tiếng Trung trên Cổng thông tin điện tử",
        "TTCNTT",
        ("NV055", "NV056"),
        dt.date(2018, 11, 20),
        "SCOPE_CO_SO",
    ),
    InitiativeRow(
        "SK-2018-STTTT-03",
        "Bộ câu hỏi - đáp về chủ quyền biên giới cho các buổi tuyên truyền ở thôn, bản",
        "TTBCXB",
        ("NV040",),
        dt.date(2018, 11, 20),
        "SCOPE_CO_SO",
    ),
]

# --- nominations for Giấy khen in TTĐN-2018 -----------------------------------------------------


class NominationRow(NamedTuple):
    proposing_unit: str
    person: str | None
    unit: str | None
    by: str  # username of who entered and submitted it
    achievement: str
    assessment: bool  # cite the candidate's assessment in the movement
    initiatives: tuple[str, ...] = ()
    submitted_at: dt.datetime = at("2018-12-07", 15)


AWARD = "GIAY_KHEN"
YEAR = 2018

NOMINATIONS: list[NominationRow] = [
    NominationRow(
        "TTBCXB",
        "NV037",
        None,
        "truongphong",
        "Chủ trì biên tập bản tin song ngữ Việt - Trung, tham gia 8 đợt tuyên truyền tại các xã "
        "biên giới huyện Văn Lãng; tác giả sáng kiến mô hình tuyên truyền song ngữ.",
        assessment=True,
        initiatives=("SK-2018-STTTT-01",),
    ),
    NominationRow(
        "TTBCXB",
        "NV040",
        None,
        "truongphong",
        "Tổ chức 6 buổi tuyên truyền về chủ quyền biên giới cùng Đồn Biên phòng Tân Thanh và Na "
        "Hình; biên soạn bộ câu hỏi - đáp về chủ quyền biên giới.",
        assessment=True,
        initiatives=("SK-2018-STTTT-03",),
    ),
    NominationRow(
        "TTBCXB",
        "NV034",
        None,
        "truongphong",
        "Trưởng phòng chủ trì xây dựng và tổ chức thực hiện Kế hoạch thông tin đối ngoại của "
        "Sở năm 2018; chỉ đạo hai lớp bồi dưỡng tại Tràng Định và Văn Lãng.",
        assessment=False,
    ),
    NominationRow(
        "TTCNTT",
        "NV055",
        None,
        OFFICER,
        "Biên dịch và cập nhật tin đối ngoại tiếng Trung trên Cổng thông tin điện tử của tỉnh "
        "đều đặn hằng tháng.",
        assessment=False,
        initiatives=("SK-2018-STTTT-02",),
    ),
    NominationRow(
        "TTCNTT",
        "NV056",
        None,
        OFFICER,
        "Biên dịch tin đối ngoại tiếng Anh; biên soạn bản tin thế giới cho đài truyền thanh các "
        "xã biên giới.",
        assessment=False,
        initiatives=("SK-2018-STTTT-02",),
    ),
    NominationRow(
        "CNTT",
        "NV030",
        None,
        "truongphongcntt",
        "Xây dựng chuyên mục thông tin đối ngoại trên trang thông tin điện tử của Sở.",
        assessment=True,
    ),
    NominationRow(
        "CNTT",
        "NV029",
        None,
        "truongphongcntt",
        "Phó Trưởng phòng phụ trách bảo đảm kỹ thuật cho các trang tin đối ngoại của Sở.",
        assessment=False,
    ),
    NominationRow(
        DEPARTMENT,
        None,
        "TTBCXB",
        OFFICER,
        "Đơn vị chủ trì phong trào thi đua chuyên đề; đạt 88,10 điểm, xếp loại Tốt, dẫn đầu Khối "
        "các phòng chuyên môn.",
        assessment=True,
    ),
]

# --- the council and its session ----------------------------------------------------------------

COUNCIL_CODE = "HDTDKT-STTTT"
COUNCIL_NAME = "Hội đồng Thi đua - Khen thưởng Sở Thông tin và Truyền thông"
COUNCIL_FROM = dt.date(2018, 1, 2)


class MemberRow(NamedTuple):
    username: str
    role: str  # CouncilRole
    votes: bool
    present: bool
    in_writing: bool = False


COUNCIL_MEMBERS: list[MemberRow] = [
    MemberRow("giamdoc", "CHAIR", True, True),
    MemberRow("hoidong", "VICE_CHAIR", True, True),
    MemberRow(OFFICER, "MEMBER", True, True),
    MemberRow("truongphong", "MEMBER", True, True),
    # Away on the day, she sent her votes in writing; the secretary enters them.
    MemberRow("truongphongcntt", "MEMBER", True, False, in_writing=True),
    # The secretary keeps the minutes and enters paper ballots; she does not vote.
    MemberRow("thuky", "SECRETARY", False, True),
]
SECRETARY = "thuky"
SESSION_DAY = dt.date(2018, 12, 12)
SESSION_MINUTES = (
    "Phiên họp xét khen thưởng phong trào thi đua chuyên đề về công tác thông tin đối ngoại "
    "năm 2018. Có mặt 4/5 thành viên, 1 thành viên biểu quyết bằng văn bản. Thư ký nhập phiếu "
    "giấy."
)
# Votes per nomination (in NOMINATIONS order): how many YES, NO and BLANK of the 5 members.
VOTES: list[tuple[int, int, int]] = [
    (5, 0, 0),
    (5, 0, 0),
    (4, 0, 1),
    (5, 0, 0),
    (4, 1, 0),
    (5, 0, 0),
    (3, 1, 1),
    (5, 0, 0),
]

# --- the public disclosure ----------------------------------------------------------------------

DISCLOSURE_CODE = "CK-2018-0001"
DISCLOSURE_TITLE = (
    "Công khai danh sách đề nghị tặng Giấy khen phong trào thi đua chuyên đề về công tác thông "
    "tin đối ngoại năm 2018"
)
DISCLOSURE_DAY = dt.date(2018, 12, 13)
DISCLOSURE_WORKING_DAYS = 5


class CommentRow(NamedTuple):
    kind: str  # CommentKind
    nomination: str | None  # the person code it is about
    name: str
    contact: str
    text: str
    at: dt.datetime
    answer: str
    answered_at: dt.datetime


COMMENTS: list[CommentRow] = [
    CommentRow(
        "COMMENT",
        None,
        "Hoàng Văn Dũng",
        "0912 345 678",
        "Đề nghị bổ sung các đồng chí ở Đồn Biên phòng Tân Thanh đã phối hợp tuyên truyền vào "
        "danh sách khen thưởng của phong trào.",
        at("2018-12-14", 10, 15),
        "Cảm ơn ông đã góp ý. Cán bộ, chiến sĩ Đồn Biên phòng Tân Thanh do Bộ Chỉ huy Bộ đội "
        "Biên phòng tỉnh xét khen thưởng theo thẩm quyền; Sở đã gửi văn bản đề nghị.",
        at("2018-12-17", 14, 0),
    ),
    CommentRow(
        "OBJECTION",
        "NV029",
        "Nguyễn Thị Lan",
        "lan.nguyen@example.vn",
        "Đồng chí Nguyễn Hữu Thọ không trực tiếp tham gia các đợt tuyên truyền ở biên giới, đề "
        "nghị xem xét lại việc khen thưởng.",
        at("2018-12-17", 8, 40),
        "Phòng Công nghệ thông tin đã xác minh: đồng chí Nguyễn Hữu Thọ phụ trách bảo đảm kỹ "
        "thuật cho chuyên mục thông tin đối ngoại trên trang thông tin điện tử của Sở. Hội đồng "
        "giữ nguyên đề nghị khen thưởng.",
        at("2018-12-18", 16, 0),
    ),
]

# --- the decision ------------------------------------------------------------------------------

DECISION_SYMBOL = "QĐ-STTTT"
DECISION_SUBJECT = (
    "Về việc tặng Giấy khen cho các tập thể, cá nhân có thành tích xuất sắc trong phong trào "
    "thi đua chuyên đề về công tác thông tin đối ngoại năm 2018"
)
DECISION_DAY = dt.date(2018, 12, 20)
PERIOD_END = dt.date(2018, 11, 30)
# The last number of the department's decisions of 2018 before this one: it gets 125.
LAST_NUMBER_2018 = 124
DECISION_NUMBER = "125/QĐ-STTTT"
SIGNER_NAME = "Hoàng Văn Thắng"
SIGNER_TITLE = "Giám đốc"
LEGAL_BASES = (
    "Căn cứ Luật Thi đua, Khen thưởng ngày 26/11/2003; Luật sửa đổi, bổ sung một số điều của "
    "Luật Thi đua, Khen thưởng ngày 16/11/2013;\n"
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành "
    "một số điều của Luật Thi đua, khen thưởng;\n"
    "Căn cứ Kế hoạch số 456/KH-STTTT ngày 10/5/2018 của Sở Thông tin và Truyền thông về phát "
    "động phong trào thi đua chuyên đề về công tác thông tin đối ngoại năm 2018;"
)
PROPOSAL_REF = "Biên bản họp Hội đồng Thi đua - Khen thưởng Sở ngày 12/12/2018"
MONEY_SOURCE = "Quỹ thi đua, khen thưởng của Sở Thông tin và Truyền thông năm 2018"
