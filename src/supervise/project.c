/* project.c: key construction projects (S2), each with discipline inspectors supervising it
 * through the whole process, its milestones and what the inspectors found. */
#include "supervise/supervise.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

int project_create(struct store *s, const struct actor *who, const struct project_rec *r,
		   int64_t *id, struct zf_err *err)
{
	char now[32];
	int64_t unit_id, n = 0;
	bool own;
	int rc;
	if ((rc = sup_check_text("code", r->code, 31, true, err)) < 0 ||
	    (rc = sup_check_text("name", r->name, SUP_TITLE_MAX, true, err)) < 0 ||
	    (rc = sup_unit_id(s, "unit", r->unit, true, &unit_id, err)) < 0 ||
	    (rc = sup_check_date("starts_on", r->starts_on, true, err)) < 0 ||
	    (rc = sup_check_date("ends_on", r->ends_on, false, err)) < 0)
		return rc;
	if (!str_blank(r->ends_on) && strcmp(r->ends_on, r->starts_on) < 0)
		return zf_err_set(err, ZF_EINVAL, "ends_on", "ends_on is before starts_on");
	if (!isfinite(r->budget))
		return zf_err_set(err, ZF_EINVAL, "budget", "budget must be a number");
	if ((rc = store_query_int(s, err, &n, "SELECT count(*) FROM projects WHERE code = ?", "t",
				  r->code)) < 0)
		return rc;
	if (n)
		return zf_err_set(err, ZF_ECONFLICT, "code", "project %s exists", r->code);
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(
	    s, err,
	    r->budget < 0
		? "INSERT INTO projects(code, name, unit_id, starts_on, ends_on, budget,"
		  " created_at) VALUES (?, ?, ?, ?, ?, NULL, ?)"
		: "INSERT INTO projects(code, name, unit_id, starts_on, ends_on, created_at,"
		  " budget) VALUES (?, ?, ?, ?, ?, ?, ?)",
	    r->budget < 0 ? "ttitTt" : "ttitTtd", r->code, r->name, unit_id, r->starts_on,
	    r->ends_on ? r->ends_on : "", now, r->budget);
	int64_t new_id = store_last_id(s);
	json_t *ch = json_pack("{s:s,s:s,s:s,s:s,s:[]}", "code", r->code, "name", r->name, "unit",
			       r->unit, "starts_on", r->starts_on, "inspectors");
	int count = 0;
	for (const char *const *p = r->inspectors; rc == 0 && p && *p; p++, count++) {
		int64_t pid;
		if ((rc = sup_person_id(s, "inspectors", *p, true, &pid, err)) < 0)
			break;
		rc = store_run(
		    s, err, "INSERT INTO project_inspectors(project_id, person_id) VALUES (?, ?)",
		    "ii", new_id, pid);
		if (rc == ZF_ECONFLICT)
			rc = zf_err_set(err, ZF_EINVAL, "inspectors",
					"inspectors: %s is named twice", *p);
		json_array_append_new(json_object_get(ch, "inspectors"), json_string(*p));
	}
	if (rc == 0 && !count)
		rc = zf_err_set(err, ZF_EINVAL, "inspectors",
				"a key project needs at least one discipline inspector");
	if (rc == 0)
		rc = sup_audit(s, who, "create", "project", new_id, ch, err);
	json_decref(ch);
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

static int project_exists(struct store *s, int64_t id, struct zf_err *err)
{
	int64_t n;
	int rc = store_query_int(s, err, &n, "SELECT id FROM projects WHERE id = ?", "i", id);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, rc, "id", "no project %lld", (long long)id);
	return rc;
}

