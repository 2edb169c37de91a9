"""A round's counts beside the roster: per organization and in total, with the differences as a
work list that leads to the records; bounded queries whatever the size."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from registry.models import Member
from registry.surveys import selectors, services
from tests import factories


@pytest.fixture
def survey_round(tree):
    return services.survey_round_create(data={"name": "2026年摸底", "started": datetime.date(2026, 9, 1)}, actor=None)


def count(survey_round, organization, **figures):
    services.survey_count_save(survey_round=survey_round, organization=organization, data=figures, actor=None)


def test_counted_beside_on_record_per_organization_and_in_total(staff, tree, members, survey_round):
    factories.make_member(
        tree["putian"], category=Member.Category.SELF_MANAGED, status=Member.Status.PROBATIONARY, made_full=None
    )
    count(survey_round, tree["putian"], members=5, self_managed=1, registered_mobile=4, probationary=1)
    count(survey_round, tree["fuzhou"], members=4, registered_mobile=3)  # covers both of its branches
    result = selectors.reconciliation(staff, survey_round)
    rows = {
        row.organization.name: {line.key: (line.counted, line.on_record, line.gap) for line in row.lines}
        for row in result.rows
    }
    assert rows == {
        "福州商会党总支": {
            "members": (4, 4, 0),
            "self_managed": (None, 0, None),
            "registered_mobile": (3, 4, -1),
            "probationary": (None, 0, None),
        },
        "莆田商会党支部": {
            "members": (5, 3, 2),
            "self_managed": (1, 1, 0),
            "registered_mobile": (4, 2, 2),
            "probationary": (1, 1, 0),
        },
    }
    totals = {line.key: (line.counted, line.on_record) for line in result.totals}
    # A total sets what was counted beside the records of the organizations that counted it.
    assert totals == {"members": (9, 7), "self_managed": (1, 1), "registered_mobile": (7, 6), "probationary": (1, 1)}
    assert result.uncounted["total"] == 2 and result.uncounted_organizations == 1  # the committee's own two


def test_gaps_say_what_to_do_and_link_to_the_records(client_for, staff, tree, members, survey_round):
    count(survey_round, tree["putian"], members=5, registered_mobile=5)
    count(survey_round, tree["fuzhou_1"], members=1)
    with translation.override("en"):
        result = selectors.reconciliation(staff, survey_round)
    gaps = {(gap.organization.name, gap.line.key): gap for gap in result.gaps}
    assert set(gaps) == {
        ("莆田商会党支部", "members"),
        ("莆田商会党支部", "registered_mobile"),
        ("福州商会第一党支部", "members"),
    }
    to_find = gaps[("莆田商会党支部", "registered_mobile")]
    assert to_find.sentence == "counted 5 registered mobile, 2 on record: 3 to find"
    to_check = gaps[("福州商会第一党支部", "members")]
    assert to_check.line.gap == -1 and "to check" in to_check.sentence
    client = client_for(staff)
    listed = client.get(to_find.records_url).context["page"].object_list
    assert {member.pk for member in listed} == {member.pk for member in members["putian"]}
    listed = client.get(to_check.records_url).context["page"].object_list
    assert {member.pk for member in listed} == {member.pk for member in members["fuzhou_1"]}


def test_a_count_below_a_counted_organization_is_flagged(staff, tree, members, survey_round):
    count(survey_round, tree["fuzhou"], members=4)
    count(survey_round, tree["fuzhou_1"], members=2)
    rows = {row.organization.name: row for row in selectors.reconciliation(staff, survey_round).rows}
    assert rows["福州商会党总支"].below_counted_separately
    assert rows["福州商会党总支"].lines[0].on_record == 2  # fuzhou_2 only: fuzhou_1 answers for itself
    assert not rows["福州商会第一党支部"].below_counted_separately


def test_a_secretary_reconciles_their_subtree_only(client_for, secretary_a, tree, members, survey_round):
    count(survey_round, tree["fuzhou_2"], members=3)
    count(survey_round, tree["putian"], members=9)
    result = client_for(secretary_a).get(reverse("registry:survey_detail", args=[survey_round.pk])).context["result"]
    assert [row.organization for row in result.rows] == [tree["fuzhou_2"]]
    assert result.total_by_key["members"].counted == 3
    assert result.uncounted["total"] == 2  # fuzhou_1's, in their scope and not counted


def test_the_page_makes_a_bounded_number_of_queries(
    client_for, staff, tree, survey_round, django_assert_max_num_queries
):
    organizations = [factories.make_organization(parent=tree["fuzhou"]) for _ in range(12)]
    for organization in organizations:
        for _ in range(3):
            factories.make_member(organization)
        count(survey_round, organization, members=4, registered_mobile=2)
    client = client_for(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("registry:survey_detail", args=[survey_round.pk]))
    assert len(response.context["result"].rows) == 12 and len(response.context["result"].gaps) == 24
    with django_assert_max_num_queries(12):
        assert client.get(reverse("registry:survey_export", args=[survey_round.pk])).status_code == 200


def test_the_export_holds_the_table_and_the_work_list(client_for, staff, tree, members, survey_round):
    import io

    from openpyxl import load_workbook

    count(survey_round, tree["putian"], members=5, registered_mobile=5)
    response = client_for(staff).get(reverse("registry:survey_export", args=[survey_round.pk]))
    workbook = load_workbook(io.BytesIO(response.content))
    table, worklist = workbook.worksheets
    rows = list(table.iter_rows(values_only=True))
    assert rows[1][:4] == ("莆田商会党支部", 5, 2, 3)
    assert rows[-1][1:4] == (5, 2, 3)  # the totals line
    assert len(list(worklist.iter_rows(values_only=True))) == 1 + 2
