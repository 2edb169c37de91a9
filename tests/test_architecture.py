"""The shape of the house, checked from the source: which package may import which, no import
cycles, no ORM call in a view module, and registry/ kept in rooms.

Layers, lowest first (a module imports only from its own layer or lower ones):

    spreadsheets  the spreadsheet pipeline: imports nothing of the project
    branches      chambers, enterprises, organizations, roles and scope
    registry      members, figures, surveys, imports and exports
    outreach      keeping in touch, certificates, letters
    config        settings, URLs, the home page (composes everything)

`fixtures` holds demo data definitions (used by registry's seed_demo) and `printing` renders
papers to PDF (used by registry and outreach): they import nothing of the project. Every import
counts — at the top of a module or inside a function — so that a cycle cannot hide behind a late
import.
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


class _ServiceFlow:
    """Where the services go in the view modules, read from their source: called, or passed on as
    a callable — a service itself (`create=services.chamber_create`), a lambda or local function
    that calls one (`save=lambda: services.member_create(…)`), or a table holding them (`Step`s
    whose `apply` calls one: `STEPS[name].apply(…)`).

    A parameter of a view-module function that some call hands a service to "carries" one, and so
    does a local assigned from anything that holds one; followed across the view modules
    (`form_view` in branches/form_views.py receives them from every room) until nothing new
    carries one. A service handed to a function outside the view modules cannot be followed, and is
    reported as such."""

    ITEM = ""  # held by the value itself (a service, or a table's items), not by one of its attributes

    def __init__(self, names: list[str]):
        self.names = names
        self._trees: dict[str, ast.Module] = {}
        self._import_maps: dict[str, dict] = {}
        self._held: dict[tuple[str, str], frozenset] = {}
        self.functions = {  # a local function is part of the function it is defined in
            (name, node.name): node
            for name in names
            for node in self.tree(name).body
            if isinstance(node, ast.FunctionDef)
        }
        self.carrying_params: set[tuple[str, str, str]] = set()  # (module, function, parameter)
        self.unfollowed: dict[str, list[str]] = defaultdict(list)
        self._follow()

    # --- reading the source ------------------------------------------------------------------------

    def tree(self, module: str) -> ast.Module:
        if module not in self._trees:
            self._trees[module] = ast.parse(MODULES[module].read_text(encoding="utf-8"))
        return self._trees[module]

    def imports(self, module: str) -> dict:
        """Local name → ("services", None) for a services module, ("service", None) for a function
        imported from one, ("name", (module, name)) for anything else imported from the project."""
        if module in self._import_maps:
            return self._import_maps[module]
        found = {}
        for node in ast.walk(self.tree(module)):
            if isinstance(node, ast.ImportFrom) and node.module:
                for alias in node.names:
                    local = alias.asname or alias.name
                    if alias.name == "services":
                        found[local] = ("services", None)
                    elif node.module.endswith(".services") and alias.name[:1].islower():
                        found[local] = ("service", None)
                    elif node.module in MODULES:
                        found[local] = ("name", (node.module, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.endswith(".services") and alias.asname:
                        found[alias.asname] = ("services", None)
        self._import_maps[module] = found
        return found

    def is_service(self, module: str, node: ast.AST) -> bool:
        """`services.member_create`, `member_services.member_update`, or a function imported from a
        services module (a class there, such as a row type, is no service)."""
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.attr[:1].islower():
            kind = self.imports(module).get(node.value.id, (None,))[0]
            return kind == "services" or (kind is None and "services" in node.value.id)
        return isinstance(node, ast.Name) and self.imports(module).get(node.id, (None,))[0] == "service"

    def held_by_global(self, module: str, name: str) -> frozenset:
        """Where the module-level `name` holds services: ITEM, and/or the attributes of its items."""
        key = (module, name)
        if key not in self._held:
            self._held[key] = frozenset()  # while reading it (a name defined from itself)
            held = frozenset()
            for node in self.tree(module).body:
                if isinstance(node, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == name for target in node.targets
                ):
                    held = self.held_by(module, node.value, {})
            kind, target = self.imports(module).get(name, (None, None))
            if kind == "name" and target[0] in MODULES:
                held = self.held_by_global(*target)
            self._held[key] = held
        return self._held[key]

    def _fields_of(self, module: str, func: ast.AST) -> list[str] | None:
        """The fields, in order, of the class `func` names (a dataclass such as branches.steps.Step)."""
        if not isinstance(func, ast.Name):
            return None
        where, name = module, func.id
        kind, target = self.imports(module).get(name, (None, None))
        if kind == "name" and target[0] in MODULES:
            where, name = target
        for node in self.tree(where).body:
            if isinstance(node, ast.ClassDef) and node.name == name:
                return [item.target.id for item in node.body if isinstance(item, ast.AnnAssign)]
        return None

    # --- what holds a service ----------------------------------------------------------------------

    def root(self, node: ast.AST) -> ast.Name | None:
        """The name a chain of items and `.get()`s starts from: STEPS in `STEPS[name]`, `STEPS.get(name)`."""
        while True:
            if isinstance(node, ast.Subscript):
                node = node.value
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get":
                node = node.func.value
            else:
                return node if isinstance(node, ast.Name) else None

    def held_by_name(self, module: str, name: str, carriers: dict) -> frozenset:
        if name in carriers:
            return carriers[name]
        return self.held_by_global(module, name)

    def held_by(self, module: str, node: ast.AST, carriers: dict) -> frozenset:
        """Where the value of `node` holds services (empty: it holds none). What a call returns holds
        none, unless the call is given services to keep (a table made of them); a lambda or local
        function that calls one is one."""
        if self.is_service(module, node):
            return frozenset({self.ITEM})
        root = self.root(node)
        if root is not None:
            return self.held_by_name(module, root.id, carriers)
        if isinstance(node, (ast.Lambda, ast.FunctionDef)):
            return frozenset({self.ITEM}) if self.calls_inside(module, node, carriers) else frozenset()
        if isinstance(node, ast.Call):
            fields = self._fields_of(module, node.func)
            held = set()
            for index, value in [*enumerate(node.args), *((kw.arg, kw.value) for kw in node.keywords)]:
                if self.held_by(module, value, carriers):
                    if fields is not None and isinstance(index, int) and index < len(fields):
                        held.add(fields[index])
                    elif fields is not None and isinstance(index, str):
                        held.add(index)
                    else:
                        held |= self.held_by(module, value, carriers)
            return frozenset(held)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set, ast.Dict, ast.Starred, ast.DictComp, ast.GeneratorExp)):
            held = set()
            for child in ast.iter_child_nodes(node):
                held |= self.held_by(module, child, carriers)
            return frozenset(held)
        if isinstance(node, ast.comprehension):
            return self.held_by(module, node.iter, carriers)
        return frozenset()

    def calls_inside(self, module: str, node: ast.AST, carriers: dict) -> bool:
        """Whether a lambda or local function calls a service, or something that holds one."""
        return any(isinstance(each, ast.Call) and self.dangerous(module, each, carriers) for each in ast.walk(node))

    def dangerous(self, module: str, call: ast.Call, carriers: dict) -> bool:
        """A call of a service, of a name holding one, or of a held attribute (`STEPS[name].apply(…)`)."""
        func = call.func
        if self.is_service(module, func):
            return True
        if isinstance(func, ast.Name):
            return self.ITEM in self.held_by_name(module, func.id, carriers)
        if isinstance(func, ast.Attribute) and (root := self.root(func.value)) is not None:
            return func.attr in self.held_by_name(module, root.id, carriers)
        return False

    def carriers(self, module: str, function: ast.FunctionDef) -> dict[str, frozenset]:
        """The names inside `function` that hold a service: its carrying parameters, its local
        functions that call one, and the locals assigned from something that holds one."""
        found = {
            param: frozenset({self.ITEM})
            for (mod, name, param) in self.carrying_params
            if (mod, name) == (module, function.name)
        }
        for _ in range(3):  # a local from a local from a parameter
            for node in ast.walk(function):
                if isinstance(node, ast.FunctionDef) and node is not function:
                    if self.calls_inside(module, node, found):
                        found[node.name] = frozenset({self.ITEM})
                elif isinstance(node, ast.Assign) and (held := self.held_by(module, node.value, found)):
                    for target in node.targets:
                        found |= {each.id: held for each in ast.walk(target) if isinstance(each, ast.Name)}
        return found

    # --- following them ----------------------------------------------------------------------------

    def _receiver(self, module: str, call: ast.Call):
        if isinstance(call.func, ast.Name):
            if (module, call.func.id) in self.functions:
                return module, call.func.id
            kind, target = self.imports(module).get(call.func.id, (None, None))
            if kind == "name" and target in self.functions:
                return target
        return None

    def _passes(self, module: str, value: ast.AST, carriers: dict) -> bool:
        """Whether an argument hands a callable service on (a value computed from one is no service)."""
        if self.is_service(module, value):
            return True
        if isinstance(value, (ast.Tuple, ast.List, ast.Set, ast.Dict)):
            return any(self._passes(module, child, carriers) for child in ast.iter_child_nodes(value))
        if isinstance(value, ast.Attribute) and (root := self.root(value.value)) is not None:
            return value.attr in self.held_by_name(module, root.id, carriers)
        if isinstance(value, (ast.Name, ast.Subscript, ast.Lambda)):
            return self.ITEM in self.held_by(module, value, carriers)
        return False

    def _follow(self) -> None:
        while True:
            before = (len(self.carrying_params), sum(map(len, self.unfollowed.values())))
            for (module, _name), function in self.functions.items():
                carriers = self.carriers(module, function)
                for call in (node for node in ast.walk(function) if isinstance(node, ast.Call)):
                    arguments = [*enumerate(call.args), *((kw.arg, kw.value) for kw in call.keywords)]
                    passed = [index for index, value in arguments if self._passes(module, value, carriers)]
                    if not passed:
                        continue
                    receiver = self._receiver(module, call)
                    if receiver is None:
                        note = f"{function.name} passes a service to {ast.unparse(call.func)} (line {call.lineno})"
                        if note not in self.unfollowed[module]:
                            self.unfollowed[module].append(note)
                        continue
                    params = self.functions[receiver].args
                    positional = [arg.arg for arg in params.posonlyargs + params.args]
                    for index in passed:
                        param = (
                            index if isinstance(index, str) else positional[index] if index < len(positional) else None
                        )
                        if param:
                            self.carrying_params.add((*receiver, param))
            if (len(self.carrying_params), sum(map(len, self.unfollowed.values()))) == before:
                return

    def unguarded(self, module: str) -> list[str]:
        """Functions that bind a form (`.is_valid()`) and call a service — or a callable that may be
        one — outside a `try` that catches ValidationError (the refusal, shown on the form instead);
        and services handed where this check cannot follow them."""
        found = []
        parents = {child: parent for parent in ast.walk(self.tree(module)) for child in ast.iter_child_nodes(parent)}
        for (mod, _name), function in self.functions.items():
            if mod != module:
                continue
            calls = [node for node in ast.walk(function) if isinstance(node, ast.Call)]
            if not any(isinstance(call.func, ast.Attribute) and call.func.attr == "is_valid" for call in calls):
                continue
            carriers = self.carriers(module, function)
            for call in calls:
                if self.dangerous(module, call, carriers) and not self._guarded(call, function, parents):
                    found.append(f"{function.name} calls {ast.unparse(call.func)} unguarded (line {call.lineno})")
        return found + self.unfollowed.get(module, [])

    @staticmethod
    def _guarded(call: ast.Call, function: ast.FunctionDef, parents: dict) -> bool:
        """Inside the body of a `try` of `function` with a handler for ValidationError; a call in a
        lambda or local function is the receiver's to guard (it is passed on, not called here)."""
        node = call
        while node is not function:
            parent = parents[node]
            if isinstance(parent, (ast.Lambda, ast.FunctionDef)) and parent is not function:
                return True
            if (
                isinstance(parent, ast.Try)
                and node in parent.body
                and any(h.type is not None and "ValidationError" in ast.unparse(h.type) for h in parent.handlers)
            ):
                return True
            node = parent
        return False


