/* eval_http.c: the routes of rounds: their list, creation from the configuration JSON, one
 * round, its life (open, close, publish, reopen) and the five CSV imports of its inputs.
 * JSON in, eval.h calls, JSON out. The results are in eval_results_http.c. */
#include "eval/eval.h"
#include "auth/auth.h"
#include "http/routes.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *param(struct http_req *req, int i)
{
	return i < req->nparams ? req->params[i] : "";
}

/* {code, name, state, created_at, config} of round code, or NULL with err. */
static json_t *round_json(struct store *s, const char *code, struct zf_err *err)
{
	struct eval_round r;
	if (eval_round_get(s, code, &r, err) < 0)
		return NULL;
	json_t *j = json_pack("{s:s,s:s,s:s,s:s,s:o}", "code", r.cfg.code, "name", r.cfg.name,
			      "state", eval_state_name(r.state), "created_at", r.created_at,
			      "config", eval_config_json(&r.cfg));
	eval_round_cleanup(&r);
	return j;
}

/* Replies with round code (status) or the error. */
static void reply_round(struct http_req *req, struct http_resp *resp, int status, int rc,
			const char *code, struct zf_err *err)
{
	json_t *j = rc == 0 ? round_json(req->db, code, err) : NULL;
	if (j)
		resp_json(resp, status, j);
	else
		resp_error(resp, err);
}

