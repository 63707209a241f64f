/* inspection_http.c: the routes of key periods (S1) and of open and covert inspections
 * (明察暗访). Inspection plans are confidential to the office and the inspectors: a covert
 * visit announced to the unit is no longer covert, so unit-scoped accounts see none. */
#include "supervise/supervise.h"
#include "supervise/supervise_http.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <stdlib.h>
#include <string.h>

/* ---- key periods ---- */

static void list_periods(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	zf_err_clear(&err);
	int rc = keyperiod_list(req->db, sup_query(req, "from"), sup_query(req, "to"), &arr, &err);
	sup_reply(resp, 200, rc, rc == 0 ? json_pack("{s:o}", "items", arr) : NULL, &err);
}

static void upcoming_periods(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	const char *d = sup_query(req, "days");
	char *end = NULL;
	long days = d ? strtol(d, &end, 10) : 30;
	zf_err_clear(&err);
	if (d && (*end || days < 0 || days > 366)) {
		resp_fail(resp, ZF_EINVAL, "days", "days must be a whole number from 0 to 366");
		return;
	}
	int rc = keyperiod_upcoming(req->db, (int)days, &arr, &err);
	sup_reply(resp, 200, rc,
		  rc == 0 ? json_pack("{s:i,s:o}", "days", (int)days, "items", arr) : NULL, &err);
}

/* A key period's fields from body into r (absent: NULL, remind_days -1); replies 400 for an
 * unknown key or a wrong type and returns -1. */
static int period_body_or_reply(json_t *b, struct keyperiod_rec *r, struct http_resp *resp)
{
	static const char *const keys[] = {"kind",	  "name", "starts_on", "ends_on",
					   "remind_days", "plan", "focus",     NULL};
	memset(r, 0, sizeof *r);
	return http_only_keys_or_reply(b, keys, resp) == 0 &&
		       http_str_or_reply(b, "kind", &r->kind, resp) == 0 &&
		       http_str_or_reply(b, "name", &r->name, resp) == 0 &&
		       http_str_or_reply(b, "starts_on", &r->starts_on, resp) == 0 &&
		       http_str_or_reply(b, "ends_on", &r->ends_on, resp) == 0 &&
		       sup_int_or_reply(b, "remind_days", -1, 0, 365, &r->remind_days, resp) == 0 &&
		       http_str_or_reply(b, "plan", &r->plan, resp) == 0 &&
		       http_str_or_reply(b, "focus", &r->focus, resp) == 0
		   ? 0
		   : -1;
}

static void create_period(struct http_req *req, struct http_resp *resp)
{
	struct keyperiod_rec r;
	struct zf_err err;
	int64_t id = 0;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	if (period_body_or_reply(b, &r, resp) == 0) {
		int rc = keyperiod_create(req->db, &req->who, &r, &id, &err);
		sup_reply_created(resp, rc, id, &err);
	}
	json_decref(b);
}

static void update_period(struct http_req *req, struct http_resp *resp)
{
	struct keyperiod_rec r;
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	if (sup_id_or_reply(req, 0, "key period", &id, resp) < 0)
		return;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	if (json_object_size(b) == 0) {
		resp_fail(resp, ZF_EINVAL, "body",
			  "give at least one of kind, name, starts_on, ends_on, remind_days, "
			  "plan, focus");
	} else if (period_body_or_reply(b, &r, resp) == 0) {
		int rc = keyperiod_update(req->db, &req->who, id, &r, &j, &err);
		sup_reply(resp, 200, rc, j, &err);
	}
	json_decref(b);
}

static void deactivate_period(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	int64_t id;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "key period", &id, resp) < 0)
		return;
	int rc = keyperiod_deactivate(req->db, &req->who, id, &err);
	sup_reply(resp, 200, rc,
		  rc == 0 ? json_pack("{s:I,s:b}", "id", (json_int_t)id, "active", 0) : NULL, &err);
}

/* ---- inspections ---- */

static void list_inspections(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after, unit_id;
	zf_err_clear(&err);
	if (http_page_or_reply(req, resp, SUP_PAGE_DEFAULT, SUP_PAGE_MAX, &limit, &after) < 0 ||
	    sup_unit_filter_or_reply(req, &unit_id, resp) < 0)
		return;
	if (inspection_list(req->db, unit_id, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		sup_reply_page(resp, arr, limit);
}

static void get_inspection(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	zf_err_clear(&err);
	if (sup_id_or_reply(req, 0, "inspection", &id, resp) < 0)
		return;
	int rc = inspection_get(req->db, id, &j, &err);
	sup_reply(resp, 200, rc, j, &err);
}

static void create_inspection(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"title", "mode",    "planned_on", "plan",
					   "team",  "targets", "key_period", NULL};
	struct inspection_rec r;
	struct zf_err err;
	const char **team = NULL, **targets = NULL;
	int kp = 0;
	int64_t id = 0;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	memset(&r, 0, sizeof r);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "title", &r.title, resp) == 0 &&
	    http_str_or_reply(b, "mode", &r.mode, resp) == 0 &&
	    http_str_or_reply(b, "planned_on", &r.planned_on, resp) == 0 &&
	    http_str_or_reply(b, "plan", &r.plan, resp) == 0 &&
	    sup_int_or_reply(b, "key_period", 0, 1, 2000000000, &kp, resp) == 0 &&
	    sup_strs_or_reply(b, "team", &team, resp) == 0 &&
	    sup_strs_or_reply(b, "targets", &targets, resp) == 0) {
		r.key_period_id = kp;
		r.team = team;
		r.targets = targets;
		int rc = inspection_create(req->db, &req->who, &r, &id, &err);
		sup_reply_created(resp, rc, id, &err);
	}
	free(team);
	free(targets);
	json_decref(b);
}

