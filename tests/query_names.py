"""Every name a query string can carry that the registry reads, found in the code rather than kept
in a list (a list misses the name added next month): what the hostile sweep
(tests/test_hostile_input.py) sends to every page.

    for read in query_names.reads():      # Read("year", "registry/movements/filters.py: MovementFilter")
        ...

Four kinds of reader are found:

- every django-filter FilterSet of the project: its filters, declared or named in Meta.fields (a
  range filter's two inputs, `x_min` and `x_max`, each);
- every form bound to a query string (`SomeForm(request.GET ...)`, `SomeForm(params ...)`): its fields;
- every literal name read from a query string: `request.GET.get("x")`, `request.GET["x"]`,
  `params.get("x")`, `.getlist("x")`, `"x" in request.GET`, with a module's constant as well as a
  literal (`request.GET.get(PAGE)`);
- the same through one step of indirection: a function that reads its argument from a query string
  (`_given(params, name)`) called with a literal (`_given(params, "level")`), and a loop over
  literals (`for name in ("organization", "chamber"): params.get(name)`).

A query string is `request.GET` (or anything ending in `.GET`) or a variable called `params`, as
the selectors call the query string they are handed (`movement_list(user, params)`). A read the
code makes in another way (a name built at run time) is not found: tests/test_hostile_input.py
checks that the names of the pages it knows are.
"""

import ast
import copy
import importlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import django_filters
from django import forms

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("branches", "registry", "outreach", "config")
READ_METHODS = {"get", "getlist"}


@dataclass(frozen=True, order=True)
class Read:
    name: str
    where: str  # the file and the reader: "registry/movements/filters.py: MovementFilter"


def source_files() -> list[Path]:
    return sorted(
        path for package in PACKAGES for path in (ROOT / package).rglob("*.py") if "migrations" not in path.parts
    )


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _where(path: Path, what) -> str:
    return f"{path.relative_to(ROOT)}: {what}"


def is_query_string(node: ast.AST) -> bool:
    """`request.GET`, `self.request.GET`, `params`: what a view or selector calls its query string."""
    return (isinstance(node, ast.Attribute) and node.attr == "GET") or (
        isinstance(node, ast.Name) and node.id == "params"
    )


def _mentions_query_string(node: ast.AST) -> bool:
    return any(is_query_string(each) for each in ast.walk(node))


def _read_argument(node: ast.AST) -> ast.AST | None:
    """The name argument of a read from a query string (`request.GET.get(x)`, `params[x]`,
    `x in request.GET`), or None when `node` is no such read."""
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in READ_METHODS
        and is_query_string(node.func.value)
        and node.args
    ):
        return node.args[0]
    if isinstance(node, ast.Subscript) and is_query_string(node.value) and isinstance(node.ctx, ast.Load):
        return node.slice
    if (
        isinstance(node, ast.Compare)
        and len(node.ops) == 1
        and isinstance(node.ops[0], (ast.In, ast.NotIn))
        and is_query_string(node.comparators[0])
    ):
        return node.left
    return None


