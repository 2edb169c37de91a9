"""The development pages: scope (a secretary sees and advances their subtree only, a reviewer
reads, a guessed URL from another branch is a 404), POST-only steps, refusals in Chinese with
nothing written, the printable notice, the export, and bounded queries with hundreds of candidates."""

import datetime

import pytest
from django.urls import reverse

# A year (18 years) before today as the rules count it: on 29 February, 28 February of last year
# (a year from 1 March would end on 1 March, docs/lifecycle.md#dates).
from registry.development.rules import add_years, latest_start
from registry.models import Candidate, Member, Notice
from tests import factories
from tests.registry.development.conftest import adult_id_number

DAY = datetime.timedelta(days=1)


def step_url(candidate, step):
    return reverse("registry:candidate_step", args=[candidate.pk, step])


def test_secretary_lists_only_their_subtree(client_for, secretary_a, tree, make_candidate):
    own = make_candidate(tree["fuzhou_2"], name="本支部申请人")
    make_candidate(tree["putian"], name="外支部申请人")
    response = client_for(secretary_a).get(reverse("registry:candidate_list"))
    assert response.status_code == 200
    assert "本支部申请人" in response.content.decode() and "外支部申请人" not in response.content.decode()
    assert client_for(secretary_a).get(reverse("registry:candidate_detail", args=[own.pk])).status_code == 200


def test_a_guessed_url_from_another_branch_is_404(client_for, secretary_b, tree, make_candidate):
    other = make_candidate(tree["fuzhou_1"], stage="activist")
    client = client_for(secretary_b)
    assert client.get(reverse("registry:candidate_detail", args=[other.pk])).status_code == 404
    assert client.post(step_url(other, "assessment"), {"assessment-date": "2026-01-01"}).status_code == 404
    notice = Notice.objects.create(
        candidate=other,
        decision="target",
        starts_on=datetime.date(2026, 1, 1),
        last_day=datetime.date(2026, 1, 10),
        text="公示",
    )
    assert client.get(reverse("registry:notice_print", args=[notice.pk])).status_code == 404


def test_reviewer_reads_but_may_not_advance(client_for, reviewer, tree, make_candidate, today):
    candidate = make_candidate(tree["putian"])
    client = client_for(reviewer)
    response = client.get(reverse("registry:candidate_detail", args=[candidate.pk]))
    assert response.status_code == 200 and 'class="card steps"' not in response.content.decode()
    assert client.post(step_url(candidate, "talk"), {"talk-date": today.isoformat()}).status_code == 403
    assert client.get(reverse("registry:candidate_create")).status_code == 403
    assert Candidate.objects.get(pk=candidate.pk).talked is None


def test_steps_are_post_only(client_for, staff, tree, make_candidate):
    candidate = make_candidate(tree["putian"])
    assert client_for(staff).get(step_url(candidate, "talk")).status_code == 405


def test_a_step_the_stage_does_not_allow_is_404(client_for, staff, tree, make_candidate, today):
    candidate = make_candidate(tree["putian"])
    assert client_for(staff).post(step_url(candidate, "admit"), {"admit-date": today.isoformat()}).status_code == 404


