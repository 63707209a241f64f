/* eval_entry.c: a round's inputs entered one at a time over the API, beside the CSV imports
 * of eval_import.c: process scores by the office (V2), self and efficiency scores by a
 * unit's leader and confirmed by the office (V5), and adjustments by hand with a reason
 * (V6). Each write is one transaction with its audit entry. */
#include "eval/eval_more.h"
#include "audit/audit.h"
#include "base/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define PERIOD_MAX 40  /* code points, as the import allows */
#define REASON_MAX 500 /* code points, as the import allows */

int eval_unit_in_round(struct store *s, const struct eval_round *r, const char *unit, int64_t *id,
		       int *cat, struct zf_err *err)
{
	static const char *q = "SELECT u.id, u.active, k.code FROM units u"
			       " LEFT JOIN categories k ON k.id = u.category_id WHERE u.code = ?";
	struct stmt *st;
	int rc;
	if (str_blank(unit))
		return zf_err_set(err, ZF_EINVAL, "unit", "unit is required");
	if (!(st = store_prepare(s, q, err)))
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, unit);
	rc = stmt_step(st, err);
	if (rc != STORE_ROW) {
		stmt_reset(st);
		return rc < 0 ? rc : zf_err_set(err, ZF_EINVAL, "unit", "no unit '%s'", unit);
	}
	int64_t uid = stmt_int(st, 0);
	bool active = stmt_int(st, 1) != 0;
	int k = eval_config_catlist(&r->cfg, stmt_text(st, 2));
	char category[64];
	snprintf(category, sizeof category, "%s", stmt_text(st, 2));
	stmt_reset(st);
	if (!active)
		return zf_err_set(err, ZF_EINVAL, "unit", "unit '%s' is inactive", unit);
	if (k < 0)
		return zf_err_set(err, ZF_EINVAL, "unit",
				  "round '%s' has no indicator list for category '%s' of unit '%s'",
				  r->cfg.code, category, unit);
	*id = uid;
	if (cat)
		*cat = k;
	return 0;
}

/* Loads round code into r and checks that it accepts inputs and that unit may be entered
 * in it. On success the caller cleans r up; on failure r is cleaned already. */
static int round_and_unit(struct store *s, const char *code, const char *unit, struct eval_round *r,
			  int64_t *unit_id, struct zf_err *err)
{
	int rc = eval_round_get(s, code, r, err);
	if (rc < 0)
		return rc;
	if ((rc = eval_round_accepts_input(r, err)) < 0 ||
	    (rc = eval_unit_in_round(s, r, unit, unit_id, NULL, err)) < 0)
		eval_round_cleanup(r);
	return rc;
}

static int score_check(const char *field, double v, struct zf_err *err)
{
	if (!isfinite(v) || v < 0 || v > 100)
		return zf_err_set(err, ZF_EINVAL, field, "%s must be a number from 0 to 100",
				  field);
	return 0;
}

/* The English period type of an English or Chinese name, or NULL. */
static const char *period_type_of(const char *t)
{
	static const char *names[][2] = {
	    {"daily", "日常"}, {"monthly", "月度"}, {"quarterly", "季度"}, {"annual", "年度"}};
	for (size_t i = 0; t && i < ARRAY_LEN(names); i++)
		if (!strcmp(t, names[i][0]) || !strcmp(t, names[i][1]))
			return names[i][0];
	return NULL;
}

