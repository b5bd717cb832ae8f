from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PublishingConfig(AppConfig):
    name = "gongkai.publishing"
    verbose_name = "网站发布状态"

    def ready(self):
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="publishing-cache-tables")


def create_cache_tables(sender, using="default", **kwargs):
    """An upgrade that only runs `migrate` still gets the page cache's table (a no-op once it exists)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
