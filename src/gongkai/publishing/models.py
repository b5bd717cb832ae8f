"""The site's change stamp: every public page, feed and API answer is as fresh as this row says."""

from django.db import models
from django.utils import timezone


class SiteState(models.Model):
    """A single row. `changed_at` moves whenever anything a public page shows changes."""

    changed_at = models.DateTimeField("内容更新时间", default=timezone.now)
    is_demo = models.BooleanField("演示数据", default=False)

    class Meta:
        verbose_name = "网站状态"
        verbose_name_plural = "网站状态"

    def __str__(self):
        return f"内容更新于 {self.changed_at:%Y-%m-%d %H:%M}"

    @classmethod
    def current(cls) -> "SiteState":
        state = cls.objects.filter(pk=1).first()
        return state or cls(pk=1)

    @classmethod
    def touch(cls, **changes) -> None:
        """Record that public content changed (so caches and ETags move on)."""
        updated = cls.objects.filter(pk=1).update(changed_at=timezone.now(), **changes)
        if not updated:
            cls.objects.get_or_create(pk=1, defaults={"changed_at": timezone.now(), **changes})
