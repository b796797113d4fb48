"""The read-replica router with a real second SQLite database as the replica: reads inside a
read-only scope (public GET requests, ``read_replica()``) come from it, everything else from
the primary; without the alias nothing changes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from thidua.core import db_router
from thidua.core.db_router import (
    REPLICA,
    ReplicaReadMiddleware,
    ReplicaRouter,
    on_replica,
    read_replica,
)
from thidua.org.models import Place

ROUTERS = ["thidua.core.db_router.ReplicaRouter"]


def _codes() -> list[str]:
    return sorted(Place.objects.values_list("code", flat=True))


@pytest.mark.django_db
def test_without_a_replica_nothing_changes(settings) -> None:  # type: ignore[no-untyped-def]
    settings.DATABASE_ROUTERS = ROUTERS
    assert REPLICA not in connections.settings
    _primary_place()
    with read_replica():
        assert Place.objects.all().db == "default"  # runs before the module's replica exists
        assert _codes() == ["ON-PRIMARY"]
    assert on_replica(Place.objects.all()).db == "default"


def test_replica_is_never_migrated() -> None:
    router = ReplicaRouter()
    assert router.allow_migrate(REPLICA, "org") is False
    assert router.allow_migrate("default", "org") is None


@pytest.fixture(scope="module")
def replica_alias(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """A second SQLite file registered as the ``replica`` alias for this module's tests (before
    their database access is set up, so they may name it in ``databases``)."""
    config = dict(connections.settings["default"])
    config["ENGINE"] = "django.db.backends.sqlite3"  # whatever the primary is
    config["OPTIONS"] = {}
    config["NAME"] = str(tmp_path_factory.mktemp("replica") / "replica.sqlite3")
    config["TEST"] = {**config.get("TEST", {}), "NAME": config["NAME"]}
    connections.settings[REPLICA] = config
    with django_db_blocker.unblock(), connections[REPLICA].schema_editor() as editor:
        editor.create_model(Place)
    try:
        yield
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


@pytest.fixture
def replica(replica_alias, settings, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The replica holds one place that the primary does not have. The test's own transaction
    on the primary is not one of the code's: reads ignore it (a request runs outside any)."""
    settings.DATABASE_ROUTERS = ROUTERS
    monkeypatch.setattr(db_router, "_primary_in_transaction", lambda: False)
    Place.objects.using(REPLICA).create(code="ON-REPLICA", name="Bản sao", kind="PROVINCE")


BOTH = pytest.mark.django_db(databases=["default", REPLICA])
_REAL_IN_TRANSACTION = db_router._primary_in_transaction


def _primary_place() -> None:
    Place.objects.create(code="ON-PRIMARY", name="Chính", kind="PROVINCE")


@BOTH
def test_reads_in_a_read_only_scope_come_from_the_replica(replica: None) -> None:
    _primary_place()
    assert _codes() == ["ON-PRIMARY"]
    with read_replica():
        assert _codes() == ["ON-REPLICA"]
        # Writes never go to the replica.
        Place.objects.create(code="WRITTEN", name="Ghi", kind="PROVINCE")
    assert _codes() == ["ON-PRIMARY", "WRITTEN"]
    assert sorted(on_replica(Place.objects.all()).values_list("code", flat=True)) == ["ON-REPLICA"]


@BOTH
def test_inside_a_transaction_the_primary_answers(replica: None, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(db_router, "_primary_in_transaction", _REAL_IN_TRANSACTION)
    _primary_place()
    with read_replica(), transaction.atomic():
        assert _codes() == ["ON-PRIMARY"]


@BOTH
def test_middleware_sends_public_get_requests_to_the_replica(replica: None, settings) -> None:  # type: ignore[no-untyped-def]
    settings.THIDUA_REPLICA_PATHS = ["/cong-khai/"]
    _primary_place()
    seen: list[list[str]] = []

    def view(request):  # type: ignore[no-untyped-def]
        seen.append(_codes())
        return HttpResponse("ok")

    middleware = ReplicaReadMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/cong-khai/phong-trao/"))
    middleware(factory.post("/cong-khai/phong-trao/"))
    middleware(factory.get("/to-chuc/can-bo/"))
    assert seen == [["ON-REPLICA"], ["ON-PRIMARY"], ["ON-PRIMARY"]]
    # The scope ended with the request.
    assert _codes() == ["ON-PRIMARY"]
