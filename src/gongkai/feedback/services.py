"""State changes of citizens' feedback, one function each, audited; and the counts staff read."""

import re

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.bodies.services import default_body
from gongkai.catalog.models import Catalog
from gongkai.feedback.models import FeedbackKind, PageFeedback

CATALOG_PAGE = re.compile(r"^/catalog/([a-z0-9-]+)/")


def body_of_page(page: str):
    """The body whose staff answer for a page: its catalog's body, else the body at the top of the tree."""
    match = CATALOG_PAGE.match(page)
    if match:
        catalog = Catalog.objects.filter(slug=match.group(1)).select_related("body").first()
        if catalog is not None:
            return catalog.body
    return default_body()


@transaction.atomic
def record_feedback(*, page: str, kind: FeedbackKind, text: str = "") -> PageFeedback:
    """Keep what a citizen said about a page (already checked by the form), for the staff of its body."""
    body = body_of_page(page)
    feedback = PageFeedback.objects.create(page=page, kind=kind, text=text, body=body)
    record(
        "feedback.received",
        actor_label="公众",
        target=page,
        details={"kind": str(kind), "id": feedback.pk},
        body=body,
    )
    return feedback


@transaction.atomic
def mark_handled(feedback: PageFeedback, *, acting_user) -> PageFeedback:
    """A member of staff has read it and done what was needed (corrected the page, or nothing to do)."""
    if feedback.handled_at is None:
        feedback.handled_at = timezone.now()
        feedback.handled_by = acting_user
        feedback.save(update_fields=["handled_at", "handled_by"])
        record(
            "feedback.handled",
            actor=acting_user,
            target=feedback.page,
            details={"id": feedback.pk},
            body=feedback.body,
        )
    return feedback


def counts_by_page(entries=None, limit: int | None = None) -> list[dict]:
    """Per page: how many said useful, not useful, reported an error, and how many are not yet handled,
    the pages with the most open feedback first (one query). `entries`: the feedback a person may see."""
    rows = (
        (PageFeedback.objects.all() if entries is None else entries)
        .values("page")
        .annotate(
            useful=Count("id", filter=Q(kind=FeedbackKind.USEFUL)),
            not_useful=Count("id", filter=Q(kind=FeedbackKind.NOT_USEFUL)),
            errors=Count("id", filter=Q(kind=FeedbackKind.ERROR)),
            open=Count("id", filter=Q(handled_at__isnull=True) & ~Q(kind=FeedbackKind.USEFUL)),
            total=Count("id"),
        )
        .order_by("-open", "-total", "page")
    )
    return list(rows[:limit] if limit else rows)


def open_count(entries=None) -> int:
    """Feedback that asks for attention: "not useful" or an error report, not yet handled."""
    entries = PageFeedback.objects.all() if entries is None else entries
    return entries.filter(handled_at__isnull=True).exclude(kind=FeedbackKind.USEFUL).count()
