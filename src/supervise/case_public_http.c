/* case_public_http.c: the routes a citizen uses without an account (S5, integrity website):
 * file a complaint, named or anonymous, and follow it with the query code handed back.
 * Both are throttled per client address: posting, and guessing query codes. The public
 * view holds the state, the dates and the published reply, never internal detail. */
#include "supervise/case.h"
#include "eval/ballot.h"
#include "http/routes.h"
#include "org/org.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#define POST_LIMIT    10   /* complaints per address ... */
#define POST_WINDOW_S 3600 /* ... per hour */
#define CODE_LIMIT    10   /* unknown query codes per address ... */
#define CODE_WINDOW_S 900  /* ... per 15 minutes */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static struct ballot_throttle *posts, *codes;

static void init_once(void)
{
	posts = ballot_throttle_new(POST_LIMIT, POST_WINDOW_S);
	codes = ballot_throttle_new(CODE_LIMIT, CODE_WINDOW_S);
}

static const char *str_field(json_t *b, const char *k, bool *bad)
{
	json_t *v = json_object_get(b, k);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = true;
		return NULL;
	}
	return json_string_value(v);
}

static void post_complaint(struct http_req *req, struct http_resp *resp)
{
	static const char *const keys[] = {"unit", "subject", "content", "category", "anonymous",
					   "name", "phone",   "id_no",	 NULL};
	struct zf_err err;
	zf_err_clear(&err);
	pthread_once(&once, init_once);
	if (ballot_throttle_blocked(posts, req->who.addr)) {
		resp_fail(resp, ZF_ETHROTTLED, NULL,
			  "too many complaints from this address: try again in an hour, or call "
			  "the hotline");
		return;
	}
	ballot_throttle_fail(posts, req->who.addr); /* every attempt counts */
	json_t *b = http_json_body_or_reply(req, resp);
	if (!b)
		return;
	const char *k;
	json_t *v;
	json_object_foreach(b, k, v)
	{
		bool known = false;
		for (const char *const *p = keys; *p && !known; p++)
			known = !strcmp(*p, k);
		if (!known) {
			resp_fail(resp, ZF_EINVAL, k, "unknown field %s", k);
			json_decref(b);
			return;
		}
	}
	json_t *anon = json_object_get(b, "anonymous");
	if (anon && !json_is_boolean(anon)) {
		resp_fail(resp, ZF_EINVAL, "anonymous", "anonymous must be true or false");
		json_decref(b);
		return;
	}
	bool bad = false, anonymous = json_is_true(anon);
	struct case_new in = {
	    .channel = "website",
	    .unit = str_field(b, "unit", &bad),
	    .subject = str_field(b, "subject", &bad),
	    .content = str_field(b, "content", &bad),
	    .category = str_field(b, "category", &bad),
	    .complainant_name = str_field(b, "name", &bad),
	    .complainant_phone = str_field(b, "phone", &bad),
	    .complainant_id_no = str_field(b, "id_no", &bad),
	};
	if (bad) {
		resp_fail(resp, ZF_EINVAL, NULL,
			  "unit, subject, content, category, name, phone and "
			  "id_no must be strings");
		json_decref(b);
		return;
	}
	if (anonymous) {
		in.complainant_name = in.complainant_phone = in.complainant_id_no = NULL;
	} else if (!in.complainant_name || !*in.complainant_name) {
		resp_fail(resp, ZF_EINVAL, "name",
			  "name is required (or set \"anonymous\": true to file anonymously)");
		json_decref(b);
		return;
	} else if (!in.complainant_phone || !*in.complainant_phone) {
		resp_fail(resp, ZF_EINVAL, "phone",
			  "phone is required (or set \"anonymous\": true to file anonymously)");
		json_decref(b);
		return;
	}
	/* the complainant is not an account, and the audit log keeps no address that could
	 * name an anonymous one */
	struct actor pub = {0};
	snprintf(pub.username, sizeof pub.username, "public");
	snprintf(pub.addr, sizeof pub.addr, "withheld");
	char case_no[CASE_NO_MAX], code[CASE_QUERY_CODE_MAX];
	int rc = case_create(req->db, &in, &pub, case_no, code, &err);
	json_decref(b);
	if (rc < 0) {
		resp_error(resp, &err);
		return;
	}
	resp_json(resp, 201,
		  json_pack("{s:s, s:s, s:s}", "case_no", case_no, "query_code", code, "message",
			    "请妥善保存查询码，凭此码查询办理进度和答复；本站不会再次显示。"));
}

static void get_complaint(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *j = NULL;
	zf_err_clear(&err);
	pthread_once(&once, init_once);
	if (ballot_throttle_blocked(codes, req->who.addr)) {
		resp_fail(
		    resp, ZF_ETHROTTLED, "query_code",
		    "too many unknown query codes from this address: try again in 15 minutes");
		return;
	}
	int rc = case_public_status(req->db, req->nparams ? req->params[0] : "", &j, &err);
	if (rc == ZF_ENOTFOUND)
		ballot_throttle_fail(codes, req->who.addr);
	if (rc < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, j);
}

/* What the public form offers: the active units and the complaint categories. */
static void complaint_form(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	struct org_unit_filter f = {NULL, NULL, 1};
	json_t *units = json_array(), *page = NULL;
	int64_t after = 0;
	zf_err_clear(&err);
	for (;;) {
		if (org_unit_list(req->db, &f, after, 1000, &page, &err) < 0) {
			json_decref(units);
			resp_error(resp, &err);
			return;
		}
		size_t i, n = json_array_size(page);
		json_t *u;
		json_array_foreach(page, i, u)
		{
			json_array_append_new(units, json_pack("{s:O, s:O}", "code",
							       json_object_get(u, "code"), "name",
							       json_object_get(u, "name")));
			after = json_integer_value(json_object_get(u, "id"));
		}
		json_decref(page);
		if (n < 1000)
			break;
	}
	json_t *cats = json_array();
	struct stmt *st = store_prepare(
	    req->db, "SELECT code, name FROM case_categories WHERE active = 1 ORDER BY code", &err);
	while (st && stmt_step(st, &err) == STORE_ROW)
		json_array_append_new(cats, json_pack("{s:s, s:s}", "code", stmt_text(st, 0),
						      "name", stmt_text(st, 1)));
	if (st)
		stmt_reset(st);
	resp_json(resp, 200, json_pack("{s:o, s:o}", "units", units, "categories", cats));
}

const struct route case_public_routes[] = {
    {"GET", "/api/v1/public/complaint-form", complaint_form, 0, ROUTE_PUBLIC,
     "units and categories for the public complaint form"},
    {"POST", "/api/v1/public/complaints", post_complaint, 0, ROUTE_PUBLIC,
     "file a complaint, named or anonymous; returns the case number and query code"},
    {"GET", "/api/v1/public/complaints/{query_code}", get_complaint, 0, ROUTE_PUBLIC,
     "a complaint's state, dates and published reply, by query code"},
    {0},
};
