"""The results of the demo (issue 4): a year of activities of TTĐN-2018, interim reports,
assessments in every state, the bloc of divisions, and a ranking that matches a hand
calculation on the demo data (docs/scoring.md, "Ví dụ trên dữ liệu mẫu")."""

import datetime as dt
import re
from collections import Counter
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db.models import Q, Sum

from thidua.core.models import AuditEvent
from thidua.demo import data_movements, data_results
from thidua.demo.loader import load_demo
from thidua.movements.models import Criterion, Movement
from thidua.org.models import Unit, User
from thidua.results import activities as activity_services
from thidua.results.blocs import bloc_results
from thidua.results.computation import movement_results
from thidua.results.models import (
    Activity,
    ActivityValue,
    Assessment,
    AssessmentAdjustment,
    AssessmentScore,
    Bloc,
    BlocMember,
    EvidenceFile,
    PeerScore,
    PeriodicReport,
)
from thidua.results.reports import build_report_summary

RESULT_TABLES = (
    Activity,
    ActivityValue,
    EvidenceFile,
    PeriodicReport,
    Assessment,
    AssessmentScore,
    AssessmentAdjustment,
    Bloc,
    BlocMember,
    PeerScore,
    AuditEvent,
)
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# The border guard's posts and the culture and information offices of the border districts.
BORDER_ACTORS = Q(unit__code__startswith="DBP-") | Q(unit__code__startswith="PVHTT-")


@pytest.fixture
def ttdn(demo):
    return Movement.objects.get(code="TTDN-2018")


def _counts():
    return {model.__name__: model.objects.count() for model in RESULT_TABLES}


# --- activities ---------------------------------------------------------------------------------


def test_a_year_of_activities_across_the_department_and_outside(ttdn, demo):
    activities = Activity.objects.filter(movement=ttdn)
    assert demo["activities"].created == activities.count() == len(data_results.ACTIVITIES)
    assert activities.count() >= 150
    days = list(activities.values_list("occurred_on", flat=True))
    assert min(days) >= dt.date(2018, 5, 10)
    assert max(days) <= dt.date(2018, 12, 31)
    assert {d.month for d in days} == {5, 6, 7, 8, 9, 10, 11, 12}
    by_unit = Counter(activities.values_list("unit__code", flat=True))
    assert {"TTBCXB", "TTCNTT", "CNTT", "VP", "BAOLS", "DPTTH", "SNGV", "BTGTU"} <= set(by_unit)
    assert {c for c in by_unit if c.startswith("DBP-")} == {
        "DBP-POMA",
        "DBP-BINHNGHI",
        "DBP-TANTHANH",
        "DBP-NAHINH",
    }
    assert {c for c in by_unit if c.startswith("PVHTT-")} == {
        "PVHTT-TRANGDINH",
        "PVHTT-VANLANG",
        "PVHTT-CAOLOC",
        "PVHTT-LOCBINH",
        "PVHTT-DINHLAP",
    }
    kinds = set(activities.values_list("unit__code", "kind__code"))
    assert {
        ("BAOLS", "FL_NEWS"),
        ("DPTTH", "FL_NEWS"),
        ("DBP-TANTHANH", "BORDER_PROP"),
        ("PVHTT-CAOLOC", "LEAFLET"),
        ("PVHTT-CAOLOC", "GATE_INFO"),
        ("TTBCXB", "PRESS_CONF"),
        ("TTBCXB", "REBUTTAL"),
        ("TTBCXB", "FOREIGN_PRESS"),
        ("TTCNTT", "FL_WEB"),
    } <= kinds
    # Entered in 2018, the day after, not when the demo was loaded.
    assert {a.astimezone(HCM).year for a in activities.values_list("created_at", flat=True)} == {
        2018
    }


def test_border_area_share(ttdn):
    activities = Activity.objects.filter(movement=ttdn, withdrawn_at__isnull=True)
    border = activities.filter(place__is_border=True).count()
    assert border / activities.count() > 0.4
    actors = activities.filter(BORDER_ACTORS)
    assert actors.count() >= 90
    assert actors.filter(place__is_border=True).count() / actors.count() > 0.8
    # Some of the border actors' work is in the district towns, outside the border area.
    assert actors.filter(place__is_border=False).exists()


