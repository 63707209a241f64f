/* routine_http.c: the routes of integrity routines (S6, S9): the office and inspectors
 * record them for any unit, a unit leader for the own unit; unit accounts read their own. */
#include "supervise/supervise.h"
#include "supervise/supervise_http.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <stdlib.h>
#include <string.h>

static void list_routines(struct http_req *req, struct http_resp *resp)
{
	struct routine_filter f;
	struct zf_err err;
	json_t *arr = NULL;
	int limit;
	int64_t after;
	zf_err_clear(&err);
	memset(&f, 0, sizeof f);
	if (http_page_or_reply(req, resp, SUP_PAGE_DEFAULT, SUP_PAGE_MAX, &limit, &after) < 0 ||
	    sup_unit_filter_or_reply(req, &f.unit_id, resp) < 0)
		return;
	f.kind = sup_query(req, "kind");
	f.from = sup_query(req, "from");
	f.to = sup_query(req, "to");
	if (routine_list(req->db, &f, after, limit, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		sup_reply_page(resp, arr, limit);
}

static void create_routine(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"kind",	   "unit",    "held_on", "title",
					   "participants", "outcome", "people",	 "issues",
					   "resolved",	   NULL};
	struct routine_rec r;
	struct zf_err err;
	const char **people = NULL;
	int64_t id = 0, unit_id = 0;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	memset(&r, 0, sizeof r);
	if (http_only_keys_or_reply(b, keys, resp) == 0 &&
	    http_str_or_reply(b, "kind", &r.kind, resp) == 0 &&
	    http_str_or_reply(b, "unit", &r.unit, resp) == 0 &&
	    http_str_or_reply(b, "held_on", &r.held_on, resp) == 0 &&
	    http_str_or_reply(b, "title", &r.title, resp) == 0 &&
	    http_str_or_reply(b, "participants", &r.participants, resp) == 0 &&
	    http_str_or_reply(b, "outcome", &r.outcome, resp) == 0 &&
	    sup_int_or_reply(b, "issues", 0, 0, 100000, &r.issues, resp) == 0 &&
	    sup_int_or_reply(b, "resolved", 0, 0, 100000, &r.resolved, resp) == 0 &&
	    sup_strs_or_reply(b, "people", &people, resp) == 0) {
		r.people = people;
		int64_t own = sup_scope(req);
		if (own && r.unit &&
		    (sup_unit_id(req->db, "unit", r.unit, true, &unit_id, &err) < 0 ||
		     unit_id != own)) {
			resp_fail(resp, ZF_EFORBIDDEN, "unit",
				  "this account records its own unit's (%s) routines only",
				  req->unit_code);
		} else {
			if (own && !r.unit)
				r.unit = req->unit_code;
			int rc = routine_create(req->db, &req->who, &r, &id, &err);
			sup_reply_created(resp, rc, id, &err);
		}
	}
	free(people);
	json_decref(b);
}

static void update_routine(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"held_on",  "title", "participants", "outcome", "issues",
					   "resolved", NULL};
	struct routine_change c = {.issues = -1, .resolved = -1};
	struct zf_err err;
	json_t *j = NULL;
	int64_t id;
	if (sup_id_or_reply(req, 0, "routine", &id, resp) < 0)
		return;
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	zf_err_clear(&err);
	if (json_object_size(b) == 0) {
		resp_fail(resp, ZF_EINVAL, "body",
			  "give at least one of held_on, title, participants, outcome, issues, "
			  "resolved");
	} else if (http_only_keys_or_reply(b, keys, resp) == 0 &&
		   http_str_or_reply(b, "held_on", &c.held_on, resp) == 0 &&
		   http_str_or_reply(b, "title", &c.title, resp) == 0 &&
		   http_str_or_reply(b, "participants", &c.participants, resp) == 0 &&
		   http_str_or_reply(b, "outcome", &c.outcome, resp) == 0 &&
		   sup_int_or_reply(b, "issues", -1, 0, 100000, &c.issues, resp) == 0 &&
		   sup_int_or_reply(b, "resolved", -1, 0, 100000, &c.resolved, resp) == 0) {
		int rc = routine_update(req->db, &req->who, id, sup_scope(req), &c, &j, &err);
		sup_reply(resp, 200, rc, j, &err);
	}
	json_decref(b);
}

const struct route routine_routes[] = {
    {"GET", "/api/v1/routines", list_routines,
     ROLE_OFFICE | ROLE_INSPECTOR | ROLE_VIEWER | ROLE_UNIT_LEADER | ROLE_UNIT_STAFF, 0,
     "integrity routines (?unit=&kind=&from=&to=)"},
    {"POST", "/api/v1/routines", create_routine, ROLE_OFFICE | ROLE_INSPECTOR | ROLE_UNIT_LEADER, 0,
     "record a meeting, report, talk, tour, audit or inquiry"},
    {"PATCH", "/api/v1/routines/{id}", update_routine,
     ROLE_OFFICE | ROLE_INSPECTOR | ROLE_UNIT_LEADER, 0,
     "correct a routine, or record issues settled since (a unit leader: the own unit's)"},
    {0},
};
