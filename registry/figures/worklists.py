"""The six knowns (六个掌握) as work: completeness per organization and per chamber, and each
secretary's list of members whose record is incomplete, saying which of the six are missing.

One definition: registry/sixknowns.py (the same conditions as the roster's filter and the
statistics). Every read starts from the members the user may see.
"""

from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper, F, QuerySet
from django.utils.translation import gettext as _

from branches import access
from branches import statistics as branch_statistics
from branches.filtering import id_from, sorted_rows
from branches.models import Chamber
from registry import sixknowns
from registry.exports import workbooks as exports
from registry.figures import statistics
from registry.members import selectors
from registry.members.masking import PERSONAL_FIELDS, mask
from registry.models import Member
from spreadsheets import writing

KNOWN_BY_KEY = {known.key: known for known in sixknowns.SIX_KNOWNS}
# The columns of the work list's workbook: those of the member import (so that a secretary can
# fill the blanks and import the file back) that identify the member and hold the six knowns.
EXPORT_FIELDS = (
    "name",
    "id_number",
    "organization",
    "category",
    "left_home",
    "work_address",
    "origin_address",
    "origin_organization",
    "occupation",
    "phone",
    "dues_paid_through",
)
MISSING_HEADER = "尚缺项目"
# Which known each column answers: its blank is marked to fill in when that known is missing.
KNOWN_OF_FIELD = {field: known.key for known in sixknowns.SIX_KNOWNS for field in known.fields}


@dataclass
class WorklistFilters:
    """The work list's filters as given and as understood (an unknown value matches nothing)."""

    organization: int | None = None
    chamber: int | None = None
    missing: str = ""
    invalid: bool = False

    def as_dict(self) -> dict:
        values = {"organization": self.organization, "chamber": self.chamber, "missing": self.missing}
        return {key: value for key, value in values.items() if value}


def parse_filters(params) -> WorklistFilters:
    filters = WorklistFilters()
    for name in ("organization", "chamber"):
        value = (params.get(name) or "").strip()
        if value:
            if (pk := id_from(value)) is not None:
                setattr(filters, name, pk)
            else:
                filters.invalid = True
    missing = (params.get("missing") or "").strip()
    if missing:
        filters.missing = missing
        filters.invalid |= missing not in KNOWN_BY_KEY
    return filters


def _with_knowns(members: QuerySet[Member]) -> QuerySet[Member]:
    return members.annotate(
        **{
            f"knows_{known.key}": ExpressionWrapper(known.q(), output_field=BooleanField())
            for known in sixknowns.SIX_KNOWNS
        }
    )


def six_knowns_worklist(user, filters: WorklistFilters) -> QuerySet[Member]:
    """The members the user may see whose six knowns are incomplete, in tree order, each with
    `knows_<key>` booleans (see `missing_labels`)."""
    # With the knowns from the start: a filter that matches nothing is a list of the same columns.
    members = _with_knowns(selectors.members_visible_to(user).six_knowns_incomplete())
    if filters.invalid:
        return members.none()
    if filters.organization:
        organization = access.visible_organizations(user).filter(pk=filters.organization).first()
        if organization is None:
            return members.none()
        members = members.filter(access.subtree_filter(organization, prefix="organization__"))
    if filters.chamber:
        organization_ids = [
            pk for pk, chamber in branch_statistics.organization_chambers().items() if chamber == filters.chamber
        ]
        members = members.filter(organization_id__in=organization_ids)
    if filters.missing:
        members = members.filter(~KNOWN_BY_KEY[filters.missing].q())
    return members.select_related("organization").order_by("organization__path", "name_sort", "id")


# The work list's columns a person may sort by (`?sort=`); its workbook follows.
WORKLIST_SORT = {
    "name": "name",
    "id_number": "id_number",
    "organization": ("organization__path", "name"),
    "category": "category",
}


def sorted_worklist(members: QuerySet[Member], params) -> QuerySet[Member]:
    return sorted_rows(members, params, WORKLIST_SORT)


def known_labels() -> list[tuple[str, str]]:
    """Each known's annotation and label (translated: once for a whole export, not once a row)."""
    return [(f"knows_{known.key}", str(known.label)) for known in sixknowns.SIX_KNOWNS]


def missing_labels(member: Member, labels: list[tuple[str, str]] | None = None) -> list[str]:
    """Labels of the knowns a work-list member lacks (from the `knows_<key>` annotations)."""
    return [label for knows, label in labels or known_labels() if not getattr(member, knows)]


# --- completeness per organization and per chamber ------------------------------------------


