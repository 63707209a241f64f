#!/usr/bin/env bash
# demo.sh: `zuofeng demo` end to end: the district it builds (counts, teams, oversight,
# accounts), its open round 2026 (ballots of every group, the other inputs, a ranking of
# every evaluated unit), an intact audit chain, refusal of a database that holds data, a
# failure that leaves nothing, determinism per seed, and the usage.
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
cp out summary
ms=$((($(date +%s%N) - start) / 1000000))
ok "demo on a fresh database exits 0 (${ms} ms)"
# The budget holds for the plain build; sanitizers slow everything several times over.
if grep -q __asan_init "$BIN"; then
	ok "demo time not checked under ASan (${ms} ms)"
elif ((ms < 5000)); then
	ok "demo within 5 s (${ms} ms)"
else
	bad "demo took ${ms} ms, the budget is 5 s"
fi
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

expect "accounts (the six and the station's supervisor)" "$(q a.db "SELECT count(*) FROM users")" 7
expect "accounts with the demo password and no forced change" "$(q a.db "SELECT count(*)
	FROM users WHERE demo_password = 1 AND must_change = 0 AND active = 1")" 7
expect "account roles" "$(q a.db "SELECT group_concat(username || ':' || role, ' ')
	FROM (SELECT username, role FROM users ORDER BY username)")" \
	"auditor:auditor inspector:inspector leader:unit_leader office:office secadmin:secadmin supervisor:supervisor sysadmin:sysadmin"
expect "the leader account is T01's main leader" "$(q a.db "SELECT u.code || ' ' || p.code
	FROM users a JOIN units u ON u.id = a.unit_id JOIN people p ON p.id = a.person_id
	JOIN team_members t ON t.person_id = p.id AND t.unit_id = u.id AND t.role = 'main'
	WHERE a.username = 'leader'")" "T01 T01-001"

expect_status 0 "audit verify after the demo" -- "$BIN" audit verify --db a.db
expect "person creations audited" \
	"$(q a.db "SELECT count(*) FROM audit_log WHERE entity = 'person' AND action = 'create'")" \
	"$people"

# --- the demo round: open, filled, ranked ---
ballots=$(q a.db "SELECT count(*) FROM ballots b JOIN rounds r ON r.id = b.round_id
	WHERE r.code = '2026'")
expect "round 2026" "$(q a.db "SELECT name || ' ' || state FROM rounds WHERE code = '2026'")" \
	"2026年度干部作风建设综合评价 open"
grep -qF "round 2026 (open): $ballots ballots" summary &&
	ok "the summary counts the round's ballots ($ballots)" ||
	bad "the summary lacks 'round 2026 (open): $ballots ballots': $(cat summary)"
expect_range "ballots" "$ballots" 4000 20000
evaluated="SELECT count(*) FROM units u JOIN categories c ON c.id = u.category_id
	WHERE c.kind IN ('township', 'dept')"
units=$(q a.db "$evaluated")
expect "evaluated units" "$units" 50
expect "(unit, group) pairs with ballots: every unit from all 7 groups" \
	"$(q a.db "SELECT count(*) FROM (SELECT DISTINCT unit_id, grp FROM ballots)")" $((units * 7))
expect "mutual ballots rated by the unit itself or another category" "$(q a.db "SELECT count(*)
	FROM ballots b JOIN units u ON u.id = b.unit_id JOIN units r ON r.id = b.rater_unit_id
	WHERE b.channel = 'mutual' AND (r.id = u.id OR r.category_id <> u.category_id)")" 0
expect_range "mutual ballots" "$(q a.db "SELECT count(*) FROM ballots WHERE channel = 'mutual'
	AND rater_unit_id IS NOT NULL")" 300 2000
expect_range "(unit, group) pairs below min_ballots" "$(q a.db "SELECT count(*) FROM (SELECT
	unit_id, grp, count(*) n FROM ballots GROUP BY 1, 2) WHERE (grp = 4 AND n < 3)
	OR (grp IN (0, 1, 2, 3) AND n < 5)")" 2 30
expect_range "units with 16 process scores (12 monthly, 4 quarterly)" "$(q a.db "SELECT count(*)
	FROM (SELECT unit_id FROM process_scores GROUP BY 1 HAVING sum(period_type = 'monthly') = 12
	AND sum(period_type = 'quarterly') = 4)")" "$units" "$units"
expect "units with confirmed self and efficiency scores" \
	"$(q a.db "SELECT count(*) FROM self_scores WHERE confirmed = 1")" $((units - 1))
expect_range "units with a survey result" "$(q a.db "SELECT count(*) FROM survey_scores")" \
	40 $((units - 1))
expect "adjustments: vetoes, lost excellence, deductions with a reason" "$(q a.db "SELECT
	sum(veto) || ' ' || sum(no_excellent) || ' ' || sum(points > 0 AND reason <> '')
	FROM adjustments WHERE source NOT LIKE 'sanction:%'")" "1 1 3"
expect "every sanction adjustment belongs to its unrevoked sanction" "$(q a.db "SELECT count(*)
	FROM adjustments a WHERE a.source LIKE 'sanction:%' AND NOT EXISTS (SELECT 1 FROM sanctions x
	WHERE x.adjustment_id = a.id AND a.source = 'sanction:' || x.id AND x.revoked = 0)")" 0
expect_range "sanctions deducted in round 2026" "$(q a.db "SELECT count(*) FROM adjustments
	WHERE source LIKE 'sanction:%'")" 10 200

expect_status 0 "rank --round 2026" -- "$BIN" rank --round 2026 --db a.db
cp out a.rank
expect "rank rows" "$(($(wc -l <a.rank) - 1))" "$units"
expect "units without a rank or a grade" "$(tail -n +2 a.rank | awk -F, '$2 == "" || $14 == ""' |
	wc -l)" 0
