/* audit.c: the SM3 hash-chained audit log and the login log. */
#include "audit/audit.h"
#include "base/buf.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <assert.h>
#include <inttypes.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void audit_sm3_hex(const void *data, size_t len, char out[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0;
	static const char hex[] = "0123456789abcdef";
	if (!EVP_Digest(data, len, md, &mdlen, EVP_sm3(), NULL) || mdlen != 32)
		abort(); /* SM3 is part of OpenSSL 3; its absence is a broken installation */
	for (unsigned i = 0; i < 32; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[64] = '\0';
}

/* Each field is written as <length>:<bytes>| so that no two different entries share a text. */
static void put_field(struct buf *b, const char *s)
{
	buf_printf(b, "%zu:", strlen(s));
	buf_puts(b, s);
	buf_putc(b, '|');
}

static void entry_hash(int64_t id, const char *at, const char *actor, const char *addr,
		       const char *action, const char *entity, const char *entity_id,
		       const char *result, const char *changes, const char *prev, char out[65])
{
	struct buf b = BUF_INIT;
	char idtxt[32];
	snprintf(idtxt, sizeof idtxt, "%" PRId64, id);
	put_field(&b, prev);
	put_field(&b, idtxt);
	put_field(&b, at);
	put_field(&b, actor);
	put_field(&b, addr);
	put_field(&b, action);
	put_field(&b, entity);
	put_field(&b, entity_id);
	put_field(&b, result);
	put_field(&b, changes);
	audit_sm3_hex(b.p, b.len, out);
	buf_cleanup(&b);
}

int audit_append(struct store *s, const struct actor *who, const char *action, const char *entity,
		 const char *entity_id, const char *result, json_t *changes, struct zf_err *err)
{
	static const char *q_head = "SELECT last_id, last_hash FROM audit_head WHERE id = 1";
	char at[32], hash[65], prev[65] = "";
	int64_t last_id = 0;
	int rc;

	assert(store_in_tx(s));
	struct stmt *st = store_prepare(s, q_head, err);
	if (!st)
		return ZF_EINTERNAL;
	rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		last_id = stmt_int(st, 0);
		strlcpy_ok(prev, stmt_text(st, 1), sizeof prev);
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;

	char *ch = changes ? json_dumps(changes, JSON_COMPACT | JSON_SORT_KEYS) : xstrdup("{}");
	const char *actor = who && who->username[0] ? who->username : "system";
	const char *addr = who && who->addr[0] ? who->addr : "local";
	int64_t id = last_id + 1;
	time_format_iso(time_now(), at, sizeof at);
	entry_hash(id, at, actor, addr, action, entity, entity_id, result, ch, prev, hash);
	rc = store_run(s, err,
		       "INSERT INTO audit_log(id, at, actor, addr, action, entity, entity_id,"
		       " result, changes, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
		       "ittttttttt"
		       "t",
		       id, at, actor, addr, action, entity, entity_id, result, ch, prev, hash);
	free(ch);
	if (rc == 0)
		rc = store_run(s, err,
			       "UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1",
			       "it", id, hash);
	return rc;
}

