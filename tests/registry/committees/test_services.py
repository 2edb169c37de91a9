"""Recording elections, posts and postponements (registry/committees/services.py): the committee and
its term follow the latest election; what the rules refuse is refused whole, with its code."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from branches import clock
from registry.committees import selectors, services
from registry.models import CommitteeMembership, Discipline, Election, Member
from tests import factories
from tests.registry.committees.helpers import HELD_HERE, election, voters
from tests.registry.orglife.compliance.helpers import month_start

Post = CommitteeMembership.Post


def codes(error: ValidationError) -> set[str]:
    return {e.code for errors in error.error_dict.values() for e in errors}


def test_an_election_seats_the_committee_and_opens_the_term(tree, staff):
    branch = tree["fuzhou_1"]
    people = voters(branch, 4)
    recorded = election(branch, people, deputy=people[1], secretary_pool="entrepreneur")
    assert recorded.ends_on == datetime.date(2028, 5, 10)
    posts = {post.member_id: post.post for post in selectors.committee_posts_on(branch)}
    assert posts == {people[0].pk: Post.SECRETARY, people[1].pk: Post.DEPUTY_SECRETARY, people[2].pk: Post.MEMBER}
    assert [c.elected for c in recorded.candidates.order_by("-votes")] == [True, True, True, False]
    shown = selectors.secretary_of(branch)
    assert shown.from_committee and shown.name == people[0].name and shown.phone == people[0].phone
    assert list(selectors.committee_members_on(branch, datetime.date(2025, 5, 10))) == sorted(
        people[:3], key=lambda member: (member.name, member.pk)
    )
    assert not selectors.committee_members_on(branch, datetime.date(2025, 5, 9)).exists()


def test_a_later_election_replaces_the_committee(tree):
    branch = tree["fuzhou_1"]
    people = voters(branch, 8)
    election(branch, people[:4], held_on=datetime.date(2022, 4, 1))
    second = election(branch, people[4:], held_on=datetime.date(2025, 4, 1), number=2)
    old = CommitteeMembership.objects.filter(organization=branch, election__number=1)
    assert set(old.values_list("ended_on", flat=True)) == {datetime.date(2025, 4, 1)}
    assert {post.member_id for post in selectors.committee_posts_on(branch)} == {p.pk for p in people[4:7]}
    assert selectors.current_elections([branch.pk], clock.today())[branch.pk] == second


def test_the_typed_secretary_is_the_fallback(tree):
    branch = tree["fuzhou_2"]
    branch.secretary_name, branch.secretary_phone = "王书记", "13900001111"
    shown = selectors.secretary_of(branch)
    assert (shown.name, shown.phone, shown.from_committee) == ("王书记", "13900001111", False)


def test_a_vote_with_too_few_present_is_refused_and_nothing_written(tree):
    branch = tree["fuzhou_1"]
    people = voters(branch, 4)
    with pytest.raises(ValidationError) as refused:
        election(branch, people, voters_expected=10, voters_present=5)
    assert "too_few_present" in codes(refused.value)
    assert "超过半数" in str(refused.value)
    assert not Election.objects.exists() and not CommitteeMembership.objects.exists()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"seats": 3, "people": 3}, "too_few_candidates"),  # 差额: 3 seats need 4 candidates
        ({"probationary": True}, "not_full_member"),
        ({"elsewhere": True}, "not_in_organization"),
        ({"probation": True}, "under_probation_of_rights"),
        ({"future": True}, "future"),
    ],
)
def test_an_election_refuses_what_the_rules_refuse(tree, change, code):
    branch = tree["fuzhou_1"]
    people = voters(branch, change.get("people", 4))
    if change.get("probationary"):
        Member.objects.filter(pk=people[3].pk).update(status=Member.Status.PROBATIONARY, made_full=None)
        people[3].refresh_from_db()
    if change.get("elsewhere"):
        people[3] = factories.make_member(tree["putian"], **HELD_HERE)
    if change.get("probation"):
        Discipline.objects.create(
            member=people[3],
            kind=Discipline.Kind.PROBATION,
            date=datetime.date(2025, 1, 1),
            deciding_organization="区纪委",
            term_years=1,
        )
    held_on = clock.today() + datetime.timedelta(days=1) if change.get("future") else datetime.date(2025, 5, 10)
    with pytest.raises(ValidationError) as refused:
        election(branch, people, held_on=held_on)
    assert code in codes(refused.value)


def test_the_secretary_is_chosen_among_those_elected(tree):
    branch = tree["fuzhou_1"]
    people = voters(branch, 4)
    with pytest.raises(ValidationError) as refused:
        election(branch, people, deputy=people[3])  # 0 votes: not elected
    assert codes(refused.value) == {"not_elected"}


def test_a_party_group_elects_no_committee(tree):
    group = factories.make_organization("小组", level="party_group", parent=tree["fuzhou_1"])
    people = voters(tree["fuzhou_1"], 1)
    with pytest.raises(ValidationError) as refused:
        election(group, people, seats=1)
    assert "organization_cannot_elect" in codes(refused.value)


def test_one_secretary_at_a_time_and_a_post_ends(tree, staff):
    branch = tree["putian"]
    first, second = voters(branch, 2)
    post = services.post_create(
        organization=branch,
        data=services.PostData(member=first, post=Post.SECRETARY, started_on=datetime.date(2024, 1, 1)),
        actor=staff,
    )
    data = services.PostData(member=second, post=Post.SECRETARY, started_on=datetime.date(2025, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.post_create(organization=branch, data=data, actor=staff)
    assert codes(refused.value) == {"two_secretaries"}
    services.post_end(post=post, ended_on=datetime.date(2025, 1, 1), actor=staff)
    services.post_create(organization=branch, data=data, actor=staff)
    assert selectors.secretary_of(branch).name == second.name
    assert post.history.first().history_user == staff


def test_a_postponement_moves_the_end_by_at_most_a_year(tree, staff):
    # A three-year term ended on the first day of the month five months back (on 18 November 2026: held
    # 1 June 2023, ended 1 June 2026), postponed ahead of its end: at most to the same day a year later.
    branch = tree["fuzhou_1"]
    ended = month_start(clock.today(), -5)
    recorded = election(branch, voters(branch, 4), held_on=ended.replace(year=ended.year - 3))
    a_year_on = ended.replace(year=ended.year + 1)
    with pytest.raises(ValidationError) as refused:
        services.postponement_record(
            election=recorded,
            approved_by="党委",
            approved_on=ended - datetime.timedelta(days=12),
            until=a_year_on + datetime.timedelta(days=1),
            reason="",
            actor=staff,
        )
    assert codes(refused.value) == {"postponement_too_long"}
    services.postponement_record(
        election=recorded,
        approved_by="党委",
        approved_on=ended - datetime.timedelta(days=12),
        until=a_year_on,
        reason="",
        actor=staff,
    )
    assert selectors.committee_figures(clock.today())["postponed"] == 1
