/* server.c: libmicrohttpd glue. Collects each request (under a hard body limit), routes it
 * (404 / 405), checks session, role, CSRF and password-change state once for every route,
 * calls the handler, adds the security headers and counts it for /metrics. Paths outside
 * /api/ and /metrics are static files from web/. */
#include "http/server.h"
#include "base/json.h"
#include "http/http.h"
#include "http/metrics.h"
#include "http/proxy.h"
#include "http/routes.h"
#include "auth/auth.h"
#include "eval/eval.h"
#include "supervise/seal.h"
#include "base/log.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#define SESSION_COOKIE "zf_session"

struct server {
	struct MHD_Daemon *d;
	struct writer *writer;
	char *db_path;
	char *web_dir;
	size_t max_body, max_upload;
	int port;
	pthread_key_t db_key;
	const struct route **routes; /* flattened route table */
	int nroutes;
	uint32_t *route_keys; /* route_key() of each route's pattern, 0 when any path may match */
	struct proxy_list *proxies; /* whose X-Forwarded-For is believed; NULL: nobody's */
	/* requests suspended by http_defer and not answered yet, counted without a lock (two
	 * per ballot otherwise, on every worker thread); stop waits for the count to reach 0 */
	atomic_int deferred;
	atomic_bool stopping; /* no more deferring: http_server_stop is waiting for them */
	pthread_mutex_t defer_mu;
	pthread_cond_t defer_cv;
};

struct req_ctx {
	const struct route *route; /* NULL: static file, 404 or 405 */
	int route_idx;
	const char *params[HTTP_MAX_PARAMS];
	char *param_store; /* copy of the path the params point into */
	int nparams;
	int status_hint; /* 404 / 405 when no route */
	char allow[64];	 /* Allow header for 405 */
	struct buf body;
	size_t limit;
	int too_big;
	uint64_t t0;
	/* http_defer */
	struct server *srv;
	struct MHD_Connection *conn;
	bool deferred;
	http_finish_fn finish;
	void *finish_arg;
};

/* ---- the one table mapping error codes to statuses ---- */

int http_status_for(int code)
{
	switch (code) {
	case ZF_OK:
		return 200;
	case ZF_EINVAL:
		return 400;
	case ZF_ENOTFOUND:
		return 404;
	case ZF_ECONFLICT:
		return 409;
	case ZF_EAUTH:
		return 401;
	case ZF_EFORBIDDEN:
		return 403;
	case ZF_ECSRF:
		return 403;
	case ZF_EPWEXPIRED:
		return 403;
	case ZF_ETOOBIG:
		return 413;
	case ZF_ETHROTTLED:
		return 429;
	case ZF_ELOCKED:
		return 423;
	default:
		return 500;
	}
}

/* ---- responses ---- */

void resp_body(struct http_resp *resp, int status, const char *ctype, const void *data, size_t len)
{
	resp->status = status;
	buf_reset(&resp->body);
	buf_append(&resp->body, data, len);
	snprintf(resp->content_type, sizeof resp->content_type, "%s", ctype);
}

void resp_json(struct http_resp *resp, int status, json_t *j)
{
	char *s = json_dumps(j, JSON_COMPACT);
	json_decref(j);
	resp_body(resp, status, "application/json; charset=utf-8", s, strlen(s));
	free(s);
}

void resp_header(struct http_resp *resp, const char *name, const char *value)
{
	if (resp->nheaders >= HTTP_MAX_HEADERS)
		return;
	size_t n = strlen(name) + strlen(value) + 3;
	char *h = xmalloc(n);
	snprintf(h, n, "%s: %s", name, value);
	resp->headers[resp->nheaders++] = h;
}

