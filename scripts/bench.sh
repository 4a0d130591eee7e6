#!/usr/bin/env bash
# `make bench`: push and pull over loopback against SQLite and a throwaway
# PostgreSQL (server/benches/sync.rs), with GET /api/health of the same
# server as the ceiling. Writes the results and the machine they came from
# to BENCHMARKS.md. Bounded request counts: it stops by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/rj-portfolio/target}"
export PATH="$HOME/.cargo/bin:$PATH"

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi

echo "=== Building the benchmark (release) ==="
cargo bench -p server --bench sync --no-run

# A PostgreSQL of our own on loopback, with fsync on like production, so
# the numbers include the durable commit.
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PGTMP=$(mktemp -d)
PGPORT=${BENCH_PGPORT:-54339}
as_pg() {
  # PostgreSQL refuses to run as root: use the account Debian's package made.
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
if [ "$(id -u)" = 0 ]; then chown postgres "$PGTMP"; fi
stop_pg() { as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -m fast stop >/dev/null 2>&1 || true; rm -rf "$PGTMP"; }
trap stop_pg EXIT
as_pg "$PGBIN/initdb" -D "$PGTMP/data" -A trust -U postgres -E UTF8 >/dev/null
as_pg "$PGBIN/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/log" -w \
  -o "-p $PGPORT -k $PGTMP -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on" \
  start >/dev/null

echo "=== Running (one to two minutes per database) ==="
RESULTS=$(mktemp)
BENCH_DATABASES="sqlite postgres://postgres@127.0.0.1:$PGPORT/postgres" \
  cargo bench -p server --bench sync 2>/dev/null | tee "$RESULTS"
stop_pg
trap - EXIT

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
{
  echo "# Benchmarks"
  echo
  echo "Written by \`make bench\` (scripts/bench.sh, server/benches/sync.rs); run it again to"
  echo "replace this file."
  echo
  echo "What is measured: the real server (release build, full middleware stack) on"
  echo "127.0.0.1, one client on one keep-alive HTTP/1.1 connection, requests one after"
  echo "another as one browser sends them. **push**: a batch of 1, 10 or 100 answer edits"
  echo "(~300 characters each, every one applied on the current version) in one"
  echo "transaction with a durable commit (SQLite WAL + synchronous=FULL, PostgreSQL"
  echo "fsync + synchronous_commit on). **pull**: a page of 1, 10 or 100 changes."
  echo "**health**: \`GET /api/health\` (one \`SELECT 1\`) on the same server and"
  echo "connection, the stack's ceiling; the last column is each row's requests per"
  echo "second as a share of it. Mutations or changes per second = batch × requests/s."
  echo "**Evidence files**: five 20 MiB files uploaded (hashed, type sniffed, stored in"
  echo "the database in chunks, durable commit) and downloaded (streamed) one after another,"
  echo "against writing the same bytes to a file with fsync and reading them back on the"
  echo "same disk in the same run; with the process's peak memory above its baseline."
  echo "**Physical limits**, measured in the same run on the same database through the same"
  echo "pool settings (no server, no HTTP): a raw loop of single-row durable commits (one"
  echo "~300-byte INSERT per transaction, one after another) and of 100-row transactions"
  echo "(one multi-row INSERT each). Push of one edit is shown as a share of the first,"
  echo "larger batches as a share of the second's rows/s."
  echo "**Many devices**: 32 candidates, each with their own session, portfolio and"
  echo "keep-alive connection, push one edit per request at once (closed loop: the most"
  echo "the server acknowledges, concurrent pushes committed together by the group commit),"
  echo "then an open loop at half that rate: every device sends on a fixed schedule and"
  echo "latency counts from the scheduled moment, so waiting in a queue shows (16 devices"
  echo "in a closed loop would slow their own sending instead and hide it). The bench"
  echo "clients run in the same process as the server, on the same 2 cores."
  echo "On a shared machine the numbers are noisy: compare rows of one run, not runs."
  echo
  echo "- Date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git rev-parse --short HEAD)"
  echo "- CPU: $cpu, \`nproc\` = $(nproc)"
  echo "- Memory (\`free -h\`):"
  echo
  echo '```'
  free -h
  echo '```'
  echo "- PostgreSQL: $("$PGBIN/postgres" --version), local, started by the script"
  echo
  cat "$RESULTS"
} > BENCHMARKS.md
rm -f "$RESULTS"
echo "=== Wrote BENCHMARKS.md ==="