int audit_record(struct store *s, const struct actor *who, const char *action, const char *entity,
		 const char *entity_id, const char *result, json_t *changes, struct zf_err *err)
{
	int rc = store_begin(s, err);
	if (rc < 0)
		return rc;
	rc = audit_append(s, who, action, entity, entity_id, result, changes, err);
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

static int bad(struct audit_verify_result *res, struct zf_err *err, int64_t id, const char *why)
{
	res->bad_id = id;
	snprintf(res->reason, sizeof res->reason, "%s", why);
	return zf_err_set(err, ZF_ECONFLICT, NULL, "audit entry %" PRId64 ": %s", id, why);
}

int audit_verify(struct store *s, struct audit_verify_result *res, struct zf_err *err)
{
	static const char *q = "SELECT id, at, actor, addr, action, entity, entity_id, result,"
			       " changes, prev_hash, hash FROM audit_log ORDER BY id";
	char prev[65] = "", calc[65];
	int64_t expect_id = 1, head_id = 0;
	char head_hash[65] = "";
	int rc;

	memset(res, 0, sizeof *res);
	struct stmt *h =
	    store_prepare(s, "SELECT last_id, last_hash FROM audit_head WHERE id = 1", err);
	if (!h)
		return ZF_EINTERNAL;
	if ((rc = stmt_step(h, err)) == STORE_ROW) {
		head_id = stmt_int(h, 0);
		strlcpy_ok(head_hash, stmt_text(h, 1), sizeof head_hash);
	}
	stmt_reset(h);
	if (rc < 0)
		return rc;

	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		int64_t id = stmt_int(st, 0);
		const char *why = NULL;
		if (id != expect_id)
			why = id > expect_id ? "entries before it were removed"
					     : "entries are out of order";
		else if (strcmp(stmt_text(st, 9), prev))
			why = "its link to the previous entry is broken (an entry was removed, "
			      "reordered or altered)";
		if (!why) {
			entry_hash(id, stmt_text(st, 1), stmt_text(st, 2), stmt_text(st, 3),
				   stmt_text(st, 4), stmt_text(st, 5), stmt_text(st, 6),
				   stmt_text(st, 7), stmt_text(st, 8), prev, calc);
			if (strcmp(calc, stmt_text(st, 10)))
				why = "its content does not match its hash (altered)";
		}
		if (why) {
			stmt_reset(st);
			return bad(res, err, id, why);
		}
		strlcpy_ok(prev, stmt_text(st, 10), sizeof prev);
		res->entries++;
		expect_id = id + 1;
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (head_id != expect_id - 1 || strcmp(head_hash, prev))
		return bad(res, err, expect_id - 1 < head_id ? expect_id : head_id,
			   "the chain ends before the recorded head (entries were removed from "
			   "the end) or the head was altered");
	return 0;
}

int audit_list(struct store *s, int64_t after, bool newest_first, int limit, const char *entity,
	       json_t **out, struct zf_err *err)
{
	static const char *q_old = "SELECT id, at, actor, addr, action, entity, entity_id, result,"
				   " changes, hash FROM audit_log WHERE id > ? AND (? = '' OR"
				   " entity = ?) ORDER BY id LIMIT ?";
	static const char *q_new = "SELECT id, at, actor, addr, action, entity, entity_id, result,"
				   " changes, hash FROM audit_log WHERE (? = 0 OR id < ?) AND"
				   " (? = '' OR entity = ?) ORDER BY id DESC LIMIT ?";
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	struct stmt *st = store_prepare(s, newest_first ? q_new : q_old, err);
	int rc, k = 1;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, k++, after);
	if (newest_first)
		stmt_bind_int(st, k++, after);
	stmt_bind_text(st, k++, entity ? entity : "");
	stmt_bind_text(st, k++, entity ? entity : "");
	stmt_bind_int(st, k, limit);
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		json_t *ch = json_loads(stmt_text(st, 8), 0, NULL);
		json_array_append_new(
		    arr, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:s}", "id",
				   (json_int_t)stmt_int(st, 0), "at", stmt_text(st, 1), "actor",
				   stmt_text(st, 2), "addr", stmt_text(st, 3), "action",
				   stmt_text(st, 4), "entity", stmt_text(st, 5), "entity_id",
				   stmt_text(st, 6), "result", stmt_text(st, 7), "changes",
				   ch ? ch : json_object(), "hash", stmt_text(st, 9)));
	}
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int audit_login(struct store *s, const char *username, const char *addr, const char *result,
		struct zf_err *err)
{
	char at[32];
	int64_t now = time_now();
	time_format_iso(now, at, sizeof at);
	return store_run(s, err,
			 "INSERT INTO login_log(at, at_epoch, username, addr, result)"
			 " VALUES (?, ?, ?, ?, ?)",
			 "titt"
			 "t",
			 at, now, username, addr, result);
}

int audit_login_list(struct store *s, int64_t after, int limit, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT id, at, username, addr, result FROM login_log"
			       " WHERE id > ? ORDER BY id LIMIT ?";
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	struct stmt *st = store_prepare(s, q, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_int(st, 2, limit);
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(
		    arr, json_pack("{s:I,s:s,s:s,s:s,s:s}", "id", (json_int_t)stmt_int(st, 0), "at",
				   stmt_text(st, 1), "username", stmt_text(st, 2), "addr",
				   stmt_text(st, 3), "result", stmt_text(st, 4)));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}
