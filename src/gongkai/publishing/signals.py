"""Each app says which of its models public pages show; saving or deleting one moves the change stamp."""

from django.db.models.signals import post_delete, post_save

from gongkai.publishing.models import SiteState


def _touch(sender, **kwargs):
    if kwargs.get("raw"):
        return  # fixtures being loaded
    SiteState.touch()


def touch_on_change(*models) -> None:
    """Call from an app's ready(): public content of these models moves the stamp when it changes."""
    for model in models:
        post_save.connect(_touch, sender=model, dispatch_uid=f"site-touch-save-{model._meta.label}")
        post_delete.connect(_touch, sender=model, dispatch_uid=f"site-touch-delete-{model._meta.label}")
