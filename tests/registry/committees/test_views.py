"""The committee pages: the organization's section, the lists (each home-page figure links to exactly
its organizations; filter, sort, bounded queries at two sizes; exports logged and masked for reviewers),
recording an election from the browser's form (a second vote with too few present refused with its
reason, nothing written), posts and postponements; scope — a secretary sees and changes their subtree
only, a reviewer reads and may change nothing."""

import datetime

import pytest
from django.urls import reverse

from registry.committees import selectors
from registry.models import CommitteeMembership, Election, ExportLog
from tests import factories
from tests.config.test_lists import count_links, rows_listed
from tests.registry.committees.helpers import election, voters
from tests.registry.exports.test_exports import rows as workbook_rows

LIST = reverse("registry:committee_list")


def election_post(people, **extra):
    data = {
        "number": 1,
        "held_on": "2025-05-10",
        "term_years": 3,
        "voters_expected": len(people),
        "voters_present": len(people),
        "seats": 3,
        "secretary": people[0].pk,
        "deputy": people[1].pk,
        "secretary_pool": "retired_cadre",
    }
    for row, member in enumerate(people, start=1):
        data[f"candidate_{row}"] = member.pk
        data[f"votes_{row}"] = len(people) if row <= 3 else 0
    data.update(extra)
    return data


@pytest.fixture
def committees(tree):
    """fuzhou_1 with a committee whose term is over, putian with 7 full members held here and none."""
    people = voters(tree["fuzhou_1"], 4)
    election(tree["fuzhou_1"], people, held_on=datetime.date(2023, 5, 1))
    voters(tree["putian"], 7)
    return people


def test_a_secretary_records_an_election_and_a_second_with_too_few_present_is_refused(client_for, secretary_a, tree):
    branch = tree["fuzhou_1"]
    people = voters(branch, 4)
    client = client_for(secretary_a)
    url = reverse("registry:election_record", args=[branch.pk])
    form = client.get(url).context["form"]
    assert form.initial["voters_expected"] == 4 and form.initial["number"] == 1 and form.initial["term_years"] == 3
    response = client.post(url, election_post(people))
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:organization_detail", args=[branch.pk]
    )
    page = client.get(response["Location"]).content.decode()
    assert 'data-secretary-source="committee"' in page and people[0].name in page and "2028-05-10" in page
    refused = client.post(url, election_post(people, number=2, held_on="2026-05-10", voters_present=2))
    assert refused.status_code == 200 and refused.context["form"].has_error("voters_present", "too_few_present")
    assert "超过半数" in refused.content.decode()
    assert Election.objects.count() == 1


def test_writes_are_scoped(client_for, secretary_b, reviewer, tree, committees):
    branch = tree["fuzhou_1"]
    post = CommitteeMembership.objects.filter(organization=branch).first()
    recorded = Election.objects.get()
    urls = [
        reverse("registry:election_record", args=[branch.pk]),
        reverse("registry:committee_post_add", args=[branch.pk]),
        reverse("registry:committee_post_end", args=[post.pk]),
        reverse("registry:election_postpone", args=[recorded.pk]),
    ]
    for url in urls:
        assert client_for(secretary_b).get(url).status_code == 404, url
        assert client_for(reviewer).get(url).status_code == 403, url
    assert client_for(reviewer).post(reverse("registry:election_approval", args=[recorded.pk])).status_code == 403
    assert client_for(secretary_b).get(reverse("registry:election_detail", args=[recorded.pk])).status_code == 404
    listed = client_for(secretary_b).get(LIST).context["page"].object_list
    assert [row.organization for row in listed] == [tree["putian"]]


def test_the_home_figures_link_to_exactly_their_organizations(client_for, staff, tree, committees):
    client = client_for(staff)
    body = client.get(reverse("home")).content.decode()
    links = [(url, shown) for url, shown in count_links(body) if url.startswith(LIST)]
    assert {url.split("state=")[1]: shown for url, shown in links} == {
        "with_committee": 1,
        "should_have_committee": 2,  # putian (7), and the committee (11 in its subtree) has none recorded
        "terms_ending_6_months": 0,
        "terms_over": 1,
        "postponed": 0,
    }
    for url, shown in links:
        assert rows_listed(client, url) == shown, url
    advice = client.get(reverse("registry:coverage")).context["figures"]()["advice"]
    named = {rule.value: [item.subject for item in items] for rule, items in advice}
    assert named["committee_needed"] == [tree["committee"], tree["putian"]] and named["term_over"] == [tree["fuzhou_1"]]


def test_a_joint_branch_over_five_units_is_advised_to_split(client_for, staff, tree):
    joint = factories.make_organization("联合党支部", level="joint_branch", parent=tree["committee"])
    joint.host_enterprises.set([factories.make_enterprise() for _ in range(6)])
    advice = dict(client_for(staff).get(reverse("registry:coverage")).context["figures"]()["advice"])
    assert [(item.subject, item.figures) for item in advice["joint_branch_too_wide"]] == [(joint, {"units": 6})]


