#!/usr/bin/env bash
# audit_tamper.sh: `zuofeng audit verify` names the first bad entry when an entry was
# altered, removed or reordered behind zuofeng's back (with the sqlite3 shell).
source "$(dirname "$0")/lib.sh"

make_db() {
	rm -f "$1"
	"$BIN" init --db "$1" >/dev/null
	for u in a1 a2 a3 a4 a5; do
		printf 'Good-pass1\n' | "$BIN" user add --db "$1" --role viewer "$u" >/dev/null
	done
}
untrigger="DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_keep_180_days;"

make_db t.db
expect_status 0 "intact log verifies" -- "$BIN" audit verify --db t.db
expect_grep out "5 entries" "all five entries checked"

make_db t.db
sqlite3 t.db "$untrigger UPDATE audit_log SET changes = '{\"role\":\"office\"}' WHERE id = 3;"
expect_status 1 "altered entry fails" -- "$BIN" audit verify --db t.db
expect_grep err "entry 3" "the altered entry is named"

make_db t.db
sqlite3 t.db "$untrigger DELETE FROM audit_log WHERE id = 2;"
expect_status 1 "removed entry fails" -- "$BIN" audit verify --db t.db
expect_grep err "entry 3" "the entry after the gap is named"

make_db t.db
sqlite3 t.db "$untrigger UPDATE audit_log SET id = -1 WHERE id = 2; UPDATE audit_log SET id = 2 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = -1;"
expect_status 1 "reordered entries fail" -- "$BIN" audit verify --db t.db
expect_grep err "entry 2" "the first moved entry is named"

make_db t.db
sqlite3 t.db "$untrigger DELETE FROM audit_log WHERE id = 5;"
expect_status 1 "cut tail fails" -- "$BIN" audit verify --db t.db
expect_grep err "entry 5" "the missing last entry is named"

# without dropping the triggers, the database itself refuses
make_db t.db
if sqlite3 t.db "UPDATE audit_log SET actor = 'x' WHERE id = 1;" 2>err.txt; then
	bad "an update of the audit log was allowed"
else
	grep -q "cannot be changed" err.txt && ok "the trigger refuses updates" || bad "wrong refusal"
fi
if sqlite3 t.db "DELETE FROM audit_log;" 2>err.txt; then
	bad "deleting young audit entries was allowed"
else
	grep -q "180 days" err.txt && ok "the trigger refuses deleting young entries" || bad "wrong refusal"
fi
finish