void resp_attachment(struct http_resp *resp, const char *filename)
{
	char v[160];
	size_t o = (size_t)snprintf(v, sizeof v, "attachment; filename=\"");
	for (const char *p = filename; *p && o + 2 < sizeof v; p++)
		v[o++] = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
				 (*p >= '0' && *p <= '9') || *p == '.' || *p == '-' || *p == '_'
			     ? *p
			     : '_';
	v[o++] = '"';
	v[o] = '\0';
	resp_header(resp, "Content-Disposition", v);
}

/* Replies with j as JSON, or as the CSV / XLSX ?format= asks for, named fname. */
void http_reply_table(struct http_req *req, struct http_resp *resp, json_t *j, http_csv_fn csv,
		      http_xlsx_fn xlsx, const char *fname)
{
	const char *format = http_query(req, "format");
	char disp[160];
	if (!format || !*format || !strcmp(format, "json")) {
		resp_json(resp, 200, j);
		return;
	}
	if (!strcmp(format, "csv")) {
		struct buf b = BUF_INIT;
		csv(j, &b);
		resp_body(resp, 200, "text/csv; charset=utf-8", buf_str(&b), b.len);
		snprintf(disp, sizeof disp, "%s.csv", fname);
		resp_attachment(resp, disp);
		buf_cleanup(&b);
	} else if (!strcmp(format, "xlsx")) {
		char path[] = "/tmp/zuofeng-table-XXXXXX";
		struct zf_err err;
		zf_err_clear(&err);
		int fd = mkstemp(path);
		if (fd < 0) {
			resp_fail(resp, ZF_EIO, NULL, "cannot create a temporary file");
		} else {
			close(fd);
			size_t len = 0;
			char *data = NULL;
			if (xlsx(j, path, &err) < 0)
				resp_error(resp, &err);
			else if (!(data = file_read_all(path, &len)))
				resp_fail(resp, ZF_EIO, NULL, "cannot read the workbook");
			else {
				resp_body(resp, 200,
					  "application/vnd.openxmlformats-officedocument."
					  "spreadsheetml.sheet",
					  data, len);
				snprintf(disp, sizeof disp, "%s.xlsx", fname);
				resp_attachment(resp, disp);
			}
			free(data);
			unlink(path);
		}
	} else {
		resp_fail(resp, ZF_EINVAL, "format", "format must be json, csv or xlsx");
	}
	json_decref(j);
}

void resp_error(struct http_resp *resp, const struct zf_err *err)
{
	json_t *e = json_pack("{s:s,s:s}", "code", zf_err_name(err->code), "message",
			      err->msg[0] ? err->msg : zf_err_name(err->code));
	if (err->msg[0] && err->msg_zh[0])
		json_object_set_new(e, "message_zh", json_string(err->msg_zh));
	if (err->field[0])
		json_object_set_new(e, "field", json_string(err->field));
	if (err->line > 0)
		json_object_set_new(e, "line", json_integer(err->line));
	resp_json(resp, http_status_for(err->code), json_pack("{s:o}", "error", e));
}

void resp_fail(struct http_resp *resp, int code, const char *field, const char *fmt, ...)
{
	struct zf_err err;
	va_list ap;
	zf_err_clear(&err);
	err.code = code;
	va_start(ap, fmt);
	zf_err_vset(&err, code, field, fmt, ap);
	va_end(ap);
	resp_error(resp, &err);
}

/* ---- request accessors ---- */

const char *http_query(struct http_req *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_GET_ARGUMENT_KIND, key);
}

const char *http_header(struct http_req *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, key);
}

void http_upload_name(struct http_req *req, const char *def, char *out, size_t n)
{
	const char *v = http_query(req, "filename");
	snprintf(out, n, "%s", def);
	if (!v)
		return;
	const char *slash = strrchr(v, '/');
	v = slash ? slash + 1 : v;
	size_t len = strlen(v);
	if (len == 0 || len > 100)
		return;
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < ' ' || *p == 0x7f || *p == '\\')
			return;
	snprintf(out, n, "%s", v);
}

const char *http_cookie(struct http_req *req, const char *key)
{
	return MHD_lookup_connection_value(req->conn, MHD_COOKIE_KIND, key);
}

