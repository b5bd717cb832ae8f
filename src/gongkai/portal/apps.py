from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "门户网站"

    def ready(self):
        from gongkai import checks  # noqa: F401  (registers the configuration checks)
        from gongkai.portal import signals  # noqa: F401  (keeps the change stamp current)

        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="portal-cache-tables")


def create_cache_tables(sender, using="default", **kwargs):
    """An upgrade that only runs `migrate` still gets the page cache's table (a no-op once it exists)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
