"""The appraisal's pages: the rounds per organization and year (their counts link to exactly their
results, filter, sort, bounded queries), a new round, the grading form (one POST: grades, votes,
outcomes; a refusal shown and nothing written), the results list with its filter and export; scope (a
secretary sees and changes their subtree, a reviewer reads with ID numbers masked); the member's page."""

import datetime

import pytest
from django.urls import reverse

from registry.models import AppraisalResult, AppraisalRound, ExportLog
from tests.config.test_lists import count_links, rows_listed
from tests.registry.appraisal.helpers import DAYS, YEAR, full, grade, make_round, probationary

LIST = reverse("registry:appraisal_list")
RESULTS = reverse("registry:appraisal_results")


@pytest.fixture
def rounds(tree):
    """Two branches' rounds of 2025 and one of 2024, graded."""
    fuzhou = [full(tree["fuzhou_1"]) for _ in range(4)] + [probationary(tree["fuzhou_1"])]
    putian = [full(tree["putian"]) for _ in range(3)]
    found = {
        "fuzhou": make_round(tree["fuzhou_1"]),
        "putian": make_round(tree["putian"]),
        "putian_2024": make_round(tree["putian"], year=2024, decided_on=datetime.date(2024, 12, 20)),
    }
    grade(found["fuzhou"], {fuzhou[0]: "excellent", fuzhou[1]: "qualified", fuzhou[2]: "qualified", fuzhou[4]: ""})
    grade(
        found["putian"],
        {
            putian[0]: "excellent",
            putian[1]: {"grade": "unqualified", "outcome": "correction", "deadline": datetime.date(2026, 3, 31)},
            putian[2]: "basically_qualified",
        },
    )
    grade(found["putian_2024"], {putian[0]: "qualified", putian[1]: "qualified"})
    found["fuzhou_members"], found["putian_members"] = fuzhou, putian
    return found


def test_the_rounds_counts_link_to_exactly_their_results(client_for, staff, rounds):
    client = client_for(staff)
    body = client.get(LIST).content.decode()
    links = count_links(body)
    assert sorted(shown for _url, shown in links) == [1, 1, 1, 1, 1, 2, 2, 2, 3, 4]
    for url, shown in links:
        assert rows_listed(client, url) == shown, url


def test_the_results_filter_by_year_and_grade_and_sort(client_for, staff, rounds):
    client = client_for(staff)
    listed = client.get(RESULTS, {"year": "2025", "grade": "excellent"}).context["page"].object_list
    assert {result.member for result in listed} == {rounds["fuzhou_members"][0], rounds["putian_members"][0]}
    not_graded = client.get(RESULTS, {"grade": "not_graded"}).context["page"].object_list
    assert [result.member for result in not_graded] == [rounds["fuzhou_members"][4]]
    assert len(client.get(RESULTS, {"year": "2024"}).context["page"].object_list) == 2
    by_deadline = client.get(RESULTS, {"sort": "deadline"}).context["page"].object_list
    assert by_deadline[0].correction_deadline == datetime.date(2026, 3, 31)
    refused = client.get(RESULTS, {"year": "²", "grade": "nonsense"})
    assert refused.status_code == 200 and refused.context["filter"].form.errors


@pytest.mark.parametrize("how_many", [4, 40])
def test_the_lists_and_the_grading_page_keep_their_queries(
    client_for, staff, tree, how_many, django_assert_max_num_queries
):
    members = [full(tree["fuzhou_1" if index % 2 else "putian"]) for index in range(how_many)]
    fuzhou, putian = make_round(tree["fuzhou_1"]), make_round(tree["putian"])
    grade(fuzhou, {member: "qualified" for member in members if member.organization_id == tree["fuzhou_1"].pk})
    grade(putian, {member: "qualified" for member in members if member.organization_id == tree["putian"].pk})
    client = client_for(staff)
    for url in (
        LIST,
        RESULTS,
        reverse("registry:appraisal_export"),
        reverse("registry:appraisal_detail", args=[fuzhou.pk]),
        reverse("registry:appraisal_grade", args=[fuzhou.pk]),
    ):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200, url


def test_a_secretary_creates_and_grades_a_round_of_their_branch(client_for, secretary_a, tree):
    members = [full(tree["fuzhou_1"]) for _ in range(3)]
    learner = probationary(tree["fuzhou_1"])
    client = client_for(secretary_a)
    created = client.post(
        reverse("registry:appraisal_create"),
        {"organization": tree["fuzhou_1"].pk, "year": YEAR, **{k: v.isoformat() for k, v in DAYS.items()}},
    )
    appraisal_round = AppraisalRound.objects.get()
    assert created.url == reverse("registry:appraisal_grade", args=[appraisal_round.pk])
    page = client.get(created.url)
    assert f"grade_{learner.pk}" not in page.context["form"].fields  # a probationary member has no grade
    posted = {f"took_part_{member.pk}": "on" for member in [*members, learner]}
    posted |= {f"grade_{members[0].pk}": "excellent", f"grade_{members[1].pk}": "qualified"}
    posted |= {f"grade_{members[2].pk}": "unqualified", f"outcome_{members[2].pk}": "correction"}
    posted |= {f"deadline_{members[2].pk}": "2026-03-31", f"votes_excellent_{members[0].pk}": "3"}
    saved = client.post(created.url, posted)
    assert saved.status_code == 302
    assert dict(AppraisalResult.objects.values_list("member_id", "grade")) == {
        members[0].pk: "excellent",
        members[1].pk: "qualified",
        members[2].pk: "unqualified",
        learner.pk: "",
    }
    assert AppraisalResult.objects.get(member=members[0]).votes_excellent == 3


