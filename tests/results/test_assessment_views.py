"""The assessment and bloc pages: opening, the scoring form of each stage with evidence, the
comment a changed review score needs, the lock after FINAL, the per-criterion history shown on
the assessment, and the bloc pages with peer scoring."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.results.evidence_files import pdf_bytes, upload
from thidua.results.assessments import (
    open_assessment,
    save_scores,
    set_assessment_state,
)
from thidua.results.blocs import upsert_bloc
from thidua.results.models import Assessment, AssessmentScore, Bloc, EvidenceFile, PeerScore

D = Decimal


def _score_url(assessment, slug):
    return reverse("results:assessment_score", args=[assessment.pk, slug])


def _form_data(scoring, points, comments=None, **extra):
    data = {"action": "save"}
    for code, value in points.items():
        data[f"c{scoring.criteria[code].pk}_points"] = str(value)
    for code, text in (comments or {}).items():
        data[f"c{scoring.criteria[code].pk}_comment"] = text
    data.update(extra)
    return data


def test_head_opens_the_assessment_of_his_unit_only(scoring, client_for):
    url = reverse("results:assessment_open", args=[scoring.movement.code])
    response = client_for(scoring.head_a).post(url, {"unit": "TTBCXB"})
    assessment = Assessment.objects.get()
    assert response["Location"] == reverse("results:assessment_detail", args=[assessment.pk])
    assert client_for(scoring.head_b).post(url, {"unit": "TTBCXB"}).status_code == 403
    assert Assessment.objects.count() == 1
    listing = client_for(scoring.head_a).get(
        reverse("results:assessment_list", args=[scoring.movement.code])
    )
    assert list(listing.context["page"].object_list) == [assessment]
    assert listing.context["openable"] == []


def test_self_assessment_form_saves_points_and_evidence_then_submits(
    scoring, client_for, evidence_storage
):
    assessment = open_assessment(scoring.movement, unit=scoring.div_a)
    client = client_for(scoring.head_a)
    criterion = scoring.criteria["1.1"]
    data = _form_data(scoring, {"1.1": "15.5", "1.2": 18}, {"1.1": "Kế hoạch số 12/KH"})
    data[f"c{criterion.pk}_evidence"] = upload("ke-hoach.pdf", pdf_bytes())
    data[f"b{scoring.bonus.pk}"] = "4"
    data[f"p{scoring.penalty.pk}"] = "1"
    data["action"] = "send"
    response = client.post(_score_url(assessment, "tu-cham"), data)
    assert response.status_code == 302
    scores = dict(
        AssessmentScore.objects.filter(stage="SELF").values_list("criterion__code", "points")
    )
    assert scores == {"1.1": D("15.5"), "1.2": D(18)}
    evidence = EvidenceFile.objects.get()
    assert (evidence.assessment, evidence.criterion, evidence.original_name) == (
        assessment,
        criterion,
        "ke-hoach.pdf",
    )
    assessment.refresh_from_db()
    assert assessment.state == "SELF_SUBMITTED"
    # The unit head may download the evidence of his own assessment.
    download = reverse("results:evidence_download", args=[evidence.pk])
    assert client.get(download).status_code == 200
    assert client_for(scoring.head_b).get(download).status_code == 404


def test_points_above_maximum_are_shown_on_the_form(scoring, client_for):
    assessment = open_assessment(scoring.movement, unit=scoring.div_a)
    response = client_for(scoring.head_a).post(
        _score_url(assessment, "tu-cham"), _form_data(scoring, {"1.1": 21})
    )
    assert response.status_code == 200
    assert "Tiêu chí 1.1: điểm 21 nằm ngoài khoảng từ 0 đến 20." in response.content.decode()
    assert AssessmentScore.objects.count() == 0


def test_other_unit_head_cannot_open_the_scoring_form(scoring, client_for):
    assessment = open_assessment(scoring.movement, unit=scoring.div_a)
    assert client_for(scoring.head_b).get(_score_url(assessment, "tu-cham")).status_code == 404
    assert client_for(scoring.officer).get(_score_url(assessment, "tu-cham")).status_code == 403


def _submitted(scoring):
    assessment = open_assessment(scoring.movement, unit=scoring.div_a)
    save_scores(assessment, "SELF", scoring.ids({"1.1": 15, "1.2": 18}), actor=scoring.head_a)
    set_assessment_state(assessment, "SELF_SUBMITTED", actor=scoring.head_a)
    return assessment


def test_review_form_starts_from_self_and_needs_a_comment_on_changes(scoring, client_for):
    assessment = _submitted(scoring)
    client = client_for(scoring.officer)
    url = _score_url(assessment, "tham-dinh")
    form = client.get(url).context["form"]
    assert form.initial[f"c{scoring.criteria['1.1'].pk}_points"] == D(15)
    response = client.post(url, _form_data(scoring, {"1.1": 12, "1.2": 18}))
    assert response.status_code == 200
    assert (
        "Tiêu chí 1.1: điểm thẩm định (12) khác điểm tự chấm (15), cần ghi ý kiến giải thích."
    ) in response.content.decode()
    assert not AssessmentScore.objects.filter(stage="REVIEW").exists()
    response = client.post(
        url, _form_data(scoring, {"1.1": 12, "1.2": 18}, {"1.1": "Chậm 10 ngày"}, action="send")
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == "REVIEWED"


def test_detail_page_shows_stages_totals_and_per_criterion_history(scoring, client_for):
    assessment = _submitted(scoring)
    save_scores(
        assessment,
        "REVIEW",
        scoring.ids({"1.1": 12}),
        comments=scoring.ids({"1.1": "Chậm 10 ngày"}),
        actor=scoring.officer,
    )
    response = client_for(scoring.officer).get(
        reverse("results:assessment_detail", args=[assessment.pk])
    )
    rows = {r["criterion"].code: r for r in response.context["rows"]}
    stages = {s["stage"]: s["row"] for s in rows["1.1"]["stages"]}
    assert (stages["SELF"].points, stages["REVIEW"].points, stages["COUNCIL"]) == (
        D(15),
        D(12),
        None,
    )
    assert [e.note for e in rows["1.1"]["history"]] == [
        "Tự chấm — tiêu chí 1.1",
        "Thẩm định — tiêu chí 1.1",
    ]
    totals = {t["stage"]: t["score"].total for t in response.context["totals"]}
    assert totals == {"SELF": D(33), "REVIEW": D(30), "COUNCIL": D(30)}
    html = response.content.decode()
    assert reverse("core:history", args=["results", "assessment", assessment.pk]) in html
    assert "Chậm 10 ngày" in html


def test_final_assessment_has_no_scoring_form(scoring, client_for):
    assessment = _submitted(scoring)
    set_assessment_state(assessment, "REVIEWED", actor=scoring.officer)
    client = client_for(scoring.officer)
    response = client.post(
        reverse("results:assessment_state", args=[assessment.pk]), {"state": "FINAL", "note": ""}
    )
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == "FINAL"
    url = _score_url(assessment, "hoi-dong")
    response = client.get(url)
    assert response.context["open_now"] is False
    client.post(url, _form_data(scoring, {"1.1": 1}, {"1.1": "Hội đồng hạ điểm"}))
    assert not AssessmentScore.objects.filter(stage="COUNCIL").exists()
    detail = client.get(reverse("results:assessment_detail", args=[assessment.pk]))
    assert detail.context["stage_actions"] == []
    assert detail.context["transitions"] == []


def test_sending_back_without_a_note_is_refused_on_the_page(scoring, client_for):
    assessment = _submitted(scoring)
    client = client_for(scoring.officer)
    url = reverse("results:assessment_state", args=[assessment.pk])
    client.post(url, {"state": "SELF_DRAFT", "note": ""})
    assessment.refresh_from_db()
    assert assessment.state == "SELF_SUBMITTED"
    client.post(url, {"state": "SELF_DRAFT", "note": "Bổ sung minh chứng tiêu chí 1.1"})
    assessment.refresh_from_db()
    assert assessment.state == "SELF_DRAFT"
    # The unit head may not mark his own assessment reviewed.
    set_assessment_state(assessment, "SELF_SUBMITTED", actor=scoring.head_a)
    response = client_for(scoring.head_a).post(url, {"state": "REVIEWED", "note": ""})
    assert response.status_code == 403


# -- Blocs -----------------------------------------------------------------------------------


def test_officer_creates_a_bloc_and_weights_must_add_up(scoring, client_for):
    client = client_for(scoring.officer)
    url = reverse("results:bloc_create", args=[scoring.movement.code])
    data = {
        "code": "K1",
        "name": "Khối các phòng",
        "leader": scoring.div_a.pk,
        "deputy": scoring.div_b.pk,
        "members": [scoring.outside.pk],
        "weight_self": "0.2",
        "weight_peer": "0.3",
        "weight_review": "0.4",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "phải bằng 1; hiện là 0,9" in response.content.decode()
    assert not Bloc.objects.exists()
    data["weight_review"] = "0.5"
    response = client.post(url, data)
    assert response["Location"] == reverse(
        "results:bloc_detail", args=[scoring.movement.code, "K1"]
    )
    assert client_for(scoring.head_a).post(url, data).status_code == 403


def test_member_head_enters_peer_scores_on_the_bloc_page(scoring, client_for):
    bloc, _c, _ch = upsert_bloc(
        scoring.movement, "K1", name="Khối", leader=scoring.div_a, members=[scoring.div_b]
    )
    client = client_for(scoring.head_b)
    page = client.get(reverse("results:bloc_detail", args=[scoring.movement.code, "K1"]))
    assert [item["scorer"] for item in page.context["peer_forms"]] == [scoring.div_b]
    assert page.context["results"] is None  # not released: no ranking for a member
    prefix = f"s{scoring.div_b.pk}"
    url = reverse("results:peer_scores", args=[scoring.movement.code, "K1"])
    response = client.post(
        url,
        {
            "scorer": "CNTT",
            f"{prefix}-u{scoring.div_a.pk}_points": "120",
            f"{prefix}-u{scoring.div_a.pk}_comment": "",
        },
    )
    assert response.status_code == 200
    assert "phải từ 0 đến 110" in response.content.decode()
    response = client.post(
        url,
        {
            "scorer": "CNTT",
            f"{prefix}-u{scoring.div_a.pk}_points": "88.5",
            f"{prefix}-u{scoring.div_a.pk}_comment": "Tốt",
        },
    )
    assert response.status_code == 302
    assert list(PeerScore.objects.values_list("scorer__code", "subject__code", "points")) == [
        ("CNTT", "TTBCXB", D("88.5"))
    ]
    # Head A cannot score on behalf of CNTT.
    assert client_for(scoring.head_a).post(url, {"scorer": "CNTT"}).status_code == 403
    assert bloc.peer_scores.count() == 1


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_assessment_list_query_count_is_the_same_for_one_and_three(scoring, client_for):
    client = client_for(scoring.officer)
    url = reverse("results:assessment_list", args=[scoring.movement.code])
    open_assessment(scoring.movement, unit=scoring.div_a)
    one = _queries(client, url)
    open_assessment(scoring.movement, unit=scoring.div_b)
    open_assessment(scoring.movement, unit=scoring.outside)
    assert _queries(client, url) == one


def test_bloc_list_query_count_is_the_same_for_one_and_three_blocs(scoring, client_for):
    client = client_for(scoring.officer)
    url = reverse("results:bloc_list", args=[scoring.movement.code])
    upsert_bloc(scoring.movement, "K1", name="Khối 1", leader=scoring.div_a)
    one = _queries(client, url)
    upsert_bloc(scoring.movement, "K2", name="Khối 2", leader=scoring.div_b)
    upsert_bloc(scoring.movement, "K3", name="Khối 3", leader=scoring.outside)
    assert _queries(client, url) == one
