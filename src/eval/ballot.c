/* ballot.c: casting ballots: validating a token's (or a unit account's) ratings against the
 * round's indicators and labels on a read connection, then one writer job that spends the
 * token and stores the ballots and the receipt; and the ballot form. Tokens themselves are in
 * ballot_token.c, receipts in ballot_receipt.c, the throttle in ballot_throttle.c. */
#include "eval/ballot.h"
#include "eval/ballot_hints.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "eval/eval.h"

#include <assert.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- rounds, parsed once per thread ---- */

#define CACHE_ROUNDS 4
/* Seconds a thread's directory of units is trusted before it is read again. A stale entry
 * costs nothing wrong: the writer's job checks each unit's category. */
#define UNITS_TTL 2

/* Seconds an open round's cached row is used without reading it again: the writer's job
 * checks that the round is open when it spends the token, so a round closed meanwhile
 * still takes no ballot. */
#define ROUND_TTL 1

struct cached_round {
	int64_t id;
	char stamp[64]; /* created_at|updated_at of the row the parse came from; "" = empty */
	char code[EVAL_CODE_MAX + 1], state[16];
	struct timespec checked; /* when the row was last read */
	struct eval_config cfg;
	unsigned long used; /* for replacement: the least recently used goes */
};

/* A unit as a ballot names it: by code, with its category. */
struct dir_unit {
	int64_t id, category_id;
	char *code, *category;
};

struct ballot_cache {
	struct cached_round r[CACHE_ROUNDS];
	unsigned long clock;
	struct dir_unit *units; /* sorted by code */
	int nunits;
	struct timespec units_at; /* when read; zero: never */
};

struct ballot_cache *ballot_cache_new(void)
{
	return xcalloc(1, sizeof(struct ballot_cache));
}

static void dir_free(struct ballot_cache *c)
{
	for (int i = 0; i < c->nunits; i++) {
		free(c->units[i].code);
		free(c->units[i].category);
	}
	free(c->units);
	c->units = NULL;
	c->nunits = 0;
}

void ballot_cache_free(struct ballot_cache *c)
{
	if (!c)
		return;
	for (int i = 0; i < CACHE_ROUNDS; i++)
		if (c->r[i].stamp[0])
			eval_config_cleanup(&c->r[i].cfg);
	dir_free(c);
	free(c);
}

/* A round as the casting code sees it: its configuration is borrowed from the cache, or
 * owned when there is no cache. */
struct round_view {
	int64_t id;
	char code[EVAL_CODE_MAX + 1];
	char state[16];
	const struct eval_config *cfg;
	struct eval_config own;
	bool owned;
};

static void view_cleanup(struct round_view *v)
{
	if (v->owned)
		eval_config_cleanup(&v->own);
	v->owned = false;
}

/* Parses round v's stored configuration into *out. */
static int parse_config(struct store *s, const struct round_view *v, struct eval_config *out,
			struct zf_err *err)
{
	struct stmt *st = store_prepare(s, "SELECT config FROM rounds WHERE id = ?", err);
	json_error_t je;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, v->id);
	int rc = stmt_step(st, err);
	if (rc != STORE_ROW) {
		stmt_reset(st);
		return rc < 0 ? rc
			      : zf_err_set(err, ZF_ENOTFOUND, "round", "no round '%s'", v->code);
	}
	json_t *j = json_loads(stmt_text(st, 0), 0, &je);
	stmt_reset(st);
	if (!j)
		return zf_err_set(err, ZF_EINTERNAL, "round",
				  "round '%s': stored configuration unreadable: %s", v->code,
				  je.text);
	rc = eval_config_parse(j, out, err);
	json_decref(j);
	return rc;
}

/* Points v->cfg at the parse of the round's configuration: from the cache while the row's
 * stamp is the one the parse came from (a round's configuration is fixed when it is
 * created; the stamp also follows any later update of the row). */
static int view_config(struct store *s, struct ballot_cache *c, struct round_view *v,
		       const char *stamp, struct zf_err *err)
{
	int rc;
	if (!c) {
		if ((rc = parse_config(s, v, &v->own, err)) < 0)
			return rc;
		v->owned = true;
		v->cfg = &v->own;
		return 0;
	}
	struct cached_round *slot = NULL;
	c->clock++;
	for (int i = 0; i < CACHE_ROUNDS; i++) {
		struct cached_round *e = &c->r[i];
		if (e->stamp[0] && e->id == v->id) {
			if (!strcmp(e->stamp, stamp)) {
				e->used = c->clock;
				v->cfg = &e->cfg;
				return 0;
			}
			slot = e; /* the row changed: parse it again in place */
			break;
		}
		if (!slot || !e->stamp[0] || (slot->stamp[0] && e->used < slot->used))
			slot = e;
	}
	struct eval_config cfg;
	if ((rc = parse_config(s, v, &cfg, err)) < 0)
		return rc;
	if (slot->stamp[0])
		eval_config_cleanup(&slot->cfg);
	slot->id = v->id;
	snprintf(slot->stamp, sizeof slot->stamp, "%s", stamp);
	slot->cfg = cfg;
	slot->used = c->clock;
	v->cfg = &slot->cfg;
	return 0;
}

static double since(const struct timespec *t)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* Fills v from the cache when round code was read open less than ROUND_TTL ago: a ballot
 * then needs no read of the database before the writer's job. Returns 1, or 0. */
static int round_recent(struct ballot_cache *c, const char *code, struct round_view *v)
{
	for (int i = 0; i < CACHE_ROUNDS; i++) {
		struct cached_round *e = &c->r[i];
		if (!e->stamp[0] || strcmp(e->code, code) || strcmp(e->state, "open") ||
		    since(&e->checked) >= ROUND_TTL)
			continue;
		memset(v, 0, sizeof *v);
		v->id = e->id;
		memcpy(v->code, e->code, sizeof v->code);
		memcpy(v->state, e->state, sizeof v->state);
		v->cfg = &e->cfg;
		e->used = ++c->clock;
		return 1;
	}
	return 0;
}

/* Loads a round by code (or by id when code is NULL). ZF_ENOTFOUND names "round". */
static int round_load(struct store *s, struct ballot_cache *c, const char *code, int64_t id,
		      struct round_view *v, struct zf_err *err)
{
	static const char *by_code =
	    "SELECT id, code, state, created_at || '|' || updated_at FROM rounds WHERE code = ?";
	static const char *by_id =
	    "SELECT id, code, state, created_at || '|' || updated_at FROM rounds WHERE id = ?";
	struct stmt *st;
	char stamp[64];
	int rc;
	if (!(st = store_prepare(s, code ? by_code : by_id, err)))
		return ZF_EINTERNAL;
	if (code)
		stmt_bind_text(st, 1, code);
	else
		stmt_bind_int(st, 1, id);
	memset(v, 0, sizeof *v);
	rc = stmt_step(st, err);
	if (rc != STORE_ROW) {
		stmt_reset(st);
		return rc < 0 ? rc
			      : zf_err_set(err, ZF_ENOTFOUND, "round", "no round '%s'",
					   code ? code : "");
	}
	v->id = stmt_int(st, 0);
	snprintf(v->code, sizeof v->code, "%s", stmt_text(st, 1));
	snprintf(v->state, sizeof v->state, "%s", stmt_text(st, 2));
	snprintf(stamp, sizeof stamp, "%s", stmt_text(st, 3));
	stmt_reset(st);
	if ((rc = view_config(s, c, v, stamp, err)) < 0 || !c)
		return rc;
	for (int i = 0; i < CACHE_ROUNDS; i++)
		if (c->r[i].stamp[0] && c->r[i].id == v->id) {
			memcpy(c->r[i].code, v->code, sizeof v->code);
			memcpy(c->r[i].state, v->state, sizeof v->state);
			clock_gettime(CLOCK_MONOTONIC, &c->r[i].checked);
		}
	return 0;
}

