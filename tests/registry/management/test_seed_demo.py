"""`manage.py seed_demo`: article 000's figures exactly, valid values, idempotent, demo logins.

The demo (with its users) is seeded once for the session inside a transaction that is rolled back
before any test without it (`demo_db`, tests/conftest.py); each test runs in a savepoint inside it.
"""

import datetime
import json
from collections import Counter
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.core.management import call_command
from django.db.models import Count, Q
from django.test import RequestFactory

from branches import clock
from branches.creditcodes import validate_credit_code
from branches.models import Chamber, Enterprise, Organization, RoleAssignment
from branches.phones import validate_phone
from fixtures import demo
from registry.idnumbers import birth_date_from_id, gender_from_id, validate_id_number
from registry.management.commands.seed_demo import build_plan
from registry.models import Member

# Article 000 (docs/domain.md#figures, "Figures from the articles"), as `registry_stats --json` must report them.
ARTICLE_000 = {
    "members": {
        "total": 414,
        "full": 414 - demo.PROBATIONARY,
        "probationary": demo.PROBATIONARY,
        "by_category": {"self_managed": 98, "registered_mobile": 304, "shown_identity": 5, "temporary": 7},
        "six_knowns": {"applicable": 316, "complete": 316 - demo.SIX_KNOWNS_INCOMPLETE},
    },
    "organizations": {
        "by_level": {
            "committee": 1,
            "general_branch": 4,
            "branch": 30,
            "joint_branch": 10,
            "temporary_branch": 4,
            "party_group": 2,
        },
        "branches_in_all": 44,
    },
    "chambers": {
        "total": 23,
        "by_kind": {
            "general": {"total": 1, "covered": 1},
            "city": {"total": 10, "covered": 10},
            "industry": {"total": 12, "covered": 10},
        },
    },
    "enterprises": {"total": 57, "with_own_organization": 15},
}


def run(*args) -> str:
    out = StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def stats() -> dict:
    out = StringIO()
    call_command("registry_stats", "--json", stdout=out)
    return json.loads(out.getvalue())


def row_counts() -> dict:
    """Rows in the domain tables and in every history table."""
    models = [Chamber, Enterprise, Organization, Member, Organization.host_enterprises.through]
    models += [model for model in apps.get_models() if model.__name__.startswith("Historical")]
    return {model._meta.label: model.objects.count() for model in models}


@pytest.fixture
def seeded(demo_db):
    """The demo, seeded once for the session and shared (tests/conftest.py, SharedDemo)."""


def subset(expected: dict, actual: dict) -> dict:
    """`actual` cut down to the keys of `expected`, to compare the two whole."""
    return {
        key: subset(value, actual[key]) if isinstance(value, dict) else actual[key] for key, value in expected.items()
    }


def test_reproduces_the_figures_of_article_000(seeded, db):
    figures = stats()
    assert subset(ARTICLE_000, figures) == ARTICLE_000
    assert figures["organizations"]["total"] == 51


def test_a_second_run_creates_nothing_and_writes_no_history(seeded, db):
    before = row_counts()
    assert before["registry.HistoricalMember"] == 414
    run()
    assert row_counts() == before


def test_missing_records_are_recreated_the_same(seeded, db):
    gone = list(Member.objects.order_by("id_number").values_list("id_number", "name")[:5])
    Member.objects.filter(id_number__in=[number for number, _name in gone]).delete()
    run()
    assert Member.objects.count() == 414
    assert (
        list(
            Member.objects.filter(id_number__in=[n for n, _ in gone])
            .order_by("id_number")
            .values_list("id_number", "name")
        )
        == gone
    )


def test_the_plan_is_deterministic():
    first, second = build_plan(clock.today()), build_plan(clock.today())
    assert first == second
    assert len({row["id_number"] for row in first.members}) == 414
    # 工作岗位: most members have one, mostly of non-public enterprises, some 农民工; a few none (the work list).
    posts = Counter(row["post_category"] for row in first.members)
    assert 0.03 <= posts[""] / 414 <= 0.10
    assert sum(posts[code] for code in ("prv_mgr", "prv_pro", "prv_wrk", "prv_mig")) / 414 >= 0.8
    assert min(posts["prv_mgr"], posts["prv_pro"], posts["prv_wrk"], posts["prv_mig"]) >= 20


def test_identity_numbers_and_codes_are_valid(seeded, db):
    for member in Member.objects.all():
        validate_id_number(member.id_number)
        assert member.id_number[:2] == "35"  # born in Fujian
        assert member.birth_date == birth_date_from_id(member.id_number)
        assert member.gender == gender_from_id(member.id_number)
        if member.phone:
            validate_phone(member.phone)
    codes = list(Enterprise.objects.values_list("credit_code", flat=True))
    assert len(codes) == len(set(codes)) == 57
    for code in codes:
        validate_credit_code(code)
    for organization in Organization.objects.all():
        assert organization.secretary_name
        validate_phone(organization.secretary_phone)


def eighteenth_birthday(birth: datetime.date) -> datetime.date:
    return datetime.date(birth.year + 18, birth.month, 28 if (birth.month, birth.day) == (2, 29) else birth.day)


