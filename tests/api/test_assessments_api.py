"""The assessments API: periodic reports, assessments scored by stage with their workflow, the
ranking and blocs with peer scores; the same rules and scoping as the pages."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.api.conftest import error_locs, post, put
from tests.movements.conftest import TODAY
from tests.results import conftest as results_fixtures
from tests.results.conftest import add_activity
from thidua.results.assessments import open_assessment, release_results
from thidua.results.models import Assessment, PeriodicReport

START = TODAY - dt.timedelta(days=20)
END = TODAY - dt.timedelta(days=1)

# The `world` and `scoring` fixtures of tests/results.
world = results_fixtures.world
scoring = results_fixtures.scoring


@pytest.fixture
def apis(scoring, api_client_for):
    return {
        "officer": api_client_for(scoring.officer),
        "head_a": api_client_for(scoring.head_a),
        "head_b": api_client_for(scoring.head_b),
        "staff_a": api_client_for(scoring.staff_a),
    }


def _report_body(**kw):
    return {
        "unit_code": kw.pop("unit_code", "TTBCXB"),
        "period": kw.pop("period", "MONTHLY"),
        "period_start": kw.pop("period_start", START.isoformat()),
        "period_end": kw.pop("period_end", END.isoformat()),
        **kw,
    }


# -- Reports ---------------------------------------------------------------------------------


def test_report_is_created_prefilled_and_goes_through_its_workflow(scoring, apis):
    add_activity(scoring.world, scoring.div_a, values={"items": 4}, occurred_on=START)
    code = scoring.movement.code
    response = post(apis["head_a"], f"/api/v1/movements/{code}/reports", _report_body())
    assert response.status_code == 201
    body = response.json()
    assert (body["unit_code"], body["state"]) == ("TTBCXB", "DRAFT")
    assert "   - Tin, bài đăng tải: 4 tin, bài" in body["content"]
    again = post(apis["head_a"], f"/api/v1/movements/{code}/reports", _report_body())
    assert again.status_code == 422
    assert error_locs(again) == [["body", "period_start"]]
    denied = post(apis["head_b"], f"/api/v1/movements/{code}/reports", _report_body())
    assert denied.status_code == 403
    listed = apis["head_b"].get(f"/api/v1/movements/{code}/reports").json()
    assert listed["count"] == 0
    state = f"/api/v1/reports/{body['id']}/state"
    assert post(apis["officer"], state, {"state": "ACCEPTED"}).status_code == 409
    assert post(apis["head_a"], state, {"state": "SUBMITTED"}).status_code == 200
    assert post(apis["head_a"], state, {"state": "ACCEPTED"}).status_code == 403
    refused = post(apis["officer"], state, {"state": "RETURNED", "comment": ""})
    assert (refused.status_code, error_locs(refused)) == (422, [["body", "comment"]])
    returned = post(apis["officer"], state, {"state": "RETURNED", "comment": "Thiếu số liệu"})
    assert (returned.json()["state"], returned.json()["review_comment"]) == (
        "RETURNED",
        "Thiếu số liệu",
    )


def test_report_dates_outside_the_movement_are_named(scoring, apis):
    before = (scoring.movement.period_start - dt.timedelta(days=1)).isoformat()
    response = post(
        apis["head_a"],
        f"/api/v1/movements/{scoring.movement.code}/reports",
        _report_body(period_start=before, content="Báo cáo"),
    )
    assert (response.status_code, error_locs(response)) == (422, [["body", "period_start"]])
    assert PeriodicReport.objects.count() == 0


# -- Assessments -----------------------------------------------------------------------------


def _open(apis, scoring, client="head_a", **body):
    return post(
        apis[client],
        f"/api/v1/movements/{scoring.movement.code}/assessments",
        {"unit_code": "TTBCXB", **body},
    )


def test_assessment_is_opened_once(scoring, apis):
    first = _open(apis, scoring)
    second = _open(apis, scoring)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["id"] == second.json()["id"]
    assert _open(apis, scoring, "head_b").status_code == 403
    own = _open(apis, scoring, "staff_a", person_code="PA")
    assert (own.status_code, own.json()["person_code"]) == (201, "PA")
    assert _open(apis, scoring, "head_a", person_code="PA").status_code == 403


def test_scores_by_stage_with_comments_and_lock(scoring, apis):
    add_activity(scoring.world, scoring.div_a, values={"items": 25})
    assessment_id = _open(apis, scoring).json()["id"]
    scores = f"/api/v1/assessments/{assessment_id}/scores"
    state = f"/api/v1/assessments/{assessment_id}/state"
    over = put(apis["head_a"], f"{scores}/SELF", {"points": {"1.1": 25, "1.2": 18}})
    assert over.status_code == 422
    assert over.json()["detail"] == [
        {
            "loc": ["body", "points"],
            "msg": "Tiêu chí 1.1: điểm 25 nằm ngoài khoảng từ 0 đến 20.",
            "type": "value_error",
        }
    ]
    unknown = put(apis["head_a"], f"{scores}/SELF", {"points": {"9.9": 1}})
    assert (unknown.status_code, error_locs(unknown)) == (422, [["body", "points"]])
    assert put(apis["head_a"], f"{scores}/REVIEW", {"points": {"1.1": 1}}).status_code == 403
    assert put(apis["officer"], f"{scores}/REVIEW", {"points": {"1.1": 1}}).status_code == 409
    saved = put(
        apis["head_a"],
        f"{scores}/SELF",
        {"points": {"1.1": 15, "1.2": 18}, "bonus": {"1": 5}, "penalties": {"1": 1}},
    )
    assert saved.status_code == 200
    # 15 + 18 + 60 x 25/50 (30) = 63, + 5 - 2 = 66.
    totals = {t["stage"]: t["total"] for t in saved.json()["totals"]}
    assert totals["SELF"] == "66.00"
    assert post(apis["head_a"], state, {"state": "SELF_SUBMITTED"}).status_code == 200
    uncommented = put(apis["officer"], f"{scores}/REVIEW", {"points": {"1.1": 12}})
    assert uncommented.status_code == 422
    assert uncommented.json()["detail"][0]["msg"] == (
        "Tiêu chí 1.1: điểm thẩm định (12) khác điểm tự chấm (15), cần ghi ý kiến giải thích."
    )
    reviewed = put(
        apis["officer"],
        f"{scores}/REVIEW",
        {"points": {"1.1": 12}, "comments": {"1.1": "Chậm 10 ngày"}},
    )
    totals = {t["stage"]: t["total"] for t in reviewed.json()["totals"]}
    assert (totals["SELF"], totals["REVIEW"]) == ("66.00", "63.00")
    assert post(apis["officer"], state, {"state": "REVIEWED"}).status_code == 200
    assert post(apis["officer"], state, {"state": "FINAL"}).status_code == 200
    locked = put(apis["officer"], f"{scores}/COUNCIL", {"points": {"1.1": 10}})
    assert locked.status_code == 409
    assert locked.json()["detail"] == (
        "Kết quả đánh giá đã được Hội đồng chốt và khoá: không thể sửa điểm ở bất kỳ bước nào."
    )
    assert post(apis["officer"], state, {"state": "REVIEWED"}).status_code == 409


def test_assessments_are_scoped_until_release(scoring, apis):
    a = open_assessment(scoring.movement, unit=scoring.div_a)
    b = open_assessment(scoring.movement, unit=scoring.div_b)
    url = f"/api/v1/movements/{scoring.movement.code}/assessments"
    assert [i["id"] for i in apis["head_a"].get(url).json()["items"]] == [a.pk]
    assert apis["head_a"].get(f"/api/v1/assessments/{b.pk}").status_code == 404
    assert {i["id"] for i in apis["officer"].get(url).json()["items"]} == {a.pk, b.pk}
    release_results(scoring.movement, actor=scoring.officer)
    assert {i["id"] for i in apis["head_a"].get(url).json()["items"]} == {a.pk, b.pk}
    assert Assessment.objects.filter(results_released=True).count() == 2


# -- Blocs -----------------------------------------------------------------------------------


def _bloc_body(**kw):
    return {
        "name": "Khối các phòng",
        "leader_code": "TTBCXB",
        "deputy_code": "CNTT",
        "member_codes": ["BAOLS"],
        **kw,
    }


def test_bloc_put_is_idempotent_and_weights_must_add_up(scoring, apis):
    url = f"/api/v1/movements/{scoring.movement.code}/blocs/K1"
    wrong = put(apis["officer"], url, _bloc_body(weight_review="0.4"))
    assert (wrong.status_code, error_locs(wrong)) == (422, [["body", "weight_review"]])
    assert put(apis["head_a"], url, _bloc_body()).status_code == 403
    first = put(apis["officer"], url, _bloc_body())
    second = put(apis["officer"], url, _bloc_body())
    assert (first.status_code, second.status_code) == (201, 200)
    body = apis["head_a"].get(url).json()
    assert (body["member_codes"], body["ranking"]) == (["TTBCXB", "CNTT", "BAOLS"], None)
    assert apis["officer"].get(url).json()["ranking"] is not None


def test_peer_scores_by_the_head_of_the_scoring_unit(scoring, apis):
    bloc_id = put(
        apis["officer"], f"/api/v1/movements/{scoring.movement.code}/blocs/K1", _bloc_body()
    ).json()["id"]
    url = f"/api/v1/blocs/{bloc_id}/peer-scores"
    first = put(apis["head_b"], f"{url}/TTBCXB", {"points": 80})
    assert (first.status_code, first.json()["scorer_code"]) == (201, "CNTT")
    again = put(apis["head_b"], f"{url}/TTBCXB", {"points": 82.5, "comment": "Tốt"})
    assert (again.status_code, again.json()["points"]) == (200, "82.50")
    own = put(apis["head_b"], f"{url}/CNTT", {"points": 80})
    assert (own.status_code, error_locs(own)) == (422, [["body", "subject"]])
    too_high = put(apis["head_b"], f"{url}/TTBCXB", {"points": 111})
    assert (too_high.status_code, error_locs(too_high)) == (422, [["body", "points"]])
    assert put(apis["head_b"], f"{url}/STRANGER", {"points": 1}).status_code == 404
    assert put(apis["staff_a"], f"{url}/CNTT", {"points": 1}).status_code == 403
    open_assessment(scoring.movement, unit=scoring.div_a)
    release_results(scoring.movement, actor=scoring.officer)
    assert put(apis["head_b"], f"{url}/TTBCXB", {"points": 90}).status_code == 409
