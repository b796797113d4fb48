"""The foundation journey, the way a person clicks it: log in, read the home page, change the
language and the text size, find a colleague without typing accents, and nothing more than
their own unit shows."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.factories import make_person, make_user
from thidua.core.audit import record_event
from thidua.org.enums import Role

pytestmark = pytest.mark.browser

PASSWORD = "Mat-khau-dai-2025!"
SKIP_LINK_TEXT = "Bỏ qua, đến nội dung chính"


@pytest.fixture
def directory(two_divisions):
    """Two divisions. Division A: Nguyễn Văn Đức and Trần Thị Mai. Division B, out of the
    division A head's scope: Hoàng Thị Lan and a namesake "Nguyễn Văn Đức" who must not leak
    into the head's search results."""
    t = two_divisions
    make_person("PM", unit=t.div_a, full_name="Trần Thị Mai")
    make_person("PD", unit=t.div_b, full_name="Nguyễn Văn Đức")
    # UserFactory hashes the password (factory.django.Password), so the login form accepts it.
    make_user(Role.UNIT_HEAD, t.div_a, username="truong_phong_vp", password=PASSWORD)
    return t


def _html(page):
    return page.locator("html")


def _font_size(page) -> str:
    return page.evaluate("getComputedStyle(document.documentElement).fontSize")


