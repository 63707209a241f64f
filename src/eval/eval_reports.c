/* eval_reports.c: two reports on a round for the office: mutual-evaluation collusion (pairs
 * and blocs of units rating each other far above everyone else, raters far from consensus)
 * and weight sensitivity (how the ranking moves when one group or component weight moves by
 * 20%). Neither writes anything; neither shows a single ballot. */
#include "eval/eval_more.h"
#include "base/util.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_BLOCS 100 /* blocs reported at most; the count says when there are more */

/* Two decimals, as the ranking shows its numbers. */
static json_t *real2(double v)
{
	return json_real(round(v * 100) / 100);
}

static json_t *round_json(const struct eval_round *r)
{
	return json_pack("{s:s,s:s,s:s}", "code", r->cfg.code, "name", r->cfg.name, "state",
			 eval_state_name(r->state));
}

/* ==== collusion ==== */

struct cunit {
	int64_t id;
	char *code, *name, *category;
	int cat; /* catlist index, or -1 */
};

/* One mutual ballot reduced to its score: the weighted mean of its ratings. */
struct cballot {
	int rater, rated; /* unit indices */
	double score;
};

/* One ordered pair rater -> rated. */
struct cpair {
	int rater, rated;
	int n, others_n;
	double mean, others_mean, excess;
	bool has_others;
};

struct collusion {
	const struct eval_config *cfg;
	struct cunit *u;
	int nu;
	struct cballot *b;
	size_t nb, capb;
	struct cpair *p;
	size_t np;
};

static void collusion_cleanup(struct collusion *c)
{
	for (int i = 0; i < c->nu; i++) {
		free(c->u[i].code);
		free(c->u[i].name);
		free(c->u[i].category);
	}
	free(c->u);
	free(c->b);
	free(c->p);
}

static int unit_at(const struct collusion *c, int64_t id)
{
	int lo = 0, hi = c->nu - 1;
	while (lo <= hi) {
		int mid = lo + (hi - lo) / 2;
		if (c->u[mid].id == id)
			return mid;
		if (c->u[mid].id < id)
			lo = mid + 1;
		else
			hi = mid - 1;
	}
	return -1;
}

