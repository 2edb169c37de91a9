"""Activity certificates and reverse issuance: the register and the requests; the member's
certificates on their page, the register's figures on the home page; the yearly assessment's
`certificates` item."""

from django.utils.translation import gettext_lazy as _

from branches.rooms import AssessmentItem, NavLink, Room
from outreach.certificates import assessment, sections

ROOM = Room(
    name="certificates",
    nav=(NavLink(_("Certificates"), "certificates:certificate_list", group="touch", current_for=("certificates:*",)),),
    home_sections=(sections.home_section,),
    member_sections=(sections.member_section,),
    inbox=(sections.inbox_reminders,),
    assessment_items=(AssessmentItem("certificates", assessment.LABEL, assessment.score),),
)