def test_views_show_a_services_refusal_on_the_form():
    """A service's ValidationError (the record's own validation) is a message on the form, never a
    500 — also where a service is passed on as a callable (to branches.form_views.form_view, or to
    a page helper of the room) and called there."""
    flow = _ServiceFlow(_view_modules())
    found = {name: hits for name in _view_modules() if (hits := flow.unguarded(name))}
    assert not found, (
        "call services inside a try that shows a ValidationError on the form (branches.refusals.show_refusal), "
        f"or through branches.form_views.form_view: {found}"
    )


def test_the_refusal_check_follows_services_passed_as_callables(tmp_path, monkeypatch):
    """The check fails on the shape it exists for: a create handed to a page helper as a callable and
    called there outside the try (registry/organizations/views.py before issue 21), and on a
    service handed to something it cannot follow; it passes the guarded shapes."""
    header = (
        "from django.core.exceptions import ValidationError\n"
        "from registry.members import services\n"
        "from branches.form_views import form_view\n"
    )
    samples = {
        "helper_calls_create_outside_try": (
            "def _page(request, form, *, create, update):\n"
            "    if form.is_valid():\n"
            "        if form.instance is None:\n"
            "            return create(data=form.cleaned_data)\n"
            "        try:\n"
            "            update(data=form.cleaned_data)\n"
            "        except ValidationError:\n"
            "            pass\n"
            "def edit(request, form):\n"
            "    return _page(request, form, create=services.member_create,\n"
            "                 update=lambda **kw: services.member_update(member=None, **kw))\n",
            True,
        ),
        "service_to_an_unknown_function": (
            "def edit(request, form):\n    return somewhere(save=lambda: services.member_create(data={}))\n",
            True,
        ),
        "local_callable_called_outside_try": (
            "def edit(request, form):\n"
            "    save = services.member_create\n"
            "    if form.is_valid():\n"
            "        save(data=form.cleaned_data)\n",
            True,
        ),
        "local_function_called_outside_try": (
            "def edit(request, form):\n"
            "    def save():\n"
            "        return services.member_create(data=form.cleaned_data)\n"
            "    if form.is_valid():\n"
            "        save()\n",
            True,
        ),
        "local_function_to_an_unknown_function": (
            "def edit(request, form):\n"
            "    def save():\n"
            "        return services.member_create(data=form.cleaned_data)\n"
            "    return somewhere(save)\n",
            True,
        ),
        "step_applied_outside_try": (
            "class Step:\n"
            "    name: str\n"
            "    apply: object\n"
            "STEPS = {step.name: step for step in (Step('sent', lambda c, actor: services.member_update(member=c)),)}\n"
            "def step(request, form, name):\n"
            "    found = STEPS.get(name)\n"
            "    if form.is_valid():\n"
            "        found.apply(None, request.user)\n",
            True,
        ),
        "step_applied_in_try": (
            "class Step:\n"
            "    name: str\n"
            "    apply: object\n"
            "STEPS = {step.name: step for step in (Step('sent', lambda c, actor: services.member_update(member=c)),)}\n"
            "def step(request, form, name):\n"
            "    if form.is_valid():\n"
            "        try:\n"
            "            STEPS[name].apply(None, request.user)\n"
            "        except ValidationError:\n"
            "            pass\n"
            "    return STEPS[name].name\n",
            False,
        ),
        "through_the_form_helper": (
            "def edit(request, form):\n"
            "    return form_view(request, form, save=lambda: services.member_create(data=form.cleaned_data),\n"
            "                     done=lambda member: None, template='x.html')\n",
            False,
        ),
        "table_of_steps_called_in_try": (
            "STEPS = {'sent': services.member_create}\n"
            "def step(request, form, name):\n"
            "    service = STEPS[name]\n"
            "    if form.is_valid():\n"
            "        try:\n"
            "            service(data=form.cleaned_data)\n"
            "        except ValidationError:\n"
            "            pass\n",
            False,
        ),
    }
    for label, (source, flagged) in samples.items():
        path = tmp_path / f"{label}_views.py"
        path.write_text(header + source)
        monkeypatch.setitem(MODULES, f"sample.{label}_views", path)
        flow = _ServiceFlow(["branches.form_views", f"sample.{label}_views"])
        assert bool(flow.unguarded(f"sample.{label}_views")) == flagged, (
            label,
            flow.unguarded(f"sample.{label}_views"),
        )
        assert not flow.unguarded("branches.form_views")


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
    paths += list((ROOT / "tests").rglob("*.py"))
    found = {str(path.relative_to(ROOT)): hits for path in paths if (hits := _wall_clock_reads(path))}
    assert not found, f"use branches.clock.today() (or clock.now()): {found}"
    assert _wall_clock_reads(ROOT / "branches" / "clock.py")  # the one place that does (and the check sees it)


