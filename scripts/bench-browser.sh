#!/usr/bin/env bash
# The browser half of `make bench`: Lighthouse mobile on the candidate's
# pages and the editor, the bytes of every chunk in the site's pkg/, and
# typing in a portfolio of 10,000 words (end2end/bench/*.mjs), in headless
# Debian Chromium against a server of its own on a fresh SQLite database.
# Prints a Markdown section (`### Browser`) for BENCHMARKS.md to stdout;
# progress goes to stderr. Measures, never asserts.
#
# Uses the release build that is there (it does not build):
#   BENCH_SERVER_BIN  the server binary (default: $CARGO_TARGET_DIR/release/server;
#                     cargo-leptos's hash.txt must be beside it)
#   BENCH_SITE_ROOT   its site root (default: target/site)
#   BENCH_PORT        the port (default 3117)
#   BENCH_JSON        also write the raw numbers there as JSON
#   BENCH_KEYSTROKES  keystrokes per typing run (default 200)
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rj-portfolio/target}"
export PATH="$PWD/tools/node_modules/.bin:$PATH"

SERVER_BIN="${BENCH_SERVER_BIN:-$CARGO_TARGET_DIR/release/server}"
SITE_ROOT="${BENCH_SITE_ROOT:-$PWD/target/site}"
PORT="${BENCH_PORT:-3117}"
BASE_URL="http://localhost:$PORT"
if [ ! -x "$SERVER_BIN" ] || [ ! -d "$SITE_ROOT/pkg" ]; then
  echo "bench-browser: no release build ($SERVER_BIN, $SITE_ROOT/pkg): run 'cargo leptos build --release --split' first" >&2
  exit 1
fi

# Lighthouse (tools/) and playwright-core (end2end/) from their lockfiles.
[ -f tools/node_modules/lighthouse/package.json ] || (cd tools && npm ci --no-audit --no-fund >/dev/null)
[ -f end2end/node_modules/playwright-core/package.json ] || (cd end2end && npm ci --no-audit --no-fund >/dev/null)

BENCH_TMP=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$BENCH_TMP"
}
trap cleanup EXIT

PORT=$PORT PUBLIC_ORIGIN="$BASE_URL" DATABASE_URL="sqlite://$BENCH_TMP/bench.db" \
  LEPTOS_SITE_ROOT="$SITE_ROOT" RUST_LOG=warn \
  "$SERVER_BIN" >"$BENCH_TMP/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 150); do
  curl -fsS "$BASE_URL/api/health" >/dev/null 2>&1 && break
  sleep 0.2
done
curl -fsS "$BASE_URL/api/health" >/dev/null || { cat "$BENCH_TMP/server.log" >&2; exit 1; }

# Bounded: a few minutes normally; stopped after ten.
BASE_URL="$BASE_URL" SITE_ROOT="$SITE_ROOT" \
  timeout 600 node end2end/bench/browser.mjs
