"""`{% secretary_of organization as secretary %}`: the secretary every page and paper shows — the 书记
in office on the organization's committee where one is recorded, else the name and phone typed on the
organization's record (registry/committees/selectors.py, docs/committees.md#secretary). One query."""

from django import template

from registry.committees import selectors

register = template.Library()


@register.simple_tag
def secretary_of(organization):
    if organization is None:
        return None
    return selectors.secretary_of(organization)
