"""Public pages. Each view runs a fixed number of queries, whatever the size of the catalog."""

from pathlib import Path

from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from gongkai.accounts.errors import staff_page_not_found, staff_server_error
from gongkai.bodies.models import DISCLOSURE_KINDS, Body
from gongkai.catalog.models import Catalog
from gongkai.catalog.services import default_catalog, items_with_relations
from gongkai.catalog.visibility import is_public, on_request_only, public_items
from gongkai.guides.content import time_limit_text
from gongkai.guides.models import GuideRevision, Language, RevisionState
from gongkai.guides.translation import CURRENT, overlay, published_translation
from gongkai.languages import safe_next
from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.portal.bodies import bodies_by_kind
from gongkai.printing.qr import public_url, qr_svg
from gongkai.publishing.caching import ELDER_COOKIE, public_page
from gongkai.translations.public import attach, is_mongolian_page, list_standing

ELEMENT_SEPARATOR = "、"
PUBLIC_HISTORY_STATES = (RevisionState.PUBLISHED, RevisionState.SUPERSEDED)
LATEST_UPDATES = 6


def guide_view(content: dict) -> dict:
    """What the item page needs from a guide, with the phrases worked out for citizens."""
    return {**content, "time_limit_text": time_limit_text(content.get("time_limit") or {})}


def _get_catalog(slug: str, code: str) -> Catalog:
    """The catalog at /bodies/<code>/catalog/<slug>/: its body comes with it, for every link the page makes."""
    catalog = Catalog.objects.select_related("body").filter(slug=slug, body__code=code).first()
    if catalog is None:
        raise Http404("没有这个目录")
    return catalog


def legacy_catalog_address(request, slug, rest=""):
    """/catalog/<slug>/… was the address of every catalog page before catalogs lived under their body; printed
    QR codes and bookmarks carry it, so it moves permanently to the same page under /bodies/<code>/."""
    catalog = Catalog.objects.select_related("body").filter(slug=slug).first()
    if catalog is None:
        raise Http404("没有这个目录")
    target = f"/bodies/{catalog.body.code}/catalog/{catalog.slug}/{rest}"
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)


def _catalog_or_empty(request):
    catalog = default_catalog()
    if catalog is None:
        return None, render(request, "portal/home.html", {"catalog": None}, status=200)
    return catalog, None


def _base(catalog, **extra) -> dict:
    return {"catalog": catalog, "site_name": catalog.publisher if catalog else "", **extra}


def tick_header(word: str) -> list[str]:
    """A tick column is only wide enough for three characters: split longer words evenly on two lines
    (特定/群众, 依申请/公开) rather than let the browser break them one character a line."""
    if len(word) <= 3:
        return [word]
    middle = (len(word) + 1) // 2
    return [word[:middle], word[middle:]]


def tick_headers(catalog: Catalog) -> list[list[str]]:
    words = [*catalog.audience_options, *catalog.method_options, *catalog.level_options]
    return [tick_header(word) for word in words]


def _published(items) -> tuple[set[int], dict[int, str], str | None]:
    """Which of these items have a published guide and, on a page in another language, the name each goes by
    there with how those names stand (for the list's note): one query, and two more off the Chinese pages."""
    ids = [i.pk for i in items]
    live = dict(
        GuideRevision.objects.filter(
            item__in=ids, state=RevisionState.PUBLISHED, language=Language.CHINESE
        ).values_list("item_id", "pk")
    )
    language = get_language()
    guide_names = {}
    if language != Language.CHINESE and live:
        translations = GuideRevision.objects.filter(
            item__in=ids, state=RevisionState.PUBLISHED, language=language
        )
        for item_id, source_id, name in translations.values_list("item_id", "source_id", "content__name"):
            # An out-of-date translation's name is not shown either: its page shows the Chinese.
            if name and live.get(item_id) == source_id:
                guide_names[item_id] = name
    names, standing = mongolian_item_names(items, guide_names)
    return set(live), names, standing


def names_in_mongolian(items) -> tuple[dict[int, str], str | None]:
    """`mongolian_item_names` for a page that does not otherwise read the items' guides (the table, the site
    map): the current guide translations' names in one query more. Nothing on a Chinese page."""
    if not is_mongolian_page():
        return {}, None
    current = GuideRevision.objects.filter(
        item__in=[item.pk for item in items],
        state=RevisionState.PUBLISHED,
        language=get_language(),
        source__state=RevisionState.PUBLISHED,
    )
    guide_names = {item_id: name for item_id, name in current.values_list("item_id", "content__name") if name}
    return mongolian_item_names(items, guide_names)


