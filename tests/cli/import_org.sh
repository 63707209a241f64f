#!/usr/bin/env bash
# import_org.sh: `zuofeng import units|people|oversight` end to end: good files, every
# bad-row kind printed as FILE:LINE: column: what (unknown unit, bad date, duplicate code,
# missing column, wrong column count, invalid encoding), nothing written after a bad file,
# a GBK file with Chinese headers, usage errors, and an intact audit chain afterwards.
source "$(dirname "$0")/lib.sh"

DATA="$SRC/tests/cli/data"
cp "$DATA"/*.csv .

# expect_no FILE PATTERN DESCRIPTION: FILE (out or err) does not hold PATTERN.
expect_no() {
	if grep -qF -- "$2" "$WORK/$1"; then
		bad "$3: '$2' is in $1"
	else ok "$3"; fi
}

expect_status 0 "init" -- "$BIN" init --db a.db

# usage
expect_status 0 "import --help" -- "$BIN" import --help
expect_grep out "usage: zuofeng import units|people|oversight" "import --help prints the usage"
for k in units people oversight; do
	expect_status 0 "import $k --help" -- "$BIN" import "$k" --help
	expect_grep out "usage: zuofeng import $k" "import $k --help prints its usage"
done
expect_grep out "领导编码" "import oversight --help lists the Chinese headers"
expect_status 2 "import without a kind" -- "$BIN" import
expect_status 2 "import of an unknown kind" -- "$BIN" import cadres --db a.db units.csv
expect_grep err "unknown kind 'cadres'" "the unknown kind is named"
expect_status 2 "import without a file" -- "$BIN" import units --db a.db
expect_status 2 "import with two files" -- "$BIN" import units --db a.db units.csv people.csv
expect_status 1 "import of a missing file" -- "$BIN" import units --db a.db nosuch.csv
expect_grep err "nosuch.csv: No such file" "the missing file is named"

# people before their units: every row names the unknown unit, nothing is written
expect_status 1 "people before units" -- "$BIN" import people --db a.db people.csv
expect_grep err "people.csv:2: unit: unknown unit D01" "unknown unit on line 2"
expect_grep err "people.csv:10: unit: unknown unit V01" "unknown unit on line 10"
expect_grep err "zuofeng: people.csv: 9 bad rows; nothing was imported" "the summary line"

# units
expect_status 0 "import units" -- "$BIN" import units --db a.db units.csv
expect_grep out "imported 7 units from units.csv" "units are counted"
expect_status 1 "import units twice" -- "$BIN" import units --db a.db units.csv
expect_grep err "units.csv:2: code: duplicate code: unit D01 exists" "a code already there"
expect_grep err "units.csv:8: code: duplicate code: unit V01 exists" "every duplicate is named"

# people: a bad file is reported whole and writes nothing
expect_status 1 "import bad people" -- "$BIN" import people --db a.db people_bad.csv
expect_grep err "people_bad.csv:3: birth_date: '1985-13-01' is not a date: write YYYY-MM-DD" \
	"bad date"
expect_grep err "people_bad.csv:4: unit: unknown unit T99" "unknown unit"
expect_grep err "people_bad.csv:5: code: duplicate code P101: also on line 2" \
	"duplicate code in the file"
expect_grep err "people_bad.csv:6: wrong column count: 5 fields, header has 7" \
	"wrong column count"
expect_grep err "people_bad.csv:7: gender: '?' is not a gender: M or F (男 or 女)" "bad gender"
expect_grep err "people_bad.csv:7: rank: '科员' is not a rank" "bad rank on the same row"
expect_grep err "people_bad.csv: 5 bad rows; nothing was imported" "bad rows are counted"
expect_no err "people_bad.csv:2:" "the good row is not reported"
# P101 on line 2 was good but must not have been written: importing it alone works
printf 'code,name,gender,birth_date,unit,rank,post\nP101,甲,男,1980-01-01,T01,副科,干部\n' >p101.csv
expect_status 0 "nothing of the bad file was written" -- "$BIN" import people --db a.db p101.csv
expect_grep out "imported 1 people from p101.csv" "P101 was still free"

expect_status 1 "missing column" -- "$BIN" import people --db a.db people_missing_column.csv
expect_grep err "people_missing_column.csv:1: 出生日期: missing column" "missing column, in Chinese"

printf 'code,name,gender,birth_date,unit,rank,post\nP301,\xff\xfe,男,1980-01-01,T01,副科,干部\n' >enc.csv
expect_status 1 "invalid encoding" -- "$BIN" import people --db a.db enc.csv
expect_grep err "enc.csv:2: invalid encoding: neither UTF-8 nor GB18030" "invalid encoding"

expect_status 0 "import people" -- "$BIN" import people --db a.db people.csv
expect_grep out "imported 9 people from people.csv" "people are counted"

# oversight
expect_status 1 "import bad oversight" -- "$BIN" import oversight --db a.db oversight_bad.csv
expect_grep err "oversight_bad.csv:3: 领导编码: unknown person P999" "unknown leader"
expect_grep err "oversight_bad.csv:4: 分管领域: give the unit or the area overseen (or both)" \
	"neither unit nor area"
expect_no err "oversight_bad.csv:2:" "the good oversight row is not reported"
expect_status 0 "import oversight" -- "$BIN" import oversight --db a.db oversight.csv
expect_grep out "imported 3 oversight assignments from oversight.csv" "oversight is counted"

# GBK (GB18030) with Chinese headers, through ZUOFENG_DB
iconv -f UTF-8 -t GB18030 units_zh.csv >units_gbk.csv
if grep -q "单位编码" units_gbk.csv; then bad "the GBK fixture is still UTF-8"; else ok "GBK fixture"; fi
expect_status 0 "init b" -- "$BIN" init --db b.db
expect_status 0 "import GBK units" -- env ZUOFENG_DB=b.db "$BIN" import units units_gbk.csv
expect_grep out "imported 3 units from units_gbk.csv" "GBK units are imported"
printf '人员编码,姓名,性别,出生日期,单位编码,职级,职务\nR1,张三,男,1988-02-30,Q02,正科,乡长\n' |
	iconv -f UTF-8 -t GB18030 >people_gbk.csv
expect_status 1 "bad GBK people" -- "$BIN" import people --db b.db people_gbk.csv
expect_grep err "people_gbk.csv:2: 出生日期: '1988-02-30' is not a date" \
	"a GBK file's errors name its Chinese column"

# every write above went through the audit chain
expect_status 0 "audit verify a" -- "$BIN" audit verify --db a.db
expect_status 0 "audit verify b" -- "$BIN" audit verify --db b.db

finish
