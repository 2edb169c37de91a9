"""Issue 26 §2, acting on many members (registry/bulk/services.py): each action through the member's
own service in one transaction, the actor in each member's history, refusals member by member, the
secretary kept to their subtree, the limit on how many at once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from branches import clock
from registry.bulk import catalog, rules, services
from registry.models import CheckinLink, LostContactCase, Member
from tests import factories

pytestmark = pytest.mark.django_db


def run(action, people, actor, **options):
    return services.run(action=action, members=people, options=options, actor=actor)


def test_checkin_links_are_made_for_the_secretarys_members_and_refused_for_another_branchs(members, secretary_a):
    people = [*members["fuzhou_1"], *members["putian"]]
    outcomes = run(catalog.CHECKIN_LINKS, people, secretary_a)
    assert [outcome.done for outcome in outcomes] == [True, True, False, False]
    assert all(outcome.said.startswith("/c/") for outcome in outcomes[:2])
    assert set(CheckinLink.objects.values_list("member_id", "created_by")) == {
        (member.pk, secretary_a.pk) for member in members["fuzhou_1"]
    }


def test_a_move_is_written_with_the_actor_and_kept_within_the_secretarys_subtree(members, tree, staff, secretary_a):
    people = members["fuzhou_1"]
    refused = run(catalog.MOVE, people, secretary_a, organization=tree["putian"])
    assert not any(outcome.done for outcome in refused)
    assert set(Member.objects.filter(pk__in=[m.pk for m in people]).values_list("organization", flat=True)) == {
        tree["fuzhou_1"].pk
    }
    moved = run(catalog.MOVE, people, secretary_a, organization=tree["fuzhou_2"])
    assert all(outcome.done for outcome in moved)
    for member in people:
        member.refresh_from_db()
        latest = member.history.latest()
        assert member.organization == tree["fuzhou_2"]
        assert latest.history_user == secretary_a and "福州商会第一党支部" in latest.history_change_reason
    again = run(catalog.MOVE, people[:1], staff, organization=tree["fuzhou_2"])
    assert not again[0].done and "福州商会第二党支部" in again[0].said


def test_a_self_managed_member_is_not_moved_into_a_temporary_branch():
    assert rules.move_refusal(category="self_managed", from_id=1, to_id=2, to_level="temporary_branch", to_name="临时")
    assert not rules.move_refusal(
        category="registered_mobile", from_id=1, to_id=2, to_level="temporary_branch", to_name="临时"
    )


def test_lost_contact_and_found_open_and_close_cases_and_refuse_member_by_member(members, staff):
    today = clock.today()
    first, second = members["putian"]
    run(catalog.LOST_CONTACT, [first], staff, date=today, reason="1", note="")
    outcomes = run(catalog.LOST_CONTACT, [first, second], staff, date=today, reason="6", note="搬迁")
    assert [outcome.done for outcome in outcomes] == [False, True]
    assert "already lost contact" in outcomes[0].said or "已" in outcomes[0].said
    assert LostContactCase.objects.filter(outcome=LostContactCase.Outcome.OPEN).count() == 2
    second.refresh_from_db()
    assert second.lost_contact and second.history.latest().history_user == staff
    found = run(catalog.CONTACT_FOUND, [first, second], staff, date=today, note="")
    assert all(outcome.done for outcome in found)
    assert not LostContactCase.objects.filter(outcome=LostContactCase.Outcome.OPEN).exists()


def test_more_than_the_limit_is_refused_whole_and_a_reviewer_not_at_all(members, staff, reviewer, settings):
    settings.REGISTRY_BULK_INLINE_MAX = 1
    with pytest.raises(ValidationError) as refused:
        run(catalog.CHECKIN_LINKS, members["putian"], staff)
    assert refused.value.code == "too_many"
    settings.REGISTRY_BULK_INLINE_MAX = 300
    with pytest.raises(ValidationError):
        run(catalog.CHECKIN_LINKS, members["putian"], reviewer)
    assert not CheckinLink.objects.exists()


def test_a_refusal_undoes_only_that_members_writes(tree, staff):
    people = [factories.make_member(tree["putian"]) for _ in range(2)]
    # a record its own validation refuses: a birth date the ID number contradicts
    Member.objects.filter(pk=people[1].pk).update(birth_date=datetime.date(1900, 1, 1))
    people[1].refresh_from_db()
    outcomes = run(catalog.MOVE, people, staff, organization=tree["fuzhou_1"])
    assert [outcome.done for outcome in outcomes] == [True, False]
    assert Member.objects.get(pk=people[1].pk).organization == tree["putian"]
