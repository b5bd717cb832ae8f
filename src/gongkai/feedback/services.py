"""State changes of citizens' feedback, one function each, audited; and the counts staff read."""

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from gongkai.audit.services import record
from gongkai.feedback.models import FeedbackKind, PageFeedback


@transaction.atomic
def record_feedback(*, page: str, kind: FeedbackKind, text: str = "") -> PageFeedback:
    """Keep what a citizen said about a page (already checked by the form)."""
    feedback = PageFeedback.objects.create(page=page, kind=kind, text=text)
    record(
        "feedback.received", actor_label="公众", target=page, details={"kind": str(kind), "id": feedback.pk}
    )
    return feedback


@transaction.atomic
def mark_handled(feedback: PageFeedback, *, acting_user) -> PageFeedback:
    """A member of staff has read it and done what was needed (corrected the page, or nothing to do)."""
    if feedback.handled_at is None:
        feedback.handled_at = timezone.now()
        feedback.handled_by = acting_user
        feedback.save(update_fields=["handled_at", "handled_by"])
        record("feedback.handled", actor=acting_user, target=feedback.page, details={"id": feedback.pk})
    return feedback


def counts_by_page(limit: int | None = None) -> list[dict]:
    """Per page: how many said useful, not useful, reported an error, and how many are not yet handled,
    the pages with the most open feedback first (one query)."""
    rows = (
        PageFeedback.objects.values("page")
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


def open_count() -> int:
    """Feedback that asks for attention: "not useful" or an error report, not yet handled."""
    return PageFeedback.objects.filter(handled_at__isnull=True).exclude(kind=FeedbackKind.USEFUL).count()
