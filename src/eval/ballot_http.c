/* ballot_http.c: JSON <-> ballot.h: casting ballots with a token (public), the ballot form,
 * the published receipts and their check, and the mutual evaluation by unit accounts. */
#include "eval/ballot.h"
#include "auth/auth.h"
#include "base/util.h"
#include "http/routes.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define THROTTLE_LIMIT	  20  /* unknown tokens per address ... */
#define THROTTLE_WINDOW_S 900 /* ... per 15 minutes */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pthread_key_t cache_key;
static struct ballot_throttle *throttle;

static void cache_destroy(void *p)
{
	ballot_cache_free(p);
}

static void init_once(void)
{
	pthread_key_create(&cache_key, cache_destroy);
	throttle = ballot_throttle_new(THROTTLE_LIMIT, THROTTLE_WINDOW_S);
}

/* This worker thread's parsed rounds (freed when the thread ends). */
static struct ballot_cache *thread_cache(void)
{
	pthread_once(&once, init_once);
	struct ballot_cache *c = pthread_getspecific(cache_key);
	if (!c) {
		c = ballot_cache_new();
		pthread_setspecific(cache_key, c);
	}
	return c;
}

/* Replies 429 when this address has guessed too many tokens. */
static int throttled_or_reply(struct http_req *req, struct http_resp *resp)
{
	pthread_once(&once, init_once);
	if (!ballot_throttle_blocked(throttle, req->who.addr))
		return 0;
	resp_fail(resp, ZF_ETHROTTLED, "token",
		  "too many unknown tokens from this address: try again in 15 minutes");
	return -1;
}

/* Replies with err, counting an unknown token against the address. */
static void token_error(struct http_req *req, struct http_resp *resp, const struct zf_err *err)
{
	if (err->code == ZF_ENOTFOUND && !strcmp(err->field, "token"))
		ballot_throttle_fail(throttle, req->who.addr);
	resp_error(resp, err);
}

/* A cast handed to the writer while its request waits, suspended, without holding a worker
 * thread: the writer groups many such casts in one durable commit. */
struct pending {
	struct ballot_cast c;
	struct http_deferred *d;
	int rc;
	struct zf_err err;
};

/* On the writer thread, once the cast's group is durable (or the cast failed). */
static void cast_done(void *arg, int rc, const struct zf_err *err)
{
	struct pending *p = arg;
	p->rc = rc;
	if (rc < 0)
		p->err = *err;
	http_resume(p->d);
}

/* On a worker thread: the answer, 201 only after the commit. */
static void cast_finish(void *arg, struct http_resp *resp)
{
	struct pending *p = arg;
	char body[96];
	if (p->rc < 0) {
		resp_error(resp, &p->err);
	} else {
		/* {"accepted": N, "receipt": CODE | null}, written directly: the code is base32
		 * and dashes, nothing to escape */
		int n =
		    snprintf(body, sizeof body, "{\"accepted\":%d,\"receipt\":%s%s%s}", p->c.nitems,
			     p->c.receipt ? "\"" : "", p->c.receipt ? p->c.receipt_code : "null",
			     p->c.receipt ? "\"" : "");
		resp_body(resp, 201, "application/json; charset=utf-8", body, (size_t)n);
	}
	ballot_cast_cleanup(&p->c);
	free(p);
}

/* Hands a prepared cast (moved into the pending record) to the writer and answers after. */
static void commit_cast(struct http_req *req, struct http_resp *resp, struct ballot_cast *c)
{
	struct pending *p = xcalloc(1, sizeof *p);
	p->c = *c;
	memset(c, 0, sizeof *c);
	p->d = http_defer(req, cast_finish, p);
	if (!p->d) { /* the server is stopping: wait here */
		p->rc = ballot_cast_commit(req->writer, &p->c, &p->err);
		cast_finish(p, resp);
		return;
	}
	if (ballot_cast_commit_async(req->writer, &p->c, cast_done, p, &p->err) < 0) {
		p->rc = p->err.code ? p->err.code : ZF_EIO;
		http_resume(p->d);
	}
}

/* POST /api/v1/ballots {"round", "token", "ballots": [...], "receipt"} */
static void post_ballots(struct http_req *req, struct http_resp *resp)
{
	struct ballot_cast c;
	struct zf_err err;
	struct ballot_body b;
	struct ballot_submission sub;
	zf_err_clear(&err);
	if (ballot_body_read(req->body, req->body_len, &b) == 0) {
		/* the usual submission, read without a JSON tree; one refused there is read again
		 * below, which names the fault (a body of this shape passes
		 * ballot_submission_check, so the throttle comes at the same point) */
		if (throttled_or_reply(req, resp) < 0) {
			ballot_body_cleanup(&b);
			return;
		}
		int rc = ballot_prepare_body(req->db, thread_cache(), &b, &c);
		ballot_body_cleanup(&b);
		if (rc == 0) {
			commit_cast(req, resp, &c);
			return;
		}
	}
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	if (ballot_submission_check(body, &sub, &err) < 0) {
		resp_error(resp, &err);
	} else if (throttled_or_reply(req, resp) == 0) {
		if (ballot_prepare_token(req->db, thread_cache(), sub.round, sub.token, sub.ballots,
					 sub.receipt, &c, &err) < 0)
			token_error(req, resp, &err);
		else
			commit_cast(req, resp, &c);
	}
	json_decref(body);
}

