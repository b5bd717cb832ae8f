"""The standard catalog (基层政务公开标准目录): catalogs, 一级事项, 二级事项 and the legal bases they cite."""

import re

from django.db import models
from django.urls import reverse

from gongkai.bodies.models import Body


class Catalog(models.Model):
    """One published catalog, e.g. the 社会保险 catalog of 扎赉特旗人力资源社会保障局.

    A body carries one catalog per area (a township carries many areas); `publisher` keeps the name
    the catalog's own file gives.
    """

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="catalogs", verbose_name="公开主体")
    slug = models.SlugField("网址标识", max_length=50, unique=True)
    title = models.CharField("目录名称", max_length=200)
    area = models.CharField("领域", max_length=100)
    publisher = models.CharField("发布单位", max_length=200)
    source = models.TextField("来源", blank=True)
    # The tick columns differ between counties (旗级 here, 县级/乡级/村级 elsewhere), so they are data.
    audience_options = models.JSONField("公开对象选项", default=list)
    method_options = models.JSONField("公开方式选项", default=list)
    level_options = models.JSONField("公开层级选项", default=list)
    position = models.PositiveIntegerField("排序", default=0)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    # The bureau's contact block on the portal. Blank until staff fill it in; pages then point to 12333.
    contact_address = models.CharField("办公地址", max_length=300, blank=True)
    contact_phone = models.CharField("咨询电话", max_length=100, blank=True)
    office_hours = models.CharField("办公时间", max_length=200, blank=True)
    complaint_phone = models.CharField("监督投诉电话", max_length=100, blank=True)

    class Meta:
        verbose_name = "公开目录"
        verbose_name_plural = "公开目录"
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["body", "area"], name="catalog_unique_body_area"),
        ]

    def __str__(self):
        return f"{self.publisher}·{self.title}"

    def get_absolute_url(self):
        return reverse("portal:catalog_table", args=[self.body.code, self.slug])


class Category(models.Model):
    """一级事项: a group of items, e.g. 社会保险登记."""

    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField("一级事项", max_length=200)
    position = models.PositiveIntegerField("排序")

    class Meta:
        verbose_name = "一级事项"
        verbose_name_plural = "一级事项"
        ordering = ["catalog", "position"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "name"], name="category_unique_name"),
        ]

    def __str__(self):
        return self.name


class LegalBasis(models.Model):
    """公开依据: one legal document, shared by every item that cites it."""

    title = models.CharField("文件名称", max_length=300, unique=True)

    class Meta:
        verbose_name = "公开依据"
        verbose_name_plural = "公开依据"
        ordering = ["title"]

    def __str__(self):
        return self.title


class Channel(models.Model):
    """公开渠道和载体, e.g. 政府网站, 政务服务中心, 基层公共服务平台."""

    name = models.CharField("渠道名称", max_length=100, unique=True)
    # The website goes live the moment a guide is published; every other channel needs a person to confirm
    # the new version is posted (a printed copy in the service hall, a notice board in a village).
    publishes_on_release = models.BooleanField("发布时自动公开", default=False)

    class Meta:
        verbose_name = "公开渠道"
        verbose_name_plural = "公开渠道"
        ordering = ["id"]

    def __str__(self):
        return self.name

    @classmethod
    def named(cls, name: str) -> "Channel":
        """A new channel, online when its name says it is a website."""
        return cls(name=name, publishes_on_release=name in ONLINE_CHANNELS)


ONLINE_CHANNELS = {"政府网站", "门户网站", "政务网站"}

TIME_LIMIT_DAYS = re.compile(r"(\d+)\s*个?工作日")


class Item(models.Model):
    """二级事项: one disclosure item with every column of the catalog table."""

    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="items")
    seq = models.PositiveIntegerField("序号")
    # The groups above the item, 一级事项 first: [一级事项] usually, [一级事项, 二级事项] when the catalog
    # has 三级事项 (each leaf an item). The first is the category's name when imported; pages and
    # exports take it from the category, so renaming a category in the admin is enough.
    group_path = models.JSONField("所属事项分组", default=list, blank=True)
    name = models.CharField("二级事项", max_length=300)
    elements = models.JSONField("公开内容（要素）", default=list)
    basis = models.ManyToManyField(
        LegalBasis, through="ItemBasis", related_name="items", verbose_name="公开依据"
    )
    time_limit = models.CharField("公开时限", max_length=200)
    time_limit_days = models.PositiveIntegerField("公开时限（工作日）", null=True, blank=True)
    subject = models.CharField("公开主体", max_length=200)
    channels = models.ManyToManyField(
        Channel, through="ItemChannel", related_name="items", verbose_name="公开渠道和载体"
    )
    audience = models.JSONField("公开对象", default=list, blank=True)
    method = models.JSONField("公开方式", default=list, blank=True)
    levels = models.JSONField("公开层级", default=list, blank=True)
    warnings = models.JSONField("数据质量提示", default=list, blank=True)

    class Meta:
        verbose_name = "二级事项"
        verbose_name_plural = "二级事项"
        ordering = ["catalog", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["catalog", "seq"], name="item_unique_seq"),
        ]

    def __str__(self):
        return f"{self.seq}. {self.name}"

    def save(self, *args, **kwargs):
        self.time_limit_days = parse_time_limit_days(self.time_limit)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("portal:item", args=[self.catalog.body.code, self.catalog.slug, self.seq])

    @property
    def subgroups(self) -> list[str]:
        """The groups between the 一级事项 and the item (the 二级事项 of a three-level catalog)."""
        return list(self.group_path[1:])


def parse_time_limit_days(text: str) -> int | None:
    """The number of working days in a 公开时限 such as 公开事项信息形成或变更之日起20个工作日内公开."""
    match = TIME_LIMIT_DAYS.search(text or "")
    return int(match.group(1)) if match else None


class ItemBasis(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="basis_links")
    basis = models.ForeignKey(LegalBasis, on_delete=models.PROTECT, related_name="item_links")
    position = models.PositiveIntegerField()

    class Meta:
        verbose_name = "引用依据"
        verbose_name_plural = "引用依据"
        ordering = ["item", "position"]
        constraints = [models.UniqueConstraint(fields=["item", "basis"], name="itembasis_unique")]

    def __str__(self):
        return f"{self.item_id}→{self.basis_id}"


class ItemChannel(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="channel_links")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="item_links")
    position = models.PositiveIntegerField()

    class Meta:
        verbose_name = "公开渠道"
        verbose_name_plural = "公开渠道"
        ordering = ["item", "position"]
        constraints = [models.UniqueConstraint(fields=["item", "channel"], name="itemchannel_unique")]

    def __str__(self):
        return f"{self.item_id}→{self.channel_id}"
