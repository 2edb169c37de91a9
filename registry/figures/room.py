"""The figures: the overview (the home page and its printable summary), the six knowns by
organization and their work list, and the coverage of chambers and enterprises. A secretary's
six-knowns work list heads the home page's work lists."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room, for_those_who_see_everything
from registry.figures import sections

ROOM = Room(
    name="figures",
    nav=(
        NavLink(_("Overview"), "home", group="figures", current_for=("registry:summary*",), order=10),
        NavLink(
            _("Six knowns"),
            "registry:six_knowns_worklist",
            group="figures",
            current_for=("registry:six_knowns*",),
            order=20,
        ),
        # The committee's structure; a secretary's figures are on their home page.
        NavLink(_("Coverage"), "registry:coverage", group="figures", visible=for_those_who_see_everything, order=60),
    ),
    home_worklists=(sections.six_knowns_worklist,),
)
