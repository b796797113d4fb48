"""Typed readers for settings taken from environment variables.

Each reader rejects a malformed value with ``ImproperlyConfigured`` naming the variable, so a
deployment fails at start rather than running with a silently wrong setting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = _raw(name)
    if value is None or value == "":
        if required:
            raise ImproperlyConfigured(f"Environment variable {name} is required.")
        if default is None:
            raise ImproperlyConfigured(f"Environment variable {name} is not set.")
        return default
    return value


def env_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"Environment variable {name}={value!r} is not a boolean (use 1/0, true/false, yes/no)."
    )


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    value = _raw(name)
    if value is None or value == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} is not an integer."
        ) from exc
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"Environment variable {name}={number} is below {minimum}.")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def env_path(name: str, default: Path) -> Path:
    value = _raw(name)
    if value is None or value == "":
        return default
    path = Path(value)
    if not path.is_absolute():
        raise ImproperlyConfigured(
            f"Environment variable {name}={value!r} must be an absolute path."
        )
    return path


def env_database(name: str, default_sqlite_path: Path) -> dict[str, Any]:
    """Parse ``DATABASE_URL`` (``sqlite:////abs/path`` or ``postgres://...``).

    SQLite runs in WAL mode with immediate transactions, so the web server and the background
    worker can share one file without "database is locked" errors.
    """
    url = _raw(name) or f"sqlite:///{default_sqlite_path}"
    scheme = url.split(":", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"Environment variable {name} must start with sqlite:// or postgres://, got {scheme!r}."
        )
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"Environment variable {name} is not a valid URL: {exc}"
        ) from exc
    if config["ENGINE"] == "django.db.backends.sqlite3":
        db_name = str(config.get("NAME") or "")
        if db_name not in {"", ":memory:"} and not Path(db_name).is_absolute():
            raise ImproperlyConfigured(
                f"Environment variable {name}: the SQLite path must be absolute "
                "(sqlite:////absolute/path.sqlite3)."
            )
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
    else:
        config.setdefault("OPTIONS", {})
        config["CONN_HEALTH_CHECKS"] = True
    return config


def env_mailers(default_backend: str) -> dict[str, Any]:
    """The MAILERS setting: ``MAIL_BACKEND`` (a dotted path), and for SMTP the ``SMTP_*``
    variables."""
    backend = env_str("MAIL_BACKEND", default_backend)
    options: dict[str, Any] = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": env_str("SMTP_HOST", "localhost"),
            "port": env_int("SMTP_PORT", 587, minimum=1),
            "username": env_str("SMTP_USER", ""),
            "password": env_str("SMTP_PASSWORD", ""),
            "use_tls": env_bool("SMTP_TLS", default=True),
        }
    return {"default": {"BACKEND": backend, "OPTIONS": options}}
