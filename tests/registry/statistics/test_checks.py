"""Issue 25 "done when": a test breaks one record per check and sees that check fail naming that record.
Each case here writes, on the shared tree, the one record that breaks its check (with the member or unit
it belongs to) and builds the report of a past year: the check fails and names that record. The cases
on the hand-built year of test_tables.py (`BROKEN` there) count too. A check that no record can break —
its sides counted from the same records (row 4 is a part of row 3; B is only ever counted with A) — is
listed in `BY_CONSTRUCTION` with the reason, so that every rule of every layout is in one list or the
other (the last test): a new rule must say how it breaks."""

import datetime

import pytest

from branches.models import Organization
from registry.models import Candidate, Discipline, Honour, Member, Movement
from registry.statistics import checks, layouts, tables
from registry.statistics.rules import Period
from tests import factories
from tests.registry.statistics.test_tables import BROKEN, record

pytestmark = pytest.mark.django_db
D = datetime.date
YEAR = Period(2024)
# An ID number of the right shape whose birth date is no date (month 13): a record written before the
# registry checked ID numbers, or by hand in the database.
NO_BIRTH = "35010219901332001X"


def own(tree, **extra) -> Member:
    """A self-managed member held here since 2020, with every value the tables read."""
    values = {
        "registered_on": D(2020, 1, 1),
        "category": Member.Category.SELF_MANAGED,
        "post_category": "prv_mgr",
        "education": "bachelor",
        **extra,
    }
    return factories.make_member(tree["fuzhou_1"], **values)


def spoil(member: Member, **values) -> None:
    """Write values past the forms' and services' checks, as an old import or a hand edit would."""
    Member.all_members.filter(pk=member.pk).update(**values)


def _without_birth(tree):
    member = own(tree)
    spoil(member, id_number=NO_BIRTH, birth_date=None)
    return layouts.MEMBER, member.pk


def _without_post_category(tree):
    member = own(tree, post_category="")
    return layouts.MEMBER, member.pk


def _left_party_without_birth(tree):
    member = own(tree)
    record(member, "withdrew", D(2024, 9, 1), reason="本人申请，支部大会决定")
    spoil(member, id_number=NO_BIRTH, birth_date=None)
    return layouts.MEMBER, member.pk


def _left_party_without_joined(tree):
    member = own(tree)
    record(member, "withdrew", D(2024, 9, 1), reason="本人申请，支部大会决定")
    spoil(member, joined=None, made_full=None)
    return layouts.MEMBER, member.pk


def _disciplined_without_birth(tree):
    member = own(tree)
    Discipline.objects.create(member=member, kind="warning", date=D(2024, 5, 1), deciding_organization="党委")
    spoil(member, id_number=NO_BIRTH, birth_date=None)
    return layouts.MEMBER, member.pk


def _disciplined_without_joined(tree):
    member = own(tree)
    Discipline.objects.create(member=member, kind="warning", date=D(2024, 5, 1), deciding_organization="党委")
    spoil(member, joined=None, made_full=None)
    return layouts.MEMBER, member.pk


def _honour_of_no_level(title):
    """A commendation of `title` whose commending body's level was never stated."""

    def break_it(tree):
        member = None if title == Honour.Title.ADVANCED_ORGANIZATION else own(tree)
        Honour.objects.create(
            organization=tree["putian"],
            member=member,
            title=title,
            body="市委",
            body_level="",
            date=D(2024, 7, 1),
            state=Honour.State.APPROVED,
        )
        return (layouts.ORGANIZATION, tree["putian"].pk) if member is None else (layouts.MEMBER, member.pk)

    break_it.__name__ = f"_honour_of_no_level_{title}"
    return break_it


def _admitted(tree, **member_values) -> tuple[Member, Candidate]:
    """A candidate of fuzhou_1 admitted and approved in 2024, and the member the admission made."""
    member = own(
        tree,
        registered_on=D(2024, 3, 1),
        joined=D(2024, 3, 1),
        made_full=None,
        status=Member.Status.PROBATIONARY,
        **member_values,
    )
    candidate = Candidate.objects.create(
        name=member.name,
        id_number=member.id_number,
        organization=member.organization,
        applied=D(2022, 3, 1),
        admitted=D(2024, 3, 1),
        approved=D(2024, 4, 1),
        member=member,
    )
    return member, candidate


