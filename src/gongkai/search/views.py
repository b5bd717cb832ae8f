"""The public search page: /search/?q=…&group=…&level=…&page=…, the same number of queries at any size."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongkai.bodies.models import Body
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import default_catalog
from gongkai.lifeevents.models import LifeEvent
from gongkai.publishing.caching import mark_uncacheable
from gongkai.search.coverage import search_covered
from gongkai.search.services import (
    QueryError,
    Scope,
    clean_query,
    group_counts,
    level_counts,
    record_missed_query,
)
from gongkai.search.understanding import Lexicon, Understanding

PAGE_SIZE = 10
PAGE_WINDOW = 2  # page links shown on each side of the current page


def _number(value: str | None) -> int | None:
    """A small non-negative whole number from the query string, or None (a bad value is just ignored)."""
    if value is None or not value.isdigit() or len(value) > 6:
        return None
    return int(value)


def _scope(request) -> tuple[Catalog | None, Body | None, bool]:
    """(catalog, body, across): where to look. `?catalog=` one catalog; `?body=` a body and the bodies below
    it (its one catalog when it has one, so the group and level filters still apply); on a county's portal
    with several catalogs, all of them (`across`); else the bureau's catalog, as always."""
    slug, code = request.GET.get("catalog"), request.GET.get("body")
    if slug:
        catalog = Catalog.objects.filter(slug=slug[:50]).first()
        if catalog is None:
            raise Http404("没有这个目录")
        return catalog, None, False
    if code:
        body = Body.objects.filter(code=code[:50]).first()
        if body is None:
            raise Http404("没有这个单位")
        catalogs = list(Catalog.objects.filter(body__path__startswith=body.path)[:2])
        return (catalogs[0], body, False) if len(catalogs) == 1 else (None, body, True)
    if Catalog.objects.count() > 1:
        return None, None, True
    return default_catalog(), None, False


def _areas(body: Body | None) -> list[str]:
    """The areas of the catalogs searched across (one query)."""
    catalogs = (
        Catalog.objects.all() if body is None else Catalog.objects.filter(body__path__startswith=body.path)
    )
    return sorted({area for area in catalogs.values_list("area", flat=True) if area})


class Filters:
    """The group, level and page chosen in the query string, each checked against the catalog."""

    def __init__(self, request, catalog: Catalog | None, categories: list, areas: list[str] = ()):
        self.query = request.GET.get("q", "")
        self.catalog_slug = request.GET.get("catalog", "")
        self.body_code = request.GET.get("body", "")
        # Across a county's catalogs: one area (社会保险, 医疗保障 …), checked against the areas there are.
        area = request.GET.get("area", "")
        self.area = area if area in areas else ""
        by_position = {c.position: c for c in categories}
        self.category = by_position.get(_number(request.GET.get("group")))
        level_index = _number(request.GET.get("level"))
        levels = catalog.level_options if catalog is not None else []
        self.level_index = level_index if level_index is not None and level_index < len(levels) else None
        self.level = levels[self.level_index] if self.level_index is not None else None
        self.page = max(1, _number(request.GET.get("page")) or 1)

    def url(self, **changes) -> str:
        params = {
            "q": self.query.strip(),
            "catalog": self.catalog_slug,
            "body": self.body_code,
            "area": self.area,
            "group": self.category.position if self.category else None,
            "level": self.level_index,
            "page": None,
            **changes,
        }
        return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})


def _page_links(filters: Filters, pages: int) -> list[dict]:
    low, high = max(1, filters.page - PAGE_WINDOW), min(pages, filters.page + PAGE_WINDOW)
    return [
        {"number": n, "url": filters.url(page=n if n > 1 else None), "current": n == filters.page}
        for n in range(low, high + 1)
    ]


def _facets(understanding, catalog, categories, filters: Filters) -> tuple[list, list]:
    """Group and level choices with how many matches each has, given the other filter (two queries)."""
    by_group = group_counts(understanding, Scope(catalog, level=filters.level))
    by_level = level_counts(understanding, Scope(catalog, filters.category), catalog.level_options)
    groups = [
        {
            "position": c.position,
            "name": c.name,
            "count": by_group.get(c.pk, 0),
            "selected": c == filters.category,
        }
        for c in categories
    ]
    levels = [
        {"index": i, "name": word, "count": by_level.get(word, 0), "selected": i == filters.level_index}
        for i, word in enumerate(catalog.level_options)
    ]
    return groups, levels


MAX_EVENTS = 2


def matching_events(understanding: Understanding, events) -> list:
    """Life events (一件事) the query names: 退休 → 退休, 我爸去世了 → 家人去世后. Citizens think in these
    events, so a match is shown above the single items."""
    words = {word for c in understanding.concepts for word in (c.said, *c.phrases) if len(word) > 1}
    found = [event for event in events if any(word in event.name or event.name in word for word in words)]
    return found[:MAX_EVENTS]


def search_page(request):
    catalog, body, across = _scope(request)
    if catalog is None and not across:
        return render(request, "portal/home.html", {"catalog": None})
    categories = list(catalog.categories.order_by("position")) if catalog is not None else []
    areas = _areas(body) if across else []
    filters = Filters(request, catalog, categories, areas)
    shown = catalog or default_catalog()
    context = {
        "catalog": shown,
        "site_name": shown.publisher if shown else "",
        "crumbs": [(_("查找"), None)],
        "query": filters.query.strip()[:50],
        "filters": filters,
        "across": across,
        "scope_body": body,
    }
    if not filters.query.strip():
        return render(request, "search/search.html", context)
    try:
        query = clean_query(filters.query)
    except QueryError as error:
        return render(request, "search/search.html", {**context, "error": str(error)})
    lexicon = Lexicon.load()
    result, answer = search_covered(
        query,
        lexicon=lexicon,
        catalog=catalog,
        body=body if catalog is None else None,
        area=filters.area or None,
        category=filters.category,
        level=filters.level,
        offset=(filters.page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        suggest=True,
        language=get_language(),  # names the items: on /mn/ by their current translation
    )
    filtered = filters.category is not None or filters.level is not None or bool(filters.area)
    if result.total == 0 and not filtered:
        mark_uncacheable()  # rendered, and so counted, every time it is asked
        record_missed_query(query)
    if not answer.covered:
        context.update(query=query, result=result, coverage=answer)
        return render(request, "search/search.html", context)
    events = catalog.life_events.all() if catalog is not None else LifeEvent.objects.all()
    context["events"] = matching_events(result.understanding, events)
    groups, levels = _facets(result.understanding, catalog, categories, filters) if catalog else ([], [])
    pages = max(1, -(-result.total // PAGE_SIZE))
    context.update(
        query=query,
        result=result,
        groups=groups,
        levels=levels,
        areas=areas if len(areas) > 1 else [],
        filtered=filtered,
        show_filters=(bool(groups) or len(areas) > 1) and (result.total > 0 or filtered),
        clear_url=filters.url(group=None, level=None, area=None),
        pages=pages,
        page=filters.page,
        page_links=_page_links(filters, pages),
        previous_url=filters.url(page=filters.page - 1 if filters.page > 2 else None)
        if filters.page > 1
        else None,
        next_url=filters.url(page=filters.page + 1) if filters.page < pages else None,
        first_shown=result.offset + 1,
        last_shown=result.offset + len(result.hits),
    )
    return render(request, "search/search.html", context)
