"""The 适老化/无障碍 toolbar: high contrast, large cursor, reading guide, read-aloud, all by keyboard, remembered
in the browser (the page itself stays the same for everyone, so it can be cached)."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import FOCUS_STYLE_JS, PHONE, SEED, has_visible_focus

pytestmark = pytest.mark.browser

ITEM = f"/catalog/{SEED}/4/"

# A stand-in for the browser's speech synthesis with one Chinese voice, recording what it is asked to say.
FAKE_SPEECH = """
window.__spoken = [];
const voice = {lang: 'zh-CN', name: '测试语音'};
Object.defineProperty(window, 'speechSynthesis', {value: {
  getVoices: () => [voice],
  speak: (u) => window.__spoken.push(u.text),
  cancel: () => window.__spoken.push('<cancel>'),
}});
window.SpeechSynthesisUtterance = function (text) { this.text = text; };
"""


def _tab_to(page, name: str, limit: int = 40) -> dict:
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE_JS)
        if focus["name"].startswith(name):
            assert has_visible_focus(focus), focus
            return focus
    raise AssertionError(f"Tab never reached {name}")


def _pressed(page, tool: str) -> str:
    return page.locator(f'.tool-button[data-tool="{tool}"]').get_attribute("aria-pressed")


def test_every_tool_works_by_keyboard_and_is_remembered(site, new_context):
    context = new_context()
    context.add_init_script(FAKE_SPEECH)
    page = context.new_page()
    page.goto(site + ITEM)
    html = page.locator("html")

    _tab_to(page, "高对比度")
    page.keyboard.press("Enter")
    expect(html).to_have_class(re.compile(r"\bgk-contrast\b"))
    assert _pressed(page, "contrast") == "true"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(0, 0, 0)"
    expect(page.locator(".tool-status")).to_have_text("高对比度已打开")

    _tab_to(page, "大鼠标")
    page.keyboard.press(" ")
    expect(html).to_have_class(re.compile(r"\bgk-cursor\b"))
    assert "cursor-large.svg" in page.evaluate("getComputedStyle(document.body).cursor")
    assert "cursor-hand.svg" in page.evaluate("getComputedStyle(document.querySelector('main a')).cursor")

    _tab_to(page, "阅读辅助线")
    page.keyboard.press("Enter")
    guide = page.locator(".reading-guide")
    expect(guide).to_be_visible()
    before = guide.bounding_box()["y"]
    _tab_to(page, "首页")  # the guide follows the keyboard focus
    assert guide.bounding_box()["y"] != before

    # Read-aloud: the selected text if there is one, else the page's main content; again to stop.
    page.evaluate(
        "() => { const r = document.createRange(); r.selectNodeContents(document.querySelector('h1'));"
        " getSelection().removeAllRanges(); getSelection().addRange(r); }"
    )
    page.locator('.tool-button[data-tool="speak"]').focus()
    page.keyboard.press("Enter")
    assert page.evaluate("window.__spoken") == ["职工参保登记"]
    assert _pressed(page, "speak") == "true"
    page.keyboard.press("Escape")
    assert page.evaluate("window.__spoken").pop() == "<cancel>"
    assert _pressed(page, "speak") == "false"

    # Remembered: on the next page, and after a reload, without asking again.
    page.goto(site + "/catalog/")
    expect(html).to_have_class(re.compile(r"\bgk-contrast\b.*\bgk-guide\b|\bgk-guide\b.*\bgk-contrast\b"))
    assert _pressed(page, "contrast") == "true" and _pressed(page, "cursor") == "true"
    expect(page.locator(".reading-guide")).to_be_visible()

    page.locator('.tool-button[data-tool="reset"]').focus()
    page.keyboard.press("Enter")
    expect(html).not_to_have_class(re.compile(r"gk-"))
    page.reload()
    expect(html).not_to_have_class(re.compile(r"gk-"))
    assert _pressed(page, "contrast") == "false"


def test_on_a_phone_the_tools_open_from_one_button(site, new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto(site + ITEM)
    contrast = page.locator('.tool-button[data-tool="contrast"]')
    expect(contrast).to_be_hidden()
    _tab_to(page, "无障碍工具")
    page.keyboard.press("Enter")
    expect(contrast).to_be_visible()
    _tab_to(page, "高对比度")
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class(re.compile(r"\bgk-contrast\b"))


def test_without_a_chinese_voice_read_aloud_says_so(site, new_context):
    context = new_context()
    context.add_init_script(FAKE_SPEECH.replace("lang: 'zh-CN'", "lang: 'en-US'"))
    page = context.new_page()
    page.goto(site + ITEM)
    page.locator('.tool-button[data-tool="speak"]').click()
    expect(page.locator(".tool-status")).to_contain_text("没有中文语音")
    assert page.evaluate("window.__spoken") == []


def test_without_javascript_only_the_large_text_link_shows(site, new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(site + ITEM)
    expect(page.get_by_role("link", name="大字版")).to_be_visible()
    expect(page.locator(".tool-menu")).to_be_hidden()
