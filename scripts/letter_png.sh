#!/usr/bin/env bash
# docs/letter.png: the first page of a demo liaison letter, as the README shows it. Run it again
# after the translations change. Needs pdftoppm (Debian's poppler-utils; installed if missing).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash "$ROOT/scripts/venv.sh"
command -v pdftoppm >/dev/null 2>&1 || apt_install poppler-utils
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export DATABASE_URL="sqlite:///$TMP/demo.sqlite3"
"$PY" manage.py migrate --noinput -v 0
"$PY" manage.py seed_demo >/dev/null
"$PY" manage.py shell -v 0 -c "
from outreach.models import LiaisonLetter
from printing.pdf import render_pdf
letter = LiaisonLetter.objects.filter(member_count__range=(4, 6)).order_by('home_organization').first()
open('$TMP/letter.pdf', 'wb').write(render_pdf('outreach/letters/letters_pdf.html', {'letters': [letter]}))
"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$TMP/letter.pdf" "$ROOT/docs/letter"
say "wrote docs/letter.png"
