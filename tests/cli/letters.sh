#!/usr/bin/env bash
# letters.sh: `zuofeng tokens issue --letters`: invitation letters as PDF, one page a token,
# in Chinese (or English), whose QR code a phone reads as the ballot page's address with the
# token; the tokens they carry are stored (as hashes, channel letter) only once the letters
# are written, and every refusal is named with nothing stored and no file left behind.
source "$(dirname "$0")/lib.sh"

for t in pdfinfo pdftotext pdftoppm zbarimg python3; do
	command -v $t >/dev/null || { echo "letters.sh: $t is missing (scripts/deps.sh installs it)" >&2; exit 1; }
done

export ZUOFENG_DB="$WORK/zf.db"
cat >units.csv <<'EOF'
code,name,category,parent
T01,东城镇,township,
T02,西城镇,township,
T03,南城镇,township,
D01,区财政局,dept,
EOF
cat >round.json <<'EOF'
{"code": "2026", "name": "2026年度干部作风建设综合评价",
 "groups": [{"code": "public", "name": "普通群众", "weight": 60, "min_ballots": 1},
            {"code": "business", "name": "个体工商户代表", "weight": 40, "min_ballots": 1}],
 "indicators": {
  "township": [{"code": "sixiang", "name": "思想作风", "weight": 10}],
  "dept": [{"code": "sixiang", "name": "思想作风", "weight": 10}]}}
EOF
rounds_fixture round.json

q() { sqlite3 "$ZUOFENG_DB" "$1"; }
state() { q "SELECT (SELECT count(*) FROM tokens) || '/' || (SELECT count(*) FROM audit_log WHERE entity = 'tokens')"; }
blake() { python3 -c "import hashlib,sys; print(hashlib.blake2b(sys.argv[1].replace('-','').encode(), digest_size=32).hexdigest().upper())" "$1"; }
TOKEN_RE='([0-9A-HJKMNP-TV-Z]{4}-){6}[0-9A-HJKMNP-TV-Z]{4}'

expect_status 0 "tokens --help" -- "$BIN" tokens --help
expect_grep out "--letters FILE.pdf --url URL" "the usage names --letters and --url"

# three letters in Chinese for the town units
expect_status 0 "three letters" -- "$BIN" tokens issue --round 2026 --group public \
	--category township --count 3 --letters l.pdf --url https://zf.example.gov.cn/
expect_grep err "3 letters of group public (letter) covering 3 units written to l.pdf" "a summary on stderr"
[ ! -s "$WORK/out" ] && ok "no token on stdout" || bad "stdout: $(cat "$WORK/out")"
[ "$(stat -c %a l.pdf)" = 600 ] && ok "the letters are readable by their owner only" || bad "mode $(stat -c %a l.pdf)"
pdfinfo l.pdf >info.txt 2>&1
grep -q '^Pages: *3$' info.txt && ok "one page a token" || bad "pages: $(grep Pages info.txt)"
grep -q '^Title: *2026年度干部作风建设综合评价$' info.txt && ok "titled with the round's name" || bad "$(grep Title info.txt)"
[ "$(pdffonts l.pdf | awk 'NR > 2 && $(NF-4) != "yes"' | wc -l)" = 0 ] && ok "every font embedded" || bad "a font is not embedded"
pdftotext -layout l.pdf text.txt
for want in "民主评价邀请函" "尊敬的评价人（普通群众）" "T01" "东城镇" "西城镇" "南城镇" \
	"https://zf.example.gov.cn/b/" "评价码" "评价不记名" "第 3 份，共 3 份"; do
	grep -qF -- "$want" text.txt && ok "the letters say '$want'" || bad "'$want' not in the letters"
done
grep -oE "$TOKEN_RE" text.txt >tokens.txt || true
[ "$(sort -u tokens.txt | wc -l)" = 3 ] && ok "three distinct tokens, one a letter" || bad "tokens: $(cat tokens.txt)"
[ "$(q "SELECT count(*) FROM tokens WHERE channel = 'letter' AND used = 0")" = 3 ] &&
	ok "stored as three unused letter-channel tokens" || bad "token rows: $(q 'SELECT channel, used FROM tokens')"
for i in 1 2 3; do
	t=$(sed -n "${i}p" tokens.txt)
	[ "$(q "SELECT count(*) FROM tokens WHERE hex(hash) = '$(blake "$t")'")" = 1 ] &&
		ok "letter $i's token is the one stored" || bad "letter $i's token $t is not stored"
done
# the QR code, as a phone reads it, opens the ballot page with that letter's token
pdftoppm -r 150 -f 2 -l 2 -png l.pdf page
qr=$(zbarimg -q --raw page-2.png 2>/dev/null || true)
[ "$qr" = "https://zf.example.gov.cn/b/?r=2026&t=$(sed -n 2p tokens.txt)" ] &&
	ok "page 2's QR code is the ballot page with page 2's token" || bad "QR code: '$qr'"
