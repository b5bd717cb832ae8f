"""The statutory holidays fixed by the 全国年节及纪念日放假办法, for years whose schedule is not yet announced.

The 放假办法 as revised in 2024 (in force 2025-01-01, ``STATUTORY_RULES_FROM``) gives everyone these
days off, every year:

    元旦 1/1 · 春节 除夕 to 正月初三 (4 days) · 清明 the day of the 清明 solar term · 劳动节 5/1–5/2
    端午 五月初五 · 中秋 八月十五 · 国庆 10/1–10/3

Each autumn the State Council General Office only adds bridging days and 调休 weekends to these. So for a
year without a loaded schedule, these days are certainly not working days, and a provisional count
skips them as well as weekends (domain.md §5). The answer stays provisional: the bridging days and the
调休上班 weekends are still unknown.

Years before 2025 followed older rules (3-day 春节 from 初一, no 除夕); chinesecalendar covers all of
them from 2004, so there is no statutory rule for them here and such a year, if it ever is unknown,
counts weekends only.

Lunar dates and the solar term come from ``lunar-python``.
"""

import datetime
from functools import cache

from lunar_python import Lunar

STATUTORY_RULES_FROM = 2025
ONE_DAY = datetime.timedelta(days=1)

# The festivals in the order of the year, as (name, days off by the 放假办法).
FESTIVALS = (
    ("元旦", 1),
    ("春节", 4),
    ("清明节", 1),
    ("劳动节", 2),
    ("端午节", 1),
    ("中秋节", 1),
    ("国庆节", 3),
)


@cache
def statutory_holidays(year: int) -> dict[datetime.date, str]:
    """The statutory days off in ``year`` with their festival's name; empty before the 2025 rules."""
    if year < STATUTORY_RULES_FROM:
        return {}
    days: dict[datetime.date, str] = {}

    def add(first: datetime.date, count: int, name: str) -> None:
        for offset in range(count):
            day = first + offset * ONE_DAY
            # 中秋 can fall within 国庆 (2028-10-03): one day off, both names.
            days[day] = f"{days[day]}、{name}" if day in days else name

    add(datetime.date(year, 1, 1), 1, "元旦")
    # 除夕 is the last day of 腊月, which has 29 or 30 days: the day before 正月初一 is right either way.
    add(_lunar_date(year, 1, 1) - ONE_DAY, 4, "春节")
    add(qingming(year), 1, "清明节")
    add(datetime.date(year, 5, 1), 2, "劳动节")
    add(_lunar_date(year, 5, 5), 1, "端午节")
    add(_lunar_date(year, 8, 15), 1, "中秋节")
    add(datetime.date(year, 10, 1), 3, "国庆节")
    return days


def qingming(year: int) -> datetime.date:
    """The day of the 清明 solar term (4 or 5 April, Beijing time)."""
    term = Lunar.fromYmd(year, 3, 1).getJieQiTable()["清明"]
    day = datetime.date(term.getYear(), term.getMonth(), term.getDay())
    if day.year != year:  # never seen; a wrong year would silently move a holiday
        raise ValueError(f"{year} 年清明的日期算错了：{day}")
    return day


def festival_near(day: datetime.date, *, within: int = 10) -> str:
    """The festival whose statutory days lie nearest ``day`` (at most ``within`` days away), else "".

    Used to name the days staff mark on the calendar: a bridging day or a 调休上班 weekend belongs to
    the festival it is arranged around, as in the State Council's notice.
    """
    best, best_distance = "", within + 1
    for year in (day.year - 1, day.year, day.year + 1):
        for holiday, name in statutory_holidays(year).items():
            distance = abs((holiday - day).days)
            if distance < best_distance:
                best, best_distance = name, distance
    return best


def _lunar_date(year: int, month: int, day: int) -> datetime.date:
    """The solar date of a day in the (non-leap) lunar month of the lunar year that starts in ``year``."""
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return datetime.date(solar.getYear(), solar.getMonth(), solar.getDay())