static int load_cunits(struct store *s, struct collusion *c, struct zf_err *err)
{
	static const char *q = "SELECT u.id, u.code, u.name, k.code FROM units u"
			       " JOIN categories k ON k.id = u.category_id ORDER BY u.id";
	struct stmt *st = store_prepare(s, q, err);
	int rc, cap = 0;
	if (!st)
		return ZF_EINTERNAL;
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		if (c->nu == cap) {
			cap = cap ? 2 * cap : 64;
			c->u = xrealloc(c->u, sizeof *c->u * (size_t)cap);
		}
		struct cunit *u = &c->u[c->nu++];
		u->id = stmt_int(st, 0);
		u->code = xstrdup(stmt_text(st, 1));
		u->name = xstrdup(stmt_text(st, 2));
		u->category = xstrdup(stmt_text(st, 3));
		u->cat = eval_config_catlist(c->cfg, u->category);
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

/* The score of a ballot about a unit of catlist l, or false when it only abstains. */
static bool ballot_score(const struct eval_catlist *l, const uint8_t *r, double *out)
{
	double num = 0, den = 0;
	for (int i = 0; i < l->nind; i++) {
		if (r[i] > 100)
			continue;
		num += l->ind[i].weight * r[i];
		den += l->ind[i].weight;
	}
	if (den <= 0)
		return false;
	*out = num / den;
	return true;
}

/* Reads the round's ballots of mutual groups that name their rater unit. */
static int load_cballots(struct store *s, int64_t round_id, struct collusion *c, struct zf_err *err)
{
	static const char *q = "SELECT unit_id, grp, rater_unit_id, ratings FROM ballots"
			       " WHERE round_id = ? AND rater_unit_id IS NOT NULL";
	struct stmt *st = store_prepare(s, q, err);
	int rc;
	if (!st)
		return ZF_EINTERNAL;
	stmt_bind_int(st, 1, round_id);
	while ((rc = stmt_step(st, err)) == STORE_ROW) {
		int64_t g = stmt_int(st, 1);
		int rated = unit_at(c, stmt_int(st, 0)), rater = unit_at(c, stmt_int(st, 2));
		size_t len;
		const uint8_t *r = stmt_blob(st, 3, &len);
		double score;
		if (g < 0 || g >= c->cfg->ngroups || !c->cfg->groups[g].mutual || rated < 0 ||
		    rater < 0 || rater == rated || c->u[rated].cat < 0)
			continue;
		const struct eval_catlist *l = &c->cfg->cats[c->u[rated].cat];
		if (len != (size_t)l->nind || !ballot_score(l, r, &score))
			continue;
		if (c->nb == c->capb) {
			c->capb = c->capb ? 2 * c->capb : 256;
			c->b = xrealloc(c->b, sizeof *c->b * c->capb);
		}
		c->b[c->nb++] = (struct cballot){rater, rated, score};
	}
	stmt_reset(st);
	return rc < 0 ? rc : 0;
}

static int ballot_cmp(const void *pa, const void *pb)
{
	const struct cballot *a = pa, *b = pb;
	if (a->rated != b->rated)
		return a->rated < b->rated ? -1 : 1;
	if (a->rater != b->rater)
		return a->rater < b->rater ? -1 : 1;
	return 0;
}

/* Folds the ballots (sorted by rated, then rater) into pairs with their consensus. */
static void build_pairs(struct collusion *c)
{
	size_t i = 0;
	c->p = xcalloc(c->nb ? c->nb : 1, sizeof *c->p);
	while (i < c->nb) {
		int rated = c->b[i].rated;
		size_t end = i;
		double all = 0;
		while (end < c->nb && c->b[end].rated == rated)
			all += c->b[end++].score;
		int all_n = (int)(end - i);
		while (i < end) {
			struct cpair *p = &c->p[c->np++];
			double sum = 0;
			p->rater = c->b[i].rater;
			p->rated = rated;
			while (i < end && c->b[i].rater == p->rater) {
				sum += c->b[i++].score;
				p->n++;
			}
			p->mean = sum / p->n;
			p->others_n = all_n - p->n;
			p->has_others = p->others_n > 0;
			if (p->has_others) {
				p->others_mean = (all - sum) / p->others_n;
				p->excess = p->mean - p->others_mean;
			}
		}
	}
}

/* The pair rater -> rated, or NULL. The pairs are sorted by rated, then rater. */
static const struct cpair *pair_of(const struct collusion *c, int rater, int rated)
{
	size_t lo = 0, hi = c->np;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct cpair *p = &c->p[mid];
		if (p->rated == rated && p->rater == rater)
			return p;
		if (p->rated < rated || (p->rated == rated && p->rater < rater))
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static bool inflates(const struct collusion *c, int a, int b, double threshold)
{
	const struct cpair *p = pair_of(c, a, b);
	return p && p->has_others && p->excess > threshold;
}

static json_t *pair_json(const struct collusion *c, const struct cpair *p)
{
	return json_pack("{s:s,s:s,s:i,s:o,s:o,s:i,s:o}", "rater", c->u[p->rater].code, "rated",
			 c->u[p->rated].code, "ballots", p->n, "mean", real2(p->mean),
			 "others_mean", real2(p->others_mean), "others_ballots", p->others_n,
			 "excess", real2(p->excess));
}

/* Reciprocal pairs: both directions above threshold, each pair once (a's code first). */
static json_t *reciprocal_pairs(const struct collusion *c, double threshold)
{
	json_t *arr = json_array();
	for (size_t k = 0; k < c->np; k++) {
		const struct cpair *p = &c->p[k];
		if (strcmp(c->u[p->rater].code, c->u[p->rated].code) > 0 ||
		    !inflates(c, p->rater, p->rated, threshold) ||
		    !inflates(c, p->rated, p->rater, threshold))
			continue;
		const struct cpair *q = pair_of(c, p->rated, p->rater);
		json_array_append_new(
		    arr, json_pack("{s:[s,s],s:s,s:o,s:o,s:o}", "units", c->u[p->rater].code,
				   c->u[p->rated].code, "category", c->u[p->rated].category,
				   "forward", pair_json(c, p), "backward", pair_json(c, q),
				   "min_excess", real2(fmin(p->excess, q->excess))));
	}
	return arr;
}

/* ---- blocs: maximal cliques of 3+ in the graph of reciprocal pairs ---- */

struct bk {
	int m;		 /* nodes */
	const int *node; /* node -> unit index */
	const bool *adj; /* [m * m] */
	int *r;		 /* the clique being built */
	int nr;
	json_t *out;
	int found;
	const struct collusion *c;
};

static void report_bloc(struct bk *k)
{
	if (++k->found > MAX_BLOCS)
		return;
	/* the members by code, in a copy: k->r is the search's stack */
	int *m = xmalloc(sizeof *m * (size_t)k->nr);
	for (int a = 0; a < k->nr; a++)
		m[a] = k->node[k->r[a]];
	for (int a = 1; a < k->nr; a++)
		for (int b = a; b > 0 && strcmp(k->c->u[m[b - 1]].code, k->c->u[m[b]].code) > 0;
		     b--) {
			int t = m[b];
			m[b] = m[b - 1];
			m[b - 1] = t;
		}
	json_t *units = json_array(), *pairs = json_array();
	double min_excess = INFINITY;
	for (int a = 0; a < k->nr; a++) {
		json_array_append_new(units, json_string(k->c->u[m[a]].code));
		for (int b = 0; b < k->nr; b++) {
			if (a == b)
				continue;
			const struct cpair *p = pair_of(k->c, m[a], m[b]);
			json_array_append_new(pairs, json_pack("{s:s,s:s,s:o}", "rater",
							       k->c->u[p->rater].code, "rated",
							       k->c->u[p->rated].code, "excess",
							       real2(p->excess)));
			min_excess = fmin(min_excess, p->excess);
		}
	}
	json_array_append_new(k->out,
			      json_pack("{s:s,s:i,s:o,s:o,s:o}", "category", k->c->u[m[0]].category,
					"size", k->nr, "units", units, "min_excess",
					real2(min_excess), "pairs", pairs));
	free(m);
}

/* Bron-Kerbosch with a pivot over candidate set P and excluded set X (node lists). */
static void bron_kerbosch(struct bk *k, int *P, int np, int *X, int nx)
{
	if (np == 0 && nx == 0) {
		if (k->nr >= 3)
			report_bloc(k);
		return;
	}
	int pivot = np ? P[0] : X[0], best = -1;
	for (int i = 0; i < np + nx; i++) { /* the pivot with most neighbours in P */
		int u = i < np ? P[i] : X[i - np], deg = 0;
		for (int j = 0; j < np; j++)
			deg += k->adj[u * k->m + P[j]];
		if (deg > best) {
			best = deg;
			pivot = u;
		}
	}
	int *cand = xmalloc(sizeof *cand * (size_t)(np ? np : 1)), nc = 0;
	for (int i = 0; i < np; i++)
		if (!k->adj[pivot * k->m + P[i]])
			cand[nc++] = P[i];
	for (int i = 0; i < nc; i++) {
		int v = cand[i];
		int *P2 = xmalloc(sizeof *P2 * (size_t)(np ? np : 1)), np2 = 0;
		int *X2 = xmalloc(sizeof *X2 * (size_t)(np + nx ? np + nx : 1)), nx2 = 0;
		for (int j = 0; j < np; j++)
			if (k->adj[v * k->m + P[j]])
				P2[np2++] = P[j];
		for (int j = 0; j < nx; j++)
			if (k->adj[v * k->m + X[j]])
				X2[nx2++] = X[j];
		k->r[k->nr++] = v;
		bron_kerbosch(k, P2, np2, X2, nx2);
		k->nr--;
		free(P2);
		free(X2);
		/* move v from P to X */
		for (int j = 0; j < np; j++)
			if (P[j] == v) {
				P[j] = P[--np];
				break;
			}
		X[nx++] = v;
	}
	free(cand);
}

static json_t *blocs(const struct collusion *c, double threshold, int *found)
{
	int *node = xcalloc((size_t)(c->nu ? c->nu : 1), sizeof *node), m = 0;
	int *index = xmalloc(sizeof *index * (size_t)(c->nu ? c->nu : 1));
	for (int i = 0; i < c->nu; i++)
		index[i] = -1;
	for (size_t k = 0; k < c->np; k++) {
		const struct cpair *p = &c->p[k];
		if (index[p->rater] < 0 && inflates(c, p->rater, p->rated, threshold) &&
		    inflates(c, p->rated, p->rater, threshold)) {
			index[p->rater] = m;
			node[m++] = p->rater;
		}
	}
	bool *adj = xcalloc((size_t)(m ? m * m : 1), sizeof *adj);
	for (int a = 0; a < m; a++)
		for (int b = 0; b < m; b++)
			adj[a * m + b] = a != b && inflates(c, node[a], node[b], threshold) &&
					 inflates(c, node[b], node[a], threshold);
	int *P = xmalloc(sizeof *P * (size_t)(m ? m : 1));
	int *X = xmalloc(sizeof *X * (size_t)(m ? m : 1));
	for (int a = 0; a < m; a++)
		P[a] = a;
	struct bk k = {.m = m,
		       .node = node,
		       .adj = adj,
		       .r = xmalloc(sizeof(int) * (size_t)(m ? m : 1)),
		       .out = json_array(),
		       .c = c};
	bron_kerbosch(&k, P, m, X, 0);
	*found = k.found;
	free(k.r);
	free(P);
	free(X);
	free(adj);
	free(index);
	free(node);
	return k.out;
}

/* Rater units whose ballots sit far from the consensus about the units they rate. */
static json_t *far_raters(const struct collusion *c, double rater_threshold)
{
	double *abs_sum = xcalloc((size_t)(c->nu ? c->nu : 1), sizeof *abs_sum);
	double *sum = xcalloc((size_t)(c->nu ? c->nu : 1), sizeof *sum);
	int *n = xcalloc((size_t)(c->nu ? c->nu : 1), sizeof *n);
	size_t k = 0;
	/* ballots and pairs are in the same order: each pair covers its run of ballots */
	for (size_t i = 0; i < c->np; i++) {
		const struct cpair *p = &c->p[i];
		for (int j = 0; j < p->n; j++, k++) {
			if (!p->has_others)
				continue;
			double d = c->b[k].score - p->others_mean;
			abs_sum[p->rater] += fabs(d);
			sum[p->rater] += d;
			n[p->rater]++;
		}
	}
	json_t *arr = json_array();
	for (int u = 0; u < c->nu; u++) {
		if (!n[u] || abs_sum[u] / n[u] <= rater_threshold)
			continue;
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s,s:i,s:o,s:o}", "unit",
						     c->u[u].code, "name", c->u[u].name, "category",
						     c->u[u].category, "ballots", n[u],
						     "mean_abs_deviation", real2(abs_sum[u] / n[u]),
						     "mean_deviation", real2(sum[u] / n[u])));
	}
	free(abs_sum);
	free(sum);
	free(n);
	return arr;
}