json_t *http_json_body_or_reply(struct http_req *req, struct http_resp *resp)
{
	struct json_read_error je;
	if (req->body_len == 0) {
		resp_fail(resp, ZF_EINVAL, "body", "a JSON object body is required");
		return NULL;
	}
	json_t *j = json_read(req->body, req->body_len, &je);
	if (!j) {
		resp_fail(resp, ZF_EINVAL, "body", "invalid JSON at line %d column %d: %s", je.line,
			  je.column, je.text);
		return NULL;
	}
	if (!json_is_object(j)) {
		json_decref(j);
		resp_fail(resp, ZF_EINVAL, "body", "the body must be a JSON object");
		return NULL;
	}
	return j;
}

int http_only_keys_or_reply(json_t *body, const char *const *keys, struct http_resp *resp)
{
	const char *k;
	json_t *v;
	json_object_foreach(body, k, v)
	{
		bool known = false;
		for (const char *const *p = keys; *p && !known; p++)
			known = !strcmp(*p, k);
		if (!known) {
			resp_fail(resp, ZF_EINVAL, k, "unknown field %s", k);
			return -1;
		}
	}
	return 0;
}

int http_str_or_reply(json_t *body, const char *key, const char **out, struct http_resp *resp)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		resp_fail(resp, ZF_EINVAL, key, "%s must be a string", key);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

json_t *http_strings_or_reply(struct http_req *req, struct http_resp *resp, const char *const *keys,
			      ...)
{
	json_t *b = http_json_body_or_reply(req, resp);
	int rc = b ? http_only_keys_or_reply(b, keys, resp) : -1;
	va_list ap;
	va_start(ap, keys);
	for (const char *const *k = keys; *k && rc == 0; k++)
		rc = http_str_or_reply(b, *k, va_arg(ap, const char **), resp);
	va_end(ap);
	if (rc == 0)
		return b;
	json_decref(b);
	return NULL;
}

int http_page_or_reply(struct http_req *req, struct http_resp *resp, int def, int max, int *limit,
		       int64_t *after)
{
	const char *l = http_query(req, "limit"), *a = http_query(req, "after");
	char *end;
	*limit = def;
	*after = 0;
	if (l) {
		long v = strtol(l, &end, 10);
		if (!*l || *end || v < 1 || v > max) {
			resp_fail(resp, ZF_EINVAL, "limit",
				  "limit must be a whole number from 1 to %d", max);
			return -1;
		}
		*limit = (int)v;
	}
	if (a) {
		errno = 0;
		long long v = strtoll(a, &end, 10);
		if (!*a || *end || v < 0 || errno == ERANGE) {
			resp_fail(resp, ZF_EINVAL, "after", "after must be a whole number >= 0");
			return -1;
		}
		*after = v;
	}
	return 0;
}

/* ---- per-thread database connections ---- */

static void close_db(void *p)
{
	store_close(p);
}

static struct store *thread_db(struct server *srv, struct zf_err *err)
{
	struct store *db = pthread_getspecific(srv->db_key);
	if (db)
		return db;
	if (store_open_plain(srv->db_path, &db, err) < 0)
		return NULL;
	store_unmapped(db);
	pthread_setspecific(srv->db_key, db);
	return db;
}

/* ---- routing ---- */

/* Matches path against pattern; on success fills params (pointing into store). */
static int match(const char *pattern, const char *path, char *store, const char **params,
		 int *nparams)
{
	const char *p = pattern, *s = path;
	char *w = store;
	int n = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *seg = s;
			while (*s && *s != '/')
				s++;
			if (s == seg || n == HTTP_MAX_PARAMS)
				return 0;
			while (*p && *p != '}')
				p++;
			if (*p == '}')
				p++;
			memcpy(w, seg, (size_t)(s - seg));
			params[n++] = w;
			w += s - seg;
			*w++ = '\0';
			continue;
		}
		if (*p != *s)
			return 0;
		p++;
		s++;
	}
	if (*p || *s)
		return 0;
	*nparams = n;
	return 1;
}

