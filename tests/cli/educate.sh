#!/usr/bin/env bash
# educate.sh: `zuofeng educate` end to end: a programme for the post-80s cohort and its
# computed targets, a session, attendance imported (good file; bad rows printed as
# FILE:LINE: column: what with nothing written; GB18030), a reproducible fair draw, the
# dossier and the completion table as CSV and XLSX, the appointment gate refusing and the
# override, usage errors, and an intact audit chain afterwards.
source "$(dirname "$0")/lib.sh"

DATA="$SRC/tests/cli/data"
expect_status 0 "init" -- "$BIN" init --db a.db
expect_status 0 "import units" -- "$BIN" import units --db a.db "$DATA/units.csv"
expect_status 0 "import people" -- "$BIN" import people --db a.db "$DATA/people.csv"

# usage
expect_status 0 "educate --help" -- "$BIN" educate --help
expect_grep out "usage: zuofeng educate <what>" "educate --help prints the usage"
expect_grep out "attendance import --session ID FILE" "the usage names the import"
expect_status 0 "pick --help" -- "$BIN" educate pick --help
expect_grep out "usage: zuofeng educate pick --programme P --count N [--seed S]" \
	"a subcommand's --help prints its own usage"
expect_status 2 "educate without what" -- "$BIN" educate
expect_status 2 "an unknown subcommand" -- "$BIN" educate teach --db a.db
expect_grep err "unknown 'teach'" "the unknown subcommand is named"
expect_status 2 "an unknown option" -- "$BIN" educate pick --programme X --colour red --db a.db
expect_grep err "unknown option --colour" "the unknown option is named"
expect_status 2 "a missing option" -- "$BIN" educate pick --count 2 --db a.db
expect_grep err "--programme is required" "the missing option is named"

# catalogues and a programme
expect_status 0 "kinds" -- "$BIN" educate kinds --db a.db
expect_grep out "乡镇讲堂" "the kinds are seeded"
expect_status 0 "topics" -- "$BIN" educate topics --db a.db
expect_grep out "心理健康" "the topics are seeded"
expect_status 1 "a rule with an unknown unit" -- "$BIN" educate programme add --db a.db \
	--code PS --name 党校周末班 --kind party_school --rule '{"units":["T09"]}'
expect_grep err "rule.units[0]" "the error names the rule's path"
expect_status 0 "programme add" -- "$BIN" educate programme add --db a.db --code PS \
	--name 党校周末班 --kind party_school --hours 8 \
	--rule '{"born_from":"1980-01-01","born_to":"1989-12-31","units":["T01","T02"]}'
expect_status 0 "targets" -- "$BIN" educate targets --programme PS --db a.db
expect_grep out "P010,王磊,T01,正科,0.00,0,否" "a 1982 cadre is a target, not done yet"
expect_grep out "P020" "T02's 1984 cadre is a target"
if grep -q "P012" "$WORK/out"; then bad "a 1991 cadre is not a target"; else ok "1991 is out"; fi

# a session and its attendance
expect_status 0 "session add" -- "$BIN" educate session add --db a.db --programme PS \
	--date 2026-03-07 --title 作风建设专题 --topic work_style --hours 4 --speakers P011
expect_grep out "session 1 created" "the session's id is printed"
printf '人员编号,出勤,备注\nP010,出席,\nP099,出席,\nP020,打瞌睡,\n' >bad.csv
expect_status 1 "import bad attendance" -- "$BIN" educate attendance import --session 1 \
	--db a.db bad.csv
expect_grep err "bad.csv:3: 人员编号: no active person with code P099" "an unknown person"
expect_grep err "bad.csv:4: 出勤: '打瞌睡' is not a status" "a bad status"
expect_grep err "zuofeng: bad.csv: 2 bad rows; nothing was imported" "nothing is imported"
printf '人员编号,出勤\nP010,出席\nP020,迟到\n' | iconv -f UTF-8 -t GB18030 >gb.csv
expect_status 0 "import GB18030 attendance" -- "$BIN" educate attendance import --session 1 \
	--db a.db gb.csv
expect_grep out "2 attendance rows imported into session 1" "both rows are imported"

# records imported from a spreadsheet
printf '人员编号,表态日期,表态内容\nP010,2026-04-10,改进作风\nP099,2026-04-10,改进作风\n' >c_bad.csv
expect_status 1 "import bad commitments" -- "$BIN" educate import commitments --db a.db c_bad.csv
expect_grep err "c_bad.csv:3: 人员编号: no active person with code P099" "the bad row is named"
expect_grep err "zuofeng: c_bad.csv: 1 bad rows; nothing was imported" "nothing is imported"
printf '人员编号,表态日期,表态内容\nP010,2026-04-10,改进作风\n' >c.csv
expect_status 0 "import commitments" -- "$BIN" educate import commitments --db a.db c.csv
expect_grep out "1 commitments records imported from c.csv" "the count is printed"
expect_status 2 "import of an unknown kind" -- "$BIN" educate import novels --db a.db c.csv
expect_grep err "unknown kind 'novels'" "the unknown kind is named"