def mongolian_item_names(items, guide_names: dict[int, str]) -> tuple[dict[int, str], str | None]:
    """On a Mongolian page, the names items go by: the current guide translation's name (`guide_names`),
    else the item's own published Mongolian name, else none (the page shows the Chinese), and how the list
    stands for its note (`translations.public.list_standing`). One query on a Mongolian page, none on a
    Chinese one."""
    if not is_mongolian_page():
        return {}, None
    attach([item for item in items if item.pk not in guide_names])
    names = dict(guide_names)
    for item in items:
        if item.pk not in names and item.mongolian.is_mongolian("name"):
            names[item.pk] = item.mongolian.name
    standing = list_standing([item for item in items if item.pk not in names]) if items else None
    return names, standing or (CURRENT if items else None)


@public_page
def home(request):
    """The bureau's catalog home; on a county's portal (more than one body) the county's bodies first."""
    catalog, empty = _catalog_or_empty(request)
    if empty:
        return empty
    categories = list(catalog.categories.annotate(item_count=Count("items")).order_by("position"))
    latest = list(
        GuideRevision.objects.filter(state=RevisionState.PUBLISHED, language=Language.CHINESE)
        .select_related("item__catalog__body")
        .order_by("-published_at")[:LATEST_UPDATES]
    )
    bodies = list(
        Body.objects.filter(kind__in=DISCLOSURE_KINDS)
        .annotate(items=Count("catalogs__items"))
        .order_by("path")
    )
    events = list(LifeEvent.objects.order_by("catalog__position", "position"))
    # On a Mongolian page: the published Mongolian names of the groups, events and bodies, and the catalog's
    # body for the contact lines (one query).
    attach(categories, events, bodies, [catalog.body])
    latest = [rev for rev in latest if is_public(rev.item)]
    names, _standing = names_in_mongolian([rev.item for rev in latest])
    for rev in latest:
        rev.item_name = names.get(rev.item_id, rev.item.name)
    context = _base(
        catalog,
        categories=categories,
        item_count=sum(c.item_count for c in categories),
        events=events,
        latest=latest,
        levels=list(enumerate(catalog.level_options)),
        county=bodies[0] if len(bodies) > 1 else None,
        body_groups=bodies_by_kind(bodies) if len(bodies) > 1 else [],
        groups_standing=list_standing(categories),
        events_standing=list_standing(events),
        bodies_standing=list_standing(bodies),
    )
    return render(request, "portal/home.html", context)


