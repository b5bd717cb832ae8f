from django.contrib import admin

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.lifeevents.models import LifeEvent, LifeEventStep


class LifeEventStepInline(admin.TabularInline):
    model = LifeEventStep
    extra = 1
    raw_id_fields = ["item"]


@admin.register(LifeEvent)
class LifeEventAdmin(AuditedModelAdmin):
    list_display = ["name", "catalog", "position"]
    list_filter = ["catalog"]
    inlines = [LifeEventStepInline]