def test_the_organization_page_shows_its_committee_and_term(client_for, staff, reviewer, tree, committees):
    url = reverse("registry:organization_detail", args=[tree["fuzhou_1"].pk])
    body = client_for(staff).get(url).content.decode()
    assert 'id="committee"' in body and 'data-term-state="over"' in body
    assert reverse("registry:election_record", args=[tree["fuzhou_1"].pk]) in body
    as_reviewer = client_for(reviewer).get(url).content.decode()
    assert (
        'id="committee"' in as_reviewer
        and reverse("registry:election_record", args=[tree["fuzhou_1"].pk]) not in as_reviewer
    )
    phone = committees[0].phone
    assert phone in body and phone not in as_reviewer  # the committee's secretary's phone, masked for a reviewer


def test_posts_are_added_ended_and_terms_postponed(client_for, staff, tree, committees):
    client = client_for(staff)
    branch = tree["fuzhou_1"]
    newcomer = voters(branch, 1)[0]
    response = client.post(
        reverse("registry:committee_post_add", args=[branch.pk]),
        {"member": newcomer.pk, "post": "other:青年委员", "started_on": "2026-01-05"},
    )
    assert response.status_code == 302
    post = CommitteeMembership.objects.get(member=newcomer)
    assert post.post_label == "青年委员"
    refused = client.post(reverse("registry:committee_post_end", args=[post.pk]), {"ended_on": "2025-01-01"})
    assert refused.context["form"].has_error("ended_on", "out_of_order")
    assert (
        client.post(reverse("registry:committee_post_end", args=[post.pk]), {"ended_on": "2026-06-01"}).status_code
        == 302
    )
    recorded = Election.objects.get()
    url = reverse("registry:election_postpone", args=[recorded.pk])
    too_long = client.post(url, {"until": "2027-05-02", "approved_by": "党委", "approved_on": "2026-04-20"})
    assert too_long.context["form"].has_error("until", "postponement_too_long")
    assert (
        client.post(url, {"until": "2027-05-01", "approved_by": "党委", "approved_on": "2026-04-20"}).status_code == 302
    )
    assert selectors.committee_figures(datetime.date(2026, 11, 18))["postponed"] == 1


def test_the_lists_filter_sort_and_export(client_for, staff, reviewer, tree, committees):
    client = client_for(staff)
    over = client.get(LIST, {"state": "terms_over"}).context["page"].object_list
    assert [row.organization for row in over] == [tree["fuzhou_1"]]
    assert client.get(LIST, {"state": "nonsense"}).context["filter"].form.errors
    by_held_here = client.get(LIST, {"sort": "-held_here"}).context["page"].object_list
    assert [row.organization for row in by_held_here[:2]] == [tree["committee"], tree["putian"]]
    posts = client.get(reverse("registry:committee_post_list"), {"sort": "name"}).context["page"].object_list
    assert len(posts) == 3
    table = workbook_rows(client_for(reviewer).get(reverse("registry:committee_post_export")))
    assert table[0] == ["党组织", "姓名", "公民身份号码", "职务", "任职时间", "离任时间", "书记来源"]
    assert all("*" in row[2] for row in table[1:])  # masked for a reviewer
    assert client.get(reverse("registry:committee_export"), {"state": "terms_over"}).status_code == 200
    assert client.get(reverse("registry:election_export")).status_code == 200
    assert set(ExportLog.objects.values_list("kind", flat=True)) == {"committee_members", "committees", "elections"}


@pytest.mark.parametrize("how_many", [3, 24])
def test_the_pages_keep_their_queries(client_for, staff, tree, how_many, django_assert_max_num_queries):
    for index in range(how_many):
        branch = factories.make_organization(f"支部{index}", parent=tree["fuzhou"])
        election(branch, voters(branch, 4), held_on=datetime.date(2020 + index % 6, 3, 1))
    client = client_for(staff)
    pages = [
        LIST,
        reverse("registry:committee_post_list"),
        reverse("registry:election_list"),
        reverse("registry:committee_export"),
        reverse("registry:committee_post_export"),
        reverse("registry:election_export"),
        reverse("registry:organization_detail", args=[branch.pk]),
        reverse("registry:election_detail", args=[Election.objects.first().pk]),
    ]
    for url in pages:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url


def test_the_election_form_reads_its_members_once(client_for, staff, tree, django_assert_max_num_queries):
    """The secretary's, the deputy's and the ten candidates' selects offer the same members, read once."""
    people = voters(tree["fuzhou_1"], 4)
    client, url = client_for(staff), reverse("registry:election_record", args=[tree["fuzhou_1"].pk])
    client.get(url)  # logged in
    with django_assert_max_num_queries(10):
        body = client.get(url).content.decode()
    assert body.count(f'<option value="{people[0].pk}">') == 12


def test_the_figures_count_what_the_list_shows(client_for, staff, tree, committees):
    """The home card's one query and the list's rows agree, a postponement included."""
    branch = factories.make_organization("延期支部", parent=tree["fuzhou"])
    postponed = election(branch, voters(branch, 4), held_on=datetime.date(2023, 6, 1))
    client_for(staff).post(
        reverse("registry:election_postpone", args=[postponed.pk]),
        {"until": "2027-03-01", "approved_by": "党委", "approved_on": "2026-05-20"},
    )
    day = datetime.date(2026, 11, 18)
    rows = selectors.committee_rows(list(tree["committee"].__class__.objects.order_by("path")), day)
    from_rows = {key: sum(1 for row in rows if key in row.flags) for key in selectors.FIGURE_KEYS}
    assert selectors.committee_figures(day) == from_rows
    assert from_rows["postponed"] == 1 and from_rows["terms_over"] == 1
