"""`gongkai workdays add`, `show` and `load`: output, exit statuses and bad input."""

import datetime
import io

import pytest
from django.core.management import call_command

from gongkai.workdays.calendar import add_workdays
from gongkai.workdays.models import HolidaySchedule, ScheduleDay

D = datetime.date
pytestmark = pytest.mark.django_db

CSV_2027 = "date,kind,name\n2027-01-01,休,元旦\n2027-01-09,班,元旦\n"
ICS_2027 = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "BEGIN:VEVENT",
        "DTSTART;VALUE=DATE:20270101",
        "DTEND;VALUE=DATE:20270104",
        "SUMMARY:元旦 休",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "DTSTART;VALUE=DATE:20270109",
        "SUMMARY:元旦 补班",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
)


@pytest.fixture
def write(tmp_path):
    """write(text, name) puts a file in the test's folder and returns its path."""

    def write(text: str, name: str):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


def run(*args) -> tuple[int, str, str]:
    """Run the command; returns (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("workdays", *args, stdout=out, stderr=err)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def test_add_prints_the_date():
    """GIVEN 2025-09-26 WHEN adding 20 working days THEN 2025-10-30 and status 0."""
    # 9/28 1, 9/29–30 2–3, 10/9–11 4–6, 10/13–17 7–11, 10/20–24 12–16, 10/27–30 17–20
    assert run("add", "2025-09-26", "20") == (0, "2025-10-30\n", "")


def test_add_into_an_unloaded_year_is_provisional_with_status_3():
    """GIVEN no 2027 schedule WHEN adding 20 working days to 2026-12-20 THEN the estimate, a warning naming 2027, status 3."""
    # 12/21–25 1–5, 12/28–31 6–9, (1/1 元旦 by statute) 1/4–8 10–14, 1/11–15 15–19, 1/18 20
    status, out, err = run("add", "2026-12-20", "20")
    assert (status, out) == (3, "2027-01-18\n")
    assert err == (
        "注意：2027 年的节假日安排尚未载入，这个日期已扣除周末和法定节假日，但调休尚未公布："
        "预计，以国务院办公厅公布的2027年放假安排为准。\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026/12/20", "20"), "起算日期“2026/12/20”格式不对，应为 YYYY-MM-DD"),
        (("2026-02-30", "20"), "起算日期“2026-02-30”不存在"),
        (("2026-12-20", "-1"), "工作日天数“-1”不对，应为不小于 0 的整数"),
        (("2026-12-20", "二十"), "工作日天数“二十”不对"),
    ],
)
def test_add_refuses_bad_input_with_status_2(args, message):
    status, out, err = run("add", *args)
    assert (status, out) == (2, "")
    assert message in err


def test_show_a_package_year():
    status, out, _ = run("show", "2026")
    assert status == 0
    assert "2026 年节假日安排：已知（来源：chinesecalendar 1.11.0 软件包内置数据）" in out
    assert "春节  2026-02-15 至 2026-02-23（9 天）" in out
    assert "2026-02-14（星期六）  春节" in out
    assert "全年工作日：248 天" in out


def test_show_a_loaded_year_names_its_source(write):
    run(
        "load",
        str(write(CSV_2027, "2027.csv")),
        "--source",
        "国办发明电〔2026〕1号",
        "--announced-on",
        "2026-11-05",
    )
    status, out, _ = run("show", "2027")
    assert status == 0
    assert "已知（来源：管理员载入的节假日安排，国办发明电〔2026〕1号，2026-11-05 公布）" in out
    assert "元旦  2027-01-01（1 天）" in out
    assert "2027-01-09（星期六）  元旦" in out
    # 2027: 261 weekdays (52 weeks plus Friday 12/31), minus 1/1, plus Saturday 1/9
    assert "全年工作日：261 天" in out


def test_show_an_unknown_year_says_so_and_how_to_load_it():
    status, out, _ = run("show", "2027")
    assert status == 0
    assert "2027 年的节假日安排尚未载入" in out
    assert "gongkai workdays load 安排文件.csv --year 2027" in out
    # 261 weekdays less the statutory days on weekdays: 1/1, 2/5, 2/8, 4/5, 6/9, 9/15, 10/1
    assert "约 254 天，预计，以国务院办公厅公布的2027年放假安排为准" in out
    assert "春节  2027-02-05 至 2027-02-08（4 天）" in out
    assert "/staff/workdays/2027/" in out


def test_show_refuses_a_bad_year():
    assert run("show", "27")[0] == 2


@pytest.mark.parametrize(("text", "name"), [(CSV_2027, "2027.csv"), (ICS_2027, "2027.ics")])
def test_load_a_file_then_add_is_firm(text, name, write):
    """GIVEN a 2027 schedule file WHEN loaded THEN `add` into 2027 exits 0 with the schedule's answer."""
    status, out, _ = run("load", str(write(text, name)), "--source", "测试")
    assert status == 0
    assert out.startswith("已载入：2027 年：新建节假日安排")
    assert HolidaySchedule.objects.get(year=2027).source == "测试"
    # 12/21–25 1–5, 12/28–31 6–9, (1/1 off) 1/4–8 10–14, Saturday 1/9 15
    assert run("add", "2026-12-20", "15") == (0, "2027-01-09\n", "")


