"""Putting mail in the outbox and sending what is due. One function per state change of a mail:
`enqueue` (written), `send_due` (sent, or a failed attempt with the next one scheduled, or given up)."""

import contextlib
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q
from django.utils import timezone

from gongkai.outbox.models import OutgoingMail

# Retry after 1, 2, 4 … minutes, at most 6 hours apart; after 12 attempts (about a day and a half) a mail is
# given up and stays on the dashboard as failed.
MAX_ATTEMPTS = 12
MAX_DELAY = datetime.timedelta(hours=6)
# A run that dies while sending leaves its claimed mails to be picked up again after this long.
CLAIM = datetime.timedelta(minutes=10)
# Sent mail holds applicants' names and tracking codes: kept only as long as someone may ask "was it sent?".
KEEP_SENT = datetime.timedelta(days=30)


def enqueue(kind: str, subject: str, body: str, recipients: list[str]) -> OutgoingMail | None:
    """Write a mail to the outbox, in the caller's transaction: rolled back with it, committed with it."""
    recipients = sorted({r for r in recipients if r})
    if not recipients:
        return None
    return OutgoingMail.objects.create(kind=kind, subject=subject[:200], body=body, recipients=recipients)


def retry_delay(attempts: int) -> datetime.timedelta:
    return min(datetime.timedelta(minutes=2 ** max(0, attempts - 1)), MAX_DELAY)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0
    given_up: int = 0
    errors: list[str] = field(default_factory=list)


def _due(now: datetime.datetime):
    return OutgoingMail.objects.filter(
        sent_at__isnull=True, gave_up_at__isnull=True, next_attempt_at__lte=now
    )


def _claim(mail: OutgoingMail, now: datetime.datetime) -> bool:
    # Two runs at once (the timer and `gongkai remind`) must not both send a mail: whoever moves its next
    # attempt time first owns it. Works the same on SQLite and PostgreSQL.
    return bool(
        OutgoingMail.objects.filter(
            pk=mail.pk, sent_at__isnull=True, next_attempt_at=mail.next_attempt_at
        ).update(next_attempt_at=now + CLAIM)
    )


def _record_failure(mail: OutgoingMail, error: Exception, now: datetime.datetime, report: SendReport) -> None:
    mail.attempts += 1
    mail.last_error = f"{type(error).__name__}: {error}"[:500]
    if mail.attempts >= MAX_ATTEMPTS:
        mail.gave_up_at = now
        report.given_up += 1
    else:
        mail.next_attempt_at = now + retry_delay(mail.attempts)
        report.failed += 1
    report.errors.append(mail.last_error)
    mail.save(update_fields=["attempts", "last_error", "gave_up_at", "next_attempt_at"])


def _send_one(mail: OutgoingMail, connection) -> None:
    EmailMessage(
        mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, mail.recipients, connection=connection
    ).send()


def send_due(now: datetime.datetime | None = None, limit: int = 200) -> SendReport:
    """Send the mail that is due. Every failure is kept on the mail, never raised: the next run retries."""
    now = now or timezone.now()
    report = SendReport()
    due = list(_due(now)[:limit])
    if not due:
        return report
    connection = get_connection(timeout=settings.EMAIL_TIMEOUT)
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 (refused, timed out, bad login: each is a failed attempt)
        for mail in due:
            if _claim(mail, now):
                _record_failure(mail, error, now, report)
        return report
    try:
        for mail in due:
            if not _claim(mail, now):
                continue
            try:
                _send_one(mail, connection)
            except Exception as error:  # noqa: BLE001
                _record_failure(mail, error, now, report)
            else:
                OutgoingMail.objects.filter(pk=mail.pk).update(sent_at=timezone.now(), last_error="")
                report.sent += 1
    finally:
        # Closing a connection the server already dropped may fail too; there is nothing to keep from it.
        with contextlib.suppress(Exception):
            connection.close()
    return report


def retry_given_up(now: datetime.datetime | None = None) -> int:
    """Mail given up gets a fresh round of attempts (after the mail server's settings were fixed)."""
    return OutgoingMail.objects.filter(sent_at__isnull=True, gave_up_at__isnull=False).update(
        gave_up_at=None, attempts=0, next_attempt_at=now or timezone.now()
    )


def forget_old_sent(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    deleted, _ = OutgoingMail.objects.filter(sent_at__lt=now - KEEP_SENT).delete()
    return deleted


@dataclass(frozen=True)
class OutboxHealth:
    """What the dashboard and `gongkai check` say about mail."""

    waiting: int
    failing: int
    given_up: int
    last_error: str

    @property
    def is_failing(self) -> bool:
        return bool(self.failing or self.given_up)


def outbox_health() -> OutboxHealth:
    from django.db.models import Count

    unsent = OutgoingMail.objects.filter(sent_at__isnull=True)
    counts = unsent.aggregate(
        waiting=Count("pk", filter=Q(gave_up_at__isnull=True, attempts=0)),
        failing=Count("pk", filter=Q(gave_up_at__isnull=True, attempts__gt=0)),
        given_up=Count("pk", filter=Q(gave_up_at__isnull=False)),
    )
    last = unsent.filter(attempts__gt=0).order_by("-pk").values_list("last_error", flat=True).first() or ""
    return OutboxHealth(last_error=last, **counts)
