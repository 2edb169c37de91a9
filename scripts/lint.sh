#!/usr/bin/env bash
# `make lint`, and the first step of `make test` (before any pytest): a few seconds.
#   1. ruff check           the lint rules of pyproject.toml ([tool.ruff.lint])
#   2. ruff format --check  the formatting, at 120 characters
#   3. dead code            vulture through scripts/deadcode.py (unused functions, methods, classes,
#                           properties, attributes; the names templates and strings use count as used)
# All three run; exits non-zero when any failed, naming which, with the command that fixes it.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

bash "$ROOT/scripts/venv.sh"
RUFF="$VENV/bin/ruff"
[ -x "$RUFF" ] || die "$RUFF is missing: the test extras install it (pip install -e '.[test]')"

failed=()

say "ruff check"
"$RUFF" check --quiet --output-format concise . || failed+=("ruff check (fix: .venv/bin/ruff check --fix PATH; the rest by hand)")

say "ruff format --check"
"$RUFF" format --check --quiet . || failed+=("ruff format (fix: .venv/bin/ruff format PATH)")

say "dead code (vulture)"
"$PY" "$ROOT/scripts/deadcode.py" || failed+=("dead code (delete it, or whitelist it in scripts/deadcode_whitelist.py with the reason)")

if [ "${#failed[@]}" -gt 0 ]; then
    printf 'lint failed:\n' >&2
    printf '  - %s\n' "${failed[@]}" >&2
    exit 1
fi
say "lint passed"
