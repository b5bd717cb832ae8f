"""The portal's own reaction to publication: render the stored notice-board packs in the background, and
move the change stamp when a holiday schedule is loaded.

(The site's change stamp is moved by each app's models, through `gongkai.publishing.signals`.)
"""

from django.db import transaction
from django.db.models.signals import post_save

from gongkai.catalog.models import Item
from gongkai.guides.models import GuideRevision, RevisionState
from gongkai.publishing.models import SiteState
from gongkai.workdays.signals import schedule_changed


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


def _touch_after_schedule(sender, **kwargs):
    SiteState.touch()


# A loaded holiday schedule moves deadlines that pages may show; cached pages must not outlive it.
schedule_changed.connect(_touch_after_schedule, dispatch_uid="site-touch-schedule")
