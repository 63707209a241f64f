# lib.sh: what the CLI test scripts share. Source it after setting BIN and SRC.
set -euo pipefail
BIN=${1:?usage: $0 ZUOFENG_BINARY SOURCE_DIR}
SRC=${2:?usage: $0 ZUOFENG_BINARY SOURCE_DIR}
WORK=$(mktemp -d /tmp/zfcli.XXXXXX)
PASSED=0
FAILED=0
cleanup() { rm -rf "$WORK"; }
trap cleanup EXIT
cd "$WORK"
# the messages the scripts expect are the English ones, whatever this machine's locale
export ZUOFENG_LANG=en

ok() { PASSED=$((PASSED + 1)); echo "ok - $*"; }
bad() { FAILED=$((FAILED + 1)); echo "FAIL - $*" >&2; }

# expect_status N DESCRIPTION -- command...: runs the command, keeps its output in
# $WORK/out and $WORK/err, and checks its exit status.
expect_status() {
	local want=$1 what=$2
	shift 3
	set +e
	"$@" >"$WORK/out" 2>"$WORK/err"
	local got=$?
	set -e
	if [ "$got" -eq "$want" ]; then ok "$what"; else
		bad "$what: exit $got, want $want"
		sed 's/^/    out: /' "$WORK/out" >&2
		sed 's/^/    err: /' "$WORK/err" >&2
	fi
}

# expect_grep FILE PATTERN DESCRIPTION: FILE (out or err) holds the fixed string PATTERN.
expect_grep() {
	if grep -qF -- "$2" "$WORK/$1"; then ok "$3"; else
		bad "$3: '$2' not in $1"
		sed "s/^/    $1: /" "$WORK/$1" >&2
	fi
}

# rounds_fixture ROUND.json: a fresh district of units.csv (in the working directory), the
# round of ROUND.json (code "2026") as a draft, and a closed copy of it coded OLD.
rounds_fixture() {
	sed 's/"2026"/"OLD"/' "$1" >old.json
	"$BIN" init >/dev/null
	"$BIN" import units units.csv >/dev/null
	"$BIN" round create "$1" >/dev/null
	"$BIN" round create old.json >/dev/null
	"$BIN" round open OLD >/dev/null
	"$BIN" round close OLD >/dev/null
}

finish() {
	echo "$PASSED passed, $FAILED failed"
	[ "$FAILED" -eq 0 ]
}
