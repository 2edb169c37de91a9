"""Check-in: members confirm their own records through a link, arrivals register from a poster,
and the branch decides what to take."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room, for_those_who_change
from registry.checkin import sections

ROOM = Room(
    name="checkin",
    nav=(
        NavLink(
            _("Check-in"),
            "registry:checkin_queue",
            group="roster",
            current_for=("registry:checkin_*", "registry:arrival_*"),
            visible=for_those_who_change,
        ),
    ),
    inbox=(sections.inbox_reminders,),
)
