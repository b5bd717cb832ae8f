"""The portal's two languages: Chinese at the root, traditional Mongolian script under /mn/.

The region's rules on the Mongolian language ask public bodies to use Mongolian and Chinese side by side.
What the public reads lives in `i18n_patterns` (gongkai/urls.py): `/apply/` in Chinese, `/mn/apply/` in
Mongolian. Staff pages, the admin and the API keep one address in Chinese; their users write the
Mongolian content but work in Chinese.

Why not Django's LocaleMiddleware: it guesses from Accept-Language and adds `Vary: Accept-Language` to
every Chinese page, which would split the page cache (and nginx's) by browser. Here the language comes
from the address alone, and a visitor who chose Mongolian is remembered by one cookie: an unprefixed page
sends them to its /mn/ address before any cache is asked.

The language code is `mn` (so the prefix is /mn/), but Django's own `mn` catalog is Cyrillic Khalkha; the
project's catalog (locale/mn) comes first for every string it carries, Django's own words a public page can
show are in the script in locale_django/mn, and tests keep Cyrillic off the Mongolian pages. Pages say `lang="mn-Mong"`: the script subtag tells browsers and screen readers which
script, and the font (portal/static/portal/fonts) draws it on phones without a Mongolian font.
"""

import datetime
from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db import models
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext

# BCP 47 tags for <html lang> and hreflang, by Django language code.
HTML_LANG = {"zh-hans": "zh-CN", "mn": "mn-Mong"}
# What the switch says, each in its own language: a reader who cannot read the page can still find theirs.
SWITCH_LABEL = {"zh-hans": "中文", "mn": "ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ"}
# Written in vertical lines, columns left to right: their printed pages come from Chromium
# (gongkai.printing.vertical), since WeasyPrint lays out horizontal lines only.
VERTICAL = frozenset({"mn"})
# How long a search query may be, in characters, by the script it is typed in. Mongolian words are long
# (letters, the U+202F before each case ending, variation selectors): three words easily pass 50. Still
# bounded, since a query costs by its words. The search box of each language's pages allows the same.
QUERY_LIMIT = {"zh-hans": 50, "mn": 150}
COOKIE = "gk_lang"
COOKIE_AGE = 365 * 24 * 3600
# Chinese addresses where the remembered choice is not followed: the service hall's kiosk is a shared touch
# screen, so each visitor picks the language with its button, whatever an earlier visitor chose in this browser
# (else its 中文 button would lead back to /mn/kiosk/). tests/portal/test_kiosk_languages.py keeps every kiosk
# address under it.
SHARED_SCREENS = ("/kiosk/",)


class Language(models.TextChoices):
    """The portal's languages, as stored: a guide's language, the language an applicant wrote in."""

    CHINESE = "zh-hans", "中文"
    MONGOLIAN = "mn", "蒙古文"


def written_date(day: datetime.date | None) -> str:
    """A date as the active language writes it: 2026年9月18日 in Chinese."""
    if not day:
        return ""
    return gettext("%(year)s年%(month)s月%(day)s日") % {"year": day.year, "month": day.month, "day": day.day}


def language_of_path(path: str) -> str:
    """The language an address is in: its prefix, or Chinese."""
    return translation.get_language_from_path(path) or settings.LANGUAGE_CODE


def remembered(request) -> str | None:
    """The language the visitor chose with the switch, if it is not the default (never on a shared screen)."""
    if request.path_info.startswith(SHARED_SCREENS):
        return None
    code = request.COOKIES.get(COOKIE)
    if code in HTML_LANG and code != settings.LANGUAGE_CODE:
        return code
    return None


class LanguageMiddleware:
    """Activates the address's language; sends a visitor who chose Mongolian from a Chinese page to its
    Mongolian one. Runs before the page cache, which keys on the address and so never mixes languages."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = language_of_path(request.path_info)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        chosen = remembered(request)
        if chosen and code == settings.LANGUAGE_CODE and request.method in ("GET", "HEAD"):
            here = request.get_full_path()
            there = translate_url(here, chosen)
            # Addresses outside the public pages (staff, API) translate to themselves: no redirect.
            if there != here:
                return HttpResponseRedirect(there)
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", HTML_LANG[code])
        return response


def safe_next(request) -> str:
    """Where a plain-link switch (language, display mode) goes back to: an address on this site, else home."""
    target = request.GET.get("next", "/")
    if (
        not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        or urlsplit(target).netloc
    ):
        return "/"
    return target


def switch_language(request, code):
    """The language switch is a plain link (no form, no token), so public pages stay the same for everyone
    and cacheable; the choice is kept in a cookie for the next visit."""
    if code not in HTML_LANG:
        raise Http404
    target = safe_next(request)
    with translation.override(language_of_path(urlsplit(target).path)):
        target = translate_url(target, code)
    response = HttpResponseRedirect(target)
    if code == settings.LANGUAGE_CODE:
        response.delete_cookie(COOKIE)
    else:
        response.set_cookie(COOKIE, code, max_age=COOKIE_AGE, samesite="Lax", httponly=True)
    return response


def alternates(request) -> list[dict]:
    """This page in each language: for hreflang links and the switch. Absolute, as search engines ask."""
    from gongkai.printing.siteurl import absolute

    here = request.get_full_path()
    links = []
    for code, tag in HTML_LANG.items():
        links.append(
            {
                "code": code,
                "tag": tag,
                "label": SWITCH_LABEL[code],
                # The page itself, without its query: a search's words or a receipt's code stay out of it.
                "href": absolute(translate_url(request.path, code), request),
                "switch": reverse("switch_language", args=[code]) + "?next=" + quote(here),
                "current": code == translation.get_language(),
            }
        )
    return links


def context(request):
    """`html_lang` and `languages` (this page in every language) for every template."""
    from django.utils.functional import SimpleLazyObject

    code = translation.get_language() or settings.LANGUAGE_CODE
    return {
        "html_lang": HTML_LANG.get(code, HTML_LANG[settings.LANGUAGE_CODE]),
        "query_limit": QUERY_LIMIT.get(code, QUERY_LIMIT[settings.LANGUAGE_CODE]),
        # Worked out only by the pages that show the switch (staff pages do not).
        "languages": SimpleLazyObject(lambda: alternates(request)),
    }
