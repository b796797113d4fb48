"""Results of the demo's 2018 thematic movement (TTĐN-2018): the activities the department's
units and the outside organisations reported from May to December 2018, their interim reports,
the assessments of units and people in every state of the workflow, and the bloc of the
department's divisions with its peer scores.

Everything here is invented demo data, made plausible with the scale of TTDN.md ("Real-world
scale"): border propaganda sessions of a few dozen to two hundred residents, about 3,800
resident attendances in the year; leaflet campaigns of a few hundred to 1,500 leaflets at the
border gates; a training in Tràng Định and Văn Lãng for 130 trainees. No real event, article
or figure of 2018 is quoted. The activities of the lead division TTBCXB are written out by hand
(docs/scoring.md computes its score from them); the others are generated with
``random.Random(2018)``, so every load produces exactly the same data.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal
from typing import NamedTuple

from thidua.demo import data_places
from thidua.demo.data_movements import OFFICER, TTDN_CODE

__all__ = ["OFFICER", "TTDN_CODE"]

START = dt.date(2018, 5, 10)  # the movement's launch
END = dt.date(2018, 12, 31)

# The demo account that enters the activities and reports of a unit without its own account
# (the outside organisations send theirs to the emulation officer).
REPORTERS: dict[str, str] = {
    "TTBCXB": "truongphong",
    "CNTT": "truongphongcntt",
    "VP": "thuky",
}


class ActivityRow(NamedTuple):
    unit: str
    kind: str  # ActivityKind code; also the code of the parent plan's task it serves
    day: dt.date
    title: str
    values: dict[str, int]  # indicator code of the kind -> value
    place: str | None = None  # Place code; None for work without a place (online)
    participants: str = ""
    description: str = ""
    person: str | None = None  # Person code of who did it
    target: str | None = None  # indicator key of the unit plan's target it counts towards
    reporter: str | None = None  # username; default: REPORTERS[unit] or the officer
    withdrawn: str = ""  # the reason, for an activity reported and then withdrawn


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


_PLACE_NAMES = {
    **{c.code: c.name for c in data_places.COMMUNES},
    **{d.code: d.name for d in data_places.DISTRICTS},
}


def place_name(code: str) -> str:
    """The place's name as it reads mid-sentence: "xã Tân Thanh", "huyện Văn Lãng"."""
    name = _PLACE_NAMES[code]
    return name[0].lower() + name[1:]


def _month(day: dt.date) -> str:
    return f"{day.month}/{day.year}"


# --- TTBCXB, the lead division: written out by hand ---------------------------------------

_VAN_LANG_POSTS = "Đồn Biên phòng Tân Thanh, Đồn Biên phòng Na Hình"
_MONTHLY_NEWS = [
    # (last working day of the month, items, done by)
    (_d("2018-06-29"), 14, "NV037"),
    (_d("2018-07-31"), 16, None),
    (_d("2018-08-31"), 15, "NV037"),
    (_d("2018-09-28"), 17, None),
    (_d("2018-10-31"), 18, "NV037"),
    (_d("2018-11-30"), 16, None),
]
_TTBCXB_BORDER = [
    # (day, commune, sessions, residents, soldiers, with NV040)
    (_d("2018-05-24"), "LS-VANLANG-TANTHANH", 2, 210, 24, True),
    (_d("2018-06-21"), "LS-VANLANG-THUYHUNG", 1, 95, 12, True),
    (_d("2018-07-19"), "LS-VANLANG-TANMY", 2, 180, 20, True),
    (_d("2018-08-16"), "LS-VANLANG-THANHLONG", 1, 88, 10, False),
    (_d("2018-09-13"), "LS-VANLANG-TRUNGKHANH", 2, 175, 22, True),
    (_d("2018-10-11"), "LS-VANLANG-TTNASAM", 1, 120, 8, False),
    (_d("2018-11-08"), "LS-VANLANG-TANTHANH", 2, 230, 26, True),
    (_d("2018-11-22"), "LS-VANLANG-THUYHUNG", 1, 102, 14, True),
]

