"""Two-step verification: turning it on and off, the code step of the login, lockout, reset, the REQUIRE setting."""

import re
import time

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.accounts import two_factor
from gongkai.accounts.views import PENDING_KEY, PENDING_SECONDS
from gongkai.audit.models import AuditEntry

PASSWORD = "a-long-test-password-1"  # the personas' password (tests/conftest.py)
PAGE = "/staff/account/two-factor/"
LOGIN = "/admin/login/"
CODE_STEP = "/admin/login/code/"
STAFF_PAGE = "/staff/guides/"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)


@pytest.fixture(autouse=True)
def _no_back_off(settings):
    """django-otp makes a device wait 1, 2, 4 … seconds after wrong codes; one test turns it back on."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0


def next_code(device) -> str:
    """What the phone shows: the current time step's code, or a later one once that step has been used."""
    device.refresh_from_db()
    step = max(int(time.time()) // device.step, device.last_t + 1)
    return f"{hotp(device.bin_key, step, digits=device.digits):06d}"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def enrol(user) -> TOTPDevice:
    device = two_factor.start_enrolment(user)
    return two_factor.confirm_enrolment(user, next_code(device))


@pytest.fixture
def enrolled(editor):
    return enrol(editor)


def password_step(client, username="editor", next_url=STAFF_PAGE):
    return client.post(f"{LOGIN}?next={next_url}", {"username": username, "password": PASSWORD})


def log_in_with_code(client, device, next_url=STAFF_PAGE):
    response = password_step(client, device.user.get_username(), next_url)
    assert response.status_code == 302 and response["Location"] == CODE_STEP
    return client.post(CODE_STEP, {"code": next_code(device)})


# Turning it on


def test_page_needs_a_login(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_enrolment_with_a_real_code(client, editor):
    # GIVEN a staff member without two-step verification
    client.force_login(editor)
    page = client.get(PAGE).content.decode()
    assert "开始设置" in page and "<svg" not in page

    # WHEN they start, they see a QR code and the secret in groups of four
    assert client.post(PAGE + "start/")["Location"] == PAGE
    device = TOTPDevice.objects.get(user=editor)
    assert not device.confirmed
    page = client.get(PAGE).content.decode()
    assert "<svg" in page and 'role="img"' in page
    secret = two_factor.secret_groups(device)
    assert re.fullmatch(r"([A-Z2-7]{4} )*[A-Z2-7]{4}", secret) and secret in page
    assert secret.replace(" ", "") in two_factor.setup_url(device)

    # AND confirm with the code their app shows
    response = client.post(PAGE + "confirm/", {"code": next_code(device)})

    # THEN it is on, this session counts as verified and both steps are in the audit log
    assert response["Location"] == PAGE
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(STAFF_PAGE).status_code == 200
    page = client.get(PAGE).content.decode()
    assert "已开启" in page and secret not in page and "<svg" not in page
    actions = list(AuditEntry.objects.filter(actor=editor).order_by("id").values_list("action", flat=True))
    assert actions == ["two_factor.start", "two_factor.enable"]


def test_a_wrong_code_is_refused_and_the_form_shown_again(client, editor):
    client.force_login(editor)
    client.post(PAGE + "start/")
    device = TOTPDevice.objects.get(user=editor)
    response = client.post(PAGE + "confirm/", {"code": wrong(next_code(device))})
    assert response.status_code == 200
    page = response.content.decode()
    assert "验证码不对" in page and 'class="field has-error"' in page and 'aria-invalid="true"' in page
    assert "<svg" in page and two_factor.secret_groups(device) in page
    device.refresh_from_db()
    assert not device.confirmed
    assert not AuditEntry.objects.filter(action="two_factor.enable").exists()


@pytest.mark.parametrize("typed", ["", "12345", "12345a", "1234567"])
def test_a_malformed_code_is_a_field_error(client, editor, typed):
    client.force_login(editor)
    client.post(PAGE + "start/")
    response = client.post(PAGE + "confirm/", {"code": typed})
    assert response.status_code == 200
    assert "6 位" in response.content.decode().split("field-error", 1)[1]


def test_spaces_and_full_width_digits_are_accepted(client, editor):
    client.force_login(editor)
    client.post(PAGE + "start/")
    device = TOTPDevice.objects.get(user=editor)
    code = next_code(device)
    typed = code[:3] + " " + code[3:].translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    assert client.post(PAGE + "confirm/", {"code": typed}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed


def test_starting_again_replaces_an_unfinished_secret(client, editor):
    client.force_login(editor)
    client.post(PAGE + "start/")
    first = TOTPDevice.objects.get(user=editor)
    client.post(PAGE + "start/")
    second = TOTPDevice.objects.get(user=editor)
    assert second.pk != first.pk and second.key != first.key


# Logging in


def test_login_without_a_device_is_unchanged(client, editor):
    response = password_step(client)
    assert response.status_code == 302 and response["Location"] == STAFF_PAGE
    assert client.get(STAFF_PAGE).status_code == 200


def test_login_with_a_device_asks_for_the_code(client, enrolled):
    # WHEN the password is right
    response = password_step(client)

    # THEN they are not logged in yet, but asked for the code
    assert response["Location"] == CODE_STEP
    assert client.get(STAFF_PAGE)["Location"].startswith(LOGIN)
    assert client.get("/admin/")["Location"].startswith(LOGIN)
    page = client.get(CODE_STEP).content.decode()
    assert "输入验证码" in page and 'autocomplete="one-time-code"' in page

    # AND with the code they land where they were going
    response = client.post(CODE_STEP, {"code": next_code(enrolled)})
    assert response.status_code == 302 and response["Location"] == STAFF_PAGE
    assert client.get(STAFF_PAGE).status_code == 200
    assert client.get(CODE_STEP)["Location"] == LOGIN  # the half-finished login is gone


def test_a_wrong_code_is_shown_as_an_error(client, enrolled):
    password_step(client)
    response = client.post(CODE_STEP, {"code": wrong(next_code(enrolled))})
    assert response.status_code == 200
    assert "验证码不对" in response.content.decode()
    assert client.get(STAFF_PAGE).status_code == 302


def test_a_code_works_only_once(client, enrolled):
    # GIVEN a login with a code
    password_step(client)
    code = next_code(enrolled)
    assert client.post(CODE_STEP, {"code": code}).status_code == 302
    client.post("/admin/logout/")

    # WHEN someone who saw that code tries it again, even with the password
    password_step(client)
    response = client.post(CODE_STEP, {"code": code})

    # THEN it is refused, and the app's next code works
    assert response.status_code == 200 and "验证码不对" in response.content.decode()
    assert client.post(CODE_STEP, {"code": next_code(enrolled)}).status_code == 302


def test_wrong_codes_lock_the_account_like_wrong_passwords(client, enrolled, settings):
    limit = settings.AXES_FAILURE_LIMIT
    password_step(client)
    for _ in range(limit - 1):
        assert client.post(CODE_STEP, {"code": wrong(next_code(enrolled))}).status_code == 200
    response = client.post(CODE_STEP, {"code": wrong(next_code(enrolled))})
    assert response.status_code == 429 and "登录已暂停" in response.content.decode()

    # Neither the right code nor the password gets in now.
    assert client.post(CODE_STEP, {"code": next_code(enrolled)})["Location"] == LOGIN
    assert password_step(client).status_code == 429


def test_a_lockout_from_wrong_passwords_also_stops_a_waiting_code_step(client, enrolled, settings):
    password_step(client)
    other_tab = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        other_tab.post(LOGIN, {"username": "editor", "password": "wrong"})
    response = client.post(CODE_STEP, {"code": next_code(enrolled)})
    assert response.status_code == 429 and "登录已暂停" in response.content.decode()
    assert client.get(STAFF_PAGE).status_code == 302


def test_the_right_password_does_not_clear_earlier_wrong_codes(client, enrolled, settings):
    """Otherwise anyone with the password could try codes for ever, a few at a time."""
    limit = settings.AXES_FAILURE_LIMIT
    password_step(client)
    for _ in range(limit - 1):
        client.post(CODE_STEP, {"code": wrong(next_code(enrolled))})
    password_step(client)
    response = client.post(CODE_STEP, {"code": wrong(next_code(enrolled))})
    assert response.status_code == 429


def test_a_full_login_clears_the_failures(client, enrolled):
    password_step(client)
    client.post(CODE_STEP, {"code": wrong(next_code(enrolled))})
    assert AccessAttempt.objects.filter(username="editor").exists()
    assert client.post(CODE_STEP, {"code": next_code(enrolled)}).status_code == 302
    assert not AccessAttempt.objects.filter(username="editor").exists()


def test_the_device_backs_off_after_wrong_codes(client, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    password_step(client)
    client.post(CODE_STEP, {"code": wrong(next_code(enrolled))})
    response = client.post(CODE_STEP, {"code": next_code(enrolled)})
    assert response.status_code == 200 and re.search(r"请等 \d+ 秒再试", response.content.decode())


def test_the_code_step_expires(client, enrolled):
    password_step(client)
    session = client.session
    session[PENDING_KEY] = {**session[PENDING_KEY], "at": int(time.time()) - PENDING_SECONDS - 1}
    session.save()
    response = client.post(CODE_STEP, {"code": next_code(enrolled)})
    assert response["Location"] == LOGIN
    assert client.get(STAFF_PAGE).status_code == 302


def test_cancel_returns_to_the_password(client, enrolled):
    password_step(client)
    assert client.post(CODE_STEP, {"cancel": "1"})["Location"] == LOGIN
    assert client.get(CODE_STEP)["Location"] == LOGIN


def test_the_code_step_is_not_reachable_without_the_password(client, enrolled):
    assert client.get(CODE_STEP)["Location"] == LOGIN
    assert client.post(CODE_STEP, {"code": next_code(enrolled)})["Location"] == LOGIN
    assert client.get(STAFF_PAGE).status_code == 302


def test_force_login_without_a_device_reaches_staff_pages(client, editor, officer):
    client.force_login(editor)
    assert client.get(STAFF_PAGE).status_code == 200
    client.force_login(officer)
    assert client.get("/staff/requests/").status_code == 200


def test_a_session_that_skipped_the_code_counts_as_logged_out(client, enrolled, editor):
    """A browser logged in before the factor was turned on, or anything that logs in directly."""
    client.force_login(editor)
    assert client.get(STAFF_PAGE)["Location"].startswith(LOGIN)
    assert client.get("/admin/")["Location"].startswith(LOGIN)
    assert client.get(PAGE)["Location"].startswith(LOGIN)


# Turning it off, and the administrator's reset


def test_disable_needs_a_current_code(client, enrolled):
    log_in_with_code(client, enrolled)
    response = client.post(PAGE + "disable/", {"code": wrong(next_code(enrolled))})
    assert response.status_code == 200 and "验证码不对" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=enrolled.pk).exists()

    response = client.post(PAGE + "disable/", {"code": next_code(enrolled)})
    assert response["Location"] == PAGE
    assert not TOTPDevice.objects.filter(user=enrolled.user).exists()
    entry = AuditEntry.objects.get(action="two_factor.disable")
    assert entry.actor == enrolled.user and "editor" in entry.target
    assert client.get(STAFF_PAGE).status_code == 200

    client.post("/admin/logout/")
    assert password_step(client)["Location"] == STAFF_PAGE


def test_disable_is_refused_when_two_factor_is_required(client, enrolled, settings):
    settings.REQUIRE_TWO_FACTOR = True
    log_in_with_code(client, enrolled)
    page = client.get(PAGE).content.decode()
    assert "不能自己关闭" in page and "关闭两步验证</button>" not in page
    client.post(PAGE + "disable/", {"code": next_code(enrolled)})
    assert TOTPDevice.objects.filter(pk=enrolled.pk, confirmed=True).exists()


@pytest.fixture
def admin_user(db):
    from django.contrib.auth.models import User

    return User.objects.create_superuser("boss", "boss@example.org", PASSWORD)


def test_admin_resets_a_lost_phone(client, enrolled, admin_user):
    # GIVEN an administrator (no device of their own) on the admin's two-step verification list
    client.force_login(admin_user)
    listing = client.get("/admin/accounts/twofactordevice/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert "editor" in page and "已开启" in page
    assert two_factor.secret_groups(enrolled).replace(" ", "") not in page
    detail = client.get(f"/admin/accounts/twofactordevice/{enrolled.pk}/change/").content.decode()
    assert enrolled.key not in detail and two_factor.secret_groups(enrolled) not in detail

    # WHEN they reset the editor's second factor
    response = client.post(
        "/admin/accounts/twofactordevice/",
        {"action": "reset_two_factor", "_selected_action": [enrolled.pk]},
    )

    # THEN the device is gone, the log says who did it, and the editor logs in with the password
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=enrolled.user).exists()
    entry = AuditEntry.objects.get(action="two_factor.reset")
    assert entry.actor == admin_user and entry.target == "工作人员：editor"
    assert password_step(Client())["Location"] == STAFF_PAGE


def test_staff_without_the_permission_cannot_reset(client, enrolled, reviewer):
    client.force_login(reviewer)
    response = client.post(
        "/admin/accounts/twofactordevice/",
        {"action": "reset_two_factor", "_selected_action": [enrolled.pk]},
    )
    assert response.status_code in (302, 403)
    assert TOTPDevice.objects.filter(pk=enrolled.pk).exists()


def test_django_otps_own_admin_with_the_secrets_is_not_offered(client, admin_user):
    client.force_login(admin_user)
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/accounts/twofactordevice/add/").status_code == 403


# GONGKAI_REQUIRE_TWO_FACTOR


def test_required_two_factor_sends_staff_to_enrol_first(client, editor, settings):
    settings.REQUIRE_TWO_FACTOR = True
    # GIVEN a staff member without a device who logs in with the password
    response = password_step(client, next_url="/admin/")
    assert response["Location"] == "/admin/"

    # THEN every staff page sends them to set it up, and only that page works
    for path in ("/admin/", STAFF_PAGE, "/staff/", "/admin/catalog/item/"):
        assert client.get(path)["Location"] == PAGE, path
    page = client.get(PAGE).content.decode()
    assert "本单位要求所有工作人员开启两步验证" in page
    assert client.get("/").status_code == 200  # public pages are public

    # AND once enrolled they can work
    client.post(PAGE + "start/")
    client.post(PAGE + "confirm/", {"code": next_code(TOTPDevice.objects.get(user=editor))})
    assert client.get(STAFF_PAGE).status_code == 200
    # An editor has nothing to do in the admin: /admin/ is their staff home.
    assert client.get("/admin/")["Location"] == "/staff/"
    assert client.get("/staff/").status_code == 200


def test_required_two_factor_still_lets_them_log_out(client, editor, settings):
    settings.REQUIRE_TWO_FACTOR = True
    client.force_login(editor)
    assert client.post("/admin/logout/").status_code == 200
    assert client.get(PAGE)["Location"].startswith(LOGIN)


# CSRF, CSP


def test_every_form_needs_its_csrf_token(enrolled, reviewer):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(reviewer)
    assert csrf_client.post(PAGE + "start/").status_code == 403
    assert csrf_client.post(PAGE + "confirm/", {"code": "123456"}).status_code == 403
    assert csrf_client.post(PAGE + "disable/", {"code": "123456"}).status_code == 403
    assert not TOTPDevice.objects.filter(user=reviewer).exists()

    anonymous = Client(enforce_csrf_checks=True)
    login_page = anonymous.get(LOGIN)
    token = login_page.cookies["csrftoken"].value
    response = anonymous.post(
        f"{LOGIN}?next={STAFF_PAGE}",
        {"username": "editor", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response["Location"] == CODE_STEP
    assert anonymous.post(CODE_STEP, {"code": next_code(enrolled)}).status_code == 403
    token = anonymous.cookies["csrftoken"].value
    response = anonymous.post(CODE_STEP, {"code": next_code(enrolled), "csrfmiddlewaretoken": token})
    assert response["Location"] == STAFF_PAGE


def test_pages_carry_no_inline_script(client, editor):
    pages = []
    client.force_login(editor)
    pages.append(client.get(PAGE))
    client.post(PAGE + "start/")
    pages.append(client.get(PAGE))
    device = enrol(editor)
    client.logout()
    password_step(client)
    pages.append(client.get(CODE_STEP))
    client.post(CODE_STEP, {"code": next_code(device)})
    pages.append(client.get(PAGE))
    for response in pages:
        html = response.content.decode()
        assert response.status_code == 200
        assert not INLINE_SCRIPT.search(html)
        assert not re.search(r"<[^>]+\s(style|on[a-z]+)=", html)
        assert "unsafe-inline" not in response["Content-Security-Policy"]
        assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_the_command_line_reset_for_a_locked_out_administrator(enrolled):
    from django.core.management import CommandError, call_command

    call_command("reset_two_factor", "editor")
    assert not TOTPDevice.objects.filter(user=enrolled.user).exists()
    entry = AuditEntry.objects.get(action="two_factor.reset")
    assert entry.actor is None and entry.actor_label == "命令行" and entry.target == "工作人员：editor"
    with pytest.raises(CommandError, match="nobody"):
        call_command("reset_two_factor", "nobody")