int eval_report_collusion(struct store *s, const char *round, double threshold,
			  double rater_threshold, json_t **out, struct zf_err *err)
{
	struct collusion c;
	struct eval_round r;
	int rc, nblocs = 0;
	if (!isfinite(threshold) || threshold < 0 || threshold > 100)
		return zf_err_set(err, ZF_EINVAL, "threshold", "threshold must be 0-100 points");
	if (!isfinite(rater_threshold) || rater_threshold < 0 || rater_threshold > 100)
		return zf_err_set(err, ZF_EINVAL, "rater_threshold",
				  "rater_threshold must be 0-100 points");
	if ((rc = eval_round_get(s, round, &r, err)) < 0)
		return rc;
	memset(&c, 0, sizeof c);
	c.cfg = &r.cfg;
	if ((rc = load_cunits(s, &c, err)) < 0 || (rc = load_cballots(s, r.id, &c, err)) < 0)
		goto cleanup;
	qsort(c.b, c.nb, sizeof *c.b, ballot_cmp);
	build_pairs(&c);
	json_t *groups = json_array();
	for (int g = 0; g < r.cfg.ngroups; g++)
		if (r.cfg.groups[g].mutual)
			json_array_append_new(groups, json_string(r.cfg.groups[g].code));
	json_t *bl = blocs(&c, threshold, &nblocs);
	*out =
	    json_pack("{s:o,s:f,s:f,s:o,s:I,s:I,s:o,s:o,s:i,s:o}", "round", round_json(&r),
		      "threshold", threshold, "rater_threshold", rater_threshold, "mutual_groups",
		      groups, "ballots", (json_int_t)c.nb, "pairs", (json_int_t)c.np,
		      "reciprocal_pairs", reciprocal_pairs(&c, threshold), "blocs", bl,
		      "blocs_found", nblocs, "raters", far_raters(&c, rater_threshold));
cleanup:
	collusion_cleanup(&c);
	eval_round_cleanup(&r);
	return rc;
}

