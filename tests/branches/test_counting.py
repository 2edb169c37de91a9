"""branches.counting.counts_of: several counts in one query, each what the queryset's count() says."""

import pytest

from branches.counting import counts_of
from branches.models import Organization
from registry.models import Member
from tests import factories

pytestmark = pytest.mark.django_db


def test_counts_of_gives_each_querysets_count_in_one_query(tree, django_assert_num_queries):
    factories.make_member(tree["putian"])
    factories.make_member(tree["fuzhou_1"], category=Member.Category.SELF_MANAGED)
    querysets = {
        "members": Member.objects.all(),  # ordered by default: the order goes
        "self_managed": Member.objects.filter(category=Member.Category.SELF_MANAGED),
        "organizations": Organization.objects.filter(parent__isnull=False).distinct(),
        "nothing": Member.objects.filter(pk__in=[]),  # no SQL at all
    }
    expected = {name: queryset.count() for name, queryset in querysets.items()}
    with django_assert_num_queries(1):
        assert counts_of(**querysets) == expected
    assert expected["members"] >= 2 and expected["self_managed"] >= 1 and expected["nothing"] == 0
