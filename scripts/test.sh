#!/usr/bin/env bash
# Runs every test: formatting, lints, Rust tests (the server's integration
# tests against SQLite and against a real PostgreSQL started here), then the
# release site in headless Chromium. Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rj-portfolio/target}"
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

step() { printf '\n=== %s ===\n' "$*"; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

# --- system packages -------------------------------------------------------
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/sbin/clamd ] || missing+=(clamav-daemon)
# The archival PDF tests read the server's PDFs with pdftotext, pdfinfo, pdfdetach.
[ -x /usr/bin/pdftotext ] || missing+=(poppler-utils)
# The import-cycle check (scripts/cycles.py).
command -v python3 >/dev/null || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing Debian packages: ${missing[*]}"
  # clamd runs on a signature database the tests write (scripts/clamd.sh);
  # freshclam must never start downloading one.
  echo "clamav-freshclam clamav-freshclam/autoupdate_freshclam select manual" \
    | as_root debconf-set-selections 2>/dev/null || true
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

step "Build tools"
bash scripts/install-tools.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "No import cycles inside a crate"
python3 scripts/cycles.py shared/src app/src server/src

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

# A real clamd for the upload tests (server/tests/api/files.rs), on a throwaway
# signature database; stopped when the script ends.
step "clamd (virus scanner for the upload tests)"
CLAMD_DIR=$(mktemp -d)
stop_clamd() { bash scripts/clamd.sh stop "$CLAMD_DIR"; rm -rf "$CLAMD_DIR"; }
trap stop_clamd EXIT
export "$(bash scripts/clamd.sh start "$CLAMD_DIR" "${CLAMD_PORT:-33310}" | tail -n 1)"
echo "TEST_CLAMD_ADDRESS=$TEST_CLAMD_ADDRESS"

step "Rust tests (SQLite)"
cargo test --workspace 2>&1 | tee "${TMPDIR:-/tmp}/rj-cargo-test.log"
grep -E '^test result:' "${TMPDIR:-/tmp}/rj-cargo-test.log" | awk '{p+=$4; f+=$6} END {print "Rust tests (SQLite): " p " passed, " f " failed"}'

# --- PostgreSQL ------------------------------------------------------------
# `--workspace --test api`, not `-p server`: the same features as the run
# above, so the same test binary runs again instead of a second build.
step "Server integration tests (PostgreSQL)"
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGTMP=$(mktemp -d)
PGPORT=${PGPORT:-54329}
as_pg() {
  # PostgreSQL refuses to run as root: use the account Debian's package made.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$PGTMP"; fi
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGTMP"; }
trap 'stop_pg; stop_clamd' EXIT
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -A trust -U postgres -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w \
  -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=on -c max_wal_size=256MB" start >/dev/null
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres" \
  cargo test --workspace --test api 2>&1 | tee "${TMPDIR:-/tmp}/rj-cargo-test-pg.log"
grep -E '^test result:' "${TMPDIR:-/tmp}/rj-cargo-test-pg.log" | awk '{p+=$4; f+=$6} END {print "Server tests (PostgreSQL): " p " passed, " f " failed"}'
stop_pg
stop_clamd
trap - EXIT

# --- browser tests ---------------------------------------------------------
bash scripts/e2e.sh
