"""Open data: the catalog's groups and items, published service guides, life events and guide updates.

Read-only GET endpoints. Every one
- runs a fixed number of queries, whatever the size of the catalog;
- answers conditional requests from the site's change stamp (ETag, Last-Modified, 304 on If-None-Match);
- allows any origin (CORS `*`) and answers the OPTIONS preflight;
- shows the public only what the portal shows: items for specific groups (特定群众) are left out, and items
  disclosed only on request (依申请公开) come without guide content.
"""

import datetime
import hashlib
import re
from functools import wraps

from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import condition
from ninja import Field, Path, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from gongkai.bodies.models import Body
from gongkai.bodies.services import body_records
from gongkai.catalog.models import Catalog, Item
from gongkai.catalog.services import default_catalog, item_record, items_with_relations
from gongkai.catalog.visibility import is_public, on_request_only
from gongkai.guides.models import GuideRevision, Language, RevisionState
from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.publishing.caching import site_state
from gongkai.search.models import SearchEntry

router = Router(tags=["公开数据"])

MAX_PAGE_SIZE = 200
MAX_PAGE = 100_000
MAX_UPDATES = 500
HISTORY_STATES = (RevisionState.PUBLISHED, RevisionState.SUPERSEDED)
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "If-None-Match, If-Modified-Since",
    "Access-Control-Expose-Headers": "ETag, Last-Modified",
    "Access-Control-Max-Age": "86400",
}
EARLIEST = datetime.date(2000, 1, 1)


# --- HTTP: conditional GET, CORS, preflight ---------------------------------------------------------------


def _etag(request, *args, **kwargs) -> str:
    state = site_state(request)
    return hashlib.sha256(f"api|{state.changed_at.isoformat()}|{state.is_demo}".encode()).hexdigest()[:32]


def _last_modified(request, *args, **kwargs):
    return site_state(request).changed_at


def open_data_view(view):
    """Conditional GET from the change stamp, short public caching, CORS for any origin."""
    conditional = condition(etag_func=_etag, last_modified_func=_last_modified)(view)

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if response.status_code in (200, 304):
            patch_cache_control(response, public=True, max_age=60)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    return wrapped


def _preflight(request):
    response = HttpResponse(status=204)
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def _preflight_slug(request, slug: str):
    return _preflight(request)


def _preflight_item(request, slug: str, seq: str):
    return _preflight(request)


PREFLIGHTS = {(): _preflight, ("slug",): _preflight_slug, ("slug", "seq"): _preflight_item}


def _read_only(path: str, **options):
    """Register a GET operation with caching and CORS, plus its OPTIONS preflight (left out of OpenAPI)."""
    params = tuple(re.findall(r"{(\w+)}", path))
    router.add_api_operation(path, ["OPTIONS"], PREFLIGHTS[params], include_in_schema=False)

    def register(func):
        return router.get(path, **options)(decorate_view(open_data_view)(func))

    return register


# --- schemas ----------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class GroupOut(Schema):
    position: int = Field(description="一级事项在目录中的序号（从 0 开始），用作 items 接口的 group 参数")
    name: str = Field(description="一级事项名称")
    items: int = Field(description="向社会公开的二级事项数")
    url: str


class ItemSummary(Schema):
    seq: int = Field(description="目录中的序号")
    name: str = Field(description="二级事项名称")
    group: str = Field(description="所属一级事项")
    group_position: int
    subject: str = Field(description="公开主体")
    time_limit: str = Field(description="公开时限")
    audience: list[str]
    method: list[str]
    levels: list[str]
    on_request: bool = Field(description="仅依申请公开：不提供办事指南内容，请按依申请公开办理")
    has_guide: bool = Field(description="是否有已发布的办事指南")
    updated_at: datetime.datetime | None = Field(description="办事指南最近一次发布时间")
    url: str


class BodyContact(Schema):
    address: str = Field(description="办公地址")
    office_hours: str = Field(description="办公时间")
    phone: str = Field(description="咨询电话")
    email: str
    postcode: str
    disclosure_office_address: str = Field(description="政府信息公开工作机构地址")
    disclosure_office_phone: str = Field(description="政府信息公开工作机构电话")
    map_url: str


class BodyOut(Schema):
    code: str = Field(description="编码，用作其他接口的 body 参数")
    name: str
    short_name: str
    kind: str = Field(description="类别：人民政府、工作部门、苏木乡镇、嘎查村·社区、其他")
    parent: str | None = Field(description="上级的编码；最上级为 null")
    region_code: str = Field(description="行政区划代码（GB/T 2260），没有时为空")
    credit_code: str = Field(description="统一社会信用代码（GB 32100），没有时为空")
    contact: BodyContact
    catalogs: int = Field(description="这个单位自己的公开目录数（不含下级）")


