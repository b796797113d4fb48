"""Refusing an action, and recording that it was refused.

Views and API endpoints call ``require(user, permission, obj)``; when the rules predicate says
no, the attempt is written to the audit trail as ``access.denied`` and ``PermissionDenied`` is
raised (403 on pages, 403 JSON in the API).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from thidua.core.audit import record_event

DENIED = "access.denied"


class AccessDenied(PermissionDenied):
    """A refusal that has already been written to the audit trail."""

    recorded = True


def record_denied(
    user: Any, permission: str, obj: models.Model | None = None, *, path: str = ""
) -> None:
    record_event(DENIED, obj, actor=user, after={"permission": permission, "path": path})


def require(user: Any, permission: str, obj: models.Model | None = None, *, path: str = "") -> None:
    if user.has_perm(permission, obj):
        return
    record_denied(user, permission, obj, path=path)
    raise AccessDenied(permission)
