"""The service-hall kiosk: finger-sized buttons, and inner pages return to the start when left alone."""

from urllib.parse import urljoin

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import boxes, too_small

pytestmark = pytest.mark.browser

KIOSK_SCREEN = {"width": 1080, "height": 1920}  # a portrait touch screen, as in most service halls


def _refresh(page):
    meta = page.locator('meta[http-equiv="refresh"]')
    if meta.count() == 0:
        return None
    seconds, _, target = meta.get_attribute("content").partition(";")
    assert target.strip().lower().startswith("url=")
    return int(seconds), urljoin(page.url, target.strip()[4:])


@pytest.mark.parametrize("viewport", [KIOSK_SCREEN, {"width": 1280, "height": 800}], ids=["portrait", "wide"])
def test_kiosk_buttons_and_idle_return(site, new_context, viewport):
    page = new_context(viewport=viewport).new_page()
    page.goto(site + "/kiosk/")
    assert _refresh(page) is None, "the start page must not reload itself"
    assert not too_small(page, "a, button", 80)
    rows = {}
    for box in boxes(page.locator(".kiosk-grid .kiosk-button")):
        rows.setdefault(round(box["y"]), []).append(round(box["height"]))
    for y, heights in rows.items():
        assert len(set(heights)) == 1, f"buttons in one row (y={y}) have heights {heights}"

    page.get_by_role("link", name="社会保险登记", exact=True).click()
    expect(page).to_have_url(site + "/kiosk/g/0/")
    assert page.locator("body").get_attribute("data-idle-seconds") == "90"
    assert not too_small(page, "a, button", 80)

    page.get_by_role("link", name="职工参保登记").click()
    expect(page).to_have_url(site + "/kiosk/item/4/")
    expect(page.get_by_text("居民身份证")).to_be_visible()
    assert not too_small(page, "a, button", 80)

    page.get_by_role("link", name="← 返回").click()
    expect(page).to_have_url(site + "/kiosk/g/0/")
    page.get_by_role("link", name="回到首页").click()
    expect(page).to_have_url(site + "/kiosk/")


def test_idle_kiosk_warns_then_returns_to_start(site, new_context):
    """WCAG 2.2.1: a warning with a button to continue comes 20 s before the page returns to the start."""
    page = new_context(viewport=KIOSK_SCREEN).new_page()
    page.clock.install()
    page.goto(site + "/kiosk/item/4/")
    warning = page.locator("#kiosk-timeout")
    expect(warning).to_be_hidden()
    page.clock.fast_forward("01:11")
    expect(warning).to_be_visible()
    page.get_by_role("button", name="我还要看，继续").click()
    expect(warning).to_be_hidden()
    page.clock.fast_forward("01:11")
    expect(page).to_have_url(site + "/kiosk/item/4/")
    page.clock.fast_forward("00:30")
    expect(page).to_have_url(site + "/kiosk/")


def test_without_javascript_a_meta_refresh_returns_to_start(site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + "/kiosk/g/0/")
    assert _refresh(page) == (90, site + "/kiosk/")
    page.goto(site + "/kiosk/")
    assert _refresh(page) is None
