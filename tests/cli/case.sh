#!/usr/bin/env bash
# case.sh: `zuofeng case ...` end to end: the key file init creates (0600) and its refusal
# when others can read it, the hotline import (UTF-8 and GB18030, all or nothing, every bad
# row as FILE:LINE: column: what), list/show without complainants, the calendar import,
# the overdue sweep with reminders, the settings, the figures and their process scores in
# the demo's open round, and the usage.
source "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "FAIL - sqlite3 is not installed" >&2; exit 1; }
q() { sqlite3 "$1" "$2"; }
expect() { if [[ $2 == "$3" ]]; then ok "$1: $2"; else bad "$1 is '$2', expected '$3'"; fi; }

# --- the key file ---
expect_status 0 "init" -- "$BIN" init --db z.db
expect_grep out "key file z.db.key ready" "init names the key file"
expect "key file mode" "$(stat -c %a z.db.key)" 600
expect "key file size" "$(stat -c %s z.db.key)" 32
before=$(md5sum <z.db.key)
expect_status 0 "init twice" -- "$BIN" init --db z.db
expect "init keeps the key" "$(md5sum <z.db.key)" "$before"
expect_status 0 "init with --key" -- "$BIN" init --db y.db --key other.key
[ -f other.key ] && [ ! -f y.db.key ] && ok "--key names the file" || bad "--key ignored"

# --- an organisation to complain about ---
cat >units.csv <<'CSV'
code,name,category,parent
QU,区委区政府,区直,
T01,罗坊镇,乡镇,QU
D01,区民政局,区直,QU
CSV
expect_status 0 "import units" -- "$BIN" import units --db z.db units.csv

# --- the hotline import ---
cat >bad.csv <<'CSV'
工单编号,来电时间,诉求人,联系电话,被反映单位,标题,诉求内容,问题分类
H1,2026-10-20 10:00:00,李雷,13800001111,罗坊镇,窗口态度差,态度恶劣,服务态度差
H2,2026-10-21,韩梅梅,12345,T01,办事慢,拖了一个月,
H3,2026-10-22,,,无此单位,标题,内容,
H4,下周,,,D01,标题,内容,
CSV
expect_status 1 "a file with bad rows is refused" -- "$BIN" case import --db z.db bad.csv
expect_grep err "bad.csv:3: 联系电话: phone must be" "the bad phone is named with its line"
expect_grep err "bad.csv:4: 被反映单位: no active unit" "the unknown unit is named"
expect_grep err "bad.csv:5: 来电时间: not a date" "the bad date is named"
expect_grep err "nothing imported" "nothing is imported"
expect "cases after the refused file" "$(q z.db 'SELECT count(*) FROM cases')" 0

head -2 bad.csv >good.csv
echo 'H5,2026/10/23 08:30,,,区民政局,低保审批拖延,申请三个月没有结果,办事效率低' >>good.csv
iconv -f UTF-8 -t GB18030 good.csv >good-gb.csv
expect_status 1 "import without a key file" -- "$BIN" case import --db z.db --key missing.key good-gb.csv
expect_grep err "missing.key not found" "the missing key is named"
chmod 644 z.db.key
expect_status 1 "a key file readable by others is refused" -- "$BIN" case import --db z.db good-gb.csv
expect_grep err "chmod 600" "the refusal says how to fix it"
chmod 600 z.db.key
expect_status 0 "a GB18030 hotline export imports" -- "$BIN" case import --db z.db good-gb.csv
expect_grep out "imported 2 cases" "both rows"
expect "hotline cases" "$(q z.db "SELECT count(*) FROM cases WHERE channel = 'hotline'")" 2
expect "the ticket number is kept" "$(q z.db "SELECT external_ref FROM cases ORDER BY id LIMIT 1")" H1
expect_status 1 "the same tickets again are refused" -- "$BIN" case import --db z.db good.csv
expect_grep err "ticket H1 is already imported" "the repeated ticket is named"
if grep -qF 李雷 z.db || grep -qF 13800001111 z.db; then
	bad "the database file holds the caller's name or phone"
else
	ok "the database file holds no caller's name or phone"
fi

# --- list and show: never a complainant ---
expect_status 0 "case list" -- "$BIN" case list --db z.db
expect_grep out "ZF-2026-000001" "the list shows the first case"
expect_grep out "2 cases" "the list counts"
if grep -q 13800001111 "$WORK/out"; then bad "the list shows a phone"; else ok "the list shows no phone"; fi
expect_status 0 "case list --format csv" -- "$BIN" case list --db z.db --format csv
expect_grep out "案件编号" "the CSV has Chinese headers"
if grep -q 诉求人 "$WORK/out"; then bad "the CLI CSV has complainant columns"; else ok "no complainant columns"; fi
expect_status 0 "case list --format xlsx" -- "$BIN" case list --db z.db --format xlsx --out cases.xlsx
expect "the workbook's sheet" "$(python3 -c "import zipfile; print('案件' in zipfile.ZipFile('cases.xlsx').read('xl/workbook.xml').decode())")" True
expect_status 2 "xlsx without --out" -- "$BIN" case list --db z.db --format xlsx
expect_status 0 "case show" -- "$BIN" case show --db z.db ZF-2026-000001
expect_grep out '"timeline"' "show includes the timeline"
if grep -q 李雷 "$WORK/out"; then bad "show reveals the caller"; else ok "show hides the caller"; fi
expect_status 1 "show an unknown case" -- "$BIN" case show --db z.db ZF-2026-999999
expect_status 2 "list with a stray argument" -- "$BIN" case list --db z.db extra
expect_status 1 "list with a bad state" -- "$BIN" case list --db z.db --state lost
expect_grep err "unknown state" "the bad state is named"

