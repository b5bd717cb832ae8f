"""Service-guide revisions and their publication on each channel (the 20-working-day clock)."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.bodies.models import Body
from gongkai.catalog.models import Channel, Item
from gongkai.guides.content import completeness, empty_content, plain_text
from gongkai.languages import Language  # re-exported: the guides name their language by it


class RevisionState(models.TextChoices):
    DRAFT = "draft", "草稿"
    SUBMITTED = "submitted", "待审核"
    SCHEDULED = "scheduled", "已批准，定时发布"
    PUBLISHED = "published", "已发布"
    SUPERSEDED = "superseded", "已被新版本替换"
    WITHDRAWN = "withdrawn", "已撤下"


class GuideRevision(models.Model):
    """One version of an item's service guide. Published revisions are never edited in place.

    A Mongolian revision translates one Chinese revision (`source`): it holds only the texts (translation.py),
    takes the facts (copies, days, fees) from its source, and goes through the same review, channels and clock.
    """

    item = models.ForeignKey(
        Item, on_delete=models.CASCADE, related_name="guide_revisions", verbose_name="事项"
    )
    language = models.CharField("语言", max_length=8, choices=Language.choices, default=Language.CHINESE)
    # For a translation: the Chinese version it says in Mongolian. When a newer Chinese version is published
    # the translation is out of date, and the Chinese shows until a translation of the new one is published.
    source = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name="所译的中文版本",
    )
    number = models.PositiveIntegerField("版本号")
    state = models.CharField(
        "状态", max_length=20, choices=RevisionState.choices, default=RevisionState.DRAFT
    )
    content = models.JSONField("内容", default=empty_content)
    # The content as plain text, kept with every save, so staff can search drafts' text in the database.
    text = models.TextField("指南正文（查找用）", blank=True, editable=False)
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
    # Everyone who started or saved this revision. None of them may approve it (先审后发): holding both
    # roles must not let a person change a colleague's draft and then publish it themselves.
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name="修改过的人"
    )
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
            models.UniqueConstraint(fields=["item", "language", "number"], name="revision_unique_number"),
            # At most one live version per item and language, enforced by the database itself.
            models.UniqueConstraint(
                fields=["item", "language"],
                condition=models.Q(state="published"),
                name="revision_one_published",
            ),
        ]
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        return f"{self.item.name} {self.version_label}（{self.get_state_display()}）"

    def save(self, *args, **kwargs):
        self.text = plain_text(self.content)
        if kwargs.get("update_fields") is not None and "content" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "text"}
        super().save(*args, **kwargs)

    @property
    def is_translation(self) -> bool:
        return self.language != Language.CHINESE

    @property
    def version_label(self) -> str:
        """第3版, or 蒙古文第1版: what lists of deadlines and tasks call a version."""
        return f"{'蒙古文' if self.is_translation else ''}第{self.number}版"

    @property
    def completeness(self):
        return completeness(self.content)

    @property
    def is_editable(self) -> bool:
        return self.state == RevisionState.DRAFT

    def changed_by(self, user) -> bool:
        """Did this person write, save or submit this revision? Then someone else has to review it."""
        if user.pk in (self.author_id, self.submitted_by_id):
            return True
        return self.editors.filter(pk=user.pk).exists()


class Station(models.Model):
    """A named place where printed guides are posted: a village service station, a notice board, a hall.

    Each station confirms its own posting; a channel counts as posted once every station of that channel
    has confirmed (for the items the catalog assigns to the township and village level).
    """

    name = models.CharField("名称", max_length=100, help_text="如：巴彦乌兰嘎查便民服务站")
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="stations", verbose_name="所属公开渠道"
    )
    # The 嘎查村, 社区 or 苏木乡镇 the station is in: the grants over it decide who confirms its postings.
    body = models.ForeignKey(
        Body,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="stations",
        verbose_name="所在单位",
        help_text="服务站所在的嘎查村、社区或苏木乡镇",
    )
    users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="stations", blank=True, verbose_name="负责确认的工作人员"
    )
    is_active = models.BooleanField("在用", default=True)
    # A station added after a version was published is not asked to confirm that version: it cannot make
    # an earlier deadline late.
    created_at = models.DateTimeField("添加时间", default=timezone.now)

    class Meta:
        verbose_name = "服务站（张贴点）"
        verbose_name_plural = "服务站（张贴点）"
        ordering = ["channel", "name"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "name"], name="station_unique_name"),
        ]

    def __str__(self):
        return self.name


class ChannelPosting(models.Model):
    """Proof that a published revision went out on one channel, on a given day, at a given place."""

    revision = models.ForeignKey(GuideRevision, on_delete=models.CASCADE, related_name="postings")
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+", verbose_name="渠道")
    posted_on = models.DateField("公开日期")
    place = models.CharField("公开地点", max_length=200, blank=True)
    # Set when a station confirmed its own posting; older confirmations and those for channels without
    # stations name only the place.
    station = models.ForeignKey(
        Station,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="postings",
        verbose_name="服务站",
    )
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
            models.UniqueConstraint(
                fields=["revision", "station"],
                condition=models.Q(station__isnull=False),
                name="posting_once_per_station",
            ),
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
