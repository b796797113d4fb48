from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from tests.factories import make_person, make_unit, make_user
from thidua.movements import services
from thidua.movements.criteria import save_criteria_table
from thidua.movements.models import Movement
from thidua.org.enums import Role
from thidua.org.models import Person, Unit, User

TODAY = timezone.localdate()


def criteria_data() -> dict:
    """A small valid table: 100 points in two sections, bonus cap 10, three bands."""
    return {
        "scale": 100,
        "bonus_cap": 10,
        "sections": [
            {
                "order": 1,
                "title": "Lãnh đạo, chỉ đạo",
                "max_points": 40,
                "criteria": [
                    {"code": "1.1", "title": "Ban hành kế hoạch", "max_points": 20},
                    {"code": "1.2", "title": "Quán triệt cán bộ", "max_points": 20},
                ],
            },
            {
                "order": 2,
                "title": "Kết quả thực hiện",
                "max_points": 60,
                "criteria": [
                    {
                        "code": "2.1",
                        "title": "Tin bài đối ngoại",
                        "max_points": 60,
                        "method": "COUNTED",
                        "indicator": "FL_NEWS.items",
                        "target_value": 50,
                    }
                ],
            },
        ],
        "bonus_items": [{"title": "Sáng kiến được công nhận", "max_points": 10}],
        "penalty_items": [{"title": "Báo cáo chậm", "points_each": 2}],
        "bands": [
            {"code": "XUAT_SAC", "label": "Xuất sắc", "min_score": 90, "min_share": "0.5"},
            {"code": "TOT", "label": "Tốt", "min_score": 80},
            {"code": "HOAN_THANH", "label": "Hoàn thành", "min_score": 70},
        ],
    }


@dataclass
class MovementWorld:
    agency: Unit
    div_a: Unit
    div_b: Unit
    outside: Unit
    officer: User
    head_a: User
    head_b: User
    staff_a: User
    person_a: Person
    person_b: Person
    movement: Movement


def make_draft_movement(organizer: Unit, code: str = "TTDN-2018", **kw) -> Movement:
    movement, _c, _ch = services.upsert_movement(
        code,
        kind=kw.pop("kind", "THEMATIC"),
        name=kw.pop("name", "Thi đua thực hiện hiệu quả công tác thông tin đối ngoại"),
        organizer=organizer,
        period_start=kw.pop("period_start", TODAY - dt.timedelta(days=30)),
        period_end=kw.pop("period_end", TODAY + dt.timedelta(days=300)),
        doc_number=kw.pop("doc_number", "456/KH-STTTT"),
        doc_date=kw.pop("doc_date", TODAY - dt.timedelta(days=30)),
        doc_issuer=organizer,
        signer_name="Nguyễn Văn A",
        signer_title="Giám đốc",
        **kw,
    )
    return movement


@pytest.fixture
def world(db) -> MovementWorld:
    agency = make_unit("STTTT", name="Sở Thông tin và Truyền thông")
    div_a = make_unit("TTBCXB", parent=agency, name="Phòng Thông tin - Báo chí - Xuất bản")
    div_b = make_unit("CNTT", parent=agency, name="Phòng Công nghệ thông tin")
    outside = make_unit("BAOLS", name="Báo Lạng Sơn", kind="OUTSIDE")
    person_a = make_person("PA", unit=div_a, full_name="Lương Thị Hoa")
    person_b = make_person("PB", unit=div_b, full_name="Vi Văn Tùng")
    make_person("PA2", unit=div_a, full_name="Nông Văn Sơn")
    officer = make_user(Role.OFFICER, agency, username="officer", email="officer@example.vn")
    head_a = make_user(Role.UNIT_HEAD, div_a, username="head_a", email="head_a@example.vn")
    head_b = make_user(Role.UNIT_HEAD, div_b, username="head_b", email="head_b@example.vn")
    staff_a = make_user(Role.STAFF, div_a, username="staff_a")
    person_a.user = staff_a
    person_a.save(update_fields=["user"])
    movement = make_draft_movement(agency)
    services.set_sections(
        movement,
        [
            {"number": 1, "title": "Quán triệt, triển khai kế hoạch"},
            {"number": 2, "title": "Thông tin đối ngoại khu vực biên giới"},
        ],
    )
    services.set_participants(movement, [div_a, div_b, outside], lead=div_a)
    services.set_phases(
        movement,
        {
            "REGISTRATION": (TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=10)),
            "IMPLEMENTATION": (TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=200)),
        },
    )
    save_criteria_table(movement, criteria_data())
    return MovementWorld(
        agency,
        div_a,
        div_b,
        outside,
        officer,
        head_a,
        head_b,
        staff_a,
        person_a,
        person_b,
        movement,
    )
