"""The SQLite options that ``env_database`` produces really put a file database in WAL mode.

pytest-django runs SQLite tests on an in-memory database (where WAL does not apply), so the
check opens its own Django connection to a file under ``tmp_path`` with the parsed settings.
"""

from pathlib import Path

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

from thidua.settings.env import env_database


@pytest.fixture
def file_connection(monkeypatch, tmp_path: Path, django_db_blocker):
    if connection.vendor != "sqlite":
        pytest.skip("SQLite WAL mode only applies when the suite runs on SQLite")
    db_file = tmp_path / "thidua.sqlite3"
    monkeypatch.setenv("THIDUA_TEST_DATABASE_URL", f"sqlite:///{db_file}")
    # The alias must be "default" for a ConnectionHandler; it is a private handler, not Django's.
    handler = ConnectionHandler({"default": env_database("THIDUA_TEST_DATABASE_URL", db_file)})
    conn = handler["default"]
    # Not the test database: a separate file, so open it without the test-database fixtures.
    with django_db_blocker.unblock():
        yield conn, db_file
        conn.close()


def _pragma(conn, name: str):
    with conn.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_file_database_runs_in_wal_mode(file_connection):
    conn, _db_file = file_connection
    assert _pragma(conn, "journal_mode") == "wal"
    assert _pragma(conn, "busy_timeout") == 10000
    assert _pragma(conn, "foreign_keys") == 1
    assert _pragma(conn, "synchronous") == 1  # NORMAL


def test_file_database_write_goes_through_wal_file(file_connection):
    conn, db_file = file_connection
    with conn.cursor() as cursor:
        cursor.execute("CREATE TABLE t (x INTEGER)")
        cursor.execute("INSERT INTO t VALUES (1)")
    assert Path(f"{db_file}-wal").exists()