/* A hash of the segment that tells the rooms apart: the one after "/api/v1/" (or the first
 * segment of any other path), so that a request is matched only against the routes of its
 * own segment. 0 for a pattern whose segment is a parameter: it is tried for every path. */
static uint32_t route_key(const char *path)
{
	static const char api[] = "/api/v1/";
	const char *s = path;
	uint32_t h = 2166136261u;
	if (!strncmp(s, api, sizeof api - 1))
		s += sizeof api - 1;
	else if (*s == '/')
		s++;
	if (*s == '{')
		return 0;
	for (; *s && *s != '/'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h ? h : 1;
}

static void route_request(struct server *srv, struct req_ctx *ctx, const char *method,
			  const char *url)
{
	uint32_t key = route_key(url);
	size_t len = strlen(url);
	char *tmp = xmalloc(len + HTTP_MAX_PARAMS + 1);
	const char *params[HTTP_MAX_PARAMS];
	int n, path_matched = 0;
	ctx->route_idx = -1;
	ctx->allow[0] = '\0';
	for (int i = 0; i < srv->nroutes; i++) {
		const struct route *r = srv->routes[i];
		if (srv->route_keys[i] && srv->route_keys[i] != key)
			continue;
		if (!match(r->pattern, url, tmp, params, &n))
			continue;
		if (!strcmp(r->method, method) ||
		    (!strcmp(method, "HEAD") && !strcmp(r->method, "GET"))) {
			ctx->route = r;
			ctx->route_idx = i;
			ctx->param_store = tmp;
			memcpy(ctx->params, params, sizeof params);
			ctx->nparams = n;
			return;
		}
		path_matched = 1;
		size_t al = strlen(ctx->allow);
		snprintf(ctx->allow + al, sizeof ctx->allow - al, "%s%s", al ? ", " : "",
			 r->method);
	}
	free(tmp);
	ctx->status_hint = path_matched ? 405 : 404;
}

/* ---- static files ---- */

static const char *mime_for(const char *path)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".json", "application/json; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".ico", "image/x-icon"},
	    {".yaml", "text/yaml; charset=utf-8"},
	    {".txt", "text/plain; charset=utf-8"},
	};
	const char *dot = strrchr(path, '.');
	for (size_t i = 0; dot && i < ARRAY_LEN(types); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

static void serve_static(struct server *srv, const char *url, struct http_resp *resp)
{
	char path[1024];
	struct stat stt;
	if (strstr(url, "..") || strchr(url, '\\') || url[0] != '/') {
		resp_fail(resp, ZF_ENOTFOUND, NULL, "no such page");
		return;
	}
	snprintf(path, sizeof path, "%s%s", srv->web_dir, url);
	if (stat(path, &stt) == 0 && S_ISDIR(stt.st_mode)) {
		size_t l = strlen(path);
		snprintf(path + l, sizeof path - l, "%sindex.html", path[l - 1] == '/' ? "" : "/");
	}
	size_t n;
	char *data = file_read_all(path, &n);
	if (!data) {
		resp_fail(resp, ZF_ENOTFOUND, NULL, "no such page: %s", url);
		return;
	}
	resp_body(resp, 200, mime_for(path), data, n);
	resp_header(resp, "Cache-Control", "no-cache");
	free(data);
}

/* ---- the checks every route declares ---- */

static int authorize(struct http_req *req, const struct route *r, const char *method,
		     struct http_resp *resp)
{
	struct auth_session ss;
	struct zf_err err;
	zf_err_clear(&err);
	const char *tok = http_cookie(req, SESSION_COOKIE);
	int have = tok && auth_session_lookup(req->db, tok, &ss, &err) == 0;

	if (have) {
		auth_actor_from_session(&ss, req->who.addr, &req->who);
		req->role_bit = ss.role_bit;
		snprintf(req->unit_code, sizeof req->unit_code, "%s", ss.unit_code);
	}
	if (r->flags & ROUTE_PUBLIC)
		return 0;
	if (!have) {
		resp_fail(resp, ZF_EAUTH, NULL, "login required");
		return -1;
	}
	if (!(r->roles & ss.role_bit)) {
		resp_fail(resp, ZF_EFORBIDDEN, NULL, "the role %s may not do this", ss.role);
		return -1;
	}
	if (strcmp(method, "GET") && strcmp(method, "HEAD") && !(r->flags & ROUTE_NO_CSRF)) {
		const char *h = http_header(req, "X-CSRF-Token");
		if (!h || strlen(h) != strlen(ss.csrf) ||
		    sodium_memcmp(h, ss.csrf, strlen(ss.csrf)) != 0) {
			resp_fail(resp, ZF_ECSRF, "X-CSRF-Token",
				  "missing or wrong CSRF token (header X-CSRF-Token)");
			return -1;
		}
	}
	if (ss.must_change && !(r->flags & ROUTE_PWCHANGE)) {
		resp_fail(resp, ZF_EPWEXPIRED, "password",
			  ss.pw_expired ? "the password has expired and must be changed first"
					: "the password must be changed before first use");
		return -1;
	}
	return 0;
}

/* Every X-Forwarded-For header of a request, in order, joined with ",". */
static enum MHD_Result gather_xff(void *cls, enum MHD_ValueKind kind, const char *key,
				  const char *value)
{
	struct buf *b = cls;
	(void)kind;
	if (key && value && !strcasecmp(key, "X-Forwarded-For")) {
		if (b->len)
			buf_append(b, ",", 1);
		buf_append(b, value, strlen(value));
	}
	return MHD_YES;
}

/* The client's address: the socket's, or what a trusted proxy forwarded (proxy.h). */
static void client_addr(struct server *srv, struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	snprintf(out, n, "unknown");
	if (!ci || !ci->client_addr)
		return;
	if (ci->client_addr->sa_family == AF_INET)
		inet_ntop(AF_INET, &((struct sockaddr_in *)ci->client_addr)->sin_addr, out,
			  (socklen_t)n);
	else if (ci->client_addr->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((struct sockaddr_in6 *)ci->client_addr)->sin6_addr, out,
			  (socklen_t)n);
	if (!srv->proxies || !proxy_trusted(srv->proxies, out))
		return;
	struct buf xff = BUF_INIT;
	char peer[64];
	MHD_get_connection_values(c, MHD_HEADER_KIND, gather_xff, &xff);
	snprintf(peer, sizeof peer, "%s", out);
	proxy_client_addr(srv->proxies, peer, xff.len ? buf_str(&xff) : NULL, out, n);
	buf_cleanup(&xff);
}

static void add_security_headers(struct MHD_Response *r, int api)
{
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Content-Security-Policy",
				"default-src 'self'; img-src 'self' data:; style-src 'self'; "
				"script-src 'self'; frame-ancestors 'none'; base-uri 'none'; "
				"form-action 'self'");
	if (api)
		MHD_add_response_header(r, "Cache-Control", "no-store");
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct http_resp *resp, int api,
				 const char *allow)
{
	struct MHD_Response *r = MHD_create_response_from_buffer(
	    resp->body.len, resp->body.p ? resp->body.p : (void *)"", MHD_RESPMEM_MUST_COPY);
	if (resp->content_type[0])
		MHD_add_response_header(r, "Content-Type", resp->content_type);
	add_security_headers(r, api);
	if (allow && *allow)
		MHD_add_response_header(r, "Allow", allow);
	for (int i = 0; i < resp->nheaders; i++) {
		char *h = resp->headers[i], *colon = strchr(h, ':');
		if (!colon)
			continue;
		*colon = '\0';
		MHD_add_response_header(r, h, colon + 2);
		*colon = ':';
	}
	enum MHD_Result ret = MHD_queue_response(c, (unsigned)resp->status, r);
	MHD_destroy_response(r);
	return ret;
}

