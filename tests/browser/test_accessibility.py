"""axe-core (bundled in axe-playwright-python, no network) finds no WCAG 2.1 A/AA problem on public pages,
in the standard display, in large-text mode (大字版) and with the toolbar's high contrast on."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import SEED, describe_violations, set_contrast, set_elder

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
    "event": "/events/retirement/",
    "search-not-covered": "/search/?q=医保报销",
    "events": "/events/",
    "kiosk": "/kiosk/",
    "kiosk-item": "/kiosk/item/4/",
    "kiosk-event": "/kiosk/events/retirement/",
    "apply-form": "/apply/form/",
    "site-map": "/site-map/",
    "feedback": f"/feedback/?page=/catalog/{SEED}/4/&useful=no",
}
MODES = ("standard", "elder", "contrast")


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violations(site, new_context, axe, name):
    # Violations only: passes and inapplicable rules would triple the time spent sending results back.
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    reports = []
    for mode in MODES:  # all in one test: loading the seed costs more than a page
        context = new_context()
        if mode == "elder":
            set_elder(context, site)
        if mode == "contrast":
            set_contrast(context)
        page = context.new_page()
        page.goto(site + PAGES[name])
        assert page.locator("body.elder").count() == (mode == "elder" or name.startswith("kiosk"))
        if mode == "contrast" and not name.startswith("kiosk"):
            assert page.locator("html.gk-contrast").count() == 1
        violations = axe.run(page, options=options).response["violations"]
        if violations:
            reports.append(f"{PAGES[name]} ({mode}):\n" + describe_violations(violations))
    assert not reports, "\n".join(reports)
