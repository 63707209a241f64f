/* educate_pick.c: fair, reproducible random draws of speakers (E1's lecture hall, E3's
 * cadres picked to report). Fair: within a programme nobody is drawn again before every
 * eligible cadre has been drawn once in the current cycle. Reproducible: the seed is kept
 * with the draw, and the generator is specified (ChaCha20 keystream, rejection sampling), so
 * the same seed over the same pool gives the same picks on any machine. */
#include "educate/educate_impl.h"
#include "audit/audit.h"
#include "base/timeutil.h"
#include "base/util.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the generator ---- */

void educate_prng_init(struct educate_prng *g, uint64_t seed)
{
	memset(g, 0, sizeof *g);
	for (int i = 0; i < 8; i++)
		g->key[i] = (unsigned char)(seed >> (8 * i));
	g->pos = 64;
}

uint32_t educate_prng_u32(struct educate_prng *g)
{
	static const unsigned char zeros[64], nonce[12];
	if (g->pos >= 64) {
		crypto_stream_chacha20_ietf_xor_ic(g->buf, zeros, sizeof g->buf, nonce, g->block++,
						   g->key);
		g->pos = 0;
	}
	const unsigned char *b = g->buf + g->pos;
	g->pos += 4;
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

uint32_t educate_prng_uniform(struct educate_prng *g, uint32_t bound)
{
	if (bound <= 1)
		return 0;
	/* 2^32 mod bound: the draws below it would favour the small results */
	uint32_t threshold = (uint32_t)(-bound) % bound;
	for (;;) {
		uint32_t r = educate_prng_u32(g);
		if (r >= threshold)
			return r % bound;
	}
}

/* ---- draws ---- */

static int by_code(const void *a, const void *b)
{
	const struct edu_person *x = *(const struct edu_person *const *)a;
	const struct edu_person *y = *(const struct edu_person *const *)b;
	return strcmp(x->code, y->code);
}

static int seed_parse(const char *seed, uint64_t *out, struct zf_err *err)
{
	if (!seed) {
		if (sodium_init() < 0)
			return zf_err_set(err, ZF_EINTERNAL, "seed", "libsodium cannot start");
		randombytes_buf(out, sizeof *out);
		return 0;
	}
	size_t n = strlen(seed);
	if (n == 0 || n > 20 || strspn(seed, "0123456789") != n)
		return zf_err_set(err, ZF_EINVAL, "seed",
				  "seed must be a decimal integer 0..18446744073709551615");
	errno = 0;
	unsigned long long v = strtoull(seed, NULL, 10);
	if (errno == ERANGE)
		return zf_err_set(err, ZF_EINVAL, "seed",
				  "seed must be a decimal integer 0..18446744073709551615");
	*out = (uint64_t)v;
	return 0;
}

/* Marks in taken[] the pool members drawn in cycle of programme pid. */
static int drawn_in_cycle(struct store *s, int64_t pid, int cycle, struct edu_person **pool,
			  size_t n, bool *taken, struct zf_err *err)
{
	struct stmt *st =
	    store_prepare(s,
			  "SELECT dp.person_id FROM draw_picks dp JOIN draws d ON d.id = dp.draw_id"
			  " WHERE d.programme_id = ? AND dp.cycle = ?",
			  err);
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, pid);
	stmt_bind_int(st, 2, cycle);
	int rc;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		int64_t id = stmt_int(st, 0);
		for (size_t i = 0; i < n; i++)
			if (pool[i]->id == id)
				taken[i] = true;
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

struct pick {
	struct edu_person *who;
	int cycle;
};

/* The draw itself, over eligible (sorted by code) with taken[] marking the current cycle. */
static void draw(struct educate_prng *g, struct edu_person **eligible, size_t n, bool *taken,
		 int *cycle, struct pick *picks, int count)
{
	struct edu_person **pool = xcalloc(n + 1, sizeof *pool);
	size_t np = 0;
	for (size_t i = 0; i < n; i++)
		if (!taken[i])
			pool[np++] = eligible[i];
	for (int k = 0; k < count; k++) {
		if (np == 0) {
			/* the cycle ran out: a new one over everyone not drawn in this draw */
			(*cycle)++;
			for (size_t i = 0; i < n; i++) {
				bool here = false;
				for (int j = 0; j < k && !here; j++)
					here = picks[j].who == eligible[i];
				if (!here)
					pool[np++] = eligible[i];
			}
		}
		uint32_t idx = educate_prng_uniform(g, (uint32_t)np);
		picks[k].who = pool[idx];
		picks[k].cycle = *cycle;
		memmove(&pool[idx], &pool[idx + 1], (np - idx - 1) * sizeof *pool);
		np--;
	}
	free(pool);
}

static int draw_store(struct store *s, const struct actor *who, const struct edu_prog *p,
		      const char *seed, int count, size_t eligible, const struct pick *picks,
		      int cycle, const char *today, int64_t *draw_id, struct zf_err *err)
{
	char now[32];
	time_format_iso(time_now(), now, sizeof now);
	bool own;
	int rc = store_tx_open(s, &own, err);
	if (rc == 0)
		rc = store_run(
		    s, err,
		    "INSERT INTO draws(programme_id, seed, requested, eligible, drawn_on,"
		    " actor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
		    "itiitt"
		    "t",
		    p->id, seed, (int64_t)count, (int64_t)eligible, today, who->username, now);
	int64_t did = rc == 0 ? store_last_id(s) : 0;
	json_t *codes = json_array();
	for (int k = 0; rc == 0 && k < count; k++) {
		rc = store_run(s, err,
			       "INSERT INTO draw_picks(draw_id, seq, person_id, cycle)"
			       " VALUES (?, ?, ?, ?)",
			       "iiii", did, (int64_t)(k + 1), picks[k].who->id,
			       (int64_t)picks[k].cycle);
		json_array_append_new(codes, json_string(picks[k].who->code));
	}
	if (rc == 0)
		rc = store_run(s, err, "UPDATE programmes SET pick_cycle = ? WHERE id = ?", "ii",
			       (int64_t)cycle, p->id);
	if (rc == 0) {
		json_t *ch =
		    json_pack("{s:I,s:s,s:i,s:I,s:O}", "draw", (json_int_t)did, "seed", seed,
			      "requested", count, "eligible", (json_int_t)eligible, "picks", codes);
		rc = audit_append(s, who, "draw", "programme", p->code, "ok", ch, err);
		json_decref(ch);
	}
	json_decref(codes);
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0)
		*draw_id = did;
	return rc;
}

