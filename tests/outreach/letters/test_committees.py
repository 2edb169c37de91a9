"""Letters of two committees in one deployment (issue 27 §1): each committee drafts, numbers (in its
own pattern) and sees its own letters, reporting its own members; the body above keeps the
committee of record's, which never report the other committee's members."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from branches import clock
from branches.models import Organization
from branches.services import organization_update, role_assign, role_grant
from outreach.letters import services
from outreach.models import LiaisonLetter
from tests import factories
from tests.outreach.letters.conftest import JIANGJING


@pytest.fixture
def committee_b(homes):
    committee = factories.make_organization("乙区商会党委", level=Organization.Level.COMMITTEE)
    branch = factories.make_organization("乙区商会党支部", parent=committee)
    factories.make_member(branch, name="乙一", origin_organization=JIANGJING)
    organization_update(organization=committee, data={"letter_reference": "乙党〔{year}〕{n}号"}, actor=None)
    return committee


def test_each_committee_drafts_numbers_and_sees_its_own_letters(committee_b, staff, client_for):
    today = clock.today()
    staff_b, _ = role_grant(username="staff_b", role="staff", organization=committee_b)
    half = 1 if today.month > 6 else 2
    year = today.year if half == 1 else today.year - 1
    services.letters_generate(year=year, half=half, actor=staff)  # the body above: the committee of record's
    services.letters_generate(year=year, half=half, actor=staff_b)
    ours = LiaisonLetter.objects.get(committee__name="福建商会党委", home_organization=JIANGJING)
    theirs = LiaisonLetter.objects.get(committee=committee_b, home_organization=JIANGJING)
    assert ours.member_count == 3 and "乙一" not in {row["name"] for row in ours.roster}
    assert theirs.member_count == 1 and [row["name"] for row in theirs.roster] == ["乙一"]
    assert theirs.reference == f"乙党〔{today.year}〕1号" and theirs.reference_number == 1
    numbers = LiaisonLetter.objects.filter(committee=ours.committee).values_list("reference_number", flat=True)
    assert sorted(numbers) == [1, 2]  # each committee counts its own

    client = client_for(staff_b)
    assert client.get(reverse("letters:letter_detail", args=[ours.pk])).status_code == 404
    assert client.get(reverse("letters:letter_detail", args=[theirs.pk])).status_code == 200
    page = client.get(reverse("letters:letter_list")).content.decode()
    detail = reverse("letters:letter_detail", args=[theirs.pk])
    assert f'href="{detail}"' in page and f'href="{reverse("letters:letter_detail", args=[ours.pk])}"' not in page


@pytest.mark.django_db
def test_the_committee_of_record_is_the_first_made_whatever_its_id_reads_like():
    """A path is its ids as text: a committee made later, with an id of more digits ("/1000/"),
    comes first by path ("/999/"). The committee of record stays the first made."""
    from django.db import connection

    from outreach.committee import committee_of_record

    def next_id_is(value):
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SELECT setval(pg_get_serial_sequence('branches_organization', 'id'), %s)", [value - 1])
            else:
                cursor.execute("DELETE FROM sqlite_sequence WHERE name = 'branches_organization'")
                cursor.execute(
                    "INSERT INTO sqlite_sequence (name, seq) VALUES ('branches_organization', %s)", [value - 1]
                )

    highest = Organization.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    nines = 10 ** (len(str(highest)) + 1) - 1
    next_id_is(nines)
    first = factories.make_organization("先设党委", level=Organization.Level.COMMITTEE)
    later = factories.make_organization("后设党委", level=Organization.Level.COMMITTEE)
    assert (first.pk, later.pk) == (nines, nines + 1) and later.path < first.path
    assert committee_of_record() == first


def test_a_reference_pattern_with_unknown_names_is_refused(tree):
    with pytest.raises(ValidationError):
        organization_update(organization=tree["committee"], data={"letter_reference": "〔{年}〕{n}号"}, actor=None)


def test_a_batch_is_printed_in_the_role_it_was_asked_in(committee_b, staff, tmp_path, settings):
    """A person who is staff of the whole registry and reviewer of committee B asks, as B's reviewer,
    for a half year's file: the worker prints B's letters only, masked, and the file is theirs as that
    reviewer (outreach.letters.tasks chooses the role kept with the batch)."""
    from branches import access
    from outreach.letters import batches

    settings.MEDIA_ROOT = tmp_path
    today = clock.today()
    half = 1 if today.month > 6 else 2
    year = today.year if half == 1 else today.year - 1
    staff_b, _ = role_grant(username="staff_b", role="staff", organization=committee_b)
    services.letters_generate(year=year, half=half, actor=staff)
    services.letters_generate(year=year, half=half, actor=staff_b)
    as_reviewer = role_assign(user=staff, role="reviewer", organization=committee_b, actor=None, add=True)
    assert access.choose(staff, as_reviewer.pk)
    batch = batches.batch_start(user=staff, year=year, half=half)
    batch.refresh_from_db()
    assert batch.requested_as == as_reviewer and batch.state == batch.State.DONE, batch.message
    assert batch.progress_done == LiaisonLetter.objects.filter(committee=committee_b).count() == 1
    assert batches.batch_file(staff, batch.pk) == batch  # theirs, as B's reviewer
