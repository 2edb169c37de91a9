"""The form renderer: Django's own (templates), except for select boxes, written here in Python.

Django renders each <option> through a template include: about 0.1 ms an option, which is 300 ms
on the roster's filter form once a committee has 1,000 organizations and 3,000 member
enterprises to choose from. The markup is the same as Django's `select.html` and
`select_option.html` (tests/config/test_rendering.py compares them), so nothing else changes:
widgets, attributes, optgroups, multiple choices, the admin's select boxes.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

SELECT_TEMPLATES = {"django/forms/widgets/select.html"}
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attributes(attrs: dict) -> str:
    """As django/forms/widgets/attrs.html writes them: False left out, True a bare name."""
    return "".join(
        f" {name}" if value is True else f' {name}="{conditional_escape(str(value))}"'
        for name, value in attrs.items() if value is not False
    )


def _option(option: dict) -> str:
    return format_html('<option value="{}"{}>{}</option>', str(option["value"]),
                       mark_safe(_attributes(option["attrs"])), option["label"])


class QuickSelectRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if template_name in SELECT_TEMPLATES else None
        if widget is None or any(option["template_name"] != OPTION_TEMPLATE
                                 for _name, options, _index in widget["optgroups"] for option in options):
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
