"""The Mongolian pages in Chromium: vertical lines in the traditional script, drawn with the project's own
font, readable on a phone and a desktop (screenshots in the artefacts), no axe findings in the standard and
large-text modes, and the language switch reachable by keyboard."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import DESKTOP, PHONE, SEED, artefacts_dir, describe_violations, set_elder

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/mn/",
    "item": f"/mn/bodies/zltq-rsj/catalog/{SEED}/4/",
    "catalog": f"/mn/bodies/zltq-rsj/catalog/{SEED}/",
    "event": "/mn/events/retirement/",
    "apply": "/mn/apply/",
}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

# Whether the page is laid out in vertical lines, and whether the Mongolian text is drawn with our font:
# the heading's box is taller than wide, and the browser has loaded the font face for Mongolian letters.
LAYOUT_JS = """async () => {
  await document.fonts.ready;
  const faces = await document.fonts.load('16px "Noto Sans Mongolian"', '\u182e\u1823\u1829');
  const h1 = document.querySelector('h1').getBoundingClientRect();
  return {
    mode: getComputedStyle(document.documentElement).writingMode,
    font: faces.length > 0 && document.fonts.check('16px "Noto Sans Mongolian"', '\u182e'),
    h1Tall: h1.height > h1.width,
    lang: document.documentElement.lang,
  };
}"""


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_mongolian_pages_are_vertical_in_our_own_font(site, new_context, tmp_path_factory, size):
    context = new_context(viewport=PHONE if size == "phone" else DESKTOP)
    page = context.new_page()
    shots = artefacts_dir(tmp_path_factory)
    for name, path in PAGES.items():
        response = page.goto(site + path)
        assert response.status == 200, path
        layout = page.evaluate(LAYOUT_JS)
        assert layout == {"mode": "vertical-lr", "font": True, "h1Tall": True, "lang": "mn-Mong"}, (
            path,
            layout,
        )
        page.screenshot(path=shots / f"mn-{name}-{size}.png")
        # Lines run down the screen: the page scrolls sideways, never up and down.
        scroll = page.evaluate("[document.documentElement.scrollHeight, window.innerHeight]")
        assert scroll[0] <= scroll[1], (path, scroll)
        if size == "phone":
            # The page's title and its first words are on the first screen, not pushed off it by the header.
            title = page.evaluate("document.querySelector('h1').getBoundingClientRect().left")
            assert title < PHONE["width"] * 0.75, (path, title)


@pytest.mark.parametrize("name", list(PAGES))
def test_mongolian_pages_have_no_accessibility_violations(site, new_context, name):
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    reports = []
    for mode in ("standard", "elder"):
        context = new_context()
        if mode == "elder":
            set_elder(context, site)
        page = context.new_page()
        page.goto(site + PAGES[name])
        violations = axe.run(page, options=options).response["violations"]
        if violations:
            reports.append(f"{PAGES[name]} ({mode}):\n" + describe_violations(violations))
    assert not reports, "\n".join(reports)


def test_the_language_switch_works_by_keyboard_and_is_remembered(site, new_context):
    page = new_context().new_page()
    page.goto(site + PAGES["item"])
    # Tab from the top of the page to the Chinese link of the switch, then Enter.
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.getAttribute('hreflang')") == "zh-CN":
            break
    else:
        pytest.fail("the language switch cannot be reached with Tab")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url == site + PAGES["item"].removeprefix("/mn")
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    # And back to Mongolian: the choice is remembered on the next visit to a Chinese address.
    with page.expect_navigation():
        page.locator(".language-switch a[hreflang='mn-Mong']").click()
    assert page.evaluate("document.documentElement.lang") == "mn-Mong"
    page.goto(site + "/")
    assert page.url == site + "/mn/"


def test_the_chinese_pages_draw_the_mongolian_switch_in_our_font(site, new_context):
    """A phone without Mongolian fonts would show the switch's name as empty boxes."""
    page = new_context(viewport=PHONE).new_page()
    page.goto(site + "/")
    link = page.locator(".language-switch a[hreflang='mn-Mong']")
    assert link.evaluate("e => getComputedStyle(e).fontFamily").startswith('"Noto Sans Mongolian"')
    loaded = page.evaluate(
        "async () => (await document.fonts.load('16px \"Noto Sans Mongolian\"', '\u182e')).length > 0"
    )
    assert loaded
