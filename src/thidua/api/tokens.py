"""Creating, checking and revoking API tokens.

A token reads ``thidua_<prefix>_<secret>``: the prefix (8 hex digits) finds the row, the
SHA-256 hash of the whole token is compared in constant time. The clear token exists only in
the value returned by ``create_api_token``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone

from thidua.api.models import ApiToken
from thidua.core.audit import record_event

LABEL = "thidua"
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _split(token: str) -> str | None:
    """The prefix of a well-formed token, or None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != LABEL or not parts[1] or not parts[2]:
        return None
    return parts[1]


@transaction.atomic
def create_api_token(user: Any, *, name: str = "", actor: Any = None) -> tuple[ApiToken, str]:
    """A new token for ``user``. Returns the row and the clear token (shown once)."""
    while True:
        prefix = secrets.token_hex(4)
        if not ApiToken.objects.filter(prefix=prefix).exists():
            break
    token = f"{LABEL}_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiToken.objects.create(
        user=user, name=name.strip(), prefix=prefix, key_hash=hash_token(token)
    )
    record_event("api.token.created", row, actor=actor, after={"user": user.pk, "name": row.name})
    return row, token


def find_api_token(token: str) -> ApiToken | None:
    """The live token row matching ``token`` (not revoked, user active), or None."""
    prefix = _split(token)
    if prefix is None:
        return None
    row = ApiToken.objects.select_related("user").filter(prefix=prefix).first()
    if row is None or not hmac.compare_digest(row.key_hash, hash_token(token)):
        return None
    if row.revoked_at is not None or not row.user.is_active:
        return None
    return row


def touch_api_token(row: ApiToken) -> None:
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now


@transaction.atomic
def revoke_api_token(row: ApiToken, *, actor: Any = None) -> ApiToken:
    if row.revoked_at is None:
        row.revoked_at = timezone.now()
        row.save(update_fields=["revoked_at"])
        record_event("api.token.revoked", row, actor=actor, after={"user": row.user_id})
    return row
