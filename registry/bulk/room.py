"""Acting on many members at once (issue 26 §2): the action page every list's checkboxes lead to,
the registry's actions and the registry's lists one selects from (docs/domain.md#acting-on-many)."""

from branches.rooms import Room

ROOM = Room(
    name="bulk",
    urls="registry.bulk.urls",
    bulk_actions=(
        "registry.bulk.catalog.CHECKIN_LINKS",
        "registry.bulk.catalog.MOVE",
        "registry.bulk.catalog.EXPORT",
        "registry.bulk.catalog.LOST_CONTACT",
        "registry.bulk.catalog.CONTACT_FOUND",
    ),
    bulk_sources=(
        "registry.bulk.catalog.ROSTER",
        "registry.bulk.catalog.LOST_CONTACT_CASES",
        "registry.bulk.catalog.SIX_KNOWNS",
    ),
)
