"""Walk a guide through the real workflow, for tests that need published revisions."""

import datetime

from django.utils import timezone

from gongkai.guides import services
from gongkai.guides.models import ChannelPosting, Language

FULL_CONTENT = {
    "summary": "用人单位为职工办理社会保险参保登记。",
    "materials": [
        {"name": "居民身份证", "form": "原件", "copies": 1, "notes": ""},
        {"name": "劳动合同", "form": "复印件", "copies": 1, "notes": "加盖单位公章"},
    ],
    "ways": "窗口办理",
    "time_limit": {"number": None, "unit": "当场办结", "text": "材料齐全的"},
    "delivery": "当场告知",
    "fees": {"free": True, "basis": "", "standard": ""},
    "hours": "工作日 8:30-12:00，14:30-17:30",
    "places": [{"name": "扎赉特旗政务服务中心社保窗口", "address": "音德尔镇", "phone": "0482-0000000"}],
    "consult": [{"label": "电话", "value": "0482-0000000"}],
    "complaint": [{"label": "电话", "value": "0482-1111111"}],
}


def publish(
    item, editor, reviewer, *, formed_on: datetime.date, content=None, note="首次发布", website_on=None
):
    """GIVEN-helper: draft → submitted → approved (published). Optionally back-date the publication and its
    website posting to `website_on` (then later postings may be dated from that day on)."""
    rev = services.start_revision(item, acting_user=editor)
    rev = services.save_draft(
        rev,
        content=content or FULL_CONTENT,
        is_major=True,
        change_note=note,
        formed_on=formed_on,
        acting_user=editor,
    )
    rev = services.submit_revision(rev, acting_user=editor)
    rev = services.approve_revision(rev, acting_user=reviewer)
    if website_on is not None:
        ChannelPosting.objects.filter(revision=rev, channel__publishes_on_release=True).update(
            posted_on=website_on
        )
        published_at = timezone.make_aware(datetime.datetime.combine(website_on, datetime.time(9)))
        type(rev).objects.filter(pk=rev.pk).update(published_at=published_at)
        rev.refresh_from_db()
    return rev


def publish_translation(item, editor, reviewer, content: dict):
    """GIVEN-helper: the item's Mongolian (its open draft, or a new one) saved, submitted and approved, parts
    left untranslated confirmed as such."""
    rev = services.open_revision(item, Language.MONGOLIAN) or services.start_translation(
        item, acting_user=editor
    )
    rev = services.save_draft(
        rev, content=content, is_major=True, change_note="译自中文", formed_on=None, acting_user=editor
    )
    rev = services.submit_revision(rev, acting_user=editor, missing_confirmed=True)
    return services.approve_revision(rev, acting_user=reviewer, missing_confirmed=True)
