#!/usr/bin/env bash
# kill9.sh: an acknowledged ballot survives `kill -9`, and no token counts twice.
#
#   bash tests/durability/kill9.sh ZUOFENG_BINARY SOURCE_DIR
#
# Sets up a round with 3000 tokens, serves it, fires ballots from 16 concurrent clients (each
# recording the tokens whose POST got 201), kills the server with SIGKILL in the middle of the
# load, restarts it, and checks with sqlite3 that every acknowledged token is spent, that there
# are at least as many ballots as acknowledgements and exactly one per spent token, and that
# acknowledged tokens are refused (409) when tried again.
set -euo pipefail
BIN=${1:?usage: $0 ZUOFENG_BINARY SOURCE_DIR}
SRC=${2:?usage: $0 ZUOFENG_BINARY SOURCE_DIR}
WORK=$(mktemp -d /tmp/zfkill9.XXXXXX)
SERVER=
LOAD=
PASSED=0
FAILED=0
cleanup() {
	[ -n "$LOAD" ] && kill "$LOAD" 2>/dev/null || true
	[ -n "$SERVER" ] && kill -9 "$SERVER" 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT
cd "$WORK"
export ZUOFENG_DB="$WORK/zf.db" ZUOFENG_LOG=${ZUOFENG_LOG:-error}
TOKENS=3000

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
bad() { FAILED=$((FAILED + 1)); echo "FAIL - $*" >&2; }
q() { sqlite3 "$ZUOFENG_DB" "$1"; }

# ---- a round with 3000 tokens, each covering one township ----
cat >units.csv <<'EOF'
code,name,category,parent
T01,东城镇,township,
T02,西城镇,township,
T03,南城镇,township,
T04,北城镇,township,
EOF
python3 - <<'EOF'
import json
ind = [{"code": "i%02d" % i, "name": "指标%d" % i, "weight": 5 + i % 3} for i in range(1, 18)]
json.dump({"code": "K9", "name": "持久性测试", "indicators": {"township": ind}},
          open("round.json", "w"), ensure_ascii=False)
EOF
"$BIN" init >/dev/null
"$BIN" import units units.csv >/dev/null
"$BIN" round create round.json >/dev/null
"$BIN" round open K9 >/dev/null
for u in T01 T02 T03 T04; do
	"$BIN" tokens issue --round K9 --group public --units $u --count $((TOKENS / 4)) 2>/dev/null |
		sed "s/\$/ $u/" >>tokens.txt
done
[ "$(wc -l <tokens.txt)" -eq $TOKENS ] && ok "$TOKENS tokens issued" || bad "tokens issued: $(wc -l <tokens.txt)"

# ---- the server ----
start_server() {
	: >serve.out
	"$BIN" serve --listen 127.0.0.1:0 >serve.out 2>serve.err &
	SERVER=$!
	for _ in $(seq 1 100); do
		PORT=$(sed -n 's|.*on http://127.0.0.1:\([0-9]*\)/.*|\1|p' serve.out)
		[ -n "$PORT" ] && return 0
		sleep 0.1
	done
	echo "the server did not start:" >&2
	cat serve.err >&2
	exit 1
}
start_server
ok "server up on port $PORT"

# ---- the load: 16 clients, each writing down the tokens acknowledged with 201 ----
cat >load.py <<'EOF'
import http.client, json, sys, threading
port, tokens_file, acked_file = int(sys.argv[1]), sys.argv[2], sys.argv[3]
todo = [l.split() for l in open(tokens_file)]
lock = threading.Lock()
acked = open(acked_file, "a", buffering=1)
codes = ["i%02d" % i for i in range(1, 18)]

def next_token():
    with lock:
        return todo.pop() if todo else None

def client(n):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    while True:
        t = next_token()
        if t is None:
            return
        token, unit = t
        body = json.dumps({"round": "K9", "token": token, "ballots": [
            {"unit": unit, "ratings": {c: (len(token) * 7 + i * 13) % 101 for i, c in enumerate(codes)}}]})
        try:
            conn.request("POST", "/api/v1/ballots", body, {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
        except Exception:
            return  # the server is gone
        if r.status == 201:
            with lock:
                acked.write(token + "\n")
        elif r.status != 409:
            print("unexpected status", r.status, file=sys.stderr)

threads = [threading.Thread(target=client, args=(i,)) for i in range(16)]
for t in threads: t.start()
for t in threads: t.join()
EOF
: >acked.txt
python3 load.py "$PORT" tokens.txt acked.txt &
LOAD=$!
# kill once a good part of the load is acknowledged, well before the end
for _ in $(seq 1 600); do
	[ "$(wc -l <acked.txt)" -ge 400 ] && break
	kill -0 $LOAD 2>/dev/null || break
	sleep 0.01
done
kill -9 "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=
wait "$LOAD" || true
LOAD=
ACKED=$(sort -u acked.txt | wc -l)
[ "$ACKED" -gt 0 ] && ok "$ACKED ballots acknowledged before kill -9" || bad "nothing acknowledged"
[ "$ACKED" -lt $TOKENS ] && ok "the server died in the middle of the load ($ACKED of $TOKENS)" ||
	bad "the load finished before the kill: nothing was proved"

# ---- after the restart ----
start_server
ok "server restarted on port $PORT"
# every acknowledged token is spent
python3 - "$ZUOFENG_DB" acked.txt <<'EOF' >acked.sql
import hashlib, sys
hs = ["X'%s'" % hashlib.blake2b(l.strip().replace("-", "").encode(), digest_size=32).hexdigest()
      for l in open(sys.argv[2]) if l.strip()]
print("CREATE TEMP TABLE acked(hash BLOB PRIMARY KEY);")
for i in range(0, len(hs), 500):
    print("INSERT OR IGNORE INTO acked VALUES " + ",".join("(%s)" % h for h in hs[i:i + 500]) + ";")
print("SELECT count(*) FROM acked a JOIN tokens t ON t.hash = a.hash WHERE t.used = 1;")
EOF
SPENT_ACKED=$(sqlite3 "$ZUOFENG_DB" <acked.sql)
[ "$SPENT_ACKED" -eq "$ACKED" ] && ok "every acknowledged token is spent ($SPENT_ACKED)" ||
	bad "acknowledged tokens spent: $SPENT_ACKED of $ACKED"
BALLOTS=$(q "SELECT count(*) FROM ballots")
USED=$(q "SELECT count(*) FROM tokens WHERE used = 1")
[ "$BALLOTS" -ge "$ACKED" ] && ok "ballots ($BALLOTS) >= acknowledged ($ACKED)" ||
	bad "ballots $BALLOTS < acknowledged $ACKED"
[ "$BALLOTS" -eq "$USED" ] && ok "one ballot per spent token ($USED): no token counts twice" ||
	bad "ballots $BALLOTS != spent tokens $USED"
[ "$(q "SELECT count(*) FROM ballots WHERE length(ratings) <> 17 OR day NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'")" = 0 ] &&
	ok "every stored ballot is whole" || bad "a ballot is damaged"
[ "$(q 'PRAGMA integrity_check')" = ok ] && ok "integrity_check ok" || bad "integrity_check failed"
# the writer's connection does not enforce foreign keys (store/writer.h): every reference
# it wrote must still hold
[ -z "$(q 'PRAGMA foreign_key_check')" ] && ok "foreign_key_check finds nothing" ||
	bad "foreign_key_check: $(q 'PRAGMA foreign_key_check' | head -3)"

# acknowledged tokens are refused when tried again; an untouched token still casts
retry=0
refused=0
for t in $(sort -u acked.txt | head -20); do
	unit=$(grep -F "$t" tokens.txt | cut -d' ' -f2)
	code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "{\"round\":\"K9\",\"token\":\"$t\",\"ballots\":[{\"unit\":\"$unit\",\"ratings\":{\"i01\":50}}]}" \
		"http://127.0.0.1:$PORT/api/v1/ballots")
	retry=$((retry + 1))
	[ "$code" = 409 ] && refused=$((refused + 1))
done
[ "$refused" -eq "$retry" ] && ok "$retry acknowledged tokens tried again: all 409" ||
	bad "acknowledged tokens tried again: $refused of $retry refused"
python3 - "$ZUOFENG_DB" tokens.txt >fresh.txt <<'EOF'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
for l in open(sys.argv[2]):
    t, u = l.split()
    h = hashlib.blake2b(t.replace("-", "").encode(), digest_size=32).digest()
    if db.execute("SELECT used FROM tokens WHERE hash = ?", (h,)).fetchone() == (0,):
        print(t, u)
        break
EOF
if [ -s fresh.txt ]; then
	read -r t unit <fresh.txt
	code=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
		-d "{\"token\":\"$t\",\"ballots\":[{\"unit\":\"$unit\",\"ratings\":{\"i01\":50}}]}" \
		"http://127.0.0.1:$PORT/api/v1/ballots")
	[ "$code" = 201 ] && ok "an unused token casts after the restart" || bad "unused token after restart: $code"
fi
kill "$SERVER"
wait "$SERVER" 2>/dev/null || true
SERVER=

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" -eq 0 ]
