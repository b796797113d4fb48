"""The screening page: verdicts with their checks, scoped to what the user may see."""

from __future__ import annotations

from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.org import services

URL = reverse("awards:eligibility")


def test_officer_screens_a_unit(two_divisions, client_for):
    t = two_divisions
    services.set_person_rating(t.person_a, 2024, "HTXSNV")
    response = client_for(t.officer).get(URL, {"award_code": "CSTDCS", "year": 2024, "unit": "VP"})
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(r["result"].recipient_code, r["result"].verdict) for r in rows] == [("PA", "ELIGIBLE")]
    html = response.content.decode()
    assert "Đạt danh hiệu Lao động tiên tiến năm 2024" in html
    assert "Luật Thi đua, khen thưởng 2022, Điều 23" in html
    assert "ND98_2023" in html


def test_head_of_division_a_sees_only_division_a(two_divisions, client_for):
    t = two_divisions
    response = client_for(t.head_a).get(URL, {"award_code": "LDTT", "year": 2024})
    assert [r["result"].recipient_code for r in response.context["rows"]] == ["PA"]
    assert [r["result"].verdict for r in response.context["rows"]] == ["NEEDS_REVIEW"]
    # division B is not even offered as a choice
    response = client_for(t.head_a).get(URL, {"award_code": "LDTT", "year": 2024, "unit": "CNTT"})
    assert response.context["result"] is None
    assert "unit" in response.context["form"].errors


def test_form_without_query_shows_no_result(two_divisions, client_for):
    response = client_for(two_divisions.officer).get(URL)
    assert response.status_code == 200
    assert response.context["result"] is None


def test_user_without_role_is_refused_and_recorded(db, client_for):
    from tests.factories import make_user

    user = make_user(username="khach")
    response = client_for(user).get(URL)
    assert response.status_code == 403
    assert AuditEvent.objects.filter(action="access.denied", actor=user).count() == 1
