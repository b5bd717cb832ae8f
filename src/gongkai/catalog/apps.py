from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "公开目录"

    def ready(self):
        from gongkai.catalog.models import Catalog, Category, Item, ItemBasis, ItemChannel
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
