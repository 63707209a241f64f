/* auth.c: accounts, roles, argon2id passwords, sessions, lockout and the security policy. */
#include "auth/auth.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <pthread.h>
#include <pwd.h>

static const struct {
	const char *name;
	unsigned bit;
} roles[] = {
    {"office", ROLE_OFFICE},	       {"inspector", ROLE_INSPECTOR},
    {"unit_leader", ROLE_UNIT_LEADER}, {"unit_staff", ROLE_UNIT_STAFF},
    {"supervisor", ROLE_SUPERVISOR},   {"viewer", ROLE_VIEWER},
    {"sysadmin", ROLE_SYSADMIN},       {"secadmin", ROLE_SECADMIN},
    {"auditor", ROLE_AUDITOR},
};

unsigned auth_role_bit(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_LEN(roles); i++)
		if (!strcmp(name, roles[i].name))
			return roles[i].bit;
	return 0;
}

const char *auth_role_name(unsigned bit)
{
	for (size_t i = 0; i < ARRAY_LEN(roles); i++)
		if (roles[i].bit == bit)
			return roles[i].name;
	return "";
}

/* ---- policy ---- */

static const struct policy_key {
	const char *key;
	size_t off;
	int min, max;
} policy_keys[] = {
    {"pw_min_length", offsetof(struct auth_policy, pw_min_length), 8, 128},
    {"pw_min_classes", offsetof(struct auth_policy, pw_min_classes), 2, 4},
    {"pw_max_age_days", offsetof(struct auth_policy, pw_max_age_days), 0, 3650},
    {"lock_threshold", offsetof(struct auth_policy, lock_threshold), 1, 100},
    {"lock_minutes", offsetof(struct auth_policy, lock_minutes), 1, 10080},
    {"idle_minutes", offsetof(struct auth_policy, idle_minutes), 1, 1440},
    {"addr_fail_limit", offsetof(struct auth_policy, addr_fail_limit), 1, 100000},
    {"addr_fail_window_minutes", offsetof(struct auth_policy, addr_fail_window_minutes), 1, 1440},
};

int auth_policy_get(struct store *s, struct auth_policy *out, struct zf_err *err)
{
	struct auth_policy p = {8, 3, 90, 5, 15, 15, 20, 15, ""};
	struct stmt *st = store_prepare(s, "SELECT key, value FROM security_policy", err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		const char *k = stmt_text(st, 0), *v = stmt_text(st, 1);
		if (!strcmp(k, "allow_list")) {
			snprintf(p.allow_list, sizeof p.allow_list, "%s", v);
			continue;
		}
		for (size_t i = 0; i < ARRAY_LEN(policy_keys); i++)
			if (!strcmp(k, policy_keys[i].key))
				*(int *)((char *)&p + policy_keys[i].off) = atoi(v);
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	*out = p;
	return 0;
}

json_t *auth_policy_json(const struct auth_policy *p)
{
	json_t *j = json_object();
	for (size_t i = 0; i < ARRAY_LEN(policy_keys); i++)
		json_object_set_new(
		    j, policy_keys[i].key,
		    json_integer(*(const int *)((const char *)p + policy_keys[i].off)));
	json_object_set_new(j, "allow_list", json_string(p->allow_list));
	return j;
}

/* True when addr (dotted IPv4) matches entry: an address or a.b.c.d/n. */
static bool addr_matches(const char *addr, const char *entry)
{
	char net[64];
	int bits = 32;
	struct in_addr a, n;
	const char *slash = strchr(entry, '/');
	size_t len = slash ? (size_t)(slash - entry) : strlen(entry);
	if (len >= sizeof net)
		return false;
	memcpy(net, entry, len);
	net[len] = '\0';
	if (slash)
		bits = atoi(slash + 1);
	if (bits < 0 || bits > 32 || inet_pton(AF_INET, net, &n) != 1 ||
	    inet_pton(AF_INET, addr, &a) != 1)
		return false;
	uint32_t mask = bits ? htonl(~0u << (32 - bits)) : 0;
	return (a.s_addr & mask) == (n.s_addr & mask);
}

static bool valid_allow_list(const char *list, char *bad, size_t n)
{
	char *copy = xstrdup(list), *save = NULL;
	bool ok = true;
	for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		str_trim(tok);
		if (!*tok)
			continue;
		/* an entry is valid when the address matches itself */
		char net[64];
		snprintf(net, sizeof net, "%.*s", (int)strcspn(tok, "/"), tok);
		if (!addr_matches(net, tok)) {
			snprintf(bad, n, "%s", tok);
			ok = false;
			break;
		}
	}
	free(copy);
	return ok;
}

