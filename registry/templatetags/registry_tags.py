"""Showing personal data only to those who need it, and dates at the precision they are known."""

from django import template
from django.utils import timezone

from spreadsheets.dates import format_partial_date
from registry.members.masking import mask_id_number, mask_phone

register = template.Library()


@register.simple_tag(takes_context=True)
def id_number(context, value):
    """The full ID number for those who keep records; 350***********1234 for reviewers."""
    return value if context.get("user_sees_personal_data") else mask_id_number(value)


@register.simple_tag(takes_context=True)
def phone(context, value):
    return value if context.get("user_sees_personal_data") else mask_phone(value)


@register.simple_tag
def partial_date(member, field: str):
    """`{% partial_date member "joined" %}` → 2016-12-06, or 2016-12 when only the month is known."""
    return format_partial_date(getattr(member, field), getattr(member, f"{field}_precision", "day"))


@register.simple_tag(takes_context=True)
def query_with(context, **changes):
    """The current query string with some parameters replaced: pagination keeps the filters."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


@register.filter
def percent(part, whole):
    try:
        return f"{(100 * part / whole):.0f}%" if whole else "—"
    except (TypeError, ZeroDivisionError):
        return "—"


@register.filter
def share(part, whole) -> str:
    """`part` as a percentage of `whole`, written with a dot whatever the language: for CSS widths."""
    try:
        return f"{(100 * part / whole):.1f}" if whole else "0"
    except (TypeError, ZeroDivisionError):
        return "0"


@register.simple_tag
def days_left(movement):
    """Days until a letter expires, or until our receipt of a transfer in is due (negative: over)."""
    return movement.days_left(timezone.localdate())
