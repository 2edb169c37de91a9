"""`manage.py seed_demo [--with-users]`: article 000's committee as demo data.

The data are defined in fixtures/demo.py; this command draws the personal details (names, ID
numbers, dates, phones) from seeded random generators and writes every record through the
services, so history rows are written as for any other change.

Deterministic and idempotent: the whole demo is planned first, without looking at the database,
then only the records whose natural key (a chamber's, enterprise's or organization's name, a
member's ID number) is not there yet are created. A second run creates nothing and writes no
history.
"""

import datetime
import random
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from branches import clock, rooms
from branches import services as branch_services
from branches.creditcodes import ALPHABET, credit_code_check_character
from branches.models import Chamber, Enterprise, Organization, RoleAssignment
from fixtures import demo
from registry.development import demo as development_demo
from registry.dues import demo as dues_demo
from registry.idnumbers import id_check_character
from registry.members import services as member_services
from registry.models import DemoSeed, Member, SurveyCount, SurveyRound
from registry.movements import demo as movement_demo
from registry.surveys import services as survey_services
from spreadsheets.dates import DAY, MONTH

# How each of the six knowns (registry/sixknowns.py) is left unknown on a record.
UNKNOWN = {
    "left_home": {"left_home": None},
    "work_address": {"work_address": ""},
    "origin": {"origin_address": "", "origin_organization": ""},
    "occupation": {"occupation": ""},
    "phone": {"phone": ""},
    "dues": {"dues_paid_through": None},
}


# --- small helpers for drawing values --------------------------------------------------------


def _weighted(rng: random.Random, pairs) -> str:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _months_before(day: datetime.date, months: int) -> datetime.date:
    """The first of the month `months` months before `day`'s month."""
    index = day.year * 12 + day.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _person_name(rng: random.Random, male: bool) -> str:
    pool = demo.GIVEN_MALE if male else demo.GIVEN_FEMALE
    given = rng.choice(pool) + (rng.choice(pool) if rng.random() < 0.85 else "")
    return _weighted(rng, demo.SURNAMES) + given