# --- rooms alike (docs/adding-a-capability.md) --------------------------------------------------
# A room keeps each kind of thing in the module named for it: its spreadsheet imports in imports.py,
# its workbooks in exports.py, its rules in rules.py, its background work in tasks.py; and no module
# grows past MAX_LINES. Each check reads the source (ast), and each is tried on a sample it must catch.

# The machinery the rooms build on, which may hold a kind of thing outside a module of that name.
IMPORT_MACHINERY = ("spreadsheets.", "registry.imports.")  # the pipeline, the Importer, TreeImporter
WORKBOOK_MACHINERY = ("spreadsheets.", "registry.exports.", "branches.downloads")  # writing, the export log
# Modules that build a workbook outside an exports.py, each with its reason.
WORKBOOKS_ELSEWHERE = {
    "registry.figures.summary": "the summary's tables, printed and as a workbook from the same rows",
    "registry.figures.worklists": "the six-knowns work list and its workbook, coloured cell by cell from one rule",
}
WRITING_CALLS = {
    "save",
    "create",
    "delete",
    "bulk_create",
    "bulk_update",
    "get_or_create",
    "update_or_create",
    "save_with_history",
    "recorded_change",
    "update_with_history",
    "select_for_update",
}
MAX_LINES = 500  # STYLE.md: a file past ~500 lines is a concept that wants its own module
ROOM_PACKAGES = ("branches", "registry", "outreach", "config")  # not fixtures/demo.py: data, not code
# Modules over MAX_LINES, each with its reason; the test also fails when one no longer is.
LONG_MODULES = {
    "registry.management.commands.seed_demo": "the demo's plan and its loading, one deterministic story; "
    "its rooms' parts are to move into their demo modules as outreach's did",
    "registry.development.rules": "every rule of development in one place by design (docs/lifecycle.md), "
    "each citing its article",
    "registry.figures.dashboard": "the home page's figures counted together in a bounded number of queries",
    "outreach.models.certificates": "certificates, reverse issuance and letters' models, to follow their rooms "
    "as the keeping-in-touch models did",
}


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def _base_names(node: ast.ClassDef) -> list[str]:
    return [base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "") for base in node.bases]


