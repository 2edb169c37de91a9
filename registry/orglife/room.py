"""Organizational life (docs/orglife.md): the meetings of every organization with their attendance,
attachments and minutes; the meeting register and sign-in sheets as spreadsheets."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room
from registry.orglife import demo, sections
from registry.orglife.compliance import figures

ROOM = Room(
    name="orglife",
    nav=(NavLink(_("Meetings"), "registry:meeting_list", group="roster", current_for=("registry:meeting_*",)),),
    home_worklists=(sections.home_worklist,),
    home_sections=(sections.home_section,),
    member_sections=(sections.member_section,),
    urls="registry.orglife.urls",
    import_kinds=(
        "registry.orglife.imports.MeetingImporter",
        "registry.orglife.imports.MeetingAttendanceImporter",
    ),
    export_kinds={
        "meetings": _("meeting register"),
        "meeting_attendance": _("meeting sign-in sheet"),
        "meeting_record": _("meeting minutes"),
        "meeting_attachment": _("meeting attachment"),
        "meeting_compliance": _("meetings held per period"),
        "meetings_behind": _("organizations behind on meetings"),
        "without_life": _("members without organizational life for 6 months"),
        "meeting_exemptions": _("exemptions from meetings"),
    },
    stats=(figures.organizational_life,),
    demo=(demo.load,),
)
