/* eval_more_http.c: the routes of eval_more.h: the indicator library; process, self and
 * adjustment entry one record at a time; accountability proposals and the target
 * assessment figures; the collusion and sensitivity reports. JSON in, eval_more.h calls,
 * JSON out. Unit accounts see and enter their own unit's records only. */
#include "eval/eval_more.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFFICE	  ROLE_OFFICE
#define OFF_INS	  (ROLE_OFFICE | ROLE_INSPECTOR)
#define UNIT_ROLE (ROLE_UNIT_LEADER | ROLE_UNIT_STAFF)
#define RESULTS	  (OFF_INS | UNIT_ROLE | ROLE_VIEWER)

/* ---- request pieces ---- */

static const char *param(struct http_req *req, int i)
{
	return i < req->nparams ? req->params[i] : "";
}

/* Replies with j (stolen), numbers as the ranking shows them (92.49, not 92.4899...). */
static void reply(struct http_resp *resp, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(j);
	resp_body(resp, status, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}

/* Replies with {"items": arr} or the error, by rc. */
static void reply_items(struct http_resp *resp, int rc, json_t *arr, const struct zf_err *err)
{
	if (rc < 0)
		resp_error(resp, err);
	else
		reply(resp, 200, json_pack("{s:o}", "items", arr));
}

/* A string field into *out (NULL when absent). Replies 400 for another type, or when
 * required and absent, and returns -1. */
static int str_or_reply(json_t *body, const char *key, bool required, const char **out,
			struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	if (!v && !required)
		return 0;
	if (!json_is_string(v)) {
		resp_fail(resp, ZF_EINVAL, key, v ? "%s must be a string" : "%s is required", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

/* A number field. With nullable, null (or absence when not required) leaves *has false. */
static int num_or_reply(json_t *body, const char *key, bool required, bool nullable, bool *has,
			double *out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*has = false;
	if (!v && !required)
		return 0;
	if (v && json_is_null(v) && nullable)
		return 0;
	if (!json_is_number(v)) {
		resp_fail(resp, ZF_EINVAL, key,
			  !v	     ? "%s is required"
			  : nullable ? "%s must be a number, or null when missing"
				     : "%s must be a number",
			  key);
		return -1;
	}
	*has = true;
	*out = json_number_value(v);
	return 0;
}

/* A flag: true/false or 0/1; absent gives false. */
static int flag_or_reply(json_t *body, const char *key, bool *out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*out = false;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_integer(v) && (json_integer_value(v) == 0 || json_integer_value(v) == 1)) {
		*out = json_integer_value(v) == 1;
		return 0;
	}
	resp_fail(resp, ZF_EINVAL, key, "%s must be true or false", key);
	return -1;
}

/* ?key= as a number 0-100 into *out (def when absent). Replies 400 and returns -1 when bad. */
static int query_num_or_reply(struct http_req *req, const char *key, double def, double *out,
			      struct http_resp *resp)
{
	const char *v = http_query(req, key);
	char *end;
	*out = def;
	if (!v || !*v)
		return 0;
	errno = 0;
	double d = strtod(v, &end);
	if (*end || errno || !isfinite(d) || d < 0 || d > 100) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be a number of points from 0 to 100", key);
		return -1;
	}
	*out = d;
	return 0;
}

static bool unit_scoped(const struct http_req *req)
{
	return (req->role_bit & ROLES_UNIT_SCOPED) != 0;
}

/* The unit a request is about: a unit account's own (another is 403), or what was asked
 * (may be NULL). Returns -1 after replying. */
static int scoped_unit_or_reply(struct http_req *req, const char *asked, const char **out,
				struct http_resp *resp)
{
	*out = asked && *asked ? asked : NULL;
	if (!unit_scoped(req))
		return 0;
	if (!req->unit_code[0] || (*out && strcmp(*out, req->unit_code))) {
		resp_fail(resp, ZF_EFORBIDDEN, "unit", "this account sees its own unit (%s) only",
			  req->unit_code);
		return -1;
	}
	*out = req->unit_code;
	return 0;
}

/* ---- the indicator library ---- */

static void list_indicators(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	zf_err_clear(&err);
	int rc = eval_library_list(req->db, &arr, &err);
	reply_items(resp, rc, arr, &err);
}

static void reply_indicator(struct http_req *req, struct http_resp *resp, int status,
			    const char *code, int rc, struct zf_err *err)
{
	json_t *j = NULL;
	if (rc == 0)
		rc = eval_library_get(req->db, code, &j, err);
	if (rc < 0)
		resp_error(resp, err);
	else
		reply(resp, status, j);
}

static void create_indicator(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"code", "name", "kind", "description", NULL};
	struct eval_libind in = {.active = -1};
	struct zf_err err;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	if (http_only_keys_or_reply(body, keys, resp) == 0 &&
	    str_or_reply(body, "code", true, &in.code, resp) == 0 &&
	    str_or_reply(body, "name", true, &in.name, resp) == 0 &&
	    str_or_reply(body, "kind", true, &in.kind, resp) == 0 &&
	    str_or_reply(body, "description", true, &in.description, resp) == 0) {
		zf_err_clear(&err);
		int rc = eval_library_create(req->db, &req->who, &in, &err);
		reply_indicator(req, resp, 201, in.code, rc, &err);
	}
	json_decref(body);
}

static void update_indicator(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"code", "name", "kind", "description", "active", NULL};
	struct eval_libind in = {.active = -1};
	struct zf_err err;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	json_t *a = json_object_get(body, "active");
	if (http_only_keys_or_reply(body, keys, resp) < 0 ||
	    str_or_reply(body, "code", false, &in.code, resp) < 0 ||
	    str_or_reply(body, "name", false, &in.name, resp) < 0 ||
	    str_or_reply(body, "kind", false, &in.kind, resp) < 0 ||
	    str_or_reply(body, "description", false, &in.description, resp) < 0)
		goto done;
	if (a && !json_is_boolean(a)) {
		resp_fail(resp, ZF_EINVAL, "active", "active must be true or false");
		goto done;
	}
	if (a)
		in.active = json_is_true(a);
	zf_err_clear(&err);
	int rc = eval_library_update(req->db, &req->who, param(req, 0), &in, &err);
	reply_indicator(req, resp, 200, param(req, 0), rc, &err);
done:
	json_decref(body);
}

