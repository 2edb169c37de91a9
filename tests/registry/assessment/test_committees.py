"""The assessment scheme is the committee's own (issue 27 §1): two committees of one deployment set
their weights and close their years each for themselves; unbound staff keep the deployment's."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from branches import clock
from branches.models import Organization
from branches.services import role_grant
from registry.assessment import rules, services
from registry.models import AssessmentScheme
from tests import factories


def _weights(shift: int) -> dict:
    """The default weights with `shift` points moved from the second item to the first."""
    weights = {f"weight_{item['key']}": item["weight"] for item in rules.default_items()}
    first, second = list(weights)[:2]
    weights[first] += shift
    weights[second] -= shift
    return weights


def _stored(committee) -> dict:
    scheme = AssessmentScheme.objects.get(year=clock.today().year, committee=committee)
    return {f"weight_{item['key']}": item["weight"] for item in scheme.items}


@pytest.fixture
def xiamen(tree):
    committee = factories.make_organization("厦门商会党委", level=Organization.Level.COMMITTEE)
    factories.make_organization("厦门商会党支部", parent=committee)
    return committee


def test_two_committees_keep_their_own_scheme_and_unbound_staff_the_deployments(
    tree, xiamen, client_for, staff, secretary_b
):
    fujian_staff, _ = role_grant(username="fujian_staff", role="staff", organization=tree["committee"])
    xiamen_staff, _ = role_grant(username="xiamen_staff", role="staff", organization=xiamen)
    year = clock.today().year
    scheme_url = reverse("registry:assessment_scheme", args=[year])
    assert client_for(fujian_staff).post(scheme_url, _weights(5)).status_code == 302
    assert client_for(xiamen_staff).post(scheme_url, _weights(-5)).status_code == 302
    assert _stored(tree["committee"]) == _weights(5) and _stored(xiamen) == _weights(-5)
    assert not AssessmentScheme.objects.filter(year=year, committee=None).exists()

    year_url = reverse("registry:assessment_year", args=[year])
    page = client_for(xiamen_staff).get(year_url).context["assessment"]
    assert page.scheme.committee == xiamen and [row.organization.name for row in page.rows] == ["厦门商会党支部"]
    # A secretary under a committee is assessed under that committee's scheme, ranked among its branches.
    page = client_for(secretary_b).get(year_url).context["assessment"]
    assert page.scheme.committee == tree["committee"]
    # Unbound staff (the body above): the deployment's scheme, its default items, every branch.
    page = client_for(staff).get(year_url).context["assessment"]
    assert page.scheme.pk is None and page.scheme.items == rules.default_items()
    assert "厦门商会党支部" in [row.organization.name for row in page.rows]

    # Closing one committee's year closes nothing of the other's, nor the deployment's.
    assert client_for(xiamen_staff).post(reverse("registry:assessment_close", args=[year])).status_code == 302
    assert AssessmentScheme.objects.get(year=year, committee=xiamen).closed
    assert not AssessmentScheme.objects.get(year=year, committee=tree["committee"]).closed
    assert client_for(fujian_staff).get(reverse("registry:assessment_reopen", args=[year])).status_code == 404
    assert [
        entry["closed"] for entry in client_for(xiamen_staff).get(reverse("registry:assessment_index")).context["years"]
    ][0]


def test_a_reviewer_of_a_committee_reads_its_scheme_and_changes_nothing(tree, xiamen, client_for):
    services.scheme_save(year=clock.today().year, weights={}, actor=None, committee=xiamen)
    reviewer, _ = role_grant(username="xiamen_reviewer", role="reviewer", organization=xiamen)
    client = client_for(reviewer)
    page = client.get(reverse("registry:assessment_year", args=[clock.today().year]))
    assert page.context["assessment"].scheme.committee == xiamen
    assert client.get(reverse("registry:assessment_scheme", args=[clock.today().year])).status_code == 403


def test_one_scheme_a_year_per_committee_and_one_for_the_deployment(tree):
    year = clock.today().year
    AssessmentScheme.objects.create(year=year, committee=tree["committee"])
    AssessmentScheme.objects.create(year=year)
    for committee in (tree["committee"], None):
        with pytest.raises(IntegrityError), transaction.atomic():
            AssessmentScheme.objects.create(year=year, committee=committee)
