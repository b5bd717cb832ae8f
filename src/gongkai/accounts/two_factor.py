"""Two-step verification for staff: a 6-digit code from an authenticator app after the password.

django-otp's TOTPDevice keeps the secret, tolerates one 30-second step of clock drift, refuses a code whose
time step is not later than the last accepted one (so a code works once), and backs off exponentially after
wrong codes. A device is unconfirmed until its owner types one correct code, so a half-finished setup never
locks anyone out.
"""

import math
from base64 import b32encode
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from gongkai.audit.services import record

DEVICE_NAME = "手机验证器"
# What the authenticator app shows above the code, next to the user name.
ISSUER = "政务公开管理后台"


class TwoFactorError(Exception):
    """A refusal whose message can be shown to the staff member as it is."""


class WrongCode(TwoFactorError):
    def __init__(self):
        super().__init__("验证码不对。请看手机验证器上现在显示的 6 位数字，再输一次。")


@dataclass
class TooManyTries(TwoFactorError):
    """Wrong codes came in a row; the device refuses every code until `until`."""

    until: datetime

    def __str__(self):
        seconds = max(1, math.ceil((self.until - timezone.now()).total_seconds()))
        return f"验证码连续输错了几次，为了安全请等 {seconds} 秒再试。"


def confirmed_device(user) -> TOTPDevice | None:
    if not user.is_authenticated:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user) -> bool:
    return user.is_authenticated and TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def unconfirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def secret_groups(device: TOTPDevice) -> str:
    """The secret as an app's "enter a key" screen wants it, in groups of four: "ABCD EFGH …"."""
    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def setup_url(device: TOTPDevice) -> str:
    """The otpauth:// address the QR code carries (Google's Key Uri Format, understood by every app)."""
    label = f"{ISSUER}:{device.user.get_username()}"
    params = {
        "secret": b32encode(device.bin_key).decode().rstrip("="),
        "issuer": ISSUER,
        "algorithm": "SHA1",
        "digits": device.digits,
        "period": device.step,
    }
    return f"otpauth://totp/{quote(label)}?{urlencode(params, quote_via=quote)}"


def _target(user) -> str:
    return f"工作人员：{user.get_username()}"


def _locked_device(user, *, confirmed: bool) -> TOTPDevice | None:
    """The user's device, locked so two requests cannot both accept the same code."""
    devices = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=confirmed)
    return devices.order_by("-pk" if not confirmed else "pk").first()


def _check(device: TOTPDevice, code: str) -> TwoFactorError | None:
    """Try the code on a row locked for update; None when accepted. Failures are saved either way."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        return TooManyTries(until=info["locked_until"])
    if not device.verify_token(code):
        return WrongCode()
    return None


def start_enrolment(user) -> TOTPDevice:
    """Make a fresh secret for the user to scan; it does nothing until confirmed with a code."""
    with transaction.atomic():
        if TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).exists():
            raise TwoFactorError("两步验证已经开启了。")
        # An earlier, unfinished setup may have been seen by someone else: its secret is never reused.
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
        record("two_factor.start", actor=user, target=_target(user))
    return device


def confirm_enrolment(user, code: str) -> TOTPDevice:
    """Turn two-step verification on once the user shows one current code from the new secret."""
    with transaction.atomic():
        device = _locked_device(user, confirmed=False)
        if device is None:
            raise TwoFactorError("请先点“开始设置”，再输入验证码。")
        problem = _check(device, code)
        if problem is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            record("two_factor.enable", actor=user, target=_target(user))
    # Raised after the transaction so a wrong code still counts toward the back-off.
    if problem is not None:
        raise problem
    return device


def verify_login_code(user, code: str) -> TOTPDevice:
    """The second step of logging in: the device that accepted the code, or WrongCode / TooManyTries."""
    with transaction.atomic():
        device = _locked_device(user, confirmed=True)
        if device is None:
            raise TwoFactorError("这个账号没有开启两步验证。")
        problem = _check(device, code)
    if problem is not None:
        raise problem
    return device


def _sees_personal_data(user) -> bool:
    from gongkai.accounts.roles import Role, role_names

    return Role.PRIVACY.value in role_names(user)


def may_see_personal_data(user, body) -> bool:
    """Full ID and phone numbers are shown only to a holder of 个人信息查看 whose session passed two-step
    verification, whatever GONGKAI_REQUIRE_TWO_FACTOR says: a stolen password alone must not reveal them."""
    from gongkai.accounts.roles import Role, has_role

    verified = getattr(user, "is_verified", None)
    return has_role(user, Role.PRIVACY, body) and callable(verified) and verified()


def disable(user, code: str) -> None:
    """Turn two-step verification off; a current code proves the phone is still at hand."""
    if settings.REQUIRE_TWO_FACTOR:
        raise TwoFactorError("本单位要求所有工作人员使用两步验证，不能关闭。换手机请联系系统管理员重置。")
    if _sees_personal_data(user):
        raise TwoFactorError(
            "有“个人信息查看”权限的人必须使用两步验证，不能关闭。换手机请联系系统管理员重置。"
        )
    with transaction.atomic():
        device = _locked_device(user, confirmed=True)
        if device is None:
            raise TwoFactorError("两步验证本来就没有开启。")
        problem = _check(device, code)
        if problem is None:
            TOTPDevice.objects.filter(user=user).delete()
            record("two_factor.disable", actor=user, target=_target(user))
    if problem is not None:
        raise problem


def reset(user, *, acting_user=None, actor_label: str = "") -> int:
    """An administrator removes a staff member's second factor (a lost or replaced phone)."""
    with transaction.atomic():
        removed, _ = TOTPDevice.objects.filter(user=user).delete()
        record(
            "two_factor.reset",
            actor=acting_user,
            actor_label=actor_label,
            target=_target(user),
            details={"removed_devices": removed},
        )
    return removed
