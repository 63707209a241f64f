/* score.c: the composite ranking of SCORING.md: a pure function, no SQL, no I/O. */
#include "eval/score.h"
#include "base/util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

bool score_trimmed_mean(const uint32_t *hist, double t, double *mean)
{
	uint64_t n = 0, sum = 0;
	for (int r = 0; r < SCORE_BINS; r++) {
		n += hist[r];
		sum += (uint64_t)hist[r] * (uint64_t)r;
	}
	if (n == 0)
		return false;
	uint64_t k = (uint64_t)floor(t * (double)n + 1e-9);
	/* A trim_ratio a hair under 0.5 (0.4999999999 x 10 + 1e-9 = 5) would drop every rating
	 * and divide 0 by 0: keep the middle one or two, the median, the limit of the mean. */
	if (2 * k >= n)
		k = (n - 1) / 2;
	uint64_t left = k, low = 0, high = 0;
	for (int r = 0; r < SCORE_BINS && left; r++) {
		uint64_t take = hist[r] < left ? hist[r] : left;
		low += take * (uint64_t)r;
		left -= take;
	}
	left = k;
	for (int r = SCORE_BINS - 1; r >= 0 && left; r--) {
		uint64_t take = hist[r] < left ? hist[r] : left;
		high += take * (uint64_t)r;
		left -= take;
	}
	*mean = (double)(sum - low - high) / (double)(n - 2 * k);
	return true;
}

/* G_g of one unit: the weighted mean of the indicator means that exist. */
static bool group_score(const struct score_config *cfg, const struct score_unit *u, int g,
			double *out)
{
	const struct score_category *c = &cfg->cats[u->cat];
	double num = 0, den = 0, m;
	for (int i = 0; i < c->nind; i++) {
		const uint32_t *h =
		    u->hist + ((size_t)g * (size_t)c->nind + (size_t)i) * SCORE_BINS;
		if (!score_trimmed_mean(h, cfg->trim_ratio, &m))
			continue;
		num += c->ind[i].weight * m;
		den += c->ind[i].weight;
	}
	if (den <= 0)
		return false;
	*out = num / den;
	return true;
}

static void democratic(const struct score_config *cfg, const struct score_unit *u,
		       struct score_result *r)
{
	const struct score_category *c = &cfg->cats[u->cat];
	double num = 0, den = 0;
	uint64_t all = 0, sat = 0;
	for (int g = 0; g < cfg->ngroups; g++) {
		double gs;
		r->group_eligible[g] = false;
		r->group_score[g] = NAN;
		if (!group_score(cfg, u, g, &gs))
			continue;
		r->group_score[g] = gs;
		if (u->ballots[g] < (uint32_t)cfg->groups[g].min_ballots)
			continue;
		r->group_eligible[g] = true;
		num += cfg->groups[g].weight * gs;
		den += cfg->groups[g].weight;
	}
	r->has_d = den > 0;
	r->d = r->has_d ? num / den : 0;
	for (size_t b = 0; b < (size_t)cfg->ngroups * (size_t)c->nind; b++)
		for (int v = 0; v < SCORE_BINS; v++) {
			all += u->hist[b * SCORE_BINS + (size_t)v];
			if (v >= 60)
				sat += u->hist[b * SCORE_BINS + (size_t)v];
		}
	r->satisfaction = all ? (double)sat / (double)all : -1;
}

static void process(const struct score_config *cfg, const struct score_unit *u,
		    struct score_result *r)
{
	double num = 0, den = 0;
	for (int t = 0; t < SP_NPERIODS; t++) {
		if (u->proc_n[t] <= 0)
			continue;
		num += cfg->period[t] * (u->proc_sum[t] / u->proc_n[t]);
		den += cfg->period[t];
	}
	r->has_p = den > 0;
	r->p = r->has_p ? num / den : 0;
}

/* B, and whether any component is missing. */
static void base(const struct score_config *cfg, const struct score_unit *u, struct score_result *r)
{
	bool has[SC_NCOMP] = {r->has_p, r->has_d, u->has_self, u->has_eff};
	double val[SC_NCOMP] = {r->p, r->d, u->self, u->eff};
	double num = 0, den = 0;
	int present = 0;
	for (int k = 0; k < SC_NCOMP; k++) {
		if (!has[k])
			continue;
		num += cfg->comp[k] * val[k];
		den += cfg->comp[k];
		present++;
	}
	r->incomplete = present < SC_NCOMP;
	r->ranked = present > 0;
	r->has_total = r->ranked;
	r->total = r->ranked ? num / den : 0;
}

/* The comparison key of SCORING.md section 4: values as integers of value x 10^4. */
struct key {
	bool veto;
	bool has[3];
	long long v[3];
};

static struct key key_of(const struct score_unit *u, const struct score_result *r)
{
	struct key k = {.veto = u->veto,
			.has = {r->has_total, r->has_d, r->has_p},
			.v = {llround(r->total * 1e4), llround(r->d * 1e4), llround(r->p * 1e4)}};
	return k;
}

/* <0 when a ranks ahead of b, 0 when tied, >0 when behind. */
static int key_cmp(const struct key *a, const struct key *b)
{
	if (a->veto != b->veto)
		return a->veto ? 1 : -1;
	for (int i = 0; i < 3; i++) {
		if (a->has[i] != b->has[i])
			return a->has[i] ? -1 : 1;
		if (a->has[i] && a->v[i] != b->v[i])
			return a->v[i] > b->v[i] ? -1 : 1;
	}
	return 0;
}

