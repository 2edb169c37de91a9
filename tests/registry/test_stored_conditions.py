"""Issue 27 §4: two conditions the figures count over every member are stored columns that the
database computes (Member.six_knowns_met from registry/sixknowns.py, Member.pays_here_own_facts from
registry/dues/conditions.py). The column and its condition keep the same members — both ways, for
every branch of the condition — however the row was written: a save, queryset.update(), the member
import (its fast writer on a first import, bulk updates on a second).

Failed before: the columns did not exist."""

import datetime
import itertools

import pytest

from branches.models import Organization
from registry import sixknowns
from registry.dues import conditions, rules
from registry.imports import run_import
from registry.models import Member
from tests import factories
from tests.registry.imports import workbooks

pytestmark = pytest.mark.django_db
Category = Member.Category

# Each known missing in turn, the origin known by either of its fields, nothing missing.
KNOWNS = [
    {},
    {"left_home": None},
    {"work_address": ""},
    {"origin_address": "", "origin_organization": ""},
    {"origin_address": "", "origin_organization": "福州市某党支部"},
    {"origin_address": "福建省福州市", "origin_organization": ""},
    {"occupation": ""},
    {"phone": ""},
    {"dues_paid_through": None},
]
STORED = {
    "six_knowns_met": sixknowns.MET_CONDITION,
    "pays_here_own_facts": conditions.PAYS_HERE_OWN_FACTS,
}


def assert_stored_agree():
    members = Member.all_members.all()
    everyone = set(members.values_list("id", flat=True))
    for column, condition in STORED.items():
        holds = set(members.filter(condition).values_list("id", flat=True))
        assert set(members.filter(**{column: True}).values_list("id", flat=True)) == holds, column
        assert set(members.filter(**{column: False}).values_list("id", flat=True)) == everyone - holds, column
        assert holds and everyone - holds, column  # both sides tried


def test_the_category_values_are_the_models():
    assert (conditions.SELF_MANAGED, conditions.TEMPORARY) == (Category.SELF_MANAGED, Category.TEMPORARY)


def test_the_stored_conditions_agree_after_saves_and_updates(tree):
    combinations = list(itertools.product(Category.values, [False, True], [None, True, False]))
    members = [factories.make_member(tree["fuzhou_1"], category=category) for category, _, _ in combinations]
    assert_stored_agree()
    for index, (member, (_category, flowed_out, declared)) in enumerate(zip(members, combinations, strict=True)):
        Member.objects.filter(pk=member.pk).update(
            flowed_out=flowed_out, pays_dues_here=declared, **KNOWNS[index % len(KNOWNS)]
        )
    assert_stored_agree()
    # Each way of the knowns falls on a member to whom they apply (one who flowed out).
    assert {index % len(KNOWNS) for index, (category, flowed_out, _) in enumerate(combinations) if flowed_out} == set(
        range(len(KNOWNS))
    )
    # A bulk update of the facts the columns follow.
    Member.objects.filter(category=Category.SELF_MANAGED).update(flowed_out=False, phone="")
    Member.objects.filter(category=Category.SHOWN_IDENTITY).update(pays_dues_here=True, phone="13900000000")
    assert_stored_agree()


def test_paying_here_and_elsewhere_split_every_member(tree):
    temporary = factories.make_organization(level=Organization.Level.TEMPORARY_BRANCH, parent=tree["committee"])
    for organization, category in itertools.product([tree["fuzhou_1"], temporary], Category.values):
        factories.make_member(organization, category=category)
    everyone = set(Member.objects.values_list("id", flat=True))
    here = set(Member.objects.filter(rules.paying_here()).values_list("id", flat=True))
    elsewhere = set(Member.objects.filter(rules.paying_elsewhere()).values_list("id", flat=True))
    assert here and elsewhere and here | elsewhere == everyone and not here & elsewhere
    assert not here & set(Member.objects.filter(organization=temporary).values_list("id", flat=True))


def test_the_stored_conditions_agree_after_an_import(tree):
    branch = tree["fuzhou_1"]
    headers = [*workbooks.MEMBER_HEADERS, "外出时间", "务工地址", "流出地址", "从事职业", "党费交至"]
    known = ["2010-03", "北京市朝阳区", "福建省福州市", "经理", "2026-06"]
    labels = ["自管党员", "在册流动党员", "亮身份党员", "临时党组织党员"]
    rows = []
    for index, label in enumerate(labels * 2):
        values = list(known)
        if index >= len(labels):
            values[index % len(values)] = ""  # one known missing
        rows.append([*workbooks.member_row(branch, category=label, phone=f"1391234{index:04d}"), *values])
    result = run_import("members", workbooks.xlsx([headers, *rows]), filename="roster.xlsx")
    assert not result.errors
    assert Member.objects.count() == len(rows)
    assert_stored_agree()
    assert Member.objects.filter(six_knowns_met=True).count() == len(labels) - 1  # not the self-managed
    # A second import changes the facts (bulk updates): every known given, a self-managed member made mobile.
    for row in rows:
        row[len(workbooks.MEMBER_HEADERS) :] = [*known[:3], "工程师", datetime.date(2026, 7, 1)]
    rows[0][headers.index("管理类别")] = "在册流动党员"
    result = run_import("members", workbooks.xlsx([headers, *rows]), filename="roster.xlsx")
    assert not result.errors
    assert Member.objects.filter(six_knowns_met=True).count() == 2 * len(labels) - 1
    assert Member.objects.filter(category=Category.SELF_MANAGED, pays_here_own_facts=True).count() == 1
    assert_stored_agree()
