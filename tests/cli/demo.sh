#!/usr/bin/env bash
# demo.sh: `zuofeng demo` end to end: the district it builds (counts, teams, oversight,
# accounts), an intact audit chain, refusal of a database that holds data, a failure that
# leaves nothing, determinism per seed, and the usage.
source "$(dirname "$0")/lib.sh"
command -v sqlite3 >/dev/null || { echo "FAIL - sqlite3 is not installed" >&2; exit 1; }

# Stops the script: what follows makes no sense without the step that failed.
fail() {
	bad "$*"
	finish || exit 1
}
q() {
	sqlite3 "$1" "$2"
}
# expect_range NAME VALUE LOW HIGH
expect_range() {
	if [[ $2 =~ ^[0-9]+$ ]] && (($2 >= $3 && $2 <= $4)); then
		ok "$1: $2 (expected $3..$4)"
	else
		bad "$1 is '$2', expected $3..$4"
	fi
}
# expect NAME VALUE WANTED
expect() {
	if [[ $2 == "$3" ]]; then ok "$1: $2"; else bad "$1 is '$2', expected '$3'"; fi
}

# --- a fresh demo district ---
start=$(date +%s%N)
"$BIN" demo --db a.db >out 2>err || fail "demo exited non-zero: $(cat err)"
ms=$((($(date +%s%N) - start) / 1000000))
ok "demo on a fresh database exits 0 (${ms} ms)"
grep -qF 'demo accounts (password: demo): office 作风办 | inspector 纪委 | leader 罗坊镇党委书记 | sysadmin | secadmin | auditor' out ||
	fail "the summary lacks the demo accounts: $(cat out)"
grep -q 'born 1980-1989' out || fail "the summary lacks the share born 1980-1989: $(cat out)"
ok "the summary names the accounts and the 80后 share"

units_of_kind="SELECT count(*) FROM units u JOIN categories c ON c.id = u.category_id WHERE c.kind"
expect "townships" "$(q a.db "$units_of_kind = 'township'")" 9
expect "township names" "$(q a.db "SELECT group_concat(name, ' ') FROM (SELECT u.name FROM units u
	JOIN categories c ON c.id = u.category_id WHERE c.kind = 'township' ORDER BY u.code)")" \
	"罗坊镇 水北镇 姚圩镇 下村镇 欧里镇 良山镇 南安乡 人和乡 九龙山乡"
expect_range "departments" "$(q a.db "$units_of_kind = 'dept'")" 35 45
expect "systems" "$(q a.db "SELECT count(*) FROM categories WHERE kind = 'dept'")" 5
expect "root unit" "$(q a.db "SELECT code FROM units WHERE parent_id IS NULL")" QU
expect "units under no parent but QU" "$(q a.db "SELECT count(*) FROM units u WHERE u.code <> 'QU'
	AND u.parent_id IS NULL")" 0
expect "work-style office unit" "$(q a.db "SELECT count(*) FROM units WHERE code = 'ZFB'")" 1

people=$(q a.db "SELECT count(*) FROM people")
expect_range "people" "$people" 1800 2200
expect_range "percent born 1980-1989" "$(q a.db "SELECT 100 * sum(CASE WHEN birth_date
	BETWEEN '1980-01-01' AND '1989-12-31' THEN 1 ELSE 0 END) / count(*) FROM people")" 25 40
expect_range "percent men" "$(q a.db "SELECT 100 * sum(CASE WHEN gender = 'M' THEN 1 ELSE 0
	END) / count(*) FROM people")" 55 75
expect "people born outside 1965-2000" "$(q a.db "SELECT count(*) FROM people
	WHERE birth_date NOT BETWEEN '1965-01-01' AND '2000-12-31'")" 0
expect "people appointed before 22 or after the demo's day" "$(q a.db "SELECT count(*)
	FROM people WHERE appointed_on IS NULL OR appointed_on < date(birth_date, '+22 years')
	OR appointed_on > '2025-12-31'")" 0
expect "ranks outside the six" "$(q a.db "SELECT count(*) FROM people WHERE rank NOT IN
	('正处', '副处', '正科', '副科', '一般干部', '村干部')")" 0
expect "village cadres outside townships" "$(q a.db "SELECT count(*) FROM people p
	JOIN units u ON u.id = p.unit_id JOIN categories c ON c.id = u.category_id
	WHERE p.rank = '村干部' AND c.kind <> 'township'")" 0
expect "section leaders not managed by the organisation department" "$(q a.db "SELECT count(*)
	FROM people p LEFT JOIN units m ON m.id = p.managed_by
	WHERE p.rank IN ('正科', '副科') AND coalesce(m.name, '') <> '区委组织部'")" 0
expect "staff not managed by their own unit" "$(q a.db "SELECT count(*) FROM people
	WHERE rank IN ('一般干部', '村干部') AND coalesce(managed_by, 0) <> unit_id")" 0

units_led="FROM units u JOIN categories c ON c.id = u.category_id
	WHERE c.kind IN ('township', 'dept')"
expect "townships and departments without exactly one active main leader" "$(q a.db "SELECT
	count(*) $units_led AND (SELECT count(*) FROM team_members t WHERE t.unit_id = u.id
	AND t.role = 'main' AND t.active = 1) <> 1")" 0
expect "main leaders who are not 正科" "$(q a.db "SELECT count(*) $units_led AND EXISTS
	(SELECT 1 FROM team_members t JOIN people p ON p.id = t.person_id WHERE t.unit_id = u.id
	AND t.role = 'main' AND p.rank <> '正科')")" 0
expect "townships and departments without an oversight row" "$(q a.db "SELECT count(*)
	$units_led AND NOT EXISTS (SELECT 1 FROM oversight o WHERE o.unit_id = u.id
	AND o.active = 1)")" 0
