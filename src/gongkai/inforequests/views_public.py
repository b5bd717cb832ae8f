"""Public side of on-request disclosure (依申请公开): the guide, the online form, the receipt and the status check.

- The receipt is shown only to the browser that submitted: its code is kept in the session, never in the URL.
- The status check needs the code and the last four digits of the phone; "no such code" and "wrong digits"
  get the same answer, and both the address and the code are rate-limited, so codes cannot be guessed.
- The applicant sees the events of their case that concern them, never staff notes or their ID number.
- The pages speak the address's language (Chinese, or Mongolian under /mn/): texts are translated when the
  page is drawn; the messages kept in constants are marked with `gettext_noop` and translated where shown
  (the API reads the same constants in Chinese).
"""

import datetime
import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from urllib.parse import quote

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.bodies.services import disclosure_bodies
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import default_catalog
from gongkai.inforequests import services
from gongkai.inforequests.choices import RECEIPT_RULES, Channel, EventKind, Result, Status
from gongkai.inforequests.clock import CONSULTATION_LIMIT, CORRECTION_NOTICE_LIMIT, MAX_EXTENSION, REPLY_LIMIT
from gongkai.inforequests.fees import scale_for
from gongkai.inforequests.forms_public import ApplicationForm, StatusForm, format_code
from gongkai.inforequests.models import Application
from gongkai.languages import written_date
from gongkai.ratelimit import allow, client_ip

RECEIPT_SESSION_KEY = "inforequests_receipt"

# 每个地址每小时最多提交 5 件申请；查询每个地址 10 分钟 10 次；同一个查询码每小时最多错 5 次。
APPLY_LIMIT, APPLY_WINDOW = 5, 3600
LOOKUP_LIMIT, LOOKUP_WINDOW = 10, 600
FAILED_LIMIT, FAILED_WINDOW = 5, 3600  # wrong digits per code and address
# Wrong digits per code from all addresses together: a guesser with many addresses is stopped at 0.3 % of the
# 10,000 possible digits a day, while the owner, at another address, is still let in below that.
CODE_FAILED_LIMIT, CODE_FAILED_WINDOW = 30, 86400

NOT_FOUND_MESSAGE = gettext_noop("没有查到。请核对查询码和电话号码后四位，再试一次。")
LOCKED_MESSAGE = gettext_noop(
    "这个查询码输错的次数太多了。为了保护您的信息，请一小时后再查，或者打电话问我们。"
)
CODE_LOCKED_MESSAGE = gettext_noop(
    "今天有人多次输错这个查询码。为了保护您的信息，网上查询暂停到明天。"
    "急需了解进度，请打电话问我们，或者带身份证到办理窗口查询。"
)
LOOKUP_FLOOD_MESSAGE = gettext_noop("查询太频繁了。请 10 分钟后再试，或者打电话问我们。")
APPLY_FLOOD_MESSAGE = gettext_noop("从这台电脑提交的申请太多了。请一小时后再提交，或者到办公地点当面申请。")

# Where each channel is explained on the guide page, in the order a villager is most likely to use them.
GUIDE_CHANNELS = [Channel.IN_PERSON, Channel.ONLINE, Channel.POST, Channel.ORDINARY_MAIL, Channel.FAX]


def _page(request, template: str, context: dict, *, status: int = 200, crumb: str | None = None):
    catalog = default_catalog()
    crumbs = [(_("政府信息公开"), reverse("portal:disclosure"))]
    if crumb:
        crumbs += [(_("依申请公开"), reverse("inforequests:guide")), (crumb, None)]
    else:
        crumbs += [(_("依申请公开"), None)]
    base = {"catalog": catalog, "site_name": catalog.publisher if catalog else "", "crumbs": crumbs}
    return render(request, template, {**base, **context}, status=status)


def _too_many(request, message: str, retry_after: int):
    """`message`: one of the constants above, translated here."""
    response = _page(
        request,
        "inforequests/public/too_many.html",
        {"message": _(message)},
        status=429,
        crumb=_("请稍后再试"),
    )
    response["Retry-After"] = str(retry_after)
    return response


