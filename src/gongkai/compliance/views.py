"""The staff home and the disclosure office's dashboard of the 20-working-day limits; each person's tasks."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.accounts.roles import Role, RoleRequired, has_any_role, has_role, require_role, visible
from gongkai.catalog.models import Catalog, Channel
from gongkai.compliance.clock import build_dashboard
from gongkai.compliance.export import dashboard_workbook
from gongkai.compliance.tasks import replies_for, reviews_for, station_tasks, stations_of

VIEW_ROLES = (Role.DISCLOSURE_OFFICE, Role.EDITOR, Role.REVIEWER)
# Where the holiday schedule is loaded (the workdays app's staff page).
WORKDAYS_PAGE = "/staff/workdays/"


def _catalogs(request):
    """The catalogs of the bodies this person may watch."""
    return visible(Catalog.objects.all(), request.user, *VIEW_ROLES, via="body")


def _board(request):
    require_role(request.user, *VIEW_ROLES)
    catalogs = _catalogs(request)
    catalog = catalogs.filter(slug=request.GET.get("catalog") or "").first()
    channel = request.GET.get("channel") or None
    board = build_dashboard(timezone.localdate(), catalog=catalog, channel=channel, catalogs=catalogs)
    return board, catalog, channel


@login_required
def dashboard(request):
    """/staff/: the dashboard for those who watch the limits; a station goes to its own page."""
    user = request.user
    if not has_any_role(user, *VIEW_ROLES):
        if has_role(user, Role.STATION):
            return redirect("compliance:stations")
        raise RoleRequired([*VIEW_ROLES, Role.STATION])
    board, catalog, channel = _board(request)
    context = {
        "board": board,
        "catalogs": _catalogs(request),
        "channels": Channel.objects.all(),
        "selected_catalog": catalog,
        "selected_channel": channel,
        "query": request.GET.urlencode(),
        "workdays_url": WORKDAYS_PAGE if has_role(user, Role.DISCLOSURE_OFFICE) else None,
    }
    return render(request, "compliance/dashboard.html", context)


@login_required
def dashboard_xlsx(request):
    board, _catalog, _channel = _board(request)
    response = HttpResponse(
        dashboard_workbook(board),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="gongkai-deadlines-{board.today:%Y%m%d}.xlsx"'
    return response


@login_required
def tasks(request):
    """我的待办: what waits for this person, by kind; only the kinds their roles give them."""
    user = request.user
    require_role(user, Role.REVIEWER, Role.STATION, Role.DISCLOSURE_OFFICE)
    today = timezone.localdate()
    context = {
        "today": today,
        "show_reviews": has_role(user, Role.REVIEWER),
        "show_postings": has_role(user, Role.STATION),
        "show_replies": has_role(user, Role.DISCLOSURE_OFFICE),
    }
    if context["show_reviews"]:
        context["reviews"] = list(reviews_for(user))
    if context["show_postings"]:
        context["postings"] = [t for t in station_tasks(stations_of(user), today) if not t.done]
    if context["show_replies"]:
        context["replies"] = list(replies_for(user).order_by("due_on", "id"))
    return render(request, "compliance/tasks.html", context)
