"""Chambers of commerce (商会), keyed by name; a tree through 上级商会. Few rows: each one is
written through the branches services, which validate it and write its history row."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import services as branch_services
from branches.models import Chamber
from registry.imports.trees import TreeImporter
from spreadsheets.importer import NEW, UNCHANGED, UPDATED, ParsedRow
from spreadsheets.table import Column
from spreadsheets.values import choice_parser, date_parser, reference_parser, text_parser

KIND_WORDS = {
    "总商会": Chamber.Kind.GENERAL,
    "地市商会": Chamber.Kind.CITY,
    "行业商会": Chamber.Kind.INDUSTRY,
    "地市": Chamber.Kind.CITY,
    "市级商会": Chamber.Kind.CITY,
    "行业": Chamber.Kind.INDUSTRY,
}
KIND_CANONICAL = {Chamber.Kind.GENERAL: "总商会", Chamber.Kind.CITY: "地市商会", Chamber.Kind.INDUSTRY: "行业商会"}


def _max(field: str) -> int:
    return Chamber._meta.get_field(field).max_length


COLUMNS = (
    Column("name", "商会名称", ("名称",), text_parser(_max("name")), required=True, memo=False),
    Column(
        "kind",
        "商会类别",
        ("类别",),
        choice_parser(KIND_WORDS, KIND_CANONICAL),
        required=True,
        canonical=KIND_CANONICAL,
    ),
    Column("parent", "上级商会", (), reference_parser),
    Column("home_region", "籍贯地区", ("来源地",), text_parser(_max("home_region"))),
    Column("supervising_department", "主管部门", ("业务主管单位",), text_parser(_max("supervising_department"))),
    Column("established", "成立时间", (), date_parser),
)
FIELDS = [column.field for column in COLUMNS]


class ChamberImporter(TreeImporter):
    kind = "chambers"
    kind_label = gettext_lazy("chambers of commerce")
    sheet_name = "商会"
    columns = COLUMNS

    def unknown_parent_message(self) -> str:
        return _(
            "There is no chamber named “%(name)s” in the registry or in this file. Check the name (it must match exactly)."
        )

    def resolve(self, rows: list[ParsedRow]) -> None:
        existing = {
            values["name"]: values
            for values in Chamber.objects.values(
                "id", "name", "kind", "parent__name", "home_region", "supervising_department", "established"
            )
        }
        for values in existing.values():
            values["parent"] = values.pop("parent__name")
        self.check_parents(rows, {name: values["parent"] for name, values in existing.items()})
        for row in rows:
            name = self.value(row, "name")
            if name is None:
                self.check_required(row, ("name",))
                continue
            before = existing.get(name)
            if before is None:
                self.check_required(row, ("kind",))
            if row.errors:
                continue
            given = {field: self.value(row, field) for field in FIELDS if self.value(row, field) is not None}
            row.data = given
            if before is None:
                row.status = NEW
            else:
                row.target = before["id"]
                self.compare(row, before, given)

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        for row in self.in_write_order([row for row in rows if row.status in (NEW, UPDATED)]):
            data = dict(row.data)
            if row.status == UPDATED:
                data = {change.field: data[change.field] for change in row.changes}
            if "parent" in data:
                data["parent"] = Chamber.objects.get(name=data["parent"])
            if row.status == NEW:
                branch_services.chamber_create(data=data, actor=self.actor)
            else:
                branch_services.chamber_update(chamber=Chamber.objects.get(pk=row.target), data=data, actor=self.actor)


__all__ = ["ChamberImporter", "UNCHANGED"]
