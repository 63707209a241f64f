/* apitest.c: a real server in process and a libcurl client for the HTTP tests. */
#include "apitest.h"
#include "auth/auth.h"
#include "eval/eval.h"

#include <curl/curl.h>
#include <strings.h>

void api_start(struct api *a)
{
	api_start_trusting(a, NULL);
}

void api_start_trusting(struct api *a, const char *trusted_proxies)
{
	struct zf_err err;
	memset(a, 0, sizeof *a);
	a->db = test_db(a->path);
	struct server_cfg cfg = {
	    .db_path = a->path,
	    .listen = "127.0.0.1:0",
	    .threads = 2,
	    .max_body = 64 * 1024,
	    .max_upload = 256 * 1024,
	    .trusted_proxies = trusted_proxies,
	};
	if (http_server_start(&cfg, &a->srv, &err) < 0)
		fail_msg("server: %s", err.msg);
	a->port = http_server_port(a->srv);
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

void api_stop(struct api *a)
{
	http_server_stop(a->srv);
	test_db_drop(a->db, a->path);
	curl_global_cleanup();
}

void api_user(struct api *a, const char *username, const char *role, const char *unit,
	      const char *pw)
{
	struct zf_err err;
	struct actor who = test_actor("test");
	struct auth_user_new u = {
	    .username = username,
	    .role = role,
	    .unit_code = unit,
	    .password = pw,
	    .must_change = false,
	    .demo_password = true,
	};
	if (auth_user_add(a->db, &who, &u, &err) < 0)
		fail_msg("user %s: %s", username, err.msg);
}

static size_t on_body(char *p, size_t size, size_t n, void *ud)
{
	struct api_resp *r = ud;
	size_t len = size * n;
	r->body = realloc(r->body, r->len + len + 1);
	memcpy(r->body + r->len, p, len);
	r->len += len;
	r->body[r->len] = '\0';
	return len;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
	struct api_resp *r = ud;
	size_t len = size * n, have = strlen(r->headers);
	if (have + len < sizeof r->headers) {
		memcpy(r->headers + have, p, len);
		r->headers[have + len] = '\0';
	}
	return len;
}

void api_call(struct api *a, struct client *c, const char *method, const char *path,
	      const char *body, const char *ctype, struct api_resp *out)
{
	char url[1024], h[256];
	struct curl_slist *hl = NULL;
	CURL *curl = curl_easy_init();
	memset(out, 0, sizeof *out);
	snprintf(url, sizeof url, "http://127.0.0.1:%d%s", a->port, path);
	curl_easy_setopt(curl, CURLOPT_URL, url);
	curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, method);
	if (!strcmp(method, "HEAD"))
		curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
	if (body) {
		curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body);
		curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE, (long)strlen(body));
		snprintf(h, sizeof h, "Content-Type: %s", ctype ? ctype : "application/json");
		hl = curl_slist_append(hl, h);
	}
	if (c && c->cookie[0])
		curl_easy_setopt(curl, CURLOPT_COOKIE, c->cookie);
	if (c && c->csrf[0]) {
		snprintf(h, sizeof h, "X-CSRF-Token: %s", c->csrf);
		hl = curl_slist_append(hl, h);
	}
	if (c && c->addr[0]) {
		snprintf(h, sizeof h, "X-Forwarded-For: %s", c->addr);
		hl = curl_slist_append(hl, h);
	}
	hl = curl_slist_append(hl, "Expect:");
	curl_easy_setopt(curl, CURLOPT_HTTPHEADER, hl);
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, out);
	curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(curl, CURLOPT_HEADERDATA, out);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 60L);
	CURLcode rc = curl_easy_perform(curl);
	if (rc != CURLE_OK)
		fail_msg("%s %s: %s", method, path, curl_easy_strerror(rc));
	curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out->status);
	curl_slist_free_all(hl);
	curl_easy_cleanup(curl);
	if (out->body)
		out->json = json_loadb(out->body, out->len, 0, NULL);
}

void api_resp_cleanup(struct api_resp *r)
{
	free(r->body);
	json_decref(r->json);
	memset(r, 0, sizeof *r);
}

void api_header(const struct api_resp *r, const char *name, char *out, size_t n)
{
	const char *p = r->headers;
	size_t nl = strlen(name);
	out[0] = '\0';
	while (*p) {
		const char *eol = strstr(p, "\r\n");
		if (!eol)
			break;
		if (!strncasecmp(p, name, nl) && p[nl] == ':') {
			const char *v = p + nl + 1;
			while (*v == ' ')
				v++;
			snprintf(out, n, "%.*s", (int)(eol - v), v);
			return;
		}
		p = eol + 2;
	}
}

const char *api_error_code(const struct api_resp *r)
{
	json_t *c = json_object_get(json_object_get(r->json, "error"), "code");
	return json_is_string(c) ? json_string_value(c) : "";
}

void api_login(struct api *a, struct client *c, const char *username, const char *pw)
{
	struct api_resp r;
	char body[512], cookie[512];
	json_t *b = json_pack("{s:s,s:s}", "username", username, "password", pw);
	char *s = json_dumps(b, JSON_COMPACT);
	snprintf(body, sizeof body, "%s", s);
	free(s);
	json_decref(b);
	memset(c, 0, sizeof *c);
	api_call(a, NULL, "POST", "/api/v1/session", body, NULL, &r);
	if (r.status != 200)
		fail_msg("login %s: %ld %s", username, r.status, r.body ? r.body : "");
	api_header(&r, "Set-Cookie", cookie, sizeof cookie);
	snprintf(c->cookie, sizeof c->cookie, "%.*s", (int)strcspn(cookie, ";"), cookie);
	snprintf(c->csrf, sizeof c->csrf, "%s",
		 json_string_value(json_object_get(r.json, "csrf_token")));
	api_resp_cleanup(&r);
}

char *api_dq(const char *s)
{
	char *t = strdup(s);
	for (char *p = t; *p; p++)
		if (*p == '\'')
			*p = '"';
	return t;
}

int64_t api_count(struct api *a, const char *q)
{
	int64_t n = -1;
	struct zf_err err;
	if (store_query_int(a->db, &err, &n, q, "") < 0)
		fail_msg("%s: %s", q, err.msg);
	return n;
}

void api_round(struct api *a, const struct actor *who, const char *config, const char *code,
	       const char *state)
{
	struct zf_err err;
	char buf[2048];
	snprintf(buf, sizeof buf, config, code);
	char *t = api_dq(buf);
	json_t *j = json_loads(t, 0, NULL);
	free(t);
	if (!j)
		fail_msg("round %s: the configuration is not JSON", code);
	if (eval_round_create(a->db, who, j, &err) < 0)
		fail_msg("round %s: %s", code, err.msg);
	json_decref(j);
	if (strcmp(state, "draft") &&
	    eval_round_transition(a->db, who, code, "open", NULL, &err) < 0)
		fail_msg("open %s: %s", code, err.msg);
	if (!strcmp(state, "closed") &&
	    eval_round_transition(a->db, who, code, "close", NULL, &err) < 0)
		fail_msg("close %s: %s", code, err.msg);
}
