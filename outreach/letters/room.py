"""Liaison letters, drafted from the records and kept as sent: the committee's, not a secretary's."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room, for_those_who_see_everything

ROOM = Room(
    name="letters",
    nav=(
        NavLink(
            _("Liaison letters"),
            "letters:letter_list",
            group="touch",
            current_for=("letters:*",),
            visible=for_those_who_see_everything,
        ),
    ),
)