static void resp_cleanup(struct http_resp *resp)
{
	buf_cleanup(&resp->body);
	for (int i = 0; i < resp->nheaders; i++)
		free(resp->headers[i]);
}

static void dispatch(struct server *srv, struct MHD_Connection *c, struct req_ctx *ctx,
		     const char *url, const char *method, struct http_resp *resp)
{
	struct http_req req;
	struct zf_err err;
	memset(&req, 0, sizeof req);
	zf_err_clear(&err);
	req.method = method;
	req.path = url;
	req.conn = c;
	req.priv = ctx;
	snprintf(req.who.username, sizeof req.who.username, "public");
	client_addr(srv, c, req.who.addr, sizeof req.who.addr);

	if (ctx->too_big) {
		resp_fail(resp, ZF_ETOOBIG, "body", "the request body is larger than %zu bytes",
			  ctx->limit);
		return;
	}
	if (!ctx->route) {
		if (ctx->status_hint == 405) {
			resp_fail(resp, ZF_EINVAL, NULL, "method %s is not allowed here", method);
			resp->status = 405;
			return;
		}
		if (strncmp(url, "/api/", 5) && (!strcmp(method, "GET") || !strcmp(method, "HEAD")))
			serve_static(srv, url, resp);
		else
			resp_fail(resp, ZF_ENOTFOUND, NULL, "no such route: %s %s", method, url);
		return;
	}
	req.writer = srv->writer;
	req.db = thread_db(srv, &err);
	if (!req.db) {
		resp_error(resp, &err);
		return;
	}
	req.params[0] = NULL;
	memcpy(req.params, ctx->params, sizeof ctx->params);
	req.nparams = ctx->nparams;
	req.body = ctx->body.p ? ctx->body.p : "";
	req.body_len = ctx->body.len;
	const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
	req.content_type = ct ? ct : "";
	if (authorize(&req, ctx->route, method, resp) < 0)
		return;
	ctx->route->fn(&req, resp);
	if (store_in_tx(req.db)) {
		/* a handler that returns inside a transaction is a bug; never leak the lock */
		zf_log(LOG_ERROR, "handler left a transaction open", "route=\"%s\"",
		       ctx->route->pattern);
		store_rollback(req.db);
	}
	if (resp->status == 0 && !ctx->deferred)
		resp_fail(resp, ZF_EINTERNAL, NULL, "the handler gave no response");
}

