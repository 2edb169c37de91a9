"""The dead-code check of scripts/lint.sh: vulture over the project's Python, at the confidence that
reports unused functions, methods, classes, properties and class attributes (60%).

Django calls much of a project by name, from places vulture does not read. Counted as used here:
- every name a template mentions inside {{ }} or {% %} (`{{ member.six_knowns_complete }}`,
  `{% if dues.has_gap %}`, a filter or tag name);
- every name a string spells out as an identifier or a dotted path (settings' "app.module.Class",
  admin `list_display = ["method"]`, form `fields = [...]`, `getattr(obj, "name")`, lookups
  "organization__name");
- the framework's hooks matched by IGNORE_NAMES and IGNORE_DECORATORS below;
- the few names left, each with its reason, in scripts/deadcode_whitelist.py.

    .venv/bin/python scripts/deadcode.py            # prints what is unused, exits 1 if anything is
"""

import ast
import re
import sys
from pathlib import Path

from vulture import Vulture

ROOT = Path(__file__).resolve().parent.parent
PATHS = ["branches", "registry", "outreach", "config", "printing", "fixtures", "spreadsheets", "scripts", "bench"]
EXCLUDE = ["*/migrations/*"]
WHITELIST = ROOT / "scripts" / "deadcode_whitelist.py"
TEMPLATE_DIRS = ["templates"]
MIN_CONFIDENCE = 60

# Names Django, django-filter, django-tasks, openpyxl or the standard library call or read by
# themselves: defining them is the use.
IGNORE_NAMES = [
    # forms: clean_<field>; django-filter: a filter's method="filter_<x>"
    "clean_*",
    "filter_*",
    # management commands
    "Command",
    "add_arguments",
    "handle",
    "help",
    "requires_system_checks",
    # app configs (Django finds the one in an app's apps.py), URLconfs, middleware, auth backends
    "*Config",
    "ready",
    "default_auto_field",
    "urlpatterns",
    "app_name",
    "handler4*",
    "handler500",
    "process_view",
    "process_exception",
    "process_template_response",
    "authenticate",
    "get_user",
    # admin
    "has_*_permission",
    "get_readonly_fields",
    "get_queryset",
    "save_model",
    "delete_model",
    "delete_queryset",
    "lookups",
    "queryset",
    "list_*",
    "search_fields",
    "readonly_fields",
    "autocomplete_fields",
    "date_hierarchy",
    "fieldsets",
    "filter_horizontal",
    "parameter_name",
    "site_header",
    "site_title",
    "index_title",
    "empty_value_display",
    # model Meta and forms
    "abstract",
    "ordering",
    "indexes",
    "constraints",
    "verbose_name*",
    "unique_together",
    "default_related_name",
    "field_classes",
    "field_class",
    "field_order",
    "widgets",
    "labels",
    "help_texts",
    "error_messages",
    "default_error_messages",
    "input_type",
    "template_name",
    "option_template_name",
    "prepare_value",
    "has_changed",
    "to_python",
    "from_db_value",
    "get_prep_value",
    "deconstruct",
    "formfield",
    "get_context",
    "get_context_data",
    # django-simple-history reads these off the instance being saved; Python reads a class's module
    "_history_user",
    "_change_reason",
    "__module__",
    # openpyxl: a cell's or sheet's style is set, never read back by us
    "font",
    "alignment",
    "number_format",
    "freeze_panes",
    "auto_filter",
    "column_dimensions",
    "fill",
    "border",
    "comment",
    "ref",
    "width",
    "orientation",
    "fitToWidth",
]
IGNORE_DECORATORS = [
    "@register.filter",
    "@register.simple_tag",
    "@register.inclusion_tag",
    "@register.tag",
    "@admin.register",
    "@admin.display",
    "@admin.action",
    "@receiver",
    "@task",
    "@pytest.fixture",
]
# Settings are read by Django by name; a setting of ours that nothing reads is a question for review,
# not for a name check.
SETTINGS = "config/settings.py"

IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
TEMPLATE_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)


def names_used_by_reflection(path):
    """The identifiers a module's string constants spell out whole (or as dotted, `__` or `:` paths),
    and the members of its choices classes (data: the database, forms and filters read them through
    `.choices`)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) < 200:
            for part in re.split(r"\.|__|:", node.value.strip().lstrip("-")):
                if IDENTIFIER.fullmatch(part):
                    names.add(part)
        elif isinstance(node, ast.ClassDef) and any(_name(base).endswith("Choices") for base in node.bases):
            for statement in node.body:
                if isinstance(statement, ast.Assign):
                    names.update(target.id for target in statement.targets if isinstance(target, ast.Name))
    return names


def _name(node) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def names_in_templates():
    names = set()
    for folder in TEMPLATE_DIRS:
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".txt", ".xml", ".svg"}:
                for tag in TEMPLATE_TAG.findall(path.read_text(encoding="utf-8")):
                    names.update(IDENTIFIER.findall(tag))
    return names


def main():
    vulture = Vulture(ignore_names=IGNORE_NAMES, ignore_decorators=IGNORE_DECORATORS)
    paths = [str(ROOT / p) for p in PATHS]
    vulture.scavenge([*paths, str(WHITELIST)], exclude=EXCLUDE)
    used = names_in_templates()
    for folder in PATHS:
        for path in (ROOT / folder).rglob("*.py"):
            used |= names_used_by_reflection(path)
    vulture.used_names.update(used)
    unused = [
        item
        for item in vulture.get_unused_code(min_confidence=MIN_CONFIDENCE)
        if not (item.typ == "variable" and Path(item.filename).resolve() == ROOT / SETTINGS)
    ]
    for item in unused:
        print(item.get_report().replace(f"{ROOT}/", ""))
    if unused:
        print(
            f"\n{len(unused)} unused. Delete it, or if something calls it by name that this check cannot see, "
            "add it with the reason to scripts/deadcode_whitelist.py.",
            file=sys.stderr,
        )
    return 1 if unused or vulture.exit_code else 0


if __name__ == "__main__":
    sys.exit(main())
