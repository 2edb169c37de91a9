"""Formation advice: the rules of docs/domain.md#formation-advice applied to the records, each at its boundary."""

import pickle

import pytest
from django.urls import reverse

from branches.formation import Advice, Rule
from branches.models import Chamber, Organization
from registry.figures import dashboard
from registry.models import Member
from tests import factories


def advice(user) -> dict:
    return {
        rule.value: {item.subject.name: item.figures for item in items}
        for rule, items in dashboard.coverage_for(user)["advice"]
    }


def members_at(enterprise, organization, full: int, probationary: int = 0):
    for _ in range(full):
        factories.make_member(organization, enterprise=enterprise)
    for _ in range(probationary):
        factories.make_member(organization, enterprise=enterprise, status=Member.Status.PROBATIONARY, made_full=None)


@pytest.fixture
def enterprises(tree):
    chamber = tree["fuzhou_chamber"]
    return {
        name: factories.make_enterprise(name, chamber=chamber)
        for name in ("三人企业", "两人企业", "预备企业", "单建企业", "联建企业")
    }


def test_enterprise_rules_count_full_members_only(staff, tree, enterprises):
    office = tree["fuzhou_1"]
    members_at(enterprises["三人企业"], office, full=3)
    members_at(enterprises["两人企业"], office, full=2)
    members_at(enterprises["预备企业"], office, full=2, probationary=3)
    standalone = factories.make_organization(
        "单建企业党支部",
        parent=tree["fuzhou"],
        formation=Organization.Formation.STANDALONE,
        host_enterprises=[enterprises["单建企业"]],
    )
    members_at(enterprises["单建企业"], standalone, full=3)
    joint = factories.make_organization(
        "联合党支部",
        level=Organization.Level.JOINT_BRANCH,
        parent=tree["fuzhou"],
        formation=Organization.Formation.JOINT,
        host_enterprises=[enterprises["联建企业"]],
    )
    members_at(enterprises["联建企业"], joint, full=2)
    found = advice(staff)
    assert found[Rule.ENTERPRISE_STANDALONE] == {"三人企业": {"full_members": 3}}
    assert found[Rule.ENTERPRISE_JOINT] == {"两人企业": {"full_members": 2}, "预备企业": {"full_members": 2}}


def test_a_branch_over_50_members_with_its_party_groups(staff, tree):
    group = factories.make_organization("党小组", level=Organization.Level.PARTY_GROUP, parent=tree["fuzhou_1"])
    for _ in range(40):
        factories.make_member(tree["fuzhou_1"])
    for _ in range(10):
        factories.make_member(group)
    for _ in range(50):
        factories.make_member(tree["putian"])
    assert advice(staff)[Rule.BRANCH_TOO_LARGE] == {}  # 50 each: not over
    factories.make_member(group)
    for _ in range(20):  # a general branch may be larger
        factories.make_member(tree["fuzhou"])
    assert advice(staff)[Rule.BRANCH_TOO_LARGE] == {"福州商会第一党支部": {"members": 51}}


def test_a_chamber_without_any_organization_is_a_coverage_gap(staff, tree):
    factories.make_chamber("空白商会", kind=Chamber.Kind.INDUSTRY, parent=tree["general_chamber"])
    hosted = factories.make_chamber("企业有支部的商会", kind=Chamber.Kind.INDUSTRY, parent=tree["general_chamber"])
    enterprise = factories.make_enterprise(chamber=hosted)
    factories.make_organization(
        parent=tree["committee"], host_enterprises=[enterprise], formation=Organization.Formation.STANDALONE
    )
    factories.make_chamber("没有党组织的总商会", kind=Chamber.Kind.GENERAL)  # general chambers are not counted
    assert set(advice(staff)[Rule.CHAMBER_UNCOVERED]) == {"空白商会"}


def test_a_chamber_whose_enterprises_host_three_branches_may_set_up_a_general_branch(staff, tree):
    chamber = factories.make_chamber("三支部商会", kind=Chamber.Kind.CITY, parent=tree["general_chamber"])
    for index in range(3):
        enterprise = factories.make_enterprise(chamber=chamber)
        factories.make_organization(
            f"企业支部{index}",
            parent=tree["committee"],
            host_enterprises=[enterprise],
            formation=Organization.Formation.STANDALONE,
        )
        if index == 1:
            assert advice(staff)[Rule.CHAMBER_GENERAL_BRANCH] == {}  # two are not many
    assert advice(staff)[Rule.CHAMBER_GENERAL_BRANCH] == {"三支部商会": {"enterprise_branches": 3}}
    factories.make_organization(
        "三支部商会党总支", level=Organization.Level.GENERAL_BRANCH, parent=tree["committee"], chamber=chamber
    )
    assert advice(staff)[Rule.CHAMBER_GENERAL_BRANCH] == {}


def test_the_advice_makes_a_bounded_number_of_queries(staff, tree, django_assert_max_num_queries):
    for _ in range(15):
        enterprise = factories.make_enterprise(chamber=tree["fuzhou_chamber"])
        factories.make_member(tree["fuzhou_1"], enterprise=enterprise)
        factories.make_chamber(kind=Chamber.Kind.INDUSTRY)
    with django_assert_max_num_queries(17):  # the same whatever the number of records (+2: the committee rules)
        found = advice(staff)
    assert len(found[Rule.ENTERPRISE_JOINT]) == 15 and len(found[Rule.CHAMBER_UNCOVERED]) == 15


def test_each_piece_of_advice_links_to_its_subjects_page(client_for, staff, tree, enterprises):
    """The coverage page links each piece of advice to its enterprise's, organization's or chamber's
    page (each kind's URL reversed once, registry/figures/dashboard.py _with_urls)."""
    members_at(enterprises["三人企业"], tree["fuzhou_1"], full=3)
    factories.make_chamber("空白商会", kind=Chamber.Kind.INDUSTRY, parent=tree["general_chamber"])
    html = client_for(staff).get(reverse("registry:coverage")).content.decode()
    kinds = set()
    for _rule, items in dashboard.coverage_for(staff)["advice"]:
        for item in items:
            page = {"enterprise": "enterprise_detail", "organization": "organization_detail"}.get(
                item.kind, "chamber_detail"
            )
            assert f'<li><a href="{reverse(f"registry:{page}", args=[item.subject.pk])}">' in html, item
            kinds.add(item.kind)
    assert {"enterprise", "chamber"} <= kinds


def test_remembered_advice_keeps_its_subjects_id_and_name_and_reads_the_rest_when_asked(
    tree, django_assert_num_queries
):
    """Pickled (a remembered coverage), a piece of advice keeps the subject's kind, id and name and its
    page's URL; any other field of the subject is read from the database, never a blank in its place."""
    enterprise = factories.make_enterprise(name="建议企业", industry="餐饮")
    item = Advice(Rule.ENTERPRISE_JOINT, enterprise, "理由", {"full_members": 1})
    item.url = "/enterprises/1/"
    again = pickle.loads(pickle.dumps(item))
    with django_assert_num_queries(0):
        assert (again.rule, again.reason, again.figures, again.url) == (
            item.rule,
            "理由",
            {"full_members": 1},
            item.url,
        )
        assert (type(again.subject), again.subject.pk, again.subject.name, again.kind) == (
            type(enterprise),
            enterprise.pk,
            "建议企业",
            "enterprise",
        )
    with django_assert_num_queries(1):
        assert again.subject.industry == "餐饮"
    assert len(pickle.dumps(item)) < len(pickle.dumps(enterprise))