class CrossItem(Schema):
    catalog: str = Field(description="目录网址标识")
    body: str = Field(description="公开主体编码")
    seq: int
    name: str
    group: str
    on_request: bool
    url: str


class CrossItemPage(Schema):
    count: int
    page: int
    page_size: int
    results: list[CrossItem]


class ItemPage(Schema):
    count: int = Field(description="符合条件的事项总数")
    page: int
    page_size: int
    results: list[ItemSummary]


class CatalogFacts(Schema):
    slug: str
    title: str
    area: str
    publisher: str
    url: str


class HistoryEntry(Schema):
    number: int = Field(description="版本号")
    published_at: datetime.datetime | None
    change_note: str = Field(description="修改说明")
    is_major: bool
    current: bool = Field(description="是否为现行版本")


class ItemDetail(Schema):
    catalog: CatalogFacts
    seq: int
    name: str
    category: str
    elements: list[str] = Field(description="公开内容（要素）")
    basis: list[str] = Field(description="公开依据")
    time_limit: str
    subject: str
    channels: list[str] = Field(description="公开渠道和载体")
    audience: list[str]
    method: list[str]
    levels: list[str]
    warnings: list[str] = Field(description="数据质量提示（原目录中的问题）")
    on_request: bool
    url: str
    guide: dict | None = Field(description="现行办事指南内容（11 个要素）；没有或仅依申请公开时为 null")
    guide_version: int | None
    updated_at: datetime.datetime | None = Field(description="现行办事指南的发布时间")
    history: list[HistoryEntry] = Field(description="更新记录，最新的在前（错别字等小修改不列出）")


class EventSummary(Schema):
    catalog: str
    slug: str
    name: str
    summary: str
    steps: int
    url: str


class EventItem(Schema):
    seq: int
    name: str
    url: str
    has_guide: bool
    on_request: bool


class EventStep(Schema):
    order: int = Field(description="办理顺序，从 1 开始")
    when: str = Field(description="什么情况下办")
    item: EventItem


class EventDetail(Schema):
    catalog: str
    slug: str
    name: str
    summary: str
    url: str
    steps: list[EventStep]


class UpdateOut(Schema):
    catalog: str
    seq: int
    item: str = Field(description="事项名称")
    number: int = Field(description="办事指南版本号")
    change_note: str
    is_major: bool
    published_at: datetime.datetime
    url: str


class UpdatesOut(Schema):
    since: datetime.date
    count: int
    results: list[UpdateOut]


# --- helpers ----------------------------------------------------------------------------------------------


def _lookup_key(value: str) -> str:
    """A slug to look up; PostgreSQL refuses NUL characters, and no slug contains one anyway."""
    return "" if "\x00" in value else value[:50]


def _catalog(slug: str | None) -> Catalog:
    catalog = default_catalog() if not slug else Catalog.objects.filter(slug=_lookup_key(slug)).first()
    if catalog is None:
        raise HttpError(404, f"找不到目录：{slug}" if slug else "还没有任何目录")
    return catalog


def body_or_404(code: str | None):
    """The body a `?body=` names (None when absent); an unknown code is a 404 with the reason."""
    if not code:
        return None
    body = Body.objects.filter(code=_lookup_key(code)).first()
    if body is None:
        raise HttpError(404, f"找不到公开主体：{code}（见 /api/v1/bodies）")
    return body


def _item_url(catalog, seq: int) -> str:
    return reverse("portal:item", args=[catalog.body.code, catalog.slug, seq])


def _live(item_ids) -> dict[int, GuideRevision]:
    """The published revision of each of these items, in one query (content deferred)."""
    revisions = GuideRevision.objects.filter(
        item_id__in=list(item_ids), state=RevisionState.PUBLISHED, language=Language.CHINESE
    )
    return {rev.item_id: rev for rev in revisions.only("item_id", "number", "published_at")}


ERRORS = {404: ErrorOut, 422: ErrorOut}


# --- endpoints --------------------------------------------------------------------------------------------


@_read_only(
    "/bodies",
    response=list[BodyOut],
    summary="公开主体（旗政府、部门、苏木乡镇、嘎查村）",
    description="按上下级顺序排列（上级在前），parent 是上级的编码。其他接口的 body 参数用这里的 code，"
    "表示这个单位及其全部下级。",
    operation_id="list_bodies",
)
def list_bodies(request):
    counts = dict(
        Catalog.objects.values_list("body__code").annotate(n=Count("id")).values_list("body__code", "n")
    )
    return [{**record, "catalogs": counts.get(record["code"], 0)} for record in body_records()]


