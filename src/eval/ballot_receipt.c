/* ballot_receipt.c: receipts: the published list of receipt hashes of a round, and whether
 * a receipt code is among them. A receipt proves that a ballot was counted without saying
 * which ballot, whose, or what it holds: only its hash, round and day are stored. */
#include "eval/ballot.h"

#include <sodium.h>
#include <string.h>

static int round_id_of(struct store *s, const char *round, int64_t *id, struct zf_err *err)
{
	int rc = store_query_int(s, err, id, "SELECT id FROM rounds WHERE code = ?", "t", round);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, "round", "no round '%s'", round);
	return rc;
}

int ballot_receipts_list(struct store *s, const char *round, const char *after, int limit,
			 json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT hash FROM receipts WHERE round_id = ? AND hash > ?"
			       " ORDER BY hash LIMIT ?";
	unsigned char from[BALLOT_HASH_BYTES];
	size_t from_len = 0;
	int64_t id;
	int rc;
	if (after && *after &&
	    (strlen(after) != 2 * BALLOT_HASH_BYTES ||
	     sodium_hex2bin(from, sizeof from, after, strlen(after), NULL, &from_len, NULL) != 0 ||
	     from_len != sizeof from))
		return zf_err_set(err, ZF_EINVAL, "after", "after must be a receipt hash (64 hex)");
	if ((rc = round_id_of(s, round, &id, err)) < 0)
		return rc;
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	stmt_bind_blob(st, 2, from, from_len);
	stmt_bind_int(st, 3, limit);
	json_t *arr = json_array();
	char hex[2 * BALLOT_HASH_BYTES + 1] = "";
	int n = 0;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		size_t len;
		const void *p = stmt_blob(st, 0, &len);
		if (len != BALLOT_HASH_BYTES)
			continue;
		sodium_bin2hex(hex, sizeof hex, p, len);
		json_array_append_new(arr, json_string(hex));
		n++;
	}
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = json_pack("{s:s,s:o,s:o}", "round", round, "receipts", arr, "next_after",
			 n == limit && n > 0 ? json_string(hex) : json_null());
	return 0;
}

int ballot_receipt_check(struct store *s, const char *round, const char *code, bool *counted,
			 struct zf_err *err)
{
	char canon[BALLOT_RECEIPT_CHARS + 1];
	unsigned char h[BALLOT_HASH_BYTES];
	int64_t id, n = 0;
	int rc = round_id_of(s, round, &id, err);
	if (rc < 0)
		return rc;
	if (ballot_code_normalize(code, BALLOT_RECEIPT_CHARS, canon) < 0) {
		*counted = false;
		return 0;
	}
	ballot_code_hash(canon, h);
	struct stmt *st =
	    store_prepare(s, "SELECT count(*) FROM receipts WHERE round_id = ? AND hash = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	stmt_bind_blob(st, 2, h, sizeof h);
	rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		n = stmt_int(st, 0);
	stmt_reset(st);
	if (rc < 0)
		return rc;
	*counted = n > 0;
	return 0;
}
