"""Counting working days over chinesecalendar's years and over years nobody has loaded yet.

Every expected date below is counted by hand from the State Council schedules; the comment beside it
lists the working days counted.
"""

import datetime

import pytest

from gongkai.workdays.calendar import (
    UnknownYearError,
    add_workdays,
    is_workday,
    known_years,
    provisional_notice,
    workdays_between,
    year_is_known,
)

D = datetime.date
pytestmark = pytest.mark.django_db


def test_national_day_2025_skips_the_holiday_and_counts_both_weekend_working_days():
    """GIVEN 2025-09-26 (Friday); 10/1–10/8 off, Sunday 9/28 and Saturday 10/11 are working days
    WHEN counting 20 working days
    THEN the 20th is Thursday 2025-10-30."""
    # 9/28 1, 9/29 2, 9/30 3, 10/9 4, 10/10 5, 10/11 6, 10/13–17 7–11, 10/20–24 12–16, 10/27–30 17–20
    result = add_workdays(D(2025, 9, 26), 20)
    assert result.date == D(2025, 10, 30)
    assert not result.provisional
    assert result.unknown_years == ()


def test_mid_autumn_and_national_day_2026():
    """GIVEN 2026-09-18 (Friday); Sunday 9/20 works, 9/25–27 中秋 and 10/1–10/7 国庆 off, Saturday 10/10 works
    WHEN counting 20 working days
    THEN the 20th is Thursday 2026-10-22."""
    # 9/20 1, 9/21–24 2–5, 9/28–30 6–8, 10/8 9, 10/9 10, 10/10 11, 10/12–16 12–16, 10/19–22 17–20
    assert add_workdays(D(2026, 9, 18), 20).date == D(2026, 10, 22)


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (5, D(2025, 2, 7)),  # Sun 1/26 1, Mon 1/27 2, (1/28–2/4 off) 2/5 3, 2/6 4, 2/7 5
        (6, D(2025, 2, 8)),  # … Saturday 2/8 is a working day: 6
        (7, D(2025, 2, 10)),  # … Sunday 2/9 rests, Monday 2/10: 7
    ],
)
def test_spring_festival_2025(n, expected):
    """GIVEN 2025-01-24 (Friday); 1/28–2/4 off, Sunday 1/26 and Saturday 2/8 are working days
    WHEN counting n working days
    THEN the holiday is skipped and both weekend working days count."""
    assert add_workdays(D(2025, 1, 24), n).date == expected


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (7, D(2026, 2, 28)),  # Fri 2/13 1, Sat 2/14 2, (2/15–2/23 off) 2/24–2/27 3–6, Sat 2/28 7
        (8, D(2026, 3, 2)),  # … Sunday 3/1 rests, Monday 3/2: 8
    ],
)
def test_spring_festival_2026(n, expected):
    """GIVEN 2026-02-12 (Thursday); 2/15–2/23 off, Saturdays 2/14 and 2/28 are working days
    WHEN counting n working days
    THEN the result can fall on the working Saturday."""
    assert add_workdays(D(2026, 2, 12), n).date == expected


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (D(2025, 3, 7), D(2025, 3, 10)),  # Friday → Monday: the Friday itself does not count
        (D(2026, 9, 30), D(2026, 10, 8)),  # the day before National Day → the first day back
        (D(2025, 10, 1), D(2025, 10, 9)),  # starting inside the holiday
        (D(2026, 2, 13), D(2026, 2, 14)),  # Friday → the working Saturday
    ],
)
def test_the_start_day_itself_never_counts(start, expected):
    """GIVEN a start date WHEN adding 1 working day THEN the answer is the next working day after it."""
    assert add_workdays(start, 1).date == expected


def test_zero_working_days_is_the_start_itself():
    """GIVEN any start, even a Sunday in an unknown year WHEN adding 0 THEN the start comes back, not provisional."""
    assert add_workdays(D(2027, 1, 3), 0).date == D(2027, 1, 3)
    assert not add_workdays(D(2027, 1, 3), 0).provisional


def test_negative_counts_are_refused():
    with pytest.raises(ValueError, match="负数"):
        add_workdays(D(2026, 1, 5), -1)


def test_datetimes_are_refused_because_their_day_depends_on_the_time_zone():
    with pytest.raises(TypeError):
        add_workdays(datetime.datetime(2026, 1, 5, 23, 30), 1)


