from django.contrib import admin

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.feedback import services
from gongkai.feedback.models import PageFeedback


@admin.register(PageFeedback)
class PageFeedbackAdmin(AuditedModelAdmin):
    list_display = ["created_at", "page", "kind", "short_text", "handled_at"]
    list_filter = ["kind", ("handled_at", admin.EmptyFieldListFilter)]
    search_fields = ["page", "text"]
    readonly_fields = ["page", "kind", "text", "created_at", "handled_at", "handled_by"]
    actions = ["mark_handled"]

    @admin.display(description="意见")
    def short_text(self, obj):
        return obj.text[:40]

    @admin.action(description="标记为已处理")
    def mark_handled(self, request, queryset):
        for feedback in queryset:
            services.mark_handled(feedback, acting_user=request.user)

    def has_add_permission(self, request):
        return False  # feedback comes from citizens through the site
