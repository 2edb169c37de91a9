"""Benchmark of the lost-touch list (< 300 ms at 100,000 members and 1,000,000 contacts).
Not a test: run it by hand.

    .venv/bin/python bench/outreach.py                      # SQLite and PostgreSQL
    .venv/bin/python bench/outreach.py --members 20000 --contacts 200000 --skip-postgres

For each database it builds 200 organizations (a committee, 20 general branches, 179 branches),
100,000 members and 1,000,000 contacts over the last two years (about 2 % of members never
contacted), derives the latest-contact dates the way the contact service keeps them, then times
the lost-touch list as the page runs it — the count and the first page of 50, and the whole page
through Django's test client (template included) — for the committee office and for a secretary
of a general branch, a few times each, and prints the median time and the number of queries.
For comparison it also times the same first page computed without the denormalised date (an
aggregate over the contacts). PostgreSQL is a throwaway cluster (see bench/import_members.py).
"""

import argparse
import contextlib
import datetime
import importlib.util
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERAL_BRANCHES = 20
ORGANIZATIONS = 200
REPEAT = 7


def _import_members_bench():
    spec = importlib.util.spec_from_file_location("bench_import_members", ROOT / "bench" / "import_members.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def setup_django(database_url: str):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


def phase_prepare(args) -> dict:
    """An empty database, migrated, filled with organizations, members and contacts."""
    if args.database.startswith("sqlite:///"):
        Path(args.database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    setup_django(args.database)
    from django.core.management import call_command
    from django.db import connection, transaction

    from branches import services as branch_services
    from branches.models import Organization
    from outreach.contacts import services
    from outreach.models import Contact, LatestContact
    from registry.models import Member

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    committee = branch_services.organization_create(data={"name": "中共测试委员会", "level": "committee"}, actor=None)
    generals = [
        branch_services.organization_create(
            data={"name": f"测试第{i:02d}党总支", "level": "general_branch", "parent": committee}, actor=None
        )
        for i in range(GENERAL_BRANCHES)
    ]
    branches = [
        branch_services.organization_create(
            data={"name": f"测试第{i:03d}党支部", "level": "branch", "parent": generals[i % GENERAL_BRANCHES]},
            actor=None,
        )
        for i in range(ORGANIZATIONS - GENERAL_BRANCHES - 1)
    ]
    rng = random.Random(5)
    today = datetime.date.today()
    member_table, contact_table = Member._meta.db_table, Contact._meta.db_table
    member_columns = [
        "name",
        "id_number",
        "organization_id",
        "category",
        "status",
        "lost_contact",
        "notes",
        "gender",
        "ethnicity",
        "education",
        "native_place",
        "origin_organization",
        "origin_address",
        "work_address",
        "occupation",
        "phone",
        "birth_date_precision",
        "joined_precision",
        "made_full_precision",
        "left_home_precision",
        "dues_paid_through_precision",
    ]
    placeholders = ", ".join(["%s"] * len(member_columns))
    with transaction.atomic(), connection.cursor() as cursor:
        rows = []
        for index in range(args.members):
            rows.append(
                (
                    f"党员{index}",
                    f"{350000000000000000 + index:018d}",
                    rng.choice(branches).pk,
                    "registered_mobile",
                    "full",
                    False,
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    "",
                    f"139{index:08d}",
                    "day",
                    "day",
                    "day",
                    "day",
                    "day",
                )
            )
            if len(rows) == 10000:
                cursor.executemany(
                    f"INSERT INTO {member_table} ({', '.join(member_columns)}) VALUES ({placeholders})", rows
                )
                rows = []
        if rows:
            cursor.executemany(
                f"INSERT INTO {member_table} ({', '.join(member_columns)}) VALUES ({placeholders})", rows
            )
    member_ids = list(Member.objects.values_list("id", flat=True))
    contacted = [pk for pk in member_ids if rng.random() >= 0.02]
    with transaction.atomic(), connection.cursor() as cursor:
        rows = []
        for _ in range(args.contacts):
            rows.append(
                (
                    rng.choice(contacted),
                    today - datetime.timedelta(days=rng.randint(0, 730)),
                    rng.choice(("phone", "wechat_qq", "visit", "meeting", "letter")),
                    "联络员",
                    "",
                )
            )
            if len(rows) == 20000:
                cursor.executemany(
                    f"INSERT INTO {contact_table} (member_id, date, channel, made_by, note) VALUES (%s, %s, "
                    "%s, %s, %s)",
                    rows,
                )
                rows = []
        if rows:
            cursor.executemany(
                f"INSERT INTO {contact_table} (member_id, date, channel, made_by, note) VALUES (%s, %s, %s, %s, %s)",
                rows,
            )
    services.refresh_latest_contacts()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    branch_services.role_grant(username="bench-staff", role="staff")
    branch_services.role_grant(username="bench-secretary", role="secretary", organization=generals[0])
    return {
        "seconds": time.perf_counter() - started,
        "members": Member.objects.count(),
        "contacts": Contact.objects.count(),
        "latest": LatestContact.objects.count(),
        "organizations": Organization.objects.count(),
    }


def _timed(function) -> tuple[float, int, object]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times, queries, result = [], 0, None
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = function()
            times.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return statistics.median(times) * 1000, queries, result


def phase_measure(args) -> dict:
    setup_django(args.database)
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.paginator import Paginator
    from django.db.models import F, Max, Q
    from django.test import Client

    from branches import access
    from outreach.contacts import selectors
    from registry.members.selectors import members_visible_to

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]  # the test client's host name
    users = get_user_model().objects
    results = {}
    for label, username in (("committee office", "bench-staff"), ("secretary of a general branch", "bench-secretary")):
        user = users.get(username=username)
        access.assignment_of(user)  # the role is read once per request; not what is measured

        def first_page(user=user):
            page = Paginator(selectors.lost_touch(user, days=90), 50).get_page(1)
            return page.paginator.count, [m.name for m in page.object_list]

        milliseconds, queries, (count, names) = _timed(first_page)
        results[f"{label}: count + first page (selector)"] = {"ms": milliseconds, "queries": queries, "rows": count}

        def last_page(user=user):
            paginator = Paginator(selectors.lost_touch(user, days=90), 50)
            return [m.name for m in paginator.get_page(paginator.num_pages).object_list]

        milliseconds, queries, _rows = _timed(last_page)
        results[f"{label}: count + last page (selector)"] = {"ms": milliseconds, "queries": queries, "rows": count}

        client = Client()
        client.force_login(user)

        def whole_page(client=client):
            response = client.get("/outreach/lost-touch/")
            assert response.status_code == 200, response.status_code
            return response

        client.get("/outreach/lost-touch/")
        milliseconds, queries, _response = _timed(whole_page)
        results[f"{label}: whole page (client, template)"] = {"ms": milliseconds, "queries": queries, "rows": count}

        def aggregate_page(user=user):
            cutoff = datetime.date.today() - datetime.timedelta(days=90)
            members = (
                members_visible_to(user)
                .annotate(last=Max("contacts__date"))
                .filter(Q(last__isnull=True) | Q(last__lt=cutoff))
                .order_by(F("last").asc(nulls_first=True), "name", "id")
            )
            return [m.name for m in members[:50]]

        started = time.perf_counter()
        aggregate_page()
        results[f"{label}: first page without LatestContact (aggregate, once)"] = {
            "ms": (time.perf_counter() - started) * 1000,
            "queries": 1,
            "rows": count,
        }
    return results


PHASES = {"prepare": phase_prepare, "measure": phase_measure}


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
        "--contacts",
        str(args.contacts),
    ]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=7200)
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit(f"phase {name} failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(args):
    work = Path(tempfile.mkdtemp(prefix="bench-outreach-"))
    databases = [("SQLite", f"sqlite:///{work / 'bench.sqlite3'}", None)]
    if not args.skip_postgres:
        databases.append(("PostgreSQL", None, _import_members_bench().Postgres()))
    print(
        f"Lost-touch list (no contact for 90 days or never), {args.members:,} members, {args.contacts:,} contacts; "
        f"median of {REPEAT} runs. Target: < 300 ms."
    )
    for label, url, cluster in databases:
        context = cluster if cluster else contextlib.nullcontext()
        with context:
            url = url or cluster.url
            prepared = run_phase("prepare", args, url)
            print(
                f"\n{label}: {prepared['members']:,} members, {prepared['contacts']:,} contacts, "
                f"{prepared['latest']:,} latest-contact rows, {prepared['organizations']} organizations "
                f"(built in {prepared['seconds']:.0f} s)"
            )
            measured = run_phase("measure", args, url)
            print(f"  {'what':66} {'ms':>8} {'queries':>8} {'on list':>9}  target")
            for what, outcome in measured.items():
                verdict = "" if "aggregate" in what else ("met" if outcome["ms"] < 300 else "NOT met")
                print(f"  {what:66} {outcome['ms']:>8.1f} {outcome['queries']:>8} {outcome['rows']:>9,}  {verdict}")
    Path(work / "bench.sqlite3").unlink(missing_ok=True)
    work.rmdir()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--database", default="", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.phase:
        print(json.dumps(PHASES[arguments.phase](arguments), default=str))
    else:
        main(arguments)
