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
if [ ${#missing[@]} -gt 0 ]; then
  step "Installing Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

step "Build tools"
bash scripts/install-tools.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings

step "Rust tests (SQLite)"
cargo test --workspace 2>&1 | tee "${TMPDIR:-/tmp}/rj-cargo-test.log"
grep -E '^test result:' "${TMPDIR:-/tmp}/rj-cargo-test.log" | awk '{p+=$4; f+=$6} END {print "Rust tests (SQLite): " p " passed, " f " failed"}'

# --- PostgreSQL ------------------------------------------------------------
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
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -A trust -U postgres -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w \
  -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=on" start >/dev/null
TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT/postgres" \
  cargo test -p server --tests 2>&1 | tee "${TMPDIR:-/tmp}/rj-cargo-test-pg.log"
grep -E '^test result:' "${TMPDIR:-/tmp}/rj-cargo-test-pg.log" | awk '{p+=$4; f+=$6} END {print "Server tests (PostgreSQL): " p " passed, " f " failed"}'
stop_pg
trap - EXIT

# --- browser tests ---------------------------------------------------------
bash scripts/e2e.sh
