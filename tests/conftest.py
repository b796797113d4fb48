from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from tests.factories import make_person, make_unit, make_user
from thidua.org.enums import Role
from thidua.org.models import Person, Unit, User


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Tests marked ``postgres`` (row locks, COPY, forked workers) skip on SQLite: the one
    place that decides it, from the configured database."""
    if item.get_closest_marker("postgres") is None:
        return
    from django.conf import settings

    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("needs PostgreSQL")


@dataclass
class TwoDivisions:
    """An agency with two divisions, a person in each, and a head of each division."""

    agency: Unit
    div_a: Unit
    div_b: Unit
    person_a: Person
    person_b: Person
    head_a: User
    head_b: User
    officer: User


@pytest.fixture
def two_divisions(db) -> TwoDivisions:
    agency = make_unit("STTTT", name="Sở Thông tin và Truyền thông")
    div_a = make_unit("VP", parent=agency, name="Văn phòng Sở")
    div_b = make_unit("CNTT", parent=agency, name="Phòng Công nghệ thông tin")
    person_a = make_person("PA", unit=div_a, full_name="Nguyễn Văn Đức")
    person_b = make_person("PB", unit=div_b, full_name="Hoàng Thị Lan")
    head_a = make_user(Role.UNIT_HEAD, div_a, username="head_a")
    head_b = make_user(Role.UNIT_HEAD, div_b, username="head_b")
    officer = make_user(Role.OFFICER, agency, username="officer")
    return TwoDivisions(agency, div_a, div_b, person_a, person_b, head_a, head_b, officer)


@pytest.fixture
def client_for():
    def _client(user: User) -> Client:
        c = Client()
        c.force_login(user)
        return c

    return _client
