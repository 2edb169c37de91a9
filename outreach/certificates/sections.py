"""What the certificate register adds to the member's page and the home page (its room,
outreach/certificates/room.py)."""

from django.urls import reverse
from django.utils.translation import gettext as _

from branches import access
from branches.remembered import remembered
from branches.rooms import Reminder
from outreach.certificates import selectors


def member_section(request, member):
    """The member's certificates and reverse issuance requests (two queries)."""
    if access.role_of(request.user) is None:
        return None
    found = selectors.member_certificates(request.user, member)
    return {
        "template": "outreach/certificates/_member_section.html",
        "member": member,
        "should_hold": member.category == member.Category.REGISTERED_MOBILE,
        "may_add": access.may_change_organization(request.user, member.organization),
        **found,
    }


def _figures(request) -> dict:
    """The register's figures, counted over the whole roster for the committee: remembered
    (branches/remembered.py)."""
    return remembered("certificate-figures", request.user, lambda: selectors.certificate_figures(request.user))


def home_section(request, _obj):
    if access.role_of(request.user) is None:
        return None
    return {
        "template": "outreach/certificates/_home_section.html",
        "figures": _figures(request),
    }


def inbox_reminders(request) -> list[Reminder]:
    """The yearly reviews due within 30 days and overdue, as the home page's card counts them."""
    if not access.may_change_anything(request.user):
        return []
    figures = _figures(request)
    register = reverse("certificates:certificate_list")
    return [
        Reminder(
            "certificates_review_due", _("Yearly review due within 30 days"), figures["due"], f"{register}?review=due"
        ),
        Reminder(
            "certificates_review_overdue", _("Yearly review overdue"), figures["overdue"], f"{register}?review=overdue"
        ),
    ]
