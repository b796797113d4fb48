"""The Content-Security-Policy stays strict: every page sends it without 'unsafe-inline', and no
template contains inline script, inline style or event-handler attributes that it would block."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

import thidua
from tests.factories import make_user
from thidua.core.audit import record_event
from thidua.org.enums import Role

PACKAGE_DIR = Path(thidua.__file__).resolve().parent
FORBIDDEN_SOURCES = ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'")


def _assert_strict_csp(response, url: str) -> None:
    policy = response.headers.get("Content-Security-Policy")
    assert policy, f"{url}: no Content-Security-Policy header"
    directives = {}
    for part in policy.split(";"):
        name, _, sources = part.strip().partition(" ")
        directives[name] = sources
    assert directives["script-src"] == "'self'", f"{url}: {policy}"
    assert directives["style-src"] == "'self'", f"{url}: {policy}"
    assert directives["default-src"] == "'self'", f"{url}: {policy}"
    for source in FORBIDDEN_SOURCES:
        assert source not in policy, f"{url}: {policy}"


@pytest.fixture
def officer_client(two_divisions, client_for):
    return client_for(two_divisions.officer)


def test_csp_login_page_anonymous(db):
    response = Client().get("/dang-nhap/")
    assert response.status_code == 200
    _assert_strict_csp(response, "/dang-nhap/")


def test_csp_not_found_page(db):
    response = Client().get("/khong-co-trang-nay/")
    assert response.status_code == 404
    _assert_strict_csp(response, "/khong-co-trang-nay/")


def test_csp_pages_of_an_officer(two_divisions, officer_client):
    t = two_divisions
    record_event("test.changed", t.person_a, actor=t.officer, after={"position": "Chuyên viên"})
    urls = [
        "/",
        "/to-chuc/don-vi/",
        f"/to-chuc/don-vi/{t.div_a.code}/",
        "/to-chuc/can-bo/",
        f"/to-chuc/can-bo/{t.person_a.code}/",
        "/to-chuc/ky-luat/",
        f"/lich-su/org/person/{t.person_a.pk}/",
        "/doi-mat-khau/",
    ]
    for url in urls:
        response = officer_client.get(url)
        assert response.status_code == 200, url
        _assert_strict_csp(response, url)


def test_csp_htmx_partial_response(officer_client):
    response = officer_client.get("/to-chuc/can-bo/?q=duc", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert b"<html" not in response.content
    _assert_strict_csp(response, "/to-chuc/can-bo/ (htmx)")


def test_csp_forbidden_page(two_divisions, client_for):
    staff = make_user(Role.STAFF, two_divisions.div_a, username="staff_a")
    response = client_for(staff).get(f"/lich-su/org/person/{two_divisions.person_a.pk}/")
    assert response.status_code == 403
    _assert_strict_csp(response, "403")


def _routes_without_parameters(patterns, prefix: str = ""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes_without_parameters(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and not re.search(r"[<^$(\\]", route):
            yield "/" + route


def test_csp_every_route_without_parameters(two_divisions):
    """New pages are covered without being listed: each parameterless route, fetched by an
    administrator, answers (whatever its status) with the strict policy."""
    admin = make_user(Role.ADMIN, two_divisions.agency, username="quantri")
    client = Client(raise_request_exception=False)
    client.force_login(admin)
    routes = sorted(set(_routes_without_parameters(get_resolver().url_patterns)))
    assert "/to-chuc/can-bo/" in routes
    for url in routes:
        _assert_strict_csp(client.get(url), url)


# --- templates --------------------------------------------------------------------------------

_COMMENTS = re.compile(r"\{#.*?#\}|\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S)
_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.S | re.I)
_DATA_SCRIPT = re.compile(r"""type\s*=\s*["']application/(ld\+)?json["']""", re.I)
_CHECKS = [
    (re.compile(r"<style\b", re.I), "<style> element (inline CSS)"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute (inline CSS)"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on…= event handler (inline JS)"),
    (re.compile(r"\shx-on[:-]", re.I), "hx-on attribute (evaluated JS)"),
    (re.compile(r"""\shx-(vals|headers)\s*=\s*['"]\s*(js|javascript):""", re.I), "js: in hx-vals"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def _blank(match: re.Match[str]) -> str:
    """Replace a comment with spaces, keeping its newlines so line numbers stay right."""
    return re.sub(r"[^\n]", " ", match.group(0))


def find_inline_code(text: str) -> list[tuple[int, str]]:
    """(line, problem) for every piece of inline JS or CSS the strict CSP would block."""
    text = _COMMENTS.sub(_blank, text)
    problems: list[tuple[int, str]] = []
    for match in _SCRIPT.finditer(text):
        if match.group("body").strip() and not _DATA_SCRIPT.search(match.group("attrs")):
            problems.append((match.start(), "<script> block with inline code"))
    for pattern, problem in _CHECKS:
        problems.extend((m.start(), problem) for m in pattern.finditer(text))
    return sorted((text.count("\n", 0, offset) + 1, problem) for offset, problem in problems)


def test_find_inline_code_reports_each_problem_with_its_line():
    template = (
        '{# style="x" in a comment is fine #}\n'
        '<div class="a" style="color:red">\n'
        "<button onclick=\"go()\">{% translate 'Gửi' %}</button>\n"
        "<script>alert(1)</script>\n"
        '<script src="/static/x.js" defer></script>\n'
        '<script type="application/json" id="d">{"a": 1}</script>\n'
        "<style>p{}</style>\n"
        '<a href="javascript:void(0)" hx-on:click="x()">x</a>\n'
    )
    assert find_inline_code(template) == [
        (2, "style= attribute (inline CSS)"),
        (3, "on…= event handler (inline JS)"),
        (4, "<script> block with inline code"),
        (7, "<style> element (inline CSS)"),
        (8, "hx-on attribute (evaluated JS)"),
        (8, "javascript: URL"),
    ]


def test_find_inline_code_accepts_clean_markup():
    template = (
        '<form class="filters" hx-get="/x" hx-trigger="input changed delay:400ms">\n'
        '<p class="note">Trường "online" = trực tuyến; description=mô tả</p>\n'
        '<script src="/static/core/js/ui.js" defer></script>\n'
    )
    assert find_inline_code(template) == []


def test_templates_have_no_inline_script_style_or_handlers():
    templates = sorted(PACKAGE_DIR.glob("**/templates/**/*.html"))
    assert len(templates) >= 10
    offending = [
        f"{path.relative_to(PACKAGE_DIR.parent)}:{line}: {problem}"
        for path in templates
        for line, problem in find_inline_code(path.read_text(encoding="utf-8"))
    ]
    assert offending == [], "Inline code the strict CSP blocks:\n" + "\n".join(offending)
