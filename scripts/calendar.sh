#!/usr/bin/env bash
# The date-sensitive part of the suite on other days than the suite's own (.ci/run runs this
# after `make test`): a test tied to a date fails here, not on the day after a release.
#
#   scripts/calendar.sh            the wall clock moved 4 months and a year ahead (libfaketime), the
#                                  tests reading it (REGISTRY_TEST_TODAY=wall); then the suite's own
#                                  day moved to the half-year turn and to a 29 February
#
# SQLite only, one pytest worker per core; the first run seeds the demo on all six awkward days
# (REGISTRY_CALENDAR_DAYS=all, tests/registry/management/test_demo_calendar.py).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash "$ROOT/scripts/venv.sh"
command -v faketime >/dev/null 2>&1 || apt_install faketime

WORKERS="$(nproc 2>/dev/null || echo 1)"
[ "$WORKERS" -le 4 ] || WORKERS=4
# The tests whose outcome depends on the day: rules and work lists, dues months, movements and
# the year's balance, letters and certificates, the demo and the figures, the lists' filters;
# organizational life's periods and six months, committees' terms, the assessment's year, honours.
DATE_SENSITIVE=(
    tests/registry/development tests/registry/dues tests/registry/movements tests/registry/management
    tests/registry/figures tests/outreach tests/branches/test_filtering.py tests/config/test_home.py
    tests/registry/orglife tests/registry/committees tests/registry/assessment tests/registry/honours
)
run() {
    local label="$1"
    shift
    say "calendar: $label"
    env -u DATABASE_URL "$@" "$PY" -m pytest -q -n "$WORKERS" --dist worksteal -m "not browser" \
        -p no:cacheprovider "${DATE_SENSITIVE[@]}"
}

failed=0
run "wall clock 4 months ahead, the tests on its day; the demo on all six awkward days" \
    REGISTRY_CALENDAR_DAYS=all REGISTRY_TEST_TODAY=wall faketime -f +120d || failed=1
run "wall clock a year ahead, the tests on its day" REGISTRY_TEST_TODAY=wall faketime -f +365d || failed=1
for day in 2027-07-01 2028-02-29; do
    run "the suite's day moved to $day" REGISTRY_TEST_TODAY="$day" || failed=1
done
exit "$failed"
