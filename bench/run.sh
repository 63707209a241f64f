#!/usr/bin/env bash
# bench/run.sh BUILD_DIR: measurements of zuofeng on this machine, each printed as
#   bench NAME: VALUE UNIT (floor VALUE UNIT, ratio R)
# with the floor measured in the same run on the same machine. Not part of `make test`:
# machines are noisy, so the ratios, not the absolute numbers, are what to compare.
#   ballots_http     durable ballots accepted per second over HTTP, 64 connections, each
#                    one token rating one unit on 17 indicators; floor: GET /api/v1/health
#                    requests per second of the same server (target ratio >= 0.30); two
#                    ballot loads, each between two health loads, averaged
#   rank             `zuofeng rank --resamples 0` on 1,000,000 ballots; floor: the sqlite3
#                    shell's GROUP BY over the same ratings one row each (target <= 0.10)
#   bootstrap        `zuofeng rank` with its 1,000 resamples; floor: one rank (target <= 10)
#   server_peak_rss  the server's peak memory after the ballot load; floor: 128 MB
# BENCH_BALLOTS (default 1000000) and BENCH_SECONDS (default 5) scale it down.
set -euo pipefail
BUILD=${1:-build}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/$BUILD/zuofeng"
GEN="$ROOT/$BUILD/zf_bench_gen"
NB=${BENCH_BALLOTS:-1000000}
DUR=${BENCH_SECONDS:-5}
WORK=$(mktemp -d /tmp/zfbench.XXXXXX)
PID=""
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
for t in wrk sqlite3; do
	command -v $t >/dev/null || { echo "bench: $t is missing (scripts/deps.sh installs it)" >&2; exit 1; }
done
export ZUOFENG_LOG=error
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", (b > 0 ? a / b : 0) }'; }
secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'; }

echo "bench: generating a round of $NB ballots (and the sqlite3 reference table)..." >&2
"$GEN" "$WORK/zf.db" "$WORK/ref.db" "$NB" >/dev/null

# --- ranking against the fixed sqlite3 reference ---
ref=$(secs sqlite3 "$WORK/ref.db" "SELECT unit, grp, indicator, avg(score), count(*) FROM r GROUP BY 1,2,3")
rank=$(secs "$BIN" rank --round B --resamples 0 --db "$WORK/zf.db")
printf 'bench rank: %s s (floor %s s, ratio %s)\n' "$rank" "$ref" "$(ratio "$rank" "$ref")"
boot=$(secs "$BIN" rank --round B --resamples 1000 --db "$WORK/zf.db")
printf 'bench bootstrap: %s s (floor %s s, ratio %s)\n' "$boot" "$rank" "$(ratio "$boot" "$rank")"

# --- ballots over HTTP against the same server's health endpoint ---
: >"$WORK/tokens.a"
: >"$WORK/tokens.b"
for u in U00 U01 U02 U03 U04 U05 U06 U07 U08 U09; do
	for part in a b; do
		"$BIN" tokens issue --round B --group public --units "$u" --count 30000 \
			--db "$WORK/zf.db" 2>/dev/null | awk -v u="$u" 'NF { print $1, u }' >>"$WORK/tokens.$part"
	done
done
# ballots.lua reads FILE.0 and FILE.1, one per wrk thread: each line the JSON body of one
# submission (the token rating its unit on the 17 indicators), the lines dealt out in turn
RATINGS='{"sixiang":90,"fuwu":85,"huanjing":"满意","xiaoneng":80,"lianjie":95,"xuexi":70,'
RATINGS+='"lingdao":75,"weimin":88,"zunzhang":92,"jingshen":"比较满意","taidu":81,"xingxiang":77,'
RATINGS+='"gongzuo":69,"qingzheng":93,"lvzhi":84,"zhizheng":78,"renwu":86}'
for part in a b; do
	awk -v f="$WORK/tokens.$part" -v r="$RATINGS" '{
		printf "{\"round\":\"B\",\"token\":\"%s\",\"ballots\":[{\"unit\":\"%s\",\"ratings\":%s}]}\n",
			$1, $2, r > (f "." (NR - 1) % 2) }' "$WORK/tokens.$part"
done
# the generator's few hundred megabytes, still dirty in the page cache, would otherwise be
# written back in the middle of the ballot load and slow its fsyncs (and not the floor's)
sync
"$BIN" serve --db "$WORK/zf.db" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
PID=$!
PORT=""
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/.*http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$WORK/serve.out")
	[ -n "$PORT" ] && break
	sleep 0.1
done
URL="http://127.0.0.1:$PORT"
# two ballot loads, each between two health loads: this machine's speed drifts from one run
# of a few seconds to the next, so each load's floor is the mean of the health runs around
# it, and the figures are the means of the two
health_rate() { wrk -t2 -c64 -d"${DUR}s" "$URL/api/v1/health" | awk '/Requests\/sec/ {print $2}'; }
created=0
ballot_rate() {
	local out c t
	out=$(wrk -t2 -c64 -d"${DUR}s" -s "$ROOT/bench/ballots.lua" "$URL" -- "$1")
	c=$(printf '%s\n' "$out" | awk '/^created/ {print $2}')
	t=$(printf '%s\n' "$out" | awk '/^created/ {print $4}')
	echo "$c" >>"$WORK/created"
	awk -v c="$c" -v t="$t" 'BEGIN { printf "%.0f", c / t }'
}
: >"$WORK/created"
h1=$(health_rate)
b1=$(ballot_rate "$WORK/tokens.a")
h2=$(health_rate)
b2=$(ballot_rate "$WORK/tokens.b")
h3=$(health_rate)
created=$(awk '{ n += $1 } END { print n + 0 }' "$WORK/created")
ballots=$(awk -v a="$b1" -v b="$b2" 'BEGIN { printf "%.0f", (a + b) / 2 }')
health=$(awk -v a="$h1" -v b="$h2" -v c="$h3" 'BEGIN { printf "%.0f", (a + 2 * b + c) / 4 }')
echo "bench: health $h1, ballots $b1, health $h2, ballots $b2, health $h3 (per second)" >&2
printf 'bench ballots_http: %s ballots/s (floor %.0f req/s, ratio %s)\n' "$ballots" "$health" "$(ratio "$ballots" "$health")"
stored=$(sqlite3 "$WORK/zf.db" "SELECT count(*) FROM tokens WHERE used = 1")
[ "$stored" -ge "$created" ] || echo "bench: only $stored tokens spent for $created acknowledged ballots" >&2
rss=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
printf 'bench server_peak_rss: %d kB (floor 131072 kB, ratio %s)\n' "$rss" "$(ratio "$rss" 131072)"
