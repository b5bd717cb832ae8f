"""Move the site's change stamp whenever something a public page shows is saved or deleted."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from gongkai.catalog.models import Catalog, Category, Item, ItemBasis, ItemChannel
from gongkai.guides.models import GuideRevision, RevisionState
from gongkai.portal.models import LifeEvent, LifeEventStep, SiteState
from gongkai.reports.models import AnnualReport

WATCHED = (
    Catalog,
    Category,
    Item,
    ItemBasis,
    ItemChannel,
    GuideRevision,
    LifeEvent,
    LifeEventStep,
    AnnualReport,
)


def _touch(sender, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures being loaded
    SiteState.touch()


for model in WATCHED:
    post_save.connect(_touch, sender=model, dispatch_uid=f"site-touch-save-{model.__name__}")
    post_delete.connect(_touch, sender=model, dispatch_uid=f"site-touch-delete-{model.__name__}")


def _render_after_publication(sender, instance, **kwargs):
    """A newly published guide changes the notice-board packs: render them once it is committed, in the
    background, so the next download is served from the stored file."""
    if kwargs.get("raw") or instance.state != RevisionState.PUBLISHED:
        return
    catalog_id = Item.objects.filter(pk=instance.item_id).values_list("catalog_id", flat=True).first()
    if catalog_id is None:
        return

    def start():
        from gongkai.portal.pdf_views import render_after_publication  # WeasyPrint only when needed

        render_after_publication(catalog_id)

    transaction.on_commit(start)


post_save.connect(
    _render_after_publication, sender=GuideRevision, dispatch_uid="portal-pdf-after-publication"
)