def _admitted_without_birth(tree):
    member, candidate = _admitted(tree)
    Candidate.objects.filter(pk=candidate.pk).update(id_number=NO_BIRTH)
    return layouts.MEMBER, member.pk


def _admitted_without_education(tree):
    member, _candidate = _admitted(tree, education="")
    return layouts.MEMBER, member.pk


def _hosted_by_an_office_based_organization(tree):
    enterprise = factories.make_enterprise(chamber=tree["fuzhou_chamber"])
    office = factories.make_organization(
        parent=tree["committee"], chamber=tree["fuzhou_chamber"], formation=Organization.Formation.OFFICE_BASED
    )
    office.host_enterprises.add(enterprise)
    return layouts.ENTERPRISE, enterprise.pk


def _hosted_by_a_standalone_party_group(tree):
    enterprise = factories.make_enterprise(chamber=tree["fuzhou_chamber"])
    group = factories.make_organization(
        level=Organization.Level.PARTY_GROUP, parent=tree["fuzhou_1"], formation=Organization.Formation.STANDALONE
    )
    group.host_enterprises.add(enterprise)
    return layouts.ENTERPRISE, enterprise.pk


def _suspended_without_losing_contact(tree):
    """停止党籍 with no lost-contact case before it (the movement rules refuse it: 教育条例 art. 24)."""
    member = own(tree)
    Movement.objects.create(
        member=member,
        kind="suspended",
        date=D(2024, 3, 1),
        departed_on=D(2024, 3, 1),
        organization=member.organization,
        registered_on=member.registered_on,
    )
    spoil(member, left_on=D(2024, 3, 1), left_as="suspended")
    return layouts.MEMBER, member.pk


CASES = [
    ("T2", "A = F + G + H + I + J + K + L + M + N + O", _without_birth),
    ("T3", "1 = 2 + 18 + 20 + 21 + 22 + 23", _without_post_category),
    ("T4", "1 = 2 + 18 + 20 + 21 + 22 + 23", _without_post_category),
    ("T10", "1 = 4 + 5 + 6 + 7", _left_party_without_birth),
    ("T10", "1 = 8 + 9 + 10 + 11 + 12 + 13", _left_party_without_joined),
    ("T12", "1 = 4 + 5 + 6 + 7", _disciplined_without_birth),
    ("T12", "1 = 8 + 9 + 10 + 11 + 12 + 13", _disciplined_without_joined),
    ("T14", "A1 = C1 + D1 + E1 + F1", _honour_of_no_level(Honour.Title.ADVANCED_ORGANIZATION)),
    ("T14", "A2 = C2 + D2 + E2 + F2", _honour_of_no_level(Honour.Title.EXCELLENT_MEMBER)),
    ("T14", "A3 = C3 + D3 + E3 + F3", _honour_of_no_level(Honour.Title.EXCELLENT_PARTY_WORKER)),
    ("T16", "A = D + E + F + G + H + I", _admitted_without_birth),
    ("T16", "A = J + K + L + M + N + O", _admitted_without_education),
    ("T-C", "A1 = B1 + F1 + I1", _hosted_by_an_office_based_organization),
    ("T-C", "B1 = C1 + D1 + E1", _hosted_by_a_standalone_party_group),
    ("T-F", "T-F 9 = T1 11", _suspended_without_losing_contact),
]


@pytest.mark.parametrize(("table", "rule", "break_it"), CASES, ids=[f"{t} {r}" for t, r, _b in CASES])
def test_one_broken_record_fails_its_check_naming_it(tree, table, rule, break_it):
    broken = break_it(tree)
    found = {(check.table, check.rule): check for check in checks.evaluate(tables.build(YEAR).tables)}
    check = found[(table, rule)]
    assert not check.holds and check.left != check.right
    assert broken in check.differing
    assert [other for other in found.values() if not other.holds and broken not in other.differing] == []


def test_row_1_as_filed_against_last_years_row_16_names_the_member_missing(tree):
    """`1 = last year's 16`: last year's filed row 16 lacks a member the records held on its cut-off day
    (the filing itself is tried in test_pages.py)."""
    member = own(tree)
    report = tables.build(YEAR, previous_row_16=[])
    check = next(check for check in checks.evaluate(report.tables) if check.rule == checks.LAST_YEAR_RULE)
    assert not check.holds and (check.left, check.right) == (0, 1)
    assert check.differing == [(layouts.MEMBER, member.pk)]


