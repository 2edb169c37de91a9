"""The form renderer: Django's own (templates), except for select boxes and inputs, written here in
Python.

Django renders each widget through a template and each <option> through a template include: about
0.1 ms an option or an input, which is 300 ms on the roster's filter form once a committee has
1,000 organizations and 3,000 member enterprises to choose from, and half the time of a dues month
sheet, which has an amount and a note for each of a committee's 400 members. The markup is the same
as Django's `select.html`, `select_option.html`, `input.html` and the input templates that only
include it (tests/config/test_rendering.py compares them), so nothing else changes: widgets,
attributes, optgroups, multiple choices, the admin's select boxes and inputs.
"""

import html

from django.forms.renderers import DjangoTemplates
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import mark_safe

SELECT_TEMPLATES = {"django/forms/widgets/select.html"}
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"
# input.html, and the templates that are nothing but `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = {
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "search",
        "tel",
        "color",
        "date",
        "datetime",
        "time",
        "checkbox",
        "file",
    )
}


def _text(value) -> str:
    """As `{{ value|stringformat:'s' }}` writes a value: its text, always escaped (what
    django.utils.html.escape does, without its check for lazy text: the text is made here)."""
    return html.escape(f"{value}")


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them: False left out, True a bare name."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _escaped(value) -> str:
    """As format_html writes a value: text marked safe as it is, anything else escaped (Django's
    conditional_escape, without the check for lazy arguments its `escape` makes on every call: a
    third of the time of a page with a dozen selects of 400 members)."""
    if isinstance(value, Promise):
        value = str(value)
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def _option(option: dict) -> str:
    value, label = _escaped(str(option["value"])), _escaped(option["label"])
    return f'<option value="{value}"{_attributes(option["attrs"])}>{label}</option>'


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
    kind, name = _escaped(widget["type"]), _escaped(widget["name"])
    return mark_safe(f'<input type="{kind}" name="{name}"{value}{_attributes(widget["attrs"])}>')


class QuickRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES and "widget" in context:
            return _input(context["widget"])
        widget = context.get("widget") if template_name in SELECT_TEMPLATES else None
        if widget is None or any(
            option["template_name"] != OPTION_TEMPLATE
            for _name, options, _index in widget["optgroups"]
            for option in options
        ):
            return super().render(template_name, context, request=request)
        parts = [format_html('<select name="{}"{}>', widget["name"], mark_safe(_attributes(widget["attrs"])))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(f"\n  {_option(option)}\n" for option in options)  # the option template's own line end
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))
