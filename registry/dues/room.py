"""Dues: the ledger, the month sheet, the reminder list and the list for the branch to decide; the
member's dues on their page, the dues figures and a secretary's two lists on the home page."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.dues import sections

ROOM = Room(
    name="dues",
    nav=(NavLink(_("Dues"), "registry:dues_overview", group="figures", current_for=("registry:dues_*",), order=40),),
    home_worklists=(sections.home_worklist,),
    inbox=(sections.inbox_reminders,),
    home_sections=(sections.home_section,),
    member_sections=(sections.member_section,),  # the registry's own, before the sections of outreach's rooms
    import_kinds=("registry.dues.imports.DuesImporter",),
    urls="registry.dues.urls",
)
