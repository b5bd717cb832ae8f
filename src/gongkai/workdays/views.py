"""The 政务公开办's page for the holiday schedule: which years are known, and a year's calendar to mark
放假 and 调休上班 days (or a file to upload), previewed with the running deadlines it moves, then loaded
by ``services.load_schedule``: one service call, one audit entry."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.accounts.roles import Role, RoleRequired, require_role
from gongkai.workdays.calendar import day_runs, load_calendar, provisional_wording, weekday_name
from gongkai.workdays.forms import ScheduleForm, entries_from_hidden, entries_to_hidden, initial_days
from gongkai.workdays.models import FIRST_YEAR, LAST_YEAR, DayKind, HolidaySchedule
from gongkai.workdays.schedule_files import ScheduleError
from gongkai.workdays.services import load_schedule, may_load_schedule
from gongkai.workdays.statutory import STATUTORY_RULES_FROM, statutory_holidays


@dataclass(frozen=True)
class YearRow:
    year: int
    state: str  # loaded, package, unknown
    schedule: HolidaySchedule | None
    source: str
    note: str


def _office(request):
    """Any 政务公开办 sees the years and previews what a schedule moves in its own bodies; only one over
    every body may load it (``services.may_load_schedule``), since it moves every body's deadlines."""
    require_role(request.user, Role.DISCLOSURE_OFFICE)
    return may_load_schedule(request.user)


@login_required
def index(request):
    may_load = _office(request)
    wanted = request.GET.get("year", "").strip()
    if wanted:
        if wanted.isascii() and wanted.isdigit() and FIRST_YEAR <= int(wanted) <= LAST_YEAR:
            return redirect("workdays:year", int(wanted))
        messages.error(request, f"年份“{wanted[:10]}”不对，请写 {FIRST_YEAR}–{LAST_YEAR} 之间的四位数字。")
    today = timezone.localdate()
    calendar = load_calendar()
    schedules = {
        schedule.year: schedule
        for schedule in HolidaySchedule.objects.annotate(
            holiday_total=Count("days", filter=Q(days__kind=DayKind.HOLIDAY)),
            workday_total=Count("days", filter=Q(days__kind=DayKind.WORKDAY)),
        )
    }
    years = sorted(set(range(today.year - 1, today.year + 3)) | set(schedules), reverse=True)
    rows = []
    for year in years:
        schedule = schedules.get(year)
        rule = calendar.rule_for(year)
        if schedule is not None:
            rows.append(YearRow(year, "loaded", schedule, rule.source, ""))
        elif rule is not None:
            rows.append(YearRow(year, "package", None, rule.source, ""))
        else:
            rows.append(YearRow(year, "unknown", None, "", provisional_wording([year])))
    return render(
        request,
        "workdays/index.html",
        {
            "rows": rows,
            "today": today,
            "first_year": FIRST_YEAR,
            "last_year": LAST_YEAR,
            "may_load": may_load,
        },
    )


@login_required
def year_page(request, year: int):
    may_load = _office(request)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("没有这一年")
    calendar = load_calendar()
    rule = calendar.rule_for(year)
    statutory = statutory_holidays(year)
    start = initial_days(calendar.estimate_for(year))
    schedule = HolidaySchedule.objects.filter(year=year).first()
    context = {
        "year": year,
        "rule": rule,
        "schedule": schedule,
        "loaded": schedule is not None,
        "statutory_rules_from": STATUTORY_RULES_FROM,
        "has_statutory": bool(statutory),
        "wording": provisional_wording([year]),
        "may_load": may_load,
    }
    initial = {"source": schedule.source, "announced_on": schedule.announced_on} if schedule else {}
    action = request.POST.get("action") if request.method == "POST" else None

    if action == "confirm":
        if not may_load:
            raise RoleRequired((Role.DISCLOSURE_OFFICE,))
        try:
            entries = entries_from_hidden(request.POST.get("days", ""))
            report = load_schedule(
                year,
                entries,
                announced_on=_iso_date(request.POST.get("announced_on", "")),
                source=request.POST.get("source", "").strip()[:200],
                actor=request.user,
            )
        except ScheduleError as error:
            context["problems"] = error.problems
            form = ScheduleForm(year, initial=initial, initial_days=start, statutory=statutory)
            return render(request, "workdays/year.html", {**context, "form": form}, status=400)
        moved = f"，{len(report.moves)} 个正在办理的期限已重新计算并通知了承办人" if report.moves else ""
        messages.success(request, f"已载入：{report.summary()}{moved}。")
        return redirect("workdays:index")

    if action == "edit":  # back from the preview, with the days as they were marked
        try:
            days = {
                entry.date: (entry.kind, entry.name) for entry in entries_from_hidden(request.POST["days"])
            }
        except (KeyError, ScheduleError):
            days = start
        initial = {"source": request.POST.get("source", ""), "announced_on": request.POST.get("announced_on")}
        form = ScheduleForm(year, initial=initial, initial_days=days, statutory=statutory)
    elif action == "preview":
        form = ScheduleForm(
            year, request.POST, request.FILES, initial=initial, initial_days=start, statutory=statutory
        )
        if form.is_valid():
            entries = form.entries()
            try:
                report = load_schedule(year, entries, actor=request.user, dry_run=True)
            except ScheduleError as error:
                for problem in error.problems:
                    form.add_error(None, problem)
            else:
                return render(request, "workdays/preview.html", _preview(context, form, entries, report))
        return render(request, "workdays/year.html", {**context, "form": form}, status=400)
    else:
        form = ScheduleForm(year, initial=initial, initial_days=start, statutory=statutory)
    return render(request, "workdays/year.html", {**context, "form": form})


def _preview(context: dict, form: ScheduleForm, entries, report) -> dict:
    holidays = {entry.date: entry.name for entry in entries if entry.kind == DayKind.HOLIDAY}
    workdays = sorted(
        (entry.date, weekday_name(entry.date), entry.name)
        for entry in entries
        if entry.kind == DayKind.WORKDAY
    )
    announced_on = form.cleaned_data.get("announced_on")
    return {
        **context,
        "report": report,
        "holiday_runs": [
            (name, first, last, (last - first).days + 1) for name, first, last in day_runs(holidays)
        ],
        "workdays": workdays,
        "days": entries_to_hidden(entries),
        "source": form.cleaned_data.get("source", ""),
        "announced_on": announced_on.isoformat() if announced_on else "",
        "skipped": form.skipped_other_years,
        "missing_statutory": sorted(
            day for day in statutory_holidays(context["year"]) if day not in holidays and day.weekday() < 5
        ),
    }


def _iso_date(value: str) -> datetime.date | None:
    if not value:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise ScheduleError.single(f"公布日期“{value}”不对，应为 YYYY-MM-DD") from None
