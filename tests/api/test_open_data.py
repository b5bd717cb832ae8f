"""The open-data endpoints: groups, paginated items, one item with its guide, life events, updates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.catalog.models import Catalog, Item
from gongkai.guides import services
from gongkai.guides.models import GuideRevision
from gongkai.publishing.models import SiteState
from tests.guides.helpers import FULL_CONTENT, publish

SEED = "zalaite-social-insurance"
BASE = f"/api/v1/catalogs/{SEED}"
FORMED = datetime.date(2026, 9, 18)


def get(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, (url, response.content)
    return response


def test_groups_in_catalog_order_with_public_counts(client, seeded):
    Item.objects.filter(catalog=seeded, seq=1).update(audience=["特定群众"])
    groups = get(client, f"{BASE}/groups").json()
    first = seeded.categories.get(position=0)
    assert [g["position"] for g in groups] == list(range(len(groups)))
    assert groups[0]["name"] == first.name
    assert groups[0]["items"] == first.items.count() - 1
    assert groups[0]["url"] == f"/catalog/{SEED}/g/0/"
    assert sum(g["items"] for g in groups) == 76


def test_items_are_paginated(client, seeded):
    body = get(client, f"{BASE}/items?page=2&page_size=10").json()
    assert (body["count"], body["page"], body["page_size"]) == (77, 2, 10)
    assert [r["seq"] for r in body["results"]] == list(range(11, 21))
    last = get(client, f"{BASE}/items?page=8&page_size=10").json()
    assert [r["seq"] for r in last["results"]] == list(range(71, 78))
    assert get(client, f"{BASE}/items?page=99").json()["results"] == []


def test_items_filter_by_group_and_level(client, seeded):
    group = seeded.categories.get(position=1)
    by_position = get(client, f"{BASE}/items?group=1&page_size=200").json()
    by_name = get(client, f"{BASE}/items?group={group.name}&page_size=200").json()
    assert by_position == by_name
    assert by_position["count"] == group.items.count()
    assert {r["group"] for r in by_position["results"]} == {group.name}
    level = seeded.level_options[1]
    body = get(client, f"{BASE}/items?level={level}&page_size=200").json()
    expected = [i.seq for i in seeded.items.order_by("seq") if level in i.levels]
    assert [r["seq"] for r in body["results"]] == expected


@pytest.mark.parametrize(
    "query", ["page=0", "page=x", "page_size=0", "page_size=201", "page=-1", "page=99999999999999999999"]
)
def test_bad_paging_is_422_json(client, seeded, query):
    body = get(client, f"{BASE}/items?{query}", status=422).json()
    assert body["detail"]


def test_hidden_items_never_appear(client, seeded, editor, reviewer):
    item = seeded.items.get(seq=5)
    publish(item, editor, reviewer, formed_on=FORMED)
    Item.objects.filter(pk=item.pk).update(audience=["特定群众"])
    body = get(client, f"{BASE}/items?page_size=200").json()
    assert 5 not in [r["seq"] for r in body["results"]] and body["count"] == 76
    assert "特定群众" not in get(client, f"{BASE}/items/5", status=404).json()["detail"]
    assert get(client, f"/api/v1/updates?since={FORMED.year - 1}-01-01").json()["results"] == []


def test_item_with_guide_and_history(client, seeded, editor, reviewer):
    item = seeded.items.get(seq=3)
    first = publish(item, editor, reviewer, formed_on=FORMED, note="首次发布")
    second = publish(
        item,
        editor,
        reviewer,
        formed_on=FORMED,
        content={**FULL_CONTENT, "ways": "网上办理"},
        note="增加网办",
    )
    body = get(client, f"{BASE}/items/3").json()
    assert body["catalog"]["slug"] == SEED and body["catalog"]["publisher"] == seeded.publisher
    assert body["name"] == item.name and body["category"] == item.category.name
    assert body["basis"] and body["channels"] and body["elements"] == item.elements
    assert body["guide"]["ways"] == "网上办理" and body["guide_version"] == second.number
    second.refresh_from_db()
    updated = datetime.datetime.fromisoformat(body["updated_at"])
    assert abs(updated - second.published_at) < datetime.timedelta(milliseconds=1)
    assert [(h["number"], h["change_note"], h["current"]) for h in body["history"]] == [
        (second.number, "增加网办", True),
        (first.number, "首次发布", False),
    ]
    assert body["url"] == f"/catalog/{SEED}/3/"


def test_item_without_guide(client, seeded):
    body = get(client, f"{BASE}/items/4").json()
    assert (body["guide"], body["updated_at"], body["history"]) == (None, None, [])


def test_on_request_item_has_no_guide_content(client, seeded, editor, reviewer):
    item = seeded.items.get(seq=6)
    publish(item, editor, reviewer, formed_on=FORMED)
    Item.objects.filter(pk=item.pk).update(method=["依申请公开"])
    body = get(client, f"{BASE}/items/6").json()
    assert body["on_request"] is True and body["guide"] is None


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/catalogs/nope/groups",
        "/api/v1/catalogs/nope/items",
        "/api/v1/catalogs/nope/items/1",
        f"{BASE}/items/9999",
        "/api/v1/life-events/nope",
        "/api/v1/life-events?catalog=nope",
    ],
)
def test_unknown_things_are_404_json(client, seeded, url):
    assert get(client, url, status=404).json()["detail"]


def test_life_events(client, seeded):
    events = get(client, "/api/v1/life-events").json()
    retirement = next(e for e in events if e["slug"] == "retirement")
    assert retirement["steps"] == 7 and retirement["url"] == "/events/retirement/"
    body = get(client, "/api/v1/life-events/retirement").json()
    assert [s["item"]["seq"] for s in body["steps"]] == [16, 26, 30, 17, 18, 8, 71]
    assert [s["order"] for s in body["steps"]] == list(range(1, 8))
    assert body["steps"][0]["when"].startswith("先查一查")


def test_life_event_leaves_out_hidden_items(client, seeded):
    Item.objects.filter(catalog=seeded, seq=26).update(audience=["特定群众"])
    body = get(client, "/api/v1/life-events/retirement").json()
    assert 26 not in [s["item"]["seq"] for s in body["steps"]]


def test_updates_since_a_date(client, seeded, editor, reviewer):
    old = publish(seeded.items.get(seq=1), editor, reviewer, formed_on=FORMED, note="旧的")
    GuideRevision.objects.filter(pk=old.pk).update(published_at=timezone.now() - datetime.timedelta(days=400))
    new = publish(seeded.items.get(seq=2), editor, reviewer, formed_on=FORMED, note="新的")
    since = (timezone.localdate() - datetime.timedelta(days=10)).isoformat()
    body = get(client, f"/api/v1/updates?since={since}").json()
    assert body["since"] == since and body["count"] == 1
    (entry,) = body["results"]
    assert (entry["seq"], entry["number"], entry["change_note"], entry["catalog"]) == (
        2,
        new.number,
        "新的",
        SEED,
    )
    assert entry["item"] == seeded.items.get(seq=2).name and entry["published_at"]
    everything = get(client, "/api/v1/updates?since=2000-01-01").json()
    assert [r["change_note"] for r in everything["results"]] == ["新的", "旧的"]


@pytest.mark.parametrize("since", ["yesterday", "2025-13-01", "2025/01/01", "%00"])
def test_updates_bad_date_is_422_with_reason(client, db, since):
    body = get(client, f"/api/v1/updates?since={since}", status=422).json()
    assert "YYYY-MM-DD" in body["detail"]


OPEN_URLS = [
    f"{BASE}/groups",
    f"{BASE}/items",
    f"{BASE}/items/1",
    "/api/v1/life-events",
    "/api/v1/life-events/retirement",
    "/api/v1/updates",
]


@pytest.mark.parametrize("url", OPEN_URLS)
def test_conditional_get_and_cors(client, seeded, url):
    first = get(client, url)
    assert first["Access-Control-Allow-Origin"] == "*"
    assert first["ETag"] and first["Last-Modified"]
    again = get(client, url, status=304, If_None_Match=first["ETag"])
    assert again["Access-Control-Allow-Origin"] == "*"
    SiteState.touch()
    assert get(client, url, If_None_Match=first["ETag"])["ETag"] != first["ETag"]


@pytest.mark.parametrize("url", OPEN_URLS)
def test_preflight(client, seeded, url):
    response = client.options(
        url, headers={"Origin": "https://example.org", "Access-Control-Request-Method": "GET"}
    )
    assert response.status_code in (200, 204)
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]


def test_no_cors_on_requests(client, db):
    response = client.get("/api/v1/requests/ABCDEFGHJKLM?phone_last4=1234")
    assert "Access-Control-Allow-Origin" not in response


def test_openapi_lists_the_endpoints_in_chinese(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    for path in (
        "/api/v1/catalogs/{slug}/groups",
        "/api/v1/catalogs/{slug}/items",
        "/api/v1/catalogs/{slug}/items/{seq}",
        "/api/v1/life-events",
        "/api/v1/life-events/{slug}",
        "/api/v1/updates",
    ):
        assert set(paths[path]) == {"get"}, path
        assert any("\u4e00" <= ch <= "\u9fff" for ch in paths[path]["get"]["summary"]), path


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        get(client, url)
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    "path", ["groups", "items?page_size=200", "items/{seq}", "@/api/v1/updates?since=2000-01-01"]
)
def test_fixed_number_of_queries(client, catalog_of, editor, reviewer, path):
    counts = []
    for size in (10, 300):
        Catalog.objects.all().delete()
        catalog = catalog_of(size, groups=3)
        for item in catalog.items.order_by("seq")[:: max(1, size // 5)]:
            publish(item, editor, reviewer, formed_on=FORMED)
            rev = services.current_revision(item)
            assert rev is not None
        seq = catalog.items.order_by("-seq").first().seq
        url = path[1:] if path.startswith("@") else f"/api/v1/catalogs/{catalog.slug}/{path}"
        counts.append(_count(client, url.format(seq=seq)))
    assert counts[0] == counts[1], counts