# a fair, reproducible draw
expect_status 0 "pick" -- "$BIN" educate pick --programme PS --count 2 --seed 11 --db a.db
head -n 3 "$WORK/out" | tail -n 2 | cut -f2 >first.txt
expect_grep out "seed 11, 3 eligible" "the draw names its seed and pool"
expect_status 0 "programme add (twin)" -- "$BIN" educate programme add --db a.db --code PS2 \
	--name 党校周末班 --kind party_school --hours 8 \
	--rule '{"born_from":"1980-01-01","born_to":"1989-12-31","units":["T01","T02"]}'
expect_status 0 "pick with the same seed" -- "$BIN" educate pick --programme PS2 --count 2 \
	--seed 11 --db a.db
head -n 3 "$WORK/out" | tail -n 2 | cut -f2 >second.txt
if cmp -s first.txt second.txt; then ok "the same seed gives the same picks"; else
	bad "the same seed gave different picks"; fi
expect_status 1 "pick more than eligible" -- "$BIN" educate pick --programme PS --count 9 \
	--db a.db
expect_grep err "count must be 1..3" "the pool size is named"

# dossier and completion
expect_status 0 "dossier csv" -- "$BIN" educate dossier --person P010 --year 2026 --db a.db
expect_grep out "人员编号,姓名,单位,类别,日期,项目,内容,状态,学时" "the dossier's Chinese header"
expect_grep out "P010,王磊,东城镇,参学,2026-03-07,党校周末班,作风建设专题,出席,4.00" \
	"the session is in the dossier"
expect_grep out "未完成" "what is still owed is listed"
expect_status 0 "dossier json" -- "$BIN" educate dossier --person P011 --year 2026 \
	--format json --db a.db
expect_grep out '"lectures_given": 1' "the speaker's lecture counts"
expect_status 2 "xlsx needs --out" -- "$BIN" educate dossier --person P010 --format xlsx \
	--db a.db
expect_status 0 "dossier xlsx" -- "$BIN" educate dossier --person P010 --format xlsx \
	--out d.xlsx --db a.db
if [ "$(head -c 2 d.xlsx)" = "PK" ]; then ok "the dossier is a zip (xlsx)"; else
	bad "d.xlsx is not an xlsx"; fi
expect_status 0 "completion" -- "$BIN" educate completion --year 2026 --db a.db
expect_grep out "单位编码,单位名称,类别,人数,应完成项,已完成项,完成率(%),总学时,人均学时" \
	"the completion table's header"
expect_status 0 "completion xlsx" -- "$BIN" educate completion --year 2026 --format xlsx \
	--out c.xlsx --db a.db
if [ "$(head -c 2 c.xlsx)" = "PK" ]; then ok "the table is an xlsx"; else bad "c.xlsx"; fi
# the workbooks are whole: a zip holding a worksheet, with the Chinese headers as strings
if command -v python3 >/dev/null; then
	for f in d.xlsx c.xlsx; do
		if python3 - "$f" <<'PY'
import sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
names = z.namelist()
assert "xl/worksheets/sheet1.xml" in names, names
strings = z.read("xl/sharedStrings.xml").decode("utf-8")
assert "人员编号" in strings or "单位编码" in strings, strings[:200]
PY
		then ok "$f is a valid workbook with Chinese headers"; else bad "$f is not a valid workbook"; fi
	done
else
	ok "python3 absent: workbook contents not checked"
fi
expect_status 0 "unit completion" -- "$BIN" educate completion --year 2026 --unit T01 \
	--db a.db
expect_grep out "P010,王磊,正科" "the unit's people are listed"

# the appointment gate
expect_status 0 "appoint" -- "$BIN" educate appoint --person P012 --post 副镇长 --rank 副科 \
	--decided 2026-06-01 --db a.db
expect_grep out "not yet on record: 任前廉政谈话, 任职培训" "what is missing is said"
expect_status 1 "effect refused" -- "$BIN" educate effect --appointment 1 --db a.db
expect_grep err "not on record: 任前廉政谈话、任职培训" "the refusal names what is missing"
expect_status 1 "override without enough reason" -- "$BIN" educate override --appointment 1 \
	--reason 急 --db a.db
expect_grep err "at least 10 characters" "the reason's minimum is said"
expect_status 0 "override" -- "$BIN" educate override --appointment 1 --db a.db \
	--reason "防汛抢险急需到岗，培训汛后补齐"
expect_status 0 "appointments" -- "$BIN" educate appointments --state overridden --db a.db
expect_grep out '"override_reason": "防汛抢险急需到岗，培训汛后补齐"' "the override is listed"
expect_status 0 "audit verify" -- "$BIN" audit verify --db a.db
finish