static int round_must_be_open(const struct round_view *v, struct zf_err *err)
{
	if (!strcmp(v->state, "open"))
		return 0;
	return zf_err_set(err, ZF_ECONFLICT, "round",
			  !strcmp(v->state, "draft")
			      ? "round '%s' is draft: it does not take ballots until it is opened"
			      : "round '%s' is %s: it takes no more ballots",
			  v->code, v->state);
}

/* ---- the units a voter rates ---- */

struct unit_ref {
	int64_t id, category_id;
	char *code, *name;
	int cat; /* index into the round's category lists */
	bool seen;
};

struct unit_list {
	int n, cap;
	struct unit_ref *u;
};

static void units_cleanup(struct unit_list *l)
{
	for (int i = 0; i < l->n; i++) {
		free(l->u[i].code);
		free(l->u[i].name);
	}
	free(l->u);
	memset(l, 0, sizeof *l);
}

/* Appends the rows (id, code, name, category code) of a stepped statement. A unit whose
 * category has no indicator list gets cat -1 (it cannot be rated). */
static int units_collect(struct stmt *st, const struct eval_config *cfg, struct unit_list *l,
			 struct zf_err *err)
{
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 8;
			l->u = xrealloc(l->u, sizeof *l->u * (size_t)l->cap);
		}
		struct unit_ref *u = &l->u[l->n++];
		u->id = stmt_int(st, 0);
		u->code = xstrdup(stmt_text(st, 1));
		u->name = xstrdup(stmt_text(st, 2));
		u->cat = eval_config_catlist(cfg, stmt_text(st, 3));
		u->category_id = 0;
		u->seen = false;
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

static int token_units(struct store *s, const unsigned char *hash, const struct eval_config *cfg,
		       struct unit_list *l, struct zf_err *err)
{
	static const char *q = "SELECT u.id, u.code, u.name, COALESCE(c.code, '')"
			       " FROM tokens t JOIN token_units tu ON tu.token_id = t.id"
			       " JOIN units u ON u.id = tu.unit_id"
			       " LEFT JOIN categories c ON c.id = u.category_id"
			       " WHERE t.hash = ? ORDER BY u.code";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_blob(st, 1, hash, BALLOT_HASH_BYTES);
	return units_collect(st, cfg, l, err);
}

/* The other active units of the category of unit `rater`. */
static int peer_units(struct store *s, int64_t rater, const struct eval_config *cfg,
		      struct unit_list *l, struct zf_err *err)
{
	static const char *q = "SELECT u.id, u.code, u.name, c.code FROM units r"
			       " JOIN units u ON u.category_id = r.category_id"
			       " JOIN categories c ON c.id = u.category_id"
			       " WHERE r.id = ? AND u.id <> r.id AND u.active = 1 ORDER BY u.code";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, rater);
	return units_collect(st, cfg, l, err);
}

static struct unit_ref *units_find(struct unit_list *l, const char *code)
{
	for (int i = 0; i < l->n; i++)
		if (!strcmp(l->u[i].code, code))
			return &l->u[i];
	return NULL;
}

/* ---- tokens ---- */

struct token_row {
	unsigned char hash[BALLOT_HASH_BYTES];
	int64_t round_id, rater_unit_id;
	int grp;
	char channel[16];
	bool used;
};

/* Finds a token as typed. Anything that is not a known token is ZF_ENOTFOUND "token". */
static int token_find(struct store *s, const char *token, struct token_row *t, struct zf_err *err)
{
	static const char *q = "SELECT round_id, grp, channel, rater_unit_id, used FROM tokens"
			       " WHERE hash = ?";
	char canon[BALLOT_TOKEN_CHARS + 1];
	if (ballot_code_normalize(token, BALLOT_TOKEN_CHARS, canon) < 0)
		return zf_err_set(err, ZF_ENOTFOUND, "token",
				  "unknown token: check that it was typed correctly");
	ballot_code_hash(canon, t->hash);
	sodium_memzero(canon, sizeof canon);
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_blob(st, 1, t->hash, sizeof t->hash);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		t->round_id = stmt_int(st, 0);
		t->grp = (int)stmt_int(st, 1);
		snprintf(t->channel, sizeof t->channel, "%s", stmt_text(st, 2));
		t->rater_unit_id = stmt_int(st, 3);
		t->used = stmt_int(st, 4) != 0;
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "token",
				"unknown token: check that it was typed correctly");
	}
	stmt_reset(st);
	return rc;
}

/* Loads the round (by code, or the token's own when round is NULL) and the token, in the
 * order that gives nothing away: the round's existence and state first, then the token. */
static int round_and_token(struct store *s, struct ballot_cache *c, const char *round,
			   const char *token, struct round_view *v, struct token_row *t,
			   struct zf_err *err)
{
	int rc;
	memset(v, 0, sizeof *v);
	if (round && (rc = round_load(s, c, round, 0, v, err)) < 0)
		return rc;
	if (round && (rc = round_must_be_open(v, err)) < 0)
		goto fail;
	if ((rc = token_find(s, token, t, err)) < 0)
		goto fail;
	if (round && t->round_id != v->id) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "token",
				"unknown token: check that it was typed correctly");
		goto fail;
	}
	if (!round && ((rc = round_load(s, c, NULL, t->round_id, v, err)) < 0 ||
		       (rc = round_must_be_open(v, err)) < 0))
		goto fail;
	if (t->grp < 0 || t->grp >= v->cfg->ngroups) {
		rc = zf_err_set(err, ZF_EINTERNAL, "token",
				"the token's group is not in round '%s'", v->code);
		goto fail;
	}
	if (t->used) {
		rc = zf_err_set(err, ZF_ECONFLICT, "token",
				"token already used: each token casts its ballots once");
		goto fail;
	}
	return 0;
fail:
	view_cleanup(v);
	return rc;
}

/* ---- validating the ratings ---- */

