from django.contrib import admin

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.lifeevents.models import LifeEvent, LifeEventStep
from gongkai.translations.admin import MongolianTextLink


class LifeEventStepInline(admin.TabularInline):
    model = LifeEventStep
    extra = 1
    raw_id_fields = ["item"]


@admin.register(LifeEvent)
class LifeEventAdmin(MongolianTextLink, AuditedModelAdmin):
    readonly_fields = ["mongolian_text"]
    list_display = ["name", "catalog", "position"]
    list_filter = ["catalog"]
    inlines = [LifeEventStepInline]
