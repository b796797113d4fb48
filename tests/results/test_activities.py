"""Reporting activities through the services: what is checked, what is written (values, audit),
how reported values reach the indicator totals (border beside elsewhere), correcting and
withdrawing; and the catalogue of activity kinds."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from tests.factories import make_person, make_unit
from tests.results.conftest import TODAY
from thidua.core.models import AuditEvent
from thidua.movements import participation
from thidua.movements import services as movement_services
from thidua.movements.models import ParentPlanTask, UnitPlanTarget
from thidua.results.activities import (
    UnitReporting,
    activity_counts,
    kind_figures,
    report_activity,
    save_activity_kind,
    set_activity_kind_active,
    unit_reporting,
    update_activity,
    withdraw_activity,
)
from thidua.results.computation import indicator_totals
from thidua.results.models import Activity, ActivityIndicator, ActivityKind, ActivityValue

DEFAULT_KEYS = {
    "PLAN.documents",
    "PLAN.on_time",
    "FL_NEWS.items",
    "FL_WEB.pages",
    "PUBL.titles",
    "PUBL.copies",
    "GATE_INFO.clusters",
    "BORDER_PROP.sessions",
    "BORDER_PROP.residents",
    "BORDER_PROP.soldiers",
    "LEAFLET.leaflets",
    "LEAFLET.people",
    "SOVEREIGNTY.sessions",
    "TRAINING.courses",
    "TRAINING.trainees",
    "TRAINING.border_trainees",
    "FOREIGN_PRESS.delegations",
    "FOREIGN_PRESS.interviews",
    "PRESS_CONF.conferences",
    "REBUTTAL.cases",
    "REBUTTAL.response_days",
    "EVENTS.events",
    "WORLD_NEWS.sessions",
}


def kind(code: str) -> ActivityKind:
    return ActivityKind.objects.get(code=code)


def report(rw, **kw):
    """An activity of division A with sensible defaults."""
    options = {
        "unit": rw.div_a,
        "kind": kind("FL_NEWS"),
        "title": "Tin, bài tiếng Anh về cửa khẩu Tân Thanh",
        "occurred_on": TODAY,
        "values": {"FL_NEWS.items": 12},
        "actor": rw.head_a,
    }
    options.update(kw)
    return report_activity(rw.movement, **options)


def errors_of(caught) -> dict[str, list[str]]:
    return caught.value.message_dict


# -- The default catalogue -------------------------------------------------------------------


@pytest.mark.django_db
def test_every_deployment_has_the_14_ttdn_kinds_and_their_indicators():
    assert ActivityKind.objects.filter(is_active=True).count() == 14
    keys = {i.key for i in ActivityIndicator.objects.select_related("kind")}
    assert keys == DEFAULT_KEYS
    assert kind("FL_NEWS").indicators.get().measure_unit == "tin, bài"


@pytest.mark.django_db
def test_loading_the_defaults_again_adds_nothing_and_keeps_an_officers_changes():
    migration = importlib.import_module("thidua.results.migrations.0002_activity_kinds")
    ActivityKind.objects.filter(code="PLAN").update(name="Văn bản chỉ đạo (đã sửa)")
    ActivityIndicator.objects.filter(kind__code="LEAFLET", code="people").delete()
    migration.load_default_kinds(apps, None)
    migration.load_default_kinds(apps, None)
    assert ActivityKind.objects.count() == 14
    assert ActivityIndicator.objects.count() == len(DEFAULT_KEYS)
    assert kind("PLAN").name == "Văn bản chỉ đạo (đã sửa)"


# -- Reporting -------------------------------------------------------------------------------


def test_reporting_writes_the_activity_its_values_and_an_audit_event(reporting):
    activity = report(
        reporting,
        kind=kind("BORDER_PROP"),
        title="  Tuyên truyền pháp luật tại xã Tân Thanh  ",
        place=reporting.border_place,
        participants="Đồn Biên phòng Tân Thanh",
        values={"BORDER_PROP.sessions": 1, "BORDER_PROP.residents": "120", "soldiers": 15},
    )
    activity.refresh_from_db()
    assert (activity.title, activity.unit, activity.place, activity.created_by) == (
        "Tuyên truyền pháp luật tại xã Tân Thanh",
        reporting.div_a,
        reporting.border_place,
        reporting.head_a,
    )
    stored = {v.indicator.key: v.value for v in activity.values.select_related("indicator__kind")}
    assert stored == {
        "BORDER_PROP.sessions": Decimal(1),
        "BORDER_PROP.residents": Decimal(120),
        "BORDER_PROP.soldiers": Decimal(15),
    }
    event = AuditEvent.objects.for_object(activity).get()
    assert (event.action, event.actor, event.after["values"]) == (
        "results.activity.reported",
        reporting.head_a,
        {
            "BORDER_PROP.sessions": "1.00",
            "BORDER_PROP.residents": "120.00",
            "BORDER_PROP.soldiers": "15.00",
        },
    )


def test_reported_values_reach_the_indicator_totals_split_by_border(reporting):
    report(reporting, place=reporting.border_place, values={"FL_NEWS.items": 12})
    report(reporting, place=reporting.other_place, values={"FL_NEWS.items": 5})
    report(reporting, values={"FL_NEWS.items": 3})  # no place: counted as elsewhere
    report(reporting, unit=reporting.div_b, actor=reporting.head_b, values={"FL_NEWS.items": 7})
    totals = indicator_totals(reporting.movement, by="unit")
    assert totals[reporting.div_a.pk] == {"FL_NEWS.items": Decimal(20)}
    assert totals[reporting.div_b.pk] == {"FL_NEWS.items": Decimal(7)}
    of_a = Activity.objects.filter(unit=reporting.div_a)
    (figures,) = kind_figures(of_a)
    assert (figures.code, figures.activities, figures.border_activities) == ("FL_NEWS", 3, 1)
    (items,) = figures.indicators
    assert (items.key, items.border, items.other, items.total) == (
        "FL_NEWS.items",
        Decimal(12),
        Decimal(8),
        Decimal(20),
    )
    counts = activity_counts(Activity.objects.all())
    assert (counts.total, counts.border, counts.other) == (4, 1, 3)


def test_an_activity_named_for_a_person_counts_for_that_person(reporting):
    report(reporting, person=reporting.person_a, values={"FL_NEWS.items": 4})
    totals = indicator_totals(reporting.movement, by="person")
    assert totals[reporting.person_a.pk] == {"FL_NEWS.items": Decimal(4)}


def test_a_unit_below_a_participant_reports_too(reporting):
    team = make_unit("TTBCXB-BT", parent=reporting.div_a, name="Tổ biên tập")
    activity = report(reporting, unit=team)
    assert activity.unit == team


def test_reporting_is_refused_before_launch_and_after_the_movement_closes(world):
    with pytest.raises(ValidationError) as caught:
        report_activity(
            world.movement,
            unit=world.div_a,
            kind=kind("FL_NEWS"),
            title="Tin bài",
            occurred_on=TODAY,
            actor=world.head_a,
        )
    assert caught.value.messages == [
        "Phong trào “Thi đua thực hiện hiệu quả công tác thông tin đối ngoại” không nhận báo cáo "
        "hoạt động: chỉ khi đã phát động hoặc đang sơ kết, tổng kết."
    ]


def test_reporting_stays_open_under_review_and_closes_with_the_movement(reporting):
    movement_services.set_movement_state(reporting.movement, "UNDER_REVIEW")
    activity = report(reporting)
    movement_services.set_movement_state(reporting.movement, "CLOSED")
    with pytest.raises(ValidationError):
        report(reporting)
    with pytest.raises(ValidationError):
        withdraw_activity(activity, actor=reporting.head_a)
    assert Activity.objects.count() == 1


def test_each_wrong_field_is_named(reporting):
    outsider = make_unit("SNV", name="Sở Ngoại vụ")
    with pytest.raises(ValidationError) as caught:
        report(
            reporting,
            unit=outsider,
            person=reporting.person_b,
            title="  ",
            occurred_on=reporting.movement.period_start - dt.timedelta(days=1),
            values={"PUBL.copies": 10, "FL_NEWS.items": -1},
        )
    assert errors_of(caught) == {
        "unit": ["Đơn vị “Sở Ngoại vụ” không tham gia phong trào này."],
        "person": ["Cán bộ “Vi Văn Tùng” không thuộc đơn vị “Sở Ngoại vụ”."],
        "title": ["Chưa nhập tên hoạt động."],
        "occurred_on": [
            "Ngày thực hiện phải trong thời gian của phong trào, từ "
            f"{reporting.movement.period_start:%d/%m/%Y} đến "
            f"{reporting.movement.period_end:%d/%m/%Y}."
        ],
        "values": [
            "Chỉ số “PUBL.copies” không thuộc loại hoạt động “Tin, bài về tỉnh bằng tiếng nước "
            "ngoài”.",
            "Giá trị của chỉ số “Tin, bài đăng tải” không được âm.",
        ],
    }
    assert Activity.objects.count() == 0


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("mười", "Giá trị của chỉ số “Tin, bài đăng tải” không phải là số."),
        ("1.234", "Giá trị của chỉ số “Tin, bài đăng tải” có nhiều nhất 2 chữ số thập phân."),
        ("1e15", "Giá trị của chỉ số “Tin, bài đăng tải” lớn quá."),
        ("NaN", "Giá trị của chỉ số “Tin, bài đăng tải” không phải là số."),
    ],
)
def test_values_must_be_plain_non_negative_numbers(reporting, raw, message):
    with pytest.raises(ValidationError) as caught:
        report(reporting, values={"FL_NEWS.items": raw})
    assert errors_of(caught) == {"values": [message]}


def test_a_future_date_is_refused(reporting):
    with pytest.raises(ValidationError) as caught:
        report(reporting, occurred_on=TODAY + dt.timedelta(days=1))
    assert errors_of(caught) == {
        "occurred_on": [f"Ngày thực hiện không được sau hôm nay ({TODAY:%d/%m/%Y})."]
    }


def test_a_place_closed_before_the_day_is_refused(reporting):
    reporting.other_place.valid_to = TODAY - dt.timedelta(days=5)
    reporting.other_place.save()
    with pytest.raises(ValidationError) as caught:
        report(reporting, place=reporting.other_place)
    assert errors_of(caught) == {
        "place": [f"Địa bàn “Phường Chi Lăng” không có hiệu lực vào ngày {TODAY:%d/%m/%Y}."]
    }


def test_a_person_of_the_unit_is_accepted_and_one_of_another_unit_refused(reporting):
    colleague = make_person("PA3", unit=reporting.div_a, full_name="Hoàng Văn Nam")
    assert report(reporting, person=colleague).person == colleague
    with pytest.raises(ValidationError) as caught:
        report(reporting, person=reporting.person_b)
    assert errors_of(caught) == {
        "person": [
            "Cán bộ “Vi Văn Tùng” không thuộc đơn vị “Phòng Thông tin - Báo chí - Xuất bản”."
        ]
    }


def _plan_targets(rw) -> tuple[UnitPlanTarget, UnitPlanTarget]:
    """A target of division A's plan (serving task NV2) and one of division B's."""
    for unit, text in ((rw.div_a, "24 tin, bài tiếng Anh"), (rw.div_b, "Cổng thông tin")):
        participation.save_unit_plan(
            rw.movement,
            unit,
            summary="Kế hoạch",
            targets=[{"section": 2, "description": text, "parent_task": "NV2", "target_value": 24}],
        )
    return (
        UnitPlanTarget.objects.get(plan__unit=rw.div_a),
        UnitPlanTarget.objects.get(plan__unit=rw.div_b),
    )


def test_an_activity_serves_a_target_of_its_units_plan_and_the_targets_task(reporting):
    own, other = _plan_targets(reporting)
    activity = report(reporting, target=own)
    assert (activity.target, activity.parent_task.code) == (own, "NV2")
    with pytest.raises(ValidationError) as caught:
        report(reporting, target=other)
    assert errors_of(caught) == {
        "target": [
            "Chỉ tiêu đã chọn không thuộc kế hoạch thi đua của đơn vị “Phòng Thông tin - Báo chí "
            "- Xuất bản”."
        ]
    }


def test_the_parent_task_must_belong_to_the_movements_parent_plan(reporting):
    nv1 = ParentPlanTask.objects.get(code="NV1")
    assert report(reporting, parent_task=nv1).parent_task == nv1
    foreign = movement_services.upsert_parent_plan(
        "KH-KHAC",
        number="10/KH-UBND",
        issued_on=dt.date(2018, 3, 1),
        issuer="UBND tỉnh",
        title="Kế hoạch khác",
        tasks=[("X1", "Nhiệm vụ khác")],
    )
    with pytest.raises(ValidationError) as caught:
        report(reporting, parent_task=foreign.tasks.get())
    assert errors_of(caught) == {
        "parent_task": ["Nhiệm vụ “X1” không thuộc kế hoạch cấp trên của phong trào."]
    }


def test_an_inactive_kind_takes_no_new_reports_but_old_ones_keep_it(reporting):
    activity = report(reporting)
    set_activity_kind_active(kind("FL_NEWS"), False, actor=reporting.officer)
    with pytest.raises(ValidationError) as caught:
        report(reporting)
    assert errors_of(caught) == {
        "kind": ["Loại hoạt động “Tin, bài về tỉnh bằng tiếng nước ngoài” đã ngừng sử dụng."]
    }
    updated = update_activity(
        activity,
        unit=reporting.div_a,
        kind=kind("FL_NEWS"),
        title="Sửa tên",
        occurred_on=TODAY,
        values={"FL_NEWS.items": 1},
        actor=reporting.head_a,
    )
    assert updated.title == "Sửa tên"


# -- Correcting and withdrawing --------------------------------------------------------------


def test_update_replaces_fields_and_values_with_before_and_after_in_the_audit(reporting):
    activity = report(reporting, values={"FL_NEWS.items": 12})
    update_activity(
        activity,
        unit=reporting.div_a,
        kind=kind("PUBL"),
        title="Bản tin song ngữ Việt - Trung số 3",
        occurred_on=TODAY,
        place=reporting.border_place,
        values={"PUBL.titles": 1, "PUBL.copies": 500},
        actor=reporting.officer,
    )
    totals = indicator_totals(reporting.movement, by="unit")[reporting.div_a.pk]
    assert totals == {"PUBL.titles": Decimal(1), "PUBL.copies": Decimal(500)}
    event = AuditEvent.objects.for_object(activity).get(action="results.activity.updated")
    assert (event.before["values"], event.after["values"]) == (
        {"FL_NEWS.items": "12.00"},
        {"PUBL.titles": "1.00", "PUBL.copies": "500.00"},
    )
    assert (event.before["kind"], event.after["kind"]) == (kind("FL_NEWS").pk, kind("PUBL").pk)
    assert event.actor == reporting.officer


def test_an_update_that_changes_nothing_writes_no_event(reporting):
    activity = report(reporting)
    update_activity(
        activity,
        unit=reporting.div_a,
        kind=kind("FL_NEWS"),
        title=activity.title,
        occurred_on=TODAY,
        values={"FL_NEWS.items": "12.00"},
        actor=reporting.head_a,
    )
    assert AuditEvent.objects.for_object(activity).count() == 1


def test_a_withdrawn_activity_no_longer_counts_and_cannot_change(reporting):
    activity = report(reporting, place=reporting.border_place, values={"FL_NEWS.items": 12})
    report(reporting, values={"FL_NEWS.items": 5})
    withdraw_activity(activity, actor=reporting.head_a, reason="Báo cáo trùng")
    activity.refresh_from_db()
    assert activity.withdrawn_at is not None
    assert Activity.objects.filter(pk=activity.pk).exists()  # never deleted
    assert ActivityValue.objects.filter(activity=activity).count() == 1
    assert indicator_totals(reporting.movement, by="unit")[reporting.div_a.pk] == {
        "FL_NEWS.items": Decimal(5)
    }
    (figures,) = kind_figures(Activity.objects.all())
    assert (figures.activities, figures.border_activities) == (1, 0)
    assert unit_reporting(reporting.movement, [reporting.div_a.pk]) == {
        reporting.div_a.pk: UnitReporting(activities=1, border=0, last_on=TODAY)
    }
    event = AuditEvent.objects.for_object(activity).get(action="results.activity.withdrawn")
    assert event.note == "Báo cáo trùng"
    with pytest.raises(ValidationError) as caught:
        withdraw_activity(activity, actor=reporting.head_a)
    assert caught.value.messages[0].startswith(
        "Hoạt động “Tin, bài tiếng Anh về cửa khẩu Tân Thanh” đã rút lại lúc"
    )
    with pytest.raises(ValidationError):
        update_activity(
            activity,
            unit=reporting.div_a,
            kind=kind("FL_NEWS"),
            title="x",
            occurred_on=TODAY,
            actor=reporting.head_a,
        )


def test_unit_reporting_counts_per_unit_in_one_query(reporting, django_assert_num_queries):
    report(reporting, place=reporting.border_place, occurred_on=TODAY - dt.timedelta(days=3))
    report(reporting, occurred_on=TODAY - dt.timedelta(days=1))
    report(reporting, unit=reporting.div_b, actor=reporting.head_b)
    with django_assert_num_queries(1):
        figures = unit_reporting(
            reporting.movement, [reporting.div_a.pk, reporting.div_b.pk, reporting.outside.pk]
        )
    a, b = figures[reporting.div_a.pk], figures[reporting.div_b.pk]
    assert (a.activities, a.border, a.last_on) == (2, 1, TODAY - dt.timedelta(days=1))
    assert (b.activities, b.border, b.last_on) == (1, 0, TODAY)
    assert reporting.outside.pk not in figures


# -- The catalogue ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_officer_adds_a_kind_renames_indicators_and_never_deletes_them():
    created = save_activity_kind(
        "INITIATIVE",
        name="Sáng kiến đổi mới hình thức thông tin đối ngoại",
        order=150,
        indicators=[
            {"code": "proposals", "name": "Đề xuất", "measure_unit": "đề xuất"},
            {"code": "adopted", "name": "Được áp dụng"},
        ],
    )
    assert {i.key for i in created.indicators.all()} == {
        "INITIATIVE.proposals",
        "INITIATIVE.adopted",
    }
    save_activity_kind(
        "INITIATIVE",
        name="Sáng kiến, giải pháp",
        indicators=[{"code": "adopted", "name": "Được công nhận, áp dụng"}],
    )
    names = dict(created.indicators.values_list("code", "name"))
    assert names == {"proposals": "Đề xuất", "adopted": "Được công nhận, áp dụng"}
    assert kind("INITIATIVE").name == "Sáng kiến, giải pháp"
    assert AuditEvent.objects.filter(action="results.activity_kind.saved").count() == 2


@pytest.mark.django_db
def test_kind_and_indicator_codes_are_checked():
    with pytest.raises(ValidationError) as caught:
        save_activity_kind(
            "tin bài",
            name="",
            indicators=[
                {"code": "Items", "name": "x"},
                {"code": "ok", "name": "a"},
                {"code": "ok", "name": "b"},
                {"code": "empty", "name": " "},
            ],
        )
    assert errors_of(caught) == {
        "code": [
            "Mã loại hoạt động gồm chữ in hoa không dấu, chữ số và dấu gạch dưới, bắt đầu bằng "
            "chữ, tối đa 32 ký tự (ví dụ FL_NEWS)."
        ],
        "name": ["Chưa nhập tên loại hoạt động."],
        "indicators": [
            "Chỉ số 1: mã gồm chữ thường không dấu, chữ số và dấu gạch dưới, bắt đầu bằng chữ "
            "(ví dụ items).",
            "Chỉ số 3: mã “ok” bị trùng.",
            "Chỉ số 4: chưa nhập tên chỉ số.",
        ],
    }
