"""A list from outside read and compared with the roster (名单核对, docs/checkin.md#reconciliation).

The list is read by the import pipeline's reader (any .xlsx, .xls, .ods or .csv; the header row
found among the first rows by canonical headers and aliases). Rows are matched on the ID number:

- home mode (a home organization's list of its members who flowed out): *matched* — on both
  lists, same name and home organization; *only theirs* — not on our roster (they believe these
  people are here: find them); *only ours* — our members from that home organization who are not
  on their list (ask them); *conflicts* — the same ID number with another name or home organization;
- residents mode (a residents' list for the monthly cross-check): *matched* — our members on the
  list; *only ours* — our members whose ID number is not on it (they may have moved); *only theirs*
  — residents who are not our members; *conflicts* — the same ID number with another name.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from registry.imports.values import id_number_parser
from registry.models import Member, Reconciliation
from spreadsheets.errors import CellError, ImportRefused
from spreadsheets.reading import load_source, open_sheets
from spreadsheets.table import Column, is_totals_line, locate_table
from spreadsheets.values import is_blank, person_name_parser, text_parser

COLUMNS = (
    Column("name", "姓名", ("名字", "党员姓名"), person_name_parser(50)),
    Column("id_number", "公民身份号码", ("身份证号", "身份证号码", "身份证"), id_number_parser),
    Column(
        "origin_organization", "流出党组织", ("组织关系所在党组织", "组织关系所在单位", "所在党组织"), text_parser(150)
    ),
    Column("destination", "流向", ("流入地", "流向地", "外出地点", "流入地点"), text_parser(200)),
    Column("phone", "联系电话", ("手机", "手机号码", "电话", "联系方式"), text_parser(30)),
    Column("address", "住址", ("居住地址", "现住址", "地址", "户籍地址"), text_parser(200)),
)
GROUPS = Reconciliation.GROUPS
# How a comparison of a list naming several home organizations is named ("甲、乙").
SEVERAL_HOMES = "、"


@dataclass
class Comparison:
    file_name: str
    checksum: str
    mode: str
    home_organization: str
    groups: dict = field(default_factory=lambda: {group: [] for group in GROUPS})
    unreadable: list = field(default_factory=list)  # [{"row", "message"}]
    rows: int = 0
    # A list naming several home organizations (流出党组织 per row): each one's counts, so that
    # the half year's letter to each of them reports its own part ({home: {group: n}}).
    by_home: dict = field(default_factory=dict)

    @property
    def counts(self) -> dict:
        return {
            **{group: len(self.groups[group]) for group in GROUPS},
            "rows": self.rows,
            "unreadable": len(self.unreadable),
        }


def read_list(source, file_name: str | None = None) -> tuple[object, list[dict]]:
    """(the SourceFile, the rows as dicts) — unreadable rows carry "error"."""
    source_file = load_source(source, file_name)
    _format, sheets = open_sheets(source_file)
    table = locate_table(sheets, COLUMNS, kind_label=_("list of members"), preferred_sheet="")
    rows = []
    for number, cells in table.data_rows():
        if all(is_blank(cell) for cell in cells) or is_totals_line(cells):
            continue
        row = {"row": number}
        for index, column in table.columns:
            raw = cells[index] if index < len(cells) else ""
            if is_blank(raw):
                row[column.field] = ""
                continue
            try:
                row[column.field] = column.parse(raw)
            except CellError as error:
                row["error"] = f"{table.headers[index]}：{error.message}"
        if not row.get("id_number") and "error" not in row:
            row["error"] = _("No ID number: a row is matched by its ID number.")
        rows.append(row)
    return source_file, rows


def _ours(member: Member) -> dict:
    return {
        "member": member.pk,
        "name": member.name,
        "id_number": member.id_number,
        "organization": member.organization.name,
        "origin_organization": member.origin_organization,
    }


def compare(
    source,
    *,
    mode: str = Reconciliation.Mode.HOME,
    home_organization: str = "",
    file_name: str | None = None,
    members=None,
) -> Comparison:
    """Reads the list and compares it with `members` (the roster, or a scoped part of it)."""
    members = Member.objects.all() if members is None else members
    source_file, rows = read_list(source, file_name)
    home = home_organization.strip()
    comparison = Comparison(source_file.name, source_file.checksum, mode, home)
    theirs = {}
    repeated = _("The same ID number is on an earlier row.")
    for row in rows:
        comparison.rows += 1
        if "error" in row:
            comparison.unreadable.append({"row": row["row"], "message": row["error"]})
        elif row["id_number"] in theirs:
            comparison.unreadable.append({"row": row["row"], "message": repeated})
        else:
            theirs[row["id_number"]] = row
    homes = {home} if home else {row.get("origin_organization") for row in theirs.values()} - {"", None}
    if mode == Reconciliation.Mode.HOME and not homes:
        raise ImportRefused(
            _("The list has no 流出党组织 column: name the home organization whose list this is."),
            code="no_home",
        )
    if mode == Reconciliation.Mode.HOME and not home:
        comparison.home_organization = SEVERAL_HOMES.join(sorted(homes))
    found = {
        member.id_number: member for member in members.filter(id_number__in=list(theirs)).select_related("organization")
    }
    for number, row in theirs.items():
        member = found.get(number)
        if member is None:
            comparison.groups["only_theirs"].append(
                {
                    key: row.get(key, "")
                    for key in ("row", "name", "id_number", "origin_organization", "destination", "phone", "address")
                }
            )
            continue
        their_home = row.get("origin_organization") or (home if mode == Reconciliation.Mode.HOME else "")
        differs = member.name != row["name"] or (
            mode == Reconciliation.Mode.HOME and their_home and member.origin_organization != their_home
        )
        entry = _ours(member)
        if differs:
            entry.update(their_name=row["name"], their_origin_organization=their_home, row=row["row"])
            comparison.groups["conflicts"].append(entry)
        else:
            comparison.groups["matched"].append(entry)
    ours = members.filter(origin_organization__in=homes) if mode == Reconciliation.Mode.HOME else members
    for member in (
        ours.exclude(id_number__in=list(theirs))
        .select_related("organization")
        .order_by("organization__path", "name_sort", "id")
    ):
        comparison.groups["only_ours"].append(_ours(member))
    if mode == Reconciliation.Mode.HOME and not home and len(homes) > 1:
        comparison.by_home = _counts_by_home(comparison.groups, homes)
    return comparison


def _counts_by_home(groups: dict, homes: set) -> dict:
    """Each home organization's part of the groups: a row of their list by the 流出党组织 it gives
    (a conflict by the one their list says), one of ours by the one on our roster."""
    by_home = {name: dict.fromkeys(GROUPS, 0) for name in sorted(homes)}
    for group, entries in groups.items():
        for entry in entries:
            name = entry.get("their_origin_organization") or entry.get("origin_organization")
            if name in by_home:
                by_home[name][group] += 1
    return by_home