def test_dates_are_consistent(seeded, db):
    members = list(Member.objects.all())
    for member in members:
        assert member.joined > eighteenth_birthday(member.birth_date), member.id_number
        if member.status == Member.Status.PROBATIONARY:
            assert member.made_full is None
            # within a year, or within the probation the demo extended when it ended (registry/development/demo.py)
            extension = getattr(getattr(member, "candidate", None), "probation_extension_months", None) or 0
            assert member.joined > clock.today() - datetime.timedelta(days=366 + 31 * extension)
        else:
            assert member.made_full is not None and member.made_full >= member.joined
        if member.left_home:
            assert member.birth_date < member.left_home <= clock.today()
        if member.dues_paid_through:
            assert member.joined.replace(day=1) <= member.dues_paid_through < clock.today()
    for field in Member.PARTIAL_DATES:
        month_only = [m for m in members if getattr(m, f"{field}_precision") == "month"]
        assert all(getattr(m, field).day == 1 for m in month_only if getattr(m, field))
    assert any(m.joined_precision == "month" for m in members)
    assert any(m.left_home_precision == "month" for m in members)
    for organization in Organization.objects.select_related("parent", "chamber"):
        assert organization.plaque_granted is None or organization.plaque_granted >= organization.established
        if organization.parent:
            assert organization.established >= organization.parent.established, organization.name
        if organization.chamber:
            assert organization.established >= organization.chamber.established, organization.name
    for enterprise in Enterprise.objects.select_related("chamber"):
        assert enterprise.joined_chamber >= enterprise.chamber.established


def test_organizations_are_shaped_as_the_rules_say(seeded, db):
    sizes = Organization.objects.annotate(
        size=Count("members"), full=Count("members", filter=Q(members__status="full"))
    )
    assert max(o.size for o in sizes) <= 50
    committee = Organization.objects.get(level="committee")
    assert committee.parent is None and committee.chamber.name == demo.GENERAL_CHAMBER
    for organization in sizes:
        if organization.level == "general_branch":
            assert organization.parent == committee
        if organization.level in Organization.BRANCH_LEVELS:
            assert organization.parent.level in ("committee", "general_branch")
        if organization.level == "party_group":
            assert organization.parent.level == "branch"
        if organization.formation == "standalone":  # 3 or more full members in one enterprise
            assert organization.full >= 3 and organization.host_enterprises.count() == 1
        if organization.formation == "joint":  # enterprises with fewer than 3 full members each
            for enterprise in organization.host_enterprises.all():
                assert enterprise.members.filter(status="full").count() < 3
    temporary = Member.objects.filter(category="temporary")
    assert temporary.count() == 7
    assert set(temporary.values_list("organization__level", flat=True)) == {"temporary_branch"}


def test_about_a_fifth_of_mobile_members_lack_one_of_the_six_knowns(seeded, db):
    incomplete = Member.objects.six_knowns_incomplete().count()
    assert 0.15 <= incomplete / Member.objects.six_knowns_applicable().count() <= 0.25
    lost = Member.objects.filter(lost_contact=True)
    assert lost.count() == demo.LOST_CONTACT
    assert set(lost.values_list("phone", flat=True)) == {""}


def test_with_users_creates_the_demo_logins_and_never_resets_a_password_a_person_set(seeded, db, settings):
    settings.DEBUG = True  # the published demo passwords log in only then (config/logins.py)
    logins = get_user_model().objects.filter(username__in=[login.username for login in demo.DEMO_LOGINS])
    logins.delete()  # the shared demo has them already; this test is about making them
    assert not RoleAssignment.objects.exists()
    output = run("--with-users")
    for login in demo.DEMO_LOGINS:
        assert login.username in output and login.password in output
        user = authenticate(RequestFactory().post("/accounts/login/"), username=login.username, password=login.password)
        assert user is not None
        assert user.role_assignments.get().role == login.role
    secretary = RoleAssignment.objects.get(user__username="secretary")
    assert secretary.organization.name == demo.GB_FUZHOU
    assert get_user_model().objects.get(username="admin").is_superuser

    user = get_user_model().objects.get(username="staff")
    user.set_password("changed-by-someone-1")  # as grant_role --password does before DEBUG=false make run
    user.save()
    get_user_model().objects.filter(username="reviewer").delete()
    for options in ("--users-only", "--with-users"):  # make run on an existing demo; a second load
        output = run(options)
        assert "demo-staff-2026" not in output
        assert ("demo-reviewer-2026" in output) == (options == "--users-only")  # created by the first run

        def logs_in(username, password):
            request = RequestFactory().post("/accounts/login/")
            return authenticate(request, username=username, password=password) is not None

        assert logs_in("staff", "changed-by-someone-1") and not logs_in("staff", "demo-staff-2026")
        assert logs_in("reviewer", "demo-reviewer-2026")  # a missing demo user is created
    assert get_user_model().objects.filter(username__in=[login.username for login in demo.DEMO_LOGINS]).count() == 4