/* Commits, or rolls back when rc < 0; returns the outcome. */
static int finish(struct store *s, int rc, struct zf_err *err)
{
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

/* ---- process scores ---- */

int eval_process_put(struct store *s, const struct actor *who, const char *round, const char *unit,
		     const char *period_type, const char *period, double score, bool *created,
		     struct zf_err *err)
{
	struct eval_round r;
	int64_t uid, row = 0;
	double old = 0;
	char eid[256];
	int rc;
	const char *type = period_type_of(period_type);
	if (!type)
		return zf_err_set(err, ZF_EINVAL, "period_type",
				  "period_type must be daily, monthly, quarterly or annual "
				  "(日常, 月度, 季度, 年度)");
	if (str_blank(period) || !utf8_valid(period, strlen(period)) ||
	    utf8_len(period) > PERIOD_MAX)
		return zf_err_set(err, ZF_EINVAL, "period",
				  "period is required: text of at most %d characters (2026-01)",
				  PERIOD_MAX);
	if ((rc = score_check("score", score, err)) < 0)
		return rc;
	if ((rc = round_and_unit(s, round, unit, &r, &uid, err)) < 0)
		return rc;
	if ((rc = store_begin(s, err)) < 0)
		goto cleanup;
	struct stmt *st = store_prepare(s,
					"SELECT id, score FROM process_scores WHERE round_id = ?"
					" AND unit_id = ? AND period_type = ? AND period = ?",
					err);
	if (!st) {
		rc = ZF_EINTERNAL;
		store_rollback(s);
		goto cleanup;
	}
	stmt_bind_int(st, 1, r.id);
	stmt_bind_int(st, 2, uid);
	stmt_bind_text(st, 3, type);
	stmt_bind_text(st, 4, period);
	if ((rc = stmt_step(st, err)) == STORE_ROW) {
		row = stmt_int(st, 0);
		old = stmt_double(st, 1);
	}
	stmt_reset(st);
	if (rc < 0) {
		store_rollback(s);
		goto cleanup;
	}
	rc = 0;
	if (row && old == score) { /* nothing changes: nothing to write or audit */
		store_rollback(s);
		goto done;
	}
	if (row)
		rc = store_run(s, err, "UPDATE process_scores SET score = ? WHERE id = ?", "di",
			       score, row);
	else
		rc = store_run(s, err,
			       "INSERT INTO process_scores(round_id, unit_id, period_type, period,"
			       " score) VALUES (?, ?, ?, ?, ?)",
			       "iittd", r.id, uid, type, period, score);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s,s:s,s:s}", "round", round, "unit", unit,
				       "period_type", type, "period", period);
		json_object_set_new(ch, "score",
				    row ? json_pack("{s:f,s:f}", "from", old, "to", score)
					: json_real(score));
		snprintf(eid, sizeof eid, "%s:%s:%s:%s", round, unit, type, period);
		rc = audit_append(s, who, row ? "update" : "create", "process_score", eid, "ok", ch,
				  err);
		json_decref(ch);
	}
	if ((rc = finish(s, rc, err)) < 0)
		goto cleanup;
done:
	if (created)
		*created = row == 0;
cleanup:
	eval_round_cleanup(&r);
	return rc;
}

/* Runs a list query whose parameters are (round id, unit code or "", the same again)
 * and turns each row into JSON with row_fn. */
static int list_rows(struct store *s, const char *round, const char *unit, const char *q,
		     json_t *(*row_fn)(struct stmt *st), json_t **out, struct zf_err *err)
{
	int64_t rid;
	int rc = store_query_int(s, err, &rid, "SELECT id FROM rounds WHERE code = ?", "t", round);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, ZF_ENOTFOUND, "round", "no round '%s'", round);
	if (rc < 0)
		return rc;
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, rid);
	stmt_bind_text(st, 2, str_blank(unit) ? "" : unit);
	stmt_bind_text(st, 3, str_blank(unit) ? "" : unit);
	json_t *arr = json_array();
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		json_array_append_new(arr, row_fn(st));
	stmt_reset(st);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}

static json_t *process_row(struct stmt *st)
{
	return json_pack("{s:s,s:s,s:s,s:s,s:f}", "unit", stmt_text(st, 0), "name",
			 stmt_text(st, 1), "period_type", stmt_text(st, 2), "period",
			 stmt_text(st, 3), "score", stmt_double(st, 4));
}

int eval_process_list(struct store *s, const char *round, const char *unit, json_t **out,
		      struct zf_err *err)
{
	static const char *q =
	    "SELECT u.code, u.name, p.period_type, p.period, p.score FROM process_scores p"
	    " JOIN units u ON u.id = p.unit_id WHERE p.round_id = ? AND (? = '' OR u.code = ?)"
	    " ORDER BY u.code, CASE p.period_type WHEN 'daily' THEN 0 WHEN 'monthly' THEN 1"
	    " WHEN 'quarterly' THEN 2 ELSE 3 END, p.period";
	return list_rows(s, round, unit, q, process_row, out, err);
}

/* ---- self and efficiency scores ---- */

static void bind_opt(struct stmt *st, int idx, bool has, double v)
{
	if (has)
		stmt_bind_double(st, idx, v);
	else
		stmt_bind_null(st, idx);
}

static json_t *opt_real(bool has, double v)
{
	return has ? json_real(v) : json_null();
}

