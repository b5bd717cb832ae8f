"""Template words for provisional deadlines: ``{% load workdays_tags %}``, then ``{{ due_on|provisional_note }}``."""

from django import template

from gongkai.workdays.calendar import provisional_wording, provisional_years

register = template.Library()


@register.filter
def provisional_note(due_on) -> str:
    """“预计，以国务院办公厅公布的2027年放假安排为准” for a deadline stored as provisional."""
    return provisional_wording(provisional_years(due_on)) if due_on else ""


@register.filter(name="provisional_wording")
def provisional_wording_filter(unknown_years) -> str:
    """The same words from the exact years a computed clock carries (``clock.unknown_years``)."""
    return provisional_wording(unknown_years) if unknown_years else ""
