import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from thidua.core.models import AuditEvent
from thidua.demo import data_people
from thidua.demo.loader import load_demo
from thidua.movements import participation, services
from thidua.movements.criteria import criteria_problems
from thidua.movements.models import (
    Band,
    BonusItem,
    Briefing,
    ContentSection,
    CriteriaSection,
    CriteriaTable,
    Criterion,
    ForeseenAward,
    LegalBasis,
    Movement,
    ParentPlan,
    ParentPlanTask,
    Participant,
    PenaltyItem,
    Phase,
    Registration,
    UnitPlan,
    UnitPlanTarget,
)
from thidua.movements.queries import public_movements
from thidua.org.models import Person, Unit

MOVEMENT_TABLES = (
    ParentPlan,
    ParentPlanTask,
    Movement,
    LegalBasis,
    ContentSection,
    ContentSection.parent_tasks.through,
    Phase,
    Participant,
    ForeseenAward,
    CriteriaTable,
    CriteriaSection,
    Criterion,
    BonusItem,
    PenaltyItem,
    Band,
    UnitPlan,
    UnitPlanTarget,
    Briefing,
    Registration,
    AuditEvent,
)
DEPARTMENT_UNITS = {"LD", "VP", "TTR", "KHTC", "BCVT", "CNTT", "TTBCXB", "TTCNTT"}
HCM = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def ttdn(demo):
    return Movement.objects.select_related("organizer", "doc_issuer", "parent_plan").get(
        code="TTDN-2018"
    )


def _counts():
    return {model.__name__: model.objects.count() for model in MOVEMENT_TABLES}


def test_ttdn_2018_founding_document_and_launch(ttdn):
    director = next(p for p in data_people.PEOPLE if p.position == "Giám đốc Sở")
    # Launched in May 2018; the results steps of the demo move it on to its review (scoring).
    assert (ttdn.kind, ttdn.state) == ("THEMATIC", "UNDER_REVIEW")
    assert (ttdn.doc_number, ttdn.doc_date, ttdn.doc_place) == (
        "456/KH-STTTT",
        dt.date(2018, 5, 10),
        "Lạng Sơn",
    )
    assert (ttdn.organizer.code, ttdn.doc_issuer.code) == ("STTTT", "STTTT")
    assert (ttdn.signer_name, ttdn.signer_title, ttdn.signer_authority) == (
        director.full_name,
        "Giám đốc",
        "",
    )
    assert (ttdn.period_start, ttdn.period_end) == (dt.date(2018, 5, 10), dt.date(2018, 12, 31))
    assert ttdn.launched_at == dt.datetime(2018, 5, 10, 8, 0, tzinfo=HCM)
    assert ttdn.purposes.startswith("Mục đích nhằm tiếp tục quán triệt thực hiện chiến lược")
    assert ttdn.requirements.startswith("Nâng cao chất lượng, hiệu quả công tác khen thưởng")
    bases = list(ttdn.legal_bases.values_list("text", flat=True))
    assert bases[0].startswith("Luật Thi đua, Khen thưởng ngày 26/11/2003")
    assert bases[-1].startswith("Kế hoạch số 05/KH-UBND ngày 17/01/2018")
    assert any("91/2017/NĐ-CP" in b for b in bases)
    assert any("26/CT-BTTTT" in b for b in bases)


def test_ttdn_2018_parent_plan_has_fourteen_activity_tasks(ttdn):
    plan = ttdn.parent_plan
    assert (plan.code, plan.number, plan.issued_on) == (
        "05/KH-UBND-2018",
        "05/KH-UBND",
        dt.date(2018, 1, 17),
    )
    assert list(plan.tasks.values_list("order", "code")) == list(
        enumerate(
            [
                "PLAN",
                "FL_NEWS",
                "FL_WEB",
                "PUBL",
                "GATE_INFO",
                "BORDER_PROP",
                "LEAFLET",
                "SOVEREIGNTY",
                "TRAINING",
                "FOREIGN_PRESS",
                "PRESS_CONF",
                "REBUTTAL",
                "EVENTS",
                "WORLD_NEWS",
            ],
            1,
        )
    )


