#!/usr/bin/env bash
# bench/run.sh BUILD_DIR: measurements of zuofeng on this machine, each printed as
#   bench NAME: VALUE UNIT (floor VALUE UNIT, ratio R)
# with the floor measured in the same run on the same machine. Not part of `make test`:
# machines are noisy, so the ratios, not the absolute numbers, are what to compare.
#   ballots_http     durable ballots accepted per second over HTTP, 64 connections, each
#                    one token rating one unit on 17 indicators; floor: GET /api/v1/health
#                    requests per second of the same server (target ratio >= 0.30); four
#                    ballot loads, each between two health loads, averaged
#   rank             `zuofeng rank --resamples 0` on 1,000,000 ballots; floor: the sqlite3
#                    shell's GROUP BY over the same ratings one row each (target <= 0.10)
#   bootstrap        `zuofeng rank` with its 1,000 resamples; floor: one rank (target <= 10)
#   server_peak_rss  the server's peak memory after the ballot load; floor: 128 MB
# BENCH_BALLOTS (default 1000000) and BENCH_SECONDS (default 3, each load) scale it.
set -euo pipefail
BUILD=${1:-build}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BIN="$ROOT/$BUILD/zuofeng"
GEN="$ROOT/$BUILD/zf_bench_gen"
NB=${BENCH_BALLOTS:-1000000}
DUR=${BENCH_SECONDS:-3}
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
# LOADS ballot loads, each of DUR seconds with a health load before it and one after the last;
# each part of tokens (one per load) is more than a load can spend at 50,000 ballots a second
LOADS=4
PER_UNIT=$(((DUR * 50000 + 9) / 10))
parts=$(seq 1 "$LOADS")
for p in $parts; do : >"$WORK/tokens.$p"; done
for u in U00 U01 U02 U03 U04 U05 U06 U07 U08 U09; do
	for p in $parts; do
		"$BIN" tokens issue --round B --group public --units "$u" --count "$PER_UNIT" \
			--db "$WORK/zf.db" 2>/dev/null | awk -v u="$u" 'NF { print $1, u }' >>"$WORK/tokens.$p"
	done
done
"$BIN" serve --db "$WORK/zf.db" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
PID=$!
PORT=""
for _ in $(seq 1 100); do
	PORT=$(sed -n 's/.*http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' "$WORK/serve.out")
	[ -n "$PORT" ] && break
	sleep 0.1
done
URL="http://127.0.0.1:$PORT"
# ballots.lua reads FILE.0 and FILE.1, one per wrk thread: each the whole HTTP requests of
# submissions back to back, every one the same length (the token rating its unit on the 17
# indicators), the tokens dealt out in turn
RATINGS='{"sixiang":90,"fuwu":85,"huanjing":"满意","xiaoneng":80,"lianjie":95,"xuexi":70,'
RATINGS+='"lingdao":75,"weimin":88,"zunzhang":92,"jingshen":"比较满意","taidu":81,"xingxiang":77,'
RATINGS+='"gongzuo":69,"qingzheng":93,"lvzhi":84,"zhizheng":78,"renwu":86}'
for p in $parts; do
	LC_ALL=C awk -v f="$WORK/tokens.$p" -v r="$RATINGS" -v host="127.0.0.1:$PORT" 'BEGIN { ORS = "" } {
		body = sprintf("{\"round\":\"B\",\"token\":\"%s\",\"ballots\":[{\"unit\":\"%s\",\"ratings\":%s}]}",
			$1, $2, r)
		printf "POST /api/v1/ballots HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\n" \
			"Content-Length: %d\r\n\r\n%s", host, length(body), body > (f "." (NR - 1) % 2) }' "$WORK/tokens.$p"
done
# the generator's few hundred megabytes and the request files, still dirty in the page cache,
# would otherwise be written back in the middle of the ballot load and slow its fsyncs (and
# not the floor's)
sync
# the loads alternate, since this machine's speed drifts from one run of a few seconds to the
# next: each ballot load's floor is the mean of the health loads just before and after it, and
# the figures are the means over the loads
health_rate() { wrk -t2 -c64 -d"${DUR}s" "$URL/api/v1/health" | awk '/Requests\/sec/ {print $2}'; }
ballot_rate() {
	local out c t
	out=$(wrk -t2 -c64 -d"${DUR}s" -s "$ROOT/bench/ballots.lua" "$URL" -- "$1")
	c=$(printf '%s\n' "$out" | awk '/^created/ {print $2}')
	t=$(printf '%s\n' "$out" | awk '/^created/ {print $4}')
	echo "$c" >>"$WORK/created"
	awk -v c="$c" -v t="$t" 'BEGIN { printf "%.0f", c / t }'
}
: >"$WORK/created"
h=$(health_rate)
healths="$h"
ballot_list=""
floors=""
for p in $parts; do
	b=$(ballot_rate "$WORK/tokens.$p")
	h2=$(health_rate)
	ballot_list="$ballot_list $b"
	floors="$floors $(awk -v a="$h" -v b="$h2" 'BEGIN { printf "%.0f", (a + b) / 2 }')"
	healths="$healths $h2"
	h=$h2
done
created=$(awk '{ n += $1 } END { print n + 0 }' "$WORK/created")
mean() { awk '{ for (i = 1; i <= NF; i++) s += $i } END { printf "%.0f", s / NF }' <<<"$1"; }
ballots=$(mean "$ballot_list")
health=$(mean "$floors")
echo "bench: health$(printf ' %.0f' $healths) and ballots$ballot_list (per second)" >&2
printf 'bench ballots_http: %s ballots/s (floor %.0f req/s, ratio %s)\n' "$ballots" "$health" "$(ratio "$ballots" "$health")"
stored=$(sqlite3 "$WORK/zf.db" "SELECT count(*) FROM tokens WHERE used = 1")
[ "$stored" -ge "$created" ] || echo "bench: only $stored tokens spent for $created acknowledged ballots" >&2
rss=$(awk '/VmHWM/ {print $2}' "/proc/$PID/status")
printf 'bench server_peak_rss: %d kB (floor 131072 kB, ratio %s)\n' "$rss" "$(ratio "$rss" 131072)"
