"""The honours pages: the list per year (its figures link to exactly their rows, filter, sort,
bounded queries), a commendation recorded from a member's page, decided, edited; scope (a secretary
sees and changes their subtree only, a reviewer reads); the member's and the organization's pages."""

import datetime

import pytest
from django.urls import reverse

from branches import clock
from registry.models import Honour
from tests import factories
from tests.config.test_lists import count_links, rows_listed
from tests.registry.honours.helpers import BODY, make_honour

LIST = reverse("registry:honour_list")


@pytest.fixture
def honoured(tree):
    """Commendations in two years, of members and of branches, on both sides of the tree."""
    fuzhou, putian = factories.make_member(tree["fuzhou_1"]), factories.make_member(tree["putian"])
    return {
        "fuzhou": make_honour(member=fuzhou),
        "fuzhou_worker": make_honour(member=fuzhou, title="excellent_party_worker", date=datetime.date(2024, 7, 1)),
        "putian": make_honour(member=putian, title="other", state=Honour.State.NOMINATED),
        "branch": make_honour(organization=tree["putian"], title="advanced_organization"),
        "refused": make_honour(member=putian, state=Honour.State.NOT_APPROVED, date=datetime.date(2024, 7, 1)),
    }


def test_the_years_figures_link_to_exactly_their_commendations(client_for, staff, honoured):
    client = client_for(staff)
    body = client.get(LIST).content.decode()
    links = count_links(body[body.index('id="years"') :])
    assert sorted(shown for _url, shown in links) == [1, 1, 1, 1, 1, 2]  # 2025: 1 + 1 (+1 nominated), 2024: 1
    for url, shown in links:
        assert rows_listed(client, url) == shown, url


def test_the_list_filters_and_sorts(client_for, staff, honoured):
    client = client_for(staff)
    listed = client.get(LIST, {"title": "advanced_organization"}).context["page"].object_list
    assert [honour.pk for honour in listed] == [honoured["branch"].pk]
    assert len(client.get(LIST, {"recipient": "member", "year": "2024"}).context["page"].object_list) == 2
    oldest_first = client.get(LIST, {"sort": "date"}).context["page"].object_list
    assert oldest_first[0].date == datetime.date(2024, 7, 1)
    refused = client.get(LIST, {"year": "²"})
    assert refused.status_code == 200 and refused.context["filter"].form.errors


@pytest.mark.parametrize("how_many", [5, 40])
def test_the_list_keeps_its_queries(client_for, staff, tree, how_many, django_assert_max_num_queries):
    for index in range(how_many):
        member = factories.make_member(tree["fuzhou_1" if index % 2 else "putian"])
        make_honour(member=member, date=datetime.date(2020 + index % 5, 7, 1))
    client = client_for(staff)
    with django_assert_max_num_queries(10):
        assert client.get(LIST).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("registry:honour_export")).status_code == 200


def test_a_secretary_sees_and_changes_only_their_subtree(client_for, secretary_a, honoured):
    client = client_for(secretary_a)
    listed = {honour.pk for honour in client.get(LIST).context["page"].object_list}
    assert listed == {honoured["fuzhou"].pk, honoured["fuzhou_worker"].pk}
    assert client.get(reverse("registry:honour_detail", args=[honoured["putian"].pk])).status_code == 404
    assert client.get(reverse("registry:honour_edit", args=[honoured["branch"].pk])).status_code == 404
    decided = client.post(reverse("registry:honour_decide", args=[honoured["putian"].pk]), {"state": "approved"})
    assert decided.status_code == 404
    honoured["putian"].refresh_from_db()
    assert honoured["putian"].state == Honour.State.NOMINATED


def test_a_reviewer_reads_but_records_nothing(client_for, reviewer, honoured):
    client = client_for(reviewer)
    body = client.get(LIST).content.decode()
    assert reverse("registry:honour_create") not in body
    assert client.get(reverse("registry:honour_create")).status_code == 403
    assert client.get(reverse("registry:honour_detail", args=[honoured["putian"].pk])).status_code == 200
    assert client.get(reverse("registry:honour_edit", args=[honoured["putian"].pk])).status_code == 403


