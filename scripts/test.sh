#!/usr/bin/env bash
# `make test`: the lint (scripts/lint.sh: ruff and the dead-code check; nothing else runs if it
# fails), then the whole pytest suite (browser tests included) on SQLite, then on a throwaway
# PostgreSQL cluster (temporary directory, free port, stopped and removed whatever happens).
#
#   scripts/test.sh [PYTEST ARGS...]        e.g. scripts/test.sh -k members -x
#   TEST_DATABASES=sqlite scripts/test.sh   one database only (sqlite | postgres | sqlite,postgres)
#   TEST_SIDE_BY_SIDE=1 scripts/test.sh     the two databases side by side, SQLite's output printed
#                                           when it ends (default: SQLite, then PostgreSQL)
#   TEST_WORKERS=1 scripts/test.sh          one pytest process (default: one per core, at most 4,
#                                           through pytest-xdist; `-n N` in the arguments wins;
#                                           --pdb and -s need TEST_WORKERS=1)
#
# Installs what the machine lacks (Debian's chromium, postgresql, and Pango and fonts-noto-cjk for the
# PDFs) through apt.
# Exits non-zero if either run failed; both run even if the first fails.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PYTEST_ARGS=("$@")

# pytest-xdist: one worker per core (at most 4). Each worker has its own test database (SQLite in
# memory; PostgreSQL test_registry_gw0, _gw1, ...), its own live server and Chromium.
if [ -z "${TEST_WORKERS:-}" ]; then
    TEST_WORKERS="$(nproc 2>/dev/null || echo 1)"
    [ "$TEST_WORKERS" -le 4 ] || TEST_WORKERS=4
fi
case "$TEST_WORKERS" in ''|*[!0-9]*) die "TEST_WORKERS must be a number, not '$TEST_WORKERS'" ;; esac
XDIST_ARGS=()
if [ "$TEST_WORKERS" -gt 1 ]; then
    XDIST_ARGS=(-n "$TEST_WORKERS" --dist worksteal)
fi

want_sqlite=0
want_postgres=0
for db in $(printf '%s' "${TEST_DATABASES:-sqlite,postgres}" | tr ',' ' '); do
    case "$db" in
        sqlite) want_sqlite=1 ;;
        postgres|postgresql|pg) want_postgres=1 ;;
        all|both) want_sqlite=1; want_postgres=1 ;;
        *) die "TEST_DATABASES: unknown database '$db' (use sqlite, postgres or both)" ;;
    esac
done
[ $((want_sqlite + want_postgres)) -gt 0 ] || die "TEST_DATABASES names no database"
# A run of both runs the tests of the capabilities' pages and forms once, on PostgreSQL (tests/conftest.py
# ONCE_WHEN_BOTH, docs/operations.md#two-databases); a run of one database runs them on it.
if [ "$want_sqlite" -eq 1 ] && [ "$want_postgres" -eq 1 ]; then
    export REGISTRY_TEST_BOTH_DATABASES=1
fi

T_START="$(now)"
TIMINGS=()
phase_done() { TIMINGS+=("$(printf '%-22s %4ss' "$1" "$(( $(now) - $2 ))")"); }

WORK="$(mktemp -d)"
declare -A SUITE_PID=() SUITE_START=()
PGTMP=""
PG_BIN=""

# pg_as CMD...: run a PostgreSQL program as the cluster's owner, from inside the cluster's directory
# (postgres may not be allowed into the project's).
pg_as() {
    if [ "$(id -u)" -eq 0 ]; then
        if command -v runuser >/dev/null 2>&1; then
            (cd "$PGTMP" && runuser -u postgres -- "$@")
        else
            (cd "$PGTMP" && su postgres -s /bin/sh -c "$(printf '%q ' "$@")")
        fi
    else
        (cd "$PGTMP" && "$@")
    fi
}

stop_postgres() {
    [ -n "$PGTMP" ] && [ -d "$PGTMP" ] || return 0
    if [ -f "$PGTMP/data/postmaster.pid" ]; then
        if ! pg_as "$PG_BIN/pg_ctl" -D "$PGTMP/data" -m fast -w -t 30 stop >/dev/null 2>&1; then
            # Last resort: the postmaster this script started, by the id it recorded.
            pid="$(head -n 1 "$PGTMP/data/postmaster.pid" 2>/dev/null || true)"
            if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
                warn "pg_ctl stop failed; sending SIGQUIT to postmaster $pid"
                kill -QUIT "$pid" 2>/dev/null || true
                sleep 1
            fi
        fi
    fi
    rm -rf "$PGTMP"
    PGTMP=""
}

