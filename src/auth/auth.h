/* auth.h: accounts, roles, passwords, sessions and the security policy (等保2.0).
 * Business roles work with the district's data; the three administrators (三员分立) each
 * hold one administrative power and see no business data. An account holds exactly one role. */
#ifndef ZF_AUTH_AUTH_H
#define ZF_AUTH_AUTH_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/err.h"
#include "store/store.h"

enum role_bit {
	ROLE_OFFICE = 1 << 0,	   /* 作风办: runs the mechanism */
	ROLE_INSPECTOR = 1 << 1,   /* 纪委: inspections, cases, sanctions */
	ROLE_UNIT_LEADER = 1 << 2, /* a unit's leader (unit-scoped) */
	ROLE_UNIT_STAFF = 1 << 3,  /* a unit's staff (unit-scoped) */
	ROLE_SUPERVISOR = 1 << 4,  /* 群众监督员 at a service station */
	ROLE_VIEWER = 1 << 5,	   /* read-only business view */
	ROLE_SYSADMIN = 1 << 6,	   /* 系统管理员: accounts and configuration */
	ROLE_SECADMIN = 1 << 7,	   /* 安全管理员: security policy */
	ROLE_AUDITOR = 1 << 8,	   /* 审计管理员: reads the audit and login logs */
};

#define ROLES_BUSINESS                                                                             \
	(ROLE_OFFICE | ROLE_INSPECTOR | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF | ROLE_SUPERVISOR |     \
	 ROLE_VIEWER)
#define ROLES_ADMIN	  (ROLE_SYSADMIN | ROLE_SECADMIN | ROLE_AUDITOR)
#define ROLES_ALL	  (ROLES_BUSINESS | ROLES_ADMIN)
#define ROLES_UNIT_SCOPED (ROLE_UNIT_LEADER | ROLE_UNIT_STAFF | ROLE_SUPERVISOR)

/* The bit of a role name, or 0 when the name is not a role. */
unsigned auth_role_bit(const char *name);
/* The name of a single role bit, or "". */
const char *auth_role_name(unsigned bit);

struct auth_policy {
	int pw_min_length;   /* default 8 */
	int pw_min_classes;  /* of lower, upper, digit, other; default 3 */
	int pw_max_age_days; /* default 90; 0 = never expires */
	int lock_threshold;  /* failures before the lock; default 5 */
	int lock_minutes;    /* default 15 */
	int idle_minutes;    /* session idle logout; default 15 */
	int addr_fail_limit; /* failed logins per address per window; default 20 */
	int addr_fail_window_minutes;
	char allow_list[512]; /* comma-separated addresses or a.b.c.d/n; "" = any */
};

/* Reads the policy. Returns 0 or ZF_EIO. */
int auth_policy_get(struct store *s, struct auth_policy *out, struct zf_err *err);
/* Changes the keys present in the JSON object (secadmin), validating each; audited.
 * Returns 0, ZF_EINVAL naming the field. */
int auth_policy_update(struct store *s, const struct actor *who, json_t *changes,
		       struct zf_err *err);
/* The policy as JSON (caller decrefs). */
json_t *auth_policy_json(const struct auth_policy *p);

/* Checks a new password against the policy: length and character classes, and not the
 * username. Returns 0 or ZF_EINVAL (field "password") saying what is missing. */
int auth_password_check(const struct auth_policy *p, const char *username, const char *pw,
			struct zf_err *err);

/* Hashes with argon2id into out (crypto_pwhash_STRBYTES). Returns 0 or ZF_EINTERNAL. */
int auth_password_hash(const char *pw, char *out, size_t outlen);

struct auth_user_new {
	const char *username;	  /* 2-64 of [A-Za-z0-9_.-] */
	const char *display_name; /* may be NULL */
	const char *role;	  /* a role name */
	const char *unit_code;	  /* required for unit-scoped roles, refused for the admins */
	const char *person_code;  /* optional: the cadre the account belongs to */
	const char *password;
	bool must_change;   /* true for every new account but the demo's */
	bool demo_password; /* the password is the published demo one */
};

/* Creates an account (sysadmin, or the command line). Runs in a transaction of its own, or
 * joins the caller's (then the caller rolls back on failure). Returns 0, ZF_EINVAL naming
 * the field, ZF_ECONFLICT for a taken username. Audited. */
int auth_user_add(struct store *s, const struct actor *who, const struct auth_user_new *u,
		  struct zf_err *err);

/* Sets a password. With old_pw non-NULL it must match (the user's own change); with NULL it
 * is an administrator's reset, which makes the account change it at next login. Clears the
 * demo flag. Returns 0, ZF_ENOTFOUND, ZF_EAUTH (old password wrong), ZF_EINVAL (policy). */
int auth_user_passwd(struct store *s, const struct actor *who, const char *username,
		     const char *old_pw, const char *new_pw, struct zf_err *err);

/* Deactivates or reactivates an account and ends its sessions. Audited. */
int auth_user_set_active(struct store *s, const struct actor *who, const char *username,
			 bool active, struct zf_err *err);

/* Unlocks a locked account (secadmin). Audited. */
int auth_user_unlock(struct store *s, const struct actor *who, const char *username,
		     struct zf_err *err);

/* Lists accounts as JSON (no hashes). Caller decrefs *out. */
int auth_user_list(struct store *s, json_t **out, struct zf_err *err);

/* True when any active account still has the published demo password. */
bool auth_any_demo_password(struct store *s);

struct auth_session {
	int64_t user_id;
	char username[64];
	char role[24];
	unsigned role_bit;
	int64_t unit_id;
	char unit_code[32];
	char csrf[65];	  /* hex, 256 bits */
	bool must_change; /* first login or expired password: only the change is allowed */
	bool pw_expired;
};

/* Checks credentials and opens a session. token_out (65 bytes) receives the session token
 * for the cookie; only its hash is stored. Every attempt goes to the login log.
 * Returns 0; ZF_EAUTH (unknown user or wrong password: one message for both);
 * ZF_ELOCKED (account locked, with the minutes left); ZF_ETHROTTLED (too many failures
 * from this address); ZF_EFORBIDDEN (inactive account or address not allowed). */
int auth_login(struct store *s, const char *username, const char *password, const char *addr,
	       char token_out[65], struct auth_session *out, struct zf_err *err);

/* Finds the live session of token and refreshes its idle clock. Returns 0, or ZF_EAUTH
 * when the token is unknown, idle past the policy or the account is inactive. */
int auth_session_lookup(struct store *s, const char *token, struct auth_session *out,
			struct zf_err *err);

/* Ends the session of token. Returns 0 (also when it was already gone). */
int auth_logout(struct store *s, const char *token, struct zf_err *err);

/* Fills an actor from a session and address. */
void auth_actor_from_session(const struct auth_session *ss, const char *addr, struct actor *a);

/* The actor for command-line use: username "cli:<login name>", address "local". */
void auth_actor_cli(struct actor *a);

#endif
