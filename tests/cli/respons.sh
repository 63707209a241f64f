#!/usr/bin/env bash
# respons.sh: `zuofeng vet` end to end on the demo district: the demo's four nominations
# (signed, flagged, vetoed by a ban, vetoed by a veto-category case), a nomination through
# assessment and vetting from the command line, the liability scan run twice, the
# reports, errors that name the field, and the usage.
source "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "FAIL - sqlite3 is not installed" >&2; exit 1; }
q() { sqlite3 d.db "$1"; }
expect() {
	if [[ $2 == "$3" ]]; then ok "$1: $2"; else bad "$1 is '$2', expected '$3'"; fi
}

expect_status 0 "demo" -- "$BIN" demo --db d.db
expect_grep out "nominations: 4 (2 signed, 2 vetoed), joint-liability flags: 1" \
	"the demo summary counts the nominations"
expect "nomination states" "$(q "SELECT group_concat(state, ' ') FROM (SELECT state FROM
	nominations ORDER BY id)")" "signed signed vetoed vetoed"
expect "the signatures are the leader account's" "$(q "SELECT count(*) FROM nomination_signatures g
	JOIN users u ON u.id = g.user_id WHERE u.username = 'leader' AND u.person_id = g.signer_id")" 2
expect "the vetoes' rules" "$(q "SELECT group_concat(r, ' ') FROM (SELECT
	json_extract(snapshot, '\$.reasons[0].rule') r FROM vettings WHERE outcome = 'vetoed'
	ORDER BY id)")" "promotion_ban veto_case_3y"
expect "flags" "$(q "SELECT count(*) FROM liability_flags")" 1

expect_status 0 "vet list" -- "$BIN" vet list --db d.db
expect "listed nominations" "$(wc -l <"$WORK/out")" 4
expect_status 0 "vet list --state vetoed" -- "$BIN" vet list --db d.db --state vetoed
expect "vetoed nominations" "$(wc -l <"$WORK/out")" 2
expect_status 1 "vet list --state odd" -- "$BIN" vet list --db d.db --state odd
expect_grep err "state" "the bad state is named"
expect_status 0 "vet flags" -- "$BIN" vet flags --db d.db
expect_grep out "ZF-2026-900001" "the flag names its triggering case"
expect_status 0 "vet rules" -- "$BIN" vet rules --db d.db
expect_grep out "basis:" "each rule shows its basis"
expect_grep out "education_owed     off" "the education rule is off by default"

