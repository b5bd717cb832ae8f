"""The dashboard as a tree of bodies: per body, what is late or due soon, rolled up to the body above.

The county's 政务公开办 answers for every body below it, so it starts from the county and drills down one
level at a time. Every figure comes from queries over the whole subtree grouped by body (a constant number
whatever the number of bodies); rolling up is addition over the bodies' paths, done in Python.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q

from gongkai.bodies.models import DISCLOSURE_KINDS, Body
from gongkai.catalog.models import Item
from gongkai.guides.models import GuideRevision, Language, RevisionState
from gongkai.inforequests.choices import Status
from gongkai.inforequests.models import Application
from gongkai.reports.models import AnnualReport, ReportState
from gongkai.reports.services import report_deadline
from gongkai.workdays.calendar import add_workdays

# Applications due within this many working days count as due soon, as guide deadlines do.
DUE_SOON_WORKDAYS = 5
FIGURES = (
    "overdue",
    "due_soon",
    "awaiting_review",
    "missing",
    "apps_overdue",
    "apps_due_soon",
    "reports_missing",
)


@dataclass
class Figures:
    overdue: int = 0
    due_soon: int = 0
    awaiting_review: int = 0
    missing: int = 0
    apps_overdue: int = 0
    apps_due_soon: int = 0
    reports_missing: int = 0

    def add(self, other: Figures) -> None:
        for name in FIGURES:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def needs_attention(self) -> bool:
        return bool(self.overdue or self.apps_overdue or self.reports_missing)


@dataclass
class BodyRow:
    """One body of the tree with its own figures and those of everything below it."""

    body: Body
    own: Figures = field(default_factory=Figures)
    total: Figures = field(default_factory=Figures)
    report: str = ""  # last year's report: 已发布, 草稿, 未开始, or "" where none is due
    report_late: bool = False
    has_children: bool = False

    @property
    def reports_missing_below(self) -> int:
        return self.total.reports_missing - self.own.reports_missing


def body_rows(bodies: list[Body], board, today: datetime.date) -> dict[str, BodyRow]:
    """Rows for `bodies` (a subtree, tree order), keyed by path, each total rolled up from below."""
    rows = {body.path: BodyRow(body) for body in bodies}
    by_id = {body.pk: rows[body.path] for body in bodies}
    for clock in board.overdue:
        _own(by_id, clock.revision.item.catalog.body_id).overdue += 1
    for clock in board.due_soon:
        _own(by_id, clock.revision.item.catalog.body_id).due_soon += 1
    for revision in board.awaiting_review:
        _own(by_id, revision.item.catalog.body_id).awaiting_review += 1
    for tr in board.text_awaiting_review:
        _own(by_id, tr.body_id).awaiting_review += 1
    # The Mongolian of groups, life events and contact blocks counts with the guides' (and their
    # translations') deadlines, under the body whose staff translate it.
    for clock in board.text_overdue:
        _own(by_id, clock.translation.body_id).overdue += 1
    for clock in board.text_due_soon:
        _own(by_id, clock.translation.body_id).due_soon += 1
    _count_items_without_guide(by_id)
    _count_applications(by_id, today)
    _count_reports(bodies, by_id, today)
    for path, row in rows.items():
        row.has_children = row.body.numchild > 0
        # Add this body's own figures to itself and to every body above it that is on the page.
        for end in range(len(path), 0, -row.body.steplen):
            above = rows.get(path[:end])
            if above is not None:
                above.total.add(row.own)
    return rows


def _own(by_id: dict[int, BodyRow], body_id: int) -> Figures:
    row = by_id.get(body_id)
    return row.own if row is not None else Figures()  # a row outside the page: nothing to add it to


def _count_items_without_guide(by_id: dict[int, BodyRow]) -> None:
    """Items with no published service guide, per body (the list of them is on each body's own page)."""
    published = GuideRevision.objects.filter(
        item=OuterRef("pk"), state=RevisionState.PUBLISHED, language=Language.CHINESE
    )
    counts = (
        Item.objects.filter(catalog__body__in=list(by_id))
        .filter(~Exists(published))
        .values("catalog__body_id")
        .annotate(n=Count("id"))
    )
    for row in counts:
        by_id[row["catalog__body_id"]].own.missing = row["n"]


def _count_applications(by_id: dict[int, BodyRow], today: datetime.date) -> None:
    soon = add_workdays(today, DUE_SOON_WORKDAYS).date
    counts = (
        Application.objects.filter(body__in=list(by_id))
        .exclude(status__in=[Status.REPLIED, Status.CLOSED])
        .values("body_id")
        .annotate(
            overdue=Count("id", filter=Q(due_on__lt=today)),
            soon=Count("id", filter=Q(due_on__gte=today, due_on__lte=soon)),
        )
    )
    for row in counts:
        by_id[row["body_id"]].own.apps_overdue = row["overdue"]
        by_id[row["body_id"]].own.apps_due_soon = row["soon"]


def _count_reports(bodies: list[Body], by_id: dict[int, BodyRow], today: datetime.date) -> None:
    """Last year's report of each body that must publish one (条例第四十九、五十条)."""
    year = today.year - 1
    states: dict[int, str] = {}
    for body_id, state in AnnualReport.objects.filter(body__in=list(by_id), year=year).values_list(
        "body_id", "state"
    ):
        if state == ReportState.PUBLISHED or body_id not in states:
            states[body_id] = state
    for body in bodies:
        if body.kind not in DISCLOSURE_KINDS:
            continue
        row = by_id[body.pk]
        state = states.get(body.pk)
        row.report = {ReportState.PUBLISHED: "已发布", ReportState.DRAFT: "草稿"}.get(state, "未开始")
        if state != ReportState.PUBLISHED and today > report_deadline(year, body):
            row.report_late = True
            row.own.reports_missing = 1