expect "every evaluated unit is in the ranking" "$(q a.db "SELECT u.code FROM units u
	JOIN categories c ON c.id = u.category_id WHERE c.kind IN ('township', 'dept')
	ORDER BY 1" | tr '\n' ' ')" "$(tail -n +2 a.rank | cut -d, -f3 | sort | tr '\n' ' ')"
expect "categories with exactly one worst unit" \
	"$(tail -n +2 a.rank | awk -F, '$15 == 1 { n[$1]++ } END { for (c in n) if (n[c] == 1) k++;
	print k + 0 }')" 6
expect "categories with an excellent unit" \
	"$(tail -n +2 a.rank | awk -F, '$14 == "优秀" { print $1 }' | sort -u | wc -l)" 6
expect "vetoed units graded 较差" "$(tail -n +2 a.rank | awk -F, '$12 == 1 && $14 == "较差"' |
	wc -l)" 1
expect "incomplete units" "$(tail -n +2 a.rank | awk -F, '$13 == 1' | wc -l)" 1
expect "units with P(last) outside 0-1" "$(tail -n +2 a.rank |
	awk -F, '$16 == "" || $16 < 0 || $16 > 1' | wc -l)" 0
expect "the best township lost its excellence" "$(tail -n +2 a.rank |
	awk -F, '$1 == "township" && $2 == 1 { print $14 }')" 良好
expect_status 0 "rank --round 2026 --format json" -- "$BIN" rank --round 2026 --format json \
	--db a.db
expect_grep out '"provisional": true' "the open round's results are provisional"

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
	+ (SELECT count(*) FROM audit_log) + (SELECT count(*) FROM rounds)
	+ (SELECT count(*) FROM ballots) + (SELECT count(*) FROM process_scores)
	+ (SELECT count(*) FROM self_scores) + (SELECT count(*) FROM survey_scores)
	+ (SELECT count(*) FROM adjustments)"
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
# Later still: the round's last file (the adjustments) fails after its ballots, process,
# self and survey scores were written.
expect_status 0 "init" -- "$BIN" init --db latest.db
q latest.db "CREATE TRIGGER injected BEFORE INSERT ON adjustments
	BEGIN SELECT RAISE(ABORT, 'injected adjustment failure'); END"
expect_status 1 "demo fails when an adjustment insert fails" -- "$BIN" demo --db latest.db
expect_grep err "injected adjustment failure" "the failure is reported"
expect "records after the failure in the round" "$(q latest.db "$all_records")" 0

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
# The round: the same ballots (their ids are random, their contents are not), the same
# ranking to the last digit of P(last).
ballot_sql="SELECT u.code, b.grp, coalesce(r.code, ''), hex(b.ratings) FROM ballots b
	JOIN units u ON u.id = b.unit_id LEFT JOIN units r ON r.id = b.rater_unit_id
	ORDER BY 1, 2, 3, 4"
for db in a b c d; do
	q $db.db "$ballot_sql" >$db.ballots
	"$BIN" rank --round 2026 --db $db.db >$db.rank
done
expect "ballots of the default seed, run again" "$(wc -l <d.ballots)" "$ballots"
cmp -s a.ballots d.ballots && ok "the default seed gives the same ballots" ||
	bad "the default seed gave different ballots"
cmp -s b.ballots c.ballots && ok "the same seed gives the same ballots" ||
	bad "the same seed gave different ballots"
cmp -s a.rank d.rank && ok "the default seed gives the same rank CSV" ||
	bad "the default seed gave another rank CSV: $(diff a.rank d.rank | head -5)"
cmp -s b.rank c.rank && ok "the same seed gives the same rank CSV" ||
	bad "the same seed gave another rank CSV: $(diff b.rank c.rank | head -5)"
cmp -s a.ballots b.ballots && bad "seeds 2026 and 7 gave the same ballots" ||
	ok "another seed gives other ballots"

# --- usage ---
expect_status 0 "demo --help" -- "$BIN" demo --help
expect_grep out "usage: zuofeng demo" "demo --help prints its usage"
expect_status 2 "demo --seed nope" -- "$BIN" demo --db e.db --seed nope
expect_grep err "not a number" "a bad --seed is explained"
expect_status 2 "demo with an extra argument" -- "$BIN" demo --db e.db extra

finish
