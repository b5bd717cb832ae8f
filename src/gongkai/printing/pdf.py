"""Templates rendered to PDF with WeasyPrint: A4 pages with page numbers, print date and publisher.

Everything a PDF shows is in the HTML (QR codes are inline SVG) and the stylesheet is read from disk, so
WeasyPrint never fetches anything: a stray address in catalog text cannot make the server call out.
"""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import CSS, HTML, default_url_fetcher
from weasyprint.text.fonts import FontConfiguration

from gongkai.printing.hotlines import HOTLINE, SERVICE_HOTLINE
from gongkai.printing.siteurl import base_url

STYLESHEET = Path(__file__).parent / "static" / "printing" / "pdf.css"

# Loading the system font list is the slow part of a first render; one configuration serves every PDF.
FONT_CONFIG = FontConfiguration()

LANDSCAPE_CSS = "@page { size: A4 landscape; margin: 12mm 12mm 14mm; }"


def _refuse_fetch(url, *args, **kwargs):
    """WeasyPrint's URL fetcher: PDFs are self-contained, so any fetch is a mistake (logged, then skipped).
    Inline data: URLs (an embedded image) involve no network and are decoded as usual."""
    if url.startswith("data:"):
        return default_url_fetcher(url, *args, **kwargs)
    raise ValueError(f"PDF 不加载外部资源：{url}")


def _stylesheets(landscape: bool) -> list[CSS]:
    # Read on every render (a few kilobytes): an edited stylesheet shows up without a restart.
    sheets = [CSS(string=STYLESHEET.read_text(encoding="utf-8"), font_config=FONT_CONFIG)]
    if landscape:
        sheets.append(CSS(string=LANDSCAPE_CSS, font_config=FONT_CONFIG))
    return sheets


def _site_values() -> dict:
    from gongkai.publishing.models import SiteState

    return {"hotline": HOTLINE, "service_hotline": SERVICE_HOTLINE, "is_demo": SiteState.current().is_demo}


def render_pdf(template_name: str, context: dict, *, landscape: bool = False, request=None) -> bytes:
    """Render a template (extending printing/base.html) to PDF bytes. Adds `printed_on` (today).

    With `request`, the site's context processors run too (hotline, public_base_url); without one (a
    render in the background) the same site-wide values are filled in here.
    """
    context = {"printed_on": timezone.localdate(), **context}  # a caller's printed_on wins
    if request is None:
        context = {**_site_values(), **context}
    html = render_to_string(template_name, context, request=request)
    # base_url makes the site-relative links in the templates clickable in the PDF.
    document = HTML(string=html, base_url=base_url(request) + "/", url_fetcher=_refuse_fetch)
    return document.write_pdf(stylesheets=_stylesheets(landscape), font_config=FONT_CONFIG)