def test_plausible_numbers_links_and_withdrawal(ttdn):
    values = ActivityValue.objects.filter(
        activity__movement=ttdn, activity__withdrawn_at__isnull=True
    )

    def total(key, **where):
        kind, code = key.split(".")
        found = values.filter(indicator__kind__code=kind, indicator__code=code, **where)
        return found.aggregate(s=Sum("value"))["s"]

    border_guard = {"activity__unit__code__startswith": "DBP-"}
    assert 2500 <= total("BORDER_PROP.residents", **border_guard) <= 6000
    # The training in Tràng Định and Văn Lãng: 130 trainees.
    assert total(
        "TRAINING.trainees",
        activity__unit__code="TTBCXB",
        activity__place__code__in=["LS-TRANGDINH", "LS-VANLANG"],
    ) == Decimal(130)
    assert 1000 <= total("LEAFLET.leaflets", activity__unit__code="PVHTT-VANLANG") <= 3000
    # Every activity serves the task of the parent plan of its kind; TTBCXB's count towards
    # the targets of its approved plan.
    activities = Activity.objects.filter(movement=ttdn)
    assert set(activities.values_list("kind__code", "parent_task__code")) == {
        (k, k) for k in activities.values_list("kind__code", flat=True)
    }
    linked = activities.filter(unit__code="TTBCXB", target__isnull=False)
    # All 28 but the foreign press visit and the leaflets, which have no target in the plan.
    assert linked.count() == 26
    assert set(
        activities.filter(unit__code="TTBCXB", target__isnull=True).values_list(
            "kind__code", flat=True
        )
    ) == {"FOREIGN_PRESS", "LEAFLET"}
    assert set(linked.values_list("target__plan__state", "target__plan__unit__code")) == {
        ("APPROVED", "TTBCXB")
    }
    withdrawn = activities.get(withdrawn_at__isnull=False)
    assert (withdrawn.unit.code, withdrawn.kind.code) == ("TTBCXB", "FL_NEWS")
    assert withdrawn.withdrawn_at.astimezone(HCM).date() == dt.date(2018, 8, 2)
    assert Activity.objects.filter(movement=ttdn, person__code="NV037").count() == 3


# --- reports and assessments ------------------------------------------------------------------


def test_interim_reports_in_four_states_built_from_activities(ttdn):
    reports = {r.unit.code: r for r in PeriodicReport.objects.filter(movement=ttdn)}
    assert {code: r.state for code, r in reports.items()} == {
        "TTBCXB": "ACCEPTED",
        "BAOLS": "ACCEPTED",
        "CNTT": "SUBMITTED",
        "DBP-TANTHANH": "SUBMITTED",
        "VP": "RETURNED",
        "TTCNTT": "DRAFT",
    }
    assert {(r.period, r.period_start, r.period_end) for r in reports.values()} == {
        ("INTERIM", dt.date(2018, 5, 10), dt.date(2018, 7, 15))
    }
    for code, report in reports.items():
        summary = build_report_summary(ttdn, report.unit, report.period_start, report.period_end)
        assert report.content.startswith(summary), code
    assert "III. ĐÁNH GIÁ CHUNG" in reports["TTBCXB"].content
    assert "Tổng cộng: " in reports["TTBCXB"].content
    assert reports["VP"].review_comment.startswith("Báo cáo gửi chậm so với thời hạn")
    assert reports["TTBCXB"].decided_by.username == "canbotdkt"
    assert reports["TTBCXB"].decided_at == dt.datetime(2018, 7, 9, 10, 0, tzinfo=HCM)
    assert reports["TTCNTT"].submitted_at is None


def test_assessments_in_every_state_and_results_not_released(ttdn):
    assert ttdn.state == "UNDER_REVIEW"
    assessments = Assessment.objects.filter(movement=ttdn)
    states = Counter(assessments.values_list("state", flat=True))
    assert set(states) == {"SELF_DRAFT", "SELF_SUBMITTED", "REVIEWED", "FINAL"}
    assert min(states.values()) >= 2
    assert assessments.filter(person__isnull=False).count() == 4
    assert not assessments.filter(results_released=True).exists()
    # A reviewed assessment: what the reviewer changed carries a comment.
    for assessment in assessments.filter(state__in=["REVIEWED", "FINAL"]):
        self_points = dict(
            assessment.scores.filter(stage="SELF").values_list("criterion_id", "points")
        )
        review = assessment.scores.filter(stage="REVIEW")
        assert review.exists()
        for row in review:
            assert row.points != self_points[row.criterion_id]
            assert row.comment != ""
        assert assessment.reviewed_at.astimezone(HCM).date().isoformat() >= "2018-12-10"
    final = assessments.filter(state="FINAL")
    assert set(final.values_list("unit__code", flat=True)) == {"TTCNTT", "BAOLS"}
    for assessment in final:
        assert assessment.scores.filter(stage="COUNCIL").exclude(comment="").exists()
        assert assessment.finalized_at.astimezone(HCM).date() == dt.date(2018, 12, 18)
    # Counted criteria are never entered by hand.
    assert not AssessmentScore.objects.filter(criterion__method="COUNTED").exists()


