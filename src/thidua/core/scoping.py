"""Fetching one object through a visibility query, recording the attempt when it is refused."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest

from thidua.core.permissions import record_denied


def get_visible_or_404[M: Model](
    request: HttpRequest, visible: QuerySet[M], model: type[M], permission: str, **lookup: Any
) -> M:
    """The object from ``visible``; if it exists but lies outside the user's scope, the attempt
    is recorded as denied and the answer is the same 404 as for a missing object, so nothing
    about other units leaks."""
    obj = visible.filter(**lookup).first()
    if obj is not None:
        return obj
    hidden = model._default_manager.filter(**lookup).first()
    if hidden is not None:
        record_denied(request.user, permission, hidden, path=request.path)
    raise Http404
