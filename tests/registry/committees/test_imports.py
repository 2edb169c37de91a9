"""The `elections` and `committee_members` import kinds (docs/spreadsheets.md#committee-columns):
届次, 应到, 实到 and 任期（年） are numbers; a term ends on 选举日期 + 任期 and a later election of the
same organization replaces the earlier one; elections import before their committee's members; each
refusal with its code (not_full_member, not_in_organization, under_probation_of_rights …); an export
imports again as unchanged; registry_stats --json carries the `committees` key."""

import datetime
import io
import json

from django.core.management import call_command
from django.urls import reverse

from registry.committees import selectors
from registry.imports.kinds import run_import
from registry.models import CommitteeMembership, Discipline, Election, Member
from tests import factories
from tests.registry.committees.helpers import HELD_HERE, voters
from tests.registry.imports.workbooks import xlsx

ELECTION_HEADERS = ["党组织", "届次", "选举日期", "任期（年）", "应到", "实到"]
MEMBER_HEADERS = ["党组织", "姓名", "公民身份号码", "职务", "任职时间", "离任时间", "书记来源"]


def elections_book(*rows):
    return xlsx([ELECTION_HEADERS, *rows], sheet="换届选举")


def members_book(*rows):
    return xlsx([MEMBER_HEADERS, *rows], sheet="支委会成员")


def post_row(organization, member, post="委员", started="2024-05-10", ended=None, pool=None):
    return [organization.name, member.name, member.id_number, post, started, ended, pool]


def codes(result):
    return {outcome.row: {error.code for error in outcome.errors} for outcome in result.outcomes if outcome.errors}


def committee_stats(as_of="2026-11-18") -> dict:
    out = io.StringIO()
    call_command("registry_stats", "--json", "--as-of", as_of, stdout=out)
    return json.loads(out.getvalue())["committees"]


def test_elections_then_members_make_committees_and_terms(tree, staff):
    branch, other = tree["fuzhou_1"], tree["putian"]
    people = voters(branch, 7)
    result = run_import(
        "elections",
        elections_book(
            [branch.name, 1, "2020-05-10", "3年", "9人", 8],
            [branch.name, "第2届", "2023-05-10", 3, 9, 7.0],  # a later election replaces the earlier one
            [other.name, 1, "2021-03-01", 5, 4, 3],
        ),
        actor=staff,
    )
    assert result.counts["new"] == 3, codes(result)
    latest = Election.objects.get(organization=branch, number=2)
    assert latest.ends_on == datetime.date(2026, 5, 10) and latest.voters_present == 7
    result = run_import(
        "committee_members",
        members_book(
            post_row(branch, people[0], "书记", "2023-05-10", pool="企业主及行业带头人"),
            post_row(branch, people[1], "组织委员", "2023-05-10"),
            post_row(branch, people[2], "青年委员", "2023-05-10"),
            post_row(branch, people[3], "书记", "2020-05-10", "2023-05-10"),
        ),
        actor=staff,
    )
    assert result.counts["new"] == 4, codes(result)
    post = CommitteeMembership.objects.get(member=people[0])
    assert post.election == latest and post.secretary_pool == "entrepreneur"
    assert CommitteeMembership.objects.get(member=people[2]).post_label == "青年委员"
    assert selectors.secretary_of(branch).name == people[0].name
    # fuzhou_1's term ended 2026-05-10: over; putian's ran to 2026-03-01 (5 years): over too, though
    # putian has no committee member. fuzhou_1 has 7 full members held here and a committee; the general
    # branch and the committee above it count those 7 below them and have none.
    assert committee_stats() == {
        "with_committee": 1,
        "should_have_committee": 2,
        "terms_ending_6_months": 0,
        "terms_over": 2,
        "postponed": 0,
    }
    assert committee_stats("2026-01-01")["terms_ending_6_months"] == 2  # both end within 6 months of it