def test_a_span_into_2027_is_provisional_and_names_the_year():
    """GIVEN 2026-12-20 (Sunday) and no 2027 schedule
    WHEN counting 20 working days
    THEN 2027 is estimated (weekends and 元旦 off) and the result says so."""
    # 12/21–25 1–5, 12/28–31 6–9, (Fri 1/1 元旦 by statute), 1/4–8 10–14, 1/11–15 15–19, Mon 1/18 20
    result = add_workdays(D(2026, 12, 20), 20)
    assert result.date == D(2027, 1, 18)
    assert result.provisional
    assert result.unknown_years == (2027,)


def test_a_span_that_stops_before_the_unknown_year_is_not_provisional():
    """GIVEN 2026-12-20 WHEN counting 9 working days THEN it ends on 12/31 and never touched 2027."""
    # 12/21–25 1–5, 12/28–31 6–9
    result = add_workdays(D(2026, 12, 20), 9)
    assert result.date == D(2026, 12, 31)
    assert not result.provisional


def test_several_unknown_years_are_all_named():
    # 2027 estimated: 261 weekdays (52 weeks plus Friday 12/31) less the 7 statutory days on weekdays
    # (1/1, 2/5, 2/8, 4/5, 6/9, 9/15, 10/1), so the 255th working day after 2026-12-31 is the first
    # weekday of 2028, Monday 2028-01-03 (元旦 2028 is a Saturday).
    assert add_workdays(D(2026, 12, 31), 254).date == D(2027, 12, 31)
    result = add_workdays(D(2026, 12, 31), 255)
    assert result.date == D(2028, 1, 3)
    assert result.unknown_years == (2027, 2028)
    assert "2027、2028 年" in provisional_notice(result.unknown_years)


def test_is_workday_in_known_years():
    assert is_workday(D(2026, 2, 14))  # Saturday 调休上班日
    assert not is_workday(D(2026, 2, 16))  # Monday in 春节
    assert not is_workday(D(2026, 3, 1))  # plain Sunday
    assert is_workday(D(2026, 3, 2))  # plain Monday


def test_is_workday_refuses_an_unknown_year_rather_than_guess():
    with pytest.raises(UnknownYearError) as caught:
        is_workday(D(2027, 1, 4))
    assert caught.value.year == 2027
    assert "2027 年的节假日安排尚未载入" in str(caught.value)


def test_known_years_are_the_packages_range():
    assert year_is_known(2004)
    assert year_is_known(2026)
    assert not year_is_known(2027)
    assert not year_is_known(2003)
    assert known_years() == tuple(range(2004, 2027))


def test_workdays_between_counts_after_start_up_to_and_including_end():
    """GIVEN the National Day 2025 span WHEN counting between the dates THEN it matches add_workdays."""
    assert workdays_between(D(2025, 9, 26), D(2025, 10, 30)).count == 20
    # Fri 3/7 not counted; Sat, Sun rest; Mon 3/10 counts.
    assert workdays_between(D(2025, 3, 7), D(2025, 3, 10)).count == 1
    assert workdays_between(D(2025, 3, 7), D(2025, 3, 9)).count == 0
    assert workdays_between(D(2025, 3, 7), D(2025, 3, 7)).count == 0


def test_workdays_between_is_negative_when_the_end_has_passed():
    """GIVEN a deadline of 2025-09-26 and today 2025-10-30 WHEN asking what remains THEN -20: 20 days late."""
    assert workdays_between(D(2025, 10, 30), D(2025, 9, 26)).count == -20


def test_workdays_between_flags_unknown_years():
    result = workdays_between(D(2026, 12, 20), D(2027, 1, 15))
    assert result.count == 19  # 1/1 is 元旦 by statute
    assert result.provisional
    assert result.unknown_years == (2027,)


def test_working_days_in_2026():
    """GIVEN 2026: 261 weekdays, 19 of them holidays, 6 weekend working days THEN 248 working days."""
    # Weekday holidays: 1/1–2, 2/16–20, 2/23, 4/6, 5/1, 5/4–5, 6/19, 9/25, 10/1–2, 10/5–7 = 19
    # Weekend working days: 1/4, 2/14, 2/28, 5/9, 9/20, 10/10 = 6
    assert workdays_between(D(2025, 12, 31), D(2026, 12, 31)).count == 248
