/* decision_http.c: the routes of decision tracking (跟踪问效, S3): the office breaks
 * decisions into tasks; the responsible units report progress on their own tasks only. */
#include "supervise/supervise.h"
#include "supervise/supervise_http.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <stdlib.h>
#include <string.h>

static void list_decisions(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, SUP_PAGE_DEFAULT, SUP_PAGE_MAX, &limit, &after) < 0)
		return;
	if (decision_list(req->db, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		sup_reply_page(resp, arr, limit);
}

static void get_decision(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "decision", &id, resp) < 0)
		return;
	int rc = decision_get(req->db, id, sup_scope(req), &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void create_decision(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"title", "source", "decided_on", NULL};
	struct zf_err err;
	const char *title = NULL, *source = NULL, *on = NULL;
	int64_t id = 0;
	json_t *b = http_strings_or_reply(req, resp, keys, &title, &source, &on);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = decision_create(req->db, &req->who, title, source, on, &id, &err);
	sup_reply_created(resp, rc, id, &err);
	json_decref(b);
}

static void add_task(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"unit", "title", "deadline", "milestones", NULL};
	struct decision_task_rec r;
	struct zf_err err;
	const char **ms = NULL;
	int64_t id, tid = 0;
	if (sup_id_or_reply(req, 0, "decision", &id, resp) < 0)
		return;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	memset(&r, 0, sizeof r);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "unit", &r.unit, resp) == 0 &&
	    http_str_or_reply(b, "title", &r.title, resp) == 0 &&
	    http_str_or_reply(b, "deadline", &r.deadline, resp) == 0 &&
	    sup_strs_or_reply(b, "milestones", &ms, resp) == 0) {
		r.milestones = ms;
		int rc = decision_add_task(req->db, &req->who, id, &r, &tid, &err);
		sup_reply_created(resp, rc, tid, &err);
	}
	free(ms);
	json_decref(b);
}

static void overdue_tasks(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int64_t unit_id;
	zf_err_clear(&err);
	if (sup_unit_filter_or_reply(req, &unit_id, resp) < 0)
		return;
	int rc = decision_overdue(req->db, unit_id, &arr, &err);
	sup_reply(resp, 200, rc, rc == 0 ? json_pack("{s:o}", "items", arr) : NULL, &err);
}

static void get_task(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "task", &id, resp) < 0)
		return;
	int rc = decision_task_get(req->db, id, sup_scope(req), &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void task_progress(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"progress", "status", "note", NULL};
	struct zf_err err;
	const char *status = NULL, *note = NULL;
	int progress;
	json_t *j = NULL;
	int64_t id;
	if (sup_id_or_reply(req, 0, "task", &id, resp) < 0)
		return;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    sup_int_or_reply(b, "progress", -1, 0, 100, &progress, resp) == 0 &&
	    http_str_or_reply(b, "status", &status, resp) == 0 &&
	    http_str_or_reply(b, "note", &note, resp) == 0) {
		int rc = decision_task_progress(req->db, &req->who, id, sup_scope(req), progress,
						status, note, &err);
		if (rc == 0)
			rc = decision_task_get(req->db, id, 0, &j, &err);
		sup_reply(resp, 200, rc, j, &err);
	}
	json_decref(b);
}

static void task_milestone_done(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	int64_t id, mid;
	json_t *j = NULL;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "task", &id, resp) < 0 ||
	    sup_id_or_reply(req, 1, "milestone", &mid, resp) < 0)
		return;
	int rc = decision_milestone_done(req->db, &req->who, id, mid, sup_scope(req), &err);
	if (rc == 0)
		rc = decision_task_get(req->db, id, 0, &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

#define READERS (ROLE_OFFICE | ROLE_INSPECTOR | ROLE_VIEWER)
#define UNITS	(ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)

const struct route decision_routes[] = {
    {"GET", "/api/v1/decisions/tasks/overdue", overdue_tasks, READERS | UNITS, 0,
     "open tasks past their deadline (?unit=)"},
    {"GET", "/api/v1/decisions/tasks/{id}", get_task, READERS | UNITS, 0,
     "a task with its milestones and history"},
    {"POST", "/api/v1/decisions/tasks/{id}/progress", task_progress, ROLE_OFFICE | UNITS, 0,
     "report progress on a task (its unit, or the office)"},
    {"POST", "/api/v1/decisions/tasks/{id}/milestones/{mid}/done", task_milestone_done,
     ROLE_OFFICE | UNITS, 0, "mark a task's milestone done"},
    {"GET", "/api/v1/decisions", list_decisions, READERS, 0, "decisions being tracked"},
    {"POST", "/api/v1/decisions", create_decision, ROLE_OFFICE, 0, "add a decision"},
    {"GET", "/api/v1/decisions/{id}", get_decision, READERS | UNITS, 0,
     "a decision and its tasks (a unit's own tasks for unit accounts)"},
    {"POST", "/api/v1/decisions/{id}/tasks", add_task, ROLE_OFFICE, 0,
     "break a decision into a task for a unit"},
    {0},
};