def _strings(node: ast.AST, module) -> list[str]:
    """The string(s) `node` stands for: a literal, a module's constant, a tuple of them; else none."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.Name) and isinstance(getattr(module, node.id, None), str):
        return [getattr(module, node.id)]
    if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
        return [text for item in node.elts for text in _strings(item, module)]
    return []


def _resolve(node: ast.AST, module):
    """The object a callee names in `module` (`SheetChoiceForm`, `forms.YearForm`), or None."""
    if isinstance(node, ast.Name):
        return getattr(module, node.id, None)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, module)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _loop_names(tree: ast.AST, module) -> dict[str, list[str]]:
    """{variable: literals} for `for name in ("a", "b"):` loops (one level, as the code has them)."""
    loops = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            values = _strings(node.iter, module)
            if values:
                loops[node.target.id] = values
    return loops


@dataclass(frozen=True)
class Reader:
    """A function that reads one of its parameters from a query string: `year_from(params, name="year")`."""

    position: int
    keyword: str
    default: tuple[str, ...]  # the names read when the call does not give one


def reading_functions(tree: ast.AST, module) -> dict[str, Reader]:
    """{function name: Reader} for the functions of a module that read a parameter from a query string."""
    found = {}
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        positional = [argument.arg for argument in function.args.posonlyargs + function.args.args]
        defaults = dict(
            zip(positional[len(positional) - len(function.args.defaults) :], function.args.defaults, strict=True)
        )
        for node in ast.walk(function):
            argument = _read_argument(node)
            if isinstance(argument, ast.Name) and argument.id in positional:
                default = defaults.get(argument.id)
                found[function.name] = Reader(
                    positional.index(argument.id),
                    argument.id,
                    tuple(_strings(default, module)) if default is not None else (),
                )
    return found


def _called(node: ast.Call) -> str | None:
    return (
        node.func.id
        if isinstance(node.func, ast.Name)
        else node.func.attr
        if isinstance(node.func, ast.Attribute)
        else None
    )


def literal_reads(path: Path, module, readers: dict[str, Reader]) -> set[Read]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    loops = _loop_names(tree, module)
    found = set()
    for node in ast.walk(tree):
        argument = _read_argument(node)
        if argument is not None:
            names = _strings(argument, module) or (loops.get(argument.id, []) if isinstance(argument, ast.Name) else [])
            found |= {Read(name, _where(path, f"line {node.lineno}")) for name in names}
        if isinstance(node, ast.Call) and _called(node) in readers:
            reader = readers[_called(node)]
            given = [keyword.value for keyword in node.keywords if keyword.arg == reader.keyword]
            if reader.position < len(node.args):
                given.append(node.args[reader.position])
            names = [name for each in given for name in _strings(each, module)] if given else list(reader.default)
            found |= {Read(name, _where(path, f"line {node.lineno}")) for name in names}
    return found


def form_names(form_class) -> list[str]:
    """The names a form (or a FilterSet's form) reads: its fields, each input of a split widget."""
    if issubclass(form_class, django_filters.FilterSet):
        # A filter keeps the field it makes: a copy's, so that the class's filters (which every
        # FilterSet copies) do not keep one made before a FilterSet sets its choices.
        fields = {name: each.field for name, each in copy.deepcopy(form_class.base_filters).items()}
    else:
        fields = dict(form_class.base_fields)
    names = []
    for name, field in fields.items():
        widget = field.widget
        if isinstance(widget, forms.MultiWidget):
            names += [f"{name}{suffix}" for suffix in widget.widgets_names]
        else:
            names.append(name)
    return names


def _is_form(value) -> bool:
    return isinstance(value, type) and issubclass(value, (forms.BaseForm, django_filters.FilterSet))


def form_reads(path: Path, module) -> set[Read]:
    """The FilterSets defined in the module, and the forms it binds to a query string."""
    found = set()
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, django_filters.FilterSet)
            and value.__module__ == module.__name__
            and value.base_filters
        ):
            found |= {Read(name, _where(path, value.__name__)) for name in form_names(value)}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call) and node.args and _mentions_query_string(node.args[0]):
            form_class = _resolve(node.func, module)
            if _is_form(form_class):
                found |= {Read(name, _where(path, form_class.__name__)) for name in form_names(form_class)}
    return found


@cache
def reads() -> tuple[Read, ...]:
    """Every (name, reader) found, sorted."""
    modules = {}
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        if any(word in text for word in ("GET", "params", "FilterSet")):  # others read nothing (and config/wsgi.py
            modules[path] = importlib.import_module(_module_name(path))  # would set Django up again)
    readers = {}
    for path, module in modules.items():
        readers.update(reading_functions(ast.parse(path.read_text(encoding="utf-8")), module))
    found = set()
    for path, module in modules.items():
        found |= literal_reads(path, module, readers) | form_reads(path, module)
    return tuple(sorted(found))


def names() -> list[str]:
    """Every name read from a query string somewhere, sorted."""
    return sorted({read.name for read in reads()})