int educate_pick(struct store *s, const struct actor *who, const char *programme, int count,
		 const char *seed, json_t **out, struct zf_err *err)
{
	char today[11];
	edu_today(today);
	return edu_pick_on(s, who, programme, count, seed, today, NULL, out, err);
}

/* The draw, inside the write transaction: the cycle read and the picks written are one
 * step, so two draws at once cannot both take the same cadre of a cycle. */
static int pick_locked(struct store *s, const struct actor *who, const char *programme, int count,
		       uint64_t seedv, const char *today, const struct edu_people *people,
		       json_t **out, struct zf_err *err)
{
	struct edu_prog p;
	struct edu_people ppl;
	struct edu_rule r;
	char seed_s[24];
	int rc;
	snprintf(seed_s, sizeof seed_s, "%llu", (unsigned long long)seedv);
	if ((rc = edu_prog_find(s, programme, &p, err)) < 0)
		return rc;
	if (!p.active) {
		edu_prog_cleanup(&p);
		return zf_err_set(err, ZF_ECONFLICT, "programme", "programme %s is inactive",
				  p.code);
	}
	memset(&ppl, 0, sizeof ppl);
	if (!people && (rc = edu_people_load(s, 0, 0, &ppl, err)) < 0) {
		edu_prog_cleanup(&p);
		return rc;
	}
	const struct edu_people *pp = people ? people : &ppl;
	edu_rule_parse(p.rule, &r);
	struct edu_person **eligible = xcalloc(pp->n + 1, sizeof *eligible);
	size_t n = 0;
	for (size_t i = 0; i < pp->n; i++)
		if (edu_rule_match(&r, &pp->v[i], today))
			eligible[n++] = &pp->v[i];
	edu_rule_cleanup(&r);
	qsort(eligible, n, sizeof *eligible, by_code);
	bool *taken = xcalloc(n + 1, sizeof *taken);
	struct pick *picks = xcalloc((size_t)(count > 0 ? count : 1), sizeof *picks);
	int cycle = p.pick_cycle;
	int64_t did = 0;
	if (count < 1 || (size_t)count > n) {
		rc = zf_err_set(err, ZF_EINVAL, "count",
				"count must be 1..%zu (the cadres eligible for %s)", n, p.code);
		goto out;
	}
	if ((rc = drawn_in_cycle(s, p.id, cycle, eligible, n, taken, err)) < 0)
		goto out;
	size_t left = 0;
	for (size_t i = 0; i < n; i++)
		left += !taken[i];
	if (left == 0) {
		/* the last draw finished the cycle (or the targets changed under it) */
		cycle++;
		memset(taken, 0, n * sizeof *taken);
	}
	struct educate_prng g;
	educate_prng_init(&g, seedv);
	draw(&g, eligible, n, taken, &cycle, picks, count);
	if ((rc = draw_store(s, who, &p, seed_s, count, n, picks, cycle, today, &did, err)) < 0)
		goto out;
	json_t *arr = json_array();
	for (int k = 0; k < count; k++)
		json_array_append_new(
		    arr,
		    json_pack("{s:i,s:i,s:{s:s,s:s,s:o}}", "seq", k + 1, "cycle", picks[k].cycle,
			      "person", "code", picks[k].who->code, "name", picks[k].who->name,
			      "unit",
			      edu_code_name(picks[k].who->unit_code, picks[k].who->unit_name)));
	*out = json_pack("{s:I,s:s,s:s,s:i,s:I,s:s,s:o}", "id", (json_int_t)did, "programme",
			 p.code, "seed", seed_s, "requested", count, "eligible", (json_int_t)n,
			 "drawn_on", today, "picks", arr);
out:
	free(picks);
	free(taken);
	free(eligible);
	edu_people_cleanup(&ppl);
	edu_prog_cleanup(&p);
	return rc;
}