/* ---- process scores ---- */

static void put_process(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"unit", "period_type", "period", "score", NULL};
	const char *unit, *type, *period;
	struct zf_err err;
	bool has, created = false;
	double score;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	if (http_only_keys_or_reply(body, keys, resp) == 0 &&
	    str_or_reply(body, "unit", true, &unit, resp) == 0 &&
	    str_or_reply(body, "period_type", true, &type, resp) == 0 &&
	    str_or_reply(body, "period", true, &period, resp) == 0 &&
	    num_or_reply(body, "score", true, false, &has, &score, resp) == 0) {
		zf_err_clear(&err);
		if (eval_process_put(req->db, &req->who, param(req, 0), unit, type, period, score,
				     &created, &err) < 0)
			resp_error(resp, &err);
		else
			reply(resp, created ? 201 : 200,
			      json_pack("{s:s,s:s,s:s,s:f,s:b}", "unit", unit, "period_type", type,
					"period", period, "score", score, "created", created));
	}
	json_decref(body);
}

static void get_process(struct http_req *req, struct http_resp *resp)
{
	const char *unit;
	struct zf_err err;
	json_t *arr = NULL;
	if (scoped_unit_or_reply(req, http_query(req, "unit"), &unit, resp) < 0)
		return;
	zf_err_clear(&err);
	int rc = eval_process_list(req->db, param(req, 0), unit, &arr, &err);
	reply_items(resp, rc, arr, &err);
}

