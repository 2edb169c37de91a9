"""The shape of the house, checked from the source: which package may import which, no import
cycles, no ORM call in a view module, and registry/ kept in rooms.

Layers, lowest first (a module imports only from its own layer or lower ones):

    spreadsheets  the spreadsheet pipeline: imports nothing of the project
    branches      chambers, enterprises, organizations, roles and scope
    registry      members, figures, surveys, imports and exports
    outreach      keeping in touch, certificates, letters
    config        settings, URLs, the home page (composes everything)

`fixtures` holds demo data definitions (used by registry's seed_demo) and `printing` renders
papers to PDF (used by registry and outreach): they import nothing of the project. Every import counts — at the top of a module or inside a function — so that a cycle
cannot hide behind a late import.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS = {"spreadsheets": 0, "fixtures": 0, "printing": 0, "branches": 1, "registry": 2, "outreach": 3, "config": 4}

# Calls that are the ORM at work (on a manager, a queryset, or the shortcuts that hide one).
ORM_METHODS = {
    "objects",
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "values_list",
    "order_by",
    "select_related",
    "prefetch_related",
    "only",
    "defer",
    "first",
    "last",
    "exists",
    "count",
    "iterator",
    "delete",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "select_for_update",
    "none",
    "all",
    "distinct",
    "in_bulk",
    "latest",
    "earliest",
    "raw",
}
# Also the names of dict methods: the ORM's only when given arguments (`qs.values("id")`, `qs.update(x=1)`).
ORM_WITH_ARGUMENTS = {"values", "update"}
ORM_FUNCTIONS = {"get_object_or_404", "get_list_or_404"}


def _modules() -> dict[str, Path]:
    modules = {}
    for package in LAYERS:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            modules[".".join(parts)] = path
    return modules


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """The project modules `name` imports, resolved to modules (a name imported from a package is
    the submodule when there is one)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def test_every_project_package_is_known():
    top_level = {path.parent.name for path in ROOT.glob("*/__init__.py")} - {"tests", "bench", "scripts", "docs"}
    assert top_level <= set(LAYERS), f"place {top_level - set(LAYERS)} in LAYERS"


def test_imports_run_downwards_only():
    wrong = []
    for name, targets in GRAPH.items():
        layer = LAYERS[name.split(".")[0]]
        for target in targets:
            target_top = target.split(".")[0]
            if LAYERS[target_top] > layer or (layer == 0 and target_top != name.split(".")[0]):
                wrong.append(f"{name} → {target}")
    assert not wrong, "imports against the layers:\n" + "\n".join(sorted(wrong))


def test_no_import_cycles():
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []
    counter = [0]

    def visit(node):  # Tarjan's strongly connected components
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(GRAPH):
        if node not in index:
            visit(node)
    assert not cycles, f"modules that import each other (directly or around a circle): {cycles}"


def _view_modules() -> list[str]:
    return sorted(
        name for name in MODULES if name.split(".")[-1] == "views" or name.endswith("_views") or ".views." in name
    )


def _orm_calls(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"line {node.lineno}: .objects")
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        if isinstance(function, ast.Name) and function.id in ORM_FUNCTIONS:
            found.append(f"line {node.lineno}: {function.id}()")
        elif isinstance(function, ast.Attribute) and function.attr in ORM_WITH_ARGUMENTS:
            if node.keywords or (function.attr == "values" and node.args):
                found.append(f"line {node.lineno}: .{function.attr}()")
        elif isinstance(function, ast.Attribute) and function.attr in ORM_METHODS - {"objects"}:
            found.append(f"line {node.lineno}: .{function.attr}()")
        elif isinstance(function, ast.Attribute) and function.attr == "get" and any(kw.arg for kw in node.keywords):
            found.append(f"line {node.lineno}: .get(…=…)")  # Model.objects.get(pk=…), not dict.get(key)
    return found


@pytest.mark.parametrize("module", _view_modules())
def test_no_orm_call_in_a_view_module(module):
    assert not _orm_calls(MODULES[module]), f"{module} reads the database itself; use a selector"


