/* eval_rank.c: a round's ranking from the store: the evaluated units, one pass over the
 * round's ballots folding them into per-(unit, group, indicator) histograms, the other
 * inputs, score.c's arithmetic (sections 3-4) and the bootstrap of section 5. */
#include "base/util.h"
#include "eval/bootstrap.h"
#include "eval/eval.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Everything eval_rank builds; units are kept in id order so that an id maps to its dense
 * index by binary search. */
struct rank_ctx {
	const struct eval_config *ec;
	struct score_config cfg;
	struct score_group *groups;
	struct score_category *cats;
	int n, cap;
	int64_t *ids;		    /* [n], ascending */
	struct eval_rank_row *rows; /* [n], in id order until sorted */
	struct score_unit *su;	    /* [n] */
	size_t *hist_off;	    /* [n]: where each unit's histograms start in hist */
	uint32_t *hist;
	uint32_t *ballots; /* [n * ngroups] */
	/* the ballots themselves for the bootstrap, cell after cell in scan order */
	bool collect;
	uint8_t *ratings;
	size_t rlen, rcap;
	size_t *cell_off; /* [n * ngroups] */
};

static void config_of(struct rank_ctx *c)
{
	const struct eval_config *ec = c->ec;
	struct score_config *cfg = &c->cfg;
	memcpy(cfg->comp, ec->comp, sizeof cfg->comp);
	memcpy(cfg->period, ec->period, sizeof cfg->period);
	cfg->trim_ratio = ec->trim_ratio;
	cfg->survey_factor = ec->survey_factor;
	cfg->survey_cap = ec->survey_cap;
	cfg->deduction_cap = ec->deduction_cap;
	cfg->excellent_ratio = ec->excellent_ratio;
	cfg->good_min = ec->good_min;
	cfg->poor_below = ec->poor_below;
	c->groups = xcalloc((size_t)(ec->ngroups ? ec->ngroups : 1), sizeof *c->groups);
	for (int g = 0; g < ec->ngroups; g++)
		c->groups[g] =
		    (struct score_group){ec->groups[g].code, ec->groups[g].weight,
					 ec->groups[g].min_ballots, ec->groups[g].mutual};
	c->cats = xcalloc((size_t)(ec->ncats ? ec->ncats : 1), sizeof *c->cats);
	for (int k = 0; k < ec->ncats; k++) {
		const struct eval_catlist *l = &ec->cats[k];
		struct score_indicator *ind = xcalloc((size_t)l->nind, sizeof *ind);
		for (int i = 0; i < l->nind; i++)
			ind[i] = (struct score_indicator){l->ind[i].code, l->ind[i].weight};
		c->cats[k] = (struct score_category){l->category, l->nind, ind};
	}
	cfg->ngroups = ec->ngroups;
	cfg->groups = c->groups;
	cfg->ncats = ec->ncats;
	cfg->cats = c->cats;
}

static void row_cleanup(struct eval_rank_row *r)
{
	free(r->code);
	free(r->name);
	free(r->category);
	free(r->ballots);
	free(r->ind_mean);
	free(r->ind_n);
	score_results_free(&r->res, 1);
}

static void ctx_cleanup(struct rank_ctx *c)
{
	for (int k = 0; c->cats && k < c->ec->ncats; k++)
		free((void *)c->cats[k].ind);
	free(c->cats);
	free(c->groups);
	for (int j = 0; c->rows && j < c->n; j++)
		row_cleanup(&c->rows[j]);
	free(c->rows);
	free(c->ids);
	free(c->su);
	free(c->hist_off);
	free(c->hist);
	free(c->ballots);
	free(c->ratings);
	free(c->cell_off);
}

