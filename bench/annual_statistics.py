"""Benchmark of the annual statistics (docs/statistics.md#speed). Not a test: run it by hand.

    .venv/bin/python bench/annual_statistics.py                      # 100,000 members, SQLite and PostgreSQL
    .venv/bin/python bench/annual_statistics.py --members 20000 --skip-postgres

(Not bench/statistics.py: that name would hide Python's own `statistics` module from every script in
bench/.) Fills an empty database much as bench/dashboard.py does (100,000 members in 1,000
organizations, a quarter of them self-managed, bulk-inserted), then adds a year of the events the
tables count — deaths, transfers out with their receipts, suspensions, departures from the party,
candidates made full, discipline — and prints the seconds and the queries of the whole registry's
report (every table and every check) for that year, the median of several runs.

Target (issue 25 §7): under 2 seconds on PostgreSQL at 100,000 members, a bounded number of queries.
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
from import_members import setup_django
from throwaway_postgres import Postgres

TARGET_SECONDS = 2.0
YEAR = 2025


ORGANIZATIONS = 1_000
GENERAL_BRANCHES = 19
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(index: int) -> str:
    """A valid, distinct 18-character ID number for every index below 16 million."""
    birth = datetime.date(1960, 1, 1) + datetime.timedelta(days=index % 16_000)
    first17 = f"350102{birth:%Y%m%d}{index // 16_000:03d}"
    return first17 + "10X98765432"[sum(int(d) * w for d, w in zip(first17, WEIGHTS, strict=True)) % 11]


def _fill_registry(args) -> dict:
    """An empty database migrated, the organizations through the services, the members bulk-inserted."""
    if args.database.startswith("sqlite:///"):
        Path(args.database.removeprefix("sqlite:///")).unlink(missing_ok=True)
    setup_django(args.database)
    from django.core.management import call_command
    from django.db import connection, transaction

    from branches import services
    from branches.models import Chamber, Organization
    from registry.models import Member

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public;")
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    rng = random.Random(4)
    with transaction.atomic():
        chamber = services.chamber_create(data={"name": "测试总商会", "kind": Chamber.Kind.GENERAL}, actor=None)
        committee = services.organization_create(
            data={"name": "测试商会党委", "level": Organization.Level.COMMITTEE, "chamber": chamber}, actor=None
        )
        generals = [
            services.organization_create(
                data={
                    "name": f"测试党总支{index:02d}",
                    "level": Organization.Level.GENERAL_BRANCH,
                    "parent": committee,
                },
                actor=None,
            )
            for index in range(GENERAL_BRANCHES)
        ]
        branches = [
            services.organization_create(
                data={
                    "name": f"测试党支部{index:04d}",
                    "level": Organization.Level.BRANCH,
                    "parent": generals[index % 19],
                },
                actor=None,
            )
            for index in range(ORGANIZATIONS - 1 - GENERAL_BRANCHES)
        ]
        categories = ["registered_mobile"] * 70 + ["self_managed"] * 24 + ["shown_identity"] * 4 + ["temporary"] * 2
        posts = ["prv_mgr", "prv_pro", "prv_wrk", "prv_mig", "other"]
        members = []
        for index in range(args.members):
            probationary = rng.random() < 0.03
            members.append(
                Member(
                    name=f"党员{index}",
                    id_number=id_number(index),
                    organization=branches[index % len(branches)],
                    category=rng.choice(categories),
                    status="probationary" if probationary else "full",
                    joined=datetime.date(2005, 7, 1),
                    made_full=None if probationary else datetime.date(2006, 7, 1),
                    education=rng.choice(["bachelor", "college", "high_school"]),
                    post_category=rng.choice(posts),
                    registered_on=datetime.date(2015, 1, 1) + datetime.timedelta(days=index % 3000),
                )
            )
            if len(members) == 5_000:
                Member.objects.bulk_create(members)
                members = []
        Member.objects.bulk_create(members)
    return {
        "seconds": time.perf_counter() - start,
        "members": Member.objects.count(),
        "organizations": Organization.objects.count(),
    }


def phase_fill(args) -> dict:
    """The registry, then a year of events written in bulk (only read here)."""
    filled = _fill_registry(args)
    from django.db import connection, transaction

    from registry.models import Candidate, Discipline, Member, Movement

    start = time.perf_counter()
    rng = random.Random(25)
    own = list(
        Member.objects.filter(category="self_managed").order_by("pk").values_list("pk", "organization_id", "id_number")
    )
    departures = {"died": 0.004, "transfer_out": 0.01, "suspended": 0.002, "lapsed": 0.001, "expelled": 0.0005}
    movements, gone, candidates, disciplines = [], {}, [], []
    for pk, organization_id, number in own:
        draw = rng.random()
        for kind, share in departures.items():
            if draw < share:
                day = datetime.date(YEAR, 1, 1) + datetime.timedelta(days=rng.randrange(360))
                movements.append(
                    Movement(
                        member_id=pk,
                        kind=kind,
                        date=day,
                        organization_id=organization_id,
                        registered_on=datetime.date(2020, 1, 1),
                        departed_on=day,
                        receipt_on=day if kind == "transfer_out" else None,
                    )
                )
                gone[pk] = (day, kind)
                break
            draw -= share
        else:
            if rng.random() < 0.01:
                candidates.append(
                    Candidate(
                        name=f"发展{pk}",
                        id_number=number,
                        organization_id=organization_id,
                        applied=datetime.date(YEAR - 3, 3, 1),
                        admitted=datetime.date(YEAR - 1, 6, 1),
                        approved=datetime.date(YEAR - 1, 7, 15),
                        made_full=datetime.date(YEAR, 6, 1),
                        full_decided=datetime.date(YEAR, 6, 5),
                        full_approved=datetime.date(YEAR, 7, 1),
                        member_id=pk,
                    )
                )
            if rng.random() < 0.002:
                disciplines.append(
                    Discipline(
                        member_id=pk, kind="warning", date=datetime.date(YEAR, 5, 1), deciding_organization="党委"
                    )
                )
    with transaction.atomic():
        Movement.objects.bulk_create(movements, batch_size=5000)
        Candidate.objects.bulk_create(candidates, batch_size=5000)
        Discipline.objects.bulk_create(disciplines, batch_size=5000)
        for pk, (day, kind) in gone.items():
            Member.all_members.filter(pk=pk).update(left_on=day, left_as=kind)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    filled["seconds"] += time.perf_counter() - start
    filled["events"] = len(movements) + len(candidates) + len(disciplines)
    return filled


def phase_measure(args) -> dict:
    setup_django(args.database)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from registry.statistics import checks, tables
    from registry.statistics.rules import Period

    timings, queries, held = [], 0, 0
    for _ in range(args.repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            report = tables.build(Period(YEAR))
            found = checks.evaluate(report.tables)
            timings.append(time.perf_counter() - start)
        queries = len(captured)
        held = report.tables["T1"]["16"]["A"].count
    return {
        "seconds": statistics.median(timings),
        "max_seconds": max(timings),
        "queries": queries,
        "held": held,
        "failing_checks": sum(not check.holds for check in found),
    }


PHASES = {"fill": phase_fill, "measure": phase_measure}


def run_phase(name: str, args, database: str) -> dict:
    command = [sys.executable, __file__, "--phase", name, "--database", database, "--members", str(args.members)]
    command += ["--repeat", str(args.repeat)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if completed.returncode != 0:
        sys.stderr.write(completed.stderr[-4000:])
        raise SystemExit(f"phase {name} failed")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def main(args):
    work = Path(tempfile.mkdtemp(prefix="bench-statistics-"))
    databases = []
    if not args.skip_sqlite:
        databases.append(("SQLite", f"sqlite:///{work / 'bench.sqlite3'}", None))
    if not args.skip_postgres:
        databases.append(("PostgreSQL", None, Postgres()))
    for label, url, cluster in databases:
        with cluster if cluster else contextlib.nullcontext():
            url = url or cluster.url
            filled = run_phase("fill", args, url)
            print(
                f"{label}: filled {filled['members']:,} members and {filled['events']:,} events "
                f"in {filled['seconds']:.0f} s",
                flush=True,
            )
            result = run_phase("measure", args, url)
            met = result["seconds"] < TARGET_SECONDS
            print(
                f"{label}: the whole registry's report of {YEAR} ({result['held']:,} members held here): "
                f"{result['seconds']:.2f} s median, {result['max_seconds']:.2f} s max, {result['queries']} queries, "
                f"{result['failing_checks']} checks failing — target {TARGET_SECONDS} s {'met' if met else 'NOT met'}",
                flush=True,
            )
    for path in work.iterdir():
        path.unlink()
    work.rmdir()


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3, help="runs of the report; the median is printed")
    parser.add_argument("--skip-postgres", action="store_true")
    parser.add_argument("--skip-sqlite", action="store_true")
    parser.add_argument("--phase", choices=sorted(PHASES), help=argparse.SUPPRESS)
    parser.add_argument("--database", default="", help=argparse.SUPPRESS)
    return parser.parse_args(argv)


if __name__ == "__main__":
    arguments = parse_args()
    if arguments.phase:
        print(json.dumps(PHASES[arguments.phase](arguments)))
    else:
        main(arguments)
