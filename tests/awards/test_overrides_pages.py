"""Local rule parameters page: rules with citation and confidence ("chưa xác nhận" for U),
national and local values; setting a value (within the law, with its legal basis) changes a
screening verdict, clearing it restores the national one; every change is audited and listed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.awards.scenario import build_person
from tests.factories import make_unit, make_user
from thidua.awards.eligibility import screen
from thidua.awards.models import RuleOverride
from thidua.core.models import AuditEvent
from thidua.org.enums import Role
from thidua.org.models import Person

pytestmark = pytest.mark.django_db

EDIT = ("ND98_2023", "LDTT", "LDTT_RATING", "min_rating")


@pytest.fixture
def top():
    return make_unit("STTTT", name="Sở Thông tin và Truyền thông")


@pytest.fixture
def admin(top):
    return make_user(Role.ADMIN, top, username="quantri")


def _verdict(person: Person) -> str:
    [result] = screen("LDTT", 2024, people=Person.objects.filter(pk=person.pk)).results
    return result.verdict


def test_regime_page_lists_rules_citations_and_confidence(admin, client_for):
    client = client_for(admin)
    index = client.get(reverse("awards:override_regimes")).content.decode()
    for code in ("ND91_2017", "ND98_2023", "ND152_2025"):
        assert reverse("awards:override_regime", args=[code]) in index
    html = client.get(reverse("awards:override_regime", args=["ND98_2023"])).content.decode()
    assert "LDTT_RATING" in html
    assert "Luật Thi đua, khen thưởng 2022, Điều 24.1" in html
    assert "chưa xác nhận" in html  # ND98_2023 has [U] rules
    assert reverse("awards:override_edit", args=EDIT) in html
    assert client.get(reverse("awards:override_regime", args=["ND00"])).status_code == 404


def test_set_value_changes_screening_and_clear_restores_it(admin, top, client_for):
    person = build_person({"r": {2024: "HTTNV"}}, unit=make_unit(parent=top))
    national = _verdict(person)
    assert national != "NOT_ELIGIBLE"
    client = client_for(admin)
    url = reverse("awards:override_edit", args=EDIT)
    form = client.get(url).content.decode()
    assert 'for="id_value"' in form
    assert 'for="id_note"' in form
    # no legal basis: refused
    response = client.post(url, {"value": "HTXSNV", "note": "", "action": "set"})
    assert response.status_code == 422
    assert "Ghi căn cứ áp dụng tại địa phương" in response.content.decode()
    assert not RuleOverride.objects.exists()
    response = client.post(
        url, {"value": "HTXSNV", "note": "Quyết định 12/2024/QĐ-UBND tỉnh", "action": "set"}
    )
    assert response.status_code == 302
    assert _verdict(person) == "NOT_ELIGIBLE"
    event = AuditEvent.objects.get(action="awards.rule_override")
    assert (event.actor, event.before, event.after["value"]) == (
        admin,
        {"value": "HTTNV"},
        "HTXSNV",
    )
    html = client.get(reverse("awards:override_regime", args=["ND98_2023"])).content.decode()
    assert "Quyết định 12/2024/QĐ-UBND tỉnh" in html
    assert "địa phương HTXSNV" in html

    response = client.post(url, {"value": "", "note": "Hết hiệu lực", "action": "clear"})
    assert response.status_code == 302
    assert not RuleOverride.objects.exists()
    assert _verdict(person) == national
    cleared = AuditEvent.objects.get(action="awards.rule_override_clear")
    assert cleared.before["value"] == "HTXSNV"
    assert cleared.after == {"value": "HTTNV", "note": "Hết hiệu lực"}
    html = client.get(reverse("awards:override_regime", args=["ND98_2023"])).content.decode()
    assert "bỏ giá trị địa phương" in html


@pytest.mark.parametrize(
    ("args", "value", "message"),
    [
        (
            ("ND98_2023", "TTLDTT", "TTLDTT_LDTT_SHARE", "min_share"),
            "1.5",
            "Tỷ lệ “min_share” phải từ 0 đến 1",
        ),
        (
            ("ND98_2023", "TTLDTT", "TTLDTT_LDTT_SHARE", "min_share"),
            "bảy mươi",
            "Giá trị “bảy mươi” của tham số “min_share” phải là số không âm.",
        ),
        (EDIT, "XYZ", "Giá trị “XYZ” không hợp lệ cho tham số “min_rating”"),
    ],
)
def test_value_outside_the_law_is_refused(admin, client_for, args, value, message):
    response = client_for(admin).post(
        reverse("awards:override_edit", args=args),
        {"value": value, "note": "Quyết định của tỉnh", "action": "set"},
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not RuleOverride.objects.exists()
    assert not AuditEvent.objects.filter(action="awards.rule_override").exists()


def test_only_a_top_administrator_changes_values(top, client_for):
    division = make_unit("CNTT", parent=top)
    division_admin = make_user(Role.ADMIN, division, username="qt_phong")
    client = client_for(division_admin)
    assert client.get(reverse("awards:override_regime", args=["ND98_2023"])).status_code == 200
    url = reverse("awards:override_edit", args=EDIT)
    assert client.post(url, {"value": "HTXSNV", "note": "x"}).status_code == 403
    officer = make_user(Role.OFFICER, top, username="canbo")
    assert client_for(officer).get(reverse("awards:override_regimes")).status_code == 403
    assert not RuleOverride.objects.exists()
    assert AuditEvent.objects.filter(action="access.denied").count() == 2
