"""Phone first: every page fits a 360 px phone and a 1280 px desktop, in both display modes.

Assertions are on element boxes; the screenshots are kept for people to look at (see helpers.screenshot_dir).
"""

import pytest

from tests.browser.helpers import (
    DESKTOP,
    PAGES,
    PHONE,
    boxes,
    no_horizontal_scroll,
    screenshot_dir,
    set_elder,
    too_small,
)

pytestmark = pytest.mark.browser

VIEWPORTS = {"phone": PHONE, "desktop": DESKTOP}
TARGETS = ".tile, .item-link, .button, .mode-toggle, main button, main input[type=search]"

CARD_STATE_JS = """() => {
  const table = document.querySelector('.catalog-table');
  const head = table.querySelector('thead').getBoundingClientRect();
  const cells = [...table.querySelectorAll('tbody tr:first-child td')].filter(td => td.getClientRects().length);
  return {
    table: getComputedStyle(table).display,
    row: getComputedStyle(table.querySelector('tbody tr')).display,
    headHeight: head.height,
    labels: cells.map(td => [td.dataset.label, getComputedStyle(td, '::before').content]),
    widest: Math.max(...[...table.querySelectorAll('tbody tr')].map(tr => tr.getBoundingClientRect().right)),
  };
}"""


def _check_search_row(page, viewport):
    field = page.locator("#search-q").bounding_box()
    button = page.locator(".search-box .search-row button[type=submit]").first.bounding_box()
    assert field and button
    # Side by side: the button starts right of the field, on the same line, wholly on screen.
    assert button["x"] >= field["x"] + field["width"], (field, button)
    assert button["y"] < field["y"] + field["height"] and field["y"] < button["y"] + button["height"]
    assert button["x"] + button["width"] <= viewport["width"], button
    assert field["width"] >= 150, field
    assert button["height"] >= 44 and field["height"] >= 44, (field, button)


def _uneven_tiles(page) -> list[str]:
    """Tiles side by side in one row should be equally tall, however long their names."""
    rows = {}
    for box in boxes(page.locator("#groups-heading + .tile-list .tile")):
        rows.setdefault(round(box["y"]), []).append(round(box["height"]))
    return [f"home: tiles at y={y} have heights {h}" for y, h in rows.items() if len(set(h)) > 1]


def _check_catalog_table(page, as_cards):
    state = page.evaluate(CARD_STATE_JS)
    if as_cards:
        assert state["table"] == "block" and state["row"] in ("block", "flex"), state
        assert state["headHeight"] <= 1, "the header row should be hidden (kept for screen readers)"
        for label, before in state["labels"]:
            assert before == f'"{label}"', (label, before)
        assert state["widest"] <= page.viewport_size["width"], state
    else:
        assert state["table"] == "table" and state["row"] == "table-row", state
        assert state["headHeight"] > 40, state
        assert page.locator(".catalog-table thead").is_visible()
        for _label, before in state["labels"]:
            assert before in ("none", "normal"), state


@pytest.mark.parametrize("mode", ["standard", "elder"])
@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_pages_fit_the_screen(site, new_context, tmp_path, size, mode):
    viewport = VIEWPORTS[size]
    context = new_context(viewport=viewport)
    if mode == "elder":
        set_elder(context, site)
    page = context.new_page()
    shots = screenshot_dir(tmp_path)
    problems = []
    for name, path in PAGES.items():
        page.goto(site + path)
        assert page.locator("body.elder").count() == (1 if mode == "elder" or name == "kiosk" else 0)
        shot = shots / f"{name}-{size}-{mode}.png"
        if name == "catalog":  # 50,000 px tall on a phone: its first screens say enough
            page.screenshot(path=shot, full_page=True, clip={"x": 0, "y": 0, **viewport, "height": 2400})
        else:
            page.screenshot(path=shot, full_page=True)
        assert shot.stat().st_size > 1000

        fits, width, inner = no_horizontal_scroll(page)
        if not fits:
            problems.append(f"{name}: page is {width}px wide in a {inner}px window")
        small = too_small(page, TARGETS, 44)
        if small:
            problems.append(f"{name}: targets under 44px: {small[:5]}")
        for box in boxes(page.locator(TARGETS)):
            if box["x"] < 0 or box["x"] + box["width"] > viewport["width"] + 0.5:
                problems.append(f"{name}: a target sticks out of the screen: {box}")
        if name in ("home", "search"):
            _check_search_row(page, viewport)
        if name == "home":
            problems += _uneven_tiles(page)
        if name == "catalog":
            # Cards on a phone; in large-text mode always, since 16 columns of 24px text do not fit.
            _check_catalog_table(page, as_cards=size == "phone" or mode == "elder")
    assert not problems, "\n".join(problems)
