"""Reading schedule files: CSV and ICS into days, and bad lines named by number."""

import datetime

import pytest

from gongkai.workdays.models import DayKind
from gongkai.workdays.schedule_files import ScheduleEntry, ScheduleError, format_from_path, read_schedule

D = datetime.date
HOLIDAY, WORKDAY = DayKind.HOLIDAY, DayKind.WORKDAY


def csv(text: str, encoding="utf-8") -> list[ScheduleEntry]:
    return read_schedule(text.encode(encoding), "csv")


def ics(*events: str) -> list[ScheduleEntry]:
    body = "\r\n".join(["BEGIN:VCALENDAR", "VERSION:2.0", *events, "END:VCALENDAR"])
    return read_schedule(body.encode(), "ics")


def event(start: str, summary: str, end: str | None = None) -> str:
    lines = ["BEGIN:VEVENT", f"DTSTART;VALUE=DATE:{start}"]
    if end:
        lines.append(f"DTEND;VALUE=DATE:{end}")
    lines += [f"SUMMARY:{summary}", "END:VEVENT"]
    return "\r\n".join(lines)


def brief(entries):
    return [(e.date, e.kind, e.name) for e in entries]


def test_csv_with_header_and_both_kinds_of_word():
    """GIVEN a CSV with a header, Chinese and English kind words WHEN read THEN each row is a day with its line."""
    entries = csv("date,kind,name\n2027-01-01,休,元旦\n2027-02-06,workday,春节\n2027-02-07,holiday\n")
    assert brief(entries) == [
        (D(2027, 1, 1), HOLIDAY, "元旦"),
        (D(2027, 2, 6), WORKDAY, "春节"),
        (D(2027, 2, 7), HOLIDAY, ""),
    ]
    assert [e.line for e in entries] == [2, 3, 4]


def test_csv_header_is_optional_and_comments_blank_rows_and_excel_bom_are_skipped():
    entries = csv("\ufeff# 2027 年安排\n\n2027-01-01,班,元旦\n")
    assert brief(entries) == [(D(2027, 1, 1), WORKDAY, "元旦")]
    assert entries[0].line == 3


def test_csv_saved_by_chinese_excel_in_gb18030_is_read():
    assert brief(csv("2027-01-01,休,元旦\n", encoding="gb18030")) == [(D(2027, 1, 1), HOLIDAY, "元旦")]


def test_csv_problems_name_line_and_value_all_at_once():
    """GIVEN a CSV with several bad rows WHEN read THEN one error lists each row's line and value."""
    with pytest.raises(ScheduleError) as caught:
        csv(
            "date,kind,name\n2027/01/01,休,元旦\n2027-02-30,休,春节\n2027-1-2,休\n2027-01-03,放松\n2027-01-04\n"
        )
    assert caught.value.problems == [
        "第 2 行：日期“2027/01/01”格式不对，应为 YYYY-MM-DD，例如 2026-10-01",
        "第 3 行：日期“2027-02-30”不存在",
        "第 4 行：日期“2027-1-2”格式不对，应为 YYYY-MM-DD，例如 2026-10-01",
        "第 5 行：类型“放松”无法识别，应为“休”（休息日）或“班”（调休上班日）",
        "第 6 行：应为“日期,类型,名称”三列（名称可省略），这一行有 1 列",
    ]


def test_an_empty_file_is_refused():
    with pytest.raises(ScheduleError, match="没有任何日期"):
        csv("date,kind,name\n")


def test_ics_multi_day_events_expand_with_dtend_exclusive():
    """GIVEN a 3-day 春节 event (DTEND the day after) and a 补班 event WHEN read THEN four days."""
    entries = ics(event("20270206", "春节 休", end="20270209"), event("20270213", "春节 补班"))
    assert brief(entries) == [
        (D(2027, 2, 6), HOLIDAY, "春节"),
        (D(2027, 2, 7), HOLIDAY, "春节"),
        (D(2027, 2, 8), HOLIDAY, "春节"),
        (D(2027, 2, 13), WORKDAY, "春节"),
    ]


@pytest.mark.parametrize(
    ("summary", "kind", "name"),
    [
        ("国庆节（休）", HOLIDAY, "国庆节"),
        ("元旦休", HOLIDAY, "元旦"),
        ("劳动节 假期", HOLIDAY, "劳动节"),
        ("上班", WORKDAY, ""),
        ("中秋节 调休上班", WORKDAY, "中秋节"),  # 调休上班 has 休 too, but it is a working day
    ],
)
def test_ics_summary_words(summary, kind, name):
    assert brief(ics(event("20271001", summary))) == [(D(2027, 10, 1), kind, name)]


def test_ics_folded_lines_and_plain_dtstart_are_read():
    text = "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nDTSTART:20270101\r\nSUMMARY:元\r\n 旦 休\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    assert brief(read_schedule(text.encode(), "ics")) == [(D(2027, 1, 1), HOLIDAY, "元旦")]


def test_ics_problems_name_their_lines():
    """GIVEN bad events WHEN read THEN each problem names the line of the bad property."""
    with pytest.raises(ScheduleError) as caught:
        ics(
            event("20270101T000000", "元旦 休"),  # lines 3–6: a timed event
            event("20270110", "团建"),  # lines 7–10: neither word
            event("20270120", "春节 休", end="20270120"),  # lines 11–15: DTEND not after DTSTART
        )
    assert caught.value.problems == [
        "第 4 行：日期“20270101T000000”应为全天日期 YYYYMMDD（DTSTART;VALUE=DATE:20261001）",
        "第 9 行：SUMMARY“团建”中应含“休”（休息日）或“班”（调休上班日）",
        "第 13 行：DTEND 应晚于 DTSTART（DTEND 是结束后的第二天）",
    ]


def test_ics_without_events_is_refused():
    with pytest.raises(ScheduleError, match="没有任何 VEVENT"):
        ics()


def test_format_comes_from_the_file_name():
    from pathlib import Path

    assert format_from_path(Path("2027.ICS")) == "ics"
    with pytest.raises(ScheduleError, match="应为 .csv 或 .ics"):
        format_from_path(Path("2027.xlsx"))
