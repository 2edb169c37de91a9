"""Outreach's view modules build no queries: every read goes through a selector (already scoped),
every write through a service (docs: STYLE.md, "Views never build querysets"). Read from the source
with `ast`, so a new view that filters by hand fails here before review."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VIEW_MODULES = sorted([
    ROOT / "outreach" / "certificates" / "views.py",
    ROOT / "outreach" / "certificates" / "request_views.py",
    ROOT / "outreach" / "letters" / "views.py",
    *(ROOT / "outreach" / "contacts" / "views").glob("*.py"),
])

# Queryset and manager methods (and the shortcuts that query).
ORM_METHODS = {
    "filter", "exclude", "first", "last", "exists", "count", "aggregate", "annotate", "values", "values_list",
    "order_by", "select_related", "prefetch_related", "only", "defer", "create", "update", "delete", "iterator",
    "all", "none", "distinct", "in_bulk", "get_or_create", "update_or_create", "bulk_create", "bulk_update",
    "select_for_update", "raw", "earliest", "latest",
}
ORM_FUNCTIONS = {"get_object_or_404", "get_list_or_404"}


def orm_calls(source: str) -> list[str]:
    """Each ORM call in `source`, as "line: what". `.get(...)` counts only with keyword arguments
    (`.get(pk=…)`): `request.GET.get("page")`, `cleaned_data.get("x", default)` are dictionaries."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{node.lineno}: .objects")
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in ORM_FUNCTIONS:
            found.append(f"{node.lineno}: {function.id}()")
        elif isinstance(function, ast.Attribute):
            if function.attr in ORM_FUNCTIONS | ORM_METHODS:
                found.append(f"{node.lineno}: .{function.attr}()")
            elif function.attr == "get" and node.keywords:
                found.append(f"{node.lineno}: .get(…=…)")
    return found


def test_the_list_of_view_modules_is_complete():
    names = {path.relative_to(ROOT).as_posix() for path in VIEW_MODULES}
    assert {"outreach/contacts/views/activities.py", "outreach/contacts/views/cases.py",
            "outreach/contacts/views/contacts.py", "outreach/contacts/views/visits.py",
            "outreach/contacts/views/common.py"} <= names
    assert len(names) >= 9


@pytest.mark.parametrize("path", VIEW_MODULES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_no_orm_call_in_a_view_module(path):
    assert orm_calls(path.read_text(encoding="utf-8")) == []


def test_the_check_finds_what_it_should_and_leaves_dictionaries_alone():
    source = """
def view(request, pk):
    Member.objects.all()
    members.filter(name="x").exists()
    item = get_object_or_404(queryset, pk=pk)
    queryset.get(pk=pk)
    request.GET.get("page")
    request.POST.get("next", "")
    form.cleaned_data.get("replace_edits", False)
    kwargs.get("pk")
"""
    found = sorted(orm_calls(source))
    assert found == sorted([
        "3: .objects", "3: .all()", "4: .filter()", "4: .exists()", "5: get_object_or_404()", "6: .get(…=…)",
    ])
