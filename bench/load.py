"""Load test of the registry as deployed: gunicorn and the task worker on PostgreSQL, many people at
once. Not a test: run it by hand.

    .venv/bin/python bench/load.py                          # 50 users for 120 s, throwaway PostgreSQL
    .venv/bin/python bench/load.py --seconds 60 --users 20
    .venv/bin/python bench/load.py --members 100000 --users 200   # a registry of a province's size
    DATABASE_URL=postgres://…/scratch .venv/bin/python bench/load.py   # a database you can throw away

What it starts, and stops again whatever happens (normal end, an error, Ctrl-C, SIGTERM):
- a throwaway PostgreSQL cluster (initdb in a temporary directory, a free port on 127.0.0.1),
  unless DATABASE_URL names a PostgreSQL database to use instead — the bench migrates it, loads the
  demo into it and imports into it, so never point it at real data. The throwaway cluster runs
  with fsync, synchronous_commit and full_page_writes off, like the test suite's: the figures are
  the application's and the queries' time, not the disk's;
- `manage.py migrate`, `seed_demo --with-users`, `collectstatic`, then bench users made with
  `grant_role`'s service (committee staff, a reviewer, the secretaries of five organizations; random
  passwords, so that whatever the demo's published passwords may do with DEBUG off does not matter);
- with `--members N`, instead of the demo: the registry at that size, filled by bench/dashboard.py's
  generator in a process of its own (1,000 organizations, N members spread over 980 branches, 3,000
  enterprises in 40 chambers, a survey round), and a secretary's login for each of the min(200,
  --users) branches with the most members; staff and reviewers download the roster filtered to
  about 1 % (a whole roster of 100,000 rows is not what a person downloads every few minutes), and
  search for the generator's names. The fill of 5,000 members took 17–26 s on this 2-core machine
  (most of it the 1,000 organizations and 3,000 enterprises; members are bulk-inserted), the whole
  preparation 47–105 s, as busy as the machine was otherwise;
- gunicorn (config.wsgi, 4 sync workers, DEBUG off, bound to 127.0.0.1 on a free port) and the
  django-tasks database worker (`manage.py db_worker`), which checks and writes the imports.

Then `--users` simulated people (40 % committee staff, 40 % secretaries, 20 % reviewers; a person
with more logins of its role than people — 200 secretaries' logins for 80 secretaries — holds
several sessions and acts in each in turn), each with its own session, log in (before the clock
starts, four at a time: a login costs a web worker about half a second of CPU for the password
hash, on purpose, and fifty at once would measure only that; their times are printed apart) and,
until `--seconds` have passed or `--max-requests` have been sent, browse list pages and detail
pages, search the roster, download workbooks, and — staff and secretaries — import a small member
workbook through the web flow (/imports/new/ → preview → confirm → written), each reading a page
for `--think` seconds on average (default 5) before the next. Every request goes to 127.0.0.1 only
and gives up after 30 s.

It prints requests per second, p50 / p95 / p99 per kind of page, the imports end to end, and every
error: an answer other than 2xx/3xx, a failed connection, a login that did not log in, an import
that did not end written. Then what limits it (bench/limits.py, sampled every second): the CPU of
the machine and of gunicorn, PostgreSQL, the task worker and the bench; the database's backends
running and waiting for locks (pg_stat_activity) and its top statements (pg_stat_statements,
loaded into the throwaway cluster); and the queueing, each page's time at the client minus its
time inside the server. Target: no error, p95 under 300 ms for pages (home, lists, details,
searches).
"""

import argparse
import contextlib
import http.client
import io
import itertools
import json
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from http.cookies import SimpleCookie
from pathlib import Path

from limits import Watch
from throwaway_postgres import Postgres, free_port

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
TIMEOUT = 30
PAGE_TARGET_MS = 300
PAGE_KINDS = ("home", "list", "detail", "search")

