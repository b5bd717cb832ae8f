"""Template context shared by every public page.

Nothing here depends on who is visiting, only on the display mode (large-text cookie) and the host the page
was requested at, so a page can be cached per page, mode and host.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings

from gongkai.printing.hotlines import HOTLINE, SERVICE_HOTLINE
from gongkai.publishing.caching import ELDER_COOKIE, site_state

# The national "我为政府网站找错" platform run by the State Council's general office.
ERROR_PLATFORM_URL = "https://zfwzzc.www.gov.cn/"
MIIT_RECORD_URL = "https://beian.miit.gov.cn/"
PSB_RECORD_URL = "https://beian.mps.gov.cn/#/query/webSearch?code="


def _publisher() -> str:
    from django.db import DatabaseError

    from gongkai.catalog.services import default_catalog

    try:
        catalog = default_catalog()
    except DatabaseError:
        return ""
    return catalog.publisher if catalog else ""


def site_identity() -> dict:
    """The installation's identity for the footer and the page metadata; each part only when set."""
    psb = settings.SITE_PSB
    return {
        "name": settings.SITE_NAME,
        "id_code": settings.SITE_ID_CODE,
        "icp": settings.SITE_ICP,
        "icp_url": MIIT_RECORD_URL,
        "psb": psb,
        "psb_url": PSB_RECORD_URL + "".join(re.findall(r"\d", psb)) if psb else "",
        "sponsor": settings.SITE_SPONSOR,
        "operator": settings.SITE_OPERATOR,
        "conac_url": settings.SITE_CONAC_URL,
    }


def site(request):
    from django.utils.functional import SimpleLazyObject

    from gongkai.printing.siteurl import base_url

    return {
        # Public views pass their catalog's publisher; staff pages fall back to this, queried only if used.
        "site_name": SimpleLazyObject(_publisher),
        "site_identity": site_identity(),
        "site_domain": SimpleLazyObject(lambda: urlsplit(base_url(request)).netloc),
        "elder_mode": request.COOKIES.get(ELDER_COOKIE) == "1",
        "is_demo": site_state(request).is_demo,
        "hotline": HOTLINE,
        "service_hotline": SERVICE_HOTLINE,
        "error_platform_url": ERROR_PLATFORM_URL,
        "public_base_url": SimpleLazyObject(lambda: base_url(request)),
    }