static int item_err(struct zf_err *err, int code, int i, const char *sub, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int item_err(struct zf_err *err, int code, int i, const char *sub, const char *fmt, ...)
{
	va_list ap;
	zf_err_clear(err);
	va_start(ap, fmt);
	zf_err_vset(err, code, NULL, fmt, ap);
	va_end(ap);
	snprintf(err->field, sizeof err->field, "ballots[%d]%s%.40s", i, *sub ? "." : "", sub);
	return code;
}

/* Reads one rating value into *out (EVAL_ABSTAIN for an abstention). */
static int rating_value(const struct eval_config *cfg, json_t *v, unsigned char *out)
{
	int value;
	if (json_is_null(v)) {
		*out = EVAL_ABSTAIN;
		return 0;
	}
	if (json_is_integer(v)) {
		json_int_t n = json_integer_value(v);
		if (n < 0 || n > 100)
			return -1;
		*out = (unsigned char)n;
		return 0;
	}
	if (!json_is_string(v))
		return -1;
	switch (eval_config_rating(cfg, json_string_value(v), &value)) {
	case 0:
		*out = (unsigned char)value;
		return 0;
	case 1:
		*out = EVAL_ABSTAIN;
		return 0;
	default:
		return -1;
	}
}

/* The index of indicator code in l, trying first the one after prev: ratings usually come
 * in the list's order. */
static int indicator_after(const struct eval_catlist *l, const char *code, int prev)
{
	if (prev >= 0 && prev + 1 < l->nind && !strcmp(l->ind[prev + 1].code, code))
		return prev + 1;
	return eval_config_indicator(l, code);
}

/* Starts item it for unit u (marked as rated) of indicator list l: every rating
 * abstaining until read. */
static struct ballot_item *item_start(struct ballot_item *it, struct unit_ref *u,
				      const struct eval_catlist *l)
{
	u->seen = true;
	it->unit_id = u->id;
	it->category_id = u->category_id;
	snprintf(it->unit, sizeof it->unit, "%s", u->code);
	it->n = l->nind;
	memset(it->ratings, EVAL_ABSTAIN, sizeof it->ratings);
	return it;
}

/* Validates the ballots array against the units the voter may rate. rater_code names the
 * rating unit for the mutual evaluation (rating it is forbidden), or is NULL; mutual_cat
 * names the category for messages of the mutual evaluation by account. */
static int validate(const struct eval_config *cfg, struct unit_list *units, json_t *ballots,
		    const char *rater_code, const char *mutual_cat, struct ballot_cast *out,
		    struct zf_err *err)
{
	size_t n = json_array_size(ballots);
	if (!json_is_array(ballots))
		return zf_err_set(err, ZF_EINVAL, "ballots", "ballots must be an array");
	if (n == 0)
		return zf_err_set(err, ZF_EINVAL, "ballots", "rate at least one unit");
	out->items = xcalloc(n, sizeof *out->items);
	for (size_t i = 0; i < n; i++) {
		json_t *b = json_array_get(ballots, i), *ratings, *v;
		const char *key;
		int ii = (int)i, rated = 0;
		if (!json_is_object(b))
			return item_err(err, ZF_EINVAL, ii, "", "each ballot is an object");
		json_object_foreach(b, key, v)
		{
			if (strcmp(key, "unit") && strcmp(key, "ratings"))
				return item_err(err, ZF_EINVAL, ii, key, "unknown key '%s'", key);
		}
		json_t *ju = json_object_get(b, "unit");
		if (!json_is_string(ju))
			return item_err(err, ZF_EINVAL, ii, "unit", "the unit code is required");
		const char *code = json_string_value(ju);
		struct unit_ref *u = units_find(units, code);
		if (!u && rater_code && !strcmp(code, rater_code))
			return item_err(err, ZF_EFORBIDDEN, ii, "unit",
					"unit '%s' may not rate itself", code);
		if (!u && mutual_cat)
			return item_err(err, ZF_EINVAL, ii, "unit",
					"'%s' is not another active unit of the category '%s'",
					code, mutual_cat);
		if (!u)
			return item_err(err, ZF_EINVAL, ii, "unit",
					"the token does not cover unit '%s'", code);
		if (u->seen)
			return item_err(err, ZF_EINVAL, ii, "unit", "unit '%s' is rated twice",
					code);
		if (u->cat < 0)
			return item_err(err, ZF_EINVAL, ii, "unit",
					"unit '%s' has no indicator list in this round", code);
		const struct eval_catlist *l = &cfg->cats[u->cat];
		struct ballot_item *it = item_start(&out->items[i], u, l);
		ratings = json_object_get(b, "ratings");
		if (ratings && !json_is_object(ratings))
			return item_err(err, ZF_EINVAL, ii, "ratings",
					"ratings must be an object of indicator codes");
		int k = -1;
		json_object_foreach(ratings, key, v)
		{
			char sub[96];
			k = indicator_after(l, key, k);
			if (k >= 0 && rating_value(cfg, v, &it->ratings[k]) == 0) {
				rated += it->ratings[k] != EVAL_ABSTAIN;
				continue;
			}
			snprintf(sub, sizeof sub, "ratings.%s", key);
			if (k < 0)
				return item_err(err, ZF_EINVAL, ii, sub,
						"'%s' is not an indicator of the category '%s'",
						key, l->category);
			return item_err(err, ZF_EINVAL, ii, sub,
					"'%s' must be a whole number 0-100 or one of the labels",
					key);
		}
		if (!rated)
			return item_err(err, ZF_EINVAL, ii, "ratings",
					"no indicator rated: leave unit '%s' out to abstain on "
					"it",
					code);
		out->nitems++;
	}
	return 0;
}

void ballot_cast_cleanup(struct ballot_cast *c)
{
	free(c->items);
	sodium_memzero(c->receipt_code, sizeof c->receipt_code);
	memset(c, 0, sizeof *c);
}

/* ---- the units a ballot names ---- */

/* Reads every unit's code and category into the thread's directory. */
static int dir_load(struct store *s, struct ballot_cache *c, struct zf_err *err)
{
	static const char *q =
	    "SELECT u.id, u.code, COALESCE(u.category_id, 0), COALESCE(c.code, '')"
	    " FROM units u LEFT JOIN categories c ON c.id = u.category_id"
	    " ORDER BY u.code";
	struct stmt *st = store_prepare(s, q, err);
	int rc, cap = 0;
	if (!st)
		return ZF_EINTERNAL;
	dir_free(c);
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		if (c->nunits == cap) {
			cap = cap ? 2 * cap : 64;
			c->units = xrealloc(c->units, sizeof *c->units * (size_t)cap);
		}
		struct dir_unit *u = &c->units[c->nunits++];
		u->id = stmt_int(st, 0);
		u->code = xstrdup(stmt_text(st, 1));
		u->category_id = stmt_int(st, 2);
		u->category = xstrdup(stmt_text(st, 3));
	}
	stmt_reset(st);
	clock_gettime(CLOCK_MONOTONIC, &c->units_at);
	return rc < 0 ? rc : 0;
}

static int dir_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct dir_unit *)elem)->code);
}

/* Finds unit code in the directory, reading it again when it is old, or when the code is
 * missing and the directory is more than a second old. Returns 1 found, 0 not, or < 0. */
static int dir_find(struct store *s, struct ballot_cache *c, const char *code, struct dir_unit *out,
		    struct zf_err *err)
{
	int rc;
	bool fresh = c->units_at.tv_sec && since(&c->units_at) < UNITS_TTL;
	if (!fresh && (rc = dir_load(s, c, err)) < 0)
		return rc;
	for (;;) {
		struct dir_unit *u =
		    bsearch(code, c->units, (size_t)c->nunits, sizeof *c->units, dir_cmp);
		if (u) {
			*out = *u;
			return 1;
		}
		if (!fresh || since(&c->units_at) < 1)
			return 0;
		if ((rc = dir_load(s, c, err)) < 0)
			return rc;
		fresh = false;
	}
}