def test_secretary_records_an_activist_in_their_subtree(client_for, secretary_a, tree, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"])
    response = client_for(secretary_a).post(
        step_url(candidate, "activist"),
        {
            "activist-date": today.isoformat(),
            "activist-contact_persons": "王五、赵六",
        },
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    assert candidate.activist == today and candidate.contact_persons == "王五、赵六"


def test_too_soon_a_target_is_refused_in_chinese_with_the_date_and_nothing_written(
    client_for, staff, tree, make_candidate, today
):
    activist = latest_start(today, 12) + DAY
    candidate = make_candidate(tree["putian"], stage="activist", activist=activist)
    Notice.objects.create(
        candidate=candidate,
        decision="target",
        starts_on=today - datetime.timedelta(days=30),
        last_day=today - datetime.timedelta(days=21),
        text="公示",
    )
    response = client_for(staff).post(step_url(candidate, "target"), {"target-date": today.isoformat()})
    text = response.content.decode()
    assert response.status_code == 200
    assert "确定发展对象须在确定积极分子满一年后" in text and (today + DAY).isoformat() in text
    assert Candidate.objects.get(pk=candidate.pk).target is None


def test_admission_through_the_page(client_for, secretary_a, tree, make_candidate, make_voters, today):
    make_voters(tree["fuzhou_1"], 3)
    candidate = make_candidate(tree["fuzhou_1"], stage="target")
    Notice.objects.create(
        candidate=candidate,
        decision="admission",
        starts_on=today - datetime.timedelta(days=15),
        last_day=today - datetime.timedelta(days=6),
        text="公示",
    )
    first = factories.make_member(tree["fuzhou_1"], name="介绍人甲")
    second = factories.make_member(tree["fuzhou_2"], name="介绍人乙")
    outsider = factories.make_member(tree["putian"], name="外支部党员")
    client = client_for(secretary_a)
    page = client.get(reverse("registry:candidate_detail", args=[candidate.pk])).content.decode()
    assert first.id_number in page  # suggested from the branch
    refused = client.post(
        step_url(candidate, "admit"),
        {
            "admit-date": today.isoformat(),
            "admit-introducer_1": first.id_number,
            "admit-introducer_2": outsider.id_number,
            "admit-vote_present": 3,
            "admit-vote_for": 2,
        },
    )
    assert refused.status_code == 200 and not Member.objects.filter(id_number=candidate.id_number).exists()
    response = client.post(
        step_url(candidate, "admit"),
        {
            "admit-date": today.isoformat(),
            "admit-introducer_1": first.id_number,
            "admit-introducer_2": second.id_number.lower(),
            "admit-vote_present": 3,
            "admit-vote_for": 2,
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(id_number=candidate.id_number)
    assert member.status == Member.Status.PROBATIONARY and member.joined == today
    candidate.refresh_from_db()  # the branch meeting's vote, its members with a vote counted from the roster
    assert (candidate.vote_expected, candidate.vote_present, candidate.vote_for) == (3, 3, 2)


def test_one_introducer_is_refused_on_the_page(client_for, staff, tree, make_candidate, today):
    candidate = make_candidate(tree["putian"], stage="target")
    Notice.objects.create(
        candidate=candidate,
        decision="admission",
        starts_on=today - datetime.timedelta(days=15),
        last_day=today - datetime.timedelta(days=6),
        text="公示",
    )
    first = factories.make_member(tree["putian"], name="介绍人甲")
    response = client_for(staff).post(
        step_url(candidate, "admit"),
        {
            "admit-date": today.isoformat(),
            "admit-introducer_1": first.id_number,
            "admit-vote_present": 0,
            "admit-vote_for": 0,
        },
    )
    assert "两名" in response.content.decode()
    assert Candidate.objects.get(pk=candidate.pk).admitted is None


def test_new_applicant_form(client_for, secretary_a, tree, today):
    client = client_for(secretary_a)
    assert client.get(reverse("registry:candidate_create")).status_code == 200
    number = adult_id_number()
    response = client.post(
        reverse("registry:candidate_create"),
        {
            "name": "新申请人",
            "id_number": number,
            "organization": tree["fuzhou_2"].pk,
            "applied": today.isoformat(),
        },
    )
    assert response.status_code == 302 and Candidate.objects.get(id_number=number).organization == tree["fuzhou_2"]
    assert (
        client.post(
            reverse("registry:candidate_create"),
            {
                "name": "外",
                "id_number": adult_id_number(),
                "organization": tree["putian"].pk,
                "applied": today.isoformat(),
            },
        ).status_code
        == 404
    )


def test_new_applicant_under_18_is_refused_in_chinese(client_for, staff, tree, today):
    number = factories.make_id_number(birth=add_years(today, -17))
    response = client_for(staff).post(
        reverse("registry:candidate_create"),
        {
            "name": "少年",
            "id_number": number,
            "organization": tree["putian"].pk,
            "applied": today.isoformat(),
        },
    )
    assert "年满18周岁" in response.content.decode()
    assert not Candidate.objects.exists()


def test_a_party_group_is_not_offered_for_a_new_applicant_and_refused_by_name(client_for, staff, tree, today):
    group = factories.make_organization("福州商会第一党支部第一党小组", level="party_group", parent=tree["fuzhou_1"])
    client = client_for(staff)
    form = client.get(reverse("registry:candidate_create")).context["form"]
    offered = [str(value) for value, _label in form.fields["organization"].choices]
    assert str(tree["fuzhou_1"].pk) in offered and str(group.pk) not in offered
    response = client.post(
        reverse("registry:candidate_create"),
        {
            "name": "申请人",
            "id_number": adult_id_number(),
            "organization": group.pk,
            "applied": today.isoformat(),
        },
    )
    assert response.status_code == 200
    assert response.context["form"].has_error("organization", "organization_cannot_hold")
    assert "党小组" in response.content.decode() and tree["fuzhou_1"].name in response.content.decode()
    assert not Candidate.objects.exists()


def test_printable_notice(client_for, secretary_a, tree, make_candidate, today):
    candidate = make_candidate(tree["fuzhou_1"], stage="activist")
    notice = Notice.objects.create(
        candidate=candidate, decision="target", starts_on=today, last_day=today + 9 * DAY, text="拟确定为发展对象"
    )
    response = client_for(secretary_a).get(reverse("registry:notice_print", args=[notice.pk]))
    assert response.status_code == 200 and "拟确定为发展对象" in response.content.decode()


def test_export_in_the_ledger_columns_masked_for_reviewers(client_for, reviewer, tree, make_candidate):
    import io

    from openpyxl import load_workbook

    candidate = make_candidate(tree["putian"], stage="probationary")
    response = client_for(reviewer).get(reverse("registry:candidate_export"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:4] == ("姓名", "公民身份号码", "所在党组织", "申请入党时间")
    assert rows[1][0] == candidate.name and "*" in rows[1][1]
    template = client_for(reviewer).get(reverse("registry:import_template", args=["development"]))
    assert template.status_code == 200


@pytest.fixture
def hundreds(tree, make_candidate, today):
    stages = ["applicant", "activist", "target", "probationary"]
    organizations = [tree["fuzhou_1"], tree["fuzhou_2"], tree["putian"]]
    candidates = [make_candidate(organizations[i % 3], stage=stages[i % 4]) for i in range(240)]
    for candidate in candidates[:40]:
        Notice.objects.create(
            candidate=candidate, decision="target", starts_on=today - 3 * DAY, last_day=today + 6 * DAY, text="公示"
        )
    return candidates


def test_candidate_list_and_work_lists_make_a_bounded_number_of_queries(
    client_for, staff, hundreds, django_assert_max_num_queries
):
    from registry.development.worklists import WORKLISTS

    client = client_for(staff)
    for params in ({}, {"stage": "activist"}, {"q": "候选人"}):
        # 8, and a search's count (config.middleware.SearchThrottleMiddleware: one upsert, a clean-up)
        with django_assert_max_num_queries(8 + (2 if "q" in params else 0)):
            assert client.get(reverse("registry:candidate_list"), params).status_code == 200
    for key in WORKLISTS:
        with django_assert_max_num_queries(8):
            assert client.get(reverse("registry:development_worklist", args=[key])).status_code == 200
    for candidate in hundreds[:4]:  # one at each stage
        with django_assert_max_num_queries(14):
            assert client.get(reverse("registry:candidate_detail", args=[candidate.pk])).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(reverse("registry:candidate_export")).status_code == 200


@pytest.mark.parametrize("who", ["staff", "secretary_a"])
def test_home_with_hundreds_of_candidates_stays_within_its_bound(
    request, client_for, hundreds, who, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(who))
    client.get("/")
    with django_assert_max_num_queries(24):  # 20 + committees (1) + organizational life (3)
        response = client.get("/")
    assert response.context["development"]["totals"]["probationary"] > 0
    worklists = {worklist.key: count for worklist, count in response.context["development"]["worklists"]}
    assert worklists["notices_running"] > 0


def test_candidates_are_found_by_pinyin_and_sorted_in_pinyin_order(
    client_for, staff, secretary_a, tree, make_candidate
):
    """Issue 26 §3, §4: the people search and the name order of the roster hold for candidates too."""
    for organization, name in ((tree["fuzhou_1"], "林秀英"), (tree["putian"], "林晓燕"), (tree["putian"], "何丽")):
        make_candidate(organization, name=name)
    url = reverse("registry:candidate_list")

    def names(client, params):
        return [candidate.name for candidate in client.get(url, params).context["page"].object_list]

    assert sorted(names(client_for(staff), {"q": "lxy"})) == sorted(["林秀英", "林晓燕"])
    assert names(client_for(staff), {"q": "Lin Xiuying"}) == ["林秀英"]
    assert names(client_for(secretary_a), {"q": "lxy"}) == ["林秀英"]
    assert names(client_for(staff), {"sort": "name"}) == ["何丽", "林晓燕", "林秀英"]  # he, lin xiao, lin xiu
