"""The site's own address, for links that must be absolute: PDFs, QR codes, the feed, the sitemap, mail.

`GONGKAI_PUBLIC_BASE_URL` wins when it is set. Without it, a page builds its links from the address the
request came in on (only a host Django accepts: `request.get_host()` checks ALLOWED_HOSTS), so a QR code
printed from `http://192.168.1.20:8000` on the office network leads back there, not to 127.0.0.1. Work done
without a request (mail, reminders, the static copy) falls back to the embedded server's address.
"""

from django.conf import settings
from django.core.exceptions import DisallowedHost

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def base_url(request=None) -> str:
    """The scheme and host links should use, without a trailing slash."""
    configured = settings.PUBLIC_BASE_URL
    if configured:
        return configured
    if request is not None:
        try:
            return f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            pass
    return DEFAULT_BASE_URL


def absolute(path: str, request=None) -> str:
    return base_url(request) + path
