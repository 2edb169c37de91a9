"""Party organizations (党组织), keyed by name; a tree through 上级党组织, hosted by a chamber
and by enterprises. Written through the branches services, which keep Organization.path
(parent.path + f"{pk}/") and move a whole subtree when a parent changes."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from branches import services as branch_services
from branches.models import Chamber, Enterprise, Organization
from registry.imports.trees import TreeImporter
from registry.imports.values import phone_parser
from spreadsheets.importer import NEW, UPDATED, ParsedRow
from spreadsheets.table import Column
from spreadsheets.values import (
    choice_parser,
    date_parser,
    format_value,
    name_list_parser,
    person_name_parser,
    reference_parser,
    text_parser,
)

Level, Formation = Organization.Level, Organization.Formation
LEVEL_CANONICAL = {
    Level.COMMITTEE: "党委",
    Level.GENERAL_BRANCH: "党总支",
    Level.BRANCH: "党支部",
    Level.JOINT_BRANCH: "联合党支部",
    Level.TEMPORARY_BRANCH: "临时党支部",
    Level.PARTY_GROUP: "党小组",
}
LEVEL_WORDS = {
    **{word: value for value, word in LEVEL_CANONICAL.items()},
    "基层党委": Level.COMMITTEE,
    "党的基层委员会": Level.COMMITTEE,
    "总支": Level.GENERAL_BRANCH,
    "党总支部": Level.GENERAL_BRANCH,
    "支部": Level.BRANCH,
    "联合支部": Level.JOINT_BRANCH,
    "临时支部": Level.TEMPORARY_BRANCH,
}
FORMATION_CANONICAL = {Formation.STANDALONE: "单独建", Formation.JOINT: "联合建", Formation.OFFICE_BASED: "依托建"}
FORMATION_WORDS = {
    **{word: value for value, word in FORMATION_CANONICAL.items()},
    "单独组建": Formation.STANDALONE,
    "联合组建": Formation.JOINT,
    "依托组建": Formation.OFFICE_BASED,
}


def _max(field: str) -> int:
    return Organization._meta.get_field(field).max_length


COLUMNS = (
    Column("name", "党组织名称", ("组织名称", "名称"), text_parser(_max("name")), required=True, memo=False),
    Column(
        "level",
        "组织类别",
        ("类别",),
        choice_parser(LEVEL_WORDS, LEVEL_CANONICAL),
        required=True,
        canonical=LEVEL_CANONICAL,
    ),
    Column("parent", "上级党组织", (), reference_parser),
    Column("chamber", "所属商会", (), reference_parser),
    Column("host_enterprises", "依托企业", (), name_list_parser),
    Column(
        "formation", "组建方式", (), choice_parser(FORMATION_WORDS, FORMATION_CANONICAL), canonical=FORMATION_CANONICAL
    ),
    Column("established", "成立时间", ("成立日期",), date_parser),
    Column("plaque_granted", "授牌时间", (), date_parser),
    Column("secretary_name", "书记", ("书记姓名",), person_name_parser(_max("secretary_name"))),
    Column("secretary_phone", "书记联系电话", (), phone_parser),
)
FIELDS = [column.field for column in COLUMNS]


class OrganizationImporter(TreeImporter):
    kind = "organizations"
    kind_label = gettext_lazy("party organizations")
    sheet_name = "党组织"
    columns = COLUMNS
    scoped = True

    def unknown_parent_message(self) -> str:
        return _(
            "There is no party organization named “%(name)s” in the registry or in this file. Check the name (it must match exactly)."
        )

    def resolve(self, rows: list[ParsedRow]) -> None:
        existing = {
            values["name"]: values
            for values in Organization.objects.values(
                "id",
                "name",
                "level",
                "parent__name",
                "chamber__name",
                "formation",
                "established",
                "plaque_granted",
                "secretary_name",
                "secretary_phone",
            )
        }
        hosts: dict[int, list[str]] = {}
        for organization_id, enterprise_name in Organization.host_enterprises.through.objects.values_list(
            "organization_id", "enterprise__name"
        ).order_by("enterprise__name"):
            hosts.setdefault(organization_id, []).append(enterprise_name)
        for values in existing.values():
            values["parent"] = values.pop("parent__name")
            values["chamber"] = values.pop("chamber__name")
            values["host_enterprises"] = tuple(hosts.get(values["id"], ()))
        chambers = set(Chamber.objects.values_list("name", flat=True))
        enterprises = set(Enterprise.objects.values_list("name", flat=True))
        self.check_parents(rows, {name: values["parent"] for name, values in existing.items()})
        for row in rows:
            name = self.value(row, "name")
            if name is None:
                self.check_required(row, ("name",))
                continue
            before = existing.get(name)
            if before is None:
                self.check_required(row, ("level",))
            chamber = self.value(row, "chamber")
            if chamber is not None and chamber not in chambers:
                self.add_error(
                    row,
                    "chamber",
                    _(
                        "There is no chamber named “%(name)s” in the registry. Check the name (it must match exactly) or import the chamber first."
                    )
                    % {"name": chamber},
                    "reference_unknown",
                )
            missing = [host for host in self.value(row, "host_enterprises") or () if host not in enterprises]
            if missing:
                self.add_error(
                    row,
                    "host_enterprises",
                    _(
                        "There is no member enterprise named %(names)s in the registry. Check the names (they must match exactly) or import the enterprises first."
                    )
                    % {"names": "、".join(f"“{host}”" for host in missing)},
                    "reference_unknown",
                )
            given = {field: self.value(row, field) for field in FIELDS if self.value(row, field) is not None}
            if before is not None and "host_enterprises" in given:
                # The same enterprises in another order are no change.
                if set(given["host_enterprises"]) == set(before["host_enterprises"]):
                    given["host_enterprises"] = before["host_enterprises"]
            row.data = given
            if before is not None:
                row.target = before["id"]
        if self.scope_ids is not None:
            self.check_scope(rows, existing)
        for row in rows:
            if row.errors or row.data is None:
                continue
            before = existing.get(self.value(row, "name"))
            if before is None:
                row.status = NEW
            else:
                self.compare(row, before, row.data)

    def check_scope(self, rows: list[ParsedRow], existing: dict) -> None:
        """A secretary keeps their organization and those below it: a row may change only those,
        and may add organizations only below them."""
        by_name = self.file_rows(rows)
        in_scope = {name for name, values in existing.items() if values["id"] in self.scope_ids}

        def parent_in_scope(name, depth=0):
            row = by_name.get(name)
            parent = self.value(row, "parent") if row is not None else None
            if parent is None:
                parent = existing.get(name, {}).get("parent")
            if parent is None or depth > len(by_name):
                return False
            return parent in in_scope or (parent not in existing and parent_in_scope(parent, depth + 1))

        message = _(
            "“%(name)s” is outside the organizations you keep: you can add or change only your own organization and those below it."
        )
        for row in rows:
            name = self.value(row, "name")
            if name is None:
                continue
            if name in existing and name not in in_scope:
                self.add_error(row, "name", message % {"name": name}, "scope")
            elif name not in existing and not parent_in_scope(name):
                self.add_error(row, "parent", message % {"name": name}, "scope")
            elif (
                name in existing
                and self.value(row, "parent") is not None
                and self.value(row, "parent") in existing
                and self.value(row, "parent") not in in_scope
            ):
                self.add_error(row, "parent", message % {"name": self.value(row, "parent")}, "scope")

    def display(self, field: str, value) -> str:
        if field == "host_enterprises":
            return format_value(tuple(value or ()))
        return super().display(field, value)

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        for row in self.in_write_order([row for row in rows if row.status in (NEW, UPDATED)]):
            data = dict(row.data)
            if row.status == UPDATED:
                data = {change.field: data[change.field] for change in row.changes}
            # Fetched afresh: an earlier row of this file may have moved them (and their paths).
            if "parent" in data:
                data["parent"] = Organization.objects.get(name=data["parent"])
            if "chamber" in data:
                data["chamber"] = Chamber.objects.get(name=data["chamber"])
            if "host_enterprises" in data:
                data["host_enterprises"] = list(Enterprise.objects.filter(name__in=data["host_enterprises"]))
            if row.status == NEW:
                branch_services.organization_create(data=data, actor=self.actor)
            else:
                organization = Organization.objects.get(pk=row.target)
                branch_services.organization_update(organization=organization, data=data, actor=self.actor)
