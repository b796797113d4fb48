"""The public comment API (no login): a token fetched from the API, used at least 3 seconds
later; too fast 422; the per-sender hourly limit 429 with Retry-After; DRAFT 404; closed 409."""

from __future__ import annotations

import json
import time

import pytest
from django.test import Client, override_settings

from tests.awards.disclosure_world import build, comment_data, open_disclosure, token
from tests.movements.conftest import world  # noqa: F401
from thidua.awards import disclosure as services
from thidua.awards.models import Disclosure, PublicComment
from thidua.core.models import AuditEvent

BASE = "/api/v1/public/disclosures"


@pytest.fixture
def dw(world):  # noqa: F811
    return build(world)


def _body(d: Disclosure, **kw) -> dict:
    data = comment_data(d)
    for key in ("client_ip", "honeypot"):
        data.pop(key)
    data.update(kw)
    return data


def _post(client: Client, d: Disclosure, body: dict, **extra):
    return client.post(
        f"{BASE}/{d.code}/comments", json.dumps(body), content_type="application/json", **extra
    )


def test_token_from_the_api_is_accepted_after_three_seconds(dw, monkeypatch):
    d = open_disclosure(dw)
    client = Client()  # no login, no bearer token
    r = client.get(f"{BASE}/{d.code}/comment-token")
    assert r.status_code == 200
    issued = r.json()
    assert issued["min_age_seconds"] == 3
    assert issued["closes_on"] == d.closes_on.isoformat()
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 5)
    r = _post(
        client,
        d,
        _body(d, token=issued["token"], kind="OBJECTION", nomination_id=dw.n_a.pk),
        REMOTE_ADDR="198.51.100.4",
    )
    assert r.status_code == 201, r.content
    comment = PublicComment.objects.get()
    assert r.json()["id"] == comment.pk
    assert comment.kind == "OBJECTION"
    assert comment.nomination_id == dw.n_a.pk
    assert comment.sender_hash == services.sender_hash("198.51.100.4")
    assert AuditEvent.objects.filter(action="awards.disclosure.comment").count() == 1


def test_too_fast_is_422_with_a_vietnamese_message(dw):
    d = open_disclosure(dw)
    fresh = Client().get(f"{BASE}/{d.code}/comment-token").json()["token"]
    r = _post(Client(), d, _body(d, token=fresh))
    assert r.status_code == 422
    messages = [item["msg"] for item in r.json()["detail"]]
    assert any("quá nhanh" in m for m in messages), messages
    assert not PublicComment.objects.exists()


def test_forged_token_and_bad_fields_are_422_naming_them(dw):
    d = open_disclosure(dw)
    r = _post(Client(), d, _body(d, token="forged"))
    assert r.status_code == 422
    assert "không hợp lệ" in r.json()["detail"][0]["msg"]
    r = _post(Client(), d, _body(d, contact="abc", nomination_id=dw.n_b.pk))
    assert r.status_code == 422
    locs = [item["loc"] for item in r.json()["detail"]]
    assert ["body", "contact"] in locs
    assert ["body", "nomination_id"] in locs  # n_b is not on this list
    assert not PublicComment.objects.exists()


@override_settings(THIDUA_DISCLOSURE_COMMENTS_PER_HOUR=2)
def test_rate_limit_per_sender_is_429_with_retry_after(dw):
    d = open_disclosure(dw)
    client = Client()
    for _i in range(2):
        assert _post(client, d, _body(d), REMOTE_ADDR="203.0.113.9").status_code == 201
    r = _post(client, d, _body(d, token=token(d)), REMOTE_ADDR="203.0.113.9")
    assert r.status_code == 429
    assert "trong một giờ qua" in r.json()["detail"]
    assert 1 <= int(r["Retry-After"]) <= 3600
    assert PublicComment.objects.count() == 2
    # another sender is not limited by the first one
    assert _post(client, d, _body(d), REMOTE_ADDR="203.0.113.10").status_code == 201


def test_draft_disclosure_is_404_and_closed_is_409(dw):
    from thidua.awards import disclosure

    draft = disclosure.create_disclosure(
        unit=dw.w.agency, movement=dw.w.movement, nominations=[dw.n_b], actor=dw.w.officer
    )
    client = Client()
    r = client.get(f"{BASE}/{draft.code}/comment-token")
    assert r.status_code == 404
    assert draft.code in r.json()["detail"]
    assert _post(client, draft, _body(draft)).status_code == 404
    assert client.get(f"{BASE}/CK-KHONG-CO/comment-token").status_code == 404
    d = open_disclosure(dw)
    Disclosure.objects.filter(pk=d.pk).update(state="CLOSED")
    d.refresh_from_db()
    r = _post(client, d, _body(d))
    assert r.status_code == 409
    assert "không nhận ý kiến" in r.json()["detail"]
    assert not PublicComment.objects.exists()


def test_openapi_lists_the_public_endpoints_without_security(client):
    doc = client.get("/api/v1/openapi.json").json()
    post = doc["paths"]["/api/v1/public/disclosures/{code}/comments"]["post"]
    assert "429" in post["responses"]
    assert not post.get("security")
