"""The `honours` import kind (docs/spreadsheets.md#honours-columns): a row names a member (姓名 +
公民身份号码) or an organization (党组织名称, no ID number); an imported commendation is an approved one,
in the year of its 表彰日期 (registry_stats --json "honours"); each refusal with its code; a re-import
is unchanged; a secretary imports only for their subtree."""

import datetime
import io
import json

import pytest
from django.core.management import call_command

from registry.honours.exports import honour_workbook
from registry.honours.selectors import honour_list
from registry.imports.kinds import run_import
from registry.models import Honour, Member
from tests import factories
from tests.registry.honours.helpers import BODY, HEADERS, make_honour
from tests.registry.imports.workbooks import xlsx

pytestmark = pytest.mark.django_db


def book(*rows, headers=HEADERS):
    return xlsx([headers, *rows], sheet="表彰")


def member_row(member, title="优秀共产党员", day="2025-07-01", level="本级", posthumous="否", organization=None):
    return [member.name, organization, member.id_number, title, BODY, level, day, posthumous]


def organization_row(organization, title="先进基层党组织", day="2025-07-01", level="本级", posthumous=None):
    return [None, organization.name, None, title, BODY, level, day, posthumous]


def codes(result):
    return {outcome.row: {error.code for error in outcome.errors} for outcome in result.outcomes if outcome.errors}


def stats() -> dict:
    out = io.StringIO()
    call_command("registry_stats", "--json", stdout=out)
    return json.loads(out.getvalue())["honours"]


@pytest.fixture
def people(tree):
    return {key: factories.make_member(tree[key]) for key in ("fuzhou_1", "fuzhou_2", "putian")}


def test_members_and_organizations_are_commended_approved_in_the_year_of_their_date(tree, people, staff):
    result = run_import(
        "honours",
        book(
            member_row(people["fuzhou_1"]),
            member_row(people["fuzhou_2"], title="优秀党务工作者", day="2024-06-30", level="县级"),
            member_row(people["putian"], title="流动党员先进个人", day="2025-12-01", level="其他", posthumous="是"),
            organization_row(tree["putian"], level="市级"),
            organization_row(tree["fuzhou_1"], title="先进党支部", day="2025-07-01", level="省级"),
        ),
        actor=staff,
    )
    assert result.counts == {"rows": 5, "new": 5, "updated": 0, "unchanged": 0, "invalid": 0}
    assert set(Honour.objects.values_list("state", flat=True)) == {"approved"}
    local = Honour.objects.get(member=people["putian"])
    assert (local.title, local.title_text, local.body_level, local.posthumous) == (
        "other",
        "流动党员先进个人",
        "other",
        True,
    )
    branch = Honour.objects.get(member=None, organization=tree["putian"])
    assert (branch.title, branch.body_level, branch.organization) == ("advanced_organization", "city", tree["putian"])
    assert Honour.objects.get(member=people["fuzhou_1"]).organization == tree["fuzhou_1"]  # the member's
    assert stats() == {
        "2024": {"excellent_member": 0, "excellent_party_worker": 1, "advanced_organization": 0, "other": 0},
        "2025": {"excellent_member": 1, "excellent_party_worker": 0, "advanced_organization": 1, "other": 2},
    }
    assert local.history.first().history_user == staff


def test_only_approved_commendations_count_by_year(tree, people):
    make_honour(member=people["fuzhou_1"], state=Honour.State.NOMINATED, date=datetime.date(2026, 7, 1))
    make_honour(member=people["fuzhou_2"], state=Honour.State.NOT_APPROVED)
    make_honour(organization=tree["putian"], title="advanced_organization", date=datetime.date(2023, 7, 1))
    assert stats() == {
        "2023": {"excellent_member": 0, "excellent_party_worker": 0, "advanced_organization": 1, "other": 0}
    }


