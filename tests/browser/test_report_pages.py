"""The report pages in a real Chromium: no axe findings, phone layout, and the staff pages.

Screenshots land in GONGKAI_SCREENSHOTS when set, to look at them.
"""

from pathlib import Path

import pytest

from tests.browser.helpers import describe_violations, no_horizontal_scroll, screenshot_dir, set_elder

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def report_site(transactional_db, live_server, django_user_model):
    """The known-answer year with its 2025 report published and a 2026 draft; returns (url, session cookie)."""
    from django.test import Client

    from gongkai.accounts.roles import Role, grant
    from gongkai.reports import services
    from tests.reports.helpers import build_year_of_cases, fill_report

    officer = django_user_model.objects.create_user("officer", "officer@example.org", None, is_staff=True)
    grant(officer, Role.DISCLOSURE_OFFICE, Role.PRIVACY)
    build_year_of_cases(officer)
    services.publish_report(fill_report(officer), acting_user=officer)
    fill_report(officer, 2026)
    client = Client()
    client.force_login(officer)
    return live_server.url, client.cookies["sessionid"].value


def _check(page, axe, url: str, shots: Path, name: str) -> list[str]:
    page.goto(url)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{url} ({name}):\n" + describe_violations(violations)] if violations else []


def test_public_report_page(browser, axe, report_site, tmp_path):
    url, _ = report_site
    shots = screenshot_dir(tmp_path)
    problems = []
    for name, viewport, elder in (
        ("desktop", DESKTOP, False),
        ("phone", PHONE, False),
        ("phone-elder", PHONE, True),
    ):
        context = browser.new_context(viewport=viewport, locale="zh-CN")
        if elder:
            set_elder(context, url)
        page = context.new_page()
        problems += _check(page, axe, url + "/gongkai/annual-reports/2025/", shots, f"report-{name}")
        fits, width, inner = no_horizontal_scroll(page)
        assert fits, f"{name}: page is {width}px wide in a {inner}px window"
        if viewport is PHONE:
            # The wide tables keep their shape and scroll inside their own box instead.
            wide = page.eval_on_selector(
                ".four-table", "t => t.parentElement.scrollWidth > t.parentElement.clientWidth"
            )
            assert wide
        context.close()
    assert not problems, "\n".join(problems)


def test_staff_pages(browser, axe, report_site, tmp_path):
    url, session = report_site
    shots = screenshot_dir(tmp_path)
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    context.add_cookies([{"name": "sessionid", "value": session, "url": url}])
    page = context.new_page()
    problems = []
    for name, path in (
        ("staff-list", "/staff/reports/"),
        ("staff-edit", "/staff/reports/zltq-rsj/2026/"),
        ("staff-published", "/staff/reports/zltq-rsj/2025/"),
        ("staff-statistics", "/staff/reports/zltq-rsj/2025/statistics/"),
    ):
        problems += _check(page, axe, url + path, shots, name)
    context.close()
    assert not problems, "\n".join(problems)
