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


class StationMap(dict):
    """Active stations by channel id, and the paths of the people's governments (旗县, 苏木乡镇 excluded)
    that bound which stations serve which items."""

    government_paths: tuple[str, ...] = ()


def catchment(body_path: str, government_paths) -> str:
    """The subtree whose stations post a body's items: its nearest people's government (the county), else
    the top of its tree. A county department's village-level items go up on every notice board of the
    county, and on no other county's."""
    found = [path for path in government_paths if body_path.startswith(path)]
    return max(found, key=len) if found else body_path[:4]


def serves(station, item_body_path: str | None, government_paths) -> bool:
    """Does this station post items of the body at `item_body_path`? Stations with no body serve all."""
    if station.body_id is None or item_body_path is None:
        return True
    return station.body.path.startswith(catchment(item_body_path, government_paths))


def required_stations(rev, channel_id: int, stations_by_channel: dict) -> list:
    """The active stations that must confirm this revision on this channel."""
    if not is_local_item(rev.item):
        return []
    stations = stations_by_channel.get(channel_id, [])
    body_path = _item_body_path(rev)
    governments = getattr(stations_by_channel, "government_paths", ())
    stations = [s for s in stations if serves(s, body_path, governments)]
    if rev.published_at is None:
        return list(stations)
    return [s for s in stations if s.created_at <= rev.published_at]


def _item_body_path(rev) -> str | None:
    # Callers load revisions with their item's catalog and body; the path is then free to read.
    catalog = rev.item.catalog
    return catalog.body.path if catalog.body_id else None


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


def active_stations_by_channel() -> StationMap:
    """Every active station, grouped by channel id, with the government paths: two queries for a page."""
    from gongkai.bodies.models import Body, BodyKind
    from gongkai.guides.models import Station

    grouped = StationMap()
    stations = Station.objects.filter(is_active=True).select_related("body").order_by("channel_id", "name")
    for station in stations:
        grouped.setdefault(station.channel_id, []).append(station)
    grouped.government_paths = tuple(
        Body.objects.filter(kind=BodyKind.GOVERNMENT).values_list("path", flat=True)
    )
    return grouped
