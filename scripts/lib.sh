# Shared helpers for the scripts in this folder; sourced, never run.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"

# Python keeps its bytecode caches (__pycache__, which git ignores) even where the environment asks
# it not to (PYTHONDONTWRITEBYTECODE=1, as on the machines this project is built on): without them
# every process -- each pytest worker, each manage.py a test starts -- compiled the whole project from
# source and pytest rewrote every test module again, five seconds of each worker's start.
unset PYTHONDONTWRITEBYTECODE

say()  { printf '==> %s\n' "$*" >&2; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die()  { printf 'error: %s\n' "$*" >&2; exit 1; }

# Seconds since the epoch, for phase timings.
now() { date +%s; }

# as_root CMD...: run CMD as root (directly, or through sudo), or fail with a clear message.
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root to run '$*' (not root, and sudo is not installed); install it by hand or rerun as root"
    fi
}

# apt_install PKG...: apt-get update, then install PKG... without recommends, quietly; loud on failure.
apt_install() {
    command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install $* by hand"
    local log
    log="$(mktemp)"
    say "installing Debian packages: $*"
    if ! as_root apt-get update -qq >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; die "apt-get update failed"
    fi
    if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >"$log" 2>&1; then
        cat "$log" >&2; rm -f "$log"; die "apt-get install $* failed"
    fi
    rm -f "$log"
}

# pg_bindir: the newest /usr/lib/postgresql/<version>/bin holding initdb, or nothing.
pg_bindir() {
    local dir best="" best_version=-1 version
    for dir in /usr/lib/postgresql/*/bin; do
        [ -x "$dir/initdb" ] || continue
        version="$(basename "$(dirname "$dir")")"
        version="${version%%.*}"
        case "$version" in ''|*[!0-9]*) continue ;; esac
        if [ "$version" -gt "$best_version" ]; then
            best_version="$version"; best="$dir"
        fi
    done
    [ -n "$best" ] && printf '%s\n' "$best"
}

# What WeasyPrint needs to lay out the papers (letters, applications) with Chinese text: Pango and
# the Noto CJK fonts (printing/pdf.py). Installed by both `make run` and `make test` when missing.
PDF_PACKAGES=(libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)

# missing_debian_packages PKG...: prints each PKG that is not installed (nothing where dpkg is absent).
missing_debian_packages() {
    command -v dpkg >/dev/null 2>&1 || { warn "not a Debian system: make sure $* are installed"; return 0; }
    local pkg
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || printf '%s\n' "$pkg"
    done
}
