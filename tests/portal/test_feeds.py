"""The Atom feed of guide updates, the sitemap and the catalog downloads."""

import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.catalog.models import Catalog, Item
from gongkai.catalog.services import seed_body
from gongkai.guides.models import GuideRevision
from gongkai.reports.models import AnnualReport, ReportState
from tests.guides.helpers import publish

SEED = "zalaite-social-insurance"
ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
FORMED = datetime.date(2026, 9, 18)
BASE_URL = "https://gongkai.example.org"


def parse(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 -- our own response, in a test


@pytest.fixture(autouse=True)
def _base_url(settings):
    settings.PUBLIC_BASE_URL = BASE_URL


def test_feed_is_valid_atom_with_the_latest_updates(client, seeded, editor, reviewer):
    first = publish(seeded.items.get(seq=3), editor, reviewer, formed_on=FORMED, note="首次发布")
    second = publish(seeded.items.get(seq=4), editor, reviewer, formed_on=FORMED, note="材料减少一项")
    response = client.get("/feed.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = parse(response.content)
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, name
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{BASE_URL}/feed.xml"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 2
    newest = entries[0]
    for name in ("id", "title", "updated", "summary"):
        assert newest.find(f"{ATOM}{name}") is not None, name
    assert newest.find(f"{ATOM}title").text == seeded.items.get(seq=4).name
    assert newest.find(f"{ATOM}summary").text == "材料减少一项"
    assert newest.find(f"{ATOM}link").get("href") == f"{BASE_URL}/catalog/{SEED}/4/"
    second.refresh_from_db()
    updated = datetime.datetime.fromisoformat(newest.find(f"{ATOM}updated").text)
    assert abs(updated - second.published_at) < datetime.timedelta(seconds=1)
    ids = {e.find(f"{ATOM}id").text for e in entries}
    assert len(ids) == 2 and first.number == 1


def test_feed_leaves_out_hidden_items_and_keeps_50(client, seeded, editor, reviewer):
    items = list(seeded.items.order_by("seq")[:52])
    for item in items:
        publish(item, editor, reviewer, formed_on=FORMED)
    Item.objects.filter(pk=items[-1].pk).update(audience=["特定群众"])
    root = parse(client.get("/feed.xml").content)
    titles = [e.find(f"{ATOM}title").text for e in root.findall(f"{ATOM}entry")]
    assert len(titles) == 50 and items[-1].name not in titles


def test_feed_without_anything(client, db):
    root = parse(client.get("/feed.xml").content)
    assert root.findall(f"{ATOM}entry") == []


def test_feed_and_sitemap_are_cacheable(client, seeded):
    for url in ("/feed.xml", "/sitemap.xml", f"/catalog/{SEED}/download.json"):
        first = client.get(url)
        assert first["ETag"] and first["Last-Modified"] and "max-age" in first["Cache-Control"]
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304


def _sitemap(client) -> dict[str, str | None]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200 and "xml" in response["Content-Type"]
    root = parse(response.content)
    assert root.tag == f"{SM}urlset"
    urls = {}
    for url in root.findall(f"{SM}url"):
        lastmod = url.find(f"{SM}lastmod")
        urls[url.find(f"{SM}loc").text] = lastmod.text if lastmod is not None else None
    return urls


def test_sitemap_lists_public_pages(client, seeded, editor, reviewer):
    publish(seeded.items.get(seq=7), editor, reviewer, formed_on=FORMED)
    Item.objects.filter(catalog=seeded, seq=9).update(audience=["特定群众"])
    AnnualReport.objects.create(body=seed_body(), year=2025, publisher="某局", state=ReportState.PUBLISHED)
    AnnualReport.objects.create(body=seed_body(), year=2026, publisher="某局")
    urls = _sitemap(client)
    paths = {loc.removeprefix(BASE_URL) for loc in urls}
    assert all(loc.startswith(BASE_URL + "/") for loc in urls)
    expected = {
        "/",
        f"/catalog/{SEED}/",
        f"/catalog/{SEED}/g/0/",
        f"/catalog/{SEED}/levels/0/",
        f"/catalog/{SEED}/levels/1/",
        f"/catalog/{SEED}/7/",
        "/events/",
        "/events/retirement/",
        "/gongkai/",
        "/gongkai/guide/",
        "/gongkai/rules/",
        "/gongkai/annual-reports/",
        "/gongkai/annual-reports/2025/",
    }
    assert expected <= paths
    assert f"/catalog/{SEED}/9/" not in paths
    assert "/gongkai/annual-reports/2026/" not in paths
    assert sum(1 for p in paths if re.fullmatch(rf"/catalog/{SEED}/\d+/", p)) == 76
    live = GuideRevision.objects.get(item__seq=7, item__catalog=seeded)
    lastmod = urls[f"{BASE_URL}/catalog/{SEED}/7/"]
    assert abs(datetime.datetime.fromisoformat(lastmod) - live.published_at) < datetime.timedelta(seconds=1)
    assert urls[f"{BASE_URL}/catalog/{SEED}/8/"] is None


def test_sitemap_query_count_is_fixed(client, catalog_of):
    counts = []
    for size in (10, 500):
        Catalog.objects.all().delete()
        catalog_of(size)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/sitemap.xml").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_download_json_is_the_catalog_document(client, seeded):
    response = client.get(f"/catalog/{SEED}/download.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == f'attachment; filename="{SEED}.json"'
    doc = json.loads(response.content)
    assert len(doc["items"]) == 77


def test_download_csv(client, seeded):
    response = client.get(f"/catalog/{SEED}/download.csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    assert seeded.items.get(seq=1).name in response.content.decode("utf-8-sig")


def test_download_xlsx(client, seeded):
    response = client.get(f"/catalog/{SEED}/download.xlsx")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == f'attachment; filename="{SEED}.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.active.max_row > 77


@pytest.mark.parametrize(
    "url", [f"/catalog/{SEED}/download.docx", f"/catalog/{SEED}/download.exe", "/catalog/nope/download.json"]
)
def test_download_404(client, seeded, url):
    assert client.get(url).status_code == 404


def test_pages_link_feed_and_downloads(client, seeded):
    body = client.get(f"/catalog/{SEED}/").content.decode()
    assert 'type="application/atom+xml"' in body and 'href="/feed.xml"' in body
    for fmt in ("json", "csv", "xlsx"):
        assert f"/catalog/{SEED}/download.{fmt}" in body
