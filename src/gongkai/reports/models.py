"""The annual report of one year: staff-written text, staff-entered figures, and the computed tables."""

from django.conf import settings
from django.db import models

from gongkai.bodies.models import Body


class ReportState(models.TextChoices):
    DRAFT = "draft", "草稿"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被更正版本替代"


class AnnualReport(models.Model):
    """One version of a body's report of a year. A correction after publication is a new version; the
    published one stays readable, marked as superseded (国办公开办函〔2019〕61号: a changed document's original
    is marked)."""

    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="annual_reports", verbose_name="报告机关"
    )
    year = models.PositiveIntegerField("年度")
    version = models.PositiveIntegerField("版本", default=1)
    # Why the published report was corrected; shown with the corrected version. Empty for version 1.
    correction_note = models.TextField("更正说明", blank=True)
    publisher = models.CharField("报告机关", max_length=200)
    state = models.CharField("状态", max_length=20, choices=ReportState.choices, default=ReportState.DRAFT)
    overview = models.TextField("一、总体情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other_matters = models.TextField("六、其他需要报告的事项", blank=True)
    # Section 二: {"规章": {"本年制发件数": 0, …}, …}, entered by staff (the system does not hold these).
    section_two = models.JSONField("二、主动公开情况", default=dict, blank=True)
    # Staff corrections to computed cells of section 三, e.g. cases handled on paper before go-live:
    # {"row": {"column": delta}}. Kept separately so the computed figures stay visible.
    adjustments = models.JSONField("三、人工调整", default=dict, blank=True)
    adjustment_note = models.TextField("人工调整说明", blank=True)
    # Frozen at publication, so a published report never changes when records change later.
    published_tables = models.JSONField("发布时的表格", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="发布人",
    )
    superseded_at = models.DateTimeField("被更正时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "version"], name="report_unique_version"),
            models.UniqueConstraint(
                fields=["body", "year"], condition=models.Q(state="published"), name="report_one_published"
            ),
            models.UniqueConstraint(
                fields=["body", "year"], condition=models.Q(state="draft"), name="report_one_draft"
            ),
        ]

    def __str__(self):
        return f"{self.publisher}{self.year}年政府信息公开工作年度报告"

    @property
    def title(self) -> str:
        return str(self)

    @property
    def is_published(self) -> bool:
        return self.state == ReportState.PUBLISHED

    @property
    def is_frozen(self) -> bool:
        """Published now or before: its tables were fixed at publication and it is never edited."""
        return self.state in (ReportState.PUBLISHED, ReportState.SUPERSEDED)

    @property
    def is_correction(self) -> bool:
        return self.version > 1
