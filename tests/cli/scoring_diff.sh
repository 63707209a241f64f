#!/usr/bin/env bash
# scoring_diff.sh: `zuofeng rank` against a second implementation of SCORING.md on random
# rounds. tests/reference/score_ref.py is written from the contract alone; it must first give
# the worked example's expected-rank.csv itself. Then, for each seed, gen_round.py writes a
# round and its six files (settings and edge cases drawn at random: see its header), zuofeng
# imports them through the CLI as an office might have saved them (Chinese headers, groups
# by name, GB18030 or a BOM, CRLF), and its rank CSV must equal the reference's: the same rows
# in the same order, numbers within 0.01, every other column as text (p_last aside).
# SCORING_SEEDS (default "1 40") chooses the seeds, e.g. SCORING_SEEDS="1 400".
source "$(dirname "$0")/lib.sh"

REF="$SRC/tests/reference"
read -r FIRST LAST <<<"${SCORING_SEEDS:-1 40}"

# the reference itself, on the worked example
if python3 "$REF/score_ref.py" "$SRC/tests/cli/data/scoring-example" >ref.csv &&
	python3 "$REF/compare_rank.py" ref.csv "$SRC/tests/cli/data/scoring-example/expected-rank.csv" >cmp.txt; then
	ok "the reference ranks the worked example as expected-rank.csv"
else
	bad "the reference differs from expected-rank.csv on the worked example"
	sed 's/^/    /' cmp.txt >&2
fi

if python3 "$REF/diff_rounds.py" "$BIN" "$WORK" "$FIRST" "$LAST" >diff.txt; then
	ok "$(tail -1 diff.txt): $(grep -c '^ok' diff.txt) random rounds ranked as the reference ranks them"
else
	bad "$(tail -1 diff.txt)"
	grep -v '^ok' diff.txt | sed 's/^/    /' >&2
fi
finish