def test_numbers_and_the_vote_are_checked(tree, staff):
    branch = tree["fuzhou_1"]
    result = run_import(
        "elections",
        elections_book(
            [branch.name, 1, "2020-05-10", 3, 9, 8],
            [branch.name, 2, "2023-05-10", 3, 10, 5],  # half is not more than half
            [branch.name, 3, "2019-05-10", 3, 9, 9],  # the 3rd term before the 1st
            [branch.name, 4, "2025-05-10", 9, 9, 9],
            ["没有这个党组织", 1, "2025-05-10", 3, 9, 9],
            [branch.name, 5, "2099-05-10", 3, 9, 9],
            [branch.name, "三", "2024-05-10", 3, 9, 9],
        ),
        actor=staff,
    )
    assert codes(result) == {
        2: {"out_of_order"},  # the 1st term after the 3rd: both rows say so
        3: {"too_few_present"},
        4: {"out_of_order"},
        5: {"term_length"},
        6: {"unknown_org"},
        7: {"future"},
        8: {"number"},
    }


def test_committee_members_refuse_who_may_not_sit(tree, staff):
    branch = tree["fuzhou_1"]
    full, probationary, elsewhere, disciplined = voters(branch, 1) + [
        factories.make_member(branch, status=Member.Status.PROBATIONARY, made_full=None),
        factories.make_member(tree["putian"], **HELD_HERE),
        factories.make_member(branch, **HELD_HERE),
    ]
    Discipline.objects.create(
        member=disciplined,
        kind=Discipline.Kind.PROBATION,
        date=datetime.date(2024, 1, 1),
        deciding_organization="区纪委",
        term_years=2,
    )
    above = factories.make_member(tree["fuzhou"], **HELD_HERE)  # a cadre of the general branch above
    result = run_import(
        "committee_members",
        members_book(
            post_row(branch, probationary),
            post_row(branch, elsewhere),
            post_row(branch, disciplined, started="2025-01-01"),
            post_row(branch, above),
            post_row(branch, full, "书记", pool="退休干部"),
            [branch.name, full.name, full.id_number, "支部秘书", "2024-01-01", None, None],
            post_row(branch, disciplined, started="2026-02-01"),  # the rights came back on 2026-01-01
        ),
        actor=staff,
    )
    assert codes(result) == {
        2: {"not_full_member"},
        3: {"not_in_organization"},
        4: {"under_probation_of_rights"},
        7: {"unknown_post"},
    }
    assert result.counts["invalid"] == 4 and not CommitteeMembership.objects.exists()  # all or nothing


def test_two_secretaries_at_once_are_refused_and_a_secretary_imports_only_their_own(tree, staff, secretary_b):
    branch = tree["putian"]
    first, second = voters(branch, 2)
    result = run_import(
        "committee_members",
        members_book(post_row(branch, first, "书记", "2023-01-01"), post_row(branch, second, "书记", "2024-01-01")),
        actor=staff,
    )
    assert codes(result) == {2: {"two_secretaries"}, 3: {"two_secretaries"}}
    people = voters(tree["fuzhou_1"], 1)
    result = run_import(
        "committee_members",
        members_book(post_row(tree["fuzhou_1"], people[0])),
        actor=secretary_b,
        user_scope=[branch],
    )
    assert codes(result) == {2: {"out_of_scope"}}


def test_the_exports_import_again_as_unchanged(client_for, tree, staff, tmp_path):
    branch = tree["fuzhou_1"]
    people = voters(branch, 3)
    run_import("elections", elections_book([branch.name, 2, "2024-06-01", 3, 5, 5]), actor=staff)
    run_import(
        "committee_members",
        members_book(
            post_row(branch, people[0], "书记", "2024-06-01", pool="派驻干部"),
            post_row(branch, people[1], "宣传委员", "2024-06-01"),
            post_row(branch, people[2], "统战委员", "2024-06-01", "2025-01-01"),
        ),
        actor=staff,
    )
    client = client_for(staff)
    for kind, url in (
        ("elections", reverse("registry:election_export")),
        ("committee_members", reverse("registry:committee_post_export") + "?office=all"),
    ):
        path = tmp_path / f"{kind}.xlsx"
        path.write_bytes(client.get(url).content)
        result = run_import(kind, str(path), actor=staff)
        assert result.counts["unchanged"] == result.counts["rows"] > 0, (kind, codes(result))