def request_ip(request) -> str | None:
    """The client address if it is a real one (it goes into a GenericIPAddressField)."""
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


# ---------- the guide ----------


# How the fee scale reads, per basis: counted in applications (件) or in pages (页).
FEE_WORDS = {
    "per_application": {
        "span": gettext_noop("第 %(first)s 到 %(last)s 件"),
        "from": gettext_noop("第 %(first)s 件起"),
        "rate": gettext_noop("每件 %(rate)s 元"),
        "step": gettext_noop("再往上，每多 %(every)s 件，每件的费用再加 %(add)s 元"),
    },
    "per_page": {
        "span": gettext_noop("第 %(first)s 到 %(last)s 页"),
        "from": gettext_noop("第 %(first)s 页起"),
        "rate": gettext_noop("每页 %(rate)s 元"),
        "step": gettext_noop("再往上，每多 %(every)s 页，每页的费用再加 %(add)s 元"),
    },
}


def _fee_bands(basis: str) -> list[str]:
    """The scale in words, e.g. 第 11 到 30 件：每件 100 元. Read from FeeScale, so an administrator's change shows."""
    scale = scale_for(basis)
    words = FEE_WORDS[basis]
    lines = []
    for first, last, rate in scale["bands"]:
        if last is not None:
            span = _(words["span"]) % {"first": first, "last": last}
        else:
            span = _(words["from"]) % {"first": first}
        price = _(words["rate"]) % {"rate": rate} if rate else _("免费")
        lines.append(_("%(span)s：%(price)s") % {"span": span, "price": price})
    step = scale.get("rising_step") or {}
    if step and scale["bands"][-1][1] is not None:
        lines.append(_(words["step"]) % {"every": step["every"], "add": step["add"]})
    return lines


@require_safe
def apply_guide(request):
    context = {
        "channels": [(_(channel.label), _(RECEIPT_RULES[channel])) for channel in GUIDE_CHANNELS],
        "reply_limit": REPLY_LIMIT,
        "max_extension": MAX_EXTENSION,
        "correction_limit": CORRECTION_NOTICE_LIMIT,
        "consultation_limit": CONSULTATION_LIMIT,
        "per_application": _fee_bands("per_application"),
        "per_page": _fee_bands("per_page"),
    }
    return _page(request, "inforequests/public/guide.html", context)


# ---------- the form and the receipt ----------


class SubmissionRefused(Exception):
    """Too many submissions from one address."""


def submit(form: ApplicationForm, ip: str | None, *, language: str | None = None) -> Application:
    """A valid form becomes an application, unless this address has sent too many this hour.

    `language`: what the applicant wrote in (the API says it); the page's language without it."""
    if not allow("apply", ip or "unknown", limit=APPLY_LIMIT, window=APPLY_WINDOW):
        raise SubmissionRefused
    return services.submit_application(
        form.application_fields(),
        channel=Channel.ONLINE,
        body=form.chosen_body(),
        ip=ip,
        language=language or translation.get_language(),
    )


def matching_bodies(words: str):
    """Bodies one may apply to whose name, or whose catalogs' areas or items, contain the words (养老, 医保 …)."""
    bodies = disclosure_bodies()
    words = words.strip()[:50]
    if not words:
        return bodies
    in_catalogs = Catalog.objects.filter(body=OuterRef("pk")).filter(
        Q(area__icontains=words) | Q(title__icontains=words) | Q(items__name__icontains=words)
    )
    return bodies.filter(Q(name__icontains=words) | Q(short_name__icontains=words) | Exists(in_catalogs))


