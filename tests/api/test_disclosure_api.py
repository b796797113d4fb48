"""The disclosure API: scoping (404 outside the officer's subtree, 401 without a token),
creating, publishing, closing (422 before the end), listing and answering comments."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.api.conftest import post
from tests.awards.disclosure_world import build, comment_data, open_disclosure
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import disclosure as services
from thidua.awards.models import Disclosure


@pytest.fixture
def dw(world):  # noqa: F811
    return build(world)


def test_create_publish_and_read(dw, api_client_for):
    c = api_client_for(dw.w.officer)
    r = post(
        c,
        "/api/v1/disclosures",
        {
            "unit_code": dw.w.agency.code,
            "movement_code": dw.w.movement.code,
            "nomination_ids": [dw.n_a.pk, dw.n_a2.pk],
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "DRAFT"
    assert body["working_days"] == 5
    assert sorted(body["nomination_ids"]) == sorted([dw.n_a.pk, dw.n_a2.pk])
    code = body["code"]
    r = post(c, f"/api/v1/disclosures/{code}/publish", {})
    assert r.status_code == 200
    d = Disclosure.objects.get(code=code)
    assert r.json()["closes_on"] == d.closes_on.isoformat()
    assert r.json()["blockers"] == [
        f"Đợt công khai “{code}” đang mở đến hết ngày {d.closes_on:%d/%m/%Y}."
    ]
    r = post(c, f"/api/v1/disclosures/{code}/close", {})
    assert r.status_code == 422
    assert r.json()["detail"][0]["msg"].startswith("Chưa hết thời hạn công khai")
    assert [x["code"] for x in c.get("/api/v1/disclosures").json()] == [code]


def test_create_refuses_unit_out_of_scope_and_bad_nominations(dw, api_client_for):
    c = api_client_for(dw.officer_b)
    r = post(c, "/api/v1/disclosures", {"unit_code": dw.w.agency.code, "nomination_ids": []})
    assert r.status_code == 403
    r = post(
        c, "/api/v1/disclosures", {"unit_code": dw.w.div_b.code, "nomination_ids": [dw.n_a.pk]}
    )
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "nominations"]


def test_comments_and_answer_scoped(dw, api_client_for):
    d = open_disclosure(dw, dw.n_a)
    comment = services.submit_public_comment(d, **comment_data(d, kind="OBJECTION"))
    other = api_client_for(dw.officer_b)
    assert other.get(f"/api/v1/disclosures/{d.code}").status_code == 404
    r = post(other, f"/api/v1/disclosures/{d.code}/comments/{comment.pk}/answer", {"answer": "x"})
    assert r.status_code == 404
    assert other.get("/api/v1/disclosures").json() == []
    c = api_client_for(dw.w.officer)
    rows = c.get(f"/api/v1/disclosures/{d.code}/comments").json()
    assert [(x["id"], x["kind"], x["contact"]) for x in rows] == [
        (comment.pk, "OBJECTION", "0912 345 678")
    ]
    r = post(c, f"/api/v1/disclosures/{d.code}/comments/{comment.pk}/answer", {"answer": " "})
    assert r.status_code == 422
    r = post(
        c, f"/api/v1/disclosures/{d.code}/comments/{comment.pk}/answer", {"answer": "Đã xác minh."}
    )
    assert r.status_code == 200
    assert r.json()["answer"] == "Đã xác minh."
    assert r.json()["answered_at"] is not None
    comment.refresh_from_db()
    assert comment.answer == "Đã xác minh."


def test_no_token_is_401(dw):
    assert Client().get("/api/v1/disclosures").status_code == 401