@_read_only(
    "/items",
    response={200: CrossItemPage, **ERRORS},
    summary="多个目录的二级事项（分页）",
    description="body 指定一个公开主体时，列出它和它全部下级的目录中向社会公开的事项；不指定时列出全部目录的。",
    operation_id="list_items_across_catalogs",
)
def list_items_across_catalogs(
    request,
    body: str | None = Query(None, description="公开主体编码，见 /bodies；包括它的全部下级"),
    page: int = Query(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始"),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，最多 {MAX_PAGE_SIZE}"),
):
    # The search index already knows which items the public sees (the same rule as the portal), so the
    # page is one count and one slice, however many catalogs the body's subtree holds.
    entries = SearchEntry.objects.filter(is_public=True).order_by("catalog__position", "catalog_id", "seq")
    owner = body_or_404(body)
    if owner is not None:
        entries = entries.filter(catalog__body__path__startswith=owner.path)
    start = (page - 1) * page_size
    window = entries.select_related("item", "catalog__body", "category")[start : start + page_size]
    return {
        "count": entries.count(),
        "page": page,
        "page_size": page_size,
        "results": [
            {
                "catalog": entry.catalog.slug,
                "body": entry.catalog.body.code,
                "seq": entry.seq,
                "name": entry.item.name,
                "group": entry.category.name,
                "on_request": on_request_only(entry.item),
                "url": _item_url(entry.catalog, entry.seq),
            }
            for entry in window
        ],
    }


@_read_only(
    "/catalogs/{slug}/groups",
    response={200: list[GroupOut], **ERRORS},
    summary="目录的一级事项",
    description="一级事项按目录顺序排列，附向社会公开的二级事项数。",
    operation_id="list_groups",
)
def list_groups(request, slug: str = Path(..., description="目录网址标识，见 /catalogs")):
    catalog = _catalog(slug)
    counts: dict[int, int] = {}
    for category_id, audience in catalog.items.values_list("category_id", "audience"):
        if is_public(Item(audience=audience)):
            counts[category_id] = counts.get(category_id, 0) + 1
    return [
        {
            "position": c.position,
            "name": c.name,
            "items": counts.get(c.pk, 0),
            "url": reverse("portal:group", args=[catalog.body.code, catalog.slug, c.position]),
        }
        for c in catalog.categories.order_by("position")
    ]


@_read_only(
    "/catalogs/{slug}/items",
    response={200: ItemPage, **ERRORS},
    summary="目录的二级事项（分页）",
    description="可按一级事项（group）和公开层级（level）筛选。只列向社会公开的事项。",
    operation_id="list_items",
)
def list_items(
    request,
    slug: str = Path(..., description="目录网址标识"),
    group: str | None = Query(None, description="一级事项的序号（见 groups 接口的 position）或名称"),
    level: str | None = Query(None, description="公开层级，例如“旗级”"),
    page: int = Query(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始"),
    page_size: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description=f"每页条数，最多 {MAX_PAGE_SIZE}"),
):
    catalog = _catalog(slug)
    items = [item for item in catalog.items.select_related("category").order_by("seq") if is_public(item)]
    if group:
        if group.isascii() and group.isdigit():
            items = [item for item in items if item.category.position == int(group)]
        else:
            items = [item for item in items if item.category.name == group]
    if level:
        items = [item for item in items if level in item.levels]
    start = (page - 1) * page_size
    shown = items[start : start + page_size]
    live = _live(item.pk for item in shown)
    results = []
    for item in shown:
        rev = live.get(item.pk)
        results.append(
            {
                "seq": item.seq,
                "name": item.name,
                "group": item.category.name,
                "group_position": item.category.position,
                "subject": item.subject,
                "time_limit": item.time_limit,
                "audience": item.audience,
                "method": item.method,
                "levels": item.levels,
                "on_request": on_request_only(item),
                "has_guide": rev is not None,
                "updated_at": rev.published_at if rev else None,
                "url": _item_url(catalog, item.seq),
            }
        )
    return {"count": len(items), "page": page, "page_size": page_size, "results": results}