/* Completing ({"done_on", "summary"}) and cancelling ({"reason"}): the inspection's id, a
 * body of text fields, and the inspection as it then is. */
static void inspection_step(struct http_req *req, struct http_resp *resp, bool cancel)
{
	static const char *const complete_keys[] = {"done_on", "summary", NULL};
	static const char *const cancel_keys[] = {"reason", NULL};
	const char *const *keys = cancel ? cancel_keys : complete_keys;
	struct zf_err err;
	const char *first = NULL, *second = NULL;
	json_t *j = NULL;
	int64_t id;
	if (sup_id_or_reply(req, 0, "inspection", &id, resp) < 0)
		return;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, keys[0], &first, resp) == 0 &&
	    (!keys[1] || http_str_or_reply(b, keys[1], &second, resp) == 0)) {
		int rc = cancel ? inspection_cancel(req->db, &req->who, id, first, &err)
				: inspection_complete(req->db, &req->who, id, first, second, &err);
		if (rc == 0)
			rc = inspection_get(req->db, id, &j, &err);
		sup_reply(resp, 200, rc, j, &err);
	}
	json_decref(b);
}

static void complete_inspection(struct http_req *req, struct http_resp *resp)
{
	inspection_step(req, resp, false);
}

static void cancel_inspection(struct http_req *req, struct http_resp *resp)
{
	inspection_step(req, resp, true);
}

static void add_finding(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"unit",	  "person",    "category", "found_on",
					   "description", "open_case", NULL};
	struct inspection_finding_rec r;
	struct zf_err err;
	char case_no[32] = "";
	int64_t id, fid = 0;
	if (sup_id_or_reply(req, 0, "inspection", &id, resp) < 0)
		return;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	memset(&r, 0, sizeof r);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "unit", &r.unit, resp) == 0 &&
	    http_str_or_reply(b, "person", &r.person, resp) == 0 &&
	    http_str_or_reply(b, "category", &r.category, resp) == 0 &&
	    http_str_or_reply(b, "found_on", &r.found_on, resp) == 0 &&
	    http_str_or_reply(b, "description", &r.description, resp) == 0 &&
	    sup_bool_or_reply(b, "open_case", true, &r.open_case, resp) == 0) {
		int rc = inspection_add_finding(req->db, &req->who, id, &r, &fid, case_no, &err);
		sup_reply(resp, 201, rc,
			  rc == 0 ? json_pack("{s:I,s:s?}", "id", (json_int_t)fid, "case_no",
					      case_no[0] ? case_no : NULL)
				  : NULL,
			  &err);
	}
	json_decref(b);
}

#define PLANNERS (ROLE_OFFICE | ROLE_INSPECTOR)

const struct route keyperiod_routes[] = {
    {"GET", "/api/v1/key-periods/upcoming", upcoming_periods, PLANNERS | ROLE_VIEWER, 0,
     "key periods under way or starting within ?days= (default 30), with reminders"},
    {"GET", "/api/v1/key-periods", list_periods, PLANNERS | ROLE_VIEWER, 0,
     "key periods and links (?from=&to=)"},
    {"POST", "/api/v1/key-periods", create_period, ROLE_OFFICE, 0, "add a key period"},
    {"PATCH", "/api/v1/key-periods/{id}", update_period, ROLE_OFFICE, 0, "change a key period"},
    {"POST", "/api/v1/key-periods/{id}/deactivate", deactivate_period, ROLE_OFFICE, 0,
     "withdraw a key period"},
    {0},
};

const struct route inspection_routes[] = {
    {"GET", "/api/v1/inspections", list_inspections, PLANNERS, 0,
     "inspections (明察暗访) (?unit= targeted)"},
    {"POST", "/api/v1/inspections", create_inspection, ROLE_INSPECTOR, 0,
     "plan an inspection with its team and targets"},
    {"GET", "/api/v1/inspections/{id}", get_inspection, PLANNERS, 0,
     "an inspection with its team, targets and findings"},
    {"POST", "/api/v1/inspections/{id}/complete", complete_inspection, ROLE_INSPECTOR, 0,
     "mark an inspection done"},
    {"POST", "/api/v1/inspections/{id}/cancel", cancel_inspection, ROLE_INSPECTOR, 0,
     "call off a planned inspection, with the reason"},
    {"POST", "/api/v1/inspections/{id}/findings", add_finding, ROLE_INSPECTOR, 0,
     "record a finding; it opens a case (channel inspection)"},
    {0},
};
