#!/usr/bin/env bash
# scoring_example.sh: SCORING.md's worked example end to end: init, import units, round
# create, the five imports, then `zuofeng rank`: the CSV matches expected-rank.csv in every
# column but p_last (numbers to 0.01, the rest as text); JSON and XLSX files are written;
# usage errors of rank.
source "$(dirname "$0")/lib.sh"

DATA="$SRC/tests/cli/data/scoring-example"
cp "$DATA"/* .
DB=(--db ex.db)

expect_status 0 "init" -- "$BIN" init "${DB[@]}"
expect_status 0 "import units" -- "$BIN" import units "${DB[@]}" units.csv
expect_status 0 "round create" -- "$BIN" round create "${DB[@]}" round.json
for k in ballots process self survey adjustments; do
	expect_status 0 "import $k" -- "$BIN" import "$k" --round H3 "${DB[@]}" "$k.csv"
done

expect_status 0 "rank --format csv" -- "$BIN" rank --round H3 "${DB[@]}"
cp "$WORK/out" rank.csv
if [ "$(head -c 3 rank.csv | od -An -tx1 | tr -d ' ')" = "efbbbf" ]; then
	ok "the CSV starts with a UTF-8 BOM"
else bad "the CSV has no BOM"; fi
expect_grep out "category,rank,unit,name,total,democratic,process,self,efficiency,survey_adjust,deduction,vetoed,incomplete,grade,worst,p_last" \
	"the CSV header"

# compare with expected-rank.csv: same rows in the same order; columns 5-11 as numbers
# within 0.01, the others as text; p_last (column 16, not in the expected file) in [0, 1]
# with 3 decimals for ranked units, empty for unranked ones
sed '1s/^\xEF\xBB\xBF//' rank.csv >got.csv
if awk -F, '
	NR == FNR { want[FNR] = $0; n = FNR; next }
	{
		got++
		if (!(FNR in want)) { printf "extra line %d: %s\n", FNR, $0; bad = 1; next }
		nw = split(want[FNR], w, ",")
		for (k = 1; k <= nw; k++) {
			if (FNR > 1 && k >= 5 && k <= 11) {
				if ((w[k] == "") != ($k == "") || (w[k] != "" && (w[k] - $k > 0.01 || $k - w[k] > 0.01))) {
					printf "line %d column %d: got %s, want %s\n", FNR, k, $k, w[k]; bad = 1
				}
			} else if (w[k] != $k) {
				printf "line %d column %d: got \"%s\", want \"%s\"\n", FNR, k, $k, w[k]; bad = 1
			}
		}
		if (FNR > 1) {
			if ($2 == "" && $16 != "") { printf "line %d: p_last for an unranked unit\n", FNR; bad = 1 }
			if ($2 != "" && ($16 !~ /^[01]\.[0-9][0-9][0-9]$/ || $16 > 1)) {
				printf "line %d: p_last \"%s\"\n", FNR, $16; bad = 1
			}
		}
	}
	END { if (got != n) { printf "%d lines, want %d\n", got, n; bad = 1 } exit bad }
' expected-rank.csv got.csv >cmp.txt; then
	ok "rank.csv matches expected-rank.csv"
else
	bad "rank.csv differs from expected-rank.csv"
	sed 's/^/    /' cmp.txt >&2
fi

# the same ranking as JSON, to a file; provisional while the round is a draft
expect_status 0 "rank --format json --out" -- "$BIN" rank --round H3 --format json --out rank.json "${DB[@]}"
cp rank.json "$WORK/out"
expect_grep out '"provisional": true' "JSON: provisional while the round is open"
expect_grep out '"code": "H3"' "JSON: the round"
expect_grep out '"unit": "T02"' "JSON: the units"
expect_grep out '"total": 95.67' "JSON: numbers as the CSV shows them"
if [ "$(grep -c '"unit": ' rank.json)" -eq 23 ]; then ok "JSON: 23 units"; else
	bad "JSON: $(grep -c '"unit": ' rank.json) units, want 23"; fi

expect_status 0 "rank --format xlsx --out" -- "$BIN" rank --round H3 --format xlsx --out rank.xlsx "${DB[@]}"
if [ -s rank.xlsx ] && [ "$(head -c 2 rank.xlsx)" = "PK" ]; then ok "an XLSX file is written"; else
	bad "no XLSX file"; fi

# a closed round is final
expect_status 0 "round open" -- "$BIN" round open "${DB[@]}" H3
expect_status 0 "round close" -- "$BIN" round close "${DB[@]}" H3
expect_status 0 "rank a closed round" -- "$BIN" rank --round H3 --format json "${DB[@]}"
expect_grep out '"provisional": false' "JSON: final once the round is closed"
expect_status 0 "rank --out FILE (csv)" -- "$BIN" rank --round H3 --out again.csv "${DB[@]}"
if cmp -s again.csv rank.csv; then ok "the ranking of a closed round is the same"; else
	bad "the ranking changed when the round closed"; fi

# usage and errors
expect_status 0 "rank --help" -- "$BIN" rank --help
expect_grep out "usage: zuofeng rank --round R" "rank --help prints the usage"
expect_status 2 "rank without --round" -- "$BIN" rank "${DB[@]}"
expect_grep err "--round is required" "the missing option is named"
expect_status 2 "xlsx without --out" -- "$BIN" rank --round H3 --format xlsx "${DB[@]}"
expect_grep err "--format xlsx needs --out FILE" "xlsx needs a file"
expect_status 2 "an unknown format" -- "$BIN" rank --round H3 --format pdf "${DB[@]}"
expect_grep err "unknown format 'pdf'" "the format is named"
expect_status 2 "a negative --resamples" -- "$BIN" rank --round H3 --resamples -1 "${DB[@]}"
expect_grep err "--resamples must be 0 to 100000" "the bad count is named"
expect_status 0 "rank --resamples 0" -- "$BIN" rank --round H3 --resamples 0 "${DB[@]}"
if awk -F, 'NR > 1 && $16 != "" { bad = 1 } END { exit bad }' "$WORK/out"; then
	ok "without the bootstrap p_last is empty"; else bad "p_last filled without the bootstrap"; fi
if diff <(cut -d, -f1-15 "$WORK/out") <(cut -d, -f1-15 rank.csv) >/dev/null; then
	ok "the bootstrap does not change the ranking"; else bad "the ranking depends on --resamples"; fi
expect_status 1 "an unknown round" -- "$BIN" rank --round NOPE "${DB[@]}"
expect_grep err "NOPE" "the round is named"

finish