/* A deferred request is answered (or gone): the last one wakes a waiting stop. Both sides
 * are sequentially consistent: a stop that saw a count above 0 is woken, and a defer that
 * began after the stop looked sees it stopping. */
static void undefer(struct server *srv)
{
	if (atomic_fetch_sub(&srv->deferred, 1) == 1 && atomic_load(&srv->stopping)) {
		pthread_mutex_lock(&srv->defer_mu);
		pthread_cond_broadcast(&srv->defer_cv);
		pthread_mutex_unlock(&srv->defer_mu);
	}
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_data_size, void **con_cls)
{
	struct server *srv = cls;
	struct req_ctx *ctx = *con_cls;

	if (!ctx) {
		ctx = xcalloc(1, sizeof *ctx);
		ctx->t0 = time_mono_ns();
		route_request(srv, ctx, method, url);
		ctx->limit = ctx->route && (ctx->route->flags & ROUTE_UPLOAD) ? srv->max_upload
									      : srv->max_body;
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > ctx->limit)
			ctx->too_big = 1;
		*con_cls = ctx;
		return MHD_YES; /* answer on a later call: queuing now would close the connection */
	}
	if (*upload_data_size) {
		if (!ctx->too_big && ctx->body.len + *upload_data_size <= ctx->limit)
			buf_append(&ctx->body, upload_data, *upload_data_size);
		else
			ctx->too_big = 1;
		*upload_data_size = 0;
		return MHD_YES;
	}

	struct http_resp resp;
	memset(&resp, 0, sizeof resp);
	if (ctx->deferred) {
		/* resumed: the deferred work is done */
		ctx->finish(ctx->finish_arg, &resp);
		if (resp.status == 0)
			resp_fail(&resp, ZF_EINTERNAL, NULL, "the handler gave no response");
	} else {
		ctx->srv = srv;
		ctx->conn = c;
		dispatch(srv, c, ctx, url, method, &resp);
		if (ctx->deferred) {
			resp_cleanup(&resp);
			return MHD_YES; /* suspended until http_resume */
		}
	}
	int api = !strncmp(url, "/api/", 5);
	enum MHD_Result ret = send_resp(c, &resp, api, resp.status == 405 ? ctx->allow : NULL);
	metrics_observe(ctx->route_idx, method, resp.status, time_mono_ns() - ctx->t0);
	if (resp.status >= 500)
		zf_log(LOG_ERROR, "request failed", "method=%s path=\"%s\" status=%d", method, url,
		       resp.status);
	resp_cleanup(&resp);
	if (ctx->deferred) {
		ctx->deferred = false;
		undefer(srv);
	}
	return ret;
}

