"""A check-in link ends when its member leaves the roster and stays ended when they return; its
lifetime has a cap (issue 20 §5: `checkin_link --days 100000` was accepted, and an old link worked
again for a member back on the roster)."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from branches import clock
from branches.services import save_with_history
from registry.checkin import selectors, services
from registry.models import CheckinLink
from tests import factories


@pytest.fixture
def member(tree):
    return factories.make_member(tree["fuzhou_1"], name="报到乙")


def signed(path: str) -> str:
    return path.strip("/").split("/")[1]


def test_a_link_ends_when_the_member_leaves_and_stays_ended_when_they_return(member):
    path = services.link_create(member=member, actor=None)
    assert selectors.link_to_open(signed(path)) is not None
    member.left_on, member.left_as = clock.today(), "left_area"
    save_with_history(member, actor=None)
    assert CheckinLink.objects.get().revoked_at is not None
    member.left_on, member.left_as = None, ""  # back on the roster
    save_with_history(member, actor=None)
    assert selectors.link_to_open(signed(path)) is None
    assert selectors.link_to_open(signed(services.link_create(member=member, actor=None))) is not None  # a new one


def test_a_links_lifetime_has_a_cap_said_in_chinese(member, settings):
    settings.REGISTRY_CHECKIN_MAX_DAYS = 180
    with translation.override("zh-hans"), pytest.raises(CommandError) as caught:
        call_command("checkin_link", member.id_number, "--days", "100000")
    assert "180" in str(caught.value) and "最多" in str(caught.value)
    assert not CheckinLink.objects.exists()
    call_command("checkin_link", member.id_number, "--days", "180", stdout=io.StringIO())
    assert CheckinLink.objects.count() == 1
