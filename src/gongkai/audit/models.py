"""The audit log: who changed or looked at what, and when. Rows are only ever added."""

from django.conf import settings
from django.db import models

from gongkai.bodies.models import Body


class AuditEntry(models.Model):
    at = models.DateTimeField("时间", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name="操作人"
    )
    # A command-line run has no user; the label says who ran it (e.g. "命令行").
    actor_label = models.CharField("操作人说明", max_length=150, blank=True)
    action = models.CharField("操作", max_length=100, db_index=True)
    target = models.CharField("对象", max_length=300, blank=True)
    details = models.JSONField("详情", default=dict, blank=True)
    # Whose records the entry is about, so each body's staff and the county office can read their part.
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="公开主体"
    )

    class Meta:
        verbose_name = "操作记录"
        verbose_name_plural = "操作记录"
        ordering = ["-at", "-id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor or self.actor_label} {self.action} {self.target}"