def test_bloc_of_divisions_with_peer_scores(ttdn):
    bloc = Bloc.objects.get(movement=ttdn, code="KHOI-PCM")
    assert (bloc.name, bloc.leader.code, bloc.deputy.code) == (
        "Khối các phòng chuyên môn",
        "TTBCXB",
        "CNTT",
    )
    assert set(bloc.members.values_list("unit__code", flat=True)) == {
        "TTBCXB",
        "CNTT",
        "VP",
        "KHTC",
    }
    assert PeerScore.objects.filter(bloc=bloc).count() == 9
    rows = {r.code: r for r in bloc_results(bloc)}
    # 0.2 x self 94.10 + 0.3 x mean(90, 88) + 0.5 x review 88.10 = 18.82 + 26.70 + 44.05.
    leader = rows["TTBCXB"]
    assert (leader.self_total, leader.peer_mean, leader.review_total) == (
        Decimal("94.10"),
        Decimal("89.00"),
        Decimal("88.10"),
    )
    assert (leader.combined, leader.rank) == (Decimal("89.57"), 1)
    assert rows["KHTC"].peer_count == 3


# --- the hand calculation (docs/scoring.md) -----------------------------------------------


def _indicator_sums(unit: str) -> Counter:
    sums: Counter = Counter()
    for row in data_results.ACTIVITIES:
        if row.unit == unit and not row.withdrawn:
            for code, value in row.values.items():
                sums[f"{row.kind}.{code}"] += value
    return sums


def _table_criteria() -> dict[str, dict]:
    return {c["code"]: c for s in data_movements.TTDN_CRITERIA["sections"] for c in s["criteria"]}


def test_ttbcxb_review_total_matches_the_hand_calculation(ttdn):
    criteria = _table_criteria()
    # Criteria counted from activities: max x min(1, indicator sum / target), by hand.
    sums = _indicator_sums("TTBCXB")
    counted = {
        # code: (max, indicator, target, sum of TTBCXB's activities, points by hand)
        "2.1": (12, "FL_NEWS.items", 120, 96, Decimal("9.60")),  # 12 x 96/120
        "2.2": (8, "PUBL.titles", 4, 2, Decimal("4.00")),  # 8 x 2/4
        "3.1": (8, "BORDER_PROP.sessions", 24, 12, Decimal("4.00")),  # 8 x 12/24
        "3.2": (6, "LEAFLET.leaflets", 3000, 1500, Decimal("3.00")),  # 6 x 1500/3000
        "4.1": (5, "FOREIGN_PRESS.delegations", 2, 1, Decimal("2.50")),  # 5 x 1/2
        "6.1": (4, "TRAINING.courses", 2, 2, Decimal("4.00")),  # 4 x 2/2
        "6.2": (6, "TRAINING.trainees", 130, 130, Decimal("6.00")),  # 6 x 130/130
    }
    for code, (maximum, indicator, target, total, _points) in counted.items():
        spec = criteria[code]
        assert (spec["max_points"], spec["indicator"], spec["target_value"]) == (
            maximum,
            indicator,
            target,
        ), code
        assert sums[indicator] == total, code
    # The withdrawn duplicate (16 items) does not count: 112 items would give 11.20.
    assert (
        sum(r.values["items"] for r in data_results.TTBCXB_ACTIVITIES if r.kind == "FL_NEWS") == 112
    )
    counted_points = sum(p for *_rest, p in counted.values())
    assert counted_points == Decimal("33.10")

    # Criteria scored by hand: the self-assessment, with the reviewer's three changes.
    row = next(r for r in data_results.ASSESSMENTS if (r.unit, r.person) == ("TTBCXB", None))
    given = {**row.self.points, **row.review.points}
    assert given == {
        "1.1": "6",
        "1.2": "4",
        "1.3": "4.5",  # self 5
        "2.3": "4",  # self 5
        "3.3": "6",
        "4.2": "5",
        "5.1": "6",
        "5.2": "3.5",  # self 4
        "7.1": "6",
        "7.2": "4",
    }
    manual_points = Decimal(6 + 4) + Decimal("4.5") + 4 + 6 + 5 + 6 + Decimal("3.5") + 6 + 4
    assert manual_points == Decimal("49.0")
    base = counted_points + manual_points  # 82.10
    bonus = min(Decimal(3 + 5), Decimal(10))  # initiative 3 + award 5, capped at 10
    penalty = 1 * Decimal(2)  # one late report, 2 points each
    assert row.review.bonus == {"INITIATIVE": "3", "AWARD": "5"}
    assert row.review.penalties == {"LATE_REPORT": 1}
    assert data_movements.TTDN_CRITERIA["bonus_cap"] == 10
    total = base + bonus - penalty
    assert total == Decimal("88.10")
    # 80 <= 88.10 < 90: "Tốt".

    results = {r.key.unit_id: r for r in movement_results(ttdn, stage="REVIEW", collective=True)}
    result = results[Unit.objects.get(code="TTBCXB").pk]
    score = result.score
    assert (score.base, score.bonus, score.penalty, score.total, score.band) == (
        Decimal("82.10"),
        Decimal("8.00"),
        Decimal("2.00"),
        Decimal("88.10"),
        "TOT",
    )
    codes = dict(Criterion.objects.filter(section__table__movement=ttdn).values_list("pk", "code"))
    per_criterion = {codes[pk]: points for pk, points in score.per_criterion.items()}
    assert {c: per_criterion[c] for c in counted} == {c: p for c, (*_r, p) in counted.items()}
    assert {c: per_criterion[c] for c in given} == {c: Decimal(v) for c, v in given.items()}
    # Self: 33.10 + 51 (every criterion at its maximum) + 10 (5 + 5) = 94.10, a gap of 6.
    assert (result.rank, result.key.self_total, result.key.gap) == (
        1,
        Decimal("94.10"),
        Decimal("6.00"),
    )