/* ---- self and efficiency scores ---- */

/* Replies with the self row of unit in round (status). */
static void reply_self(struct http_req *req, struct http_resp *resp, const char *unit)
{
	struct zf_err err;
	json_t *arr = NULL;
	zf_err_clear(&err);
	if (eval_self_list(req->db, param(req, 0), unit, &arr, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	json_t *row = json_array_get(arr, 0);
	if (row)
		reply(resp, 200, json_incref(row));
	else
		resp_fail(resp, ZF_ENOTFOUND, "unit", "unit %s has no self-evaluation", unit);
	json_decref(arr);
}

static void put_self(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"unit", "self", "efficiency", NULL};
	struct eval_self_in in = {.confirmed = (req->role_bit & ROLE_OFFICE) != 0};
	const char *asked, *unit;
	struct zf_err err;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	if (http_only_keys_or_reply(body, keys, resp) < 0 ||
	    str_or_reply(body, "unit", !unit_scoped(req), &asked, resp) < 0 ||
	    scoped_unit_or_reply(req, asked, &unit, resp) < 0 ||
	    num_or_reply(body, "self", true, true, &in.has_self, &in.self, resp) < 0 ||
	    num_or_reply(body, "efficiency", true, true, &in.has_eff, &in.eff, resp) < 0)
		goto done;
	zf_err_clear(&err);
	if (eval_self_put(req->db, &req->who, param(req, 0), unit, &in, &err) < 0)
		resp_error(resp, &err);
	else
		reply_self(req, resp, unit);
done:
	json_decref(body);
}

static void get_self(struct http_req *req, struct http_resp *resp)
{
	const char *unit;
	struct zf_err err;
	json_t *arr = NULL;
	if (scoped_unit_or_reply(req, http_query(req, "unit"), &unit, resp) < 0)
		return;
	zf_err_clear(&err);
	int rc = eval_self_list(req->db, param(req, 0), unit, &arr, &err);
	reply_items(resp, rc, arr, &err);
}

static void confirm_self(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	zf_err_clear(&err);
	if (eval_self_confirm(req->db, &req->who, param(req, 0), param(req, 1), &err) < 0)
		resp_error(resp, &err);
	else
		reply_self(req, resp, param(req, 1));
}

/* ---- adjustments ---- */

static void post_adjustment(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"unit",	   "points", "veto",
					   "no_excellent", "reason", NULL};
	struct eval_adjust_in in = {0};
	struct zf_err err;
	bool has;
	int64_t id;
	json_t *body = http_json_body_or_reply(req, resp), *arr = NULL, *e;
	size_t i;
	if (!body)
		return;
	if (http_only_keys_or_reply(body, keys, resp) < 0 ||
	    str_or_reply(body, "unit", true, &in.unit, resp) < 0 ||
	    num_or_reply(body, "points", true, false, &has, &in.points, resp) < 0 ||
	    flag_or_reply(body, "veto", &in.veto, resp) < 0 ||
	    flag_or_reply(body, "no_excellent", &in.no_excellent, resp) < 0 ||
	    str_or_reply(body, "reason", true, &in.reason, resp) < 0)
		goto done;
	zf_err_clear(&err);
	if (eval_adjustment_add(req->db, &req->who, param(req, 0), &in, &id, &err) < 0 ||
	    eval_adjustment_list(req->db, param(req, 0), in.unit, &arr, &err) < 0) {
		resp_error(resp, &err);
		goto done;
	}
	json_t *found = NULL;
	json_array_foreach(arr, i, e)
	{
		if (json_integer_value(json_object_get(e, "id")) == id)
			found = e;
	}
	reply(resp, 201, found ? json_incref(found) : json_pack("{s:I}", "id", (json_int_t)id));
	json_decref(arr);
done:
	json_decref(body);
}

static void get_adjustments(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	zf_err_clear(&err);
	int rc = eval_adjustment_list(req->db, param(req, 0), http_query(req, "unit"), &arr, &err);
	reply_items(resp, rc, arr, &err);
}

