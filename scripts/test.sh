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
step "Release build"
cargo leptos build --release

step "Browser tests (headless Chromium)"
E2E_TMP=$(mktemp -d)
E2E_PORT=${E2E_PORT:-3107}
export BASE_URL="http://localhost:$E2E_PORT"
PORT=$E2E_PORT PUBLIC_ORIGIN="$BASE_URL" DATABASE_URL="sqlite://$E2E_TMP/e2e.db" \
  LEPTOS_SITE_ROOT="$PWD/target/site" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/server" >"$E2E_TMP/server.log" 2>&1 &
SERVER_PID=$!
stop_server() { kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; rm -rf "$E2E_TMP"; }
trap stop_server EXIT
for _ in $(seq 1 100); do
  curl -fsS "$BASE_URL/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$BASE_URL/api/health" >/dev/null || { cat "$E2E_TMP/server.log"; exit 1; }
# The set-up link the server printed at first start, for the admin tests.
export SETUP_LINK=$(grep -o 'http://[^ ]*/inrichten#token=[0-9a-f]*' "$E2E_TMP/server.log" | head -n 1)
(cd end2end && npm ci --no-audit --no-fund >/dev/null && node --test --test-concurrency=1 tests/*.test.mjs)