/* The same without a cache: one query. Strings in out are allocated. */
static int unit_find(struct store *s, const char *code, struct dir_unit *out, struct zf_err *err)
{
	static const char *q = "SELECT u.id, COALESCE(u.category_id, 0), COALESCE(c.code, '')"
			       " FROM units u LEFT JOIN categories c ON c.id = u.category_id"
			       " WHERE u.code = ?";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		out->id = stmt_int(st, 0);
		out->category_id = stmt_int(st, 1);
		out->code = xstrdup(code);
		out->category = xstrdup(stmt_text(st, 2));
		rc = 1;
	}
	stmt_reset(st);
	return rc == STORE_DONE ? 0 : rc;
}

/* The units of codes (NULL entries skipped), as far as they exist: validate() then refuses
 * the others as not covered, and the writer's job checks that the token covers the rest. */
static int named_units(struct store *s, struct ballot_cache *c, const struct eval_config *cfg,
		       const char *const *codes, int n, struct unit_list *l, struct zf_err *err)
{
	for (int i = 0; i < n; i++) {
		const char *code = codes[i];
		struct dir_unit d = {0};
		int rc;
		if (!code || units_find(l, code))
			continue;
		rc = c ? dir_find(s, c, code, &d, err) : unit_find(s, code, &d, err);
		if (rc < 0)
			return rc;
		if (rc == 0)
			continue;
		if (l->n == l->cap) {
			l->cap = l->cap ? 2 * l->cap : 8;
			l->u = xrealloc(l->u, sizeof *l->u * (size_t)l->cap);
		}
		struct unit_ref *u = &l->u[l->n++];
		u->id = d.id;
		u->category_id = d.category_id;
		u->code = xstrdup(code);
		u->name = NULL;
		u->cat = eval_config_catlist(cfg, d.category);
		u->seen = false;
		if (!c) {
			free(d.code);
			free(d.category);
		}
	}
	return 0;
}

/* The index of the indicator whose code is the len bytes at code, trying first the one
 * after prev. */
static int indicator_at(const struct eval_catlist *l, const char *code, int len, int prev)
{
	for (int i = 0; i < l->nind; i++) {
		int k = (prev + 1 + i) % l->nind;
		const char *c = l->ind[k].code;
		if (!strncmp(c, code, (size_t)len) && c[len] == '\0')
			return k;
	}
	return -1;
}

/* One rating of a body as validate()'s rating_value reads the same JSON value. */
static int body_rating_value(const struct eval_config *cfg, const struct ballot_body_rating *r,
			     unsigned char *out)
{
	char label[128];
	int value;
	switch (r->kind) {
	case BALLOT_RATING_NULL:
		*out = EVAL_ABSTAIN;
		return 0;
	case BALLOT_RATING_NUMBER:
		*out = (unsigned char)r->number;
		return 0;
	case BALLOT_RATING_LABEL:
		if (r->label_len >= (int)sizeof label)
			return -1;
		memcpy(label, r->label, (size_t)r->label_len);
		label[r->label_len] = '\0';
		switch (eval_config_rating(cfg, label, &value)) {
		case 0:
			*out = (unsigned char)value;
			return 0;
		case 1:
			*out = EVAL_ABSTAIN;
			return 0;
		}
	}
	return -1;
}

/* validate() for a body whose units are codes[i]: the same cast, or -1 wherever validate()
 * refuses (without saying why: the general path says it). */
static int validate_body(const struct eval_config *cfg, struct unit_list *units,
			 const struct ballot_body *b, const char *const *codes,
			 struct ballot_cast *out)
{
	if (b->nitems == 0)
		return -1;
	out->items = xcalloc((size_t)b->nitems, sizeof *out->items);
	for (int i = 0; i < b->nitems; i++) {
		const struct ballot_body_item *bi = &b->items[i];
		struct unit_ref *u = codes[i] ? units_find(units, codes[i]) : NULL;
		if (!u || u->seen || u->cat < 0)
			return -1;
		const struct eval_catlist *l = &cfg->cats[u->cat];
		struct ballot_item *it = item_start(&out->items[i], u, l);
		uint64_t set = 0;
		int k = -1, rated = 0;
		for (int j = 0; j < bi->n; j++) {
			const struct ballot_body_rating *r = &b->ratings[bi->first + j];
			/* a key twice is a repeated key, which json_read refuses */
			k = indicator_at(l, r->key, r->key_len, k);
			if (k < 0 || ((set >> k) & 1) ||
			    body_rating_value(cfg, r, &it->ratings[k]) < 0)
				return -1;
			set |= UINT64_C(1) << k;
			rated += it->ratings[k] != EVAL_ABSTAIN;
		}
		if (!rated)
			return -1;
		out->nitems++;
	}
	return 0;
}

/* What a token submission rates: a JSON array as given, or a body read by
 * ballot_body_read (then codes[i] is its item i's unit, or NULL when too long to be one). */
struct rated {
	json_t *json;
	const struct ballot_body *body;
	const char *const *codes;
};

static int prepare_token(struct store *s, struct ballot_cache *cache, const char *round,
			 const char *token, const struct rated *what, bool receipt,
			 struct ballot_cast *out, struct zf_err *err)
{
	struct round_view v;
	struct unit_list units = {0};
	struct ballot_cast c;
	char canon[BALLOT_TOKEN_CHARS + 1];
	int rc;
	memset(&c, 0, sizeof c);
	/* one snapshot for what is read here; none at all while the round is cached open */
	bool recent = round && cache && round_recent(cache, round, &v);
	if (!recent)
		store_read_begin(s);
	if (round) {
		/* the usual case: the token is checked by the writer's job */
		if (!recent && (rc = round_load(s, cache, round, 0, &v, err)) < 0) {
			store_read_end(s);
			return rc;
		}
		if ((rc = round_must_be_open(&v, err)) < 0)
			goto done;
		if (ballot_code_normalize(token, BALLOT_TOKEN_CHARS, canon) < 0) {
			rc = zf_err_set(err, ZF_ENOTFOUND, "token",
					"unknown token: check that it was typed correctly");
			goto done;
		}
		ballot_code_hash(canon, c.token_hash);
		sodium_memzero(canon, sizeof canon);
	} else {
		/* the token names its round */
		struct token_row t;
		if ((rc = round_and_token(s, cache, NULL, token, &v, &t, err)) < 0) {
			store_read_end(s);
			return rc;
		}
		memcpy(c.token_hash, t.hash, sizeof t.hash);
	}
	if (v.cfg->ngroups > 64) {
		rc = zf_err_set(err, ZF_EINTERNAL, "round", "round '%s' has more than 64 groups",
				v.code);
		goto done;
	}
	c.round_id = v.id;
	c.by_token = true;
	c.check_token = true;
	c.ngroups = v.cfg->ngroups;
	for (int g = 0; g < v.cfg->ngroups; g++)
		if (v.cfg->groups[g].mutual)
			c.mutual_groups |= UINT64_C(1) << g;
	c.channel = "network"; /* set from the token by the writer's job */
	if (what->body) {
		if ((rc = named_units(s, cache, v.cfg, what->codes, what->body->nitems, &units,
				      err)) < 0 ||
		    (rc = validate_body(v.cfg, &units, what->body, what->codes, &c)) < 0)
			rc = ZF_EINVAL;
	} else {
		size_t n = json_array_size(what->json);
		const char **codes = xcalloc(n ? n : 1, sizeof *codes);
		for (size_t i = 0; i < n; i++)
			codes[i] = json_string_value(
			    json_object_get(json_array_get(what->json, i), "unit"));
		rc = named_units(s, cache, v.cfg, codes, (int)n, &units, err);
		free(codes);
		if (rc == 0)
			rc = validate(v.cfg, &units, what->json, NULL, NULL, &c, err);
	}
done:
	store_read_end(s);
	if (rc == 0 && (c.receipt = receipt))
		ballot_receipt_new(c.receipt_code);
	units_cleanup(&units);
	view_cleanup(&v);
	if (rc < 0) {
		ballot_cast_cleanup(&c);
		return rc;
	}
	*out = c;
	return 0;
}

