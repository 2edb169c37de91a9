"""How every list reads its query string (django-filter): through a FilterSet's form fields, so
that bad input is a message on the form and an empty list, never a query that fails.

    filterset, rows = filtered(SomeFilter(without_page(params) or None, queryset=scoped_rows))

What the lists share besides, so that each list works the same way as people who live in Excel
expect (and its export holds the same rows in the same order):

- `?sort=name` / `?sort=-name`: the column a person clicked (templates: `{% sort_header %}`). A
  FilterSet names its sortable columns in `sort_columns` ({"name": "name", "organization":
  ("organization__path", "name")}) and `filtered()` applies them; lists without a FilterSet call
  `sorted_rows` (querysets) or `sorted_items` (lists of objects). An unknown column is ignored.
- `page_of(request, rows)`: `?page=` and `?per_page=` (one of PAGE_SIZES) for every paginated list.
- `describe(filterset)`: the filters a list applies, as (label, value) in words, never URL terms.
- In the filter forms, "all" is said one way everywhere (ALL), never "---------" or "未知".

A single value outside a list (`?organization=` to open a form with, a posted id, `?year=`) is read
through the same kind of form field (`id_from`, `year_from`), never with int(): `²` passes
str.isdigit() and fails int(), and an id beyond 64 bits overflows SQLite.

A year is read one way, whether a FilterSet filters by it (`YearFilter`), a form asks for it
(`YearField`) or a page is about it (`year_from`): a whole number from `first` to `last`, else a
sentence saying which years are meant. Never a lookup `date__year=` on an unchecked number: the
database layer builds `datetime.date(year, 1, 1)` from it, and `-1` or a number of 25 digits ends
in a ValueError or an OverflowError (a 500) before any query runs.
"""

import functools
from collections.abc import Callable, Mapping

import django_filters
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Page, Paginator
from django.db.models import F, QuerySet
from django.db.models.query import ModelIterable
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields

from branches import access, clock
from branches.ids import ID_MESSAGE, MAX_ID, IdField, cleaned, id_from  # noqa: F401 (the lists take them from here)
from branches.remembered import remembered_count

SORT = "sort"
PAGE = "page"
PER_PAGE = "per_page"
PAGE_SIZES = (20, 50, 100, 200)
ALL = _("All")
# Parameters that say how to show a list, not which rows: never a filter, never in the description.
PRESENTATION = {PAGE, PER_PAGE, SORT}


class RecordsField(forms.ModelMultipleChoiceField):
    """Several records picked by id (checkboxes): what cannot be an id (`²`, one beyond 64 bits,
    which SQLite cannot even compare in `pk__in`) is refused as an unknown choice, before the query."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        if key == "pk":
            for each in value if isinstance(value, (list, tuple)) else [value]:
                if id_from(each) is None:
                    raise forms.ValidationError(
                        self.error_messages["invalid_choice"],
                        code="invalid_choice",
                        params={"value": each},
                    )
        return super()._check_values(value)


class _NamedChoices(ModelChoiceIterator):
    """The choices of a select of records named by their `name` (an organization, an enterprise, a
    chamber: str() of each is its name), read as (id, name) pairs: a list page's filter of a
    thousand organizations and three thousand enterprises made four thousand model instances for
    its two selects, through a server-side cursor — 40 ms of every page, more than its rows took."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name in self.queryset.values_list("pk", "name"):
            yield (ModelChoiceIteratorValue(pk, None), name)


class _NamedFilterChoices(filter_fields.ModelChoiceIterator, _NamedChoices):
    """The same, with django-filter's "none" choice where a filter has one."""


class _NamedFilterField(filter_fields.ModelChoiceField):
    iterator = _NamedFilterChoices


class NamedChoiceFilter(django_filters.ModelChoiceFilter):
    """A filter by one record (?organization=5) offered as a select of names (_NamedChoices)."""

    field_class = _NamedFilterField


# The years a filter or a page takes unless it names its own (the dues from 1990, the keeping in
# touch from 2000, a year's balance from 1949 to this year).
FIRST_YEAR, LAST_YEAR = 1900, 2100
YEAR_MESSAGE = _("Enter a year from %(first)s to %(last)s, for example %(example)s.")
YEAR_SHOWN_INSTEAD = _("“%(value)s” is not a year from %(first)s to %(last)s: %(year)s is shown instead.")