class _Phones:
    """Distinct mobile numbers."""

    def __init__(self, rng: random.Random):
        self.rng, self.taken = rng, set()

    def draw(self) -> str:
        while True:
            phone = self.rng.choice(demo.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.taken:
                self.taken.add(phone)
                return phone


def _id_number(rng: random.Random, region: str, birth: datetime.date, male: bool, taken: set) -> str:
    """GB 11643: region, birth date, a sequence whose last digit is odd for men, a check character."""
    while True:
        first17 = f"{region}{birth:%Y%m%d}{rng.randrange(100):02d}{rng.randrange(5) * 2 + (1 if male else 0)}"
        number = first17 + id_check_character(first17)
        if number not in taken:
            taken.add(number)
            return number


def _organization_code(rng: random.Random) -> str:
    """The 9-character organization code inside a credit code, with its GB 11714 check character."""
    if rng.random() < 0.5:  # codes given out since 2015 begin with MA
        body = "MA0" + "".join(rng.choice(ALPHABET) for _ in range(5))
    else:
        body = "".join(rng.choice("0123456789") for _ in range(8))
    total = sum(int(char, 36) * weight for char, weight in zip(body, (3, 7, 9, 10, 5, 8, 4, 2), strict=True))
    check = 11 - total % 11
    return body + {10: "X", 11: "0"}.get(check, str(check))


def _credit_code(rng: random.Random, district_code: str, taken: set) -> str:
    """GB 32100: 9 (industry and commerce) 1 (enterprise), region, organization code, check character."""
    while True:
        first17 = "91" + district_code + _organization_code(rng)
        code = first17 + credit_code_check_character(first17)
        if code not in taken:
            taken.add(code)
            return code


# --- the plan: every record, with references by name, built without the database ------------


@dataclass
class _Slot:
    """One member to be: where they take part, where they work, where they may come from."""

    organization: demo.OrganizationSpec
    enterprise: str | None
    counties: tuple[demo.County, ...]
    category: str = Member.Category.REGISTERED_MOBILE
    probationary: bool = False
    missing: tuple[str, ...] = ()
    lost_contact: bool = False


@dataclass
class DemoPlan:
    chambers: list[dict]
    enterprises: list[dict]
    organizations: list[dict]
    members: list[dict]
    survey_round: dict
    survey_counts: list[dict]


def _plan_chambers(rng: random.Random) -> list[dict]:
    rows = [
        {
            "name": demo.GENERAL_CHAMBER,
            "kind": Chamber.Kind.GENERAL,
            "parent": None,
            "home_region": "福建省",
            "supervising_department": demo.GENERAL_SUPERVISOR,
            "established": demo.GENERAL_CHAMBER_ESTABLISHED,
        }
    ]
    for region in demo.REGIONS:
        rows.append(
            {
                "name": demo.city_chamber(region),
                "kind": Chamber.Kind.CITY,
                "parent": demo.GENERAL_CHAMBER,
                "home_region": region.home_region,
                "supervising_department": demo.CITY_SUPERVISOR,
                "established": _day_between(rng, datetime.date(2005, 1, 1), datetime.date(2012, 12, 31)),
            }
        )
    for chamber in demo.INDUSTRY_CHAMBERS:
        rows.append(
            {
                "name": chamber.name,
                "kind": Chamber.Kind.INDUSTRY,
                "parent": demo.GENERAL_CHAMBER,
                "home_region": "福建省",
                "supervising_department": demo.GENERAL_SUPERVISOR,
                "established": _day_between(rng, datetime.date(2008, 1, 1), datetime.date(2013, 12, 31)),
            }
        )
    return rows


def _plan_slots(rng: random.Random) -> list[_Slot]:
    """Where each of the 414 members takes part, their category, status and gaps in the six knowns."""
    specs = {spec.name: spec for spec in demo.ORGANIZATIONS}
    enterprise_chamber = {enterprise.name: enterprise.chamber for enterprise in demo.ENTERPRISES}
    home_counties = {demo.city_chamber(region): region.counties for region in demo.REGIONS}
    home_counties[demo.GENERAL_CHAMBER] = tuple(demo.COUNTIES.values())
    home_counties.update(
        {
            chamber.name: tuple(demo.COUNTIES[code] for code in chamber.home_counties)
            for chamber in demo.INDUSTRY_CHAMBERS
        }
    )

    def chamber_of(spec):
        if spec.chamber:
            return spec.chamber
        return enterprise_chamber[spec.hosts[0]] if spec.hosts else chamber_of(specs[spec.parent])

    def enterprise_for(spec, index):
        if spec.formation == demo.STANDALONE:
            return spec.hosts[0]
        if spec.formation == demo.JOINTLY:  # fewer than 3 full members in each host
            return spec.hosts[index % len(spec.hosts)]
        if spec.level == demo.GROUP:
            return enterprise_for(specs[spec.parent], index)
        if spec.formation == demo.OFFICE:  # the workplaces named in the fixture, the rest self-employed
            for enterprise, count in spec.workplaces:
                if index < count:
                    return enterprise
                index -= count
        return None

    slots, temporary, by_formation = [], [], defaultdict(list)
    for spec in demo.ORGANIZATIONS:
        counties = (demo.COUNTIES[spec.origin_county],) if spec.origin_county else home_counties[chamber_of(spec)]
        for index in range(spec.members):
            if index < spec.temporary_members:
                temporary.append(len(slots))
            by_formation[spec.formation or spec.level].append(len(slots))
            slots.append(_Slot(spec, enterprise_for(spec, index), counties))

    for index in temporary:
        slots[index].category = Member.Category.TEMPORARY
    shown = rng.sample(by_formation[demo.OFFICE], demo.SHOWN_IDENTITY)
    for index in shown:
        slots[index].category = Member.Category.SHOWN_IDENTITY
    # Self-managed: membership transferred into an enterprise branch or a chamber's own branch.
    pool = sorted(
        set(by_formation[demo.STANDALONE] + by_formation[demo.GROUP] + by_formation[demo.OFFICE]) - set(shown)
    )
    for index in rng.sample(pool, demo.SELF_MANAGED):
        slots[index].category = Member.Category.SELF_MANAGED
    # The workplaces of office-based branches are the formation advice's demo cases: full members.
    workplaces = {index for index, slot in enumerate(slots) if slot.organization.workplaces and slot.enterprise}
    for index in rng.sample(sorted(set(range(len(slots))) - set(temporary) - workplaces), demo.PROBATIONARY):
        slots[index].probationary = True

    mobile = [index for index, slot in enumerate(slots) if slot.category != Member.Category.SELF_MANAGED]
    for order, index in enumerate(rng.sample(mobile, demo.SIX_KNOWNS_INCOMPLETE)):
        missing = {"phone"} if order < demo.LOST_CONTACT else set()
        wanted = 1 if rng.random() < 0.7 else 2
        while len(missing) < wanted:
            missing.add(_weighted(rng, demo.MISSING_KNOWNS))
        slots[index].missing = tuple(sorted(missing))
        slots[index].lost_contact = order < demo.LOST_CONTACT

    counts = Counter(slot.category for slot in slots)
    expected = {
        Member.Category.SELF_MANAGED: demo.SELF_MANAGED,
        Member.Category.REGISTERED_MOBILE: demo.REGISTERED_MOBILE,
    }
    if len(slots) != demo.MEMBER_TOTAL or any(counts[category] != number for category, number in expected.items()):
        raise CommandError(f"fixtures/demo.py is inconsistent: {len(slots)} members, {dict(counts)}")
    return slots


def _plan_enterprises(rng: random.Random, slots: list[_Slot], founded: dict) -> list[dict]:
    on_record = Counter(slot.enterprise for slot in slots if slot.enterprise)
    codes, rows = set(), []
    for enterprise in demo.ENTERPRISES:
        district_code, streets = demo.BEIJING_DISTRICTS[enterprise.district]
        reported = on_record[enterprise.name]
        if reported == 0:
            reported = rng.randint(1, 2)  # on the membership form, not yet found by the survey
        elif rng.random() < 0.15:
            reported += 1
        rows.append(
            {
                "name": enterprise.name,
                "chamber": enterprise.chamber,
                "industry": enterprise.industry,
                "credit_code": _credit_code(rng, district_code, codes),
                "address": f"北京市{enterprise.district}{rng.choice(streets)}{rng.randint(1, 188)}号",
                "joined_chamber": _day_between(rng, founded[enterprise.chamber], datetime.date(2021, 12, 31)),
                "party_members_reported": reported,
            }
        )
    return rows


def _plan_organizations(rng: random.Random, phones: _Phones, founded: dict) -> list[dict]:
    rows, established = [], {}
    for spec in demo.ORGANIZATIONS:
        if spec.established:
            day = spec.established
        else:  # after its parent and its chamber
            earliest = max(
                established.get(spec.parent),
                founded.get(spec.chamber),
                datetime.date(2009, 1, 1),
                key=lambda day: day or datetime.date.min,
            )
            latest = datetime.date(2022 if spec.level in (demo.TEMPORARY, demo.GROUP) else 2020, 12, 31)
            day = _day_between(rng, earliest + datetime.timedelta(days=30), latest)
        established[spec.name] = day
        if spec.level == demo.COMMITTEE_LEVEL:
            plaque = demo.COMMITTEE_UPGRADED
        else:
            plaque = day + datetime.timedelta(days=rng.randint(0, 120)) if spec.plaque_granted else None
        rows.append(
            {
                "name": spec.name,
                "level": spec.level,
                "parent": spec.parent,
                "chamber": spec.chamber,
                "formation": spec.formation,
                "host_enterprises": list(spec.hosts),
                "established": day,
                "plaque_granted": plaque,
                "secretary_name": _person_name(rng, rng.random() < 0.85),
                "secretary_phone": phones.draw(),
            }
        )
    return rows


def _plan_survey_round(as_of: datetime.date) -> dict:
    spec = demo.survey_round(as_of)
    return {
        "name": spec.name,
        "started": spec.started,
        "ended": spec.ended,
        "channels": list(spec.channels),
        "notes": spec.notes,
    }


def _plan_survey_counts(rng: random.Random, members: list[dict]) -> list[dict]:
    """What the round counted in each branch: the roster (a branch with its party groups), except
    for demo.SURVEY_DIFFERENCES, and a number of activists (who are not on the roster)."""
    specs = {spec.name: spec for spec in demo.ORGANIZATIONS}
    branch_levels = (demo.BRANCH, demo.JOINT, demo.TEMPORARY)

    def counted_in(name):
        spec = specs[name]
        return name if spec.level in branch_levels else counted_in(spec.parent)

    figures = defaultdict(Counter)
    for row in members:
        counted = figures[counted_in(row["organization"])]
        counted["members"] += 1
        counted[row["category"]] += 1
        counted["probationary"] += row["status"] == Member.Status.PROBATIONARY
    rows = []
    for spec in demo.ORGANIZATIONS:
        if spec.level not in branch_levels:
            continue
        on_record = figures[spec.name]
        difference = demo.SURVEY_DIFFERENCES.get(spec.name, {})
        row = {"organization": spec.name}
        for figure in ("members", "self_managed", "registered_mobile", "probationary"):
            row[figure] = on_record[figure] + difference.get(figure, 0)
        row["activists"] = rng.randint(*demo.SURVEY_ACTIVISTS)
        rows.append(row)
    unknown = set(demo.SURVEY_DIFFERENCES) - {row["organization"] for row in rows}
    if unknown:
        raise CommandError(f"fixtures/demo.py: survey differences for organizations that are not branches: {unknown}")
    return rows


def _town_organization(county: demo.County, town: str) -> str:
    place = f"{county.city}{county.name}" if county.name.endswith("区") else county.name
    return f"中共{place}{town}{'工作委员会' if town.endswith('街道') else '委员会'}"


def _plan_members(
    rng: random.Random, slots: list[_Slot], addresses: dict, phones: _Phones, today: datetime.date
) -> list[dict]:
    ids, rows = set(), []
    for slot in slots:
        county = rng.choice(slot.counties)
        town = rng.choice(county.towns)
        male = rng.random() < 0.78
        age = rng.randint(23, 40) if slot.probationary else rng.randint(24, 66)
        birth = _day_between(  # `age` years old on the demo's date
            rng, _add_years(today, -age - 1) + datetime.timedelta(days=1), _add_years(today, -age)
        )
        adult = _add_years(birth, 18)

        joined_precision = made_full_precision = DAY
        if slot.probationary:  # joined within the last year; not yet made full
            joined, made_full = today - datetime.timedelta(days=rng.randint(45, 330)), None
        else:
            joined = _add_years(birth, rng.randint(19, 36)) + datetime.timedelta(days=rng.randrange(365))
            joined = max(min(joined, today - datetime.timedelta(days=400)), adult + datetime.timedelta(days=31))
            if rng.random() < 0.25:  # the secretary knows the month only
                joined, joined_precision = joined.replace(day=1), MONTH
            made_full, made_full_precision = _add_years(joined, 1), joined_precision

        months_a_member = max((today.year - joined.year) * 12 + today.month - joined.month, 1)

        left_home = _add_years(birth, rng.randint(17, 30)) + datetime.timedelta(days=rng.randrange(365))
        left_home = max(min(left_home, today - datetime.timedelta(days=90)), _add_years(birth, 16))
        left_home_precision = DAY
        if rng.random() < 0.5:
            left_home, left_home_precision = left_home.replace(day=1), MONTH

        if slot.enterprise:
            work_address, occupation = addresses[slot.enterprise], rng.choice(demo.OCCUPATIONS)
        else:
            work_address = f"{rng.choice(demo.MARKETS)}{rng.randint(1, 300)}号"
            occupation = rng.choice(demo.OCCUPATIONS_WITHOUT_ENTERPRISE)
        self_managed = slot.category == Member.Category.SELF_MANAGED
        row = {
            "name": _person_name(rng, male),
            "id_number": _id_number(rng, county.code, birth, male, ids),
            "ethnicity": _weighted(rng, demo.ETHNICITIES),
            "education": _weighted(rng, demo.EDUCATIONS),
            "native_place": f"福建{county.short}",
            "status": Member.Status.PROBATIONARY if slot.probationary else Member.Status.FULL,
            "category": slot.category,
            "organization": slot.organization.name,
            "enterprise": slot.enterprise,
            "joined": joined,
            "joined_precision": joined_precision,
            "made_full": made_full,
            "made_full_precision": made_full_precision,
            # Self-managed members' membership was transferred here: no home organization of record.
            "origin_organization": "" if self_managed else _town_organization(county, town),
            "origin_address": f"福建省{county.city}{county.name}{town}",
            "left_home": left_home,
            "left_home_precision": left_home_precision,
            "work_address": work_address,
            "occupation": occupation,
            "phone": phones.draw(),
            "dues_paid_through": _months_before(today, min(_weighted(rng, demo.DUES_MONTHS_BEHIND), months_a_member)),
            "dues_paid_through_precision": MONTH,
            "lost_contact": slot.lost_contact,
        }
        row["registered_on"] = movement_demo.registered_on(row, today)
        for known in slot.missing:
            row.update(UNKNOWN[known])
        rows.append(row)
    return rows


def _plan_post_categories(rng: random.Random, members: list[dict]) -> None:
    """Each member's 工作岗位, read from what they do (fixtures/demo.py POST_CATEGORIES): a chamber's
    members are mostly managers, professionals and workers of non-public enterprises, some of the
    workers 农民工; a few are left unknown, for the work list. Its own generator: the other draws
    of the demo, and so its figures, stay as they were."""
    for row in members:
        choices = demo.POST_CATEGORIES[row["occupation"] or None]
        unknown = rng.random() < demo.POST_CATEGORY_UNKNOWN
        # Only members whose membership is held elsewhere are left unknown: the annual statistics count the
        # self-managed by their post (T2-T4 rows), and every check holds on the demo (docs/statistics.md#demo).
        row["post_category"] = "" if unknown and row["category"] != "self_managed" else _weighted(rng, choices)


def build_plan(as_of: datetime.date) -> DemoPlan:
    """The whole demo as of `as_of`, always the same for the same day: one seeded generator per
    kind of record, every date drawn relative to `as_of`."""

    def rng(stage):
        return random.Random(f"{demo.SEED}:{stage}")

    phones = _Phones(rng("phones"))
    chambers = _plan_chambers(rng("chambers"))
    founded = {row["name"]: row["established"] for row in chambers}
    slots = _plan_slots(rng("slots"))
    enterprises = _plan_enterprises(rng("enterprises"), slots, founded)
    addresses = {row["name"]: row["address"] for row in enterprises}
    members = _plan_members(rng("members"), slots, addresses, phones, as_of)
    _plan_post_categories(rng("post_categories"), members)
    return DemoPlan(
        chambers=chambers,
        enterprises=enterprises,
        organizations=_plan_organizations(rng("organizations"), phones, founded),
        members=members,
        survey_round=_plan_survey_round(as_of),
        survey_counts=_plan_survey_counts(rng("survey"), members),
    )


# --- loading: create what is missing, through the services -----------------------------------


@transaction.atomic
def load_plan(plan: DemoPlan) -> Counter:
    """Creates the planned records that are not there yet (by natural key); returns how many of each."""
    created = Counter()
    chambers = {c.name: c for c in Chamber.objects.filter(name__in=[row["name"] for row in plan.chambers])}
    for row in plan.chambers:
        if row["name"] not in chambers:
            data = {**row, "parent": chambers[row["parent"]] if row["parent"] else None}
            chambers[row["name"]] = branch_services.chamber_create(data=data, actor=None)
            created["chambers"] += 1

    enterprises = {e.name: e for e in Enterprise.objects.filter(name__in=[row["name"] for row in plan.enterprises])}
    for row in plan.enterprises:
        if row["name"] not in enterprises:
            data = {**row, "chamber": chambers[row["chamber"]]}
            enterprises[row["name"]] = branch_services.enterprise_create(data=data, actor=None)
            created["enterprises"] += 1

    organizations = {
        o.name: o for o in Organization.objects.filter(name__in=[row["name"] for row in plan.organizations])
    }
    for row in plan.organizations:
        if row["name"] not in organizations:
            data = {
                **row,
                "parent": organizations[row["parent"]] if row["parent"] else None,
                "chamber": chambers[row["chamber"]] if row["chamber"] else None,
                "host_enterprises": [enterprises[name] for name in row["host_enterprises"]],
            }
            organizations[row["name"]] = branch_services.organization_create(data=data, actor=None)
            created["organizations"] += 1

    existing = set(
        Member.objects.filter(id_number__in=[row["id_number"] for row in plan.members]).values_list(
            "id_number", flat=True
        )
    )
    for row in plan.members:
        if row["id_number"] not in existing:
            data = {
                **row,
                "organization": organizations[row["organization"]],
                "enterprise": enterprises[row["enterprise"]] if row["enterprise"] else None,
            }
            member_services.member_create(data=data, actor=None, reason=demo.REASON)
            created["members"] += 1

    survey_round = SurveyRound.objects.filter(name=plan.survey_round["name"]).first()
    if survey_round is None:
        survey_round = survey_services.survey_round_create(data=plan.survey_round, actor=None)
        created["survey_rounds"] += 1
    counted = set(survey_round.counts.values_list("organization__name", flat=True))
    for row in plan.survey_counts:
        if row["organization"] not in counted:
            survey_services.survey_count_save(
                survey_round=survey_round,
                organization=organizations[row["organization"]],
                data={figure: row[figure] for figure in SurveyCount.FIGURES},
                actor=None,
            )
            created["survey_counts"] += 1
    return created


def grant_demo_logins() -> list[tuple[demo.DemoLogin, Organization | None, bool]]:
    """The four demo users, each with its demo password: created when missing, and an existing one
    left as it is — its password may be one a person set (`grant_role --password`, /roles/), which
    the published demo password must never replace (with DEBUG off it would be refused, and nobody
    could log in). Each with whether it was created now."""
    granted = []
    existing = set(
        get_user_model()
        .objects.filter(username__in=[login.username for login in demo.DEMO_LOGINS])
        .values_list("username", flat=True)
    )
    for login in demo.DEMO_LOGINS:
        if login.username in existing:
            granted.append((login, None, False))
            continue
        organization = None
        if login.organization:
            organization = Organization.objects.filter(name=login.organization).first()
            if organization is None:
                raise CommandError(
                    _("The organization “%(name)s” for the demo secretary does not exist.")
                    % {"name": login.organization}
                )
        branch_services.role_grant(
            username=login.username,
            role=login.role,
            organization=organization,
            password=login.password,
            name=login.name,
        )
        granted.append((login, organization, True))
    return granted


def as_of_from(text: str | None) -> datetime.date:
    """The day the demo describes: `--as-of` (ISO date, not after today) or today."""
    today = clock.today()
    if not text:
        return today
    try:
        day = datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise CommandError(
            _("--as-of “%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2026-12-06.") % {"value": text}
        ) from None
    if day > today:
        raise CommandError(
            _("--as-of %(day)s is after today (%(today)s): the demo can only describe a day that has come.")
            % {"day": day.isoformat(), "today": today.isoformat()}
        )
    if day.year < 2000:
        raise CommandError(_("--as-of %(day)s is too early: give a day from 2000 on.") % {"day": day.isoformat()})
    return day


def demo_seeded_on() -> datetime.date | None:
    """The day the demo in this database describes; None when there is no demo."""
    latest = DemoSeed.objects.order_by("-seeded_at", "-id").first()
    if latest is not None:
        return latest.as_of
    if Organization.objects.filter(name=demo.ORGANIZATIONS[0].name).exists():
        return datetime.date(2026, 11, 1)  # demos loaded before the day was recorded all described 2026-11-01
    return None


def _measure_what_was_written() -> None:
    """ANALYZE the project's tables on PostgreSQL when the demo is written inside one transaction
    (the tests' data sets), which autovacuum never sees: the letters' drafts then read a year of
    meetings through tables the planner takes for empty, and its nested loops took 1.7-3.7 s over
    7,000 attendance rows (4 ms once measured). Outside a transaction autovacuum measures them."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        return
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(table) for table in tables))


class Command(BaseCommand):
    help = (
        "Loads the demo committee of article 000 (北京福建企业总商会): chambers, enterprises, "
        "organizations and 414 members, with every date placed relative to the day it describes "
        "(--as-of, default today). Safe to run again: what exists is left alone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--with-users",
            action="store_true",
            help=("Also create the demo logins (admin, staff, secretary, reviewer) and print them."),
        )
        parser.add_argument(
            "--users-only",
            action="store_true",
            help=(
                "Only create the demo logins that are missing and print them: for a database that holds the "
                "demo already. An existing login, and the password a person gave it, is left as it is."
            ),
        )
        parser.add_argument(
            "--as-of",
            metavar="YYYY-MM-DD",
            help=(
                "The day the demo describes (default today): dues paid up to the month before, a notice "
                "running, a probation ending, last half year's letters sent, all counted from this day."
            ),
        )

    def handle(self, *args, with_users=False, users_only=False, as_of=None, **options):
        if users_only:
            self._say_age()
            self._print_logins(grant_demo_logins())
            return
        day = as_of_from(as_of)
        present = demo_seeded_on()
        if present is not None and present != day:
            # Another day's demo is here: its people were drawn for that day, and adding today's
            # would put a second committee beside it. Say so, and how to start afresh.
            self._say_age()
        else:
            self._load(day)
        if with_users:
            self._print_logins(grant_demo_logins())

    def _load(self, day: datetime.date) -> None:
        created = load_plan(development_demo.with_development(build_plan(day), day))
        created["dues_months"] = dues_demo.load(day)  # a year of payments in most branches
        movement_demo.seed(day)  # a year of movements: the balance shows how the roster got here
        if sum(created.values()):
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Demo loaded: %(chambers)d chambers, %(enterprises)d enterprises, %(organizations)d "
                        "organizations and %(members)d members created."
                    )
                    % {key: created[key] for key in ("chambers", "enterprises", "organizations", "members")}
                )
            )
            if created["survey_counts"]:
                self.stdout.write(
                    self.style.SUCCESS(
                        _("Survey round loaded: %(counts)d counts created.") % {"counts": created["survey_counts"]}
                    )
                )
        else:
            self.stdout.write(_("The demo is already present: nothing was created."))
        development_demo.load(day)  # the development story: candidates at every stage (registry/development/demo.py)
        for room in rooms.rooms():  # each room's own part (Room.demo): honours…
            for load in room.demo:
                load(day)
        _measure_what_was_written()
        # Outreach's year of contacts, then certificates and letters (the registry does not import outreach).
        call_command("seed_outreach_demo", as_of=day.isoformat(), stdout=self.stdout)
        if not DemoSeed.objects.filter(as_of=day).exists():
            DemoSeed.objects.create(as_of=day)
        self.stdout.write(_("The demo describes %(day)s.") % {"day": day.isoformat()})

    def _say_age(self) -> None:
        """One line: which day the demo here describes, how long ago, and how to load it afresh."""
        day = demo_seeded_on()
        if day is None:
            return
        age = (clock.today() - day).days
        if age <= 0:
            self.stdout.write(_("The demo describes today (%(day)s).") % {"day": day.isoformat()})
        else:
            self.stdout.write(
                self.style.WARNING(
                    ngettext(
                        "The demo describes %(day)s, %(age)d day ago: its work lists and dues are counted from today. "
                        "To load it afresh, delete db.sqlite3 and run “make run” again.",
                        "The demo describes %(day)s, %(age)d days ago: its work lists and dues are counted from today. "
                        "To load it afresh, delete db.sqlite3 and run “make run” again.",
                        age,
                    )
                    % {"day": day.isoformat(), "age": age}
                )
            )

    def _print_logins(self, granted):
        self.stdout.write("")
        self.stdout.write(_("Demo logins (for trying the registry only; change the passwords before real use):"))
        for login, organization, created in granted:
            if not created:
                self.stdout.write(
                    _("  %(username)s — exists already: its password and roles are left as they are")
                    % {"username": login.username}
                )
                continue
            self.stdout.write(
                _("  %(username)s / %(password)s — %(name)s, %(role)s: %(sees)s")
                % {
                    "username": login.username,
                    "password": login.password,
                    "name": login.name,
                    "role": RoleAssignment.Role(login.role).label,
                    "sees": _what_they_see(login.role, organization),
                }
            )
        if not settings.DEBUG:
            self.stdout.write(
                self.style.WARNING(
                    _(
                        "DEBUG is off: these published demo passwords are refused at login. "
                        "Give each user their own with “manage.py grant_role USERNAME ROLE --password …”."
                    )
                )
            )


def _what_they_see(role: str, organization: Organization | None) -> str:
    Role = RoleAssignment.Role
    if role == Role.ADMIN:
        return _("everything, plus users, roles and the admin site")
    if role == Role.STAFF:
        return _("sees and edits everything")
    if role == Role.SECRETARY:
        return _("keeps the roster of %(organization)s and the organizations below it") % {"organization": organization}
    return _("dashboards and reports, read only; ID numbers and phones masked")
