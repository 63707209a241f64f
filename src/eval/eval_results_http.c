/* eval_results_http.c: a round's results over HTTP: the ranking (JSON or CSV) and one
 * unit's scorecard. The office and the inspector see them in any state of the round; unit
 * accounts and viewers only once the round is published, and unit accounts only their own
 * unit's scorecard. */
#include "auth/auth.h"
#include "base/util.h"
#include "eval/eval.h"
#include "http/routes.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALWAYS	      (ROLE_OFFICE | ROLE_INSPECTOR)
#define AFTER_PUBLISH (ROLE_UNIT_LEADER | ROLE_UNIT_STAFF | ROLE_VIEWER)

static const char *param(struct http_req *req, int i)
{
	return i < req->nparams ? req->params[i] : "";
}

/* Replies 404 for an unknown round and 403 when the account may not see its results yet.
 * Returns 0 when the handler may go on. */
static int visible_or_reply(struct http_req *req, const char *code, struct http_resp *resp)
{
	struct eval_round r;
	struct zf_err err;
	zf_err_clear(&err);
	if (eval_round_get(req->db, code, &r, &err) < 0) {
		resp_error(resp, &err);
		return -1;
	}
	bool published = r.state == ES_PUBLISHED;
	eval_round_cleanup(&r);
	if ((req->role_bit & ALWAYS) || published)
		return 0;
	resp_fail(resp, ZF_EFORBIDDEN, "round", "the results of round %s are not published yet",
		  code);
	return -1;
}

/* Replies with j (stolen) as JSON, numbers as the CSV shows them (92.49, not
 * 92.489999999999995). */
static void reply_json(struct http_resp *resp, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
	json_decref(j);
	resp_body(resp, 200, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}

static void get_results(struct http_req *req, struct http_resp *resp)
{
	const char *code = param(req, 0), *format = http_query(req, "format");
	const struct eval_ranking *rk;
	struct zf_err err;
	if (!format || !*format)
		format = "json";
	if (strcmp(format, "json") && strcmp(format, "csv")) {
		resp_fail(resp, ZF_EINVAL, "format", "format must be json or csv");
		return;
	}
	if (visible_or_reply(req, code, resp) < 0)
		return;
	zf_err_clear(&err);
	if (eval_rank_shared(req->db, code, &rk, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	if (!strcmp(format, "csv")) {
		struct buf b = BUF_INIT;
		char name[EVAL_CODE_MAX + 16];
		snprintf(name, sizeof name, "rank-%s.csv", code);
		eval_ranking_csv(rk, &b);
		resp_body(resp, 200, "text/csv; charset=utf-8", buf_str(&b), b.len);
		resp_attachment(resp, name);
		buf_cleanup(&b);
	} else {
		reply_json(resp, eval_ranking_json(rk));
	}
	eval_ranking_release(rk);
}

static void get_scorecard(struct http_req *req, struct http_resp *resp)
{
	const char *code = param(req, 0), *unit = param(req, 1);
	const struct eval_ranking *rk;
	struct zf_err err;
	if ((req->role_bit & ROLES_UNIT_SCOPED) && strcmp(unit, req->unit_code)) {
		resp_fail(resp, ZF_EFORBIDDEN, "unit", "this account sees its own unit (%s) only",
			  req->unit_code);
		return;
	}
	if (visible_or_reply(req, code, resp) < 0)
		return;
	zf_err_clear(&err);
	if (eval_rank_shared(req->db, code, &rk, &err) < 0) {
		resp_error(resp, &err);
		return;
	}
	const struct eval_rank_row *row = eval_ranking_find(rk, unit);
	if (row)
		reply_json(resp, eval_scorecard_json(rk, row));
	else
		resp_fail(resp, ZF_ENOTFOUND, "unit", "unit %s is not ranked in round %s", unit,
			  code);
	eval_ranking_release(rk);
}

const struct route eval_results_routes[] = {
    {"GET", "/api/v1/rounds/{code}/results", get_results, ALWAYS | AFTER_PUBLISH, 0,
     "a round's ranking (?format=json|csv)"},
    {"GET", "/api/v1/rounds/{code}/units/{unit}/scorecard", get_scorecard, ALWAYS | AFTER_PUBLISH,
     0, "one unit's scorecard in a round"},
    {0},
};
