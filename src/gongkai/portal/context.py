"""Template context shared by every public page."""

from django.conf import settings

ELDER_COOKIE = "gk_elder"


def site(request):
    from gongkai.portal.caching import site_state

    return {
        "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1",
        "is_demo": site_state(request).is_demo,
        "hotline": "12333",
        "public_base_url": settings.PUBLIC_BASE_URL,
    }
