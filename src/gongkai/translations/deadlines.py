"""The Mongolian texts' running clocks: for the dashboard, and for the working-day calendar's "what moves"."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.urls import reverse

from gongkai.bodies.scope import within
from gongkai.translations.models import OPEN_STATES, TextState, TextTranslation
from gongkai.workdays.calendar import workdays_between
from gongkai.workdays.deadlines import DeadlineMove

DUE_SOON_WORKDAYS = 5  # as the guides' clocks


@dataclass(frozen=True)
class TextClock:
    """A Mongolian text's clock after its Chinese changed: how long is left, or how late it is, and who holds it."""

    translation: TextTranslation
    remaining: int | None  # working days left until due_on
    overdue_by: int | None  # working days past due_on

    @property
    def status(self) -> str:
        if self.overdue_by is not None:
            return "overdue"
        return "due_soon" if self.remaining <= DUE_SOON_WORKDAYS else "pending"

    @property
    def status_label(self) -> str:
        return {"overdue": "已超期未公开", "due_soon": "即将到期", "pending": "待公开"}[self.status]

    @property
    def stage(self) -> str:
        return self.translation.get_state_display()

    @property
    def holder(self) -> str:
        """Who has to act next: the editor of a draft, a reviewer of a submitted version."""
        from gongkai.accounts.people import display_name

        tr = self.translation
        if tr.state == "submitted":
            return "审核人"
        return f"编辑 {display_name(tr.author)}"

    @property
    def lateness(self) -> str:
        if self.overdue_by:
            return f"已超期 {self.overdue_by} 个工作日"
        return "已过最迟公开日期（今天不是工作日）" if self.overdue_by is not None else ""


def clock_of(tr: TextTranslation, today: datetime.date) -> TextClock:
    if today > tr.due_on:
        return TextClock(tr, 0, workdays_between(tr.due_on, today).count)
    return TextClock(tr, workdays_between(today, tr.due_on).count, None)


def clocks(today: datetime.date, paths: list[str] | None = None) -> list[TextClock]:
    """Every running clock of these bodies (all of them without `paths`), earliest due first: one query."""
    return [clock_of(tr, today) for tr in running(paths)]


def running(paths: list[str] | None = None):
    """Versions answering a change of the Chinese and not yet published, earliest due first, with their
    author and body: one query, whatever their number. `paths` keeps those of these bodies' subtrees."""
    found = (
        TextTranslation.objects.filter(state__in=OPEN_STATES, formed_on__isnull=False, due_on__isnull=False)
        .select_related("author", "body")
        .order_by("due_on", "kind", "object_id")
    )
    return found if paths is None else found.filter(within(paths))


def awaiting_review(paths: list[str] | None = None):
    """Versions submitted for review, oldest first, with their body and submitter: one query, whatever their
    number. `paths` keeps those of these bodies' subtrees (all without it)."""
    found = (
        TextTranslation.objects.filter(state=TextState.SUBMITTED)
        .select_related("body", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    return found if paths is None else found.filter(within(paths))


def text_deadline_moves(years: tuple[int, ...], paths: list[str] | None = None) -> list[DeadlineMove]:
    from gongkai.translations.services import deadline, kind_label

    found = running(paths)
    if years:
        found = found.filter(formed_on__year__in=set(years) | {year - 1 for year in years})
    moves = []
    for tr in found:
        due_on, provisional = deadline(tr.formed_on)
        if (due_on, provisional) == (tr.due_on, tr.due_provisional):
            continue
        author = tr.author
        moves.append(
            DeadlineMove(
                kind="蒙古文译文公开期限",
                label=f"{kind_label(tr.kind)} {tr.label} {tr.version_label}",
                path=reverse("translations:text", args=[tr.kind, tr.object_id]),
                old_due=tr.due_on,
                new_due=due_on,
                old_provisional=tr.due_provisional,
                new_provisional=provisional,
                owner=author.get_full_name() or author.get_username(),
                recipients=(author.email,) if author.email and author.is_active else (),
                body=tr.body,
            )
        )
    return moves
