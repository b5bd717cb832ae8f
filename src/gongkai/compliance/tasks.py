"""Each person's own work: 待我审核, 待我张贴, 待我答复, for the task page and the counts in the staff navigation.

Every function here runs a fixed number of queries whatever the number of items, stations or cases.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.urls import reverse

from gongkai.accounts.roles import Role, has_role, visible
from gongkai.bodies.models import Body, BodyKind
from gongkai.catalog.models import ItemChannel
from gongkai.compliance.clock import ClockStatus, deadline_status, lateness_text
from gongkai.guides.models import ChannelPosting, GuideRevision, RevisionState, Station
from gongkai.guides.stations import StationMap, is_local_item, required_stations
from gongkai.translations.models import TextState, TextTranslation


@dataclass(frozen=True)
class StationTask:
    """One station's posting of one published version: still to do, or done on posted_on."""

    station: Station
    revision: GuideRevision
    posted_on: datetime.date | None
    status: ClockStatus | None
    remaining: int | None
    overdue_by: int | None

    @property
    def done(self) -> bool:
        return self.posted_on is not None

    @property
    def due_text(self) -> str:
        if self.status == ClockStatus.OVERDUE:
            return lateness_text(self.overdue_by)
        if self.remaining is not None:
            return f"还剩 {self.remaining} 个工作日"
        return ""


def station_tasks(stations, today: datetime.date) -> list[StationTask]:
    """Every current version the given stations must post, due first; done ones after, newest first."""
    stations = [s for s in stations if s.is_active]
    if not stations:
        return []
    by_channel = StationMap()
    for station in stations:
        by_channel.setdefault(station.channel_id, []).append(station)
    by_channel.government_paths = tuple(
        Body.objects.filter(kind=BodyKind.GOVERNMENT).values_list("path", flat=True)
    )
    revisions = (
        GuideRevision.objects.filter(
            state=RevisionState.PUBLISHED, item__channel_links__channel_id__in=list(by_channel)
        )
        .distinct()
        .select_related("item", "item__catalog__body")
        .prefetch_related(
            Prefetch("item__channel_links", queryset=ItemChannel.objects.only("id", "item_id", "channel_id")),
            Prefetch("postings", queryset=ChannelPosting.objects.filter(station__in=stations)),
        )
    )
    tasks = []
    for rev in revisions:
        if not is_local_item(rev.item) or rev.due_on is None:
            continue
        done = {p.station_id: p.posted_on for p in rev.postings.all()}
        for link in rev.item.channel_links.all():
            for station in required_stations(rev, link.channel_id, by_channel):
                posted_on = done.get(station.pk)
                status, remaining, overdue_by = deadline_status(rev.due_on, posted_on, today)
                tasks.append(StationTask(station, rev, posted_on, status, remaining, overdue_by))
    pending = sorted((t for t in tasks if not t.done), key=lambda t: (t.revision.due_on, t.revision.item.seq))
    finished = sorted((t for t in tasks if t.done), key=lambda t: t.posted_on, reverse=True)
    return pending + finished


def stations_of(user):
    """The stations a person confirms for (the 政务公开办 may confirm for any station, but none is theirs)."""
    return list(Station.objects.filter(users=user, is_active=True).select_related("channel", "body"))


def reviews_for(user):
    """Submitted changes this person may approve: of bodies where they hold 审核, and changed by others."""
    return (
        visible(GuideRevision.objects.all(), user, Role.REVIEWER, via="item__catalog__body")
        .filter(state=RevisionState.SUBMITTED)
        .exclude(Q(author=user) | Q(submitted_by=user) | Q(editors=user))
        .select_related("item", "submitted_by")
        .order_by("submitted_at")
    )


def text_reviews_for(user):
    """Submitted Mongolian texts (group names, life events, contact blocks) this person may approve."""
    return (
        visible(TextTranslation.objects.all(), user, Role.REVIEWER, via="body")
        .filter(state=TextState.SUBMITTED)
        .exclude(Q(author=user) | Q(submitted_by=user) | Q(editors=user))
        .select_related("submitted_by")
        .order_by("submitted_at")
    )


def replies_for(user):
    """Open applications this person is the 承办人 of."""
    # The inforequests queue owns what "waiting for my reply" means; this is the plain reading of it
    # (assigned to me, not yet answered or ended) until that app offers its own function.
    from gongkai.inforequests.choices import Status
    from gongkai.inforequests.models import Application

    mine = visible(Application.objects.filter(handler=user), user, Role.DISCLOSURE_OFFICE)
    return mine.exclude(status__in=[Status.REPLIED, Status.CLOSED])


@dataclass(frozen=True)
class TaskCount:
    key: str
    label: str
    count: int
    url: str


def task_counts(user, today: datetime.date) -> list[TaskCount]:
    """The kinds of work this person's roles give them, each with how many are waiting."""
    counts = []
    tasks_url = reverse("compliance:tasks")
    if has_role(user, Role.REVIEWER):
        waiting = reviews_for(user).count() + text_reviews_for(user).count()
        counts.append(TaskCount("review", "待我审核", waiting, tasks_url + "#review"))
    if has_role(user, Role.STATION):
        pending = [t for t in station_tasks(stations_of(user), today) if not t.done]
        counts.append(TaskCount("posting", "待我张贴", len(pending), reverse("compliance:stations")))
    if has_role(user, Role.DISCLOSURE_OFFICE):
        counts.append(TaskCount("reply", "待我答复", replies_for(user).count(), tasks_url + "#reply"))
    return counts
