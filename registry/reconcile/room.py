"""Lists reconciled (docs/checkin.md#reconciliation): a list from elsewhere compared with the
roster, by the committee."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room, for_committee

ROOM = Room(
    name="reconcile",
    nav=(
        NavLink(
            _("Lists reconciled"),
            "registry:reconciliation_list",
            group="roster",
            current_for=("registry:reconciliation_*",),
            visible=for_committee,
        ),
    ),
)
