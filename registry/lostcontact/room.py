"""Lost contact (失联) as a case: the day lost, the reason ①–⑦, the searches and the outcome; the work
lists that lead to 停止党籍 and, two years later, to 自行脱党除名 (docs/lifecycle.md#lost-contact)."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.lostcontact import demo, sections

ROOM = Room(
    name="lostcontact",
    nav=(
        NavLink(
            _("Lost contact"),
            "registry:lost_contact_list",
            group="roster",
            current_for=("registry:lost_contact_*",),
            order=130,
        ),
    ),
    home_worklists=(sections.home_worklist,),
    member_sections=(sections.member_section,),
    demo=(demo.load,),
    urls="registry.lostcontact.urls",
    export_kinds={"lost_contact": _("lost-contact cases")},
)
