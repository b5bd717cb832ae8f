"""Template context shared by every public page."""

from django.conf import settings

ELDER_COOKIE = "gk_elder"


def site(request):
    return {
        "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1",
        "hotline": "12333",
        "public_base_url": settings.PUBLIC_BASE_URL,
    }