# --- the calendar ---
cat >cal.csv <<'CSV'
日期,类型,名称
2026-10-01,休,国庆节
2026-10-02,休,国庆节
2026-10-09,班,错误
CSV
expect_status 1 "a calendar with a weekday 调休 is refused" -- "$BIN" case calendar --db z.db --import cal.csv
expect_grep err "cal.csv:4: 类型: an adjusted working day" "the bad row is named"
sed -i 's/2026-10-09,班,错误/2026-10-10,班,国庆节调休/' cal.csv
expect_status 0 "calendar import" -- "$BIN" case calendar --db z.db --import cal.csv
expect_status 0 "calendar show" -- "$BIN" case calendar --db z.db 2026
expect_grep out "2026-10-10  班  国庆节调休" "the adjusted working day is listed"

# --- settings and the overdue sweep ---
expect_status 0 "settings" -- "$BIN" case settings --db z.db handle_days=5
expect_grep out '"handle_days": 5' "handle_days changed"
expect_status 2 "a malformed setting" -- "$BIN" case settings --db z.db handle_days
expect_status 1 "an unknown setting" -- "$BIN" case settings --db z.db colour=1
expect_status 0 "overdue on a database with unassigned cases" -- "$BIN" case overdue --db z.db
expect_grep out "0 overdue" "received cases have no deadline yet"

# --- the demo's cases, their sweep and their figures as process scores ---
expect_status 0 "demo" -- "$BIN" demo --db d.db
expect_grep out "supervision cases: 360" "the demo files a year of cases"
expect "demo channels" "$(q d.db 'SELECT count(DISTINCT channel) FROM cases')" 8
states=$(q d.db 'SELECT count(DISTINCT state) FROM cases')
[ "$states" -ge 5 ] && ok "the demo's cases are in $states states" || bad "only $states states"
expect "closed demo cases have a closing day" \
	"$(q d.db "SELECT count(*) FROM cases WHERE state = 'closed' AND closed_on IS NULL")" 0
[ "$(q d.db 'SELECT count(*) FROM cases WHERE reopen_count >= 3 AND escalated = 1')" -gt 0 ] &&
	ok "the demo has cases reopened three times and escalated" || bad "no escalated reopened case"
[ "$(q d.db 'SELECT count(*) FROM cases WHERE duplicate_of IS NOT NULL')" -gt 0 ] &&
	ok "the demo has duplicates" || bad "no duplicates"
[ "$(q d.db 'SELECT count(*) FROM case_reminders')" -gt 0 ] &&
	ok "the demo's sweep recorded reminders" || bad "no reminders"
expect_status 0 "audit verify after the demo" -- "$BIN" audit verify --db d.db
expect_status 0 "overdue on the demo" -- "$BIN" case overdue --db d.db
expect_grep out "overdue;" "the sweep reports"
expect_status 0 "overdue --notify twice records nothing new" -- "$BIN" case overdue --db d.db --notify
expect_grep out "recorded 0 reminders" "reminders once per stage"
expect_status 0 "stats" -- "$BIN" case stats --db d.db --from 2026-01-01 --to 2026-06-30
expect_grep out "T01" "per-unit figures"
expect_status 2 "stats without dates" -- "$BIN" case stats --db d.db
expect_status 0 "stats as process scores" -- "$BIN" case stats --db d.db --from 2026-01-01 \
	--to 2026-03-31 --round 2026 --period-type quarterly --period 2026-Q1-cases --apply
expect_grep out "process scores (quarterly 2026-Q1-cases) into round 2026" "the scores are written"
n=$(q d.db "SELECT count(*) FROM process_scores WHERE period = '2026-Q1-cases'")
[ "$n" -gt 10 ] && ok "process scores from cases: $n" || bad "only $n process scores from cases"
expect "audited as process scores" \
	"$(q d.db "SELECT count(*) FROM audit_log WHERE entity = 'process_score' AND entity_id LIKE '%2026-Q1-cases'")" "$n"
expect_status 1 "a weekly period is refused" -- "$BIN" case stats --db d.db --from 2026-01-01 \
	--to 2026-03-31 --round 2026 --period-type weekly --period w1 --apply

# --- usage ---
expect_status 0 "case --help" -- "$BIN" case --help
expect_grep out "zuofeng case import" "the usage lists import"
expect_status 2 "case with no subcommand" -- "$BIN" case
expect_status 2 "an unknown subcommand" -- "$BIN" case frobnicate
finish
