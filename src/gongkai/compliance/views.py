"""The disclosure office's dashboard of the 20-working-day limits."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.accounts.roles import Role, require_role, visible
from gongkai.catalog.models import Catalog, Channel
from gongkai.compliance.clock import build_dashboard
from gongkai.compliance.export import dashboard_workbook

VIEW_ROLES = (Role.DISCLOSURE_OFFICE, Role.EDITOR, Role.REVIEWER)


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
    board, catalog, channel = _board(request)
    context = {
        "board": board,
        "catalogs": _catalogs(request),
        "channels": Channel.objects.all(),
        "selected_catalog": catalog,
        "selected_channel": channel,
        "query": request.GET.urlencode(),
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
