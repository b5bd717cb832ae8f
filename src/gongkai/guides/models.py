"""Service-guide revisions and their publication on each channel (the 20-working-day clock)."""

from django.conf import settings
from django.db import models

from gongkai.catalog.models import Channel, Item
from gongkai.guides.content import completeness, empty_content


class RevisionState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    SCHEDULED = "scheduled", "已批准，定时发布"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替换"
    WITHDRAWN = "withdrawn", "已撤下"


class GuideRevision(models.Model):
    """One version of an item's service guide. Published revisions are never edited in place."""

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="guide_revisions", verbose_name="事项"
    )
    number = models.PositiveIntegerField("版本号")
    state = models.CharField(
        "状态", max_length=20, choices=RevisionState.choices, default=RevisionState.DRAFT
    )
    content = models.JSONField("内容", default=empty_content)
    is_major = models.BooleanField(
        "重要修改", default=True, help_text="改动了办事要求的为重要修改；改错别字等为小修改"
    )
    change_note = models.TextField("修改说明", blank=True)
    # The day the information was formed or changed: the 20-working-day clock starts the day after.
    formed_on = models.DateField("信息形成或变更日期", null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="编辑人"
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
    publish_at = models.DateTimeField("定时发布时间", null=True, blank=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    ended_at = models.DateTimeField("停用时间", null=True, blank=True)
    # Cached from the working-day calendar; recomputed whenever a holiday schedule is loaded.
    due_on = models.DateField("公开期限", null=True, blank=True)
    due_provisional = models.BooleanField("期限为暂估", default=False)

    class Meta:
        verbose_name = "办事指南版本"
        verbose_name_plural = "办事指南版本"
        ordering = ["item", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["item", "number"], name="revision_unique_number"),
            # At most one live version per item, enforced by the database itself.
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(state="published"), name="revision_one_published"
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return f"{self.item.name} 第{self.number}版（{self.get_state_display()}）"

    @property
    def completeness(self):
        return completeness(self.content)

    @property
    def is_editable(self) -> bool:
        return self.state == RevisionState.DRAFT


class ChannelPosting(models.Model):
    """Proof that a published revision went out on one channel, on a given day, at a given place."""

    revision = models.ForeignKey(GuideRevision, on_delete=models.CASCADE, related_name="postings")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+", verbose_name="渠道")
    posted_on = models.DateField("公开日期")
    place = models.CharField("公开地点", max_length=200, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="确认人",
    )
    confirmed_at = models.DateTimeField("确认时间", auto_now_add=True)

    class Meta:
        verbose_name = "渠道公开记录"
        verbose_name_plural = "渠道公开记录"
        ordering = ["revision", "channel", "posted_on"]
        constraints = [
            models.UniqueConstraint(fields=["revision", "channel", "place"], name="posting_unique_place"),
        ]

    def __str__(self):
        return f"{self.channel} {self.posted_on} {self.place}"


class ReminderSent(models.Model):
    """One reminder e-mail per person, kind and day, so `gongkai remind` can run as often as cron likes."""

    recipient = models.EmailField("收件人")
    kind = models.CharField("类别", max_length=50)
    sent_on = models.DateField("发送日期")
    summary = models.TextField("内容摘要", blank=True)

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "sent_on"], name="reminder_once_a_day"),
        ]

    def __str__(self):
        return f"{self.sent_on} {self.kind} → {self.recipient}"
