"""Loading an announced schedule: it overrides chinesecalendar, ends "provisional", and refuses bad days whole."""

import datetime
from pathlib import Path

import chinese_calendar
import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from gongkai.audit.models import AuditEntry
from gongkai.workdays.calendar import add_workdays, is_workday, known_years, workdays_between, year_is_known
from gongkai.workdays.models import DayKind, HolidaySchedule, ScheduleDay
from gongkai.workdays.schedule_files import ScheduleEntry, ScheduleError, read_schedule
from gongkai.workdays.services import load_schedule
from gongkai.workdays.signals import schedule_changed

D = datetime.date
HOLIDAY, WORKDAY = DayKind.HOLIDAY, DayKind.WORKDAY
DATA_2026 = Path(__file__).resolve().parents[2] / "src" / "gongkai" / "workdays" / "data" / "2026.csv"
# A made-up 2027 schedule that is easy to count by hand: Friday 1/1 off, Saturday 1/9 a working day.
SCHEDULE_2027 = [(D(2027, 1, 1), HOLIDAY, "元旦"), (D(2027, 1, 9), WORKDAY, "元旦")]

pytestmark = pytest.mark.django_db


@pytest.fixture
def signals_sent():
    sent = []

    def receiver(sender, years, **kwargs):
        sent.append((sender, years))

    schedule_changed.connect(receiver)
    yield sent
    schedule_changed.disconnect(receiver)


def nothing_saved():
    return (
        not HolidaySchedule.objects.exists()
        and not ScheduleDay.objects.exists()
        and not AuditEntry.objects.exists()
    )


def test_loading_2027_ends_the_provisional_estimate():
    """GIVEN no 2027 schedule, so 15 working days after 2026-12-20 is an estimate (weekends, statutory days)
    WHEN the 2027 schedule is loaded (1/1 off, Saturday 1/9 working)
    THEN the same question has a firm answer that skips 1/1 and counts 1/9."""
    # Estimate: 12/21–25 1–5, 12/28–31 6–9, (1/1 元旦) 1/4–8 10–14, Mon 1/11 15
    before = add_workdays(D(2026, 12, 20), 15)
    assert (before.date, before.provisional) == (D(2027, 1, 11), True)

    load_schedule(2027, SCHEDULE_2027, source="测试")

    # Loaded: 12/21–25 1–5, 12/28–31 6–9, (1/1 off) 1/4–8 10–14, Sat 1/9 15
    after = add_workdays(D(2026, 12, 20), 15)
    assert after.date == D(2027, 1, 9)
    assert not after.provisional
    assert after.unknown_years == ()
    # … 1/11–15 16–20
    assert add_workdays(D(2026, 12, 20), 20).date == D(2027, 1, 15)
    assert not workdays_between(D(2026, 12, 20), D(2027, 1, 15)).provisional
    assert year_is_known(2027)
    assert 2027 in known_years()


def test_a_loaded_year_follows_the_usual_rules_for_days_it_does_not_list():
    load_schedule(2027, SCHEDULE_2027)
    assert not is_workday(D(2027, 1, 1))  # listed holiday
    assert is_workday(D(2027, 1, 9))  # listed Saturday working day
    assert is_workday(D(2027, 1, 4))  # unlisted Monday
    assert not is_workday(D(2027, 1, 10))  # unlisted Sunday


def test_a_loaded_schedule_replaces_chinesecalendar_for_that_year_entirely():
    """GIVEN a 2026 schedule listing only 10/1 WHEN counting THEN the package's other 2026 days no longer apply."""
    load_schedule(2026, [(D(2026, 10, 1), HOLIDAY, "国庆节")])
    # Wed 9/30 → (Thu 10/1 off) Fri 10/2; the package would say 10/8.
    assert add_workdays(D(2026, 9, 30), 1).date == D(2026, 10, 2)
    assert not is_workday(D(2026, 2, 14))  # the package's working Saturday is an ordinary Saturday now
    assert is_workday(D(2026, 2, 16))  # and its Spring Festival Monday an ordinary Monday
    # Other years still come from the package.
    assert add_workdays(D(2025, 9, 30), 1).date == D(2025, 10, 9)


def test_reloading_a_year_replaces_its_days_and_keeps_what_was_not_repeated():
    """GIVEN a loaded 2027 WHEN loaded again with other days and no source THEN only the new days remain."""
    load_schedule(2027, SCHEDULE_2027, source="国办发明电〔2026〕1号", announced_on=D(2026, 11, 5))
    report = load_schedule(2027, [(D(2027, 1, 1), HOLIDAY, "元旦"), (D(2027, 1, 2), HOLIDAY, "元旦")])

    assert report.replaced
    assert [entry.date for entry in report.added] == [D(2027, 1, 2)]
    assert [entry.date for entry in report.removed] == [D(2027, 1, 9)]
    schedule = HolidaySchedule.objects.get(year=2027)
    assert list(schedule.days.values_list("date", flat=True)) == [D(2027, 1, 1), D(2027, 1, 2)]
    assert (schedule.source, schedule.announced_on) == ("国办发明电〔2026〕1号", D(2026, 11, 5))