struct http_deferred *http_defer(struct http_req *req, http_finish_fn finish, void *arg)
{
	struct req_ctx *ctx = req->priv;
	struct server *srv = ctx->srv;
	atomic_fetch_add(&srv->deferred, 1);
	if (atomic_load(&srv->stopping)) {
		undefer(srv);
		return NULL;
	}
	ctx->deferred = true;
	ctx->finish = finish;
	ctx->finish_arg = arg;
	/* suspended before the work is handed over, so that a resume always follows it */
	MHD_suspend_connection(ctx->conn);
	return (struct http_deferred *)ctx;
}

void http_resume(struct http_deferred *d)
{
	struct req_ctx *ctx = (struct req_ctx *)d;
	MHD_resume_connection(ctx->conn);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	struct req_ctx *ctx = *con_cls;
	struct server *srv = cls;
	if (!ctx)
		return;
	if (ctx->deferred) {
		/* the connection ended before the deferred answer went out: let the handler
		 * release what it holds, and stop counting the request */
		struct http_resp resp;
		memset(&resp, 0, sizeof resp);
		ctx->finish(ctx->finish_arg, &resp);
		resp_cleanup(&resp);
		undefer(srv);
	}
	buf_cleanup(&ctx->body);
	free(ctx->param_store);
	free(ctx);
	*con_cls = NULL;
}

static void collect_route(const struct route *r, void *p)
{
	struct server *srv = p;
	srv->routes = xrealloc(srv->routes, sizeof *srv->routes * (size_t)(srv->nroutes + 1));
	srv->route_keys =
	    xrealloc(srv->route_keys, sizeof *srv->route_keys * (size_t)(srv->nroutes + 1));
	srv->route_keys[srv->nroutes] = route_key(r->pattern);
	srv->routes[srv->nroutes++] = r;
}

static int parse_listen(const char *listen, struct sockaddr_in *sa, struct zf_err *err)
{
	char host[64];
	const char *colon = strrchr(listen, ':');
	char *end;
	if (!colon || (size_t)(colon - listen) >= sizeof host)
		return zf_err_set(err, ZF_EINVAL, "listen", "listen must be ADDR:PORT, not %s",
				  listen);
	memcpy(host, listen, (size_t)(colon - listen));
	host[colon - listen] = '\0';
	long port = strtol(colon + 1, &end, 10);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	if (!colon[1] || *end || port < 0 || port > 65535 ||
	    inet_pton(AF_INET, strcmp(host, "localhost") ? host : "127.0.0.1", &sa->sin_addr) != 1)
		return zf_err_set(err, ZF_EINVAL, "listen",
				  "listen must be an IPv4 ADDR:PORT, not %s", listen);
	sa->sin_port = htons((uint16_t)port);
	return 0;
}

