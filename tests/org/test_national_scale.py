"""What keeps the people list usable for an officer who sees a whole country: no unit list of
every unit in the filter form, and no join on the units when the scope covers the whole tree."""

from __future__ import annotations

import pytest
from django import forms as django_forms

from tests.factories import make_unit, make_user
from thidua.org import forms
from thidua.org.enums import Role
from thidua.org.queries import forget_role_scopes, visible_people, visible_units


@pytest.mark.django_db
def test_many_units_turn_the_unit_filter_into_a_code_box(two_divisions, client_for, monkeypatch):
    monkeypatch.setattr(forms, "UNIT_SELECT_MAX", 2)  # the officer sees 3 units
    client = client_for(two_divisions.officer)
    response = client.get("/to-chuc/can-bo/")
    assert isinstance(response.context["form"].fields["unit"], django_forms.CharField)
    assert b'<option value="CNTT"' not in response.content
    response = client.get("/to-chuc/can-bo/", {"unit": "CNTT"})
    assert [p.code for p in response.context["page"].object_list] == ["PB"]
    response = client.get("/to-chuc/can-bo/", {"unit": "KHONG-CO"})
    assert (
        "Không có đơn vị mã “KHONG-CO” trong phạm vi bạn được xem."
        in (response.context["form"].errors["unit"][0])
    )


@pytest.mark.django_db
def test_few_units_keep_the_list(two_divisions, client_for):
    response = client_for(two_divisions.officer).get("/to-chuc/can-bo/")
    assert isinstance(response.context["form"].fields["unit"], django_forms.ChoiceField)
    assert b'<option value="CNTT"' in response.content


@pytest.mark.django_db
def test_a_scope_covering_every_root_reads_without_joining_units(two_divisions):
    officer = two_divisions.officer  # OFFICER on the only root
    assert "org_unit" not in str(visible_people(officer).query)
    assert "WHERE" not in str(visible_units(officer).query)
    assert set(visible_people(officer).values_list("code", flat=True)) == {"PA", "PB"}
    # A second root outside the officer's scope: the filter is back, and it excludes it.
    other = make_unit("KHAC", name="Cơ quan khác")
    make_user(Role.STAFF, other, username="someone")
    forget_role_scopes(officer)
    assert "LIKE" in str(visible_units(officer).query)
    assert not visible_units(officer).filter(pk=other.pk).exists()
    # A unit head of one division still sees only the division.
    assert set(visible_people(two_divisions.head_a).values_list("code", flat=True)) == {"PA"}