int eval_self_put(struct store *s, const struct actor *who, const char *round, const char *unit,
		  const struct eval_self_in *in, struct zf_err *err)
{
	struct eval_round r;
	int64_t uid;
	char eid[160];
	int rc;
	if ((in->has_self && (rc = score_check("self", in->self, err)) < 0) ||
	    (in->has_eff && (rc = score_check("efficiency", in->eff, err)) < 0))
		return rc;
	if ((rc = round_and_unit(s, round, unit, &r, &uid, err)) < 0)
		return rc;
	if ((rc = store_begin(s, err)) < 0)
		goto cleanup;
	struct stmt *st = store_prepare(s,
					"SELECT self, efficiency, confirmed FROM self_scores"
					" WHERE round_id = ? AND unit_id = ?",
					err);
	if (!st) {
		rc = ZF_EINTERNAL;
		store_rollback(s);
		goto cleanup;
	}
	stmt_bind_int(st, 1, r.id);
	stmt_bind_int(st, 2, uid);
	json_t *ch = json_pack("{s:s,s:s}", "round", round, "unit", unit);
	bool exists = false, was_confirmed = false;
	if ((rc = stmt_step(st, err)) == STORE_ROW) {
		exists = true;
		was_confirmed = stmt_int(st, 2) != 0;
		json_object_set_new(ch, "from",
				    json_pack("{s:o,s:o,s:b}", "self",
					      opt_real(!stmt_is_null(st, 0), stmt_double(st, 0)),
					      "efficiency",
					      opt_real(!stmt_is_null(st, 1), stmt_double(st, 1)),
					      "confirmed", was_confirmed));
	}
	stmt_reset(st);
	if (rc >= 0 && exists && was_confirmed && !in->confirmed)
		rc = zf_err_set(err, ZF_ECONFLICT, "confirmed",
				"the office has confirmed the self-evaluation of unit %s: only the "
				"office can change it now",
				unit);
	if (rc >= 0) {
		st = store_prepare(s,
				   exists ? "UPDATE self_scores SET self = ?, efficiency = ?,"
					    " confirmed = ? WHERE round_id = ? AND unit_id = ?"
					  : "INSERT INTO self_scores(self, efficiency, confirmed,"
					    " round_id, unit_id) VALUES (?, ?, ?, ?, ?)",
				   err);
		rc = st ? 0 : ZF_EINTERNAL;
	}
	if (rc == 0) {
		bind_opt(st, 1, in->has_self, in->self);
		bind_opt(st, 2, in->has_eff, in->eff);
		stmt_bind_int(st, 3, in->confirmed);
		stmt_bind_int(st, 4, r.id);
		stmt_bind_int(st, 5, uid);
		rc = stmt_step(st, err);
		stmt_reset(st);
		rc = rc < 0 ? rc : 0;
	}
	if (rc == 0) {
		json_object_set_new(ch, "to",
				    json_pack("{s:o,s:o,s:b}", "self",
					      opt_real(in->has_self, in->self), "efficiency",
					      opt_real(in->has_eff, in->eff), "confirmed",
					      in->confirmed));
		snprintf(eid, sizeof eid, "%s:%s", round, unit);
		rc = audit_append(s, who, exists ? "update" : "create", "self_score", eid, "ok", ch,
				  err);
	}
	json_decref(ch);
	rc = finish(s, rc, err);
cleanup:
	eval_round_cleanup(&r);
	return rc;
}

int eval_self_confirm(struct store *s, const struct actor *who, const char *round, const char *unit,
		      struct zf_err *err)
{
	struct eval_round r;
	int64_t uid, confirmed;
	char eid[160];
	int rc;
	if ((rc = round_and_unit(s, round, unit, &r, &uid, err)) < 0)
		return rc;
	if ((rc = store_begin(s, err)) < 0)
		goto cleanup;
	rc = store_query_int(s, err, &confirmed,
			     "SELECT confirmed FROM self_scores WHERE round_id = ? AND unit_id = ?",
			     "ii", r.id, uid);
	if (rc == ZF_ENOTFOUND)
		rc = zf_err_set(err, ZF_ENOTFOUND, "unit",
				"unit %s has no self-evaluation in round %s to confirm", unit,
				round);
	else if (rc == 0 && confirmed)
		rc = zf_err_set(err, ZF_ECONFLICT, "unit",
				"the self-evaluation of unit %s is confirmed already", unit);
	if (rc == 0)
		rc = store_run(
		    s, err,
		    "UPDATE self_scores SET confirmed = 1 WHERE round_id = ? AND unit_id = ?", "ii",
		    r.id, uid);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s,s:{s:b,s:b}}", "round", round, "unit", unit,
				       "confirmed", "from", 0, "to", 1);
		snprintf(eid, sizeof eid, "%s:%s", round, unit);
		rc = audit_append(s, who, "confirm", "self_score", eid, "ok", ch, err);
		json_decref(ch);
	}
	rc = finish(s, rc, err);
