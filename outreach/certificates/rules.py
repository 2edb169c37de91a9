"""Who needs an activity certificate and when one is valid (docs/domain.md#certificates, 流动党员活动证): a
registered mobile member — their membership stays at home — carries one while away; a certificate is valid from
the day it is issued until the day it ends (returned, transferred or voided). Pure conditions, no reads
of their own: the register's missing list (selectors.members_without_certificate) and the yearly
assessment's `certificates` item (outreach/certificates/assessment.py) ask the same question."""

import datetime

from django.db.models import Q

from registry.models import Member


def needs_certificate(prefix: str = "") -> Q:
    """Members who should hold a certificate: the registered mobile (`prefix` for a relation: "member__")."""
    return Q(**{f"{prefix}category": Member.Category.REGISTERED_MOBILE})


NEEDS_CERTIFICATE = needs_certificate()


def valid_on(day: datetime.date) -> Q:
    """For certificates: those issued by `day` and not ended by then."""
    return Q(issued_on__lte=day) & (Q(ended_on__isnull=True) | Q(ended_on__gt=day))
