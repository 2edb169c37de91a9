"""Users and roles: who may do what, kept by the committee."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room, for_committee

ROOM = Room(
    name="branches",
    nav=(NavLink(_("Users and roles"), "branches:role_list", current_for=("branches:*",), visible=for_committee),),
)
