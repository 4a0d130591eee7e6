#!/usr/bin/env bash
# Builds the release site, then runs each browser test file in headless
# Chromium (Debian's, via playwright-core) against its own fresh server.
# Part of `make test`; runs alone too: `bash scripts/e2e.sh [test files]`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rj-portfolio/target}"
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

printf '\n=== %s ===\n' "Release build"
cargo leptos build --release --split

# Complete portfolio content (shared::fixtures) for the tests that walk a
# portfolio through submission and assessment: the same content the
# server's integration tests submit.
printf '\n=== %s ===\n' "Test fixture: complete portfolio content"
cargo build -q -p shared --features fixtures --example complete_portfolio
export COMPLETE_PORTFOLIO_BIN="$CARGO_TARGET_DIR/debug/examples/complete_portfolio"

printf '\n=== %s ===\n' "Browser tests (headless Chromium)"
E2E_PORT=${E2E_PORT:-3107}
export BASE_URL="http://localhost:$E2E_PORT"
(cd end2end && npm ci --no-audit --no-fund >/dev/null)
if [ $# -gt 0 ]; then files=("$@"); else files=(end2end/tests/*.test.mjs); fi
files=("${files[@]#end2end/}")

SERVER_PID=
E2E_TMP=
stop_server() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  [ -n "$E2E_TMP" ] && rm -rf "$E2E_TMP"
  SERVER_PID=
  E2E_TMP=
}
trap stop_server EXIT

# Each test file gets a fresh server on a fresh database, so files cannot
# depend on each other's data, and each can use the one-time set-up link.
start_server() {
  E2E_TMP=$(mktemp -d)
  # TRUST_FORWARDED_FOR: each browser context sends its own address (see
  # end2end/tests/support.mjs), so rate limits apply per simulated person.
  PORT=$E2E_PORT PUBLIC_ORIGIN="$BASE_URL" DATABASE_URL="sqlite://$E2E_TMP/e2e.db" TRUST_FORWARDED_FOR=true \
    LEPTOS_SITE_ROOT="$PWD/target/site" RUST_LOG=warn \
    "$CARGO_TARGET_DIR/release/server" >"$E2E_TMP/server.log" 2>&1 &
  SERVER_PID=$!
  # What the server logged (links that were not e-mailed), for the tests.
  export SERVER_LOG="$E2E_TMP/server.log"
  for _ in $(seq 1 150); do
    curl -fsS "$BASE_URL/api/health" >/dev/null 2>&1 && break
    sleep 0.2
  done
  curl -fsS "$BASE_URL/api/health" >/dev/null || { cat "$E2E_TMP/server.log"; return 1; }
  # The set-up link the server printed at first start, for the admin tests.
  SETUP_LINK=$(grep -o 'http://[^ ]*/inrichten#token=[0-9a-f]*' "$E2E_TMP/server.log" | head -n 1 || true)
  export SETUP_LINK
}

passed=0
failed=0
status=0
for file in "${files[@]}"; do
  start_server
  log=$(mktemp)
  if (cd end2end && node --test --test-concurrency=1 "$file") 2>&1 | tee "$log"; then :; else status=1; fi
  p=$(awk '/^# pass /{n=$3} END {print n+0}' "$log")
  f=$(awk '/^# fail /{n=$3} END {print n+0}' "$log")
  passed=$((passed + p))
  failed=$((failed + f))
  rm -f "$log"
  stop_server
done
echo "Browser: $passed passed, $failed failed"
exit $status
