/* apicheck.h: reading JSON answers by dotted path and checking requests in one line (HAS,
 * CALL, MUST, GOT, FAILS), shared by the HTTP tests. The including file defines its server
 * first, as `static struct api A;`. */
#ifndef ZF_TESTS_APICHECK_H
#define ZF_TESTS_APICHECK_H

#include "apitest.h"

/* ---- reading JSON ---- */

/* The value at a dotted path ("items.0.person.code": digits index arrays), or NULL. */
static inline json_t *jat(json_t *j, const char *path)
{
	char seg[64];
	while (j && *path) {
		size_t n = strcspn(path, ".");
		snprintf(seg, sizeof seg, "%.*s", (int)n, path);
		j = json_is_array(j) ? json_array_get(j, strtoul(seg, NULL, 10))
				     : json_object_get(j, seg);
		path += n + (path[n] == '.');
	}
	return j;
}

static inline const char *jstr(json_t *j, const char *path)
{
	json_t *v = jat(j, path);
	return json_is_string(v) ? json_string_value(v) : "(not a string)";
}

static inline int64_t jint(json_t *j, const char *path)
{
	json_t *v = jat(j, path);
	return json_is_integer(v) ? (int64_t)json_integer_value(v) : -12345;
}

static inline size_t jlen(json_t *j, const char *path)
{
	json_t *v = jat(j, path);
	return json_is_array(v) ? json_array_size(v) : 12345;
}

/* s with every ' turned into "; the caller frees it (NULL for NULL). */
static inline char *dq(const char *s)
{
	char *d = s ? strdup(s) : NULL;
	for (char *p = d; p && *p; p++)
		if (*p == '\'')
			*p = '"';
	return d;
}

/*
 * Checks j against (path, want) pairs ended by NULL: want is the string at path or, after
 * '=', the compact JSON of a value that is not a string ("=true", "=null", "=0",
 * "=['a','b']"), or "(absent)". Fails naming the caller's line.
 */
static inline void has_va(int line, json_t *j, va_list ap)
{
	const char *path;
	while ((path = va_arg(ap, const char *))) {
		const char *want = va_arg(ap, const char *);
		json_t *v = jat(j, path);
		char *w = dq(want[0] == '=' ? want + 1 : want);
		char *got = !v ? strdup("(absent)")
			    : json_is_string(v) && want[0] != '='
				? strdup(json_string_value(v))
				: json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		bool ok = v ? (want[0] == '=') != json_is_string(v) && !strcmp(got, w)
			    : !strcmp(want, "(absent)");
		if (!ok) {
			char *all = json_dumps(j, JSON_COMPACT);
			fail_msg("line %d: %s is %s, want %s in %.1500s", line, path, got, want,
				 all ? all : "(no JSON)");
		}
		free(w);
		free(got);
	}
}

static inline void has_at(int line, json_t *j, ...)
{
	va_list ap;
	va_start(ap, j);
	has_va(line, j, ap);
	va_end(ap);
}
#define HAS(j, ...) has_at(__LINE__, j, __VA_ARGS__, NULL)

/* ---- requests ---- */

/* Sends a request as c and fails, naming the caller's line, unless the status is want; the
 * response stays in r for more checks. */
static inline void call_at(int line, struct client *c, const char *method, const char *path,
			   const char *body, long want, struct api_resp *r)
{
	char *b = dq(body);
	api_call(&A, c, method, path, b, NULL, r);
	if (r->status != want)
		fail_msg("line %d: %s %s %s: %ld %s, want %ld", line, method, path, b ? b : "",
			 r->status, r->body ? r->body : "", want);
	free(b);
}
#define CALL(c, m, p, b, want, r) call_at(__LINE__, c, m, p, b, want, r)

static inline void must_at(int line, struct client *c, const char *method, const char *path,
			   const char *body, long want)
{
	struct api_resp r;
	call_at(line, c, method, path, body, want, &r);
	api_resp_cleanup(&r);
}
#define MUST(c, m, p, b, want) must_at(__LINE__, c, m, p, b, want)

/* A request, its status and (path, want) pairs as HAS checks them. */
static inline void got_at(int line, struct client *c, const char *method, const char *path,
			  const char *body, long want, ...)
{
	struct api_resp r;
	va_list ap;
	call_at(line, c, method, path, body, want, &r);
	va_start(ap, want);
	has_va(line, r.json, ap);
	va_end(ap);
	api_resp_cleanup(&r);
}
#define GOT(c, m, p, b, want, ...) got_at(__LINE__, c, m, p, b, want, __VA_ARGS__, NULL)

/* Expects the error status, code and field (NULL: the error names no field) and a message. */
static inline void fails_at(int line, struct client *c, const char *method, const char *path,
			    const char *body, long status, const char *code, const char *field)
{
	struct api_resp r;
	char *b = dq(body);
	api_call(&A, c, method, path, b, NULL, &r);
	json_t *f = jat(r.json, "error.field");
	const char *got = json_is_string(f) ? json_string_value(f) : NULL;
	const char *msg = jstr(r.json, "error.message");
	if (r.status != status || strcmp(api_error_code(&r), code) ||
	    (field ? !got || strcmp(got, field) : got != NULL) || !*msg ||
	    !strcmp(msg, "(not a string)"))
		fail_msg("line %d: %s %s %s: %ld %s, want %ld %s field %s", line, method, path,
			 b ? b : "", r.status, r.body ? r.body : "", status, code,
			 field ? field : "(none)");
	free(b);
	api_resp_cleanup(&r);
}
#define FAILS(c, m, p, b, st, code, field) fails_at(__LINE__, c, m, p, b, st, code, field)

#endif
