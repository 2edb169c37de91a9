"""The registry's own actions on many members and the registry's lists to select them from, named in
registry/bulk/room.py (outreach's are in outreach/contacts/bulk.py)."""

from django.utils.translation import gettext_lazy as _

from registry.bulk import forms, selectors, services
from registry.bulk.actions import BulkAction, SelectionSource

CHECKIN_LINKS = BulkAction(
    key="checkin_links",
    label=_("Make check-in links (QR sheet)"),
    description=_(
        "Makes a new personal check-in link for each member (revoking their earlier one) and shows them as "
        "a sheet of QR codes to print on A4 and cut out. The sheet is shown once only."
    ),
    run_one=services.checkin_link,
    form_class=forms.NoOptionsForm,
    result_template="registry/bulk/checkin_sheet.html",
    qr_sheet=True,
    order=10,
)
MOVE = BulkAction(
    key="move",
    label=_("Move to another organization"),
    description=_("Moves each member to the organization chosen below; each member's history says who moved them."),
    run_one=services.move,
    form_class=forms.MoveForm,
    order=30,
)
EXPORT = BulkAction(
    key="export",
    label=_("Export the selection to Excel"),
    description=_("Downloads the selected members in the roster's workbook (the members import's columns)."),
    form_class=forms.NoOptionsForm,
    order=40,
)
LOST_CONTACT = BulkAction(
    key="lost_contact",
    label=_("Mark as lost contact"),
    description=_("Opens a lost-contact case for each member (失联), from the day and for the reason below."),
    run_one=services.lost_contact,
    form_class=forms.LostContactForm,
    order=50,
)
CONTACT_FOUND = BulkAction(
    key="contact_found",
    label=_("Mark as found"),
    description=_("Closes each member's lost-contact case: contact restored (恢复联系) on the day below."),
    run_one=services.contact_found,
    form_class=forms.ContactFoundForm,
    order=60,
)

ROSTER = SelectionSource(
    key="members", label=_("Members"), url_name="registry:member_list", members=selectors.roster_members
)
LOST_CONTACT_CASES = SelectionSource(
    key="lost_contact",
    label=_("Lost-contact cases"),
    url_name="registry:lost_contact_list",
    members=selectors.lost_contact_members,
)
SIX_KNOWNS = SelectionSource(
    key="six_knowns",
    label=_("Six knowns: work list"),
    url_name="registry:six_knowns_worklist",
    members=selectors.six_knowns_members,
)
