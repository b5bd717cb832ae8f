"""Figures for the statistics page: a year beside the year before, from the case and guide records."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import ExtractMonth
from django.utils import timezone

from gongkai.catalog.models import Catalog
from gongkai.compliance.clock import Rate, all_clocks, on_time_rates
from gongkai.inforequests.choices import Status
from gongkai.inforequests.clock import compute_clock
from gongkai.inforequests.models import Application, CaseEvent
from gongkai.reports.compute import ALL, section_three

# Result groups of section 三, with the short names a chart has room for.
RESULT_GROUPS = [
    ("granted", "予以公开"),
    ("partial", "部分公开"),
    ("denied", "不予公开"),
    ("unable", "无法提供"),
    ("not_handled", "不予处理"),
    ("other", "其他处理"),
]


def applications_per_month(year: int, owner: Q = ALL) -> list[int]:
    counts = dict(
        Application.objects.filter(owner, received_on__year=year, merged_into__isnull=True)
        .annotate(month=ExtractMonth("received_on"))
        .values_list("month")
        .annotate(n=Count("id"))
        .values_list("month", "n")
    )
    return [counts.get(month, 0) for month in range(1, 13)]


def results(year: int, owner: Q = ALL) -> list[int]:
    """Cases concluded in the year, per result group (as computed, before any staff adjustment)."""
    three = section_three(year, owner)
    return [three[key]["total"] for key, _ in RESULT_GROUPS]


@dataclass(frozen=True)
class HandlingTime:
    cases: int
    average: float | None
    worst: int | None
    provisional: bool  # a holiday schedule was missing, counted weekends-only


def handling_time(year: int, owner: Q = ALL) -> HandlingTime:
    """Working days the reply period ran, for the cases answered in the year.

    Counted as the statute counts the period (inforequests.clock): a correction restarts it from the corrected
    application (条例第三十条), a consultation stops it for up to 15 working days (第三十三条第三款) and a
    fee notice until payment, so the figure is the office's time, comparable with the 20-day limit.
    """
    answered = (
        Application.objects.filter(owner, closed_on__year=year, received_on__isnull=False)
        .filter(status=Status.REPLIED)
        .only("received_on")
        .prefetch_related(
            Prefetch("events", queryset=CaseEvent.objects.only("application_id", "kind", "on", "data"))
        )
    )
    clocks = [compute_clock(app.received_on, list(app.events.all())) for app in answered]
    days = [clock.counted_days for clock in clocks if clock.counted_days is not None]
    if not days:
        return HandlingTime(0, None, None, False)
    return HandlingTime(
        len(days), round(sum(days) / len(days), 1), max(days), any(clock.provisional for clock in clocks)
    )


def on_time_by_channel(year: int, owner: Q = ALL) -> dict[str, Rate]:
    """Publication on time (条例第二十六条) per channel, for the deadlines that fell in the year.

    Judged as at the end of the year (or today, for the current year), as known_figures quotes it.
    """
    as_of = min(datetime.date(year, 12, 31), timezone.localdate())
    catalogs = None if owner == ALL else Catalog.objects.filter(owner)
    clocks = [clock for clock in all_clocks(as_of, catalogs=catalogs) if clock.due_on.year == year]
    return on_time_rates(clocks)[0]


@dataclass(frozen=True)
class YearStatistics:
    year: int
    months: list[int]
    months_before: list[int]
    results: list[int]
    results_before: list[int]
    time: HandlingTime
    time_before: HandlingTime
    rates: dict[str, Rate]
    rates_before: dict[str, Rate]

    @property
    def channels(self) -> list[str]:
        return sorted(set(self.rates) | set(self.rates_before))


def year_statistics(year: int, owner: Q = ALL) -> YearStatistics:
    """A year beside the one before, for the applications and catalogs `owner` selects (by their body)."""
    return YearStatistics(
        year=year,
        months=applications_per_month(year, owner),
        months_before=applications_per_month(year - 1, owner),
        results=results(year, owner),
        results_before=results(year - 1, owner),
        time=handling_time(year, owner),
        time_before=handling_time(year - 1, owner),
        rates=on_time_by_channel(year, owner),
        rates_before=on_time_by_channel(year - 1, owner),
    )