POST_GROUPS = "a post category fills its own row and every group row above it (post_categories.T2_ROWS)"
SAME_MEMBERS = "both sides count the same members (T1 row 16)"
BY_CONSTRUCTION = {
    ("T1", "2 = 3 + 5 + 7"): "every held arrival is an admission, a restoration or a transfer (balance._held_from)",
    ("T1", "15 = 1 + 2 - 9"): "row 15 is computed as 1 + 2 - 9; a difference shows in row 17 and `1 = last year's 16`",
    ("T1", "3 >= 4"): "row 4 is chosen among row 3's members",
    ("T1", "5 >= 6"): "row 6 is chosen among row 5's members",
    ("T1", "7 >= 8"): "row 8 is chosen among row 7's members",
    ("T1", "13 >= 14"): "row 14 is chosen among row 13's members",
    **{("T2", f"A >= {column}"): f"{column} is only counted with A" for column in "BCDE"},
    **{(table, rule): POST_GROUPS for table in ("T2", "T3", "T4") for rule in layouts.POST_ROW_CHECKS[1:]},
    **{(table, f"T1 16 = {table} A1"): SAME_MEMBERS for table in ("T2", "T3", "T4")},
    ("T8", "1 >= 2"): "a branch that ended its round is counted with those that held one",
    ("T8", "3 >= 4"): "a member whose round ended is counted with those taking part",
    ("T8", "7 = 8 + 9 + 10 + 11"): "row 7 counts exactly the outcomes of rows 8-11 (buckets.T8_OUTCOMES)",
    ("T10", "F >= G"): "G is only counted with F (自行脱党除名 after losing contact)",
    ("T10", "T1 10 = T10 A1"): "both sides count the same departures from the party",
    (
        "T12",
        "A = B + C + D + E + F",
    ): "each kind has its column; the database refuses any other (discipline_kind_valid)",
    **{("T14", f"A{row} >= B{row}"): "B is only counted with A" for row in "123"},
    ("T15", "A = B + H"): "A counts exactly those in B or H",
    ("T24", "A = B + C + D"): "the organizations counted are those of the levels of B, C and D",
    ("T24", "1 = 4 + 5 + 6"): "every organization falls in one of rows 4, 5, 6 (6: any other unit)",
    ("T24", "2 >= 3"): "an organization that elected this year is counted as due",
    ("T-C", "I1 = J1 + K1 + L1"): "a unit with no organization is counted in exactly one of J, K, L",
    ("T-C", "A2 = B2 + F2 + I2"): "a chamber's organization that is not joint counts as its own (B)",
    ("T-C", "I2 = J2 + K2 + L2"): "a unit with no organization is counted in exactly one of J, K, L",
    ("T-F", "1 >= 2"): "row 2 is chosen among row 1's members",
    ("T-F", "3 >= 4"): "row 4 is chosen among row 3's members",
    ("T-F", "3 >= 5"): "row 5 is chosen among row 3's members",
    ("T-F", "6 >= 7"): "row 7 is chosen among row 6's members",
    **{
        ("T-F2", rule): "every member of row 1 is in one row below it: a place naming no province in the last"
        for rule in layouts.T_F2.checks[:2]
    },
    ("T-F2", "T-F2 A1 = T-F 1"): "both sides count the same members (the inflow)",
    ("T-F2", "T-F2 B1 = T-F 3"): "both sides count the same members (the outflow)",
}


def test_every_check_is_broken_by_a_test_or_holds_by_construction():
    every = {(layout.id, rule) for layout in layouts.LAYOUTS for rule in layout.checks}
    every.add(("T1", checks.LAST_YEAR_RULE))
    broken = {(table, rule) for table, rule, _break in [*CASES, *BROKEN]} | {("T1", checks.LAST_YEAR_RULE)}
    assert broken.isdisjoint(BY_CONSTRUCTION)
    assert every - broken - set(BY_CONSTRUCTION) == set()
    assert (broken | set(BY_CONSTRUCTION)) - every == set()  # no stale entry
