"""Unannounced years: the statutory holidays of the 全国年节及纪念日放假办法 (2024 revision) are skipped,
and the answer stays provisional (domain.md §5)."""

import datetime

import chinese_calendar
import pytest
from lunar_python import Lunar, LunarYear

from gongkai.workdays.calendar import (
    add_workdays,
    provisional_notice,
    provisional_rule,
    provisional_wording,
    workdays_between,
)
from gongkai.workdays.statutory import STATUTORY_RULES_FROM, festival_near, statutory_holidays

D = datetime.date
pytestmark = pytest.mark.django_db


def days(*spans):
    """('春节', D(2027, 2, 5), 4) → the 4 days from 2/5, each named 春节."""
    return {
        first + datetime.timedelta(days=offset): name
        for name, first, count in spans
        for offset in range(count)
    }


def weekends_only(start, n):
    """What the calendar answered before: weekends the only days off in an unannounced year."""
    day = start
    while n:
        day += datetime.timedelta(days=1)
        n -= day.weekday() < 5
    return day


def test_2027_is_domain_md_table():
    assert statutory_holidays(2027) == days(
        ("元旦", D(2027, 1, 1), 1),
        ("春节", D(2027, 2, 5), 4),  # 除夕 Fri 2/5 to 初三 Mon 2/8
        ("清明节", D(2027, 4, 5), 1),
        ("劳动节", D(2027, 5, 1), 2),
        ("端午节", D(2027, 6, 9), 1),
        ("中秋节", D(2027, 9, 15), 1),
        ("国庆节", D(2027, 10, 1), 3),
    )


def test_2028_and_a_中秋_inside_国庆():
    holidays = statutory_holidays(2028)
    assert [day for day, name in holidays.items() if name == "春节"] == [
        D(2028, 1, 25),  # 除夕
        D(2028, 1, 26),  # 正月初一
        D(2028, 1, 27),
        D(2028, 1, 28),
    ]
    assert holidays[D(2028, 4, 4)] == "清明节"
    assert holidays[D(2028, 5, 28)] == "端午节"
    # 八月十五 is 10/3: one day off, not an extra one.
    assert holidays[D(2028, 10, 3)] == "中秋节、国庆节"
    assert len(holidays) == 1 + 4 + 1 + 2 + 1 + 3


@pytest.mark.parametrize("year", [2025, 2026])
def test_the_statutory_days_are_inside_every_announced_schedule(year):
    """GIVEN the two years announced under the 2024 rules WHEN comparing with the published schedules
    THEN every statutory day is a day off there: the rule agrees with real notices, 除夕 included."""
    for day, name in statutory_holidays(year).items():
        assert chinese_calendar.is_holiday(day), (day, name)


def test_除夕_is_the_last_day_of_腊月_whether_it_has_29_or_30_days():
    """2026's 除夕 is 腊月二十九 (乙巳年腊月 has 29 days; there is no 腊月三十 that year). Over 16 years both
    lengths occur, and every time the 4 days start on the last day of 腊月."""
    lengths = {}
    for year in range(2025, 2041):
        lengths[year] = LunarYear.fromYear(year - 1).getMonth(12).getDayCount()
        last = Lunar.fromYmd(year - 1, 12, lengths[year]).getSolar()
        first_spring_day = min(day for day, name in statutory_holidays(year).items() if name == "春节")
        assert first_spring_day == D(last.getYear(), last.getMonth(), last.getDay()), year
    assert lengths[2026] == 29 and statutory_holidays(2026).get(D(2026, 2, 16)) == "春节"
    assert set(lengths.values()) == {29, 30}


def test_the_rule_starts_in_2025():
    """Earlier years had 3-day 春节 from 初一; chinesecalendar covers them, so there is no guess for them."""
    assert STATUTORY_RULES_FROM == 2025
    assert statutory_holidays(2024) == {}
    assert provisional_rule(2003).holidays == {}
    assert "只按周末推算" in provisional_notice((2003,))


@pytest.mark.parametrize(
    ("start", "n", "old", "new", "why"),
    [
        # 12/21–25 1–5, 12/28–31 6–9; 1/1 would be the 10th
        (D(2026, 12, 20), 10, D(2027, 1, 1), D(2027, 1, 4), "元旦"),
        # 1/11–2/4 1–19; Fri 2/5 would be the 20th, but 2/5–2/8 is 春节
        (D(2027, 1, 8), 20, D(2027, 2, 5), D(2027, 2, 9), "除夕"),
        (D(2027, 1, 8), 21, D(2027, 2, 8), D(2027, 2, 10), "正月初三"),
        # 3/9–4/2 1–19; Mon 4/5 would be the 20th: 清明
        (D(2027, 3, 8), 20, D(2027, 4, 5), D(2027, 4, 6), "清明"),
        # 9/6–9/30 1–19 (Wed 9/15 中秋 skipped too); Fri 10/1 would be the 20th
        (D(2027, 9, 3), 20, D(2027, 10, 1), D(2027, 10, 5), "国庆 and 中秋"),
    ],
)
def test_a_deadline_that_weekends_alone_would_end_on_a_statutory_holiday(start, n, old, new, why):
    """GIVEN no 2027 schedule WHEN counting n working days THEN the day is after the holiday, still provisional."""
    assert weekends_only(start, n) == old
    result = add_workdays(start, n)
    assert result.date == new, why
    assert result.date > old
    assert result.provisional and result.unknown_years == (2027,)
    assert workdays_between(start, new).count == n


def test_the_words_for_a_provisional_date():
    assert provisional_wording([2027]) == "预计，以国务院办公厅公布的2027年放假安排为准"
    assert provisional_wording([2028, 2027]) == "预计，以国务院办公厅公布的2027、2028年放假安排为准"


def test_festival_near_names_bridging_and_make_up_days():
    assert festival_near(D(2027, 2, 10)) == "春节"
    assert festival_near(D(2027, 10, 9)) == "国庆节"
    assert festival_near(D(2026, 12, 31)) == "元旦"
    assert festival_near(D(2027, 7, 20)) == ""