expect "units overseen by someone outside QU" "$(q a.db "SELECT count(*) FROM oversight o
	JOIN people p ON p.id = o.leader_id JOIN units u ON u.id = p.unit_id
	WHERE u.code <> 'QU'")" 0
expect "deputies without areas" "$(q a.db "SELECT count(*) FROM team_members
	WHERE role <> 'main' AND areas = ''")" 0
expect "the 纪委书记 oversees 纪检监察 across units" "$(q a.db "SELECT count(*) FROM oversight o
	JOIN people p ON p.id = o.leader_id WHERE o.unit_id IS NULL AND o.area LIKE '%纪检监察%'
	AND p.post LIKE '%纪委书记%'")" 1
expect "QU main leader" "$(q a.db "SELECT p.post FROM team_members t
	JOIN people p ON p.id = t.person_id JOIN units u ON u.id = t.unit_id
	WHERE u.code = 'QU' AND t.role = 'main'")" 区委书记

expect "accounts" "$(q a.db "SELECT count(*) FROM users")" 6
expect "accounts with the demo password and no forced change" "$(q a.db "SELECT count(*)
	FROM users WHERE demo_password = 1 AND must_change = 0 AND active = 1")" 6
expect "account roles" "$(q a.db "SELECT group_concat(username || ':' || role, ' ')
	FROM (SELECT username, role FROM users ORDER BY username)")" \
	"auditor:auditor inspector:inspector leader:unit_leader office:office secadmin:secadmin sysadmin:sysadmin"
expect "the leader account is T01's main leader" "$(q a.db "SELECT u.code || ' ' || p.code
	FROM users a JOIN units u ON u.id = a.unit_id JOIN people p ON p.id = a.person_id
	JOIN team_members t ON t.person_id = p.id AND t.unit_id = u.id AND t.role = 'main'
	WHERE a.username = 'leader'")" "T01 T01-001"

expect_status 0 "audit verify after the demo" -- "$BIN" audit verify --db a.db
expect "person creations audited" \
	"$(q a.db "SELECT count(*) FROM audit_log WHERE entity = 'person' AND action = 'create'")" \
	"$people"

# --- refusals: a database with units, or with a demo username ---
expect_status 1 "a second demo on the same database is refused" -- "$BIN" demo --db a.db
expect_grep err "already holds units" "the refusal says why"
expect "people after the refused second demo" "$(q a.db "SELECT count(*) FROM people")" "$people"

expect_status 0 "init" -- "$BIN" init --db taken.db
expect_status 0 "user add office" -- sh -c "printf 'Strong-Pass-123\n' |
	'$BIN' user add --db taken.db --role viewer office"
expect_status 1 "demo refuses a database with an account 'office'" -- "$BIN" demo --db taken.db
expect_grep err "already has an account 'office'" "the refusal names the account"
expect "units after the refused demo" "$(q taken.db "SELECT count(*) FROM units")" 0

# --- a demo that fails leaves nothing (one transaction) ---
all_records="SELECT (SELECT count(*) FROM categories) + (SELECT count(*) FROM units)
	+ (SELECT count(*) FROM people) + (SELECT count(*) FROM team_members)
	+ (SELECT count(*) FROM oversight) + (SELECT count(*) FROM users)
	+ (SELECT count(*) FROM audit_log)"
# Early: the demo's third category code is taken.
expect_status 0 "init" -- "$BIN" init --db early.db
q early.db "INSERT INTO categories(code, name, kind) VALUES ('dangqun', '党群', 'dept')"
expect_status 1 "demo fails when a category code is taken" -- "$BIN" demo --db early.db
expect_grep err "dangqun" "the failure names the taken code"
expect "records after the early failure (the one category planted)" \
	"$(q early.db "$all_records")" 1
# Late (fault injection): a person about halfway fails to insert, after units, people, teams
# and their audit entries were written.
expect_status 0 "init" -- "$BIN" init --db late.db
q late.db "CREATE TRIGGER injected BEFORE INSERT ON people WHEN new.code = 'D20-010'
	BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
expect_status 1 "demo fails when a person insert fails" -- "$BIN" demo --db late.db
expect_grep err "injected failure" "the failure is reported"
expect "records after the late failure" "$(q late.db "$all_records")" 0

# --- the same seed gives the same district, another seed another ---
people_sql='SELECT code, name, birth_date FROM people ORDER BY code'
team_sql='SELECT t.role, t.title, t.areas, p.code FROM team_members t
	JOIN people p ON p.id = t.person_id ORDER BY p.code'
expect_status 0 "demo --seed 7" -- "$BIN" demo --db b.db --seed 7
expect_status 0 "demo --seed 7 again" -- "$BIN" demo --db c.db --seed 7
expect_status 0 "demo with the default seed again" -- "$BIN" demo --db d.db
for db in a b c d; do
	q $db.db "$people_sql" >$db.people
	q $db.db "$team_sql" >$db.team
done
cmp -s b.people c.people && ok "the same seed gives the same people" ||
	bad "the same seed gave different people"
cmp -s b.team c.team && ok "the same seed gives the same teams" ||
	bad "the same seed gave different teams"
cmp -s a.people d.people && ok "the default seed gives the same people" ||
	bad "the default seed gave different people"
cmp -s a.people b.people && bad "seeds 2026 and 7 gave the same people" ||
	ok "another seed gives other people"

# --- usage ---
expect_status 0 "demo --help" -- "$BIN" demo --help
expect_grep out "usage: zuofeng demo" "demo --help prints its usage"
expect_status 2 "demo --seed nope" -- "$BIN" demo --db e.db --seed nope
expect_grep err "not a number" "a bad --seed is explained"
expect_status 2 "demo with an extra argument" -- "$BIN" demo --db e.db extra

finish
