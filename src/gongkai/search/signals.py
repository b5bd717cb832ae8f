"""Keep the index in step with what the public sees: items, groups, published guides and life events.

Each handler rebuilds the entries it affects in a fixed number of queries. Deleting an item, group or
catalog deletes its entries by cascade; the texts only they read are deleted once the transaction commits
(and the database's own triggers clean the full-text index).
"""

from django.db import transaction
from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save

from gongkai.catalog import signals as catalog_signals
from gongkai.catalog.models import Catalog, Category, Item
from gongkai.guides.models import GuideRevision, RevisionState
from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.search import index
from gongkai.translations.models import TextState, TextTranslation

# A guide's text is public only while its revision is published; these are the states entered or left then.
GUIDE_STATES = frozenset({RevisionState.PUBLISHED, RevisionState.SUPERSEDED, RevisionState.WITHDRAWN})
MONGOLIAN_NAME_STATES = frozenset({TextState.PUBLISHED, TextState.SUPERSEDED})


def item_saved(sender, instance, raw=False, created=False, **kwargs):
    if raw:
        return
    if created:
        index.index_new_item(instance)  # no guide or life event can point at it yet: one query
    else:
        index.rebuild_items([instance.pk])


def catalog_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        index.follow_catalog_position(instance.pk, instance.position)


def _prune_texts():
    index.prune_texts()


def item_deleted(sender, instance, **kwargs):
    """Once per transaction, however many items go (a catalog with all its items): prune after commit."""
    connection = transaction.get_connection()
    if not any(callback[1] is _prune_texts for callback in connection.run_on_commit):
        transaction.on_commit(_prune_texts)


def category_saved(sender, instance, raw=False, created=False, **kwargs):
    if not raw and not created:
        index.rebuild_category(instance.pk)


def _deleted_by_itself(origin, *models) -> bool:
    """False when the row goes because its item (or group, catalog) is being deleted: rebuilding the item's
    entry then would recreate a row the same delete has already removed."""
    model = origin.model if isinstance(origin, QuerySet) else type(origin)
    return model in models


def guide_saved(sender, instance, raw=False, **kwargs):
    if not raw and instance.state in GUIDE_STATES:
        index.rebuild_items([instance.item_id])


def guide_deleted(sender, instance, origin=None, **kwargs):
    if instance.state in GUIDE_STATES and _deleted_by_itself(origin, GuideRevision):
        index.rebuild_items([instance.item_id])


def step_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        index.rebuild_items([instance.item_id])


def step_deleted(sender, instance, origin=None, **kwargs):
    if _deleted_by_itself(origin, LifeEventStep, LifeEvent):
        index.rebuild_items([instance.item_id])


def event_saved(sender, instance, raw=False, **kwargs):
    """A renamed event changes its items' hints. New events get their steps afterwards, often in bulk
    (bulk_create sends no signals), so look again once the transaction has committed."""
    if raw:
        return
    index.rebuild_items(instance.steps.values_list("item_id", flat=True))
    event_id = instance.pk
    transaction.on_commit(lambda: index.rebuild_items(_event_item_ids(event_id)))


def _event_item_ids(event_id):
    return LifeEventStep.objects.filter(event_id=event_id).values_list("item_id", flat=True)


def item_name_translated(sender, instance, raw=False, **kwargs):
    """An item's own Mongolian name published, replaced or withdrawn: its entry names it anew."""
    if not raw and instance.kind == "item" and instance.state in MONGOLIAN_NAME_STATES:
        index.rebuild_items([instance.object_id])


def items_written(sender, item_ids, items=None, created=(), **kwargs):
    """Items written in bulk (a catalog import): index them from the instances sent along, each with its
    category, or else read them back a batch at a time."""
    if items is not None:
        index.index_items(items, created=created)
        return
    for start in range(0, len(item_ids), index.BATCH):
        index.rebuild_items(item_ids[start : start + index.BATCH])


def connect() -> None:
    catalog_signals.items_written.connect(items_written, dispatch_uid="search-items-written")
    post_save.connect(item_saved, sender=Item, dispatch_uid="search-item-saved")
    post_save.connect(catalog_saved, sender=Catalog, dispatch_uid="search-catalog-saved")
    post_delete.connect(item_deleted, sender=Item, dispatch_uid="search-item-deleted")
    post_save.connect(category_saved, sender=Category, dispatch_uid="search-category-saved")
    post_save.connect(guide_saved, sender=GuideRevision, dispatch_uid="search-guide-saved")
    post_delete.connect(guide_deleted, sender=GuideRevision, dispatch_uid="search-guide-deleted")
    post_save.connect(step_saved, sender=LifeEventStep, dispatch_uid="search-step-saved")
    post_delete.connect(step_deleted, sender=LifeEventStep, dispatch_uid="search-step-deleted")
    post_save.connect(event_saved, sender=LifeEvent, dispatch_uid="search-event-saved")
    post_save.connect(item_name_translated, sender=TextTranslation, dispatch_uid="search-item-name-mn")
