/* inspection.c: open and covert inspections (明察暗访, S1, R5): the plan, its team and target
 * units, and what it found; a finding opens a case (channel 'inspection') that then runs the
 * case workflow, its finding and accountability. */
#include "supervise/supervise.h"
#include "supervise/case.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

/* Inserts one row per code of codes into sql (inspection id, resolved id). */
static int add_refs(struct store *s, int64_t id, const char *const *codes, bool people,
		    const char *field, const char *sql, json_t *changes, struct zf_err *err)
{
	int n = 0, rc;
	for (const char *const *p = codes; p && *p; p++, n++) {
		int64_t ref;
		rc = people ? sup_person_id(s, field, *p, true, &ref, err)
			    : sup_unit_id(s, field, *p, true, &ref, err);
		if (rc < 0)
			return rc;
		rc = store_run(s, err, sql, "ii", id, ref);
		if (rc == ZF_ECONFLICT)
			return zf_err_set(err, ZF_EINVAL, field, "%s: %s is named twice", field,
					  *p);
		if (rc < 0)
			return rc;
		json_array_append_new(changes, json_string(*p));
	}
	if (!n)
		return zf_err_set(err, ZF_EINVAL, field, "%s: name at least one", field);
	return 0;
}

int inspection_create(struct store *s, const struct actor *who, const struct inspection_rec *r,
		      int64_t *id, struct zf_err *err)
{
	char now[32];
	bool own;
	int64_t n;
	int rc;
	if ((rc = sup_check_text("title", r->title, SUP_TITLE_MAX, true, err)) < 0)
		return rc;
	if (!r->mode || (strcmp(r->mode, "open") && strcmp(r->mode, "covert")))
		return zf_err_set(err, ZF_EINVAL, "mode",
				  "mode must be open (明查) or covert (暗访)");
	if ((rc = sup_check_date("planned_on", r->planned_on, true, err)) < 0 ||
	    (rc = sup_check_text("plan", r->plan, SUP_TEXT_MAX, false, err)) < 0)
		return rc;
	if (r->key_period_id &&
	    store_query_int(s, err, &n, "SELECT id FROM key_periods WHERE id = ? AND active = 1",
			    "i", r->key_period_id) < 0)
		return zf_err_set(err, ZF_EINVAL, "key_period", "no active key period %lld",
				  (long long)r->key_period_id);
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO inspections(title, mode, planned_on, key_period_id, plan,"
		       " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		       "tttItIt", r->title, r->mode, r->planned_on, r->key_period_id,
		       r->plan ? r->plan : "", who->user_id, now);
	int64_t new_id = store_last_id(s);
	json_t *ch = json_pack("{s:s,s:s,s:s,s:[],s:[]}", "title", r->title, "mode", r->mode,
			       "planned_on", r->planned_on, "team", "targets");
	if (rc == 0)
		rc = add_refs(s, new_id, r->team, true, "team",
			      "INSERT INTO inspection_team(inspection_id, person_id) VALUES (?, ?)",
			      json_object_get(ch, "team"), err);
	if (rc == 0)
		rc =
		    add_refs(s, new_id, r->targets, false, "targets",
			     "INSERT INTO inspection_targets(inspection_id, unit_id) VALUES (?, ?)",
			     json_object_get(ch, "targets"), err);
	if (rc == 0)
		rc = sup_audit(s, who, "create", "inspection", new_id, ch, err);
	json_decref(ch);
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

static int inspection_state(struct store *s, int64_t id, char state[16], struct zf_err *err)
{
	struct stmt *st = store_prepare(s, "SELECT state FROM inspections WHERE id = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		snprintf(state, 16, "%s", stmt_text(st, 0));
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (rc != STORE_ROW)
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no inspection %lld", (long long)id);
	return 0;
}

/* inspection_complete inside its transaction: a cancel at the same moment is seen. */
static int complete_locked(struct store *s, const struct actor *who, int64_t id,
			   const char *done_on, const char *summary, struct zf_err *err)
{
	char state[16], today[11];
	int rc = inspection_state(s, id, state, err);
	if (rc < 0)
		return rc;
	if (strcmp(state, "planned"))
		return zf_err_set(err, ZF_ECONFLICT, "state", "inspection %lld is already %s",
				  (long long)id, state);
	if ((rc = sup_check_date("done_on", done_on, false, err)) < 0 ||
	    (rc = sup_check_text("summary", summary, SUP_TEXT_MAX, false, err)) < 0)
		return rc;
	sup_today(today);
	const char *on = str_blank(done_on) ? today : done_on;
	rc = store_run(
	    s, err, "UPDATE inspections SET state = 'done', done_on = ?, summary = ? WHERE id = ?",
	    "tti", on, summary ? summary : "", id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s}", "done_on", on);
		rc = sup_audit(s, who, "complete", "inspection", id, ch, err);
		json_decref(ch);
	}
	return rc;
}

int inspection_complete(struct store *s, const struct actor *who, int64_t id, const char *done_on,
			const char *summary, struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, complete_locked(s, who, id, done_on, summary, err), err);
}

