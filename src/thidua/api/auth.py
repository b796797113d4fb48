"""Bearer-token authentication for the API (``Authorization: Bearer <token>``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from thidua.api.tokens import find_api_token, touch_api_token


class TokenAuth(HttpBearer):
    """Finds the token by its prefix and hash; a revoked token or an inactive user is refused.
    On success ``request.user`` is the token's user, so visibility queries and rules apply."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        row = find_api_token(token.strip())
        if row is None:
            return None
        touch_api_token(row)
        request.user = row.user
        return row.user
