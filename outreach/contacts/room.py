"""Keeping in touch (contacts, visits, service cases, activities): every page of the "outreach"
namespace; the member's contact log, visits, participation and cases on their page; the
quarter's figures on the home page; the yearly assessment's `contacts` item."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import AssessmentItem, NavLink, Room
from outreach.contacts import assessment, sections

ROOM = Room(
    name="contacts",
    nav=(NavLink(_("Keeping in touch"), "outreach:lost_touch", group="touch", current_for=("outreach:*",)),),
    home_sections=(sections.home_section,),
    member_sections=(sections.member_section,),
    import_kinds=("outreach.activities.imports.AttendanceImporter",),
    assessment_items=(AssessmentItem("contacts", assessment.LABEL, assessment.score),),
    bulk_actions=("outreach.contacts.bulk.RECORD_CONTACT",),
    bulk_sources=("outreach.contacts.bulk.LOST_TOUCH",),
)
