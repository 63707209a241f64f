/* case_overdue.c: deadlines kept (S3, S6): the overdue sweep with one reminder (催办) per
 * case, stage and cycle and escalation (督办) of what stays late, and the per-unit figures
 * (按时签收率, 按时办结率, 满意率, 重办率) that become process scores of a round (V2). */
#include "supervise/case_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "eval/eval.h"
#include "eval/eval_more.h"
#include "org/org.h"
#include "supervise/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
/* ---- the overdue sweep ---- */

struct overdue_item {
	int64_t id;
	char stage[8];
	char due[11];
};

static int overdue_candidates(struct store *s, const char *as_of, struct overdue_item **out,
			      size_t *n, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s,
	    "SELECT id, 'sign', sign_due FROM cases WHERE state = 'assigned' AND sign_due < ?"
	    " UNION ALL"
	    " SELECT id, 'handle', due FROM cases WHERE state IN ('assigned', 'signed', 'handling')"
	    " AND due < ? ORDER BY 1, 2 DESC",
	    err);
	if (!st)
		return ZF_EIO;
	stmt_bind_text(st, 1, as_of);
	stmt_bind_text(st, 2, as_of);
	size_t cap = 64, k = 0;
	struct overdue_item *v = xmalloc(sizeof *v * cap);
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		if (k == cap)
			v = xrealloc(v, sizeof *v * (cap *= 2));
		v[k].id = stmt_int(st, 0);
		snprintf(v[k].stage, sizeof v[k].stage, "%s", stmt_text(st, 1));
		snprintf(v[k].due, sizeof v[k].due, "%s", stmt_text(st, 2));
		k++;
	}
	stmt_reset(st);
	if (rc < 0) {
		free(v);
		return rc;
	}
	*out = v;
	*n = k;
	return 0;
}