def completeness_by_chamber(user, member_counts: dict | None = None) -> list[dict]:
    """Per chamber (an organization's own, or its host enterprise's, or its parent's): members to
    whom the six knowns apply and those complete, counted over the members the user may see."""
    if member_counts is None:
        member_counts = statistics.organization_member_counts(selectors.members_visible_to(user))
    chamber_of = branch_statistics.organization_chambers()
    totals: dict = {}
    for organization_id, counts in member_counts.items():
        chamber_id = chamber_of.get(organization_id)
        figures = totals.setdefault(chamber_id, {"applicable": 0, "complete": 0})
        figures["applicable"] += counts["applicable"]
        figures["complete"] += counts["complete"]
    chambers = Chamber.objects.in_bulk([pk for pk in totals if pk is not None])
    rows = []
    for chamber_id, figures in totals.items():
        if not figures["applicable"]:
            continue
        rows.append(
            {
                "chamber": chambers.get(chamber_id),
                "applicable": figures["applicable"],
                "complete": figures["complete"],
                "incomplete": figures["applicable"] - figures["complete"],
            }
        )
    rows.sort(key=lambda row: (row["chamber"] is None, -row["incomplete"], str(row["chamber"] or "")))
    return rows


def worklist_choices(user) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The organizations (those the user may see) and the chambers the work list can be narrowed to."""
    organizations = list(access.visible_organizations(user).order_by("path").values_list("id", "name"))
    chambers = list(
        Chamber.objects.exclude(kind=Chamber.Kind.GENERAL).order_by("kind", "name").values_list("id", "name")
    )
    return organizations, chambers


# --- the work list as a workbook ---------------------------------------------------------------


def worklist_workbook(members, *, show_personal_data: bool) -> tuple[bytes, int]:
    """(.xlsx bytes, rows) of `members`, the rows `for_workbook` reads: the member import's columns
    for the six knowns, blank where unknown, and a last column saying what is missing. Fill the
    blanks and import it as members. Written as the member export is (writing.table_sheet): tens
    of thousands of rows at 100,000 members."""
    columns = [column for column in exports.columns_for("members") if column.field in EXPORT_FIELDS]
    workbook = writing.new_workbook(write_only=True)
    count = writing.table_sheet(
        workbook,
        "党员",
        [column.header for column in columns] + [MISSING_HEADER],
        _worklist_rows(members, columns, show_personal_data=show_personal_data),
        text_columns=[column.field in exports.TEXT_FIELDS for column in columns],
    )
    legend = workbook.create_sheet(_("Legend"))
    legend.append(
        [
            writing.to_fill(legend),
            _(
                "A coloured cell is one of the six knowns still missing: fill it in, then import the workbook "
                "as members (the other cells may stay as they are)."
            ),
        ]
    )
    return writing.to_bytes(workbook), count


def for_workbook(members: QuerySet[Member]) -> QuerySet:
    """The work list's members as its workbook reads them: the columns' fields (a date's precision
    with it), the organization's name and the knowns, as values — not a member (forty-odd fields)
    with its organization (twenty more) made of each row, which was half of the export's time
    (15,000 members of 100,000: 1.0 s → 0.6). `_worklist_rows` reads them as members (_Read)."""
    fields = [field for field in EXPORT_FIELDS if field != "organization"]
    precisions = [f"{field}_precision" for field in fields if f"{field}_precision" in MEMBER_FIELDS]
    knows = [f"knows_{known.key}" for known in sixknowns.SIX_KNOWNS]
    return members.values(*fields, *precisions, *knows, organization_name=F("organization__name"))


MEMBER_FIELDS = {field.name for field in Member._meta.concrete_fields}


class _Read:
    """A member read by `for_workbook`, as exports.cell_reader reads a member: its values under the
    fields' names, its organization's name standing for the organization."""

    _meta = Member._meta

    def __init__(self, values: dict):
        values["organization"] = values.pop("organization_name")
        self.__dict__ = values


def _worklist_rows(members, columns, *, show_personal_data: bool):
    """Each member's row: the columns' values (masked where the user sees personal data masked), a
    blank to fill where the column's known is missing, and the labels of the missing knowns."""
    plan = [
        (
            exports.cell_reader(Member._meta, column),
            None if show_personal_data else PERSONAL_FIELDS.get(column.field),
            f"knows_{KNOWN_OF_FIELD[column.field]}" if column.field in KNOWN_OF_FIELD else None,
        )
        for column in columns
    ]
    labels = known_labels()
    for values in members:
        member = _Read(values)
        row = []
        for read, masked_as, knows in plan:
            value = read(member)
            if value in (None, ""):
                row.append(writing.BLANK_TO_FILL if knows and not getattr(member, knows, True) else value)
            else:
                row.append(mask(masked_as, value) if masked_as else value)
        row.append("、".join(missing_labels(member, labels)))
        yield row
