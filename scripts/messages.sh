#!/usr/bin/env bash
# `make messages`: gather the translatable strings into locale/<lang>/LC_MESSAGES/django.po and
# compile the .mo files (which are committed, so that running the site needs no gettext).
#   LANGS="zh_Hans en" scripts/messages.sh   (default: every locale already under locale/, else zh_Hans)
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash "$ROOT/scripts/venv.sh"
command -v msgfmt >/dev/null 2>&1 || apt_install gettext

if [ -z "${LANGS:-}" ]; then
    LANGS="$(find locale -mindepth 1 -maxdepth 1 -type d -printf '%f ' 2>/dev/null || true)"
    LANGS="${LANGS:-zh_Hans}"
fi
IGNORE=(--ignore .venv --ignore staticfiles --ignore media --ignore test-artifacts --ignore '*.egg-info')

for lang in $LANGS; do
    say "makemessages -l $lang"
    "$PY" manage.py makemessages -l "$lang" --no-obsolete "${IGNORE[@]}" -v 0
done
say "compilemessages"
"$PY" manage.py compilemessages "${IGNORE[@]}" -v 0
