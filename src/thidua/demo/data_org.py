"""Units of the demo: the department in 2018, its successor and the outside organisations taking
part in foreign information work (TTĐN). Parents come before their children.

The 2018 department is kept as a historical unit: it was merged into the Department of Science
and Technology on 1/3/2025 (Nghị quyết 04/NQ-HĐND of 18/2/2025), so it is closed on 28/2/2025
with its divisions, never renamed in place.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class UnitRow(NamedTuple):
    code: str
    name: str
    short_name: str
    kind: str  # UnitKind
    parent: str | None  # code of the parent unit
    place: str | None  # code of the Place
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None


DEPARTMENT = "STTTT"
# Approximate: the departments of Information and Communications were set up in 2008.
DEPARTMENT_FROM = dt.date(2008, 1, 1)
DEPARTMENT_TO = dt.date(2025, 2, 28)
DISTRICT_OFFICES_TO = dt.date(2025, 6, 30)  # districts abolished from 1/7/2025


def _division(code: str, name: str, short_name: str, kind: str = "DIVISION") -> UnitRow:
    return UnitRow(code, name, short_name, kind, DEPARTMENT, "LS", DEPARTMENT_FROM, DEPARTMENT_TO)


DEPARTMENT_UNITS: list[UnitRow] = [
    UnitRow(
        DEPARTMENT,
        "Sở Thông tin và Truyền thông tỉnh Lạng Sơn",
        "Sở TT&TT",
        "AGENCY",
        None,
        "LS",
        DEPARTMENT_FROM,
        DEPARTMENT_TO,
    ),
    _division("LD", "Ban Giám đốc Sở", "Ban Giám đốc"),
    _division("VP", "Văn phòng Sở", "Văn phòng"),
    _division("TTR", "Thanh tra Sở", "Thanh tra"),
    _division("KHTC", "Phòng Kế hoạch - Tài chính", "Phòng KH-TC"),
    _division("BCVT", "Phòng Bưu chính, Viễn thông", "Phòng BC-VT"),
    _division("CNTT", "Phòng Công nghệ thông tin", "Phòng CNTT"),
    _division("TTBCXB", "Phòng Thông tin - Báo chí - Xuất bản", "Phòng TT-BC-XB"),
    _division(
        "TTCNTT",
        "Trung tâm Công nghệ thông tin và Truyền thông",
        "Trung tâm CNTT&TT",
        kind="SUBORDINATE",
    ),
]

# Units whose collective is rated each year (the Board of Directors is not a collective).
RATED_UNITS = ("VP", "TTR", "KHTC", "BCVT", "CNTT", "TTBCXB", "TTCNTT")

# The successor from 1/3/2025, a separate root: the merged department is a new unit, so
# history of 2018 stays with STTTT. No people are loaded in it.
SUCCESSOR_UNITS: list[UnitRow] = [
    UnitRow(
        "SKHCN",
        "Sở Khoa học và Công nghệ tỉnh Lạng Sơn",
        "Sở KH&CN",
        "AGENCY",
        None,
        "LS",
        dt.date(2025, 3, 1),
    ),
]

OUTSIDE_ROOT = "NGOAI"

# Outside organisations that take part in a TTĐN movement (TTDN.md). The border posts are placed
# at border communes of their district; the exact commune of each post is demo data.
OUTSIDE_UNITS: list[UnitRow] = [
    UnitRow(OUTSIDE_ROOT, "Các cơ quan, tổ chức phối hợp", "Phối hợp", "OUTSIDE", None, "LS"),
    UnitRow("BTGTU", "Ban Tuyên giáo Tỉnh ủy Lạng Sơn", "Ban Tuyên giáo", "OUTSIDE", "NGOAI", "LS"),
    UnitRow("SNGV", "Sở Ngoại vụ tỉnh Lạng Sơn", "Sở Ngoại vụ", "OUTSIDE", "NGOAI", "LS"),
    UnitRow("BAOLS", "Báo Lạng Sơn", "Báo Lạng Sơn", "OUTSIDE", "NGOAI", "LS"),
    UnitRow(
        "DPTTH", "Đài Phát thanh - Truyền hình Lạng Sơn", "Đài PT-TH", "OUTSIDE", "NGOAI", "LS"
    ),
    UnitRow(
        "BDBP",
        "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn",
        "BĐBP tỉnh",
        "OUTSIDE",
        "NGOAI",
        "LS",
    ),
    UnitRow(
        "DBP-POMA",
        "Đồn Biên phòng Pò Mã",
        "Đồn BP Pò Mã",
        "OUTSIDE",
        "BDBP",
        "LS-TRANGDINH-QUOCKHANH",
    ),
    UnitRow(
        "DBP-BINHNGHI",
        "Đồn Biên phòng Bình Nghi",
        "Đồn BP Bình Nghi",
        "OUTSIDE",
        "BDBP",
        "LS-TRANGDINH-DAOVIEN",
    ),
    UnitRow(
        "DBP-TANTHANH",
        "Đồn Biên phòng Tân Thanh",
        "Đồn BP Tân Thanh",
        "OUTSIDE",
        "BDBP",
        "LS-VANLANG-TANTHANH",
    ),
    UnitRow(
        "DBP-NAHINH",
        "Đồn Biên phòng Na Hình",
        "Đồn BP Na Hình",
        "OUTSIDE",
        "BDBP",
        "LS-VANLANG-THUYHUNG",
    ),
]

# Each district's Phòng Văn hóa và Thông tin, placed at its district, closed with the districts.
# (code suffix, place code, the city or district as it follows "Phòng Văn hóa và Thông tin")
_DISTRICT_OFFICES = [
    ("TPLANGSON", "LS-TPLANGSON", "thành phố Lạng Sơn"),
    ("TRANGDINH", "LS-TRANGDINH", "huyện Tràng Định"),
    ("VANLANG", "LS-VANLANG", "huyện Văn Lãng"),
    ("VANQUAN", "LS-VANQUAN", "huyện Văn Quan"),
    ("BINHGIA", "LS-BINHGIA", "huyện Bình Gia"),
    ("BACSON", "LS-BACSON", "huyện Bắc Sơn"),
    ("HUULUNG", "LS-HUULUNG", "huyện Hữu Lũng"),
    ("CHILANG", "LS-CHILANG", "huyện Chi Lăng"),
    ("CAOLOC", "LS-CAOLOC", "huyện Cao Lộc"),
    ("LOCBINH", "LS-LOCBINH", "huyện Lộc Bình"),
    ("DINHLAP", "LS-DINHLAP", "huyện Đình Lập"),
]

LOCALITY_UNITS: list[UnitRow] = [
    UnitRow(
        code=f"PVHTT-{suffix}",
        name=f"Phòng Văn hóa và Thông tin {district}",
        short_name=f"Phòng VH-TT {district}",
        kind="LOCALITY",
        parent=OUTSIDE_ROOT,
        place=place,
        valid_to=DISTRICT_OFFICES_TO,
    )
    for suffix, place, district in _DISTRICT_OFFICES
]

UNITS: list[UnitRow] = [*DEPARTMENT_UNITS, *SUCCESSOR_UNITS, *OUTSIDE_UNITS, *LOCALITY_UNITS]
