"""The cells of the annual statistics' tables: each the ids of the records it counts (so that every figure
is a link), a table the form's rows and columns of cells, a report the tables of one organization and
period."""

from dataclasses import dataclass, field

from django.db.models import Q

from branches import access
from branches.models import Organization
from registry.statistics import layouts
from registry.statistics.rules import Period

# Beyond this many ids, values are read for every member of the kind and narrowed here (as
# balance.NARROWED_UP_TO): an IN list that long costs more than the rows.
NARROWED_UP_TO = 2000


@dataclass
class Cell:
    ids: list = field(default_factory=list)
    value: int | None = None  # a figure that is not the number of its records (T1 row 17)

    @property
    def count(self) -> int:
        return len(self.ids) if self.value is None else self.value


class Table(dict):
    """{row: {column: Cell}} for every row and column of the layout."""

    def __init__(self, layout: layouts.Layout):
        super().__init__({row: {column: Cell() for column, _label in layout.columns} for row, _label in layout.rows})
        self.last_year_16 = None  # T1: last year's row 16 (member ids), which row 1 is checked against
        self.layout = layout

    def add(self, row: str, column: str, record_id) -> None:
        self[row][column].ids.append(record_id)

    def figures(self) -> dict:
        return {row: {column: cell.count for column, cell in cells.items()} for row, cells in self.items()}


@dataclass
class Report:
    period: Period
    organization: Organization | None  # None: the whole registry
    tables: dict  # {table id: Table}
    missing: dict = field(default_factory=dict)  # {what is missing: [member ids]}


def subtree_ids(organization: Organization | None) -> set | None:
    if organization is None:
        return None
    return set(Organization.objects.filter(access.subtree_filter(organization)).values_list("pk", flat=True))


def in_organizations(ids: set | None, prefix: str = "organization_id") -> Q:
    return Q() if ids is None else Q(**{f"{prefix}__in": ids})
