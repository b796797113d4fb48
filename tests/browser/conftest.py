"""Browser tests: Debian's chromium driven through Playwright's sync API against
pytest-django's ``live_server``.

Chromium is never downloaded (no ``playwright install``): the tests use the system binary at
``/usr/bin/chromium`` or ``$THIDUA_CHROMIUM``. Without it they are skipped, except when
``THIDUA_REQUIRE_BROWSER=1`` (CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.movements.conftest import world  # noqa: F401

CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
MISSING_CHROMIUM = (
    "chromium không được cài đặt: bỏ qua kiểm thử trình duyệt (apt-get install chromium)"
)
# Screenshots go here (git-ignored) so a person can look at the layout.
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 700}


def _browser_unavailable(reason: str) -> None:
    if os.environ.get("THIDUA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} [THIDUA_REQUIRE_BROWSER=1]", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)):
        _browser_unavailable(f"{MISSING_CHROMIUM} [{CHROMIUM}]")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _browser_unavailable("playwright không được cài đặt: pip install -e '.[dev]'")
    with pytest.MonkeyPatch.context() as mp:
        # Playwright's sync API keeps an asyncio event loop in this thread for as long as it
        # runs; Django's ORM (used by the tests to build their data) refuses to run when it
        # sees a loop unless told it is safe. It is: nothing here runs concurrently.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            # The default launch uses a fresh temporary profile (user-data-dir) every session.
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS
            )
            yield chromium
            chromium.close()


@dataclass
class ConsoleWatch:
    """What the pages said on the console: CSP violations and uncaught script errors."""

    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)


@pytest.fixture
def console_watch() -> ConsoleWatch:
    return ConsoleWatch()


@pytest.fixture
def new_page(browser, live_server, console_watch) -> Iterator[Callable[..., Any]]:
    """Open a page in a fresh context (own cookies) of a Vietnamese-speaking user."""
    contexts: list[Any] = []

    def _open(*, viewport: dict[str, int] = DESKTOP, is_mobile: bool = False) -> Any:
        context = browser.new_context(
            base_url=live_server.url,
            locale="vi-VN",
            timezone_id="Asia/Ho_Chi_Minh",
            viewport=viewport,
            is_mobile=is_mobile,
            has_touch=is_mobile,
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)

        def on_console(message: Any) -> None:
            if "Content Security Policy" in message.text:
                console_watch.csp_violations.append(f"{page.url}: {message.text}")

        page.on("console", on_console)
        page.on("pageerror", lambda exc: console_watch.page_errors.append(f"{page.url}: {exc}"))
        return page

    yield _open
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Any:
    return new_page()


@pytest.fixture
def log_in(live_server) -> Callable[[Any, Any], None]:
    """Give a page the session of ``user`` without going through the form (the journey test
    uses the real form)."""

    def _log_in(page: Any, user: Any) -> None:
        client = Client()
        client.force_login(user)
        page.context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )

    return _log_in


@pytest.fixture
def screenshot_path() -> Callable[[str], Path]:
    def _path(name: str) -> Path:
        RESULTS_DIR.mkdir(exist_ok=True)
        return RESULTS_DIR / f"{name}.png"

    return _path