def _focused_text(page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def test_journey_login_language_text_size_and_search(page, live_server, directory, console_watch):
    # Log in with the keyboard only.
    page.goto("/dang-nhap/")
    expect(_html(page)).to_have_attribute("lang", "vi")
    page.get_by_label("Tên đăng nhập").focus()
    page.keyboard.type("truong_phong_vp")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    expect(page.get_by_label("Mật khẩu")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # The Vietnamese home page.
    expect(page).to_have_url(f"{live_server.url}/")
    expect(_html(page)).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trang chủ")

    # Switch to English in the header, and back.
    page.get_by_label("Ngôn ngữ").select_option(label="English")
    page.get_by_role("button", name="Đổi", exact=True).click()
    expect(_html(page)).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{live_server.url}/")
    with translation.override("en"):
        home_in_english = translation.gettext("Trang chủ")
    assert home_in_english == "Home"  # the English catalogue is compiled and found
    expect(page.get_by_role("heading", level=1)).to_have_text(home_in_english)
    english_nav = page.get_by_role("navigation", name="Main navigation")
    expect(english_nav.get_by_role("link", name="Units", exact=True)).to_be_visible()
    expect(page.locator("#lang-select")).to_have_value("en")
    page.locator("#lang-select").select_option("vi")
    page.locator("form.lang-switch button[type=submit]").click()
    expect(_html(page)).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trang chủ")

    # Larger text: 16px to 20px at the root, so every rem-sized thing grows.
    expect(_html(page)).to_have_attribute("data-text-size", "md")
    assert _font_size(page) == "16px"
    page.locator("form.text-size").get_by_role("button", name=re.compile(r"^A\s*lớn\s*\+$")).click()
    expect(_html(page)).to_have_attribute("data-text-size", "lg")
    assert _font_size(page) == "20px"
    expect(page.locator("form.text-size button[value=lg]")).to_have_attribute(
        "aria-pressed", "true"
    )

    # The people list from the navigation: the text size stays, and only division A shows.
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    nav.get_by_role("link", name="Cán bộ", exact=True).click()
    expect(page).to_have_url(f"{live_server.url}/to-chuc/can-bo/")
    expect(nav.get_by_role("link", name="Cán bộ", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    assert _font_size(page) == "20px"
    results = page.locator("#results")
    expect(results.locator("tbody tr")).to_have_count(2)
    expect(results).to_contain_text("Trần Thị Mai")

    # Search without accents.
    page.get_by_label("Tìm theo họ tên hoặc mã").fill("nguyen van duc")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(results.locator("tbody tr")).to_contain_text("PA")
    expect(results.get_by_role("link", name="Nguyễn Văn Đức")).to_be_visible()
    expect(results).to_contain_text("1 người")
    expect(results).not_to_contain_text("Trần Thị Mai")
    expect(page).to_have_url(re.compile(r"[?&]q=nguyen(\+|%20)van(\+|%20)duc(&|$)"))
    # The partial update replaced the results; it did not nest a second #results inside.
    expect(page.locator("[id=results]")).to_have_count(1)
    # Out of scope: neither the namesake in division B nor anyone else of division B.
    body = page.content()
    assert "PD" not in page.locator("#results").inner_text()
    assert "Hoàng Thị Lan" not in body
    assert "Phòng Công nghệ thông tin" not in body

    assert console_watch.csp_violations == []
    assert console_watch.page_errors == []


@pytest.mark.parametrize("url", ["/", "/to-chuc/can-bo/"])
def test_skip_link_is_first_focusable_and_moves_focus_to_main(page, log_in, two_divisions, url):
    log_in(page, two_divisions.head_a)
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.keyboard.press("Tab")
    assert _focused_text(page) == SKIP_LINK_TEXT
    expect(page.get_by_role("link", name=SKIP_LINK_TEXT)).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_skip_link_then_tab_continues_inside_main(page, log_in, two_divisions):
    log_in(page, two_divisions.head_a)
    page.goto("/to-chuc/can-bo/")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    # The first field of the filter form, not the header's text-size buttons.
    assert page.evaluate("document.activeElement.id") == "id_q"


def test_login_page_focus_starts_in_username_and_skip_link_comes_first(page):
    page.goto("/dang-nhap/")
    # Django's login form autofocuses the username, so a person can type at once ...
    expect(page.get_by_label("Tên đăng nhập")).to_be_focused()
    # ... and the skip link is still the first stop of the tab order.
    first = page.evaluate(
        """() => [...document.querySelectorAll('a[href], button, input, select, textarea')]
                 .find(el => el.type !== 'hidden' && el.tabIndex >= 0).textContent.trim()"""
    )
    assert first == SKIP_LINK_TEXT


def test_csp_watch_reports_a_violation(page, console_watch):
    """The console watch does see violations, so an empty list below means something."""
    page.route(
        "http://thidua.invalid/",
        lambda route: route.fulfill(
            status=200,
            content_type="text/html",
            headers={"Content-Security-Policy": "default-src 'self'; style-src 'self'"},
            body='<html><body><p style="color:red">x</p></body></html>',
        ),
    )
    page.goto("http://thidua.invalid/")
    page.wait_for_timeout(200)
    assert len(console_watch.csp_violations) == 1
    assert "style-src" in console_watch.csp_violations[0]


def test_pages_visited_have_no_csp_violations(page, log_in, live_server, directory, console_watch):
    t = directory
    record_event("test.changed", t.person_a, actor=t.officer, after={"position": "Chuyên viên"})
    response = page.goto("/dang-nhap/")
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    log_in(page, t.officer)
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
        response = page.goto(url)
        assert response.status == 200, url
        assert response.headers["content-security-policy"].startswith("default-src 'self'"), url
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    # An htmx partial update and a text-size change on the way.
    page.goto("/to-chuc/can-bo/")
    page.get_by_label("Tìm theo họ tên hoặc mã").fill("hoang")
    expect(page.locator("#results tbody tr")).to_have_count(1)
    page.locator("form.text-size button[value=xl]").click()
    expect(_html(page)).to_have_attribute("data-text-size", "xl")
    page.wait_for_timeout(200)  # let late console messages arrive
    assert console_watch.csp_violations == []
    assert console_watch.page_errors == []


@pytest.mark.parametrize("text_size", ["md", "xl"])
def test_phone_width_home_and_people_list_do_not_scroll_sideways(
    new_page, log_in, directory, screenshot_path, text_size
):
    t = directory
    # Long names and a long username: the things that push a narrow layout wide.
    make_person(
        "PL", unit=t.div_b, full_name="Nguyễn Thị Phương Thảo Nguyên", position="Phó Trưởng phòng"
    )
    user = make_user(Role.OFFICER, t.agency, username="can_bo_thi_dua_so_thong_tin")
    page = new_page(viewport={"width": 375, "height": 700}, is_mobile=True)
    log_in(page, user)
    page.goto("/")
    if text_size != "md":
        page.locator(f"form.text-size button[value={text_size}]").click()
        expect(_html(page)).to_have_attribute("data-text-size", text_size)
    expect(page.get_by_role("heading", level=1)).to_have_text("Trang chủ")
    page.screenshot(path=screenshot_path(f"phone-{text_size}-home"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375

    page.goto("/to-chuc/can-bo/")
    expect(page.locator("#results tbody tr")).to_have_count(5)
    page.screenshot(path=screenshot_path(f"phone-{text_size}-people-list"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # On a phone the table becomes cards: the column headings are not shown as a row.
    expect(page.locator("#results thead")).not_to_be_in_viewport()
