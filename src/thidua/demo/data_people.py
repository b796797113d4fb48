"""People of the demo: about sixty staff of the department in 2018, a few people of outside
organisations, their yearly ratings 2015-2018, three discipline cases and the demo logins.

Names are invented (Lạng Sơn has many Tày and Nùng families: Hoàng, Nông, Lương, Vi, Lộc,
Triệu, Mông, Lăng, Bế...); any likeness to a real person is chance. Everything is fixed data,
so every load gives the same people with the same codes.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

CB, CC, VC, NLD = "CAN_BO", "CONG_CHUC", "VIEN_CHUC", "NGUOI_LAO_DONG"


class PersonRow(NamedTuple):
    code: str
    full_name: str
    gender: str  # Gender: "M" or "F"
    birth_date: dt.date
    staff_type: str  # StaffType
    unit: str  # unit code
    position: str
    joined_on: dt.date
    is_leader: bool


# Positions of leaders and managers: they are not frontline staff.
LEADER_POSITIONS = frozenset(
    {
        "Giám đốc Sở",
        "Phó Giám đốc Sở",
        "Chánh Văn phòng",
        "Phó Chánh Văn phòng",
        "Chánh Thanh tra",
        "Phó Chánh Thanh tra",
        "Trưởng phòng",
        "Phó Trưởng phòng",
        "Giám đốc Trung tâm",
        "Phó Giám đốc Trung tâm",
        "Trưởng ban Thời sự",
        "Đồn trưởng",
    }
)

# unit code -> (code, full name, gender, birth date, staff type, position, joined on).
# The Board of Directors are listed as CAN_BO (a demo simplification: the few "cán bộ").
_DEPARTMENT: dict[str, list[tuple[str, str, str, str, str, str, str]]] = {
    "LD": [
        ("NV001", "Hoàng Văn Thắng", "M", "1965-03-12", CB, "Giám đốc Sở", "2008-01-01"),
        ("NV002", "Lương Thị Hồng Nhung", "F", "1970-08-25", CB, "Phó Giám đốc Sở", "2008-01-01"),
        ("NV003", "Nông Đức Tuấn", "M", "1972-11-02", CB, "Phó Giám đốc Sở", "2009-05-01"),
    ],
    "VP": [
        ("NV004", "Vi Văn Hùng", "M", "1975-04-18", CC, "Chánh Văn phòng", "2008-01-01"),
        ("NV005", "Triệu Thị Thu Hà", "F", "1980-06-09", CC, "Phó Chánh Văn phòng", "2010-03-01"),
        (
            "NV006",
            "Lộc Thị Hải Yến",
            "F",
            "1986-02-14",
            CC,
            "Chuyên viên thi đua - khen thưởng",
            "2011-09-01",
        ),
        ("NV007", "Đinh Văn Khánh", "M", "1983-09-30", CC, "Chuyên viên tổng hợp", "2009-07-01"),
        ("NV008", "Hà Thị Mai", "F", "1979-12-05", CC, "Kế toán", "2008-06-01"),
        ("NV009", "Lý Thị Phương", "F", "1988-05-21", CC, "Văn thư - lưu trữ", "2012-02-01"),
        ("NV010", "Mông Văn Quyết", "M", "1976-01-15", NLD, "Lái xe", "2008-01-01"),
        ("NV011", "Chu Văn Lợi", "M", "1968-07-07", NLD, "Bảo vệ", "2010-01-01"),
        ("NV012", "Tô Thị Dung", "F", "1982-10-10", NLD, "Nhân viên phục vụ", "2013-04-01"),
    ],
    "TTR": [
        ("NV013", "Nguyễn Văn Bình", "M", "1974-05-05", CC, "Chánh Thanh tra", "2008-01-01"),
        ("NV014", "Dương Thị Ngọc Lan", "F", "1981-03-03", CC, "Phó Chánh Thanh tra", "2010-08-01"),
        ("NV015", "Hoàng Minh Đức", "M", "1985-12-20", CC, "Thanh tra viên", "2011-01-01"),
        ("NV016", "Lăng Thị Thanh Hương", "F", "1987-07-17", CC, "Thanh tra viên", "2013-03-01"),
        ("NV017", "Bế Văn Cường", "M", "1990-09-09", CC, "Chuyên viên", "2014-05-01"),
    ],
    "KHTC": [
        ("NV018", "Trần Thị Minh Nguyệt", "F", "1978-02-02", CC, "Trưởng phòng", "2008-01-01"),
        ("NV019", "Vy Văn Toàn", "M", "1982-06-06", CC, "Phó Trưởng phòng", "2010-01-01"),
        ("NV020", "Nông Thị Thùy Linh", "F", "1989-04-11", CC, "Chuyên viên", "2013-07-01"),
        ("NV021", "Lương Văn Hải", "M", "1986-08-08", CC, "Chuyên viên", "2012-01-01"),
        ("NV022", "Phạm Thị Hạnh", "F", "1991-01-27", CC, "Kế toán", "2014-09-01"),
    ],
    "BCVT": [
        ("NV023", "Hoàng Văn Long", "M", "1973-10-14", CC, "Trưởng phòng", "2008-01-01"),
        ("NV024", "Lộc Thị Kim Oanh", "F", "1984-03-19", CC, "Phó Trưởng phòng", "2011-04-01"),
        ("NV025", "Triệu Văn Sơn", "M", "1988-11-23", CC, "Chuyên viên", "2012-06-01"),
        ("NV026", "Đặng Thị Huyền", "F", "1990-05-30", CC, "Chuyên viên", "2014-02-01"),
        ("NV027", "Mã Văn Thành", "M", "1985-07-04", CC, "Chuyên viên", "2010-10-01"),
    ],
    "CNTT": [
        ("NV028", "Vi Thị Thanh Tâm", "F", "1979-09-16", CC, "Trưởng phòng", "2008-01-01"),
        ("NV029", "Nguyễn Hữu Thọ", "M", "1983-04-04", CC, "Phó Trưởng phòng", "2009-08-01"),
        ("NV030", "Hoàng Thị Bích Ngọc", "F", "1990-12-12", CC, "Chuyên viên", "2013-09-01"),
        ("NV031", "Lý Văn Phúc", "M", "1987-02-26", CC, "Chuyên viên", "2011-11-01"),
        ("NV032", "Nông Văn Dũng", "M", "1992-06-18", CC, "Chuyên viên", "2014-10-01"),
        ("NV033", "Chu Thị Lệ", "F", "1988-08-29", CC, "Chuyên viên", "2012-05-01"),
    ],
    "TTBCXB": [
        ("NV034", "Lương Văn Minh", "M", "1976-05-22", CC, "Trưởng phòng", "2008-01-01"),
        ("NV035", "Hoàng Thị Thu Trang", "F", "1983-01-08", CC, "Phó Trưởng phòng", "2009-03-01"),
        ("NV036", "Đinh Công Tráng", "M", "1985-10-03", CC, "Phó Trưởng phòng", "2010-06-01"),
        ("NV037", "Vi Thị Hoa", "F", "1989-03-15", CC, "Chuyên viên", "2012-08-01"),
        ("NV038", "Trần Văn Hiếu", "M", "1991-07-19", CC, "Chuyên viên", "2014-04-01"),
        ("NV039", "Lộc Văn Kiên", "M", "1987-12-01", CC, "Chuyên viên", "2011-02-01"),
        ("NV040", "Nông Thị Hằng", "F", "1990-02-20", CC, "Chuyên viên", "2013-05-01"),
        ("NV041", "Hà Thị Loan", "F", "1986-06-11", CC, "Chuyên viên", "2012-11-01"),
    ],
    "TTCNTT": [
        ("NV042", "Hoàng Văn Tiến", "M", "1977-08-16", VC, "Giám đốc Trung tâm", "2009-01-01"),
        (
            "NV043",
            "Lương Thị Thanh Thúy",
            "F",
            "1982-11-30",
            VC,
            "Phó Giám đốc Trung tâm",
            "2010-04-01",
        ),
        ("NV044", "Triệu Đức Anh", "M", "1984-05-13", VC, "Phó Giám đốc Trung tâm", "2011-06-01"),
        ("NV045", "Nguyễn Thị Thu Huyền", "F", "1989-09-02", VC, "Biên tập viên", "2012-09-01"),
        ("NV046", "Vi Văn Thảo", "M", "1990-04-27", VC, "Kỹ sư hệ thống", "2013-02-01"),
        ("NV047", "Hoàng Thị Ngân", "F", "1991-10-18", VC, "Biên tập viên", "2014-03-01"),
        ("NV048", "Nông Văn Tùng", "M", "1988-01-09", VC, "Kỹ sư phần mềm", "2012-04-01"),
        ("NV049", "Lý Thị Thu", "F", "1992-12-24", VC, "Kỹ thuật viên", "2014-08-01"),
        ("NV050", "Mông Thị Xuân", "F", "1987-03-08", VC, "Biên tập viên", "2011-10-01"),
        ("NV051", "Đinh Văn Nam", "M", "1986-06-26", VC, "Kỹ sư mạng", "2010-12-01"),
        ("NV052", "Lộc Thị Hồng", "F", "1993-04-14", VC, "Phóng viên", "2014-12-01"),
        ("NV053", "Trần Quang Huy", "M", "1989-11-11", VC, "Kỹ thuật viên", "2013-06-01"),
        ("NV054", "Hà Văn Lâm", "M", "1985-02-17", VC, "Kỹ sư hệ thống", "2011-03-01"),
        (
            "NV055",
            "Chu Thị Ngọc Ánh",
            "F",
            "1991-08-05",
            VC,
            "Biên dịch viên tiếng Trung",
            "2014-01-01",
        ),
        ("NV056", "Bế Thị Quỳnh", "F", "1990-05-01", VC, "Biên dịch viên tiếng Anh", "2013-11-01"),
        ("NV057", "Lăng Văn Đạt", "M", "1988-09-21", VC, "Kỹ thuật viên", "2012-10-01"),
        ("NV058", "Nguyễn Thị Kim Thoa", "F", "1994-07-07", VC, "Biên tập viên", "2015-01-01"),
        ("NV059", "Vy Văn Khải", "M", "1982-12-30", NLD, "Lái xe", "2010-05-01"),
        ("NV060", "Hoàng Thị Duyên", "F", "1985-04-22", NLD, "Nhân viên hành chính", "2012-07-01"),
    ],
}

# A few people of outside organisations, so movements have individual participants there.
# The staff types have no category for soldiers: border guards are listed as CAN_BO.
_OUTSIDE: dict[str, list[tuple[str, str, str, str, str, str, str]]] = {
    "BAOLS": [
        ("NG001", "Nông Văn Chiến", "M", "1980-04-02", VC, "Trưởng ban Thời sự", "2005-03-01"),
        ("NG002", "Hoàng Thị Thanh Mai", "F", "1984-09-14", VC, "Phóng viên", "2008-07-01"),
        ("NG003", "Lý Thị Hương Giang", "F", "1990-01-20", VC, "Biên tập viên", "2013-08-01"),
    ],
    "DBP-TANTHANH": [
        ("NG004", "Vi Văn Trọng", "M", "1978-06-30", CB, "Đồn trưởng", "2015-01-01"),
        (
            "NG005",
            "Hoàng Văn Kiên",
            "M",
            "1986-11-05",
            CB,
            "Đội trưởng Đội vận động quần chúng",
            "2012-05-01",
        ),
        (
            "NG006",
            "Lương Văn Thái",
            "M",
            "1992-02-18",
            CB,
            "Cán bộ vận động quần chúng",
            "2016-09-01",
        ),
    ],
    "DPTTH": [
        (
            "NG007",
            "Triệu Thị Lan Anh",
            "F",
            "1988-07-12",
            VC,
            "Biên tập viên tiếng Trung",
            "2011-04-01",
        ),
    ],
    "PVHTT-VANLANG": [
        ("NG008", "Nông Thị Mai Hoa", "F", "1983-03-27", CC, "Trưởng phòng", "2010-02-01"),
        ("NG009", "Hà Văn Định", "M", "1989-10-08", CC, "Chuyên viên", "2014-06-01"),
    ],
}


def _rows(table: dict[str, list[tuple[str, str, str, str, str, str, str]]]) -> list[PersonRow]:
    return [
        PersonRow(
            code=code,
            full_name=name,
            gender=gender,
            birth_date=dt.date.fromisoformat(birth),
            staff_type=staff_type,
            unit=unit,
            position=position,
            joined_on=dt.date.fromisoformat(joined),
            is_leader=position in LEADER_POSITIONS,
        )
        for unit, rows in table.items()
        for code, name, gender, birth, staff_type, position, joined in rows
    ]


DEPARTMENT_PEOPLE: list[PersonRow] = _rows(_DEPARTMENT)
OUTSIDE_PEOPLE: list[PersonRow] = _rows(_OUTSIDE)
PEOPLE: list[PersonRow] = [*DEPARTMENT_PEOPLE, *OUTSIDE_PEOPLE]

# Yearly ratings 2015-2018, one letter a year: X = HTXSNV, T = HTTNV, H = HTNV, K = KHTNV.
# Streaks of X (NV001, NV037: four years; NV002, NV030, NV034, NV055: three) feed eligibility.
RATING_YEARS = (2015, 2016, 2017, 2018)
RATING_LETTERS = {"X": "HTXSNV", "T": "HTTNV", "H": "HTNV", "K": "KHTNV"}

PERSON_RATINGS: dict[str, str] = {
    "NV001": "XXXX",
    "NV002": "TXXX",
    "NV003": "XTXX",
    "NV004": "TTXX",
    "NV005": "TXTT",
    "NV006": "TTXX",
    "NV007": "TTHT",
    "NV008": "TTHT",
    "NV009": "HTTT",
    "NV010": "THTK",
    "NV011": "TTHT",
    "NV012": "TTTK",
    "NV013": "TXTT",
    "NV014": "TTTX",
    "NV015": "HTTT",
    "NV016": "XTTT",
    "NV017": "THTT",
    "NV018": "TTXT",
    "NV019": "THTT",
    "NV020": "TTTH",
    "NV021": "HTTT",
    "NV022": "TTTH",
    "NV023": "XXTT",
    "NV024": "TTTX",
    "NV025": "TTHT",
    "NV026": "THTT",
    "NV027": "TXTT",
    "NV028": "XTXX",
    "NV029": "TTTT",
    "NV030": "TXXX",
    "NV031": "TTKT",
    "NV032": "HTTT",
    "NV033": "TTHT",
    "NV034": "TXXX",
    "NV035": "TTXT",
    "NV036": "THTT",
    "NV037": "XXXX",
    "NV038": "HTTH",
    "NV039": "TTTH",
    "NV040": "TTXX",
    "NV041": "TTHT",
    "NV042": "TXXT",
    "NV043": "TTTX",
    "NV044": "THTT",
    "NV045": "TXTT",
    "NV046": "TTKH",
    "NV047": "TTXT",
    "NV048": "TKTT",
    "NV049": "HTTT",
    "NV050": "TTHT",
    "NV051": "TXTT",
    "NV052": "TTHT",
    "NV053": "HHTT",
    "NV054": "TKTT",
    "NV055": "TXXX",
    "NV056": "TTTX",
    "NV057": "TTTH",
    "NV058": "HTTT",
    "NV059": "TTHT",
    "NV060": "HTTK",
}

# Collective ratings of the divisions and the centre (data_org.RATED_UNITS).
UNIT_RATINGS: dict[str, str] = {
    "VP": "TTXX",
    "TTR": "TTTT",
    "KHTC": "TTTX",
    "BCVT": "TTHT",
    "CNTT": "TXXX",
    "TTBCXB": "XTXX",
    "TTCNTT": "TTXT",
}


class DisciplineRow(NamedTuple):
    person: str  # person code
    status: str  # DisciplineStatus
    level: str | None  # DisciplineLevel
    decided_on: dt.date | None
    effective_from: dt.date | None
    effective_to: dt.date | None
    decision_number: str
    note: str


DISCIPLINE: list[DisciplineRow] = [
    DisciplineRow(
        "NV025",
        "DECIDED",
        "KHIEN_TRACH",
        dt.date(2017, 8, 21),
        dt.date(2017, 8, 21),
        dt.date(2018, 8, 20),  # twelve months
        "86/QĐ-STTTT",
        "Vi phạm quy chế làm việc của cơ quan: nghỉ làm không có lý do nhiều ngày trong "
        "tháng 6/2017.",
    ),
    DisciplineRow(
        "NV048",
        "DECIDED",
        "CANH_CAO",
        dt.date(2016, 10, 14),
        dt.date(2016, 10, 14),
        dt.date(2017, 10, 13),  # twelve months
        "215/QĐ-STTTT",
        "Không thực hiện sao lưu dữ liệu theo quy định, để xảy ra sự cố mất dữ liệu trên "
        "Cổng thông tin điện tử tỉnh.",
    ),
    # Still under review: it holds any award for the person. The record has no field for the
    # day a review opened, so the day is in the note.
    DisciplineRow(
        "NV057",
        "UNDER_REVIEW",
        None,
        None,
        None,
        None,
        "",
        "Mở xem xét kỷ luật từ ngày 12/11/2018 do để lộ mật khẩu quản trị hệ thống thư điện "
        "tử công vụ. Tạm dừng xét khen thưởng trong thời gian xem xét.",
    ),
]


class AccountRow(NamedTuple):
    username: str
    role: str  # Role
    unit: str  # scope: the role holds on this unit and its subtree
    person: str | None  # code of the linked person
    is_superuser: bool = False


# One shared password, set only when an account is created (a changed password is kept).
DEMO_PASSWORD = "ThiDua@2018"  # noqa: S105 - a documented demo password

ACCOUNTS: list[AccountRow] = [
    AccountRow("admin", "ADMIN", "STTTT", None, is_superuser=True),
    AccountRow("canbotdkt", "OFFICER", "STTTT", "NV006"),
    AccountRow("truongphong", "UNIT_HEAD", "TTBCXB", "NV034"),
    AccountRow("truongphongcntt", "UNIT_HEAD", "CNTT", "NV028"),
    # The director (NV001) signs decisions and chairs the council.
    AccountRow("giamdoc", "COUNCIL_MEMBER", "STTTT", "NV001"),
    AccountRow("hoidong", "COUNCIL_MEMBER", "STTTT", "NV003"),
    AccountRow("thuky", "COUNCIL_SECRETARY", "STTTT", "NV005"),
    AccountRow("nhanvien", "STAFF", "TTBCXB", "NV037"),
]