/* ---- accountability proposals ---- */

/* {"items": the round's proposals, "needs_review": how many pending ones need review}. */
static json_t *proposals_json(struct http_req *req, const char *round, struct zf_err *err)
{
	json_t *arr = NULL, *e;
	size_t i;
	int review = 0;
	if (eval_proposals_list(req->db, round, &arr, err) < 0)
		return NULL;
	json_array_foreach(arr, i, e)
	{
		review += json_is_true(json_object_get(e, "needs_review")) &&
			  !strcmp(json_string_value(json_object_get(e, "status")), "proposed");
	}
	return json_pack("{s:o,s:i}", "items", arr, "needs_review", review);
}

static void generate_proposals(struct http_req *req, struct http_resp *resp)
{
	struct eval_gen_result g;
	struct zf_err err;
	json_t *j;
	zf_err_clear(&err);
	if (eval_proposals_generate(req->db, &req->who, param(req, 0), &g, &err) < 0 ||
	    !(j = proposals_json(req, param(req, 0), &err))) {
		resp_error(resp, &err);
		return;
	}
	json_object_set_new(j, "created", json_integer(g.created));
	json_object_set_new(j, "updated", json_integer(g.updated));
	json_object_set_new(j, "kept", json_integer(g.kept));
	json_object_set_new(j, "superseded", json_integer(g.superseded));
	reply(resp, 200, j);
}

static void list_proposals(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	zf_err_clear(&err);
	json_t *j = proposals_json(req, param(req, 0), &err);
	if (j)
		reply(resp, 200, j);
	else
		resp_error(resp, &err);
}

/* The proposal id of the path. Replies 404 and returns -1 when it is not an id. */
static int id_or_reply(struct http_req *req, int64_t *id, struct http_resp *resp)
{
	const char *v = param(req, 0);
	char *end;
	errno = 0;
	long long n = strtoll(v, &end, 10);
	if (!*v || *end || errno || n <= 0 || *v < '0' || *v > '9') {
		resp_fail(resp, ZF_ENOTFOUND, "id", "no proposal %s", v);
		return -1;
	}
	*id = n;
	return 0;
}

static void reply_proposal(struct http_req *req, struct http_resp *resp, int64_t id, int rc,
			   struct zf_err *err)
{
	json_t *j = NULL;
	if (rc == 0)
		rc = eval_proposal_get(req->db, id, &j, err);
	if (rc < 0)
		resp_error(resp, err);
	else
		reply(resp, 200, j);
}

static void confirm_proposal(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"measure", "note", NULL};
	const char *measure, *note;
	enum eval_measure m;
	struct zf_err err;
	int64_t id;
	if (id_or_reply(req, &id, resp) < 0)
		return;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	if (http_only_keys_or_reply(body, keys, resp) < 0 ||
	    str_or_reply(body, "measure", true, &measure, resp) < 0 ||
	    str_or_reply(body, "note", false, &note, resp) < 0)
		goto done;
	if (!eval_measure_parse(measure, &m)) {
		resp_fail(
		    resp, ZF_EINVAL, "measure",
		    "measure must be admonishment_talk (诫勉谈话) or organisational_adjustment "
		    "(组织调整)");
		goto done;
	}
	zf_err_clear(&err);
	int rc = eval_proposal_confirm(req->db, &req->who, id, m, note, &err);
	reply_proposal(req, resp, id, rc, &err);
done:
	json_decref(body);
}

static void dismiss_proposal(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"reason", NULL};
	const char *reason;
	struct zf_err err;
	int64_t id;
	if (id_or_reply(req, &id, resp) < 0)
		return;
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	if (http_only_keys_or_reply(body, keys, resp) == 0 &&
	    str_or_reply(body, "reason", true, &reason, resp) == 0) {
		zf_err_clear(&err);
		int rc = eval_proposal_dismiss(req->db, &req->who, id, reason, &err);
		reply_proposal(req, resp, id, rc, &err);
	}
	json_decref(body);
}