def _table_row(item, catalog: Catalog) -> dict:
    ticks = [
        {"label": f"{column}·{word}", "on": word in chosen}
        for column, options, chosen in (
            (_("公开对象"), catalog.audience_options, item.audience),
            (_("公开方式"), catalog.method_options, item.method),
            (_("公开层级"), catalog.level_options, item.levels),
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


def table_groups(catalog: Catalog) -> list[dict]:
    """The catalog as the official table: groups in order, each with its rows."""
    groups = []
    for item in items_with_relations(catalog):
        if not groups or groups[-1]["category"].pk != item.category_id:
            groups.append({"category": item.category, "rows": []})
        groups[-1]["rows"].append(_table_row(item, catalog))
    return groups


@public_page
def catalog_default(request):
    catalog, empty = _catalog_or_empty(request)
    if empty:
        return empty
    return _catalog_table(request, catalog)


@public_page
def catalog_table(request, code, slug):
    return _catalog_table(request, _get_catalog(slug, code))


def name_rows(groups) -> str | None:
    """Each table row's `name`: the item's Mongolian name on a Mongolian page, else its Chinese. Returns how
    the names stand (for the note)."""
    rows = [row for group in groups for row in group["rows"]]
    names, standing = names_in_mongolian([row["item"] for row in rows])
    for row in rows:
        row["name"] = names.get(row["item"].pk, row["item"].name)
    return standing


def _catalog_table(request, catalog):
    groups = table_groups(catalog)
    attach([group["category"] for group in groups], [catalog.body])
    names_standing = name_rows(groups)
    context = _base(
        catalog,
        groups=groups,
        item_count=sum(len(g["rows"]) for g in groups),
        tick_headers=tick_headers(catalog),
        crumbs=[(_("政府信息公开"), reverse("portal:disclosure")), (catalog.title, None)],
        groups_standing=list_standing([group["category"] for group in groups]),
        names_standing=names_standing,
    )
    return render(request, "portal/catalog_table.html", context)


def _item_cards(items) -> tuple[list[dict], str | None]:
    """The cards of a list of items and how their names stand on a Mongolian page (for the note)."""
    live, names, standing = _published(items)
    cards = [
        {
            "item": item,
            "name": names.get(item.pk, item.name),
            "has_guide": item.pk in live,
            "on_request": on_request_only(item),
        }
        for item in items
    ]
    return cards, standing


@public_page
def group_page(request, code, slug, position):
    catalog = _get_catalog(slug, code)
    category = catalog.categories.filter(position=position).first()
    if category is None:
        raise Http404("没有这个类别")
    items = public_items(list(category.items.order_by("seq")))
    shown = attach([category], [catalog.body])[0]
    cards, names_standing = _item_cards(items)
    context = _base(
        catalog,
        category=category,
        category_name=shown.name,
        standing=shown.standing(),
        cards=cards,
        names_standing=names_standing,
        crumbs=[(shown.name, None)],
    )
    return render(request, "portal/group.html", context)


def item_with_relations(catalog, seq):
    item = items_with_relations(catalog).filter(seq=seq).first()
    if item is None or not is_public(item):
        raise Http404("没有这个事项")
    return item


def guide_context(item, live, translation=None) -> dict:
    """What every printed or shown guide of an item needs, given its published revision (or None) and, on a
    page in another language, its current translation (or None: the Chinese is shown)."""
    content = overlay(live.content, translation.content) if live and translation else (live and live.content)
    name, name_standing = (translation and translation.content.get("name")), None
    own = getattr(item, "mongolian", None)  # the item's own Mongolian name, where the page attached it
    if name:
        name_standing = CURRENT
    elif own is not None and own.active:
        name, name_standing = own.name, own.standing()
    return {
        "item": item,
        "item_name": name or item.name,
        # On a Mongolian page: how the item's name stands, for a note when it shows the Chinese.
        "name_standing": name_standing,
        "guide": live,
        "guide_lines": guide_view(content) if live else None,
        "on_request": on_request_only(item),
        "elements": ELEMENT_SEPARATOR.join(item.elements),
        "basis": [link.basis.title for link in item.basis_links.all()],
        "channels": [link.channel.name for link in item.channel_links.all()],
    }


def item_context(catalog, item) -> dict:
    """Everything the item page and its PDF show: the guide and its public history."""
    revisions = list(
        item.guide_revisions.filter(state__in=PUBLIC_HISTORY_STATES)
        .order_by("-published_at")
        .only(
            "number",
            "state",
            "content",
            "is_major",
            "change_note",
            "published_at",
            "item_id",
            "language",
            "source",
        )
    )
    history = [rev for rev in revisions if rev.language == Language.CHINESE]
    live = next((rev for rev in history if rev.state == RevisionState.PUBLISHED), None)
    language = get_language()
    translation, standing = (None, None)
    if language != Language.CHINESE:
        translation, standing = published_translation(live, revisions, language)
    return {
        **guide_context(item, live, translation if standing == CURRENT else None),
        # On a Mongolian page: whether this guide is shown in Mongolian, or in Chinese with a note saying why.
        "translation_standing": standing,
        # Minor fixes (typos) stay out of the public record; the first publication is always listed.
        "history": [rev for rev in history if rev.is_major or rev is history[-1]],
    }


@public_page
def item_page(request, code, slug, seq):
    catalog = _get_catalog(slug, code)
    item = item_with_relations(catalog, seq)
    # Run in both languages: the two addresses of a page cost the same queries (tests/portal/test_languages.py).
    group = attach([item.category, item, catalog.body], always=True)[0]
    page_url = public_url(request.path, request)
    shown = item_context(catalog, item)
    context = _base(
        catalog,
        **shown,
        page_url=page_url,
        # Drawn by qrcode from our own address (no catalog text in it), so safe to inline as is.
        qr=mark_safe(qr_svg(page_url, size="34mm", label=_("本页二维码：用手机扫一扫"))),  # noqa: S308
        # A three-level catalog shows the 二级事项 between the group and the item; it has no page of its own.
        crumbs=[
            (group.name, reverse("portal:group", args=[code, slug, item.category.position])),
            *((name, None) for name in item.subgroups),
            (shown["item_name"], None),
        ],
    )
    return render(request, "portal/item.html", context)


def _level_items(catalog, index):
    if not 0 <= index < len(catalog.level_options):
        raise Http404("没有这个层级")
    level = catalog.level_options[index]
    items = [
        item for item in catalog.items.select_related("category").order_by("seq") if level in item.levels
    ]
    return level, public_items(items)


@public_page
def level_page(request, code, slug, index):
    catalog = _get_catalog(slug, code)
    level, items = _level_items(catalog, index)
    attach([item.category for item in items], [catalog.body])
    cards, names_standing = _item_cards(items)
    context = _base(
        catalog,
        level=level,
        index=index,
        cards=cards,
        names_standing=names_standing,
        crumbs=[(_("%(level)s公开事项") % {"level": level}, None)],
    )
    return render(request, "portal/level.html", context)


@public_page
def events_page(request):
    catalog, empty = _catalog_or_empty(request)
    if empty:
        return empty
    events = list(catalog.life_events.annotate(step_count=Count("steps")))
    attach(events, [catalog.body])
    context = _base(
        catalog, events=events, events_standing=list_standing(events), crumbs=[(_("一件事办事导引"), None)]
    )
    return render(request, "portal/events.html", context)


@public_page
def event_page(request, event_slug):
    catalog, empty = _catalog_or_empty(request)
    if empty:
        return empty
    event = (
        LifeEvent.objects.filter(catalog=catalog, slug=event_slug)
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=LifeEventStep.objects.select_related("item__catalog__body").order_by("position"),
            )
        )
        .first()
    )
    if event is None:
        raise Http404("没有这件事")
    steps = [step for step in event.steps.all() if is_public(step.item)]
    live, names, names_standing = _published([step.item for step in steps])
    shown = attach([event], [catalog.body])[0]
    context = _base(
        catalog,
        event=event,
        event_name=shown.name,
        event_summary=shown["summary"],
        standing=shown.standing(rows=steps),
        names_standing=names_standing,
        steps=[
            {
                "step": s,
                "name": names.get(s.item_id, s.item.name),
                "when": shown.row(s),
                "has_guide": s.item_id in live,
            }
            for s in steps
        ],
        crumbs=[(_("一件事办事导引"), reverse("portal:events")), (shown.name, None)],
    )
    return render(request, "portal/event.html", context)


