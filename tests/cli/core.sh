#!/usr/bin/env bash
# core.sh: init, --help and --version, user add|passwd|list, backup, serve and its
# graceful shutdown, the demo-password guard on non-loopback addresses, serve's bad options.
source "$(dirname "$0")/lib.sh"

expect_status 0 "--version" -- "$BIN" --version
expect_grep out "zuofeng " "--version prints the version"
expect_status 0 "--help" -- "$BIN" --help
cp "$WORK/out" "$WORK/help"
for c in init serve demo user import audit backup; do
	expect_grep help "  $c " "--help lists $c"
	expect_status 0 "$c --help" -- "$BIN" "$c" --help
	expect_grep out "usage: zuofeng $c" "$c --help prints its usage"
done
expect_status 2 "unknown command" -- "$BIN" frobnicate
expect_grep err "unknown command 'frobnicate'" "unknown command is named"
expect_status 2 "no command" -- "$BIN"

# init, twice, with --db and with ZUOFENG_DB
expect_status 0 "init --db" -- "$BIN" init --db a.db
expect_grep out "schema version" "init reports the schema"
expect_status 0 "init again is harmless" -- "$BIN" init --db a.db
expect_status 0 "init with ZUOFENG_DB" -- env ZUOFENG_DB=env.db "$BIN" init
[ -f env.db ] && ok "ZUOFENG_DB names the file" || bad "ZUOFENG_DB ignored"
expect_status 1 "init in a missing directory" -- "$BIN" init --db /nonexistent/dir/x.db
expect_grep err "cannot open database" "a bad path is explained"
expect_status 2 "init with a stray argument" -- "$BIN" init --db a.db extra

# user add / list / passwd
expect_status 0 "user add office" -- sh -c "printf 'Good-pass1\n' | '$BIN' user add --db a.db --role office zhang"
expect_grep out "must change its password" "user add says the password must change"
expect_status 1 "user add weak password" -- sh -c "printf 'weak\n' | '$BIN' user add --db a.db --role office li"
expect_grep err "password" "weak password names the field"
expect_status 1 "user add unknown role" -- sh -c "printf 'Good-pass1\n' | '$BIN' user add --db a.db --role king li"
expect_grep err "role" "unknown role names the field"
expect_status 1 "user add unit role without unit" -- sh -c "printf 'Good-pass1\n' | '$BIN' user add --db a.db --role unit_leader li"
expect_grep err "unit" "missing unit is named"
expect_status 1 "user add duplicate" -- sh -c "printf 'Good-pass1\n' | '$BIN' user add --db a.db --role viewer zhang"
expect_grep err "taken" "duplicate username is refused"
expect_status 2 "user add without role" -- "$BIN" user add --db a.db li
expect_status 0 "user add auditor" -- sh -c "printf 'Audit-pass1\n' | '$BIN' user add --db a.db --role auditor shen"
expect_status 0 "user list" -- "$BIN" user list --db a.db
expect_grep out "zhang" "list shows zhang"
expect_grep out "must-change" "list shows the forced change"
expect_status 0 "user passwd" -- sh -c "printf 'Other-pass2\n' | '$BIN' user passwd --db a.db zhang"
expect_status 1 "user passwd unknown" -- sh -c "printf 'Other-pass2\n' | '$BIN' user passwd --db a.db nobody"
expect_grep err "no account" "unknown account is named"

# audit verify on the real log
expect_status 0 "audit verify" -- "$BIN" audit verify --db a.db
expect_grep out "intact" "the chain is intact"
expect_status 2 "audit without verb" -- "$BIN" audit --db a.db

# backup
expect_status 0 "backup" -- "$BIN" backup --db a.db copy.db
expect_status 0 "the backup is a database" -- "$BIN" user list --db copy.db
expect_grep out "zhang" "the backup holds the accounts"
expect_status 1 "backup over an existing file" -- "$BIN" backup --db a.db copy.db
expect_grep err "exists" "existing target is refused"

# serve: health answers, SIGTERM stops it cleanly
ZUOFENG_LOG=info "$BIN" serve --db a.db --listen 127.0.0.1:0 >serve.out 2>serve.err &
pid=$!
port=""
for _ in $(seq 1 100); do
	port=$(sed -n 's/.*http:\/\/127.0.0.1:\([0-9]*\)\/.*/\1/p' serve.out)
	[ -n "$port" ] && break
	sleep 0.1
done
if [ -n "$port" ] && curl -fsS "http://127.0.0.1:$port/api/v1/health" | grep -q '"ok"'; then
	ok "serve answers /api/v1/health"
else
	bad "serve did not answer (port '$port')"
	cat serve.err >&2
fi
kill -TERM "$pid"
if wait "$pid"; then ok "serve exits 0 on SIGTERM"; else bad "serve exit status $? on SIGTERM"; fi
grep -q 'msg="stopped"' serve.err && ok "serve logs its shutdown" || bad "no shutdown log line"

# the demo-password guard
sqlite3 a.db "UPDATE users SET demo_password = 1 WHERE username = 'zhang'" 2>/dev/null ||
	bad "sqlite3 shell missing"
expect_status 1 "serve refuses 0.0.0.0 with demo passwords" -- "$BIN" serve --db a.db --listen 0.0.0.0:0
expect_grep err "demo password" "the refusal says why"
expect_status 2 "serve bad option" -- "$BIN" serve --db a.db --bogus
expect_status 1 "serve bad listen" -- "$BIN" serve --db a.db --listen nonsense
expect_grep err "listen" "bad listen is named"
expect_status 1 "serve bad trusted proxy" -- "$BIN" serve --db a.db --trusted-proxy 127.0.0.1,gateway
expect_grep err "trusted proxy 'gateway' is not an address or network" "the bad proxy is named"
expect_status 2 "serve bad --threads" -- "$BIN" serve --db a.db --threads 0
expect_grep err "--threads must be a whole number from 1 to 64, not '0'" "--threads is checked"
expect_status 2 "serve bad --max-body" -- "$BIN" serve --db a.db --max-body 12kb
expect_grep err "--max-body must be a whole number" "--max-body is checked"
expect_status 0 "serve --help" -- "$BIN" serve --help
expect_grep out "--trusted-proxy" "serve --help tells of --trusted-proxy"

finish
