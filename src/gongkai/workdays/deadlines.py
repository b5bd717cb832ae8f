"""Which running deadlines a change of the calendar moves, asked of the apps that own deadlines.

The working-day calendar sits below the apps with deadlines (guides, inforequests), so it cannot look
at their tables itself. Each of them registers a *source* at start-up: a function that, given the
years that changed, compares every running deadline it has stored with what the current calendar
computes now, and returns a ``DeadlineMove`` for each that differs. Called

- under ``calendar.using_calendar(a calendar with the proposed schedule)``, it is the staff page's
  preview of a schedule not yet saved;
- with the scope paths of a staff member, only the deadlines of their bodies (``bodies.scope.within``);
- right after a schedule is written and before ``schedule_changed`` makes the owners store the new
  dates, it is the list of what moved: the audit entry and the notices to the staff concerned.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class DeadlineMove:
    """One running deadline whose date (or provisional flag) differs under the new calendar."""

    kind: str  # what sort of deadline, in words: 办事指南公开期限, 依申请公开答复期限
    label: str  # which one: the item's name and version, the application's tracking code
    path: str  # its staff page
    old_due: datetime.date | None
    new_due: datetime.date | None
    old_provisional: bool
    new_provisional: bool
    owner: str  # who handles it, as shown to staff ("" when nobody is assigned)
    recipients: tuple[str, ...] = ()  # the owner's e-mail addresses
    body: Any = None  # the public body the deadline belongs to: whose 政务公开办 hears of it, who may see it

    @property
    def body_path(self) -> str:
        return self.body.path if self.body is not None else ""

    @property
    def days(self) -> int | None:
        """Calendar days the deadline moves: positive later, negative earlier."""
        if self.old_due is None or self.new_due is None:
            return None
        return (self.new_due - self.old_due).days

    @property
    def change(self) -> str:
        days = self.days
        if days is None or days == 0:
            return "日期不变，不再是预计" if not self.new_provisional else "日期不变"
        return f"推后 {days} 天" if days > 0 else f"提前 {-days} 天"

    def describe(self) -> str:
        """One line for the audit log and the notices."""
        return f"{self.kind}：{self.label}，{_date(self.old_due, self.old_provisional)} → " + (
            f"{_date(self.new_due, self.new_provisional)}（{self.change}）"
        )


# source(years, paths): the moves of those years, of the bodies below ``paths`` (None: every body).
Source = Callable[[tuple[int, ...], list[str] | None], Iterable[DeadlineMove]]
_sources: dict[str, Source] = {}


def register_source(name: str, source: Source) -> None:
    """Register (or replace, on a second ``ready()``) the deadline source called ``name``."""
    _sources[name] = source


def moves_for(years: Iterable[int], paths: list[str] | None = None) -> list[DeadlineMove]:
    """Every running deadline that the current calendar puts elsewhere than stored, earliest first.

    ``paths`` (``accounts.roles.scope_paths``) keeps only the deadlines of those bodies' subtrees.
    """
    years = tuple(sorted(set(years)))
    moves = [move for source in _sources.values() for move in source(years, paths)]
    return sorted(moves, key=lambda move: (move.old_due or datetime.date.max, move.kind, move.label))


def _date(day: datetime.date | None, provisional: bool) -> str:
    if day is None:
        return "—"
    return f"{day:%Y-%m-%d}" + ("（预计）" if provisional else "")
