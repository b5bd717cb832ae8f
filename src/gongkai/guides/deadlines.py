"""The guides' running deadlines, for the working-day calendar's "what moves" (``workdays.deadlines``)."""

from django.urls import reverse

from gongkai.bodies.scope import within
from gongkai.guides.models import GuideRevision, RevisionState
from gongkai.guides.stations import active_stations_by_channel, channel_progress
from gongkai.workdays.deadlines import DeadlineMove

# A withdrawn revision's clock stopped; a superseded one's channels are counted on its successor.
RUNNING_STATES = (
    RevisionState.DRAFT,
    RevisionState.SUBMITTED,
    RevisionState.SCHEDULED,
    RevisionState.PUBLISHED,
)


def guide_deadline_moves(years: tuple[int, ...], paths: list[str] | None = None) -> list[DeadlineMove]:
    """Revisions not yet posted on every channel whose 20-working-day deadline the calendar now moves."""
    from gongkai.guides.services import _deadline

    revisions = (
        GuideRevision.objects.filter(formed_on__isnull=False, state__in=RUNNING_STATES)
        .select_related("item__catalog__body", "author")
        .prefetch_related("postings", "item__channel_links")
    )
    if years:
        # The same years as services.recompute_deadlines: a deadline reaches at most into the next year.
        revisions = revisions.filter(formed_on__year__in=set(years) | {year - 1 for year in years})
    stations = None
    if paths is not None:
        revisions = revisions.filter(within(paths, "item__catalog__body"))
    moves = []
    for rev in revisions:
        due_on, provisional = _deadline(rev)
        if (due_on, provisional) == (rev.due_on, rev.due_provisional):
            continue
        if rev.state == RevisionState.PUBLISHED:
            if stations is None:
                stations = active_stations_by_channel()
            postings = list(rev.postings.all())
            links = rev.item.channel_links.all()
            if all(channel_progress(rev, link.channel_id, postings, stations).posted_on for link in links):
                continue  # every channel has it: the clock has stopped
        author = rev.author
        moves.append(
            DeadlineMove(
                kind="办事指南公开期限",
                label=f"{rev.item.name} {rev.version_label}",
                path=reverse("guides:revision", args=[rev.pk]),
                old_due=rev.due_on,
                new_due=due_on,
                old_provisional=rev.due_provisional,
                new_provisional=provisional,
                owner=author.get_full_name() or author.get_username(),
                recipients=(author.email,) if author.email and author.is_active else (),
                body=rev.item.catalog.body,
            )
        )
    return moves
