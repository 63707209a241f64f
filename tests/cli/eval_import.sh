#!/usr/bin/env bash
# eval_import.sh: rounds and their inputs end to end with the real binary: `round create`
# (and its errors naming the JSON field), list, show, the life of a round (open, close,
# publish, reopen with a reason), the five imports of SCORING.md's worked example (then
# `rank` gives its expected ranking), every kind of bad file printed as FILE:LINE: column:
# what with nothing written, the meeting reconciliation, a GB18030 file with Chinese
# headers, a closed round refusing inputs, and an intact audit chain afterwards.
source "$(dirname "$0")/lib.sh"

DATA="$SRC/tests/cli/data/eval"
EX="$DATA/example"
cp "$EX"/* "$DATA"/*.csv "$DATA"/*.json .

expect_no() {
	if grep -qF -- "$2" "$WORK/$1"; then
		bad "$3: '$2' is in $1"
	else ok "$3"; fi
}

expect_status 0 "init" -- "$BIN" init --db a.db
expect_status 0 "import units" -- "$BIN" import units --db a.db units.csv

# usage
expect_status 0 "round --help" -- "$BIN" round --help
expect_grep out "usage: zuofeng round create" "round --help prints the usage"
for c in create list show open close publish reopen; do
	expect_status 0 "round $c --help" -- "$BIN" round "$c" --help
	expect_grep out "usage: zuofeng round $c" "round $c --help prints its usage"
done
expect_status 2 "round without a command" -- "$BIN" round
expect_status 2 "round of an unknown command" -- "$BIN" round delete --db a.db H3
expect_grep err "unknown command 'delete'" "the unknown round command is named"
expect_status 2 "round show without a code" -- "$BIN" round show --db a.db
expect_status 0 "import --help" -- "$BIN" import --help
expect_grep out "usage: zuofeng import units|people|oversight" "import --help keeps the org usage"
expect_grep out "ballots|process|self|survey|adjustments --round R" "import --help lists a round's inputs"
for k in ballots process self survey adjustments; do
	expect_status 0 "import $k --help" -- "$BIN" import "$k" --help
	expect_grep out "usage: zuofeng import $k --round R" "import $k --help prints its usage"
done
expect_grep out "取消评优" "import adjustments --help lists the Chinese headers"
expect_status 2 "import ballots without --round" -- "$BIN" import ballots --db a.db ballots.csv
expect_grep err "--round R is required" "--round is asked for"
expect_status 2 "import process with --issued" -- "$BIN" import process --round H3 --db a.db --issued 5 process.csv
expect_status 2 "import ballots with a bad --issued" -- "$BIN" import ballots --round H3 --db a.db --issued many ballots.csv
expect_grep err "--issued takes a whole number 0 or more, not 'many'" "the bad count is named"
expect_status 2 "import units with --round" -- "$BIN" import units --round H3 --db a.db units.csv

# round create: errors name the JSON field
expect_status 1 "a weight of 0" -- "$BIN" round create --db a.db round_bad_weight.json
expect_grep err "zuofeng: groups[2].weight: a weight must be greater than 0" "the weight's path is named"
expect_status 1 "an unknown key" -- "$BIN" round create --db a.db round_bad_key.json
expect_grep err "zuofeng: grades.great_min: unknown key 'great_min'" "the unknown key's path is named"
printf '{"code": "X", ' >broken.json
expect_status 1 "broken JSON" -- "$BIN" round create --db a.db broken.json
expect_grep err "zuofeng: broken.json:1:" "the JSON error's place is named"
expect_status 1 "a missing file" -- "$BIN" round create --db a.db nosuch.json
expect_grep err "nosuch.json: No such file" "the missing file is named"
expect_status 0 "no rounds yet" -- "$BIN" round list --db a.db
expect_grep out "no rounds" "round list says there are none"

expect_status 0 "round create" -- "$BIN" round create --db a.db round.json
expect_grep out "round H3 created (draft)" "round create says so"
expect_status 1 "round create twice" -- "$BIN" round create --db a.db round.json
expect_grep err "a round with code 'H3' exists already" "a taken code is refused"
expect_status 0 "round list" -- "$BIN" round list --db a.db
expect_grep out "H3" "round list shows the round"
expect_grep out "draft" "round list shows its state"
expect_status 0 "round show" -- "$BIN" round show --db a.db H3
expect_grep out '"trim_ratio": 0.1' "round show prints the configuration"
expect_grep out '"rating_labels"' "round show fills in the defaults"
# what show prints is a configuration create accepts
sed 's/"code": "H3"/"code": "H3B"/' "$WORK/out" >h3b.json
expect_status 0 "round create from show" -- "$BIN" round create --db a.db h3b.json
expect_status 1 "round show of an unknown round" -- "$BIN" round show --db a.db NOPE
expect_grep err "no round 'NOPE'" "the unknown round is named"

# bad files: every bad row printed, nothing written
expect_status 1 "bad ballots" -- "$BIN" import ballots --round H3 --db a.db ballots_bad.csv
expect_grep err "ballots_bad.csv:3: group: unknown group 'nosuch': the groups of round H3 are cadre, deputy, retired, business, foreign, public, mutual" "unknown group"
expect_grep err "ballots_bad.csv:4: unit: unknown unit ZZ9" "unknown unit"
expect_grep err "ballots_bad.csv:5: rater_unit: only for a mutual group: cadre is not one" "rater of a non-mutual group"
expect_grep err "ballots_bad.csv:6: rater_unit: required: a ballot of the mutual group mutual names the unit that rates" "mutual without rater"
expect_grep err "ballots_bad.csv:7: rater_unit: a unit does not rate itself" "mutual self-rating"
expect_grep err "ballots_bad.csv:8: rater_unit: unit D01 is of category dept, unit T01 of township: mutual ballots stay within a category" "mutual across categories"
expect_grep err "ballots_bad.csv:9: sixiang: '101' is not a rating: a whole number 0-100 or a label (满意, 比较满意, 基本满意, 不满意)" "rating over 100"
expect_grep err "ballots_bad.csv:9: fuwu: 'abc' is not a rating" "rating not a number"
expect_grep err "ballots_bad.csv:10: taidu: must be empty: units of category township are not rated on it" "indicator of another category"
expect_grep err "ballots_bad.csv:12: wrong column count: 4 fields, header has 15" "wrong column count"
expect_grep err "zuofeng: ballots_bad.csv: 9 bad rows; nothing was imported" "the summary line"
expect_no err "ballots_bad.csv:2:" "a good row is not reported"
expect_no err "ballots_bad.csv:11:" "a ballot with every cell empty is good"

expect_status 1 "bad process scores" -- "$BIN" import process --round H3 --db a.db process_bad.csv
expect_grep err "process_bad.csv:2: period_type: 'weekly' is not a period type: daily, monthly, quarterly or annual (日常, 月度, 季度, 年度)" "bad period type"
expect_grep err "process_bad.csv:3: score: 'abc' is not a number" "score not a number"
expect_grep err "process_bad.csv:4: score: 101 is out of range: a score is 0-100" "score over 100"
expect_grep err "process_bad.csv:5: score: '1e999' is not a number" "an exponent"
expect_grep err "process_bad.csv:7: unit: unknown unit ZZ9" "unknown unit"
expect_grep err "process_bad.csv: 5 bad rows; nothing was imported" "process summary"
expect_status 1 "bad self scores" -- "$BIN" import self --round H3 --db a.db self_bad.csv
expect_grep err "self_bad.csv:3: self: -1 is out of range: a score is 0-100" "negative self score"
expect_grep err "self_bad.csv:4: unit: duplicate row: D01 is also on line 3" "second self row"
expect_status 1 "bad survey" -- "$BIN" import survey --round H3 --db a.db survey_bad.csv
expect_grep err "survey_bad.csv:2: satisfaction: 'NaN' is not a number" "NaN"
expect_grep err "survey_bad.csv:3: unit: duplicate row: T02 is also on line 2" "second survey row"
expect_status 1 "bad adjustments" -- "$BIN" import adjustments --round H3 --db a.db adjustments_bad.csv
expect_grep err "adjustments_bad.csv:2: points: required" "points required"
expect_grep err "adjustments_bad.csv:3: points: -5 is negative: points to deduct are 0 or more" "negative points"
expect_grep err "adjustments_bad.csv:4: veto: '2' is not 0 or 1 (blank is 0)" "bad veto"
expect_grep err "adjustments_bad.csv:5: reason: required" "reason required"
expect_grep err "adjustments_bad.csv:6: no_excellent: 'yes' is not 0 or 1 (blank is 0)" "bad no_excellent"
printf 'unit,satisfaction\nT01,\xff\xfe\n' >enc.csv
expect_status 1 "invalid encoding" -- "$BIN" import survey --round H3 --db a.db enc.csv
expect_grep err "enc.csv:2: invalid encoding: neither UTF-8 nor GB18030" "invalid encoding"
printf 'unit,score\nT01,1\n' >cols.csv
expect_status 1 "missing columns" -- "$BIN" import process --round H3 --db a.db cols.csv
expect_grep err "cols.csv:1: 周期类型: missing column" "a missing column, by its Chinese name"
expect_status 1 "unknown round" -- "$BIN" import survey --round NOPE --db a.db survey.csv
expect_grep err "zuofeng: round: no round 'NOPE'" "the unknown round is named"
# in Chinese under a Chinese locale, or with ZUOFENG_LANG=zh (X4); the rows' report keeps its format
expect_status 1 "unknown round, Chinese locale" -- env -u ZUOFENG_LANG -u LC_ALL -u LC_MESSAGES LANG=zh_CN.UTF-8 "$BIN" import survey --round NOPE --db a.db survey.csv
expect_grep err "zuofeng: round: 轮次“NOPE”不存在" "the unknown round is named in Chinese"
expect_status 1 "bad ballots, ZUOFENG_LANG=zh" -- env ZUOFENG_LANG=zh "$BIN" import ballots --round H3 --db a.db ballots_bad.csv
expect_grep err "zuofeng: ballots_bad.csv：9 行有误；未导入任何内容" "the summary line in Chinese"
expect_grep err "ballots_bad.csv:12: wrong column count: 4 fields, header has 15" "the report's lines as before"
expect_status 1 "ZUOFENG_LANG=en wins over a Chinese locale" -- env ZUOFENG_LANG=en LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 "$BIN" import survey --round NOPE --db a.db survey.csv
expect_grep err "zuofeng: round: no round 'NOPE'" "English when asked for"

# the meeting reconciliation
expect_status 1 "more papers returned than issued" -- "$BIN" import ballots --round H3 --db a.db --issued 1380 --spoiled 4 ballots.csv
expect_grep err "papers issued 1380, returned 1387 (counted 1383 + spoiled 4): more papers returned than issued; nothing was imported" "the refusal shows the reconciliation"

# the worked example, all five files (nothing of the bad files above was written)
expect_status 0 "import ballots" -- "$BIN" import ballots --round H3 --db a.db --issued 1400 --spoiled 4 ballots.csv
expect_grep out "papers issued 1400, returned 1387 (counted 1383 + spoiled 4)" "the reconciliation line"
expect_grep out "imported 1383 ballots from ballots.csv" "ballots are counted"
expect_status 0 "import process" -- "$BIN" import process --round H3 --db a.db process.csv
expect_grep out "imported 439 process scores from process.csv" "process scores are counted"
expect_status 0 "import self" -- "$BIN" import self --round H3 --db a.db self.csv
expect_grep out "imported 22 self-evaluations from self.csv" "self scores are counted"
expect_status 0 "import survey" -- "$BIN" import survey --round H3 --db a.db survey.csv
expect_grep out "imported 21 survey results from survey.csv" "survey results are counted"
expect_status 0 "import adjustments" -- "$BIN" import adjustments --round H3 --db a.db adjustments.csv
expect_grep out "imported 6 adjustments from adjustments.csv" "adjustments are counted"
expect_status 1 "self scores twice" -- "$BIN" import self --round H3 --db a.db self.csv
expect_grep err "self.csv:2: unit: unit T01 has self and efficiency scores in round H3 already" "a second self row in the round"
expect_status 1 "process scores twice" -- "$BIN" import process --round H3 --db a.db process.csv
expect_grep err "process.csv:2: period: unit T01 already has a score for monthly 2026-01 in round H3" "a second process row in the round"

# the example's ranking (SCORING.md section 7) comes out of what was imported
expect_status 0 "rank" -- "$BIN" rank --round H3 --db a.db --format csv
sed '1s/^\xEF\xBB\xBF//' "$WORK/out" | cut -d, -f1-15 >rank.csv
if diff rank.csv expected-rank.csv >"$WORK/diff"; then ok "rank gives the expected ranking"; else
	bad "rank differs from expected-rank.csv"
	sed 's/^/    /' "$WORK/diff" >&2
fi

# a GB18030 file with Chinese headers, group names and labels (into the copy of the round)
expect_status 0 "GB18030 ballots" -- "$BIN" import ballots --round H3B --db a.db ballots_zh_gbk.csv
expect_grep out "imported 3 ballots from ballots_zh_gbk.csv" "the Chinese file is read"

# the life of a round
expect_status 0 "round open" -- "$BIN" round open --db a.db H3
expect_grep out "round H3 opened" "open says so"
expect_status 1 "round open twice" -- "$BIN" round open --db a.db H3
expect_grep err "it cannot be opened" "a second open is refused"
expect_status 1 "publish an open round" -- "$BIN" round publish --db a.db H3
expect_status 0 "round close" -- "$BIN" round close --db a.db H3
expect_grep out "round H3 closed" "close says so"
expect_status 1 "survey into a closed round" -- "$BIN" import survey --round H3 --db a.db survey.csv
expect_grep err "round 'H3' is closed: its inputs are frozen (reopen it first)" "a closed round refuses inputs"
expect_status 0 "round publish" -- "$BIN" round publish --db a.db H3
expect_grep out "round H3 published" "publish says so"
expect_status 1 "reopen without a reason" -- "$BIN" round reopen --db a.db H3
expect_grep err "reopening a round needs a reason" "the reason is asked for"
expect_status 2 "a reason for open" -- "$BIN" round open --db a.db --reason why H3B
expect_status 0 "round reopen" -- "$BIN" round reopen --db a.db --reason "补录调查结果" H3
expect_grep out "round H3 reopened" "reopen says so"
expect_status 0 "round list after reopening" -- "$BIN" round list --db a.db
expect_grep out "open" "the round is open again"
expect_status 1 "the reopened round still refuses a second survey" -- "$BIN" import survey --round H3 --db a.db survey.csv
expect_grep err "survey.csv:2: unit: unit T01 has a survey result in round H3 already" "a second survey row"

expect_status 0 "audit chain intact" -- "$BIN" audit verify --db a.db
finish
