"""GET /api/v1/eligibility: the shape of API.md exactly, the regime of the year, scoping."""

from __future__ import annotations

import pytest

from tests.factories import make_person, make_user
from thidua.org import services

URL = "/api/v1/eligibility"


@pytest.fixture
def screened(two_divisions):
    """PA (division A) HTXSNV in 2024, PB (division B) HTTNV with no initiative."""
    t = two_divisions
    services.set_person_rating(t.person_a, 2024, "HTXSNV")
    services.set_person_rating(t.person_b, 2024, "HTTNV")
    return t


def test_shape_is_the_contract(screened, api_client_for):
    response = api_client_for(screened.officer).get(
        URL, {"award_code": "CSTDCS", "year": 2024, "unit_code": "VP"}
    )
    assert response.status_code == 200
    body = response.json()
    assert body == {
        "award_code": "CSTDCS",
        "year": 2024,
        "regime": "ND98_2023",
        "results": [
            {
                "recipient_code": "PA",
                "verdict": "ELIGIBLE",
                "checks": [
                    {
                        "rule": "CSTDCS_NOT_ON_HOLD",
                        "passed": True,
                        "message": "Không đang bị xem xét kỷ luật, điều tra, thanh tra, kiểm tra "
                        "(nếu có thì tạm dừng xét)",
                        "citation": "Luật Thi đua, khen thưởng 2022, Điều 5; "
                        "Nghị định 98/2023/NĐ-CP, Điều 4",
                    },
                    {
                        "rule": "LDTT_IN_YEAR",
                        "passed": True,
                        "message": "Đạt danh hiệu Lao động tiên tiến năm 2024",
                        "citation": "Luật Thi đua, khen thưởng 2022, Điều 23",
                    },
                    {
                        "rule": "CSTDCS_HTXSNV_OR_INITIATIVE",
                        "passed": True,
                        "message": "Năm 2024 được xếp loại Hoàn thành xuất sắc nhiệm vụ hoặc có "
                        "sáng kiến được công nhận phạm vi cơ sở (hoặc đề tài nghiên cứu được "
                        "nghiệm thu: chưa ghi nhận trong hệ thống); đạt: xếp loại HTXSNV",
                        "citation": "Luật Thi đua, khen thưởng 2022, Điều 23",
                    },
                ],
            }
        ],
    }


def test_all_visible_people_without_unit_code(screened, api_client_for):
    body = api_client_for(screened.officer).get(URL, {"award_code": "CSTDCS", "year": 2024}).json()
    verdicts = {r["recipient_code"]: r["verdict"] for r in body["results"]}
    assert verdicts == {"PA": "ELIGIBLE", "PB": "NOT_ELIGIBLE"}
    failed = [c["rule"] for r in body["results"] for c in r["checks"] if c["passed"] is False]
    assert failed == ["CSTDCS_HTXSNV_OR_INITIATIVE"]


def test_head_of_division_a_sees_only_their_people(screened, api_client_for):
    body = api_client_for(screened.head_a).get(URL, {"award_code": "LDTT", "year": 2024}).json()
    assert [r["recipient_code"] for r in body["results"]] == ["PA"]


def test_unit_code_outside_scope_is_404(screened, api_client_for):
    response = api_client_for(screened.head_a).get(
        URL, {"award_code": "LDTT", "year": 2024, "unit_code": "CNTT"}
    )
    assert response.status_code == 404
    assert "CNTT" in response.json()["detail"]


def test_collective_award_screens_units(screened, api_client_for):
    services.set_unit_rating(screened.div_a, 2024, "HTTNV")
    body = api_client_for(screened.head_a).get(URL, {"award_code": "TTLDTT", "year": 2024}).json()
    assert body["regime"] == "ND98_2023"
    assert [(r["recipient_code"], r["verdict"]) for r in body["results"]] == [("VP", "ELIGIBLE")]


def test_regime_follows_the_year(screened, api_client_for):
    client = api_client_for(screened.officer)
    regimes = {
        year: client.get(URL, {"award_code": "LDTT", "year": year}).json()["regime"]
        for year in (2023, 2024, 2025)
    }
    assert regimes == {2023: "ND91_2017", 2024: "ND98_2023", 2025: "ND152_2025"}


def test_unknown_award_code_and_year_without_regime_are_422(screened, api_client_for):
    client = api_client_for(screened.officer)
    response = client.get(URL, {"award_code": "NOPE", "year": 2024})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "award_code"]
    response = client.get(URL, {"award_code": "LDTT", "year": 2010})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "year"]
    response = client.get(URL, {"award_code": "HCLD_1", "year": 2024})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "award_code"]


def test_staff_without_directory_role_is_403(db, api_client_for, two_divisions):
    user = make_user(username="staff_only")
    make_person("PS", unit=two_divisions.div_a)
    response = api_client_for(user).get(URL, {"award_code": "LDTT", "year": 2024})
    assert response.status_code == 403


def test_on_hold_visible_in_api(screened, api_client_for):
    services.record_discipline(screened.person_a, status="UNDER_REVIEW")
    body = (
        api_client_for(screened.officer)
        .get(URL, {"award_code": "LDTT", "year": 2024, "unit_code": "VP"})
        .json()
    )
    assert [r["verdict"] for r in body["results"]] == ["ON_HOLD"]


def test_unauthenticated_is_401(db, client):
    assert client.get(URL, {"award_code": "LDTT", "year": 2024}).status_code == 401


def test_limit_and_offset_screen_a_page_by_code(screened, api_client_for):
    client = api_client_for(screened.officer)
    everyone = client.get(URL, {"award_code": "CSTDCS", "year": 2024}).json()["results"]
    assert [r["recipient_code"] for r in everyone] == ["PA", "PB"]
    first = client.get(URL, {"award_code": "CSTDCS", "year": 2024, "limit": 1}).json()
    assert first["results"] == everyone[:1]
    second = client.get(URL, {"award_code": "CSTDCS", "year": 2024, "limit": 1, "offset": 1}).json()
    assert second["results"] == everyone[1:]
    past = client.get(URL, {"award_code": "CSTDCS", "year": 2024, "limit": 5, "offset": 2})
    assert past.json()["results"] == []
    too_many = client.get(URL, {"award_code": "CSTDCS", "year": 2024, "limit": 1001})
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == ["query", "limit"]


def test_summary_counts_verdicts_and_failed_rules(screened, api_client_for):
    client = api_client_for(screened.officer)
    response = client.get(f"{URL}/summary", {"award_code": "CSTDCS", "year": 2024})
    assert response.status_code == 200
    assert response.json() == {
        "award_code": "CSTDCS",
        "year": 2024,
        "regime": "ND98_2023",
        "recipient_type": "person",
        "total": 2,
        "verdicts": {"ELIGIBLE": 1, "NOT_ELIGIBLE": 1, "ON_HOLD": 0, "NEEDS_REVIEW": 0},
        "failed_rules": {"CSTDCS_HTXSNV_OR_INITIATIVE": 1},
    }
    # scoped like the results: division A's head counts only PA
    head = api_client_for(screened.head_a).get(
        f"{URL}/summary", {"award_code": "CSTDCS", "year": 2024}
    )
    assert head.json()["total"] == 1
    outside = api_client_for(screened.head_a).get(
        f"{URL}/summary", {"award_code": "LDTT", "year": 2024, "unit_code": "CNTT"}
    )
    assert outside.status_code == 404
    unknown = client.get(f"{URL}/summary", {"award_code": "HCLD_1", "year": 2024})
    assert unknown.status_code == 422
    assert unknown.json()["detail"][0]["loc"] == ["query", "award_code"]
