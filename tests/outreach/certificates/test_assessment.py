"""The yearly assessment's `certificates` item, computed by the certificate register
(outreach/certificates/assessment.py, declared in its room): the share of the members who need an
activity certificate holding one valid on the day assessed as of; scored through the registry's
assessment, which never imports outreach."""

import datetime
from decimal import Decimal

from branches import clock
from outreach.models import Certificate
from registry.assessment import selectors
from registry.models import Member
from tests import factories


def test_members_who_need_a_certificate_hold_one_valid_on_the_years_last_day(tree):
    year = clock.today().year - 1
    registered = datetime.date(year, 1, 10)
    valid, ended, too_late, ended_after = (
        factories.make_member(tree["fuzhou_2"], registered_on=registered) for _ in range(4)
    )
    factories.make_member(tree["fuzhou_2"], registered_on=registered, category=Member.Category.SELF_MANAGED)
    issued, after = datetime.date(year, 3, 1), datetime.date(year + 1, 1, 1)
    certificates = [
        (valid, issued, None),
        (ended, issued, datetime.date(year, 11, 1)),  # returned before the year's end
        (too_late, after, None),  # issued after the day assessed as of
        (ended_after, issued, after),  # still valid on 31 December
    ]
    Certificate.objects.bulk_create(
        Certificate(
            member=member,
            number=f"证{member.pk}",
            issuing_organization="中共福清市江镜镇委员会",
            issued_on=issued_on,
            reason="work",
            destination="北京市朝阳区",
            ended_on=ended_on,
            end_reason="returned" if ended_on else "",
        )
        for member, issued_on, ended_on in certificates
    )
    assessment = selectors.year_assessment(year)
    item = next(row for row in assessment.rows if row.organization == tree["fuzhou_2"]).item("certificates")
    assert (item.score, item.by_hand) == (
        Decimal("2.5"),
        False,
    )  # 2 of the 4 who need one (not the self-managed), weight 5
    assert "2" in item.explanation and "4" in item.explanation
    putian = next(row for row in assessment.rows if row.organization == tree["putian"]).item("certificates")
    assert putian.score == Decimal("5.0")