@_read_only(
    "/catalogs/{slug}/items/{seq}",
    response={200: ItemDetail, **ERRORS},
    summary="一个事项：目录信息、现行办事指南和更新记录",
    description="仅依申请公开的事项不提供办事指南内容（guide 为 null）。不向社会公开的事项返回 404。",
    operation_id="get_item",
)
def get_item(
    request,
    slug: str = Path(..., description="目录网址标识"),
    seq: int = Path(..., ge=0, le=2_147_483_647, description="事项序号"),
):
    catalog = _catalog(slug)
    item = (
        items_with_relations(catalog)
        .filter(seq=seq)
        .prefetch_related(
            Prefetch(
                "guide_revisions",
                queryset=GuideRevision.objects.filter(
                    state__in=HISTORY_STATES, language=Language.CHINESE
                ).order_by("-published_at"),
                to_attr="public_history",
            )
        )
        .first()
    )
    if item is None or not is_public(item):
        raise HttpError(404, f"目录“{catalog.title}”里没有序号为 {seq} 的公开事项")
    history = item.public_history
    live = next((rev for rev in history if rev.state == RevisionState.PUBLISHED), None)
    on_request = on_request_only(item)
    shown = [rev for rev in history if rev.is_major or rev is history[-1]]
    return {
        "catalog": {
            "slug": catalog.slug,
            "title": catalog.title,
            "area": catalog.area,
            "publisher": catalog.publisher,
            "url": catalog.get_absolute_url(),
        },
        **item_record(item),
        "on_request": on_request,
        "url": _item_url(catalog, item.seq),
        "guide": live.content if live and not on_request else None,
        "guide_version": live.number if live else None,
        "updated_at": live.published_at if live else None,
        "history": [
            {
                "number": rev.number,
                "published_at": rev.published_at,
                "change_note": rev.change_note,
                "is_major": rev.is_major,
                "current": rev is live,
            }
            for rev in shown
        ],
    }


def _events_query(catalog: Catalog):
    steps = LifeEventStep.objects.select_related("item").order_by("position", "pk")
    return LifeEvent.objects.filter(catalog=catalog).prefetch_related(Prefetch("steps", queryset=steps))


@_read_only(
    "/life-events",
    response={200: list[EventSummary], **ERRORS},
    summary="一件事办事导引列表",
    description="默认为首个目录的一件事；用 catalog 参数指定目录。",
    operation_id="list_life_events",
)
def list_life_events(request, catalog: str | None = Query(None, description="目录网址标识")):
    found = _catalog(catalog)
    return [
        {
            "catalog": found.slug,
            "slug": event.slug,
            "name": event.name,
            "summary": event.summary,
            "steps": sum(1 for step in event.steps.all() if is_public(step.item)),
            "url": reverse("portal:event", args=[event.slug]),
        }
        for event in _events_query(found).order_by("position")
    ]


@_read_only(
    "/life-events/{slug}",
    response={200: EventDetail, **ERRORS},
    summary="一件事：按办理顺序列出的事项",
    operation_id="get_life_event",
)
def get_life_event(
    request,
    slug: str = Path(..., description="一件事的网址标识"),
    catalog: str | None = Query(None, description="目录网址标识"),
):
    found = _catalog(catalog)
    event = _events_query(found).filter(slug=_lookup_key(slug)).first()
    if event is None:
        raise HttpError(404, f"找不到这件事：{slug}")
    steps = [step for step in event.steps.all() if is_public(step.item)]
    live = _live(step.item_id for step in steps)
    return {
        "catalog": found.slug,
        "slug": event.slug,
        "name": event.name,
        "summary": event.summary,
        "url": reverse("portal:event", args=[event.slug]),
        "steps": [
            {
                "order": order,
                "when": step.when,
                "item": {
                    "seq": step.item.seq,
                    "name": step.item.name,
                    "url": _item_url(found, step.item.seq),
                    "has_guide": step.item_id in live,
                    "on_request": on_request_only(step.item),
                },
            }
            for order, step in enumerate(steps, start=1)
        ],
    }


def parse_since(value: str | None) -> datetime.date:
    if not value:
        return timezone.localdate() - datetime.timedelta(days=30)
    try:
        since = datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise HttpError(
            422, f"since 应为日期，格式 YYYY-MM-DD（例如 2025-01-01），收到的是“{value[:40]}”"
        ) from None
    return max(since, EARLIEST)


@_read_only(
    "/updates",
    response={200: UpdatesOut, **ERRORS},
    summary="办事指南更新记录",
    description=f"某日（含）以来发布的办事指南版本，最新的在前，最多 {MAX_UPDATES} 条。"
    "不填 since 时为最近 30 天。日期按北京时间计。",
    operation_id="list_updates",
)
def list_updates(
    request,
    since: str | None = Query(None, description="起始日期 YYYY-MM-DD", examples=["2025-01-01"]),
):
    day = parse_since(since)
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
    revisions = (
        GuideRevision.objects.filter(
            state__in=HISTORY_STATES, published_at__gte=start, language=Language.CHINESE
        )
        .select_related("item__catalog__body")
        .defer("content")
        .order_by("-published_at", "-pk")
    )
    results = []
    for rev in revisions[: MAX_UPDATES * 2]:
        if not is_public(rev.item):
            continue
        results.append(
            {
                "catalog": rev.item.catalog.slug,
                "seq": rev.item.seq,
                "item": rev.item.name,
                "number": rev.number,
                "change_note": rev.change_note,
                "is_major": rev.is_major,
                "published_at": rev.published_at,
                "url": _item_url(rev.item.catalog, rev.item.seq),
            }
        )
        if len(results) == MAX_UPDATES:
            break
    return {"since": day, "count": len(results), "results": results}
