"""Reading announced schedules from CSV and ICS files into ScheduleEntry lists.

CSV: one day per row, ``date,kind[,name]``, e.g. ``2026-02-14,班,春节``. The date is strictly
YYYY-MM-DD; kind is 休 or 班 (also 休息日/放假/holiday and 上班/补班/workday). A header row
(``date,kind,name`` or ``日期,类型,名称``) is optional, blank rows and rows starting with ``#`` are
skipped. UTF-8 (with or without BOM) or GB18030, which is what Excel saves in Chinese Windows.

ICS: all-day VEVENTs. DTSTART;VALUE=DATE is the first day, DTEND the day *after* the last (RFC 5545),
so a multi-day event expands to every day in between. A SUMMARY containing 班 (补班, 上班) is a
working day; one containing 休 or 假 is a holiday. The festival name is the SUMMARY's leading words.

Parsing collects every problem before giving up, so one ScheduleError lists all bad lines at once.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from pathlib import Path

from gongkai.workdays.models import DayKind

FORMATS = ("csv", "ics")
MAX_BYTES = 1024 * 1024
# The longest real holiday is nine days; a longer event is almost surely a mistyped DTEND.
MAX_EVENT_DAYS = 31

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
ICS_DATE = re.compile(r"\d{8}")
KIND_WORDS = {
    "休": DayKind.HOLIDAY,
    "休息": DayKind.HOLIDAY,
    "休息日": DayKind.HOLIDAY,
    "放假": DayKind.HOLIDAY,
    "holiday": DayKind.HOLIDAY,
    DayKind.HOLIDAY.label: DayKind.HOLIDAY,
    "班": DayKind.WORKDAY,
    "上班": DayKind.WORKDAY,
    "补班": DayKind.WORKDAY,
    "workday": DayKind.WORKDAY,
    DayKind.WORKDAY.label: DayKind.WORKDAY,
}
HEADER_WORDS = {"date", "日期"}
# What follows the festival name in a SUMMARY such as "春节 补班", "国庆节（休）" or "元旦休".
SUMMARY_NAME = re.compile(r"^(.*?)(?:补班|上班|调休|放假|假期|休息|休|班|假|[\s(（\[【:：·-]|$)")


class ScheduleError(Exception):
    """A schedule that cannot be loaded; ``problems`` lists every reason, each naming its line."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))

    @classmethod
    def single(cls, problem: str) -> "ScheduleError":
        return cls([problem])


@dataclass(frozen=True)
class ScheduleEntry:
    """One day of a schedule as read from a file or given by a caller; ``line`` names its source line."""

    date: datetime.date
    kind: str
    name: str = ""
    line: int | None = None

    @property
    def where(self) -> str:
        return f"第 {self.line} 行：" if self.line else ""


def format_from_path(path: Path) -> str:
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise ScheduleError.single(f"无法从文件名判断格式：{path.name}（应为 .csv 或 .ics）")
    return fmt


def read_schedule(data: bytes, fmt: str) -> list[ScheduleEntry]:
    """Parse a schedule file's bytes; raises ScheduleError listing every bad line."""
    if len(data) > MAX_BYTES:
        raise ScheduleError.single(f"文件太大（超过 {MAX_BYTES // 1024} KB），节假日安排文件不会这么大")
    text = decode_text(data)
    return parse_ics(text) if fmt == "ics" else parse_csv(text)


def decode_text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise ScheduleError.single("无法识别文件编码，请另存为 UTF-8") from None


def parse_csv(text: str) -> list[ScheduleEntry]:
    entries, problems = [], []
    reader = csv.reader(io.StringIO(text))
    first_row = True
    for row in reader:
        cells = [cell.strip() for cell in row]
        line = reader.line_num
        if not any(cells) or cells[0].startswith("#"):
            continue
        if first_row and cells[0].lower() in HEADER_WORDS:
            first_row = False
            continue
        first_row = False
        try:
            entries.append(_csv_entry(cells, line))
        except ValueError as error:
            problems.append(f"第 {line} 行：{error}")
    return _finish(entries, problems)


def _csv_entry(cells: list[str], line: int) -> ScheduleEntry:
    while cells and not cells[-1]:
        cells.pop()
    if len(cells) not in (2, 3):
        raise ValueError(f"应为“日期,类型,名称”三列（名称可省略），这一行有 {len(cells)} 列")
    day = _iso_date(cells[0])
    kind = _kind(cells[1])
    name = cells[2] if len(cells) == 3 else ""
    return ScheduleEntry(day, kind, _check_name(name), line)


def _iso_date(value: str) -> datetime.date:
    if not ISO_DATE.fullmatch(value):
        raise ValueError(f"日期“{value}”格式不对，应为 YYYY-MM-DD，例如 2026-10-01")
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"日期“{value}”不存在") from None


def _kind(value: str) -> str:
    kind = KIND_WORDS.get(value.lower())
    if kind is None:
        raise ValueError(f"类型“{value}”无法识别，应为“休”（休息日）或“班”（调休上班日）")
    return kind


