from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.reports.models import AnnualReport


@admin.register(AnnualReport)
class AnnualReportAdmin(AuditedModelAdmin):
    """Read-only overview. Reports are written and published on the staff page, through the services,
    so the checks run and the tables are frozen at publication; an admin edit would skip both."""

    scope_via = "body"
    list_display = [
        "year",
        "version",
        "publisher",
        "state",
        "published_at",
        "published_by",
        "updated_at",
        "staff_page",
    ]
    list_filter = ["state"]
    readonly_fields = [f.name for f in AnnualReport._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="编写页面")
    def staff_page(self, obj):
        return format_html(
            '<a href="{}">打开</a>', reverse("reports_staff:edit", args=[obj.body.code, obj.year])
        )