/* The keys of a body (none but keys) and its optional receipt flag, for both submissions. */
static int keys_and_receipt(json_t *body, const char *const *keys, size_t nkeys, bool *receipt,
			    struct zf_err *err)
{
	const char *k;
	json_t *v;
	json_object_foreach(body, k, v)
	{
		bool known = false;
		for (size_t i = 0; i < nkeys && !known; i++)
			known = !strcmp(k, keys[i]);
		if (!known)
			return zf_err_set(err, ZF_EINVAL, k, "unknown key '%s'", k);
	}
	json_t *r = json_object_get(body, "receipt");
	if (r && !json_is_boolean(r) && !json_is_null(r))
		return zf_err_set(err, ZF_EINVAL, "receipt", "receipt must be true or false");
	*receipt = json_is_true(r);
	return 0;
}

int ballot_submission_check(json_t *body, struct ballot_submission *out, struct zf_err *err)
{
	static const char *const keys[] = {"round", "token", "ballots", "receipt"};
	memset(out, 0, sizeof *out);
	int rc = keys_and_receipt(body, keys, sizeof keys / sizeof *keys, &out->receipt, err);
	if (rc < 0)
		return rc;
	json_t *round = json_object_get(body, "round"), *token = json_object_get(body, "token");
	if (round && !json_is_string(round) && !json_is_null(round))
		return zf_err_set(err, ZF_EINVAL, "round", "round must be the round's code");
	if (!json_is_string(token))
		return zf_err_set(err, ZF_EINVAL, "token", "the token is required");
	if (!(out->ballots = json_object_get(body, "ballots")))
		return zf_err_set(err, ZF_EINVAL, "ballots", "ballots are required");
	out->round = json_string_value(round);
	out->token = json_string_value(token);
	return 0;
}

int ballot_mutual_check(json_t *body, struct ballot_submission *out, struct zf_err *err)
{
	static const char *const keys[] = {"ballots", "receipt"};
	memset(out, 0, sizeof *out);
	int rc = keys_and_receipt(body, keys, sizeof keys / sizeof *keys, &out->receipt, err);
	if (rc < 0)
		return rc;
	if (!(out->ballots = json_object_get(body, "ballots")))
		return zf_err_set(err, ZF_EINVAL, "ballots", "ballots are required");
	return 0;
}

int ballot_prepare_token(struct store *s, struct ballot_cache *cache, const char *round,
			 const char *token, json_t *ballots, bool receipt, struct ballot_cast *out,
			 struct zf_err *err)
{
	struct rated what = {.json = ballots};
	return prepare_token(s, cache, round, token, &what, receipt, out, err);
}

/* Copies the len bytes at p into out (size bytes) as a string; false when too long. */
static bool copy_code(const char *p, int len, char *out, size_t size)
{
	if (!p || (size_t)len >= size)
		return false;
	memcpy(out, p, (size_t)len);
	out[len] = '\0';
	return true;
}

int ballot_prepare_body(struct store *s, struct ballot_cache *cache, const struct ballot_body *b,
			struct ballot_cast *out)
{
	char round[EVAL_CODE_MAX + 1], token[4 * BALLOT_TOKEN_SIZE];
	/* the usual ballot rates a few units: their codes on the stack */
	char local_units[4][EVAL_CODE_MAX + 1];
	const char *local_codes[4] = {NULL};
	bool few = b->nitems <= 4;
	char(*units)[EVAL_CODE_MAX + 1] =
	    few ? local_units : xcalloc((size_t)b->nitems, sizeof *units);
	const char **codes = few ? local_codes : xcalloc((size_t)b->nitems, sizeof *codes);
	struct zf_err err;
	int rc = -1;
	/* longer than any round, token or unit: the general path refuses it */
	if ((b->round && !copy_code(b->round, b->round_len, round, sizeof round)) ||
	    !copy_code(b->token, b->token_len, token, sizeof token))
		goto done;
	for (int i = 0; i < b->nitems; i++)
		if (copy_code(b->items[i].unit, b->items[i].unit_len, units[i], sizeof units[i]))
			codes[i] = units[i];
	struct rated what = {.body = b, .codes = codes};
	zf_err_clear(&err);
	rc = prepare_token(s, cache, b->round ? round : NULL, token, &what, b->receipt, out, &err) <
		     0
		 ? -1
		 : 0;
done:
	sodium_memzero(token, sizeof token);
	if (!few) {
		free(units);
		free(codes);
	}
	return rc;
}

/* ---- the mutual evaluation by account ---- */

struct rater {
	int64_t id;
	char code[128], category[128];
};

static int rater_of(struct store *s, const struct actor *who, struct rater *r, struct zf_err *err)
{
	static const char *q = "SELECT u.code, COALESCE(c.code, '') FROM units u"
			       " LEFT JOIN categories c ON c.id = u.category_id WHERE u.id = ?";
	if (!who->unit_id)
		return zf_err_set(err, ZF_EFORBIDDEN, "unit",
				  "only an account of a unit takes part in the mutual evaluation");
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, who->unit_id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		r->id = who->unit_id;
		snprintf(r->code, sizeof r->code, "%s", stmt_text(st, 0));
		snprintf(r->category, sizeof r->category, "%s", stmt_text(st, 1));
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_EFORBIDDEN, "unit", "the account's unit is gone");
	}
	stmt_reset(st);
	return rc;
}

/* The round (open), its mutual group and the account's unit. */
static int mutual_setup(struct store *s, struct ballot_cache *cache, const char *round,
			const struct actor *who, struct round_view *v, int *grp, struct rater *r,
			struct zf_err *err)
{
	int rc = round_load(s, cache, round, 0, v, err);
	if (rc < 0)
		return rc;
	*grp = -1;
	for (int g = 0; g < v->cfg->ngroups && *grp < 0; g++)
		if (v->cfg->groups[g].mutual)
			*grp = g;
	if (*grp < 0)
		rc = zf_err_set(err, ZF_ECONFLICT, "round",
				"round '%s' has no mutual-evaluation group", v->code);
	if (rc == 0)
		rc = round_must_be_open(v, err);
	if (rc == 0)
		rc = rater_of(s, who, r, err);
	if (rc < 0)
		view_cleanup(v);
	return rc;
}

static int has_voted(struct store *s, int64_t round_id, int64_t user_id, bool *voted,
		     struct zf_err *err)
{
	int64_t n;
	int rc = store_query_int(
	    s, err, &n, "SELECT count(*) FROM mutual_voters WHERE round_id = ? AND user_id = ?",
	    "ii", round_id, user_id);
	if (rc == 0)
		*voted = n > 0;
	return rc;
}

