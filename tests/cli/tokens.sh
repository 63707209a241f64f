#!/usr/bin/env bash
# tokens.sh: `zuofeng tokens issue|stats`: fresh tokens printed or written as CSV for letters,
# stored only as hashes, one audit entry per command, coverage by codes, by category and for
# the mutual evaluation, every refusal named with nothing written.
source "$(dirname "$0")/lib.sh"

export ZUOFENG_DB="$WORK/zf.db"
cat >units.csv <<'EOF'
code,name,category,parent
T01,东城镇,township,
T02,西城镇,township,
T03,南城镇,township,
D01,区财政局,dept,
D02,区教育局,dept,
EOF
cat >round.json <<'EOF'
{"code": "2026", "name": "2026年度测试",
 "indicators": {
  "township": [{"code": "sixiang", "name": "思想作风", "weight": 10},
               {"code": "xuexi", "name": "学习作风", "weight": 10}],
  "dept": [{"code": "sixiang", "name": "思想作风", "weight": 10}]}}
EOF
rounds_fixture round.json

q() { sqlite3 "$ZUOFENG_DB" "$1"; }
tokens_rows() { q "SELECT count(*) || '/' || (SELECT count(*) FROM token_units) FROM tokens"; }
audits() { q "SELECT count(*) FROM audit_log WHERE entity = 'tokens'"; }

expect_status 0 "tokens --help" -- "$BIN" tokens --help
expect_grep out "usage: zuofeng tokens issue" "tokens --help prints its usage"
expect_grep out "--category" "the usage names --category"
expect_status 0 "--help lists tokens" -- "$BIN" --help
expect_grep out "  tokens " "the command table lists tokens"

# printed, one per line, in a draft round
expect_status 0 "issue 5 tokens for two units (draft round)" -- \
	"$BIN" tokens issue --round 2026 --group public --units T01,T02 --count 5
cp "$WORK/out" printed.txt
[ "$(wc -l <printed.txt)" -eq 5 ] && ok "five lines" || bad "five lines: $(wc -l <printed.txt)"
if grep -qvE '^([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}$' printed.txt; then
	bad "every line is a token XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"
else ok "every line is a token XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX"; fi
[ "$(sort -u printed.txt | wc -l)" -eq 5 ] && ok "five distinct tokens" || bad "tokens repeat"
expect_grep err "5 tokens of group public (network) covering 2 units" "a summary on stderr"
[ "$(tokens_rows)" = "5/10" ] && ok "5 hashes and their 10 units stored" || bad "rows: $(tokens_rows)"
[ "$(q "SELECT count(*) FROM tokens WHERE length(hash) = 32 AND used = 0 AND channel = 'network'")" = 5 ] &&
	ok "stored as 32-byte hashes, unused" || bad "token rows are not 32-byte unused hashes"
# nothing in the database holds a token in clear, in any form
sqlite3 "$ZUOFENG_DB" .dump >dump.sql
leaked=0
while read -r t; do
	bare=${t//-/}
	grep -qF -- "$t" dump.sql && leaked=1
	grep -qF -- "$bare" dump.sql && leaked=1
done <printed.txt
[ $leaked -eq 0 ] && ok "no token in clear anywhere in the database" || bad "a token is stored in clear"
# the hash is BLAKE2b-256 of the token without dashes
want=$(python3 -c "import hashlib,sys; print(hashlib.blake2b(sys.argv[1].replace('-','').encode(), digest_size=32).hexdigest().upper())" "$(head -1 printed.txt)")
[ "$(q "SELECT count(*) FROM tokens WHERE hex(hash) = '$want'")" = 1 ] &&
	ok "the stored hash is BLAKE2b-256 of the token" || bad "hash $want not found"
[ "$(audits)" = 1 ] && ok "one audit entry for the command" || bad "audit entries: $(audits)"
ch=$(q "SELECT changes FROM audit_log WHERE entity = 'tokens'")
case "$ch" in *'"count":5'*'"group":"public"'*'"units":["T01","T02"]'*) ok "the entry names count, group and units" ;;
*) bad "audit changes: $ch" ;; esac
grep -qF -- "$(head -1 printed.txt)" <<<"$ch" && bad "the audit entry holds a token" || ok "the audit entry holds no token"

# CSV for the mail-merge of letters, by category
expect_status 0 "issue letters for a category to CSV" -- \
	"$BIN" tokens issue --round 2026 --group retired --category township --count 3 \
	--channel letter --out letters.csv
expect_grep err "written to letters.csv" "the summary names the file"
[ "$(head -c 3 letters.csv | od -An -tx1 | tr -d ' ')" = "efbbbf" ] && ok "CSV starts with a UTF-8 BOM" || bad "no BOM"
[ "$(head -1 letters.csv | tr -d '\r' | sed 's/^\xEF\xBB\xBF//')" = "token,group,units" ] &&
	ok "header token,group,units" || bad "header: $(head -1 letters.csv)"
