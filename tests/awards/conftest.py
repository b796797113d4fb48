from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from thidua.awards import register
from thidua.awards.models import Award
from thidua.org.models import Person, Unit


def make_award(recipient: Person | Unit, code: str = "LDTT", year: int = 2022, **kw: Any) -> Award:
    return register.record_award(
        recipient=recipient,
        award_code=code,
        year=year,
        kind=kw.pop("kind", "MERIT"),
        decision_number=kw.pop("decision_number", f"{year}/QĐ-{code}"),
        decision_date=kw.pop("decision_date", dt.date(year + 1, 1, 15)),
        source=kw.pop("source", "MANUAL"),
        **kw,
    )


@pytest.fixture
def award_factory(db):
    return make_award


@pytest.fixture
def api_client_for(db):
    """A client that sends a bearer token for the given user (as tests/api/conftest.py)."""
    from tests.api.conftest import bearer_client, token_for

    def _client(user):
        return bearer_client(token_for(user))

    return _client
