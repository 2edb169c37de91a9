#!/usr/bin/env bash
# `make run`: set up and serve the demo on http://127.0.0.1:$PORT (default 8000).
# The database is whatever DATABASE_URL says; by default the SQLite file db.sqlite3 here.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PORT="${PORT:-8000}"
HOST=127.0.0.1
# The demo is served with DEBUG on: the demo logins it prints work only then (config/logins.py
# refuses the published passwords with DEBUG off). A refused or missing page is still the
# registry's own, in Chinese (templates/403.html, 404.html: config/middleware.py). `DEBUG=false
# make run` serves it as in production instead: a key for this machine only, plain http on
# 127.0.0.1, the static files collected and served by WhiteNoise -- and the demo passwords refused.
export DEBUG="${DEBUG:-true}"
if [ "$DEBUG" = "false" ]; then
    export SECRET_KEY="${SECRET_KEY:-demo-only-$(hostname)-not-for-real-use}"
    export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
    export HTTPS="${HTTPS:-false}"
fi

bash "$ROOT/scripts/venv.sh"

# Pango and the Chinese fonts, for the letters and applications printed to PDF.
missing=()
while IFS= read -r pkg; do missing+=("$pkg"); done < <(missing_debian_packages "${PDF_PACKAGES[@]}")
if [ "${#missing[@]}" -gt 0 ]; then
    apt_install "${missing[@]}"
fi
manage() { "$PY" manage.py "$@"; }

say "migrating the database"
manage migrate --noinput -v 0
if [ "$DEBUG" = "false" ]; then
    manage collectstatic --noinput -v 0
fi

# The .mo catalogs are committed; rebuild them only if gettext is here and a .po is newer.
# (Whole seconds: a fresh checkout writes the pair a few microseconds apart, in either order.)
stale=0
while IFS= read -r -d '' po; do
    mo="${po%.po}.mo"
    if [ ! -e "$mo" ] || [ "$(stat -c %Y "$po")" -gt "$(stat -c %Y "$mo")" ]; then stale=1; fi
done < <(find "$ROOT/locale" -name '*.po' -print0 2>/dev/null)
if [ "$stale" -eq 1 ]; then
    if command -v msgfmt >/dev/null 2>&1; then
        say "compiling translations (a .po is newer than its .mo)"
        manage compilemessages -v 0 --ignore .venv --ignore staticfiles --ignore media
    else
        warn "a .po file is newer than its .mo, but gettext's msgfmt is not installed: using the committed .mo files"
    fi
fi

# One line: "<seed_demo is a command> <the database has members>", e.g. "1 0".
state="$(manage shell -v 0 -c '
from django.core.management import get_commands
from registry.models import Member
print(int("seed_demo" in get_commands()), int(Member.objects.exists()))' | tail -n 1)"
if [ "${state%% *}" = "1" ]; then
    if [ "${state##* }" != "1" ]; then
        say "the database has no members yet: loading the demo (seed_demo, about half a minute)"
        manage seed_demo --with-users
    # The demo logins (created if missing, passwords reset, printed) — only on the demo's own
    # database, never on one that holds other data.
    elif manage shell -v 0 -c '
import sys
from branches.models import Organization
sys.exit(0 if Organization.objects.filter(name="中共北京福建企业总商会委员会").exists() else 1)'; then
        say "the demo is already in the database: serving it as it is (delete db.sqlite3 to start afresh)"
        manage seed_demo --users-only
    else
        warn "this database holds data other than the demo: no demo users were created (use grant_role)"
    fi
else
    warn "manage.py has no seed_demo command yet: serving without demo data"
fi

# The background worker (spreadsheet imports), stopped with the server.
say "starting the background worker (manage.py db_worker)"
"$PY" manage.py db_worker --queue-name '*' --no-reload -v 0 &
WORKER_PID=$!
trap 'kill "$WORKER_PID" 2>/dev/null || true' EXIT INT TERM

say "serving the registry on port $PORT: open http://$HOST:$PORT/ (Ctrl-C to stop; PORT=8001 make run for another port)"
"$PY" manage.py runserver "$HOST:$PORT"
