"""The organizations room's imports: chambers of commerce (商会), member enterprises (会员企业) and
party organizations (党组织), the records everything else hangs on — imported in that order, since a
row names a record that must already exist (docs/spreadsheets.md#references).

- Chambers, keyed by name; a tree through 上级商会. Few rows: each one is written through the
  branches services, which validate it and write its history row.
- Enterprises, keyed by name and, where given, by the unified social credit code. A code that the
  registry already holds finds its enterprise even under a new name (the enterprise was renamed); a
  name and a code that point at two different enterprises is an error.
- Organizations, keyed by name; a tree through 上级党组织, hosted by a chamber and by enterprises.
  Written through the branches services, which keep Organization.path (parent.path + f"{pk}/") and
  move a whole subtree when a parent changes.
"""

from django.db.models.base import ModelState
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches import services as branch_services
from branches.models import Chamber, Enterprise, Organization
from registry.imports.trees import TreeImporter
from registry.imports.values import credit_code_parser, phone_parser
from spreadsheets.importer import NEW, UPDATED, Importer, ParsedRow
from spreadsheets.table import Column
from spreadsheets.values import (
    choice_parser,
    count_parser,
    date_parser,
    format_value,
    name_list_parser,
    person_name_parser,
    reference_parser,
    text_parser,
)


def _max(model, field: str) -> int:
    return model._meta.get_field(field).max_length


# --- chambers (商会) ---------------------------------------------------------------------------

CHAMBER_KIND_WORDS = {
    "总商会": Chamber.Kind.GENERAL,
    "地市商会": Chamber.Kind.CITY,
    "行业商会": Chamber.Kind.INDUSTRY,
    "地市": Chamber.Kind.CITY,
    "市级商会": Chamber.Kind.CITY,
    "行业": Chamber.Kind.INDUSTRY,
}
CHAMBER_KIND_CANONICAL = {
    Chamber.Kind.GENERAL: "总商会",
    Chamber.Kind.CITY: "地市商会",
    Chamber.Kind.INDUSTRY: "行业商会",
}


CHAMBER_COLUMNS = (
    Column("name", "商会名称", ("名称",), text_parser(_max(Chamber, "name")), required=True, memo=False),
    Column(
        "kind",
        "商会类别",
        ("类别",),
        choice_parser(CHAMBER_KIND_WORDS, CHAMBER_KIND_CANONICAL),
        required=True,
        canonical=CHAMBER_KIND_CANONICAL,
    ),
    Column("parent", "上级商会", (), reference_parser),
    Column("home_region", "籍贯地区", ("来源地",), text_parser(_max(Chamber, "home_region"))),
    Column(
        "supervising_department", "主管部门", ("业务主管单位",), text_parser(_max(Chamber, "supervising_department"))
    ),
    Column("established", "成立时间", (), date_parser),
)
CHAMBER_FIELDS = [column.field for column in CHAMBER_COLUMNS]


