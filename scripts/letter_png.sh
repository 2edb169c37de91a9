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
from django.utils import timezone
from outreach.committee import committee_of_record
from outreach.models import LiaisonLetter
from printing.pdf import render_pdf_papers
letter = LiaisonLetter.objects.filter(member_count__range=(4, 6)).order_by('home_organization').first()
context = {'letters': [letter], 'committee': committee_of_record(), 'today': timezone.localdate(), 'user_sees_personal_data': True}
open('$TMP/letter.pdf', 'wb').write(render_pdf_papers('outreach/letters/letters_pdf.html', [context]))
"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$TMP/letter.pdf" "$ROOT/docs/letter"
say "wrote docs/letter.png"

# docs/transfer-letter.png: page 1 of a demo introduction letter (介绍信) for a transfer out.
"$PY" manage.py shell -v 0 -c "
from registry.models import Movement
from printing.pdf import render_pdf
movement = Movement.objects.filter(kind='transfer_out', to_organization__isnull=True).exclude(letter_number='').order_by('-date', 'id').first()
open('$TMP/transfer.pdf', 'wb').write(render_pdf('registry/movements/letter_pdf.html', {'movement': movement, 'member': movement.member, 'user_sees_personal_data': True}))
"
pdftoppm -r 70 -png -f 1 -l 1 -singlefile "$TMP/transfer.pdf" "$ROOT/docs/transfer-letter"
say "wrote docs/transfer-letter.png"
