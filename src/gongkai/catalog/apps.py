from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "gongkai.catalog"
    verbose_name = "公开目录"

    def ready(self):
        from gongkai.catalog.models import Catalog, Category, Item, ItemBasis, ItemChannel
        from gongkai.publishing.signals import touch_on_change

        touch_on_change(Catalog, Category, Item, ItemBasis, ItemChannel)
