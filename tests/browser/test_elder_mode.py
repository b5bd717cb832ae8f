"""大字版 (large-text mode): a plain link and a cookie, so it works without JavaScript too."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BODY_FONT = "parseFloat(getComputedStyle(document.body).fontSize)"


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_large_text_is_one_click_and_remembered(site, new_context, javascript):
    context = new_context(java_script_enabled=javascript)
    page = context.new_page()
    page.goto(site + "/catalog/")
    body = page.locator("body")
    expect(body).not_to_have_class(re.compile(r"\belder\b"))
    assert body.evaluate("() => " + BODY_FONT) < 22

    page.get_by_role("link", name="大字版").click()
    expect(page).to_have_url(site + "/catalog/")  # back where the citizen was
    expect(body).to_have_class(re.compile(r"\belder\b"))
    assert body.evaluate("() => " + BODY_FONT) >= 22
    cookies = {c["name"]: c for c in context.cookies()}
    assert cookies["gk_elder"]["value"] == "1"

    page.goto(site + "/")  # a fresh load of another page keeps it
    expect(body).to_have_class(re.compile(r"\belder\b"))
    assert body.evaluate("() => " + BODY_FONT) >= 22

    page.get_by_role("link", name="切换到标准字号").click()
    expect(page).to_have_url(site + "/")
    expect(body).not_to_have_class(re.compile(r"\belder\b"))
    assert "gk_elder" not in {c["name"] for c in context.cookies()}
