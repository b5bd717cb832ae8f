"""The search index (one entry per item), query understanding as data, and queries that found nothing."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from gongkai.catalog.models import Catalog, Category, Item
from gongkai.search.text import fold

# Words in the admin may be separated by new lines, 、 ， , ； ; or spaces.
EXPANSION_SEPARATORS = re.compile(r"[\s、，,；;]+")


class SearchText(models.Model):
    """What the index reads of an item, stored once however many items share it.

    Counties publish the same standard catalog, so across a province most items repeat another county's
    name, group and life-event words word for word; ranking depends on nothing else, so it is done once
    per distinct text (see `gongkai.search.services`). Each Chinese field holds its folded characters as
    overlapping pairs (`gongkai.search.text.grams`), each Mongolian one its words. A text never changes: an item whose words change
    points at another text, and texts nobody points at are deleted (`gongkai.search.index`).

    The database's full-text index mirrors this table (an FTS5 external-content table kept by triggers on
    SQLite, a generated tsvector column on PostgreSQL; see `gongkai.search.fts`).
    """

    # SHA-256 of the fields below: finds an existing text in one indexed lookup.
    key = models.CharField("内容摘要", max_length=64, unique=True)
    name_grams = models.TextField("事项名称（索引）")
    group_grams = models.TextField("一级事项（索引）")
    hint_grams = models.TextField("一件事说明（索引）", blank=True)
    guide_grams = models.TextField("办事指南（索引）", blank=True)
    guide_text = models.TextField("办事指南正文", blank=True)
    name_length = models.PositiveIntegerField("名称字数")
    # Points a name match earns, in percent: short names are closer matches (BM25's length normalisation).
    name_weight = models.PositiveIntegerField("名称权重", default=100)
    # The item's current Mongolian translation (`gongkai.search.index`): its name and guide as written, for
    # the Mongolian results page, and as words (`gongkai.search.mongolian.index_words`), for the index.
    mn_name = models.TextField("蒙古文事项名称", blank=True, default="")
    mn_name_words = models.TextField("蒙古文事项名称（索引）", blank=True, default="")
    mn_guide_text = models.TextField("蒙古文办事指南正文", blank=True, default="")
    mn_guide_words = models.TextField("蒙古文办事指南（索引）", blank=True, default="")

    class Meta:
        verbose_name = "检索文本"
        verbose_name_plural = "检索文本"

    def __str__(self):
        return self.name_grams


class SearchEntry(models.Model):
    """One item as search sees it: where it is (catalog, group, levels), whether the public may see it,
    and the text it is found by. Entries are rebuilt from the catalog by `gongkai.search.index`."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="search_entry")
    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveIntegerField("序号")
    # The catalog's own position, copied so that one text's entries come out of an index in ranking order.
    catalog_position = models.PositiveIntegerField("目录排序", default=0)
    # Indexed by search_entry_text_order below, whose first column it is.
    text = models.ForeignKey(SearchText, on_delete=models.PROTECT, related_name="entries", db_index=False)
    levels = models.CharField("公开层级", max_length=300, blank=True)  # "|旗级|乡、村级|"
    is_public = models.BooleanField("对公众显示", default=True)
    has_guide = models.BooleanField("有办事指南", default=False)
    updated_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        ordering = ["catalog", "seq"]
        indexes = [
            models.Index(fields=["catalog", "seq"], name="search_entry_catalog_seq"),
            # A text's public entries in ranking order (catalog position, catalog, number): a page across
            # catalogs reads only the first few of each text it needs.
            models.Index(
                fields=["text", "is_public", "catalog_position", "catalog", "seq"],
                name="search_entry_text_order",
            ),
        ]

    def __str__(self):
        return f"{self.seq}. {self.item_id}"


class TermKind(models.TextChoices):
    SYNONYM = "synonym", "换个说法查"
    IGNORE = "ignore", "查找时忽略"
    # Matters another body handles (医保报销 → 医疗保障局): the search says so instead of guessing.
    OUTSIDE = "outside", "本站不办理（告诉群众去哪里问）"


class TermWeight(models.IntegerChoices):
    NORMAL = 1, "普通"
    # Life events (去世, 退休 …) say what the citizen needs to get done; the other words only narrow it.
    STRONG = 2, "重要（人生大事、要办的事）"


class Synonym(models.Model):
    """How citizens say it → how the catalog says it (社保卡 → 社会保障卡), or a word to ignore (怎么办)."""

    term = models.CharField("群众的说法", max_length=50, unique=True)
    kind = models.CharField("处理方式", max_length=20, choices=TermKind.choices, default=TermKind.SYNONYM)
    expansions = models.TextField(
        "查找时也查",
        blank=True,
        help_text="目录和办事指南里的说法，每行一个，也可以用顿号隔开。选“查找时忽略”时留空。",
    )
    referral = models.CharField(
        "去哪里问",
        max_length=200,
        blank=True,
        help_text="选“本站不办理”时填写：哪个单位办、怎么联系，例如“旗医疗保障局（医保经办窗口）”。",
    )
    weight = models.PositiveSmallIntegerField(
        "分量", choices=TermWeight.choices, default=TermWeight.NORMAL, help_text="和别的词一起查时谁更要紧"
    )
    note = models.CharField("备注", max_length=200, blank=True)
    is_active = models.BooleanField("启用", default=True)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "查找用语"
        verbose_name_plural = "查找用语（同义词、忽略词）"
        ordering = ["term"]

    def __str__(self):
        if self.kind == TermKind.IGNORE:
            return f"{self.term}（忽略）"
        if self.kind == TermKind.OUTSIDE:
            return f"{self.term}（本站不办理：{self.referral}）"
        return f"{self.term} → {'、'.join(self.expansion_list())}"

    def save(self, *args, **kwargs):
        # Queries are folded before lookup (full-width, traditional characters), so terms are stored folded.
        self.term = fold(self.term).strip()
        super().save(*args, **kwargs)

    def clean(self):
        self.term = fold(self.term).strip()
        if not self.term:
            raise ValidationError({"term": "请填写群众的说法"})
        if self.kind == TermKind.SYNONYM and not self.expansion_list():
            raise ValidationError({"expansions": "请至少写一个目录里的说法"})
        if self.kind == TermKind.OUTSIDE and not self.referral.strip():
            raise ValidationError({"referral": "请写上去哪里问"})

    def expansion_list(self) -> list[str]:
        words = EXPANSION_SEPARATORS.split(fold(self.expansions or ""))
        return [word for word in dict.fromkeys(words) if word]


class MissedQuery(models.Model):
    """A query that found nothing, counted, so staff can add the missing words. No IP, no person."""

    query = models.CharField("查找内容", max_length=50, unique=True)
    count = models.PositiveIntegerField("次数", default=1)
    first_seen = models.DateTimeField("第一次", default=timezone.now)
    last_seen = models.DateTimeField("最近一次", default=timezone.now)

    class Meta:
        verbose_name = "没找到结果的查找"
        verbose_name_plural = "没找到结果的查找"
        ordering = ["-count", "-last_seen"]

    def __str__(self):
        return f"{self.query}（{self.count} 次）"
