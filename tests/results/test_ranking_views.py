"""The ranking page: numbers equal to a hand calculation, who sees it before and after the
release of results (page and API), a constant number of queries, and the scoring progress."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.conftest import token_for
from tests.results.conftest import add_activity
from thidua.results.assessments import (
    open_assessment,
    release_results,
    save_scores,
    set_assessment_state,
)
from thidua.results.reports import create_report

D = Decimal


def _assess(scoring, unit, head, self_points, *, review=None, bonus=None, penalties=None):
    assessment = open_assessment(scoring.movement, unit=unit)
    save_scores(
        assessment,
        "SELF",
        scoring.ids(self_points),
        bonus={scoring.bonus.pk: bonus} if bonus else None,
        penalties={scoring.penalty.pk: penalties} if penalties else None,
        actor=head,
    )
    set_assessment_state(assessment, "SELF_SUBMITTED", actor=head)
    if review:
        save_scores(
            assessment,
            "REVIEW",
            scoring.ids(review),
            comments=scoring.ids(dict.fromkeys(review, "Chưa đủ minh chứng.")),
            actor=scoring.officer,
        )
    return assessment


def _three_units(scoring):
    # TTBCXB: 25 foreign-language items of a target of 50 -> 2.1 = 60 x 25/50 = 30.
    add_activity(scoring.world, scoring.div_a, values={"items": 25})
    # CNTT: 50 items -> 2.1 = 60.
    add_activity(scoring.world, scoring.div_b, values={"items": 50})
    a = _assess(
        scoring,
        scoring.div_a,
        scoring.head_a,
        {"1.1": 15, "1.2": 18},
        review={"1.1": 12},
        bonus=5,
        penalties=1,
    )
    b = _assess(scoring, scoring.div_b, scoring.head_b, {"1.1": 20, "1.2": 20}, review={"1.2": 5})
    c = _assess(scoring, scoring.outside, scoring.officer, {"1.1": 10, "1.2": 10})
    return a, b, c


def _rows(response):
    return [
        (
            row["rank"],
            row["unit"].code,
            row["score"].base,
            row["score"].bonus,
            row["score"].penalty,
            row["score"].total,
            row["band"],
            row["self_total"],
            row["gap"],
            row["large_gap"],
        )
        for row in response.context["page"].object_list
    ]


def test_ranking_page_numbers_equal_the_hand_calculation(scoring, client_for):
    _three_units(scoring)
    url = reverse("results:ranking", args=[scoring.movement.code])
    response = client_for(scoring.officer).get(url, {"buoc": "REVIEW"})
    assert response.status_code == 200
    assert _rows(response) == [
        # CNTT: self 20 + 20 + 60 = 100; review 1.2 -> 5: base 20 + 5 + 60 = 85, band "Tốt"
        # (>= 80; not "Xuất sắc" below 90); gap 100 - 85 = 15, at least 10 % of the scale.
        (1, "CNTT", D(85), D(0), D(0), D(85), "Tốt", D(100), D(15), True),
        # TTBCXB: self 15 + 18 + 30 = 63, + 5 bonus - 1 x 2 = 66; review 1.1 -> 12:
        # base 12 + 18 + 30 = 60, the self bonus and penalty carry over: 60 + 5 - 2 = 63.
        (2, "TTBCXB", D(60), D(5), D(2), D(63), None, D(66), D(3), False),
        # BAOLS: 10 + 10 = 20, no activities, no review change.
        (3, "BAOLS", D(20), D(0), D(0), D(20), None, D(20), D(0), False),
    ]
    html = response.content.decode()
    assert (
        "Xếp hạng theo tổng điểm; bằng điểm thì xét điểm trước thưởng, phạt, rồi điểm trừ ít "
        "hơn; bằng nhau hoàn toàn thì đồng hạng."
    ) in html
    assert "Chênh lệch lớn" in html
    # At the self-assessment stage the order changes and every gap is 0.
    response = client_for(scoring.officer).get(url, {"buoc": "SELF"})
    assert [(r[0], r[1], r[5], r[8]) for r in _rows(response)] == [
        (1, "CNTT", D(100), D(0)),
        (2, "TTBCXB", D(66), D(0)),
        (3, "BAOLS", D(20), D(0)),
    ]


def test_unit_head_cannot_see_other_scores_before_release_page_and_api(scoring, client_for):
    a, b, _c = _three_units(scoring)
    page = client_for(scoring.head_b)
    api = Client(headers={"Authorization": f"Bearer {token_for(scoring.head_b)}"})
    ranking_url = reverse("results:ranking", args=[scoring.movement.code])
    api_ranking = f"/api/v1/movements/{scoring.movement.code}/ranking?stage=REVIEW"

    response = page.get(ranking_url)
    assert response.status_code == 200
    assert response.context["allowed"] is False
    assert list(response.context["page"].object_list) == []
    assert scoring.div_a.name not in response.content.decode()
    assert page.get(reverse("results:assessment_detail", args=[a.pk])).status_code == 404
    assert page.get(reverse("results:assessment_detail", args=[b.pk])).status_code == 200
    assert api.get(api_ranking).status_code == 403
    assert api.get(f"/api/v1/assessments/{a.pk}").status_code == 404
    listed = api.get(f"/api/v1/movements/{scoring.movement.code}/assessments").json()
    assert [item["unit_code"] for item in listed["items"]] == ["CNTT"]

    release_results(scoring.movement, actor=scoring.officer)

    response = page.get(ranking_url)
    assert [(r[0], r[1], r[5]) for r in _rows(response)] == [
        (1, "CNTT", D(85)),
        (2, "TTBCXB", D(63)),
        (3, "BAOLS", D(20)),
    ]
    assert page.get(reverse("results:assessment_detail", args=[a.pk])).status_code == 200
    body = api.get(api_ranking).json()
    assert [(r["rank"], r["unit_code"], r["total"]) for r in body["results"]] == [
        (1, "CNTT", "85.00"),
        (2, "TTBCXB", "63.00"),
        (3, "BAOLS", "20.00"),
    ]
    assert api.get(f"/api/v1/assessments/{a.pk}").json()["unit_code"] == "TTBCXB"


def _ranking_queries(client, movement) -> int:
    url = reverse("results:ranking", args=[movement.code])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_ranking_page_query_count_is_the_same_for_one_and_three_units(scoring, client_for):
    client = client_for(scoring.officer)
    _assess(scoring, scoring.div_a, scoring.head_a, {"1.1": 15, "1.2": 18})
    add_activity(scoring.world, scoring.div_a, values={"items": 5})
    one = _ranking_queries(client, scoring.movement)
    _assess(scoring, scoring.div_b, scoring.head_b, {"1.1": 20, "1.2": 20}, review={"1.1": 1})
    _assess(scoring, scoring.outside, scoring.officer, {"1.1": 10, "1.2": 10}, bonus=2)
    add_activity(scoring.world, scoring.div_b, values={"items": 5})
    three = _ranking_queries(client, scoring.movement)
    assert one == three


def test_ranking_tab_of_individuals(scoring, client_for):
    person = open_assessment(scoring.movement, unit=scoring.div_a, person=scoring.person_a)
    save_scores(person, "SELF", scoring.ids({"1.1": 10, "1.2": 10}), actor=scoring.staff_a)
    url = reverse("results:ranking", args=[scoring.movement.code])
    response = client_for(scoring.officer).get(url, {"loai": "ca-nhan", "buoc": "SELF"})
    rows = response.context["page"].object_list
    assert [(r["rank"], r["person"].code, r["score"].total) for r in rows] == [(1, "PA", D(20))]


def test_scoring_progress_scoped_like_movement_progress(scoring, client_for):
    a, _b, _c = _three_units(scoring)
    set_assessment_state(a, "REVIEWED", actor=scoring.officer)
    create_report(
        scoring.movement,
        scoring.div_a,
        period="MONTHLY",
        start=scoring.movement.period_start,
        end=scoring.movement.period_start,
    )
    url = reverse("results:scoring_progress", args=[scoring.movement.code])
    response = client_for(scoring.officer).get(url)
    rows = {r["unit"].code: r for r in response.context["rows"]}
    assert set(rows) == {"TTBCXB", "CNTT", "BAOLS"}
    a_row = rows["TTBCXB"]
    assert (a_row["self_done"], a_row["review_done"], a_row["council_done"]) == (True, True, False)
    assert a_row["reports"] == [("Đang soạn", 1)]
    response = client_for(scoring.head_b).get(url)
    assert [r["unit"].code for r in response.context["rows"]] == ["CNTT"]
    assert client_for(scoring.staff_a).get(url).status_code == 403


def test_scoring_progress_query_count_is_the_same_for_one_and_three_units(scoring, client_for):
    from tests.factories import make_unit

    # Head B sees his division (one row), then his division and two teams under it (three).
    client = client_for(scoring.head_b)
    url = reverse("results:scoring_progress", args=[scoring.movement.code])
    _assess(scoring, scoring.div_b, scoring.head_b, {"1.1": 15, "1.2": 18})
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert len(response.context["rows"]) == 1
    one = len(ctx.captured_queries)
    for code in ("TO1", "TO2"):
        unit = make_unit(code, parent=scoring.div_b, name=f"Tổ {code}")
        _assess(scoring, unit, scoring.head_b, {"1.1": 1, "1.2": 1})
        create_report(
            scoring.movement,
            unit,
            period="MONTHLY",
            start=scoring.movement.period_start,
            end=scoring.movement.period_start,
        )
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert len(response.context["rows"]) == 3
    assert len(ctx.captured_queries) == one
