"""The holiday-schedule page in a real Chromium: no axe findings on a phone or a desktop,
no sideways scrolling, and a schedule marked, previewed and confirmed with the keyboard alone and
JavaScript off.

Screenshots land in GONGKAI_SCREENSHOTS when set, to look at them.
"""

import datetime

import pytest

from tests.browser.helpers import DESKTOP, PHONE, describe_violations, no_horizontal_scroll, screenshot_dir

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def office_site(transactional_db, live_server, django_user_model):
    """A 政务公开办 member's session on the live server; returns (url, cookie)."""
    from django.test import Client

    from gongkai.accounts.roles import Role, grant

    officer = django_user_model.objects.create_user("officer", "officer@example.org", None, is_staff=True)
    grant(officer, Role.DISCLOSURE_OFFICE)
    client = Client()
    client.force_login(officer)
    return live_server.url, client.cookies["sessionid"].value


def _context(browser, url, cookie, viewport, javascript=False):
    context = browser.new_context(viewport=viewport, locale="zh-CN", java_script_enabled=javascript)
    context.add_cookies([{"name": "sessionid", "value": cookie, "url": url}])
    context.set_default_timeout(10_000)
    return context


def test_the_pages_pass_axe_and_fit_a_phone(browser, axe, office_site, tmp_path):
    url, cookie = office_site
    shots = screenshot_dir(tmp_path)
    problems = []
    for name, viewport in (("phone", PHONE), ("desktop", DESKTOP)):
        # axe itself is JavaScript (its timers never fire with scripts off); the pages use none.
        context = _context(browser, url, cookie, viewport, javascript=True)
        page = context.new_page()
        for path, shot in (("/staff/workdays/", "index"), ("/staff/workdays/2027/", "year")):
            page.goto(url + path)
            page.screenshot(path=str(shots / f"workdays-{shot}-{name}.png"), full_page=True)
            fits, width, inner = no_horizontal_scroll(page)
            assert fits, f"{path} ({name}) is {width}px wide in a {inner}px window"
            violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
            if violations:
                problems.append(f"{path} ({name}):\n" + describe_violations(violations))
        if viewport is PHONE:
            # Each day's select stays big enough to hit with a thumb.
            box = page.locator("#id_d20270212").bounding_box()
            assert box["width"] >= 36 and box["height"] >= 44, box
        context.close()
    assert not problems, "\n".join(problems)


def test_mark_preview_and_confirm_by_keyboard(browser, office_site):
    from gongkai.workdays.models import HolidaySchedule

    url, cookie = office_site
    context = _context(browser, url, cookie, PHONE)
    page = context.new_page()
    page.goto(url + "/staff/workdays/2027/")
    # Tab from 2/11 to 2/12, then choose 休 with the arrow key: the bridging day after 春节.
    page.focus("#id_d20270211")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_d20270212"
    page.keyboard.press("ArrowDown")
    assert page.locator("#id_d20270212").input_value() == "holiday"
    page.focus("button[value=preview]")
    # The preview is a POST to the same address: wait for the new page, not for a URL already shown.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "预览 2027 年节假日安排"
    assert "2月5日 至 2月8日" in page.locator("table").first.inner_text()
    assert "2月12日" in page.locator("table").first.inner_text()
    page.focus("button[value=confirm]")
    with page.expect_navigation(url="**/staff/workdays/"):
        page.keyboard.press("Enter")
    assert "已载入：2027 年" in page.locator(".messages").inner_text()
    days = set(HolidaySchedule.objects.get(year=2027).days.values_list("date", flat=True))
    assert datetime.date(2027, 2, 12) in days and datetime.date(2027, 1, 1) in days
    context.close()