static bool addr_allowed(const char *list, const char *addr)
{
	if (str_blank(list))
		return true;
	char *copy = xstrdup(list), *save = NULL;
	bool ok = false;
	for (char *tok = strtok_r(copy, ",", &save); tok && !ok; tok = strtok_r(NULL, ",", &save))
		ok = addr_matches(addr, str_trim(tok));
	free(copy);
	return ok;
}

int auth_policy_update(struct store *s, const struct actor *who, json_t *changes,
		       struct zf_err *err)
{
	const char *key;
	json_t *v;
	char bad[64];
	int rc;
	if (!json_is_object(changes) || json_object_size(changes) == 0)
		return zf_err_set(err, ZF_EINVAL, "body", "give the policy keys to change");
	json_object_foreach(changes, key, v)
	{
		if (!strcmp(key, "allow_list")) {
			if (!json_is_string(v))
				return zf_err_set(err, ZF_EINVAL, key, "must be a string");
			if (strlen(json_string_value(v)) >=
			    sizeof((struct auth_policy *)0)->allow_list)
				return zf_err_set(err, ZF_EINVAL, key, "too long");
			if (!valid_allow_list(json_string_value(v), bad, sizeof bad))
				return zf_err_set(err, ZF_EINVAL, key,
						  "'%s' is not an IPv4 address or a.b.c.d/n", bad);
			continue;
		}
		size_t i;
		for (i = 0; i < ARRAY_LEN(policy_keys); i++)
			if (!strcmp(key, policy_keys[i].key))
				break;
		if (i == ARRAY_LEN(policy_keys))
			return zf_err_set(err, ZF_EINVAL, key, "unknown policy key");
		if (!json_is_integer(v) || json_integer_value(v) < policy_keys[i].min ||
		    json_integer_value(v) > policy_keys[i].max)
			return zf_err_set(err, ZF_EINVAL, key,
					  "must be a whole number from %d to %d",
					  policy_keys[i].min, policy_keys[i].max);
	}
	if ((rc = store_begin(s, err)) < 0)
		return rc;
	json_object_foreach(changes, key, v)
	{
		char val[600];
		if (json_is_string(v))
			snprintf(val, sizeof val, "%s", json_string_value(v));
		else
			snprintf(val, sizeof val, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		rc = store_run(s, err, "UPDATE security_policy SET value = ? WHERE key = ?", "tt",
			       val, key);
		if (rc == 0 && store_changes(s) == 0)
			rc = store_run(s, err,
				       "INSERT INTO security_policy(key, value) VALUES (?, ?)",
				       "tt", key, val);
		if (rc < 0)
			break;
	}
	if (rc == 0)
		rc =
		    audit_append(s, who, "update", "security_policy", "policy", "ok", changes, err);
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

/* ---- passwords ---- */

/* True when needle occurs in hay, ASCII case ignored. */
static bool contains_nocase(const char *hay, const char *needle)
{
	size_t n = strlen(needle);
	if (n == 0)
		return false;
	for (; *hay; hay++)
		if (!strncasecmp(hay, needle, n))
			return true;
	return false;
}

int auth_password_check(const struct auth_policy *p, const char *username, const char *pw,
			struct zf_err *err)
{
	int lower = 0, upper = 0, digit = 0, other = 0;
	if (!pw || strlen(pw) < (size_t)p->pw_min_length)
		return zf_err_set(err, ZF_EINVAL, "password",
				  "the password must have at least %d characters",
				  p->pw_min_length);
	if (strlen(pw) > 256)
		return zf_err_set(err, ZF_EINVAL, "password",
				  "the password is too long (256 at most)");
	for (const unsigned char *c = (const unsigned char *)pw; *c; c++) {
		if (islower(*c))
			lower = 1;
		else if (isupper(*c))
			upper = 1;
		else if (isdigit(*c))
			digit = 1;
		else
			other = 1;
	}
	if (lower + upper + digit + other < p->pw_min_classes)
		return zf_err_set(err, ZF_EINVAL, "password",
				  "the password must mix at least %d of: lower-case letters, "
				  "upper-case letters, digits, other characters",
				  p->pw_min_classes);
	if (username && contains_nocase(pw, username))
		return zf_err_set(err, ZF_EINVAL, "password",
				  "the password must not contain the username");
	return 0;
}

int auth_password_hash(const char *pw, char *out, size_t outlen)
{
	if (outlen < crypto_pwhash_STRBYTES || sodium_init() < 0)
		return ZF_EINTERNAL;
	if (crypto_pwhash_str(out, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
			      crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return ZF_EINTERNAL;
	return 0;
}

/* ---- accounts ---- */

static bool valid_username(const char *u)
{
	size_t n = u ? strlen(u) : 0;
	if (n < 2 || n > 64)
		return false;
	for (; *u; u++)
		if (!isalnum((unsigned char)*u) && *u != '_' && *u != '.' && *u != '-')
			return false;
	return true;
}

int auth_user_add(struct store *s, const struct actor *who, const struct auth_user_new *u,
		  struct zf_err *err)
{
	struct auth_policy pol;
	char hash[crypto_pwhash_STRBYTES], at[32];
	int64_t unit_id = 0, person_id = 0;
	unsigned bit = auth_role_bit(u->role);
	int rc;

	if (!valid_username(u->username))
		return zf_err_set(err, ZF_EINVAL, "username",
				  "2 to 64 letters, digits, '_', '.' or '-'");
	if (!bit)
		return zf_err_set(err, ZF_EINVAL, "role",
				  "unknown role '%s' (office, inspector, unit_leader, unit_staff, "
				  "supervisor, viewer, sysadmin, secadmin, auditor)",
				  u->role ? u->role : "");
	if ((bit & ROLES_UNIT_SCOPED) && str_blank(u->unit_code))
		return zf_err_set(err, ZF_EINVAL, "unit", "the role %s needs a unit", u->role);
	if ((bit & ROLES_ADMIN) && !str_blank(u->unit_code))
		return zf_err_set(err, ZF_EINVAL, "unit",
				  "the administrator role %s is bound to no unit", u->role);
	if ((rc = auth_policy_get(s, &pol, err)) < 0)
		return rc;
	if (!u->demo_password &&
	    (rc = auth_password_check(&pol, u->username, u->password, err)) < 0)
		return rc;
	if (!str_blank(u->unit_code) &&
	    store_query_int(s, err, &unit_id, "SELECT id FROM units WHERE code = ? AND active = 1",
			    "t", u->unit_code) < 0)
		return zf_err_set(err, ZF_EINVAL, "unit", "no active unit with code '%s'",
				  u->unit_code);
	if (!str_blank(u->person_code) &&
	    store_query_int(s, err, &person_id, "SELECT id FROM people WHERE code = ?", "t",
			    u->person_code) < 0)
		return zf_err_set(err, ZF_EINVAL, "person", "no person with code '%s'",
				  u->person_code);
	if (auth_password_hash(u->password, hash, sizeof hash) < 0)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "password hashing failed");
	time_format_iso(time_now(), at, sizeof at);

	bool own;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(
	    s, err,
	    "INSERT INTO users(username, display_name, role, unit_id, person_id, pw_hash,"
	    " pw_changed_at, must_change, demo_password, created_at)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
	    "tttIItiiit", u->username, u->display_name ? u->display_name : "", u->role, unit_id,
	    person_id, hash, time_now(), (int64_t)u->must_change, (int64_t)u->demo_password, at);
	if (rc == ZF_ECONFLICT)
		zf_err_set(err, ZF_ECONFLICT, "username", "the username '%s' is taken",
			   u->username);
	if (rc == 0) {
		json_t *ch =
		    json_pack("{s:s,s:s,s:b}", "role", u->role, "unit",
			      u->unit_code ? u->unit_code : "", "must_change", u->must_change);
		rc = audit_append(s, who, "create", "user", u->username, "ok", ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

int auth_user_passwd(struct store *s, const struct actor *who, const char *username,
		     const char *old_pw, const char *new_pw, struct zf_err *err)
{
	struct auth_policy pol;
	char hash[crypto_pwhash_STRBYTES];
	int rc;
	struct stmt *st = store_prepare(s, "SELECT pw_hash FROM users WHERE username = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, username);
	rc = stmt_step(st, err);
	if (rc != STORE_ROW) {
		stmt_reset(st);
		return rc < 0
			   ? rc
			   : zf_err_set(err, ZF_ENOTFOUND, "username", "no account '%s'", username);
	}
	snprintf(hash, sizeof hash, "%s", stmt_text(st, 0));
	stmt_reset(st);
	if (old_pw && crypto_pwhash_str_verify(hash, old_pw, strlen(old_pw)) != 0)
		return zf_err_set(err, ZF_EAUTH, "old_password", "the current password is wrong");
	if (old_pw && !strcmp(old_pw, new_pw))
		return zf_err_set(err, ZF_EINVAL, "new_password",
				  "the new password must differ from the current one");
	if ((rc = auth_policy_get(s, &pol, err)) < 0)
		return rc;
	if ((rc = auth_password_check(&pol, username, new_pw, err)) < 0) {
		snprintf(err->field, sizeof err->field, "new_password");
		return rc;
	}
	if (auth_password_hash(new_pw, hash, sizeof hash) < 0)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "password hashing failed");
	if ((rc = store_begin(s, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "UPDATE users SET pw_hash = ?, pw_changed_at = ?, must_change = ?,"
		       " demo_password = 0, failed_count = 0 WHERE username = ?",
		       "tiit", hash, time_now(), (int64_t)(old_pw ? 0 : 1), username);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s}", "password", old_pw ? "changed" : "reset");
		rc = audit_append(s, who, "update", "user", username, "ok", ch, err);
		json_decref(ch);
	}
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

static int user_update_flag(struct store *s, const struct actor *who, const char *username,
			    const char *sql, int64_t v, json_t *ch, bool end_sessions,
			    struct zf_err *err)
{
	int64_t id;
	int rc =
	    store_query_int(s, err, &id, "SELECT id FROM users WHERE username = ?", "t", username);
	if (rc == ZF_ENOTFOUND)
		rc = zf_err_set(err, ZF_ENOTFOUND, "username", "no account '%s'", username);
	if (rc < 0)
		return rc;
	if ((rc = store_begin(s, err)) < 0)
		return rc;
	rc = store_run(s, err, sql, "ii", v, id);
	if (rc == 0 && end_sessions)
		rc = store_run(s, err, "DELETE FROM sessions WHERE user_id = ?", "i", id);
	if (rc == 0)
		rc = audit_append(s, who, "update", "user", username, "ok", ch, err);
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

int auth_user_set_active(struct store *s, const struct actor *who, const char *username,
			 bool active, struct zf_err *err)
{
	json_t *ch = json_pack("{s:b}", "active", active);
	int rc = user_update_flag(s, who, username, "UPDATE users SET active = ? WHERE id = ?",
				  active, ch, !active, err);
	json_decref(ch);
	return rc;
}

int auth_user_unlock(struct store *s, const struct actor *who, const char *username,
		     struct zf_err *err)
{
	json_t *ch = json_pack("{s:b}", "locked", 0);
	int rc = user_update_flag(
	    s, who, username, "UPDATE users SET locked_until = ?, failed_count = 0 WHERE id = ?", 0,
	    ch, false, err);
	json_decref(ch);
	return rc;
}

int auth_user_list(struct store *s, json_t **out, struct zf_err *err)
{
	static const char *q =
	    "SELECT u.username, u.display_name, u.role, un.code, u.active,"
	    " u.must_change, u.demo_password, u.locked_until, u.created_at"
	    " FROM users u LEFT JOIN units un ON un.id = u.unit_id ORDER BY u.id";
	struct stmt *st = store_prepare(s, q, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	json_t *arr = json_array();
	int64_t now = time_now();
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		json_t *u =
		    json_pack("{s:s,s:s,s:s,s:b,s:b,s:b,s:b,s:s}", "username", stmt_text(st, 0),
			      "display_name", stmt_text(st, 1), "role", stmt_text(st, 2), "active",
			      (int)stmt_int(st, 4), "must_change", (int)stmt_int(st, 5),
			      "demo_password", (int)stmt_int(st, 6), "locked",
			      stmt_int(st, 7) > now, "created_at", stmt_text(st, 8));
		json_object_set_new(
		    u, "unit", stmt_is_null(st, 3) ? json_null() : json_string(stmt_text(st, 3)));
		json_array_append_new(arr, u);
	}
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

bool auth_any_demo_password(struct store *s)
{
	int64_t n = 0;
	store_query_int(s, NULL, &n,
			"SELECT count(*) FROM users WHERE demo_password = 1 AND active = 1", "");
	return n > 0;
}

/* ---- sessions ---- */

static void random_hex(char *out, size_t bytes)
{
	unsigned char r[64];
	randombytes_buf(r, bytes);
	sodium_bin2hex(out, bytes * 2 + 1, r, bytes);
}

static void token_hash(const char *token, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof h);
}

static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];

static void make_dummy_hash(void)
{
	char pw[33];
	random_hex(pw, 16);
	if (auth_password_hash(pw, dummy_hash, sizeof dummy_hash) < 0)
		dummy_hash[0] = '\0';
}

static int login_fail(struct store *s, const char *username, const char *addr, const char *result,
		      int code, struct zf_err *err, const char *msg)
{
	struct zf_err ignore;
	audit_login(s, username, addr, result, &ignore);
	return zf_err_set(err, code, NULL, "%s", msg);
}

int auth_login(struct store *s, const char *username, const char *password, const char *addr,
	       char token_out[65], struct auth_session *out, struct zf_err *err)
{
	static const char *q = "SELECT id, pw_hash, active, locked_until, failed_count"
			       " FROM users WHERE username = ?";
	struct auth_policy pol;
	int64_t now = time_now(), fails = 0, id, locked_until, failed;
	char hash[crypto_pwhash_STRBYTES], token[65], th[65], csrf[65];
	int active, rc;

	if (sodium_init() < 0)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "libsodium failed to initialise");
	if (!username || !*username || strlen(username) > 64 || !password)
		return zf_err_set(err, ZF_EINVAL, "username", "username and password are required");
	if ((rc = auth_policy_get(s, &pol, err)) < 0)
		return rc;
	if (!addr_allowed(pol.allow_list, addr))
		return login_fail(s, username, addr, "denied_address", ZF_EFORBIDDEN, err,
				  "logins from this address are not allowed");
	store_query_int(s, NULL, &fails,
			"SELECT count(*) FROM login_log WHERE addr = ? AND at_epoch > ?"
			" AND result <> 'ok'",
			"ti", addr, now - (int64_t)pol.addr_fail_window_minutes * 60);
	if (fails >= pol.addr_fail_limit)
		return login_fail(s, username, addr, "throttled", ZF_ETHROTTLED, err,
				  "too many failed logins from this address; try again later");

	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, username);
	rc = stmt_step(st, err);
	if (rc != STORE_ROW) {
		stmt_reset(st);
		if (rc < 0)
			return rc;
		/* as slow as a wrong password, so the time taken does not tell who exists */
		pthread_once(&dummy_once, make_dummy_hash);
		if (crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
			abort(); /* a random password matched: impossible */
		return login_fail(s, username, addr, "unknown_user", ZF_EAUTH, err,
				  "wrong username or password");
	}
	id = stmt_int(st, 0);
	snprintf(hash, sizeof hash, "%s", stmt_text(st, 1));
	active = (int)stmt_int(st, 2);
	locked_until = stmt_int(st, 3);
	failed = stmt_int(st, 4);
	stmt_reset(st);

	if (locked_until > now) {
		login_fail(s, username, addr, "locked", ZF_ELOCKED, err, "");
		return zf_err_set(
		    err, ZF_ELOCKED, NULL,
		    "the account is locked after repeated failures; try again in %" PRId64
		    " minutes",
		    (locked_until - now + 59) / 60);
	}
	if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0) {
		failed++;
		int lock = failed >= pol.lock_threshold;
		store_run(s, NULL,
			  "UPDATE users SET failed_count = ?, locked_until = ? WHERE id = ?", "iii",
			  lock ? (int64_t)0 : failed,
			  lock ? now + (int64_t)pol.lock_minutes * 60 : locked_until, id);
		if (lock) {
			login_fail(s, username, addr, "bad_password", ZF_ELOCKED, err, "");
			return zf_err_set(
			    err, ZF_ELOCKED, NULL,
			    "wrong password; the account is now locked for %d minutes",
			    pol.lock_minutes);
		}
		return login_fail(s, username, addr, "bad_password", ZF_EAUTH, err,
				  "wrong username or password");
	}
	if (!active)
		return login_fail(s, username, addr, "inactive", ZF_EFORBIDDEN, err,
				  "the account is deactivated");

	random_hex(token, 32);
	random_hex(csrf, 32);
	token_hash(token, th);
	if ((rc = store_begin(s, err)) < 0)
		return rc;
	rc = store_run(s, err, "UPDATE users SET failed_count = 0 WHERE id = ?", "i", id);
	if (rc == 0)
		rc = store_run(s, err,
			       "INSERT INTO sessions(token_hash, user_id, csrf, addr, created_at,"
			       " last_seen) VALUES (?, ?, ?, ?, ?, ?)",
			       "tittii", th, id, csrf, addr, now, now);
	if (rc == 0)
		rc = audit_login(s, username, addr, "ok", err);
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0) {
		store_rollback(s);
		return rc;
	}
	if ((rc = auth_session_lookup(s, token, out, err)) < 0)
		return rc;
	memcpy(token_out, token, 65);
	sodium_memzero(token, sizeof token);
	return 0;
}

int auth_session_lookup(struct store *s, const char *token, struct auth_session *out,
			struct zf_err *err)
{
	static const char *q =
	    "SELECT se.id, se.csrf, se.last_seen, u.id, u.username, u.role, u.unit_id,"
	    " un.code, u.must_change, u.pw_changed_at, u.demo_password, u.active"
	    " FROM sessions se JOIN users u ON u.id = se.user_id"
	    " LEFT JOIN units un ON un.id = u.unit_id WHERE se.token_hash = ?";
	struct auth_session ss;
	char th[65];
	int64_t now = time_now(), idle = 15, max_age = 90, sid, last_seen;
	int rc;

	if (!token || strlen(token) != 64)
		return zf_err_set(err, ZF_EAUTH, NULL, "login required");
	token_hash(token, th);
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, th);
	rc = stmt_step(st, err);
	if (rc != STORE_ROW) {
		stmt_reset(st);
		return rc < 0 ? rc : zf_err_set(err, ZF_EAUTH, NULL, "login required");
	}
	memset(&ss, 0, sizeof ss);
	sid = stmt_int(st, 0);
	snprintf(ss.csrf, sizeof ss.csrf, "%s", stmt_text(st, 1));
	last_seen = stmt_int(st, 2);
	ss.user_id = stmt_int(st, 3);
	snprintf(ss.username, sizeof ss.username, "%s", stmt_text(st, 4));
	snprintf(ss.role, sizeof ss.role, "%s", stmt_text(st, 5));
	ss.role_bit = auth_role_bit(ss.role);
	ss.unit_id = stmt_int(st, 6);
	snprintf(ss.unit_code, sizeof ss.unit_code, "%s", stmt_text(st, 7));
	ss.must_change = stmt_int(st, 8) != 0;
	int64_t changed = stmt_int(st, 9);
	int demo = (int)stmt_int(st, 10), active = (int)stmt_int(st, 11);
	stmt_reset(st);

	store_query_int(
	    s, NULL, &idle,
	    "SELECT CAST(value AS INTEGER) FROM security_policy WHERE key = 'idle_minutes'", "");
	store_query_int(s, NULL, &max_age,
			"SELECT CAST(value AS INTEGER) FROM security_policy"
			" WHERE key = 'pw_max_age_days'",
			"");
	if (!active || now - last_seen > idle * 60) {
		store_run(s, NULL, "DELETE FROM sessions WHERE id = ?", "i", sid);
		return zf_err_set(err, ZF_EAUTH, NULL,
				  active ? "the session ended after %" PRId64 " idle minutes"
					 : "the account is deactivated",
				  idle);
	}
	if (!demo && max_age > 0 && now - changed > max_age * 86400) {
		ss.pw_expired = true;
		ss.must_change = true;
	}
	/* the idle clock needs no finer grain than a few seconds; spare the writes */
	if (now - last_seen >= 5)
		store_run(s, NULL, "UPDATE sessions SET last_seen = ? WHERE id = ?", "ii", now,
			  sid);
	*out = ss;
	return 0;
}

int auth_logout(struct store *s, const char *token, struct zf_err *err)
{
	char th[65];
	if (!token || strlen(token) != 64)
		return 0;
	token_hash(token, th);
	return store_run(s, err, "DELETE FROM sessions WHERE token_hash = ?", "t", th);
}

void auth_actor_from_session(const struct auth_session *ss, const char *addr, struct actor *a)
{
	char keep[64];
	snprintf(keep, sizeof keep, "%s", addr ? addr : "");
	memset(a, 0, sizeof *a);
	a->user_id = ss->user_id;
	snprintf(a->username, sizeof a->username, "%s", ss->username);
	snprintf(a->role, sizeof a->role, "%s", ss->role);
	a->unit_id = ss->unit_id;
	snprintf(a->addr, sizeof a->addr, "%s", keep);
}

void auth_actor_cli(struct actor *a)
{
	const char *login = getenv("SUDO_USER");
	struct passwd *pw;
	memset(a, 0, sizeof *a);
	if (!login || !*login) {
		pw = getpwuid(getuid());
		login = pw ? pw->pw_name : "unknown";
	}
	snprintf(a->username, sizeof a->username, "cli:%s", login);
	snprintf(a->addr, sizeof a->addr, "local");
}