int ballot_prepare_mutual(struct store *s, struct ballot_cache *cache, const char *round,
			  const struct actor *who, json_t *ballots, bool receipt,
			  struct ballot_cast *out, struct zf_err *err)
{
	struct round_view v;
	struct rater r;
	struct unit_list units = {0};
	struct ballot_cast c;
	bool voted = false;
	int grp, rc = mutual_setup(s, cache, round, who, &v, &grp, &r, err);
	if (rc < 0)
		return rc;
	memset(&c, 0, sizeof c);
	if ((rc = has_voted(s, v.id, who->user_id, &voted, err)) == 0 && voted)
		rc = zf_err_set(err, ZF_ECONFLICT, "account",
				"this account has cast its mutual evaluation in round '%s' already",
				v.code);
	if (rc == 0 && eval_config_catlist(v.cfg, r.category) < 0)
		rc = zf_err_set(err, ZF_ECONFLICT, "round",
				"round '%s' has no indicator list for the category '%s'", v.code,
				r.category);
	if (rc == 0)
		rc = peer_units(s, r.id, v.cfg, &units, err);
	if (rc == 0) {
		c.round_id = v.id;
		c.user_id = who->user_id;
		c.grp = grp;
		c.channel = "mutual";
		c.rater_unit_id = r.id;
		rc = validate(v.cfg, &units, ballots, r.code, r.category, &c, err);
	}
	if (rc == 0 && (c.receipt = receipt))
		ballot_receipt_new(c.receipt_code);
	units_cleanup(&units);
	view_cleanup(&v);
	if (rc < 0) {
		ballot_cast_cleanup(&c);
		return rc;
	}
	*out = c;
	return 0;
}

/* ---- writing: the writer job ---- */

/* Why spending failed: the token was used meanwhile, or the round closed. */
static int spend_failed(struct store *s, const struct ballot_cast *c, struct zf_err *err)
{
	static const char *q = "SELECT t.used, r.code, r.state FROM tokens t"
			       " JOIN rounds r ON r.id = t.round_id WHERE t.hash = ?";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_blob(st, 1, c->token_hash, sizeof c->token_hash);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		if (stmt_int(st, 0))
			rc = zf_err_set(err, ZF_ECONFLICT, "token",
					"token already used: each token casts its ballots once");
		else
			rc = zf_err_set(err, ZF_ECONFLICT, "round",
					"round '%s' is %s: it takes no more ballots",
					stmt_text(st, 1), stmt_text(st, 2));
	} else if (rc == STORE_DONE) {
		rc = zf_err_set(err, ZF_ENOTFOUND, "token", "unknown token");
	}
	stmt_reset(st);
	return rc;
}

