"""Organization services: materialized paths, moves, loops, history."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from branches import access, services
from branches.models import Organization
from tests import factories


def test_paths_follow_the_tree(tree):
    assert tree["committee"].path == f"{tree['committee'].pk}/"
    assert tree["fuzhou_1"].path == f"{tree['committee'].pk}/{tree['fuzhou'].pk}/{tree['fuzhou_1'].pk}/"


def test_moving_an_organization_moves_its_subtree(tree, staff):
    services.organization_update(organization=tree["fuzhou"], data={"parent": tree["putian"]}, actor=staff)
    child = Organization.objects.get(pk=tree["fuzhou_1"].pk)
    assert child.path == f"{tree['committee'].pk}/{tree['putian'].pk}/{tree['fuzhou'].pk}/{child.pk}/"
    subtree = Organization.objects.filter(access.subtree_filter(Organization.objects.get(pk=tree["putian"].pk)))
    assert set(subtree) == {tree["putian"], tree["fuzhou"], tree["fuzhou_1"], tree["fuzhou_2"]}


def test_a_loop_of_parents_is_refused(tree, staff):
    fuzhou = Organization.objects.get(pk=tree["fuzhou"].pk)
    with pytest.raises(ValidationError) as error:
        services.organization_update(organization=fuzhou, data={"parent": tree["fuzhou_1"]}, actor=staff)
    assert "parent" in error.value.message_dict
    fuzhou.refresh_from_db()
    assert fuzhou.parent == tree["committee"]


def test_own_parent_is_refused_by_the_database(tree):
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.filter(pk=tree["putian"].pk).update(parent=tree["putian"].pk)


def test_history_names_the_actor(tree, staff):
    services.organization_update(organization=tree["putian"], data={"secretary_name": "林书记"}, actor=staff)
    latest = tree["putian"].history.first()
    assert latest.history_user == staff and latest.secretary_name == "林书记"


def test_update_without_change_writes_no_history(tree, staff):
    before = tree["putian"].history.count()
    assert (
        services.organization_update(organization=tree["putian"], data={"name": tree["putian"].name}, actor=staff) == []
    )
    assert tree["putian"].history.count() == before


def test_duplicate_credit_code_refused(db):
    code = factories.make_credit_code(1)
    factories.make_enterprise("甲公司", credit_code=code)
    with pytest.raises(ValidationError):
        factories.make_enterprise("乙公司", credit_code=code)


def test_blank_credit_codes_may_repeat(db):
    factories.make_enterprise("甲公司")
    factories.make_enterprise("乙公司")


def test_secretary_scope(tree, secretary_a, secretary_b, staff, reviewer):
    assert set(access.visible_organizations(secretary_a)) == {tree["fuzhou"], tree["fuzhou_1"], tree["fuzhou_2"]}
    assert set(access.visible_organizations(secretary_b)) == {tree["putian"]}
    assert access.visible_organizations(staff).count() == 5
    assert access.visible_organizations(reviewer).count() == 5
    assert access.changeable_organizations(reviewer).count() == 0


def test_user_without_role_sees_nothing(tree, django_user_model):
    user = django_user_model.objects.create_user("nobody", password="x-very-long-password")
    assert access.visible_organizations(user).count() == 0


def test_a_related_record_in_hand_is_not_looked_up_again_but_an_id_by_hand_is(tree):
    """validate_record asks the database whether a foreign key's record exists only when it does not
    hold that record already, read from the database."""
    from registry.models import Member

    member = factories.make_member(tree["putian"])
    member = Member.objects.select_related("organization").get(pk=member.pk)
    assert "organization" in services._loaded_relations(member)
    member.organization_id = tree["fuzhou_1"].pk  # the cached record is no longer the one named
    assert "organization" not in services._loaded_relations(member)
    member.organization_id = 987654321
    with pytest.raises(ValidationError) as error:
        services.validate_record(member)
    assert "organization" in error.value.message_dict
    unsaved = Organization(name="未保存", parent=tree["committee"])
    member.organization = unsaved
    assert "organization" not in services._loaded_relations(member)


def test_a_relation_in_hand_is_still_held_unique(tree):
    """A one-to-one whose record is in hand is not looked up, but its uniqueness is still checked:
    a second candidate for the same member is refused in words, not by the database."""
    import datetime

    from registry.models import Candidate

    member = factories.make_member(tree["putian"])
    common = {"organization": tree["putian"], "applied": datetime.date(2020, 1, 1), "member": member}
    Candidate.objects.create(name="甲", id_number=factories.make_id_number(birth=datetime.date(1990, 1, 1)), **common)
    second = Candidate(name="乙", id_number=factories.make_id_number(birth=datetime.date(1991, 1, 1)), **common)
    assert "member" in services._loaded_relations(second)
    with pytest.raises(ValidationError) as error:
        services.validate_record(second)
    assert "member" in error.value.message_dict
