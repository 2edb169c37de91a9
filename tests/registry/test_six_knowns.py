"""The six knowns: the annotation and the rules of registry/sixknowns.py agree, record by record."""

import datetime
import itertools

from registry.models import Member
from registry.sixknowns import SIX_KNOWNS, missing_knowns
from tests import factories

BLANKS = {
    "left_home": {"left_home": None},
    "work_address": {"work_address": ""},
    "origin": {"origin_address": "", "origin_organization": ""},
    "occupation": {"occupation": ""},
    "phone": {"phone": ""},
    "dues": {"dues_paid_through": None},
}


def is_complete(member) -> bool:
    """The six knowns complete, by the rules in Python: applicable to the member and none missing."""
    return member.six_knowns_applicable and not missing_knowns(member)


def test_annotation_and_method_agree_for_every_combination(tree):
    keys = [known.key for known in SIX_KNOWNS]
    for size in range(3):
        for missing in itertools.combinations(keys, size):
            blanks = {}
            for key in missing:
                blanks.update(BLANKS[key])
            for category in ("registered_mobile", "self_managed"):
                factories.make_member(tree["putian"], category=category, **blanks)
    for member in Member.objects.with_six_knowns():
        assert member.six_knowns_complete == (not [k for k in SIX_KNOWNS if not k.is_known(member)])
        assert member.six_knowns_count == 6 - len([k for k in SIX_KNOWNS if not k.is_known(member)])
        assert is_complete(member) == (member.six_knowns_applicable and member.six_knowns_complete)
    complete = set(Member.objects.six_knowns_complete())
    assert complete == {m for m in Member.objects.all() if is_complete(m)}
    assert set(Member.objects.six_knowns_incomplete()) == {
        m for m in Member.objects.all() if m.six_knowns_applicable and not is_complete(m)
    }


def test_origin_is_known_from_either_address_or_organization(tree):
    member = factories.make_member(tree["putian"], origin_address="", origin_organization="莆田市某村党支部")
    assert member.six_knowns_missing() == []
    assert Member.objects.with_six_knowns().get(pk=member.pk).six_knowns_complete


def test_self_managed_members_have_nothing_missing(tree):
    member = factories.make_member(tree["putian"], category="self_managed", phone="", left_home=None)
    assert member.six_knowns_missing() == []
    assert not is_complete(member)
    assert member not in Member.objects.six_knowns_incomplete()


def test_missing_labels(tree):
    member = factories.make_member(
        tree["putian"], phone="", dues_paid_through=None, left_home=datetime.date(2015, 1, 1)
    )
    assert [str(label) for label in member.six_knowns_missing()] == [str(SIX_KNOWNS[4].label), str(SIX_KNOWNS[5].label)]
