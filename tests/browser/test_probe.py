
import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser
S = "/catalog/zalaite-social-insurance"
PAGES = {
    "home": "/",
    "catalog": "/catalog/",
    "group": S + "/g/0/",
    "item": S + "/4/",
    "item30": S + "/30/",
    "search": "/search/?q=社保卡",
    "nores": "/search/?q=火星",
    "events": "/events/",
    "event": "/events/retirement/",
    "kiosk": "/kiosk/",
    "kioskg": "/kiosk/g/0/",
    "kioski": "/kiosk/item/4/",
}
OPTS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]}}


@pytest.mark.parametrize("elder", [False, True])
def test_probe(site, new_context, elder):
    for vpname, vp in (("phone", PHONE), ("desk", DESKTOP)):
        ctx = new_context(viewport=vp)
        if elder:
            ctx.add_cookies([{"name": "gk_elder", "value": "1", "url": site}])
        page = ctx.new_page()
        for name, url in PAGES.items():
            page.goto(site + url)
            page.screenshot(
                path=f"/tmp/shots/{name}-{vpname}-{'elder' if elder else 'std'}.png", full_page=True
            )
            sw = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            print(name, vpname, elder, sw)
            if vpname == "desk":
                r = Axe().run(page, options=OPTS)
                for v in r.response["violations"]:
                    print(
                        "  ",
                        v["id"],
                        v["impact"],
                        v["tags"][:3],
                        [n["target"] for n in v["nodes"]][:5],
                        v["nodes"][0].get("failureSummary", "")[:300],
                    )