def _importers_outside_imports(name: str, path: Path) -> list[str]:
    """Importer classes (spreadsheet import kinds) declared outside an imports.py."""
    if name.rsplit(".", 1)[-1] == "imports" or name.startswith(IMPORT_MACHINERY):
        return []
    return [
        f"class {node.name} (line {node.lineno})"
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.ClassDef) and any(base.endswith("Importer") for base in _base_names(node))
    ]


def _tasks_outside_tasks(name: str, path: Path) -> list[str]:
    """django-tasks tasks (`@task`, `@task()`) and `django_tasks.task` imported outside a tasks.py."""
    if name.rsplit(".", 1)[-1] == "tasks":
        return []
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.ImportFrom) and node.module == "django_tasks":
            found += [f"imports django_tasks.task (line {node.lineno})" for a in node.names if a.name == "task"]
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for decorator in node.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                if (getattr(target, "id", None) or getattr(target, "attr", None)) == "task":
                    found.append(f"@task {node.name} (line {node.lineno})")
    return found


def _workbook_builders(name: str, path: Path) -> list[str]:
    """What writes a workbook (openpyxl, spreadsheets.writing) outside an exports.py or the machinery."""
    if name.rsplit(".", 1)[-1] == "exports" or name.startswith(WORKBOOK_MACHINERY) or name in WORKBOOKS_ELSEWHERE:
        return []
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            modules = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            modules = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        if any(module.startswith("openpyxl") or module == "spreadsheets.writing" for module in modules):
            found.append(f"line {node.lineno}: {ast.unparse(node)}")
    return found


