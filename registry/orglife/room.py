"""Organizational life (docs/orglife.md): the meetings of every organization with their attendance,
attachments and minutes; the meeting register and sign-in sheets as spreadsheets."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import NavLink, Room

ROOM = Room(
    name="orglife",
    nav=(NavLink(_("Meetings"), "registry:meeting_list", group="roster", current_for=("registry:meeting_*",)),),
    urls="registry.orglife.urls",
    import_kinds=(
        "registry.orglife.imports.MeetingImporter",
        "registry.orglife.imports.MeetingAttendanceImporter",
    ),
    export_kinds={
        "meetings": _("meeting register"),
        "meeting_attendance": _("meeting sign-in sheet"),
        "meeting_record": _("meeting minutes"),
    },
)
