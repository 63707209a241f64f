#!/usr/bin/env bash
# bench/run.sh BUILD_DIR: measurements of zuofeng on this machine, each printed as
#   bench NAME: VALUE UNIT (floor VALUE UNIT, ratio R)
# with the floor measured in the same run. Not part of `make test`: machines are noisy.
set -euo pipefail
BUILD=${1:-build}
BIN="$(cd "$(dirname "$0")/.." && pwd)/$BUILD/zuofeng"
WORK=$(mktemp -d /tmp/zfbench.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
command -v wrk >/dev/null || { echo "bench: wrk is missing (scripts/deps.sh installs it)" >&2; exit 1; }
DUR=${BENCH_SECONDS:-5}

"$BIN" demo --db "$WORK/zf.db" >/dev/null
ZUOFENG_LOG=error "$BIN" serve --db "$WORK/zf.db" --listen 127.0.0.1:0 >"$WORK/serve.out" &
PID=$!
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/.*http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$WORK/serve.out")
	[ -n "$PORT" ] && break
	sleep 0.1
done
URL="http://127.0.0.1:$PORT"

rps() { wrk -t2 -c64 -d"${DUR}s" "$@" | awk '/Requests\/sec/ {print $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }

health=$(rps "$URL/api/v1/health")
printf 'bench health: %.0f req/s (floor %.0f req/s, ratio 1.000)\n' "$health" "$health"

# an authenticated read: session lookup, role check and a paged query of units
login=$(curl -sS -i -H 'Content-Type: application/json' \
	-d '{"username":"office","password":"demo"}' "$URL/api/v1/session")
cookie=$(printf '%s' "$login" | sed -n 's/^Set-Cookie: \(zf_session=[0-9a-f]*\).*/\1/p' | tr -d '\r')
units=$(rps -H "Cookie: $cookie" "$URL/api/v1/units?limit=50")
printf 'bench units_list: %.0f req/s (floor %.0f req/s, ratio %s)\n' "$units" "$health" "$(ratio "$units" "$health")"
chain=$(rps -H "Cookie: $cookie" "$URL/api/v1/units/T01/responsibility")
printf 'bench responsibility_chain: %.0f req/s (floor %.0f req/s, ratio %s)\n' "$chain" "$health" "$(ratio "$chain" "$health")"
rss=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
printf 'bench server_peak_rss: %d kB (floor 131072 kB, ratio %s)\n' "$rss" "$(ratio "$rss" 131072)"
