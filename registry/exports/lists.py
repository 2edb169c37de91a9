"""The list exports that may grow long — the roster, organizations, chambers, member enterprises and
the six knowns' work list: what each selects (through the list's own selectors, in the user's scope
and with their filters), how many rows that is, and the workbook, written the same way whether in the
request or by a background worker (registry/exports/tasks.py). Above REGISTRY_EXPORT_IN_REQUEST_ROWS
rows the view hands the export to a worker (registry/exports/jobs.py)."""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.conf import settings

from branches import access
from registry.exports import selectors
from registry.exports import workbooks as exports
from registry.figures import worklists
from registry.members.masking import MaskedRecord

SIX_KNOWNS = "six_knowns"

# Each kind's file: its name in Chinese (followed by the time) and the ASCII name for the clients that
# read only that one — as the exports have always been named.
FILE_NAMES = {
    "members": ("党员", "members"),
    "organizations": ("党组织", "organizations"),
    "chambers": ("商会", "chambers"),
    "enterprises": ("会员企业", "enterprises"),
    SIX_KNOWNS: ("六个掌握待补", "six-knowns-missing"),
}

# The list each kind exports, to go back to it with the same filters.
LIST_PAGES = {
    "members": "registry:member_list",
    "organizations": "registry:organization_list",
    "chambers": "registry:chamber_list",
    "enterprises": "registry:enterprise_list",
    SIX_KNOWNS: "registry:six_knowns_worklist",
}


def file_names(kind: str, stamp: datetime.datetime) -> tuple[str, str]:
    """(the file's name, its ASCII fallback without the extension) for an export made at `stamp`."""
    label, fallback = FILE_NAMES[kind]
    return f"{label}_{stamp:%Y%m%d_%H%M}.xlsx", f"{fallback}-{stamp:%Y%m%d-%H%M}"


def too_long_for_a_request(rows: int) -> bool:
    return rows > settings.REGISTRY_EXPORT_IN_REQUEST_ROWS


@dataclass
class Selection:
    """What one export writes: the records (a queryset, or a list sorted in memory), the filters
    applied as the export log keeps them, and whether personal data are written in full."""

    kind: str
    records: object
    filters: dict
    personal_data: bool

    def rows(self) -> int:
        return selectors.count_of(self.records)

    def workbook(self, counted: Callable[[Iterator], Iterator] | None = None) -> tuple[bytes, int]:
        """(.xlsx bytes, rows); `counted` wraps the records' iterator (a worker's progress)."""
        records = selectors.each_of(self.records)
        if counted is not None:
            records = counted(records)
        if self.kind == SIX_KNOWNS:
            return worklists.worklist_workbook(records, show_personal_data=self.personal_data)
        if not self.personal_data:
            records = (MaskedRecord(record) for record in records)
        return exports.build_workbook(self.kind, records)


def selection(user, kind: str, params) -> Selection:
    """The export of `kind` the user asks for with `params` (a list's query string), in the role in
    force: their scope, and personal data masked when that role sees them masked."""
    personal_data = access.sees_personal_data(user)
    if kind == SIX_KNOWNS:
        filters = worklists.parse_filters(params)
        members = worklists.sorted_worklist(worklists.six_knowns_worklist(user, filters), params)
        return Selection(kind, worklists.for_workbook(members), filters.as_dict(), personal_data)
    records, applied = selectors.selected_records(user, kind, params)
    return Selection(kind, records, applied, personal_data)
