/* ballot_token.c: ballot tokens: their text (random Crockford base32), the hash that is all
 * the database keeps of them, issuing a batch for one group and set of units, and the count
 * of tokens issued and used per group. */
#include "eval/ballot.h"
#include "base/buf.h"
#include "eval/letters.h"
#include "audit/audit.h"
#include "base/util.h"
#include "eval/eval.h"

#include <pthread.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char b32[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static pthread_once_t sodium_once = PTHREAD_ONCE_INIT;

static void sodium_start(void)
{
	if (sodium_init() < 0)
		abort(); /* no CSPRNG: nothing about ballots can be safe */
}

/* Writes chars random base32 characters into out, grouped by four with dashes. */
static void random_code(int chars, char *out)
{
	unsigned char r[64];
	int k = 0;
	pthread_once(&sodium_once, sodium_start);
	randombytes_buf(r, (size_t)chars);
	for (int i = 0; i < chars; i++) {
		if (i && i % 4 == 0)
			out[k++] = '-';
		out[k++] = b32[r[i] & 31]; /* 256 is a multiple of 32: uniform */
	}
	out[k] = '\0';
	sodium_memzero(r, sizeof r);
}

void ballot_token_new(char out[BALLOT_TOKEN_SIZE])
{
	random_code(BALLOT_TOKEN_CHARS, out);
}

void ballot_receipt_new(char out[BALLOT_RECEIPT_SIZE])
{
	random_code(BALLOT_RECEIPT_CHARS, out);
}

int ballot_code_normalize(const char *in, int chars, char *out)
{
	int n = 0;
	if (!in)
		return -1;
	for (const char *p = in; *p; p++) {
		char c = *p;
		if (c == '-' || c == ' ' || c == '\t')
			continue;
		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		if (c == 'O')
			c = '0';
		else if (c == 'I' || c == 'L')
			c = '1';
		if (!strchr(b32, c) || c == '\0' || n == chars)
			return -1;
		out[n++] = c;
	}
	if (n != chars)
		return -1;
	out[n] = '\0';
	return 0;
}

void ballot_code_hash(const char *canonical, unsigned char out[BALLOT_HASH_BYTES])
{
	crypto_generichash(out, BALLOT_HASH_BYTES, (const unsigned char *)canonical,
			   strlen(canonical), NULL, 0);
}

/* ---- issuing ---- */

struct unit_set {
	int n, cap;
	int64_t *ids;
	char **codes;
};

static void set_add(struct unit_set *u, int64_t id, const char *code)
{
	for (int i = 0; i < u->n; i++)
		if (u->ids[i] == id)
			return;
	if (u->n == u->cap) {
		u->cap = u->cap ? 2 * u->cap : 16;
		u->ids = xrealloc(u->ids, sizeof *u->ids * (size_t)u->cap);
		u->codes = xrealloc(u->codes, sizeof *u->codes * (size_t)u->cap);
	}
	u->ids[u->n] = id;
	u->codes[u->n++] = xstrdup(code);
}

static void set_cleanup(struct unit_set *u)
{
	for (int i = 0; i < u->n; i++)
		free(u->codes[i]);
	free(u->ids);
	free(u->codes);
	memset(u, 0, sizeof *u);
}

struct unit_info {
	int64_t id;
	bool active;
	char category[128];
};

/* Finds unit `code`. Returns 0, ZF_ENOTFOUND or ZF_EIO. */
static int unit_lookup(struct store *s, const char *code, struct unit_info *out, struct zf_err *err)
{
	static const char *q = "SELECT u.id, u.active, COALESCE(c.code, '') FROM units u"
			       " LEFT JOIN categories c ON c.id = u.category_id WHERE u.code = ?";
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, code);
	int rc = stmt_step(st, err);
	if (rc == STORE_ROW) {
		out->id = stmt_int(st, 0);
		out->active = stmt_int(st, 1) != 0;
		snprintf(out->category, sizeof out->category, "%s", stmt_text(st, 2));
		rc = 0;
	} else if (rc == STORE_DONE) {
		rc = ZF_ENOTFOUND;
	}
	stmt_reset(st);
	return rc;
}

