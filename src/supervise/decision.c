/* decision.c: tracking that decisions are carried out (跟踪问效, S3): each decision broken
 * into tasks with a responsible unit, a deadline, progress and milestones; every report of
 * progress kept in the task's history; overdue tasks listed like overdue cases. */
#include "supervise/supervise.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int decision_create(struct store *s, const struct actor *who, const char *title, const char *source,
		    const char *decided_on, int64_t *id, struct zf_err *err)
{
	char now[32];
	bool own;
	int rc;
	if ((rc = sup_check_text("title", title, SUP_TITLE_MAX, true, err)) < 0 ||
	    (rc = sup_check_text("source", source, SUP_TITLE_MAX, false, err)) < 0 ||
	    (rc = sup_check_date("decided_on", decided_on, true, err)) < 0)
		return rc;
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(
	    s, err,
	    "INSERT INTO decisions(title, source, decided_on, created_at) VALUES (?, ?, ?, ?)",
	    "tttt", title, source ? source : "", decided_on, now);
	int64_t new_id = store_last_id(s);
	if (rc == 0) {
		json_t *ch = json_pack("{s:s,s:s}", "title", title, "decided_on", decided_on);
		rc = sup_audit(s, who, "create", "decision", new_id, ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

static int add_history(struct store *s, const struct actor *who, int64_t task, int progress,
		       const char *status, const char *note, struct zf_err *err)
{
	char now[32];
	time_format_iso(time_now(), now, sizeof now);
	return store_run(s, err,
			 "INSERT INTO decision_task_history(task_id, at, actor, progress, status,"
			 " note) VALUES (?, ?, ?, ?, ?, ?)",
			 "ittitt", task, now, who->username, (int64_t)progress, status,
			 note ? note : "");
}

/* Splits "name@YYYY-MM-DD" into name (n bytes) and date (11 bytes). */
static int split_milestone(const char *m, char *name, size_t n, char date[11], struct zf_err *err)
{
	const char *at = m ? strrchr(m, '@') : NULL;
	if (!at || at == m || (size_t)(at - m) >= n)
		return zf_err_set(err, ZF_EINVAL, "milestones",
				  "milestones: '%s' is not name@YYYY-MM-DD", m ? m : "");
	snprintf(name, n, "%.*s", (int)(at - m), m);
	snprintf(date, 11, "%s", at + 1);
	if (!date_valid(at + 1))
		return zf_err_set(err, ZF_EINVAL, "milestones",
				  "milestones: '%s' is not a date (YYYY-MM-DD)", at + 1);
	return 0;
}

int decision_add_task(struct store *s, const struct actor *who, int64_t decision_id,
		      const struct decision_task_rec *r, int64_t *id, struct zf_err *err)
{
	char now[32], decided[11] = "";
	int64_t unit_id;
	bool own, found = false;
	int rc;
	struct stmt *st = store_prepare(s, "SELECT decided_on FROM decisions WHERE id = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, decision_id);
	if ((rc = stmt_step(st, err)) == STORE_ROW) {
		found = true;
		snprintf(decided, sizeof decided, "%s", stmt_text(st, 0));
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (!found)
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no decision %lld",
				  (long long)decision_id);
	if ((rc = sup_unit_id(s, "unit", r->unit, true, &unit_id, err)) < 0 ||
	    (rc = sup_check_text("title", r->title, SUP_TITLE_MAX, true, err)) < 0 ||
	    (rc = sup_check_date("deadline", r->deadline, true, err)) < 0)
		return rc;
	if (strcmp(r->deadline, decided) < 0)
		return zf_err_set(err, ZF_EINVAL, "deadline",
				  "deadline %s is before the decision (%s)", r->deadline, decided);
	time_format_iso(time_now(), now, sizeof now);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(
	    s, err,
	    "INSERT INTO decision_tasks(decision_id, unit_id, title, deadline, updated_at)"
	    " VALUES (?, ?, ?, ?, ?)",
	    "iittt", decision_id, unit_id, r->title, r->deadline, now);
	int64_t new_id = store_last_id(s);
	for (const char *const *m = r->milestones; rc == 0 && m && *m; m++) {
		char name[300], date[11];
		if ((rc = split_milestone(*m, name, sizeof name, date, err)) < 0)
			break;
		rc = store_run(
		    s, err,
		    "INSERT INTO decision_milestones(task_id, name, due_on) VALUES (?, ?, ?)",
		    "itt", new_id, name, date);
	}
	if (rc == 0)
		rc = add_history(s, who, new_id, 0, "open", "任务分解", err);
	if (rc == 0) {
		json_t *ch = json_pack("{s:I,s:s,s:s,s:s}", "decision", (json_int_t)decision_id,
				       "unit", r->unit, "title", r->title, "deadline", r->deadline);
		rc = sup_audit(s, who, "create", "decision_task", new_id, ch, err);
		json_decref(ch);
	}
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0 && id)
		*id = new_id;
	return rc;
}

struct task_row {
	int64_t unit_id;
	int progress;
	char status[16];
};

static int load_task(struct store *s, int64_t id, struct task_row *t, struct zf_err *err)
{
	struct stmt *st = store_prepare(
	    s, "SELECT unit_id, progress, status FROM decision_tasks WHERE id = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		t->unit_id = stmt_int(st, 0);
		t->progress = (int)stmt_int(st, 1);
		snprintf(t->status, sizeof t->status, "%s", stmt_text(st, 2));
	}
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (rc != STORE_ROW)
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no task %lld", (long long)id);
	return 0;
}

int decision_task_progress(struct store *s, const struct actor *who, int64_t id, int64_t unit_id,
			   int progress, const char *status, const char *note, struct zf_err *err)
{
	struct task_row t;
	char now[32], today[11];
	bool own;
	int rc = load_task(s, id, &t, err);
	if (rc < 0)
		return rc;
	if (unit_id && unit_id != t.unit_id)
		return zf_err_set(err, ZF_EFORBIDDEN, NULL,
				  "task %lld belongs to another unit: this account reports on its "
				  "own unit's tasks only",
				  (long long)id);
	if (strcmp(t.status, "open"))
		return zf_err_set(err, ZF_ECONFLICT, "status", "task %lld is already %s",
				  (long long)id, t.status);
	if (progress != -1 && (progress < 0 || progress > 100))
		return zf_err_set(err, ZF_EINVAL, "progress", "progress must be 0 to 100");
	if (status && strcmp(status, "open") && strcmp(status, "done") &&
	    strcmp(status, "cancelled"))
		return zf_err_set(err, ZF_EINVAL, "status",
				  "status must be open, done or cancelled");
	if (status && !strcmp(status, "cancelled") && unit_id)
		return zf_err_set(err, ZF_EFORBIDDEN, "status", "only the office cancels a task");
	if ((rc = sup_check_text("note", note, SUP_TEXT_MAX, false, err)) < 0)
		return rc;
	if (progress == -1 && !status && str_blank(note))
		return zf_err_set(err, ZF_EINVAL, "progress",
				  "report progress, a status or a note");
	const char *st_new = status ? status : t.status;
	int p = progress == -1 ? t.progress : progress;
	if (!strcmp(st_new, "done"))
		p = 100;
	if (progress != -1 && progress < t.progress)
		return zf_err_set(err, ZF_EINVAL, "progress",
				  "progress cannot go back (from %d%% to %d%%)", t.progress,
				  progress);
	time_format_iso(time_now(), now, sizeof now);
	sup_today(today);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err,
		       "UPDATE decision_tasks SET progress = ?, status = ?, done_on = ?,"
		       " updated_at = ? WHERE id = ?",
		       "itTti", (int64_t)p, st_new, strcmp(st_new, "done") ? "" : today, now, id);
	if (rc == 0)
		rc = add_history(s, who, id, p, st_new, note, err);
	if (rc == 0) {
		json_t *ch = json_pack("{s:i,s:s,s:i,s:s}", "progress", p, "status", st_new, "was",
				       t.progress, "note", note ? note : "");
		rc = sup_audit(s, who, "progress", "decision_task", id, ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

int decision_milestone_done(struct store *s, const struct actor *who, int64_t task_id,
			    int64_t milestone_id, int64_t unit_id, struct zf_err *err)
{
	struct task_row t;
	char today[11];
	int64_t done;
	bool own;
	int rc = load_task(s, task_id, &t, err);
	if (rc < 0)
		return rc;
	if (unit_id && unit_id != t.unit_id)
		return zf_err_set(err, ZF_EFORBIDDEN, NULL, "task %lld belongs to another unit",
				  (long long)task_id);
	rc = store_query_int(s, err, &done,
			     "SELECT done_on IS NOT NULL FROM decision_milestones WHERE id = ? AND"
			     " task_id = ?",
			     "ii", milestone_id, task_id);
	if (rc == ZF_ENOTFOUND)
		return zf_err_set(err, rc, "milestone", "task %lld has no milestone %lld",
				  (long long)task_id, (long long)milestone_id);
	if (rc < 0)
		return rc;
	if (done)
		return zf_err_set(err, ZF_ECONFLICT, "milestone", "milestone %lld is already done",
				  (long long)milestone_id);
	sup_today(today);
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = store_run(s, err, "UPDATE decision_milestones SET done_on = ? WHERE id = ?", "ti",
		       today, milestone_id);
	if (rc == 0)
		rc = add_history(s, who, task_id, t.progress, t.status, "节点完成", err);
	if (rc == 0) {
		json_t *ch =
		    json_pack("{s:I,s:s}", "milestone", (json_int_t)milestone_id, "done_on", today);
		rc = sup_audit(s, who, "milestone", "decision_task", task_id, ch, err);
		json_decref(ch);
	}
	return store_tx_close(s, own, rc, err);
}

#define TASK_COLS                                                                                  \
	"SELECT t.id, t.decision_id AS \"decision.id\", d.title AS \"decision.title\","            \
	" u.code AS \"unit.code\", u.name AS \"unit.name\", t.title, t.deadline, t.progress,"      \
	" t.status, t.done_on, t.updated_at"                                                       \
	" FROM decision_tasks t JOIN decisions d ON d.id = t.decision_id"                          \
	" JOIN units u ON u.id = t.unit_id"
#define TASK_SPEC "iisssssisSs"

int decision_get(struct store *s, int64_t id, int64_t unit_id, json_t **out, struct zf_err *err)
{
	json_t *arr, *tasks;
	struct stmt *st = store_prepare(
	    s, "SELECT id, title, source, decided_on, created_at FROM decisions WHERE id = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	int rc = sup_rows_json(st, "issss", &arr, err);
	if (rc < 0)
		return rc;
	if (!json_array_size(arr)) {
		json_decref(arr);
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no decision %lld", (long long)id);
	}
	json_t *j = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	st = store_prepare(s,
			   TASK_COLS " WHERE t.decision_id = ? AND (? = 0 OR t.unit_id = ?)"
				     " ORDER BY t.deadline, t.id",
			   err);
	if (!st) {
		json_decref(j);
		return ZF_EINTERNAL;
	}
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, unit_id);
	stmt_bind_int(st, 3, unit_id);
	if ((rc = sup_rows_json(st, TASK_SPEC, &tasks, err)) < 0) {
		json_decref(j);
		return rc;
	}
	if (unit_id && !json_array_size(tasks)) {
		json_decref(tasks);
		json_decref(j);
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no decision %lld", (long long)id);
	}
	json_object_set_new(j, "tasks", tasks);
	*out = j;
	return 0;
}

int decision_list(struct store *s, int64_t after, int limit, json_t **out, struct zf_err *err)
{
	if (limit < 1 || limit > 1000)
		return zf_err_set(err, ZF_EINVAL, "limit", "limit must be 1 to 1000");
	struct stmt *st = store_prepare(
	    s,
	    "SELECT d.id, d.title, d.source, d.decided_on,"
	    " (SELECT count(*) FROM decision_tasks t WHERE t.decision_id = d.id) AS tasks,"
	    " (SELECT count(*) FROM decision_tasks t WHERE t.decision_id = d.id AND"
	    " t.status = 'done') AS done"
	    " FROM decisions d WHERE d.id > ? ORDER BY d.id LIMIT ?",
	    err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, after);
	stmt_bind_int(st, 2, limit);
	return sup_rows_json(st, "isssii", out, err);
}

int decision_task_get(struct store *s, int64_t id, int64_t unit_id, json_t **out,
		      struct zf_err *err)
{
	json_t *arr, *sub;
	struct stmt *st =
	    store_prepare(s, TASK_COLS " WHERE t.id = ? AND (? = 0 OR t.unit_id = ?)", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, id);
	stmt_bind_int(st, 2, unit_id);
	stmt_bind_int(st, 3, unit_id);
	int rc = sup_rows_json(st, TASK_SPEC, &arr, err);
	if (rc < 0)
		return rc;
	if (!json_array_size(arr)) {
		json_decref(arr);
		return zf_err_set(err, ZF_ENOTFOUND, "id", "no task %lld", (long long)id);
	}
	json_t *j = json_incref(json_array_get(arr, 0));
	json_decref(arr);
	static const struct {
		const char *key, *sql, *spec;
	} parts[] = {
	    {"milestones",
	     "SELECT id, name, due_on, done_on FROM decision_milestones WHERE task_id = ?"
	     " ORDER BY due_on, id",
	     "issS"},
	    {"history",
	     "SELECT at, actor, progress, status, note FROM decision_task_history"
	     " WHERE task_id = ? ORDER BY id",
	     "ssiss"},
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

int decision_overdue(struct store *s, int64_t unit_id, json_t **out, struct zf_err *err)
{
	char today[11];
	json_t *arr;
	sup_today(today);
	struct stmt *st = store_prepare(s,
					TASK_COLS " WHERE t.status = 'open' AND t.deadline < ?"
						  " AND (? = 0 OR t.unit_id = ?)"
						  " ORDER BY t.deadline, t.id",
					err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, today);
	stmt_bind_int(st, 2, unit_id);
	stmt_bind_int(st, 3, unit_id);
	int rc = sup_rows_json(st, TASK_SPEC, &arr, err);
	if (rc < 0)
		return rc;
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
	{
		const char *dl = json_string_value(json_object_get(it, "deadline"));
		json_object_set_new(it, "days_overdue", json_integer(sup_days_between(dl, today)));
	}
	*out = arr;
	return 0;
}
