"""The yearly assessment's `contacts` item, computed by keeping in touch (outreach/contacts/assessment.py,
declared in its room): the share of a branch's members contacted in each quarter ended, counted from the
contact log; scored through the registry's assessment, which never imports outreach."""

import datetime
from decimal import Decimal

from branches import clock
from branches.models import Organization
from outreach.contacts import assessment
from outreach.models import Contact
from registry.assessment import rules, selectors
from tests import factories


def test_a_member_counts_when_contacted_in_every_quarter_since_registered(tree):
    year = clock.today().year - 1  # a year whose four quarters have ended, whatever the day
    early, august = datetime.date(year, 1, 10), datetime.date(year, 8, 15)
    every, missed_q3 = (factories.make_member(tree["fuzhou_2"], registered_on=early) for _ in range(2))
    late_every, late_missed = (factories.make_member(tree["fuzhou_2"], registered_on=august) for _ in range(2))
    contacted = {
        every: (2, 5, 8, 11),
        missed_q3: (2, 5, 11),
        late_every: (8, 11),  # Q1 and Q2 were before they registered here
        late_missed: (11,),
    }
    Contact.objects.bulk_create(
        Contact(member=member, date=datetime.date(year, month, 20), channel="phone", made_by="联络员")
        for member, months in contacted.items()
        for month in months
    )
    assessment_of_year = selectors.year_assessment(year)
    item = next(row for row in assessment_of_year.rows if row.organization == tree["fuzhou_2"]).item("contacts")
    assert (item.score, item.by_hand) == (Decimal("5.0"), False)  # 2 of 4, weight 10
    assert "2" in item.explanation and "4" in item.explanation
    putian = next(row for row in assessment_of_year.rows if row.organization == tree["putian"]).item("contacts")
    assert putian.score == Decimal("10.0")  # nobody to count: the whole weight
    assert rules.is_computed("contacts") and str(rules.item_label("contacts")) == str(assessment.LABEL)


def test_before_the_first_quarter_ends_nothing_is_counted(tree):
    organizations = list(Organization.objects.all())
    counted = assessment.score(organizations, datetime.date(clock.today().year, 3, 30))
    assert counted[tree["putian"].pk][:2] == (0, 0) and tree["fuzhou"].pk not in counted  # branches only
