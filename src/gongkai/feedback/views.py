"""Feedback: the public page that keeps what a citizen says about a page, and the staff list.

Every public page links here with a plain GET form (page and choice in the address), so those pages carry
no token and set no cookie; this page has the CSRF token and the POST that saves.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from gongkai.accounts.roles import Role, require_role, visible
from gongkai.catalog.services import default_catalog
from gongkai.feedback import services
from gongkai.feedback.forms import FeedbackForm, page_path
from gongkai.feedback.models import FeedbackKind, PageFeedback
from gongkai.ratelimit import allow, client_ip

# 每个地址每小时最多 10 条意见：足够一个人说清楚，又挡住刷屏。
FEEDBACK_LIMIT, FEEDBACK_WINDOW = 10, 3600
STAFF_ROLES = (Role.DISCLOSURE_OFFICE, Role.EDITOR, Role.REVIEWER)
PAGE_SIZE = 50

CHOICE_FROM_QUERY = {"yes": FeedbackKind.USEFUL, "no": FeedbackKind.NOT_USEFUL}


def _public(request, template: str, context: dict, *, status: int = 200):
    catalog = default_catalog()
    base = {
        "catalog": catalog,
        "site_name": catalog.publisher if catalog else "",
        "crumbs": [(_("意见和纠错"), None)],
    }
    return render(request, template, {**base, **context}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def give(request):
    if request.method == "POST":
        if not allow(
            "feedback", client_ip(request) or "unknown", limit=FEEDBACK_LIMIT, window=FEEDBACK_WINDOW
        ):
            response = _public(request, "feedback/too_many.html", {}, status=429)
            response["Retry-After"] = str(FEEDBACK_WINDOW)
            return response
        form = FeedbackForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.record_feedback(page=data["page"], kind=FeedbackKind(data["kind"]), text=data["text"])
            return redirect(reverse("feedback:thanks") + "?" + urlencode({"page": data["page"]}))
    else:
        kind = CHOICE_FROM_QUERY.get(request.GET.get("useful", ""))
        if request.GET.get("kind") == FeedbackKind.ERROR:
            kind = FeedbackKind.ERROR
        form = FeedbackForm(initial={"page": page_path(request.GET.get("page")) or "/", "kind": kind})
    page = form["page"].value() or "/"
    return _public(request, "feedback/give.html", {"form": form, "page": page_path(page) or "/"})


@require_safe
def thanks(request):
    return _public(request, "feedback/thanks.html", {"page": page_path(request.GET.get("page")) or "/"})


@login_required
@require_safe
def staff_list(request):
    require_role(request.user, *STAFF_ROLES)
    show = request.GET.get("show", "open")
    mine = visible(PageFeedback.objects.all(), request.user, *STAFF_ROLES)
    entries = mine.select_related("handled_by")
    if show == "open":
        entries = entries.filter(handled_at__isnull=True).exclude(kind=FeedbackKind.USEFUL)
    page_filter = page_path(request.GET.get("page"))
    if page_filter:
        entries = entries.filter(page=page_filter)
    paginator = Paginator(entries, PAGE_SIZE)
    context = {
        "entries": paginator.get_page(request.GET.get("p")),
        "show": show,
        "page_filter": page_filter,
        "by_page": services.counts_by_page(mine, limit=20),
        "open_count": services.open_count(mine),
    }
    return render(request, "feedback/staff/list.html", context)


@login_required
@require_POST
def staff_handled(request, pk: int):
    require_role(request.user, *STAFF_ROLES)
    feedback = get_object_or_404(visible(PageFeedback.objects.all(), request.user, *STAFF_ROLES), pk=pk)
    services.mark_handled(feedback, acting_user=request.user)
    messages.success(request, f"已标记为处理完毕：{feedback.page}")
    return redirect(reverse("feedback_staff:staff_list"))
