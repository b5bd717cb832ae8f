"""Keep cached deadlines right when an administrator loads a year's holiday schedule."""

from django.dispatch import receiver

from gongkai.workdays.signals import schedule_changed


@receiver(schedule_changed)
def recompute_guide_deadlines(sender, years=(), **kwargs):
    from gongkai.guides.services import recompute_deadlines

    recompute_deadlines(years)
