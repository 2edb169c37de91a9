"""Survey rounds: the round form, one organization's count (form), scope, bad input, history."""

import datetime

import pytest
from django.urls import reverse

from registry.models import SurveyCount, SurveyRound
from registry.surveys import services


@pytest.fixture
def survey_round(tree):
    return services.survey_round_create(
        data={"name": "2026年摸底", "started": datetime.date(2026, 9, 1), "channels": ["notice"]}, actor=None
    )


def count_url(survey_round):
    return reverse("registry:survey_count", args=[survey_round.pk])


# --- the round ------------------------------------------------------------------------------


def test_staff_adds_a_round_with_its_channels_and_history(client_for, staff):
    response = client_for(staff).post(
        reverse("registry:survey_create"),
        {
            "name": "2026年上半年摸底排查",
            "started": "2026-03-01",
            "ended": "2026-04-30",
            "channels": ["membership_form", "home_visit", "home_village"],
            "notes": "",
        },
    )
    survey_round = SurveyRound.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "registry:survey_detail", args=[survey_round.pk]
    )
    assert survey_round.channels == ["membership_form", "home_visit", "home_village"]
    assert survey_round.history.get().history_user == staff


def test_a_round_cannot_end_before_it_starts(client_for, staff):
    response = client_for(staff).post(
        reverse("registry:survey_create"),
        {
            "name": "倒序",
            "started": "2026-05-01",
            "ended": "2026-04-01",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["ended"]
    assert not SurveyRound.objects.exists()


def test_an_unknown_channel_is_refused(client_for, staff):
    response = client_for(staff).post(
        reverse("registry:survey_create"),
        {
            "name": "渠道",
            "started": "2026-05-01",
            "channels": ["carrier_pigeon"],
        },
    )
    assert response.context["form"].errors["channels"]
    assert not SurveyRound.objects.exists()


def test_staff_changes_a_round(client_for, staff, survey_round):
    client_for(staff).post(
        reverse("registry:survey_edit", args=[survey_round.pk]),
        {
            "name": survey_round.name,
            "started": "2026-09-02",
            "channels": ["notice", "text_message"],
        },
    )
    survey_round.refresh_from_db()
    assert survey_round.started == datetime.date(2026, 9, 2)
    assert survey_round.history.count() == 2


@pytest.mark.parametrize("who", ["secretary_a", "reviewer"])
def test_only_the_committee_adds_or_changes_rounds(request, client_for, who, survey_round):
    client = client_for(request.getfixturevalue(who))
    assert client.post(reverse("registry:survey_create"), {"name": "x", "started": "2026-01-01"}).status_code == 403
    assert (
        client.post(
            reverse("registry:survey_edit", args=[survey_round.pk]), {"name": "x", "started": "2026-01-01"}
        ).status_code
        == 403
    )
    assert SurveyRound.objects.get().name == "2026年摸底"


def test_survey_pages_have_empty_states(client_for, staff):
    body = client_for(staff).get(reverse("registry:survey_list")).content.decode()
    assert 'class="empty"' in body


# --- one organization's count ----------------------------------------------------------------


def test_secretary_enters_a_count_for_their_branch(client_for, secretary_a, tree, survey_round):
    response = client_for(secretary_a).post(
        count_url(survey_round),
        {
            "organization": tree["fuzhou_1"].pk,
            "members": "１２人",
            "self_managed": "2",
            "registered_mobile": "9",
            "probationary": "1",
            "activists": "",
        },
    )
    assert response.status_code == 302
    count = SurveyCount.objects.get()
    assert (count.members, count.self_managed, count.registered_mobile, count.probationary, count.activists) == (
        12,
        2,
        9,
        1,
        None,
    )
    assert count.history.get().history_user == secretary_a


def test_entering_the_same_count_again_changes_nothing(client_for, staff, tree, survey_round):
    data = {"organization": tree["putian"].pk, "members": "5"}
    client = client_for(staff)
    client.post(count_url(survey_round), data)
    client.post(count_url(survey_round), data)
    assert SurveyCount.objects.get().history.count() == 1
    client.post(count_url(survey_round), {**data, "members": "6"})
    assert SurveyCount.objects.get().members == 6 and SurveyCount.objects.get().history.count() == 2


@pytest.mark.parametrize(
    "figures, field",
    [
        ({"members": "-3"}, "members"),
        ({"members": "三"}, "members"),
        ({"members": ""}, "members"),
        ({"members": "4", "self_managed": "3", "registered_mobile": "2"}, "registered_mobile"),
        ({"members": "4", "probationary": "5"}, "probationary"),
        ({"members": "4", "activists": "-1"}, "activists"),
    ],
)
def test_bad_counts_are_refused_with_a_message_and_nothing_written(
    client_for, staff, tree, survey_round, figures, field
):
    response = client_for(staff).post(count_url(survey_round), {"organization": tree["putian"].pk, **figures})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert errors and all(error.endswith(("。", ".")) for error in errors)
    assert errors[0] in response.content.decode()
    assert not SurveyCount.objects.exists()


def test_an_unknown_organization_is_refused(client_for, staff, survey_round):
    response = client_for(staff).post(count_url(survey_round), {"organization": "99999", "members": "3"})
    assert response.context["form"].errors["organization"]
    assert not SurveyCount.objects.exists()


def test_a_secretary_cannot_enter_another_branchs_count(client_for, secretary_b, tree, survey_round):
    response = client_for(secretary_b).post(
        count_url(survey_round), {"organization": tree["fuzhou_1"].pk, "members": "3"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert not SurveyCount.objects.exists()
    offered = set(response.context["form"].fields["organization"].queryset)
    assert offered == {tree["putian"]}


def test_a_secretary_cannot_see_another_branchs_counts(client_for, secretary_b, tree, survey_round):
    services.survey_count_save(
        survey_round=survey_round, organization=tree["fuzhou_1"], data={"members": 7}, actor=None
    )
    services.survey_count_save(survey_round=survey_round, organization=tree["putian"], data={"members": 2}, actor=None)
    client = client_for(secretary_b)
    result = client.get(reverse("registry:survey_detail", args=[survey_round.pk])).context["result"]
    assert [row.organization for row in result.rows] == [tree["putian"]]
    assert result.total_by_key["members"].counted == 2
    form = client.get(count_url(survey_round), {"organization": tree["fuzhou_1"].pk}).context["form"]
    assert form.initial.get("members") is None  # another branch's figure is not shown either
    export = client.get(reverse("registry:survey_export", args=[survey_round.pk]))
    import io

    from openpyxl import load_workbook

    names = [row[0] for row in load_workbook(io.BytesIO(export.content)).worksheets[0].iter_rows(values_only=True)]
    assert tree["putian"].name in names and tree["fuzhou_1"].name not in names


def test_reviewers_read_but_do_not_enter_counts(client_for, reviewer, tree, survey_round):
    client = client_for(reviewer)
    assert client.get(reverse("registry:survey_detail", args=[survey_round.pk])).status_code == 200
    assert client.post(count_url(survey_round), {"organization": tree["putian"].pk, "members": "3"}).status_code == 403
    assert not SurveyCount.objects.exists()


def test_a_user_without_a_role_sees_no_round(client, django_user_model, survey_round):
    user = django_user_model.objects.create_user("nobody", password="x-very-long-password")
    client.force_login(user)
    assert client.get(reverse("registry:survey_detail", args=[survey_round.pk])).status_code == 404


@pytest.mark.parametrize("value", ["99999999999999999999999", "²", "-1", "abc"])
def test_a_count_form_for_an_organization_that_cannot_be_an_id_opens_empty(client_for, staff, tree, value):
    survey_round = services.survey_round_create(
        data={"name": "坏参数", "started": datetime.date(2026, 9, 1)}, actor=None
    )
    response = client_for(staff).get(reverse("registry:survey_count", args=[survey_round.pk]), {"organization": value})
    assert response.status_code == 200 and not response.context["form"].initial
