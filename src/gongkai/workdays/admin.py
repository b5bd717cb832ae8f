from django.contrib import admin
from django.db.models import Count, Q

from gongkai.audit.admin import AuditedModelAdmin
from gongkai.workdays.models import DayKind, HolidaySchedule, ScheduleDay
from gongkai.workdays.services import notify_schedule_changed


class ScheduleDayInline(admin.TabularInline):
    model = ScheduleDay
    extra = 0
    fields = ["date", "kind", "name"]


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(AuditedModelAdmin):
    list_display = ["year", "source", "announced_on", "holiday_count", "workday_count", "updated_at"]
    search_fields = ["source", "notes"]
    inlines = [ScheduleDayInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                holiday_total=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
                workday_total=Count("days", filter=Q(days__kind=DayKind.WORKDAY)),
            )
        )

    def get_readonly_fields(self, request, obj=None):
        # Moving a schedule to another year would leave its days in the old one; make a new one instead.
        return ["year"] if obj else []

    @admin.display(description="休息日", ordering="holiday_total")
    def holiday_count(self, obj):
        return obj.holiday_total

    @admin.display(description="调休上班日", ordering="workday_total")
    def workday_count(self, obj):
        return obj.workday_total

    # Deadlines depend on these rows, so every admin edit tells them, inside the admin's transaction.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        notify_schedule_changed([form.instance.year], actor=request.user)

    def delete_model(self, request, obj):
        year = obj.year
        super().delete_model(request, obj)
        notify_schedule_changed([year], actor=request.user)

    def delete_queryset(self, request, queryset):
        years = list(queryset.values_list("year", flat=True))
        super().delete_queryset(request, queryset)
        notify_schedule_changed(years, actor=request.user)
