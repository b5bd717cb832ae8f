"""What a citizen sees on a 360 px phone with 200% text and on a 1280 px desktop (issue 16, "Done when").

Screenshots of the pages citizens use most go to the test run's artefacts folder (helpers.artefacts_dir),
for people to look at; the assertions check what a person would notice: nothing wider than the screen,
no tile or button whose text runs out of it, table headers readable, kiosk buttons on two lines.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import (
    DESKTOP,
    PHONE,
    SEED,
    artefacts_dir,
    no_horizontal_scroll,
    set_contrast,
    set_elder,
)

pytestmark = pytest.mark.browser

SCREENS = {
    "home": "/",
    "catalog": "/catalog/",
    "item-with-guide": f"/catalog/{SEED}/4/",
    "item-without-guide": f"/catalog/{SEED}/30/",
    "apply-form": "/apply/form/",
    "kiosk": "/kiosk/",
    "kiosk-event": "/kiosk/events/retirement/",
}

# Android's "font size" setting at its largest scales the root font; so does this, before any page script.
LARGE_TEXT = "document.addEventListener('DOMContentLoaded', () => { document.documentElement.style.fontSize = '200%'; });"

# Elements whose content is wider than their box: text cut off or running into the neighbour.
OVERFLOWING_JS = """() => [...document.querySelectorAll('.tile, .button, .kiosk-button, .mode-toggle, .tool-button, h1, h2, .item-link, .site-name, .header-hotlines, dd, td, th')]
  .filter(el => el.getClientRects().length && getComputedStyle(el).overflow !== 'auto')
  .filter(el => el.scrollWidth > el.clientWidth + 2 && el.clientWidth > 0 && !el.closest('.table-scroll'))
  .map(el => `${el.tagName.toLowerCase()}.${el.className}: ${el.innerText.trim().slice(0, 24)} (${el.scrollWidth} > ${el.clientWidth})`)"""

# Header cells that are narrower than two characters break their words one character a line.
NARROW_HEADERS_JS = """() => [...document.querySelectorAll('.catalog-table thead th')]
  .filter(th => th.getClientRects().length)
  .filter(th => th.innerText.replace(/\\s/g, '').length > 1)
  .filter(th => th.clientWidth < 2.2 * parseFloat(getComputedStyle(th).fontSize) + 12)
  .map(th => `${th.innerText.replace(/\\s/g, '')}: ${th.clientWidth}px`)"""


@pytest.mark.parametrize("size", ["phone-200", "desktop"])
def test_screens_fit_and_read_right(site, new_context, tmp_path_factory, size):
    phone = size == "phone-200"
    context = new_context(viewport=PHONE if phone else DESKTOP)
    if phone:
        context.add_init_script(LARGE_TEXT)
    page = context.new_page()
    shots = artefacts_dir(tmp_path_factory)
    problems = []
    for name, path in SCREENS.items():
        page.goto(site + path)
        if phone:
            assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
        shot = shots / f"{name}-{size}.png"
        if name == "catalog":
            page.screenshot(
                path=shot, full_page=True, clip={"x": 0, "y": 0, **page.viewport_size, "height": 3000}
            )
            # And a stretch of the cards further down, where a citizen lands from the jump list.
            top = page.locator("#group-4").evaluate("el => el.getBoundingClientRect().top + window.scrollY")
            page.screenshot(
                path=shots / f"catalog-cards-{size}.png",
                full_page=True,
                clip={"x": 0, "y": top, "width": page.viewport_size["width"], "height": 2400},
            )
        else:
            page.screenshot(path=shot, full_page=True)
        fits, width, inner = no_horizontal_scroll(page)
        if not fits:
            problems.append(f"{name}: the page is {width}px wide in a {inner}px window")
        overflowing = page.evaluate(OVERFLOWING_JS)
        if overflowing:
            problems.append(f"{name}: text runs out of its box: {overflowing[:4]}")
        if name == "catalog" and not phone:
            narrow = page.evaluate(NARROW_HEADERS_JS)
            if narrow:
                problems.append(f"catalog: headers one character a line: {narrow}")
    assert not problems, "\n".join(problems)


def test_kiosk_life_event_buttons_keep_their_two_lines(site, new_context):
    page = new_context(viewport={"width": 1080, "height": 1920}).new_page()
    for path in ("/kiosk/", "/kiosk/events/retirement/"):
        page.goto(site + path)
        labels = page.locator(".kiosk-label")
        assert labels.count() > 0
        for index in range(labels.count()):
            title = labels.nth(index).locator(".kiosk-title").bounding_box()
            sub = labels.nth(index).locator(".kiosk-sub").bounding_box()
            assert sub["y"] >= title["y"] + title["height"] - 1, (path, index, title, sub)


def test_phone_catalog_is_cards_with_a_jump_list(site, new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto(site + "/catalog/")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 30_000, f"the catalog is {height}px tall on a phone"  # was about 62,000
    assert page.locator(".catalog-table td.long").first.is_hidden()
    assert (
        page.locator(".catalog-table tbody tr").first.evaluate("tr => getComputedStyle(tr).display") == "flex"
    )
    page.get_by_role("link", name="失业保险服务").first.click()
    expect(page).to_have_url(site + "/catalog/#group-6")
    top = page.locator("#group-6").bounding_box()["y"]
    assert -5 <= top < PHONE["height"], top  # the group is on screen
    page.locator("#group-6 .to-jump").click()
    expect(page).to_have_url(site + "/catalog/#group-jump")


def test_item_page_offers_a_qr_code_on_a_screen_but_not_on_a_phone(site, new_context):
    desktop = new_context().new_page()
    desktop.goto(site + f"/catalog/{SEED}/4/")
    expect(desktop.get_by_role("img", name="本页二维码：用手机扫一扫")).to_be_visible()
    expect(desktop.get_by_text("在手机上看")).to_be_visible()
    phone = new_context(viewport=PHONE).new_page()
    phone.goto(site + f"/catalog/{SEED}/4/")
    expect(phone.locator(".mobile-qr")).to_be_hidden()


def test_api_explorer_renders_from_our_own_files(site, new_context):
    page = new_context().new_page()
    blocked = []
    page.on(
        "console",
        lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None,
    )
    outside = []
    page.on(
        "request", lambda request: outside.append(request.url) if not request.url.startswith(site) else None
    )
    page.goto(site + "/api/v1/docs")
    expect(page.get_by_text("/api/v1/search").first).to_be_visible(timeout=15_000)
    assert not blocked and not outside, (blocked, outside)


@pytest.mark.parametrize("mode", ["contrast", "elder-contrast"])
def test_high_contrast_reads_right(site, new_context, tmp_path_factory, mode):
    context = new_context(viewport=PHONE if mode == "elder-contrast" else DESKTOP)
    set_contrast(context)
    if mode == "elder-contrast":
        set_elder(context, site)
    page = context.new_page()
    shots = artefacts_dir(tmp_path_factory)
    for name in ("home", "item-with-guide", "item-without-guide"):
        page.goto(site + SCREENS[name])
        page.screenshot(path=shots / f"{name}-{mode}.png", full_page=True)
        assert no_horizontal_scroll(page)[0], name
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
        assert not page.evaluate(OVERFLOWING_JS), name
