/* http.h: what a route handler sees: the request, the response it fills, and the route
 * table entry that declares its method, path, the roles it admits and its flags. The checks
 * those declarations ask for (session, role, CSRF, body limit) are made once, in server.c,
 * before a handler runs. */
#ifndef ZF_HTTP_HTTP_H
#define ZF_HTTP_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "base/actor.h"
#include "base/buf.h"
#include "base/err.h"
#include "store/store.h"
#include "store/writer.h"

#define HTTP_MAX_PARAMS	 4
#define HTTP_MAX_HEADERS 8

struct http_req {
	const char *method;		     /* "GET", "POST", ... */
	const char *path;		     /* decoded path, no query */
	const char *params[HTTP_MAX_PARAMS]; /* the {…} segments of the pattern, in order */
	int nparams;
	const char *body; /* the whole body, NUL-terminated, or "" */
	size_t body_len;
	const char *content_type; /* "" when absent */
	struct store *db;	  /* this worker thread's connection */
	struct writer *writer;	  /* the group-commit writer (store/writer.h) */
	struct actor who;	  /* the session's account, or "public" */
	unsigned role_bit;	  /* ROLE_* of the session, or 0 */
	char unit_code[32];	  /* a unit-scoped account's unit code, or "" */
	void *conn;		  /* the libmicrohttpd connection (server.c only) */
	void *priv;		  /* the request's context (server.c only) */
};

struct http_resp {
	int status;
	struct buf body;
	char content_type[96];		 /* the longest, XLSX's, is 65 bytes */
	char *headers[HTTP_MAX_HEADERS]; /* "Name: value", owned */
	int nheaders;
};

typedef void (*route_fn)(struct http_req *req, struct http_resp *resp);

enum route_flags {
	ROUTE_PUBLIC = 1 << 0,	 /* no session needed (roles ignored) */
	ROUTE_NO_CSRF = 1 << 1,	 /* state-changing without CSRF token (login only) */
	ROUTE_PWCHANGE = 1 << 2, /* allowed while the account must change its password */
	ROUTE_UPLOAD = 1 << 3,	 /* body may be a file up to the upload limit, not JSON */
};

struct route {
	const char *method;  /* "GET", "POST", "PUT", "PATCH", "DELETE" */
	const char *pattern; /* "/api/v1/units/{code}"; a {name} matches one segment */
	route_fn fn;
	unsigned roles;	     /* ROLE_* bits admitted (auth/auth.h); ignored with ROUTE_PUBLIC */
	unsigned flags;	     /* enum route_flags */
	const char *summary; /* one line, for the route listing */
};

/* Deferred responses, for handlers that hand work to another thread (the group-commit
 * writer) instead of blocking a worker thread while it waits:
 *   d = http_defer(req, finish, arg);  suspends the request; the handler returns at once,
 *                                      leaving the response empty;
 *   http_resume(d);                    from any thread, once, when the work is done;
 *   finish(arg, resp)                  then runs on a worker thread and fills the response.
 * http_defer returns NULL when the server is stopping: the handler then answers at once. */
struct http_deferred;
typedef void (*http_finish_fn)(void *arg, struct http_resp *resp);
struct http_deferred *http_defer(struct http_req *req, http_finish_fn finish, void *arg);
void http_resume(struct http_deferred *d);

/* A query-string parameter of the request, or NULL. Borrowed. */
const char *http_query(struct http_req *req, const char *key);
/* A request header, or NULL. Borrowed. */
const char *http_header(struct http_req *req, const char *key);
/* The file name an upload's messages show: ?filename= (its last path segment, no control
 * characters or backslash, at most 100 bytes), else def. */
void http_upload_name(struct http_req *req, const char *def, char *out, size_t n);
/* A cookie, or NULL. Borrowed. */
const char *http_cookie(struct http_req *req, const char *key);

/* Parses the body as a JSON object. Returns a new reference, or NULL after replying 400
 * with the parse error (the handler then just returns). */
json_t *http_json_body_or_reply(struct http_req *req, struct http_resp *resp);

/* Replies 400 naming the first key of body not in keys (NULL-terminated); returns -1 then,
 * else 0. */
int http_only_keys_or_reply(json_t *body, const char *const *keys, struct http_resp *resp);
/* A string member of body: absent or null leaves *out NULL; another type replies 400 and
 * returns -1. */
int http_str_or_reply(json_t *body, const char *key, const char **out, struct http_resp *resp);
/* The body of a handler whose fields are all strings: a JSON object with no key outside
 * keys (NULL-terminated), each read as http_str_or_reply into the const char ** that follows
 * keys in the same order, one for each key. Returns the body (a new reference, which the
 * strings are borrowed from), or NULL after replying 400 naming the field. */
json_t *http_strings_or_reply(struct http_req *req, struct http_resp *resp, const char *const *keys,
			      ...);

/* Parses ?limit=&after= with limit in 1..max (default def). Replies 400 and returns -1 on a
 * bad value; 0 otherwise. */
int http_page_or_reply(struct http_req *req, struct http_resp *resp, int def, int max, int *limit,
		       int64_t *after);

/* Sets a JSON response; steals the reference to j. */
void resp_json(struct http_resp *resp, int status, json_t *j);
/* Sets a body of the given content type (copied). */
void resp_body(struct http_resp *resp, int status, const char *ctype, const void *data, size_t len);
/* Adds a response header (copied). */
void resp_header(struct http_resp *resp, const char *name, const char *value);
typedef void (*http_csv_fn)(json_t *j, struct buf *b);
typedef int (*http_xlsx_fn)(json_t *j, const char *path, struct zf_err *err);
/* Replies j (stolen) as JSON, or as the CSV / XLSX that ?format= asks for (csv(j) or
 * xlsx(j) into a temporary file), offered for download as fname.csv / fname.xlsx; another
 * format is refused naming field "format". */
void http_reply_table(struct http_req *req, struct http_resp *resp, json_t *j, http_csv_fn csv,
		      http_xlsx_fn xlsx, const char *fname);

/* Names the body a download: Content-Disposition: attachment; filename="NAME", every byte of
 * filename outside A-Z a-z 0-9 . - _ written as '_' (no quote, no line break, no path). */
void resp_attachment(struct http_resp *resp, const char *filename);
/* Replies with the JSON error format for err: {"error":{"code","message","field"[,"line"]}}
 * and the status the one table in server.c maps err->code to. */
void resp_error(struct http_resp *resp, const struct zf_err *err);
/* Shorthand: builds the zf_err and replies with it. */
void resp_fail(struct http_resp *resp, int code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The HTTP status a ZF_E* code maps to. */
int http_status_for(int code);

#endif
