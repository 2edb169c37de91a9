"""Two committees in one deployment (issue 27 §1, §2): the demo's committee (A) and a second one (B)
planted beside it, each with staff and a reviewer bound to it (`grant_role … --organization`).

- Staff of A crawl every route (tests/crawling.py: pages, workbooks, PDFs), the reviewer of A every
  route that names no record, and meet nothing of B: no name of its organizations or members, no ID
  number or phone of its members.
- Staff of B crawl every route and meet no name of A's members or organizations; every route that
  names a record (`<pk>`), filled with one of A's (or, for what belongs to no organization, one B's
  staff did not make), answers 403 or 404 on GET and on POST — URL guessing.

The routes come from the URLconf, so a page added later is swept without anyone remembering to."""

import pytest
from django.urls import reverse

from branches import access
from branches.models import Chamber, Enterprise, Organization
from branches.services import role_grant
from outreach.committee import committee_of_record
from registry.models import Member
from tests import crawling, factories
from tests.test_personal_data import shorten_the_half_year_crawled, text_of
from tests.test_scope import guessed, organization_path

B_NAMES = ("乙区商会党委", "乙区商会第一党支部", "乙区商会第二党支部")
# First in pinyin order (阿, ā): on the first page of every list of members, where a leak would show.
B_MEMBERS = ("阿乙甲", "阿乙乙", "阿乙丙", "阿乙丁")


def plant_committee_b() -> tuple[Organization, list[Member]]:
    """Committee B at the top of a tree of its own, two branches and four members with their dues —
    a branch in the first of the shared chambers, a member working at the first shared enterprise
    (the pages the crawl opens for them), where A's records are too."""
    chamber, enterprise = Chamber.objects.order_by("pk").first(), Enterprise.objects.order_by("pk").first()
    committee = factories.make_organization(B_NAMES[0], level=Organization.Level.COMMITTEE)
    first = factories.make_organization(B_NAMES[1], parent=committee, chamber=chamber)
    second = factories.make_organization(B_NAMES[2], parent=committee)
    members = [
        factories.make_member(organization, name=name, origin_organization="中共乙县委员会", enterprise=enterprise)
        for organization, name in zip((first, first, second, second), B_MEMBERS, strict=True)
    ]
    return committee, members


@pytest.fixture
def two_committees(demo_db, django_user_model, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    demo_staff = django_user_model.objects.get(username="staff")
    crawling.plant_import_run(demo_staff)
    crawling.plant_export_job(demo_staff)
    crawling.plant_checkin(demo_staff)
    shorten_the_half_year_crawled()
    committee_a = committee_of_record()
    committee_b, members_b = plant_committee_b()
    users = {
        name: role_grant(username=name, role=role, organization=organization)[0]
        for name, role, organization in (
            ("staff_a", "staff", committee_a),
            ("reviewer_a", "reviewer", committee_a),
            ("staff_b", "staff", committee_b),
        )
    }
    # What would betray B on a page of A: its organizations' and members' names, ID numbers, phones.
    b_marks = set(B_NAMES) | set(B_MEMBERS)
    b_marks |= {value for member in members_b for value in (member.id_number, member.phone)}
    return {**users, "committee_a": committee_a, "committee_b": committee_b, "b_marks": b_marks}


def a_marks() -> set[str]:
    """What would betray A on a page of B: its members' and organizations' names that no shared record
    (a chamber, an enterprise: every committee reads them) happens to contain."""
    shared = " ".join(
        [*Chamber.objects.values_list("name", flat=True), *Enterprise.objects.values_list("name", flat=True)]
    )
    names = set(Member.objects.exclude(name__startswith="阿乙").values_list("name", flat=True))
    names |= set(Organization.objects.exclude(name__in=B_NAMES).values_list("name", flat=True))
    # The demo's committee is the example the help texts give for a commending body (zh-hans catalogue).
    names.discard(committee_of_record().name)
    return {name for name in names if len(name) >= 3 and name not in shared}


def sweep(client, route_urls, marks: set[str]) -> tuple[int, dict]:
    """GET each URL; (how many answered 200, {url: the marks found in what it answered})."""
    answered, found = 0, {}
    for _route, url in route_urls:
        response = client.get(url)
        if response.status_code != 200:
            continue
        answered += 1
        text = text_of(response)
        seen = sorted(mark for mark in marks if mark in text)
        if seen:
            found[url] = seen[:3]
    return answered, found


def reachable(pick=None):
    kwargs = {} if pick is None else {"pick": pick}
    return [(route, url) for route, url in crawling.all_urls(**kwargs) if not route.is_open and not route.heavy]


def test_staff_and_the_reviewer_of_one_committee_meet_nothing_of_the_other(two_committees, client):
    assert set(access.visible_organizations(two_committees["staff_a"])) == set(
        Organization.objects.filter(access.subtree_filter(two_committees["committee_a"]))
    )
    route_urls = reachable()
    # The reviewer's scope is the same question (access.scope_root) on fewer pages: the lists, figures,
    # exports and prints, where another committee's records would show, and not each record's page again.
    for who, urls, least in (
        ("staff_a", route_urls, 70),
        ("reviewer_a", [(route, url) for route, url in route_urls if not route.arguments], 40),
    ):
        client.force_login(two_committees[who])
        answered, found = sweep(client, urls, two_committees["b_marks"])
        assert answered > least, who  # the crawl reached the pages, the workbooks and the PDFs
        assert found == {}, who


def inside(user):
    """A chooser of the records `user` may reach (their committee's), for the routes that name one."""

    def pick(rows):
        path = organization_path(rows.model)
        if path is None:
            return rows.order_by("pk").first()
        scope = access.organization_scope(user, prefix="" if path == "pk" else f"{path}__")
        return rows.filter(scope).order_by("pk").first()

    return pick


def test_staff_of_the_other_committee_meet_no_name_of_it_and_reach_nothing_by_guessing(two_committees, client):
    staff_b = two_committees["staff_b"]
    client.force_login(staff_b)
    answered, found = sweep(client, reachable(inside(staff_b)), a_marks())
    assert answered > 50
    assert found == {}

    tried, reached = guessed(client, staff_b)
    assert tried > 50
    assert reached == []


def test_the_body_above_sees_both_and_the_sweep_would_see_a_leak(two_committees, client, django_user_model):
    """Staff bound to no organization (the body above) see both committees, as before issue 27: the
    same sweep finds B on their roster and its export, and A's names on the organizations' list."""
    client.force_login(django_user_model.objects.get(username="staff"))
    urls = [(None, reverse("registry:member_list")), (None, reverse("registry:member_export"))]
    _answered, found = sweep(client, urls, two_committees["b_marks"])
    assert set(found) == {url for _route, url in urls}
    _answered, found = sweep(client, [(None, reverse("registry:organization_list"))], a_marks())
    assert found
