"""PDF downloads: an item's service guide, the official table, and a notice-board pack for one level.

An item's guide is rendered on request (one page, a fraction of a second). The table and the packs cover
the whole catalog: they are stored files (`pdf_store`), rendered once per change of the site. Each view
runs a fixed number of queries, whatever the size of the catalog: items come with their relations from
`items_with_relations`, and the live guides of all items of a pack come in one query.

Under /mn/ the guide and the packs print in Mongolian, in vertical lines, through Chromium
(`printing.vertical`); the guide is then a stored file too (a browser start takes a second or two). Each
is stored per language, and the table stays the Chinese official table at every address. A printer that
fails or takes too long gives a page that says so (503), never an error from deep inside.
"""

from urllib.parse import quote

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from gongkai.catalog.models import Catalog
from gongkai.catalog.visibility import on_request_only, public_items
from gongkai.guides.models import GuideRevision, Language, RevisionState
from gongkai.guides.translation import CURRENT, published_translation
from gongkai.inforequests.clock import REPLY_LIMIT
from gongkai.languages import VERTICAL
from gongkai.portal.pdf_store import render_in_background, stamp_of, stored_pdf
from gongkai.portal.views import (
    _get_catalog,
    guide_context,
    item_context,
    item_with_relations,
    items_with_relations,
    name_rows,
    table_groups,
    tick_headers,
)
from gongkai.printing.by_language import render_in_language, unavailable
from gongkai.printing.pdf import render_pdf
from gongkai.printing.qr import public_url, qr_svg
from gongkai.printing.siteurl import base_url
from gongkai.printing.vertical import PrintUnavailable
from gongkai.publishing.caching import site_state
from gongkai.publishing.models import SiteState
from gongkai.translations.public import attach, list_standing


def _disposition(ascii_name: str, name: str) -> str:
    """Shown in the browser; saved as `name` where supported (RFC 6266/5987), else as `ascii_name`."""
    return f"inline; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


