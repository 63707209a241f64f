/* bootstrap.c: how certain a rank is (SCORING.md section 5). Each replicate resamples every
 * (unit, group)'s ballots with replacement, recomputes the group scores, D, T and the ranks
 * with every other input fixed. Cells small enough are resampled exactly in every
 * replicate; when the whole round is too large for that within the time budget, a large
 * cell's group score is drawn from a normal distribution whose spread was measured by
 * resampling that cell exactly a number of times (docs/scoring.md). */
#include "eval/bootstrap.h"
#include "base/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define EXACT_BUDGET 400000000.0 /* rating draws allowed for exact resampling */
#define SMALL_CELL   64		 /* cells this small are always resampled exactly */
#define CALIBRATION  40		 /* exact resamples that measure a large cell's spread */

struct rng {
	uint64_t s[4];
};

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static void rng_seed(struct rng *r, uint64_t seed)
{
	for (int i = 0; i < 4; i++)
		r->s[i] = splitmix(&seed);
}

static uint64_t rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256** */
static uint64_t rng_next(struct rng *r)
{
	uint64_t *s = r->s, out = rotl(s[1] * 5, 7) * 9, t = s[1] << 17;
	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* A uniform integer in [0, n), without modulo bias (Lemire). */
static uint32_t rng_below(struct rng *r, uint32_t n)
{
	uint64_t m = (uint64_t)(uint32_t)rng_next(r) * n;
	uint32_t low = (uint32_t)m;
	if (low < n) {
		uint32_t t = (uint32_t)(-n) % n;
		while (low < t) {
			m = (uint64_t)(uint32_t)rng_next(r) * n;
			low = (uint32_t)m;
		}
	}
	return (uint32_t)(m >> 32);
}

static double rng_normal(struct rng *r)
{
	double u1 = ((double)(rng_next(r) >> 11) + 0.5) / 9007199254740992.0;
	double u2 = (double)(rng_next(r) >> 11) / 9007199254740992.0;
	return sqrt(-2.0 * log(u1)) * cos(2.0 * M_PI * u2);
}

/* Scratch for resampling one cell: a histogram per indicator. */
struct scratch {
	uint32_t *hist; /* nind * SCORE_BINS */
	int nind;
};

/* Resamples a cell of n ballots exactly; returns whether the group has a score, in *gs. */
static bool resample_cell(const struct score_config *cfg, const struct score_category *cat,
			  const uint8_t *ratings, uint32_t n, struct rng *r, struct scratch *sc,
			  double *gs)
{
	int nind = cat->nind;
	/* a small cell's picks are kept to clear just the bins they touched; a large cell's
	 * histograms are cleared whole, which is cheaper than reading its picked rows again */
	uint32_t picks[SMALL_CELL];
	bool small = n <= SMALL_CELL;
	for (uint32_t k = 0; k < n; k++) {
		uint32_t b = rng_below(r, n);
		if (small)
			picks[k] = b;
		const uint8_t *row = ratings + (size_t)b * (size_t)nind;
		for (int i = 0; i < nind; i++)
			if (row[i] <= 100)
				sc->hist[i * SCORE_BINS + row[i]]++;
	}
	double num = 0, den = 0, m;
	for (int i = 0; i < nind; i++)
		if (score_trimmed_mean(sc->hist + i * SCORE_BINS, cfg->trim_ratio, &m)) {
			num += cat->ind[i].weight * m;
			den += cat->ind[i].weight;
		}
	if (small) {
		for (uint32_t k = 0; k < n; k++) {
			const uint8_t *row = ratings + (size_t)picks[k] * (size_t)nind;
			for (int i = 0; i < nind; i++)
				if (row[i] <= 100)
					sc->hist[i * SCORE_BINS + row[i]] = 0;
		}
	} else {
		memset(sc->hist, 0, sizeof *sc->hist * (size_t)nind * SCORE_BINS);
	}
	if (den <= 0)
		return false;
	*gs = num / den;
	return true;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

/* One replicate's D and T for unit u from group scores gs (NAN = none). */
static void retotal(const struct score_config *cfg, const struct score_unit *u,
		    const struct score_result *base, const double *gs, struct score_result *w)
{
	double num = 0, den = 0;
	for (int g = 0; g < cfg->ngroups; g++) {
		if (isnan(gs[g]) || u->ballots[g] < (uint32_t)cfg->groups[g].min_ballots)
			continue;
		num += cfg->groups[g].weight * gs[g];
		den += cfg->groups[g].weight;
	}
	w->has_d = den > 0;
	w->d = w->has_d ? num / den : 0;
	bool has[SC_NCOMP] = {base->has_p, w->has_d, u->has_self, u->has_eff};
	double val[SC_NCOMP] = {base->p, w->d, u->self, u->eff};
	num = den = 0;
	for (int k = 0; k < SC_NCOMP; k++)
		if (has[k]) {
			num += cfg->comp[k] * val[k];
			den += cfg->comp[k];
		}
	w->ranked = w->has_total = den > 0;
	w->total = den > 0 ? num / den + base->survey_adjust - base->deduction : 0;
	w->has_p = base->has_p;
	w->p = base->p;
}

int eval_bootstrap(const struct boot_input *in, struct boot_output *out)
{
	const struct score_config *cfg = in->cfg;
	int n = in->n, G = cfg->ngroups, R = in->resamples;
	for (int u = 0; u < n; u++) {
		out->p_last[u] = in->base[u].worst ? 1.0 : 0.0;
		out->rank_lo[u] = out->rank_hi[u] = in->base[u].rank;
	}
	if (R <= 0 || n == 0)
		return 0;

	struct rng rng;
	rng_seed(&rng, in->seed);
	int maxind = 1;
	double draws = 0;
	for (int c = 0; c < cfg->ncats; c++)
		if (cfg->cats[c].nind > maxind)
			maxind = cfg->cats[c].nind;
	for (int u = 0; u < n; u++)
		for (int g = 0; g < G; g++)
			draws += (double)in->cell_n[u * G + g] * cfg->cats[in->units[u].cat].nind;
	bool exact_all = draws * R <= EXACT_BUDGET;
	struct scratch sc = {xcalloc((size_t)maxind * SCORE_BINS, sizeof(uint32_t)), maxind};

	/* the spread of each large cell's group score, measured by exact resampling */
	double *sd = xcalloc((size_t)n * (size_t)G, sizeof *sd);
	for (int u = 0; u < n && !exact_all; u++)
		for (int g = 0; g < G; g++) {
			uint32_t cn = in->cell_n[u * G + g];
			double sum = 0, sum2 = 0, gs;
			int k = 0;
			if (cn <= SMALL_CELL || isnan(in->base[u].group_score[g]))
				continue;
			const struct score_category *cat = &cfg->cats[in->units[u].cat];
			for (int t = 0; t < CALIBRATION; t++)
				if (resample_cell(cfg, cat, in->cell_ratings[u * G + g], cn, &rng,
						  &sc, &gs)) {
					sum += gs;
					sum2 += gs * gs;
					k++;
				}
			double var = k > 1 ? (sum2 - sum * sum / k) / (k - 1) : 0;
			sd[u * G + g] = var > 0 ? sqrt(var) : 0;
		}

	int *ranks = xcalloc((size_t)n * (size_t)R, sizeof *ranks);
	int *last = xcalloc((size_t)n, sizeof *last);
	int *idx = xmalloc(sizeof *idx * (size_t)n);
	double *gs = xmalloc(sizeof *gs * (size_t)(G ? G : 1));
	struct score_result *w = xcalloc((size_t)n, sizeof *w);

	for (int r = 0; r < R; r++) {
		for (int u = 0; u < n; u++) {
			const struct score_category *cat = &cfg->cats[in->units[u].cat];
			w[u] = in->base[u];
			if (!in->base[u].ranked)
				continue;
			for (int g = 0; g < G; g++) {
				uint32_t cn = in->cell_n[u * G + g];
				double base_gs = in->base[u].group_score[g];
				gs[g] = NAN;
				if (cn == 0)
					continue;
				if (exact_all || cn <= SMALL_CELL) {
					double v;
					if (resample_cell(cfg, cat, in->cell_ratings[u * G + g], cn,
							  &rng, &sc, &v))
						gs[g] = v;
				} else if (!isnan(base_gs)) {
					gs[g] = base_gs + sd[u * G + g] * rng_normal(&rng);
				}
			}
			retotal(cfg, &in->units[u], &in->base[u], gs, &w[u]);
		}
		for (int c = 0; c < cfg->ncats; c++) {
			int m = 0;
			for (int u = 0; u < n; u++)
				if (in->units[u].cat == c)
					idx[m++] = u;
			score_rank_category(cfg, in->units, w, idx, m);
		}
		for (int u = 0; u < n; u++) {
			ranks[(size_t)u * (size_t)R + (size_t)r] = w[u].rank;
			if (w[u].worst)
				last[u]++;
		}
	}
	for (int u = 0; u < n; u++) {
		if (!in->base[u].ranked) {
			out->p_last[u] = 0;
			out->rank_lo[u] = out->rank_hi[u] = 0;
			continue;
		}
		int *ru = ranks + (size_t)u * (size_t)R;
		qsort(ru, (size_t)R, sizeof *ru, cmp_int);
		/* nearest-rank percentiles */
		int lo = (int)ceil(0.05 * R) - 1, hi = (int)ceil(0.95 * R) - 1;
		out->rank_lo[u] = ru[lo < 0 ? 0 : lo];
		out->rank_hi[u] = ru[hi < 0 ? 0 : hi];
		out->p_last[u] = (double)last[u] / R;
	}
	free(w);
	free(gs);
	free(idx);
	free(last);
	free(ranks);
	free(sd);
	free(sc.hist);
	return 0;
}