def _writes_in_rules(name: str, path: Path) -> list[str]:
    """A rules module decides from the facts it is given: it saves nothing and calls no service."""
    if name.rsplit(".", 1)[-1] != "rules":
        return []
    found = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Call):
            called = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            if called in WRITING_CALLS or (called == "update" and node.keywords):
                found.append(f"line {node.lineno}: {called}()")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            names = [alias.name for alias in node.names]
            if any(module.endswith("services") for module in modules) or "services" in names:
                found.append(f"line {node.lineno}: imports services")
            if "transaction" in names or any(module == "django.db.transaction" for module in modules):
                found.append(f"line {node.lineno}: imports transaction")
    return found


def _lines(path: Path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


CONVENTIONS = {
    "an Importer outside an imports.py": _importers_outside_imports,
    "a background task outside a tasks.py": _tasks_outside_tasks,
    "a workbook built outside an exports.py": _workbook_builders,
    "a write in a rules.py": _writes_in_rules,
}


@pytest.mark.parametrize("convention", CONVENTIONS)
def test_rooms_keep_each_kind_of_thing_in_its_module(convention):
    check = CONVENTIONS[convention]
    found = {name: hits for name, path in sorted(MODULES.items()) if (hits := check(name, path))}
    assert not found, f"{convention} (docs/adding-a-capability.md): {found}"


def test_no_module_grows_past_the_limit():
    """A module past MAX_LINES holds a concept that wants its own module (outreach/contacts held six)."""
    counts = {name: _lines(path) for name, path in MODULES.items() if name.split(".")[0] in ROOM_PACKAGES}
    too_long = {name: lines for name, lines in counts.items() if lines > MAX_LINES and name not in LONG_MODULES}
    assert not too_long, f"split these into the concepts they hold (or list one with its reason): {too_long}"
    no_longer = sorted(name for name in LONG_MODULES if counts.get(name, 0) <= MAX_LINES)
    assert not no_longer, f"no longer past {MAX_LINES} lines: take them off LONG_MODULES: {no_longer}"


def test_the_room_checks_can_fail(tmp_path):
    def sample(text: str) -> Path:
        path = tmp_path / "sample.py"
        path.write_text(text, encoding="utf-8")
        return path

    importer = sample("from spreadsheets.importer import Importer\n\nclass DuesImporter(Importer):\n    pass\n")
    assert _importers_outside_imports("registry.dues.services", importer)
    assert not _importers_outside_imports("registry.dues.imports", importer)

    background = sample("from django_tasks import task\n\n@task()\ndef run(pk):\n    pass\n")
    assert len(_tasks_outside_tasks("outreach.letters.batches", background)) == 2
    assert not _tasks_outside_tasks("outreach.letters.tasks", background)
    decorated = sample("import django_tasks\n\n@django_tasks.task\ndef f():\n    pass\n")
    assert _tasks_outside_tasks("registry.imports.runs", decorated)

    workbook = sample("from openpyxl import Workbook\n\ndef v(request):\n    return Workbook()\n")
    assert _workbook_builders("registry.movements.views", workbook)
    assert _workbook_builders("registry.movements.views", sample("from spreadsheets import writing\n"))
    assert not _workbook_builders("registry.movements.exports", workbook)
    assert not _workbook_builders("registry.movements.views", sample("from registry.movements import exports\n"))

    assert _writes_in_rules("registry.dues.rules", sample("def f(member):\n    member.save()\n"))
    assert _writes_in_rules("registry.dues.rules", sample("def f(qs):\n    qs.update(state='x')\n"))
    assert _writes_in_rules("registry.dues.rules", sample("from registry.dues import services\n"))
    assert not _writes_in_rules("registry.dues.rules", sample("def f(row):\n    row.update({})\n    return 1\n"))
    assert not _writes_in_rules("registry.dues.services", sample("def f(member):\n    member.save()\n"))

    assert _lines(sample("x = 1\n" * (MAX_LINES + 1))) > MAX_LINES
