"""The staff home and the disclosure office's dashboard of the 20-working-day limits; each person's tasks."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.roles import (
    Role,
    RoleRequired,
    has_any_role,
    has_role,
    require_role,
    scope_paths,
    visible,
)
from gongkai.bodies.models import Body
from gongkai.bodies.scope import bodies_within
from gongkai.catalog.models import Catalog, Channel, Item
from gongkai.compliance.clock import build_dashboard
from gongkai.compliance.export import dashboard_workbook
from gongkai.compliance.tasks import (
    replies_for,
    reviews_for,
    station_tasks,
    stations_of,
    text_reviews_for,
)
from gongkai.compliance.tree import body_rows
from gongkai.feedback import services as feedback_services
from gongkai.feedback.models import PageFeedback
from gongkai.outbox.services import outbox_health

VIEW_ROLES = (Role.DISCLOSURE_OFFICE, Role.EDITOR, Role.REVIEWER)


def _catalogs(request, selected: Body | None = None):
    """The catalogs of the bodies this person may watch (below the selected body, when one is)."""
    catalogs = visible(Catalog.objects.all(), request.user, *VIEW_ROLES, via="body")
    return catalogs if selected is None else catalogs.filter(body__path__startswith=selected.path)


def _selected(request) -> tuple[list[Body], Body | None]:
    """The bodies this person watches (tree order), and the one picked with ?body= (None: all of them).

    One body at the top of the scope is picked by itself: a department's staff start from their department,
    the county office from the county. A code outside the scope is a 404, as anywhere else.
    """
    bodies = list(bodies_within(scope_paths(request.user, *VIEW_ROLES)))
    code = request.GET.get("body")
    if code:
        selected = next((b for b in bodies if b.code == code), None)
        if selected is None:
            raise Http404("没有这个单位，或不在您的管理范围内")
        return bodies, selected
    tops = _tops(bodies)
    return bodies, (tops[0] if len(tops) == 1 else None)


def _tops(bodies: list[Body]) -> list[Body]:
    """The bodies with no other of the list above them (the list is in tree order, so one pass will do)."""
    tops: list[Body] = []
    for body in bodies:
        if not tops or not body.path.startswith(tops[-1].path):
            tops.append(body)
    return tops


def _board(request, selected: Body | None = None):
    require_role(request.user, *VIEW_ROLES)
    # The Mongolian texts (group names, life events, contact blocks) of the selected body or the scope.
    paths = [selected.path] if selected is not None else scope_paths(request.user, *VIEW_ROLES)
    catalogs = _catalogs(request, selected)
    catalog = catalogs.filter(slug=request.GET.get("catalog") or "").first()
    channel = request.GET.get("channel") or None
    # Items missing content are listed for the selected body's own catalogs; the tree counts the rest.
    own = None if selected is None or selected.numchild == 0 else catalogs.filter(body=selected)
    board = build_dashboard(
        timezone.localdate(),
        catalog=catalog,
        channel=channel,
        catalogs=catalogs,
        content_catalogs=own,
        text_paths=paths,
    )
    return board, catalog, channel


def _feedback(request):
    """Citizens' feedback on the pages of the bodies this person watches."""
    return visible(PageFeedback.objects.all(), request.user, *VIEW_ROLES)


def _data_warnings(catalogs, catalog) -> list:
    """Items whose source row needs checking (数据质量提示): staff see them here, citizens never do."""
    items = (
        Item.objects.filter(catalog__in=catalogs)
        .exclude(warnings=[])
        .only("seq", "name", "warnings", "catalog_id")
    )
    if catalog is not None:
        items = items.filter(catalog=catalog)
    return list(items.order_by("catalog_id", "seq"))


@login_required
def dashboard(request):
    """/staff/: the dashboard for those who watch the limits; a station goes to its own page."""
    user = request.user
    if not has_any_role(user, *VIEW_ROLES):
        if has_role(user, Role.STATION):
            return redirect("compliance:stations")
        raise RoleRequired([*VIEW_ROLES, Role.STATION])
    bodies, selected = _selected(request)
    board, catalog, channel = _board(request, selected)
    context = {
        "text_clocks": board.text_clocks,
        "data_warnings": _data_warnings(_catalogs(request, selected), catalog),
        "feedback_open": feedback_services.open_count(_feedback(request)),
        "feedback_by_page": feedback_services.counts_by_page(_feedback(request), limit=10),
        "board": board,
        **_tree(bodies, selected, board),
        "catalogs": _catalogs(request, selected),
        "channels": Channel.objects.all(),
        "selected_catalog": catalog,
        "selected_channel": channel,
        "query": request.GET.urlencode(),
        "workdays_url": reverse("workdays:index") if has_role(user, Role.DISCLOSURE_OFFICE) else None,
        "can_see_requests": has_role(user, Role.DISCLOSURE_OFFICE),
        "mail": outbox_health(),
    }
    return render(request, "compliance/dashboard.html", context)


def _tree(bodies: list[Body], selected: Body | None, board) -> dict:
    """The selected body and the bodies one level below it (or the tops of the scope), with totals.

    Computed even for a single body, so the page runs the same queries for one body or a thousand; shown
    only when there is more than one (a one-body installation's page looks as it always did).
    """
    below = [b for b in bodies if selected is None or b.path.startswith(selected.path)]
    rows = body_rows(below, board, board.today)
    if len(bodies) <= 1:
        return {"tree": [], "selected": selected, "trail": []}
    if selected is None:
        shown = _tops(below)
    else:
        shown = [b for b in below if b.path == selected.path or b.parent_path == selected.path]
    trail = (
        [] if selected is None else [b for b in bodies if selected.path.startswith(b.path) and b != selected]
    )
    return {"tree": [rows[b.path] for b in shown], "selected": selected, "trail": trail}


@login_required
def dashboard_xlsx(request):
    _bodies, selected = _selected(request)
    board, _catalog, _channel = _board(request, selected)
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
        context["text_reviews"] = list(text_reviews_for(user))
        context["review_count"] = len(context["reviews"]) + len(context["text_reviews"])
    if context["show_postings"]:
        context["postings"] = [t for t in station_tasks(stations_of(user), today) if not t.done]
    if context["show_replies"]:
        context["replies"] = list(replies_for(user).order_by("due_on", "id"))
    return render(request, "compliance/tasks.html", context)
