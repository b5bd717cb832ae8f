from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "公开目录"

    def ready(self):
        from gongkai.catalog.models import Catalog, Category, Item, ItemBasis, ItemChannel
        from gongkai.catalog.signals import items_written
        from gongkai.publishing.signals import touch_on_change

        touch_on_change(Catalog, Category, Item, ItemBasis, ItemChannel)
        from django.urls import reverse

        from gongkai.translations.kinds import Kind, register

        # A group's name (一级事项) has a Mongolian text of its own, written by its catalog's body.
        register(
            Kind(
                key="group",
                label="一级事项（类别）",
                model=Category,
                fields={"name": "类别名称"},
                owner="catalog__body",
                order_by=("catalog__position", "catalog_id", "position"),
                related=("catalog__body",),
                public_path=lambda c: reverse(
                    "portal:group", args=[c.catalog.body.code, c.catalog.slug, c.position]
                ),
            )
        )
        # An item's name (二级事项) has one too, for the many items without a guide (a guide's translation
        # names its item itself, and wins where it is current). Items come and go by the thousand with an
        # import, so their removal is gathered once per transaction, and renames written in bulk are
        # compared in one query.
        register(
            Kind(
                key="item",
                label="二级事项（事项名称）",
                model=Item,
                fields={"name": "事项名称"},
                owner="catalog__body",
                order_by=("catalog__position", "catalog_id", "seq"),
                related=("catalog__body",),
                public_path=lambda item: item.get_absolute_url(),
                many=True,
            )
        )
        items_written.connect(_items_written, dispatch_uid="mongolian-items-written")


def _items_written(sender, item_ids, items=None, created=(), **kwargs):
    """An import renamed items in bulk (no save signals): their Mongolian names may be out of date now."""
    from gongkai.catalog.models import Item
    from gongkai.translations.services import chinese_changed_many

    new = set(created)
    changed = [item for item in items if item.pk not in new] if items is not None else None
    if changed is None:
        changed = list(Item.objects.filter(pk__in=[pk for pk in item_ids if pk not in new]))
    chinese_changed_many(changed)
