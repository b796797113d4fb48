"""Regimes API: the regimes, one regime's rules with national and local values, and setting
or clearing a local value (administrators of a top unit only; validated within the law;
audited; applied in screening)."""

from __future__ import annotations

import pytest

from tests.api.conftest import put
from tests.awards.scenario import build_person
from tests.factories import make_unit, make_user
from thidua.awards.eligibility import screen
from thidua.awards.models import RuleOverride
from thidua.core.models import AuditEvent
from thidua.org.enums import Role
from thidua.org.models import Person

pytestmark = pytest.mark.django_db

URL = "/api/v1/regimes/ND98_2023/overrides"
BODY = {
    "award_code": "LDTT",
    "rule": "LDTT_RATING",
    "parameter": "min_rating",
    "value": "HTXSNV",
    "note": "Quyết định 12/2024/QĐ-UBND",
}


@pytest.fixture
def top():
    return make_unit("STTTT")


def test_list_and_detail(top, api_client_for):
    api = api_client_for(make_user(Role.ADMIN, top, username="quantri"))
    regimes = api.get("/api/v1/regimes").json()
    assert [r["code"] for r in regimes] == ["ND91_2017", "ND98_2023", "ND152_2025"]
    detail = api.get("/api/v1/regimes/ND98_2023").json()
    rule = next(r for r in detail["rules"] if r["code"] == "LDTT_RATING")
    assert rule["citation"] == "Luật Thi đua, khen thưởng 2022, Điều 24.1"
    assert rule["confidence"] == "V"
    assert rule["parameters"][0]["national"] == "HTTNV"
    assert rule["parameters"][0]["overridden"] is False
    assert any(r["unconfirmed"] for r in detail["rules"])
    missing = api.get("/api/v1/regimes/ND00")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "Không có chế độ pháp lý mã “ND00”."}


def test_set_and_clear_change_screening(top, api_client_for):
    admin = make_user(Role.ADMIN, top, username="quantri")
    api = api_client_for(admin)
    person = build_person({"r": {2024: "HTTNV"}}, unit=make_unit(parent=top))

    def verdict() -> str:
        [result] = screen("LDTT", 2024, people=Person.objects.filter(pk=person.pk)).results
        return result.verdict

    national = verdict()
    response = put(api, URL, BODY)
    assert response.status_code == 200, response.json()
    param = response.json()["parameters"][0]
    assert (param["local"], param["overridden"], param["note"]) == (
        "HTXSNV",
        True,
        "Quyết định 12/2024/QĐ-UBND",
    )
    assert verdict() == "NOT_ELIGIBLE"
    assert national != "NOT_ELIGIBLE"
    assert AuditEvent.objects.get(action="awards.rule_override").actor == admin
    assert api.get("/api/v1/regimes").json()[1]["local_values"] == 1

    cleared = put(api, URL, {**BODY, "value": None, "note": "Bãi bỏ"})
    assert cleared.status_code == 200
    assert cleared.json()["parameters"][0]["overridden"] is False
    assert verdict() == national
    assert AuditEvent.objects.filter(action="awards.rule_override_clear").count() == 1
    again = put(api, URL, {**BODY, "value": None})
    assert again.status_code == 422
    assert again.json()["detail"][0]["loc"] == ["body", "parameter"]


@pytest.mark.parametrize(
    ("change", "field", "fragment"),
    [
        ({"value": "XYZ"}, "value", "không hợp lệ cho tham số “min_rating”"),
        (
            {
                "award_code": "TTLDTT",
                "rule": "TTLDTT_LDTT_SHARE",
                "parameter": "min_share",
                "value": 1.5,
            },
            "value",
            "phải từ 0 đến 1",
        ),
        (
            {
                "value": -1,
                "rule": "CSTD_TINH_CSTDCS_CHAIN",
                "award_code": "CSTD_TINH",
                "parameter": "count",
            },
            "value",
            "Giá trị “-1” không hợp lệ cho tham số “count”",
        ),
        ({"parameter": "khong_co"}, "parameter", "không có tham số “khong_co”"),
        ({"note": ""}, "note", "Ghi căn cứ"),
    ],
)
def test_refusals_name_the_field(top, api_client_for, change, field, fragment):
    api = api_client_for(make_user(Role.ADMIN, top, username="quantri"))
    response = put(api, URL, {**BODY, **change})
    assert response.status_code == 422
    [item] = response.json()["detail"]
    assert item["loc"] == ["body", field]
    assert fragment in item["msg"]
    assert not RuleOverride.objects.exists()


def test_permissions(top, api_client_for):
    division_admin = make_user(Role.ADMIN, make_unit("CNTT", parent=top), username="qt")
    api = api_client_for(division_admin)
    assert api.get("/api/v1/regimes/ND98_2023").status_code == 200
    refused = put(api, URL, BODY)
    assert refused.status_code == 403
    assert "quản trị hệ thống cấp cao nhất" in refused.json()["detail"]
    officer = api_client_for(make_user(Role.OFFICER, top, username="canbo"))
    assert officer.get("/api/v1/regimes").status_code == 403
    assert not RuleOverride.objects.exists()