def test_officer_sees_the_ranking_and_units_do_not_before_release(ttdn, client):
    client.force_login(User.objects.get(username="canbotdkt"))
    page = client.get("/ket-qua/phong-trao/TTDN-2018/xep-hang/").content.decode()
    rows = re.findall(r"<tr>(.*?)</tr>", page, flags=re.S)
    ttbcxb = next(r for r in rows if "Phòng Thông tin - Báo chí - Xuất bản" in r)
    cells = [
        re.sub(r"<[^>]+>", "", c).strip()
        for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", ttbcxb, flags=re.S)
    ]
    assert cells == [
        "1",
        "Phòng Thông tin - Báo chí - Xuất bản",
        "82,10",
        "8",
        "2",
        "88,10",
        "Tốt",
        "94,10",
        "6",
    ]
    bands = re.findall(r'data-label="Xếp loại">([^<]*)<', page)
    assert set(bands) == {"Tốt", "Hoàn thành", "Không hoàn thành"}
    assert len(bands) == Assessment.objects.filter(movement=ttdn, person__isnull=True).count()
    client.force_login(User.objects.get(username="truongphong"))
    page = client.get("/ket-qua/phong-trao/TTDN-2018/xep-hang/").content.decode()
    assert "Kết quả của phong trào chưa được công bố." in page
    assert "88,10" not in page


def test_results_pages_of_the_demo_open(ttdn, client):
    client.force_login(User.objects.get(username="canbotdkt"))
    base = "/ket-qua/phong-trao/TTDN-2018"
    pages = [
        f"{base}/hoat-dong/",
        f"{base}/tien-do-bao-cao/",
        f"{base}/bao-cao/",
        f"{base}/danh-gia/",
        f"{base}/danh-gia/?loai=ca-nhan",
        f"{base}/xep-hang/?buoc=COUNCIL&loai=ca-nhan",
        f"{base}/tien-do-cham-diem/",
        f"{base}/khoi/",
        f"{base}/khoi/KHOI-PCM/",
    ]
    pages += [f"/ket-qua/danh-gia/{pk}/" for pk in ttdn.assessments.values_list("pk", flat=True)]
    pages += [f"/ket-qua/bao-cao/{pk}/" for pk in ttdn.reports.values_list("pk", flat=True)]
    assert {url: client.get(url).status_code for url in pages} == dict.fromkeys(pages, 200)
    listing = client.get(f"{base}/hoat-dong/").content.decode()
    # The withdrawn duplicate is left out of the list and its figures.
    assert "205 hoạt động: 124 ở khu vực biên giới, 81 nơi khác." in listing


# --- idempotence ------------------------------------------------------------------------------


def test_second_load_creates_nothing_in_results(demo):
    before = _counts()
    second = load_demo()
    assert _counts() == before
    for key in ("activities", "reports", "assessments", "blocs", "peer_scores"):
        assert (second[key].created, second[key].present) == (0, demo[key].created), key


def test_a_corrected_activity_is_not_added_again(ttdn):
    activity = Activity.objects.filter(movement=ttdn, unit__code="BAOLS").first()
    activity_services.update_activity(
        activity,
        unit=activity.unit,
        person=activity.person,
        kind=activity.kind,
        title="Tên hoạt động đã sửa",
        occurred_on=activity.occurred_on,
        place=activity.place,
        values={"items": 1},
        actor=None,
    )
    ttdn.refresh_from_db()
    before = _counts()
    assert load_demo()["activities"].created == 0
    assert _counts() == before
