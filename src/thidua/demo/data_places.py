"""Places of the demo: Lạng Sơn province as it was in 2018 (docs: /work/shared/domain/TTDN.md).

Codes are stable: ``LS`` for the province, ``LS-<DISTRICT>`` for a district or the city,
``LS-<DISTRICT>-<COMMUNE>`` for a commune, ward or town (``TT`` prefix for a thị trấn, ``P``
for a phường when a xã of the same name could exist), ``CK-<NAME>`` for a border gate.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

# Districts (and with them the 2018 commune-level units) were abolished from 1/7/2025; the
# province now has 65 commune-level units. The 2018 places are kept as history.
PLACES_2018_END = dt.date(2025, 6, 30)


class PlaceRow(NamedTuple):
    code: str
    name: str
    is_border: bool


class CommuneRow(NamedTuple):
    district: str  # code of the district
    code: str
    name: str
    is_border: bool


class GateRow(NamedTuple):
    code: str
    name: str
    kind: str  # BorderGateKind
    place: str  # code of the commune where the gate lies


# The province borders China, but the flag marks a border *area*: units placed at the province
# level (the department itself) are not border-area units, so the province is not flagged.
PROVINCE = PlaceRow("LS", "Tỉnh Lạng Sơn", is_border=False)

# One city and ten districts (confirmed). Border districts are derived in TTDN.md.
DISTRICTS: list[PlaceRow] = [
    PlaceRow("LS-TPLANGSON", "Thành phố Lạng Sơn", False),
    PlaceRow("LS-TRANGDINH", "Huyện Tràng Định", True),
    PlaceRow("LS-VANLANG", "Huyện Văn Lãng", True),
    PlaceRow("LS-VANQUAN", "Huyện Văn Quan", False),
    PlaceRow("LS-BINHGIA", "Huyện Bình Gia", False),
    PlaceRow("LS-BACSON", "Huyện Bắc Sơn", False),
    PlaceRow("LS-HUULUNG", "Huyện Hữu Lũng", False),
    PlaceRow("LS-CHILANG", "Huyện Chi Lăng", False),
    PlaceRow("LS-CAOLOC", "Huyện Cao Lộc", True),
    PlaceRow("LS-LOCBINH", "Huyện Lộc Bình", True),
    PlaceRow("LS-DINHLAP", "Huyện Đình Lập", True),
]

# Border communes confirmed by a source (TTDN.md).
BORDER_COMMUNES_CONFIRMED: list[CommuneRow] = [
    CommuneRow("LS-TRANGDINH", "LS-TRANGDINH-DOICAN", "Xã Đội Cấn", True),
    CommuneRow("LS-DINHLAP", "LS-DINHLAP-BINHXA", "Xã Bính Xá", True),
    CommuneRow("LS-VANLANG", "LS-VANLANG-TANTHANH", "Xã Tân Thanh", True),
]

# DEMO DATA: these candidates are marked *unconfirmed* in TTDN.md (plausible, not found in a
# source). They are flagged as border communes here so the demo has a realistic border area;
# do not show them to users as authoritative.
BORDER_COMMUNES_UNCONFIRMED: list[CommuneRow] = [
    CommuneRow("LS-TRANGDINH", "LS-TRANGDINH-QUOCKHANH", "Xã Quốc Khánh", True),
    CommuneRow("LS-TRANGDINH", "LS-TRANGDINH-TANMINH", "Xã Tân Minh", True),
    CommuneRow("LS-TRANGDINH", "LS-TRANGDINH-DAOVIEN", "Xã Đào Viên", True),
    CommuneRow("LS-VANLANG", "LS-VANLANG-TRUNGKHANH", "Xã Trùng Khánh", True),
    CommuneRow("LS-VANLANG", "LS-VANLANG-THANHLONG", "Xã Thanh Long", True),
    CommuneRow("LS-VANLANG", "LS-VANLANG-TANMY", "Xã Tân Mỹ", True),
    CommuneRow("LS-VANLANG", "LS-VANLANG-THUYHUNG", "Xã Thụy Hùng", True),
    CommuneRow("LS-CAOLOC", "LS-CAOLOC-TTDONGDANG", "Thị trấn Đồng Đăng", True),
    CommuneRow("LS-CAOLOC", "LS-CAOLOC-BAOLAM", "Xã Bảo Lâm", True),
    CommuneRow("LS-CAOLOC", "LS-CAOLOC-CAOLAU", "Xã Cao Lâu", True),
    CommuneRow("LS-CAOLOC", "LS-CAOLOC-XUATLE", "Xã Xuất Lễ", True),
    CommuneRow("LS-CAOLOC", "LS-CAOLOC-MAUSON", "Xã Mẫu Sơn", True),
    CommuneRow("LS-LOCBINH", "LS-LOCBINH-YENKHOAI", "Xã Yên Khoái", True),
    CommuneRow("LS-LOCBINH", "LS-LOCBINH-TUMICH", "Xã Tú Mịch", True),
    CommuneRow("LS-DINHLAP", "LS-DINHLAP-BACXA", "Xã Bắc Xa", True),
]

# Other communes, wards and towns (names from public knowledge; not on the border in the demo),
# so each district has its town and a few communes.
OTHER_COMMUNES: list[CommuneRow] = [
    CommuneRow("LS-TPLANGSON", "LS-TPLANGSON-PCHILANG", "Phường Chi Lăng", False),
    CommuneRow("LS-TPLANGSON", "LS-TPLANGSON-PHOANGVANTHU", "Phường Hoàng Văn Thụ", False),
    CommuneRow("LS-TPLANGSON", "LS-TPLANGSON-PTAMTHANH", "Phường Tam Thanh", False),
    CommuneRow("LS-TPLANGSON", "LS-TPLANGSON-PVINHTRAI", "Phường Vĩnh Trại", False),
    CommuneRow("LS-TPLANGSON", "LS-TPLANGSON-PDONGKINH", "Phường Đông Kinh", False),
    CommuneRow("LS-TPLANGSON", "LS-TPLANGSON-HOANGDONG", "Xã Hoàng Đồng", False),
    CommuneRow("LS-TPLANGSON", "LS-TPLANGSON-MAIPHA", "Xã Mai Pha", False),
    CommuneRow("LS-TPLANGSON", "LS-TPLANGSON-QUANGLAC", "Xã Quảng Lạc", False),
    CommuneRow("LS-TRANGDINH", "LS-TRANGDINH-TTTHATKHE", "Thị trấn Thất Khê", False),
    CommuneRow("LS-TRANGDINH", "LS-TRANGDINH-DETHAM", "Xã Đề Thám", False),
    CommuneRow("LS-TRANGDINH", "LS-TRANGDINH-KHANGCHIEN", "Xã Kháng Chiến", False),
    CommuneRow("LS-VANLANG", "LS-VANLANG-TTNASAM", "Thị trấn Na Sầm", False),
    CommuneRow("LS-VANLANG", "LS-VANLANG-HOANGVIET", "Xã Hoàng Việt", False),
    CommuneRow("LS-VANLANG", "LS-VANLANG-HOIHOAN", "Xã Hội Hoan", False),
    CommuneRow("LS-VANQUAN", "LS-VANQUAN-TTVANQUAN", "Thị trấn Văn Quan", False),
    CommuneRow("LS-VANQUAN", "LS-VANQUAN-YENPHUC", "Xã Yên Phúc", False),
    CommuneRow("LS-VANQUAN", "LS-VANQUAN-TRILE", "Xã Tri Lễ", False),
    CommuneRow("LS-VANQUAN", "LS-VANQUAN-DAIAN", "Xã Đại An", False),
    CommuneRow("LS-BINHGIA", "LS-BINHGIA-TTBINHGIA", "Thị trấn Bình Gia", False),
    CommuneRow("LS-BINHGIA", "LS-BINHGIA-HOATHAM", "Xã Hoa Thám", False),
    CommuneRow("LS-BINHGIA", "LS-BINHGIA-THIENTHUAT", "Xã Thiện Thuật", False),
    CommuneRow("LS-BINHGIA", "LS-BINHGIA-HONGPHONG", "Xã Hồng Phong", False),
    CommuneRow("LS-BACSON", "LS-BACSON-TTBACSON", "Thị trấn Bắc Sơn", False),
    CommuneRow("LS-BACSON", "LS-BACSON-VULE", "Xã Vũ Lễ", False),
    CommuneRow("LS-BACSON", "LS-BACSON-HUNGVU", "Xã Hưng Vũ", False),
    CommuneRow("LS-BACSON", "LS-BACSON-BACQUYNH", "Xã Bắc Quỳnh", False),
    CommuneRow("LS-HUULUNG", "LS-HUULUNG-TTHUULUNG", "Thị trấn Hữu Lũng", False),
    CommuneRow("LS-HUULUNG", "LS-HUULUNG-MINHSON", "Xã Minh Sơn", False),
    CommuneRow("LS-HUULUNG", "LS-HUULUNG-HUULIEN", "Xã Hữu Liên", False),
    CommuneRow("LS-HUULUNG", "LS-HUULUNG-DONGTAN", "Xã Đồng Tân", False),
    CommuneRow("LS-CHILANG", "LS-CHILANG-TTDONGMO", "Thị trấn Đồng Mỏ", False),
    CommuneRow("LS-CHILANG", "LS-CHILANG-TTCHILANG", "Thị trấn Chi Lăng", False),
    CommuneRow("LS-CHILANG", "LS-CHILANG-QUANGLANG", "Xã Quang Lang", False),
    CommuneRow("LS-CHILANG", "LS-CHILANG-BANGMAC", "Xã Bằng Mạc", False),
    CommuneRow("LS-CAOLOC", "LS-CAOLOC-TTCAOLOC", "Thị trấn Cao Lộc", False),
    CommuneRow("LS-CAOLOC", "LS-CAOLOC-GIACAT", "Xã Gia Cát", False),
    CommuneRow("LS-CAOLOC", "LS-CAOLOC-HOPTHANH", "Xã Hợp Thành", False),
    CommuneRow("LS-LOCBINH", "LS-LOCBINH-TTLOCBINH", "Thị trấn Lộc Bình", False),
    CommuneRow("LS-LOCBINH", "LS-LOCBINH-TTNADUONG", "Thị trấn Na Dương", False),
    CommuneRow("LS-LOCBINH", "LS-LOCBINH-KHUATXA", "Xã Khuất Xá", False),
    CommuneRow("LS-DINHLAP", "LS-DINHLAP-TTDINHLAP", "Thị trấn Đình Lập", False),
    CommuneRow("LS-DINHLAP", "LS-DINHLAP-TTTHAIBINH", "Thị trấn Nông trường Thái Bình", False),
    CommuneRow("LS-DINHLAP", "LS-DINHLAP-CUONGLOI", "Xã Cường Lợi", False),
]

COMMUNES: list[CommuneRow] = [
    *BORDER_COMMUNES_CONFIRMED,
    *BORDER_COMMUNES_UNCONFIRMED,
    *OTHER_COMMUNES,
]

# Border gates. The districts come from TTDN.md; the communes and the 2018 kind of the smaller
# gates are from public knowledge (demo data). Cốc Nam: sources differ between Cao Lộc and Văn
# Lãng, the demo puts it in Văn Lãng.
BORDER_GATES: list[GateRow] = [
    GateRow("CK-HUUNGHI", "Cửa khẩu Hữu Nghị", "INTERNATIONAL", "LS-CAOLOC-TTDONGDANG"),
    GateRow(
        "CK-GADONGDANG", "Cửa khẩu Ga đường sắt Đồng Đăng", "INTERNATIONAL", "LS-CAOLOC-TTDONGDANG"
    ),
    GateRow("CK-CHIMA", "Cửa khẩu Chi Ma", "MAIN", "LS-LOCBINH-YENKHOAI"),
    GateRow("CK-TANTHANH", "Cửa khẩu Tân Thanh", "SECONDARY", "LS-VANLANG-TANTHANH"),
    GateRow("CK-BINHNGHI", "Cửa khẩu Bình Nghi", "SECONDARY", "LS-TRANGDINH-DAOVIEN"),
    GateRow("CK-COCNAM", "Cửa khẩu Cốc Nam", "SECONDARY", "LS-VANLANG-TANMY"),
]
