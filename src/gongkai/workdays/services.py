"""State changes of the working-day calendar. Each runs in one transaction, writes an audit row, and
sends ``signals.schedule_changed`` so deadlines are recomputed; the staff whose running deadlines moved
are told by mail, written to the outbox in the same transaction."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from django.db import transaction

from gongkai.accounts.roles import Role, RoleRequired, scope_paths
from gongkai.audit.services import record
from gongkai.bodies.models import Body
from gongkai.outbox.services import enqueue
from gongkai.printing.siteurl import absolute
from gongkai.workdays.calendar import forget_cached_calendar, load_calendar, using_calendar, weekday_name
from gongkai.workdays.deadlines import DeadlineMove, moves_for
from gongkai.workdays.models import FIRST_YEAR, LAST_YEAR, DayKind, HolidaySchedule, ScheduleDay
from gongkai.workdays.schedule_files import ScheduleEntry, ScheduleError
from gongkai.workdays.signals import schedule_changed

NAME_LENGTH = ScheduleDay._meta.get_field("name").max_length


@dataclass(frozen=True)
class LoadReport:
    """What loading a year's schedule did (or, in a dry run, would do)."""

    year: int
    holidays: int
    workdays: int
    added: tuple[ScheduleEntry, ...]
    removed: tuple[ScheduleEntry, ...]
    replaced: bool
    dry_run: bool
    # Running deadlines that move (in a dry run: would move), with who handles each.
    moves: tuple[DeadlineMove, ...] = field(default=())

    def summary(self) -> str:
        action = "替换" if self.replaced else "新建"
        return (
            f"{self.year} 年：{action}节假日安排，休息日 {self.holidays} 天，调休上班日 {self.workdays} 天"
            f"（新增或改动 {len(self.added)} 天，删去 {len(self.removed)} 天）"
        )


def load_schedule(
    year: int,
    days: Iterable[ScheduleEntry | tuple],
    *,
    announced_on: datetime.date | None = None,
    source: str = "",
    actor=None,
    actor_label: str = "",
    dry_run: bool = False,
) -> LoadReport:
    """Make ``days`` the whole schedule of ``year``, replacing any loaded before; all or nothing.

    ``days`` holds ScheduleEntry objects or ``(date, kind[, name])`` tuples. Everything is validated
    before anything is written; ScheduleError lists every problem. ``announced_on`` and ``source``
    keep their old values when not given, so a corrected file can be reloaded without repeating them.
    An ``actor`` (a person) must be a 政务公开办 over every body (``may_load_schedule``); a dry run by a
    person lists only the deadlines of their bodies.
    """
    entries = validate_schedule(year, days)
    if actor is not None and not dry_run and not may_load_schedule(actor):
        raise RoleRequired((Role.DISCLOSURE_OFFICE,))
    with transaction.atomic():
        schedule = HolidaySchedule.objects.select_for_update().filter(year=year).first()
        old = _entries_of(schedule) if schedule else []
        report = _report(year, entries, old, replaced=schedule is not None, dry_run=dry_run)
        if dry_run:
            # A person sees the moves of their own bodies only (the whole list for the CLI).
            paths = scope_paths(actor, Role.DISCLOSURE_OFFICE) if actor is not None else None
            with using_calendar(load_calendar().with_schedule(year, entries)):
                return replace(report, moves=tuple(moves_for([year], paths)))
        schedule = _save_schedule(schedule, year, announced_on, source)
        schedule.days.all().delete()
        ScheduleDay.objects.bulk_create(
            ScheduleDay(schedule=schedule, date=entry.date, kind=entry.kind, name=entry.name)
            for entry in entries
        )
        moves = notify_schedule_changed([year], audit=False)
        record(
            "workdays.load_schedule",
            actor=actor,
            actor_label=actor_label,
            target=str(schedule),
            details={
                "year": year,
                "source": schedule.source,
                "replaced": report.replaced,
                "added": [_describe(entry) for entry in report.added],
                "removed": [_describe(entry) for entry in report.removed],
                "moved": [move.describe() for move in moves],
            },
        )
    return replace(report, moves=tuple(moves))


def validate_schedule(year: int, days: Iterable[ScheduleEntry | tuple]) -> list[ScheduleEntry]:
    """The year's days sorted by date; raises ScheduleError naming every bad day."""
    if not isinstance(year, int) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise ScheduleError.single(f"年份“{year}”不对，应在 {FIRST_YEAR}–{LAST_YEAR} 之间")
    entries = [_entry(day) for day in days]
    if not entries:
        raise ScheduleError.single(f"{year} 年的安排里没有任何日期")
    problems = []
    seen: dict[datetime.date, ScheduleEntry] = {}
    for entry in entries:
        problems += _problems(entry, year, seen.get(entry.date))
        seen.setdefault(entry.date, entry)
    if problems:
        raise ScheduleError(problems)
    return sorted(entries, key=lambda entry: entry.date)


def notify_schedule_changed(
    years: Iterable[int], *, actor=None, actor_label: str = "", audit: bool = True
) -> list[DeadlineMove]:
    """Tell other apps (deadline clocks) that these years' working days may have changed.

    Called inside the transaction that changed the schedule, after the change. Returns the running
    deadlines that moved; their handlers and their bodies' 政务公开办 are mailed through the outbox, in
    the same transaction. With ``audit``
    the moves get an audit entry of their own (an admin edit); ``load_schedule`` lists them in its own.
    """
    years = tuple(sorted(set(years)))
    # Before anything else, so the moves and the receivers recomputing deadlines see the new schedule.
    forget_cached_calendar()
    # Before the signal: the stored dates are still the old ones, so comparing finds what moves.
    moves = moves_for(years)
    schedule_changed.send(sender=HolidaySchedule, years=years)
    if moves and audit:
        record(
            "workdays.deadlines_moved",
            actor=actor,
            actor_label=actor_label,
            target="、".join(f"{year} 年节假日安排" for year in years),
            details={"years": list(years), "moved": [move.describe() for move in moves]},
        )
    if moves:
        mail_deadline_moves(years, moves)
    return moves


