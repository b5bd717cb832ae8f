"""Signals other apps listen to when the working-day calendar changes.

``schedule_changed`` is sent with ``sender=HolidaySchedule`` and ``years``, a sorted tuple of the
years whose working days may now differ, whenever a year's schedule is loaded
(``services.load_schedule``) or edited or deleted in the admin. Deadline clocks recompute every
deadline that runs through one of those years.

It is sent *inside* the transaction that changed the schedule: whatever a receiver writes commits
or rolls back together with the schedule, and a receiver that raises undoes the whole change.
Receivers read the new schedule through ``gongkai.workdays.calendar`` as usual. Anything that
leaves the database (mail, caches elsewhere) belongs in ``transaction.on_commit``.

    from django.dispatch import receiver
    from gongkai.workdays.signals import schedule_changed

    @receiver(schedule_changed)
    def recompute_deadlines(sender, years, **kwargs):
        ...
"""

from django.dispatch import Signal

schedule_changed = Signal()
