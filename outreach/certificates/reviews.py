"""When a certificate's yearly review (年度审验) is due: REVIEW_INTERVAL_DAYS after the last review
(or the issue), "due" REVIEW_DUE_WITHIN_DAYS before that. Shared by the selectors (figures), the
filters (?review=due|overdue), the pages and the export; no reads of its own."""

import datetime

from django.db.models import Q

from branches import clock
from outreach.models.certificates import REVIEW_DUE_WITHIN_DAYS, REVIEW_INTERVAL_DAYS


def review_thresholds(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """(overdue_before, due_before): a certificate last reviewed (or issued) before the first date is
    overdue; before the second, due within REVIEW_DUE_WITHIN_DAYS days."""
    overdue_before = (today or clock.today()) - datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
    return overdue_before, overdue_before + datetime.timedelta(days=REVIEW_DUE_WITHIN_DAYS)


def with_review_state(certificates, today: datetime.date | None = None):
    """Marks each (annotated) certificate with `review_state`: "overdue", "due", "ok" or "" (ended)."""
    overdue_before, due_before = review_thresholds(today)
    for certificate in certificates:
        if not certificate.is_valid:
            certificate.review_state = ""
        elif certificate.review_anchor < overdue_before:
            certificate.review_state = "overdue"
        elif certificate.review_anchor < due_before:
            certificate.review_state = "due"
        else:
            certificate.review_state = "ok"
        certificate.next_review = certificate.review_anchor + datetime.timedelta(days=REVIEW_INTERVAL_DAYS)
    return certificates


def review_filter(state: str, today: datetime.date | None = None) -> Q:
    """For a queryset from `certificate_list`: valid certificates whose yearly review is due or overdue."""
    overdue_before, due_before = review_thresholds(today)
    if state == "overdue":
        return Q(ended_on__isnull=True, review_anchor__lt=overdue_before)
    if state == "due":
        return Q(ended_on__isnull=True, review_anchor__gte=overdue_before, review_anchor__lt=due_before)
    return Q()
