"""Keyboard use: the skip link comes first, everything is reachable, focus is always visible."""

import pytest

from tests.browser.helpers import FOCUS_STYLE_JS, has_visible_focus

pytestmark = pytest.mark.browser


def test_first_tab_is_the_skip_link_and_enter_moves_to_the_content(site, page):
    page.goto(site + "/")
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS_STYLE_JS)
    assert focus["name"] == "跳到正文", focus
    assert has_visible_focus(focus), focus
    # Hidden off-screen until focused; then it must be on screen to be seen.
    box = page.locator(".skip-link").bounding_box()
    viewport = page.viewport_size
    assert box["x"] >= 0 and box["x"] + box["width"] <= viewport["width"], box
    assert box["y"] >= 0 and box["y"] + box["height"] <= viewport["height"], box

    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement && document.activeElement.id === 'main'")
    assert page.url.endswith("#main")
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")
    focus = page.evaluate(FOCUS_STYLE_JS)
    assert focus["id"] == "search-q", focus  # the first thing in the content is the search box


def test_tab_reaches_large_text_link_and_search_with_focus_always_visible(site, page):
    page.goto(site + "/")
    visited = []
    for _ in range(20):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE_JS)
        assert has_visible_focus(focus), f"no visible focus on {focus}"
        visited.append(focus)
        if focus["id"] == "search-q":
            break
    names = [f["name"] for f in visited]
    assert names[0] == "跳到正文"
    assert "大字版" in names, names
    assert visited[-1]["id"] == "search-q", names
    assert names.index("大字版") < len(names) - 1

    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS_STYLE_JS)
    assert (focus["tag"], focus["name"]) == ("button", "查找")
    assert has_visible_focus(focus), focus


def test_keyboard_alone_turns_on_large_text(site, page):
    page.goto(site + "/")
    page.get_by_role("link", name="大字版").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("body.elder")
    assert page.get_by_role("link", name="切换到标准字号").is_visible()
