"""Service stations (issue 13.14): each station has its own page and confirms its own posting; a channel is
posted when every station of it has confirmed; dates before publication or in the future are refused."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai.accounts.roles import Role
from gongkai.catalog.models import Channel
from gongkai.compliance.clock import ClockStatus, build_dashboard, channel_clocks
from gongkai.guides import services
from gongkai.guides.models import ChannelPosting, GuideRevision, Station
from tests.conftest import _person
from tests.guides.helpers import publish

D = datetime.date
PUBLISHED = D(2026, 11, 2)  # website posting and publication, back-dated
FORMED = D(2026, 10, 30)


@pytest.fixture
def platform(seeded):
    return Channel.objects.get(name="基层公共服务平台")


@pytest.fixture
def stations(platform, officer):
    """Two village stations of the platform channel, each with its own person."""
    made = []
    for name, username in (("巴彦乌兰嘎查便民服务站", "station_a"), ("胡尔勒镇公开栏", "station_b")):
        person = _person(username, Role.STATION)
        station = services.save_station(
            None, name=name, channel=platform, users=[person], acting_user=officer
        )
        Station.objects.filter(pk=station.pk).update(
            created_at=timezone.make_aware(datetime.datetime(2026, 1, 1))
        )
        made.append(Station.objects.get(pk=station.pk))
    return made


@pytest.fixture
def published(seeded, editor, reviewer, stations):
    """Item 4 (旗级 and 乡、村级) published on 2026-11-02."""
    return publish(seeded.items.get(seq=4), editor, reviewer, formed_on=FORMED, website_on=PUBLISHED)


def _platform_clock(rev, today):
    rev = GuideRevision.objects.prefetch_related("postings", "item__channel_links__channel").get(pk=rev.pk)
    return {c.channel_name: c for c in channel_clocks(rev, today)}["基层公共服务平台"]


def test_one_station_confirming_no_longer_marks_the_channel_done(published, stations, platform):
    a, b = stations
    services.confirm_posting(
        published, platform, posted_on=D(2026, 11, 5), acting_user=a.users.get(), station=a
    )
    clock = _platform_clock(published, D(2026, 11, 6))
    assert clock.posted_on is None and clock.progress.label == "已张贴 1/2"
    assert clock.holder == "胡尔勒镇公开栏"
    services.confirm_posting(
        published, platform, posted_on=D(2026, 11, 9), acting_user=b.users.get(), station=b
    )
    clock = _platform_clock(published, D(2026, 11, 10))
    assert clock.posted_on == D(2026, 11, 9) and clock.status == ClockStatus.ON_TIME
    assert clock.progress.label == "已张贴 2/2"


def test_a_confirmation_for_the_whole_channel_is_refused_once_it_has_stations(published, platform, officer):
    with pytest.raises(ValidationError, match="各服务站分别确认"):
        services.confirm_posting(
            published, platform, posted_on=D(2026, 11, 5), place="某村", acting_user=officer
        )


def test_dates_before_publication_or_in_the_future_are_refused_by_field(published, stations, platform):
    a = stations[0]
    person = a.users.get()
    with pytest.raises(ValidationError) as before:
        services.confirm_posting(published, platform, posted_on=D(2026, 11, 1), acting_user=person, station=a)
    assert "不能早于这个版本的发布日期（2026-11-02）" in before.value.message_dict["posted_on"][0]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as future:
        services.confirm_posting(published, platform, posted_on=tomorrow, acting_user=person, station=a)
    assert "不能晚于今天" in future.value.message_dict["posted_on"][0]
    assert not ChannelPosting.objects.filter(station=a).exists()


def test_a_station_cannot_confirm_for_another(published, stations, platform):
    a, b = stations
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.confirm_posting(
            published, platform, posted_on=D(2026, 11, 5), acting_user=a.users.get(), station=b
        )


def test_the_station_has_a_home_with_its_items_and_confirms_in_one_step(client, published, stations):
    a = stations[0]
    client.force_login(a.users.get())
    # /staff/ was a 403 for a station; now it leads to the station's own page.
    response = client.get("/staff/", follow=True)
    assert response.redirect_chain[-1][0] == f"/staff/stations/{a.pk}/"
    page = response.content.decode()
    assert "巴彦乌兰嘎查便民服务站" in page and "职工参保登记" in page
    assert published.due_on.strftime("%Y-%m-%d") in page
    # Items of the 旗级 only are not the station's: item 4 is listed, nothing else is published.
    url = f"/staff/stations/{a.pk}/confirm/{published.pk}/"
    bad = client.post(url, {f"r{published.pk}-posted_on": "2026-11-01"})
    assert bad.status_code == 200 and "不能早于这个版本的发布日期" in bad.content.decode()
    ok = client.post(url, {f"r{published.pk}-posted_on": "2026-11-05"})
    assert ok.status_code == 302
    posting = ChannelPosting.objects.get(station=a)
    assert posting.place == "巴彦乌兰嘎查便民服务站" and posting.posted_on == D(2026, 11, 5)
    # The other station's page is not this person's: as anything outside one's scope, it is not there.
    assert client.get(f"/staff/stations/{stations[1].pk}/").status_code == 404


def test_the_revision_page_shows_each_station(client, published, stations, platform, editor):
    services.confirm_posting(
        published,
        platform,
        posted_on=D(2026, 11, 5),
        acting_user=stations[0].users.get(),
        station=stations[0],
    )
    client.force_login(editor)
    page = client.get(f"/staff/guides/rev/{published.pk}/").content.decode()
    assert "基层公共服务平台：已张贴 1/2" in page
    assert "巴彦乌兰嘎查便民服务站" in page and "2026-11-05" in page and "胡尔勒镇公开栏" in page


def test_a_station_added_later_does_not_make_earlier_versions_late(published, platform, officer):
    services.save_station(None, name="新设服务站", channel=platform, acting_user=officer)
    clock = _platform_clock(published, D(2026, 11, 6))
    assert clock.progress.total == 2


def test_existing_confirmations_stay_valid_through_the_migration(seeded, editor, reviewer, officer, platform):
    """GIVEN a version confirmed on the platform before stations existed (one typed place)
    WHEN the migration turns typed places into stations THEN the name is kept and the channel stays posted."""
    rev = publish(seeded.items.get(seq=4), editor, reviewer, formed_on=FORMED, website_on=PUBLISHED)
    ChannelPosting.objects.create(
        revision=rev, channel=platform, posted_on=D(2026, 11, 5), place="某某村服务站"
    )
    migration = importlib.import_module("gongkai.guides.migrations.0003_stations")
    migration.stations_from_places(apps, None)
    station = Station.objects.get(name="某某村服务站")
    assert station.channel == platform
    assert ChannelPosting.objects.get(place="某某村服务站").station == station
    clock = _platform_clock(rev, D(2026, 11, 6))
    assert clock.posted_on == D(2026, 11, 5) and clock.status == ClockStatus.ON_TIME


def test_staff_see_only_the_actions_their_role_allows(client, published, stations, editor, reviewer, officer):
    station_person = stations[0].users.get()
    url = f"/staff/guides/rev/{published.pk}/"
    client.force_login(station_person)
    page = client.get(url).content.decode()
    assert "撤下" not in page and "继续编辑" not in page and "确认已在其他渠道公开" in page
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "撤下" not in page
    client.force_login(reviewer)
    assert "撤下" in client.get(url).content.decode()
    item_page = client.get(f"/staff/guides/item/{published.item_id}/").content.decode()
    assert "修改办事指南" not in item_page


def test_dashboard_shows_station_progress_and_who_is_late(client, published, stations, officer):
    board = build_dashboard(D(2026, 12, 4))
    platform_clock = next(c for c in board.overdue if c.channel_name == "基层公共服务平台")
    assert platform_clock.progress.label == "已张贴 0/2"
    assert platform_clock.stage == "已发布待张贴"
    assert platform_clock.holder == "巴彦乌兰嘎查便民服务站、胡尔勒镇公开栏"


def test_the_office_manages_stations(client, officer, platform, db):
    person = _person("cunwei", Role.STATION)
    client.force_login(officer)
    response = client.post(
        "/staff/stations/manage/new/",
        {"name": "好力保嘎查公开栏", "channel": platform.pk, "users": [person.pk]},
    )
    assert response.status_code == 302
    station = Station.objects.get(name="好力保嘎查公开栏")
    assert list(station.users.all()) == [person]
    again = client.post("/staff/stations/manage/new/", {"name": "好力保嘎查公开栏", "channel": platform.pk})
    assert "已经有叫“好力保嘎查公开栏”的服务站了" in again.content.decode()
    client.post(f"/staff/stations/manage/{station.pk}/active/", {"active": "0"})
    assert not Station.objects.get(pk=station.pk).is_active
