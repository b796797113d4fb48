"""Reads of public pages and reports from a read replica, when one is configured.

With ``DATABASE_REPLICA_URL`` set, settings add the database alias ``replica``, this router and
``ReplicaReadMiddleware``. A read goes to the replica only inside a *read-only scope*:

- the middleware opens one for GET and HEAD requests under ``THIDUA_REPLICA_PATHS`` (default
  the public pages ``/cong-khai/``), for the whole request;
- code that builds a report opens one explicitly: ``with read_replica(): ...``, or
  ``on_replica(queryset)`` for one queryset.

Everything else (every write, every read of a logged-in page, and any read inside a
transaction on the primary) stays on ``default``: a page that has just written reads its own
write. Without the ``replica`` alias every function here is a no-op and nothing changes.

The scope is a ``contextvars.ContextVar``, so it follows the request in threads and in async
code alike and never leaks to the next request of the same thread.
"""

from __future__ import annotations

import contextvars
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
PRIMARY = "default"

_read_only: contextvars.ContextVar[bool] = contextvars.ContextVar("thidua_read_only", default=False)


def replica_configured() -> bool:
    return REPLICA in connections.settings


def _primary_in_transaction() -> bool:
    return connections[PRIMARY].in_atomic_block


@contextmanager
def read_replica() -> Iterator[None]:
    """Inside the block, ORM reads go to the replica (when one is configured)."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def on_replica[M: Model](queryset: QuerySet[M]) -> QuerySet[M]:
    """``queryset`` read from the replica when one is configured, else unchanged."""
    return queryset.using(REPLICA) if replica_configured() else queryset


def reading_from_replica() -> bool:
    return _read_only.get() and replica_configured() and not _primary_in_transaction()


class ReplicaRouter:
    """Sends reads inside a read-only scope to ``replica``; writes and migrations to the
    primary only."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str | None:
        return REPLICA if reading_from_replica() else None

    def db_for_write(self, model: type[Model], **hints: Any) -> str | None:
        return PRIMARY if replica_configured() else None

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool | None:
        dbs = {obj1._state.db, obj2._state.db}
        return True if dbs <= {PRIMARY, REPLICA, None} else None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        # The replica is a copy of the primary made by PostgreSQL, never migrated itself.
        return False if db == REPLICA else None


def _replica_paths() -> tuple[str, ...]:
    return tuple(getattr(settings, "THIDUA_REPLICA_PATHS", ("/cong-khai/",)))


class ReplicaReadMiddleware:
    """Opens a read-only scope for GET/HEAD requests of the public pages."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method in ("GET", "HEAD") and request.path.startswith(_replica_paths()):
            with read_replica():
                return self.get_response(request)
        return self.get_response(request)
