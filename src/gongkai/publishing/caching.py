"""HTTP caching for public pages: ETag and Last-Modified from the site's change stamp.

One query per request answers "has anything changed?", so a browser or proxy revalidating an unchanged
page gets 304 without the page being built.
"""

import hashlib
from functools import wraps

from django.db import DatabaseError
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.http import condition

from gongkai.publishing.models import SiteState

# The display mode (large text, high contrast) is the one visitor setting that changes a public page.
ELDER_COOKIE = "gk_elder"


def site_state(request) -> SiteState:
    """The change stamp, read once per request."""
    state = getattr(request, "_gongkai_site_state", None)
    if state is None:
        try:
            state = SiteState.current()
        except DatabaseError:
            state = SiteState(pk=1)
        request._gongkai_site_state = state
    return state


def _etag(request, *args, **kwargs) -> str:
    state = site_state(request)
    key = f"{state.changed_at.isoformat()}|{request.COOKIES.get(ELDER_COOKIE, '')}|{state.is_demo}"
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs):
    return site_state(request).changed_at


def public_page(view):
    """Conditional GET plus headers that let proxies keep the page briefly and revalidate after."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=60)
            patch_vary_headers(response, ["Cookie"])
        return response

    return wrapped
