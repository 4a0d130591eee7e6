#!/usr/bin/env bash
# Starts a real ClamAV clamd for the upload tests, on a throwaway signature
# database written here (nothing is downloaded): the EICAR test file as a
# hash signature (.hdb: md5:size:name) and as a body signature (.ndb), so
# EICAR is also found inside an otherwise valid PDF (a bare EICAR file is
# refused by type sniffing before it is scanned).
#
#   bash scripts/clamd.sh start [DIR] [PORT]   # prints TEST_CLAMD_ADDRESS=…
#   bash scripts/clamd.sh stop [DIR]
#
# Listens on 127.0.0.1 only. Needs Debian's clamav-daemon (scripts/test.sh
# installs it with the other packages).
set -euo pipefail

cmd=${1:-start}
dir=${2:-${TMPDIR:-/tmp}/rj-clamd}
port=${3:-${CLAMD_PORT:-33310}}

stop() {
  if [ -f "$dir/clamd.pid" ]; then
    kill "$(cat "$dir/clamd.pid")" 2>/dev/null || true
    rm -f "$dir/clamd.pid"
  fi
}

if [ "$cmd" = stop ]; then
  stop
  exit 0
fi

CLAMD=$(command -v clamd || echo /usr/sbin/clamd)
[ -x "$CLAMD" ] || { echo "clamd not found: apt-get install clamav-daemon" >&2; exit 1; }

stop
mkdir -p "$dir/db"
# The EICAR test string (68 bytes, no newline); assembled in two parts so
# this script itself is not flagged by a scanner.
eicar_a='X5O!P%@AP[4\PZX54(P^)7CC)7}$'
eicar_b='EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*'
printf '%s%s' "$eicar_a" "$eicar_b" > "$dir/eicar.txt"
md5=$(md5sum "$dir/eicar.txt" | cut -d' ' -f1)
size=$(stat -c %s "$dir/eicar.txt")
hex=$(od -An -tx1 -v "$dir/eicar.txt" | tr -d ' \n')
printf '%s:%s:Rj-Test-Eicar-Hash\n' "$md5" "$size" > "$dir/db/rj-test.hdb"
printf 'Rj-Test-Eicar-Body:0:*:%s\n' "$hex" > "$dir/db/rj-test.ndb"
rm -f "$dir/eicar.txt"

cat > "$dir/clamd.conf" <<EOF
TCPSocket $port
TCPAddr 127.0.0.1
DatabaseDirectory $dir/db
PidFile $dir/clamd.pid
LogFile $dir/clamd.log
Foreground no
Bytecode no
StreamMaxLength 25M
MaxFileSize 25M
MaxScanSize 100M
EOF
if [ "$(id -u)" = 0 ]; then
  # clamd drops to this account when started as root; let it read the db.
  if id clamav >/dev/null 2>&1; then
    echo "User clamav" >> "$dir/clamd.conf"
    chown -R clamav "$dir"
  fi
fi

"$CLAMD" --config-file="$dir/clamd.conf"
# clamd forks once its database is loaded; wait until it answers PING.
for _ in $(seq 1 100); do
  if exec 3<>"/dev/tcp/127.0.0.1/$port" 2>/dev/null; then
    printf 'zPING\0' >&3
    reply=$(timeout 2 head -c 5 <&3 || true)
    exec 3<&- 3>&-
    if [ "$reply" = PONG ]; then
      echo "TEST_CLAMD_ADDRESS=127.0.0.1:$port"
      exit 0
    fi
  fi
  sleep 0.2
done
echo "clamd did not start; see $dir/clamd.log" >&2
cat "$dir/clamd.log" >&2 || true
exit 1