int http_server_start(const struct server_cfg *cfg, struct server **out, struct zf_err *err)
{
	struct sockaddr_in sa;
	struct store *probe;
	int rc;
	if ((rc = parse_listen(cfg->listen, &sa, err)) < 0)
		return rc;
	/* open once here so that a bad path fails now, and migrations run before workers */
	if ((rc = store_open(cfg->db_path, &probe, err)) < 0)
		return rc;
	store_close(probe);
	if (sodium_init() < 0)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "libsodium failed to initialise");
	/* the key that seals complainants (X2) lives outside the database */
	char key_path[4096];
	seal_key_path(cfg->db_path, cfg->keyfile, key_path, sizeof key_path);
	if ((rc = seal_key_load(key_path, true, err)) < 0)
		return rc;

	struct proxy_list *proxies;
	if ((rc = proxy_list_parse(cfg->trusted_proxies, &proxies, err)) < 0)
		return rc;
	struct server *srv = xcalloc(1, sizeof *srv);
	srv->proxies = proxies;
	srv->db_path = xstrdup(cfg->db_path);
	srv->web_dir = xstrdup(cfg->web_dir ? cfg->web_dir : ZF_WEB_DIR);
	srv->max_body = cfg->max_body ? cfg->max_body : 1u << 20;
	srv->max_upload = cfg->max_upload ? cfg->max_upload : 32u << 20;
	pthread_key_create(&srv->db_key, close_db);
	pthread_mutex_init(&srv->defer_mu, NULL);
	pthread_cond_init(&srv->defer_cv, NULL);
	if ((rc = writer_start(srv->db_path, 0, &srv->writer, err)) < 0) {
		http_server_stop(srv);
		return rc;
	}
	routes_warm(srv->writer);
	routes_each(collect_route, srv);
	metrics_init(srv->routes, srv->nroutes);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO |
			 MHD_ALLOW_SUSPEND_RESUME;
	srv->d = MHD_start_daemon(
	    flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)(cfg->threads > 0 ? cfg->threads : 4),
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)(cfg->timeout_s > 0 ? cfg->timeout_s : 30),
	    MHD_OPTION_CONNECTION_LIMIT, 1000u, MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024u,
	    MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_END);
	if (!srv->d) {
		zf_err_set(err, ZF_EIO, "listen", "cannot listen on %s (in use, or not allowed)",
			   cfg->listen);
		http_server_stop(srv);
		return ZF_EIO;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(srv->d, MHD_DAEMON_INFO_BIND_PORT);
	srv->port = di ? di->port : ntohs(sa.sin_port);
	*out = srv;
	return 0;
}

int http_server_port(const struct server *srv)
{
	return srv->port;
}

void http_server_stop(struct server *srv)
{
	if (!srv)
		return;
	/* suspended requests must be answered before the daemon stops (libmicrohttpd's rule);
	 * their work is with the writer, which is still running */
	pthread_mutex_lock(&srv->defer_mu);
	atomic_store(&srv->stopping, true);
	while (srv->d && atomic_load(&srv->deferred) > 0)
		pthread_cond_wait(&srv->defer_cv, &srv->defer_mu);
	pthread_mutex_unlock(&srv->defer_mu);
	if (srv->d)
		MHD_stop_daemon(srv->d);
	writer_stop(srv->writer);
	metrics_cleanup();
	eval_cache_clear();
	pthread_key_delete(srv->db_key);
	free(srv->routes);
	free(srv->route_keys);
	proxy_list_free(srv->proxies);
	free(srv->db_path);
	free(srv->web_dir);
	pthread_mutex_destroy(&srv->defer_mu);
	pthread_cond_destroy(&srv->defer_cv);
	free(srv);
}
