"""axe-core (bundled in axe-playwright-python, no network) finds no WCAG 2.1 A/AA problem on public pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import SEED, describe_violations, set_elder

pytestmark = pytest.mark.browser

# WCAG 2.0/2.1 A and AA, plus axe's best practices (landmarks, `region`, heading order, unique landmarks).
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]

PAGES = {
    "home": "/",
    "group": f"/catalog/{SEED}/g/0/",
    "item-with-guide": f"/catalog/{SEED}/4/",
    "item-without-guide": f"/catalog/{SEED}/30/",  # has a 数据提示 and the empty state
    "catalog-table": "/catalog/",
    "search-found": "/search/?q=养老",
    "search-nothing": "/search/?q=火星",
    "events": "/events/",
    "event": "/events/retirement/",
    "kiosk": "/kiosk/",
    "kiosk-item": "/kiosk/item/4/",
}


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violations(site, new_context, axe, name):
    # Violations only: passes and inapplicable rules would triple the time spent sending results back.
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    reports = []
    for mode in ("standard", "elder"):  # both in one test: loading the seed costs more than a page
        context = new_context()
        if mode == "elder":
            set_elder(context, site)
        page = context.new_page()
        page.goto(site + PAGES[name])
        assert page.locator("body.elder").count() == (mode == "elder" or name.startswith("kiosk"))
        violations = axe.run(page, options=options).response["violations"]
        if violations:
            reports.append(f"{PAGES[name]} ({mode}):\n" + describe_violations(violations))
    assert not reports, "\n".join(reports)
