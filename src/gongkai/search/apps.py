from django.apps import AppConfig
from django.db.models.signals import post_migrate


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "查找"

    def ready(self):
        from gongkai.search import signals

        signals.connect()
        post_migrate.connect(index_existing_catalogs, sender=self, dispatch_uid="search-index-existing")


def index_existing_catalogs(sender, using="default", **kwargs):
    """A database with catalogs but no search entries gets its index on the next migrate: one that had
    catalogs before this app was installed, and one whose index a migration replaced (search 0007)."""
    from django.db import connections

    from gongkai.catalog.models import Item
    from gongkai.search.index import rebuild_index
    from gongkai.search.models import SearchEntry

    tables = connections[using].introspection.table_names()
    if SearchEntry._meta.db_table not in tables or Item._meta.db_table not in tables:
        return  # a partial migrate (`migrate workdays`): the next full one will do it
    if SearchEntry.objects.using(using).exists() or not Item.objects.using(using).exists():
        return
    # Not after migrating back (a rollback): the earlier code rebuilds its own.
    if _search_schema_is_current(using):
        rebuild_index()


def _search_schema_is_current(using: str) -> bool:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "search"]
    return not executor.migration_plan(leaves)
