"""A printed page in the active language: WeasyPrint for the horizontal scripts, Chromium for the vertical
ones (gongkai.printing.vertical), so every caller prints Mongolian the same way."""

from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from gongkai.languages import HTML_LANG, VERTICAL
from gongkai.printing.pdf import render_pdf
from gongkai.printing.vertical import render_vertical_pdf


def render_in_language(template_name: str, context: dict, *, landscape: bool = False, request=None) -> bytes:
    """PDF bytes of a template extending printing/base.html. A vertical script may raise PrintUnavailable."""
    language = translation.get_language()
    if language in VERTICAL:
        return render_vertical_pdf(
            template_name, context, lang=HTML_LANG[language], landscape=landscape, request=request
        )
    return render_pdf(template_name, context, landscape=landscape, request=request)


def unavailable(request, page_url: str):
    """The printer failed or took too long (PrintUnavailable): a 503 that says so and points to the same
    content on the web."""
    context = {
        "heading": _("打印版暂时生成不了"),
        "message": _("请过一会儿再试。网页上的内容和打印版一样。"),
        "back_url": page_url,
        "back_label": _("看网页版"),
    }
    response = render(request, "portal/error.html", context, status=503)
    response["Retry-After"] = "60"
    return response
