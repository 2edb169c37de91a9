"""Organization tree, chamber and enterprise pages: scope, counts, bounded queries."""

import pytest
from django.urls import reverse

from branches import pinyin
from branches.models import Enterprise, Organization
from tests import factories


def test_tree_with_subtree_counts(client_for, staff, tree, members):
    response = client_for(staff).get(reverse("registry:organization_list"))
    assert response.status_code == 200
    by_name = {o.name: o for o in response.context["page"].object_list}
    assert by_name["福建商会党委"].subtree["total"] == 8
    assert by_name["福建商会党委"].own["total"] == 2
    assert by_name["福州商会党总支"].subtree["total"] == 4
    assert by_name["福州商会第一党支部"].indent == 2


def test_each_row_of_the_tree_links_to_its_organization_and_members_with_the_name_escaped(
    client_for, staff, tree, members
):
    """The rows are written by a tag (registry_tags.organization_rows), not the template engine: the
    same cells, every value escaped."""
    branch = tree["fuzhou_1"]
    Organization.objects.filter(pk=branch.pk).update(name="<b>福州</b>第一支部 & 甲")
    page = client_for(staff).get(reverse("registry:organization_list") + "?sort=own").content.decode()
    assert "<b>福州</b>" not in page
    assert "&lt;b&gt;福州&lt;/b&gt;第一支部 &amp; 甲</a>" in page
    detail = reverse("registry:organization_detail", args=[branch.pk])
    assert f'href="{detail}?back=/organizations/%3Fsort%3Down">' in page
    members_url = reverse("registry:member_list")
    start = page.index(f'href="{detail}')
    row = page[page.rindex("<tr>", 0, start) :].split("</tr>")[0]
    assert f'<a href="{members_url}?organization={branch.pk}&amp;below=exclude">2</a>' in row
    assert f'<a href="{members_url}?organization={branch.pk}">2</a>' in row
    assert '">党支部</td>' in row  # the level in words
    assert '--indent: 0"' in row  # sorted by a column: a flat list


def test_secretary_tree_is_their_subtree_only(client_for, secretary_a, tree, members):
    response = client_for(secretary_a).get(reverse("registry:organization_list"))
    names = [o.name for o in response.context["page"].object_list]
    assert names[0] == "福州商会党总支"
    assert set(names) == {"福州商会党总支", "福州商会第一党支部", "福州商会第二党支部"}
    assert response.context["page"].object_list[0].indent == 0
    body = response.content.decode()
    assert "莆田商会党支部" not in body


@pytest.mark.parametrize(
    "user_fixture, key, status",
    [
        ("secretary_a", "fuzhou_2", 200),
        ("secretary_a", "putian", 404),
        ("secretary_a", "committee", 404),
        ("secretary_b", "putian", 200),
        ("reviewer", "fuzhou", 200),
        ("staff", "committee", 200),
    ],
)
def test_organization_detail_scope(request, client_for, tree, user_fixture, key, status):
    user = request.getfixturevalue(user_fixture)
    assert client_for(user).get(reverse("registry:organization_detail", args=[tree[key].pk])).status_code == status


def test_organization_detail_figures_are_scoped(client_for, staff, tree, members):
    response = client_for(staff).get(reverse("registry:organization_detail", args=[tree["fuzhou"].pk]))
    assert response.context["figures"]["total"] == 4


def test_chamber_detail_counts_only_visible_members(client_for, secretary_b, tree, members):
    response = client_for(secretary_b).get(reverse("registry:chamber_detail", args=[tree["fuzhou_chamber"].pk]))
    assert response.status_code == 200
    assert response.context["organizations"] == []  # 福州's organizations are not secretary_b's
    assert "福州商会第一党支部" not in response.content.decode()


def test_enterprise_detail_lists_only_visible_members(client_for, secretary_b, tree):
    enterprise = factories.make_enterprise("福州某公司")
    mine = factories.make_member(tree["putian"], enterprise=enterprise, name="莆田人")
    theirs = factories.make_member(tree["fuzhou_1"], enterprise=enterprise, name="福州人")
    response = client_for(secretary_b).get(reverse("registry:enterprise_detail", args=[enterprise.pk]))
    body = response.content.decode()
    assert mine.name in body and theirs.name not in body
    assert response.context["member_count"] == 1


