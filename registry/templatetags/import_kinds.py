"""`{{ run.kind|import_kind }}`: an import run's kind by its label (党员), read from the kinds the
rooms declare (registry/imports/kinds.py); a kind no room declares any more as it is stored."""

from django import template

from registry.imports.declared import label_for

register = template.Library()


@register.filter
def import_kind(kind: str) -> str:
    return label_for(kind)