/* Adds the active units of category (but `except`) to set. Returns 0, ZF_EINVAL (field
 * "category") when no such category exists, or ZF_EIO. */
static int category_units(struct store *s, const char *category, int64_t except,
			  struct unit_set *set, struct zf_err *err)
{
	static const char *q = "SELECT u.id, u.code FROM units u JOIN categories c"
			       " ON c.id = u.category_id WHERE c.code = ? AND u.active = 1"
			       " ORDER BY u.code";
	int64_t n;
	int rc = store_query_int(s, err, &n, "SELECT count(*) FROM categories WHERE code = ?", "t",
				 category);
	if (rc < 0)
		return rc;
	if (n == 0)
		return zf_err_set(err, ZF_EINVAL, "category", "no category '%s'", category);
	struct stmt *st = store_prepare(s, q, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_text(st, 1, category);
	while ((rc = stmt_step(st, err)) == STORE_ROW)
		if (stmt_int(st, 0) != except)
			set_add(set, stmt_int(st, 0), stmt_text(st, 1));
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* Adds the units of a comma- or space-separated list of codes to set, each active and, when
 * rater is non-NULL, another unit of the rater's category. */
static int listed_units(struct store *s, const char *list, const struct unit_info *rater,
			const char *rater_code, struct unit_set *set, struct zf_err *err)
{
	char *copy = xstrdup(list), *save = NULL;
	int rc = 0;
	for (char *code = strtok_r(copy, ", \t", &save); code && rc == 0;
	     code = strtok_r(NULL, ", \t", &save)) {
		struct unit_info u;
		rc = unit_lookup(s, code, &u, err);
		if (rc == ZF_ENOTFOUND)
			rc = zf_err_set(err, ZF_EINVAL, "units", "no unit '%s'", code);
		else if (rc == 0 && !u.active)
			rc = zf_err_set(err, ZF_EINVAL, "units", "unit '%s' is inactive", code);
		else if (rc == 0 && rater && u.id == rater->id)
			rc = zf_err_set(err, ZF_EINVAL, "units",
					"the rater unit '%s' cannot rate itself", code);
		else if (rc == 0 && rater && strcmp(u.category, rater->category))
			rc = zf_err_set(err, ZF_EINVAL, "units",
					"unit '%s' is not of the rater %s's category '%s'", code,
					rater_code, rater->category);
		if (rc == 0)
			set_add(set, u.id, code);
	}
	free(copy);
	if (rc == 0 && set->n == 0)
		rc = zf_err_set(err, ZF_EINVAL, "units", "no unit given");
	return rc;
}

/* Resolves the units a batch covers, checking the rules of the group. */
static int resolve_units(struct store *s, const struct eval_round *r, const struct eval_group *g,
			 const struct ballot_issue_req *req, int64_t *rater_id,
			 struct unit_set *set, struct zf_err *err)
{
	struct unit_info rater;
	int rc;
	bool have_units = !str_blank(req->units), have_cat = !str_blank(req->category);
	*rater_id = 0;
	if (have_units && have_cat)
		return zf_err_set(err, ZF_EINVAL, "units", "give --units or --category, not both");
	if (!g->mutual) {
		if (!str_blank(req->rater))
			return zf_err_set(err, ZF_EINVAL, "rater",
					  "a rater unit is only for a mutual group; '%s' is not "
					  "one",
					  g->code);
		if (!have_units && !have_cat)
			return zf_err_set(err, ZF_EINVAL, "units",
					  "give the units covered (--units) or a category");
		rc = have_units ? listed_units(s, req->units, NULL, NULL, set, err)
				: category_units(s, req->category, 0, set, err);
	} else {
		if (str_blank(req->rater))
			return zf_err_set(err, ZF_EINVAL, "rater",
					  "the mutual group '%s' needs the rating unit (--rater)",
					  g->code);
		rc = unit_lookup(s, req->rater, &rater, err);
		if (rc == ZF_ENOTFOUND)
			return zf_err_set(err, ZF_EINVAL, "rater", "no unit '%s'", req->rater);
		if (rc < 0)
			return rc;
		if (!rater.active)
			return zf_err_set(err, ZF_EINVAL, "rater", "unit '%s' is inactive",
					  req->rater);
		*rater_id = rater.id;
		if (have_cat && strcmp(req->category, rater.category))
			return zf_err_set(err, ZF_EINVAL, "category",
					  "mutual evaluation stays within the rater's category "
					  "'%s', not '%s'",
					  rater.category, req->category);
		rc = have_units ? listed_units(s, req->units, &rater, req->rater, set, err)
				: category_units(s, rater.category, rater.id, set, err);
	}
	if (rc < 0)
		return rc;
	if (set->n == 0)
		return zf_err_set(err, ZF_EINVAL, have_units ? "units" : "category",
				  "no active unit to cover");
	/* every covered unit must be ratable in this round */
	for (int i = 0; i < set->n; i++) {
		struct unit_info u;
		if ((rc = unit_lookup(s, set->codes[i], &u, err)) < 0)
			return rc;
		if (eval_config_catlist(&r->cfg, u.category) < 0)
			return zf_err_set(err, ZF_EINVAL, have_units ? "units" : "category",
					  "unit '%s' is of category '%s', which has no indicator "
					  "list in round '%s'",
					  set->codes[i], u.category, r->cfg.code);
	}
	return 0;
}

static int cmp_codes(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Inserts one token and its units; a hash already taken (never in practice) is ZF_ECONFLICT. */
static int insert_token(struct store *s, const char *token, int64_t round_id, int grp,
			const char *channel, int64_t rater_id, const struct unit_set *set,
			struct zf_err *err)
{
	static const char *qt = "INSERT INTO tokens(hash, round_id, grp, channel, rater_unit_id)"
				" VALUES (?, ?, ?, ?, ?)";
	static const char *qu = "INSERT INTO token_units(token_id, unit_id) VALUES (?, ?)";
	char canon[BALLOT_TOKEN_CHARS + 1];
	unsigned char h[BALLOT_HASH_BYTES];
	int rc;
	if (ballot_code_normalize(token, BALLOT_TOKEN_CHARS, canon) < 0)
		return zf_err_set(err, ZF_EINTERNAL, NULL, "a fresh token does not parse");
	ballot_code_hash(canon, h);
	struct stmt *st = store_prepare(s, qt, err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_blob(st, 1, h, sizeof h);
	stmt_bind_int(st, 2, round_id);
	stmt_bind_int(st, 3, grp);
	stmt_bind_text(st, 4, channel);
	if (rater_id)
		stmt_bind_int(st, 5, rater_id);
	rc = stmt_step(st, err);
	stmt_reset(st);
	if (rc < 0)
		return rc;
	int64_t id = store_last_id(s);
	for (int i = 0; i < set->n; i++) {
		if (!(st = store_prepare(s, qu, err)))
			return ZF_EINTERNAL;
		stmt_bind_int(st, 1, id);
		stmt_bind_int(st, 2, set->ids[i]);
		rc = stmt_step(st, err);
		stmt_reset(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

static int write_batch(struct store *s, const struct actor *who, const struct eval_round *r,
		       int grp, const char *channel, int64_t rater_id, const char *rater,
		       const struct unit_set *set, const struct ballot_issue_req *req,
		       struct ballot_issued *o, struct zf_err *err)
{
	int rc = 0;
	if (req->deliver) {
		/* delivered before the transaction, which the letters of a thousand tokens
		 * (seconds of work) would otherwise hold against the ballot writer; so the
		 * tokens are drawn first and cannot be drawn again on a clash below */
		for (int i = 0; i < o->count; i++)
			ballot_token_new(o->tokens[i]);
		if ((rc = req->deliver(s, o, req->deliver_arg, err)) < 0)
			return rc;
	}
	if ((rc = store_begin(s, err)) < 0)
		return rc;
	for (int i = 0; i < o->count && rc == 0; i++) {
		for (int tries = 0; tries < 3; tries++) {
			if (!req->deliver)
				ballot_token_new(o->tokens[i]);
			rc = insert_token(s, o->tokens[i], r->id, grp, channel, rater_id, set, err);
			if (rc != ZF_ECONFLICT || req->deliver)
				break;
		}
	}
	if (rc == 0) {
		json_t *units = json_array();
		for (int i = 0; i < o->nunits; i++)
			json_array_append_new(units, json_string(o->units[i]));
		json_t *ch = json_pack("{s:i,s:s,s:s,s:o}", "count", o->count, "group", o->group,
				       "channel", channel, "units", units);
		if (rater)
			json_object_set_new(ch, "rater", json_string(rater));
		rc = audit_append(s, who, "issue", "tokens", r->cfg.code, "ok", ch, err);
		json_decref(ch);
	}
	if (rc == 0)
		rc = store_commit(s, err);
	if (rc < 0)
		store_rollback(s);
	return rc;
}

/* The names of o's units, for the letters. */
static int unit_names(struct store *s, struct ballot_issued *o, struct zf_err *err)
{
	struct stmt *st = store_prepare(s, "SELECT name FROM units WHERE code = ?", err);
	if (!st)
		return ZF_EINTERNAL;
	o->unit_names = xcalloc((size_t)(o->nunits ? o->nunits : 1), sizeof *o->unit_names);
	int rc = 0;
	for (int i = 0; i < o->nunits && rc == 0; i++) {
		stmt_bind_text(st, 1, o->units[i]);
		rc = stmt_step(st, err);
		const char *name = rc == STORE_ROW ? stmt_text(st, 0) : NULL;
		o->unit_names[i] = xstrdup(name ? name : o->units[i]);
		rc = rc < 0 ? rc : 0;
		stmt_reset(st);
	}
	return rc;
}

int ballot_tokens_issue(struct store *s, const struct actor *who,
			const struct ballot_issue_req *req, struct ballot_issued *out,
			struct zf_err *err)
{
	struct eval_round r;
	struct unit_set set = {0};
	struct ballot_issued o;
	int64_t rater_id = 0;
	const char *channel = str_blank(req->channel) ? "network" : req->channel;
	int rc;
	if (strcmp(channel, "network") && strcmp(channel, "letter"))
		return zf_err_set(err, ZF_EINVAL, "channel",
				  "the channel is network or letter, not '%s'", channel);
	if (req->count < 1 || req->count > BALLOT_ISSUE_MAX)
		return zf_err_set(err, ZF_EINVAL, "count", "the count must be 1 to %d",
				  BALLOT_ISSUE_MAX);
	if (str_blank(req->round))
		return zf_err_set(err, ZF_EINVAL, "round", "the round is required");
	if ((rc = eval_round_get(s, req->round, &r, err)) < 0)
		return rc;
	if ((rc = eval_round_accepts_input(&r, err)) < 0)
		goto cleanup;
	int grp = str_blank(req->group) ? -1 : eval_config_group(&r.cfg, req->group);
	if (grp < 0) {
		char codes[256] = "";
		for (int i = 0; i < r.cfg.ngroups; i++) {
			size_t l = strlen(codes);
			snprintf(codes + l, sizeof codes - l, "%s%s", i ? ", " : "",
				 r.cfg.groups[i].code);
		}
		rc = zf_err_set(err, ZF_EINVAL, "group", "round '%s' has no group '%s' (%s)",
				r.cfg.code, req->group ? req->group : "", codes);
		goto cleanup;
	}
	if ((rc = resolve_units(s, &r, &r.cfg.groups[grp], req, &rater_id, &set, err)) < 0)
		goto cleanup;

	memset(&o, 0, sizeof o);
	o.count = req->count;
	o.tokens = xcalloc((size_t)o.count, sizeof *o.tokens);
	o.nunits = set.n;
	o.units = xcalloc((size_t)set.n, sizeof *o.units);
	for (int i = 0; i < set.n; i++)
		o.units[i] = xstrdup(set.codes[i]);
	qsort(o.units, (size_t)o.nunits, sizeof *o.units, cmp_codes);
	snprintf(o.group, sizeof o.group, "%s", r.cfg.groups[grp].code);
	snprintf(o.channel, sizeof o.channel, "%s", channel);
	snprintf(o.round, sizeof o.round, "%s", r.cfg.code);
	o.round_name = xstrdup(r.cfg.name ? r.cfg.name : r.cfg.code);
	o.group_name = xstrdup(r.cfg.groups[grp].name ? r.cfg.groups[grp].name : o.group);
	if (!req->deliver || (rc = unit_names(s, &o, err)) == 0)
		rc = write_batch(s, who, &r, grp, channel, rater_id,
				 r.cfg.groups[grp].mutual ? req->rater : NULL, &set, req, &o, err);
	if (rc < 0)
		ballot_issued_cleanup(&o);
	else
		*out = o;
cleanup:
	set_cleanup(&set);
	eval_round_cleanup(&r);
	return rc;
}

void ballot_issued_csv(const struct ballot_issued *o, struct buf *b)
{
	struct buf units = BUF_INIT;
	for (int i = 0; i < o->nunits; i++) {
		if (i)
			buf_putc(&units, ',');
		buf_puts(&units, o->units[i]);
	}
	buf_puts(b, "\xEF\xBB\xBFtoken,group,units\r\n");
	for (int i = 0; i < o->count; i++) {
		buf_puts(b, o->tokens[i]);
		buf_putc(b, ',');
		buf_put_csv(b, o->group);
		buf_putc(b, ',');
		buf_put_csv(b, units.p ? units.p : "");
		buf_puts(b, "\r\n");
	}
	buf_cleanup(&units);
}

int ballot_issued_letters(const struct ballot_issued *o, const char *url, const char *lang, FILE *f,
			  struct zf_err *err)
{
	int n = o->nunits;
	char **lines = xcalloc((size_t)(n ? n : 1), sizeof *lines);
	const char **tokens = xcalloc((size_t)o->count, sizeof *tokens);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(o->units[i]) + strlen(o->unit_names[i]) + 4;
		lines[i] = xcalloc(len, 1);
		snprintf(lines[i], len, "%s　%s", o->units[i], o->unit_names[i]);
	}
	for (int i = 0; i < o->count; i++)
		tokens[i] = o->tokens[i];
	struct letters l = {.lang = lang,
			    .url = url,
			    .round = o->round,
			    .round_name = o->round_name,
			    .group_name = o->group_name,
			    .units = (const char *const *)lines,
			    .nunits = n};
	int rc = letters_write_pdf(&l, tokens, o->count, f, err);
	for (int i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	free(tokens);
	return rc;
}

void ballot_issued_cleanup(struct ballot_issued *o)
{
	if (o->tokens)
		sodium_memzero(o->tokens, sizeof *o->tokens * (size_t)o->count);
	free(o->tokens);
	for (int i = 0; i < o->nunits; i++) {
		free(o->units[i]);
		if (o->unit_names)
			free(o->unit_names[i]);
	}
	free(o->units);
	free(o->unit_names);
	free(o->round_name);
	free(o->group_name);
	memset(o, 0, sizeof *o);
}

int ballot_tokens_stats(struct store *s, const char *round, json_t **out, struct zf_err *err)
{
	static const char *q = "SELECT grp, count(*), COALESCE(sum(used), 0) FROM tokens"
			       " WHERE round_id = ? GROUP BY grp";
	struct eval_round r;
	int rc = eval_round_get(s, round, &r, err);
	if (rc < 0)
		return rc;
	int64_t *issued = xcalloc((size_t)r.cfg.ngroups + 1, sizeof *issued);
	int64_t *used = xcalloc((size_t)r.cfg.ngroups + 1, sizeof *used);
	struct stmt *st = store_prepare(s, q, err);
	rc = st ? 0 : ZF_EINTERNAL;
	if (st) {
		stmt_bind_int(st, 1, r.id);
		while ((rc = stmt_step(st, err)) == STORE_ROW) {
			int64_t g = stmt_int(st, 0);
			if (g >= 0 && g < r.cfg.ngroups) {
				issued[g] = stmt_int(st, 1);
				used[g] = stmt_int(st, 2);
			}
		}
		stmt_reset(st);
	}
	if (rc >= 0) {
		json_t *arr = json_array();
		for (int g = 0; g < r.cfg.ngroups; g++)
			json_array_append_new(
			    arr, json_pack("{s:s,s:s,s:I,s:I}", "group", r.cfg.groups[g].code,
					   "name", r.cfg.groups[g].name, "issued",
					   (json_int_t)issued[g], "used", (json_int_t)used[g]));
		*out = arr;
		rc = 0;
	}
	free(issued);
	free(used);
	eval_round_cleanup(&r);
	return rc;
}