def test_a_secretary_records_a_nomination_from_the_members_page_and_approves_it(client_for, secretary_a, tree):
    # On 18 November 2026: nominated for 1 July 2027, approved for 1 July 2026.
    upcoming, past = clock.today() + datetime.timedelta(days=225), clock.today() - datetime.timedelta(days=140)
    member = factories.make_member(tree["fuzhou_2"])
    client = client_for(secretary_a)
    page = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    create = f"{reverse('registry:honour_create')}?member={member.pk}"
    assert create in page
    form = client.get(create).context["form"]
    assert form.initial["member_id_number"] == member.id_number
    response = client.post(
        reverse("registry:honour_create"),
        {
            "member_id_number": member.id_number,
            "title": "excellent_member",
            "body": BODY,
            "body_level": "own",
            "date": upcoming.isoformat(),
            "state": "nominated",
        },
    )
    honour = Honour.objects.get(member=member)
    assert response["Location"] == reverse("registry:honour_detail", args=[honour.pk])
    assert (honour.organization, honour.state) == (tree["fuzhou_2"], "nominated")
    # The nomination's day is to come: approving it now is refused, and nothing changes
    refused = client.post(reverse("registry:honour_decide", args=[honour.pk]), {"state": "approved"})
    assert refused.status_code == 200 and "不能晚于今天" in refused.content.decode()
    honour.refresh_from_db()
    assert honour.state == "nominated"
    client.post(reverse("registry:honour_edit", args=[honour.pk]), _edit_data(honour, date=past.isoformat()))
    client.post(reverse("registry:honour_decide", args=[honour.pk]), {"state": "approved"})
    honour.refresh_from_db()
    assert (honour.state, honour.date) == ("approved", past)
    history = client.get(reverse("registry:honour_detail", args=[honour.pk])).context["history"]
    assert history[0]["who"] == secretary_a
    body = client.get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    assert 'id="honours"' in body and past.isoformat() in body


def _edit_data(honour, **changes):
    data = {
        "member_id_number": honour.member.id_number if honour.member_id else "",
        "organization": honour.organization_id if not honour.member_id else "",
        "title": honour.title,
        "title_text": honour.title_text,
        "body": honour.body,
        "body_level": honour.body_level,
        "date": honour.date.isoformat(),
        "reason": honour.reason,
    }
    return {**data, **changes}


def test_a_commendation_names_someone_and_its_title_fits(client_for, staff, tree):
    client = client_for(staff)
    nobody = client.post(
        reverse("registry:honour_create"),
        {"title": "excellent_member", "body": BODY, "body_level": "own", "date": "2025-07-01", "state": "approved"},
    )
    assert nobody.status_code == 200 and nobody.context["form"].errors["organization"]
    branch = client.post(
        reverse("registry:honour_create"),
        {
            "organization": tree["putian"].pk,
            "title": "excellent_member",
            "body": BODY,
            "body_level": "own",
            "date": "2025-07-01",
            "state": "approved",
        },
    )
    assert branch.status_code == 200 and list(branch.context["form"].errors) == ["member_id_number"]
    assert not Honour.objects.exists()


def test_a_members_commendation_stays_with_the_organization_that_held_them(client_for, staff, tree):
    from registry.members import services as member_services

    member = factories.make_member(tree["fuzhou_1"])
    honour = make_honour(member=member)
    member_services.member_update(member=member, data={"organization": tree["putian"]}, actor=staff)
    client_for(staff).post(reverse("registry:honour_edit", args=[honour.pk]), _edit_data(honour, reason="服务群众"))
    honour.refresh_from_db()
    assert (honour.reason, honour.organization) == ("服务群众", tree["fuzhou_1"])


def test_the_organization_page_shows_its_own_commendations_and_counts_its_members(client_for, staff, tree, honoured):
    client = client_for(staff)
    body = client.get(reverse("registry:organization_detail", args=[tree["putian"].pk])).content.decode()
    section = body[body.index('<section class="card" id="honours"') :]
    assert honoured["branch"].get_title_display() in section
    (url, shown), *_ = count_links(section)
    assert shown == 2 and rows_listed(client, url) == 2  # the nominated and the refused one of its member
