"""Start-up checks of the configuration that Django's own checks do not cover."""

import os

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register


@register()
def gongkai_settings(app_configs, **kwargs):
    problems = []
    base_url = settings.PUBLIC_BASE_URL
    if base_url and not base_url.startswith(("http://", "https://")):
        problems.append(
            Error("GONGKAI_PUBLIC_BASE_URL must start with http:// or https://", id="gongkai.E001")
        )
    # Unset, pages link to the address they were requested at; a production site prints one fixed https
    # address on its PDFs and QR codes, whatever name a request used.
    if settings.PRODUCTION and not base_url.startswith("https://"):
        problems.append(
            Warning(
                "GONGKAI_PUBLIC_BASE_URL must be set to the site's https:// address in production",
                id="gongkai.W001",
            )
        )
    if settings.PRODUCTION and not os.environ.get("GONGKAI_DATA_KEYS", "").strip():
        problems.append(
            Error(
                "GONGKAI_DATA_KEYS must be set in production (applicants' personal data is encrypted with it)",
                id="gongkai.E002",
            )
        )
    return problems


@register(Tags.compatibility, deploy=True)
def site_identity(app_configs, **kwargs):
    """A government site carries its 网站标识码 and ICP number in the footer (国办发〔2017〕47号)."""
    if not settings.PRODUCTION:
        return []
    missing = [
        (name, label)
        for name, label, value in (
            ("GONGKAI_SITE_ID_CODE", "网站标识码", settings.SITE_ID_CODE),
            ("GONGKAI_ICP", "ICP备案号", settings.SITE_ICP),
        )
        if not value
    ]
    return [
        Warning(
            f"{name} is not set: the footer of every page should show the site's {label}",
            hint=f"Set {name} in /etc/gongkai/gongkai.env (see README, settings).",
            id="gongkai.W002",
        )
        for name, label in missing
    ]


@register(Tags.security, deploy=True)
def trusted_proxies(app_configs, **kwargs):
    """Behind nginx every request comes from 127.0.0.1: without a trusted proxy all visitors would share one
    address, one rate limit and one login lockout."""
    if not settings.PRODUCTION or settings.TRUSTED_PROXIES:
        return []
    return [
        Warning(
            "GONGKAI_TRUSTED_PROXIES is empty: behind nginx every visitor has nginx's address",
            hint="Set GONGKAI_TRUSTED_PROXIES=127.0.0.1 when nginx on this machine forwards to gunicorn.",
            id="gongkai.W003",
        )
    ]
