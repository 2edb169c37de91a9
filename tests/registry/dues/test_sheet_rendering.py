"""The month sheet of a committee: an amount and a note for each of its members, four hundred in
the demo. Django's widget templates, one render per input, took half the page's time; the form
renderer writes the inputs in Python (config/rendering.py, the same markup:
tests/config/test_rendering.py). Whatever the number of members, the same few queries and no
template per input."""

from decimal import Decimal

from django.urls import reverse

from branches import clock
from registry.dues import months as dues_months
from registry.dues import services
from tests import factories


def test_a_committees_month_sheet_writes_its_inputs_without_a_template_each(
    client_for, staff, tree, django_assert_max_num_queries
):
    this_month = dues_months.first_of(clock.today())
    for index in range(24):
        member = factories.make_payer(
            tree["fuzhou_1"] if index % 2 else tree["putian"],
            dues_paid_through=dues_months.add(this_month, -(index % 5) - 1),
        )
        if index % 3 == 0:
            services.basis_save(
                member=member, month=this_month, kind="in_work", monthly_base=Decimal("4000"), actor=staff
            )
            services.payment_record(
                member=member,
                first_month=this_month,
                last_month=this_month,
                amount=Decimal("1.50"),
                paid_on=None,
                actor=staff,
            )
    client = client_for(staff)
    url = reverse("registry:dues_sheet", args=[tree["committee"].pk])
    client.get(url)
    with django_assert_max_num_queries(12):
        response = client.get(url)
    page = response.content.decode()
    assert len(response.context["rows"]) == 24 and page.count('name="amount_') == 24 and page.count('value="1.50"') == 8
    assert [template.name for template in response.templates if template.name.startswith("django/forms/widgets/")] == []
