/* json.c: the strict JSON reader of json.h: one pass over the text, no copy of it, values
 * built with jansson's constructors (strings already checked here are not checked again). */
#include "base/json.h"
#include "base/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct reader {
	const char *p, *end;
	const char *line_start;
	int line, depth;
	struct json_read_error *err;
};

static json_t *fail(struct reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static json_t *fail(struct reader *r, const char *fmt, ...)
{
	va_list ap;
	r->err->line = r->line;
	r->err->column = (int)(r->p - r->line_start) + 1;
	va_start(ap, fmt);
	vsnprintf(r->err->text, sizeof r->err->text, fmt, ap);
	va_end(ap);
	return NULL;
}

static void skip_space(struct reader *r)
{
	while (r->p < r->end) {
		char c = *r->p;
		if (c == '\n') {
			r->line++;
			r->line_start = r->p + 1;
		} else if (c != ' ' && c != '\t' && c != '\r') {
			return;
		}
		r->p++;
	}
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static char *put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		*o++ = (char)cp;
	} else if (cp < 0x800) {
		*o++ = (char)(0xC0 | (cp >> 6));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else if (cp < 0x10000) {
		*o++ = (char)(0xE0 | (cp >> 12));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	} else {
		*o++ = (char)(0xF0 | (cp >> 18));
		*o++ = (char)(0x80 | ((cp >> 12) & 0x3F));
		*o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
		*o++ = (char)(0x80 | (cp & 0x3F));
	}
	return o;
}

/* Reads a string at r->p (the opening quote). On success *s, *len are the text: a slice of
 * the input, or *owned (to free) when it had escapes. Returns 0 or -1 (err filled). */
static int read_string(struct reader *r, const char **s, size_t *len, char **owned)
{
	const char *start = ++r->p, *q = start;
	bool escaped = false;
	*owned = NULL;
	while (q < r->end && *q != '"') {
		unsigned char c = (unsigned char)*q;
		if (c < 0x20) {
			r->p = q;
			fail(r, "control character 0x%x in a string", c);
			return -1;
		}
		if (c == '\\') {
			escaped = true;
			if (++q == r->end)
				break;
		}
		q++;
	}
	if (q >= r->end) {
		r->p = q;
		fail(r, "premature end of input in a string");
		return -1;
	}
	if (!utf8_valid(start, (size_t)(q - start))) {
		fail(r, "invalid UTF-8 in a string");
		return -1;
	}
	r->p = q + 1;
	if (!escaped) {
		*s = start;
		*len = (size_t)(q - start);
		return 0;
	}
	char *out = xmalloc((size_t)(q - start) + 1), *o = out;
	for (const char *i = start; i < q;) {
		if (*i != '\\') {
			*o++ = *i++;
			continue;
		}
		const char *at = i++;
		switch (*i++) {
		case '"':
			*o++ = '"';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '/':
			*o++ = '/';
			break;
		case 'b':
			*o++ = '\b';
			break;
		case 'f':
			*o++ = '\f';
			break;
		case 'n':
			*o++ = '\n';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'u': {
			unsigned cp, lo;
			if (q - i < 4 || hex4(i, &cp) < 0)
				goto bad_escape;
			i += 4;
			if (cp >= 0xD800 && cp <= 0xDBFF) {
				if (q - i < 6 || i[0] != '\\' || i[1] != 'u' ||
				    hex4(i + 2, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
					goto bad_unicode;
				i += 6;
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
			} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
				goto bad_unicode;
			} else if (cp == 0) {
				r->p = at;
				fail(r, "\\u0000 is not allowed");
				free(out);
				return -1;
			}
			o = put_utf8(o, cp);
			break;
		bad_unicode:
			r->p = at;
			fail(r, "invalid Unicode escape");
			free(out);
			return -1;
		}
		default:
		bad_escape:
			r->p = at;
			fail(r, "invalid escape");
			free(out);
			return -1;
		}
	}
	*o = '\0';
	*s = *owned = out;
	*len = (size_t)(o - out);
	return 0;
}

static json_t *read_number(struct reader *r)
{
	const char *s = r->p, *q = s;
	bool real = false;
	char buf[64];
	if (q < r->end && *q == '-')
		q++;
	if (q < r->end && *q == '0') {
		q++;
	} else if (q < r->end && *q >= '1' && *q <= '9') {
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	} else {
		return fail(r, "invalid number");
	}
	if (q < r->end && *q == '.') {
		real = true;
		if (++q >= r->end || *q < '0' || *q > '9') {
			r->p = q;
			return fail(r, "invalid number");
		}
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	if (q < r->end && (*q == 'e' || *q == 'E')) {
		real = true;
		q++;
		if (q < r->end && (*q == '+' || *q == '-'))
			q++;
		if (q >= r->end || *q < '0' || *q > '9') {
			r->p = q;
			return fail(r, "invalid number");
		}
		while (q < r->end && *q >= '0' && *q <= '9')
			q++;
	}
	size_t n = (size_t)(q - s);
	if (n >= sizeof buf)
		return fail(r, "number too long");
	memcpy(buf, s, n);
	buf[n] = '\0';
	errno = 0;
	if (real) {
		double d = strtod(buf, NULL);
		if (errno == ERANGE && (d > 1 || d < -1))
			return fail(r, "real number overflow");
		r->p = q;
		return json_real(d);
	}
	long long v = strtoll(buf, NULL, 10);
	if (errno == ERANGE)
		return fail(r, v < 0 ? "too big negative integer" : "too big integer");
	r->p = q;
	return json_integer((json_int_t)v);
}

static json_t *read_value(struct reader *r);

static json_t *read_object(struct reader *r)
{
	json_t *o = json_object();
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == '}') {
		r->p++;
		return o;
	}
	for (;;) {
		const char *k;
		size_t klen;
		char *owned;
		if (r->p >= r->end || *r->p != '"') {
			json_decref(o);
			return fail(r, "string or '}' expected");
		}
		const char *at = r->p;
		if (read_string(r, &k, &klen, &owned) < 0) {
			json_decref(o);
			return NULL;
		}
		if (json_object_getn(o, k, klen)) {
			free(owned);
			json_decref(o);
			r->p = at;
			return fail(r, "duplicate object key");
		}
		skip_space(r);
		if (r->p >= r->end || *r->p != ':') {
			free(owned);
			json_decref(o);
			return fail(r, "':' expected");
		}
		r->p++;
		skip_space(r);
		json_t *v = read_value(r);
		if (!v) {
			free(owned);
			json_decref(o);
			return NULL;
		}
		json_object_setn_new_nocheck(o, k, klen, v);
		free(owned);
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			skip_space(r);
			continue;
		}
		if (r->p < r->end && *r->p == '}') {
			r->p++;
			return o;
		}
		json_decref(o);
		return fail(r, "',' or '}' expected");
	}
}

static json_t *read_array(struct reader *r)
{
	json_t *a = json_array();
	r->p++;
	skip_space(r);
	if (r->p < r->end && *r->p == ']') {
		r->p++;
		return a;
	}
	for (;;) {
		json_t *v = read_value(r);
		if (!v) {
			json_decref(a);
			return NULL;
		}
		json_array_append_new(a, v);
		skip_space(r);
		if (r->p < r->end && *r->p == ',') {
			r->p++;
			skip_space(r);
			continue;
		}
		if (r->p < r->end && *r->p == ']') {
			r->p++;
			return a;
		}
		json_decref(a);
		return fail(r, "',' or ']' expected");
	}
}

static json_t *read_literal(struct reader *r, const char *word, json_t *v)
{
	size_t n = strlen(word);
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n))
		return fail(r, "invalid token");
	r->p += n;
	return v;
}