TTBCXB_ACTIVITIES: list[ActivityRow] = [
    ActivityRow(
        "TTBCXB",
        "PLAN",
        _d("2018-05-18"),
        "Tham mưu ban hành Kế hoạch triển khai công tác thông tin đối ngoại năm 2018 của Sở",
        {"documents": 1, "on_time": 1},
        place="LS-TPLANGSON",
        description="Kế hoạch giao nhiệm vụ cho các phòng, đơn vị thuộc Sở, gắn với Kế hoạch số "
        "05/KH-UBND của UBND tỉnh; ban hành trong 30 ngày kể từ ngày phát động phong trào.",
        target="PLAN.documents",
    ),
    *(
        ActivityRow(
            "TTBCXB",
            "FL_NEWS",
            day,
            "Biên tập, đăng tin, bài tiếng Trung, tiếng Anh về tỉnh trên Cổng thông tin điện tử "
            f"tỉnh tháng {_month(day)}",
            {"items": items},
            description="Tin, bài về kinh tế cửa khẩu, du lịch, văn hóa và hoạt động đối ngoại "
            "của tỉnh, phối hợp với Trung tâm Công nghệ thông tin và Truyền thông biên dịch.",
            person=person,
            target="FL_NEWS.items",
            reporter="nhanvien" if person == "NV037" else None,
        )
        for day, items, person in _MONTHLY_NEWS
    ),
    # Reported twice by mistake, then withdrawn: it stays in the record but counts nowhere.
    ActivityRow(
        "TTBCXB",
        "FL_NEWS",
        _d("2018-08-01"),
        "Biên tập, đăng tin, bài tiếng Trung, tiếng Anh về tỉnh trên Cổng thông tin điện tử "
        "tỉnh tháng 7/2018",
        {"items": 16},
        target="FL_NEWS.items",
        withdrawn="Báo cáo trùng với hoạt động ngày 31/07/2018.",
    ),
    *(
        ActivityRow(
            "TTBCXB",
            "BORDER_PROP",
            day,
            "Phối hợp tuyên truyền về công tác thông tin đối ngoại, Luật Biên giới quốc gia tại "
            f"{place_name(commune)}",
            {"sessions": sessions, "residents": residents, "soldiers": soldiers},
            place=commune,
            participants=f"Phòng Thông tin - Báo chí - Xuất bản, {_VAN_LANG_POSTS}, "
            f"UBND {place_name(commune)}; {residents} lượt người dân, {soldiers} lượt cán bộ, "
            "chiến sĩ",
            person="NV040" if with_nv040 else None,
            target="BORDER_PROP.sessions",
        )
        for day, commune, sessions, residents, soldiers, with_nv040 in _TTBCXB_BORDER
    ),
    ActivityRow(
        "TTBCXB",
        "PUBL",
        _d("2018-08-28"),
        "Xuất bản bản tin song ngữ Việt - Trung giới thiệu về tỉnh Lạng Sơn, số 1/2018",
        {"titles": 1, "copies": 1000},
        place="LS-TPLANGSON",
        description="Phát hành tại các cửa khẩu, khu du lịch và gửi các cơ quan đối ngoại.",
        target="PUBL.titles",
    ),
    ActivityRow(
        "TTBCXB",
        "PUBL",
        _d("2018-11-27"),
        "Xuất bản bản tin song ngữ Việt - Trung giới thiệu về tỉnh Lạng Sơn, số 2/2018",
        {"titles": 1, "copies": 1000},
        place="LS-TPLANGSON",
        target="PUBL.titles",
    ),
    ActivityRow(
        "TTBCXB",
        "PRESS_CONF",
        _d("2018-07-12"),
        "Tổ chức họp báo cung cấp thông tin về tình hình kinh tế - xã hội 6 tháng đầu năm 2018 "
        "của tỉnh",
        {"conferences": 1},
        place="LS-TPLANGSON",
        participants="Phóng viên các cơ quan báo chí trung ương và địa phương",
        target="PRESS_CONF.conferences",
    ),
    ActivityRow(
        "TTBCXB",
        "PRESS_CONF",
        _d("2018-10-25"),
        "Tổ chức họp báo cung cấp thông tin về hoạt động thương mại qua các cửa khẩu của tỉnh",
        {"conferences": 1},
        place="LS-TPLANGSON",
        participants="Phóng viên báo chí trong nước và phóng viên nước ngoài thường trú",
        target="PRESS_CONF.conferences",
    ),
    ActivityRow(
        "TTBCXB",
        "REBUTTAL",
        _d("2018-06-12"),
        "Phát hiện, tham mưu phản bác thông tin sai sự thật trên mạng xã hội về xuất khẩu nông "
        "sản qua cửa khẩu",
        {"cases": 1, "response_days": 2},
        target="REBUTTAL.response_days",
    ),
    ActivityRow(
        "TTBCXB",
        "REBUTTAL",
        _d("2018-08-22"),
        "Phát hiện, tham mưu phản bác thông tin sai sự thật về việc tạm dừng thông quan hàng "
        "hóa tại cửa khẩu",
        {"cases": 1, "response_days": 4},
        target="REBUTTAL.response_days",
    ),
    ActivityRow(
        "TTBCXB",
        "REBUTTAL",
        _d("2018-10-04"),
        "Phát hiện, tham mưu phản bác thông tin sai lệch về đường biên giới, mốc quốc giới trên "
        "mạng xã hội",
        {"cases": 1, "response_days": 1},
        target="REBUTTAL.response_days",
    ),
    ActivityRow(
        "TTBCXB",
        "FOREIGN_PRESS",
        _d("2018-09-20"),
        "Tiếp đón, cung cấp thông tin cho đoàn phóng viên báo chí Trung Quốc tìm hiểu hoạt động "
        "thương mại qua cửa khẩu Hữu Nghị",
        {"delegations": 1, "interviews": 3},
        place="LS-CAOLOC-TTDONGDANG",
        participants="Phòng Thông tin - Báo chí - Xuất bản, Sở Ngoại vụ, Ban Quản lý Khu kinh "
        "tế cửa khẩu Đồng Đăng - Lạng Sơn",
    ),
    ActivityRow(
        "TTBCXB",
        "LEAFLET",
        _d("2018-10-18"),
        "Phát tờ rơi song ngữ Việt - Trung phổ biến quy định về xuất nhập cảnh tại cửa khẩu "
        "Tân Thanh",
        {"leaflets": 1500, "people": 600},
        place="LS-VANLANG-TANTHANH",
        participants="Phòng Thông tin - Báo chí - Xuất bản, Đồn Biên phòng Tân Thanh",
    ),
    ActivityRow(
        "TTBCXB",
        "TRAINING",
        _d("2018-09-26"),
        "Lớp tập huấn nghiệp vụ thông tin đối ngoại tại huyện Tràng Định",
        {"courses": 1, "trainees": 66, "border_trainees": 48},
        place="LS-TRANGDINH",
        participants="Cán bộ văn hóa - thông tin các xã, Đồn Biên phòng Pò Mã, Đồn Biên phòng "
        "Bình Nghi, Phòng Văn hóa và Thông tin huyện Tràng Định",
        person="NV034",
        target="TRAINING.trainees",
    ),
    ActivityRow(
        "TTBCXB",
        "TRAINING",
        _d("2018-09-28"),
        "Lớp tập huấn nghiệp vụ thông tin đối ngoại tại huyện Văn Lãng",
        {"courses": 1, "trainees": 64, "border_trainees": 50},
        place="LS-VANLANG",
        participants=f"Cán bộ văn hóa - thông tin các xã, {_VAN_LANG_POSTS}, Phòng Văn hóa và "
        "Thông tin huyện Văn Lãng",
        person="NV034",
        target="TRAINING.trainees",
    ),
    ActivityRow(
        "TTBCXB",
        "SOVEREIGNTY",
        _d("2018-08-07"),
        "Phối hợp tổ chức triển lãm ảnh, tư liệu về chủ quyền biển, đảo và biên giới quốc gia "
        "tại huyện Văn Lãng",
        {"sessions": 1},
        place="LS-VANLANG-TTNASAM",
        target="SOVEREIGNTY.exhibitions",
    ),
]


# --- generated activities of the other units ----------------------------------------------


