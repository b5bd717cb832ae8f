"""Which stations must post which version, and how far a channel has got ("已张贴 3/5").

The catalog's 公开层级 says which items go up at the township and village level; the stations of a channel
post those. A channel with stations counts as posted on the day its last required station confirmed.
Everything here works on rows already loaded, so pages can load stations once and ask per row.
"""

import datetime
from dataclasses import dataclass

# Words that mark a township- or village-level column (乡级, 村级, 乡、村级, 镇级, 苏木, 嘎查, 社区).
LOCAL_LEVEL_WORDS = ("乡", "村", "镇", "苏木", "嘎查", "社区")


def is_local_level(level: str) -> bool:
    return any(word in level for word in LOCAL_LEVEL_WORDS)


def is_local_item(item) -> bool:
    """Does the catalog put this item up at the township or village level?"""
    return any(is_local_level(level) for level in item.levels or [])


def required_stations(rev, channel_id: int, stations_by_channel: dict) -> list:
    """The active stations that must confirm this revision on this channel."""
    if not is_local_item(rev.item):
        return []
    stations = stations_by_channel.get(channel_id, [])
    if rev.published_at is None:
        return list(stations)
    return [s for s in stations if s.created_at <= rev.published_at]


@dataclass(frozen=True)
class Progress:
    """One (revision, channel): required stations, who has confirmed, and when the channel was done."""

    required: tuple
    confirmed: dict  # station id → posted_on
    posted_on: datetime.date | None  # the day the channel counts as posted, None while not done

    @property
    def total(self) -> int:
        return len(self.required)

    @property
    def done_count(self) -> int:
        return sum(1 for s in self.required if s.pk in self.confirmed)

    @property
    def waiting(self) -> list:
        return [s for s in self.required if s.pk not in self.confirmed]

    @property
    def label(self) -> str:
        return f"已张贴 {self.done_count}/{self.total}" if self.total else ""


def channel_progress(rev, channel_id: int, postings, stations_by_channel: dict) -> Progress:
    """`postings` are the revision's postings (any channel), already loaded."""
    mine = sorted((p for p in postings if p.channel_id == channel_id), key=lambda p: p.posted_on)
    required = tuple(required_stations(rev, channel_id, stations_by_channel))
    if not required:
        return Progress(required=(), confirmed={}, posted_on=mine[0].posted_on if mine else None)
    confirmed = {p.station_id: p.posted_on for p in mine if p.station_id is not None}
    dates = [confirmed[s.pk] for s in required if s.pk in confirmed]
    posted_on = max(dates) if len(dates) == len(required) else None
    return Progress(required=required, confirmed=confirmed, posted_on=posted_on)


def active_stations_by_channel() -> dict:
    """Every active station, grouped by channel id: one query for a whole page."""
    from gongkai.guides.models import Station

    grouped: dict[int, list] = {}
    for station in Station.objects.filter(is_active=True).order_by("channel_id", "name"):
        grouped.setdefault(station.channel_id, []).append(station)
    return grouped
