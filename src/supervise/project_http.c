/* project_http.c: the routes of key projects (S2) and their discipline inspectors;
 * unit-scoped accounts read their own unit's projects. */
#include "supervise/supervise.h"
#include "supervise/supervise_http.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <stdlib.h>
#include <string.h>

static void list_projects(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after, unit_id;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, SUP_PAGE_DEFAULT, SUP_PAGE_MAX, &limit, &after) < 0 ||
	    sup_unit_filter_or_reply(req, &unit_id, resp) < 0)
		return;
	if (project_list(req->db, unit_id, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		sup_reply_page(resp, arr, limit);
}

static void get_project(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "project", &id, resp) < 0)
		return;
	int rc = project_get(req->db, id, sup_scope(req), &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void create_project(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"code",    "name",	"unit",	      "starts_on",
					   "ends_on", "budget", "inspectors", NULL};
	struct project_rec r;
	struct zf_err err;
	const char **insp = NULL;
	int64_t id = 0;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	memset(&r, 0, sizeof r);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "code", &r.code, resp) == 0 &&
	    http_str_or_reply(b, "name", &r.name, resp) == 0 &&
	    http_str_or_reply(b, "unit", &r.unit, resp) == 0 &&
	    http_str_or_reply(b, "starts_on", &r.starts_on, resp) == 0 &&
	    http_str_or_reply(b, "ends_on", &r.ends_on, resp) == 0 &&
	    sup_num_or_reply(b, "budget", -1, &r.budget, resp) == 0 &&
	    sup_strs_or_reply(b, "inspectors", &insp, resp) == 0) {
		if (json_object_get(b, "budget") && r.budget < 0) {
			resp_fail(resp, ZF_EINVAL, "budget", "budget must be 0 or more (万元)");
		} else {
			r.inspectors = insp;
			int rc = project_create(req->db, &req->who, &r, &id, &err);
			sup_reply_created(resp, rc, id, &err);
		}
	}
	free(insp);
	json_decref(b);
}

static void add_milestone(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"name", "due_on", NULL};
	struct zf_err err;
	const char *name = NULL, *due = NULL;
	int64_t id, mid = 0;
	if (sup_id_or_reply(req, 0, "project", &id, resp) < 0)
		return;
	json_t *b = http_strings_or_reply(req, resp, keys, &name, &due);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = project_add_milestone(req->db, &req->who, id, name, due, &mid, &err);
	sup_reply_created(resp, rc, mid, &err);
	json_decref(b);
}

static void milestone_done(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	int64_t id, mid;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "project", &id, resp) < 0 ||
	    sup_id_or_reply(req, 1, "milestone", &mid, resp) < 0)
		return;
	int rc = project_milestone_done(req->db, &req->who, id, mid, NULL, &err);
	sup_reply(resp, 200, rc, rc == 0 ? json_pack("{s:I}", "id", (json_int_t)mid) : NULL, &err);
}

static void set_state(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"state", "on", "reason", NULL};
	struct zf_err err;
	const char *state = NULL, *on = NULL, *reason = NULL;
	json_t *j = NULL;
	int64_t id;
	if (sup_id_or_reply(req, 0, "project", &id, resp) < 0)
		return;
	json_t *b = http_strings_or_reply(req, resp, keys, &state, &on, &reason);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = project_set_state(req->db, &req->who, id, state, on, reason, &err);
	if (rc == 0)
		rc = project_get(req->db, id, 0, &j, &err);
	sup_reply(resp, 200, rc, j, &err);
	json_decref(b);
}

static void add_finding(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"found_on", "description", NULL};
	struct zf_err err;
	const char *on = NULL, *desc = NULL;
	int64_t id, fid = 0;
	if (sup_id_or_reply(req, 0, "project", &id, resp) < 0)
		return;
	json_t *b = http_strings_or_reply(req, resp, keys, &on, &desc);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = project_add_finding(req->db, &req->who, id, on, desc, &fid, &err);
	sup_reply_created(resp, rc, fid, &err);
	json_decref(b);
}

static void finding_rectified(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"rectified_on", NULL};
	struct zf_err err;
	const char *on = NULL;
	int64_t id, fid;
	if (sup_id_or_reply(req, 0, "project", &id, resp) < 0 ||
	    sup_id_or_reply(req, 1, "finding", &fid, resp) < 0)
		return;
	json_t *b = http_strings_or_reply(req, resp, keys, &on);
	if (!b)
		return;
	zf_err_clear(&err);
	int rc = project_finding_rectified(req->db, &req->who, id, fid, on, &err);
	sup_reply(resp, 200, rc, rc == 0 ? json_pack("{s:I}", "id", (json_int_t)fid) : NULL, &err);
	json_decref(b);
}

#define READERS (ROLE_OFFICE | ROLE_INSPECTOR | ROLE_VIEWER | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)

const struct route project_routes[] = {
    {"GET", "/api/v1/projects", list_projects, READERS, 0, "key projects (?unit=)"},
    {"POST", "/api/v1/projects", create_project, ROLE_INSPECTOR | ROLE_OFFICE, 0,
     "add a key project with its discipline inspectors"},
    {"GET", "/api/v1/projects/{id}", get_project, READERS, 0,
     "a project with inspectors, milestones and findings"},
    {"POST", "/api/v1/projects/{id}/state", set_state, ROLE_INSPECTOR | ROLE_OFFICE, 0,
     "complete, suspend (with the reason) or resume a project"},
    {"POST", "/api/v1/projects/{id}/milestones", add_milestone, ROLE_INSPECTOR | ROLE_OFFICE, 0,
     "add a milestone"},
    {"POST", "/api/v1/projects/{id}/milestones/{mid}/done", milestone_done,
     ROLE_INSPECTOR | ROLE_OFFICE, 0, "mark a milestone done"},
    {"POST", "/api/v1/projects/{id}/findings", add_finding, ROLE_INSPECTOR, 0,
     "record what the inspectors found"},
    {"POST", "/api/v1/projects/{id}/findings/{fid}/rectified", finding_rectified,
     ROLE_INSPECTOR | ROLE_OFFICE, 0, "record that a finding was put right"},
    {0},
};