/* GET /api/v1/public/ballot?round=R&token=T: the form, without spending the token. */
static void get_form(struct http_req *req, struct http_resp *resp)
{
	const char *round = http_query(req, "round"), *token = http_query(req, "token");
	struct zf_err err;
	json_t *form;
	zf_err_clear(&err);
	if (!token || !*token) {
		resp_fail(resp, ZF_EINVAL, "token", "the token is required (?token=)");
		return;
	}
	if (throttled_or_reply(req, resp) < 0)
		return;
	if (ballot_form_token(req->db, thread_cache(), round && *round ? round : NULL, token, &form,
			      &err) < 0)
		token_error(req, resp, &err);
	else
		resp_json(resp, 200, form);
}

/* GET /api/v1/rounds/{code}/receipts?after=HEX&limit=N */
static void get_receipts(struct http_req *req, struct http_resp *resp)
{
	const char *l = http_query(req, "limit");
	struct zf_err err;
	json_t *out;
	char *end;
	long limit = 10000;
	zf_err_clear(&err);
	if (l) {
		limit = strtol(l, &end, 10);
		if (!*l || *end || limit < 1 || limit > 100000) {
			resp_fail(resp, ZF_EINVAL, "limit",
				  "limit must be a whole number 1-100000");
			return;
		}
	}
	if (ballot_receipts_list(req->db, req->params[0], http_query(req, "after"), (int)limit,
				 &out, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, out);
}

/* GET /api/v1/public/receipts/{code}?receipt=XXXX */
static void get_receipt_check(struct http_req *req, struct http_resp *resp)
{
	const char *code = http_query(req, "receipt");
	struct zf_err err;
	bool counted;
	zf_err_clear(&err);
	if (!code || !*code) {
		resp_fail(resp, ZF_EINVAL, "receipt", "the receipt code is required (?receipt=)");
		return;
	}
	if (ballot_receipt_check(req->db, req->params[0], code, &counted, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200,
			  json_pack("{s:s,s:b}", "round", req->params[0], "counted", counted));
}

/* GET /api/v1/rounds/{code}/mutual: the account's mutual-evaluation form. */
static void get_mutual(struct http_req *req, struct http_resp *resp)
{
	struct zf_err err;
	json_t *form;
	zf_err_clear(&err);
	if (ballot_form_mutual(req->db, thread_cache(), req->params[0], &req->who, &form, &err) < 0)
		resp_error(resp, &err);
	else
		resp_json(resp, 200, form);
}

/* POST /api/v1/rounds/{code}/mutual {"ballots": [...], "receipt"} */
static void post_mutual(struct http_req *req, struct http_resp *resp)
{
	struct ballot_cast c;
	struct ballot_submission sub;
	struct zf_err err;
	zf_err_clear(&err);
	json_t *body = http_json_body_or_reply(req, resp);
	if (!body)
		return;
	if (ballot_mutual_check(body, &sub, &err) < 0 ||
	    ballot_prepare_mutual(req->db, thread_cache(), req->params[0], &req->who, sub.ballots,
				  sub.receipt, &c, &err) < 0)
		resp_error(resp, &err);
	else
		commit_cast(req, resp, &c);
	json_decref(body);
}

const struct route ballot_routes[] = {
    {.method = "POST",
     .pattern = "/api/v1/ballots",
     .fn = post_ballots,
     .flags = ROUTE_PUBLIC,
     .summary = "cast ballots with a token"},
    {.method = "GET",
     .pattern = "/api/v1/public/ballot",
     .fn = get_form,
     .flags = ROUTE_PUBLIC,
     .summary = "the ballot form of a token, without spending it"},
    {.method = "GET",
     .pattern = "/api/v1/rounds/{code}/receipts",
     .fn = get_receipts,
     .flags = ROUTE_PUBLIC,
     .summary = "the published receipt hashes of a round"},
    {.method = "GET",
     .pattern = "/api/v1/public/receipts/{code}",
     .fn = get_receipt_check,
     .flags = ROUTE_PUBLIC,
     .summary = "whether a receipt code was counted"},
    {.method = "GET",
     .pattern = "/api/v1/rounds/{code}/mutual",
     .fn = get_mutual,
     .roles = ROLE_UNIT_LEADER | ROLE_UNIT_STAFF,
     .summary = "the account's mutual-evaluation form"},
    {.method = "POST",
     .pattern = "/api/v1/rounds/{code}/mutual",
     .fn = post_mutual,
     .roles = ROLE_UNIT_LEADER | ROLE_UNIT_STAFF,
     .summary = "cast the account's mutual evaluation"},
    {0},
};