struct sort_ctx {
	int idx;
	struct key k;
	const char *code;
};

static int sort_cmp(const void *pa, const void *pb)
{
	const struct sort_ctx *a = pa, *b = pb;
	int c = key_cmp(&a->k, &b->k);
	return c ? c : strcmp(a->code, b->code);
}

void score_rank_category(const struct score_config *cfg, const struct score_unit *units,
			 struct score_result *out, const int *idx, int nidx)
{
	struct sort_ctx *s = xmalloc(sizeof *s * (size_t)(nidx ? nidx : 1));
	int n = 0;
	for (int j = 0; j < nidx; j++) {
		struct score_result *r = &out[idx[j]];
		r->rank = 0;
		r->grade = SG_NONE;
		r->worst = false;
		if (!r->ranked)
			continue;
		s[n].idx = idx[j];
		s[n].k = key_of(&units[idx[j]], r);
		s[n].code = units[idx[j]].code;
		n++;
	}
	qsort(s, (size_t)n, sizeof *s, sort_cmp);
	for (int j = 0; j < n; j++)
		out[s[j].idx].rank =
		    j > 0 && key_cmp(&s[j - 1].k, &s[j].k) == 0 ? out[s[j - 1].idx].rank : j + 1;

	/* grades: poor first, then the excellence quota in rank order, then good and fair */
	int q = (int)floor(n * cfg->excellent_ratio + 1e-9), taken = 0, last_rank = 0;
	for (int j = 0; j < n; j++) {
		const struct score_unit *u = &units[s[j].idx];
		struct score_result *r = &out[s[j].idx];
		bool poor = u->veto || r->total < cfg->poor_below;
		if (poor) {
			r->grade = SG_POOR;
			continue;
		}
		if (u->no_excellent) {
			r->grade = SG_NONE; /* decided below */
			continue;
		}
		if (taken < q || (taken > 0 && r->rank == last_rank)) {
			r->grade = SG_EXCELLENT;
			if (taken < q)
				taken++;
			last_rank = r->rank;
		}
	}
	for (int j = 0; j < n; j++) {
		struct score_result *r = &out[s[j].idx];
		if (r->grade == SG_NONE)
			r->grade = r->total >= cfg->good_min ? SG_GOOD : SG_FAIR;
	}
	int worst = 0;
	for (int j = 0; j < n; j++)
		if (out[s[j].idx].rank > worst)
			worst = out[s[j].idx].rank;
	for (int j = 0; j < n; j++)
		out[s[j].idx].worst = out[s[j].idx].rank == worst;
	free(s);
}

static void survey_and_total(const struct score_config *cfg, const struct score_unit *units,
			     struct score_result *out, const int *idx, int nidx)
{
	double qsum = 0;
	int qn = 0;
	for (int j = 0; j < nidx; j++)
		if (units[idx[j]].has_q) {
			qsum += units[idx[j]].q;
			qn++;
		}
	double qbar = qn ? qsum / qn : 0;
	for (int j = 0; j < nidx; j++) {
		const struct score_unit *u = &units[idx[j]];
		struct score_result *r = &out[idx[j]];
		double a = 0;
		if (u->has_q) {
			a = cfg->survey_factor * (u->q - qbar);
			if (a > cfg->survey_cap)
				a = cfg->survey_cap;
			if (a < -cfg->survey_cap)
				a = -cfg->survey_cap;
		}
		r->survey_adjust = a;
		r->deduction = u->points < cfg->deduction_cap ? u->points : cfg->deduction_cap;
		if (r->has_total)
			r->total = r->total + a - r->deduction;
	}
}

int score_compute(const struct score_config *cfg, const struct score_unit *units, int n,
		  struct score_result *out)
{
	int *idx = xmalloc(sizeof *idx * (size_t)(n ? n : 1));
	for (int j = 0; j < n; j++)
		if (units[j].cat < 0 || units[j].cat >= cfg->ncats) {
			free(idx);
			return -1;
		}
	for (int j = 0; j < n; j++) {
		struct score_result *r = &out[j];
		memset(r, 0, sizeof *r);
		r->group_score = xcalloc((size_t)(cfg->ngroups ? cfg->ngroups : 1), sizeof(double));
		r->group_eligible =
		    xcalloc((size_t)(cfg->ngroups ? cfg->ngroups : 1), sizeof(bool));
		democratic(cfg, &units[j], r);
		process(cfg, &units[j], r);
		base(cfg, &units[j], r);
	}
	for (int c = 0; c < cfg->ncats; c++) {
		int m = 0;
		for (int j = 0; j < n; j++)
			if (units[j].cat == c)
				idx[m++] = j;
		survey_and_total(cfg, units, out, idx, m);
		score_rank_category(cfg, units, out, idx, m);
	}
	free(idx);
	return 0;
}

void score_results_free(struct score_result *out, int n)
{
	for (int j = 0; out && j < n; j++) {
		free(out[j].group_score);
		free(out[j].group_eligible);
		out[j].group_score = NULL;
		out[j].group_eligible = NULL;
	}
}

const char *score_grade_zh(enum score_grade g)
{
	switch (g) {
	case SG_EXCELLENT:
		return "优秀";
	case SG_GOOD:
		return "良好";
	case SG_FAIR:
		return "一般";
	case SG_POOR:
		return "较差";
	default:
		return "";
	}
}
