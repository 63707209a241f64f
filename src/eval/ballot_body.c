/* ballot_body.c: the usual token submission read straight from its JSON text, without a
 * tree of JSON values; see ballot_body_read in ballot.h. The reader is a recognizer of one
 * shape: it takes only texts that json_read takes and that mean the same, and leaves every
 * other text (another shape, an escape, a number other than a plain whole number 0-100, a
 * repeated key, bad JSON) to the general path, which also names whatever is wrong. */
#include "eval/ballot.h"
#include "base/util.h"

#include <stdlib.h>
#include <string.h>

struct scan {
	const char *p, *end;
};

static void space(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' || *s->p == '\n' || *s->p == '\r'))
		s->p++;
}

/* Consumes c after any space. */
static bool take(struct scan *s, char c)
{
	space(s);
	if (s->p < s->end && *s->p == c) {
		s->p++;
		return true;
	}
	return false;
}

/* A string without escapes: its bytes, refused where json_read refuses them (a control
 * character, invalid UTF-8, no closing quote). */
static bool string(struct scan *s, const char **out, int *len)
{
	bool high = false;
	space(s);
	if (s->p >= s->end || *s->p != '"')
		return false;
	const char *start = ++s->p;
	for (; s->p < s->end && *s->p != '"'; s->p++) {
		unsigned char c = (unsigned char)*s->p;
		if (c < 0x20 || c == '\\')
			return false;
		high |= c >= 0x80;
	}
	if (s->p >= s->end || s->p - start > 4096)
		return false;
	if (high && !utf8_valid(start, (size_t)(s->p - start)))
		return false;
	*out = start;
	*len = (int)(s->p - start);
	s->p++;
	return true;
}

static bool word(struct scan *s, const char *w, size_t n)
{
	space(s);
	if ((size_t)(s->end - s->p) < n || memcmp(s->p, w, n))
		return false;
	s->p += n;
	return true;
}

/* A whole number 0-100 written plainly: no sign, fraction, exponent or leading zero. What
 * follows is checked by the caller's next token (a digit cannot follow). */
static bool number(struct scan *s, int *out)
{
	int v = 0, digits = 0;
	space(s);
	if (s->p < s->end && *s->p == '0') {
		s->p++;
		*out = 0;
		return !(s->p < s->end && *s->p >= '0' && *s->p <= '9');
	}
	while (s->p < s->end && *s->p >= '0' && *s->p <= '9' && digits < 4) {
		v = v * 10 + (*s->p++ - '0');
		digits++;
	}
	if (!digits || v > 100 || (s->p < s->end && *s->p >= '0' && *s->p <= '9'))
		return false;
	*out = v;
	return true;
}

static bool key_is(const char *k, int len, const char *name)
{
	return (size_t)len == strlen(name) && !memcmp(k, name, (size_t)len);
}

static struct ballot_body_rating *new_rating(struct ballot_body *b)
{
	if (b->nratings == b->ratings_cap) {
		b->ratings_cap = b->ratings_cap ? 2 * b->ratings_cap : 32;
		b->ratings = xrealloc(b->ratings, sizeof *b->ratings * (size_t)b->ratings_cap);
	}
	return &b->ratings[b->nratings++];
}

/* {"IND": 0-100 | "LABEL" | null, ...} */
static bool ratings(struct scan *s, struct ballot_body *b, struct ballot_body_item *it)
{
	it->first = b->nratings;
	if (!take(s, '{'))
		return false;
	if (take(s, '}'))
		return true;
	do {
		struct ballot_body_rating *r = new_rating(b);
		memset(r, 0, sizeof *r);
		if (!string(s, &r->key, &r->key_len) || !take(s, ':'))
			return false;
		space(s);
		if (s->p < s->end && *s->p == '"') {
			r->kind = BALLOT_RATING_LABEL;
			if (!string(s, &r->label, &r->label_len))
				return false;
		} else if (s->p < s->end && *s->p == 'n') {
			r->kind = BALLOT_RATING_NULL;
			if (!word(s, "null", 4))
				return false;
		} else {
			r->kind = BALLOT_RATING_NUMBER;
			if (!number(s, &r->number))
				return false;
		}
		it->n++;
	} while (take(s, ','));
	return take(s, '}');
}

/* {"unit": CODE, "ratings": {...}}, both once, in either order */
static bool item(struct scan *s, struct ballot_body *b)
{
	if (b->nitems == b->items_cap) {
		b->items_cap = b->items_cap ? 2 * b->items_cap : 4;
		b->items = xrealloc(b->items, sizeof *b->items * (size_t)b->items_cap);
	}
	struct ballot_body_item *it = &b->items[b->nitems++];
	bool unit = false, rated = false;
	memset(it, 0, sizeof *it);
	if (!take(s, '{'))
		return false;
	do {
		const char *k;
		int len;
		if (!string(s, &k, &len) || !take(s, ':'))
			return false;
		if (key_is(k, len, "unit")) {
			if (unit || !string(s, &it->unit, &it->unit_len))
				return false;
			unit = true;
		} else if (key_is(k, len, "ratings")) {
			if (rated || !ratings(s, b, it))
				return false;
			rated = true;
		} else {
			return false;
		}
	} while (take(s, ','));
	return take(s, '}') && unit && rated;
}

static bool body(struct scan *s, struct ballot_body *b)
{
	enum { ROUND = 1, TOKEN = 2, BALLOTS = 4, RECEIPT = 8 };
	unsigned seen = 0;
	if (!take(s, '{'))
		return false;
	do {
		const char *k;
		int len;
		unsigned which;
		if (!string(s, &k, &len) || !take(s, ':'))
			return false;
		which = key_is(k, len, "round")	    ? ROUND
			: key_is(k, len, "token")   ? TOKEN
			: key_is(k, len, "ballots") ? BALLOTS
			: key_is(k, len, "receipt") ? RECEIPT
						    : 0;
		if (!which || (seen & which))
			return false;
		seen |= which;
		bool ok = false;
		switch (which) {
		case ROUND:
			space(s);
			ok = s->p < s->end && *s->p == 'n' ? word(s, "null", 4)
							   : string(s, &b->round, &b->round_len);
			break;
		case TOKEN:
			ok = string(s, &b->token, &b->token_len);
			break;
		case RECEIPT:
			space(s);
			if (s->p < s->end && *s->p == 't')
				ok = b->receipt = word(s, "true", 4);
			else if (s->p < s->end && *s->p == 'f')
				ok = word(s, "false", 5);
			else
				ok = word(s, "null", 4);
			break;
		case BALLOTS:
			if (!take(s, '['))
				return false;
			do
				ok = item(s, b);
			while (ok && take(s, ','));
			ok = ok && take(s, ']');
			break;
		}
		if (!ok)
			return false;
	} while (take(s, ','));
	if (!take(s, '}') || !(seen & TOKEN) || !(seen & BALLOTS))
		return false;
	space(s);
	return s->p == s->end;
}

int ballot_body_read(const char *text, size_t len, struct ballot_body *out)
{
	struct scan s = {text, text + len};
	memset(out, 0, sizeof *out);
	if (text && body(&s, out))
		return 0;
	ballot_body_cleanup(out);
	return -1;
}

void ballot_body_cleanup(struct ballot_body *b)
{
	free(b->items);
	free(b->ratings);
	memset(b, 0, sizeof *b);
}