def test_a_refused_grading_says_why_and_writes_nothing(client_for, secretary_a, tree):
    members = [full(tree["fuzhou_1"]) for _ in range(3)]
    appraisal_round = make_round(tree["fuzhou_1"])
    client = client_for(secretary_a)
    posted = {f"took_part_{member.pk}": "on" for member in members}
    posted |= {f"grade_{member.pk}": "excellent" for member in members[:2]}  # 2 of 3: one more than a third
    posted |= {f"grade_{members[2].pk}": "qualified", f"outcome_{members[2].pk}": "correction"}
    page = client.post(reverse("registry:appraisal_grade", args=[appraisal_round.pk]), posted)
    assert page.status_code == 200
    form = page.context["form"]
    assert form.has_error("__all__", "excellent_over_third")
    assert form.has_error(f"outcome_{members[2].pk}", "outcome_without_unqualified")
    assert not AppraisalResult.objects.exists()


def test_a_secretary_sees_and_changes_only_their_subtree(client_for, secretary_a, rounds):
    client = client_for(secretary_a)
    listed = {appraisal_round.pk for appraisal_round in client.get(LIST).context["page"].object_list}
    assert listed == {rounds["fuzhou"].pk}
    assert {result.appraisal_round_id for result in client.get(RESULTS).context["page"].object_list} == {
        rounds["fuzhou"].pk
    }
    for name in ("appraisal_detail", "appraisal_grade", "appraisal_edit"):
        assert client.get(reverse(f"registry:{name}", args=[rounds["putian"].pk])).status_code == 404
    before = AppraisalResult.objects.filter(appraisal_round=rounds["putian"]).count()
    posted = {f"took_part_{member.pk}": "" for member in rounds["putian_members"]}
    assert client.post(reverse("registry:appraisal_grade", args=[rounds["putian"].pk]), posted).status_code == 404
    assert AppraisalResult.objects.filter(appraisal_round=rounds["putian"]).count() == before
    refused = client.post(
        reverse("registry:appraisal_create"), {"organization": rounds["putian"].organization_id, "year": 2023}
    )
    assert refused.status_code == 404 and not AppraisalRound.objects.filter(year=2023).exists()


def test_a_reviewer_reads_masked_and_changes_nothing(client_for, reviewer, rounds):
    client = client_for(reviewer)
    member = rounds["putian_members"][0]
    detail = client.get(reverse("registry:appraisal_detail", args=[rounds["putian"].pk])).content.decode()
    assert member.name in detail and member.id_number not in detail and member.id_number[-4:] in detail
    assert reverse("registry:appraisal_grade", args=[rounds["putian"].pk]) not in detail
    assert client.get(reverse("registry:appraisal_grade", args=[rounds["putian"].pk])).status_code == 403
    assert client.post(reverse("registry:appraisal_grade", args=[rounds["putian"].pk]), {}).status_code == 403
    assert client.get(reverse("registry:appraisal_create")).status_code == 403
    assert member.id_number not in client.get(RESULTS).content.decode()
    export = client.get(reverse("registry:appraisal_export"), {"year": "2025"})
    assert export.status_code == 200
    log = ExportLog.objects.get(kind="appraisal")
    assert (log.user, log.rows, log.filters) == (reviewer, 7, {"year": "2025"})


def test_the_days_are_edited_in_order(client_for, staff, rounds):
    client = client_for(staff)
    url = reverse("registry:appraisal_edit", args=[rounds["putian_2024"].pk])
    refused = client.post(url, {"vote_on": "2024-12-22", "decided_on": "2024-12-20"})
    assert refused.status_code == 200 and refused.context["form"].has_error("decided_on")
    assert client.post(url, {"vote_on": "2024-12-12", "decided_on": "2024-12-20"}).status_code == 302
    rounds["putian_2024"].refresh_from_db()
    assert rounds["putian_2024"].vote_on == datetime.date(2024, 12, 12)


def test_the_members_page_shows_their_grades_by_year(client_for, staff, rounds):
    member = rounds["putian_members"][1]
    body = client_for(staff).get(reverse("registry:member_detail", args=[member.pk])).content.decode()
    section = body[body.index('id="appraisal"') :]
    assert "2025" in section and "2024" in section
    assert section.index("2025") < section.index("2024")
