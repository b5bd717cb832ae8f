"""高效办成一件事 (国发〔2024〕3号): life events, each a list of catalog items in the order to do them.

Citizens think in events (退休, 家人去世后), not in a catalog's groups; an event may string together items
of several bodies' catalogs (退休 touches the 人社局 and the 医保局).
"""

from django.db import models

from gongkai.catalog.models import Catalog, Item


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
