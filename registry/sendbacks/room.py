"""Sending back (docs/inbox.md#sending-back): the committee office sends a member record, a
development record or a transfer back to its secretary with a question; the question shows on the
record and in the secretary's inbox until answered or corrected; the committee's list of what is open."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room, for_committee
from registry.sendbacks import sections

ROOM = Room(
    name="sendbacks",
    nav=(
        NavLink(
            _("Sent back"),
            "registry:send_back_list",
            group="roster",
            current_for=("registry:send_back_*",),
            visible=for_committee,
            order=900,
        ),
    ),
    urls="registry.sendbacks.urls",
    export_kinds={"send_backs": _("records sent back")},
    inbox=(sections.inbox_reminders,),
)
