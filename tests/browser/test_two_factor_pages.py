"""Two-step verification in a real Chromium: set it up by keyboard and QR code, then log in with a code.

No axe findings on the set-up page or the code step, on a phone too. Screenshots land in GONGKAI_SCREENSHOTS.
"""

import pytest

from tests.accounts.test_two_factor import next_code
from tests.browser.helpers import describe_violations, no_horizontal_scroll, screenshot_dir

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": TAGS}, "resultTypes": ["violations"]}
PASSWORD = "a-long-test-password-7"


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def staff_member(transactional_db, django_user_model, settings):
    from gongkai.accounts.roles import Role, grant

    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    user = django_user_model.objects.create_user("editor", "editor@example.org", PASSWORD, is_staff=True)
    grant(user, Role.EDITOR)
    return user


def _violations(page, axe, name: str) -> list[str]:
    found = axe.run(page, options=AXE_OPTIONS).response["violations"]
    return [f"{page.url} ({name}):\n" + describe_violations(found)] if found else []


def _log_in_with_password(page, base: str) -> None:
    page.goto(base + "/admin/login/?next=/staff/account/two-factor/")
    page.fill("input[name=username]", "editor")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_set_up_then_log_in_with_a_code(new_context, live_server, staff_member, axe, tmp_path):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    shots = screenshot_dir(tmp_path)
    problems = []
    # GIVEN a staff member on a phone, logged in with the password alone
    page = new_context(viewport=PHONE).new_page()
    _log_in_with_password(page, live_server.url)
    assert page.url.endswith("/staff/account/two-factor/")
    # WHEN they start the set-up
    with page.expect_navigation():
        page.get_by_role("button", name="开始设置").click()
    # THEN the QR code and the secret are shown, readable on the phone and without axe findings
    assert page.locator("svg").count() >= 1
    page.screenshot(path=str(shots / "two-factor-setup-phone.png"), full_page=True)
    problems += _violations(page, axe, "set-up")
    fits, width, inner = no_horizontal_scroll(page)
    assert fits, f"set-up page is {width}px wide in a {inner}px window"
    # WHEN they type the code their app shows and press Enter
    device = TOTPDevice.objects.get(user=staff_member)
    page.get_by_label("6 位验证码").fill(next_code(device))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    # THEN it is on
    assert "两步验证已开启" in page.content()
    # WHEN they log in again in a new browser
    page = new_context(viewport=PHONE).new_page()
    _log_in_with_password(page, live_server.url)
    # THEN the password alone is not enough: the code step asks for the 6 digits, and accepts them
    assert page.get_by_label("6 位验证码").count() == 1
    page.screenshot(path=str(shots / "two-factor-code-phone.png"), full_page=True)
    problems += _violations(page, axe, "code step")
    page.get_by_label("6 位验证码").fill(next_code(device))
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/staff/account/two-factor/")
    assert not problems, "\n".join(problems)
