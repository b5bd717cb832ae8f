"""The Chinese working-day calendar: is a day a working day, and which day is N working days on.

Where the answer for a year comes from:

1. a year with a ``HolidaySchedule`` row uses that row's days and nothing else;
2. otherwise a year the ``chinesecalendar`` package covers (2004–2026 in 1.11.0) uses the package;
3. any other year is *unknown*. ``is_workday`` refuses it with ``UnknownYearError``;
   ``add_workdays`` and ``workdays_between`` estimate it and say so through ``provisional`` and
   ``unknown_years``, never silently. The estimate skips weekends and the statutory holidays that the
   全国年节及纪念日放假办法 fixes from 2025 on (``statutory.py``); only the bridging days and the
   调休上班 weekends are left to the year's announcement.

In a known year a listed 调休上班日 is a working day, a listed holiday is a rest day, and every other
day is a working day from Monday to Friday.

Counting follows 民法典 art. 201: the start day itself never counts, so ``add_workdays(d, 20)`` is the
20th working day after ``d``.

Caching, kept correct across processes: outside a web request every call reads the schedule table
afresh (one small query), so a schedule loaded by another process counts at once. Inside a request the
first call's snapshot serves the rest of that request, so a list page of many deadlines costs one
query, not one per row; ``services.notify_schedule_changed`` drops it the moment a schedule changes.
A batch job outside a request takes one snapshot with ``load_calendar()`` and asks it. The package's
own data never changes and is cached per process.
"""

import datetime
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache

import chinese_calendar
from chinese_calendar import constants as package_data
from django.core.signals import request_finished, request_started
from django.utils.translation import gettext

from gongkai.workdays.models import DayKind, HolidaySchedule
from gongkai.workdays.statutory import STATUTORY_RULES_FROM, statutory_holidays

ONE_DAY = datetime.timedelta(days=1)
WEEKDAY_NAMES = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]


class UnknownYearError(LookupError):
    """The year has no loaded schedule and the chinesecalendar package does not cover it."""

    def __init__(self, year: int):
        self.year = year
        super().__init__(f"{year} 年的节假日安排尚未载入，无法确定当天是否为工作日。")


@dataclass(frozen=True)
class WorkdayResult:
    """The answer to "N working days after a date"; provisional when an unknown year was counted."""

    date: datetime.date
    unknown_years: tuple[int, ...] = ()
    provisional: bool = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "provisional", bool(self.unknown_years))


@dataclass(frozen=True)
class WorkdayCount:
    """A number of working days; provisional when an unknown year was counted."""

    count: int
    unknown_years: tuple[int, ...] = ()
    provisional: bool = field(init=False)

    def __post_init__(self):
        object.__setattr__(self, "provisional", bool(self.unknown_years))