[ "$(tail -n +2 letters.csv | wc -l)" -eq 3 ] && ok "three rows" || bad "rows: $(tail -n +2 letters.csv | wc -l)"
row=$(sed -n 2p letters.csv | tr -d '\r')
[[ "$row" =~ ^([0-9A-Z]{4}-){6}[0-9A-Z]{4},retired,\"T01,T02,T03\"$ ]] &&
	ok "a row: token, group, the covered units" || bad "row: $row"
[ "$(stat -c %a letters.csv)" = 600 ] && ok "the CSV is readable by its owner only" || bad "mode $(stat -c %a letters.csv)"
[ "$(q "SELECT count(*) FROM tokens WHERE channel = 'letter'")" = 3 ] && ok "letter channel stored" || bad "letter channel"

# the mutual evaluation: a rater, the other units of its category
expect_status 0 "mutual tokens for T01" -- \
	"$BIN" tokens issue --round 2026 --group mutual --rater T01 --count 2 --out mutual.csv
[ "$(sed -n 2p mutual.csv | tr -d '\r' | cut -d, -f2-)" = 'mutual,"T02,T03"' ] &&
	ok "a mutual token covers the other units of the rater's category" || bad "mutual: $(sed -n 2p mutual.csv)"
[ "$(q "SELECT count(*) FROM tokens t JOIN units u ON u.id = t.rater_unit_id WHERE u.code = 'T01'")" = 2 ] &&
	ok "the rater unit is stored with the token" || bad "rater not stored"

# refusals: named, exit 1 (2 for usage), nothing written, no audit entry
before="$(tokens_rows) $(audits)"
refuse() { # refuse STATUS WHAT GREP -- command...
	local st=$1 what=$2 pat=$3
	shift 4
	expect_status "$st" "$what" -- "$@"
	expect_grep err "$pat" "$what: the message says so"
	local now="$(tokens_rows) $(audits)"
	[ "$now" = "$before" ] && ok "$what: nothing written" || bad "$what: rows $before -> $now"
}
refuse 1 "unknown round" "no round 'NOPE'" -- "$BIN" tokens issue --round NOPE --group public --units T01 --count 1
refuse 1 "closed round" "closed" -- "$BIN" tokens issue --round OLD --group public --units T01 --count 1
refuse 1 "unknown group" "group: round '2026' has no group 'nobody'" -- "$BIN" tokens issue --round 2026 --group nobody --units T01 --count 1
refuse 1 "unknown unit" "units: no unit 'ZZ9'" -- "$BIN" tokens issue --round 2026 --group public --units T01,ZZ9 --count 1
refuse 1 "no units" "units:" -- "$BIN" tokens issue --round 2026 --group public --count 1
refuse 1 "units and category" "not both" -- "$BIN" tokens issue --round 2026 --group public --units T01 --category dept --count 1
refuse 1 "unknown category" "no category 'nocat'" -- "$BIN" tokens issue --round 2026 --group public --category nocat --count 1
refuse 1 "count 0" "count:" -- "$BIN" tokens issue --round 2026 --group public --units T01 --count 0
refuse 2 "count not a number" "whole" -- "$BIN" tokens issue --round 2026 --group public --units T01 --count many
refuse 2 "no count" "--count" -- "$BIN" tokens issue --round 2026 --group public --units T01
refuse 1 "bad channel" "channel:" -- "$BIN" tokens issue --round 2026 --group public --units T01 --count 1 --channel pigeon
refuse 1 "mutual without rater" "rater:" -- "$BIN" tokens issue --round 2026 --group mutual --units T02 --count 1
refuse 1 "rater for another group" "rater:" -- "$BIN" tokens issue --round 2026 --group public --units T02 --rater T01 --count 1
refuse 1 "mutual rating itself" "cannot rate itself" -- "$BIN" tokens issue --round 2026 --group mutual --rater T01 --units T01,T02 --count 1
refuse 1 "mutual across categories" "is not of the rater" -- "$BIN" tokens issue --round 2026 --group mutual --rater T01 --units D01 --count 1
refuse 1 "unwritable CSV" "cannot write" -- "$BIN" tokens issue --round 2026 --group public --units T01 --count 1 --out /nonexistent/dir/t.csv
refuse 2 "unknown subcommand" "usage" -- "$BIN" tokens revoke --round 2026

# an open round takes tokens too; stats count issued and used
"$BIN" round open 2026 >/dev/null
expect_status 0 "issue in an open round" -- "$BIN" tokens issue --round 2026 --group public --units D01 --count 2
expect_status 0 "stats" -- "$BIN" tokens stats --round 2026
expect_grep out "public" "stats lists the groups"
line=$(grep '^public ' "$WORK/out" | tr -s ' ')
[ "$line" = "public 7 0" ] && ok "stats: public 7 issued, 0 used" || bad "stats line: $line"
expect_status 1 "stats of an unknown round" -- "$BIN" tokens stats --round NOPE

finish
