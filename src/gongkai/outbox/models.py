"""Mail waiting to go out. Written in the same transaction as the change it tells about, sent later by
`gongkai send_mail` (and at the end of `gongkai remind`), so a mail server that refuses or hangs never turns a
saved change into an error page."""

from django.db import models
from django.utils import timezone


class OutgoingMail(models.Model):
    kind = models.CharField("类别", max_length=40)
    subject = models.CharField("标题", max_length=200)
    body = models.TextField("正文")
    recipients = models.JSONField("收件人", default=list)
    created_at = models.DateTimeField("写入时间", default=timezone.now)
    next_attempt_at = models.DateTimeField("下次发送时间", default=timezone.now)
    attempts = models.PositiveSmallIntegerField("已尝试次数", default=0)
    last_error = models.CharField("最近一次错误", max_length=500, blank=True)
    sent_at = models.DateTimeField("发出时间", null=True, blank=True)
    gave_up_at = models.DateTimeField("放弃时间", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "待发邮件"
        ordering = ["pk"]
        indexes = [models.Index(fields=["sent_at", "gave_up_at", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return f"{self.subject}（{', '.join(self.recipients)}）"

    @property
    def state(self) -> str:
        if self.sent_at:
            return "已发出"
        if self.gave_up_at:
            return "发送失败，已停止重试"
        return "发送失败，等待重试" if self.attempts else "等待发送"