def test_ttdn_2018_sections_phases_participants_awards(ttdn):
    sections = {s.number: s for s in ttdn.sections.prefetch_related("parent_tasks")}
    assert sorted(sections) == [1, 2, 3, 4, 5, 6, 7]
    assert {t.code for t in sections[5].parent_tasks.all()} == {
        "GATE_INFO",
        "BORDER_PROP",
        "LEAFLET",
        "SOVEREIGNTY",
        "TRAINING",
    }
    assert "05/KH-UBND" in sections[2].title
    assert dict(ttdn.phases.values_list("kind", "start")) == {
        "REGISTRATION": dt.date(2018, 5, 10),
        "IMPLEMENTATION": dt.date(2018, 5, 10),
        "INTERIM_REVIEW": dt.date(2018, 7, 1),
        "FINAL_REVIEW": dt.date(2018, 12, 1),
        "COMMENDATION": dt.date(2018, 12, 15),
    }
    roles = dict(ttdn.participants.values_list("unit__code", "role"))
    assert DEPARTMENT_UNITS | {"BTGTU", "SNGV", "BAOLS", "DPTTH", "BDBP"} <= set(roles)
    assert {c for c in roles if c.startswith("PVHTT-")} == {
        "PVHTT-TRANGDINH",
        "PVHTT-VANLANG",
        "PVHTT-CAOLOC",
        "PVHTT-LOCBINH",
        "PVHTT-DINHLAP",
    }
    assert [c for c, role in roles.items() if role == "LEAD"] == ["TTBCXB"]
    assert set(ttdn.foreseen_awards.values_list("award_code", flat=True)) == {
        "GIAY_KHEN",
        "BANG_KHEN_TINH",
        "LDTT",
        "CSTDCS",
        "TTLDTT",
        "TTLDXS",
    }


def test_ttdn_2018_criteria_table_is_valid_and_sums_to_100(ttdn):
    table = ttdn.criteria_table
    assert criteria_problems(table) == []
    points = list(table.sections.values_list("max_points", flat=True))
    assert points == [Decimal(p) for p in (15, 25, 20, 10, 10, 10, 10)]
    assert sum(points) == table.scale == Decimal(100)
    assert table.bonus_cap == Decimal(10)
    counted = dict(
        Criterion.objects.filter(section__table=table, method="COUNTED").values_list(
            "indicator", "target_value"
        )
    )
    assert counted["FL_NEWS.items"] == Decimal(120)
    assert {"BORDER_PROP.sessions", "TRAINING.trainees"} <= set(counted)
    assert sorted(table.penalty_items.values_list("points_each", flat=True)) == [
        Decimal(2),
        Decimal(5),
        Decimal(5),
    ]
    assert list(table.bands.values_list("code", "min_score", "min_share")) == [
        ("XUAT_SAC", Decimal(90), Decimal("0.5")),
        ("TOT", Decimal(80), None),
        ("HOAN_THANH", Decimal(70), None),
        ("KHONG_HOAN_THANH", Decimal(0), None),
    ]


def test_ttdn_2018_unit_plans_in_four_states(ttdn):
    plans = {p.unit.code: p for p in ttdn.unit_plans.select_related("unit", "reviewed_by")}
    assert {code: p.state for code, p in plans.items()} == {
        "TTBCXB": "APPROVED",
        "CNTT": "SUBMITTED",
        "VP": "RETURNED",
        "TTCNTT": "DRAFT",
    }
    assert plans["VP"].review_comment.startswith("Đề nghị Văn phòng bổ sung chỉ tiêu cụ thể")
    assert plans["TTBCXB"].reviewed_by.username == "canbotdkt"
    assert plans["TTBCXB"].reviewed_at == dt.datetime(2018, 6, 12, 15, 0, tzinfo=HCM)
    assert plans["TTCNTT"].submitted_at is None
    news = plans["TTBCXB"].targets.get(parent_task__code="FL_NEWS")
    assert (news.description, news.indicator, news.target_value, news.section.number) == (
        "Đăng 120 tin, bài tiếng Trung, tiếng Anh trên Cổng thông tin điện tử tỉnh",
        "FL_NEWS.items",
        Decimal(120),
        2,
    )