/* ==== weight sensitivity ==== */

/* The ranking recomputed by score_compute on eval_rank's own inputs (eval_rank_inputs),
 * once per group and component weight moved by -20% and +20%, the others fixed. */
struct sens {
	const struct score_config *cfg;
	const struct score_unit *units;
	const struct score_result *base;
	int n;
};

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The sorted codes of category k's worst units in res, as a JSON array. */
static json_t *worst_of(const struct sens *x, const struct score_result *res, int k)
{
	const char **codes = xcalloc((size_t)(x->n ? x->n : 1), sizeof *codes);
	int m = 0;
	for (int j = 0; j < x->n; j++)
		if (x->units[j].cat == k && res[j].ranked && res[j].worst)
			codes[m++] = x->units[j].code;
	qsort(codes, (size_t)m, sizeof *codes, str_cmp);
	json_t *arr = json_array();
	for (int i = 0; i < m; i++)
		json_array_append_new(arr, json_string(codes[i]));
	free(codes);
	return arr;
}

/* One variation's entry: what moved against the base results. */
static json_t *variation_json(const struct sens *x, const struct score_result *res,
			      const char *kind, const char *code, double factor, double base_weight)
{
	json_t *changes = json_array(), *worst = json_array();
	int max_shift = 0;
	bool worst_changed = false;
	for (int j = 0; j < x->n; j++) {
		if (!x->base[j].ranked || x->base[j].rank == res[j].rank)
			continue;
		int shift = abs(res[j].rank - x->base[j].rank);
		max_shift = shift > max_shift ? shift : max_shift;
		json_array_append_new(
		    changes, json_pack("{s:s,s:s,s:i,s:i}", "unit", x->units[j].code, "category",
				       x->cfg->cats[x->units[j].cat].code, "rank_from",
				       x->base[j].rank, "rank_to", res[j].rank));
	}
	for (int k = 0; k < x->cfg->ncats; k++) {
		json_t *from = worst_of(x, x->base, k), *to = worst_of(x, res, k);
		if (json_array_size(from) == 0 && json_array_size(to) == 0) {
			json_decref(from);
			json_decref(to);
			continue;
		}
		bool changed = !json_equal(from, to);
		worst_changed |= changed;
		json_array_append_new(worst, json_pack("{s:s,s:o,s:o,s:b}", "category",
						       x->cfg->cats[k].code, "from", from, "to", to,
						       "changed", changed));
	}
	return json_pack("{s:s,s:s,s:f,s:f,s:f,s:I,s:i,s:o,s:b,s:o}", "kind", kind, "code", code,
			 "factor", factor, "base_weight", base_weight, "weight",
			 base_weight * factor, "units_changed",
			 (json_int_t)json_array_size(changes), "max_shift", max_shift, "changes",
			 changes, "worst_changed", worst_changed, "worst", worst);
}