cleanup() {
    local pid
    for pid in "${SUITE_PID[@]}"; do kill -- "$pid" 2>/dev/null || true; done
    stop_postgres || true
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the virtualenv -------------------------------------------------------------------------
t="$(now)"
bash "$ROOT/scripts/venv.sh"
phase_done "venv" "$t"

# --- the project's bytecode, compiled once for every process of the run (a second, on all cores) --
"$PY" -m compileall -q -j 0 branches registry outreach config spreadsheets printing fixtures manage.py >/dev/null ||
    warn "compileall failed; each process compiles what it imports"

# --- lint: ruff and the dead-code check, before any pytest (a few seconds; fails fast) -----------
t="$(now)"
bash "$ROOT/scripts/lint.sh" || die "lint failed (above): no tests were run"
phase_done "lint" "$t"

# --- system packages ------------------------------------------------------------------------
t="$(now)"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)  # tests/test_translations.py runs makemessages
while IFS= read -r pkg; do missing+=("$pkg"); done < <(missing_debian_packages "${PDF_PACKAGES[@]}")
if [ "$want_postgres" -eq 1 ] && [ -z "$(pg_bindir)" ]; then missing+=(postgresql); fi
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
fi
[ -x /usr/bin/chromium ] || die "/usr/bin/chromium is still missing after installing chromium"
phase_done "system packages" "$t"

# --- one run of the suite ---------------------------------------------------------------------
SUMMARY=()
TOTAL_PASSED=0 TOTAL_FAILED=0 TOTAL_SKIPPED=0
FAILED_ANY=0

# record NAME RC: turn the JUnit report of run NAME into its summary line.
record() {
    local name="$1" rc="$2" xml="$WORK/$1.xml" counts passed failed skipped
    if [ -s "$xml" ] && counts="$("$PY" - "$xml" <<'PY'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else root.findall("testsuite")
tests = failures = errors = skipped = 0
for suite in suites:
    tests += int(suite.get("tests", 0))
    failures += int(suite.get("failures", 0))
    errors += int(suite.get("errors", 0))
    skipped += int(suite.get("skipped", 0))
print(tests - failures - errors - skipped, failures + errors, skipped)
PY
)"; then
        read -r passed failed skipped <<<"$counts"
    else
        passed=0 failed=0 skipped=0
    fi
    TOTAL_PASSED=$((TOTAL_PASSED + passed))
    TOTAL_FAILED=$((TOTAL_FAILED + failed))
    TOTAL_SKIPPED=$((TOTAL_SKIPPED + skipped))
    local line="$name: $passed passed, $failed failed, $skipped skipped"
    case "$rc" in
        0) ;;
        1) FAILED_ANY=1 ;;
        5) FAILED_ANY=1; line="$line (no tests were collected)" ;;
        *) FAILED_ANY=1; line="$line (pytest exited $rc)" ;;
    esac
    SUMMARY+=("$line")
}

# run_suite NAME ENV-ARGS...: pytest under `env ENV-ARGS...`.
run_suite() {
    local name="$1" rc=0 t
    shift
    t="$(now)"
    say "pytest on $name"
    env "$@" "$PY" -m pytest "${XDIST_ARGS[@]}" --junitxml="$WORK/$name.xml" "${PYTEST_ARGS[@]}" || rc=$?
    phase_done "$name tests" "$t"
    record "$name" "$rc"
}

# start_suite NAME ENV-ARGS...: the same in the background, its output kept in $WORK/NAME.out;
# finish_suite NAME waits for it, prints its output and records it.
start_suite() {
    local name="$1"
    shift
    say "pytest on $name (in the background; its output follows when it ends)"
    SUITE_START[$name]="$(now)"
    env "$@" "$PY" -m pytest "${XDIST_ARGS[@]}" --junitxml="$WORK/$name.xml" "${PYTEST_ARGS[@]}" \
        >"$WORK/$name.out" 2>&1 &
    SUITE_PID[$name]=$!
}
finish_suite() {
    local name="$1" rc=0
    wait "${SUITE_PID[$name]}" || rc=$?
    phase_done "$name tests" "${SUITE_START[$name]}"
    say "pytest on $name: its output"
    cat "$WORK/$name.out"
    record "$name" "$rc"
}

