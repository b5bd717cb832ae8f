"""PDF downloads: an item's service guide, the official table, and a notice-board pack for one level.

Each view runs a fixed number of queries, whatever the size of the catalog: items come with their
relations from `items_with_relations`, and the live guides of all items of a pack come in one query.
"""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe

from gongkai.catalog.visibility import public_items
from gongkai.guides.models import GuideRevision, RevisionState
from gongkai.inforequests.clock import REPLY_LIMIT
from gongkai.portal.views import (
    _get_catalog,
    guide_context,
    item_context,
    item_with_relations,
    items_with_relations,
    table_groups,
)
from gongkai.printing.pdf import render_pdf
from gongkai.printing.qr import public_url, qr_svg


def _pdf_response(pdf: bytes, *, ascii_name: str, name: str) -> HttpResponse:
    """Shown in the browser; saved as `name` where supported (RFC 6266/5987), else as `ascii_name`."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    return response


def _qr(url: str, size: str = "30mm"):
    # The SVG is drawn by qrcode from our own URL (no catalog text in it), so it is safe to inline as is.
    return mark_safe(qr_svg(url, size=size))  # noqa: S308


def _with_qr(entry: dict, catalog) -> dict:
    """Add the item's online address and its QR code to what portal/pdf/_guide.html prints."""
    url = public_url(reverse("portal:item", args=[catalog.slug, entry["item"].seq]))
    return {**entry, "url": url, "qr": _qr(url)}


def _common(catalog) -> dict:
    return {
        "catalog": catalog,
        "publisher": catalog.publisher,
        # On-request items print where to apply online and how long a reply may take.
        "apply_url": public_url(reverse("inforequests:guide")),
        "reply_limit": REPLY_LIMIT,
    }


def item_pdf(request, slug, seq):
    catalog = _get_catalog(slug)
    item = item_with_relations(catalog, seq)  # 404 for unknown and non-public items
    context = {**_common(catalog), "e": _with_qr(item_context(catalog, item), catalog)}
    pdf = render_pdf("portal/pdf/item.html", context, request=request)
    return _pdf_response(pdf, ascii_name=f"item-{item.seq}.pdf", name=f"{item.name}-办事指南.pdf")


def _tick_header(word: str) -> list[str]:
    """A tick column is only wide enough for three characters: split longer words evenly on two lines
    (特定/群众, 依申请/公开) rather than let one character wrap alone."""
    if len(word) <= 3:
        return [word]
    middle = (len(word) + 1) // 2
    return [word[:middle], word[middle:]]


def catalog_pdf(request, slug):
    catalog = _get_catalog(slug)
    groups = table_groups(catalog)
    url = public_url(reverse("portal:catalog_table", args=[catalog.slug]))
    words = [*catalog.audience_options, *catalog.method_options, *catalog.level_options]
    context = {
        **_common(catalog),
        "groups": groups,
        "item_count": sum(len(group["rows"]) for group in groups),
        "tick_headers": [_tick_header(word) for word in words],
        "url": url,
        "qr": _qr(url),
    }
    pdf = render_pdf("portal/pdf/table.html", context, landscape=True, request=request)
    return _pdf_response(pdf, ascii_name=f"{catalog.slug}.pdf", name=f"{catalog.title}.pdf")


def _live_guides(catalog) -> dict[int, GuideRevision]:
    """The published revision of every item of the catalog, by item id, in one query."""
    revisions = GuideRevision.objects.filter(item__catalog=catalog, state=RevisionState.PUBLISHED).only(
        "item_id", "content", "published_at"
    )
    return {revision.item_id: revision for revision in revisions}


def _split(entries: list, parts: int) -> list[list]:
    """Cut a list into `parts` runs of near-equal length, in order (the columns of the pack's list)."""
    size = -(-len(entries) // parts) or 1
    return [entries[start : start + size] for start in range(0, len(entries), size)]


def level_pack_pdf(request, slug, index):
    catalog = _get_catalog(slug)
    if index >= len(catalog.level_options):
        raise Http404("没有这个层级")
    level = catalog.level_options[index]
    items = public_items([item for item in items_with_relations(catalog) if level in item.levels])
    live = _live_guides(catalog)
    entries = [_with_qr(guide_context(item, live.get(item.pk)), catalog) for item in items]
    url = public_url(reverse("portal:level", args=[catalog.slug, index]))
    context = {
        **_common(catalog),
        "level": level,
        "entries": entries,
        "contents": _split(entries, 3),
        "url": url,
        "qr": _qr(url, size="40mm"),
    }
    pdf = render_pdf("portal/pdf/pack.html", context, landscape=True, request=request)
    return _pdf_response(
        pdf, ascii_name=f"{catalog.slug}-level-{index}.pdf", name=f"{catalog.title}-{level}公示材料.pdf"
    )