/* inspection_cancel inside its transaction: the state is read under the write lock. */
static int cancel_locked(struct store *s, const struct actor *who, int64_t id, const char *reason,
			 struct zf_err *err)
{
	char state[16];
	int rc = inspection_state(s, id, state, err);
	if (rc < 0)
		return rc;
	if (strcmp(state, "planned"))
		return zf_err_set(err, ZF_ECONFLICT, "state",
				  "inspection %lld is already %s: only a planned one is cancelled",
				  (long long)id, state);
	int64_t found = 0;
	if ((rc = store_query_int(
		 s, err, &found, "SELECT count(*) FROM inspection_findings WHERE inspection_id = ?",
		 "i", id)) < 0)
		return rc;
	if (found)
		return zf_err_set(err, ZF_ECONFLICT, "findings",
				  "inspection %lld has %lld problems recorded: it took place, "
				  "complete it instead",
				  (long long)id, (long long)found);
	if ((rc = sup_check_text("reason", reason, SUP_TEXT_MAX, true, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "UPDATE inspections SET state = 'cancelled', cancel_reason = ? WHERE id = ?",
		       "ti", reason, id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s}", "reason", reason);
		rc = sup_audit(s, who, "cancel", "inspection", id, ch, err);
		json_decref(ch);
	}
	return rc;
}

int inspection_cancel(struct store *s, const struct actor *who, int64_t id, const char *reason,
		      struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, cancel_locked(s, who, id, reason, err), err);
}

