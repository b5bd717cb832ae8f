"""The statutory clock of an application, computed from its events (条例第三十条至第三十三条).

Counting rules, as applied here:
- Periods start the day after the event (民法典第二百零一条): 20 working days "from receipt" end on the
  20th working day after the day of receipt.
- 补正 (art. 30): the correction notice stops the clock; the period restarts in full from the day the
  corrected application is received.
- 征求意见 (art. 32, 34): the days after the letter is sent until the answer arrives (at most 15 working days)
  do not count (art. 33 para. 3). Working days used before the letter count; the rest run on after.
- 收费 (国办函〔2020〕109号): the clock stops from the fee notice until payment.
- 延期 (art. 33 para. 2): an approved extension adds its days (at most 20) to the allowance.
- 合并: a duplicate merged into the application it repeats ends there; the other one runs on.
"""

import datetime
from dataclasses import dataclass, field

from gongkai.inforequests.choices import EventKind, Status
from gongkai.workdays.calendar import add_workdays, workdays_between

REPLY_LIMIT = 20  # art. 33
CORRECTION_NOTICE_LIMIT = 7  # art. 30
CONSULTATION_LIMIT = 15  # art. 32
FEE_PAYMENT_LIMIT = 20  # provincial rules, domain.md §3
MAX_EXTENSION = 20  # art. 33


@dataclass
class CaseClock:
    status: Status = Status.IN_PROGRESS
    due_on: datetime.date | None = None
    paused_since: datetime.date | None = None
    # While paused: the day the applicant or third party must act by.
    act_by: datetime.date | None = None
    extension_days: int = 0
    replied_on: datetime.date | None = None
    closed_on: datetime.date | None = None
    # At the reply: the working days the reply period actually ran (补正 restarts it, 征求意见 and 缴费 stop
    # it), i.e. the handling time as the statute counts it, for the annual figures.
    counted_days: int | None = None
    unknown_years: set[int] = field(default_factory=set)

    @property
    def provisional(self) -> bool:
        return bool(self.unknown_years)

    @property
    def paused(self) -> bool:
        return self.paused_since is not None


class _Counter:
    """Working-day arithmetic that remembers every year it had to estimate."""

    def __init__(self, clock: CaseClock):
        self.clock = clock

    def add(self, start, n):
        result = add_workdays(start, n)
        self.clock.unknown_years.update(result.unknown_years)
        return result.date

    def between(self, start, end) -> int:
        result = workdays_between(start, end)
        self.clock.unknown_years.update(result.unknown_years)
        return result.count


def compute_clock(received_on: datetime.date | None, events) -> CaseClock:
    """Replay the events in date order. `events` are CaseEvent rows or objects with kind, on and data."""
    clock = CaseClock()
    if received_on is None:
        # Not received yet, so no clock; a duplicate merged before its receipt was confirmed still ends.
        merged = [e for e in events if e.kind == EventKind.MERGED]
        if merged:
            clock.status, clock.closed_on = Status.CLOSED, merged[-1].on
        return clock
    count = _Counter(clock)
    start, used, allowance = received_on, 0, REPLY_LIMIT
    for event in sorted(events, key=lambda e: (e.on, getattr(e, "pk", 0) or 0)):
        kind = event.kind
        if kind == EventKind.CORRECTION_REQUESTED:
            clock.status, clock.paused_since = Status.AWAITING_CORRECTION, event.on
            clock.act_by = _date(event.data.get("deadline"))
        elif kind == EventKind.CORRECTION_RECEIVED:
            # Art. 30: the reply period runs again in full from receipt of the corrected application.
            start, used = event.on, 0
            _resume(clock)
        elif kind == EventKind.CONSULTATION_SENT:
            used += count.between(start, event.on)
            clock.status, clock.paused_since = Status.CONSULTING, event.on
            clock.act_by = count.add(event.on, CONSULTATION_LIMIT)
        elif kind == EventKind.CONSULTATION_ANSWERED:
            # Time beyond the third party's 15 working days counts again even if the answer comes later.
            start = min(event.on, clock.act_by) if clock.act_by else event.on
            _resume(clock)
        elif kind == EventKind.FEE_NOTICE_SENT:
            used += count.between(start, event.on)
            clock.status, clock.paused_since = Status.AWAITING_FEE, event.on
            clock.act_by = count.add(event.on, FEE_PAYMENT_LIMIT)
        elif kind == EventKind.FEE_PAID:
            start = event.on
            _resume(clock)
        elif kind == EventKind.EXTENSION_APPROVED:
            days = int(event.data.get("days", 0))
            allowance += days
            clock.extension_days += days
        elif kind in (EventKind.CORRECTION_LAPSED, EventKind.FEE_LAPSED, EventKind.MERGED):
            clock.status, clock.closed_on = Status.CLOSED, event.on
            clock.paused_since = clock.act_by = None
            return clock
        elif kind == EventKind.REPLIED:
            clock.due_on = clock.due_on if clock.paused else count.add(start, allowance - used)
            clock.counted_days = used + (0 if clock.paused else count.between(start, event.on))
            clock.status, clock.replied_on, clock.closed_on = Status.REPLIED, event.on, event.on
            return clock
        if not clock.paused:
            clock.due_on = count.add(start, allowance - used)
    return clock


def _resume(clock: CaseClock) -> None:
    clock.status, clock.paused_since, clock.act_by = Status.IN_PROGRESS, None, None


def _date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value) if value else None
