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


def empty_three() -> Table:
    return {key: {col: 0 for col, _ in COLUMNS} for key, _, _ in ROWS if key not in HEADING_ROWS}


def _year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def section_three(year: int) -> Table:
    start, end = _year_bounds(year)
    table = empty_three()
    # Counted by the database, one row per (type, new or carried over, result): 100,000 cases fetched one
    # by one into Python took several times as long.
    groups = (
        Application.objects.filter(received_on__isnull=False, received_on__lte=end)
        .exclude(closed_on__lt=start)
        .annotate(
            is_new=Case(When(received_on__gte=start, then=Value(True)), default=Value(False)),
            concluded_as=Case(When(closed_on__lte=end, then=F("result")), default=Value("")),
        )
        .values_list("applicant_type", "is_new", "concluded_as")
        .annotate(cases=Count("id"))
        .order_by()
    )
    for applicant_type, is_new, concluded_as, cases in groups:
        table["new" if is_new else "carried_over"][applicant_type] += cases
        # Not concluded by the end of the year (or concluded without a result row): carried forward.
        table[concluded_as if concluded_as in RESULT_ROWS else "carried_forward"][applicant_type] += cases
    return with_sums(table)


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


def section_four(year: int) -> Table:
    start, end = _year_bounds(year)
    table = {block: {col: 0 for col, _ in REVIEW_COLUMNS} for block, _ in REVIEW_BLOCKS}
    groups = (
        ReviewCase.objects.filter(filed_on__range=(start, end))
        .annotate(
            known=Case(
                When(~Q(outcome="pending") & Q(decided_on__lte=end), then=F("outcome")),
                default=Value("pending"),
            )
        )
        .values_list("kind", "known")
        .annotate(cases=Count("id"))
        .order_by()
    )
    for kind, known, cases in groups:
        table[kind][known] += cases
        table[kind]["total"] += cases
    return table
