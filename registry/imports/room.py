"""Spreadsheet imports: validate every row, then write once."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room, for_those_who_change

ROOM = Room(
    name="imports",
    nav=(
        # A reviewer imports nothing: the imports are only history to them, not work to offer.
        NavLink(
            _("Imports"),
            "registry:import_list",
            group="roster",
            current_for=("registry:import_*",),
            visible=for_those_who_change,
        ),
    ),
)
