"""Movements of the demo: the 2018 thematic movement on foreign information work (thông tin đối
ngoại, TTĐN) founded by Plan 456/KH-STTTT of 10/5/2018, the province's parent plan it serves,
the department's regular yearly movement of 2018, a draft for 2019, and how the units and people
of the department took part in the thematic movement.

Sources (see /work/shared/domain/TTDN.md and the seed page ke-hoach-456-KH-STTTT-2018.txt):

- The texts of Plan 456/KH-STTTT and of the province's Plan 05/KH-UBND were not found. Their
  numbers, dates and titles come from the seed page; nothing here is presented as a quotation
  from them. The parent plan's tasks are descriptions of the kinds of TTĐN activity (TTDN.md),
  not the plan's wording.
- Where the seed page's own text is quoted (the purposes, the requirements and the bodies of
  sections 6 and 7) it is quoted exactly, including its quirks ("nhiệm vụ chính trị ." and the
  closing "./."). Section titles and the other bodies are descriptions.
- The legal bases give numbers, dates and issuers confirmed in TTDN.md and LEGAL-RULES.md;
  their subject lines are descriptions.
- The criteria table is the proposal of TTDN.md, not a real table.
- Everything about the regular yearly movement, the 2019 draft, the unit plans, the briefings
  and the registrations is invented demo data.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from thidua.demo import data_people

# --- the parent plan ------------------------------------------------------------------------

PARENT_PLAN_CODE = "05/KH-UBND-2018"
PARENT_PLAN: dict[str, Any] = {
    "number": "05/KH-UBND",
    "issued_on": dt.date(2018, 1, 17),
    "issuer": "Ủy ban nhân dân tỉnh Lạng Sơn",
    "title": "Hoạt động thông tin đối ngoại trên địa bàn tỉnh Lạng Sơn năm 2018",
}

# The kinds of TTĐN activity of TTDN.md, in its order. Descriptions, not the plan's wording.
PARENT_TASKS: list[tuple[str, str]] = [
    ("PLAN", "Ban hành văn bản chỉ đạo, kế hoạch về công tác thông tin đối ngoại"),
    ("FL_NEWS", "Thông tin, tin bài về tỉnh bằng tiếng nước ngoài"),
    ("FL_WEB", "Trang, chuyên mục tiếng nước ngoài trên cổng, trang thông tin điện tử"),
    ("PUBL", "Xuất bản phẩm, bản tin song ngữ giới thiệu về tỉnh"),
    ("GATE_INFO", "Cụm thông tin, pa nô tại cửa khẩu và khu vực biên giới"),
    ("BORDER_PROP", "Tuyên truyền tại khu vực biên giới, phối hợp với Bộ đội Biên phòng"),
    ("LEAFLET", "Tờ rơi song ngữ tuyên truyền pháp luật tại cửa khẩu"),
    ("SOVEREIGNTY", "Thông tin về chủ quyền, biên giới quốc gia trên đất liền và biển, đảo"),
    ("TRAINING", "Bồi dưỡng, tập huấn nghiệp vụ thông tin đối ngoại"),
    ("FOREIGN_PRESS", "Tiếp đón, cung cấp thông tin cho phóng viên nước ngoài"),
    ("PRESS_CONF", "Họp báo, phát ngôn và cung cấp thông tin cho báo chí"),
    ("REBUTTAL", "Phát hiện, đấu tranh, phản bác thông tin sai sự thật"),
    ("EVENTS", "Thông tin đối ngoại tại các sự kiện lớn và hoạt động hợp tác qua biên giới"),
    ("WORLD_NEWS", "Đưa thông tin thế giới đến với nhân dân trong tỉnh"),
]

# --- shared pieces --------------------------------------------------------------------------

ORGANIZER = "STTTT"
OFFICER = "canbotdkt"  # the demo account that enters and launches the movements
DEPARTMENT_UNITS = ("LD", "VP", "TTR", "KHTC", "BCVT", "CNTT", "TTBCXB", "TTCNTT")
# The signer of the department's plans: the director among the demo people.
DIRECTOR = next(p for p in data_people.DEPARTMENT_PEOPLE if p.position == "Giám đốc Sở")

LAW = (
    "Luật Thi đua, Khen thưởng ngày 26/11/2003; Luật sửa đổi, bổ sung một số điều của Luật "
    "Thi đua, Khen thưởng các năm 2005, 2009 và 2013"
)
DECREE_91 = (
    "Nghị định số 91/2017/NĐ-CP ngày 31/7/2017 của Chính phủ quy định chi tiết thi hành một "
    "số điều của Luật Thi đua, Khen thưởng"
)


class MovementSpec(NamedTuple):
    code: str
    fields: dict[str, Any]  # upsert_movement's fields; organizer/doc_issuer/parent_plan by code
    legal_bases: list[str]
    sections: list[dict[str, Any]]  # set_sections' items
    phases: dict[str, tuple[dt.date, dt.date]]
    participants: tuple[str, ...]  # unit codes; each takes part with its subtree
    lead: str | None
    foreseen_awards: tuple[str, ...]
    criteria: dict[str, Any] | None  # save_criteria_table's data
    launched_at: dt.datetime | None  # None: stays a draft


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _launch(day: str) -> dt.datetime:
    """08:00 in Lạng Sơn on the day the plan was issued: the historical launch time."""
    return dt.datetime.fromisoformat(f"{day}T08:00:00+07:00")


# --- the 2018 thematic movement (S1-S3, S6, S7) --------------------------------------------

TTDN_CODE = "TTDN-2018"

# Quoted exactly from the seed page.
TTDN_PURPOSES = (
    "Mục đích nhằm tiếp tục quán triệt thực hiện chiến lược, kế hoạch và các văn bản chỉ đạo "
    "của Đảng, Chính phủ, của tỉnh về công tác thông tin đối ngoại (TTĐN); tạo động lực mạnh "
    "mẽ, nâng cao chất lượng, thực hiện tốt các nhiệm vụ của công tác TTĐN năm 2018, nâng cao "
    "hiệu quả công tác quản lý nhà nước về TTĐN nói riêng, hoạt động TTĐN của tỉnh nói chung, "
    "góp phần thực hiện đường lối đối ngoại, xây dựng và bảo vệ Tổ quốc của Đảng, của nhân dân "
    "ta trong tình hình mới."
)
_SEED_REWARD_FOCUS = (
    "Chú trọng phát hiện những điển hình tiên tiến, các tập thể, cá nhân có thành tích tiêu "
    "biểu trong phong trào thi đua để kịp thời biểu dương, khen thưởng; quan tâm khen thưởng "
    "công chức, viên chức, người lao động làm trực tiếp. Đồng thời giới thiệu các điển hình "
    "tiên tiến, các sáng kiến, kinh nghiệm hay để biểu dương, khen thưởng kịp thời và phổ "
    "biến, tuyên truyền, tạo sự lan tỏa trong công tác TTĐN."
)
# Quoted exactly from the seed page, with its stray space before the first full stop.
TTDN_REQUIREMENTS = (
    "Nâng cao chất lượng, hiệu quả công tác khen thưởng, đảm bảo chính xác, công khai, minh "
    "bạch, đúng quy định, thực sự có tác dụng động viên, nêu gương. Khen thưởng phải gắn với "
    "kết quả phong trào thi đua, thực hiện kế hoạch, nhiệm vụ chính trị . " + _SEED_REWARD_FOCUS
)
_SEED_HEADS_BRIEF = (
    "Trên cơ sở kế hoạch này, Trưởng các phòng và đơn vị trực thuộc chủ động tổ chức quán "
    "triệt đến toàn thể công chức, viên chức, lao động trong đơn vị mình và cụ thể hoá các nội "
    "dung thi đua, gắn với nhiệm vụ công tác của đơn vị mình; động viên toàn thể công chức, "
    "viên chức, người lao động tích cực hưởng ứng tham gia phong trào thi đua chuyên đề: “Thi "
    "đua thực hiện hiệu quả công tác thông tin đối ngoại của ngành Thông tin và Truyền thông” "
    "năm 2018./."
)

TTDN_LEGAL_BASES = [
    LAW,
    DECREE_91,
    "Nghị định số 72/2015/NĐ-CP ngày 07/9/2015 của Chính phủ về quản lý hoạt động thông tin "
    "đối ngoại",
    "Thông tư số 22/2016/TT-BTTTT ngày 19/10/2016 của Bộ Thông tin và Truyền thông hướng dẫn "
    "hoạt động thông tin đối ngoại tại các địa phương",
    "Chỉ thị số 26/CT-BTTTT ngày 21/6/2017 của Bộ Thông tin và Truyền thông về phát động phong "
    "trào thi đua chuyên đề “Thi đua thực hiện hiệu quả công tác thông tin đối ngoại của ngành "
    "Thông tin và Truyền thông”",
    "Quyết định số 60/2017/QĐ-UBND ngày 10/11/2017 của UBND tỉnh Lạng Sơn ban hành quy định về "
    "quản lý hoạt động thông tin đối ngoại trên địa bàn tỉnh",
    "Kế hoạch số 05/KH-UBND ngày 17/01/2018 của UBND tỉnh Lạng Sơn về Hoạt động thông tin đối "
    "ngoại trên địa bàn tỉnh Lạng Sơn năm 2018",
]

# The contents of the seed page, one section each. Section 6 has no task of the parent plan:
# it is about commendation itself.
TTDN_SECTIONS: list[dict[str, Any]] = [
    {
        "number": 1,
        "title": "Tiếp tục quán triệt chiến lược, kế hoạch và các văn bản chỉ đạo của Đảng, "
        "Chính phủ, của tỉnh về công tác thông tin đối ngoại",
        "body": "Quán triệt đến cán bộ, công chức, viên chức các văn bản về thông tin đối ngoại "
        "(Nghị định 72/2015/NĐ-CP, Thông tư 22/2016/TT-BTTTT, Quyết định 60/2017/QĐ-UBND); "
        "ban hành kế hoạch, văn bản hướng dẫn triển khai công tác thông tin đối ngoại của "
        "ngành; nâng cao hiệu quả quản lý nhà nước về thông tin đối ngoại.",
        "parent_task_codes": ["PLAN"],
    },
    {
        "number": 2,
        "title": "Triển khai các nhiệm vụ của công tác thông tin đối ngoại năm 2018 trên cơ sở "
        "Kế hoạch số 05/KH-UBND ngày 17/01/2018 của UBND tỉnh Lạng Sơn",
        "body": "Thông tin về tỉnh bằng tiếng nước ngoài trên Cổng thông tin điện tử tỉnh, báo "
        "chí và xuất bản phẩm; tiếp đón, cung cấp thông tin cho phóng viên nước ngoài; họp "
        "báo, phát ngôn; phát hiện, phản bác thông tin sai sự thật; thông tin tại các sự kiện "
        "lớn và hoạt động hợp tác qua biên giới; đưa thông tin thế giới đến với nhân dân.",
        "parent_task_codes": [
            "FL_NEWS",
            "FL_WEB",
            "PUBL",
            "FOREIGN_PRESS",
            "PRESS_CONF",
            "REBUTTAL",
            "EVENTS",
            "WORLD_NEWS",
        ],
    },
    {
        "number": 3,
        "title": "Đề xuất các giải pháp đổi mới hình thức, phương thức đáp ứng yêu cầu công tác "
        "thông tin đối ngoại trong tình hình mới",
        "body": "Các đơn vị, cá nhân đề xuất giải pháp đổi mới hình thức, phương thức thông tin "
        "đối ngoại (sản phẩm song ngữ, chuyên mục tiếng nước ngoài, hình thức tuyên truyền phù "
        "hợp với khu vực biên giới); các đề xuất được xem xét, những giải pháp tốt được biểu "
        "dương.",
        "parent_task_codes": ["FL_WEB", "PUBL"],
    },
    {
        "number": 4,
        "title": "Đẩy mạnh phong trào thi đua phát huy sáng kiến, ứng dụng công nghệ thông tin",
        "body": "Sáng kiến, ứng dụng công nghệ thông tin phù hợp với từng địa phương, nâng cao "
        "năng suất, chất lượng, hiệu quả công tác thông tin đối ngoại, phù hợp với yêu cầu của "
        "cuộc cách mạng công nghiệp 4.0.",
        "parent_task_codes": ["FL_WEB", "TRAINING"],
    },
    {
        "number": 5,
        "title": "Phát động phong trào thi đua rộng khắp đến các tổ chức, cá nhân tham gia hoạt "
        "động thông tin đối ngoại, đặc biệt ở khu vực biên giới",
        "body": "Phối hợp với Bộ Chỉ huy Bộ đội Biên phòng tỉnh, các đồn biên phòng và Phòng Văn "
        "hóa và Thông tin các huyện biên giới: tuyên truyền tại các xã biên giới, cụm thông "
        "tin và pa nô tại cửa khẩu, tờ rơi song ngữ, thông tin về chủ quyền, biên giới quốc "
        "gia; tập huấn nghiệp vụ thông tin đối ngoại cho cán bộ cơ sở.",
        "parent_task_codes": ["GATE_INFO", "BORDER_PROP", "LEAFLET", "SOVEREIGNTY", "TRAINING"],
    },
    {
        "number": 6,
        "title": "Nâng cao chất lượng, hiệu quả công tác khen thưởng; chú trọng khen thưởng "
        "người trực tiếp làm công tác thông tin đối ngoại",
        "body": _SEED_REWARD_FOCUS,
        "parent_task_codes": [],
    },
    {
        "number": 7,
        "title": "Trưởng các phòng, đơn vị trực thuộc quán triệt đến toàn thể cán bộ và cụ thể "
        "hoá nội dung thi đua của đơn vị",
        "body": _SEED_HEADS_BRIEF,
        "parent_task_codes": ["PLAN"],
    },
]

TTDN_PHASES = {
    "REGISTRATION": (_d("2018-05-10"), _d("2018-06-10")),
    "IMPLEMENTATION": (_d("2018-05-10"), _d("2018-11-30")),
    "INTERIM_REVIEW": (_d("2018-07-01"), _d("2018-07-15")),
    "FINAL_REVIEW": (_d("2018-12-01"), _d("2018-12-20")),
    "COMMENDATION": (_d("2018-12-15"), _d("2018-12-31")),
}

# The department's units, the outside organisations (the border guard with its posts, as its
# subtree) and the culture and information offices of the five border districts (S6, S7).
TTDN_PARTICIPANTS = (
    *DEPARTMENT_UNITS,
    "BTGTU",
    "SNGV",
    "BAOLS",
    "DPTTH",
    "BDBP",
    "PVHTT-TRANGDINH",
    "PVHTT-VANLANG",
    "PVHTT-CAOLOC",
    "PVHTT-LOCBINH",
    "PVHTT-DINHLAP",
)

# A thematic movement is commended mainly with Giấy khen (of the director, to people and
# units) and Bằng khen of the province; the yearly titles are listed because the department
# counts results in this movement when it considers them at the end of the year.
TTDN_AWARDS = ("GIAY_KHEN", "BANG_KHEN_TINH", "LDTT", "CSTDCS", "TTLDTT", "TTLDXS")


def _counted(code: str, title: str, points: int, indicator: str, target: int) -> dict[str, Any]:
    return {
        "code": code,
        "title": title,
        "max_points": points,
        "method": "COUNTED",
        "indicator": indicator,
        "target_value": target,
        "guidance": "Điểm tỷ lệ với kết quả so với chỉ tiêu, tối đa bằng điểm của tiêu chí.",
    }


def _manual(code: str, title: str, points: int, method: str = "MANUAL") -> dict[str, Any]:
    return {"code": code, "title": title, "max_points": points, "method": method}


BANDS = [
    {"code": "XUAT_SAC", "label": "Xuất sắc", "min_score": 90, "min_share": "0.5"},
    {"code": "TOT", "label": "Tốt", "min_score": 80},
    {"code": "HOAN_THANH", "label": "Hoàn thành", "min_score": 70},
    {"code": "KHONG_HOAN_THANH", "label": "Không hoàn thành", "min_score": 0},
]

# The default table proposed in TTDN.md: 100 points in 7 sections, bonus up to 10, penalties.
TTDN_CRITERIA: dict[str, Any] = {
    "scale": 100,
    "bonus_cap": 10,
    "notes": "Bảng tiêu chí chấm điểm thi đua chuyên đề thông tin đối ngoại năm 2018: thang "
    "100 điểm, cộng điểm thưởng tối đa 10 điểm và trừ điểm theo các nội dung vi phạm.",
    "sections": [
        {
            "order": 1,
            "title": "Lãnh đạo, chỉ đạo và xây dựng kế hoạch",
            "max_points": 15,
            "criteria": [
                _manual(
                    "1.1",
                    "Ban hành kế hoạch thực hiện phong trào của đơn vị trong 30 ngày kể từ ngày "
                    "phát động",
                    6,
                    "YES_NO",
                ),
                _manual(
                    "1.2", "Phân công cán bộ đầu mối công tác thông tin đối ngoại", 4, "YES_NO"
                ),
                _manual(
                    "1.3",
                    "Quán triệt phong trào đến toàn thể cán bộ, công chức, viên chức, người lao "
                    "động của đơn vị",
                    5,
                ),
            ],
        },
        {
            "order": 2,
            "title": "Sản phẩm thông tin đối ngoại",
            "max_points": 25,
            "criteria": [
                _counted("2.1", "Tin, bài về tỉnh bằng tiếng nước ngoài", 12, "FL_NEWS.items", 120),
                _counted(
                    "2.2", "Xuất bản phẩm, bản tin song ngữ giới thiệu về tỉnh", 8, "PUBL.titles", 4
                ),
                _manual(
                    "2.3", "Thông tin về khu vực biên giới trên các phương tiện truyền thông", 5
                ),
            ],
        },
        {
            "order": 3,
            "title": "Thông tin đối ngoại khu vực biên giới",
            "max_points": 20,
            "criteria": [
                _counted(
                    "3.1", "Buổi tuyên truyền tại khu vực biên giới", 8, "BORDER_PROP.sessions", 24
                ),
                _counted("3.2", "Tờ rơi song ngữ phát tại cửa khẩu", 6, "LEAFLET.leaflets", 3000),
                _manual("3.3", "Phối hợp với Bộ đội Biên phòng, chính quyền các xã biên giới", 6),
            ],
        },
        {
            "order": 4,
            "title": "Báo chí nước ngoài và sự kiện đối ngoại",
            "max_points": 10,
            "criteria": [
                _counted(
                    "4.1",
                    "Đoàn phóng viên nước ngoài được tiếp đón, cung cấp thông tin",
                    5,
                    "FOREIGN_PRESS.delegations",
                    2,
                ),
                _manual("4.2", "Họp báo, thông tin tại các sự kiện lớn của tỉnh", 5),
            ],
        },
        {
            "order": 5,
            "title": "Đấu tranh, phản bác thông tin sai sự thật",
            "max_points": 10,
            "criteria": [
                _manual("5.1", "Phát hiện, xử lý các trường hợp thông tin sai sự thật", 6),
                _manual(
                    "5.2", "Kịp thời: số ngày từ khi phát hiện đến khi có thông tin phản bác", 4
                ),
            ],
        },
        {
            "order": 6,
            "title": "Nâng cao năng lực",
            "max_points": 10,
            "criteria": [
                _counted(
                    "6.1",
                    "Lớp bồi dưỡng, tập huấn nghiệp vụ thông tin đối ngoại",
                    4,
                    "TRAINING.courses",
                    2,
                ),
                _counted(
                    "6.2",
                    "Học viên được tập huấn (trong đó ở khu vực biên giới)",
                    6,
                    "TRAINING.trainees",
                    130,
                ),
            ],
        },
        {
            "order": 7,
            "title": "Chế độ thông tin, báo cáo",
            "max_points": 10,
            "criteria": [
                _manual("7.1", "Gửi báo cáo sơ kết, tổng kết đúng thời hạn", 6),
                _manual("7.2", "Báo cáo đầy đủ nội dung, số liệu", 4),
            ],
        },
    ],
    "bonus_items": [
        {
            "title": "Sáng kiến, giải pháp ứng dụng công nghệ thông tin được công nhận",
            "max_points": 5,
        },
        {"title": "Được cấp trên khen thưởng về công tác thông tin đối ngoại", "max_points": 5},
    ],
    "penalty_items": [
        {"title": "Gửi báo cáo chậm hoặc không gửi báo cáo (mỗi lần)", "points_each": 2},
        {"title": "Để xảy ra sự cố mất an toàn thông tin", "points_each": 5},
        {"title": "Có cán bộ, công chức, viên chức bị xử lý kỷ luật", "points_each": 5},
    ],
    "bands": BANDS,
}

TTDN = MovementSpec(
    code=TTDN_CODE,
    fields={
        "kind": "THEMATIC",
        "name": "Thi đua thực hiện hiệu quả công tác thông tin đối ngoại của ngành Thông tin và "
        "Truyền thông năm 2018",
        "organizer": ORGANIZER,
        "period_start": _d("2018-05-10"),
        "period_end": _d("2018-12-31"),
        "purposes": TTDN_PURPOSES,
        "requirements": TTDN_REQUIREMENTS,
        "parent_plan": PARENT_PLAN_CODE,
        "doc_number": "456/KH-STTTT",
        "doc_date": _d("2018-05-10"),
        "doc_place": "Lạng Sơn",
        "doc_issuer": ORGANIZER,
        "signer_name": DIRECTOR.full_name,
        "signer_title": "Giám đốc",
        "signer_authority": "",
    },
    legal_bases=TTDN_LEGAL_BASES,
    sections=TTDN_SECTIONS,
    phases=TTDN_PHASES,
    participants=TTDN_PARTICIPANTS,
    lead="TTBCXB",
    foreseen_awards=TTDN_AWARDS,
    criteria=TTDN_CRITERIA,
    launched_at=_launch("2018-05-10"),
)

# --- the regular yearly movement of 2018 and the 2019 draft --------------------------------


def _regular_sections(year: int) -> list[dict[str, Any]]:
    return [
        {
            "number": 1,
            "title": f"Thi đua hoàn thành xuất sắc nhiệm vụ chính trị năm {year} của Sở",
            "body": "Mỗi phòng, đơn vị cụ thể hoá các chỉ tiêu, nhiệm vụ của kế hoạch công tác "
            "năm thành nội dung thi đua của đơn vị.",
        },
        {
            "number": 2,
            "title": "Thi đua đẩy mạnh cải cách hành chính, ứng dụng công nghệ thông tin trong "
            "hoạt động của cơ quan",
        },
        {
            "number": 3,
            "title": "Thi đua chấp hành kỷ luật, kỷ cương hành chính, thực hành tiết kiệm, chống "
            "lãng phí",
        },
        {
            "number": 4,
            "title": "Thi đua học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        },
    ]


# A simple table of its own: a regular yearly movement is scored on the whole of a unit's
# work, not on foreign information work.
REGULAR_CRITERIA: dict[str, Any] = {
    "scale": 100,
    "bonus_cap": 5,
    "notes": "Bảng tiêu chí chấm điểm thi đua thường xuyên của các phòng, đơn vị thuộc Sở.",
    "sections": [
        {
            "order": 1,
            "title": "Thực hiện nhiệm vụ chuyên môn được giao",
            "max_points": 50,
            "criteria": [
                _manual("1.1", "Hoàn thành các chỉ tiêu, nhiệm vụ của kế hoạch công tác năm", 35),
                _manual("1.2", "Chất lượng, tiến độ tham mưu, giải quyết công việc", 15),
            ],
        },
        {
            "order": 2,
            "title": "Chấp hành kỷ luật, kỷ cương hành chính",
            "max_points": 20,
            "criteria": [
                _manual("2.1", "Chấp hành nội quy, quy chế làm việc của cơ quan", 10),
                _manual("2.2", "Thực hành tiết kiệm, chống lãng phí", 10),
            ],
        },
        {
            "order": 3,
            "title": "Cải cách hành chính, ứng dụng công nghệ thông tin",
            "max_points": 15,
            "criteria": [
                _manual("3.1", "Xử lý văn bản, hồ sơ công việc trên môi trường mạng", 10),
                _manual("3.2", "Sáng kiến, giải pháp cải tiến được áp dụng", 5),
            ],
        },
        {
            "order": 4,
            "title": "Tham gia các phong trào thi đua và hoạt động đoàn thể",
            "max_points": 15,
            "criteria": [
                _manual("4.1", "Đăng ký và tham gia các phong trào thi đua do Sở phát động", 10),
                _manual("4.2", "Tham gia hoạt động của Công đoàn, Đoàn Thanh niên", 5),
            ],
        },
    ],
    "bonus_items": [{"title": "Được cấp trên khen thưởng đột xuất", "max_points": 5}],
    "penalty_items": [
        {"title": "Gửi báo cáo chậm hoặc không gửi báo cáo (mỗi lần)", "points_each": 2},
        {"title": "Có cán bộ, công chức, viên chức bị xử lý kỷ luật", "points_each": 5},
    ],
    "bands": BANDS,
}

REGULAR_AWARDS = ("LDTT", "CSTDCS", "TTLDTT", "TTLDXS", "GIAY_KHEN", "BANG_KHEN_TINH", "CSTD_TINH")


def _regular_fields(year: int, doc_number: str, doc_date: dt.date) -> dict[str, Any]:
    return {
        "kind": "REGULAR",
        "name": f"Phong trào thi đua thường xuyên năm {year}",
        "organizer": ORGANIZER,
        "period_start": dt.date(year, 1, 1),
        "period_end": dt.date(year, 12, 31),
        "purposes": "Động viên cán bộ, công chức, viên chức, người lao động thi đua hoàn thành "
        f"xuất sắc nhiệm vụ chính trị năm {year} của Sở; làm căn cứ bình xét các danh hiệu "
        f"thi đua và hình thức khen thưởng năm {year}.",
        "requirements": "Việc đăng ký, bình xét thi đua bảo đảm công khai, dân chủ, đúng quy "
        "định; nội dung thi đua gắn với nhiệm vụ chuyên môn của từng phòng, đơn vị.",
        "parent_plan": None,
        "doc_number": doc_number,
        "doc_date": doc_date,
        "doc_place": "Lạng Sơn",
        "doc_issuer": ORGANIZER,
        "signer_name": DIRECTOR.full_name,
        "signer_title": "Giám đốc",
        "signer_authority": "",
    }


REGULAR_2018 = MovementSpec(
    code="TX-2018",
    # 25/KH-STTTT of 20/1/2018 is demo data: the real number and date are not known.
    fields=_regular_fields(2018, "25/KH-STTTT", _d("2018-01-20")),
    legal_bases=[LAW, DECREE_91],
    sections=_regular_sections(2018),
    phases={
        "REGISTRATION": (_d("2018-01-20"), _d("2018-03-15")),
        "IMPLEMENTATION": (_d("2018-01-01"), _d("2018-11-30")),
        "INTERIM_REVIEW": (_d("2018-07-01"), _d("2018-07-15")),
        "FINAL_REVIEW": (_d("2018-12-01"), _d("2018-12-20")),
        "COMMENDATION": (_d("2018-12-15"), _d("2019-01-31")),
    },
    participants=DEPARTMENT_UNITS,
    lead="VP",
    foreseen_awards=REGULAR_AWARDS,
    criteria=REGULAR_CRITERIA,
    launched_at=_launch("2018-01-20"),
)

# Being drafted at the end of 2018: no number yet ("…/KH-STTTT", as a draft plan shows it),
# no phases and no criteria table, so its launch page lists what is still missing.
REGULAR_2019_DRAFT = MovementSpec(
    code="TX-2019",
    fields=_regular_fields(2019, "…/KH-STTTT", _d("2019-01-15")),
    legal_bases=[LAW, DECREE_91],
    sections=_regular_sections(2019),
    phases={},
    participants=DEPARTMENT_UNITS,
    lead="VP",
    foreseen_awards=REGULAR_AWARDS,
    criteria=None,
    launched_at=None,
)

MOVEMENTS: list[MovementSpec] = [TTDN, REGULAR_2018, REGULAR_2019_DRAFT]

# --- taking part in the thematic movement (S13, S14) ----------------------------------------


class TargetRow(NamedTuple):
    section: int
    parent_task: str
    description: str
    indicator: str = ""
    target_value: int | None = None
    measure_unit: str = ""
    due_on: dt.date | None = None


class UnitPlanRow(NamedTuple):
    unit: str
    summary: str
    targets: list[TargetRow]
    writer: str | None  # username of the account that writes and submits it; None: no account
    written_at: dt.datetime  # last edited
    state: str  # the state it ends in: DRAFT, SUBMITTED, APPROVED or RETURNED
    submitted_at: dt.datetime | None = None
    reviewed_at: dt.datetime | None = None
    review_comment: str = ""


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{text}+07:00")


UNIT_PLANS: list[UnitPlanRow] = [
    UnitPlanRow(
        "TTBCXB",
        "Phòng Thông tin - Báo chí - Xuất bản là đơn vị chủ trì, tham mưu cho Sở tổ chức thực "
        "hiện phong trào; cụ thể hoá nội dung thi đua gắn với nhiệm vụ quản lý nhà nước về "
        "thông tin đối ngoại, báo chí, xuất bản của phòng.",
        [
            TargetRow(
                1,
                "PLAN",
                "Tham mưu ban hành kế hoạch triển khai công tác thông tin đối ngoại năm 2018 "
                "của Sở",
                "PLAN.documents",
                1,
                "kế hoạch",
                _d("2018-06-30"),
            ),
            TargetRow(
                2,
                "FL_NEWS",
                "Đăng 120 tin, bài tiếng Trung, tiếng Anh trên Cổng thông tin điện tử tỉnh",
                "FL_NEWS.items",
                120,
                "tin, bài",
                _d("2018-11-30"),
            ),
            TargetRow(
                2,
                "PUBL",
                "Xuất bản 2 số bản tin song ngữ Việt - Trung giới thiệu về tỉnh Lạng Sơn",
                "PUBL.titles",
                2,
                "số",
                _d("2018-11-30"),
            ),
            TargetRow(
                2,
                "PRESS_CONF",
                "Tổ chức 2 cuộc họp báo cung cấp thông tin cho báo chí trong và ngoài nước",
                "PRESS_CONF.conferences",
                2,
                "cuộc",
            ),
            TargetRow(
                2,
                "REBUTTAL",
                "Phát hiện và tham mưu xử lý thông tin sai sự thật về tỉnh trên báo chí, mạng "
                "xã hội trong vòng 3 ngày kể từ khi phát hiện",
                "REBUTTAL.response_days",
                3,
                "ngày",
            ),
            TargetRow(
                5,
                "BORDER_PROP",
                "Phối hợp với Đồn Biên phòng Tân Thanh, Đồn Biên phòng Na Hình tổ chức 12 buổi "
                "tuyên truyền tại các xã biên giới huyện Văn Lãng",
                "BORDER_PROP.sessions",
                12,
                "buổi",
                _d("2018-11-30"),
            ),
            TargetRow(
                5,
                "TRAINING",
                "Tổ chức lớp tập huấn nghiệp vụ thông tin đối ngoại cho 130 học viên tại huyện "
                "Tràng Định và huyện Văn Lãng",
                "TRAINING.trainees",
                130,
                "học viên",
                _d("2018-10-31"),
            ),
            TargetRow(
                5,
                "SOVEREIGNTY",
                "Phối hợp tổ chức 1 cuộc triển lãm ảnh, tư liệu về chủ quyền biển, đảo và biên "
                "giới quốc gia",
                "SOVEREIGNTY.exhibitions",
                1,
                "cuộc",
            ),
        ],
        writer="truongphong",
        written_at=_at("2018-06-04T16:30:00"),
        state="APPROVED",
        submitted_at=_at("2018-06-05T09:30:00"),
        reviewed_at=_at("2018-06-12T15:00:00"),
    ),
    UnitPlanRow(
        "CNTT",
        "Phòng Công nghệ thông tin cụ thể hoá nội dung thi đua gắn với ứng dụng công nghệ "
        "thông tin và bảo đảm an toàn thông tin trong công tác thông tin đối ngoại.",
        [
            TargetRow(
                2,
                "FL_WEB",
                "Hoàn thiện 2 chuyên mục tiếng Anh, tiếng Trung trên Cổng thông tin điện tử "
                "tỉnh, cập nhật hằng tuần",
                "FL_WEB.sections",
                2,
                "chuyên mục",
                _d("2018-09-30"),
            ),
            TargetRow(
                4,
                "FL_WEB",
                "Đề xuất 1 giải pháp ứng dụng công nghệ thông tin trong công tác thông tin đối "
                "ngoại",
                "",
                1,
                "giải pháp",
                _d("2018-10-31"),
            ),
            TargetRow(
                4,
                "",
                "Không để xảy ra sự cố mất an toàn thông tin trên các trang thông tin tiếng "
                "nước ngoài",
            ),
        ],
        writer="truongphongcntt",
        written_at=_at("2018-06-08T10:00:00"),
        state="SUBMITTED",
        submitted_at=_at("2018-06-08T10:15:00"),
    ),
    UnitPlanRow(
        "VP",
        "Văn phòng Sở tham mưu công tác thi đua, khen thưởng; tổng hợp, báo cáo kết quả phong "
        "trào.",
        [
            TargetRow(6, "", "Tổng hợp, báo cáo kết quả phong trào"),
            TargetRow(
                7,
                "PLAN",
                "Quán triệt phong trào đến cán bộ, công chức, viên chức, người lao động của Văn "
                "phòng",
            ),
        ],
        writer="thuky",  # Triệu Thị Thu Hà, Phó Chánh Văn phòng
        written_at=_at("2018-06-07T15:40:00"),
        state="RETURNED",
        submitted_at=_at("2018-06-07T16:00:00"),
        reviewed_at=_at("2018-06-13T09:00:00"),
        review_comment="Đề nghị Văn phòng bổ sung chỉ tiêu cụ thể (số liệu, thời hạn) cho từng "
        "nội dung, gắn với nhiệm vụ của Kế hoạch số 05/KH-UBND; ghi rõ thời hạn gửi báo cáo sơ "
        "kết (trước 05/7/2018) và tổng kết (trước 05/12/2018).",
    ),
    UnitPlanRow(
        "TTCNTT",
        "Trung tâm Công nghệ thông tin và Truyền thông cụ thể hoá nội dung thi đua gắn với "
        "nhiệm vụ biên tập, biên dịch và quản trị Cổng thông tin điện tử tỉnh.",
        [
            TargetRow(
                2,
                "FL_NEWS",
                "Biên dịch 150 tin, bài tiếng Trung, tiếng Anh đăng trên Cổng thông tin điện tử "
                "tỉnh",
                "FL_NEWS.items",
                150,
                "tin, bài",
                _d("2018-11-30"),
            ),
            TargetRow(
                2,
                "WORLD_NEWS",
                "Biên tập 12 bản tin thông tin thế giới cho đài truyền thanh các xã biên giới",
                "WORLD_NEWS.briefings",
                12,
                "bản tin",
            ),
        ],
        writer=None,
        written_at=_at("2018-06-18T11:00:00"),
        state="DRAFT",
    ),
]


class BriefingRow(NamedTuple):
    unit: str
    at: dt.datetime  # when the unit held its briefing and its staff confirmed
    not_briefed: tuple[str, ...]  # person codes of the unit who have not confirmed


# Units absent here (Đài PT-TH, the other outside organisations) have confirmed nobody yet.
BRIEFINGS: list[BriefingRow] = [
    BriefingRow("LD", _at("2018-05-14T08:00:00"), ()),
    BriefingRow("TTBCXB", _at("2018-05-14T14:00:00"), ("NV041",)),
    BriefingRow("CNTT", _at("2018-05-15T14:00:00"), ()),
    BriefingRow("VP", _at("2018-05-16T14:00:00"), ("NV010", "NV011")),
    BriefingRow("TTR", _at("2018-05-17T08:00:00"), ()),
    BriefingRow("KHTC", _at("2018-05-17T14:00:00"), ("NV022",)),
    BriefingRow("BCVT", _at("2018-05-18T08:00:00"), ()),
    BriefingRow(
        "TTCNTT", _at("2018-05-21T14:00:00"), ("NV054", "NV057", "NV058", "NV059", "NV060")
    ),
    BriefingRow("BAOLS", _at("2018-05-24T08:00:00"), ()),
    BriefingRow("DBP-TANTHANH", _at("2018-05-25T08:00:00"), ("NG006",)),
    BriefingRow("PVHTT-VANLANG", _at("2018-05-25T14:00:00"), ("NG009",)),
]


def briefed_people() -> list[tuple[str, dt.datetime]]:
    """(person code, confirmed at) of everyone who confirmed, in a fixed order."""
    by_unit: dict[str, list[str]] = {}
    for person in data_people.PEOPLE:
        by_unit.setdefault(person.unit, []).append(person.code)
    return [
        (code, row.at)
        for row in BRIEFINGS
        for code in by_unit[row.unit]
        if code not in row.not_briefed
    ]


class RegistrationRow(NamedTuple):
    unit: str
    person: str | None  # None: the unit registers as a collective
    award_code: str
    targets: str
    submitted_at: dt.datetime
    state: str  # SUBMITTED, CONFIRMED or REJECTED
    decided_by: str | None = None  # username
    decided_at: dt.datetime | None = None
    comment: str = ""


REGISTRATIONS: list[RegistrationRow] = [
    RegistrationRow(
        "TTBCXB",
        "NV037",
        "CSTDCS",
        "Biên tập, đăng 40 tin, bài về thông tin đối ngoại; tham gia 6 buổi tuyên truyền tại "
        "khu vực biên giới; đăng ký 1 sáng kiến về quy trình phối hợp biên tập tin, bài tiếng "
        "Trung.",
        _at("2018-05-22T09:00:00"),
        "CONFIRMED",
        "truongphong",
        _at("2018-05-25T10:00:00"),
    ),
    RegistrationRow(
        "TTBCXB",
        "NV040",
        "LDTT",
        "Hoàn thành tốt nhiệm vụ được giao; tham gia 6 buổi tuyên truyền tại khu vực biên giới.",
        _at("2018-05-22T10:30:00"),
        "CONFIRMED",
        "truongphong",
        _at("2018-05-25T10:05:00"),
    ),
    RegistrationRow(
        "TTBCXB",
        "NV038",
        "LDTT",
        "Hoàn thành tốt nhiệm vụ được giao; tổng hợp số liệu thông tin đối ngoại hằng tháng.",
        _at("2018-06-04T15:20:00"),
        "SUBMITTED",
    ),
    RegistrationRow(
        "TTBCXB",
        "NV034",
        "CSTDCS",
        "Chỉ đạo phòng hoàn thành các chỉ tiêu đã đăng ký; chủ trì lớp tập huấn nghiệp vụ "
        "thông tin đối ngoại tại huyện Tràng Định và huyện Văn Lãng.",
        _at("2018-05-23T08:45:00"),
        "SUBMITTED",
    ),
    RegistrationRow(
        "CNTT",
        "NV030",
        "CSTDCS",
        "Xây dựng chuyên mục tiếng Trung trên Cổng thông tin điện tử tỉnh; đăng ký 1 giải pháp "
        "ứng dụng công nghệ thông tin.",
        _at("2018-05-24T14:00:00"),
        "CONFIRMED",
        "truongphongcntt",
        _at("2018-05-28T09:00:00"),
    ),
    RegistrationRow(
        "CNTT",
        "NV029",
        "LDTT",
        "Hoàn thành tốt nhiệm vụ được giao; bảo đảm an toàn thông tin cho các trang tiếng nước "
        "ngoài.",
        _at("2018-05-24T14:30:00"),
        "CONFIRMED",
        "truongphongcntt",
        _at("2018-05-28T09:05:00"),
    ),
    RegistrationRow(
        "CNTT",
        "NV031",
        "CSTDCS",
        "Hoàn thành tốt nhiệm vụ được giao.",
        _at("2018-05-25T08:10:00"),
        "REJECTED",
        "truongphongcntt",
        _at("2018-05-28T09:10:00"),
        "Chưa đăng ký sáng kiến hoặc giải pháp công tác làm căn cứ xét danh hiệu Chiến sĩ thi "
        "đua cơ sở. Đề nghị đồng chí đăng ký danh hiệu Lao động tiên tiến hoặc bổ sung sáng kiến.",
    ),
    RegistrationRow(
        "TTCNTT",
        "NV055",
        "CSTDCS",
        "Biên dịch 80 tin, bài tiếng Trung đăng trên Cổng thông tin điện tử tỉnh; đăng ký 1 sáng "
        "kiến về thuật ngữ song ngữ Việt - Trung dùng trong tin, bài đối ngoại.",
        _at("2018-05-29T10:00:00"),
        "SUBMITTED",
    ),
    RegistrationRow(
        "TTCNTT",
        "NV056",
        "LDTT",
        "Biên dịch 60 tin, bài tiếng Anh đăng trên Cổng thông tin điện tử tỉnh.",
        _at("2018-05-29T10:20:00"),
        "SUBMITTED",
    ),
    RegistrationRow(
        "DBP-TANTHANH",
        "NG005",
        "GIAY_KHEN",
        "Phối hợp tổ chức 12 buổi tuyên truyền tại các xã biên giới huyện Văn Lãng.",
        _at("2018-06-01T08:00:00"),
        "SUBMITTED",
    ),
    # Collectives: a unit's registration is confirmed by the emulation officer.
    RegistrationRow(
        "TTBCXB",
        None,
        "TTLDXS",
        "Hoàn thành xuất sắc các chỉ tiêu thông tin đối ngoại năm 2018 đã đăng ký; 100% công "
        "chức của phòng đạt danh hiệu Lao động tiên tiến.",
        _at("2018-05-28T08:30:00"),
        "CONFIRMED",
        OFFICER,
        _at("2018-06-01T14:00:00"),
    ),
    RegistrationRow(
        "CNTT",
        None,
        "TTLDXS",
        "Hoàn thành xuất sắc các chỉ tiêu đã đăng ký; không để xảy ra sự cố mất an toàn thông tin.",
        _at("2018-05-30T09:00:00"),
        "SUBMITTED",
    ),
    RegistrationRow(
        "TTCNTT",
        None,
        "TTLDTT",
        "Hoàn thành tốt các chỉ tiêu đã đăng ký; trên 50% viên chức đạt danh hiệu Lao động tiên "
        "tiến.",
        _at("2018-05-31T10:00:00"),
        "CONFIRMED",
        OFFICER,
        _at("2018-06-04T09:00:00"),
    ),
    RegistrationRow(
        "VP",
        None,
        "TTLDTT",
        "Hoàn thành tốt nhiệm vụ tham mưu tổng hợp, thi đua, khen thưởng.",
        _at("2018-06-06T15:00:00"),
        "SUBMITTED",
    ),
]
