"""Portal state: the site-wide change stamp (for HTTP caching), the demo flag, and life events (一件事)."""

from django.db import models
from django.utils import timezone

from gongkai.catalog.models import Catalog, Item


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


class LifeEvent(models.Model):
    """高效办成一件事: a life event with the catalog items it involves, in the order to do them."""

    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="life_events")
    slug = models.SlugField("网址标识", max_length=50)
    name = models.CharField("名称", max_length=100)
    summary = models.CharField("一句话说明", max_length=300)
    position = models.PositiveIntegerField("排序", default=0)

    class Meta:
        verbose_name = "一件事"
        verbose_name_plural = "一件事"
        ordering = ["catalog", "position"]
        constraints = [models.UniqueConstraint(fields=["catalog", "slug"], name="lifeevent_unique_slug")]

    def __str__(self):
        return self.name


class LifeEventStep(models.Model):
    event = models.ForeignKey(LifeEvent, on_delete=models.CASCADE, related_name="steps")
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="+", verbose_name="事项")
    position = models.PositiveIntegerField("顺序", default=0)
    when = models.CharField("什么情况下办", max_length=300, blank=True)

    class Meta:
        verbose_name = "步骤"
        verbose_name_plural = "步骤"
        ordering = ["event", "position"]

    def __str__(self):
        return f"{self.event} · {self.item}"
