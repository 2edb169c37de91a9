"""The demo's dues (registry/dues/demo.py, issue 22 §5), dated from the day the demo describes: most
mobile members arranged to pay here and a few pay at home, a base raised within the year, a reduction
approved by the committee; the dues figures still tell the reminder list and the list to decide on,
and each links to exactly its members."""

import io
import json

import pytest
from django.core.management import call_command

from registry.dues import demo as dues_demo
from registry.dues import months as dues_months
from registry.dues import rules
from registry.models import DemoSeed, DuesBasis, DuesReduction, Member


@pytest.fixture
def seeded(demo_db):
    """The demo, seeded once for the session and shared (tests/conftest.py)."""


def test_a_member_paying_at_home_and_a_reduction_approved(seeded, db):
    day = DemoSeed.objects.latest("seeded_at").as_of
    at_home = Member.objects.filter(rules.paying_elsewhere(), category=Member.Category.REGISTERED_MOBILE)
    # a few of them: the demo draws them, so how many depends on the day it describes (32 of 304 on 11 January 2028)
    registered_mobile = Member.objects.filter(category=Member.Category.REGISTERED_MOBILE).count()
    assert 0 < at_home.count() < registered_mobile / 5
    assert not at_home.filter(pays_dues_here=True).exists()  # by their category: at home
    reduction = DuesReduction.objects.get()
    assert reduction.kind == DuesReduction.Kind.REDUCED and reduction.approved_on <= day
    assert reduction.first_month <= dues_months.first_of(day) <= reduction.last_month
    assert reduction.member.category == Member.Category.SELF_MANAGED and reduction.approved_by
    raised = list(DuesBasis.objects.values_list("member_id", flat=True))
    assert len(raised) > len(set(raised))  # one member's base changes within the year
    out = io.StringIO()
    call_command("registry_stats", "--json", "--as-of", day.isoformat(), stdout=out)
    dues = json.loads(out.getvalue())["dues"]
    assert dues["paid_up"] > 100 and dues["unpaid_3_months"] > dues["unpaid_6_months"] > 0
    assert dues["paying_elsewhere"] == Member.objects.filter(rules.paying_elsewhere()).count() > 0
    assert dues_demo.load(day) == 0  # a second run writes nothing
    assert DuesReduction.objects.count() == 1