@never_cache
@require_http_methods(["GET", "POST"])
def apply_form(request):
    """The form. `?body=CODE` presets the body (the page the citizen came from links so); `?find=words`
    narrows the list of bodies to those whose name or business holds the words, without any script."""
    find = request.GET.get("find", "")
    bodies = list(matching_bodies(find)) if find else None
    if request.method == "POST":
        form = ApplicationForm(request.POST)
        if form.is_valid():
            try:
                app = submit(form, request_ip(request))
            except SubmissionRefused:
                return _too_many(request, APPLY_FLOOD_MESSAGE, APPLY_WINDOW)
            except ValidationError as error:
                # The service's messages are Chinese constants (staff and the API read them too).
                form.add_error(None, [_(message) for message in error.messages])
            else:
                request.session[RECEIPT_SESSION_KEY] = app.code
                return redirect("inforequests:receipt")
    else:
        # A search that found nothing offers every body again (the page says so).
        form = ApplicationForm(initial={"body": request.GET.get("body", "")}, shown=bodies or None)
    context = {"form": form, "find": find, "found": bodies}
    return _page(request, "inforequests/public/form.html", context, crumb=_("网上申请"))


def _submitted(request) -> Application | None:
    code = request.session.get(RECEIPT_SESSION_KEY)
    return Application.objects.filter(code=code).first() if code else None


def _receipt_context(app: Application) -> dict:
    return {
        "app": app,
        "code": format_code(app.code),
        "received": written_date(app.received_on),
        "due": written_date(app.due_on),
        "reply_limit": REPLY_LIMIT,
        "status_url": reverse("inforequests:status"),
    }


@never_cache
@require_http_methods(["GET", "POST"])
def receipt(request):
    if request.method == "POST":
        # "I have written the code down": forget it, so the next person at a shared computer cannot see it.
        request.session.pop(RECEIPT_SESSION_KEY, None)
        return redirect("inforequests:guide")
    app = _submitted(request)
    if app is None:
        return _page(request, "inforequests/public/no_receipt.html", {}, status=404, crumb=_("受理回执"))
    return _page(request, "inforequests/public/receipt.html", _receipt_context(app), crumb=_("受理回执"))


@never_cache
@require_safe
def receipt_pdf(request):
    app = _submitted(request)
    if app is None:
        return _page(request, "inforequests/public/no_receipt.html", {}, status=404, crumb=_("受理回执"))
    from gongkai.printing.by_language import unavailable
    from gongkai.printing.vertical import PrintUnavailable

    try:
        return _receipt_pdf(request, app)
    except PrintUnavailable:
        # Chromium (the Mongolian receipt's printer) failed or was too slow: the page has the same facts.
        return unavailable(request, reverse("inforequests:receipt"))


def _receipt_pdf(request, app: Application) -> HttpResponse:
    """The receipt to print, in the page's language (Mongolian in vertical lines, printed by Chromium)."""
    # WeasyPrint and Chromium's driver are slow to import; only this view needs them.
    from gongkai.printing.by_language import render_in_language
    from gongkai.printing.qr import public_url, qr_svg

    catalog = default_catalog()
    status_url = public_url(reverse("inforequests:status"), request)
    context = {
        **_receipt_context(app),
        "publisher": catalog.publisher if catalog else "",
        "catalog": catalog,
        "status_full_url": status_url,
        # Drawn by qrcode from our own address (nothing the applicant typed), so safe to inline.
        "qr": mark_safe(qr_svg(status_url, size="28mm")),  # noqa: S308
    }
    pdf = render_in_language("inforequests/public/receipt_pdf.html", context, request=request)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = quote(f"受理回执-{app.code}.pdf", safe="")
    response["Content-Disposition"] = f"inline; filename=\"receipt-{app.code}.pdf\"; filename*=UTF-8''{name}"
    return response


# ---------- the status check ----------


@dataclass
class PublicEvent:
    on: datetime.date
    kind: str
    label: str


