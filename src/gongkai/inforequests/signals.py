"""Recompute application clocks when an administrator loads a year's holiday schedule."""

from django.dispatch import receiver

from gongkai.workdays.signals import schedule_changed


@receiver(schedule_changed)
def recompute_request_clocks(sender, years=(), **kwargs):
    from gongkai.inforequests.services import recompute_clocks

    recompute_clocks(years)