int edu_pick_on(struct store *s, const struct actor *who, const char *programme, int count,
		const char *seed, const char *today, const struct edu_people *people, json_t **out,
		struct zf_err *err)
{
	uint64_t seedv;
	json_t *res = NULL;
	bool own;
	int rc = seed_parse(seed, &seedv, err);
	if (rc < 0)
		return rc;
	if ((rc = store_tx_open(s, &own, err)) < 0)
		return rc;
	rc = pick_locked(s, who, programme, count, seedv, today, people, &res, err);
	rc = store_tx_close(s, own, rc, err);
	if (rc == 0)
		*out = res;
	else
		json_decref(res);
	return rc;
}

int educate_draw_list(struct store *s, const char *programme, int64_t scope_unit, int64_t after,
		      int limit, json_t **out, struct zf_err *err)
{
	struct edu_prog p;
	int rc = edu_prog_find(s, programme, &p, err);
	if (rc < 0)
		return rc;
	struct stmt *st =
	    store_prepare(s,
			  "SELECT id, seed, requested, eligible, drawn_on, actor FROM draws"
			  " WHERE programme_id = ? AND id > ? ORDER BY id LIMIT ?",
			  err);
	json_t *arr = json_array();
	if (!st)
		rc = ZF_EINTERNAL;
	else {
		stmt_bind_int(st, 1, p.id);
		stmt_bind_int(st, 2, after);
		stmt_bind_int(st, 3, limit);
		while ((rc = stmt_step(st, err)) == STORE_ROW)
			json_array_append_new(
			    arr,
			    json_pack("{s:I,s:s,s:s,s:I,s:I,s:s,s:s}", "id",
				      (json_int_t)stmt_int(st, 0), "programme", p.code, "seed",
				      stmt_text(st, 1), "requested", (json_int_t)stmt_int(st, 2),
				      "eligible", (json_int_t)stmt_int(st, 3), "drawn_on",
				      stmt_text(st, 4), "actor", stmt_text(st, 5)));
		stmt_reset(st);
	}
	st = rc < 0 ? NULL
		    : store_prepare(s,
				    "SELECT dp.seq, dp.cycle, pe.code, pe.name, u.code, u.name"
				    " FROM draw_picks dp JOIN people pe ON pe.id = dp.person_id"
				    " JOIN units u ON u.id = pe.unit_id WHERE dp.draw_id = ?"
				    " AND (? = 0 OR pe.unit_id = ?)"
				    " ORDER BY dp.seq",
				    err);
	size_t i;
	json_t *d;
	json_array_foreach(arr, i, d)
	{
		if (!st) {
			rc = rc < 0 ? rc : ZF_EINTERNAL;
			break;
		}
		json_t *picks = json_array();
		json_object_set_new(d, "picks", picks);
		stmt_bind_int(st, 1, json_integer_value(json_object_get(d, "id")));
		stmt_bind_int(st, 2, scope_unit);
		stmt_bind_int(st, 3, scope_unit);
		while ((rc = stmt_step(st, err)) == STORE_ROW)
			json_array_append_new(
			    picks, json_pack("{s:I,s:I,s:{s:s,s:s,s:o}}", "seq",
					     (json_int_t)stmt_int(st, 0), "cycle",
					     (json_int_t)stmt_int(st, 1), "person", "code",
					     stmt_text(st, 2), "name", stmt_text(st, 3), "unit",
					     edu_code_name(stmt_text(st, 4), stmt_text(st, 5))));
		stmt_reset(st);
		if (rc < 0)
			break;
	}
	edu_prog_cleanup(&p);
	if (rc < 0) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
}
