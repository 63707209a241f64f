#!/usr/bin/env bash
# sanction.sh: `zuofeng sanction` end to end on the demo district: the catalogue, a decision
# in an account's name within its authority (and a refusal outside it), the adjustment it
# makes in round 2026 and the ranking's deduction, the CSV register, revocation, and usage.
source "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "FAIL - sqlite3 is not installed" >&2; exit 1; }
q() { sqlite3 a.db "$1"; }

"$BIN" demo --db a.db >/dev/null 2>&1 || { bad "demo failed"; finish; exit 1; }

expect_status 0 "sanction --help" -- "$BIN" sanction --help
expect_grep out "sanction decide" "the help names decide"
expect_status 2 "an unknown subcommand is a usage error" -- "$BIN" sanction fly --db a.db

expect_status 0 "measures lists the catalogue" -- "$BIN" sanction measures --db a.db
expect_grep out "诫勉谈话" "the catalogue holds 诫勉谈话"
expect_grep out "一票否决" "the judicial transfer vetoes"

# A township's general cadre, managed by the township itself; the organisation department
# manages the section-level ones.
person=$(q "SELECT p.code FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'T02'
	AND p.rank = '一般干部' ORDER BY p.code LIMIT 1")
leader=$(q "SELECT p.code FROM people p JOIN units u ON u.id = p.unit_id WHERE u.code = 'T02'
	AND p.managed_by = (SELECT id FROM units WHERE code = 'D03') ORDER BY p.code LIMIT 1")
before=$(q "SELECT coalesce(sum(points), 0) FROM adjustments a JOIN units u ON u.id = a.unit_id
	WHERE u.code = 'T02'")

expect_status 1 "the office may not decide on a cadre the organisation department manages" -- \
	"$BIN" sanction decide --db a.db --as office --measure admonishment --person "$leader" \
	--basis "经查属实"
expect_grep err "区委组织部" "the refusal names the body with authority"
expect_status 2 "decide without --as is a usage error" -- \
	"$BIN" sanction decide --db a.db --measure criticism --person "$person" --basis b
expect_status 1 "a missing basis is refused naming the field" -- \
	"$BIN" sanction decide --db a.db --as inspector --measure criticism --person "$person"
expect_grep err "basis" "the error names basis"

expect_status 0 "the district's inspector decides a 通报批评" -- \
	"$BIN" sanction decide --db a.db --as inspector --measure circulated_criticism \
	--person "$person" --basis "上班时间脱岗，经查属实" --decided-on 2026-06-01
id=$(tr -d '\n' <"$WORK/out")
after=$(q "SELECT coalesce(sum(points), 0) FROM adjustments a JOIN units u ON u.id = a.unit_id
	WHERE u.code = 'T02'")
src=$(q "SELECT source FROM adjustments WHERE id = (SELECT adjustment_id FROM sanctions WHERE id = $id)")
if [[ $src == "sanction:$id" ]]; then ok "the adjustment names the sanction"; else bad "source is '$src'"; fi
if awk "BEGIN { exit !($after - $before == 2) }"; then ok "T02's deductions grew by 2"; else
	bad "T02's deductions went from $before to $after"; fi
expect_status 0 "rank still runs" -- "$BIN" rank --db a.db --round 2026 --resamples 0
deduction=$(awk -F, '$3 == "T02" { print $11 }' "$WORK/out")
if awk "BEGIN { exit !($deduction >= 2) }"; then ok "the ranking shows T02's deduction ($deduction)"; else
	bad "T02's deduction in the ranking is '$deduction'"; fi

expect_status 0 "list --unit T02" -- "$BIN" sanction list --db a.db --unit T02
expect_grep out "通报批评" "the list shows the new sanction"
expect_status 0 "export writes the register" -- "$BIN" sanction export --db a.db --out reg.csv
if head -c 3 reg.csv | od -An -tx1 | grep -q "ef bb bf"; then ok "the CSV starts with a BOM"; else
	bad "no BOM"; fi
grep -qF "上班时间脱岗，经查属实" reg.csv && ok "the CSV holds the basis" || bad "basis not in CSV"

expect_status 2 "revoke without an id is a usage error" -- \
	"$BIN" sanction revoke --db a.db --as inspector --reason x
expect_status 0 "revoke with a reason" -- \
	"$BIN" sanction revoke --db a.db --as inspector --reason "复核后撤销" "$id"
back=$(q "SELECT coalesce(sum(points), 0) FROM adjustments a JOIN units u ON u.id = a.unit_id
	WHERE u.code = 'T02'")
if awk "BEGIN { exit !($back == $before) }"; then ok "revoking took the deduction out"; else
	bad "T02's deductions are $back after revoking, $before before"; fi
expect_status 1 "revoking twice is refused" -- \
	"$BIN" sanction revoke --db a.db --as inspector --reason again "$id"
expect_status 0 "the audit chain is intact" -- "$BIN" audit verify --db a.db
finish