cleanup:
	eval_round_cleanup(&r);
	return rc;
}

static json_t *self_row(struct stmt *st)
{
	return json_pack(
	    "{s:s,s:s,s:o,s:o,s:b}", "unit", stmt_text(st, 0), "name", stmt_text(st, 1), "self",
	    opt_real(!stmt_is_null(st, 2), stmt_double(st, 2)), "efficiency",
	    opt_real(!stmt_is_null(st, 3), stmt_double(st, 3)), "confirmed", stmt_int(st, 4) != 0);
}

int eval_self_list(struct store *s, const char *round, const char *unit, json_t **out,
		   struct zf_err *err)
{
	static const char *q = "SELECT u.code, u.name, x.self, x.efficiency, x.confirmed"
			       " FROM self_scores x JOIN units u ON u.id = x.unit_id"
			       " WHERE x.round_id = ? AND (? = '' OR u.code = ?) ORDER BY u.code";
	return list_rows(s, round, unit, q, self_row, out, err);
}

/* ---- adjustments ---- */

int eval_adjustment_add(struct store *s, const struct actor *who, const char *round,
			const struct eval_adjust_in *in, int64_t *id, struct zf_err *err)
{
	struct eval_round r;
	int64_t uid;
	char eid[32];
	int rc;
	if (!isfinite(in->points) || in->points < 0)
		return zf_err_set(err, ZF_EINVAL, "points", "points must be a number 0 or more");
	if (str_blank(in->reason))
		return zf_err_set(err, ZF_EINVAL, "reason", "an adjustment needs a reason");
	if (!utf8_valid(in->reason, strlen(in->reason)) || utf8_len(in->reason) > REASON_MAX)
		return zf_err_set(err, ZF_EINVAL, "reason",
				  "reason must be UTF-8 text of at most %d characters", REASON_MAX);
	if ((rc = round_and_unit(s, round, in->unit, &r, &uid, err)) < 0)
		return rc;
	if ((rc = store_begin(s, err)) < 0)
		goto cleanup;
	rc = store_run(s, err,
		       "INSERT INTO adjustments(round_id, unit_id, points, veto, no_excellent,"
		       " reason, source) VALUES (?, ?, ?, ?, ?, ?, 'manual')",
		       "iidiit", r.id, uid, in->points, (int64_t)in->veto,
		       (int64_t)in->no_excellent, in->reason);
	int64_t new_id = store_last_id(s);
	if (rc == 0) {
		json_t *ch =
		    json_pack("{s:s,s:s,s:f,s:b,s:b,s:s,s:s}", "round", round, "unit", in->unit,
			      "points", in->points, "veto", in->veto, "no_excellent",
			      in->no_excellent, "reason", in->reason, "source", "manual");
		snprintf(eid, sizeof eid, "%lld", (long long)new_id);
		rc = audit_append(s, who, "create", "adjustment", eid, "ok", ch, err);
		json_decref(ch);
	}
	if ((rc = finish(s, rc, err)) == 0 && id)
		*id = new_id;
cleanup:
	eval_round_cleanup(&r);
	return rc;
}

static json_t *adjust_row(struct stmt *st)
{
	return json_pack("{s:I,s:s,s:s,s:f,s:b,s:b,s:s,s:s}", "id", (json_int_t)stmt_int(st, 0),
			 "unit", stmt_text(st, 1), "name", stmt_text(st, 2), "points",
			 stmt_double(st, 3), "veto", stmt_int(st, 4) != 0, "no_excellent",
			 stmt_int(st, 5) != 0, "reason", stmt_text(st, 6), "source",
			 stmt_text(st, 7));
}

int eval_adjustment_list(struct store *s, const char *round, const char *unit, json_t **out,
			 struct zf_err *err)
{
	static const char *q =
	    "SELECT a.id, u.code, u.name, a.points, a.veto, a.no_excellent,"
	    " a.reason, a.source FROM adjustments a JOIN units u ON u.id = a.unit_id"
	    " WHERE a.round_id = ? AND (? = '' OR u.code = ?) ORDER BY a.id";
	return list_rows(s, round, unit, q, adjust_row, out, err);
}
