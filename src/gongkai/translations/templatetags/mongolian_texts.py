"""`{{ obj|mongolian:"name" }}`: the text a public page shows for a field of a group, life event or body."""

from django import template

register = template.Library()


@register.filter
def mongolian(obj, key: str):
    if obj is None:
        return ""
    shown = getattr(obj, "mongolian", None)
    if shown is None:
        return getattr(obj, key, "") or ""
    return shown.text(key)


@register.filter
def mongolian_standing(obj):
    """current, out_of_date, missing, or "" (a Chinese page, or nothing attached)."""
    shown = getattr(obj, "mongolian", None)
    return (shown.standing() if shown is not None else None) or ""


@register.simple_tag
def mongolian_contact(catalog):
    """`{% mongolian_contact catalog as contact %}`: the contact lines of a Mongolian page, None on a Chinese one."""
    from gongkai.translations.public import contact_lines

    return contact_lines(catalog)
