"""The disclosure office's dashboard of the 20-working-day limits."""

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.accounts.roles import Role, require_role
from gongkai.catalog.models import Catalog, Channel, Item
from gongkai.compliance.clock import build_dashboard
from gongkai.compliance.export import dashboard_workbook
from gongkai.feedback import services as feedback_services

VIEW_ROLES = (Role.DISCLOSURE_OFFICE, Role.EDITOR, Role.REVIEWER)


def _board(request):
    require_role(request.user, *VIEW_ROLES)
    catalog = Catalog.objects.filter(slug=request.GET.get("catalog") or "").first()
    channel = request.GET.get("channel") or None
    return build_dashboard(timezone.localdate(), catalog=catalog, channel=channel), catalog, channel


def _data_warnings(catalog) -> list:
    """Items whose source row needs checking (数据质量提示): staff see them here, citizens never do."""
    items = Item.objects.only("seq", "name", "warnings", "catalog_id")
    if catalog is not None:
        items = items.filter(catalog=catalog)
    return [item for item in items.order_by("catalog_id", "seq") if item.warnings]


@login_required
def dashboard(request):
    board, catalog, channel = _board(request)
    context = {
        "data_warnings": _data_warnings(catalog),
        "feedback_open": feedback_services.open_count(),
        "feedback_by_page": feedback_services.counts_by_page(limit=10),
        "board": board,
        "catalogs": Catalog.objects.all(),
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