class YearField(forms.IntegerField):
    """A year as a query string or a form gives it: a whole number (ASCII or full-width digits, as
    a Chinese input method types them) from `first` to `last`; anything else — `0`, `-1`, `1e9`,
    `²`, 25 digits — is refused in one sentence naming the years meant."""

    def __init__(self, *, first: int = FIRST_YEAR, last: int = LAST_YEAR, **kwargs):
        self.first, self.last = first, last
        kwargs.setdefault("min_value", first)
        kwargs.setdefault("max_value", last)
        super().__init__(**kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError:
            raise self.refusal() from None

    def run_validators(self, value):
        try:
            super().run_validators(value)
        except forms.ValidationError:
            raise self.refusal() from None

    def refusal(self) -> forms.ValidationError:
        example = min(max(clock.today().year, self.first), self.last)
        return forms.ValidationError(
            YEAR_MESSAGE,
            code="invalid",
            params={"first": self.first, "last": self.last, "example": example},
        )


class YearFilter(django_filters.Filter):
    """`?year=2026` read through YearField: on a date with lookup_expr="year", on a year column
    with the default (exact). `first=`/`last=` narrow the years."""

    field_class = YearField


def year_from(
    params,
    name: str = "year",
    *,
    default: int | None = None,
    first: int = FIRST_YEAR,
    last: int = LAST_YEAR,
    request=None,
) -> int:
    """The year a page is about, as `params[name]` asks (`?year=2026`, read by YearField); `default`
    (this year) when none is asked or the one asked is not a year from `first` to `last`. With the
    `request`, the page then says so in a warning rather than silently showing another year."""
    default = default if default is not None else clock.today().year
    value = params.get(name) if params is not None else None
    year = cleaned(YearField(required=False, first=first, last=last), value)
    if year is not None:
        return year
    if request is not None and (value or "").strip():
        messages.warning(
            request,
            gettext(YEAR_SHOWN_INSTEAD)
            % {
                "value": value,
                "first": first,
                "last": last,
                "year": default,
            },
        )
    return default


def without_page(params):
    """The query string without the page number and size: `?page=2` alone is no filter."""
    params = params.copy()
    params.pop(PAGE, None)
    params.pop(PER_PAGE, None)
    return params


def filtered(filterset: django_filters.FilterSet) -> tuple[django_filters.FilterSet, QuerySet]:
    """The list as a page shows it: unfiltered when nothing is asked; nothing when a filter is
    invalid (its errors are on `filterset.form`, for the page to show); otherwise filtered; in the
    order of the column clicked when the FilterSet names it in `sort_columns`."""
    speak_plainly(filterset.form)
    if not filterset.is_bound:
        return filterset, filterset.queryset
    if not filterset.is_valid():
        return filterset, filterset.queryset.none()
    return filterset, sorted_rows(filterset.qs, filterset.data, getattr(filterset, "sort_columns", {}))


def sort_key(params) -> tuple[str, bool]:
    """(column, descending) as `?sort=` asks: `-name` is name, descending."""
    value = (params.get(SORT) or "").strip() if params is not None else ""
    return (value[1:], True) if value.startswith("-") else (value, False)


def pinyin_ordered(model, path: str) -> str:
    """A name's path (`name`, `member__name`) as the path of its pinyin sort key where the model
    keeps one (`name_sort`, branches/pinyin.py): names in pinyin order, the same on every database;
    any other path as it is."""
    *relations, last = path.split("__")
    if last != "name":
        return path
    try:
        for relation in relations:
            model = model._meta.get_field(relation).related_model
        model._meta.get_field("name_sort")
    except (FieldDoesNotExist, AttributeError):
        return path
    return "__".join([*relations, "name_sort"])


def sorted_rows(rows: QuerySet, params, columns: Mapping[str, str | tuple[str, ...]]) -> QuerySet:
    """`rows` ordered by the column `?sort=` names (one of `columns`: a field path or several),
    blanks last, ties by id so that pages never overlap; unchanged for any other value."""
    name, descending = sort_key(params)
    if name not in columns:
        return rows
    fields = columns[name] if isinstance(columns[name], tuple) else (columns[name],)
    fields = [pinyin_ordered(rows.model, field) for field in fields]
    order = [F(field).desc(nulls_last=True) if descending else F(field).asc(nulls_last=True) for field in fields]
    return rows.order_by(*order, "-pk" if descending else "pk")


def sorted_items(items: list, params, keys: Mapping[str, Callable]) -> list:
    """A list of objects (a tree already in memory) ordered by the column `?sort=` names, one of
    `keys` (a function of an item); unchanged for any other value. Python's sort is stable."""
    name, descending = sort_key(params)
    if name not in keys:
        return items
    return sorted(items, key=keys[name], reverse=descending)


def page_size(params) -> int:
    """`?per_page=` when it is one of PAGE_SIZES, else the registry's page size."""
    value = (params.get(PER_PAGE) or "").strip()
    return int(value) if value in {str(size) for size in PAGE_SIZES} else settings.REGISTRY_PAGE_SIZE


class TooManyToPrint(Exception):
    """A whole list asked for in print that holds more rows than settings.REGISTRY_PRINT_MAX_ROWS."""

    def __init__(self, rows: int):
        super().__init__(rows)
        self.rows = rows


class WholeList:
    """Set on the request (`request.whole_list`) by a list's print view (registry/exports/prints.py):
    `page_of` then gives every matching row as one page and counts them here."""

    def __init__(self, *, limit: int):
        self.limit = limit
        self.rows = 0


def page_of(request, rows, size: int | None = None, count=None) -> Page:
    """The page `?page=` asks for (the last for a number past it, the first for anything else), of
    `?per_page=` rows unless the list has a size of its own. For a print of the whole list
    (`request.whole_list`), every row as one page — TooManyToPrint beyond the limit. `count(rows)`,
    when given, counts the rows instead of the paginator; for the committee's views a list's count is
    remembered (remembered_count)."""
    whole = getattr(request, "whole_list", None)
    if whole is not None:
        paginator = Paginator(rows, whole.limit)
        if paginator.count > whole.limit:
            raise TooManyToPrint(paginator.count)
        whole.rows += paginator.count
        return paginator.get_page(1)
    size = size or page_size(request.GET)
    user = getattr(request, "user", None)
    if count is None and isinstance(rows, QuerySet) and access.sees_everything(user):
        # The committee's lists run to the whole registry: their counts are remembered (a secretary's,
        # of a branch, cost less to count than to remember).
        count = functools.partial(remembered_count, user)
    paginator = _KeysFirstPaginator(rows, size)
    number = request.GET.get(PAGE)
    if isinstance(rows, QuerySet) and _first_page(number):
        # The first page is read before the count, one row more than it shows: a search that finds
        # a page or less (most searches for a person) then needs no COUNT, which scans as much as
        # the search itself; otherwise it is the page's own query, so never one query more.
        head = list(rows[: size + 1])
        if len(head) <= size:
            paginator.count = len(head)  # a cached_property: set, it is not counted again
        elif count is not None:
            paginator.count = count(rows)
        return Page(head[:size], 1, paginator)
    if count is not None:
        paginator.count = count(rows)
    return paginator.get_page(number)


# From this many rows in, a page of a list is read keys first (_KeysFirstPaginator).
KEYS_FIRST_FROM = 500


class _KeysFirstPaginator(Paginator):
    """A page deep in a long list read in two steps: the keys of its rows, sorted alone (narrow rows),
    then those rows whole. In one step the database sorts every whole row — a member with their
    organization and enterprise, 560 bytes — to keep the last fifty of the first 2,000 (PostgreSQL,
    100,000 members, the roster by status, page 40: 150 ms of the query, in three processes). Only a
    queryset of model rows, unsliced, not distinct or combined, ordered to the key (the lists end
    their order on "pk"/"id", so the two steps agree on the rows and their order)."""

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows = self.object_list
        if bottom < KEYS_FIRST_FROM or not _keys_first(rows):
            return self._get_page(rows[bottom:top], number, self)
        keys = list(rows.values_list("pk", flat=True)[bottom:top])
        found = {row.pk: row for row in rows.filter(pk__in=keys)}
        return self._get_page([found[key] for key in keys if key in found], number, self)


def _keys_first(rows) -> bool:
    return (
        isinstance(rows, QuerySet)
        and rows._iterable_class is ModelIterable
        and rows.ordered
        and not rows.query.distinct
        and not rows.query.combinator
        and not rows.query.is_sliced
    )


def _first_page(number) -> bool:
    """Whether `?page=` asks for the first page: absent, 1 or less, or not a number (get_page's answer
    to anything but a number is the first page; to a number below 1, the last, which is the first when
    there is one page only, so those are left to it)."""
    if number in (None, ""):
        return True
    try:
        return int(number) == 1
    except (TypeError, ValueError):
        return True


class AllSelect(forms.NullBooleanSelect):
    """A yes/no filter: "all" (nothing chosen), yes, no — not Django's "unknown" first."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        self.choices = [("unknown", ALL), ("true", _("Yes")), ("false", _("No"))]


def speak_plainly(form: forms.Form) -> None:
    """One word for "all" in every filter form: select boxes offer ALL, never "---------", and a
    yes/no filter starts at ALL, not at "unknown"."""
    for field in form.fields.values():
        if isinstance(field.widget, forms.NullBooleanSelect) and not isinstance(field.widget, AllSelect):
            field.widget = AllSelect(attrs=field.widget.attrs)
        elif getattr(field, "empty_label", None) is not None:
            field.empty_label = ALL  # the model choice fields read it as they render
            if not hasattr(field, "queryset"):  # the widget holds a copy of the class's choices: renew it
                field.widget.choices = list(field.choices)
        elif isinstance(field, forms.ChoiceField) and any(value == "" for value, _label in field.choices):
            field.choices = [(value, ALL if value == "" else label) for value, label in field.choices]


def describe(filterset: django_filters.FilterSet) -> list[tuple[str, str]]:
    """The filters a list applies, as a person reads them: (the field's label, the value chosen as
    the form shows it) — "党组织：北京福州企业商会党总支", never `organization=12`."""
    if not filterset.is_bound or not filterset.is_valid():
        return []
    described = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if name in PRESENTATION or value in (None, "", [], ()):
            continue
        described.append((str(field.label or name), display_value(field, value)))
    return described


def display_value(field: forms.Field, value) -> str:
    """A cleaned value in words: the label of a choice, the record's name, 是/否 for a yes/no."""
    if isinstance(value, bool):
        return str(_("Yes") if value else _("No"))
    choices = {str(key): label for key, label in getattr(field, "choices", ()) if not hasattr(field, "queryset")}
    if str(value) in choices:
        return str(choices[str(value)])
    return str(value)
