"""The kiosk in Mongolian (/mn/kiosk/): vertical lines in our own font on a portrait and a landscape touch
screen (screenshots in the artefacts), big buttons, a group and an item touched and the way back, the idle
return to the Mongolian start, the language switch, and no axe findings."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.browser.helpers import artefacts_dir, boxes, describe_violations, too_small

pytestmark = pytest.mark.browser

SCREENS = {"portrait": {"width": 1080, "height": 1920}, "landscape": {"width": 1920, "height": 1080}}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
LAYOUT_JS = """async () => {
  await document.fonts.ready;
  const faces = await document.fonts.load('16px "Noto Sans Mongolian"', '\u182e\u1823\u1829');
  const h1 = document.querySelector('h1').getBoundingClientRect();
  return {
    mode: getComputedStyle(document.documentElement).writingMode,
    font: faces.length > 0,
    h1Tall: h1.height > h1.width,
    lang: document.documentElement.lang,
  };
}"""
VERTICAL = {"mode": "vertical-lr", "font": True, "h1Tall": True, "lang": "mn-Mong"}
# Buttons and headings whose text runs out of their box, across the lines or along them.
OVERFLOWING_JS = """() => [...document.querySelectorAll('.kiosk-button, h1, h2, .site-name')]
  .filter(el => el.getClientRects().length)
  .filter(el => el.scrollWidth > el.clientWidth + 2 || el.scrollHeight > el.clientHeight + 2)
  .map(el => `${el.className}: ${el.innerText.trim().slice(0, 24)} (${el.scrollWidth}x${el.scrollHeight} > ${el.clientWidth}x${el.clientHeight})`)"""


def _inside_the_screen(page) -> bool:
    """Lines run down the screen: the page may scroll sideways, never up and down."""
    height, inner = page.evaluate("[document.documentElement.scrollHeight, window.innerHeight]")
    return height <= inner


@pytest.mark.parametrize("screen", list(SCREENS))
def test_the_mongolian_kiosk_in_vertical_lines_touch_a_group_and_an_item_and_come_back(
    site, new_context, tmp_path_factory, screen
):
    shots = artefacts_dir(tmp_path_factory)
    page = new_context(viewport=SCREENS[screen], has_touch=True).new_page()
    page.goto(site + "/mn/kiosk/")
    assert page.evaluate(LAYOUT_JS) == VERTICAL
    assert _inside_the_screen(page)
    assert not too_small(page, "a, button", 80)
    assert page.evaluate(OVERFLOWING_JS) == []
    page.screenshot(path=shots / f"kiosk-mn-start-{screen}.png")
    # Buttons of one line of the grid are as long as each other (the grid runs down, then left to right).
    lines = {}
    for box in boxes(page.locator(".kiosk-grid .kiosk-button")):
        lines.setdefault(round(box["x"]), []).append(round(box["width"]))
    for x, widths in lines.items():
        assert len(set(widths)) == 1, f"buttons in one column (x={x}) have widths {widths}"

    page.locator(".kiosk-grid a[href='/mn/kiosk/g/0/']").tap()
    expect(page).to_have_url(site + "/mn/kiosk/g/0/")
    assert page.evaluate(LAYOUT_JS) == VERTICAL and _inside_the_screen(page)
    assert page.locator("body").get_attribute("data-home") == "/mn/kiosk/"
    assert not too_small(page, "a, button", 80)
    assert page.evaluate(OVERFLOWING_JS) == []
    page.screenshot(path=shots / f"kiosk-mn-group-{screen}.png")

    page.locator("a[href='/mn/kiosk/item/4/']").tap()
    expect(page).to_have_url(site + "/mn/kiosk/item/4/")
    assert page.evaluate(LAYOUT_JS) == VERTICAL and _inside_the_screen(page)
    expect(page.get_by_text("居民身份证")).to_be_visible()
    assert not too_small(page, "a, button", 80)
    assert page.evaluate(OVERFLOWING_JS) == []
    page.screenshot(path=shots / f"kiosk-mn-item-{screen}.png")

    page.locator(".kiosk-back").tap()
    expect(page).to_have_url(site + "/mn/kiosk/g/0/")
    page.locator(".kiosk-nav a:not(.kiosk-back)").tap()
    expect(page).to_have_url(site + "/mn/kiosk/")

    page.locator(".kiosk-grid a[href='/mn/kiosk/events/retirement/']").tap()
    expect(page).to_have_url(site + "/mn/kiosk/events/retirement/")
    assert page.evaluate(LAYOUT_JS) == VERTICAL and _inside_the_screen(page)
    assert page.evaluate(OVERFLOWING_JS) == []
    page.screenshot(path=shots / f"kiosk-mn-event-{screen}.png")


def test_the_mongolian_kiosk_returns_to_its_own_start_when_left_alone(site, new_context, tmp_path_factory):
    page = new_context(viewport=SCREENS["portrait"]).new_page()
    page.clock.install()
    page.goto(site + "/mn/kiosk/item/4/")
    warning = page.locator("#kiosk-timeout")
    page.clock.fast_forward("01:11")
    expect(warning).to_be_visible()
    assert warning.evaluate("e => /[\u1820-\u1878]/.test(e.textContent)")
    page.screenshot(path=artefacts_dir(tmp_path_factory) / "kiosk-mn-idle-warning-portrait.png")
    page.clock.fast_forward("00:30")
    expect(page).to_have_url(site + "/mn/kiosk/")


def test_the_start_screen_switches_language_with_a_big_button(site, new_context, tmp_path_factory):
    page = new_context(viewport=SCREENS["portrait"], has_touch=True).new_page()
    page.goto(site + "/kiosk/")
    page.screenshot(path=artefacts_dir(tmp_path_factory) / "kiosk-zh-start-portrait.png")
    switch = page.locator(".kiosk-language")
    assert not too_small(page, ".kiosk-language", 80)
    switch.tap()
    expect(page).to_have_url(site + "/mn/kiosk/")
    assert page.evaluate(LAYOUT_JS) == VERTICAL
    page.locator(".kiosk-language").tap()
    expect(page).to_have_url(site + "/kiosk/")
    # Nothing is remembered on a shared screen: the Chinese start stays Chinese for the next visitor.
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    assert not [c for c in page.context.cookies() if c["name"] == "gk_lang"]


@pytest.mark.parametrize(
    "path", ["/mn/kiosk/", "/mn/kiosk/g/0/", "/mn/kiosk/item/4/", "/mn/kiosk/events/retirement/"]
)
def test_the_mongolian_kiosk_has_no_accessibility_violations(site, new_context, path):
    page = new_context(viewport=SCREENS["portrait"]).new_page()
    page.goto(site + path)
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    violations = Axe().run(page, options=options).response["violations"]
    assert not violations, describe_violations(violations)
