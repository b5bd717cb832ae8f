"""The search index (one entry per item), query understanding as data, and queries that found nothing."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from gongkai.catalog.models import Catalog, Category, Item
from gongkai.search.text import fold

# Words in the admin may be separated by new lines, 、 ， , ； ; or spaces.
EXPANSION_SEPARATORS = re.compile(r"[\s、，,；;]+")


class SearchEntry(models.Model):
    """One item as the index sees it: each field folded and spaced one character a token.

    This table is the source of truth; the full-text index mirrors it inside the database (an FTS5
    external-content table kept by triggers on SQLite, a generated tsvector column on PostgreSQL; see
    `gongkai.search.fts`). Entries are rebuilt from the catalog by `gongkai.search.index`.
    """

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="search_entry")
    catalog = models.ForeignKey(Catalog, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(Category, on_delete=models.CASCADE, related_name="+")
    seq = models.PositiveIntegerField("序号")
    # Tokens such as "k12 g34" let the full-text index narrow to one catalog or group by itself.
    scope = models.CharField("范围标记", max_length=100)
    name_chars = models.TextField("事项名称（索引）")
    group_chars = models.TextField("一级事项（索引）")
    hint_chars = models.TextField("一件事说明（索引）", blank=True)
    guide_chars = models.TextField("办事指南（索引）", blank=True)
    guide_text = models.TextField("办事指南正文", blank=True)
    levels = models.CharField("公开层级", max_length=300, blank=True)  # "|旗级|乡、村级|"
    name_length = models.PositiveIntegerField("名称字数")
    # Points a name match earns, in percent: short names are closer matches (BM25's length normalisation).
    name_weight = models.PositiveIntegerField("名称权重", default=100)
    is_public = models.BooleanField("对公众显示", default=True)
    has_guide = models.BooleanField("有办事指南", default=False)
    updated_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        ordering = ["catalog", "seq"]
        indexes = [models.Index(fields=["catalog", "seq"], name="search_entry_catalog_seq")]

    def __str__(self):
        return f"{self.seq}. {self.name_chars.replace(' ', '')}"


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
