"""The open-data API (django-ninja). OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from django.http import Http404
from ninja import Field, NinjaAPI, Query, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError

from gongkai.catalog.models import Catalog
from gongkai.catalog.services import catalog_document, default_catalog

api = NinjaAPI(
    title="gongkai 政务公开开放数据接口",
    version="1",
    description="公开目录、办事指南等数据的接口。提交的内容必须是 JSON（Content-Type: application/json）。"
    "错误以 JSON 返回，detail 字段说明原因。",
    urls_namespace="api",
)


class ErrorOut(Schema):
    detail: str


class CatalogSummary(Schema):
    slug: str
    title: str
    area: str
    publisher: str
    body: str = Field(description="公开主体编码，见 /bodies")
    items: int
    url: str


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "找不到"}, status=404)


@api.exception_handler(ValidationError)
def invalid(request, exc):
    return api.create_response(request, {"detail": "参数不正确", "errors": exc.errors}, status=422)


def _catalog_or_404(slug: str | None) -> Catalog:
    catalog = default_catalog() if not slug else Catalog.objects.filter(slug=slug).first()
    if catalog is None:
        raise HttpError(404, f"找不到目录：{slug}" if slug else "还没有任何目录")
    return catalog


from gongkai.api.open_data import body_or_404, open_data_view  # noqa: E402  (ETag, caching and CORS)

api.add_router("/requests", "gongkai.api.requests.router")
api.add_router("/", "gongkai.api.open_data.router")


@api.get("/catalogs", response={200: list[CatalogSummary], 404: ErrorOut}, summary="所有目录")
@decorate_view(open_data_view)
def list_catalogs(
    request, body: str | None = Query(None, description="公开主体编码：只列它和它全部下级的目录")
):
    from django.db.models import Count

    catalogs = Catalog.objects.select_related("body").annotate(n=Count("items"))
    owner = body_or_404(body)
    if owner is not None:
        catalogs = catalogs.filter(body__path__startswith=owner.path)
    return [
        CatalogSummary(
            slug=c.slug,
            title=c.title,
            area=c.area,
            publisher=c.publisher,
            body=c.body.code,
            items=c.n,
            url=c.get_absolute_url(),
        )
        for c in catalogs
    ]


@api.get(
    "/catalog",
    response={200: dict, 404: ErrorOut},
    summary="整个目录（与 gongkai catalog export 相同的 JSON）",
)
@decorate_view(open_data_view)
def get_catalog(
    request,
    catalog: str | None = None,
    body: str | None = Query(None, description="公开主体编码：这个单位的（第一个）目录"),
):
    owner = body_or_404(body)
    if owner is not None and not catalog:
        found = owner.catalogs.order_by("position", "id").first()
        if found is None:
            raise HttpError(404, f"{owner.name}还没有公开目录")
        return catalog_document(found)
    return catalog_document(_catalog_or_404(catalog))


class SearchHit(Schema):
    seq: int
    name: str
    category: str
    url: str
    catalog: str
    body: str = Field(description="答复这件事的公开主体的编码，见 /bodies")
    score: int
    highlight: str
    snippet: str


class SearchOut(Schema):
    query: str
    total: int = Field(description="找到的事项数；超过 10000 项时只数到 10000，total_exact 为 false")
    total_exact: bool
    results: list[SearchHit]


@api.get(
    "/search",
    response={200: SearchOut, 400: ErrorOut, 404: ErrorOut},
    summary="查找办事事项（与 gongkai search --json 相同），最相关的在前",
)
def search_items(
    request,
    q: str,
    limit: int = Query(10, ge=1, le=100),
    catalog: str | None = None,
    body: str | None = Query(None, description="公开主体编码：只查它和它全部下级的目录"),
    area: str | None = Query(
        None, max_length=50, description="领域（目录的 area，如“社会保险”）：只查这个领域的目录"
    ),
):
    from gongkai.search import services
    from gongkai.search.coverage import search_covered

    try:
        query = services.clean_query(q)
    except services.QueryError as error:
        raise HttpError(400, str(error)) from error
    # A query about something this site does not cover finds nothing, as on the search page.
    result, _coverage = search_covered(
        query,
        catalog=_catalog_or_404(catalog) if catalog else None,
        body=body_or_404(body),
        area=area or None,
        limit=limit,
    )
    if result.total == 0:
        services.record_missed_query(query)
    return result.as_document()
