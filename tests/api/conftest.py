from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.factories import make_user
from thidua.api.tokens import create_api_token
from thidua.org.models import User

ApiClientFactory = Callable[[User], Client]


def token_for(user: User) -> str:
    """A fresh token for ``user``, made by the function the ``create_api_token`` command uses."""
    _row, token = create_api_token(user, name="tests")
    return token


def bearer_client(token: str, **kwargs: Any) -> Client:
    return Client(headers={"Authorization": f"Bearer {token}"}, **kwargs)


def put(client: Client, path: str, body: dict[str, Any]):
    return client.put(path, json.dumps(body), content_type="application/json")


def post(client: Client, path: str, body: dict[str, Any]):
    return client.post(path, json.dumps(body), content_type="application/json")


def error_locs(response) -> list[list[Any]]:
    return [item["loc"] for item in response.json()["detail"]]


@pytest.fixture
def api_client_for(db) -> ApiClientFactory:
    """A client that sends ``Authorization: Bearer <token>`` for the given user."""

    def _client(user: User) -> Client:
        return bearer_client(token_for(user))

    return _client


@pytest.fixture
def admin_user(db) -> User:
    return make_user(username="admin", is_superuser=True, is_staff=True)


@pytest.fixture
def admin_api(admin_user, api_client_for) -> Client:
    return api_client_for(admin_user)
