"""Member enterprises (会员企业), keyed by name and, where given, by the unified social credit code.

A code that the registry already holds finds its enterprise even under a new name (the
enterprise was renamed); a name and a code that point at two different enterprises is an error.
"""

from django.db.models.base import ModelState
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from branches.models import Chamber, Enterprise
from registry.imports.values import credit_code_parser
from spreadsheets.importer import NEW, UPDATED, Importer, ParsedRow
from spreadsheets.table import Column
from spreadsheets.values import count_parser, date_parser, reference_parser, text_parser


def _max(field: str) -> int:
    return Enterprise._meta.get_field(field).max_length


COLUMNS = (
    Column("name", "企业名称", ("名称",), text_parser(_max("name")), required=True, memo=False),
    Column("credit_code", "统一社会信用代码", ("信用代码",), credit_code_parser, memo=False),
    Column("chamber", "所属商会", (), reference_parser),
    Column("industry", "所属行业", ("行业",), text_parser(_max("industry"))),
    Column("address", "企业地址", ("地址",), text_parser(_max("address"))),
    Column("joined_chamber", "入会时间", (), date_parser),
    Column("party_members_reported", "党员人数", ("企业党员情况",), count_parser),
)
FIELDS = [column.field for column in COLUMNS]
ATTNAMES = [field.attname for field in Enterprise._meta.concrete_fields if not field.primary_key]
DEFAULTS = {field.attname: field.get_default() for field in Enterprise._meta.concrete_fields}


class EnterpriseImporter(Importer):
    kind = "enterprises"
    kind_label = gettext_lazy("member enterprises")
    sheet_name = "会员企业"
    columns = COLUMNS
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
                        "This credit code belongs to another enterprise in the registry, “%(other)s”. Check the code, or the name."
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
                        "There is no chamber named “%(name)s” in the registry. Check the name (it must match exactly) or import the chamber first."
                    )
                    % {"name": chamber},
                    "reference_unknown",
                )
            if row.errors:
                continue
            given = {field: self.value(row, field) for field in FIELDS if self.value(row, field) is not None}
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
                enterprise.__dict__.update(DEFAULTS)
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