# Pages every role is tried on once after logging in; each user then browses those that answered 200.
LIST_PAGES = [
    "/members/",
    "/members/?page=2",
    "/organizations/",
    "/chambers/",
    "/enterprises/",
    "/development/",
    "/movements/",
    "/transfers/",
    "/former-members/",
    "/balance/",
    "/imports/",
    "/surveys/",
    "/six-knowns/",
    "/six-knowns/worklist/",
    "/coverage/",
    "/summary/",
    "/dues/",
    "/dues/reminders/",
    "/dues/decide/",
    "/certificates/",
    "/certificates/missing/",
    "/certificates/requests/",
    "/letters/",
    "/outreach/lost-touch/",
    "/outreach/flowed-out/",
    "/outreach/designated-contacts/",
    "/outreach/visits/",
    "/outreach/services/",
    "/outreach/activities/",
]
EXPORTS = ["/members/export/", "/organizations/export/", "/six-knowns/worklist/export/", "/summary/export/"]
DETAIL = re.compile(
    r'href="(/(?:members|organizations|chambers|enterprises|development|certificates|certificates/requests|'
    r'outreach/services|outreach/activities|letters|transfers)/\d+/)"'
)
SEARCHES = ["王", "李", "张", "陈", "林", "黄", "吴", "郑", "福州", "厦门", "泉州", "销售", "支部", "有限公司"]
# With --members: the names bench/dashboard.py's generator gives (党员N, 测试党支部NNNN, 测试企业NNNN有限公司),
# and, for staff and reviewers, the roster's download filtered to about 1 % of it (党员12…), not the
# whole registry at once.
FILLED_SEARCHES = [
    "党员12",
    "党员4711",
    "党员9",
    "党员31415",
    "测试党支部01",
    "党支部",
    "测试企业00",
    "有限公司",
    "商会",
]
FILLED_EXPORTS = [f"/members/export/?q={urllib.parse.quote('党员12')}", *EXPORTS[1:]]
SECRETARY_BRANCHES = 200  # with --members: a secretary's login for each of this many branches, at most
OCCUPATIONS = ["销售", "会计", "厨师", "司机", "技术员", "店长", "个体经营", "企业管理", "软件开发", "快递员"]


# --- what the bench starts ---------------------------------------------------------------------------


class Processes:
    """The server processes the bench started: each stopped by its own id (TERM, then KILL of its
    process group, which holds only what it started itself)."""

    def __init__(self):
        self.started = []

    def start(self, name, command, env, log_path):
        log = open(log_path, "wb")  # noqa: SIM115 - open while the process runs; stop_all closes it
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.started.append((name, process, log))
        return process

    def stop_all(self):
        for name, process, log in reversed(self.started):
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    print(f"warning: {name} did not stop on SIGTERM; killing its process group", file=sys.stderr)
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(process.pid, signal.SIGKILL)
                    process.wait(timeout=15)
            log.close()
        self.started = []


