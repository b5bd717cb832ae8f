"""On-request disclosure in a real browser: apply with the keyboard alone, read the receipt, look it up;
and axe-core finds no WCAG 2.1 A/AA problem on the guide, the form (also with errors) and the status page."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.helpers import FOCUS_STYLE_JS, describe_violations, has_visible_focus, set_elder

pytestmark = pytest.mark.browser

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


@pytest.fixture
def apply_site(transactional_db, live_server):
    """The live server with empty rate-limit counters (the cache table outlives each test's data)."""
    from django.core.cache import cache

    from gongkai.catalog.services import seed_body

    seed_body()  # applications are made to a body: the seed's bureau, as on a fresh install
    cache.clear()
    yield live_server.url
    cache.clear()


@pytest.fixture(scope="module")
def axe():
    return Axe()


def tab_to(page, element_id: str, limit: int = 60) -> dict:
    """Press Tab until the element has focus; every stop on the way must show where the focus is."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE_JS)
        assert has_visible_focus(focus), f"no visible focus on {focus}"
        if focus["id"] == element_id:
            return focus
    raise AssertionError(f"Tab never reached #{element_id}")


def test_apply_and_check_status_with_the_keyboard_alone(apply_site, page):
    """GIVEN a villager who uses only the keyboard WHEN they fill in the form (Tab, typing, Space) and press
    Enter THEN the receipt shows the tracking code, and with it and the phone's last four digits the status
    page shows their application."""
    from gongkai.inforequests.models import Application

    page.goto(apply_site + "/apply/form/")
    tab_to(page, "id_applicant_type_0")
    assert page.is_checked("#id_applicant_type_0")  # 个人 is already chosen
    tab_to(page, "id_name")
    page.keyboard.type("王秀兰")
    tab_to(page, "id_id_number")
    page.keyboard.type("11010519491231002x")
    tab_to(page, "id_phone")
    page.keyboard.type("13800001234")
    tab_to(page, "id_address")
    page.keyboard.type("扎赉特旗音德尔镇幸福村")
    tab_to(page, "id_description")
    page.keyboard.type("2025 年城乡居民养老保险基础养老金的发放标准文件")
    tab_to(page, "id_delivery_method_0")  # 邮寄: nothing chosen yet, Space chooses it
    page.keyboard.press("Space")
    assert page.is_checked("#id_delivery_method_0")
    focus = tab_to(page, "")  # the submit button has no id: the next stop after the radios
    assert (focus["tag"], focus["name"]) == ("button", "提交申请")
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/apply/receipt/$"))
    shown = page.locator("#tracking-code").inner_text().strip()
    app = Application.objects.get()
    assert shown.replace(" ", "") == app.code and re.fullmatch(r"\w{4} \w{4} \w{4}", shown)
    assert app.id_number == "11010519491231002X"
    assert "11010519491231002X" not in page.content()

    for _ in range(40):  # find the status link in the receipt by keyboard
        page.keyboard.press("Tab")
        here = page.evaluate(
            "[document.activeElement.textContent.trim(), !!document.activeElement.closest('main')]"
        )
        if here == ["查询办理进度", True]:
            break
    else:
        raise AssertionError("no 查询办理进度 link in the receipt")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/apply/status/$"))

    tab_to(page, "id_code")
    page.keyboard.type(shown.lower())
    tab_to(page, "id_phone_last4")
    page.keyboard.type("1234")
    page.keyboard.press("Enter")
    page.wait_for_selector("#result-title")
    result = page.locator("main").inner_text()
    assert "办理中" in result and "王秀兰" in result and "收到您的申请" in result
    assert shown in result


PAGES = {
    "guide": "/apply/",
    "form": "/apply/form/",
    "form-with-errors": "/apply/form/",
    "status": "/apply/status/",
    "status-not-found": "/apply/status/",
    "status-result": "/apply/status/",
    "receipt": "/apply/receipt/",
}


def _prepare(page, site: str, name: str) -> None:
    """Bring the page into the state under test."""
    from gongkai.inforequests import services
    from gongkai.inforequests.choices import Channel
    from tests.inforequests.helpers import FIELDS

    if name == "receipt":
        page.goto(site + "/apply/form/")
        page.fill("#id_name", "王秀兰")
        page.fill("#id_id_number", "11010519491231002X")
        page.fill("#id_phone", "13800001234")
        page.fill("#id_address", "扎赉特旗音德尔镇")
        page.fill("#id_description", "养老金发放标准")
        page.check("#id_delivery_method_1")
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_url(re.compile(r"/apply/receipt/$"))
        return
    page.goto(site + PAGES[name])
    if name == "form-with-errors":
        page.fill("#id_id_number", "110105194912310021")
        page.fill("#id_description", "<script>x</script>")
        page.get_by_role("button", name="提交申请").click()
        page.wait_for_selector("#error-summary")
    elif name == "status-not-found":
        page.fill("#id_code", "ABCD EFGH JKLM")
        page.fill("#id_phone_last4", "0000")
        page.get_by_role("button", name="查询").click()
        page.wait_for_selector("#not-found")
    elif name == "status-result":
        app = services.submit_application(dict(FIELDS), channel=Channel.ONLINE)
        page.fill("#id_code", app.code)
        page.fill("#id_phone_last4", "1234")
        page.get_by_role("button", name="查询").click()
        page.wait_for_selector("#result-title")


@pytest.mark.parametrize("mode", ["standard", "elder"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_accessibility_violations(apply_site, new_context, axe, name, mode):
    context = new_context()
    if mode == "elder":
        set_elder(context, apply_site)
    page = context.new_page()
    _prepare(page, apply_site, name)
    options = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
    violations = axe.run(page, options=options).response["violations"]
    assert not violations, f"{name} ({mode}):\n" + describe_violations(violations)


def test_errors_are_listed_at_the_top_and_link_to_their_boxes(apply_site, page):
    """GIVEN a form sent with a wrong ID number WHEN it comes back THEN the summary links to the box and the
    box is marked invalid and described by its message."""
    page.goto(apply_site + "/apply/form/")
    page.fill("#id_id_number", "110105194912310021")
    page.get_by_role("button", name="提交申请").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    assert page.title().startswith("有错误：")
    link = summary.get_by_role("link", name=re.compile("校验不对"))
    assert link.get_attribute("href") == "#id_id_number"
    box = page.locator("#id_id_number")
    assert box.get_attribute("aria-invalid") == "true"
    assert box.input_value() == "110105194912310021"
    described = box.get_attribute("aria-describedby").split()
    assert "校验不对" in page.locator(f"#{described[0]}").inner_text()
    assert not page.locator("#id_website").is_visible()