def test_chamber_list_shows_coverage(client_for, staff, tree):
    factories.make_chamber("空白行业商会", kind="industry")
    response = client_for(staff).get(reverse("registry:chamber_list"))
    covered = {c.name: c.covered for c in response.context["chambers"]}
    assert covered["福州商会"] is True and covered["空白行业商会"] is False


def test_anonymous_redirected_everywhere(client, tree):
    for name in ("organization_list", "chamber_list", "enterprise_list"):
        assert client.get(reverse(f"registry:{name}")).status_code == 302


def test_queries_are_bounded(client_for, staff, tree, django_assert_max_num_queries):
    for _ in range(60):
        organization = factories.make_organization(parent=tree["fuzhou"], chamber=tree["fuzhou_chamber"])
        enterprise = factories.make_enterprise(chamber=tree["fuzhou_chamber"])
        organization.host_enterprises.add(enterprise)
        factories.make_member(organization, enterprise=enterprise)
    client = client_for(staff)
    for url in (
        reverse("registry:organization_list"),
        reverse("registry:chamber_list"),
        reverse("registry:enterprise_list"),
        reverse("registry:chamber_detail", args=[tree["fuzhou_chamber"].pk]),
        reverse("registry:organization_detail", args=[tree["fuzhou"].pk]),
    ):  # the home page, with the outreach sections, has its own bound (tests/test_dashboard.py)
        with django_assert_max_num_queries(15):
            assert client.get(url).status_code == 200
    assert Organization.objects.count() == 65


def test_the_enterprise_list_is_paged_like_the_roster(client_for, staff, tree):
    """Thousands of member enterprises are one page of 50 at a time, with the count of them all."""
    for index in range(55):
        factories.make_enterprise(name=f"分页企业{index:02d}")
    client = client_for(staff)
    total = Enterprise.objects.count()
    first = client.get(reverse("registry:enterprise_list"), {"sort": "name"})
    assert first.context["page"].paginator.count == total > 50
    assert len(first.context["page"].object_list) == 50 and 'class="pagination"' in first.content.decode()
    last = client.get(reverse("registry:enterprise_list"), {"sort": "name", "page": 2})
    names = [e.name for e in first.context["page"].object_list] + [e.name for e in last.context["page"].object_list]
    assert len(names) == total and set(names) == set(Enterprise.objects.values_list("name", flat=True))


def test_the_lists_say_their_filters_in_words(client_for, staff, tree):
    client = client_for(staff)
    body = client.get(
        reverse("registry:organization_list"), {"level": "branches_in_all", "hosted": "1"}
    ).content.decode()
    assert "组织类别：党支部（合计）" in body and "依托会员企业建立：是" in body
    assert "branches_in_all" not in body.split('class="applied"')[1].split("</p>")[0]
    body = client.get(reverse("registry:enterprise_list"), {"coverage": "joint", "covered": "1"}).content.decode()
    assert "组织覆盖：通过联合党支部覆盖" in body and "党组织覆盖：是" in body
    assert "coverage=joint" not in body.split('class="applied"')[1].split("</p>")[0]


def test_own_members_link_lists_the_organizations_own_members_only(client_for, staff, tree):
    factories.make_member(tree["fuzhou_1"])
    client = client_for(staff)
    body = client.get(reverse("registry:organization_list")).content.decode()
    own = f'?organization={tree["fuzhou"].pk}&amp;below=exclude">0</a>'
    assert own in body  # a general branch has no members of its own
    response = client.get(reverse("registry:member_list"), {"organization": tree["fuzhou"].pk, "below": "exclude"})
    assert response.context["page"].paginator.count == 0
    response = client.get(reverse("registry:member_list"), {"organization": tree["fuzhou"].pk})
    assert response.context["page"].paginator.count == 1


def test_the_organization_list_sorts_by_a_column(client_for, staff, tree):
    client = client_for(staff)
    names = [
        o.name for o in client.get(reverse("registry:organization_list"), {"sort": "-name"}).context["page"].object_list
    ]
    # In pinyin order (branches/pinyin.py): 莆田 (pu) after 福州 (fu), whatever the characters' codes.
    assert names == sorted(names, key=lambda name: pinyin.name_keys(name)["name_sort"], reverse=True)
    assert names != sorted(names, reverse=True)
