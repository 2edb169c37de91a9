"""Movements: transfers in and out, former members, the events of a member's life, and the year's
balance of the roster."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.movements import sections

ROOM = Room(
    name="movements",
    nav=(
        NavLink(_("Year's balance"), "registry:balance", group="figures", current_for=("registry:balance*",), order=50),
        NavLink(
            _("Movements"),
            "registry:movement_list",
            group="roster",
            current_for=(
                "registry:movement_*",
                "registry:transfer_*",
                "registry:former_member_*",
                "registry:event_record",
            ),
        ),
    ),
    import_kinds=("registry.movements.imports.MovementImporter",),
    inbox=(sections.inbox_reminders,),
)