def _event_label(event, app: Application) -> str | None:
    """How an event reads to the applicant; None for what is internal (e.g. who handles the case)."""
    data = event.data or {}
    kind = event.kind
    if kind == EventKind.RECEIVED:
        return _("收到您的申请，开始计算答复期限")
    if kind == EventKind.CORRECTION_REQUESTED:
        deadline = written_date(_as_date(data.get("deadline")))
        what = event.note.strip()
        return _("请您补正申请：%(what)s。请在 %(deadline)s 前补正，补正后答复期限重新计算") % {
            "what": what,
            "deadline": deadline,
        }
    if kind == EventKind.CORRECTION_RECEIVED:
        return _("收到您补正后的申请，答复期限重新计算")
    if kind == EventKind.CORRECTION_LAPSED:
        return _("到期没有补正，这件申请不再处理")
    if kind == EventKind.CONSULTATION_SENT:
        return _("需要征求第三方或其他机关的意见，这段时间（最长 %(days)s 个工作日）不算在答复期限里") % {
            "days": CONSULTATION_LIMIT
        }
    if kind == EventKind.CONSULTATION_ANSWERED:
        return _("征求意见结束，继续办理")
    if kind == EventKind.FEE_NOTICE_SENT:
        pay_by = written_date(_as_date(data.get("pay_by")))
        how = event.note.strip()
        label = _("需要缴纳信息处理费 %(amount)s 元，请在 %(pay_by)s 前缴纳；缴费期间暂停计时") % {
            "amount": data.get("amount", ""),
            "pay_by": pay_by,
        }
        return _("%(label)s。缴费方式：%(how)s") % {"label": label, "how": how} if how else label
    if kind == EventKind.FEE_PAID:
        return _("收到您缴纳的费用，继续办理")
    if kind == EventKind.FEE_LAPSED:
        return _("到期没有缴费，这件申请不再处理")
    if kind == EventKind.EXTENSION_APPROVED:
        return _("经负责人同意，答复期限延长 %(days)s 个工作日") % {"days": int(data.get("days", 0))}
    if kind == EventKind.REPLIED:
        result = data.get("result") or app.result
        label = _(Result(result).label) if result in Result.values else _("已答复")
        return _("已经作出答复：%(result)s") % {"result": label}
    if kind == EventKind.DELIVERED:
        return _("答复已经送达")
    if kind == EventKind.MERGED:
        into = format_code(data.get("into", ""))
        return _(
            "您就同一内容重复提交了申请，这一件已合并到查询码 %(code)s 的申请一并办理，请用那个查询码查询进度"
        ) % {"code": into}
    return None


def _as_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def public_events(app: Application) -> list[PublicEvent]:
    """The events of a case the applicant should know about, oldest first, worded for them."""
    found = []
    for event in app.events.order_by("on", "id"):
        label = _event_label(event, app)
        if label is not None:
            found.append(PublicEvent(on=event.on, kind=event.kind, label=label))
    return found


def due_line(app: Application) -> str:
    """One sentence about the deadline that matters now. While paused, `due_on` holds the waiting period's end."""
    due = written_date(app.due_on)
    if not app.due_on:
        return _("收到申请的日期确认后，开始计算答复期限")
    if app.status == Status.IN_PROGRESS:
        return _("最晚在 %(due)s 前答复") % {"due": due}
    if app.status == Status.AWAITING_CORRECTION:
        return _("等您补正：请在 %(due)s 前补正。补正前暂停计时") % {"due": due}
    if app.status == Status.AWAITING_FEE:
        return _("等您缴费：请在 %(due)s 前缴纳。缴费前暂停计时") % {"due": due}
    if app.status == Status.CONSULTING:
        return _("正在征求意见，暂停计时，最晚到 %(due)s") % {"due": due}
    return ""


class LookupRefused(Exception):
    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message, self.retry_after = message, retry_after


def _code_key(code: str) -> str:
    return hashlib.sha256(code.encode()).hexdigest()[:32]


