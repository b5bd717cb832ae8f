"""Move the site's change stamp whenever something a public page shows is saved or deleted."""

from django.db.models.signals import post_delete, post_save

from gongkai.catalog.models import Catalog, Category, Item, ItemBasis, ItemChannel
from gongkai.guides.models import GuideRevision
from gongkai.portal.models import LifeEvent, LifeEventStep, SiteState
from gongkai.reports.models import AnnualReport
from gongkai.workdays.signals import schedule_changed

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
# A loaded holiday schedule moves deadlines that pages may show; cached pages must not outlive it.
schedule_changed.connect(_touch, dispatch_uid="site-touch-schedule")
