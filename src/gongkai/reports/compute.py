"""Sections 三 and 四 of the annual report, computed from the case records.

Which cases count where, for year Y:
- 一 new: received in Y. 二 carried over: received before Y and not concluded before Y.
- 三 results: concluded in Y (replied, or ended by a lapse), by result category.
- 四 carried forward: received by the end of Y and not concluded by then.
Every case received by the end of Y and not concluded before Y is in exactly one of 三 and 四, so
一 + 二 = 三（七） + 四 holds for computed figures; the checks exist for staff adjustments and
for agreement with last year's published report.
- Section 四: review and litigation cases filed in Y, with the outcome known at the end of Y.
"""

import datetime

from django.db.models import Case, Count, F, Q, Value, When

from gongkai.inforequests.models import Application, ReviewCase
from gongkai.reports.template import (
    COLUMNS,
    GROUPS,
    HEADING_ROWS,
    RESULT_ROWS,
    REVIEW_BLOCKS,
    REVIEW_COLUMNS,
    ROWS,
    TYPE_COLUMNS,
)

Table = dict[str, dict[str, int]]
# Every application of the installation; a body's report passes Q(body=…), a rolled-up one `within(…)`.
ALL = Q()


def empty_three() -> Table:
    return {key: {col: 0 for col, _ in COLUMNS} for key, _, _ in ROWS if key not in HEADING_ROWS}


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def section_three(year: int, owner: Q = ALL) -> Table:
    """Section 三 for the applications `owner` selects (a body's own, or a body and those below it)."""
    return add_tables(section_three_by_body(year, owner).values(), empty_three())


def section_three_by_body(year: int, owner: Q = ALL) -> dict[int, Table]:
    """Section 三 of each body that has applications among those `owner` selects, in one query."""
    start, end = _year_bounds(year)
    tables: dict[int, Table] = {}
    # Counted by the database, one row per (body, type, new or carried over, result): 100,000 cases fetched
    # one by one into Python took several times as long.
    groups = (
        # A duplicate merged into the application it repeats is that application: counted once.
        Application.objects.filter(
            owner, received_on__isnull=False, received_on__lte=end, merged_into__isnull=True
        )
        .exclude(closed_on__lt=start)
        .annotate(
            is_new=Case(When(received_on__gte=start, then=Value(True)), default=Value(False)),
            concluded_as=Case(When(closed_on__lte=end, then=F("result")), default=Value("")),
        )
        .values_list("body_id", "applicant_type", "is_new", "concluded_as")
        .annotate(cases=Count("id"))
        .order_by()
    )
    for body_id, applicant_type, is_new, concluded_as, cases in groups:
        table = tables.setdefault(body_id, empty_three())
        table["new" if is_new else "carried_over"][applicant_type] += cases
        # Not concluded by the end of the year (or concluded without a result row): carried forward.
        table[concluded_as if concluded_as in RESULT_ROWS else "carried_forward"][applicant_type] += cases
    return {body_id: with_sums(table) for body_id, table in tables.items()}


def add_tables(tables, start: Table) -> Table:
    """Cell by cell sum of tables of one shape (a county's rolled-up report adds its bodies' tables)."""
    total = {row: dict(cells) for row, cells in start.items()}
    for table in tables:
        for row, cells in table.items():
            for col, value in cells.items():
                total[row][col] += value
    return total


def with_sums(table: Table) -> Table:
    """Fill the group rows, the total row and the total column from the leaf cells."""
    for group, rows in GROUPS.items():
        for col in TYPE_COLUMNS:
            table[group][col] = sum(table[row][col] for row in rows)
    for col in TYPE_COLUMNS:
        table["total"][col] = sum(table[row][col] for row in RESULT_ROWS)
    for row in table.values():
        row["total"] = sum(row[col] for col in TYPE_COLUMNS)
    return table


def empty_four() -> Table:
    return {block: {col: 0 for col, _ in REVIEW_COLUMNS} for block, _ in REVIEW_BLOCKS}


def section_four(year: int, owner: Q = ALL) -> Table:
    """Section 四 for the review and litigation cases brought against the applications `owner` selects."""
    return add_tables(section_four_by_body(year, owner).values(), empty_four())


def section_four_by_body(year: int, owner: Q = ALL) -> dict[int, Table]:
    start, end = _year_bounds(year)
    tables: dict[int, Table] = {}
    groups = (
        ReviewCase.objects.filter(filed_on__range=(start, end))
        .annotate(
            known=Case(
                When(~Q(outcome="pending") & Q(decided_on__lte=end), then=F("outcome")),
                default=Value("pending"),
            )
        )
        .values_list("application__body_id", "kind", "known")
        .annotate(cases=Count("id"))
        .order_by()
    )
    if owner != ALL:
        groups = groups.filter(application__in=Application.objects.filter(owner))
    for body_id, kind, known, cases in groups:
        table = tables.setdefault(body_id, empty_four())
        table[kind][known] += cases
        table[kind]["total"] += cases
    return tables
