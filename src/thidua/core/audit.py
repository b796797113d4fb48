"""Writing the audit trail. Service functions call ``record_event``; nothing else writes it."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from thidua.core.models import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The plain JSON values of the named fields (foreign keys by their id)."""
    data: dict[str, Any] = {}
    for name in fields:
        field = obj._meta.get_field(name)
        attname = getattr(field, "attname", name)
        data[name] = _plain(getattr(obj, attname))
    return data


def record_event(
    action: str,
    obj: models.Model | None = None,
    *,
    actor: Any = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    note: str = "",
) -> AuditEvent:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    content_type = None
    object_id = ""
    object_repr = ""
    if obj is not None:
        content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
        object_id = str(obj.pk)
        object_repr = str(obj)[:300]
    return AuditEvent.objects.create(
        action=action,
        actor=actor_obj,
        content_type=content_type,
        object_id=object_id,
        object_repr=object_repr,
        before={k: _plain(v) for k, v in before.items()} if before is not None else None,
        after={k: _plain(v) for k, v in after.items()} if after is not None else None,
        note=note,
    )


def record_events_bulk(events: list[AuditEvent]) -> None:
    """Insert many prepared events at once (imports): one query per batch, not per row."""
    AuditEvent.objects.bulk_create(events, batch_size=1000)
