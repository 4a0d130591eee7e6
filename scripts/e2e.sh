#!/usr/bin/env bash
# Builds the release site, starts the server on a fresh SQLite database and
# runs the browser tests in headless Chromium (Debian's, via playwright-core).
# Part of `make test`; runs alone too: `bash scripts/e2e.sh [test files]`.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rj-portfolio/target}"
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

printf '\n=== %s ===\n' "Release build"
cargo leptos build --release

printf '\n=== %s ===\n' "Browser tests (headless Chromium)"
E2E_TMP=$(mktemp -d)
E2E_PORT=${E2E_PORT:-3107}
export BASE_URL="http://localhost:$E2E_PORT"
# TRUST_FORWARDED_FOR: each browser context sends its own address (see
# end2end/tests/support.mjs), so rate limits apply per simulated person.
PORT=$E2E_PORT PUBLIC_ORIGIN="$BASE_URL" DATABASE_URL="sqlite://$E2E_TMP/e2e.db" TRUST_FORWARDED_FOR=true \
  LEPTOS_SITE_ROOT="$PWD/target/site" RUST_LOG=warn \
  "$CARGO_TARGET_DIR/release/server" >"$E2E_TMP/server.log" 2>&1 &
SERVER_PID=$!
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  rm -rf "$E2E_TMP"
}
trap stop_server EXIT
for _ in $(seq 1 150); do
  curl -fsS "$BASE_URL/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$BASE_URL/api/health" >/dev/null || { cat "$E2E_TMP/server.log"; exit 1; }
# The set-up link the server printed at first start, for the admin tests.
SETUP_LINK=$(grep -o 'http://[^ ]*/inrichten#token=[0-9a-f]*' "$E2E_TMP/server.log" | head -n 1 || true)
export SETUP_LINK
cd end2end
npm ci --no-audit --no-fund >/dev/null
if [ $# -gt 0 ]; then files=("$@"); else files=(tests/*.test.mjs); fi
node --test --test-concurrency=1 "${files[@]}"
