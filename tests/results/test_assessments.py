"""Assessments: opening, scoring at three stages with the rules of each, the workflow, the
lock after FINAL, the audit trail of every score, the release of results and who sees what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.results.conftest import add_activity
from thidua.core.models import AuditEvent
from thidua.results.assessments import (
    open_assessment,
    release_results,
    save_scores,
    set_assessment_state,
    stage_scores,
)
from thidua.results.models import Assessment, AssessmentScore
from thidua.results.queries import visible_assessments

D = Decimal


def _unit_assessment(scoring, unit=None):
    return open_assessment(scoring.movement, unit=unit or scoring.div_a, actor=scoring.head_a)


def _self_scored(scoring, points=None, **kw):
    assessment = _unit_assessment(scoring)
    save_scores(
        assessment,
        "SELF",
        scoring.ids(points or {"1.1": 15, "1.2": 18}),
        actor=scoring.head_a,
        **kw,
    )
    return assessment


def _submitted(scoring, **kw):
    assessment = _self_scored(scoring, **kw)
    set_assessment_state(assessment, "SELF_SUBMITTED", actor=scoring.head_a)
    return assessment


# -- Opening --------------------------------------------------------------------------------


def test_open_assessment_is_idempotent(scoring):
    first = _unit_assessment(scoring)
    second = _unit_assessment(scoring)
    assert first.pk == second.pk
    assert Assessment.objects.count() == 1
    actions = list(AuditEvent.objects.for_object(first).values_list("action", flat=True))
    assert actions == ["results.assessment.opened"]
    person = open_assessment(scoring.movement, unit=scoring.div_a, person=scoring.person_a)
    assert open_assessment(scoring.movement, unit=scoring.div_a, person=scoring.person_a) == person
    assert Assessment.objects.count() == 2


def test_open_assessment_checks_the_person_unit_and_participation(scoring):
    from tests.factories import make_unit

    with pytest.raises(ValidationError) as exc:
        open_assessment(scoring.movement, unit=scoring.div_a, person=scoring.person_b)
    assert list(exc.value.message_dict) == ["person"]
    stranger = make_unit("XA", name="UBND xã ngoài phong trào", kind="LOCALITY")
    with pytest.raises(ValidationError) as exc:
        open_assessment(scoring.movement, unit=stranger)
    assert list(exc.value.message_dict) == ["unit"]


# -- Self-assessment ------------------------------------------------------------------------


def test_points_above_the_maximum_are_refused_naming_the_criterion(scoring):
    assessment = _unit_assessment(scoring)
    with pytest.raises(ValidationError) as exc:
        save_scores(assessment, "SELF", scoring.ids({"1.1": 25, "1.2": "-1"}))
    assert exc.value.message_dict["points"] == [
        "Tiêu chí 1.1: điểm 25 nằm ngoài khoảng từ 0 đến 20.",
        "Tiêu chí 1.2: điểm -1 nằm ngoài khoảng từ 0 đến 20.",
    ]
    assert AssessmentScore.objects.count() == 0


def test_counted_criteria_are_not_entered_by_hand(scoring):
    assessment = _unit_assessment(scoring)
    with pytest.raises(ValidationError) as exc:
        save_scores(assessment, "SELF", scoring.ids({"2.1": 60}))
    assert exc.value.message_dict["points"] == [
        "Tiêu chí 2.1 được tính từ kết quả hoạt động, không chấm tay."
    ]


def test_each_stage_only_in_its_state(scoring):
    assessment = _unit_assessment(scoring)
    with pytest.raises(ValidationError) as exc:
        save_scores(assessment, "REVIEW", scoring.ids({"1.1": 10}), actor=scoring.officer)
    assert exc.value.messages == [
        "Bước “Thẩm định” chỉ chấm khi đánh giá ở trạng thái “Đã gửi tự chấm, chờ thẩm định” "
        "(hiện là “Đang tự chấm”)."
    ]


def test_submission_needs_every_criterion_scored_by_hand(scoring):
    assessment = _unit_assessment(scoring)
    save_scores(assessment, "SELF", scoring.ids({"1.1": 15}))
    with pytest.raises(ValidationError) as exc:
        set_assessment_state(assessment, "SELF_SUBMITTED", actor=scoring.head_a)
    assert exc.value.messages == ["Chưa tự chấm các tiêu chí: 1.2."]
    save_scores(assessment, "SELF", scoring.ids({"1.2": 10}))
    set_assessment_state(assessment, "SELF_SUBMITTED", actor=scoring.head_a)
    assessment.refresh_from_db()
    assert assessment.state == "SELF_SUBMITTED"
    assert assessment.submitted_at is not None


def test_self_scoring_is_locked_once_submitted(scoring):
    assessment = _submitted(scoring)
    with pytest.raises(ValidationError):
        save_scores(assessment, "SELF", scoring.ids({"1.1": 20}), actor=scoring.head_a)


# -- Review and council ---------------------------------------------------------------------


def test_review_without_comment_on_a_changed_criterion_is_refused(scoring):
    assessment = _submitted(scoring)
    with pytest.raises(ValidationError) as exc:
        save_scores(
            assessment, "REVIEW", scoring.ids({"1.1": 12, "1.2": 18}), actor=scoring.officer
        )
    assert exc.value.message_dict == {
        "comments": [
            "Tiêu chí 1.1: điểm thẩm định (12) khác điểm tự chấm (15), cần ghi ý kiến giải thích."
        ]
    }
    assert not AssessmentScore.objects.filter(stage="REVIEW").exists()
    # With the comment it is accepted; the unchanged criterion needs none.
    save_scores(
        assessment,
        "REVIEW",
        scoring.ids({"1.1": 12, "1.2": 18}),
        comments=scoring.ids({"1.1": "Kế hoạch ban hành chậm 10 ngày."}),
        actor=scoring.officer,
    )
    rows = dict(
        AssessmentScore.objects.filter(stage="REVIEW").values_list("criterion__code", "comment")
    )
    assert rows == {"1.1": "Kế hoạch ban hành chậm 10 ngày.", "1.2": ""}


def test_council_changes_need_a_comment_too(scoring):
    assessment = _submitted(scoring)
    set_assessment_state(assessment, "REVIEWED", actor=scoring.officer)
    with pytest.raises(ValidationError) as exc:
        save_scores(assessment, "COUNCIL", scoring.ids({"1.2": 16}), actor=scoring.officer)
    assert exc.value.message_dict["comments"] == [
        "Tiêu chí 1.2: điểm của Hội đồng (16) khác điểm thẩm định (18), cần ghi ý kiến giải thích."
    ]


def test_final_locks_every_stage(scoring):
    assessment = _submitted(scoring)
    set_assessment_state(assessment, "REVIEWED", actor=scoring.officer)
    set_assessment_state(assessment, "FINAL", actor=scoring.officer)
    message = (
        "Kết quả đánh giá đã được Hội đồng chốt và khoá: không thể sửa điểm ở bất kỳ bước nào."
    )
    for stage in ("SELF", "REVIEW", "COUNCIL"):
        with pytest.raises(ValidationError) as exc:
            save_scores(assessment, stage, scoring.ids({"1.1": 1}), actor=scoring.officer)
        assert exc.value.messages == [message]
    with pytest.raises(ValidationError) as exc:
        set_assessment_state(assessment, "REVIEWED", actor=scoring.officer)
    assert exc.value.messages == ["Kết quả đánh giá đã được Hội đồng chốt và khoá."]
    assert AssessmentScore.objects.filter(points=1).count() == 0


def test_sending_back_needs_a_note(scoring):
    assessment = _submitted(scoring)
    with pytest.raises(ValidationError) as exc:
        set_assessment_state(assessment, "SELF_DRAFT", actor=scoring.officer)
    assert list(exc.value.message_dict) == ["note"]
    set_assessment_state(
        assessment, "SELF_DRAFT", actor=scoring.officer, note="Bổ sung minh chứng."
    )
    assessment.refresh_from_db()
    assert assessment.state == "SELF_DRAFT"


def test_scoring_needs_the_movement_under_review(world):
    from tests.results.conftest import launch

    launch(world, under_review=False)
    assessment = open_assessment(world.movement, unit=world.div_a)
    with pytest.raises(ValidationError) as exc:
        save_scores(assessment, "SELF", {})
    assert exc.value.messages == [
        "Phong trào không ở giai đoạn sơ kết, tổng kết: chưa mở chấm điểm."
    ]


# -- History --------------------------------------------------------------------------------


def test_every_score_change_is_audited_with_before_and_after(scoring):
    assessment = _self_scored(scoring, points={"1.1": 15, "1.2": 18})
    save_scores(assessment, "SELF", scoring.ids({"1.1": 16, "1.2": 18}), actor=scoring.head_a)
    set_assessment_state(assessment, "SELF_SUBMITTED", actor=scoring.head_a)
    save_scores(
        assessment,
        "REVIEW",
        scoring.ids({"1.1": 12}),
        comments=scoring.ids({"1.1": "Chậm 10 ngày."}),
        actor=scoring.officer,
    )
    events = AuditEvent.objects.for_object(assessment).filter(action="results.assessment.score")
    rows = [(e.actor, e.before, e.after) for e in events.order_by("id")]
    assert rows == [
        (
            scoring.head_a,
            None,
            {"stage": "SELF", "criterion": "1.1", "points": "15.00", "comment": ""},
        ),
        (
            scoring.head_a,
            None,
            {"stage": "SELF", "criterion": "1.2", "points": "18.00", "comment": ""},
        ),
        # The unchanged 1.2 of the second save writes no event.
        (
            scoring.head_a,
            {"stage": "SELF", "criterion": "1.1", "points": "15.00", "comment": ""},
            {"stage": "SELF", "criterion": "1.1", "points": "16.00", "comment": ""},
        ),
        (
            scoring.officer,
            None,
            {"stage": "REVIEW", "criterion": "1.1", "points": "12.00", "comment": "Chậm 10 ngày."},
        ),
    ]
    assert [e.note for e in events.order_by("id")][-1] == "Thẩm định — tiêu chí 1.1"


def test_saving_scores_takes_as_many_queries_for_one_criterion_as_for_two(scoring):
    def queries(unit, points) -> int:
        assessment = _unit_assessment(scoring, unit)
        with CaptureQueriesContext(connection) as ctx:
            save_scores(assessment, "SELF", scoring.ids(points), actor=scoring.head_a)
        return len(ctx.captured_queries)

    assert queries(scoring.div_a, {"1.1": 15}) == queries(scoring.div_b, {"1.1": 15, "1.2": 18})


# -- Totals by stage ------------------------------------------------------------------------


def test_stage_totals_follow_the_stage_chain(scoring):
    # 2.1 is counted: 30 foreign-language items of a target of 50 -> 60 x 30/50 = 36 points.
    add_activity(scoring.world, scoring.div_a, values={"items": 20})
    add_activity(scoring.world, scoring.div_a, values={"items": 10})
    add_activity(scoring.world, scoring.div_a, values={"items": 40}, withdrawn=True)
    assessment = _submitted(scoring, bonus={scoring.bonus.pk: 5}, penalties={scoring.penalty.pk: 1})
    # Self: 15 + 18 + 36 = 69 base, + 5 bonus, - 1 x 2 penalty = 72.
    save_scores(
        assessment,
        "REVIEW",
        scoring.ids({"1.1": 12}),
        comments=scoring.ids({"1.1": "Chậm 10 ngày."}),
        bonus={scoring.bonus.pk: 3},
        actor=scoring.officer,
    )
    # Review: 12 + 18 + 36 = 66, + 3 (the review's bonus replaces the self bonus), - 2 = 67.
    set_assessment_state(assessment, "REVIEWED", actor=scoring.officer)
    save_scores(assessment, "COUNCIL", {}, bonus={scoring.bonus.pk: 0}, actor=scoring.officer)
    # Council: 66 + 0 (an explicit zero overrides the review's 3) - 2 = 64.
    scores = stage_scores(assessment)
    figures = {s: (v.base, v.bonus, v.penalty, v.total) for s, v in scores.items()}
    assert figures == {
        "SELF": (D(69), D(5), D(2), D(72)),
        "REVIEW": (D(66), D(3), D(2), D(67)),
        "COUNCIL": (D(66), D(0), D(2), D(64)),
    }


def test_bonus_above_its_item_and_bad_penalty_counts_are_refused(scoring):
    assessment = _unit_assessment(scoring)
    with pytest.raises(ValidationError) as exc:
        save_scores(
            assessment,
            "SELF",
            {},
            bonus={scoring.bonus.pk: 11},
            penalties={scoring.penalty.pk: "1.5"},
        )
    assert exc.value.message_dict == {
        "bonus": ["Điểm thưởng “Sáng kiến được công nhận”: phải từ 0 đến 10 điểm."],
        "penalties": ["Điểm trừ “Báo cáo chậm”: số lần phải là số nguyên không âm."],
    }


# -- Release and visibility -----------------------------------------------------------------


def test_a_unit_head_sees_only_his_own_assessment_until_release(scoring):
    own = _unit_assessment(scoring, scoring.div_b)
    other = _self_scored(scoring)  # division A's, with scores
    assert list(visible_assessments(scoring.head_b)) == [own]
    assert set(visible_assessments(scoring.officer)) == {own, other}
    assert not scoring.head_b.has_perm("results.view_assessment", other)
    with CaptureQueriesContext(connection) as ctx:
        count = release_results(scoring.movement, actor=scoring.officer)
    assert count == 2
    assert sum("UPDATE" in q["sql"] for q in ctx.captured_queries) == 1
    assert set(visible_assessments(scoring.head_b)) == {own, other}
    assert scoring.head_b.has_perm("results.view_assessment", other)
    # An assessment opened after the release is released too.
    late = open_assessment(scoring.movement, unit=scoring.outside)
    assert late.results_released is True


def test_a_person_sees_only_their_own_assessment(scoring):
    own = open_assessment(scoring.movement, unit=scoring.div_a, person=scoring.person_a)
    open_assessment(scoring.movement, unit=scoring.div_b, person=scoring.person_b)
    _unit_assessment(scoring)
    assert list(visible_assessments(scoring.staff_a)) == [own]


def test_who_scores_which_stage(scoring):
    unit = _unit_assessment(scoring)
    person = open_assessment(scoring.movement, unit=scoring.div_a, person=scoring.person_a)
    assert scoring.head_a.has_perm("results.score_self", unit)
    assert not scoring.head_b.has_perm("results.score_self", unit)
    assert not scoring.officer.has_perm("results.score_self", unit)
    assert scoring.staff_a.has_perm("results.score_self", person)
    assert not scoring.head_a.has_perm("results.score_self", person)
    # Review: the unit head for a person, the officer for a unit; the council: the officer.
    assert scoring.head_a.has_perm("results.score_review", person)
    assert not scoring.staff_a.has_perm("results.score_review", person)
    assert not scoring.head_b.has_perm("results.score_review", person)
    assert scoring.officer.has_perm("results.score_review", unit)
    assert not scoring.head_a.has_perm("results.score_review", unit)
    assert scoring.officer.has_perm("results.score_council", unit)
    assert not scoring.head_a.has_perm("results.score_council", unit)
