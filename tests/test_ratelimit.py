"""The rate limiter's windows last exactly as long as they say, on the database cache the project runs on,
and the client address behind them cannot be picked by the client."""

import datetime
import ipaddress

import pytest
from django.test import RequestFactory
from django.utils import timezone

from gongkai import ratelimit
from gongkai.ratelimit import allow, client_ip

HOUR = 3600


class Clock:
    """One clock for the limiter and for the database cache's expiry (both read it at call time)."""

    def __init__(self, start: float):
        self.t = start

    def time(self) -> float:
        return self.t

    def now(self) -> datetime.datetime:
        return datetime.datetime.fromtimestamp(self.t, tz=datetime.UTC)


@pytest.fixture
def clock(monkeypatch, db, settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache")
    clock = Clock(start=1_800_000_000 // HOUR * HOUR)  # the start of an hour
    monkeypatch.setattr(ratelimit, "now", clock.time)
    monkeypatch.setattr(timezone, "now", clock.now)
    return clock


def test_an_hour_long_window_lasts_the_hour(clock):
    """The database cache's incr() resets a key's timeout to 5 minutes: the old limiter forgot an hour's
    count after five quiet minutes (the status page's 5-wrong-tries lock reset 12× too soon)."""
    assert all(allow("t", "k", limit=5, window=HOUR) for _ in range(5))
    clock.t += 400  # longer than the cache's default timeout, well inside the hour
    assert not allow("t", "k", limit=5, window=HOUR)
    clock.t += 2000
    assert not allow("t", "k", limit=5, window=HOUR)
    clock.t += HOUR  # the next hour: a fresh window
    assert allow("t", "k", limit=5, window=HOUR)


def test_windows_are_counted_per_key_and_per_scope(clock):
    assert all(allow("t", "a", limit=2, window=600) for _ in range(2))
    assert not allow("t", "a", limit=2, window=600)
    assert allow("t", "b", limit=2, window=600) and allow("u", "a", limit=2, window=600)


def _request(remote: str, forwarded: str | None = None):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=remote, **extra)


def test_forwarded_for_is_ignored_unless_a_trusted_proxy_sent_it(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32")]
    assert client_ip(_request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"  # not from the proxy
    assert client_ip(_request("127.0.0.1", "198.51.100.7")) == "198.51.100.7"
    # What the client put in the header comes first; the proxy appends the real address on the right.
    assert client_ip(_request("127.0.0.1", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("127.0.0.1/32"), ipaddress.ip_network("10.0.0.0/8")]
    assert client_ip(_request("127.0.0.1", "6.6.6.6, 198.51.100.7, 10.1.1.1")) == "198.51.100.7"
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"


def test_a_client_cannot_dodge_the_limit_by_rotating_the_header(client, db, settings, bureau):
    """Under `gongkai serve` with no proxy, X-Forwarded-For is the client's own invention."""
    from tests.inforequests.test_public_form import VALID

    settings.TRUSTED_PROXIES = []
    codes = [
        client.post(
            "/apply/form/", VALID, HTTP_X_FORWARDED_FOR=f"10.0.0.{n}", REMOTE_ADDR="203.0.113.9"
        ).status_code
        for n in range(6)
    ]
    assert codes == [302] * 5 + [429]