# TEST_SIDE_BY_SIDE=1 runs the two databases side by side. Not the default: on 2 cores the four
# workers, the database server and the browser slowed each other down (761 s side by side against
# about 620 s one after the other, the same tests).
side_by_side="${TEST_SIDE_BY_SIDE:-0}"
[ "$want_sqlite" -eq 1 ] && [ "$want_postgres" -eq 1 ] || side_by_side=0

# --- SQLite ---------------------------------------------------------------------------------
if [ "$want_sqlite" -eq 1 ]; then
    if [ "$side_by_side" -eq 1 ]; then
        start_suite sqlite -u DATABASE_URL
    else
        run_suite sqlite -u DATABASE_URL
    fi
fi

# --- PostgreSQL -----------------------------------------------------------------------------
start_postgres() {
    PG_BIN="$(pg_bindir)" || true
    [ -n "$PG_BIN" ] || { warn "no PostgreSQL initdb under /usr/lib/postgresql/*/bin"; return 1; }
    PGTMP="$(mktemp -d /tmp/registry-pg.XXXXXXXX)"
    if [ "$(id -u)" -eq 0 ]; then
        getent passwd postgres >/dev/null || { warn "no 'postgres' user to own the cluster"; return 1; }
        chown postgres: "$PGTMP"
    fi
    local initdb_args=(-D "$PGTMP/data" -A trust -U postgres --encoding=UTF8)
    if ! pg_as "$PG_BIN/initdb" "${initdb_args[@]}" --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1; then
        pg_as rm -rf "$PGTMP/data"
        if ! pg_as "$PG_BIN/initdb" "${initdb_args[@]}" --locale=C >>"$WORK/initdb.log" 2>&1; then
            cat "$WORK/initdb.log" >&2
            warn "initdb failed"
            return 1
        fi
    fi
    PG_PORT="$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # A throwaway cluster needs no durability: without fsync, the migrations, the demo and the
    # flushes after each browser test commit at memory speed. Nor autovacuum: the tests ANALYZE
    # what they need themselves (tests/conftest.py, after the demo), and its background work only
    # competes with them for the cores. Nor JIT: compiling a query costs more than a test's data
    # takes to read.
    if ! pg_as "$PG_BIN/pg_ctl" -D "$PGTMP/data" \
            -o "-p $PG_PORT -k $PGTMP -h 127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c autovacuum=off -c jit=off" \
            -l "$PGTMP/log" -w -t 60 start >"$WORK/pg_ctl.log" 2>&1; then
        cat "$WORK/pg_ctl.log" "$PGTMP/log" >&2 2>/dev/null || true
        warn "pg_ctl start failed"
        return 1
    fi
    say "throwaway PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $NF}') on 127.0.0.1:$PG_PORT ($PGTMP)"
}

if [ "$want_postgres" -eq 1 ]; then
    t="$(now)"
    if start_postgres; then
        phase_done "postgres start" "$t"
        # Through the cluster's Unix socket: a sixth less CPU than TCP on 127.0.0.1 for the same tests.
        socket_dir="$("$PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$PGTMP")"
        run_suite postgres DATABASE_URL="postgres://postgres@$socket_dir:$PG_PORT/registry"
        t="$(now)"
        stop_postgres
        phase_done "postgres stop" "$t"
    else
        FAILED_ANY=1
        SUMMARY+=("postgres: 0 passed, 0 failed (the throwaway PostgreSQL cluster did not start)")
    fi
fi
if [ "$side_by_side" -eq 1 ]; then
    finish_suite sqlite
fi

# --- summary --------------------------------------------------------------------------------
phase_done "total" "$T_START"
printf '\n==> timings\n'
printf '  %s\n' "${TIMINGS[@]}"
printf '\n==> summary\n'
printf '%s\n' "${SUMMARY[@]}"
if [ "${#SUMMARY[@]}" -gt 1 ]; then
    printf 'total: %s passed, %s failed, %s skipped\n' "$TOTAL_PASSED" "$TOTAL_FAILED" "$TOTAL_SKIPPED"
fi
exit "$FAILED_ANY"