@public_page
def disclosure_page(request):
    catalog = default_catalog()
    return render(request, "portal/disclosure.html", _base(catalog, crumbs=[(_("政府信息公开"), None)]))


@public_page
def disclosure_guide(request):
    catalog = default_catalog()
    crumbs = [(_("政府信息公开"), reverse("portal:disclosure")), (_("政府信息公开指南"), None)]
    return render(request, "portal/disclosure_guide.html", _base(catalog, crumbs=crumbs))


@public_page
def disclosure_rules(request):
    catalog = default_catalog()
    crumbs = [(_("政府信息公开"), reverse("portal:disclosure")), (_("政府信息公开制度"), None)]
    return render(request, "portal/disclosure_rules.html", _base(catalog, crumbs=crumbs))


@public_page
def annual_reports(request):
    catalog = default_catalog()
    from gongkai.reports.views_public import published_reports

    crumbs = [(_("政府信息公开"), reverse("portal:disclosure")), (_("政府信息公开工作年度报告"), None)]
    context = _base(catalog, crumbs=crumbs, reports=published_reports())
    return render(request, "portal/annual_reports.html", context)


@public_page
def site_map(request):
    """网站地图: every public page a person may look for, on one page (the sitemap.xml is for machines)."""
    catalog = default_catalog()
    groups = []
    if catalog is not None:
        items = public_items(list(catalog.items.select_related("category").order_by("seq")))
        by_category = {}
        for item in items:
            by_category.setdefault(item.category_id, []).append(item)
        groups = [
            {"category": category, "items": by_category.get(category.pk, [])}
            for category in catalog.categories.order_by("position")
        ]
    events = list(catalog.life_events.all()) if catalog else []
    attach([group["category"] for group in groups], events, [catalog.body] if catalog else [])
    names, names_standing = names_in_mongolian([item for group in groups for item in group["items"]])
    for group in groups:
        group["items"] = [{"item": item, "name": names.get(item.pk, item.name)} for item in group["items"]]
    context = _base(
        catalog,
        groups=groups,
        events=events,
        names_standing=names_standing,
        levels=list(enumerate(catalog.level_options)) if catalog else [],
        crumbs=[(_("网站地图"), None)],
    )
    return render(request, "portal/site_map.html", context)


FAVICON = Path(__file__).parent / "static" / "portal" / "favicon.ico"


def favicon(request):
    """Browsers ask for /favicon.ico on every first visit, whatever the page says."""
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    patch_cache_control(response, public=True, max_age=7 * 24 * 3600)
    return response


def display_mode(request, mode):
    """Switch between standard and large-text mode with a plain link, so it works without JavaScript."""
    response = HttpResponseRedirect(safe_next(request))
    if mode == "elder":
        response.set_cookie(ELDER_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    else:
        response.delete_cookie(ELDER_COOKIE)
    return response


def page_not_found(request, exception=None):
    """Staff on a staff page keep their navigation (accounts.errors); everyone else gets the portal's page."""
    staff_page = staff_page_not_found(request, exception)
    if staff_page is not None:
        return staff_page
    context = {"heading": _("找不到这个页面"), "message": _("网址可能输错了，或者这个页面已经不在了。")}
    return render(request, "portal/error.html", context, status=404)


def bad_request(request, exception=None):
    context = {"heading": _("请求有误"), "message": _("网址或提交的内容不完整。请回到首页重新打开。")}
    return render(request, "portal/error.html", context, status=400)


def server_error(request):
    staff_page = staff_server_error(request)
    if staff_page is not None:
        return staff_page
    context = {"heading": _("网站暂时出了点问题"), "message": _("请稍后再试。我们已经记下了这个问题。")}
    return render(request, "portal/error.html", context, status=500)