def _spread(rng: random.Random, start: dt.date, end: dt.date, n: int) -> list[dt.date]:
    """``n`` working days from ``start`` to ``end``, one in each of ``n`` equal slots."""
    span = (end - start).days + 1
    days = []
    for i in range(n):
        lo = start + dt.timedelta(days=span * i // n)
        hi = start + dt.timedelta(days=span * (i + 1) // n - 1)
        day = lo + dt.timedelta(days=rng.randint(0, max(0, (hi - lo).days)))
        if day.weekday() >= 5:  # to the Friday before
            day -= dt.timedelta(days=day.weekday() - 4)
        days.append(max(day, start))
    return days


def _month_ends(first: int, last: int) -> list[dt.date]:
    """The last working day of each month of 2018 from ``first`` to ``last``."""
    days = []
    for month in range(first, last + 1):
        day = dt.date(2018, month + 1, 1) - dt.timedelta(days=1)
        while day.weekday() >= 5:
            day -= dt.timedelta(days=1)
        days.append(day)
    return days


class _Post(NamedTuple):
    code: str
    name: str
    communes: tuple[str, ...]  # the first is where the post stands
    gate: str | None  # the commune of its border gate, with the gate's name
    gate_name: str = ""


POSTS = [
    _Post(
        "DBP-POMA",
        "Đồn Biên phòng Pò Mã",
        ("LS-TRANGDINH-QUOCKHANH", "LS-TRANGDINH-TANMINH", "LS-TRANGDINH-DOICAN"),
        None,
    ),
    _Post(
        "DBP-BINHNGHI",
        "Đồn Biên phòng Bình Nghi",
        ("LS-TRANGDINH-DAOVIEN", "LS-TRANGDINH-DOICAN", "LS-TRANGDINH-TANMINH"),
        "LS-TRANGDINH-DAOVIEN",
        "cửa khẩu Bình Nghi",
    ),
    _Post(
        "DBP-TANTHANH",
        "Đồn Biên phòng Tân Thanh",
        ("LS-VANLANG-TANTHANH", "LS-VANLANG-TANMY", "LS-VANLANG-THANHLONG"),
        "LS-VANLANG-TANTHANH",
        "cửa khẩu Tân Thanh",
    ),
    _Post(
        "DBP-NAHINH",
        "Đồn Biên phòng Na Hình",
        ("LS-VANLANG-THUYHUNG", "LS-VANLANG-TRUNGKHANH", "LS-VANLANG-THANHLONG"),
        None,
    ),
]

BORDER_TOPICS = [
    "Luật Biên giới quốc gia và Nghị định số 34/2014/NĐ-CP về Quy chế khu vực biên giới đất liền",
    "bảo vệ đường biên giới, mốc quốc giới",
    "phòng, chống buôn lậu, gian lận thương mại qua biên giới",
    "phòng, chống mua bán người, xuất nhập cảnh trái phép",
    "phòng, chống ma túy ở khu vực biên giới",
    "chủ trương, chính sách đối ngoại của Đảng, pháp luật của Nhà nước",
    "quy định về xuất nhập cảnh, qua lại biên giới của cư dân biên giới",
]


def _border_posts(rng: random.Random) -> list[ActivityRow]:
    """Each post: propaganda in the villages of its border communes (a session in each village;
    one round in five for its own soldiers), two on sovereignty, and leaflets at its border
    gate if it has one."""
    rows = []
    for post in POSTS:
        for i, day in enumerate(_spread(rng, _d("2018-05-14"), _d("2018-12-14"), 11)):
            topic = rng.choice(BORDER_TOPICS)
            if i % 5 == 3:
                soldiers = rng.randint(35, 60)
                rows.append(
                    ActivityRow(
                        post.code,
                        "BORDER_PROP",
                        day,
                        f"Tuyên truyền về {topic} cho cán bộ, chiến sĩ {post.name}",
                        {"sessions": 1, "residents": 0, "soldiers": soldiers},
                        place=post.communes[0],
                        participants=f"{soldiers} cán bộ, chiến sĩ {post.name}",
                    )
                )
                continue
            commune = rng.choice(post.communes)
            sessions = rng.randint(2, 3)
            residents, soldiers = rng.randint(60, 190), rng.randint(6, 18)
            rows.append(
                ActivityRow(
                    post.code,
                    "BORDER_PROP",
                    day,
                    f"Tuyên truyền về {topic} cho nhân dân các thôn, bản {place_name(commune)}",
                    {"sessions": sessions, "residents": residents, "soldiers": soldiers},
                    place=commune,
                    participants=f"{post.name}, UBND {place_name(commune)}; {residents} lượt "
                    f"người dân ở {sessions} thôn, bản, {soldiers} lượt cán bộ, chiến sĩ",
                )
            )
        for day in _spread(rng, _d("2018-06-01"), _d("2018-11-30"), 2):
            commune = rng.choice(post.communes)
            rows.append(
                ActivityRow(
                    post.code,
                    "SOVEREIGNTY",
                    day,
                    "Tuyên truyền về chủ quyền, biên giới quốc gia cho học sinh và nhân dân "
                    f"{place_name(commune)}",
                    {"sessions": 1},
                    place=commune,
                    participants=f"{post.name}, trường học và UBND {place_name(commune)}",
                )
            )
        if post.gate:
            leaflets = rng.randint(6, 9) * 100
            people = rng.randint(250, 400)
            rows.append(
                ActivityRow(
                    post.code,
                    "LEAFLET",
                    rng.choice(_spread(rng, _d("2018-07-02"), _d("2018-10-31"), 3)),
                    f"Phát tờ rơi song ngữ Việt - Trung về quy định qua lại biên giới tại "
                    f"{post.gate_name}",
                    {"leaflets": leaflets, "people": people},
                    place=post.gate,
                    participants=f"{post.name}; {people} người xuất nhập cảnh, cư dân biên giới",
                )
            )
    return rows


class _Office(NamedTuple):
    code: str
    district: str
    gates: tuple[tuple[str, str], ...]  # (commune, gate) where leaflets are handed out
    communes: tuple[str, ...]  # border communes
    town: str  # the district town (not in the border area)
    post: str  # the border post they work with


OFFICES = [
    _Office(
        "PVHTT-TRANGDINH",
        "LS-TRANGDINH",
        (("LS-TRANGDINH-DAOVIEN", "cửa khẩu Bình Nghi"),),
        ("LS-TRANGDINH-DOICAN", "LS-TRANGDINH-QUOCKHANH", "LS-TRANGDINH-TANMINH"),
        "LS-TRANGDINH-TTTHATKHE",
        "Đồn Biên phòng Pò Mã",
    ),
    _Office(
        "PVHTT-VANLANG",
        "LS-VANLANG",
        (("LS-VANLANG-TANTHANH", "cửa khẩu Tân Thanh"), ("LS-VANLANG-TANMY", "cửa khẩu Cốc Nam")),
        ("LS-VANLANG-TRUNGKHANH", "LS-VANLANG-THANHLONG", "LS-VANLANG-THUYHUNG"),
        "LS-VANLANG-TTNASAM",
        "Đồn Biên phòng Tân Thanh",
    ),
    _Office(
        "PVHTT-CAOLOC",
        "LS-CAOLOC",
        (
            ("LS-CAOLOC-TTDONGDANG", "cửa khẩu Hữu Nghị"),
            ("LS-CAOLOC-TTDONGDANG", "cửa khẩu Ga đường sắt Đồng Đăng"),
        ),
        ("LS-CAOLOC-BAOLAM", "LS-CAOLOC-CAOLAU", "LS-CAOLOC-XUATLE", "LS-CAOLOC-MAUSON"),
        "LS-CAOLOC-TTCAOLOC",
        "Bộ đội Biên phòng huyện Cao Lộc",
    ),
    _Office(
        "PVHTT-LOCBINH",
        "LS-LOCBINH",
        (("LS-LOCBINH-YENKHOAI", "cửa khẩu Chi Ma"),),
        ("LS-LOCBINH-YENKHOAI", "LS-LOCBINH-TUMICH"),
        "LS-LOCBINH-TTLOCBINH",
        "Bộ đội Biên phòng huyện Lộc Bình",
    ),
    _Office(
        "PVHTT-DINHLAP",
        "LS-DINHLAP",
        (("LS-DINHLAP-BINHXA", "chợ biên giới xã Bính Xá"),),
        ("LS-DINHLAP-BINHXA", "LS-DINHLAP-BACXA"),
        "LS-DINHLAP-TTDINHLAP",
        "Bộ đội Biên phòng huyện Đình Lập",
    ),
]


def _district_offices(rng: random.Random) -> list[ActivityRow]:
    """Each border district's culture and information office: leaflets at its border gates,
    information clusters and billboards there, sessions with the border guard, and world news
    on the district's radio (from the district town, outside the border area)."""
    rows = []
    for office in OFFICES:
        for day in _spread(rng, _d("2018-05-21"), _d("2018-11-30"), 3):
            commune, gate = rng.choice(office.gates)
            leaflets, people = rng.randint(3, 7) * 100, rng.randint(120, 280)
            rows.append(
                ActivityRow(
                    office.code,
                    "LEAFLET",
                    day,
                    f"Phát tờ rơi song ngữ Việt - Trung phổ biến pháp luật tại {gate}",
                    {"leaflets": leaflets, "people": people},
                    place=commune,
                    participants=f"{people} người dân, thương nhân, người xuất nhập cảnh",
                )
            )
        for i, day in enumerate(_spread(rng, _d("2018-06-01"), _d("2018-10-31"), 2)):
            commune, gate = office.gates[i % len(office.gates)]
            what = "Xây dựng mới" if i == 0 else "Cập nhật nội dung"
            rows.append(
                ActivityRow(
                    office.code,
                    "GATE_INFO",
                    day,
                    f"{what} cụm pa-nô thông tin đối ngoại song ngữ tại khu vực {gate}",
                    {"clusters": 1},
                    place=commune,
                )
            )
        for day in _spread(rng, _d("2018-06-04"), _d("2018-11-23"), 2):
            commune = rng.choice(office.communes)
            residents = rng.randint(80, 200)
            rows.append(
                ActivityRow(
                    office.code,
                    "BORDER_PROP",
                    day,
                    f"Phối hợp với {office.post} tuyên truyền về {rng.choice(BORDER_TOPICS)} tại "
                    f"{place_name(commune)}",
                    {"sessions": 1, "residents": residents, "soldiers": rng.randint(4, 10)},
                    place=commune,
                    participants=f"{residents} lượt người dân",
                )
            )
        day = _spread(rng, _d("2018-07-02"), _d("2018-11-30"), 1)[0]
        rows.append(
            ActivityRow(
                office.code,
                "WORLD_NEWS",
                day,
                "Biên tập, phát sóng tin thời sự thế giới trên Đài Truyền thanh - Truyền hình "
                f"{place_name(office.district)}",
                {"sessions": rng.randint(4, 8)},
                place=office.town,
            )
        )
    return rows


_REPORTAGE = [
    "Đời sống đồng bào các dân tộc",
    "Giữ gìn đường biên, mốc giới",
    "Kinh tế cửa khẩu",
    "Du lịch biên giới",
    "Xây dựng nông thôn mới",
    "Dân quân biên giới",
    "Chợ biên giới",
    "Học sinh vùng biên",
]
_BORDER_COMMUNES = [c.code for c in data_places.COMMUNES if c.is_border]


def _newspaper(rng: random.Random) -> list[ActivityRow]:
    """Báo Lạng Sơn: its Chinese-language page every two weeks, reportage from the border
    communes, coverage of cross-border events and a bilingual publication."""
    rows = []
    for n, day in enumerate(_spread(rng, _d("2018-05-14"), _d("2018-12-14"), 16), 1):
        rows.append(
            ActivityRow(
                "BAOLS",
                "FL_NEWS",
                day,
                f"Trang thông tin tiếng Trung số {n}/2018 trên Báo Lạng Sơn",
                {"items": rng.randint(6, 10)},
                person="NG003",
            )
        )
    communes = rng.sample(_BORDER_COMMUNES, len(_REPORTAGE))
    days = _spread(rng, _d("2018-05-21"), _d("2018-12-07"), len(_REPORTAGE))
    for topic, commune, day in zip(_REPORTAGE, communes, days, strict=True):
        rows.append(
            ActivityRow(
                "BAOLS",
                "FL_NEWS",
                day,
                f"Loạt bài tiếng Trung, tiếng Anh “{topic}” ở {place_name(commune)}",
                {"items": rng.randint(3, 5)},
                place=commune,
                person="NG002",
            )
        )
    for day, title, place in [
        (
            _d("2018-06-15"),
            "Đưa tin, phóng sự về hoạt động xuất nhập khẩu qua cửa khẩu Hữu Nghị",
            "LS-CAOLOC-TTDONGDANG",
        ),
        (
            _d("2018-09-07"),
            "Đưa tin về hoạt động hợp tác, giao lưu hữu nghị qua biên giới tại cửa khẩu Chi Ma",
            "LS-LOCBINH-YENKHOAI",
        ),
        (
            _d("2018-11-02"),
            "Đưa tin về các hoạt động xúc tiến thương mại, du lịch của tỉnh với các địa phương "
            "của Trung Quốc",
            "LS-TPLANGSON",
        ),
    ]:
        rows.append(ActivityRow("BAOLS", "EVENTS", day, title, {"events": 1}, place=place))
    rows.append(
        ActivityRow(
            "BAOLS",
            "PUBL",
            _d("2018-10-19"),
            "Ấn phẩm song ngữ Việt - Trung giới thiệu tiềm năng du lịch, thương mại tỉnh Lạng Sơn",
            {"titles": 1, "copies": 2000},
            place="LS-TPLANGSON",
        )
    )
    return rows


def _broadcaster(rng: random.Random) -> list[ActivityRow]:
    """Đài PT-TH Lạng Sơn: a monthly Chinese-language programme, reports on cross-border
    events and a documentary on the border."""
    rows = [
        ActivityRow(
            "DPTTH",
            "FL_NEWS",
            day,
            f"Chương trình truyền hình tiếng Trung tháng {_month(day)}",
            {"items": rng.randint(18, 26)},
            person="NG007",
        )
        for day in _month_ends(5, 11)
    ]
    for day, commune in zip(
        _spread(rng, _d("2018-06-01"), _d("2018-11-30"), 3),
        ("LS-CAOLOC-TTDONGDANG", "LS-VANLANG-TANTHANH", "LS-LOCBINH-YENKHOAI"),
        strict=True,
    ):
        rows.append(
            ActivityRow(
                "DPTTH",
                "EVENTS",
                day,
                f"Phóng sự về hoạt động hợp tác, giao lưu qua biên giới tại {place_name(commune)}",
                {"events": 1},
                place=commune,
            )
        )
    rows.append(
        ActivityRow(
            "DPTTH",
            "SOVEREIGNTY",
            _d("2018-12-03"),
            "Phát sóng phim tài liệu về bảo vệ chủ quyền biên giới quốc gia trên địa bàn tỉnh",
            {"sessions": 1},
        )
    )
    return rows


_BORDER_DISTRICTS = ["LS-VANLANG", "LS-TRANGDINH", "LS-CAOLOC", "LS-LOCBINH", "LS-DINHLAP"]


def _centre(rng: random.Random) -> list[ActivityRow]:
    """Trung tâm CNTT&TT: translating the portal's Chinese and English items, updating its
    foreign-language pages, and a monthly world-news bulletin for the border communes' radio."""
    rows = []
    for day in _month_ends(5, 11):
        rows.append(
            ActivityRow(
                "TTCNTT",
                "FL_NEWS",
                day,
                f"Biên dịch tin, bài tiếng Trung đăng trên Cổng thông tin điện tử tỉnh tháng "
                f"{_month(day)}",
                {"items": rng.randint(11, 15)},
                person="NV055",
                target="FL_NEWS.items",
            )
        )
        rows.append(
            ActivityRow(
                "TTCNTT",
                "FL_NEWS",
                day,
                f"Biên dịch tin, bài tiếng Anh đăng trên Cổng thông tin điện tử tỉnh tháng "
                f"{_month(day)}",
                {"items": rng.randint(8, 11)},
                person="NV056",
                target="FL_NEWS.items",
            )
        )
        rows.append(
            ActivityRow(
                "TTCNTT",
                "FL_WEB",
                day,
                "Cập nhật các trang tiếng Trung, tiếng Anh của Cổng thông tin điện tử tỉnh tháng "
                f"{_month(day)}",
                {"pages": rng.randint(8, 14)},
            )
        )
        district = _BORDER_DISTRICTS[day.month % len(_BORDER_DISTRICTS)]
        rows.append(
            ActivityRow(
                "TTCNTT",
                "WORLD_NEWS",
                day - dt.timedelta(days=7),
                f"Biên tập bản tin thông tin thế giới tháng {_month(day)} cho đài truyền thanh "
                f"các xã biên giới {place_name(district)}",
                {"sessions": 1},
                place=district,
                target="WORLD_NEWS.briefings",
            )
        )
    return rows


OTHER_ACTIVITIES: list[ActivityRow] = [
    ActivityRow(
        "CNTT",
        "FL_WEB",
        _d("2018-07-16"),
        "Đưa vào sử dụng chuyên mục tiếng Anh trên Cổng thông tin điện tử tỉnh",
        {"pages": 1},
        target="FL_WEB.sections",
    ),
    ActivityRow(
        "CNTT",
        "FL_WEB",
        _d("2018-09-24"),
        "Đưa vào sử dụng chuyên mục tiếng Trung trên Cổng thông tin điện tử tỉnh",
        {"pages": 1},
        person="NV030",
        target="FL_WEB.sections",
    ),
    ActivityRow(
        "CNTT",
        "FL_WEB",
        _d("2018-11-15"),
        "Rà soát, đánh giá an toàn thông tin các trang tiếng nước ngoài của Cổng thông tin điện "
        "tử tỉnh",
        {"pages": 4},
        person="NV029",
    ),
    ActivityRow(
        "CNTT",
        "TRAINING",
        _d("2018-10-30"),
        "Tập huấn sử dụng hệ thống quản trị nội dung các chuyên mục tiếng nước ngoài",
        {"courses": 1, "trainees": 18, "border_trainees": 0},
        place="LS-TPLANGSON",
        participants="Biên tập viên, biên dịch viên của Trung tâm CNTT&TT và các sở, ngành",
    ),
    ActivityRow(
        "VP",
        "PLAN",
        _d("2018-05-21"),
        "Hướng dẫn chấm điểm, báo cáo kết quả phong trào thi đua chuyên đề thông tin đối ngoại",
        {"documents": 1, "on_time": 1},
        place="LS-TPLANGSON",
    ),
    ActivityRow(
        "VP",
        "PLAN",
        _d("2018-11-20"),
        "Hướng dẫn tổng kết phong trào thi đua chuyên đề thông tin đối ngoại năm 2018",
        {"documents": 1, "on_time": 0},
        place="LS-TPLANGSON",
    ),
    ActivityRow(
        "KHTC",
        "PLAN",
        _d("2018-06-15"),
        "Tham mưu bố trí kinh phí thực hiện công tác thông tin đối ngoại năm 2018",
        {"documents": 1, "on_time": 1},
        place="LS-TPLANGSON",
    ),
    ActivityRow(
        "BCVT",
        "EVENTS",
        _d("2018-10-09"),
        "Bảo đảm thông tin liên lạc phục vụ các hoạt động đối ngoại tại cửa khẩu Hữu Nghị",
        {"events": 1},
        place="LS-CAOLOC-TTDONGDANG",
    ),
    ActivityRow(
        "SNGV",
        "FOREIGN_PRESS",
        _d("2018-06-26"),
        "Phối hợp tiếp đón đoàn phóng viên báo chí Trung Quốc tìm hiểu hoạt động thương mại qua "
        "cửa khẩu",
        {"delegations": 1, "interviews": 2},
        place="LS-CAOLOC-TTDONGDANG",
    ),
    ActivityRow(
        "SNGV",
        "FOREIGN_PRESS",
        _d("2018-11-06"),
        "Tiếp đón, cung cấp thông tin cho đoàn phóng viên nước ngoài thường trú tại Hà Nội",
        {"delegations": 1, "interviews": 4},
        place="LS-TPLANGSON",
    ),
    ActivityRow(
        "SNGV",
        "EVENTS",
        _d("2018-08-30"),
        "Cung cấp thông tin cho báo chí về hoạt động hợp tác của tỉnh với Khu tự trị dân tộc "
        "Choang Quảng Tây (Trung Quốc)",
        {"events": 1},
        place="LS-TPLANGSON",
    ),
    ActivityRow(
        "DBP-TANTHANH",
        "LEAFLET",
        _d("2018-05-30"),
        "Phát tờ rơi song ngữ Việt - Trung về phòng, chống xuất nhập cảnh trái phép tại cửa "
        "khẩu Tân Thanh",
        {"leaflets": 1200, "people": 450},
        place="LS-VANLANG-TANTHANH",
        participants="Đồn Biên phòng Tân Thanh, Phòng Văn hóa và Thông tin huyện Văn Lãng",
        person="NG005",
    ),
    ActivityRow(
        "DBP-TANTHANH",
        "TRAINING",
        _d("2018-08-23"),
        "Bồi dưỡng kiến thức thông tin đối ngoại cho cán bộ, chiến sĩ và tuyên truyền viên cơ sở",
        {"courses": 1, "trainees": 45, "border_trainees": 45},
        place="LS-VANLANG-TANTHANH",
        person="NG005",
    ),
    ActivityRow(
        "BAOLS",
        "TRAINING",
        _d("2018-06-28"),
        "Bồi dưỡng nghiệp vụ viết tin, bài thông tin đối ngoại cho phóng viên, cộng tác viên",
        {"courses": 1, "trainees": 35, "border_trainees": 12},
        place="LS-TPLANGSON",
        person="NG001",
    ),
    ActivityRow(
        "BAOLS",
        "PUBL",
        _d("2018-12-05"),
        "Đặc san song ngữ Việt - Trung chào năm mới 2019",
        {"titles": 1, "copies": 1500},
        place="LS-TPLANGSON",
    ),
    ActivityRow(
        "BTGTU",
        "PLAN",
        _d("2018-05-28"),
        "Hướng dẫn định hướng nội dung thông tin đối ngoại năm 2018",
        {"documents": 1, "on_time": 1},
        place="LS-TPLANGSON",
    ),
    ActivityRow(
        "BTGTU",
        "TRAINING",
        _d("2018-07-24"),
        "Hội nghị bồi dưỡng nghiệp vụ thông tin đối ngoại cho báo cáo viên, tuyên truyền viên",
        {"courses": 1, "trainees": 120, "border_trainees": 45},
        place="LS-TPLANGSON",
    ),
]


def _generated() -> list[ActivityRow]:
    rng = random.Random(2018)  # noqa: S311 (demo data, the same at every load; no secret)
    return [
        *_border_posts(rng),
        *_district_offices(rng),
        *_newspaper(rng),
        *_broadcaster(rng),
        *_centre(rng),
    ]


ACTIVITIES: list[ActivityRow] = [*TTBCXB_ACTIVITIES, *OTHER_ACTIVITIES, *_generated()]


_HCM = dt.timezone(dt.timedelta(hours=7))


def reported_at(row: ActivityRow) -> dt.datetime:
    """When the activity was entered: 16:30 on the next working day (historical)."""
    day = row.day + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(16, 30), tzinfo=_HCM)


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{text}+07:00")


# --- interim reports ------------------------------------------------------------------------

INTERIM_START = _d("2018-05-10")
INTERIM_END = _d("2018-07-15")


class ReportRow(NamedTuple):
    unit: str
    state: str  # DRAFT, SUBMITTED, RETURNED or ACCEPTED
    closing: str = ""  # the unit's own assessment, added under the summary of its activities
    submitted_at: dt.datetime | None = None
    decided_at: dt.datetime | None = None
    comment: str = ""


REPORTS: list[ReportRow] = [
    ReportRow(
        "TTBCXB",
        "ACCEPTED",
        "III. ĐÁNH GIÁ CHUNG\nPhòng đã quán triệt kế hoạch đến công chức, triển khai đúng tiến "
        "độ các chỉ tiêu đã đăng ký; phối hợp chặt chẽ với các đồn biên phòng huyện Văn Lãng. "
        "Khó khăn: thiếu biên dịch viên tiếng Trung.\n\nIV. PHƯƠNG HƯỚNG 6 THÁNG CUỐI NĂM\nTổ "
        "chức 2 lớp tập huấn nghiệp vụ tại huyện Tràng Định và huyện Văn Lãng; xuất bản 2 số "
        "bản tin song ngữ.",
        _at("2018-07-04T15:00:00"),
        _at("2018-07-09T10:00:00"),
    ),
    ReportRow(
        "BAOLS",
        "ACCEPTED",
        "III. ĐÁNH GIÁ CHUNG\nTrang thông tin tiếng Trung ra đều 2 tuần một số; các loạt bài ở "
        "xã biên giới được bạn đọc đón nhận.",
        _at("2018-07-05T09:00:00"),
        _at("2018-07-09T10:30:00"),
    ),
    ReportRow("CNTT", "SUBMITTED", "", _at("2018-07-06T16:00:00")),
    ReportRow("DBP-TANTHANH", "SUBMITTED", "", _at("2018-07-10T08:30:00")),
    ReportRow(
        "VP",
        "RETURNED",
        "",
        _at("2018-07-13T16:45:00"),
        _at("2018-07-16T09:00:00"),
        "Báo cáo gửi chậm so với thời hạn (trước 05/7/2018) và chưa có kết quả quán triệt: đề "
        "nghị Văn phòng bổ sung số cán bộ đã được quán triệt (còn 2 người chưa xác nhận) và "
        "gửi lại.",
    ),
    ReportRow("TTCNTT", "DRAFT"),
]


# --- assessments ----------------------------------------------------------------------------

# Bonus and penalty items of the TTĐN criteria table, by their order in it.
BONUS = {"INITIATIVE": 1, "AWARD": 2}
PENALTY = {"LATE_REPORT": 1, "SECURITY": 2, "DISCIPLINE": 3}


class Stage(NamedTuple):
    """What one stage entered: points by criterion code (criteria counted from activities are
    never entered), a comment for each changed criterion, bonus points and penalty counts by
    item (None: none entered at this stage), who entered it and when."""

    points: dict[str, str]
    by: str | None
    at: dt.datetime
    comments: dict[str, str] | None = None
    bonus: dict[str, str] | None = None
    penalties: dict[str, int] | None = None


class AssessmentRow(NamedTuple):
    unit: str
    person: str | None
    state: str  # SELF_DRAFT, SELF_SUBMITTED, REVIEWED or FINAL
    self: Stage
    review: Stage | None = None
    council: Stage | None = None


def _all(values: str) -> dict[str, str]:
    """The ten criteria scored by hand, in table order, from a space-separated list."""
    codes = ["1.1", "1.2", "1.3", "2.3", "3.3", "4.2", "5.1", "5.2", "7.1", "7.2"]
    points = values.split()
    if len(points) != len(codes):
        raise ValueError(f"{len(codes)} criteria scored by hand, {len(points)} points given")
    return dict(zip(codes, points, strict=True))


# Criteria scored by hand: 1.1 (6, yes/no), 1.2 (4, yes/no), 1.3 (5), 2.3 (5), 3.3 (6), 4.2 (5),
# 5.1 (6), 5.2 (4), 7.1 (6), 7.2 (4).
ASSESSMENTS: list[AssessmentRow] = [
    # Reviewed with three changes: the hand calculation of docs/scoring.md.
    AssessmentRow(
        "TTBCXB",
        None,
        "REVIEWED",
        Stage(
            _all("6 4 5 5 6 5 6 4 6 4"),
            "truongphong",
            _at("2018-12-04T10:00:00"),
            bonus={"INITIATIVE": "5", "AWARD": "5"},
            penalties={},
        ),
        Stage(
            {"1.3": "4.5", "2.3": "4", "5.2": "3.5"},
            OFFICER,
            _at("2018-12-11T15:00:00"),
            comments={
                "1.3": "Còn 1 công chức (Hà Thị Loan) chưa xác nhận đã được quán triệt kế hoạch.",
                "2.3": "Tin, bài về khu vực biên giới chủ yếu do Báo Lạng Sơn, Đài PT-TH thực "
                "hiện; phòng chủ yếu cung cấp thông tin.",
                "5.2": "Vụ việc ngày 22/8/2018 phản bác sau 4 ngày, chậm hơn chỉ tiêu 3 ngày "
                "của phòng.",
            },
            bonus={"INITIATIVE": "3", "AWARD": "5"},
            penalties={"LATE_REPORT": 1},
        ),
    ),
    AssessmentRow(
        "CNTT",
        None,
        "SELF_SUBMITTED",
        Stage(
            _all("6 4 5 2 3 3 4 3 6 4"),
            "truongphongcntt",
            _at("2018-12-05T09:30:00"),
            bonus={"INITIATIVE": "5"},
        ),
    ),
    AssessmentRow(
        "VP",
        None,
        "REVIEWED",
        Stage(_all("6 4 4 1 2 2 3 2 6 4"), "thuky", _at("2018-12-05T14:00:00")),
        Stage(
            {"1.1": "0", "7.1": "4"},
            OFFICER,
            _at("2018-12-12T09:00:00"),
            comments={
                "1.1": "Kế hoạch của Văn phòng bị trả lại ngày 13/6/2018 và chưa gửi lại: chưa "
                "có kế hoạch được duyệt trong 30 ngày.",
                "7.1": "Báo cáo sơ kết gửi ngày 13/7/2018, chậm so với thời hạn 05/7/2018.",
            },
            penalties={"LATE_REPORT": 1},
        ),
    ),
    AssessmentRow(
        "KHTC",
        None,
        "SELF_DRAFT",
        Stage({"1.1": "0", "1.2": "4", "1.3": "4"}, OFFICER, _at("2018-12-06T10:00:00")),
    ),
    AssessmentRow(
        "TTCNTT",
        None,
        "FINAL",
        Stage(
            _all("0 4 4 4 3 3 4 4 6 4"),
            OFFICER,
            _at("2018-12-04T16:00:00"),
            bonus={"INITIATIVE": "4"},
        ),
        Stage(
            {"1.3": "3.5", "7.1": "5"},
            OFFICER,
            _at("2018-12-10T10:00:00"),
            comments={
                "1.3": "5 viên chức chưa xác nhận đã được quán triệt kế hoạch.",
                "7.1": "Báo cáo sơ kết còn đang soạn, chưa gửi.",
            },
        ),
        Stage(
            {"7.1": "4"},
            OFFICER,
            _at("2018-12-18T15:00:00"),
            comments={"7.1": "Hội đồng thống nhất: đến ngày tổng kết chưa gửi báo cáo sơ kết."},
            bonus={"INITIATIVE": "3"},
        ),
    ),
    AssessmentRow(
        "BAOLS",
        None,
        "FINAL",
        Stage(
            _all("6 4 5 5 5 5 4 3 6 4"),
            OFFICER,
            _at("2018-12-03T09:00:00"),
            bonus={"INITIATIVE": "3", "AWARD": "5"},
        ),
        Stage(
            {"3.3": "4"},
            OFFICER,
            _at("2018-12-10T14:00:00"),
            comments={"3.3": "Phối hợp với Bộ đội Biên phòng chủ yếu qua đưa tin."},
        ),
        Stage(
            {"4.2": "4"},
            OFFICER,
            _at("2018-12-18T15:10:00"),
            comments={"4.2": "Hội đồng đề nghị tăng cường thông tin tại các sự kiện lớn."},
        ),
    ),
    AssessmentRow(
        "DBP-TANTHANH",
        None,
        "REVIEWED",
        Stage(
            _all("6 4 5 5 6 4 5 4 6 4"),
            OFFICER,
            _at("2018-12-05T08:00:00"),
            bonus={"INITIATIVE": "3", "AWARD": "5"},
        ),
        Stage(
            {"2.3": "4"},
            OFFICER,
            _at("2018-12-13T10:00:00"),
            comments={"2.3": "Tin về khu vực biên giới chủ yếu gửi qua Báo Lạng Sơn."},
        ),
    ),
    AssessmentRow(
        "DBP-POMA",
        None,
        "SELF_SUBMITTED",
        Stage(_all("6 4 5 4 6 3 3 3 6 4"), OFFICER, _at("2018-12-06T08:00:00")),
    ),
    AssessmentRow(
        "PVHTT-VANLANG",
        None,
        "REVIEWED",
        Stage(_all("6 4 4 4 5 3 3 3 6 4"), OFFICER, _at("2018-12-05T15:00:00")),
        Stage(
            {"1.3": "3.5"},
            OFFICER,
            _at("2018-12-13T14:00:00"),
            comments={"1.3": "1 công chức của phòng chưa xác nhận đã được quán triệt."},
        ),
    ),
    AssessmentRow(
        "PVHTT-CAOLOC",
        None,
        "SELF_SUBMITTED",
        Stage(_all("6 0 4 4 5 3 3 3 6 3"), OFFICER, _at("2018-12-07T09:00:00")),
    ),
    AssessmentRow("DPTTH", None, "SELF_DRAFT", Stage({}, None, _at("2018-12-06T08:00:00"))),
    # People: assessed by themselves, reviewed by the head of their unit.
    AssessmentRow(
        "TTBCXB",
        "NV037",
        "SELF_SUBMITTED",
        Stage(_all("6 4 5 5 5 4 5 4 6 4"), "nhanvien", _at("2018-12-05T16:00:00")),
    ),
    AssessmentRow(
        "TTBCXB",
        "NV040",
        "REVIEWED",
        Stage(_all("6 4 5 4 6 3 4 3 6 4"), "truongphong", _at("2018-12-05T16:30:00")),
        Stage(
            {"3.3": "5"},
            "truongphong",
            _at("2018-12-10T08:30:00"),
            comments={"3.3": "Tham gia 6/8 đợt tuyên truyền của phòng ở khu vực biên giới."},
        ),
    ),
    AssessmentRow(
        "CNTT",
        "NV030",
        "SELF_DRAFT",
        Stage({"1.1": "6", "1.2": "4"}, "truongphongcntt", _at("2018-12-06T11:00:00")),
    ),
    AssessmentRow(
        "DBP-TANTHANH",
        "NG005",
        "REVIEWED",
        Stage(_all("6 4 5 4 6 3 3 3 6 4"), OFFICER, _at("2018-12-05T08:30:00")),
        Stage(
            {"4.2": "2"},
            OFFICER,
            _at("2018-12-13T10:30:00"),
            comments={"4.2": "Không tham gia họp báo, sự kiện lớn của tỉnh."},
        ),
    ),
]


# --- the bloc of the department's divisions -------------------------------------------------

BLOC_CODE = "KHOI-PCM"
BLOC_NAME = "Khối các phòng chuyên môn"
BLOC_LEADER = "TTBCXB"
BLOC_DEPUTY = "CNTT"
BLOC_MEMBERS = ("TTBCXB", "CNTT", "VP", "KHTC")
# Weights of the self, peer and review totals in the bloc score (docs/scoring.md).
BLOC_WEIGHTS = (Decimal("0.2"), Decimal("0.3"), Decimal("0.5"))

# (scorer, subject, points, comment): the total one member gives another. KHTC has not scored
# yet, so the bloc page shows scoring in progress.
PEER_SCORES: list[tuple[str, str, str, str]] = [
    ("TTBCXB", "CNTT", "52", "Chuyên mục tiếng nước ngoài đưa vào sử dụng đúng hạn."),
    ("TTBCXB", "VP", "45", ""),
    ("TTBCXB", "KHTC", "30", ""),
    ("CNTT", "TTBCXB", "90", "Đơn vị chủ trì, hoàn thành hầu hết các chỉ tiêu."),
    ("CNTT", "VP", "44", ""),
    ("CNTT", "KHTC", "32", ""),
    ("VP", "TTBCXB", "88", ""),
    ("VP", "CNTT", "50", ""),
    ("VP", "KHTC", "31", ""),
]
