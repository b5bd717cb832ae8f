"""Which database a request reads from: the rules of gongkai.dbrouting without real replicas (those are in
tests/ops/test_database_replicas.py), and the settings that declare replicas."""

import pytest
from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from gongkai import dbrouting
from gongkai import settings as project_settings
from gongkai.catalog.models import Item
from gongkai.search.models import MissedQuery


@pytest.fixture
def one_replica(monkeypatch):
    monkeypatch.setattr(dbrouting, "replica_aliases", lambda: ["replica1"])
    monkeypatch.setattr(dbrouting, "_answers", lambda alias: True)
    dbrouting.HEALTH.reset()
    yield
    dbrouting.HEALTH.reset()


@pytest.mark.parametrize(
    ("method", "path", "cookies", "expected"),
    [
        ("get", "/catalog/", {}, "replica1"),
        ("get", "/search/?q=退休", {"csrftoken": "x", "gk_elder": "1"}, "replica1"),
        ("get", "/api/v1/catalog", {}, "replica1"),
        ("head", "/", {}, "replica1"),
        ("post", "/api/v1/requests", {}, None),
        ("get", "/catalog/", {"sessionid": "staff-or-a-new-applicant"}, None),
        ("get", "/apply/receipt/", {}, None),
        ("get", "/staff/requests/", {}, None),
        ("get", "/admin/", {}, None),
        ("get", "/healthz", {}, None),
    ],
)
def test_only_anonymous_public_reads_go_to_a_replica(one_replica, method, path, cookies, expected):
    request = getattr(RequestFactory(), method)(path)
    request.COOKIES.update(cookies)
    assert dbrouting._choose(request) == expected


def test_a_replica_that_does_not_answer_rests_and_the_primary_reads(one_replica, monkeypatch):
    monkeypatch.setattr(dbrouting, "_answers", lambda alias: False)
    assert dbrouting._choose(RequestFactory().get("/")) is None
    monkeypatch.setattr(dbrouting, "_answers", lambda alias: True)
    assert dbrouting._choose(RequestFactory().get("/")) is None  # still resting
    dbrouting.HEALTH.reset()
    assert dbrouting._choose(RequestFactory().get("/")) == "replica1"


def test_the_router_keeps_counters_sessions_and_writes_on_the_primary():
    router = dbrouting.ReplicaRouter()
    token = dbrouting._reading_from.set("replica1")
    try:
        assert router.db_for_read(Item) == "replica1"
        assert router.db_for_read(MissedQuery) == "replica1"
        assert router.db_for_write(MissedQuery) == "default"
        from django.contrib.sessions.models import Session

        assert router.db_for_read(Session) == "default"
        assert router.db_for_read(caches["default"].cache_model_class) == "default"  # rate limits
        pages = type("Entry", (), {"_meta": type("Meta", (), {"app_label": "django_cache"})()})
        pages._meta.db_table = "gongkai_page_cache"
        assert router.db_for_read(pages) == "replica1"
    finally:
        dbrouting._reading_from.reset(token)
    assert router.db_for_read(Item) is None  # outside a request: the primary
    assert router.allow_migrate("replica1", "catalog") is False


def test_replicas_need_a_postgresql_primary_and_postgresql_addresses(monkeypatch):
    monkeypatch.setenv("GONGKAI_DATABASE_REPLICA_URLS", "postgres://u@10.0.0.2/gongkai")
    monkeypatch.setattr(project_settings, "DATABASES", {"default": {"ENGINE": "django.db.backends.sqlite3"}})
    with pytest.raises(ImproperlyConfigured, match="PostgreSQL DATABASE_URL"):
        project_settings._replicas()
    monkeypatch.setattr(
        project_settings, "DATABASES", {"default": {"ENGINE": "django.db.backends.postgresql"}}
    )
    replicas = project_settings._replicas()
    assert list(replicas) == ["replica1"]
    assert replicas["replica1"]["HOST"] == "10.0.0.2"
    assert replicas["replica1"]["OPTIONS"]["connect_timeout"] == 2
    assert replicas["replica1"]["TEST"] == {"MIRROR": "default"}
    monkeypatch.setenv("GONGKAI_DATABASE_REPLICA_URLS", "sqlite:///x.db")
    with pytest.raises(ImproperlyConfigured, match="not a PostgreSQL address"):
        project_settings._replicas()