def _pdf_response(pdf: bytes, *, ascii_name: str, name: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = _disposition(ascii_name, name)
    return response


def _file_response(path, *, ascii_name: str, name: str) -> FileResponse:
    response = FileResponse(open(path, "rb"), content_type="application/pdf")  # noqa: SIM115 (closed by Django)
    response["Content-Disposition"] = _disposition(ascii_name, name)
    return response


def _vertical() -> bool:
    """Whether this address's language is written in vertical lines (Mongolian): printed by Chromium."""
    return translation.get_language() in VERTICAL


def _print(template_name: str, context: dict, *, landscape: bool = False, request=None) -> bytes:
    """Chinese through WeasyPrint; a language in vertical lines through Chromium (PrintUnavailable)."""
    return render_in_language(template_name, context, landscape=landscape, request=request)


def _qr(url: str, size: str = "30mm"):
    # The SVG is drawn by qrcode from our own URL (no catalog text in it), so it is safe to inline as is.
    return mark_safe(qr_svg(url, size=size))  # noqa: S308


def _with_qr(entry: dict, catalog, request) -> dict:
    """Add the item's online address and its QR code to what portal/pdf/_guide.html prints."""
    url = public_url(
        reverse("portal:item", args=[catalog.body.code, catalog.slug, entry["item"].seq]), request
    )
    return {**entry, "url": url, "qr": _qr(url)}


def _common(catalog, request) -> dict:
    return {
        "catalog": catalog,
        "publisher": catalog.publisher,
        # On-request items print where to apply online and how long a reply may take.
        "apply_url": public_url(reverse("inforequests:guide"), request),
        "reply_limit": REPLY_LIMIT,
    }


def item_pdf(request, code, slug, seq):
    catalog = _get_catalog(slug, code)
    item = item_with_relations(catalog, seq)  # 404 for unknown and non-public items
    attach([item.category, item])  # their Mongolian names, under /mn/ (no query at the Chinese address)
    entry = item_context(catalog, item)
    ascii_name, name = f"item-{item.seq}.pdf", f"{entry['item_name']}-{_('办事指南')}.pdf"
    if not _vertical():
        context = {**_common(catalog, request), "e": _with_qr(entry, catalog, request)}
        pdf = render_pdf("portal/pdf/item.html", context, request=request)
        return _pdf_response(pdf, ascii_name=ascii_name, name=name)
    # A browser start per download would let a crawler keep the machine busy: stored like the packs.
    state = site_state(request)

    def render_guide():
        context = {**_stored_context(catalog, request, state), "e": _with_qr(entry, catalog, request)}
        return _print("portal/pdf/item.html", context, request=request)

    try:
        path = stored_pdf(
            f"{catalog.slug}-item-{item.seq}",
            base_url=base_url(request),
            stamp=stamp_of(state),
            language=translation.get_language(),
            render=render_guide,
        )
    except PrintUnavailable:
        return unavailable(request, reverse("portal:item", args=[code, slug, item.seq]))
    return _file_response(path, ascii_name=ascii_name, name=name)


def _stored_context(catalog, request, state: SiteState) -> dict:
    # A stored file is served for days: it says when its content changed, not when it was printed.
    return {**_common(catalog, request), "content_date": state.changed_at}


def render_table(catalog: Catalog, request=None, state: SiteState | None = None) -> bytes:
    """The official table: its columns are the statute's words, printed in Chinese by WeasyPrint, or under
    /mn/ with the headers, groups and item names in Mongolian (where there is one) by Chromium."""
    state = state or SiteState.current()
    groups = table_groups(catalog)
    categories = [group["category"] for group in groups]
    attach(categories)
    url = public_url(reverse("portal:catalog_table", args=[catalog.body.code, catalog.slug]), request)
    context = {
        **_stored_context(catalog, request, state),
        "groups": groups,
        "names_standing": name_rows(groups),
        "groups_standing": list_standing(categories),
        "item_count": sum(len(group["rows"]) for group in groups),
        "tick_headers": tick_headers(catalog),
        "url": url,
        "qr": _qr(url),
    }
    return _print("portal/pdf/table.html", context, landscape=True, request=request)


def catalog_pdf(request, code, slug):
    # One stored file per language; its QR code leads to the table page at the same address.
    catalog = _get_catalog(slug, code)
    state = site_state(request)
    try:
        path = stored_pdf(
            f"{catalog.slug}-table",
            base_url=base_url(request),
            stamp=stamp_of(state),
            language=translation.get_language(),
            render=lambda: render_table(catalog, request, state),
        )
    except PrintUnavailable:
        return unavailable(request, reverse("portal:catalog_table", args=[code, slug]))
    return _file_response(path, ascii_name=f"{catalog.slug}.pdf", name=f"{catalog.title}.pdf")


def _live_guides(catalog) -> dict[int, GuideRevision]:
    """The published revision of every item of the catalog, by item id, in one query."""
    revisions = GuideRevision.objects.filter(
        item__catalog=catalog, state=RevisionState.PUBLISHED, language=Language.CHINESE
    ).only("item_id", "content", "published_at")
    return {revision.item_id: revision for revision in revisions}


def _live_translations(catalog, language: str) -> dict[int, GuideRevision]:
    """The published translations into `language` of the catalog's guides, by item id, in one query."""
    revisions = GuideRevision.objects.filter(
        item__catalog=catalog, state=RevisionState.PUBLISHED, language=language
    ).only("item_id", "content", "state", "language", "source")
    return {revision.item_id: revision for revision in revisions}


def _pack_entry(item, live: GuideRevision, translations: dict | None) -> dict:
    """One printed guide of a pack: as `item_context` makes it for the item's own PDF, from revisions
    fetched for the whole pack (a current translation over the Chinese, else the Chinese and a note)."""
    if translations is None:
        return guide_context(item, live)
    found = [translations[item.pk]] if item.pk in translations else []
    shown, standing = published_translation(live, found, translation.get_language())
    return {
        **guide_context(item, live, shown if standing == CURRENT else None),
        "translation_standing": standing,
    }


def _own_name(item) -> str:
    shown = getattr(item, "mongolian", None)
    return shown.name if shown is not None else item.name


def _split(entries: list, parts: int) -> list[list]:
    """Cut a list into `parts` runs of near-equal length, in order (the columns of the pack's list)."""
    size = -(-len(entries) // parts) or 1
    return [entries[start : start + size] for start in range(0, len(entries), size)]


def render_pack(catalog: Catalog, index: int, request=None, state: SiteState | None = None) -> bytes:
    """The notice-board pack of one level: a page for each item with a published guide, and one index
    page of the others saying whom to ask (a pack of 70 "being written" pages helps nobody)."""
    state = state or SiteState.current()
    level = catalog.level_options[index]
    items = public_items([item for item in items_with_relations(catalog) if level in item.levels])
    live = _live_guides(catalog)
    language = translation.get_language()
    translations = _live_translations(catalog, language) if language != Language.CHINESE else None
    printed = [item for item in items if item.pk in live and not on_request_only(item)]
    # Under /mn/ the groups' and items' own Mongolian names, in one query (a guide's translation names its item).
    attach(items, [item.category for item in items])
    others = [
        {"item": item, "name": _own_name(item), "on_request": on_request_only(item)}
        for item in items
        if item not in printed
    ]
    entries = [_with_qr(_pack_entry(item, live[item.pk], translations), catalog, request) for item in printed]
    url = public_url(reverse("portal:level", args=[catalog.body.code, catalog.slug, index]), request)
    context = {
        **_stored_context(catalog, request, state),
        "level": level,
        "item_count": len(items),
        "entries": entries,
        "others": others,
        "other_columns": _split(others, 3),
        "contents": _split(entries, 3),
        "url": url,
        "qr": _qr(url, size="40mm"),
    }
    return _print("portal/pdf/pack.html", context, landscape=True, request=request)


def level_pack_pdf(request, code, slug, index):
    catalog = _get_catalog(slug, code)
    if index >= len(catalog.level_options):
        raise Http404("没有这个层级")
    state = site_state(request)
    try:
        path = stored_pdf(
            f"{catalog.slug}-level-{index}",
            base_url=base_url(request),
            stamp=stamp_of(state),
            language=translation.get_language(),
            render=lambda: render_pack(catalog, index, request, state),
        )
    except PrintUnavailable:
        return unavailable(request, reverse("portal:level", args=[code, slug, index]))
    level = catalog.level_options[index]
    name = _("%(level)s公示材料") % {"level": level}
    return _file_response(
        path, ascii_name=f"{catalog.slug}-level-{index}.pdf", name=f"{catalog.title}-{name}.pdf"
    )


def render_stored_pdfs(catalog_ids=None) -> int:
    """Render every stored Chinese PDF (table and packs) of these catalogs for the configured address, if
    not stored yet for the current version of the site. Returns how many documents were checked. (The
    Mongolian packs are rendered by the first request for them: a browser per pack, only when asked for.)"""
    state = SiteState.current()
    stamp, address = stamp_of(state), base_url()
    catalogs = Catalog.objects.all() if catalog_ids is None else Catalog.objects.filter(pk__in=catalog_ids)
    done = 0
    with translation.override(settings.LANGUAGE_CODE):
        for catalog in catalogs:
            stored_pdf(
                f"{catalog.slug}-table",
                base_url=address,
                stamp=stamp,
                render=lambda catalog=catalog: render_table(catalog, None, state),
            )
            for index in range(len(catalog.level_options)):
                stored_pdf(
                    f"{catalog.slug}-level-{index}",
                    base_url=address,
                    stamp=stamp,
                    render=lambda catalog=catalog, index=index: render_pack(catalog, index, None, state),
                )
            done += 1 + len(catalog.level_options)
    return done


def render_after_publication(catalog_id: int):
    """Called when a publication commits: render that catalog's stored PDFs in the background."""
    return render_in_background(lambda: render_stored_pdfs([catalog_id]))
