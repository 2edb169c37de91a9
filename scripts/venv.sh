#!/usr/bin/env bash
# Create .venv (with python3) if it is missing, and install the project with its test extras
# whenever pyproject.toml differs from the one last installed (a hash kept inside .venv).
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

PYTHON="${PYTHON:-python3}"
STAMP="$VENV/.pyproject.sha256"

command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found: install Python 3.11 or newer"

# A venv whose interpreter no longer runs (moved, or its Python removed) is made anew.
if [ -d "$VENV" ] && ! "$PY" -c 'import sys' >/dev/null 2>&1; then
    warn "$VENV is broken; recreating it"
    rm -rf "$VENV"
fi

if [ ! -x "$PY" ]; then
    say "creating $VENV"
    log="$(mktemp)"
    if ! "$PYTHON" -m venv "$VENV" >"$log" 2>&1; then
        # Debian's own python3 lacks ensurepip until python3-venv is installed.
        rm -rf "$VENV"
        if command -v apt-get >/dev/null 2>&1 && grep -qi 'ensurepip\|python3.*-venv' "$log"; then
            apt_install python3-venv
            "$PYTHON" -m venv "$VENV" >"$log" 2>&1 || { cat "$log" >&2; rm -f "$log"; die "python3 -m venv failed"; }
        else
            cat "$log" >&2; rm -f "$log"; die "$PYTHON -m venv $VENV failed"
        fi
    fi
    rm -f "$log"
    rm -f "$STAMP"
fi

want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
have="$(cat "$STAMP" 2>/dev/null || true)"
if [ "$want" != "$have" ]; then
    say "installing the project into .venv (pip install -e '.[test]')"
    log="$(mktemp)"
    if ! "$PY" -m pip install --disable-pip-version-check --no-input -q -e '.[test]' >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"
        rm -f "$STAMP"
        die "pip install -e '.[test]' failed (output above)"
    fi
    rm -f "$log"
    printf '%s\n' "$want" >"$STAMP"
fi
