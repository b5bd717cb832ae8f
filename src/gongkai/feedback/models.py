"""What citizens say about a page: 本页是否有用 (yes/no and a few words) and 我要纠错 (an error on the page).

Only the page and what was written are kept: no address, no person. Staff see them in the back office.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from gongkai.bodies.models import Body

MAX_TEXT = 500


class FeedbackKind(models.TextChoices):
    USEFUL = "useful", "有用"
    NOT_USEFUL = "not_useful", "没用"
    ERROR = "error", "纠错"


class PageFeedback(models.Model):
    page = models.CharField("页面", max_length=300, help_text="页面在本站的地址，如 /catalog/…/4/")
    # Whose page it is: the body of the page's catalog, else the body at the top (the portal is theirs).
    body = models.ForeignKey(
        Body, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="公开主体"
    )
    kind = models.CharField("类型", max_length=20, choices=FeedbackKind.choices)
    text = models.TextField("意见", blank=True, max_length=MAX_TEXT)
    created_at = models.DateTimeField("提交时间", default=timezone.now)
    handled_at = models.DateTimeField("处理时间", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="处理人",
    )

    class Meta:
        verbose_name = "群众意见"
        verbose_name_plural = "群众意见（本页是否有用、我要纠错）"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["page"], name="feedback_page")]

    def __str__(self):
        return f"{self.page} · {self.get_kind_display()}"

    @property
    def is_handled(self) -> bool:
        return self.handled_at is not None
