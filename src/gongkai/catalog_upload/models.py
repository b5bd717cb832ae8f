"""A catalog file a member of staff uploaded, kept with how it was read until someone confirms or cancels it.

Nothing of the catalog itself is written before confirm: the upload row holds the file (kept after confirm as
the record of what was imported), the column mapping the person chose, and the reading shown in the preview.
"""

from django.conf import settings
from django.db import models

from gongkai.bodies.models import Body


class UploadState(models.TextChoices):
    PENDING = "pending", "待确认"
    CONFIRMED = "confirmed", "已导入"
    CANCELLED = "cancelled", "已取消"


class CatalogUpload(models.Model):
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, related_name="catalog_uploads", verbose_name="公开主体"
    )
    filename = models.CharField("文件名", max_length=255)
    fmt = models.CharField("格式", max_length=10)
    content = models.BinaryField("文件内容")
    size = models.PositiveIntegerField("大小（字节）")
    title_hint = models.CharField("目录名称（文件里没有时用）", max_length=200, blank=True)
    area_hint = models.CharField("领域（文件里没有时用）", max_length=100, blank=True)
    # Column header (or "#N" for the N-th column) -> role (gongkai.catalog.exchange.ROLES).
    mapping = models.JSONField("列的对应", default=dict, blank=True)
    # What the preview shows: the document, the reader's notes, the columns and where each item came from;
    # or the problems that stop the file from being imported.
    reading = models.JSONField("读取结果", default=dict, blank=True)
    state = models.CharField("状态", max_length=10, choices=UploadState.choices, default=UploadState.PENDING)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="上传人"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认或取消的人",
    )
    decided_at = models.DateTimeField("确认或取消时间", null=True, blank=True)
    catalog = models.ForeignKey(
        "catalog.Catalog",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="导入到",
    )

    class Meta:
        verbose_name = "目录文件导入"
        verbose_name_plural = "目录文件导入"
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self):
        return f"{self.filename}（{self.body.name}，{self.get_state_display()}）"

    @property
    def is_pending(self) -> bool:
        return self.state == UploadState.PENDING

    @property
    def failed(self) -> bool:
        return bool(self.reading.get("problems"))


class ColumnMapping(models.Model):
    """The columns a body's files were last said to have: applied to its next file before any guessing."""

    body = models.OneToOneField(
        Body, on_delete=models.CASCADE, related_name="column_mapping", verbose_name="公开主体"
    )
    mapping = models.JSONField("列的对应", default=dict)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "目录文件的列对应"
        verbose_name_plural = "目录文件的列对应"

    def __str__(self):
        return f"{self.body.name}的列对应"
