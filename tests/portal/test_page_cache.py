"""The page cache: anonymous public pages come from Django's cache until something is published, keyed by the
page, the host and the display mode only; staff, cookie-setting answers and missed searches are never kept."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.publishing.caching import RECENT, STATUS_HEADER
from gongkai.search.models import MissedQuery, Synonym
from tests.guides.helpers import FULL_CONTENT, publish

pytestmark = pytest.mark.django_db

SEED = "zalaite-social-insurance"


def _get(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return response


def test_a_second_visit_is_served_from_the_cache_in_one_query(client, seeded, page_cache):
    first = _get(client, f"/bodies/zltq-rsj/catalog/{SEED}/4/")
    assert first[STATUS_HEADER] == "MISS"
    with CaptureQueriesContext(connection) as queries:
        second = _get(client, f"/bodies/zltq-rsj/catalog/{SEED}/4/")
    assert second[STATUS_HEADER] == "HIT"
    assert second.content == first.content
    assert len(queries) == 1  # the change stamp; the page from this process's recent copies
    RECENT.clear()  # another worker: the page comes from the shared cache (the database)
    with CaptureQueriesContext(connection) as queries:
        assert _get(client, f"/bodies/zltq-rsj/catalog/{SEED}/4/").content == first.content
    # (Savepoints only because the test runs inside a transaction.)
    assert len([q for q in queries if "SAVEPOINT" not in q["sql"]]) == 2
    for header in ("ETag", "Cache-Control", "Content-Security-Policy", "X-Frame-Options"):
        assert second[header] == first[header]
    # A browser revalidating gets 304 from the cached copy.
    assert (
        client.get(f"/bodies/zltq-rsj/catalog/{SEED}/4/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    )


def test_the_embedded_default_keeps_pages_as_files_and_a_hit_costs_one_query(
    client, seeded, settings, monkeypatch
):
    from gongkai import settings as gongkai_settings
    from gongkai.settings import _page_cache

    # On SQLite a stored page would be a write queued behind a publication's transaction: files instead.
    postgresql = {"default": {"ENGINE": "django.db.backends.postgresql"}}
    monkeypatch.setattr(gongkai_settings, "DATABASES", postgresql)
    assert _page_cache("auto")["BACKEND"].endswith("DatabaseCache")
    monkeypatch.setattr(gongkai_settings, "DATABASES", {"default": {"ENGINE": "django.db.backends.sqlite3"}})
    pages = _page_cache("auto")
    assert pages["BACKEND"].endswith("FileBasedCache")
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**pages, "LOCATION": str(settings.DATA_DIR / "page-cache")},
    }
    RECENT.clear()
    path = f"/bodies/zltq-rsj/catalog/{SEED}/"
    assert _get(client, path)[STATUS_HEADER] == "MISS"
    assert any((settings.DATA_DIR / "page-cache").iterdir())
    RECENT.clear()  # another worker: from the files
    with CaptureQueriesContext(connection) as queries:
        assert _get(client, path)[STATUS_HEADER] == "HIT"
    # The change stamp (savepoints only because the test runs inside a transaction).
    assert len([q for q in queries if "SAVEPOINT" not in q["sql"]]) == 1
    RECENT.clear()


def test_publishing_a_guide_shows_on_the_next_request(client, seeded, page_cache, editor, reviewer):
    item = seeded.items.get(seq=4)
    path = f"/bodies/zltq-rsj/catalog/{SEED}/4/"
    before = _get(client, path)
    assert _get(client, path)[STATUS_HEADER] == "HIT"
    content = {**FULL_CONTENT, "summary": "这是刚刚发布的办事指南摘要。"}
    publish(item, editor, reviewer, formed_on=datetime.date(2026, 9, 18), content=content)
    after = _get(client, path)
    assert after[STATUS_HEADER] == "MISS"
    assert "这是刚刚发布的办事指南摘要" in after.content.decode()
    assert "这是刚刚发布的办事指南摘要" not in before.content.decode()


def test_importing_a_catalog_and_loading_a_schedule_show_on_the_next_request(client, seeded, page_cache):
    from gongkai.catalog.services import catalog_document, import_catalog

    _get(client, "/catalog/")
    document = catalog_document(seeded)
    document["items"][0]["name"] = "单位参保登记（新名称）"
    import_catalog(document, actor_label="test")
    after = _get(client, "/catalog/")
    assert after[STATUS_HEADER] == "MISS" and "单位参保登记（新名称）" in after.content.decode()

    assert _get(client, "/catalog/")[STATUS_HEADER] == "HIT"
    from gongkai.workdays.services import notify_schedule_changed

    notify_schedule_changed([2027])  # what loading a year's holiday schedule sends
    assert _get(client, "/catalog/")[STATUS_HEADER] == "MISS"


def test_releasing_a_report_shows_on_the_next_request(client, seeded, page_cache):
    from gongkai.publishing.models import SiteState

    _get(client, "/gongkai/annual-reports/")
    assert _get(client, "/gongkai/annual-reports/")[STATUS_HEADER] == "HIT"
    # Publishing an annual report saves an AnnualReport, which moves the stamp like every watched model.
    from gongkai.reports.models import AnnualReport

    stamp = SiteState.current().changed_at
    AnnualReport.objects.create(body=seeded.body, year=2025, publisher="测试旗人民政府")
    assert SiteState.current().changed_at > stamp
    assert _get(client, "/gongkai/annual-reports/")[STATUS_HEADER] == "MISS"


def test_the_key_is_the_page_host_and_display_mode_not_other_cookies(client, seeded, page_cache, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example.org"]
    plain = _get(client, "/")
    client.cookies["csrftoken"] = "a" * 32
    client.cookies["_ga"] = "anything"
    with_cookies = _get(client, "/")
    assert with_cookies[STATUS_HEADER] == "HIT" and with_cookies.content == plain.content
    client.cookies["gk_elder"] = "1"
    elder = _get(client, "/")
    assert elder[STATUS_HEADER] == "MISS" and b'<body class="elder' in elder.content
    assert _get(client, "/")[STATUS_HEADER] == "HIT"
    del client.cookies["gk_elder"]
    assert _get(client, "/", HTTP_HOST="other.example.org")[STATUS_HEADER] == "MISS"
    assert _get(client, "/?a=1")[STATUS_HEADER] == "MISS"
    assert _get(client, "/")[STATUS_HEADER] == "HIT"


def test_staff_are_never_served_from_or_stored_in_the_cache(client, seeded, page_cache, editor):
    _get(client, "/events/")
    client.force_login(editor)
    response = _get(client, "/events/")
    assert STATUS_HEADER not in response
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    client.logout()
    client.cookies.pop("sessionid", None)
    assert _get(client, "/events/")[STATUS_HEADER] == "HIT"


def test_answers_that_set_a_cookie_are_private_and_not_kept(client, seeded, page_cache):
    response = client.get("/mode/elder/?next=/")
    assert response.cookies["gk_elder"].value == "1"
    assert "private" in response["Cache-Control"]
    assert STATUS_HEADER not in response


def test_a_search_that_found_nothing_is_counted_every_time(client, seeded, page_cache):
    for _ in range(3):
        response = _get(client, "/search/?q=火星")
        assert STATUS_HEADER not in response and response["Cache-Control"] == "no-cache"
    assert MissedQuery.objects.get(query="火星").count == 3
    _get(client, "/search/?q=退休")
    assert _get(client, "/search/?q=退休")[STATUS_HEADER] == "HIT"


def test_a_new_synonym_shows_in_the_next_search(client, seeded, page_cache):
    path = "/search/?q=" + "老来钱"
    _get(client, path)
    Synonym.objects.create(term="老来钱", expansions="养老金")
    response = _get(client, path)
    assert response[STATUS_HEADER] == "MISS" and "养老" in response.content.decode()


def test_a_broken_cache_still_serves_the_page(client, seeded, page_cache, settings):
    settings.CACHES = {**settings.CACHES, "pages": {**settings.CACHES["pages"], "LOCATION": "no_such_table"}}
    assert _get(client, "/").status_code == 200


def test_existing_installs_get_the_cache_table_on_migrate(db, page_cache):
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE gongkai_page_cache")
    call_command("migrate", verbosity=0)
    assert "gongkai_page_cache" in connection.introspection.table_names()


def test_one_thread_renders_a_missing_page_while_the_others_wait_for_it():
    import threading

    from gongkai.publishing.caching import _Flights

    flights, order = _Flights(), []
    assert flights.lead("page") is True  # the first asker renders

    def ask():
        order.append(("waiter", flights.lead("page")))

    waiters = [threading.Thread(target=ask) for _ in range(3)]
    for waiter in waiters:
        waiter.start()
    order.append(("leader", "rendering"))
    flights.done("page")
    for waiter in waiters:
        waiter.join(timeout=5)
    assert order[0] == ("leader", "rendering")
    assert order[1:] == [("waiter", False)] * 3  # they look again instead of rendering at the same time
    assert flights.lead("page") is True  # and the next miss (a new stamp) starts a new flight
