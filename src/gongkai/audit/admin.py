from django.contrib import admin
from django.http import Http404

from gongkai.accounts.roles import scope_paths
from gongkai.audit.models import AuditEntry
from gongkai.audit.services import record
from gongkai.bodies.scope import within


class ScopedAdmin(admin.ModelAdmin):
    """Records that belong to a body: staff see and change only those of the bodies in their scope.

    `scope_via` is the path from the model to its body ("body", "catalog__body", …). A record outside the
    scope is a 404, as on the staff pages.
    """

    scope_via: str | None = None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.scope_via is None or request.user.is_superuser:
            return queryset
        return queryset.filter(within(scope_paths(request.user), self.scope_via))

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404("没有这条记录，或不在您的管理范围内")

    def body_of(self, obj):
        """The body a record belongs to, following `scope_via`; None when the model has none."""
        if self.scope_via is None:
            return None
        for step in self.scope_via.split("__"):
            obj = getattr(obj, step, None)
        return obj


class AuditedModelAdmin(ScopedAdmin):
    """A ModelAdmin whose every add, change and delete also lands in the audit log."""

    def log_addition(self, request, obj, message):
        record(
            "admin.add",
            actor=request.user,
            target=_label(obj),
            details={"message": _text(message)},
            body=self.body_of(obj),
        )
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        record(
            "admin.change",
            actor=request.user,
            target=_label(obj),
            details={"message": _text(message)},
            body=self.body_of(obj),
        )
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            record("admin.delete", actor=request.user, target=_label(obj), body=self.body_of(obj))
        return super().log_deletions(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(ScopedAdmin):
    scope_via = "body"
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


def _label(obj) -> str:
    return f"{obj._meta.verbose_name}：{obj}"


def _text(message) -> str:
    return message if isinstance(message, str) else str(message)