/* The dense index of unit id, or -1 when it is not evaluated. */
static int unit_index(const struct rank_ctx *c, int64_t id)
{
	int lo = 0, hi = c->n - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (c->ids[mid] == id)
			return mid;
		if (c->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

/* The evaluated units: active units whose category has an indicator list in the round.
 * Units of a category of kind 'other' without a list are not evaluated; any other unit
 * whose category has no list is ZF_EINVAL naming the category. */
static int load_units(struct store *s, struct rank_ctx *c, struct zf_err *err)
{
	static const char *q = "SELECT u.id, u.code, u.name, k.code, k.kind FROM units u"
			       " JOIN categories k ON k.id = u.category_id"
			       " WHERE u.active = 1 ORDER BY u.id";
	struct stmt *st = store_prepare(s, q, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		const char *cat = stmt_text(st, 3);
		int k = eval_config_catlist(c->ec, cat);
		if (k < 0 && !strcmp(stmt_text(st, 4), "other"))
			continue;
		if (k < 0) {
			rc = zf_err_set(
			    err, ZF_EINVAL, "indicators",
			    "round '%s' has no indicator list for category '%s' (unit %s)",
			    c->ec->code, cat, stmt_text(st, 1));
			break;
		}
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 64;
			c->ids = xrealloc(c->ids, sizeof *c->ids * (size_t)c->cap);
			c->rows = xrealloc(c->rows, sizeof *c->rows * (size_t)c->cap);
		}
		struct eval_rank_row *r = &c->rows[c->n];
		memset(r, 0, sizeof *r);
		c->ids[c->n++] = stmt_int(st, 0);
		r->code = xstrdup(stmt_text(st, 1));
		r->name = xstrdup(stmt_text(st, 2));
		r->category = xstrdup(cat);
		r->cat = k;
		r->p_last = NAN;
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* Allocates the per-unit histograms and counters once the units are known. */
static void alloc_cells(struct rank_ctx *c)
{
	size_t ng = (size_t)c->ec->ngroups, total = 0, n = (size_t)(c->n ? c->n : 1);
	c->su = xcalloc(n, sizeof *c->su);
	c->hist_off = xcalloc(n, sizeof *c->hist_off);
	for (int j = 0; j < c->n; j++) {
		c->hist_off[j] = total;
		total += ng * (size_t)c->ec->cats[c->rows[j].cat].nind * SCORE_BINS;
	}
	c->hist = xcalloc(total ? total : 1, sizeof *c->hist);
	c->ballots = xcalloc(n * ng, sizeof *c->ballots);
	if (c->collect)
		c->cell_off = xcalloc(n * ng, sizeof *c->cell_off);
}

static void append_ratings(struct rank_ctx *c, const uint8_t *b, size_t len)
{
	if (c->rlen + len > c->rcap) {
		c->rcap = c->rcap ? 2 * c->rcap : (size_t)1 << 16;
		while (c->rlen + len > c->rcap)
			c->rcap *= 2;
		c->ratings = xrealloc(c->ratings, c->rcap);
	}
	memcpy(c->ratings + c->rlen, b, len);
	c->rlen += len;
}

/* Folds every ballot of the round into its cell's histograms in one pass over the
 * ballots in key order, so that each (unit, group)'s ballots come together: the unit is
 * looked up only when it changes, and nothing is allocated per ballot. */
static int fold_ballots(struct store *s, int64_t round_id, struct rank_ctx *c, struct zf_err *err)
{
	static const char *q = "SELECT unit_id, grp, ratings FROM ballots WHERE round_id = ?"
			       " ORDER BY unit_id, grp";
	struct stmt *st = store_prepare(s, q, err);
	const int ng = c->ec->ngroups;
	int64_t last_id = INT64_MIN;
	long last_cell = -1;
	int u = -1, rc;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, round_id);
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		int64_t id = stmt_int(st, 0), g = stmt_int(st, 1);
		if (id != last_id) {
			last_id = id;
			u = unit_index(c, id);
		}
		if (u < 0)
			continue; /* an inactive unit, or one of a category not evaluated */
		const int nind = c->ec->cats[c->rows[u].cat].nind;
		size_t len;
		const uint8_t *b = stmt_blob(st, 2, &len);
		if (g < 0 || g >= ng || len != (size_t)nind) {
			rc = zf_err_set(
			    err, ZF_EINTERNAL, "ballots",
			    "a ballot about unit %s does not fit round '%s' (group %lld, "
			    "%zu ratings for %d indicators)",
			    c->rows[u].code, c->ec->code, (long long)g, len, nind);
			break;
		}
		uint32_t *h = c->hist + c->hist_off[u] + (size_t)g * (size_t)nind * SCORE_BINS;
		int bad = 0;
		for (int i = 0; i < nind; i++, h += SCORE_BINS) {
			unsigned v = b[i];
			if (v <= 100)
				h[v]++;
			else
				bad |= v != EVAL_ABSTAIN;
		}
		if (bad) {
			rc = zf_err_set(err, ZF_EINTERNAL, "ballots",
					"a ballot about unit %s holds a rating out of 0-100",
					c->rows[u].code);
			break;
		}
		long cell = (long)u * ng + (long)g;
		if (c->collect) {
			if (cell != last_cell) {
				if (c->ballots[cell] > 0) {
					rc = zf_err_set(err, ZF_EINTERNAL, "ballots",
							"the ballots were not read in key order");
					break;
				}
				c->cell_off[cell] = c->rlen;
				last_cell = cell;
			}
			append_ratings(c, b, len);
		}
		c->ballots[cell]++;
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

static enum score_period period_of(const char *t)
{
	static const char *names[SP_NPERIODS] = {"daily", "monthly", "quarterly", "annual"};
	for (int p = 0; p < SP_NPERIODS; p++)
		if (!strcmp(t, names[p]))
			return (enum score_period)p;
	return SP_NPERIODS;
}

/* Process scores, confirmed self and efficiency scores, the survey and the adjustments. */
static int load_inputs(struct store *s, int64_t round_id, struct rank_ctx *c, struct zf_err *err)
{
	static const char *qs[] = {
	    "SELECT unit_id, period_type, score FROM process_scores WHERE round_id = ?",
	    "SELECT unit_id, self, efficiency FROM self_scores WHERE round_id = ? AND confirmed = "
	    "1",
	    "SELECT unit_id, satisfaction FROM survey_scores WHERE round_id = ?",
	    "SELECT unit_id, points, veto, no_excellent FROM adjustments WHERE round_id = ?",
	};
	for (size_t k = 0; k < ARRAY_LEN(qs); k++) {
		struct stmt *st = store_prepare(s, qs[k], err);
		int rc;
		if (!st)
			return ZF_EINTERNAL;
		stmt_bind_int(st, 1, round_id);
		while ((rc = stmt_step(st, err)) == STORE_ROW) {
			int u = unit_index(c, stmt_int(st, 0));
			if (u < 0)
				continue;
			struct score_unit *su = &c->su[u];
			if (k == 0) {
				enum score_period p = period_of(stmt_text(st, 1));
				if (p < SP_NPERIODS) {
					su->proc_sum[p] += stmt_double(st, 2);
					su->proc_n[p]++;
				}
			} else if (k == 1) {
				if ((su->has_self = !stmt_is_null(st, 1)))
					su->self = stmt_double(st, 1);
				if ((su->has_eff = !stmt_is_null(st, 2)))
					su->eff = stmt_double(st, 2);
			} else if (k == 2) {
				if ((su->has_q = !stmt_is_null(st, 1)))
					su->q = stmt_double(st, 1);
			} else {
				su->points += stmt_double(st, 1);
				su->veto |= stmt_int(st, 2) != 0;
				su->no_excellent |= stmt_int(st, 3) != 0;
			}
		}
		stmt_reset(st);
		if (rc < 0)
			return rc;
	}
	return 0;
}

/* Hands every unit's histograms and counts to its score_unit. */
static void wire_units(struct rank_ctx *c)
{
	for (int j = 0; j < c->n; j++) {
		c->su[j].code = c->rows[j].code;
		c->su[j].cat = c->rows[j].cat;
		c->su[j].hist = c->hist + c->hist_off[j];
		c->su[j].ballots = c->ballots + (size_t)j * (size_t)c->ec->ngroups;
	}
}

/* The width of the ballots rec_cmp compares (per thread: rankings may run side by side). */
static _Thread_local size_t rec_width;

static int rec_cmp(const void *a, const void *b)
{
	return memcmp(*(const uint8_t *const *)a, *(const uint8_t *const *)b, rec_width);
}

/* Puts each cell's ballots in the order of their ratings. They were read in the order of
 * their random ids, which differ between two imports of the same file: sorted, the
 * bootstrap's draws, and so P(last) and the rank ranges, depend on the ratings alone. */
static void sort_cells(struct rank_ctx *c)
{
	const int ng = c->ec->ngroups;
	uint8_t **p = NULL;
	uint8_t *tmp = NULL;
	size_t cap = 0, tmp_cap = 0;
	for (int j = 0; j < c->n; j++) {
		size_t w = (size_t)c->ec->cats[c->rows[j].cat].nind;
		for (int g = 0; g < ng && w > 0; g++) {
			size_t k = (size_t)j * (size_t)ng + (size_t)g, n = c->ballots[k];
			if (n < 2)
				continue;
			if (n > cap) {
				cap = n;
				p = xrealloc(p, cap * sizeof *p);
			}
			if (n * w > tmp_cap) {
				tmp_cap = n * w;
				tmp = xrealloc(tmp, tmp_cap);
			}
			uint8_t *base = c->ratings + c->cell_off[k];
			for (size_t i = 0; i < n; i++)
				p[i] = base + i * w;
			rec_width = w;
			qsort(p, n, sizeof *p, rec_cmp);
			for (size_t i = 0; i < n; i++)
				memcpy(tmp + i * w, p[i], w);
			memcpy(base, tmp, n * w);
		}
	}
	free(p);
	free(tmp);
}

/* Section 5 over the collected ballots; writes p_last and the rank range of each row. */
static int certainty(struct rank_ctx *c, const struct score_result *res)
{
	size_t ncell = (size_t)c->n * (size_t)c->ec->ngroups;
	sort_cells(c);
	const uint8_t **cells = xcalloc(ncell ? ncell : 1, sizeof *cells);
	double *p_last = xcalloc((size_t)(c->n ? c->n : 1), sizeof *p_last);
	int *lo = xcalloc((size_t)(c->n ? c->n : 1), sizeof *lo);
	int *hi = xcalloc((size_t)(c->n ? c->n : 1), sizeof *hi);
	for (size_t k = 0; k < ncell; k++)
		cells[k] = c->ballots[k] ? c->ratings + c->cell_off[k] : NULL;
	struct boot_input in = {
	    .cfg = &c->cfg,
	    .units = c->su,
	    .base = res,
	    .n = c->n,
	    .cell_ratings = cells,
	    .cell_n = c->ballots,
	    .resamples = c->ec->bootstrap_resamples,
	    .seed = c->ec->bootstrap_seed,
	};
	struct boot_output out = {p_last, lo, hi};
	int rc = eval_bootstrap(&in, &out);
	for (int j = 0; rc == 0 && j < c->n; j++)
		if (res[j].ranked) {
			c->rows[j].p_last = p_last[j];
			c->rows[j].rank_lo = lo[j];
			c->rows[j].rank_hi = hi[j];
		}
	free(cells);
	free(p_last);
	free(lo);
	free(hi);
	return rc;
}

/* Moves the results and inputs into the rows, with each indicator's trimmed mean. */
static void fill_rows(struct rank_ctx *c, struct score_result *res)
{
	const int ng = c->ec->ngroups;
	for (int j = 0; j < c->n; j++) {
		struct eval_rank_row *r = &c->rows[j];
		const struct score_unit *su = &c->su[j];
		const int nind = c->ec->cats[r->cat].nind;
		size_t cells = (size_t)ng * (size_t)nind;
		r->res = res[j];
		memset(&res[j], 0, sizeof res[j]);
		r->ballots = xmalloc(sizeof *r->ballots * (size_t)(ng ? ng : 1));
		memcpy(r->ballots, su->ballots, sizeof *r->ballots * (size_t)ng);
		r->has_self = su->has_self;
		r->has_eff = su->has_eff;
		r->has_q = su->has_q;
		r->self = su->self;
		r->eff = su->eff;
		r->q = su->q;
		r->points = su->points;
		r->veto = su->veto;
		r->no_excellent = su->no_excellent;
		r->ind_mean = xcalloc(cells ? cells : 1, sizeof *r->ind_mean);
		r->ind_n = xcalloc(cells ? cells : 1, sizeof *r->ind_n);
		for (size_t k = 0; k < cells; k++) {
			const uint32_t *h = su->hist + k * SCORE_BINS;
			if (!score_trimmed_mean(h, c->cfg.trim_ratio, &r->ind_mean[k]))
				r->ind_mean[k] = NAN;
			for (int v = 0; v < SCORE_BINS; v++)
				r->ind_n[k] += h[v];
		}
		if (!r->res.ranked)
			r->rank_lo = r->rank_hi = 0;
		else if (isnan(r->p_last))
			r->rank_lo = r->rank_hi = r->res.rank;
	}
}

/* Category code, then ranked before unranked, then rank, then unit code. */
static int row_cmp(const void *pa, const void *pb)
{
	const struct eval_rank_row *a = pa, *b = pb;
	int c = strcmp(a->category, b->category);
	if (c)
		return c;
	if (a->res.ranked != b->res.ranked)
		return a->res.ranked ? -1 : 1;
	if (a->res.rank != b->res.rank)
		return a->res.rank < b->res.rank ? -1 : 1;
	return strcmp(a->code, b->code);
}

int eval_rank(struct store *s, const char *round, struct eval_ranking *out, struct zf_err *err)
{
	return eval_rank_with(s, round, -1, out, err);
}

int eval_rank_with(struct store *s, const char *round, int resamples, struct eval_ranking *out,
		   struct zf_err *err)
{
	struct eval_ranking r;
	struct rank_ctx c;
	struct score_result *res = NULL;
	int rc;
	memset(&r, 0, sizeof r);
	memset(&c, 0, sizeof c);
	if ((rc = eval_round_get(s, round, &r.round, err)) < 0)
		return rc;
	c.ec = &r.round.cfg;
	if (resamples >= 0)
		r.round.cfg.bootstrap_resamples = resamples;
	c.collect = c.ec->bootstrap_resamples > 0;
	config_of(&c);
	if ((rc = load_units(s, &c, err)) < 0)
		goto cleanup;
	alloc_cells(&c);
	if ((rc = fold_ballots(s, r.round.id, &c, err)) < 0 ||
	    (rc = load_inputs(s, r.round.id, &c, err)) < 0)
		goto cleanup;
	wire_units(&c);
	res = xcalloc((size_t)(c.n ? c.n : 1), sizeof *res);
	if (score_compute(&c.cfg, c.su, c.n, res) < 0) {
		rc = zf_err_set(err, ZF_EINTERNAL, NULL, "a unit's category is out of range");
		goto cleanup;
	}
	if (c.collect && (rc = certainty(&c, res)) < 0) {
		zf_err_set(err, rc, NULL, "the bootstrap failed");
		goto cleanup;
	}
	fill_rows(&c, res);
	qsort(c.rows, (size_t)c.n, sizeof *c.rows, row_cmp);
	r.provisional = r.round.state == ES_DRAFT || r.round.state == ES_OPEN;
	r.resamples = c.ec->bootstrap_resamples;
	r.n = c.n;
	r.rows = c.rows;
	c.rows = NULL; /* now the ranking's */
	*out = r;
cleanup:
	if (res)
		score_results_free(res, c.n);
	free(res);
	ctx_cleanup(&c);
	if (rc < 0)
		eval_round_cleanup(&r.round);
	return rc;
}

int eval_rank_inputs(struct store *s, const char *round, eval_inputs_fn fn, void *arg,
		     struct zf_err *err)
{
	struct eval_round r;
	struct rank_ctx c;
	struct score_result *res = NULL;
	int rc;
	memset(&c, 0, sizeof c);
	if ((rc = eval_round_get(s, round, &r, err)) < 0)
		return rc;
	c.ec = &r.cfg;
	config_of(&c);
	if ((rc = load_units(s, &c, err)) < 0)
		goto cleanup;
	alloc_cells(&c);
	if ((rc = fold_ballots(s, r.id, &c, err)) < 0 || (rc = load_inputs(s, r.id, &c, err)) < 0)
		goto cleanup;
	wire_units(&c);
	res = xcalloc((size_t)(c.n ? c.n : 1), sizeof *res);
	if (score_compute(&c.cfg, c.su, c.n, res) < 0) {
		rc = zf_err_set(err, ZF_EINTERNAL, NULL, "a unit's category is out of range");
		goto cleanup;
	}
	rc = fn(&r, &c.cfg, c.su, res, c.n, arg, err);
cleanup:
	if (res)
		score_results_free(res, c.n);
	free(res);
	ctx_cleanup(&c);
	eval_round_cleanup(&r);
	return rc;
}

void eval_ranking_free(struct eval_ranking *r)
{
	if (!r)
		return;
	for (int j = 0; j < r->n; j++)
		row_cleanup(&r->rows[j]);
	free(r->rows);
	eval_round_cleanup(&r->round);
	memset(r, 0, sizeof *r);
}

const struct eval_rank_row *eval_ranking_find(const struct eval_ranking *r, const char *code)
{
	for (int j = 0; j < r->n; j++)
		if (!strcmp(r->rows[j].code, code))
			return &r->rows[j];
	return NULL;
}
