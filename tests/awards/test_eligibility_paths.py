"""The screening page and ``GET /api/v1/eligibility`` offer every code some regime has rules
for (read from the regime files, not a list in the code) and the collective path of the forms
that have one (``recipient_type``)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from thidua.awards.regimes import REGIME_CODES, load_regime
from thidua.awards.views_eligibility import ScreeningForm, screenable_codes
from thidua.org import services

URL = reverse("awards:eligibility")
API = "/api/v1/eligibility"


def test_screenable_codes_come_from_the_regimes(monkeypatch):
    expected = {c for r in REGIME_CODES for c in load_regime(r, overrides=False).awards}
    assert set(screenable_codes()) == expected
    assert {"CSTD_TQ", "CO_TINH", "GIAY_KHEN", "BANG_KHEN_TTG"} <= expected
    # a code leaves the choices when no regime has rules for it any more
    from thidua.awards import views_eligibility

    real = views_eligibility.load_regime

    def without_co_tinh(code, **kw):
        regime = real(code, **kw)
        awards = {k: v for k, v in regime.awards.items() if k != "CO_TINH"}
        return type(regime)(**{**regime.__dict__, "awards": awards})

    monkeypatch.setattr(views_eligibility, "load_regime", without_co_tinh)
    assert "CO_TINH" not in screenable_codes()


def test_form_offers_the_new_codes(two_divisions):
    form = ScreeningForm(user=two_divisions.officer)
    choices = [value for value, _label in form.fields["award_code"].choices]
    assert {"CSTD_TQ", "CO_TINH", "GIAY_KHEN", "BANG_KHEN_TTG"} <= set(choices)


@pytest.fixture
def rated(two_divisions):
    t = two_divisions
    services.set_person_rating(t.person_a, 2024, "HTTNV")
    services.set_unit_rating(t.div_a, 2024, "HTTNV")
    services.set_unit_rating(t.div_b, 2024, "HTNV")
    return t


def test_page_screens_the_collective_path_of_a_form(rated, client_for):
    client = client_for(rated.officer)
    response = client.get(URL, {"award_code": "GIAY_KHEN", "year": 2024, "unit": "VP"})
    assert [
        (r["result"].recipient_code, r["result"].verdict) for r in response.context["rows"]
    ] == [("PA", "ELIGIBLE")]
    response = client.get(URL, {"award_code": "GIAY_KHEN", "year": 2024, "recipient_type": "unit"})
    rows = {r["result"].recipient_code: r["result"].verdict for r in response.context["rows"]}
    assert rows == {"STTTT": "NEEDS_REVIEW", "VP": "ELIGIBLE", "CNTT": "NOT_ELIGIBLE"}
    html = response.content.decode()
    assert "Tập thể hoàn thành tốt nhiệm vụ năm 2024" in html
    assert "Nội bộ đoàn kết (cần đơn vị xác nhận)" in html
    assert 'name="recipient_type"' in html


def test_page_refuses_a_path_the_regime_lacks(rated, client_for):
    response = client_for(rated.officer).get(
        URL, {"award_code": "CSTD_TQ", "year": 2024, "recipient_type": "unit"}
    )
    assert response.context["result"] is None
    assert response.context["form"].errors == {
        "recipient_type": ["Chế độ ND98_2023 không có tiêu chuẩn “CSTD_TQ” cho tập thể."]
    }


def test_api_screens_new_codes_and_paths(rated, api_client_for):
    client = api_client_for(rated.officer)
    response = client.get(API, {"award_code": "CSTD_TQ", "year": 2024, "unit_code": "VP"})
    assert response.status_code == 200
    [result] = response.json()["results"]
    assert result["recipient_code"] == "PA"
    assert result["verdict"] == "NOT_ELIGIBLE"
    assert [c["rule"] for c in result["checks"]] == [
        "CSTD_TQ_NOT_ON_HOLD",
        "CSTD_TQ_CSTD_TINH_CHAIN",
        "CSTD_TQ_INITIATIVE",
        "CSTD_TQ_MODEL",
    ]
    response = client.get(
        API, {"award_code": "BANG_KHEN_TTG", "year": 2024, "recipient_type": "unit"}
    )
    assert response.status_code == 200
    body = response.json()
    assert {r["recipient_code"]: r["verdict"] for r in body["results"]} == {
        "STTTT": "NEEDS_REVIEW",
        "VP": "NEEDS_REVIEW",
        "CNTT": "NEEDS_REVIEW",
    }
    assert body["results"][0]["checks"][0]["rule"] == "BANG_KHEN_TTG_UNIT_UNCONFIRMED"


def test_api_refuses_a_path_the_regime_lacks(rated, api_client_for):
    client = api_client_for(rated.officer)
    response = client.get(API, {"award_code": "LDTT", "year": 2024, "recipient_type": "unit"})
    assert response.status_code == 422
    assert response.json()["detail"] == [
        {
            "loc": ["query", "recipient_type"],
            "msg": "Chế độ ND98_2023 không có tiêu chuẩn “LDTT” cho tập thể.",
            "type": "value_error",
        }
    ]
    response = client.get(API, {"award_code": "LDTT", "year": 2024, "recipient_type": "team"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "recipient_type"]
