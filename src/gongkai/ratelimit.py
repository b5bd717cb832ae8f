"""A small fixed-window rate limit on the shared cache, for public POSTs and lookups."""

from django.core.cache import cache


def client_ip(request) -> str:
    # Behind nginx the real address is in X-Forwarded-For (the proxy overwrites it, see deploy/).
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return forwarded.split(",")[-1].strip() if forwarded else request.META.get("REMOTE_ADDR", "")


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """True while `key` has made fewer than `limit` calls in this `window` seconds."""
    cache_key = f"rl:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window):
        return True
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window)
        return True
    return count <= limit
