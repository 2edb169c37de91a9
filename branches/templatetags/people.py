"""`{{ user|person }}`: a user shown by their name (branches.people)."""

from django import template

from branches.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    """A user's name; a name already worked out (a string) as it is."""
    return user if isinstance(user, str) else person_name(user)
