"""Keep cached deadlines right when an administrator loads a year's holiday schedule."""

from django.dispatch import receiver

from gongkai.guides.deadlines import guide_deadline_moves
from gongkai.workdays.deadlines import register_source
from gongkai.workdays.signals import schedule_changed

# What a schedule change would move, for the holiday-schedule page's preview and the notices.
register_source("guides", guide_deadline_moves)


@receiver(schedule_changed)
def recompute_guide_deadlines(sender, years=(), **kwargs):
    from gongkai.guides.services import recompute_deadlines

    recompute_deadlines(years)
