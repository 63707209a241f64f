/* apitest.h: HTTP tests against a real zuofeng server on an ephemeral loopback port, in
 * the test's own process, driven with libcurl. */
#ifndef ZF_TESTS_APITEST_H
#define ZF_TESTS_APITEST_H

#include "testutil.h"

#include <jansson.h>

#include "http/server.h"

struct api {
	struct server *srv;
	int port;
	char path[256];	  /* database file */
	struct store *db; /* a connection of the test's own, for set-up and checks */
};

struct client {
	char cookie[160]; /* "zf_session=..." once logged in */
	char csrf[80];
	char addr[48]; /* sent as X-Forwarded-For when set (a gateway's client) */
};

struct api_resp {
	long status;
	char *body;
	size_t len;
	json_t *json; /* parsed body when it is JSON, else NULL */
	char headers[4096];
};

/* Fresh database, server on 127.0.0.1:0 (max_body 64 KiB so limits are quick to reach). */
void api_start(struct api *a);
/* The same, with the server believing X-Forwarded-For from the proxies listed. */
void api_start_trusting(struct api *a, const char *trusted_proxies);
void api_stop(struct api *a);

/* Creates an account directly (no password policy, no forced change) with password pw. */
void api_user(struct api *a, const char *username, const char *role, const char *unit,
	      const char *pw);

/* Sends a request. body may be NULL; ctype defaults to application/json. The client's
 * cookie and CSRF token are sent when set. Fills out (api_resp_cleanup frees it). */
void api_call(struct api *a, struct client *c, const char *method, const char *path,
	      const char *body, const char *ctype, struct api_resp *out);
void api_resp_cleanup(struct api_resp *r);

/* Logs in (asserting 200) and keeps the cookie and CSRF token in c. */
void api_login(struct api *a, struct client *c, const char *username, const char *pw);

/* The value of a response header (case-insensitive name) into out, or "" . */
void api_header(const struct api_resp *r, const char *name, char *out, size_t n);

/* The error code string of a JSON error body, or "". */
const char *api_error_code(const struct api_resp *r);

/* A copy of s (free it) with every ' turned into ", for JSON written in C strings. */
char *api_dq(const char *s);
/* The integer a query answers on the test's own connection (failing the test on error). */
int64_t api_count(struct api *a, const char *q);
/* Creates a round from config (JSON with ' for ", a %s where its code goes) as who, and
 * moves it to state: draft, open or closed. */
void api_round(struct api *a, const struct actor *who, const char *config, const char *code,
	       const char *state);

#endif