static json_t *read_value(struct reader *r)
{
	if (r->p >= r->end)
		return fail(r, "premature end of input");
	switch (*r->p) {
	case '{':
	case '[': {
		if (++r->depth > JSON_READ_MAX_DEPTH)
			return fail(r, "maximum nesting depth reached");
		json_t *v = *r->p == '{' ? read_object(r) : read_array(r);
		r->depth--;
		return v;
	}
	case '"': {
		const char *s;
		size_t len;
		char *owned;
		if (read_string(r, &s, &len, &owned) < 0)
			return NULL;
		json_t *v = json_stringn_nocheck(s, len);
		free(owned);
		return v;
	}
	case 't':
		return read_literal(r, "true", json_true());
	case 'f':
		return read_literal(r, "false", json_false());
	case 'n':
		return read_literal(r, "null", json_null());
	default:
		if (*r->p == '-' || (*r->p >= '0' && *r->p <= '9'))
			return read_number(r);
		return fail(r, "invalid token");
	}
}

json_t *json_read(const char *buf, size_t len, struct json_read_error *err)
{
	struct reader r = {.p = buf, .end = buf + len, .line_start = buf, .line = 1, .err = err};
	memset(err, 0, sizeof *err);
	skip_space(&r);
	if (r.p >= r.end || (*r.p != '{' && *r.p != '['))
		return fail(&r, "'[' or '{' expected");
	json_t *v = read_value(&r);
	if (!v)
		return NULL;
	skip_space(&r);
	if (r.p != r.end) {
		json_decref(v);
		return fail(&r, "end of input expected");
	}
	return v;
}
