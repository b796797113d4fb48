"""Nomination pages and API: create, cite, submit (refusal shown), override, list with the
verdict."""

from __future__ import annotations

import json

import pytest

from tests.awards.nomination_world import YEAR, add_activity, add_ldtt_people, nominate, prepare
from tests.awards.scenario import build_person
from tests.movements.conftest import world  # noqa: F401
from thidua.awards.models import Nomination


@pytest.fixture
def nw(world):  # noqa: F811
    return prepare(world)


def test_create_cite_submit_through_pages(nw, client_for):
    people = add_ldtt_people(nw.div_a, 7)
    client = client_for(nw.head_a)
    url = f"/khen-thuong/de-nghi/phong-trao/{nw.movement.code}/them/"
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "proposing_unit": nw.div_a.code,
            "award_code": "CSTDCS",
            "year": YEAR,
            "candidate": f"person:{people[0].pk}",
            "achievement": "Hoàn thành xuất sắc nhiệm vụ",
        },
    )
    nomination = Nomination.objects.get(person=people[0])
    assert response.status_code == 302
    assert response["Location"] == f"/khen-thuong/de-nghi/{nomination.pk}/"

    response = client.post(
        f"/khen-thuong/de-nghi/{nomination.pk}/trang-thai/", {"state": "SUBMITTED"}, follow=True
    )
    assert "Đề nghị phải nêu kết quả thi đua làm căn cứ" in response.content.decode()
    nomination.refresh_from_db()
    assert nomination.state == "DRAFT"

    activity = add_activity(nw, people[0])
    page = client.get(f"/khen-thuong/de-nghi/{nomination.pk}/").content.decode()
    assert activity.title in page
    response = client.post(
        f"/khen-thuong/de-nghi/{nomination.pk}/can-cu/", {"activities": [activity.pk]}
    )
    assert response.status_code == 302
    client.post(f"/khen-thuong/de-nghi/{nomination.pk}/trang-thai/", {"state": "SUBMITTED"})
    nomination.refresh_from_db()
    assert (nomination.state, nomination.verdict) == ("SUBMITTED", "ELIGIBLE")
    listing = client.get(f"/khen-thuong/de-nghi/phong-trao/{nw.movement.code}/").content.decode()
    assert "Đủ điều kiện" in listing


def test_override_page_is_for_the_officer_only(nw, client_for):
    weak = build_person({"r": {YEAR: "HTTNV"}, "a": [("LDTT", YEAR, "MERIT")]}, unit=nw.div_a)
    nomination = nominate(nw, weak)
    url = f"/khen-thuong/de-nghi/{nomination.pk}/y-kien/"
    assert client_for(nw.head_a).post(url, {"reason": "Lý do"}).status_code == 403
    response = client_for(nw.officer).post(url, {"reason": "Thành tích đột xuất"})
    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.override_reason, nomination.override_by) == (
        "Thành tích đột xuất",
        nw.officer,
    )


def test_api_create_cite_state_override(nw, api_client_for):
    people = add_ldtt_people(nw.div_a, 7)
    head = api_client_for(nw.head_a)
    response = head.post(
        f"/api/v1/movements/{nw.movement.code}/nominations",
        json.dumps(
            {
                "award_code": "CSTDCS",
                "year": YEAR,
                "proposing_unit_code": nw.div_a.code,
                "person_code": people[0].code,
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    nid = response.json()["id"]
    response = head.post(
        f"/api/v1/nominations/{nid}/state",
        json.dumps({"state": "SUBMITTED"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "state"]
    assert response.json()["detail"][0]["msg"].startswith(
        "Đề nghị phải nêu kết quả thi đua làm căn cứ"
    )
    activity = add_activity(nw, people[0])
    response = head.post(
        f"/api/v1/nominations/{nid}/cite",
        json.dumps({"activity_ids": [activity.pk]}),
        content_type="application/json",
    )
    assert response.json()["activity_ids"] == [activity.pk]
    response = head.post(
        f"/api/v1/nominations/{nid}/override",
        json.dumps({"reason": "x"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    response = head.post(
        f"/api/v1/nominations/{nid}/state",
        json.dumps({"state": "SUBMITTED"}),
        content_type="application/json",
    )
    assert (response.json()["state"], response.json()["verdict"]) == ("SUBMITTED", "ELIGIBLE")
    listed = api_client_for(nw.officer).get(f"/api/v1/movements/{nw.movement.code}/nominations")
    assert [row["id"] for row in listed.json()] == [nid]
    assert (
        api_client_for(nw.head_b).get(f"/api/v1/movements/{nw.movement.code}/nominations").json()
        == []
    )