def lookup(code: str, last4: str, ip: str | None) -> Application | None:
    """The application for a normalised code and the phone's last four digits, or None for any mismatch.

    Raises LookupRefused when this address asks too often, when it has got this code's digits wrong too often
    (that address only: the owner elsewhere still gets in), or when the code has failed too often from all
    addresses together. The counts cover codes that do not exist too, so a refusal says nothing about which
    codes are real.
    """
    if not allow("status", ip or "unknown", limit=LOOKUP_LIMIT, window=LOOKUP_WINDOW):
        raise LookupRefused(LOOKUP_FLOOD_MESSAGE, LOOKUP_WINDOW)
    code_key = _code_key(code)
    here = f"{code_key}:{ip or 'unknown'}"
    if cache.get(f"status_locked:{here}"):
        raise LookupRefused(LOCKED_MESSAGE, FAILED_WINDOW)
    if cache.get(f"status_locked:{code_key}"):
        raise LookupRefused(CODE_LOCKED_MESSAGE, CODE_FAILED_WINDOW)
    app = Application.objects.filter(code=code).first()
    # Compared in constant time, and compared even when there is no such code.
    expected = app.phone_last4 if app is not None else "\x00" * 4
    matches = hmac.compare_digest(expected.encode(), last4.encode())
    if app is not None and matches:
        return app
    _count_failure(here, FAILED_LIMIT, FAILED_WINDOW)
    _count_failure(code_key, CODE_FAILED_LIMIT, CODE_FAILED_WINDOW)
    return None


def _count_failure(key: str, limit: int, window: int) -> None:
    # allow() counts this failure; once `limit` failures are in, the key is locked for a whole window.
    if not allow("status_fail", key, limit=limit - 1, window=window):
        cache.set(f"status_locked:{key}", True, window)


def status_context(app: Application) -> dict:
    forwarded = Application.objects.filter(forwarded_from=app).only("code").first()
    return {
        "referred": app.referred_to,
        "forwarded_code": format_code(forwarded.code) if forwarded else "",
        "merged_code": format_code(app.merged_into.code) if app.merged_into_id else "",
        "app": app,
        "code": format_code(app.code),
        "received": written_date(app.received_on),
        "due_line": due_line(app),
        "closed": written_date(app.closed_on),
        "events": [{"on": written_date(e.on), "kind": e.kind, "label": e.label} for e in public_events(app)],
    }


@never_cache
@require_POST
def forward(request):
    """One click on the status page: the same request goes to the body the reply named (条例第三十六条第五项).

    The applicant proves again that it is theirs (tracking code and phone digits, as for the status page)."""
    form = StatusForm(request.POST)
    if not form.is_valid():
        return redirect("inforequests:status")
    try:
        app = lookup(form.cleaned_data["code"], form.cleaned_data["phone_last4"], request_ip(request))
    except LookupRefused as refused:
        return _too_many(request, refused.message, refused.retry_after)
    if app is None:
        return redirect("inforequests:status")
    try:
        forwarded = services.forward_application(app, ip=request_ip(request))
    except ValidationError as error:
        context = {
            **status_context(app),
            "form": StatusForm(),
            "last4": form.cleaned_data["phone_last4"],
            # The service's message is a Chinese constant (marked there), translated here.
            "forward_error": _(error.messages[0]),
        }
        return _page(request, "inforequests/public/status.html", context, crumb=_("查询办理进度"))
    request.session[RECEIPT_SESSION_KEY] = forwarded.code
    return redirect("inforequests:receipt")


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    if request.method != "POST":
        return _page(
            request, "inforequests/public/status.html", {"form": StatusForm()}, crumb=_("查询办理进度")
        )
    form = StatusForm(request.POST)
    context = {"form": form}
    if form.is_valid():
        try:
            app = lookup(form.cleaned_data["code"], form.cleaned_data["phone_last4"], request_ip(request))
        except LookupRefused as refused:
            return _too_many(request, refused.message, refused.retry_after)
        if app is None:
            context["not_found"] = _(NOT_FOUND_MESSAGE)
        else:
            context.update(status_context(app), form=StatusForm(), last4=form.cleaned_data["phone_last4"])
    return _page(request, "inforequests/public/status.html", context, crumb=_("查询办理进度"))