static void target_assessment(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	if (eval_target_assessment(req->db, param(req, 0), &j, &err) < 0)
		resp_error(resp, &err);
	else
		reply(resp, 200, j);
}

/* ---- reports ---- */

static void report_collusion(struct http_req *req, struct http_resp *resp)
{
	double t, rt;
	struct zf_err err;
	json_t *j = NULL;
	if (query_num_or_reply(req, "threshold", EVAL_COLLUSION_THRESHOLD, &t, resp) < 0 ||
	    query_num_or_reply(req, "rater_threshold", EVAL_COLLUSION_RATER_THRESHOLD, &rt, resp) <
		0)
		return;
	zf_err_clear(&err);
	if (eval_report_collusion(req->db, param(req, 0), t, rt, &j, &err) < 0)
		resp_error(resp, &err);
	else
		reply(resp, 200, j);
}

static void report_sensitivity(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	if (eval_report_sensitivity(req->db, param(req, 0), &j, &err) < 0)
		resp_error(resp, &err);
	else
		reply(resp, 200, j);
}

const struct route eval_more_routes[] = {
    {"GET", "/api/v1/indicators", list_indicators, ROLES_BUSINESS, 0, "the indicator library (V1)"},
    {"POST", "/api/v1/indicators", create_indicator, OFFICE, 0, "add an indicator to the library"},
    {"PATCH", "/api/v1/indicators/{code}", update_indicator, OFFICE, 0,
     "change an indicator of the library"},
    {"GET", "/api/v1/rounds/{code}/process", get_process, OFF_INS | UNIT_ROLE, 0,
     "a round's process scores (?unit=)"},
    {"PUT", "/api/v1/rounds/{code}/process", put_process, OFFICE, 0,
     "set one process score of a unit and period"},
    {"GET", "/api/v1/rounds/{code}/self", get_self, OFF_INS | UNIT_ROLE, 0,
     "a round's self and efficiency scores (?unit=)"},
    {"PUT", "/api/v1/rounds/{code}/self", put_self, OFFICE | ROLE_UNIT_LEADER, 0,
     "enter a unit's self and efficiency scores (a unit leader's wait for confirmation)"},
    {"POST", "/api/v1/rounds/{code}/self/{unit}/confirm", confirm_self, OFFICE, 0,
     "confirm a unit's self-evaluation"},
    {"GET", "/api/v1/rounds/{code}/adjustments", get_adjustments, OFF_INS, 0,
     "a round's adjustments (?unit=)"},
    {"POST", "/api/v1/rounds/{code}/adjustments", post_adjustment, OFF_INS, 0,
     "add an adjustment by hand, with a reason"},
    {"POST", "/api/v1/rounds/{code}/proposals/generate", generate_proposals, OFFICE, 0,
     "propose accountability for the worst units' main leaders"},
    {"GET", "/api/v1/rounds/{code}/proposals", list_proposals, OFF_INS, 0,
     "a round's accountability proposals"},
    {"POST", "/api/v1/proposals/{id}/confirm", confirm_proposal, OFFICE, 0,
     "confirm a proposal with its measure"},
    {"POST", "/api/v1/proposals/{id}/dismiss", dismiss_proposal, OFFICE, 0,
     "dismiss a proposal with a reason"},
    {"GET", "/api/v1/rounds/{code}/target-assessment", target_assessment, RESULTS, 0,
     "what a published round feeds into the annual target assessment"},
    {"GET", "/api/v1/rounds/{code}/reports/collusion", report_collusion, OFF_INS, 0,
     "mutual-evaluation collusion report"},
    {"GET", "/api/v1/rounds/{code}/reports/sensitivity", report_sensitivity, OFFICE, 0,
     "weight-sensitivity report"},
    {0},
};