int inspection_add_finding(struct store *s, const struct actor *who, int64_t id,
			   const struct inspection_finding_rec *r, int64_t *finding_id,
			   char case_no[32], struct zf_err *err)
{
	char state[16], today[11], now[32], title[64], no[CASE_NO_MAX] = "";
	int64_t unit_id, person_id, n = 0, case_id = 0;
	bool own;
	int rc = inspection_state(s, id, state, err);
	if (rc < 0)
		return rc;
	if (!strcmp(state, "cancelled"))
		return zf_err_set(err, ZF_ECONFLICT, "state", "inspection %lld was cancelled",
				  (long long)id);
	if ((rc = sup_unit_id(s, "unit", r->unit, true, &unit_id, err)) < 0 ||
	    (rc = sup_person_id(s, "person", r->person, false, &person_id, err)) < 0 ||
	    (rc = sup_check_date("found_on", r->found_on, false, err)) < 0 ||
	    (rc = sup_check_text("description", r->description, SUP_TEXT_MAX, true, err)) < 0)
		return rc;
	if ((rc = store_query_int(s, err, &n,
				  "SELECT count(*) FROM inspection_targets WHERE inspection_id = ?"
				  " AND unit_id = ?",
				  "ii", id, unit_id)) < 0)
		return rc;
	if (!n)
		return zf_err_set(err, ZF_EINVAL, "unit",
				  "unit %s is not a target of inspection %lld", r->unit,
				  (long long)id);
	if (str_blank(r->category) ||
	    store_query_int(s, err, &n,
			    "SELECT count(*) FROM case_categories WHERE code = ?"
			    " AND active = 1",
			    "t", r->category) < 0 ||
	    !n)
		return zf_err_set(err, ZF_EINVAL, "category", "category: no case category '%s'",
				  r->category ? r->category : "");
	sup_today(today);
	time_format_iso(time_now(), now, sizeof now);
	const char *on = str_blank(r->found_on) ? today : r->found_on;
	if (strcmp(on, today) > 0)
		return zf_err_set(err, ZF_EINVAL, "found_on", "found_on is in the future");
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	if (r->open_case) {
		snprintf(title, sizeof title, "明察暗访发现问题（检查 #%lld）", (long long)id);
		struct case_new cn = {
		    .channel = "inspection",
		    .subject = title,
		    .content = r->description,
		    .category = r->category,
		    .unit = r->unit,
		    .person = str_blank(r->person) ? NULL : r->person,
		    .received_on = on,
		};
		rc = case_create(s, &cn, who, no, NULL, err);
		if (rc == 0)
			rc = case_find(s, no, &case_id, err);
	}
	if (rc == 0)
		rc = store_run(s, err,
			       "INSERT INTO inspection_findings(inspection_id, unit_id, person_id,"
			       " category, found_on, description, case_id, created_at)"
			       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			       "iiItttIt", id, unit_id, person_id, r->category, on, r->description,
			       case_id, now);
	int64_t new_id = store_last_id(s);
	if (rc == 0) {
		json_t *ch = json_pack("{s:I,s:s,s:s?,s:s,s:s,s:s?}", "inspection", (json_int_t)id,
				       "unit", r->unit, "person",
				       str_blank(r->person) ? NULL : r->person, "category",
				       r->category, "found_on", on, "case_no", no[0] ? no : NULL);
		rc = sup_audit(s, who, "create", "inspection_finding", new_id, ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0) {
		if (finding_id)
			*finding_id = new_id;
		if (case_no)
			snprintf(case_no, 32, "%s", no);
	}
	return rc;
}

int inspection_get(struct store *s, int64_t id, json_t **out, struct zf_err *err)
{
	json_t *arr = NULL, *sub = NULL;
	struct stmt *st = store_prepare(
	    s,
	    "SELECT i.id, i.title, i.mode, i.planned_on, i.done_on, i.state, i.plan, i.summary,"
	    " i.cancel_reason, k.id AS \"key_period.id\", k.name AS \"key_period.name\","
	    " i.created_at"
	    " FROM inspections i LEFT JOIN key_periods k ON k.id = i.key_period_id WHERE i.id = ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = sup_rows_json(st, "isssSssssISs", &arr, err);
	if (rc < 0)
		return rc;
	if (!json_array_size(arr)) {
		json_decref(arr);
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no inspection %lld", (long long)id);
	}
	json_t *j = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	static const struct {
		const char *key, *sql, *spec;
	} parts[] = {
	    {"team",
	     "SELECT p.code, p.name, p.post, u.name AS unit FROM inspection_team t"
	     " JOIN people p ON p.id = t.person_id JOIN units u ON u.id = p.unit_id"
	     " WHERE t.inspection_id = ? ORDER BY p.code",
	     "ssss"},
	    {"targets",
	     "SELECT u.code, u.name FROM inspection_targets t JOIN units u ON u.id = t.unit_id"
	     " WHERE t.inspection_id = ? ORDER BY u.code",
	     "ss"},
	    {"findings",
	     "SELECT f.id, u.code AS \"unit.code\", u.name AS \"unit.name\","
	     " p.code AS \"person.code\", p.name AS \"person.name\", f.category, f.found_on,"
	     " f.description, c.case_no FROM inspection_findings f JOIN units u ON u.id = f.unit_id"
	     " LEFT JOIN people p ON p.id = f.person_id LEFT JOIN cases c ON c.id = f.case_id"
	     " WHERE f.inspection_id = ? ORDER BY f.id",
	     "issSSsssS"},
	};
	for (size_t i = 0; i < ARRAY_LEN(parts); i++) {
		st = store_prepare(s, parts[i].sql, err);
		if (!st) {
			json_decref(j);
			return ZF_EINTERNAL;
		}
		stmt_bind_int(st, 1, id);
		if ((rc = sup_rows_json(st, parts[i].spec, &sub, err)) < 0) {
			json_decref(j);
			return rc;
		}
		json_object_set_new(j, parts[i].key, sub);
	}
	*out = j;
	return 0;
}

int inspection_list(struct store *s, int64_t unit_id, int64_t after, int limit, json_t **out,
		    struct zf_err *err)
{
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	struct stmt *st = store_prepare(
	    s,
	    "SELECT i.id, i.title, i.mode, i.planned_on, i.done_on, i.state,"
	    " (SELECT count(*) FROM inspection_targets t WHERE t.inspection_id = i.id) AS targets,"
	    " (SELECT count(*) FROM inspection_findings f WHERE f.inspection_id = i.id) AS findings"
	    " FROM inspections i WHERE i.id > ? AND (? = 0 OR EXISTS (SELECT 1 FROM"
	    " inspection_targets t WHERE t.inspection_id = i.id AND t.unit_id = ?))"
	    " ORDER BY i.id LIMIT ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_int(st, 2, unit_id);
	stmt_bind_int(st, 3, unit_id);
	stmt_bind_int(st, 4, limit);
	return sup_rows_json(st, "isssSsii", out, err);
}
