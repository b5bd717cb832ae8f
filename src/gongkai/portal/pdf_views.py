"""PDF downloads: an item's service guide, the official table, and a notice-board pack for one level.

Each view runs a fixed number of queries, whatever the size of the catalog: items come with their
relations from `items_with_relations`, and the live guides of all items come in one query.
"""

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.safestring import mark_safe

from gongkai.guides.models import GuideRevision, RevisionState
from gongkai.portal.pdf import render_pdf
from gongkai.portal.qr import public_url, qr_svg
from gongkai.portal.views import (
    ELEMENT_SEPARATOR,
    _get_catalog,
    _table_row,
    guide_view,
    items_with_relations,
)
from gongkai.portal.visibility import is_public, on_request_only


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


def _live_guides(**where) -> dict[int, GuideRevision]:
    """The published revision of each matching item, by item id, in one query."""
    revisions = GuideRevision.objects.filter(state=RevisionState.PUBLISHED, **where).only(
        "item_id", "content", "published_at"
    )
    return {revision.item_id: revision for revision in revisions}


def _guide_entry(item, catalog, revision) -> dict:
    """What portal/pdf/_guide.html needs to print one item."""
    url = public_url(reverse("portal:item", args=[catalog.slug, item.seq]))
    # An on-request item is printed with how to apply, never with its content.
    on_request = on_request_only(item)
    guide = None if on_request else revision
    return {
        "item": item,
        "on_request": on_request,
        "guide": guide,
        "g": guide_view(guide.content) if guide else None,
        "elements": ELEMENT_SEPARATOR.join(item.elements),
        "basis": [link.basis.title for link in item.basis_links.all()],
        "channels": [link.channel.name for link in item.channel_links.all()],
        "url": url,
        "qr": _qr(url),
    }


def item_pdf(request, slug, seq):
    catalog = _get_catalog(slug)
    item = items_with_relations(catalog).filter(seq=seq).first()
    if item is None or not is_public(item):
        raise Http404("没有这个事项")
    revision = _live_guides(item=item).get(item.pk)
    context = {
        "catalog": catalog,
        "publisher": catalog.publisher,
        "e": _guide_entry(item, catalog, revision),
    }
    pdf = render_pdf("portal/pdf/item.html", context, request=request)
    return _pdf_response(pdf, ascii_name=f"item-{item.seq}.pdf", name=f"{item.name}-办事指南.pdf")


def _table_groups(catalog) -> list[dict]:
    """Rows of the official table, grouped by 一级事项 in catalog order (as on the web table)."""
    groups = []
    for item in items_with_relations(catalog):
        if not groups or groups[-1]["category"].pk != item.category_id:
            groups.append({"category": item.category, "rows": []})
        groups[-1]["rows"].append(_table_row(item, catalog))
    return groups


def catalog_pdf(request, slug):
    catalog = _get_catalog(slug)
    groups = _table_groups(catalog)
    url = public_url(reverse("portal:catalog_table", args=[catalog.slug]))
    context = {
        "catalog": catalog,
        "publisher": catalog.publisher,
        "groups": groups,
        "item_count": sum(len(group["rows"]) for group in groups),
        "tick_words": [*catalog.audience_options, *catalog.method_options, *catalog.level_options],
        "url": url,
        "qr": _qr(url),
    }
    pdf = render_pdf("portal/pdf/table.html", context, landscape=True, request=request)
    return _pdf_response(pdf, ascii_name=f"{catalog.slug}.pdf", name=f"{catalog.title}.pdf")


def level_pack_pdf(request, slug, index):
    catalog = _get_catalog(slug)
    if index >= len(catalog.level_options):
        raise Http404("没有这个公开层级")
    level = catalog.level_options[index]
    items = [item for item in items_with_relations(catalog) if level in item.levels and is_public(item)]
    live = _live_guides(item__catalog=catalog)
    # The level page is being built separately; its path is fixed by the URL design.
    url = public_url(f"/catalog/{catalog.slug}/levels/{index}/")
    context = {
        "catalog": catalog,
        "publisher": catalog.publisher,
        "level": level,
        "entries": [_guide_entry(item, catalog, live.get(item.pk)) for item in items],
        "url": url,
        "qr": _qr(url, size="40mm"),
    }
    pdf = render_pdf("portal/pdf/pack.html", context, landscape=True, request=request)
    return _pdf_response(
        pdf, ascii_name=f"{catalog.slug}-level-{index}.pdf", name=f"{catalog.title}-{level}公示材料.pdf"
    )
