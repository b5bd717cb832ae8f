"""HTTP caching for public pages: the app's own page cache, and ETag / Last-Modified for browsers and nginx.

Nothing on a public page changes between publications, so a finished page is kept in Django's cache (the
`pages` alias: the database in the embedded default, see GONGKAI_PAGE_CACHE) and served from there until
something is published. The key holds the site's change stamp (`SiteState.changed_at`), which every
publishing service moves (a guide published, a catalog imported, a report released, a schedule loaded):
after a publication the next request looks under a new key and renders afresh; older copies are never
read again and age out. Reading the stamp is one query per request, and it is read before the page, so a
page rendered from content older than the stamp it is stored under cannot happen. Each worker keeps the
pages it served last in memory in front of the shared cache (`RECENT`): a key names one page under one
stamp, so such a copy is never older than the shared one. Only requests for views marked by
`public_page` (or `search_page`) look at the cache at all.

The key is the page (scheme, host, path and query string) and the display mode, nothing else: pages carry
no per-visitor content. Requests of a logged-in member of staff (a session cookie) neither read nor fill
the cache, and neither does an answer that sets a cookie (a page with a CSRF token): such answers are
marked private, so no proxy keeps them either.

Browsers and proxies get `Cache-Control: public, max-age=60` with an ETag, and `Vary: Cookie`, because
the display mode lives in a cookie and HTTP can only name a whole header; nginx (deploy/nginx) ignores
Vary and keys its cache on the display-mode cookie alone, as this cache does.
"""

import datetime
import hashlib
import logging
import threading
from collections import OrderedDict
from contextvars import ContextVar
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.core.exceptions import DisallowedHost
from django.db import DatabaseError, connection, connections, transaction
from django.http import HttpResponse
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.dateparse import parse_datetime
from django.utils.http import parse_http_date_safe
from django.views.decorators.http import condition

from gongkai.dbrouting import reading_from
from gongkai.publishing.models import SiteState

# The display mode (large text, high contrast) is the one visitor setting that changes a public page.
ELDER_COOKIE = "gk_elder"

logger = logging.getLogger("gongkai.portal")

PAGE_CACHE = "pages"
PAGE_SECONDS = 24 * 3600  # copies under an old stamp are never read again; this only frees the space
PUBLIC_MARK = "gongkai_public_page"
STATUS_HEADER = "X-Page-Cache"
_uncacheable: ContextVar[bool] = ContextVar("gongkai_uncacheable", default=False)


def site_state(request) -> SiteState:
    """The change stamp, read once per request (by PageCacheMiddleware when it ran)."""
    state = getattr(request, "_gongkai_site_state", None)
    if state is None:
        row = getattr(request, "_gongkai_stamp_row", None)
        if row is not None:
            state = SiteState(pk=1, changed_at=row[0], is_demo=row[1])
        else:
            try:
                state = SiteState.current()
            except DatabaseError:
                state = SiteState(pk=1)
        request._gongkai_site_state = state
    return state


def display_mode(request) -> str:
    """What changes a public page besides its address: standard or large-text (elder) mode."""
    return "elder" if request.COOKIES.get(ELDER_COOKIE) == "1" else "standard"


def _etag(request, *args, **kwargs) -> str:
    state = site_state(request)
    key = f"{state.changed_at.isoformat()}|{display_mode(request)}|{state.is_demo}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs):
    return site_state(request).changed_at


def mark_uncacheable() -> None:
    """Called while a public page is being built: this answer must be rendered every time (the search
    page for a query that found nothing, which is counted for staff in the missed-query log)."""
    _uncacheable.set(True)