@dataclass(frozen=True)
class YearRule:
    """One known year: its holidays and weekend working days, each with its festival name."""

    year: int
    holidays: dict[datetime.date, str]
    workdays: dict[datetime.date, str]
    source: str
    from_schedule: bool

    def is_workday(self, day: datetime.date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays


class WorkdayCalendar:
    """A snapshot of the calendar: the loaded schedules over the package's data."""

    def __init__(self, schedules: dict[int, YearRule]):
        self._schedules = schedules

    def rule_for(self, year: int) -> YearRule | None:
        """The year's rule, or None for an unknown year."""
        return self._schedules.get(year) or _package_rules().get(year)

    def estimate_for(self, year: int) -> YearRule:
        """The rule that counts ``year``: its own when known, else the statutory-days estimate."""
        return self.rule_for(year) or provisional_rule(year)

    def with_schedule(self, year: int, entries: Iterable) -> "WorkdayCalendar":
        """This calendar with ``year`` as ``entries`` (objects with date, kind, name) would make it.

        What a schedule not yet saved would do to the deadlines: the staff page's preview counts with it.
        """
        rule = YearRule(year, {}, {}, "预览中的节假日安排", True)
        for entry in entries:
            (rule.workdays if entry.kind == DayKind.WORKDAY else rule.holidays)[entry.date] = entry.name
        return WorkdayCalendar({**self._schedules, year: rule})

    def is_loaded(self, year: int) -> bool:
        """Whether the year has a schedule loaded by staff (not only the package's data)."""
        return year in self._schedules

    def year_is_known(self, year: int) -> bool:
        return self.rule_for(year) is not None

    def known_years(self) -> tuple[int, ...]:
        return tuple(sorted(set(self._schedules) | set(_package_rules())))

    def is_workday(self, day: datetime.date) -> bool:
        """Whether ``day`` is a working day; raises UnknownYearError for an unknown year."""
        day = _as_date(day)
        rule = self.rule_for(day.year)
        if rule is None:
            raise UnknownYearError(day.year)
        return rule.is_workday(day)

    def add_workdays(self, start: datetime.date, n: int) -> WorkdayResult:
        """The n-th working day after ``start`` (``start`` itself never counts); n=0 gives ``start``."""
        start = _as_date(start)
        if n < 0:
            raise ValueError("工作日天数不能为负数。")
        day, counted, unknown = start, 0, set()
        while counted < n:
            day = _next_day(day)
            counted += self._counts(day, unknown)
        return WorkdayResult(day, tuple(sorted(unknown)))

    def workdays_between(self, start: datetime.date, end: datetime.date) -> WorkdayCount:
        """Working days after ``start`` up to and including ``end``; negative when ``end`` is earlier.

        The sign makes "remaining working days" natural: with ``start`` today and ``end`` the deadline,
        a negative count is the number of working days the deadline has passed.
        """
        start, end = _as_date(start), _as_date(end)
        if end < start:
            result = self.workdays_between(end, start)
            return WorkdayCount(-result.count, result.unknown_years)
        count, unknown, day = 0, set(), start
        while day < end:
            day += ONE_DAY
            count += self._counts(day, unknown)
        return WorkdayCount(count, tuple(sorted(unknown)))

    def _counts(self, day: datetime.date, unknown: set[int]) -> int:
        """1 if ``day`` is a working day; an unknown year is estimated (weekends, statutory days) and noted."""
        rule = self.rule_for(day.year)
        if rule is None:
            unknown.add(day.year)
            rule = provisional_rule(day.year)
        return int(rule.is_workday(day))


def load_calendar() -> WorkdayCalendar:
    """Read the schedule table (one query) into a fresh snapshot."""
    schedules: dict[int, YearRule] = {}
    rows = HolidaySchedule.objects.values_list(
        "year", "source", "announced_on", "days__date", "days__kind", "days__name"
    ).order_by("year", "days__date")
    for year, source, announced_on, day, kind, name in rows:
        rule = schedules.get(year)
        if rule is None:
            rule = schedules[year] = YearRule(year, {}, {}, _schedule_source(source, announced_on), True)
        if day is not None:
            (rule.workdays if kind == DayKind.WORKDAY else rule.holidays)[day] = name
    return WorkdayCalendar(schedules)


def current_calendar() -> WorkdayCalendar:
    """The calendar for this call: the request's snapshot inside a web request, else a fresh one."""
    override = getattr(_request_cache, "override", None)
    if override is not None:
        return override
    calendar = getattr(_request_cache, "calendar", None)
    if calendar is None:
        calendar = load_calendar()
        if getattr(_request_cache, "active", False):
            _request_cache.calendar = calendar
    return calendar


@contextmanager
def using_calendar(calendar: WorkdayCalendar) -> Iterator[WorkdayCalendar]:
    """Inside the block every working-day question in this thread is answered by ``calendar``.

    So the deadline code of other apps, unchanged, tells what a schedule not yet saved would do.
    """
    previous = getattr(_request_cache, "override", None)
    _request_cache.override = calendar
    try:
        yield calendar
    finally:
        _request_cache.override = previous


def forget_cached_calendar() -> None:
    """Drop this request's snapshot; called whenever a schedule changes."""
    _request_cache.calendar = None


def is_workday(day: datetime.date) -> bool:
    """Whether ``day`` is a working day; raises UnknownYearError for an unknown year."""
    return current_calendar().is_workday(day)


def add_workdays(start: datetime.date, n: int) -> WorkdayResult:
    """The n-th working day after ``start``, flagged provisional if it runs through an unknown year."""
    return current_calendar().add_workdays(start, n)


def workdays_between(start: datetime.date, end: datetime.date) -> WorkdayCount:
    """Working days after ``start`` up to and including ``end``, flagged like add_workdays."""
    return current_calendar().workdays_between(start, end)


def year_is_known(year: int) -> bool:
    """Whether the year has a loaded schedule or the chinesecalendar package covers it."""
    return current_calendar().year_is_known(year)


def known_years() -> tuple[int, ...]:
    return current_calendar().known_years()


@cache
def provisional_rule(year: int) -> YearRule:
    """The estimate for a year without a schedule: weekends and the statutory days off (from 2025)."""
    if year < STATUTORY_RULES_FROM:
        return YearRule(year, {}, {}, "只按周末推算", False)
    return YearRule(year, dict(statutory_holidays(year)), {}, "按周末和法定节假日推算", False)


def provisional_wording(unknown_years: Iterable[int]) -> str:
    """The words every provisional date carries: on the letters, the pages and the dashboard, in the active
    language (an applicant's status page and mails may be Mongolian; staff pages and letters are Chinese)."""
    years = "、".join(str(year) for year in sorted(set(unknown_years)))
    return gettext("预计，以国务院办公厅公布的%(years)s年放假安排为准") % {"years": years}


def provisional_notice(unknown_years: tuple[int, ...], what: str = "这个日期") -> str:
    """The warning shown wherever a provisional result is shown."""
    years = "、".join(str(year) for year in unknown_years)
    if all(year >= STATUTORY_RULES_FROM for year in unknown_years):
        how = "已扣除周末和法定节假日，但调休尚未公布"
    else:
        how = "只按周末推算"
    return f"注意：{years} 年的节假日安排尚未载入，{what}{how}：{provisional_wording(unknown_years)}。"


def provisional_years(due_on: datetime.date | None) -> tuple[int, ...]:
    """The unknown years a stored provisional deadline rests on, for pages that keep only the flag.

    A deadline reaches at most a few months past its start, so it can only have crossed into an unknown
    year in its own year or the one before; the deadline's own year answers if neither is unknown now.
    """
    if due_on is None:
        return ()
    calendar = current_calendar()
    years = tuple(year for year in (due_on.year - 1, due_on.year) if not calendar.year_is_known(year))
    return years or (due_on.year,)


def day_runs(days: dict[datetime.date, str]) -> list[tuple[str, datetime.date, datetime.date]]:
    """Consecutive days with the same festival name, as (name, first, last)."""
    runs: list[list] = []
    for day, name in sorted(days.items()):
        if runs and runs[-1][0] == name and (day - runs[-1][2]).days == 1:
            runs[-1][2] = day
        else:
            runs.append([name, day, day])
    return [tuple(run) for run in runs]


def weekday_name(day: datetime.date) -> str:
    return WEEKDAY_NAMES[day.weekday()]


# One snapshot per request and thread; it never outlives the request.
_request_cache = threading.local()


def _start_request_cache(**kwargs):
    _request_cache.active, _request_cache.calendar = True, None


def _end_request_cache(**kwargs):
    _request_cache.active, _request_cache.calendar = False, None


request_started.connect(_start_request_cache, dispatch_uid="workdays.start_request_cache")
request_finished.connect(_end_request_cache, dispatch_uid="workdays.end_request_cache")


def _as_date(day) -> datetime.date:
    # A datetime would silently use its own (often UTC) calendar day; callers convert with localdate().
    if isinstance(day, datetime.datetime) or not isinstance(day, datetime.date):
        raise TypeError(f"expected a datetime.date, got {type(day).__name__}; use timezone.localdate()")
    return day


def _next_day(day: datetime.date) -> datetime.date:
    try:
        return day + ONE_DAY
    except OverflowError:
        raise ValueError("结果超出了可以表示的日期范围。") from None


def _schedule_source(source: str, announced_on: datetime.date | None) -> str:
    parts = ["管理员载入的节假日安排", source, f"{announced_on:%Y-%m-%d} 公布" if announced_on else ""]
    return "，".join(part for part in parts if part)


@cache
def _package_rules() -> dict[int, YearRule]:
    """The chinesecalendar package's years, which never change while the process runs."""
    source = f"chinesecalendar {chinese_calendar.__version__} 软件包内置数据"
    first, last = min(package_data.holidays).year, max(package_data.holidays).year
    rules = {year: YearRule(year, {}, {}, source, False) for year in range(first, last + 1)}
    for days, target in ((package_data.holidays, "holidays"), (package_data.workdays, "workdays")):
        for day, holiday in days.items():
            if day.year in rules:
                getattr(rules[day.year], target)[day] = package_data.Holiday(holiday).chinese
    return rules
