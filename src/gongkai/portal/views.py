"""Public pages. Each view runs a fixed number of queries, whatever the size of the catalog."""

from urllib.parse import urlsplit

from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from gongkai.catalog.models import Catalog
from gongkai.catalog.services import default_catalog, items_with_relations
from gongkai.guides.content import time_limit_text
from gongkai.guides.models import RevisionState
from gongkai.portal.context import ELDER_COOKIE

ELEMENT_SEPARATOR = "、"
PUBLIC_HISTORY_STATES = (RevisionState.PUBLISHED, RevisionState.SUPERSEDED)


def guide_view(content: dict) -> dict:
    """What the item page needs from a guide, with the phrases worked out for citizens."""
    fees = content.get("fees") or {}
    return {
        **content,
        "time_limit_text": time_limit_text(content.get("time_limit") or {}),
        "fees_text": "不收费" if fees.get("free") else "",
    }


def home(request):
    catalog = default_catalog()
    context = {"catalog": catalog, "site_name": catalog.publisher if catalog else ""}
    if catalog:
        categories = list(catalog.categories.annotate(item_count=Count("items")).order_by("position"))
        context.update(categories=categories, item_count=sum(c.item_count for c in categories))
    return render(request, "portal/home.html", context)


def catalog_default(request):
    catalog = default_catalog()
    if catalog is None:
        return render(request, "portal/home.html", {"catalog": None}, status=404)
    return catalog_table(request, catalog.slug)


def _get_catalog(slug: str) -> Catalog:
    catalog = Catalog.objects.filter(slug=slug).first()
    if catalog is None:
        raise Http404("没有这个目录")
    return catalog


def _table_row(item, catalog: Catalog) -> dict:
    ticks = [
        {"label": f"{column}·{word}", "on": word in chosen}
        for column, options, chosen in (
            ("公开对象", catalog.audience_options, item.audience),
            ("公开方式", catalog.method_options, item.method),
            ("公开层级", catalog.level_options, item.levels),
        )
        for word in options
    ]
    return {
        "item": item,
        "elements": ELEMENT_SEPARATOR.join(item.elements),
        "basis": ELEMENT_SEPARATOR.join(link.basis.title for link in item.basis_links.all()),
        "channels": [link.channel.name for link in item.channel_links.all()],
        "ticks": ticks,
    }


def catalog_table(request, slug):
    catalog = _get_catalog(slug)
    groups = []
    for item in items_with_relations(catalog):
        if not groups or groups[-1]["category"].pk != item.category_id:
            groups.append({"category": item.category, "rows": []})
        groups[-1]["rows"].append(_table_row(item, catalog))
    context = {
        "catalog": catalog,
        "site_name": catalog.publisher,
        "groups": groups,
        "item_count": sum(len(g["rows"]) for g in groups),
        "warning_count": sum(len(r["item"].warnings) for g in groups for r in g["rows"]),
        "crumbs": [(catalog.title, None)],
    }
    return render(request, "portal/catalog_table.html", context)


def item_page(request, slug, seq):
    catalog = _get_catalog(slug)
    item = items_with_relations(catalog).filter(seq=seq).first()
    if item is None:
        raise Http404("没有这个事项")
    history = list(
        item.guide_revisions.filter(state__in=PUBLIC_HISTORY_STATES)
        .order_by("-published_at")
        .only("number", "state", "content", "is_major", "change_note", "published_at", "item_id")
    )
    live = next((rev for rev in history if rev.state == RevisionState.PUBLISHED), None)
    context = {
        "guide": live,
        "guide_lines": guide_view(live.content) if live else None,
        "history": [rev for rev in history if rev.is_major or rev is history[-1]],
        "catalog": catalog,
        "site_name": catalog.publisher,
        "item": item,
        "elements": ELEMENT_SEPARATOR.join(item.elements),
        "basis": [link.basis.title for link in item.basis_links.all()],
        "channels": [link.channel.name for link in item.channel_links.all()],
        "crumbs": [(catalog.title, reverse("portal:catalog_table", args=[slug])), (item.name, None)],
    }
    return render(request, "portal/item.html", context)


def display_mode(request, mode):
    """Switch between standard and large-text mode with a plain link, so it works without JavaScript."""
    target = request.GET.get("next", "/")
    if (
        not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        or urlsplit(target).netloc
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if mode == "elder":
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(ELDER_COOKIE)
    return response


def page_not_found(request, exception=None):
    context = {"heading": "找不到这个页面", "message": "网址可能输错了，或者这个页面已经不在了。"}
    return render(request, "portal/error.html", context, status=404)


def server_error(request):
    context = {"heading": "网站暂时出了点问题", "message": "请稍后再试。我们已经记下了这个问题。"}
    return render(request, "portal/error.html", context, status=500)