int project_add_milestone(struct store *s, const struct actor *who, int64_t project_id,
			  const char *name, const char *due_on, int64_t *id, struct zf_err *err)
{
	bool own;
	int rc = project_exists(s, project_id, err);
	if (rc == 0)
		rc = sup_check_text("name", name, SUP_TITLE_MAX, true, err);
	if (rc == 0)
		rc = sup_check_date("due_on", due_on, true, err);
	if (rc < 0)
		return rc;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO project_milestones(project_id, name, due_on) VALUES (?, ?, ?)",
		       "itt", project_id, name, due_on);
	int64_t new_id = store_last_id(s);
	if (rc == 0) {
		json_t *ch = json_pack("{s:I,s:s,s:s}", "project", (json_int_t)project_id, "name",
				       name, "due_on", due_on);
		rc = sup_audit(s, who, "create", "project_milestone", new_id, ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

int project_milestone_done(struct store *s, const struct actor *who, int64_t project_id,
			   int64_t milestone_id, const char *done_on, struct zf_err *err)
{
	char today[11];
	int64_t done;
	bool own;
	int rc = store_query_int(s, err, &done,
				 "SELECT done_on IS NOT NULL FROM project_milestones"
				 " WHERE id = ? AND project_id = ?",
				 "ii", milestone_id, project_id);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, rc, "milestone", "project %lld has no milestone %lld",
				  (long long)project_id, (long long)milestone_id);
	if (rc < 0)
		return rc;
	if (done)
		return zf_err_set(err, ZF_ECONFLICT, "milestone", "milestone %lld is already done",
				  (long long)milestone_id);
	if ((rc = sup_check_date("done_on", done_on, false, err)) < 0)
		return rc;
	sup_today(today);
	const char *on = str_blank(done_on) ? today : done_on;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err, "UPDATE project_milestones SET done_on = ? WHERE id = ?", "ti", on,
		       milestone_id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s}", "done_on", on);
		rc = sup_audit(s, who, "done", "project_milestone", milestone_id, ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

/* project_set_state inside its transaction: the state is read under the write lock. */
static int set_state_locked(struct store *s, const struct actor *who, int64_t id, const char *state,
			    const char *on, const char *reason, struct zf_err *err)
{
	char was[16] = "", starts[11] = "", today[11];
	struct stmt *st =
	    store_prepare(s, "SELECT state, starts_on FROM projects WHERE id = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		snprintf(was, sizeof was, "%s", stmt_text(st, 0));
		snprintf(starts, sizeof starts, "%s", stmt_text(st, 1));
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (rc != STORE_ROW)
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no project %lld", (long long)id);
	bool completed = !str_blank(state) && !strcmp(state, "completed");
	bool suspended = !str_blank(state) && !strcmp(state, "suspended");
	bool active = !str_blank(state) && !strcmp(state, "active");
	if (!completed && !suspended && !active)
		return zf_err_set(err, ZF_EINVAL, "state",
				  "state must be completed, suspended or active (resumed)");
	/* active -> completed | suspended; suspended -> active | completed; completed is final */
	if (!strcmp(was, "completed") || !strcmp(was, state))
		return zf_err_set(err, ZF_ECONFLICT, "state", "project %lld is already %s",
				  (long long)id, was);
	if ((rc = sup_check_date("on", on, false, err)) < 0 ||
	    (rc = sup_check_text("reason", reason, SUP_TEXT_MAX, suspended, err)) < 0)
		return rc;
	if (!completed && !str_blank(on))
		return zf_err_set(err, ZF_EINVAL, "on",
				  "on is the completion date: for completed only");
	sup_today(today);
	const char *day = str_blank(on) ? today : on;
	if (completed && strcmp(day, today) > 0)
		return zf_err_set(err, ZF_EINVAL, "on", "on is in the future");
	if (completed && strcmp(day, starts) < 0)
		return zf_err_set(err, ZF_EINVAL, "on", "on is before the project started (%s)",
				  starts);
	rc = completed
		 ? store_run(s, err,
			     "UPDATE projects SET state = 'completed', ends_on = ? WHERE id = ?",
			     "ti", day, id)
		 : store_run(s, err, "UPDATE projects SET state = ? WHERE id = ?", "ti", state, id);
	if (rc == 0) {
		json_t *ch = json_pack("{s:[s,s]}", "state", was, state);
		if (completed)
			json_object_set_new(ch, "ends_on", json_string(day));
		if (!str_blank(reason))
			json_object_set_new(ch, "reason", json_string(reason));
		rc = sup_audit(s, who, "state", "project", id, ch, err);
		json_decref(ch);
	}
	return rc;
}

int project_set_state(struct store *s, const struct actor *who, int64_t id, const char *state,
		      const char *on, const char *reason, struct zf_err *err)
{
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc < 0)
		return rc;
	return store_tx_close(s, own, set_state_locked(s, who, id, state, on, reason, err), err);
}

int project_add_finding(struct store *s, const struct actor *who, int64_t project_id,
			const char *found_on, const char *description, int64_t *id,
			struct zf_err *err)
{
	char today[11], now[32];
	bool own;
	int rc = project_exists(s, project_id, err);
	if (rc == 0)
		rc = sup_check_date("found_on", found_on, false, err);
	if (rc == 0)
		rc = sup_check_text("description", description, SUP_TEXT_MAX, true, err);
	if (rc < 0)
		return rc;
	sup_today(today);
	time_format_iso(time_now(), now, sizeof now);
	const char *on = str_blank(found_on) ? today : found_on;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "INSERT INTO project_findings(project_id, found_on, description, created_at)"
		       " VALUES (?, ?, ?, ?)",
		       "ittt", project_id, on, description, now);
	int64_t new_id = store_last_id(s);
	if (rc == 0) {
		json_t *ch =
		    json_pack("{s:I,s:s}", "project", (json_int_t)project_id, "found_on", on);
		rc = sup_audit(s, who, "create", "project_finding", new_id, ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

int project_finding_rectified(struct store *s, const struct actor *who, int64_t project_id,
			      int64_t finding_id, const char *on, struct zf_err *err)
{
	char today[11], found[11] = "";
	bool own;
	int rc = sup_check_date("rectified_on", on, false, err);
	if (rc < 0)
		return rc;
	sup_today(today);
	const char *day = str_blank(on) ? today : on;
	if (strcmp(day, today) > 0)
		return zf_err_set(err, ZF_EINVAL, "rectified_on", "%s is in the future", day);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	/* read under the write lock, so that two requests cannot both put it right */
	struct stmt *st =
	    store_prepare(s,
			  "SELECT found_on, rectified_on IS NOT NULL FROM project_findings"
			  " WHERE id = ? AND project_id = ?",
			  err);
	if (!st)
		rc = ZF_EINTERNAL;
	bool done = false;
	if (rc == 0) {
		stmt_bind_int(st, 1, finding_id);
		stmt_bind_int(st, 2, project_id);
		rc = stmt_step(st, err);
		if (rc == STORE_ROW) {
			snprintf(found, sizeof found, "%s", stmt_text(st, 0));
			done = stmt_int(st, 1) != 0;
			rc = 0;
		} else if (rc == STORE_DONE) {
			rc = zf_err_set(err, ZF_ENOTFOUND, "finding",
					"project %lld has no finding %lld", (long long)project_id,
					(long long)finding_id);
		}
		stmt_reset(st);
	}
	if (rc == 0 && done)
		rc = zf_err_set(err, ZF_ECONFLICT, "finding", "finding %lld is already put right",
				(long long)finding_id);
	if (rc == 0 && strcmp(day, found) < 0)
		rc = zf_err_set(err, ZF_EINVAL, "rectified_on",
				"%s is before the problem was found (%s)", day, found);
	if (rc == 0)
		rc = store_run(s, err, "UPDATE project_findings SET rectified_on = ? WHERE id = ?",
			       "ti", day, finding_id);
	if (rc == 0) {
		json_t *ch =
		    json_pack("{s:I,s:s}", "project", (json_int_t)project_id, "rectified_on", day);
		rc = sup_audit(s, who, "rectified", "project_finding", finding_id, ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

#define PROJECT_COLS                                                                               \
	"SELECT p.id, p.code, p.name, u.code AS \"unit.code\", u.name AS \"unit.name\","           \
	" p.starts_on, p.ends_on, p.budget, p.state,"                                              \
	" (SELECT count(*) FROM project_milestones m WHERE m.project_id = p.id AND"                \
	" m.done_on IS NULL AND m.due_on < ?) AS milestones_late"                                  \
	" FROM projects p JOIN units u ON u.id = p.unit_id"
#define PROJECT_SPEC "isssssSDsi"

int project_get(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err)
{
	char today[11];
	json_t *arr, *sub;
	sup_today(today);
	struct stmt *st =
	    store_prepare(s, PROJECT_COLS " WHERE p.id = ? AND (? = 0 OR p.unit_id = ?)", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, today);
	stmt_bind_int(st, 2, id);
	stmt_bind_int(st, 3, unit_id);
	stmt_bind_int(st, 4, unit_id);
	int rc = sup_rows_json(st, PROJECT_SPEC, &arr, err);
	if (rc < 0)
		return rc;
	if (!json_array_size(arr)) {
		json_decref(arr);
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no project %lld", (long long)id);
	}
	json_t *j = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	static const struct {
		const char *key, *sql, *spec;
	} parts[] = {
	    {"inspectors",
	     "SELECT p.code, p.name, p.post, u.name AS unit FROM project_inspectors i"
	     " JOIN people p ON p.id = i.person_id JOIN units u ON u.id = p.unit_id"
	     " WHERE i.project_id = ? ORDER BY p.code",
	     "ssss"},
	    {"milestones",
	     "SELECT id, name, due_on, done_on FROM project_milestones WHERE project_id = ?"
	     " ORDER BY due_on, id",
	     "issS"},
	    {"findings",
	     "SELECT id, found_on, description, rectified_on FROM project_findings"
	     " WHERE project_id = ? ORDER BY found_on, id",
	     "issS"},
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

int project_list(struct store *s, int64_t unit_id, int64_t after, int limit, json_t **out,
		 struct zf_err *err)
{
	char today[11];
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	sup_today(today);
	struct stmt *st = store_prepare(
	    s, PROJECT_COLS " WHERE p.id > ? AND (? = 0 OR p.unit_id = ?) ORDER BY p.id LIMIT ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, today);
	stmt_bind_int(st, 2, after);
	stmt_bind_int(st, 3, unit_id);
	stmt_bind_int(st, 4, unit_id);
	stmt_bind_int(st, 5, limit);
	return sup_rows_json(st, PROJECT_SPEC, out, err);
}