def test_loading_writes_an_audit_row_and_sends_schedule_changed(signals_sent, django_user_model):
    from gongkai.accounts.roles import Role, grant

    admin = django_user_model.objects.create_user("admin", password="x" * 12)
    grant(admin, Role.DISCLOSURE_OFFICE)
    load_schedule(2027, SCHEDULE_2027, actor=admin)

    entry = AuditEntry.objects.get(action="workdays.load_schedule")
    assert entry.actor == admin
    assert entry.target == "2027 年节假日安排"
    assert entry.details["added"] == ["2027-01-01 休息日（节假日） 元旦", "2027-01-09 调休上班日 元旦"]
    assert signals_sent == [(HolidaySchedule, (2027,))]


def test_a_dry_run_reports_but_writes_and_signals_nothing(signals_sent):
    report = load_schedule(2027, SCHEDULE_2027, dry_run=True)
    assert (report.holidays, report.workdays, report.replaced) == (1, 1, False)
    assert nothing_saved()
    assert signals_sent == []


@pytest.mark.parametrize(
    ("days", "message"),
    [
        ([(D(2027, 1, 1), HOLIDAY), (D(2027, 1, 1), HOLIDAY)], "2027-01-01（星期五）重复列出"),
        ([(D(2026, 12, 31), HOLIDAY)], "不在 2027 年内"),
        ([(D(2027, 1, 2), HOLIDAY), (D(2027, 1, 2), WORKDAY)], "既列为休息日又列为调休上班日"),
        ([(D(2027, 1, 4), WORKDAY)], "2027-01-04（星期一）列为调休上班日，但调休上班日只能是星期六或星期日"),
        ([], "没有任何日期"),
        ([(D(2027, 1, 1), "rest")], "类型“rest”不对"),
    ],
)
def test_bad_schedules_are_refused_with_nothing_saved(days, message, signals_sent):
    """GIVEN a schedule with a bad day WHEN loading it THEN a Chinese message names it and nothing is written."""
    with pytest.raises(ScheduleError) as caught:
        load_schedule(2027, days)
    assert message in str(caught.value)
    assert nothing_saved()
    assert signals_sent == []


def test_a_refused_reload_leaves_the_loaded_schedule_as_it_was():
    load_schedule(2027, SCHEDULE_2027)
    with pytest.raises(ScheduleError):
        load_schedule(2027, [(D(2027, 1, 1), HOLIDAY), (D(2027, 1, 4), WORKDAY)])
    assert list(ScheduleDay.objects.values_list("date", flat=True)) == [D(2027, 1, 1), D(2027, 1, 9)]


def test_every_problem_is_listed_with_its_line():
    days = [
        ScheduleEntry(D(2027, 1, 1), HOLIDAY, "元旦", line=2),
        ScheduleEntry(D(2027, 1, 1), HOLIDAY, "元旦", line=3),
        ScheduleEntry(D(2027, 1, 5), WORKDAY, "", line=4),
    ]
    with pytest.raises(ScheduleError) as caught:
        load_schedule(2027, days)
    assert caught.value.problems == [
        "第 3 行：2027-01-01（星期五）重复列出（第 2 行已列出）",
        "第 4 行：2027-01-05（星期二）列为调休上班日，但调休上班日只能是星期六或星期日（工作日本来就上班）",
    ]


def test_a_holiday_on_a_weekend_is_fine():
    load_schedule(2027, [(D(2027, 1, 2), HOLIDAY, "元旦"), (D(2027, 1, 3), HOLIDAY, "元旦")])
    assert ScheduleDay.objects.count() == 2


def test_the_shipped_2026_file_agrees_with_chinesecalendar_day_by_day():
    """GIVEN data/2026.csv WHEN it is loaded over the package's 2026 THEN every day of 2026 answers the same."""
    entries = read_schedule(DATA_2026.read_bytes(), "csv")
    holidays = {e.date for e in entries if e.kind == HOLIDAY}
    workdays = {e.date for e in entries if e.kind == WORKDAY}
    assert holidays == {d for d in chinese_calendar.constants.holidays if d.year == 2026}
    assert workdays == {d for d in chinese_calendar.constants.workdays if d.year == 2026}

    load_schedule(2026, entries)
    day = D(2026, 1, 1)
    while day.year == 2026:
        assert is_workday(day) == chinese_calendar.is_workday(day), day
        day += datetime.timedelta(days=1)


@pytest.fixture
def in_request():
    """Between request_started and request_finished, as the test client does it, minus closing the
    test's database connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_inside_a_request_the_calendar_is_read_once_and_dropped_when_a_schedule_changes(
    in_request, django_assert_num_queries
):
    """GIVEN a web request WHEN many deadlines are computed THEN one query serves them all,
    and loading a schedule mid-request is seen at once."""
    with django_assert_num_queries(1):
        for offset in range(30):
            add_workdays(D(2026, 12, 1) + datetime.timedelta(days=offset), 20)
    assert add_workdays(D(2026, 12, 20), 15).provisional
    load_schedule(2027, SCHEDULE_2027)
    assert add_workdays(D(2026, 12, 20), 15).date == D(2027, 1, 9)


def test_outside_a_request_each_call_reads_the_table_so_other_processes_changes_count(
    django_assert_num_queries,
):
    with django_assert_num_queries(2):
        add_workdays(D(2026, 12, 20), 15)
        add_workdays(D(2026, 12, 20), 15)
    # As another process would: straight into the table, no signal in this process.
    schedule = HolidaySchedule.objects.create(year=2027)
    ScheduleDay.objects.create(schedule=schedule, date=D(2027, 1, 1), kind=HOLIDAY)
    assert not add_workdays(D(2026, 12, 20), 15).provisional
