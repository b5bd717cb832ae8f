"""Recompute application clocks when an administrator loads a year's holiday schedule."""

from django.dispatch import receiver

from gongkai.inforequests.deadlines import request_deadline_moves
from gongkai.workdays.deadlines import register_source
from gongkai.workdays.signals import schedule_changed

# What a schedule change would move, for the holiday-schedule page's preview and the notices.
register_source("inforequests", request_deadline_moves)


@receiver(schedule_changed)
def recompute_request_clocks(sender, years=(), **kwargs):
    from gongkai.inforequests.services import recompute_clocks

    recompute_clocks(years)
