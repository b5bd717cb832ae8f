"""The 20-working-day clock (条例第二十六条) for every (revision, channel) pair, and the dashboard's figures."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch

from gongkai.catalog.models import ItemChannel
from gongkai.guides.content import completeness
from gongkai.guides.models import GuideRevision, RevisionState
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

    @property
    def decided(self) -> bool:
        """On time, late or overdue: the pairs that count towards the on-time rate."""
        return self.status in (ClockStatus.ON_TIME, ClockStatus.LATE, ClockStatus.OVERDUE)


def tracked_revisions(catalog=None):
    revisions = (
        GuideRevision.objects.filter(state__in=TRACKED_STATES, formed_on__isnull=False, due_on__isnull=False)
        .select_related("item", "item__catalog", "item__category")
        .prefetch_related(
            "postings__channel",
            Prefetch("item__channel_links", queryset=ItemChannel.objects.select_related("channel")),
        )
        .order_by("due_on", "item__seq")
    )
    if catalog is not None:
        revisions = revisions.filter(item__catalog=catalog)
    return revisions


def channel_clocks(rev: GuideRevision, today: datetime.date) -> list[ChannelClock]:
    first_posting = {}
    for posting in sorted(rev.postings.all(), key=lambda p: p.posted_on):
        first_posting.setdefault(posting.channel.name, posting.posted_on)
    clocks = []
    for link in rev.item.channel_links.all():
        name = link.channel.name
        posted_on = first_posting.get(name)
        if posted_on is None and rev.state == RevisionState.SUPERSEDED:
            continue  # replaced by a newer version before it was posted here; the newer one's clock counts
        clocks.append(_clock(rev, name, posted_on, today))
    return clocks


def _clock(rev: GuideRevision, name: str, posted_on, today) -> ChannelClock:
    common = {"revision": rev, "channel_name": name, "due_on": rev.due_on, "provisional": rev.due_provisional}
    if posted_on is not None:
        status = ClockStatus.ON_TIME if posted_on <= rev.due_on else ClockStatus.LATE
        return ChannelClock(status=status, posted_on=posted_on, remaining=None, **common)
    if today > rev.due_on:
        return ChannelClock(status=ClockStatus.OVERDUE, posted_on=None, remaining=0, **common)
    remaining = workdays_between(today, rev.due_on).count
    status = ClockStatus.DUE_SOON if remaining <= DUE_SOON_WORKDAYS else ClockStatus.PENDING
    return ChannelClock(status=status, posted_on=None, remaining=remaining, **common)


def all_clocks(today: datetime.date, catalog=None) -> list[ChannelClock]:
    return [clock for rev in tracked_revisions(catalog) for clock in channel_clocks(rev, today)]


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


def build_dashboard(today: datetime.date, catalog=None, channel: str | None = None) -> Dashboard:
    from gongkai.catalog.models import Item

    clocks = all_clocks(today, catalog)
    if channel:
        clocks = [c for c in clocks if c.channel_name == channel]
    items = Item.objects.select_related("category", "catalog").order_by("catalog", "seq")
    if catalog is not None:
        items = items.filter(catalog=catalog)
    live = {
        rev.item_id: rev
        for rev in GuideRevision.objects.filter(state=RevisionState.PUBLISHED, item__in=items).only(
            "item", "content"
        )
    }
    missing = []
    for item in items:
        rev = live.get(item.pk)
        state = completeness(rev.content) if rev else None
        if state is None or not state.complete:
            missing.append((item, state))
    awaiting = list(
        GuideRevision.objects.filter(state=RevisionState.SUBMITTED, item__in=items)
        .select_related("item", "submitted_by")
        .order_by("submitted_at")
    )
    by_channel, by_month = on_time_rates(clocks)
    provisional = [c for c in clocks if c.provisional and not c.posted_on]
    return Dashboard(
        today=today,
        missing_content=missing,
        awaiting_review=awaiting,
        due_soon=[c for c in clocks if c.status == ClockStatus.DUE_SOON],
        overdue=[c for c in clocks if c.status == ClockStatus.OVERDUE],
        rate_by_channel=by_channel,
        rate_by_month=by_month,
        provisional_count=sum(1 for c in provisional),
        provisional_years=tuple(sorted({year for c in provisional for year in provisional_years(c.due_on)})),
    )
