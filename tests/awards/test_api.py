from __future__ import annotations

import pytest

from tests.api.conftest import error_locs, post, put
from tests.awards.conftest import make_award
from thidua.awards.models import Award, Initiative

pytestmark = pytest.mark.usefixtures("db")


def _body(**kw):
    return {
        "recipient_type": "person",
        "recipient_code": "PA",
        "award_code": "CSTDCS",
        "year": 2023,
        "kind": "MERIT",
        "decision_number": "12/QĐ-UBND",
        "decision_date": "2024-01-20",
    } | kw


def test_post_award_then_duplicate_is_409(two_divisions, api_client_for):
    client = api_client_for(two_divisions.officer)
    first = post(client, "/api/v1/awards", _body())
    assert first.status_code == 201
    data = first.json()
    assert data["id"] == Award.objects.get().pk
    assert (data["recipient_code"], data["status"], data["source"]) == ("PA", "ACTIVE", "API")
    second = post(client, "/api/v1/awards", _body(decision_number="13/QĐ"))
    assert second.status_code == 409
    assert "Một thành tích chỉ khen thưởng một lần" in second.json()["detail"]
    assert Award.objects.count() == 1


def test_post_award_validation_names_fields(two_divisions, api_client_for):
    client = api_client_for(two_divisions.officer)
    r = post(client, "/api/v1/awards", _body(recipient_code="NOPE"))
    assert r.status_code == 422
    assert r.json()["detail"][0]["loc"] == ["body", "recipient_code"]
    assert r.json()["detail"][0]["msg"] == "Không có cán bộ mã “NOPE”."
    r = post(client, "/api/v1/awards", _body(award_code="XYZ", kind="OTHER"))
    assert r.status_code == 422
    assert sorted(error_locs(r)) == [["body", "award_code"], ["body", "kind"]]
    r = post(client, "/api/v1/awards", _body(recipient_type="unit", recipient_code="VP"))
    assert r.status_code == 422
    assert error_locs(r) == [["body", "award_code"]]
    r = post(client, "/api/v1/awards", _body(year=2023, decision_date="2022-06-01"))
    assert error_locs(r) == [["body", "decision_date"]]


def test_revoke_via_api_lists_dependents(two_divisions, api_client_for):
    base = make_award(two_divisions.person_a, "CSTDCS", 2021)
    dependent = make_award(two_divisions.person_a, "CSTD_TINH", 2023, based_on=[base])
    client = api_client_for(two_divisions.officer)
    r = post(client, f"/api/v1/awards/{base.pk}/revoke", {"reason": "Hồ sơ giả mạo"})
    assert r.status_code == 200
    data = r.json()
    assert data["award"]["status"] == "REVOKED"
    assert data["award"]["revoked_reason"] == "Hồ sơ giả mạo"
    assert [d["id"] for d in data["dependents"]] == [dependent.pk]
    listed = client.get("/api/v1/awards?recipient_code=PA&award_code=CSTDCS&year=2021").json()
    assert [(a["id"], a["status"]) for a in listed["items"]] == [(base.pk, "REVOKED")]
    r = post(client, f"/api/v1/awards/{base.pk}/revoke", {"reason": ""})
    assert r.status_code == 422
    assert error_locs(r) == [["body", "reason"]]


def test_unit_head_cannot_see_other_division_awards(two_divisions, api_client_for):
    mine = make_award(two_divisions.person_a, "LDTT", 2023)
    other = make_award(two_divisions.person_b, "LDTT", 2023)
    client = api_client_for(two_divisions.head_a)
    listed = client.get("/api/v1/awards").json()
    assert [a["id"] for a in listed["items"]] == [mine.pk]
    assert listed["count"] == 1
    assert client.get(f"/api/v1/awards/{other.pk}").status_code == 404
    assert client.get(f"/api/v1/awards/{mine.pk}").status_code == 200
    # A unit head is not an editor: no recording, no revoking.
    assert post(client, "/api/v1/awards", _body()).status_code == 403
    r = post(client, f"/api/v1/awards/{mine.pk}/revoke", {"reason": "x"})
    assert r.status_code == 403


def test_put_initiative_idempotent(two_divisions, api_client_for):
    client = api_client_for(two_divisions.officer)
    body = {
        "title": "Phần mềm quản lý hồ sơ thi đua",
        "author_codes": ["PA", "PB"],
        "unit_code": "STTTT",
        "recognized_on": "2023-06-01",
        "scope": "SCOPE_TINH",
    }
    first = put(client, "/api/v1/initiatives/SK-2023-01", body)
    assert first.status_code == 201
    second = put(client, "/api/v1/initiatives/SK-2023-01", body)
    assert second.status_code == 200
    assert second.json() == first.json()
    assert Initiative.objects.count() == 1
    initiative = Initiative.objects.get()
    assert sorted(initiative.authors.values_list("code", flat=True)) == ["PA", "PB"]
    got = client.get("/api/v1/initiatives/SK-2023-01").json()
    assert got["author_codes"] == ["PA", "PB"]
    assert got["unit_code"] == "STTTT"


def test_put_initiative_unknown_codes_are_422(two_divisions, api_client_for):
    client = api_client_for(two_divisions.officer)
    body = {
        "title": "X",
        "author_codes": ["PA", "GHOST"],
        "unit_code": "NOWHERE",
        "recognized_on": "2023-06-01",
        "scope": "SCOPE_TINH",
    }
    r = put(client, "/api/v1/initiatives/SK-9", body)
    assert r.status_code == 422
    assert error_locs(r) == [["body", "unit_code"]]
    r = put(client, "/api/v1/initiatives/SK-9", body | {"unit_code": "VP"})
    assert error_locs(r) == [["body", "author_codes"]]
    assert r.json()["detail"][0]["msg"] == "Không có cán bộ mã “GHOST”."
    r = put(client, "/api/v1/initiatives/SK-9", body | {"scope": "SCOPE_XA", "unit_code": "VP"})
    assert error_locs(r) == [["body", "scope"]]
    assert Initiative.objects.count() == 0
