"""Where a request comes from, and a small fixed-window rate limit on the shared cache, for public POSTs and
lookups. The login lockout (django-axes) takes its client address from `client_ip` too."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address.strip())
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)


def client_ip(request) -> str:
    """The client's address. X-Forwarded-For counts only when the request came from a trusted proxy
    (GONGKAI_TRUSTED_PROXIES; none by default), read from the right, past the trusted proxies: anyone can send
    that header, so trusted blindly it would let a client pick a new address for every request."""
    address = request.META.get("REMOTE_ADDR", "")
    if not _trusted(address):
        return address
    for hop in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = hop.strip()
        if hop and not _trusted(hop):
            return hop
    return address


def now() -> float:
    """The rate limiter's clock (tests move it)."""
    return time.time()


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """True while `key` has made fewer than `limit` calls in this `window` of seconds.

    Windows are fixed periods (the n-th `window` seconds since the epoch), each with its own cache key, and every
    call sets the key's expiry to the window's end. Expiry therefore never depends on the cache backend: the
    database cache's `incr` resets a key's timeout to the 5-minute default, which made an hour-long window
    end after five quiet minutes."""
    moment = now()
    period = int(moment // window)
    left = max(1, int((period + 1) * window - moment) + 1)
    cache_key = f"rl:{scope}:{key}:{period}"
    if cache.add(cache_key, 1, timeout=left):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=left)
        return True
    cache.touch(cache_key, left)
    return count <= limit