def test_ttdn_2018_briefings_leave_some_units_below_full(ttdn):
    figures = {c.code: (c.staff, c.briefed) for c in participation.unit_completion(ttdn)}
    assert figures["LD"] == (3, 3)
    assert figures["TTBCXB"] == (8, 7)
    assert figures["TTCNTT"] == (19, 14)
    assert figures["DPTTH"] == (1, 0)
    confirmed = Briefing.objects.get(movement=ttdn, person__code="NV037").confirmed_at
    assert confirmed == dt.datetime(2018, 5, 14, 14, 0, tzinfo=HCM)


def test_ttdn_2018_registrations_in_each_state(ttdn):
    rows = {
        (r.person.code if r.person else r.unit.code): r
        for r in ttdn.registrations.select_related("person", "unit", "decided_by")
    }
    states = {key: r.state for key, r in rows.items()}
    assert {"SUBMITTED", "CONFIRMED", "REJECTED"} <= set(states.values())
    assert states["NV037"] == "CONFIRMED"
    assert rows["NV037"].decided_by.username == "truongphong"
    rejected = rows["NV031"]
    assert (rejected.state, rejected.award_code) == ("REJECTED", "CSTDCS")
    assert rejected.comment.startswith("Chưa đăng ký sáng kiến")
    assert (rows["TTBCXB"].award_code, rows["TTBCXB"].state) == ("TTLDXS", "CONFIRMED")
    assert rows["TTBCXB"].person is None
    assert {r.submitted_at.astimezone(HCM).date() for r in rows.values()} <= {
        dt.date(2018, 5, 10) + dt.timedelta(days=n) for n in range(32)
    }


def test_register_on_a_past_day_checks_that_day(ttdn):
    # The demo ends with the movement under review; registering needs it launched.
    services.set_movement_state(ttdn, "LAUNCHED")
    person = Person.objects.get(code="NV039")
    unit = Unit.objects.get(code="TTBCXB")
    with pytest.raises(ValidationError) as err:
        participation.register(
            ttdn, unit=unit, person=person, award_code="LDTT", on=dt.date(2018, 6, 11)
        )
    assert err.value.messages == ["Đã hết hạn đăng ký thi đua (hạn cuối 10/06/2018)."]
    registration = participation.register(
        ttdn, unit=unit, person=person, award_code="LDTT", on=dt.date(2018, 6, 10)
    )
    assert (registration.state, registration.person_id) == ("SUBMITTED", person.pk)


def test_regular_movement_and_draft(demo):
    regular = Movement.objects.get(code="TX-2018")
    assert (regular.kind, regular.state, regular.doc_number) == (
        "REGULAR",
        "LAUNCHED",
        "25/KH-STTTT",
    )
    assert (regular.period_start, regular.period_end) == (
        dt.date(2018, 1, 1),
        dt.date(2018, 12, 31),
    )
    assert set(regular.participants.values_list("unit__code", flat=True)) == DEPARTMENT_UNITS
    assert set(regular.foreseen_awards.values_list("award_code", flat=True)) == {
        "LDTT",
        "CSTDCS",
        "TTLDTT",
        "TTLDXS",
        "GIAY_KHEN",
        "BANG_KHEN_TINH",
        "CSTD_TINH",
    }
    assert criteria_problems(regular.criteria_table) == []
    draft = Movement.objects.get(code="TX-2019")
    assert draft.state == "DRAFT"
    assert draft.launched_at is None
    assert set(public_movements().values_list("code", flat=True)) == {"TTDN-2018", "TX-2018"}


def test_second_load_creates_nothing_in_movements(demo):
    before = _counts()
    assert before["Movement"] == 3
    second = load_demo()
    assert _counts() == before
    assert second.created == 0
    for key in ("parent_plans", "movements", "unit_plans", "briefings", "registrations"):
        assert (second[key].created, second[key].present) == (0, demo[key].created)
