"""Where two-step verification is enforced for every page, not only the ones that remember to ask."""

import functools

from asgiref.sync import sync_to_async
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from gongkai.accounts import two_factor

STAFF_PREFIXES = ("/admin/", "/staff/")


def _checked_user(user):
    """The user, or nobody when the session skipped the code step of an account that has one.

    Our login never creates such a session; it is one logged in before the factor was turned on (another
    browser), or made by code that logs people in directly.
    """
    if user.is_authenticated and not user.is_verified() and two_factor.has_confirmed_device(user):
        nobody = AnonymousUser()
        nobody.otp_device = None
        nobody.is_verified = lambda: False
        return nobody
    return user


async def _checked_auser(auser):
    return await sync_to_async(_checked_user)(await auser())


@functools.cache
def _open_paths() -> frozenset[str]:
    """Staff paths someone who still has to set up two-step verification may use."""
    names = ["admin:login", "admin:logout", "accounts:login_code", "accounts:two_factor"]
    names += ["accounts:two_factor_start", "accounts:two_factor_confirm"]
    return frozenset(reverse(name) for name in names)


class TwoFactorMiddleware:
    """Install after django_otp's OTPMiddleware, which tells whether the session passed the code step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Lazy, like request.user itself: public pages must not read the session (it adds Vary: Cookie).
        request.user = SimpleLazyObject(functools.partial(_checked_user, request.user))
        auser = getattr(request, "auser", None)
        if auser is not None:
            request.auser = functools.partial(_checked_auser, auser)
        if settings.REQUIRE_TWO_FACTOR and request.path_info.startswith(STAFF_PREFIXES):
            user = request.user
            if user.is_authenticated and not user.is_verified() and request.path not in _open_paths():
                return redirect("accounts:two_factor")
        return self.get_response(request)
