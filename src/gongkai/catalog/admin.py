from django.contrib import admin

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.catalog.models import Catalog, Category, Channel, Item, ItemBasis, ItemChannel, LegalBasis
from gongkai.translations.admin import MongolianTextLink


@admin.register(Catalog)
class CatalogAdmin(AuditedModelAdmin):
    scope_via = "body"
    list_display = ["title", "publisher", "area", "slug"]
    search_fields = ["title", "publisher", "area"]


@admin.register(Category)
class CategoryAdmin(MongolianTextLink, AuditedModelAdmin):
    scope_via = "catalog__body"
    readonly_fields = ["mongolian_text"]
    list_display = ["name", "catalog", "position"]
    list_filter = ["catalog"]
    list_select_related = ["catalog"]


class ItemBasisInline(admin.TabularInline):
    model = ItemBasis
    extra = 0
    autocomplete_fields = ["basis"]


class ItemChannelInline(admin.TabularInline):
    model = ItemChannel
    extra = 0


@admin.register(Item)
class ItemAdmin(MongolianTextLink, AuditedModelAdmin):
    scope_via = "catalog__body"
    readonly_fields = ["mongolian_text"]
    list_display = ["seq", "name", "category", "catalog", "has_warnings"]
    list_display_links = ["seq", "name"]
    list_filter = ["catalog", "category"]
    list_select_related = ["catalog", "category"]
    search_fields = ["name"]
    ordering = ["catalog", "seq"]
    inlines = [ItemBasisInline, ItemChannelInline]

    @admin.display(boolean=True, description="有数据提示")
    def has_warnings(self, obj):
        return bool(obj.warnings)


@admin.register(LegalBasis)
class LegalBasisAdmin(AuditedModelAdmin):
    search_fields = ["title"]


@admin.register(Channel)
class ChannelAdmin(AuditedModelAdmin):
    search_fields = ["name"]
