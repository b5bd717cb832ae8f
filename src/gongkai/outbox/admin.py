from django.contrib import admin

from gongkai.outbox.models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """Read-only: what was sent and what failed. Mail is written by the services, never by hand;
    mail given up is sent again with `gongkai send_mail --retry-failed` once the mail server is fixed."""

    list_display = ("created_at", "kind", "subject", "state", "attempts", "last_error")
    list_filter = ("kind", "sent_at", "gave_up_at")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="状态")
    def state(self, obj):
        return obj.state