/* Why the round of a spent token takes no ballot: it closed meanwhile. */
static int round_closed(struct store *s, int64_t round_id, struct zf_err *err)
{
	struct stmt *st = store_prepare(s, "SELECT code, state FROM rounds WHERE id = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, round_id);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW)
		rc = zf_err_set(err, ZF_ECONFLICT, "round",
				"round '%s' is %s: it takes no more ballots", stmt_text(st, 0),
				stmt_text(st, 1));
	else if (rc == STORE_DONE)
		rc = zf_err_set(err, ZF_ENOTFOUND, "round", "the token's round is gone");
	stmt_reset(st);
	return rc;
}

/* Spends the token, or registers the account's mutual vote, only while the round is open.
 * The token's round is c->round_id (checked when the cast was prepared; it never changes). */
static int spend(struct store *s, const struct ballot_cast *c, struct zf_err *err)
{
	/* two plain statements rather than one UPDATE with an EXISTS on rounds, which SQLite
	 * runs in two passes through a temporary table; the writer's transaction keeps them
	 * together, and a job that fails is rolled back whole */
	static const char *q_token = "UPDATE tokens SET used = 1 WHERE hash = ? AND used = 0";
	static const char *q_token_id = "UPDATE tokens SET used = 1 WHERE id = ? AND used = 0";
	static const char *q_open = "SELECT count(*) FROM rounds WHERE id = ? AND state = 'open'";
	static const char *q_voter =
	    "INSERT INTO mutual_voters(round_id, user_id) SELECT id, ? FROM rounds"
	    " WHERE id = ? AND state = 'open'";
	int64_t open = 0;
	int rc;
	if (c->by_token) {
		/* the checks first: a job that fails before writing costs its group nothing
		 * (token_check has seen the round open in this transaction already) */
		if (!c->check_token &&
		    (rc = store_query_int(s, err, &open, q_open, "i", c->round_id)) < 0)
			return rc;
		if (!c->check_token && !open)
			return round_closed(s, c->round_id, err);
		struct stmt *st = store_prepare(s, c->token_id ? q_token_id : q_token, err);
		if (!st)
			return ZF_EINTERNAL;
		if (c->token_id)
			stmt_bind_int(st, 1, c->token_id);
		else
			stmt_bind_blob(st, 1, c->token_hash, sizeof c->token_hash);
		rc = stmt_step(st, err);
		stmt_reset(st);
		if (rc < 0)
			return rc;
		return store_changes(s) == 1 ? 0 : spend_failed(s, c, err);
	}
	rc = store_run(s, err, q_voter, "ii", c->user_id, c->round_id);
	if (rc == ZF_ECONFLICT)
		return zf_err_set(err, ZF_ECONFLICT, "account",
				  "this account has cast its mutual evaluation already");
	if (rc < 0)
		return rc;
	if (store_changes(s) != 1)
		return zf_err_set(err, ZF_ECONFLICT, "round", "the round takes no more ballots");
	return 0;
}

/* A random ballot id. Drawn from a buffer of the system's random bytes refilled 4 KiB at a
 * time (one system call per 512 ballots instead of one each); only the writer's thread
 * casts, but the buffer is per thread all the same. */
static int64_t random_id(void)
{
	static _Thread_local int64_t pool[512];
	static _Thread_local int left;
	if (left == 0) {
		randombytes_buf(pool, sizeof pool);
		left = (int)(sizeof pool / sizeof *pool);
	}
	int64_t id = pool[--left] & INT64_MAX;
	pool[left] = 0;
	return id;
}

static int insert_ballot(struct store *s, const struct ballot_cast *c, const struct ballot_item *it,
			 const char *day, struct zf_err *err)
{
	static const char *q =
	    "INSERT INTO ballots(round_id, unit_id, grp, id, channel, rater_unit_id, day, ratings)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	int rc = ZF_ECONFLICT;
	/* checked here rather than left to the schema's CHECK: a job that fails after writing
	 * makes its group run again (store/writer.h) */
	assert(!strcmp(c->channel, "network") || !strcmp(c->channel, "letter") ||
	       !strcmp(c->channel, "mutual"));
	/* a random id: insertion order must not tell who voted when; a collision (2^-63 per
	 * pair) just draws again */
	for (int tries = 0; tries < 4 && rc == ZF_ECONFLICT; tries++) {
		int64_t id = random_id();
		struct stmt *st = store_prepare(s, q, err);
		if (!st)
			return ZF_EINTERNAL;
		stmt_bind_int(st, 1, c->round_id);
		stmt_bind_int(st, 2, it->unit_id);
		stmt_bind_int(st, 3, c->grp);
		stmt_bind_int(st, 4, id);
		stmt_bind_text(st, 5, c->channel);
		if (c->rater_unit_id)
			stmt_bind_int(st, 6, c->rater_unit_id);
		stmt_bind_text(st, 7, day);
		stmt_bind_blob(st, 8, it->ratings, (size_t)it->n);
		rc = stmt_step(st, err);
		stmt_reset(st);
	}
	return rc < 0 ? rc : 0;
}

static int unknown_token(struct zf_err *err)
{
	return zf_err_set(err, ZF_ENOTFOUND, "token",
			  "unknown token: check that it was typed correctly");
}

/* The writer's half of a token cast (c->check_token): the token is known, of the cast's
 * round and unused; it covers every unit rated (and a mutual token's unit is not among
 * them); each unit is still in the category its ratings were read for. Sets grp, channel,
 * rater_unit_id and token_id. Writes nothing. */
static int token_check(struct store *s, struct ballot_cast *c, struct zf_err *err)
{
	/* the token, its round's state, and whether it covers the first unit rated and in
	 * which category that unit is: one statement for the usual ballot of one unit */
	static const char *q_token =
	    "SELECT t.id, t.round_id, t.grp, t.channel, t.rater_unit_id, t.used, r.state = 'open',"
	    " tu.unit_id IS NOT NULL, COALESCE(u.category_id, 0)"
	    " FROM tokens t JOIN rounds r ON r.id = t.round_id"
	    " LEFT JOIN token_units tu ON tu.token_id = t.id AND tu.unit_id = ?"
	    " LEFT JOIN units u ON u.id = tu.unit_id"
	    " WHERE t.hash = ?";
	/* the same by the token's issue number, when the hints know it (ballot_hints.c) */
	static const char *q_token_id =
	    "SELECT t.id, t.round_id, t.grp, t.channel, t.rater_unit_id, t.used, r.state = 'open',"
	    " tu.unit_id IS NOT NULL, COALESCE(u.category_id, 0)"
	    " FROM tokens t JOIN rounds r ON r.id = t.round_id"
	    " LEFT JOIN token_units tu ON tu.token_id = t.id AND tu.unit_id = ?"
	    " LEFT JOIN units u ON u.id = tu.unit_id"
	    " WHERE t.id = ? AND t.hash = ?";
	static const char *q_covers = "SELECT COALESCE(u.category_id, 0) FROM token_units tu"
				      " JOIN units u ON u.id = tu.unit_id"
				      " WHERE tu.token_id = ? AND tu.unit_id = ?";
	int64_t first_unit = c->nitems > 0 ? c->items[0].unit_id : 0;
	struct ballot_hint h;
	int64_t hint = ballot_hint(s, c->token_hash, &h) ? h.id : 0;
	struct stmt *st = NULL;
	int rc = STORE_DONE;
	if (hint) {
		if (!(st = store_prepare(s, q_token_id, err)))
			return ZF_EINTERNAL;
		stmt_bind_int(st, 1, first_unit);
		stmt_bind_int(st, 2, hint);
		stmt_bind_blob(st, 3, c->token_hash, sizeof c->token_hash);
		if ((rc = stmt_step(st, err)) != STORE_ROW)
			stmt_reset(st);
		if (rc < 0)
			return rc;
	}
	if (rc != STORE_ROW) { /* no hint, or a wrong one: by the hash */
		if (!(st = store_prepare(s, q_token, err)))
			return ZF_EINTERNAL;
		stmt_bind_int(st, 1, first_unit);
		stmt_bind_blob(st, 2, c->token_hash, sizeof c->token_hash);
		if ((rc = stmt_step(st, err)) != STORE_ROW) {
			stmt_reset(st);
			return rc < 0 ? rc : unknown_token(err);
		}
		ballot_hint_missed(s, stmt_int(st, 0));
	}
	int64_t round_id = stmt_int(st, 1);
	int grp = (int)stmt_int(st, 2);
	bool letter = !strcmp(stmt_text(st, 3), "letter");
	int64_t rater = stmt_int(st, 4);
	bool used = stmt_int(st, 5) != 0, open = stmt_int(st, 6) != 0;
	bool covers_first = stmt_int(st, 7) != 0;
	int64_t first_cat = stmt_int(st, 8);
	c->token_id = stmt_int(st, 0);
	stmt_reset(st);
	if (round_id != c->round_id)
		return unknown_token(err);
	if (!open)
		return round_closed(s, c->round_id, err);
	if (grp < 0 || grp >= c->ngroups)
		return zf_err_set(err, ZF_EINTERNAL, "token",
				  "the token's group is not in its round");
	if (used)
		return zf_err_set(err, ZF_ECONFLICT, "token",
				  "token already used: each token casts its ballots once");
	bool mutual = (c->mutual_groups >> grp) & 1;
	c->grp = grp;
	c->channel = mutual ? "mutual" : letter ? "letter" : "network";
	c->rater_unit_id = mutual ? rater : 0;
	for (int i = 0; i < c->nitems; i++) {
		const struct ballot_item *it = &c->items[i];
		char field[32];
		int64_t cat = first_cat;
		snprintf(field, sizeof field, "ballots[%d].unit", i);
		if (c->rater_unit_id && it->unit_id == c->rater_unit_id)
			return zf_err_set(err, ZF_EFORBIDDEN, field,
					  "unit '%s' may not rate itself", it->unit);
		rc = covers_first ? STORE_ROW : STORE_DONE;
		if (i > 0) {
			if (!(st = store_prepare(s, q_covers, err)))
				return ZF_EINTERNAL;
			stmt_bind_int(st, 1, c->token_id);
			stmt_bind_int(st, 2, it->unit_id);
			if ((rc = stmt_step(st, err)) == STORE_ROW)
				cat = stmt_int(st, 0);
			stmt_reset(st);
			if (rc < 0)
				return rc;
		}
		if (rc != STORE_ROW)
			return zf_err_set(err, ZF_EINVAL, field,
					  "the token does not cover unit '%s'", it->unit);
		if (cat != it->category_id)
			return zf_err_set(err, ZF_ECONFLICT, field,
					  "unit '%s' has just moved to another category: send the "
					  "ballot again",
					  it->unit);
	}
	return 0;
}

/* The writer's half of the usual token cast, one unit rated, when the hints know the token
 * (ballot_hints.c): its round, group, channel and unit were fixed when it was issued, so
 * what is left to check is that the round is open and the unit still in the category its
 * ratings were read for (ballot_hint_state, from memory while nothing can have changed
 * them), and that the row with the hint's issue number has the token's
 * full hash and is unused, which spending it by both proves. Returns 1 when the token is
 * spent and c set as token_check sets it; 0 when this path does not apply or a check
 * fails, having written nothing (token_check then names the fault); or an error. */
static int spend_hinted(struct store *s, struct ballot_cast *c, struct zf_err *err)
{
	static const char *q_spend =
	    "UPDATE tokens SET used = 1 WHERE id = ? AND hash = ? AND used = 0";
	struct ballot_hint h;
	if (c->nitems != 1 || !ballot_hint(s, c->token_hash, &h))
		return 0;
	const struct ballot_item *it = &c->items[0];
	bool mutual = h.grp < c->ngroups && ((c->mutual_groups >> h.grp) & 1);
	if (h.round_id != c->round_id || h.unit_id != it->unit_id || h.grp >= c->ngroups ||
	    (mutual && h.rater_unit_id == it->unit_id))
		return 0;
	bool open;
	int64_t category;
	int rc = ballot_hint_state(s, c->round_id, it->unit_id, &open, &category, err);
	if (rc < 0)
		return rc;
	if (!open || category != it->category_id)
		return 0;
	struct stmt *st = store_prepare(s, q_spend, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, h.id);
	stmt_bind_blob(st, 2, c->token_hash, sizeof c->token_hash);
	rc = stmt_step(st, err);
	stmt_reset(st);
	if (rc < 0)
		return rc;
	if (store_changes(s) != 1)
		return 0; /* used, or another token's hint */
	c->token_id = h.id;
	c->grp = h.grp;
	c->channel = mutual ? "mutual" : h.letter ? "letter" : "network";
	c->rater_unit_id = mutual ? h.rater_unit_id : 0;
	return 1;
}

int ballot_cast_write(struct store *s, struct ballot_cast *c, struct zf_err *err)
{
	char day[16];
	int rc = 0;
	if (c->check_token && (rc = spend_hinted(s, c, err)) < 0)
		return rc;
	bool hinted = rc == 1;
	if (!hinted && c->check_token && (rc = token_check(s, c, err)) < 0)
		return rc;
	if (!hinted && (rc = spend(s, c, err)) < 0)
		return rc;
	rc = 0;
	time_today(day, sizeof day);
	for (int i = 0; i < c->nitems && rc == 0; i++)
		rc = insert_ballot(s, c, &c->items[i], day, err);
	if (rc == 0 && c->receipt) {
		char canon[BALLOT_RECEIPT_CHARS + 1];
		unsigned char h[BALLOT_HASH_BYTES];
		if (ballot_code_normalize(c->receipt_code, BALLOT_RECEIPT_CHARS, canon) < 0)
			return zf_err_set(err, ZF_EINTERNAL, NULL,
					  "a fresh receipt does not parse");
		ballot_code_hash(canon, h);
		struct stmt *st = store_prepare(
		    s, "INSERT INTO receipts(round_id, hash, day) VALUES (?, ?, ?)", err);
		if (!st)
			return ZF_EINTERNAL;
		stmt_bind_int(st, 1, c->round_id);
		stmt_bind_blob(st, 2, h, sizeof h);
		stmt_bind_text(st, 3, day);
		rc = stmt_step(st, err);
		stmt_reset(st);
	}
	if (rc < 0)
		return rc;
	if (hinted)
		ballot_hint_wrote(s);
	return 0;
}

static int cast_job(struct store *s, void *arg, struct zf_err *err)
{
	return ballot_cast_write(s, arg, err);
}

int ballot_cast_commit(struct writer *w, struct ballot_cast *c, struct zf_err *err)
{
	return writer_submit(w, cast_job, c, err);
}

/* On the writer: asking the hints anything starts their load. */
static int warm_job(struct store *s, void *arg, struct zf_err *err)
{
	static const unsigned char none[BALLOT_HASH_BYTES];
	struct ballot_hint h;
	(void)arg;
	(void)err;
	ballot_hint(s, none, &h);
	return 0;
}

static void warm_done(void *arg, int rc, const struct zf_err *err)
{
	(void)arg;
	(void)rc;
	(void)err;
}

void ballot_warm(struct writer *w)
{
	struct zf_err err;
	writer_submit_async(w, warm_job, NULL, warm_done, NULL, &err);
}

int ballot_cast_commit_async(struct writer *w, struct ballot_cast *c, writer_done_fn done,
			     void *done_arg, struct zf_err *err)
{
	return writer_submit_async(w, cast_job, c, done, done_arg, err);
}

/* ---- the ballot form ---- */

static json_t *form_json(const struct round_view *v, int grp, const struct unit_list *units,
			 const char *rater_code, const char *rater_name)
{
	const struct eval_config *cfg = v->cfg;
	json_t *labels = json_array(), *ju = json_array(), *ind = json_object();
	for (int i = 0; i < cfg->nlabels; i++)
		json_array_append_new(labels, json_pack("{s:s,s:i}", "text", cfg->labels[i].text,
							"value", cfg->labels[i].value));
	for (int i = 0; i < units->n; i++) {
		const struct unit_ref *u = &units->u[i];
		if (u->cat < 0)
			continue;
		const struct eval_catlist *l = &cfg->cats[u->cat];
		json_array_append_new(ju, json_pack("{s:s,s:s,s:s}", "code", u->code, "name",
						    u->name, "category", l->category));
		if (json_object_get(ind, l->category))
			continue;
		json_t *li = json_array();
		for (int k = 0; k < l->nind; k++)
			json_array_append_new(li, json_pack("{s:s,s:s}", "code", l->ind[k].code,
							    "name", l->ind[k].name));
		json_object_set_new(ind, l->category, li);
	}
	return json_pack("{s:{s:s,s:s},s:{s:s,s:s},s:b,s:o,s:o,s:o,s:o}", "round", "code", v->code,
			 "name", cfg->name, "group", "code", cfg->groups[grp].code, "name",
			 cfg->groups[grp].name, "mutual", cfg->groups[grp].mutual, "rater",
			 rater_code ? json_pack("{s:s,s:s}", "code", rater_code, "name", rater_name)
				    : json_null(),
			 "labels", labels, "units", ju, "indicators", ind);
}

int ballot_form_token(struct store *s, struct ballot_cache *cache, const char *round,
		      const char *token, json_t **out, struct zf_err *err)
{
	struct round_view v;
	struct token_row t;
	struct unit_list units = {0};
	int rc = round_and_token(s, cache, round, token, &v, &t, err);
	if (rc < 0)
		return rc;
	char code[128] = "", name[256] = "";
	bool mutual = v.cfg->groups[t.grp].mutual && t.rater_unit_id;
	if (mutual) {
		struct stmt *st =
		    store_prepare(s, "SELECT code, name FROM units WHERE id = ?", err);
		if (st) {
			stmt_bind_int(st, 1, t.rater_unit_id);
			if (stmt_step(st, err) == STORE_ROW) {
				snprintf(code, sizeof code, "%s", stmt_text(st, 0));
				snprintf(name, sizeof name, "%s", stmt_text(st, 1));
			}
			stmt_reset(st);
		}
	}
	if ((rc = token_units(s, t.hash, v.cfg, &units, err)) == 0)
		*out = form_json(&v, t.grp, &units, mutual ? code : NULL, name);
	units_cleanup(&units);
	view_cleanup(&v);
	return rc;
}

int ballot_form_mutual(struct store *s, struct ballot_cache *cache, const char *round,
		       const struct actor *who, json_t **out, struct zf_err *err)
{
	struct round_view v;
	struct rater r;
	struct unit_list units = {0};
	bool voted = false;
	int grp, rc = mutual_setup(s, cache, round, who, &v, &grp, &r, err);
	if (rc < 0)
		return rc;
	if ((rc = has_voted(s, v.id, who->user_id, &voted, err)) == 0)
		rc = peer_units(s, r.id, v.cfg, &units, err);
	if (rc == 0) {
		char name[256] = "";
		struct stmt *st = store_prepare(s, "SELECT name FROM units WHERE id = ?", err);
		if (st) {
			stmt_bind_int(st, 1, r.id);
			if (stmt_step(st, err) == STORE_ROW)
				snprintf(name, sizeof name, "%s", stmt_text(st, 0));
			stmt_reset(st);
		}
		*out = form_json(&v, grp, &units, r.code, name);
		json_object_set_new(*out, "voted", json_boolean(voted));
	}
	units_cleanup(&units);
	view_cleanup(&v);
	return rc;
}