sqlite3 "$ZUOFENG_DB" .dump >dump.sql
leaked=0
while read -r t; do grep -qF -- "$t" dump.sql && leaked=1; grep -qF -- "${t//-/}" dump.sql && leaked=1; done <tokens.txt
[ $leaked -eq 0 ] && ok "no letter's token in clear in the database" || bad "a token is stored in clear"

# English, with the CSV besides: the same tokens in both
expect_status 0 "letters in English with a CSV" -- "$BIN" tokens issue --round 2026 \
	--group business --units D01 --count 2 --letters en.pdf --url http://10.0.0.5:8080 \
	--lang en --out en.csv
pdftotext en.pdf en.txt
for want in "Invitation to the democratic evaluation" "Dear evaluator (个体工商户代表)" "区财政局" \
	"http://10.0.0.5:8080/b/" "letter 2 of 2"; do
	grep -qF -- "$want" en.txt && ok "the English letters say '$want'" || bad "'$want' not in the English letters"
done
[ "$(grep -oE "$TOKEN_RE" en.txt | sort)" = "$(tail -n +2 en.csv | cut -d, -f1 | sort)" ] &&
	ok "the CSV lists the letters' tokens" || bad "CSV and letters differ"
# an explicit channel is kept
expect_status 0 "letters for the network channel" -- "$BIN" tokens issue --round 2026 \
	--group public --units T01 --count 1 --letters net.pdf --url https://zf.example.gov.cn \
	--channel network
expect_grep err "(network)" "the channel given is kept"
# written to a pipe (to a printer, say)
"$BIN" tokens issue --round 2026 --group public --units T02 --count 2 --letters /dev/stdout \
	--url https://zf.example.gov.cn 2>/dev/null | cat >pipe.pdf
pdfinfo pipe.pdf 2>/dev/null | grep -q '^Pages: *2$' && ok "letters written to a pipe" || bad "pipe: $(head -c 8 pipe.pdf)"

# refusals: named, nothing stored, no audit entry, no file left behind
refuse() { # refuse STATUS WHAT GREP FILE -- command...
	local st=$1 what=$2 pat=$3 file=$4 before
	shift 5
	before=$(state)
	expect_status "$st" "$what" -- "$@"
	expect_grep err "$pat" "$what: the message says so"
	[ "$(state)" = "$before" ] && ok "$what: nothing stored" || bad "$what: tokens/audit $before -> $(state)"
	if [ -n "$file" ]; then [ ! -e "$file" ] && ok "$what: no $file left" || bad "$what: $file left behind"; fi
}
L=(tokens issue --round 2026 --group public --units T01 --count 1)
refuse 1 "letters without an address" "url: the letters need the server's public address" r1.pdf -- "$BIN" "${L[@]}" --letters r1.pdf
refuse 1 "an ftp address" "url:" r2.pdf -- "$BIN" "${L[@]}" --letters r2.pdf --url ftp://zf.example.gov.cn
refuse 1 "an address without a host" "has no host" r3.pdf -- "$BIN" "${L[@]}" --letters r3.pdf --url https://
refuse 1 "an address with a query" "query" r4.pdf -- "$BIN" "${L[@]}" --letters r4.pdf --url "https://zf.example.gov.cn/?a=1"
refuse 1 "an address with a space" "space" r5.pdf -- "$BIN" "${L[@]}" --letters r5.pdf --url "https://zf example.gov.cn"
refuse 1 "an unknown language" "lang: the language is zh or en, not 'fr'" r6.pdf -- "$BIN" "${L[@]}" --letters r6.pdf --url https://h --lang fr
refuse 2 "an address without letters" "--url and --lang go with --letters" "" -- "$BIN" "${L[@]}" --url https://h
refuse 1 "an unwritable file" "letters: cannot write /nonexistent/dir/l.pdf" "" -- "$BIN" "${L[@]}" --letters /nonexistent/dir/l.pdf --url https://h
refuse 1 "a closed round" "closed" r7.pdf -- "$BIN" tokens issue --round OLD --group public --units T01 --count 1 --letters r7.pdf --url https://h
refuse 1 "an unknown unit" "no unit 'ZZ9'" r8.pdf -- "$BIN" tokens issue --round 2026 --group public --units ZZ9 --count 1 --letters r8.pdf --url https://h
refuse 1 "an unwritable CSV besides" "out: cannot write" r9.pdf -- "$BIN" "${L[@]}" --letters r9.pdf --url https://h --out /nonexistent/t.csv
# the disk fills while the letters are written: the tokens are not stored
refuse 1 "a full disk" "letters: writing /dev/full failed" "" -- "$BIN" "${L[@]}" --letters /dev/full --url https://h
[ -c /dev/full ] && ok "a device is never removed" || bad "/dev/full is gone"

finish
