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
    """Items without a search entry get one on the next migrate: all of them in a database that had
    catalogs before this app was installed or whose index a migration replaced (search 0007), those a
    migration asked to index again (search 0009: the items with a Mongolian translation; search 0011: the
    items with a Mongolian name of their own)."""
    from django.db import connections

    from gongkai.catalog.models import Item
    from gongkai.search.index import index_unindexed_items
    from gongkai.search.models import SearchEntry

    tables = connections[using].introspection.table_names()
    if SearchEntry._meta.db_table not in tables or Item._meta.db_table not in tables:
        return  # a partial migrate (`migrate workdays`): the next full one will do it
    if not Item.objects.using(using).filter(search_entry__isnull=True).exists():
        return
    # Not after migrating back (a rollback): the earlier code rebuilds its own.
    if _search_schema_is_current(using):
        index_unindexed_items()


def _search_schema_is_current(using: str) -> bool:
    from django.db import connections
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connections[using])
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "search"]
    return not executor.migration_plan(leaves)
