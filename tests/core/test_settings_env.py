from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from thidua.settings.env import env_bool, env_database, env_int, env_list, env_path, env_str

VAR = "THIDUA_TEST_SETTING"
DB_VAR = "THIDUA_TEST_DATABASE_URL"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("Yes", True), (" on ", True), ("0", False), ("off", False)],
)
def test_env_bool_accepts_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv(VAR, raw)
    assert env_bool(VAR, default=not expected) is expected


def test_env_bool_unset_gives_default(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    assert env_bool(VAR, default=True) is True


def test_env_bool_rejects_maybe_naming_the_variable(monkeypatch):
    monkeypatch.setenv(VAR, "maybe")
    with pytest.raises(ImproperlyConfigured, match=f"{VAR}='maybe' is not a boolean"):
        env_bool(VAR, default=False)


def test_env_int_reads_number(monkeypatch):
    monkeypatch.setenv(VAR, " 12 ")
    assert env_int(VAR, 5) == 12


def test_env_int_rejects_12a_naming_the_variable(monkeypatch):
    monkeypatch.setenv(VAR, "12a")
    with pytest.raises(ImproperlyConfigured, match=f"{VAR}='12a' is not an integer"):
        env_int(VAR, 5)


def test_env_int_rejects_value_below_minimum(monkeypatch):
    monkeypatch.setenv(VAR, "-1")
    with pytest.raises(ImproperlyConfigured, match=f"{VAR}=-1 is below 0"):
        env_int(VAR, 5, minimum=0)


def test_env_str_required_missing_names_the_variable(monkeypatch):
    monkeypatch.delenv(VAR, raising=False)
    with pytest.raises(ImproperlyConfigured, match=f"{VAR} is required"):
        env_str(VAR, required=True)


def test_env_list_splits_and_drops_empty_items(monkeypatch):
    monkeypatch.setenv(VAR, "a.gov.vn, b.gov.vn,,")
    assert env_list(VAR, ["x"]) == ["a.gov.vn", "b.gov.vn"]


def test_env_path_rejects_relative_path(monkeypatch):
    monkeypatch.setenv(VAR, "var/data")
    with pytest.raises(ImproperlyConfigured, match=f"{VAR}='var/data' must be an absolute path"):
        env_path(VAR, Path("/srv"))


def test_env_database_sqlite_absolute_path_gets_wal_options(monkeypatch):
    monkeypatch.setenv(DB_VAR, "sqlite:////srv/thidua/db.sqlite3")
    config = env_database(DB_VAR, Path("/unused.sqlite3"))
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/thidua/db.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    pragmas = [p.strip() for p in config["OPTIONS"]["init_command"].split(";") if p.strip()]
    assert pragmas == [
        "PRAGMA journal_mode=WAL",
        "PRAGMA synchronous=NORMAL",
        "PRAGMA busy_timeout=10000",
        "PRAGMA foreign_keys=ON",
    ]


def test_env_database_unset_uses_default_sqlite_file(monkeypatch):
    monkeypatch.delenv(DB_VAR, raising=False)
    config = env_database(DB_VAR, Path("/srv/thidua/var/thidua.sqlite3"))
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == "/srv/thidua/var/thidua.sqlite3"


def test_env_database_postgres_url(monkeypatch):
    monkeypatch.setenv(DB_VAR, "postgres://u@h:5432/db")
    config = env_database(DB_VAR, Path("/unused.sqlite3"))
    assert (config["ENGINE"], config["USER"], config["HOST"], config["PORT"], config["NAME"]) == (
        "django.db.backends.postgresql",
        "u",
        "h",
        5432,
        "db",
    )
    assert config["CONN_HEALTH_CHECKS"] is True
    assert "init_command" not in config["OPTIONS"]


def test_env_database_rejects_mysql(monkeypatch):
    monkeypatch.setenv(DB_VAR, "mysql://u@h/db")
    with pytest.raises(
        ImproperlyConfigured, match=f"{DB_VAR} must start with sqlite:// or postgres://"
    ):
        env_database(DB_VAR, Path("/unused.sqlite3"))


def test_env_database_rejects_relative_sqlite_path(monkeypatch):
    monkeypatch.setenv(DB_VAR, "sqlite:///var/thidua.sqlite3")
    with pytest.raises(ImproperlyConfigured, match=f"{DB_VAR}: the SQLite path must be absolute"):
        env_database(DB_VAR, Path("/unused.sqlite3"))