class ChamberImporter(TreeImporter):
    kind = "chambers"
    kind_label = gettext_lazy("chambers of commerce")
    help_text = "chambers of commerce, keyed by 商会名称; a tree through 上级商会"
    sheet_name = "商会"
    columns = CHAMBER_COLUMNS

    def unknown_parent_message(self) -> str:
        return _(
            "There is no chamber named “%(name)s” in the registry or in this file. Check the name (it must "
            "match exactly)."
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
            given = {field: self.value(row, field) for field in CHAMBER_FIELDS if self.value(row, field) is not None}
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


# --- member enterprises (会员企业) ----------------------------------------------------------

ENTERPRISE_COLUMNS = (
    Column("name", "企业名称", ("名称",), text_parser(_max(Enterprise, "name")), required=True, memo=False),
    Column("credit_code", "统一社会信用代码", ("信用代码",), credit_code_parser, memo=False),
    Column("chamber", "所属商会", (), reference_parser),
    Column("industry", "所属行业", ("行业",), text_parser(_max(Enterprise, "industry"))),
    Column("address", "企业地址", ("地址",), text_parser(_max(Enterprise, "address"))),
    Column("joined_chamber", "入会时间", (), date_parser),
    Column("party_members_reported", "党员人数", ("企业党员情况",), count_parser),
)
ENTERPRISE_FIELDS = [column.field for column in ENTERPRISE_COLUMNS]
ENTERPRISE_DEFAULTS = {field.attname: field.get_default() for field in Enterprise._meta.concrete_fields}


class EnterpriseImporter(Importer):
    kind = "enterprises"
    kind_label = gettext_lazy("member enterprises")
    help_text = "member enterprises, keyed by 企业名称 and, where given, 统一社会信用代码; in a chamber"
    sheet_name = "会员企业"
    columns = ENTERPRISE_COLUMNS
    key_fields = ("name", "credit_code")

    def resolve(self, rows: list[ParsedRow]) -> None:
        records = list(
            Enterprise.objects.values(
                "id",
                "name",
                "credit_code",
                "chamber_id",
                "chamber__name",
                "industry",
                "address",
                "joined_chamber",
                "party_members_reported",
            )
        )
        for values in records:
            values["chamber"] = values.pop("chamber__name")
        by_name = {values["name"]: values for values in records}
        by_code = {values["credit_code"]: values for values in records if values["credit_code"]}
        self.chambers = dict(Chamber.objects.values_list("name", "id"))
        for row in rows:
            name, code = self.value(row, "name"), self.value(row, "credit_code")
            if name is None:
                self.check_required(row, ("name",))
                continue
            named, coded = by_name.get(name), by_code.get(code) if code else None
            if named and coded and named["id"] != coded["id"]:
                self.add_error(
                    row,
                    "credit_code",
                    _(
                        "This credit code belongs to another enterprise in the registry, “%(other)s”. Check "
                        "the code, or the name."
                    )
                    % {"other": coded["name"]},
                    "credit_code_conflict",
                )
            chamber = self.value(row, "chamber")
            if chamber is not None and chamber not in self.chambers:
                self.add_error(
                    row,
                    "chamber",
                    _(
                        "There is no chamber named “%(name)s” in the registry. Check the name (it must match "
                        "exactly) or import the chamber first."
                    )
                    % {"name": chamber},
                    "reference_unknown",
                )
            if row.errors:
                continue
            given = {field: self.value(row, field) for field in ENTERPRISE_FIELDS if self.value(row, field) is not None}
            row.data = given
            before = coded or named
            if before is None:
                row.status = NEW
            else:
                row.target = before["id"]
                self.compare(row, before, given)

    def _attributes(self, data: dict) -> dict:
        values = {}
        for field, value in data.items():
            if field == "chamber":
                values["chamber_id"] = self.chambers[value]
            else:
                values[field] = value
        return values

    def write(self, rows: list[ParsedRow], *, reason: str) -> None:
        new = []
        for row in rows:
            if row.status == NEW:
                enterprise = Enterprise.__new__(Enterprise)
                enterprise.__dict__.update(ENTERPRISE_DEFAULTS)
                enterprise.__dict__.update(self._attributes(row.data))
                enterprise._state = ModelState()
                new.append(enterprise)
        if new:
            bulk_create_with_history(
                new, Enterprise, batch_size=1000, default_user=self.actor, default_change_reason=reason
            )
        updated = [row for row in rows if row.status == UPDATED]
        if updated:
            enterprises = Enterprise.objects.in_bulk([row.target for row in updated])
            fields = set()
            for row in updated:
                changed = self._attributes({change.field: row.data[change.field] for change in row.changes})
                for attname, value in changed.items():
                    setattr(enterprises[row.target], attname, value)
                fields.update(changed)
            bulk_update_with_history(
                list(enterprises.values()),
                Enterprise,
                sorted(fields),
                batch_size=500,
                default_user=self.actor,
                default_change_reason=reason,
            )


# --- party organizations (党组织) ----------------------------------------------------------

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


ORGANIZATION_COLUMNS = (
    Column(
        "name", "党组织名称", ("组织名称", "名称"), text_parser(_max(Organization, "name")), required=True, memo=False
    ),
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
    Column("secretary_name", "书记", ("书记姓名",), person_name_parser(_max(Organization, "secretary_name"))),
    Column("secretary_phone", "书记联系电话", (), phone_parser),
)
ORGANIZATION_FIELDS = [column.field for column in ORGANIZATION_COLUMNS]


class OrganizationImporter(TreeImporter):
    kind = "organizations"
    kind_label = gettext_lazy("party organizations")
    help_text = (
        "party organizations, keyed by 党组织名称; a tree through 上级党组织, hosted by a chamber and enterprises"
    )
    # A secretary adds and changes organizations below their own, as on the organization form.
    secretary_may_run = True
    sheet_name = "党组织"
    columns = ORGANIZATION_COLUMNS

    def unknown_parent_message(self) -> str:
        return _(
            "There is no party organization named “%(name)s” in the registry or in this file. Check the name "
            "(it must match exactly)."
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
                        "There is no chamber named “%(name)s” in the registry. Check the name (it must match "
                        "exactly) or import the chamber first."
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
                        "There is no member enterprise named %(names)s in the registry. Check the names (they "
                        "must match exactly) or import the enterprises first."
                    )
                    % {"names": "、".join(f"“{host}”" for host in missing)},
                    "reference_unknown",
                )
            given = {
                field: self.value(row, field) for field in ORGANIZATION_FIELDS if self.value(row, field) is not None
            }
            # The same enterprises in another order are no change.
            if (
                before is not None
                and "host_enterprises" in given
                and set(given["host_enterprises"]) == set(before["host_enterprises"])
            ):
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
            "“%(name)s” is outside the organizations you keep: you can add or change only your own "
            "organization and those below it."
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
