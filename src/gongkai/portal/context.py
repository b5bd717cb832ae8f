"""Template context shared by every public page."""

from django.conf import settings

from gongkai.publishing.caching import ELDER_COOKIE, site_state


def _publisher() -> str:
    from django.db import DatabaseError

    from gongkai.catalog.services import default_catalog

    try:
        catalog = default_catalog()
    except DatabaseError:
        return ""
    return catalog.publisher if catalog else ""


def site(request):
    from django.utils.functional import SimpleLazyObject

    return {
        # Public views pass their catalog's publisher; staff pages fall back to this, queried only if used.
        "site_name": SimpleLazyObject(_publisher),
        "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1",
        "is_demo": site_state(request).is_demo,
        "hotline": "12333",
        "public_base_url": settings.PUBLIC_BASE_URL,
    }
