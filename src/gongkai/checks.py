"""Start-up checks of the configuration that Django's own checks do not cover."""

import os

from django.conf import settings
from django.core.checks import Error, Warning, register


@register()
def gongkai_settings(app_configs, **kwargs):
    problems = []
    if not settings.PUBLIC_BASE_URL.startswith(("http://", "https://")):
        problems.append(
            Error("GONGKAI_PUBLIC_BASE_URL must start with http:// or https://", id="gongkai.E001")
        )
    if settings.PRODUCTION and settings.PUBLIC_BASE_URL.startswith("http://"):
        problems.append(
            Warning("GONGKAI_PUBLIC_BASE_URL should use https:// in production", id="gongkai.W001")
        )
    if settings.PRODUCTION and not os.environ.get("GONGKAI_DATA_KEYS", "").strip():
        problems.append(
            Error(
                "GONGKAI_DATA_KEYS must be set in production (applicants' personal data is encrypted with it)",
                id="gongkai.E002",
            )
        )
    return problems
