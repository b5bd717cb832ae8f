"""Announced holiday schedules (节假日安排): they override and extend the chinesecalendar package."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

FIRST_YEAR = 2000
LAST_YEAR = 2099


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", "休息日（节假日）"
    # 调休: a Saturday or Sunday that becomes a working day to make up for a holiday.
    WORKDAY = "workday", "调休上班日"


class HolidaySchedule(models.Model):
    """One year's schedule as announced by the State Council General Office (国务院办公厅)."""

    year = models.PositiveSmallIntegerField(
        "年份",
        unique=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
        help_text="载入后，这一年的工作日完全按本表计算，不再使用 chinesecalendar 的数据。",
    )
    announced_on = models.DateField("公布日期", null=True, blank=True)
    source = models.CharField(
        "文号或来源", max_length=200, blank=True, help_text="例如：国办发明电〔2025〕7号"
    )
    notes = models.TextField("备注", blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["-year"]

    def __str__(self):
        return f"{self.year} 年节假日安排"


class ScheduleDay(models.Model):
    """A day the schedule names: a holiday (rest day) or a weekend working day (调休上班日)."""

    schedule = models.ForeignKey(
        HolidaySchedule, on_delete=models.CASCADE, related_name="days", verbose_name="安排"
    )
    date = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日", max_length=50, blank=True, help_text="例如：春节")

    class Meta:
        verbose_name = "安排日期"
        verbose_name_plural = "安排日期"
        ordering = ["date"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.get_kind_display()} {self.name}".rstrip()

    def clean(self):
        problems = {}
        # The admin inline attaches a not-yet-saved schedule, so schedule_id alone is not enough.
        schedule = self.schedule if self.schedule_id or ScheduleDay.schedule.is_cached(self) else None
        if self.date and schedule is not None and schedule.year and self.date.year != schedule.year:
            problems["date"] = f"{self.date:%Y-%m-%d} 不在 {schedule.year} 年内，请放入该年份的安排。"
        if self.date and self.kind == DayKind.WORKDAY and self.date.weekday() < 5:
            problems["kind"] = "调休上班日只能是星期六或星期日。"
        if problems:
            raise ValidationError(problems)
