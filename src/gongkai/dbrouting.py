"""Reads from PostgreSQL streaming replicas (GONGKAI_DATABASE_REPLICA_URLS), writes to the primary.

A request is sent to a replica when it only reads what the public reads: a GET or HEAD of a public page,
a search or the open-data API, by someone without a session. Everything else uses the primary:
- anything that writes (every other method), and whatever a write touches, whatever the request;
- a request that carries a session cookie: a logged-in member of staff, or an applicant who has just
  submitted (the form keeps the receipt's code in the session, so the receipt page reads the primary);
- the application pages under /apply/ (a status lookup is personal), the back office, /healthz;
- rate limits, sessions and lockouts, which must see the last write at once.

`ReplicaReadsMiddleware` chooses the database once per request (`reading_from`), and `ReplicaRouter`
sends that request's reads there. Before using a replica it checks the connection (a short connect
timeout); a replica that does not answer is left alone for a cool-down and the request reads from the
primary instead, with no error shown. A replica that fails in the middle of a request makes the
middleware run the request again on the primary (only reads are ever sent to a replica).

Replication lag: a public page may show the state of a second ago. The page cache keys on the change
stamp read from the same replica as the page, so a lagging replica never stores new stamps with old pages.
"""

import contextlib
import itertools
import threading
import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DatabaseError, connections

REPLICA_PREFIX = "replica"
# Apps whose tables are read right after being written (lockouts, rate limits, sessions, two-step codes).
PRIMARY_APPS = frozenset({"sessions", "axes", "otp_totp", "django_otp", "auth", "admin"})
# Django's database cache keeps rate-limit counters in gongkai_cache (primary); finished pages in
# gongkai_page_cache may come from a replica: their keys carry the change stamp.
REPLICA_CACHE_TABLES = frozenset({"gongkai_page_cache"})
PRIMARY_PATHS = ("/admin/", "/staff/", "/apply/", "/healthz")
FAILURE_ATTRIBUTE = "_gongkai_database_failure"

_reading_from: ContextVar[str | None] = ContextVar("gongkai_reading_from", default=None)


def replica_aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(REPLICA_PREFIX)]


def reading_from() -> str:
    """The database this request reads from ("default" is the primary)."""
    return _reading_from.get() or "default"


class ReplicaRouter:
    """Reads go where the request's middleware said; writes and migrations go to the primary."""

    def db_for_read(self, model, **hints):
        alias = _reading_from.get()
        if alias is None:
            return None
        label = model._meta.app_label
        if label == "django_cache":
            return alias if model._meta.db_table in REPLICA_CACHE_TABLES else "default"
        return "default" if label in PRIMARY_APPS else alias

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replicas hold the primary's rows

    def allow_migrate(self, db, app_label, **hints):
        return db == "default"


class _Health:
    """Which replicas are resting after a failure, per process."""

    def __init__(self):
        self.down_until: dict[str, float] = {}
        self.lock = threading.Lock()
        self.turns = itertools.count()

    def available(self, aliases: list[str]) -> list[str]:
        now = time.monotonic()
        with self.lock:
            return [alias for alias in aliases if self.down_until.get(alias, 0) <= now]

    def next_turn(self) -> int:
        with self.lock:
            return next(self.turns)

    def rest(self, alias: str) -> None:
        with self.lock:
            self.down_until[alias] = time.monotonic() + settings.DATABASE_REPLICA_RETRY_SECONDS

    def reset(self) -> None:
        with self.lock:
            self.down_until.clear()


HEALTH = _Health()


def _answers(alias: str) -> bool:
    """Whether the replica takes a connection now (its health check, or a new connection)."""
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError:
        with contextlib.suppress(DatabaseError):
            connection.close()
        return False
    return True


def _choose(request) -> str | None:
    aliases = replica_aliases()
    if not aliases or request.method not in ("GET", "HEAD"):
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or request.path.startswith(PRIMARY_PATHS):
        return None
    available = HEALTH.available(aliases)
    if not available:
        return None
    turn = HEALTH.next_turn()
    for offset in range(len(available)):  # take turns, skipping one that does not answer
        alias = available[(turn + offset) % len(available)]
        if _answers(alias):
            return alias
        HEALTH.rest(alias)
    return None


class ReplicaReadsMiddleware:
    """Send this request's reads to a replica when it may read from one (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        alias = _choose(request)
        if alias is None:
            return self.get_response(request)
        token = _reading_from.set(alias)
        try:
            response = self.get_response(request)
            if getattr(request, FAILURE_ATTRIBUTE, None) is not None and not _answers(alias):
                # The replica went away during the request: rest it and read everything again from the
                # primary. Safe, because nothing here wrote anything.
                HEALTH.rest(alias)
                _reading_from.set(None)
                delattr(request, FAILURE_ATTRIBUTE)
                response = self.get_response(request)
        finally:
            _reading_from.reset(token)
        return response
