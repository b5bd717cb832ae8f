"""Machine-readable views of the portal: the Atom feed of guide updates, the sitemap, catalog downloads.

All three are cacheable like the portal pages (ETag and Last-Modified from the site's change stamp) and run
a fixed number of queries. The feed and the sitemap only name what the public may see (`visibility`).
"""

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.catalog.exchange import write_document
from gongkai.catalog.models import Catalog, Item
from gongkai.catalog.services import catalog_document, default_catalog
from gongkai.catalog.visibility import is_public
from gongkai.guides.models import GuideRevision, Language, RevisionState
from gongkai.lifeevents.models import LifeEvent
from gongkai.printing.siteurl import absolute, base_url
from gongkai.publishing.caching import public_page, site_state

FEED_ENTRIES = 50
FEED_STATES = (RevisionState.PUBLISHED, RevisionState.SUPERSEDED)
DOWNLOAD_TYPES = {
    "json": "application/json; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@public_page
def updates_feed(request):
    """The latest published guide versions of public items, newest first (Atom 1.0)."""
    catalog = default_catalog()
    publisher = catalog.publisher if catalog else "政务公开"
    revisions = (
        GuideRevision.objects.filter(
            state__in=FEED_STATES, published_at__isnull=False, language=Language.CHINESE
        )
        .select_related("item__catalog__body")
        .defer("content")
        .order_by("-published_at", "-pk")
    )
    # Hidden items are filtered in Python (their audience is JSON); fetch enough to fill the feed anyway.
    shown = [rev for rev in revisions[: FEED_ENTRIES * 4] if is_public(rev.item)][:FEED_ENTRIES]
    feed = Atom1Feed(
        title=f"{publisher}·办事指南更新",
        link=absolute(reverse("portal:home"), request),
        feed_url=absolute(reverse("portal:feed"), request),
        feed_guid=absolute(reverse("portal:feed"), request),
        description="办事指南每次发布新版本时更新。",
        language="zh-CN",
        author_name=publisher,
    )
    for rev in shown:
        link = absolute(
            reverse("portal:item", args=[rev.item.catalog.body.code, rev.item.catalog.slug, rev.item.seq]),
            request,
        )
        feed.add_item(
            title=rev.item.name,
            link=link,
            description=rev.change_note or f"第{rev.number}版",
            unique_id=f"{link}#v{rev.number}",
            pubdate=rev.published_at,
            updateddate=rev.published_at,
            categories=[rev.item.catalog.title],
        )
    response = HttpResponse(content_type="application/atom+xml; charset=utf-8")
    feed.write(response, "utf-8")
    return response


def _page(path: str, lastmod=None) -> dict:
    return {"path": path, "lastmod": lastmod}


@public_page
def sitemap(request):
    """Every public page a search engine should know, with the time it last changed where we know it."""
    from gongkai.reports.models import AnnualReport, ReportState

    changed = site_state(request).changed_at
    pages = [_page(reverse("portal:home"), changed)]
    catalogs = list(Catalog.objects.prefetch_related("categories").order_by("position", "id"))
    live = {
        item_id: published_at
        for item_id, published_at in GuideRevision.objects.filter(
            state=RevisionState.PUBLISHED, language=Language.CHINESE
        ).values_list("item_id", "published_at")
    }
    items = Item.objects.only("id", "catalog_id", "seq", "audience")
    by_catalog: dict[int, list] = {}
    for item in items.order_by("catalog_id", "seq"):
        by_catalog.setdefault(item.catalog_id, []).append(item)
    for catalog in catalogs:
        pages.append(
            _page(reverse("portal:catalog_table", args=[catalog.body.code, catalog.slug]), catalog.updated_at)
        )
        for category in catalog.categories.all():
            pages.append(
                _page(reverse("portal:group", args=[catalog.body.code, catalog.slug, category.position]))
            )
        for index in range(len(catalog.level_options)):
            pages.append(_page(reverse("portal:level", args=[catalog.body.code, catalog.slug, index])))
        for item in by_catalog.get(catalog.pk, []):
            if is_public(item):
                path = reverse("portal:item", args=[catalog.body.code, catalog.slug, item.seq])
                pages.append(_page(path, live.get(item.pk)))
    default = catalogs[0] if catalogs else None
    if default is not None:
        pages.append(_page(reverse("portal:events")))
        for slug in (
            LifeEvent.objects.filter(catalog=default).order_by("position").values_list("slug", flat=True)
        ):
            pages.append(_page(reverse("portal:event", args=[slug])))
    for name in ("disclosure", "disclosure_guide", "disclosure_rules", "annual_reports"):
        pages.append(_page(reverse(f"portal:{name}")))
    reports = AnnualReport.objects.filter(state=ReportState.PUBLISHED).order_by("-year")
    for year, published_at in reports.values_list("year", "published_at"):
        pages.append(_page(reverse("reports:public", args=[year]), published_at))
    xml = render_to_string("portal/feeds/sitemap.xml", {"pages": pages, "base_url": base_url(request)})
    return HttpResponse(xml, content_type="application/xml; charset=utf-8")


@public_page
def catalog_download(request, code, slug, fmt):
    """The whole catalog as a file, the same document as `gongkai catalog export`."""
    if fmt not in DOWNLOAD_TYPES:
        raise Http404("只提供 JSON、CSV 和 XLSX 下载")
    catalog = Catalog.objects.select_related("body").filter(slug=slug, body__code=code).first()
    if catalog is None:
        raise Http404("没有这个目录")
    response = HttpResponse(write_document(catalog_document(catalog), fmt), content_type=DOWNLOAD_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{catalog.slug}.{fmt}"'
    return response
