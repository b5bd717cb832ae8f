"""Touch-screen view for the service hall (政务服务中心): big buttons, no typing, back to start when idle.

It speaks its address's language like the rest of the portal: `/kiosk/` in Chinese, `/mn/kiosk/` in Mongolian
(vertical lines), the group and life-event names and the steps from their published Mongolian, the items
by their current translation's name, the Chinese with a short note wherever there is none.
"""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import translate_url
from django.utils.translation import get_language

from gongkai.catalog.services import default_catalog
from gongkai.catalog.visibility import is_public, public_items
from gongkai.languages import HTML_LANG, SWITCH_LABEL
from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.portal.views import item_context, item_with_relations, names_in_mongolian
from gongkai.publishing.caching import public_page
from gongkai.translations.public import attach, list_standing

# A person who walks away leaves the screen on an item; after this many seconds it returns to the start.
IDLE_SECONDS = 90


def _catalog():
    catalog = default_catalog()
    if catalog is None:
        raise Http404("还没有公开目录")
    return catalog


def _render(request, template, context):
    context.update(idle_seconds=IDLE_SECONDS, kiosk=True)
    return render(request, template, context)


def _other_languages(request) -> list[dict]:
    """The start page in the other languages: a plain link to its twin, not the portal's remembered switch.
    A kiosk is shared, so nothing is remembered for the next visitor: its address alone says the language,
    and the idle return keeps to it."""
    here = get_language()
    return [
        {"tag": tag, "label": SWITCH_LABEL[code], "href": translate_url(request.path, code)}
        for code, tag in HTML_LANG.items()
        if code != here
    ]


@public_page
def start(request):
    catalog = _catalog()
    categories = list(catalog.categories.order_by("position"))
    events = list(catalog.life_events.all())
    attach(categories, events)  # one query on /mn/kiosk/, none on /kiosk/
    return _render(
        request,
        "portal/kiosk/start.html",
        {
            "catalog": catalog,
            "categories": categories,
            "events": events,
            "standing": list_standing([*categories, *events]),
            "other_languages": _other_languages(request),
            "at_start": True,
        },
    )


@public_page
def group(request, position):
    catalog = _catalog()
    category = catalog.categories.filter(position=position).first()
    if category is None:
        raise Http404("没有这个类别")
    items = public_items(list(category.items.order_by("seq")))
    names, _standing = names_in_mongolian(items)
    [shown] = attach([category])
    return _render(
        request,
        "portal/kiosk/group.html",
        {
            "catalog": catalog,
            "category": category,
            "category_name": shown.name,
            "standing": shown.standing(),
            "rows": [{"item": item, "name": names.get(item.pk, item.name)} for item in items],
        },
    )


@public_page
def item(request, seq):
    catalog = _catalog()
    found = item_with_relations(catalog, seq)
    return _render(request, "portal/kiosk/item.html", {"catalog": catalog, **item_context(catalog, found)})


@public_page
def event(request, event_slug):
    catalog = _catalog()
    found = (
        LifeEvent.objects.filter(catalog=catalog, slug=event_slug)
        .prefetch_related(
            Prefetch("steps", queryset=LifeEventStep.objects.select_related("item").order_by("position"))
        )
        .first()
    )
    if found is None:
        raise Http404("没有这件事")
    steps = [step for step in found.steps.all() if is_public(step.item)]
    names, _standing = names_in_mongolian([step.item for step in steps])
    [shown] = attach([found])
    return _render(
        request,
        "portal/kiosk/event.html",
        {
            "catalog": catalog,
            "event": found,
            "event_name": shown.name,
            "event_summary": shown["summary"],
            "standing": shown.standing(rows=steps),
            "steps": [
                {"step": s, "name": names.get(s.item_id, s.item.name), "when": shown.row(s)} for s in steps
            ],
        },
    )