def public_page(view):
    """Conditional GET plus headers that let proxies keep the page briefly and revalidate after; the answer
    is marked for the page cache (`PageCacheMiddleware`) unless the view called `mark_uncacheable`."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        token = _uncacheable.set(False)
        try:
            response = conditional(request, *args, **kwargs)
            uncacheable = _uncacheable.get()
        finally:
            _uncacheable.reset(token)
        if uncacheable:
            response["Cache-Control"] = "no-cache"
        elif response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=60)
            patch_vary_headers(response, ["Cookie"])
            setattr(response, PUBLIC_MARK, True)
        return response

    setattr(wrapped, PUBLIC_MARK, True)  # PageCacheMiddleware looks only at requests for such views
    return wrapped


def _is_staff_request(request) -> bool:
    # A session exists only for someone who logged in (public pages keep none), so its cookie is enough;
    # nothing is read from the database to tell.
    return settings.SESSION_COOKIE_NAME in request.COOKIES


def _page_key(request, stamp: str) -> str:
    page = f"{stamp} {display_mode(request)} {request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(page.encode()).hexdigest()


def _for_public_page(request) -> bool:
    """Whether the request is for a view marked by `public_page` (the API, static files and forms are not)."""
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    return getattr(match.func, PUBLIC_MARK, False)


def _read_stamp(request) -> str | None:
    """The change stamp as text, in one plain query (no ORM on the way to a cached answer); None before
    anything was ever published. Kept on the request, so a page rendered afresh uses the same stamp."""
    # From the database this request reads its page from (a replica may lag behind the primary).
    with connections[reading_from()].cursor() as cursor:
        cursor.execute(f"SELECT changed_at, is_demo FROM {SiteState._meta.db_table} WHERE id = 1")  # noqa: S608
        row = cursor.fetchone()
    if row is None:
        return None
    changed_at, is_demo = row
    if isinstance(changed_at, str):  # SQLite keeps UTC as text
        changed_at = parse_datetime(changed_at)
    if timezone.is_naive(changed_at):
        changed_at = timezone.make_aware(changed_at, datetime.UTC)
    request._gongkai_stamp_row = (changed_at, bool(is_demo))
    return f"{changed_at.isoformat()}|{int(bool(is_demo))}"


class _Recent:
    """The pages this process served last, in front of the shared cache: a key names one page under one
    stamp, so a copy kept here is as current as the shared one. Bounded by count and by bytes."""

    def __init__(self, entries: int = 300, size: int = 32 * 1024 * 1024):
        self.entries, self.size, self.used = entries, size, 0
        self.pages: OrderedDict[str, tuple] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str):
        with self.lock:
            frozen = self.pages.get(key)
            if frozen is not None:
                self.pages.move_to_end(key)
            return frozen

    def put(self, key: str, frozen: tuple) -> None:
        with self.lock:
            if key in self.pages:
                return
            self.pages[key] = frozen
            self.used += len(frozen[2])
            while self.pages and (len(self.pages) > self.entries or self.used > self.size):
                _, old = self.pages.popitem(last=False)
                self.used -= len(old[2])

    def clear(self) -> None:
        with self.lock:
            self.pages.clear()
            self.used = 0


RECENT = _Recent()


class _Flights:
    """One thread per process renders a missing page; the others asking for it meanwhile wait for that
    copy instead of rendering it too (right after a publication every page is missing at once)."""

    WAIT_SECONDS = 10

    def __init__(self):
        self.lock = threading.Lock()
        self.rendering: dict[str, threading.Event] = {}

    def lead(self, key: str) -> bool:
        """True: this thread renders the page and must call `done`. False: another thread did (or took
        too long); look again, and render after all if there is still nothing (a page never stored)."""
        with self.lock:
            event = self.rendering.get(key)
            if event is None:
                self.rendering[key] = threading.Event()
                return True
        event.wait(self.WAIT_SECONDS)
        return False

    def done(self, key: str) -> None:
        with self.lock:
            event = self.rendering.pop(key, None)
        if event is not None:
            event.set()


FLIGHTS = _Flights()


def _frozen(response: HttpResponse) -> tuple:
    return (response.status_code, list(response.items()), response.content)


def _thawed(frozen: tuple) -> HttpResponse:
    status, headers, content = frozen
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response[name] = value
    return response


def _storable(request, response) -> bool:
    return (
        request.method == "GET"
        and response.status_code == 200
        and getattr(response, PUBLIC_MARK, False)
        and not response.streaming
        and not response.cookies
    )


class PageCacheMiddleware:
    """Serve anonymous GET requests for public pages from the page cache; store the pages it renders.

    Placed just inside SecurityMiddleware and WhiteNoise, so a cached answer skips sessions, CSRF, auth
    and the rest, and still leaves with the security headers. A database that cannot be read is left to
    DatabaseUnavailableMiddleware further in; a cache that fails is logged and skipped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or _is_staff_request(request):
            return self._private(request, self.get_response(request))
        cache = caches[PAGE_CACHE]
        # (A DummyCache is GONGKAI_PAGE_CACHE=off.)
        if isinstance(cache, DummyCache) or not _for_public_page(request):
            return self._private(request, self.get_response(request))
        try:
            stamp = _read_stamp(request)
            key = _page_key(request, stamp) if stamp else None
        except (DatabaseError, DisallowedHost):
            return self._private(request, self.get_response(request))
        if key is None:  # nothing published yet: no stamp to key on
            return self._private(request, self.get_response(request))
        frozen = RECENT.get(key)
        if frozen is None:
            if FLIGHTS.lead(key):
                try:
                    frozen = self._cache_call(cache.get, key)
                    if frozen is None:
                        return self._render(request, cache, key)
                finally:
                    FLIGHTS.done(key)
            else:
                frozen = RECENT.get(key) or self._cache_call(cache.get, key)
                if frozen is None:
                    return self._render(request, cache, key)
            RECENT.put(key, frozen)
        response = _thawed(frozen)
        response[STATUS_HEADER] = "HIT"
        if "HTTP_IF_NONE_MATCH" not in request.META and "HTTP_IF_MODIFIED_SINCE" not in request.META:
            return response
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=_parse_last_modified(response.get("Last-Modified")),
            response=response,
        )

    def _render(self, request, cache, key: str):
        response = self.get_response(request)
        if _storable(request, response):
            frozen = _frozen(response)
            self._cache_call(cache.set, key, frozen, PAGE_SECONDS)
            RECENT.put(key, frozen)
            response[STATUS_HEADER] = "MISS"
        return self._private(request, response)

    @staticmethod
    def _private(request, response):
        """Answers that set a cookie (a CSRF token, a login) or go to someone logged in are one visitor's:
        no proxy may keep them."""
        if response.cookies or _is_staff_request(request):
            patch_cache_control(response, private=True)
        return response

    @staticmethod
    def _cache_call(method, *args):
        try:
            if connection.in_atomic_block:  # (tests) a failing statement must not spoil the transaction
                with transaction.atomic():
                    return method(*args)
            return method(*args)
        except Exception:  # a broken cache must never break a page: render it instead
            logger.warning("page cache unavailable", exc_info=True)
            return None


def _parse_last_modified(value: str | None):
    return parse_http_date_safe(value) if value else None
