"""What each list exports: exactly the records the list shows (scoped and filtered through the
same selectors), with the filters as the export log records them."""

from branches import selectors as branch_selectors
from branches.filtering import PRESENTATION
from registry.members import selectors as member_selectors
from registry.organizations import selectors as organization_selectors

CHUNK = 2000


def selected_records(user, kind: str, params) -> tuple[object, dict]:
    """(the records, a queryset or a list sorted in memory, the filters applied) for `kind`: counted
    before an export is written in the request or in the background (registry/exports/jobs.py)."""
    if kind == "members":
        _, records = member_selectors.filtered_members(user, params)
        applied = {key: value for key, value in params.items() if key not in PRESENTATION and value}
    elif kind == "organizations":
        records, applied = branch_selectors.filtered_organizations(user, params)
        records = organization_selectors.sorted_organizations(
            user, records.prefetch_related("host_enterprises"), params
        )
    elif kind == "chambers":
        records, applied = organization_selectors.chamber_list(user, params)
    elif kind == "enterprises":
        records, applied = organization_selectors.enterprise_list(user, params)
    else:
        raise ValueError(f"Nothing to export as {kind!r}")
    return records, applied


def count_of(records) -> int:
    """How many rows `selected_records` (or another list's queryset) will write."""
    return len(records) if isinstance(records, list) else records.count()


def each_of(records):
    """An iterator over `selected_records`' records (or another list's queryset), read in chunks."""
    if isinstance(records, list):  # sorted in memory, by a column of figures
        return iter(records)
    return records.iterator(chunk_size=CHUNK)
