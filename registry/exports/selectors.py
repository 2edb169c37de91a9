"""What each list exports: exactly the records the list shows (scoped and filtered through the
same selectors), with the filters as the export log records them."""

from branches import selectors as branch_selectors
from branches.filtering import PRESENTATION
from registry.members import selectors as member_selectors
from registry.organizations import selectors as organization_selectors

CHUNK = 2000


def records_to_export(user, kind: str, params) -> tuple[object, dict]:
    """(an iterator over the records, the filters applied) for `kind`."""
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
    if isinstance(records, list):  # sorted in memory, by a column of figures
        return iter(records), applied
    return records.iterator(chunk_size=CHUNK), applied
