"""Open applications' reply deadlines, for the working-day calendar's "what moves" (``workdays.deadlines``)."""

from django.urls import reverse

from gongkai.bodies.scope import within
from gongkai.inforequests.choices import Status
from gongkai.inforequests.clock import compute_clock
from gongkai.inforequests.models import Application
from gongkai.workdays.deadlines import DeadlineMove


def request_deadline_moves(years: tuple[int, ...], paths: list[str] | None = None) -> list[DeadlineMove]:
    """Open cases whose stored due date differs from the one their events give under the current calendar."""
    cases = (
        Application.objects.filter(received_on__isnull=False)
        .exclude(status__in=(Status.REPLIED, Status.CLOSED))
        .select_related("handler", "body")
        .prefetch_related("events")
    )
    if years:
        # The same years as services.recompute_clocks.
        cases = cases.filter(received_on__year__in=set(years) | {year - 1 for year in years})
    if paths is not None:
        cases = cases.filter(within(paths, "body"))
    moves = []
    for app in cases:
        clock = compute_clock(app.received_on, list(app.events.all()))
        # As services.refresh_clock stores it: while paused, the day the other side must act by.
        due_on = clock.due_on if not clock.paused else clock.act_by
        if (due_on, clock.provisional) == (app.due_on, app.due_provisional):
            continue
        handler = app.handler
        moves.append(
            DeadlineMove(
                kind="依申请公开答复期限",
                label=f"申请 {app.code}",
                path=reverse("inforequests_staff:case", args=[app.pk]),
                old_due=app.due_on,
                new_due=due_on,
                old_provisional=app.due_provisional,
                new_provisional=clock.provisional,
                owner=(handler.get_full_name() or handler.get_username()) if handler else "",
                recipients=(handler.email,) if handler and handler.email and handler.is_active else (),
                body=app.body,
            )
        )
    return moves
