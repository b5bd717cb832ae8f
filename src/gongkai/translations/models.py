"""The Mongolian text of a group name, a life event or a body's contact block (issue 18: content in Mongolian).

One model for every kind (`kinds.py`): the object is named by its kind and id. A row is one version of the
object's Mongolian, like a guide revision: written, submitted, approved and published by two different
people, then superseded by the next version. It keeps the Chinese it was translated from (`source`), so
"out of date" is a comparison with the Chinese as it stands, text by text, and the page can say so. When
the Chinese changes under a published text, a new version opens on its own 20-working-day clock
(`formed_on`, the day of the change; `due_on`, 20 working days later).
"""

from django.conf import settings
from django.db import models

from gongkai.bodies.models import Body


class TextState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替换"


OPEN_STATES = (TextState.DRAFT, TextState.SUBMITTED)


class TextTranslation(models.Model):
    """One version of the Mongolian texts of one object (a 一级事项, a life event, a body)."""

    kind = models.CharField("内容类别", max_length=20)
    object_id = models.PositiveIntegerField("对象编号")
    # The body whose staff write and review it: the catalog's body for a group or a life event, the body
    # itself for its contact block. Scoped lists and the dashboard filter on it.
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="+", verbose_name="所属单位")
    language = models.CharField("语言", max_length=8, default="mn")
    number = models.PositiveIntegerField("版本号")
    state = models.CharField("状态", max_length=20, choices=TextState.choices, default=TextState.DRAFT)
    # The Mongolian by text key ("name", "summary", "steps.12"), and the Chinese each was translated from.
    texts = models.JSONField("蒙古文", default=dict)
    source = models.JSONField("所译的中文", default=dict)
    # The object's Chinese name when last saved: lists and the audit log name it even once it is gone.
    label = models.CharField("名称", max_length=300)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="编辑人"
    )
    # Everyone who started or saved this version: none of them may approve it (先审后发).
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name="修改过的人"
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="提交人",
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="审核人",
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    review_comment = models.TextField("审核意见", blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    ended_at = models.DateTimeField("停用时间", null=True, blank=True)
    # The day the Chinese changed under a published text: the clock runs from the day after. None for a
    # first translation, which answers no change.
    formed_on = models.DateField("中文修改日期", null=True, blank=True)
    # Cached from the working-day calendar; recomputed whenever a holiday schedule is loaded.
    due_on = models.DateField("公开期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限为暂估", default=False)

    class Meta:
        verbose_name = "蒙古文译文"
        verbose_name_plural = "蒙古文译文"
        ordering = ["kind", "object_id", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "language", "number"], name="text_translation_unique_number"
            ),
            # One live version and at most one being worked on, per object and language.
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"],
                condition=models.Q(state="published"),
                name="text_translation_one_published",
            ),
            models.UniqueConstraint(
                fields=["kind", "object_id", "language"],
                condition=models.Q(state__in=["draft", "submitted"]),
                name="text_translation_one_open",
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "object_id", "state"], name="text_translation_object"),
            models.Index(fields=["state", "due_on"], name="text_translation_due"),
        ]

    def __str__(self):
        return f"{self.label} 蒙古文第{self.number}版（{self.get_state_display()}）"

    @property
    def version_label(self) -> str:
        return f"蒙古文第{self.number}版"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    def changed_by(self, user) -> bool:
        """Did this person write, save or submit this version? Then someone else has to review it."""
        if user.pk in (self.author_id, self.submitted_by_id):
            return True
        return self.editors.filter(pk=user.pk).exists()