def test_the_view_module_check_can_fail(tmp_path):
    sample = tmp_path / "views.py"
    sample.write_text("def v(request, pk):\n    return Member.objects.filter(pk=pk).first()\n")
    assert _orm_calls(sample)
    sample.write_text("def v(request, form):\n    form.errors.values()\n    return request.GET.get('page')\n")
    assert not _orm_calls(sample)


def test_registry_keeps_its_modules_in_rooms():
    loose = sorted(path.name for path in (ROOT / "registry").glob("*.py"))
    assert len(loose) <= 10, f"registry/ has {len(loose)} loose modules: {loose}"


def test_tests_mirror_the_code():
    """Every test module of an app sits in a folder that exists in the code."""
    misplaced = []
    for path in (ROOT / "tests").rglob("test_*.py"):
        folder = path.parent.relative_to(ROOT / "tests")
        if folder.parts and folder.parts[0] in LAYERS and not (ROOT / folder).is_dir():
            misplaced.append(str(path.relative_to(ROOT)))
    assert not misplaced, misplaced


def test_spreadsheets_is_a_leaf_that_registry_kinds_build_on():
    users = defaultdict(set)
    for name, targets in GRAPH.items():
        for target in targets:
            if target.startswith("spreadsheets"):
                users[name.split(".")[0]].add(name)
    assert "registry" in users and "outreach" in users  # the kinds and the attendance sheet use it
    assert all(
        not target.startswith(("branches", "registry", "outreach", "config"))
        for name, targets in GRAPH.items()
        if name.startswith("spreadsheets")
        for target in targets
    )


def _unguarded_service_calls(path: Path) -> list[str]:
    """View functions that bind a form (`.is_valid()`) and call a service without catching the
    ValidationError a service raises when the record refuses the data (shown on the form instead)."""
    found = []
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, ast.FunctionDef):
            continue
        calls = [
            node for node in ast.walk(function) if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
        ]
        binds_form = any(call.func.attr == "is_valid" for call in calls)
        services = [
            call for call in calls if isinstance(call.func.value, ast.Name) and "services" in call.func.value.id
        ]
        caught = any(
            isinstance(node, ast.ExceptHandler)
            and node.type is not None
            and "ValidationError" in ast.unparse(node.type)
            for node in ast.walk(function)
        )
        if binds_form and services and not caught:
            found.append(f"{function.name} (line {function.lineno})")
    return found


def test_views_show_a_services_refusal_on_the_form():
    """A service's ValidationError (the record's own validation) is a message on the form, never a 500."""
    found = {name: hits for name in _view_modules() if (hits := _unguarded_service_calls(MODULES[name]))}
    assert not found, (
        f"catch ValidationError around the service call and show it (branches.refusals.show_refusal): {found}"
    )


# The wall clock read for a date, anywhere but branches/clock.py: `timezone.localdate()`,
# `date.today()` (a timestamp, `timezone.now()` or `clock.now()`, is a moment recorded, not a date counted from).
WALL_CLOCK_DATES = {("timezone", "localdate"), ("date", "today"), ("datetime", "today")}


def _wall_clock_reads(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute):
            owner = node.value.attr if isinstance(node.value, ast.Attribute) else getattr(node.value, "id", None)
            if (owner, node.attr) in WALL_CLOCK_DATES:
                found.append(f"{ast.unparse(node)} (line {node.lineno})")
    return found


def test_the_registry_has_one_today():
    """Every date the registry counts from comes from branches.clock.today() (docs/operations.md#time),
    in the code and in the tests: one place decides what today is, and the suite can pin it."""
    paths = [path for name, path in MODULES.items() if name != "branches.clock"]
    paths += [path for path in (ROOT / "tests").rglob("*.py")]
    found = {str(path.relative_to(ROOT)): hits for path in paths if (hits := _wall_clock_reads(path))}
    assert not found, f"use branches.clock.today() (or clock.now()): {found}"
    assert _wall_clock_reads(ROOT / "branches" / "clock.py")  # the one place that does (and the check sees it)