/* The day the reminder of (case, stage, cycle) was sent, "" when none. */
static int reminder_of(struct store *s, int64_t id, const char *stage, int cycle, char on[11],
		       struct zf_err *err)
{
	struct stmt *st = store_prepare(s,
					"SELECT reminded_on FROM case_reminders WHERE case_id = ?"
					" AND stage = ? AND cycle = ?",
					err);
	if (!st)
		return ZF_EIO;
	stmt_bind_int(st, 1, id);
	stmt_bind_text(st, 2, stage);
	stmt_bind_int(st, 3, cycle);
	int rc = stmt_step(st, err);
	snprintf(on, 11, "%s", rc == STORE_ROW ? stmt_text(st, 0) : "");
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

static int sweep_one(struct store *s, const struct overdue_item *it, const char *as_of,
		     const struct case_settings *cs, bool notify, const struct actor *who,
		     json_t *out, struct zf_err *err)
{
	struct case_row c;
	int rc, late;
	char reminded[11];
	if ((rc = case_load(s, NULL, it->id, &c, err)) < 0 ||
	    (rc = calendar_workdays_between(s, it->due, as_of, &late, err)) < 0 ||
	    (rc = reminder_of(s, c.id, it->stage, c.reopen_count, reminded, err)) < 0)
		return rc;
	if (late <= 0)
		return 0; /* past the date but not a working day late yet */
	const char *action;
	if (!*reminded) {
		action = "remind";
	} else {
		int since;
		if ((rc = calendar_workdays_between(s, reminded, as_of, &since, err)) < 0)
			return rc;
		action = c.escalated		      ? "escalated"
			 : since > cs->escalate_after ? "escalate"
						      : "reminded";
	}
	if (notify && !strcmp(action, "remind")) {
		rc = store_run(s, err,
			       "INSERT INTO case_reminders(case_id, stage, cycle, due, reminded_on)"
			       " VALUES (?, ?, ?, ?, ?)",
			       "itit"
			       "t",
			       c.id, it->stage, (int64_t)c.reopen_count, it->due, as_of);
		json_t *d = json_pack("{s:s, s:s, s:i}", "stage", it->stage, "due", it->due,
				      "working_days_overdue", late);
		char note[128];
		snprintf(note, sizeof note, "%s逾期 %d 个工作日",
			 !strcmp(it->stage, "sign") ? "签收" : "办理", late);
		if (rc == 0)
			rc = case_record(s, who, &c, "remind", NULL, NULL, note, d, as_of, err);
		json_decref(d);
	} else if (notify && !strcmp(action, "escalate")) {
		rc = case_escalate(s, who, &c, "overdue", as_of, err);
	}
	if (rc < 0)
		return rc;
	char uc[32], un[128], lc[32], ln[128];
	case_unit_names(s, c.handling_unit_id, uc, un);
	int64_t esc_to = 0;
	store_query_int(s, err, &esc_to, "SELECT escalated_to FROM cases WHERE id = ?", "i", c.id);
	case_person_names(s, esc_to, lc, ln);
	json_array_append_new(
	    out,
	    json_pack("{s:s, s:o, s:s, s:s, s:i, s:s, s:o}", "case_no", c.case_no, "handling_unit",
		      *uc ? json_pack("{s:s, s:s}", "code", uc, "name", un) : json_null(), "stage",
		      it->stage, "due", it->due, "working_days_overdue", late, "action", action,
		      "leader",
		      *lc ? json_pack("{s:s, s:s}", "code", lc, "name", ln) : json_null()));
	return 0;
}

int case_overdue_sweep(struct store *s, const char *as_of, bool notify, const struct actor *who,
		       json_t **out, struct zf_err *err)
{
	char day[11];
	struct case_settings cs;
	struct overdue_item *items = NULL;
	size_t n = 0;
	int rc;
	if (as_of && *as_of) {
		if (!date_valid(as_of))
			return zf_err_set(err, ZF_EINVAL, "as_of",
					  "as_of must be a date YYYY-MM-DD");
		snprintf(day, sizeof day, "%s", as_of);
	} else {
		case_today(day);
	}
	if ((rc = case_settings_get(s, &cs, err)) < 0 ||
	    (rc = overdue_candidates(s, day, &items, &n, err)) < 0)
		return rc;
	json_t *a = json_array();
	bool own = false;
	if (notify && (rc = store_tx_open(s, &own, err)) < 0) {
		free(items);
		json_decref(a);
		return rc;
	}
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = sweep_one(s, &items[i], day, &cs, notify, who, a, err);
	if (notify)
		rc = store_tx_close(s, own, rc, err);
	free(items);
	if (rc < 0) {
		json_decref(a);
		return rc;
	}
	*out = a;
	return 0;
}

/* ---- figures ---- */

static json_t *rate(int64_t num, int64_t den)
{
	return den ? json_real((double)num / (double)den) : json_null();
}

int case_stats(struct store *s, const char *from, const char *to, const char *unit, json_t **out,
	       struct zf_err *err)
{
	int64_t uid = 0;
	bool active;
	char today[11];
	if (!from || !date_valid(from))
		return zf_err_set(err, ZF_EINVAL, "from", "from must be a date YYYY-MM-DD");
	if (!to || !date_valid(to))
		return zf_err_set(err, ZF_EINVAL, "to", "to must be a date YYYY-MM-DD");
	if (strcmp(from, to) > 0)
		return zf_err_set(err, ZF_EINVAL, "to", "to is before from");
	if (unit && *unit && org_unit_find(s, unit, &uid, &active, err) < 0)
		return zf_err_set(err, ZF_EINVAL, "unit", "unknown unit %s", unit);
	case_today(today);
	struct stmt *st = store_prepare(
	    s,
	    "SELECT hu.code, hu.name, COUNT(*),"
	    " SUM(CASE WHEN c.sign_due IS NOT NULL AND (c.signed_on IS NOT NULL OR c.sign_due < ?)"
	    "  THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN c.signed_on IS NOT NULL AND c.signed_late = 0 THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN c.due IS NOT NULL AND (c.replied_on IS NOT NULL OR c.due < ?)"
	    "  THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN c.replied_on IS NOT NULL AND c.replied_late = 0 THEN 1 ELSE 0 END),"
	    " SUM(c.reopen_count + CASE WHEN c.satisfied = 1 THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN c.satisfied = 1 THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN c.replied_on IS NOT NULL OR c.reopen_count > 0 THEN 1 ELSE 0 END),"
	    " SUM(CASE WHEN c.reopen_count > 0 THEN 1 ELSE 0 END)"
	    " FROM cases c JOIN units hu ON hu.id = c.handling_unit_id"
	    " WHERE c.received_on >= ? AND c.received_on <= ? AND (? = 0 OR c.handling_unit_id = ?)"
	    " AND (c.dup_state IS NULL OR c.dup_state <> 'confirmed')"
	    " GROUP BY hu.code, hu.name ORDER BY hu.code",
	    err);
	if (!st)
		return ZF_EIO;
	stmt_bind_text(st, 1, today);
	stmt_bind_text(st, 2, today);
	stmt_bind_text(st, 3, from);
	stmt_bind_text(st, 4, to);
	stmt_bind_int(st, 5, uid);
	stmt_bind_int(st, 6, uid);
	json_t *a = json_array();
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		int64_t v[9];
		for (int i = 0; i < 9; i++)
			v[i] = stmt_int(st, 2 + i);
		json_t *r = json_pack("{s:s, s:s, s:I}", "unit", stmt_text(st, 0), "name",
				      stmt_text(st, 1), "cases", (json_int_t)v[0]);
		json_object_set_new(r, "sign_due_count", json_integer(v[1]));
		json_object_set_new(r, "signed_on_time", json_integer(v[2]));
		json_object_set_new(r, "sign_ontime_rate", rate(v[2], v[1]));
		json_object_set_new(r, "done_due_count", json_integer(v[3]));
		json_object_set_new(r, "done_on_time", json_integer(v[4]));
		json_object_set_new(r, "done_ontime_rate", rate(v[4], v[3]));
		json_object_set_new(r, "followed_up", json_integer(v[5]));
		json_object_set_new(r, "satisfied", json_integer(v[6]));
		json_object_set_new(r, "satisfaction_rate", rate(v[6], v[5]));
		json_object_set_new(r, "replied", json_integer(v[7]));
		json_object_set_new(r, "reopened", json_integer(v[8]));
		json_object_set_new(r, "reopen_rate", rate(v[8], v[7]));
		json_array_append_new(a, r);
	}
	stmt_reset(st);
	if (rc < 0) {
		json_decref(a);
		return rc;
	}
	*out = json_pack("{s:s, s:s, s:o}", "from", from, "to", to, "units", a);
	return 0;
}

