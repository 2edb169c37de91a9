"""Several roles per person and roles bound to a committee (issue 27 §1, §2): the role in force is
chosen in the navigation and kept for the session; staff and reviewers bound to an organization see
its subtree only, the committee office's pages included; staff bound to none see everything."""

from django.urls import reverse

from branches import access
from branches.models import RoleAssignment
from branches.services import role_assign

CHOOSE = reverse("branches:role_choose")


def test_a_secretary_who_is_also_staff_switches_between_the_two(client_for, secretary_a, tree, members):
    staff_role = role_assign(user=secretary_a, role="staff", organization=tree["committee"], actor=None, add=True)
    client = client_for(secretary_a)
    home = client.get(reverse("home")).content.decode()
    assert 'class="inline role-switch"' in home and f'value="{staff_role.pk}"' in home
    roster = client.get(reverse("registry:member_list")).content.decode()
    assert members["fuzhou_1"][0].name in roster and members["putian"][0].name not in roster  # the secretary's
    assert client.get(reverse("branches:role_list")).status_code == 403

    answer = client.post(CHOOSE, {"assignment": staff_role.pk})
    assert answer.status_code == 302 and answer["Location"] == reverse("home")
    roster = client.get(reverse("registry:member_list")).content.decode()
    assert members["putian"][0].name in roster  # the committee's staff: every branch of it
    assert client.get(reverse("branches:role_list")).status_code == 200

    secretary_role = RoleAssignment.objects.get(user=secretary_a, role="secretary")
    client.post(CHOOSE, {"assignment": secretary_role.pk})
    assert members["putian"][0].name not in client.get(reverse("registry:member_list")).content.decode()


def test_a_role_that_is_not_ones_own_cannot_be_chosen(client_for, secretary_a, staff):
    others = RoleAssignment.objects.get(user=staff)
    client = client_for(secretary_a)
    for value in (others.pk, "x", ""):
        assert client.post(CHOOSE, {"assignment": value}).status_code == 404
    assert client.get(CHOOSE).status_code == 405
    assert access.role_of(secretary_a) == "secretary"
    assert 'class="inline role-switch"' not in client.get(reverse("home")).content.decode()  # one role: no switcher


def test_a_reviewer_with_a_second_role_may_switch_too(client_for, reviewer, tree):
    """A reviewer writes nothing (branches/readonly.py), but choosing their role in force is theirs."""
    second = role_assign(user=reviewer, role="secretary", organization=tree["putian"], actor=None, add=True)
    assert client_for(reviewer).post(CHOOSE, {"assignment": second.pk}).status_code == 302


def test_staff_of_a_committee_see_and_manage_the_logins_of_their_committee_only(client_for, tree, secretary_a, staff):
    from branches.services import role_grant

    bound, _ = role_grant(username="fuzhou_staff", role="staff", organization=tree["fuzhou"])
    client = client_for(bound)
    page = client.get(reverse("branches:role_list")).content.decode()
    assert "secretary_a" in page and ">staff<" not in page  # the unbound staff's login is not theirs
    assert client.get(reverse("branches:user_detail", args=[staff.pk])).status_code == 404
    form = client.get(reverse("branches:user_create")).content.decode()
    assert tree["fuzhou_1"].name in form and tree["putian"].name not in form
    refused = client.post(
        reverse("branches:user_create"),
        {
            "name": "王",
            "username": "wang",
            "role": "staff",
            "organization": "",
            "password": "Fujian-Shanghui-2026",
            "password_again": "Fujian-Shanghui-2026",
        },
    )
    assert refused.status_code == 200 and not RoleAssignment.objects.filter(user__username="wang").exists()


def test_the_assessment_scheme_is_the_committees_own(client_for, tree, staff):
    """Each committee keeps its own scheme (issue 27 §1): staff bound to one change its weights and
    close its year, and the deployment's stays as it was (tests/registry/assessment/test_committees.py)."""
    from branches import clock
    from branches.services import role_grant
    from registry.models import AssessmentScheme

    bound, _ = role_grant(username="fuzhou_staff", role="staff", organization=tree["fuzhou"])
    year = clock.today().year
    scheme = reverse("registry:assessment_scheme", args=[year])
    assert client_for(bound).get(reverse("registry:assessment_year", args=[year])).status_code == 200
    assert client_for(bound).get(scheme).status_code == 200
    assert client_for(bound).post(reverse("registry:assessment_close", args=[year])).status_code == 302
    assert AssessmentScheme.objects.get(year=year, committee=tree["fuzhou"]).closed
    assert not AssessmentScheme.objects.filter(year=year, committee=None).exists()
    assert client_for(staff).get(scheme).status_code == 200


def test_a_committees_office_changes_the_role_it_gave_not_the_persons_role_elsewhere(client_for, tree, secretary_b):
    """A person who is secretary in one committee and staff of another: each office sees and changes
    its own role of theirs only."""
    from branches.services import role_grant

    fuzhou_office, _ = role_grant(username="fuzhou_staff", role="staff", organization=tree["fuzhou"])
    given = role_assign(user=secretary_b, role="reviewer", organization=tree["fuzhou"], actor=None, add=True)
    client = client_for(fuzhou_office)
    page = client.get(reverse("branches:user_detail", args=[secretary_b.pk])).content.decode()
    assert tree["putian"].name not in page
    answer = client.post(
        reverse("branches:user_update", args=[secretary_b.pk]),
        {"name": "林", "role": "secretary", "organization": tree["fuzhou_1"].pk},
    )
    assert answer.status_code == 302
    held = {(each.role, each.organization) for each in RoleAssignment.objects.filter(user=secretary_b)}
    assert held == {("secretary", tree["putian"]), ("secretary", tree["fuzhou_1"])}
    assert not RoleAssignment.objects.filter(pk=given.pk, role="reviewer").exists()