def _check_name(name: str) -> str:
    if len(name) > 50:
        raise ValueError(f"节日名称“{name[:20]}…”太长（最多 50 个字）")
    return name


def parse_ics(text: str) -> list[ScheduleEntry]:
    entries, problems = [], []
    event: dict | None = None
    event_line = 0
    for line, content in _unfolded_lines(text):
        upper = content.upper()
        if upper == "BEGIN:VEVENT":
            if event is not None:
                problems.append(f"第 {event_line} 行：VEVENT 没有 END:VEVENT 就开始了下一个")
            event, event_line = {}, line
        elif upper == "END:VEVENT":
            if event is None:
                problems.append(f"第 {line} 行：END:VEVENT 之前没有 BEGIN:VEVENT")
                continue
            try:
                entries.extend(_event_entries(event, event_line))
            except ValueError as error:
                problems.append(str(error))
            event = None
        elif event is not None:
            name, value = _property(content)
            event.setdefault(name, (line, value))
    if event is not None:
        problems.append(f"第 {event_line} 行：VEVENT 没有以 END:VEVENT 结束")
    if not entries and not problems:
        problems.append("文件里没有任何 VEVENT（全天事件）")
    return _finish(entries, problems)


def _unfolded_lines(text: str):
    """Logical ICS lines with the number of the physical line each starts on (RFC 5545 §3.1 folding)."""
    current, start = None, 0
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and current is not None:
            current += raw[1:]
            continue
        if current is not None and current.strip():
            yield start, current.strip()
        current, start = raw, number
    if current is not None and current.strip():
        yield start, current.strip()


def _property(content: str) -> tuple[str, str]:
    """``DTSTART;VALUE=DATE:20270101`` → ("DTSTART", "20270101"); the value's own form says whether it is a date."""
    head, _, value = content.partition(":")
    return head.split(";")[0].upper(), value


def _event_entries(event: dict, event_line: int) -> list[ScheduleEntry]:
    for unsupported in ("RRULE", "RDATE"):
        if unsupported in event:
            raise ValueError(f"第 {event[unsupported][0]} 行：不支持重复事件（{unsupported}），请逐个列出")
    if "DTSTART" not in event:
        raise ValueError(f"第 {event_line} 行：VEVENT 缺少 DTSTART")
    if "SUMMARY" not in event:
        raise ValueError(f"第 {event_line} 行：VEVENT 缺少 SUMMARY（应含“休”或“班”）")
    start_line = event["DTSTART"][0]
    first = _ics_date(*event["DTSTART"])
    if "DTEND" in event:
        end = _ics_date(*event["DTEND"])
        if end <= first:
            raise ValueError(f"第 {event['DTEND'][0]} 行：DTEND 应晚于 DTSTART（DTEND 是结束后的第二天）")
    elif "DURATION" in event:
        raise ValueError(f"第 {event['DURATION'][0]} 行：不支持 DURATION，请用 DTEND 写明结束后的第二天")
    else:
        end = first + datetime.timedelta(days=1)
    if (end - first).days > MAX_EVENT_DAYS:
        raise ValueError(f"第 {start_line} 行：事件跨 {(end - first).days} 天，过长，请检查 DTEND")
    summary_line, summary = event["SUMMARY"]
    kind, name = _summary(_unescape(summary), summary_line)
    days = (first + datetime.timedelta(days=offset) for offset in range((end - first).days))
    return [ScheduleEntry(day, kind, name, start_line) for day in days]


def _ics_date(line: int, value: str) -> datetime.date:
    value = value.strip()
    if not ICS_DATE.fullmatch(value):
        raise ValueError(f"第 {line} 行：日期“{value}”应为全天日期 YYYYMMDD（DTSTART;VALUE=DATE:20261001）")
    try:
        return datetime.date(int(value[:4]), int(value[4:6]), int(value[6:]))
    except ValueError:
        raise ValueError(f"第 {line} 行：日期“{value}”不存在") from None


def _summary(summary: str, line: int) -> tuple[str, str]:
    # 班 first: "调休上班" contains both characters and means a working day.
    if "班" in summary:
        kind = DayKind.WORKDAY
    elif "休" in summary or "假" in summary:
        kind = DayKind.HOLIDAY
    else:
        raise ValueError(f"第 {line} 行：SUMMARY“{summary}”中应含“休”（休息日）或“班”（调休上班日）")
    name = SUMMARY_NAME.match(summary).group(1).strip()
    return kind, name[:50]


def _unescape(value: str) -> str:
    return (
        value.replace("\\n", " ")
        .replace("\\N", " ")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\")
    )


def _finish(entries: list[ScheduleEntry], problems: list[str]) -> list[ScheduleEntry]:
    if problems:
        raise ScheduleError(problems)
    if not entries:
        raise ScheduleError.single("文件里没有任何日期")
    return entries