/* A rate, counted as full marks when there was nothing to count. */
static double rate_or_one(json_t *r, const char *k)
{
	json_t *v = json_object_get(r, k);
	return json_is_number(v) ? json_number_value(v) : 1.0;
}

static int put_process(struct store *s, const struct actor *who, const struct eval_round *r,
		       const char *round_code, const char *unit, int64_t uid, const char *type,
		       const char *period, double score, struct zf_err *err)
{
	int64_t row = 0;
	struct stmt *st = store_prepare(s,
					"SELECT id FROM process_scores WHERE round_id = ? AND"
					" unit_id = ? AND period_type = ? AND period = ?",
					err);
	if (!st)
		return ZF_EIO;
	stmt_bind_int(st, 1, r->id);
	stmt_bind_int(st, 2, uid);
	stmt_bind_text(st, 3, type);
	stmt_bind_text(st, 4, period);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		row = stmt_int(st, 0);
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (row)
		rc = store_run(s, err, "UPDATE process_scores SET score = ? WHERE id = ?", "di",
			       score, row);
	else
		rc = store_run(s, err,
			       "INSERT INTO process_scores(round_id, unit_id, period_type, period,"
			       " score) VALUES (?, ?, ?, ?, ?)",
			       "iittd", r->id, uid, type, period, score);
	if (rc < 0)
		return rc;
	json_t *ch =
	    json_pack("{s:s, s:s, s:s, s:s, s:f, s:s}", "round", round_code, "unit", unit,
		      "period_type", type, "period", period, "score", score, "source", "cases");
	char eid[256];
	snprintf(eid, sizeof eid, "%s:%s:%s:%s", round_code, unit, type, period);
	rc = audit_append(s, who, row ? "update" : "create", "process_score", eid, "ok", ch, err);
	json_decref(ch);
	return rc;
}

int case_stats_apply(struct store *s, const char *round_code, const char *period_type,
		     const char *period, const char *from, const char *to, const struct actor *who,
		     int *written, struct zf_err *err)
{
	if (!period_type || (strcmp(period_type, "monthly") && strcmp(period_type, "quarterly")))
		return zf_err_set(err, ZF_EINVAL, "period_type",
				  "period_type must be monthly or quarterly");
	if (str_blank(period) || !utf8_valid(period, strlen(period)) || utf8_len(period) > 40)
		return zf_err_set(err, ZF_EINVAL, "period",
				  "period is required (e.g. 2026-03 or 2026-Q1)");
	struct eval_round r;
	json_t *stats = NULL;
	int rc = eval_round_get(s, round_code, &r, err);
	if (rc < 0)
		return rc;
	if ((rc = eval_round_accepts_input(&r, err)) < 0 ||
	    (rc = case_stats(s, from, to, NULL, &stats, err)) < 0) {
		eval_round_cleanup(&r);
		return rc;
	}
	bool own;
	int n = 0;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		goto out;
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(stats, "units"), i, u)
	{
		const char *code = json_string_value(json_object_get(u, "unit"));
		int64_t uid;
		struct zf_err e2;
		/* units outside the round (the office itself, say) have no process score */
		if (eval_unit_in_round(s, &r, code, &uid, NULL, &e2) < 0)
			continue;
		json_t *reopen = json_object_get(u, "reopen_rate");
		double not_reopened =
		    json_is_number(reopen) ? 1.0 - json_number_value(reopen) : 1.0;
		double score =
		    100.0 * (0.3 * rate_or_one(u, "sign_ontime_rate") +
			     0.3 * rate_or_one(u, "done_ontime_rate") +
			     0.3 * rate_or_one(u, "satisfaction_rate") + 0.1 * not_reopened);
		score = (double)(long)(score * 100 + 0.5) / 100;
		if ((rc = put_process(s, who, &r, round_code, code, uid, period_type, period, score,
				      err)) < 0)
			break;
		n++;
	}
	rc = store_tx_close(s, own, rc, err);
out:
	json_decref(stats);
	eval_round_cleanup(&r);
	if (rc == 0 && written)
		*written = n;
	return rc;
}