def manage(env, *arguments) -> str:
    completed = subprocess.run(
        [PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900
    )
    if completed.returncode != 0:
        sys.stderr.write(completed.stdout[-3000:] + completed.stderr[-3000:])
        raise SystemExit(f"manage.py {arguments[0]} failed")
    return completed.stdout


BENCH_ORGANIZATIONS = """
import json
from django.db.models import Count, Q
from branches.models import Organization
from fixtures.demo import GB_FUZHOU
rows = (Organization.objects.exclude(level=Organization.Level.COMMITTEE).exclude(name=GB_FUZHOU)
        .annotate(n=Count("members")).order_by("-n", "pk").values_list("name", flat=True)[:4])
print(json.dumps([GB_FUZHOU, *rows]))
"""
# The bench's logins, through the service `grant_role` calls, in one process; one password hash for
# each password (the secretaries share theirs: two hundred PBKDF2 hashes would take minutes).
GRANT = """
import json, os
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from branches.models import Organization
from branches.services import role_grant
wanted = json.loads(os.environ["BENCH_LOGINS"])
for username, role, organization, _password in wanted:
    role_grant(username=username, role=role,
               organization=Organization.objects.get(name=organization) if organization else None)
for password in {login[3] for login in wanted}:
    get_user_model().objects.filter(username__in=[login[0] for login in wanted if login[3] == password]).update(
        password=make_password(password))
"""
# With --members: the branches with the most members of their own (the generator spreads them evenly).
FILLED_BRANCHES = """
import json
from django.db.models import Count
from branches.models import Organization
rows = (Organization.objects.filter(level__in=[Organization.Level.BRANCH, Organization.Level.JOINT_BRANCH])
        .annotate(n=Count("members")).order_by("-n", "pk").values_list("name", flat=True)[:COUNT])
print(json.dumps(list(rows)))
"""


def fill(env, members: int) -> None:
    """The registry at `members` members, by bench/dashboard.py's generator in a process of its own
    (it migrates the database it is given, emptied first)."""
    import dashboard

    filled = dashboard.run_phase(
        "fill", argparse.Namespace(members=members, repeat=1, every_list=False), env["DATABASE_URL"]
    )
    print(
        f"Filled {filled['members']:,} members in {filled['organizations']:,} organizations "
        f"in {filled['seconds']:.0f} s (bench/dashboard.py's generator)",
        flush=True,
    )


def prepare(env, args) -> dict[str, list[tuple[str, str]]]:
    """Migrates, loads the demo (or, with --members, fills the registry at that size), collects the
    static files, and makes the bench's logins: with --members a secretary's for each of
    min(200, --users) branches."""
    started = time.perf_counter()
    if args.members:
        fill(env, args.members)
        script = FILLED_BRANCHES.replace("COUNT", str(min(SECRETARY_BRANCHES, args.users)))
    else:
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo", "--with-users")
        script = BENCH_ORGANIZATIONS
    manage(env, "collectstatic", "--noinput", "-v", "0")
    organizations = json.loads(manage(env, "shell", "-c", script).strip().splitlines()[-1])
    logins = {"staff": [], "secretary": [], "reviewer": []}
    secretaries = secrets.token_urlsafe(18)
    # A login for each person of the committee's roles (as many as simulate's seats give them): the search
    # throttle counts per login (REGISTRY_SEARCH_LIMIT in ten minutes), and eighty people of one login
    # searching met its 429s, which a person never would. Each role's logins share one password (one hash).
    seats = [SEAT_ROLES[index % len(SEAT_ROLES)] for index in range(args.users)]
    wanted = []
    for role in ("staff", "reviewer"):
        password = secrets.token_urlsafe(18)
        wanted += [
            (f"bench-{role}-{number}", role, None, password) for number in range(1, max(1, seats.count(role)) + 1)
        ]
    wanted += [
        (f"bench-secretary-{index}", "secretary", name, secretaries) for index, name in enumerate(organizations, 1)
    ]
    manage({**env, "BENCH_LOGINS": json.dumps(wanted)}, "shell", "-c", GRANT)
    for username, role, _organization, password in wanted:
        logins[role].append((username, password))
    print(
        f"Prepared the database (migrate, {'the fill' if args.members else 'demo'}, static files, "
        f"{len(wanted)} logins) in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    return logins


def wait_for_http(port: int, process, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("gunicorn exited while starting; see its log above")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within a minute")


# --- the simulated people -----------------------------------------------------------------------------


class Stats:
    def __init__(self, max_requests: int):
        self.lock = threading.Lock()
        self.times: dict[str, list[float]] = {}
        self.errors: list[tuple[str, str, str]] = []
        self.imports: list[float] = []
        self.pages: dict[str, float] = {}  # the client's time of each page, by the request's id
        self.sent = 0
        self.max_requests = max_requests

    def take_ticket(self) -> bool:
        with self.lock:
            if self.sent >= self.max_requests:
                return False
            self.sent += 1
            return True

    def record(self, kind: str, milliseconds: float, request_id: str):
        with self.lock:
            self.times.setdefault(kind, []).append(milliseconds)
            if kind in PAGE_KINDS:
                self.pages[request_id] = milliseconds

    def error(self, kind: str, path: str, what: str):
        with self.lock:
            self.errors.append((kind, path, what))


class OutOfBudget(Exception):
    """The request budget (--max-requests) or the time is used up."""


class Failed(Exception):
    """A request that counts as an error (already recorded)."""


REQUEST_IDS = itertools.count(1)


class User:
    """One person in a browser: a session cookie, a CSRF token, one request at a time. The searches
    and the downloads staff and reviewers try are the demo's unless main() sets them for a filled
    registry (a secretary downloads the whole roster of the branch)."""

    searches = SEARCHES
    exports_to_try = EXPORTS

    def __init__(self, port, stats, deadline, rng, role, username, password, think):
        self.port, self.stats, self.deadline, self.rng = port, stats, deadline, rng
        self.role, self.username, self.password, self.think = role, username, password, think
        self.cookies: dict[str, str] = {}
        self.pages: list[str] = []
        self.details: set[str] = set()
        self.exports: list[str] = []
        self.workbook: bytes | None = None

    # one request
    def request(self, kind, method, path, body=None, content_type=None, expect_json=False):
        if time.monotonic() > self.deadline or not self.stats.take_ticket():
            raise OutOfBudget
        request_id = str(next(REQUEST_IDS))
        headers = {
            "Host": f"{HOST}:{self.port}",
            "User-Agent": "registry-bench/1",
            "Accept-Language": "zh-hans",
            "X-Bench-Kind": kind,
            "X-Bench-Id": request_id,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if method == "POST":
            headers["Origin"] = f"http://{HOST}:{self.port}"
            headers["Referer"] = f"http://{HOST}:{self.port}{path}"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Content-Type"] = content_type or "application/x-www-form-urlencoded"
        started = time.perf_counter()
        try:
            connection = http.client.HTTPConnection(HOST, self.port, timeout=TIMEOUT)
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                data = response.read()
            finally:
                connection.close()
        except OSError as error:
            self.stats.error(kind, path, f"{type(error).__name__}: {error}")
            raise Failed from error
        self.stats.record(kind, (time.perf_counter() - started) * 1000, request_id)
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                self.cookies[name] = morsel.value
        if not 200 <= response.status < 400:
            self.stats.error(kind, path, f"HTTP {response.status}")
            raise Failed
        if expect_json:
            return response, json.loads(data)
        return response, data

    def csrf_form(self, kind, path) -> str:
        _response, page = self.request(kind, "GET", path)
        found = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if not found:
            self.stats.error(kind, path, "no CSRF token on the page")
            raise Failed
        return found.group(1).decode()

    def post_form(self, kind, path, fields: dict):
        return self.request(kind, "POST", path, body=urllib.parse.urlencode(fields).encode())

    # what a person does
    def log_in(self):
        token = self.csrf_form("login", "/accounts/login/")
        response, _data = self.post_form(
            "login",
            "/accounts/login/",
            {
                "csrfmiddlewaretoken": token,
                "username": self.username,
                "password": self.password,
            },
        )
        if response.status != 302:
            self.stats.error("login", "/accounts/login/", f"{self.username} was not logged in (HTTP {response.status})")
            raise Failed

    def discover(self, like=None):
        """Which lists, details and exports this login may open: tried once per login before the
        clock starts (a page the role may not open answers 403, and is left out). Returns (pages,
        details, exports, workbook, the pages that led to details). `like` is what the first login
        of the same role found: then only those of its pages that led to details are read again
        (this login's details), and its roster's download (this login's workbook to import)."""
        pages, details, exports, sources = [], set(), [], []
        for path in like[4] if like else LIST_PAGES:
            try:
                _response, page = self.request("discover", "GET", path)
            except Failed:
                continue
            pages.append(path)
            found = DETAIL.findall(page.decode(errors="replace"))
            details.update(found)
            if found:
                sources.append(path)
        for path in like[2] if like else EXPORTS if self.role == "secretary" else self.exports_to_try:
            if like and not path.startswith("/members/export/"):
                continue
            try:
                _response, data = self.request("discover", "GET", path)
            except Failed:
                continue
            exports.append(path)
            if path.startswith("/members/export/"):
                self.workbook = data
        if like:
            pages, exports = like[0], like[2]
        return pages, sorted(details), exports, self.workbook, sources

    def browse(self):
        kinds = [("home", 10), ("list", 30), ("detail", 35), ("search", 15), ("export", 5)]
        if self.role != "reviewer" and self.workbook:
            kinds.append(("import", 1))
        kind = self.rng.choices([k for k, _w in kinds], [w for _k, w in kinds])[0]
        if kind == "home":
            self.request("home", "GET", "/")
        elif kind == "list" and self.pages:
            self.request("list", "GET", self.rng.choice(self.pages))
        elif kind == "detail" and self.details:
            self.request("detail", "GET", self.rng.choice(self.details))
        elif kind == "search":
            where = self.rng.choice(["/members/", "/members/", "/organizations/", "/enterprises/"])
            self.request("search", "GET", f"{where}?q={urllib.parse.quote(self.rng.choice(self.searches))}")
        elif kind == "export" and self.exports:
            self.request("export", "GET", self.rng.choice(self.exports))
        elif kind == "import":
            self.import_workbook()

    def import_workbook(self):
        """Upload → checked by the worker → preview → confirm → written, as on the import page."""
        started = time.perf_counter()
        token = self.csrf_form("import: pages", "/imports/new/")
        boundary = uuid.uuid4().hex
        body = multipart(
            boundary,
            {"csrfmiddlewaretoken": token, "kind": "members"},
            ("file", "bench.xlsx", small_workbook(self.workbook, self.rng)),
        )
        response, _data = self.request(
            "import: upload",
            "POST",
            "/imports/new/",
            body=body,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
        found = re.search(r"/imports/(\d+)/", response.headers.get("Location", ""))
        if response.status != 302 or not found:
            self.stats.error("import: upload", "/imports/new/", f"the upload was refused (HTTP {response.status})")
            raise Failed
        run = found.group(1)
        state = self.wait_for(run, {"preview"})
        self.request("import: pages", "GET", f"/imports/{run}/")
        token = self.cookies.get("csrftoken", "")
        self.post_form("import: confirm", f"/imports/{run}/confirm/", {"csrfmiddlewaretoken": token})
        state = self.wait_for(run, {"done"})
        if state == "done":
            with self.stats.lock:
                self.stats.imports.append(time.perf_counter() - started)

    def wait_for(self, run, wanted) -> str:
        limit = time.monotonic() + 60
        while True:
            _response, progress = self.request("import: progress", "GET", f"/imports/{run}/progress/", expect_json=True)
            if progress["state"] in wanted:
                return progress["state"]
            if not progress["open"]:
                _response, page = self.request("import: pages", "GET", f"/imports/{run}/")
                said = re.search(
                    r'(?:id="import-message"|class="message error")>([^<]*)<', page.decode(errors="replace")
                )
                self.stats.error(
                    "import",
                    f"/imports/{run}/",
                    f"ended {progress['state']}, not {'/'.join(wanted)}" + (f": {said.group(1)}" if said else ""),
                )
                raise Failed
            if time.monotonic() > limit:
                self.stats.error("import", f"/imports/{run}/", f"still {progress['state']} after 60 s")
                raise Failed
            time.sleep(0.5)

    def pause(self):
        time.sleep(min(self.rng.uniform(0.2, 1.8) * self.think, max(0.0, self.deadline - time.monotonic())))


def multipart(boundary: str, fields: dict, upload: tuple[str, str, bytes]) -> bytes:
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    name, file_name, content = upload
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
        "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n".encode()
        + content
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def small_workbook(exported: bytes, rng: random.Random, rows: int = 20) -> bytes:
    """Twenty rows of the user's own roster export, each with another occupation: a small import
    that updates what the user may change."""
    from openpyxl import Workbook, load_workbook

    source = load_workbook(io.BytesIO(exported), read_only=True).worksheets[0]
    lines = list(source.iter_rows(values_only=True))
    header_index = next(index for index, line in enumerate(lines) if "公民身份号码" in line)
    header = list(lines[header_index])
    occupation = header.index("从事职业") if "从事职业" in header else None
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header)
    body = lines[header_index + 1 :]
    for line in rng.sample(body, min(rows, len(body))):
        line = list(line)
        if occupation is not None:
            line[occupation] = rng.choice(OCCUPATIONS)
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def warm_up(port, logins, seed) -> tuple[dict, list]:
    """Each login once before the clock starts: what it may open. The first login of each role tries
    every list and download, one after the other; the others of its role (with --members, a
    secretary for each of many branches) then only what `User.discover` needs of them, four at a
    time. Returns {username: (pages, details, exports, workbook, sources)} and the errors that are
    not a role's 403/404."""
    stats = Stats(max_requests=1_000_000)
    known = {}

    def look(role, username, password, like=None):
        user = User(port, stats, time.monotonic() + 1800, random.Random(seed), role, username, password, 0)
        try:
            user.log_in()
        except Failed:
            return
        known[username] = user.discover(like)

    for role, accounts in logins.items():
        if accounts:
            look(role, *accounts[0])
    rest = [(role, *account) for role, accounts in logins.items() for account in accounts[1:]]

    def look_at_the_rest():
        while rest:
            try:
                role, username, password = rest.pop()
            except IndexError:
                return
            look(role, username, password, known.get(logins[role][0][0]))

    helpers = [threading.Thread(target=look_at_the_rest, daemon=True) for _ in range(4)]
    for helper in helpers:
        helper.start()
    for helper in helpers:
        helper.join(timeout=3600)
    errors = [error for error in stats.errors if error[2] not in ("HTTP 403", "HTTP 404")]
    return known, errors


# The simulated people's roles, in turn: 40 % committee staff, 40 % secretaries, 20 % reviewers.
SEAT_ROLES = ["staff"] * 4 + ["secretary"] * 4 + ["reviewer"] * 2


def simulate(port, users, seconds, think, max_requests, logins, known, seed, watch) -> tuple[Stats, float, list]:
    """Every person logs in first, four at a time (the password hash costs a web worker about half a
    second of CPU on purpose: fifty at once would measure only that), then the clock starts and they
    all browse, `watch` sampling the machine meanwhile. A person uses the logins of its role in turn:
    when a role has more logins than people (with --members, a secretary's for each of up to 200
    branches), each holds several sessions and acts in each in turn, so that every branch is browsed.
    Returns the run's figures, its length and the logins' times."""
    stats = Stats(max_requests)
    seat_roles = [SEAT_ROLES[index % len(SEAT_ROLES)] for index in range(users)]
    seats, people = [], []
    for index, role in enumerate(seat_roles):
        number, of = seat_roles[:index].count(role), seat_roles.count(role)
        accounts = logins[role][number::of] or [logins[role][number % len(logins[role])]]
        seat = []
        for turn, (username, password) in enumerate(accounts):
            rng = random.Random(seed * 1000 + index + 1_000_000 * turn)
            user = User(port, stats, time.monotonic() + 3600, rng, role, username, password, think)
            user.pages, user.details, user.exports, user.workbook, _sources = known.get(
                username, ([], [], [], None, [])
            )
            seat.append(user)
        seats.append(seat)
        people.extend(seat)
    logged_in = Stats(max_requests=10 * len(people))
    queue = list(people)
    lock = threading.Lock()

    def log_in_next():
        while True:
            with lock:
                if not queue:
                    return
                user = queue.pop()
            user.stats = logged_in
            try:
                user.log_in()
            except Failed:
                user.logged_in = False
            else:
                user.logged_in = True
            user.stats = stats

    helpers = [threading.Thread(target=log_in_next, daemon=True) for _ in range(4)]
    for helper in helpers:
        helper.start()
    for helper in helpers:
        helper.join(timeout=600)
    stats.errors.extend(logged_in.errors)

    watch.start()
    start = time.monotonic()
    deadline = start + seconds

    def person(seat):
        for user in seat:
            user.deadline = deadline
        seat = [user for user in seat if getattr(user, "logged_in", False)]
        if not seat:
            return
        time.sleep(seat[0].rng.uniform(0, think * 2))  # not all on the same second
        try:
            for turn in itertools.count():
                user = seat[turn % len(seat)]
                with contextlib.suppress(Failed):
                    user.browse()
                user.pause()
        except (OutOfBudget, Failed):
            return

    threads = [threading.Thread(target=person, args=(seat,), daemon=True) for seat in seats]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()) + TIMEOUT + 70)
    watch.stop()
    return stats, time.monotonic() - start, logged_in.times.get("login", [])


def server_times(access_log: Path) -> tuple[dict[str, list[float]], dict[str, list[float]], dict[str, float]]:
    """The server's own time per request (gunicorn's %(D)s) by the kind the bench sent, by path
    (numbers folded; pages and downloads) and by the request's id: the time inside the application,
    without the wait for a free worker."""
    by_kind: dict[str, list[float]] = {}
    by_path: dict[str, list[float]] = {}
    by_id: dict[str, float] = {}
    for line in access_log.read_text(errors="replace").splitlines():
        parts = line.split("|", 4)
        if len(parts) == 5 and parts[2].strip().isdigit():
            milliseconds = int(parts[2]) / 1000
            by_kind.setdefault(parts[0], []).append(milliseconds)
            by_id[parts[3]] = milliseconds
            if parts[0] in (*PAGE_KINDS, "export"):
                by_path.setdefault(re.sub(r"/\d+/", "/N/", parts[4]), []).append(milliseconds)
    return by_kind, by_path, by_id


# --- the table ----------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def report(stats: Stats, elapsed: float, args, server_log: tuple[dict, dict, dict], watch: Watch) -> bool:
    server, by_path, by_id = server_log
    total = sum(len(values) for values in stats.times.values())
    size = f"{args.members:,} members (bench/dashboard.py's generator)" if args.members else "the demo"
    print()
    print(
        f"{args.users} users, {elapsed:.0f} s, think time ≈ {args.think:.1f} s; gunicorn 4 workers, PostgreSQL, "
        f"{size}; {total:,} requests answered, {total / elapsed:.1f} requests/s, {len(stats.errors)} errors"
    )
    print()
    print(
        f"{'kind':18} {'requests':>9} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}"
        f"   {'server p50':>10} {'server p95':>10}"
    )
    order = [*PAGE_KINDS, "export", "login", "import: pages", "import: upload", "import: progress", "import: confirm"]
    for kind in sorted(stats.times, key=lambda k: order.index(k) if k in order else len(order)):
        values = stats.times[kind]
        inside = server.get(kind) or [float("nan")]
        print(
            f"{kind:18} {len(values):>9,} {len(values) / elapsed:>7.1f} {percentile(values, 0.5):>8.0f} "
            f"{percentile(values, 0.95):>8.0f} {percentile(values, 0.99):>8.0f} {max(values):>8.0f}"
            f"   {percentile(inside, 0.5):>10.0f} {percentile(inside, 0.95):>10.0f}"
        )
    pages = [value for kind in PAGE_KINDS for value in stats.times.get(kind, [])]
    if pages:
        print(
            f"{'pages (all four)':18} {len(pages):>9,} {len(pages) / elapsed:>7.1f} {percentile(pages, 0.5):>8.0f} "
            f"{percentile(pages, 0.95):>8.0f} {percentile(pages, 0.99):>8.0f} {max(pages):>8.0f}"
        )
    if by_path:
        print("\nslowest pages and downloads inside the server (p95 over the run):")
        slowest = sorted(by_path.items(), key=lambda item: -percentile(item[1], 0.95))[:8]
        for path, values in slowest:
            print(
                f"  {path:40} {len(values):>5} × p50 {percentile(values, 0.5):>5.0f} ms  "
                f"p95 {percentile(values, 0.95):>5.0f} ms"
            )
    if stats.imports:
        print(
            f"\nimports written: {len(stats.imports)}, upload to written: median "
            f"{statistics.median(stats.imports):.1f} s, longest {max(stats.imports):.1f} s"
        )
    if stats.errors:
        print(f"\nerrors ({len(stats.errors)}):")
        counted: dict[tuple[str, str, str], int] = {}
        for error in stats.errors:
            counted[error] = counted.get(error, 0) + 1
        for (kind, path, what), count in sorted(counted.items(), key=lambda item: -item[1])[:30]:
            print(f"  {count:>5} × {kind}: {path} — {what}")
    matched = [request_id for request_id in stats.pages if request_id in by_id]
    print()
    for line in watch.summary(
        [stats.pages[request_id] - by_id[request_id] for request_id in matched],
        [stats.pages[request_id] for request_id in matched],
        [by_id[request_id] for request_id in matched],
    ):
        print(line)
    page_p95 = {kind: percentile(stats.times[kind], 0.95) for kind in PAGE_KINDS if stats.times.get(kind)}
    met = not stats.errors and all(value < PAGE_TARGET_MS for value in page_p95.values())
    print(
        f"\nTarget: 0 errors ({len(stats.errors)}), p95 < {PAGE_TARGET_MS} ms for pages ("
        + ", ".join(f"{kind} {value:.0f}" for kind, value in page_p95.items())
        + f") — {'met' if met else 'NOT met'}"
    )
    return met


def main(args) -> int:
    work = Path(tempfile.mkdtemp(prefix="bench-load-"))
    processes = Processes()
    try:
        with Postgres(durable=False, statements=True) as database:
            env = {
                **os.environ,
                "DATABASE_URL": database.url,
                "DEBUG": "false",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": HOST,
                "SECURE_SSL_REDIRECT": "false",
                "SECURE_HSTS_SECONDS": "0",
                "LOG_LEVEL": "WARNING",
                "PYTHONUNBUFFERED": "1",
                # collectstatic into the bench's own directory: rewriting the project's staticfiles/
                # while a test run serves from it broke that run.
                "REGISTRY_STATIC_ROOT": str(work / "static"),
            }
            env.pop("TASKS_BACKEND", None)
            if args.members:
                User.searches, User.exports_to_try = FILLED_SEARCHES, FILLED_EXPORTS
            logins = prepare(env, args)
            port = free_port()
            gunicorn = processes.start(
                "gunicorn",
                [
                    str(Path(PYTHON).parent / "gunicorn"),
                    "config.wsgi",
                    "--workers",
                    "4",
                    "--bind",
                    f"{HOST}:{port}",
                    "--timeout",
                    "60",
                    "--access-logfile",
                    str(work / "access.log"),
                    "--access-logformat",
                    "%({x-bench-kind}i)s|%(s)s|%(D)s|%({x-bench-id}i)s|%(U)s",
                ],
                env,
                work / "gunicorn.log",
            )
            worker = processes.start(
                "db_worker",
                [
                    PYTHON,
                    "manage.py",
                    "db_worker",
                    "--no-reload",
                    "--interval",
                    "0.2",
                    "--no-startup-delay",
                ],
                env,
                work / "worker.log",
            )
            wait_for_http(port, gunicorn)
            print(
                f"gunicorn (4 workers) on http://{HOST}:{port}, the task worker running; "
                f"{args.users} users for {args.seconds} s …",
                flush=True,
            )
            looked = time.perf_counter()
            known, warm_up_errors = warm_up(port, logins, args.seed)
            print(
                f"Tried what each of {sum(map(len, logins.values()))} logins may open in "
                f"{time.perf_counter() - looked:.0f} s",
                flush=True,
            )
            (work / "access.log").write_text("")  # the server's times of the run only (logins excluded below)
            groups = {"gunicorn": gunicorn.pid, "the task worker": worker.pid, "this bench": os.getpid()}
            if database.server_pid():
                groups["PostgreSQL"] = database.server_pid()
            watch = Watch(groups, database.url)
            stats, elapsed, login_times = simulate(
                port, args.users, args.seconds, args.think, args.max_requests, logins, known, args.seed, watch
            )
            print(
                f"{len(login_times) // 2} logins before the clock, four at a time: "
                f"p50 {percentile(login_times, 0.5):.0f} ms, "
                f"p95 {percentile(login_times, 0.95):.0f} ms (the form and the POST; PBKDF2 on purpose)"
                if login_times
                else "no login succeeded"
            )
            stats.errors[:0] = [("warm-up " + kind, path, what) for kind, path, what in warm_up_errors]
            for name, process, _log in processes.started:
                if process.poll() is not None:
                    stats.error("server", name, f"{name} exited with {process.returncode} during the run")
            time.sleep(1)  # the access log's last lines
            met = report(stats, elapsed, args, server_times(work / "access.log"), watch)
            server_log = (work / "gunicorn.log").read_text(errors="replace")
            failures = [
                line
                for line in server_log.splitlines()
                if "Internal Server Error" in line
                or "[ERROR]" in line
                or "[CRITICAL]" in line
                or "WORKER TIMEOUT" in line
            ]
            if failures:  # (a role's 403 while the pages were tried is logged too, and is no error)
                print("\ngunicorn's log holds errors:\n" + "\n".join(failures[:30]))
            worker_log = (work / "worker.log").read_text(errors="replace")
            if "Traceback" in worker_log:
                print("\nthe task worker's log holds errors:\n" + worker_log[-3000:])
            if args.keep:
                shutil.copytree(work, args.keep, dirs_exist_ok=True)
                print(f"logs kept in {args.keep}")
            return 0 if met else 1
    finally:
        processes.stop_all()
        shutil.rmtree(work, ignore_errors=True)


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=120, help="how long the users browse (default 120)")
    parser.add_argument("--users", type=int, default=50, help="simulated people at once (default 50)")
    parser.add_argument(
        "--think",
        type=float,
        default=5.0,
        help="average seconds a person reads a page before the next (default 5; 0.2–1.8 times it)",
    )
    parser.add_argument("--max-requests", type=int, default=100_000, help="stop after this many requests")
    parser.add_argument(
        "--members",
        type=int,
        default=0,
        help="fill the registry at this size with bench/dashboard.py's generator instead of the demo "
        "(1,000 organizations; a secretary's login for each of min(200, --users) branches)",
    )
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--keep", type=Path, help="copy the server's logs (access log with times) here")
    arguments = parser.parse_args(argv)
    if not 1 <= arguments.users <= 500 or not 1 <= arguments.seconds <= 3600 or arguments.members < 0:
        parser.error("--users must be 1–500, --seconds 1–3600 and --members 0 or more")
    return arguments


def _stop(signum, _frame):
    raise SystemExit(128 + signum)  # unwinds through the finally blocks that stop what was started


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _stop)
    sys.exit(main(parse_args()))
