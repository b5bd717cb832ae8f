"""Staff login in two steps (password, then the authenticator's code) and the page to turn the code on or off.

The password step is Django's admin login, except that an account with two-step verification is not logged
in yet: the session only remembers who passed the password for a few minutes. Logging in happens after the
code, so until then no page sees anyone logged in, and axes forgets earlier failures only then.
"""

import time

import django_otp
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_lockout_response
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_not_required, login_required
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.crypto import constant_time_compare
from django.utils.safestring import mark_safe
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from gongkai.accounts import two_factor
from gongkai.accounts.forms import CodeForm
from gongkai.printing.qr import qr_svg

PENDING_KEY = "gongkai_two_factor_pending"
# Where a login without ?next= lands: the staff home sends each role to its own page (the admin would tell
# most of them "你没有查看或编辑的权限").
STAFF_HOME = "/staff/"
# Long enough to find the phone and open the app; after that the password has to be typed again.
PENDING_SECONDS = 10 * 60


class PasswordStep(LoginView):
    authentication_form = AdminAuthenticationForm
    template_name = "admin/login.html"

    def get_default_redirect_url(self):
        return STAFF_HOME

    def form_valid(self, form):
        user = form.get_user()
        if not two_factor.has_confirmed_device(user):
            return super().form_valid(form)
        session = self.request.session
        session.cycle_key()
        session[PENDING_KEY] = {
            "user": user.pk,
            "backend": user.backend,
            "hash": user.get_session_auth_hash(),
            "at": int(time.time()),
            "next": self.get_success_url(),
        }
        return redirect("accounts:login_code")


@never_cache
@login_not_required
def login(request):
    """Serves /admin/login/, the login of every staff page (settings.LOGIN_URL)."""
    site = admin.site
    if request.method == "GET" and site.has_permission(request):
        return redirect(STAFF_HOME)
    context = {
        **site.each_context(request),
        "title": "登录",
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
    }
    if REDIRECT_FIELD_NAME not in request.GET and REDIRECT_FIELD_NAME not in request.POST:
        context[REDIRECT_FIELD_NAME] = STAFF_HOME
    request.current_app = site.name
    return PasswordStep.as_view(extra_context=context)(request)


def admin_index(request):
    """/admin/ for people the admin has nothing to show is the staff home instead of an empty admin."""
    user = request.user
    staff = user.is_authenticated and user.is_active and user.is_staff and not user.is_superuser
    if staff and not user.get_all_permissions():
        return redirect(STAFF_HOME)
    return admin.site.admin_view(admin.site.index)(request)


def _pending(request):
    """(user, backend, next) of someone who passed the password step a short while ago, else None."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict) or time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = get_user_model().objects.filter(pk=pending.get("user"), is_active=True, is_staff=True).first()
    # A password changed in the meantime ends the attempt, as it ends sessions.
    if user is None or not constant_time_compare(pending.get("hash", ""), user.get_session_auth_hash()):
        return None
    return user, pending["backend"], pending["next"]


def _start_over(request, text: str = ""):
    request.session.pop(PENDING_KEY, None)
    if text:
        messages.info(request, text)
    return redirect("admin:login")


@never_cache
@login_not_required
@csrf_protect
@sensitive_post_parameters("code")
def login_code(request):
    pending = _pending(request)
    if pending is None:
        return _start_over(request, "请重新输入用户名和密码。")
    user, backend, next_url = pending
    if request.method == "POST" and "cancel" in request.POST:
        return _start_over(request)
    # Wrong codes count as failed logins of this account, so axes locks it as it would for passwords.
    credentials = {"username": user.get_username()}
    if not AxesProxyHandler.is_allowed(request, credentials):
        request.session.pop(PENDING_KEY, None)
        return get_lockout_response(request, credentials=credentials)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            device = two_factor.verify_login_code(user, form.cleaned_data["code"])
        except (two_factor.WrongCode, two_factor.TooManyTries) as refusal:
            form.add_error("code", str(refusal))
            user_login_failed.send(sender=__name__, credentials=credentials, request=request)
            if getattr(request, "axes_locked_out", False):
                request.session.pop(PENDING_KEY, None)
        except two_factor.TwoFactorError:
            # The factor was reset between the two steps: the password alone decides, once more.
            return _start_over(request, "请重新输入用户名和密码。")
        else:
            request.session.pop(PENDING_KEY, None)
            auth_login(request, user, backend=backend)
            django_otp.login(request, device)
            return redirect(next_url)
    form.fields["code"].widget.attrs["autofocus"] = True
    context = {
        **admin.site.each_context(request),
        "title": "输入验证码",
        "form": form,
        "username": user.get_username(),
    }
    return render(request, "accounts/login_code.html", context)


def _require_staff(user) -> None:
    if not user.is_staff:
        raise PermissionDenied("只有工作人员可以设置两步验证")


def _two_factor_page(request, *, confirm_form=None, disable_form=None):
    user = request.user
    device = two_factor.confirmed_device(user)
    pending = None if device else two_factor.unconfirmed_device(user)
    context = {"device": device, "pending": pending, "required": settings.REQUIRE_TWO_FACTOR}
    if pending is not None:
        svg = qr_svg(two_factor.setup_url(pending), size="50mm")
        labelled = svg.replace("<svg ", '<svg role="img" aria-label="设置两步验证用的二维码" ', 1)
        context["qr"] = mark_safe(labelled)  # noqa: S308 -- our own SVG; the only text in it is base32
        context["secret"] = two_factor.secret_groups(pending)
        context["confirm_form"] = confirm_form or CodeForm()
    if device is not None:
        context["disable_form"] = disable_form or CodeForm()
    return render(request, "accounts/two_factor.html", context)


@never_cache
@login_required
def two_factor_page(request):
    _require_staff(request.user)
    return _two_factor_page(request)


@never_cache
@login_required
@require_POST
def two_factor_start(request):
    _require_staff(request.user)
    try:
        two_factor.start_enrolment(request.user)
    except two_factor.TwoFactorError as refusal:
        messages.error(request, str(refusal))
    return redirect("accounts:two_factor")


@never_cache
@login_required
@require_POST
@sensitive_post_parameters("code")
def two_factor_confirm(request):
    _require_staff(request.user)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            device = two_factor.confirm_enrolment(request.user, form.cleaned_data["code"])
        except (two_factor.WrongCode, two_factor.TooManyTries) as refusal:
            form.add_error("code", str(refusal))
        except two_factor.TwoFactorError as refusal:
            messages.error(request, str(refusal))
            return redirect("accounts:two_factor")
        else:
            # This session has just shown a code, so it counts as verified.
            django_otp.login(request, device)
            messages.success(
                request, "两步验证已开启。以后登录时，输完密码还要输入手机验证器上显示的 6 位数字。"
            )
            return redirect("accounts:two_factor")
    return _two_factor_page(request, confirm_form=form)


@never_cache
@login_required
@require_POST
@sensitive_post_parameters("code")
def two_factor_disable(request):
    _require_staff(request.user)
    form = CodeForm(request.POST)
    if form.is_valid():
        try:
            two_factor.disable(request.user, form.cleaned_data["code"])
        except (two_factor.WrongCode, two_factor.TooManyTries) as refusal:
            form.add_error("code", str(refusal))
        except two_factor.TwoFactorError as refusal:
            messages.error(request, str(refusal))
            return redirect("accounts:two_factor")
        else:
            request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
            messages.success(request, "两步验证已关闭。以后登录只需要密码。")
            return redirect("accounts:two_factor")
    return _two_factor_page(request, disable_form=form)