# --- a nomination from the command line ---
person=$(q "SELECT p.code FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'T03'
	AND NOT EXISTS (SELECT 1 FROM team_members t WHERE t.person_id = p.id) ORDER BY p.code
	LIMIT 1")
expect_status 1 "nominate with a bad rank" -- "$BIN" vet nominate --db d.db --person "$person" \
	--post 副镇长 --rank 部长 --unit T03 --date 2026-05-01
expect_grep err "proposed_rank" "the error names the field"
expect_status 1 "nominate an unknown person" -- "$BIN" vet nominate --db d.db --person NOBODY \
	--post 副镇长 --rank 副科 --unit T03 --date 2026-05-01
expect_grep err "person" "the error names the person field"
expect_status 0 "nominate" -- "$BIN" vet nominate --db d.db --person "$person" --post 副镇长 \
	--rank 副科级 --unit T03 --date 2026-05-01
expect_grep out "nomination 5 created" "the new nomination's id is printed"
expect_grep out "supervising leader: T03-001" "the supervising leader is proposed"
expect_status 1 "vet before the assessment" -- "$BIN" vet vet --db d.db 5
expect_grep err "assessment" "vetting waits for the assessment"
expect_status 1 "assess with a bad grade" -- "$BIN" vet assess --db d.db --grade 优 --text 好 5
expect_status 0 "assess" -- "$BIN" vet assess --db d.db --grade 差 --text 对作风建设漠不关心 \
	--date 2026-05-05 5
expect_status 0 "vet" -- "$BIN" vet vet --db d.db --as-of 2026-05-10 5
expect_grep out "nomination 5 as of 2026-05-10: vetoed" "vetoed by the poor assessment"
expect_grep out "assessment_poor" "the reason names the rule"
expect_status 0 "assess again" -- "$BIN" vet assess --db d.db --grade 好 --text 作风扎实 \
	--date 2026-05-06 5
expect_status 0 "vet again" -- "$BIN" vet vet --db d.db --as-of 2026-05-10 5
expect_grep out "cleared" "cleared after a good assessment"
expect_status 0 "show" -- "$BIN" vet show --db d.db 5
expect "vettings shown" "$(python3 -c "import json,sys; print(len(json.load(open('$WORK/out'))['vettings']))")" 2
expect_status 1 "vet an unknown nomination" -- "$BIN" vet vet --db d.db 99
expect_status 2 "vet with a bad id" -- "$BIN" vet vet --db d.db abc

# --- the unit's grades in published rounds enter the record ---
expect_status 0 "show before publication" -- "$BIN" vet show --db d.db 5
expect "grades before publication" "$(python3 -c "import json; print(len(json.load(open('$WORK/out'))['record']['unit_grades']))")" 0
expect_status 0 "close round 2026" -- "$BIN" round close --db d.db 2026
expect_status 0 "publish round 2026" -- "$BIN" round publish --db d.db 2026
expect_status 0 "rank" -- "$BIN" rank --db d.db --round 2026
t03=$(awk -F, '$3 == "T03" { print $2 " " $14 }' "$WORK/out")
expect_status 0 "show after publication" -- "$BIN" vet show --db d.db 5
expect "T03's rank and grade in the record" "$(python3 -c "import json; g=json.load(open('$WORK/out'))['record']['unit_grades'][0];
print(g['round'], g['rank'], g['grade'])")" "2026 $t03"

# --- joint liability ---
expect_status 0 "liability-scan" -- "$BIN" vet liability-scan --db d.db --as-of 2026-07-01
expect_grep out "0 new flags" "the demo's flag is not made twice"
expect_status 1 "liability-scan with a bad date" -- "$BIN" vet liability-scan --db d.db \
	--as-of 2026-02-30
expect_grep err "as_of" "the bad date is named"

# --- reports ---
expect_status 0 "report --unit T01" -- "$BIN" vet report --db d.db --unit T01 --from 2026-01-01 \
	--to 2026-12-31
expect "T01's report: main leader, cases, flags" "$(python3 -c "import json; d=json.load(open('$WORK/out'));
print(d['main_leader']['person']['code'], len(d['cases']) >= 1, len(d['liability_flags']))")" "T01-001 True 1"
expect_status 0 "report --person T01-001" -- "$BIN" vet report --db d.db --person T01-001 \
	--from 2026-01-01 --to 2026-12-31
expect "the leader's signed nominations" "$(python3 -c "import json; d=json.load(open('$WORK/out'));
print(len(d['signed_nominations']), len(d['liability_flags']))")" "2 1"
expect_status 0 "report --format csv" -- "$BIN" vet report --db d.db --unit T01 --from 2026-01-01 \
	--to 2026-12-31 --format csv
expect_grep out "单位编码,单位,案件编号" "the CSV has Chinese headers"
expect_grep out "ZF-2026-900001" "the CSV lists the case"
expect_status 0 "report --format xlsx" -- "$BIN" vet report --db d.db --unit T01 --from 2026-01-01 \
	--to 2026-12-31 --format xlsx --out report.xlsx
expect_grep err "written to report.xlsx" "the workbook's path is told"
expect "the workbook holds the title, the headers and the case" "$(python3 -c "import zipfile
t = zipfile.ZipFile('$WORK/report.xlsx').read('xl/sharedStrings.xml').decode()
print(all(w in t for w in ['作风建设责任报告（2026-01-01 至 2026-12-31）', '单位编码', '责任领导', 'ZF-2026-900001']))")" "True"
expect_status 2 "report --format xlsx without --out" -- "$BIN" vet report --db d.db --unit T01 \
	--from 2026-01-01 --to 2026-12-31 --format xlsx
expect_grep err "--format xlsx and --out go together" "the missing --out is named"
expect_status 2 "report --out without xlsx" -- "$BIN" vet report --db d.db --unit T01 \
	--from 2026-01-01 --to 2026-12-31 --out x.xlsx
expect_status 1 "report to an unwritable workbook" -- "$BIN" vet report --db d.db --unit T01 \
	--from 2026-01-01 --to 2026-12-31 --format xlsx --out /nonexistent/dir/r.xlsx
expect_grep err "out:" "the unwritable workbook is named"
expect_status 2 "report --format xml" -- "$BIN" vet report --db d.db --unit T01 --from 2026-01-01 \
	--to 2026-12-31 --format xml
expect_status 2 "report without a period" -- "$BIN" vet report --db d.db --unit T01
expect_status 2 "report with both --unit and --person" -- "$BIN" vet report --db d.db --unit T01 \
	--person T01-001 --from 2026-01-01 --to 2026-12-31
expect_status 1 "report with from after to" -- "$BIN" vet report --db d.db --unit T01 \
	--from 2026-12-01 --to 2026-01-01
expect_grep err "to" "the bad period is named"

expect_status 0 "audit verify" -- "$BIN" audit verify --db d.db

# --- usage ---
expect_status 0 "vet --help" -- "$BIN" vet --help
expect_grep out "usage: zuofeng vet nominate" "vet --help lists the commands"
expect_status 0 "vet liability-scan --help" -- "$BIN" vet liability-scan --help
expect_grep out "--as-of" "liability-scan --help documents --as-of"
expect_status 2 "vet with an unknown command" -- "$BIN" vet nope
expect_status 2 "vet list with an argument" -- "$BIN" vet list --db d.db extra
expect_status 0 "zuofeng --help" -- "$BIN" --help
expect_grep out "vet" "the command table lists vet"

finish