def test_load_dry_run_writes_nothing(write):
    status, out, _ = run("load", str(write(CSV_2027, "2027.csv")), "--dry-run")
    assert status == 0
    assert out.startswith("试载入（未写入）：2027 年：新建节假日安排，休息日 1 天，调休上班日 1 天")
    assert not HolidaySchedule.objects.exists()
    assert add_workdays(D(2026, 12, 20), 15).provisional


def test_load_bad_file_exits_2_naming_lines_and_saves_nothing(write):
    path = write("date,kind,name\n2027-01-01,休,元旦\n2027-01-04,班,元旦\n2027-1-5,休,\n", "2027.csv")
    status, out, err = run("load", str(path))
    assert (status, out) == (2, "")
    assert "载入失败，数据库未做任何修改" in err
    assert "第 4 行：日期“2027-1-5”格式不对" in err
    assert not ScheduleDay.objects.exists()


def test_load_refuses_a_weekday_workday_naming_its_line(write):
    path = write("2027-01-01,休,元旦\n2027-01-04,班,元旦\n", "2027.csv")
    status, _, err = run("load", str(path))
    assert status == 2
    assert "第 2 行：2027-01-04（星期一）列为调休上班日" in err
    assert not HolidaySchedule.objects.exists()


def test_load_a_file_of_several_years_needs_year(write):
    path = write("2026-12-31,休\n2027-01-01,休,元旦\n", "mixed.csv")
    status, _, err = run("load", str(path))
    assert status == 2
    assert "文件含多个年份（2026、2027），请用 --year 指定" in err

    status, out, err = run("load", str(path), "--year", "2027")
    assert status == 0
    assert "跳过了文件中其他年份的 1 天" in err
    assert list(ScheduleDay.objects.values_list("date", flat=True)) == [D(2027, 1, 1)]


def test_load_a_missing_file_exits_2(tmp_path):
    status, _, err = run("load", str(tmp_path / "none.csv"))
    assert status == 2
    assert "找不到文件" in err


def test_console_script_exit_status_is_3_for_a_provisional_date(tmp_path):
    """End to end in a child process: the status reaches the shell."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["GONGKAI_DATA_DIR"] = str(tmp_path / "data")
    cli = [sys.executable, "-m", "gongkai.cli"]
    subprocess.run([*cli, "migrate", "workdays"], env=env, check=True, capture_output=True)
    done = subprocess.run(
        [*cli, "workdays", "add", "2026-12-20", "20"], env=env, capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (3, "2027-01-18\n")
    assert "2027 年" in done.stderr


def test_load_lists_the_running_deadlines_that_move(running, write):
    """GIVEN two deadlines estimated at 2/9 WHEN the dry run and then the load of a 2027 file with 春节 to
    2/11 THEN both name the two moves and who handles them; the load writes the owners' mail to the outbox."""
    from gongkai.outbox.models import OutgoingMail

    rev, app = running
    path = write("".join(f"2027-02-{day:02d},休,春节\n" for day in range(5, 12)), "2027.csv")
    status, out, _ = run("load", str(path), "--dry-run")
    assert status == 0 and "正在办理的期限会变动（2 个）" in out
    assert f"申请 {app.code}，2027-02-09（预计） → 2027-02-12（推后 3 天）（承办人：officer）" in out
    assert not OutgoingMail.objects.filter(kind="workdays.deadlines_moved").exists()
    status, out, _ = run("load", str(path))
    assert status == 0 and "已重新计算并通知承办人和所属单位的政务公开办（2 个）" in out
    assert f"{rev.item.name} 第{rev.number}版" in out
    assert OutgoingMail.objects.filter(kind="workdays.deadlines_moved").exists()
    assert run("load", str(path))[1].endswith("没有正在办理的期限因此改变。\n")