/* Runs cfg (one weight already moved) and appends the variation to out. */
static int vary(const struct sens *x, const struct score_config *cfg, const char *kind,
		const char *code, double factor, double base_weight, json_t *out,
		struct zf_err *err)
{
	struct score_result *res = xcalloc((size_t)(x->n ? x->n : 1), sizeof *res);
	if (score_compute(cfg, x->units, x->n, res) < 0) {
		free(res);
		return zf_err_set(err, ZF_EINTERNAL, NULL, "a unit's category is out of range");
	}
	json_array_append_new(out, variation_json(x, res, kind, code, factor, base_weight));
	score_results_free(res, x->n);
	free(res);
	return 0;
}

static int sensitivity(const struct eval_round *round, const struct score_config *cfg,
		       const struct score_unit *units, const struct score_result *res, int n,
		       void *arg, struct zf_err *err)
{
	static const char *comp_names[SC_NCOMP] = {"process", "democratic", "self", "efficiency"};
	static const double factors[] = {0.8, 1.2};
	const struct sens x = {cfg, units, res, n};
	struct score_config c = *cfg;
	struct score_group *groups =
	    xcalloc((size_t)(cfg->ngroups ? cfg->ngroups : 1), sizeof *groups);
	memcpy(groups, cfg->groups, sizeof *groups * (size_t)cfg->ngroups);
	c.groups = groups;
	json_t *vars = json_array();
	int rc = 0;
	for (int g = 0; g < c.ngroups && rc == 0; g++)
		for (size_t f = 0; f < ARRAY_LEN(factors) && rc == 0; f++) {
			double w = groups[g].weight;
			groups[g].weight = w * factors[f];
			rc = vary(&x, &c, "group", groups[g].code, factors[f], w, vars, err);
			groups[g].weight = w;
		}
	for (int k = 0; k < SC_NCOMP && rc == 0; k++)
		for (size_t f = 0; f < ARRAY_LEN(factors) && rc == 0; f++) {
			double w = c.comp[k];
			c.comp[k] = w * factors[f];
			rc = vary(&x, &c, "component", comp_names[k], factors[f], w, vars, err);
			c.comp[k] = w;
		}
	free(groups);
	if (rc < 0) {
		json_decref(vars);
		return rc;
	}
	json_t *worst = json_object();
	for (int k = 0; k < cfg->ncats; k++)
		json_object_set_new(worst, cfg->cats[k].code, worst_of(&x, res, k));
	*(json_t **)arg =
	    json_pack("{s:o,s:b,s:{s:o},s:o}", "round", round_json(round), "provisional",
		      round->state == ES_DRAFT || round->state == ES_OPEN, "baseline", "worst",
		      worst, "variations", vars);
	return 0;
}

int eval_report_sensitivity(struct store *s, const char *round, json_t **out, struct zf_err *err)
{
	json_t *j = NULL;
	int rc = eval_rank_inputs(s, round, sensitivity, &j, err);
	if (rc == 0)
		*out = j;
	return rc;
}
