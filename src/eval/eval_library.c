/* eval_library.c: the indicator library (V1): the five common and twelve category-specific
 * indicators a round picks from, each with what evaluators judge under it; the office adds
 * and changes them (audited). */
#include "eval/eval_more.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

#define LIB_CODE_MAX 32	 /* bytes */
#define LIB_NAME_MAX 32	 /* code points */
#define LIB_DESC_MAX 500 /* code points */

static const char *kind_zh(const char *kind)
{
	return !strcmp(kind, "common") ? "共性指标" : "个性指标";
}

static json_t *row_json(struct stmt *st)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:b}", "code", stmt_text(st, 0), "name",
			 stmt_text(st, 1), "kind", stmt_text(st, 2), "kind_zh",
			 kind_zh(stmt_text(st, 2)), "description", stmt_text(st, 3), "active",
			 stmt_int(st, 4) != 0);
}

int eval_library_list(struct store *s, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT code, name, kind, description, active FROM indicators"
			       " ORDER BY CASE kind WHEN 'common' THEN 0 ELSE 1 END, id";
	struct stmt *st = store_prepare(s, q, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, row_json(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

int eval_library_get(struct store *s, const char *code, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT code, name, kind, description, active FROM indicators"
			       " WHERE code = ?";
	struct stmt *st = store_prepare(s, q, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		*out = row_json(st);
	stmt_reset(st);
	if (rc == STORE_DONE)
		return zf_err_set(err, ZF_ENOTFOUND, "code", "no indicator '%s'", code);
	return rc < 0 ? rc : 0;
}

static bool code_valid(const char *c)
{
	size_t n = strlen(c);
	if (n == 0 || n > LIB_CODE_MAX || c[0] < 'a' || c[0] > 'z')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789_", c[i]))
			return false;
	return true;
}

/* A required text of 1..max code points, valid UTF-8. */
static int text_check(const char *field, const char *v, size_t max, struct zf_err *err)
{
	if (str_blank(v))
		return zf_err_set(err, ZF_EINVAL, field, "%s is required", field);
	if (!utf8_valid(v, strlen(v)) || utf8_len(v) > max)
		return zf_err_set(err, ZF_EINVAL, field,
				  "%s must be UTF-8 text of at most %zu "
				  "characters",
				  field, max);
	return 0;
}

static int kind_check(const char *kind, struct zf_err *err)
{
	if (!kind || (strcmp(kind, "common") && strcmp(kind, "specific")))
		return zf_err_set(err, ZF_EINVAL, "kind", "kind must be common or specific");
	return 0;
}

int eval_library_create(struct store *s, const struct actor *who, const struct eval_libind *in,
			struct zf_err *err)
{
	char now[32];
	int rc;
	if (!in->code || !code_valid(in->code))
		return zf_err_set(err, ZF_EINVAL, "code",
				  "code must be 1-%d of a-z, 0-9 and _, starting with a letter",
				  LIB_CODE_MAX);
	if ((rc = text_check("name", in->name, LIB_NAME_MAX, err)) < 0 ||
	    (rc = kind_check(in->kind, err)) < 0 ||
	    (rc = text_check("description", in->description, LIB_DESC_MAX, err)) < 0)
		return rc;
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_begin(s, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO indicators(code, name, kind, description, active, created_at,"
		       " updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)",
		       "tttttt", in->code, in->name, in->kind, in->description, now, now);
	if (rc == ZF_ECONFLICT)
		zf_err_set(err, ZF_ECONFLICT, "code", "an indicator with code '%s' exists already",
			   in->code);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s,s:s}", "name", in->name, "kind", in->kind,
				       "description", in->description);
		rc = audit_append(s, who, "create", "indicator", in->code, "ok", ch, err);
		json_decref(ch);
	}
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

/* Records field's change from old to new in ch when they differ; true when they do. */
static bool changed(json_t *ch, const char *field, json_t *old, json_t *new_)
{
	if (json_equal(old, new_)) {
		json_decref(new_);
		return false;
	}
	json_object_set_new(ch, field, json_pack("{s:O,s:o}", "from", old, "to", new_));
	return true;
}

int eval_library_update(struct store *s, const struct actor *who, const char *code,
			const struct eval_libind *in, struct zf_err *err)
{
	json_t *cur = NULL;
	char now[32];
	int rc;
	if (in->code && strcmp(in->code, code))
		return zf_err_set(err, ZF_EINVAL, "code", "the code of an indicator cannot change");
	if ((in->name && (rc = text_check("name", in->name, LIB_NAME_MAX, err)) < 0) ||
	    (in->kind && (rc = kind_check(in->kind, err)) < 0) ||
	    (in->description &&
	     (rc = text_check("description", in->description, LIB_DESC_MAX, err)) < 0))
		return rc;
	if (in->active < -1 || in->active > 1)
		return zf_err_set(err, ZF_EINVAL, "active", "active must be true or false");
	if ((rc = store_begin(s, err)) < 0)
		return rc;
	if ((rc = eval_library_get(s, code, &cur, err)) < 0) {
		store_rollback(s);
		return rc;
	}
	json_t *ch = json_object();
	bool any = false;
	if (in->name)
		any |= changed(ch, "name", json_object_get(cur, "name"), json_string(in->name));
	if (in->kind)
		any |= changed(ch, "kind", json_object_get(cur, "kind"), json_string(in->kind));
	if (in->description)
		any |= changed(ch, "description", json_object_get(cur, "description"),
			       json_string(in->description));
	if (in->active >= 0)
		any |=
		    changed(ch, "active", json_object_get(cur, "active"), json_boolean(in->active));
	time_format_iso(time_now(), now, sizeof now);
	if (any)
		rc = store_run(
		    s, err,
		    "UPDATE indicators SET name = ?, kind = ?, description = ?,"
		    " active = ?, updated_at = ? WHERE code = ?",
		    "tttitt", in->name ? in->name : json_string_value(json_object_get(cur, "name")),
		    in->kind ? in->kind : json_string_value(json_object_get(cur, "kind")),
		    in->description ? in->description
				    : json_string_value(json_object_get(cur, "description")),
		    (int64_t)(in->active >= 0 ? in->active
					      : json_is_true(json_object_get(cur, "active"))),
		    now, code);
	if (rc == 0 && any)
		rc = audit_append(s, who, "update", "indicator", code, "ok", ch, err);
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	json_decref(ch);
	json_decref(cur);
	return rc;
}
