"""Benchmark of the committee's figures. Not a test: run it by hand.

    .venv/bin/python bench/dashboard.py                      # 100,000 members, SQLite and PostgreSQL
    .venv/bin/python bench/dashboard.py --members 20000 --skip-postgres

Fills an empty database with 100,000 members in 1,000 organizations (a committee, 19 general
branches, 980 branches), 3,000 member enterprises in 40 chambers and a survey round that counted
every branch, then prints, for committee staff and for the secretary of one general branch, the
server time (the median of several requests through Django's test client: views, queries and
templates, no network) and the number of queries of the home page, the reconciliation page and
the six-knowns work list.

PostgreSQL is a throwaway cluster, started and stopped as bench/import_members.py does (its
`Postgres` class), unless DATABASE_URL names a PostgreSQL database to use instead (it is emptied
first). Each database is filled and measured in a process of its own.

Target: each page under 300 ms and under 20 queries at that size. The tests assert
the query bounds (django_assert_max_num_queries); nothing asserts a time.
"""

import argparse
import contextlib
import datetime
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from import_members import Postgres, setup_django

ROOT = Path(__file__).resolve().parent.parent
GENERAL_BRANCHES = 19
ORGANIZATIONS = 1_000  # the committee, the general branches, and branches under them
CHAMBERS = 40
ENTERPRISES = 3_000
TARGET_MS, TARGET_QUERIES = 300, 20
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(index: int) -> str:
    """A valid, distinct 18-character ID number for every index below 9 million, born from 1960 to
    August 1984: of age when the generator has them join (1 July 2005), as the import's rules want
    of any row read back (born up to 2003, a third of 100,000 joined under 18 and every re-import of
    them was refused)."""
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=index % 9_000)
    first17 = f"350102{birth:%Y%m%d}{index // 9_000:03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def phase_fill(args) -> dict:
    """Migrates an empty database and fills it. Organizations, chambers, enterprises, the round
    and its counts go through the services (history rows and all); the members, being many and
    only read here, are bulk-inserted."""
    if args.database.startswith("sqlite:///"):
        Path(args.database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    setup_django(args.database)
    from django.core.management import call_command
    from django.db import connection, transaction

    from branches import services
    from branches.models import Chamber, Organization
    from registry.models import Member
    from registry.surveys import services as survey_services

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    rng = random.Random(4)
    with transaction.atomic():
        general = services.chamber_create(data={"name": "北京福建企业总商会", "kind": Chamber.Kind.GENERAL}, actor=None)
        chambers = [
            services.chamber_create(
                data={
                    "name": f"测试商会{index:02d}",
                    "parent": general,
                    "kind": Chamber.Kind.CITY if index < CHAMBERS // 2 else Chamber.Kind.INDUSTRY,
                },
                actor=None,
            )
            for index in range(CHAMBERS)
        ]
        enterprises = [
            services.enterprise_create(
                data={"name": f"测试企业{index:04d}有限公司", "chamber": chambers[index % CHAMBERS]}, actor=None
            )
            for index in range(ENTERPRISES)
        ]
        committee = services.organization_create(
            data={
                "name": "中共北京福建企业总商会委员会",
                "level": Organization.Level.COMMITTEE,
                "chamber": general,
            },
            actor=None,
        )
        generals = [
            services.organization_create(
                data={
                    "name": f"测试商会{index:02d}党总支",
                    "level": Organization.Level.GENERAL_BRANCH,
                    "parent": committee,
                    "chamber": chambers[index],
                },
                actor=None,
            )
            for index in range(GENERAL_BRANCHES)
        ]
        branches = []
        for index in range(ORGANIZATIONS - 1 - GENERAL_BRANCHES):
            hosted = index % 3 == 0
            branches.append(
                services.organization_create(
                    data={
                        "name": f"测试党支部{index:04d}",
                        "parent": generals[index % GENERAL_BRANCHES],
                        "level": Organization.Level.JOINT_BRANCH if index % 7 == 0 else Organization.Level.BRANCH,
                        "formation": Organization.Formation.STANDALONE
                        if hosted
                        else Organization.Formation.OFFICE_BASED,
                        "host_enterprises": [enterprises[index]] if hosted else [],
                        "chamber": None if hosted else chambers[index % CHAMBERS],
                    },
                    actor=None,
                )
            )

        categories = ["registered_mobile"] * 70 + ["self_managed"] * 24 + ["shown_identity"] * 4 + ["temporary"] * 2
        members, counted = [], {branch.pk: [0, 0, 0, 0] for branch in branches}
        for index in range(args.members):
            branch = branches[index % len(branches)]
            category = rng.choice(categories)
            probationary = rng.random() < 0.03
            incomplete = rng.random() < 0.2
            members.append(
                Member(
                    name=f"党员{index}",
                    id_number=id_number(index),
                    organization=branch,
                    enterprise=enterprises[rng.randrange(ENTERPRISES)] if rng.random() < 0.7 else None,
                    category=category,
                    status="probationary" if probationary else "full",
                    joined=datetime.date(2005, 7, 1),
                    made_full=None if probationary else datetime.date(2006, 7, 1),
                    left_home=None if incomplete and rng.random() < 0.5 else datetime.date(2010, 3, 1),
                    work_address="北京市朝阳区某路1号",
                    origin_address="福建省福州市鼓楼区",
                    occupation="经理",
                    phone="" if incomplete else f"139{index:08d}",
                    dues_paid_through=datetime.date(2026, 6, 1),
                )
            )
            figures = counted[branch.pk]
            figures[0] += 1
            figures[1] += category == "self_managed"
            figures[2] += category == "registered_mobile"
            figures[3] += probationary
            if len(members) == 5_000:
                Member.objects.bulk_create(members)
                members = []
        Member.objects.bulk_create(members)

        survey_round = survey_services.survey_round_create(
            data={"name": "2026年摸底排查", "started": datetime.date(2026, 9, 1)}, actor=None
        )
        for number, branch in enumerate(branches):
            members_found, self_managed, registered_mobile, probationary = counted[branch.pk]
            missing = 2 if number % 10 == 0 else 0  # one branch in ten counted members not on record
            survey_services.survey_count_save(
                survey_round=survey_round,
                organization=branch,
                data={
                    "members": members_found + missing,
                    "self_managed": self_managed,
                    "registered_mobile": registered_mobile + missing,
                    "probationary": probationary,
                    "activists": 1,
                },
                actor=None,
            )
        services.role_grant(username="staff", role="staff")
        services.role_grant(username="secretary", role="secretary", organization=generals[0])
    with connection.cursor() as cursor:
        # As after a day's use: fresh statistics for the query planner and, on PostgreSQL, what its
        # autovacuum does to a table just filled — the visibility map set, without which an
        # index-only scan visits the table for every row (staff's /coverage/ took 359 ms on a
        # database just filled, 235-250 on the same database vacuumed).
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return {
        "seconds": time.perf_counter() - start,
        "members": Member.objects.count(),
        "organizations": Organization.objects.count(),
    }


def phase_measure(args) -> dict:
    setup_django(args.database)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from registry.models import SurveyRound

    settings.ALLOWED_HOSTS = ["*"]
    survey_round = SurveyRound.objects.get()
    pages = {
        "home page": reverse("home"),
        "reconciliation": reverse("registry:survey_detail", args=[survey_round.pk]),
        "six-knowns work list": reverse("registry:six_knowns_worklist"),
    }
    if args.every_list:
        from registry.members.filters import MemberFilter

        pages.update(EVERY_LIST)
        for column in MemberFilter.sort_columns:
            pages[f"roster by {column}"] = f"/members/?sort={column}"
            pages[f"roster by -{column}"] = f"/members/?sort=-{column}&page=40"
        for column in ("own", "subtree", "six_knowns"):
            pages[f"organizations by -{column}"] = f"/organizations/?sort=-{column}"
    results = []
    for username in ("staff", "secretary"):
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        for label, url in pages.items():
            if client.get(url).status_code in (403, 404):  # warm-up: templates, caches
                continue  # a committee page the secretary is refused
            timings = []
            for _ in range(args.repeat):
                # Timed as served: not under CaptureQueriesContext, whose debug cursor formats every
                # query's SQL with its parameters (on SQLite one more query each to quote them) and
                # added 30-100 ms to the pages with long IN lists.
                start = time.perf_counter()
                response = client.get(url)
                timings.append(1000 * (time.perf_counter() - start))
                assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as captured:  # the queries, counted once more
                client.get(url)
            queries = len(captured)
            results.append(
                {
                    "user": username,
                    "page": label,
                    "url": url,
                    "ms": statistics.median(timings),
                    "max_ms": max(timings),
                    "queries": queries,
                }
            )
    return {"results": results}


# With --every-list: every list and summary page a person opens from the menu (the committee's
# view), as tests/browser/test_lists.py screenshots them, and the roster sorted by each column.
EVERY_LIST = {
    "roster": "/members/",
    "roster search": "/members/?q=党员9999",
    "organizations": "/organizations/",
    "chambers": "/chambers/",
    "enterprises": "/enterprises/",
    "coverage": "/coverage/",
    "six knowns": "/six-knowns/",
    "surveys": "/surveys/",
    "dues": "/dues/",
    "dues reminders": "/dues/reminders/",
    "balance": "/balance/",
    "movements": "/movements/",
    "transfers": "/transfers/",
    "former members": "/former-members/",
    "development": "/development/",
    "imports": "/imports/",
    "lost touch": "/outreach/lost-touch/",
    "flowed out": "/outreach/flowed-out/",
    "designated contacts": "/outreach/designated-contacts/",
    "visits": "/outreach/visits/",
    "branch visits": "/outreach/branch-visits/",
    "services": "/outreach/services/",
    "activities": "/outreach/activities/",
    "activity absentees": "/outreach/activities/none-attended/",
    "certificates": "/certificates/",
    "certificates missing": "/certificates/missing/",
    "reverse issuance": "/certificates/requests/",
    "letters": "/letters/",
    "summary": "/summary/",
    "check-in queue": "/checkin/",
    "reconciliations": "/reconciliations/",
}


PHASES = {"fill": phase_fill, "measure": phase_measure}


def run_phase(name: str, args, database: str) -> dict:
    command = [
        sys.executable,
        __file__,
        "--phase",
        name,
        "--database",
        database,
        "--members",
        str(args.members),
        "--repeat",
        str(args.repeat),
    ] + (["--every-list"] if args.every_list else [])
    completed = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit(f"phase {name} failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(args):
    work = Path(tempfile.mkdtemp(prefix="bench-dashboard-"))
    databases = [("SQLite", f"sqlite:///{work / 'bench.sqlite3'}", None)]
    if not args.skip_postgres:
        databases.append(("PostgreSQL", None, Postgres()))
    rows = []
    for label, url, cluster in databases:
        with cluster if cluster else contextlib.nullcontext():
            url = url or cluster.url
            filled = run_phase("fill", args, url)
            print(
                f"{label}: filled {filled['members']:,} members in {filled['organizations']:,} organizations "
                f"in {filled['seconds']:.0f} s",
                flush=True,
            )
            for result in run_phase("measure", args, url)["results"]:
                rows.append((label, result))
    print()
    print(f"{'database':11} {'user':10} {'page':28} {'median ms':>9} {'max ms':>7} {'queries':>7}  target")
    for label, result in rows:
        met = result["ms"] < TARGET_MS and result["queries"] < TARGET_QUERIES
        print(
            f"{label:11} {result['user']:10} {result['page']:28} {result['ms']:>9.0f} {result['max_ms']:>7.0f} "
            f"{result['queries']:>7}  {'met' if met else 'NOT met'}"
        )
    print(
        f"\nTarget: each page under {TARGET_MS} ms and under {TARGET_QUERIES} queries "
        f"({args.members:,} members, {ORGANIZATIONS:,} organizations; median of {args.repeat} requests)."
    )
    for path in work.iterdir():
        path.unlink()
    work.rmdir()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="requests per page; the median is printed")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument(
        "--every-list",
        action="store_true",
        help="also every list page of the menu, and the roster sorted by each column",
    )
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--database", default="", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.phase:
        print(json.dumps(PHASES[arguments.phase](arguments)))
    else:
        main(arguments)
