"""`{{ user|person }}`: a user shown by their name (branches.people)."""

from django import template

from branches.people import person_name

register = template.Library()


@register.filter
def person(user) -> str:
    return person_name(user)