static void list_rounds(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *arr = NULL;
	zf_err_clear(&err);
	if (eval_round_list(req->db, &arr, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, json_pack("{s:o}", "items", arr));
}

static void create_round(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *body = http_json_body_or_reply(req, resp);
	char code[EVAL_CODE_MAX];
	if (!body)
		return;
	zf_err_clear(&err);
	const char *c = json_string_value(json_object_get(body, "code"));
	snprintf(code, sizeof code, "%s", c ? c : "");
	int rc = eval_round_create(req->db, &req->who, body, &err);
	json_decref(body);
	reply_round(req, resp, 201, rc, code, &err);
}

static void get_round(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	zf_err_clear(&err);
	reply_round(req, resp, 200, 0, param(req, 0), &err);
}

/* open, close, publish: no body needed (any body is ignored). */
static void move_round(struct http_req *req, struct http_resp *resp, const char *action)
{
	struct zf_err err;
	zf_err_clear(&err);
	int rc = eval_round_transition(req->db, &req->who, param(req, 0), action, NULL, &err);
	reply_round(req, resp, 200, rc, param(req, 0), &err);
}

static void open_round(struct http_req *req, struct http_resp *resp)
{
	move_round(req, resp, "open");
}

static void close_round(struct http_req *req, struct http_resp *resp)
{
	move_round(req, resp, "close");
}

static void publish_round(struct http_req *req, struct http_resp *resp)
{
	move_round(req, resp, "publish");
}

static void reopen_round(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *body = http_json_body_or_reply(req, resp);
	const char *k;
	json_t *v;
	if (!body)
		return;
	json_object_foreach(body, k, v)
	{
		if (strcmp(k, "reason")) {
			resp_fail(resp, ZF_EINVAL, k, "unknown field %s", k);
			json_decref(body);
			return;
		}
	}
	v = json_object_get(body, "reason");
	if (v && !json_is_string(v)) {
		resp_fail(resp, ZF_EINVAL, "reason", "reason must be a string");
		json_decref(body);
		return;
	}
	zf_err_clear(&err);
	int rc = eval_round_transition(req->db, &req->who, param(req, 0), "reopen",
				       json_string_value(v), &err);
	json_decref(body);
	reply_round(req, resp, 200, rc, param(req, 0), &err);
}

/* ---- imports ---- */


/* ?key= as a count 0..10^7 into *out (-1 when absent). Replies 400 and returns -1 on a bad
 * value. */
static int count_or_reply(struct http_req *req, struct http_resp *resp, const char *key, int *out)
{
	const char *v = http_query(req, key);
	char *end;
	*out = -1;
	if (!v || !*v)
		return 0;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (*end || errno || n < 0 || n > 10000000 || *v < '0' || *v > '9') {
		resp_fail(resp, ZF_EINVAL, key, "%s must be a whole number 0 or more", key);
		return -1;
	}
	*out = (int)n;
	return 0;
}

static void run_import(struct http_req *req, struct http_resp *resp, const char *kind)
{
	struct eval_import_opts o = {.issued = -1, .spoiled = -1};
	struct import_report rep;
	struct zf_err err;
	char fname[128], def[64];
	int imported = 0;
	if (!strcmp(kind, "ballots") && (count_or_reply(req, resp, "issued", &o.issued) < 0 ||
					 count_or_reply(req, resp, "spoiled", &o.spoiled) < 0))
		return;
	zf_err_clear(&err);
	snprintf(def, sizeof def, "%s.csv", kind);
	http_upload_name(req, def, fname, sizeof fname);
	import_report_init(&rep, fname);
	o.errors = json_array();
	int rc = eval_import(req->db, &req->who, param(req, 0), kind, fname, req->body,
			     req->body_len, &o, &rep, &imported, &err);
	if (rc == 0) {
		json_t *j = json_pack("{s:i}", "imported", imported);
		if (o.issued >= 0) {
			int spoiled = o.spoiled > 0 ? o.spoiled : 0;
			json_object_set_new(j, "reconciliation",
					    json_pack("{s:i,s:i,s:i,s:i}", "issued", o.issued,
						      "returned", imported + spoiled, "counted",
						      imported, "spoiled", spoiled));
		}
		resp_json(resp, 200, j);
	} else if (rc == ZF_EINVAL && rep.nerrors > 0) {
		resp_json(resp, 400,
			  json_pack("{s:{s:s,s:s},s:O}", "error", "code", "invalid", "message",
				    err.msg, "errors", o.errors));
	} else {
		resp_error(resp, &err);
	}
	json_decref(o.errors);
	import_report_cleanup(&rep);
}

static void import_ballots(struct http_req *req, struct http_resp *resp)
{
	run_import(req, resp, "ballots");
}

static void import_process(struct http_req *req, struct http_resp *resp)
{
	run_import(req, resp, "process");
}

static void import_self(struct http_req *req, struct http_resp *resp)
{
	run_import(req, resp, "self");
}

static void import_survey(struct http_req *req, struct http_resp *resp)
{
	run_import(req, resp, "survey");
}

static void import_adjustments(struct http_req *req, struct http_resp *resp)
{
	run_import(req, resp, "adjustments");
}

#define READ  ROLES_BUSINESS
#define WRITE ROLE_OFFICE

const struct route eval_routes[] = {
    {"GET", "/api/v1/rounds", list_rounds, READ, 0, "list evaluation rounds, newest first"},
    {"POST", "/api/v1/rounds", create_round, WRITE, 0,
     "create a round from its configuration (SCORING.md section 1)"},
    {"GET", "/api/v1/rounds/{code}", get_round, READ, 0, "one round and its configuration"},
    {"POST", "/api/v1/rounds/{code}/open", open_round, WRITE, 0, "open a draft round"},
    {"POST", "/api/v1/rounds/{code}/close", close_round, WRITE, 0,
     "close an open round: its inputs freeze"},
    {"POST", "/api/v1/rounds/{code}/publish", publish_round, WRITE, 0,
     "publish a closed round's results"},
    {"POST", "/api/v1/rounds/{code}/reopen", reopen_round, WRITE, 0,
     "reopen a closed or published round, with a reason"},
    {"POST", "/api/v1/rounds/{code}/import/ballots", import_ballots, WRITE, ROUTE_UPLOAD,
     "import meeting and mutual ballots from CSV (?issued=&spoiled=)"},
    {"POST", "/api/v1/rounds/{code}/import/process", import_process, WRITE, ROUTE_UPLOAD,
     "import process scores from CSV"},
    {"POST", "/api/v1/rounds/{code}/import/self", import_self, WRITE, ROUTE_UPLOAD,
     "import self and efficiency scores from CSV"},
    {"POST", "/api/v1/rounds/{code}/import/survey", import_survey, WRITE, ROUTE_UPLOAD,
     "import survey results from CSV"},
    {"POST", "/api/v1/rounds/{code}/import/adjustments", import_adjustments, WRITE, ROUTE_UPLOAD,
     "import adjustments (deductions, vetoes) from CSV"},
    {0},
};