def test_each_refused_row_says_why(tree, people, staff):
    former = factories.make_member(tree["putian"])
    Member.all_members.filter(pk=former.pk).update(left_on=datetime.date(2025, 3, 1), left_as="died")
    result = run_import(
        "honours",
        book(
            ["不认识", None, factories.make_id_number(), "优秀共产党员", BODY, "本级", "2025-07-01", None],  # 2
            ["别的名字", None, people["fuzhou_1"].id_number, "优秀共产党员", BODY, "本级", "2025-07-01", None],
            member_row(people["fuzhou_2"], organization=tree["putian"].name),  # 4: not their organization
            [None, "没有这个党支部", None, "先进基层党组织", BODY, "本级", "2025-07-01", None],
            organization_row(tree["putian"], title="优秀共产党员"),  # 6: a person's title for an organization
            member_row(people["putian"], title="先进基层党组织"),  # 7: an organization's title for a member
            organization_row(tree["fuzhou_1"], title="流动党员先进集体", posthumous="是"),  # 8
            member_row(people["putian"], day="2099-01-01"),  # 9: approved in the future
            member_row(people["putian"], level="国家级"),  # 10: not one of the five levels
            [people["putian"].name, None, None, "优秀共产党员", BODY, "本级", "2025-07-01", None],  # 11: no ID
            [None, None, None, "优秀共产党员", BODY, "本级", "2025-07-01", None],  # 12: nobody named
            member_row(people["fuzhou_1"], day="2024-07-01"),  # 13
            member_row(people["fuzhou_1"], day="2024-07-01"),  # 14: the same again
            [people["putian"].name, None, people["putian"].id_number, None, None, None, None, None],  # 15
            member_row(former, posthumous="是"),  # 16: a former member, posthumously: fine
        ),
        actor=staff,
    )
    assert codes(result) == {
        2: {"unknown_id"},
        3: {"name_mismatch"},
        4: {"not_in_organization"},
        5: {"unknown_org"},
        6: {"title_needs_member"},
        7: {"title_needs_organization"},
        8: {"posthumous_organization"},
        9: {"future_date"},
        10: {"choice"},
        11: {"required"},
        12: {"required"},
        14: {"duplicate"},
        15: {"required"},
    }
    assert not Honour.objects.exists()  # all or nothing


def test_an_export_imports_again_unchanged_and_a_nomination_is_approved_by_its_row(tree, people, staff):
    make_honour(member=people["fuzhou_1"])
    make_honour(organization=tree["putian"], title="advanced_organization", body_level="county")
    make_honour(member=people["putian"], title="other", title_text="流动党员先进个人", posthumous=True)
    nominated = make_honour(member=people["fuzhou_2"], state=Honour.State.NOMINATED, body="旧的机关")
    _filter, honours = honour_list(staff, {})
    content, _name, _fallback = honour_workbook(staff, honours.exclude(pk=nominated.pk), {})
    again = run_import("honours", content, actor=staff)
    assert again.counts == {"rows": 3, "new": 0, "updated": 0, "unchanged": 3, "invalid": 0}

    result = run_import("honours", book(member_row(people["fuzhou_2"])), actor=staff)
    assert result.counts["updated"] == 1
    nominated.refresh_from_db()
    assert (nominated.state, nominated.body) == ("approved", BODY)
    assert Honour.objects.count() == 4


def test_a_secretary_imports_only_for_their_subtree(tree, people, secretary_a):
    result = run_import(
        "honours",
        book(member_row(people["fuzhou_1"]), member_row(people["putian"]), organization_row(tree["putian"])),
        actor=secretary_a,
        user_scope=[tree["fuzhou"], tree["fuzhou_1"], tree["fuzhou_2"]],
    )
    assert codes(result) == {3: {"scope"}, 4: {"scope"}}


def test_an_export_masks_id_numbers_for_a_reviewer_and_is_logged(tree, people, reviewer):
    from openpyxl import load_workbook

    from registry.models import ExportLog

    make_honour(member=people["fuzhou_1"])
    _filter, honours = honour_list(reviewer, {"year": "2025"})
    content, name, _fallback = honour_workbook(reviewer, honours, {"year": "2025"})
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert list(rows[0]) == HEADERS
    assert rows[1][2] != people["fuzhou_1"].id_number and rows[1][2].endswith(people["fuzhou_1"].id_number[-4:])
    log = ExportLog.objects.get(kind="honours")
    assert (log.rows, log.filters, log.kind_label) == (1, {"year": "2025"}, "表彰")
