"""The roster: members, their records and history; on the home page the member figures."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.members import sections

ROOM = Room(
    name="members",
    nav=(
        NavLink(
            _("Members"),
            "registry:member_list",
            group="roster",
            # A list export prepared in the background (registry/exports/jobs.py): mostly the roster's.
            current_for=("registry:member_*", "registry:bulk_*", "registry:export_job*"),
        ),
    ),
    home_worklists=(sections.post_category_worklist,),
    home_sections=(sections.home_section,),
    import_kinds=("registry.members.imports.MemberImporter",),
)
