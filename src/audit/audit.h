/* audit.h: the tamper-evident audit log (X1). Every write that changes a record appends an
 * entry in the same transaction; entries are chained with SM3 over the previous hash and the
 * entry, so altering, removing or reordering any entry breaks the chain. */
#ifndef ZF_AUDIT_AUDIT_H
#define ZF_AUDIT_AUDIT_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/err.h"
#include "store/store.h"

/* Appends one entry. Must run inside the caller's transaction (store_begin).
 *   who       the actor (username and address are recorded)
 *   action    "create", "update", "deactivate", "import", "login", ...
 *   entity    the table or kind ("unit", "person", "user", ...)
 *   entity_id the record's code or id as text
 *   result    "ok", or "denied" / "failed" for refused attempts worth recording
 *   changes   the changed fields as a JSON object (borrowed; NULL means {})
 * Returns 0, or ZF_EIO / ZF_EINTERNAL with err; the caller then rolls back. */
int audit_append(struct store *s, const struct actor *who, const char *action, const char *entity,
		 const char *entity_id, const char *result, json_t *changes, struct zf_err *err);

/* Like audit_append, in a transaction of its own (for refused attempts, which write nothing
 * else). Must not be called inside a transaction. */
int audit_record(struct store *s, const struct actor *who, const char *action, const char *entity,
		 const char *entity_id, const char *result, json_t *changes, struct zf_err *err);

struct audit_verify_result {
	int64_t entries;  /* entries checked */
	int64_t bad_id;	  /* the first entry that does not verify, or 0 */
	char reason[256]; /* why it does not */
};

/* Walks the whole chain. Returns 0 when intact; ZF_ECONFLICT with *res naming the first bad
 * entry (and err->msg saying why) when any entry was altered, removed or reordered; ZF_EIO
 * when the log cannot be read. */
int audit_verify(struct store *s, struct audit_verify_result *res, struct zf_err *err);

/* Lists at most limit (1..1000) entries, optionally only of entity (NULL for all): oldest
 * first from id > after, or with newest_first the newest first from id < after (after 0:
 * from the newest entry). Returns a new JSON array in *out (caller decrefs). */
int audit_list(struct store *s, int64_t after, bool newest_first, int limit, const char *entity,
	       json_t **out, struct zf_err *err);

/* Appends a login attempt to the login log: who tried, from where, and how it ended. */
int audit_login(struct store *s, const char *username, const char *addr, const char *result,
		struct zf_err *err);

/* Lists login-log entries with id > after, at most limit. New JSON array in *out. */
int audit_login_list(struct store *s, int64_t after, int limit, json_t **out, struct zf_err *err);

/* Hex SM3 digest of data into out (65 bytes). Exposed for tests. */
void audit_sm3_hex(const void *data, size_t len, char out[65]);

#endif