def may_load_schedule(user) -> bool:
    """Whether ``user`` may change the holiday schedule: it moves every body's deadlines, so only a
    政务公开办 whose scope covers every top-level body (or the whole installation) may."""
    paths = scope_paths(user, Role.DISCLOSURE_OFFICE)
    if not paths:
        return False
    roots = Body.objects.get_root_nodes().values_list("path", flat=True)
    return all(any(root.startswith(path) for path in paths) for root in roots)


def mail_deadline_moves(years: tuple[int, ...], moves: list[DeadlineMove]) -> int:
    """Tell each handler about their deadlines that moved, and each 政务公开办 about those of its bodies.

    Written to the outbox in the caller's transaction: rolled back with the schedule, sent after it.
    Returns the number of mails written.
    """
    from gongkai.accounts.models import RoleGrant

    by_address: dict[str, list[DeadlineMove]] = defaultdict(list)
    for move in moves:
        for address in move.recipients:
            by_address[address].append(move)
    # The office of a body above the deadline's (or of the whole installation) hears of it; one query.
    office = RoleGrant.objects.filter(role=Role.DISCLOSURE_OFFICE.value, user__is_active=True).exclude(
        user__email=""
    )
    for address, path in office.values_list("user__email", "body__path"):
        reach = path or ""
        for move in moves:
            if move.body_path.startswith(reach):
                by_address[address].append(move)
    order = {move: index for index, move in enumerate(moves)}
    year_words = "、".join(str(year) for year in years)
    written = 0
    for address, own in sorted(by_address.items()):
        own = sorted(set(own), key=order.__getitem__)  # once each, earliest first
        lines = [
            f"{year_words} 年的节假日安排已经载入，下列正在办理的期限按新安排重新计算：",
            "",
            *(f"· {move.describe()}\n  {absolute(move.path)}" for move in own),
            "",
            "请按新的期限安排工作。",
        ]
        subject = f"【期限变动】{year_words} 年节假日安排已载入，{len(own)} 个期限重新计算"
        written += enqueue("workdays.deadlines_moved", subject, "\n".join(lines), [address]) is not None
    return written


def _entry(day: ScheduleEntry | tuple) -> ScheduleEntry:
    entry = day if isinstance(day, ScheduleEntry) else ScheduleEntry(*day)
    if not isinstance(entry.date, datetime.date) or isinstance(entry.date, datetime.datetime):
        raise ScheduleError.single(f"{entry.where}“{entry.date}”不是日期")
    if entry.kind not in DayKind.values:
        raise ScheduleError.single(f"{entry.where}类型“{entry.kind}”不对，应为 {'/'.join(DayKind.values)}")
    # Plain strings, so entries compare equal to the rows read back from the database.
    return replace(entry, kind=DayKind(entry.kind).value, name=entry.name.strip())


def _problems(entry: ScheduleEntry, year: int, earlier: ScheduleEntry | None) -> list[str]:
    day = f"{entry.where}{entry.date:%Y-%m-%d}（{weekday_name(entry.date)}）"
    problems = []
    if entry.date.year != year:
        problems.append(
            f"{day}不在 {year} 年内；每年的安排只能包含本年的日期，请放入 {entry.date.year} 年的安排"
        )
    if earlier is not None and earlier.kind == entry.kind:
        problems.append(f"{day}重复列出{_also_at(earlier)}")
    elif earlier is not None:
        problems.append(f"{day}既列为休息日又列为调休上班日{_also_at(earlier)}")
    if entry.kind == DayKind.WORKDAY and entry.date.weekday() < 5:
        problems.append(f"{day}列为调休上班日，但调休上班日只能是星期六或星期日（工作日本来就上班）")
    if len(entry.name) > NAME_LENGTH:
        problems.append(f"{day}的节日名称太长（最多 {NAME_LENGTH} 个字）")
    return problems


def _also_at(earlier: ScheduleEntry) -> str:
    return f"（第 {earlier.line} 行已列出）" if earlier.line else ""


def _entries_of(schedule: HolidaySchedule) -> list[ScheduleEntry]:
    return [ScheduleEntry(day.date, day.kind, day.name) for day in schedule.days.all()]


def _report(year, entries, old, *, replaced: bool, dry_run: bool) -> LoadReport:
    new_keys = {_key(entry) for entry in entries}
    old_keys = {_key(entry) for entry in old}
    return LoadReport(
        year=year,
        holidays=sum(entry.kind == DayKind.HOLIDAY for entry in entries),
        workdays=sum(entry.kind == DayKind.WORKDAY for entry in entries),
        added=tuple(entry for entry in entries if _key(entry) not in old_keys),
        removed=tuple(entry for entry in old if _key(entry) not in new_keys),
        replaced=replaced,
        dry_run=dry_run,
    )


def _key(entry: ScheduleEntry) -> tuple:
    return entry.date, entry.kind, entry.name


def _save_schedule(schedule, year, announced_on, source) -> HolidaySchedule:
    schedule = schedule or HolidaySchedule(year=year)
    if announced_on is not None:
        schedule.announced_on = announced_on
    if source:
        schedule.source = source
    schedule.save()
    return schedule


def _describe(entry: ScheduleEntry) -> str:
    return f"{entry.date:%Y-%m-%d} {DayKind(entry.kind).label} {entry.name}".rstrip()
