"""The 20-working-day clock (条例第二十六条) for every (revision, channel) pair, and the dashboard's figures."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from gongkai.accounts.people import display_name
from gongkai.catalog.models import ItemChannel
from gongkai.guides.content import completeness
from gongkai.guides.models import ChannelPosting, GuideRevision, Language, RevisionState
from gongkai.guides.stations import Progress, active_stations_by_channel, channel_progress
from gongkai.translations.deadlines import TextClock
from gongkai.translations.deadlines import awaiting_review as text_awaiting_of
from gongkai.translations.deadlines import clocks as text_clocks_of
from gongkai.workdays.calendar import provisional_years, workdays_between

DUE_SOON_WORKDAYS = 5
TRACKED_STATES = (
    RevisionState.DRAFT,
    RevisionState.SUBMITTED,
    RevisionState.SCHEDULED,
    RevisionState.PUBLISHED,
    RevisionState.SUPERSEDED,
)


class ClockStatus(models.TextChoices):
    ON_TIME = "on_time", "按时公开"
    LATE = "late", "超期后才公开"
    OVERDUE = "overdue", "已超期未公开"
    DUE_SOON = "due_soon", "即将到期"
    PENDING = "pending", "待公开"


@dataclass(frozen=True)
class ChannelClock:
    revision: GuideRevision
    channel_name: str
    status: ClockStatus
    due_on: datetime.date
    provisional: bool
    posted_on: datetime.date | None
    remaining: int | None  # working days left until due_on, for pairs not yet posted
    overdue_by: int | None = None  # working days past due_on, for overdue pairs
    progress: Progress | None = None  # the stations of this channel, when it has any

    @property
    def decided(self) -> bool:
        """On time, late or overdue: the pairs that count towards the on-time rate."""
        return self.status in (ClockStatus.ON_TIME, ClockStatus.LATE, ClockStatus.OVERDUE)

    @property
    def lateness(self) -> str:
        """How late an overdue pair is, in the words the dashboard shows."""
        return lateness_text(self.overdue_by) if self.status == ClockStatus.OVERDUE else ""

    @property
    def stage(self) -> str:
        """Where the version stands: 草稿, 待审核, 已批准待发布, 已发布待张贴 or 已公开."""
        state = self.revision.state
        if state == RevisionState.DRAFT:
            return "草稿"
        if state == RevisionState.SUBMITTED:
            return "待审核"
        if state == RevisionState.SCHEDULED:
            return "已批准待发布"
        if self.posted_on is None:
            return "已发布待张贴"
        return "已公开"

    @property
    def holder(self) -> str:
        """Who has to act next for this pair."""
        rev = self.revision
        if rev.state == RevisionState.DRAFT:
            return f"编辑 {display_name(rev.author)}"
        if rev.state == RevisionState.SUBMITTED:
            return "审核人"
        if rev.state == RevisionState.SCHEDULED:
            return (
                f"定时发布（{timezone.localtime(rev.publish_at):%Y-%m-%d %H:%M}）"
                if rev.publish_at
                else "审核人"
            )
        if self.posted_on is not None:
            return ""
        if self.progress is not None and self.progress.total:
            waiting = [s.name for s in self.progress.waiting]
            names = "、".join(waiting[:3])
            return f"{names} 等 {len(waiting)} 个服务站" if len(waiting) > 3 else names
        return "政务公开办（确认张贴）"


def tracked_revisions(catalog=None, catalogs=None):
    """The revisions whose clocks run: of one catalog, of the catalogs given (a body's scope), or all."""
    revisions = (
        GuideRevision.objects.filter(state__in=TRACKED_STATES, formed_on__isnull=False, due_on__isnull=False)
        .select_related("item", "item__catalog__body", "item__category", "author", "submitted_by")
        # Into plain lists: `.all()` on a prefetched relation clones a query that holds every revision of the
        # page, which cost more than the rest of a county's dashboard put together.
        .prefetch_related(
            Prefetch(
                "postings", queryset=ChannelPosting.objects.select_related("channel"), to_attr="posting_list"
            ),
            Prefetch(
                "item__channel_links",
                queryset=ItemChannel.objects.select_related("channel"),
                to_attr="channel_link_list",
            ),
        )
        .order_by("due_on", "item__seq")
    )
    if catalog is not None:
        revisions = revisions.filter(item__catalog=catalog)
    if catalogs is not None:
        revisions = revisions.filter(item__catalog__in=catalogs)
    return revisions


def channel_clocks(
    rev: GuideRevision, today: datetime.date, stations: dict | None = None
) -> list[ChannelClock]:
    """One clock per channel of the item. `stations` (active_stations_by_channel) saves a query per call."""
    if stations is None:
        stations = active_stations_by_channel()
    postings = _loaded(rev, "posting_list", "postings")
    clocks = []
    for link in _loaded(rev.item, "channel_link_list", "channel_links"):
        progress = channel_progress(rev, link.channel_id, postings, stations)
        if progress.posted_on is None and rev.state == RevisionState.SUPERSEDED:
            continue  # replaced by a newer version before it was posted here; the newer one's clock counts
        clocks.append(_clock(rev, link.channel.name, progress, today))
    return clocks


def _loaded(obj, attr: str, relation: str) -> list:
    """A relation as `tracked_revisions` prefetched it (a list), else as any other page loaded it."""
    found = getattr(obj, attr, None)
    return found if found is not None else list(getattr(obj, relation).all())


def _clock(rev: GuideRevision, name: str, progress: Progress, today) -> ChannelClock:
    common = {
        "revision": rev,
        "channel_name": name,
        "due_on": rev.due_on,
        "provisional": rev.due_provisional,
        "progress": progress if progress.total else None,
    }
    status, remaining, overdue_by = deadline_status(rev.due_on, progress.posted_on, today)
    return ChannelClock(
        status=status, posted_on=progress.posted_on, remaining=remaining, overdue_by=overdue_by, **common
    )


def deadline_status(due_on: datetime.date, posted_on: datetime.date | None, today: datetime.date):
    """(status, working days remaining, working days overdue) of one posting against its deadline."""
    if posted_on is not None:
        return (ClockStatus.ON_TIME if posted_on <= due_on else ClockStatus.LATE), None, None
    if today > due_on:
        return ClockStatus.OVERDUE, 0, workdays_between(due_on, today).count
    remaining = workdays_between(today, due_on).count
    return (ClockStatus.DUE_SOON if remaining <= DUE_SOON_WORKDAYS else ClockStatus.PENDING), remaining, None


def lateness_text(overdue_by: int | None) -> str:
    if overdue_by:
        return f"已超期 {overdue_by} 个工作日"
    return "已过最迟公开日期（今天不是工作日）"


def all_clocks(today: datetime.date, catalog=None, catalogs=None) -> list[ChannelClock]:
    stations = active_stations_by_channel()
    return [
        clock
        for rev in tracked_revisions(catalog, catalogs)
        for clock in channel_clocks(rev, today, stations)
    ]


@dataclass
class Rate:
    on_time: int = 0
    decided: int = 0

    @property
    def percent(self) -> float | None:
        return round(100 * self.on_time / self.decided, 1) if self.decided else None


def on_time_rates(clocks: list[ChannelClock]) -> tuple[dict[str, Rate], dict[str, Rate]]:
    """On-time rate per channel and per month of the deadline."""
    by_channel: dict[str, Rate] = defaultdict(Rate)
    by_month: dict[str, Rate] = defaultdict(Rate)
    for clock in clocks:
        if not clock.decided:
            continue
        for rate in (by_channel[clock.channel_name], by_month[clock.due_on.strftime("%Y-%m")]):
            rate.decided += 1
            rate.on_time += clock.status == ClockStatus.ON_TIME
    return dict(by_channel), dict(sorted(by_month.items()))


@dataclass
class Dashboard:
    today: datetime.date
    missing_content: list  # (item, completeness or None)
    awaiting_review: list
    due_soon: list[ChannelClock]
    overdue: list[ChannelClock]
    rate_by_channel: dict[str, Rate]
    rate_by_month: dict[str, Rate]
    provisional_count: int
    provisional_years: tuple[int, ...] = ()  # the unannounced years those deadlines rest on
    # The Mongolian texts of groups, life events and bodies whose Chinese changed: counted wherever the
    # guides' clocks are (the tree, the workbook, reminders, `gongkai check`), as guide translations are.
    text_clocks: list[TextClock] = field(default_factory=list)
    # Mongolian texts submitted for review (TextTranslation), of the same bodies: 待审核 counts them with
    # the guide revisions (a Mongolian guide is a guide revision already).
    text_awaiting_review: list = field(default_factory=list)

    @property
    def awaiting_review_count(self) -> int:
        return len(self.awaiting_review) + len(self.text_awaiting_review)

    @property
    def text_overdue(self) -> list[TextClock]:
        return [c for c in self.text_clocks if c.status == "overdue"]

    @property
    def text_due_soon(self) -> list[TextClock]:
        return [c for c in self.text_clocks if c.status == "due_soon"]

    @property
    def overdue_count(self) -> int:
        return len(self.overdue) + len(self.text_overdue)

    @property
    def due_soon_count(self) -> int:
        return len(self.due_soon) + len(self.text_due_soon)


def build_dashboard(
    today: datetime.date,
    catalog=None,
    channel: str | None = None,
    catalogs=None,
    content_catalogs=None,
    text_paths: list[str] | None = None,
) -> Dashboard:
    """The deadlines of one catalog, of the catalogs a person's scope reaches (`catalogs`), or of all.

    `content_catalogs` narrows the list of items missing content (a county's whole list would run to
    thousands of rows; the tree of bodies counts them instead). The Mongolian texts' clocks are those of
    the bodies below `text_paths` (all without it); they have no catalog or channel, so those filters
    leave them alone, as the dashboard's own list of them always has.
    """
    from gongkai.catalog.models import Item

    clocks = all_clocks(today, catalog, catalogs)
    if channel:
        clocks = [c for c in clocks if c.channel_name == channel]
    items = Item.objects.select_related("category", "catalog").order_by("catalog", "seq")
    if catalog is not None:
        items = items.filter(catalog=catalog)
    if catalogs is not None:
        items = items.filter(catalog__in=catalogs)
    if content_catalogs is not None:
        items = items.filter(catalog__in=content_catalogs)
    live = {
        rev.item_id: rev
        for rev in GuideRevision.objects.filter(
            state=RevisionState.PUBLISHED, item__in=items, language=Language.CHINESE
        ).only("item", "content")
    }
    missing = []
    for item in items:
        rev = live.get(item.pk)
        state = completeness(rev.content) if rev else None
        if state is None or not state.complete:
            missing.append((item, state))
    submitted = GuideRevision.objects.filter(state=RevisionState.SUBMITTED)
    if catalog is not None:
        submitted = submitted.filter(item__catalog=catalog)
    if catalogs is not None:
        submitted = submitted.filter(item__catalog__in=catalogs)
    awaiting = list(submitted.select_related("item__catalog__body", "submitted_by").order_by("submitted_at"))
    by_channel, by_month = on_time_rates(clocks)
    texts = text_clocks_of(today, text_paths)
    text_awaiting = list(text_awaiting_of(text_paths))
    provisional_days = [c.due_on for c in clocks if c.provisional and not c.posted_on]
    provisional_days += [c.translation.due_on for c in texts if c.translation.due_provisional]
    return Dashboard(
        today=today,
        missing_content=missing,
        awaiting_review=awaiting,
        due_soon=[c for c in clocks if c.status == ClockStatus.DUE_SOON],
        overdue=[c for c in clocks if c.status == ClockStatus.OVERDUE],
        rate_by_channel=by_channel,
        rate_by_month=by_month,
        provisional_count=len(provisional_days),
        provisional_years=tuple(
            sorted({year for day in provisional_days for year in provisional_years(day)})
        ),
        text_clocks=texts,
        text_awaiting_review=text_awaiting,
    )
