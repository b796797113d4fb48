"""Every list page runs the same number of queries for 1 item as for 3 (no N+1).

Each test measures a page with one item, adds two more items that touch every related object
the template shows (parent unit, place, unit of a person, actor of an event), and measures
again. A warm-up request first fills per-process caches (content types), so both measurements
start from the same state.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import make_person, make_place, make_unit, make_user
from thidua.core.audit import record_event
from thidua.org.enums import Role
from thidua.org.services import record_discipline

pytestmark = pytest.mark.django_db


def _queries(client: Client, url: str, *, htmx: bool = False) -> tuple[list[str], str]:
    headers = {"HX-Request": "true"} if htmx else {}
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return [q["sql"] for q in ctx.captured_queries], response.content.decode()


def _assert_same_count(one: list[str], three: list[str]) -> None:
    assert len(one) == len(three), "Queries with 3 items:\n" + "\n".join(three)


@pytest.fixture
def agency():
    return make_unit("STTTT", name="Sở Thông tin và Truyền thông")


@pytest.fixture
def officer(agency):
    return make_user(Role.OFFICER, agency, username="officer")


@pytest.fixture
def client(officer):
    c = Client()
    c.force_login(officer)
    return c


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_unit_list_queries_do_not_grow_with_units(agency, client, htmx):
    url = "/to-chuc/don-vi/"
    client.get(url)
    one, body = _queries(client, url, htmx=htmx)
    assert "1 đơn vị" in body
    border = make_place("X1", name="Xã Biên Giới", is_border=True)
    make_unit("VP", parent=agency, name="Văn phòng Sở", place=border)
    make_unit("CNTT", parent=agency, name="Phòng Công nghệ thông tin", place=make_place("X2"))
    three, body = _queries(client, url, htmx=htmx)
    assert "3 đơn vị" in body
    assert "Xã Biên Giới" in body
    _assert_same_count(one, three)


@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_person_list_queries_do_not_grow_with_people(agency, client, htmx):
    url = "/to-chuc/can-bo/"
    div_a = make_unit("VP", parent=agency, name="Văn phòng Sở")
    div_b = make_unit("CNTT", parent=agency, name="Phòng Công nghệ thông tin")
    make_person("PA", unit=div_a, full_name="Nguyễn Văn Đức")
    client.get(url)
    one, body = _queries(client, url, htmx=htmx)
    assert "1 người" in body
    make_person("PB", unit=div_b, full_name="Hoàng Thị Lan")
    make_person("PC", unit=agency, full_name="Trần Văn Minh")
    three, body = _queries(client, url, htmx=htmx)
    assert "3 người" in body
    assert "Phòng Công nghệ thông tin</td>" in body
    _assert_same_count(one, three)


def test_person_list_filtered_queries_do_not_grow_with_people(agency, client):
    url = "/to-chuc/can-bo/?q=nguyen&unit=STTTT&unrated=2024"
    div_a = make_unit("VP", parent=agency)
    make_person("PA", unit=div_a, full_name="Nguyễn Văn Đức")
    client.get(url)
    one, body = _queries(client, url)
    assert "1 người" in body
    make_person("PB", unit=agency, full_name="Nguyễn Thị Lan")
    make_person("PC", unit=make_unit("CNTT", parent=agency), full_name="Nguyễn Văn Minh")
    three, body = _queries(client, url)
    assert "3 người" in body
    _assert_same_count(one, three)


def test_discipline_list_queries_do_not_grow_with_records(agency, client):
    url = "/to-chuc/ky-luat/"
    div_a = make_unit("VP", parent=agency)
    div_b = make_unit("CNTT", parent=agency, name="Phòng Công nghệ thông tin")
    record_discipline(make_person("PA", unit=div_a), status="UNDER_REVIEW")
    client.get(url)
    one, body = _queries(client, url)
    assert body.count("<tr>") == 2  # header row and one record
    record_discipline(make_person("PB", unit=div_b), status="UNDER_REVIEW")
    record_discipline(make_person("PC", unit=agency), status="UNDER_REVIEW")
    three, body = _queries(client, url)
    assert body.count("<tr>") == 4
    assert "Phòng Công nghệ thông tin</td>" in body
    _assert_same_count(one, three)


def test_history_queries_do_not_grow_with_events(agency, officer, client):
    # The service writes the one "org.person.created" event, with the officer as actor.
    person = make_person("PA", unit=agency, full_name="Nguyễn Văn Đức", actor=officer)
    url = f"/lich-su/org/person/{person.pk}/"
    client.get(url)
    one, body = _queries(client, url)
    assert body.count("<code>") == 1
    for username in ("nguoi_sua_1", "nguoi_sua_2"):
        record_event("test.changed", person, actor=make_user(username=username), after={"x": 1})
    three, body = _queries(client, url)
    assert body.count("<code>") == 3
    assert "nguoi_sua_2" in body
    _assert_same_count(one, three)


def test_unit_detail_queries_do_not_grow_with_children_and_people(agency, client):
    url = f"/to-chuc/don-vi/{agency.code}/"
    make_unit("VP", parent=agency, name="Văn phòng Sở")
    make_person("PA", unit=agency, full_name="Nguyễn Văn Đức")
    client.get(url)
    one, body = _queries(client, url)
    make_unit("CNTT", parent=agency, name="Phòng Công nghệ thông tin")
    make_unit("TTr", parent=agency, name="Thanh tra Sở")
    make_person("PB", unit=agency, full_name="Hoàng Thị Lan")
    make_person("PC", unit=agency, full_name="Trần Văn Minh")
    three, body = _queries(client, url)
    assert "Thanh tra Sở" in body
    assert "Trần Văn Minh" in body
    _assert_same_count(one, three)
