"""Applications sent twice: the same applicant asking the same body for the same thing within a few days.

It happens when a citizen saw an error page and applied again, or sent a paper copy of an online
application. Staff see such pairs flagged in the queue and on the case page and merge the later one into the
earlier (services.merge_application), so the case is handled and counted once.

The ID number and phone are encrypted at rest, so the database narrows the candidates by what it holds in
clear (body, name or the phone's last four digits, dates) and Python compares the decrypted values.
"""

import datetime
import difflib
import re
import unicodedata
from collections import defaultdict

from django.db.models import Q

from gongkai.inforequests.models import Application

WINDOW_DAYS = 7  # "within a few days" of each other
SIMILAR_TEXT = 0.85  # difflib ratio of the normalised descriptions
_NOT_WORDS = re.compile(r"[\W_]+")


def _day(app: Application) -> datetime.date:
    return app.received_on or app.submitted_at.date()


def _plain(text: str) -> str:
    """NFKC, lower case, no spaces or punctuation: "２０２５年 工伤统计。" and "2025年工伤统计" are one text."""
    return _NOT_WORDS.sub("", unicodedata.normalize("NFKC", text or "").casefold())


def _digits(text: str) -> str:
    return "".join(c for c in text or "" if c.isdigit())


def same_applicant(a: Application, b: Application) -> bool:
    """The same ID number, or the same name with the same phone number."""
    id_a, id_b = _plain(a.id_number), _plain(b.id_number)
    if id_a and id_a == id_b and a.id_type == b.id_type:
        return True
    return (
        _plain(a.name) == _plain(b.name) and bool(_digits(a.phone)) and _digits(a.phone) == _digits(b.phone)
    )


def same_request(a: Application, b: Application) -> bool:
    text_a, text_b = _plain(a.description), _plain(b.description)
    if text_a == text_b:
        return True
    return difflib.SequenceMatcher(None, text_a, text_b, autojunk=False).ratio() >= SIMILAR_TEXT


def looks_like_duplicate(a: Application, b: Application) -> bool:
    return (
        a.pk != b.pk
        and a.body_id == b.body_id
        and abs((_day(a) - _day(b)).days) <= WINDOW_DAYS
        and same_applicant(a, b)
        and same_request(a, b)
    )


def possible_duplicates(apps: list[Application]) -> dict[int, list[Application]]:
    """For each of `apps` (a page of the queue), the other unmerged applications that look like the same
    request; one query whatever the number of rows."""
    live = [app for app in apps if app.merged_into_id is None]
    if not live:
        return {}
    days = [_day(app) for app in live]
    window = datetime.timedelta(days=WINDOW_DAYS)
    start, end = min(days) - window, max(days) + window
    # Received in the window, or not yet received and registered in it (submitted_at is a datetime).
    in_window = Q(received_on__range=(start, end)) | Q(
        received_on__isnull=True, submitted_at__date__range=(start, end)
    )
    candidates = list(
        Application.objects.filter(in_window, merged_into__isnull=True, body_id__in={a.body_id for a in live})
        .filter(Q(name__in={a.name for a in live}) | Q(phone_last4__in={a.phone_last4 for a in live}))
        .only(
            "code",
            "body_id",
            "name",
            "id_type",
            "id_number",
            "phone",
            "phone_last4",
            "description",
            "received_on",
            "submitted_at",
            "status",
            "merged_into_id",
        )
        .order_by("received_on", "id")
    )
    by_body = defaultdict(list)
    for other in candidates:
        by_body[other.body_id].append(other)
    found = {}
    for app in live:
        twins = [other for other in by_body[app.body_id] if looks_like_duplicate(app, other)]
        if twins:
            found[app.pk] = twins
    return found
