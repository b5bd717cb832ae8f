from django.contrib import admin

from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "target"]
    list_filter = ["action"]
    search_fields = ["target", "actor_label"]
    date_hierarchy = "at"

    # The log is evidence: nobody edits or deletes it through the admin.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AuditedModelAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every add, change and delete also lands in the audit log."""

    def log_addition(self, request, obj, message):
        record("admin.add", actor=request.user, target=_label(obj), details={"message": _text(message)})
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        record("admin.change", actor=request.user, target=_label(obj), details={"message": _text(message)})
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            record("admin.delete", actor=request.user, target=_label(obj))
        return super().log_deletions(request, queryset)


def _label(obj) -> str:
    return f"{obj._meta.verbose_name}：{obj}"


def _text(message) -> str:
    return message if isinstance(message, str) else str(message)
