"""Touch-screen view for the service hall (政务服务中心): big buttons, no typing, back to start when idle."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render

from gongkai.catalog.services import default_catalog
from gongkai.catalog.visibility import is_public, public_items
from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.portal.views import item_context, item_with_relations
from gongkai.publishing.caching import public_page

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


@public_page
def start(request):
    catalog = _catalog()
    categories = list(catalog.categories.order_by("position"))
    events = list(catalog.life_events.all())
    return _render(
        request,
        "portal/kiosk/start.html",
        {"catalog": catalog, "categories": categories, "events": events, "at_start": True},
    )


@public_page
def group(request, position):
    catalog = _catalog()
    category = catalog.categories.filter(position=position).first()
    if category is None:
        raise Http404("没有这个类别")
    items = public_items(list(category.items.order_by("seq")))
    return _render(
        request, "portal/kiosk/group.html", {"catalog": catalog, "category": category, "items": items}
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
    return _render(request, "portal/kiosk/event.html", {"catalog": catalog, "event": found, "steps": steps})
