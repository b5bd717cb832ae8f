"""The staff page's schedule form: a year of days, each marked 休 or 班 or left as usual, or a file.

It only shapes input into ScheduleEntry lists; ``services.load_schedule`` decides what is allowed.
"""

import calendar as month_calendar
import datetime
import json
from dataclasses import dataclass
from pathlib import Path

from django import forms

from gongkai.workdays.calendar import WEEKDAY_NAMES, YearRule
from gongkai.workdays.models import DayKind
from gongkai.workdays.schedule_files import (
    MAX_BYTES,
    ScheduleEntry,
    ScheduleError,
    format_from_path,
    read_schedule,
)
from gongkai.workdays.statutory import festival_near

AS_USUAL = ""
WEEKDAY_CHOICES = [(AS_USUAL, "—"), (DayKind.HOLIDAY.value, "休")]
WEEKEND_CHOICES = [*WEEKDAY_CHOICES, (DayKind.WORKDAY.value, "班")]
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def field_name(day: datetime.date) -> str:
    return f"d{day:%Y%m%d}"


@dataclass(frozen=True)
class DayCell:
    """One day of the calendar as the template draws it."""

    date: datetime.date
    field: forms.BoundField
    weekend: bool
    statutory: str  # the festival whose statutory day this is, or ""

    @property
    def spoken(self) -> str:
        """What a screen reader says for the day's select."""
        extra = f"，{self.statutory}法定假日" if self.statutory else ""
        return f"{self.date.month}月{self.date.day}日 {WEEKDAY_NAMES[self.date.weekday()]}{extra}"


class ScheduleForm(forms.Form):
    """A year's schedule: the calendar's 365 selects, the notice's number and date, or a file."""

    source = forms.CharField(
        label="文号或来源",
        max_length=200,
        required=False,
        help_text="例如：国办发明电〔2026〕7号",
    )
    announced_on = forms.DateField(
        label="公布日期",
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DATE_INPUT,
        error_messages={"invalid": "日期格式不对，请写成 2026-11-04 这样"},
    )
    upload = forms.FileField(
        label="或者上传安排文件（CSV 或 ICS，和 gongkai workdays load 用的一样）",
        required=False,
        help_text="选了文件就按文件载入，不看上面日历里标的日子。文件里其他年份的日期会被跳过。",
    )

    def __init__(self, year: int, *args, initial_days: dict | None = None, statutory=None, **kwargs):
        """``initial_days`` maps dates to (kind, name) to start from; ``statutory`` dates to names."""
        super().__init__(*args, **kwargs)
        self.year = year
        self.names = {day: name for day, (_kind, name) in (initial_days or {}).items()}
        self.statutory = statutory or {}
        self.skipped_other_years = 0
        for day in _days_of(year):
            weekend = day.weekday() >= 5
            kind = (initial_days or {}).get(day, (AS_USUAL, ""))[0]
            self.fields[field_name(day)] = forms.ChoiceField(
                label=f"{day.month}月{day.day}日",
                choices=WEEKEND_CHOICES if weekend else WEEKDAY_CHOICES,
                required=False,
                initial=kind,
                error_messages={"invalid_choice": "只能选“休”或“班”；调休上班日（班）只能是星期六或星期日"},
            )

    def months(self) -> list[tuple[int, list[list[DayCell | None]]]]:
        """(month, weeks) with Monday first; None pads the first and last week."""
        months = []
        for month in range(1, 13):
            weeks = []
            for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(self.year, month):
                weeks.append([self._cell(day) if day.month == month else None for day in week])
            months.append((month, weeks))
        return months

    def _cell(self, day: datetime.date) -> DayCell:
        return DayCell(day, self[field_name(day)], day.weekday() >= 5, self.statutory.get(day, ""))

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None:
            return None
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(f"文件太大（超过 {MAX_BYTES // 1024} KB），节假日安排文件不会这么大")
        try:
            entries = read_schedule(upload.read(), format_from_path(Path(upload.name)))
        except ScheduleError as error:
            raise forms.ValidationError(error.problems) from None
        own = [entry for entry in entries if entry.date.year == self.year]
        self.skipped_other_years = len(entries) - len(own)
        if not own:
            raise forms.ValidationError(f"文件里没有 {self.year} 年的日期")
        return own

    def entries(self) -> list[ScheduleEntry]:
        """The days to load: the file's when one was given, else the days marked on the calendar."""
        if self.cleaned_data.get("upload"):
            return list(self.cleaned_data["upload"])
        marked = {}
        for day in _days_of(self.year):
            kind = self.cleaned_data.get(field_name(day)) or AS_USUAL
            if kind != AS_USUAL:
                marked[day] = kind
        names = {
            day: self.names.get(day) or festival_near(day)
            for day, kind in marked.items()
            if kind == DayKind.HOLIDAY
        }
        entries = []
        for day, kind in marked.items():
            name = names.get(day) or self.names.get(day) or _nearest_name(day, names) or festival_near(day)
            entries.append(ScheduleEntry(day, kind, name))
        return entries


def _nearest_name(day: datetime.date, names: dict[datetime.date, str], within: int = 14) -> str:
    """A 调休上班 day belongs to the holiday it makes up for: the nearest named day off."""
    near = [(abs((other - day).days), name) for other, name in names.items() if name]
    near = [pair for pair in near if pair[0] <= within]
    return min(near)[1] if near else ""


def initial_days(rule: YearRule) -> dict[datetime.date, tuple[str, str]]:
    """A year's rule as the calendar's starting marks."""
    days = {day: (DayKind.HOLIDAY.value, name) for day, name in rule.holidays.items()}
    days.update({day: (DayKind.WORKDAY.value, name) for day, name in rule.workdays.items()})
    return days


def entries_to_hidden(entries: list[ScheduleEntry]) -> str:
    """The previewed days, carried to the confirmation in one hidden field."""
    return json.dumps(
        [[f"{entry.date:%Y-%m-%d}", entry.kind, entry.name] for entry in entries], ensure_ascii=False
    )


def entries_from_hidden(text: str) -> list[ScheduleEntry]:
    """Read the hidden field back; anything malformed is a ScheduleError, never a 500."""
    try:
        rows = json.loads(text)
        if not isinstance(rows, list):
            raise ValueError
        return [
            ScheduleEntry(datetime.date.fromisoformat(day), str(kind), str(name))
            for day, kind, name in rows
            if isinstance(day, str)
        ]
    except (ValueError, TypeError):
        raise ScheduleError.single("预览的数据不完整，请回到日历重新预览") from None


def _days_of(year: int):
    day = datetime.date(year, 1, 1)
    while day.year == year:
        yield day
        day += datetime.timedelta(days=1)
