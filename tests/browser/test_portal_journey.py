"""The public portal the way a visitor uses it on a phone: no login, find the movement, read
it, enlarge the text, and nothing scrolls sideways."""

import pytest
from playwright.sync_api import expect

from thidua.movements import services

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 700}


def test_visitor_on_phone_reads_movement_and_enlarges_text(
    new_page, world, console_watch, screenshot_path
):
    services.set_movement_state(world.movement, "LAUNCHED")
    page = new_page(viewport=PHONE, is_mobile=True)
    page.goto("/cong-khai/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Phong trào thi đua")
    expect(page.get_by_role("link", name="Đăng nhập")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    page.get_by_role("link", name=world.movement.name).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(world.movement.name)
    expect(page.get_by_role("heading", level=2, name="Văn bản phát động")).to_be_visible()
    expect(page.locator("dl.details")).to_contain_text("456/KH-STTTT")

    # The skip link comes first and moves focus to the content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == (
        "Bỏ qua, đến nội dung chính"
    )
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    page.locator("form.text-size button[value=xl]").click()
    expect(page.locator("html")).to_have_attribute("data-text-size", "xl")
    expect(page.get_by_role("heading", level=1)).to_have_text(world.movement.name)
    page.screenshot(path=screenshot_path("phone-xl-portal-movement"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert console_watch.csp_violations == []
    assert console_watch.page_errors == []
