/* test_score.c: the arithmetic of SCORING.md sections 3-4 (score.c), case by case, with
 * values computed by hand: trimming, abstentions, group eligibility, D, P, B, the survey
 * adjustment, the deduction, ranks and ties, vetoes, the excellence quota and the worst. */
#include "testutil.h"
#include "eval/score.h"

#include <math.h>

#define MAXU 64
#define NG   2
#define NI   2

#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

struct fx {
	struct score_group groups[NG];
	struct score_indicator ind[NI];
	struct score_category cats[2];
	struct score_config cfg;
	int n;
	struct score_unit u[MAXU];
	uint32_t hist[MAXU][NG * NI * SCORE_BINS];
	uint32_t ballots[MAXU][NG];
	char codes[MAXU][8];
	struct score_result r[MAXU];
	bool computed;
};

/* Two groups (weights 60 and 40, at least 3 ballots each), two indicators (weights 1 and
 * 3), equal component and period weights, no trimming, the contract's other defaults. */
static int setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	assert_non_null(f);
	f->groups[0] = (struct score_group){"g0", 60, 3, false};
	f->groups[1] = (struct score_group){"g1", 40, 3, false};
	f->ind[0] = (struct score_indicator){"i0", 1};
	f->ind[1] = (struct score_indicator){"i1", 3};
	f->cats[0] = (struct score_category){"dept", NI, f->ind};
	f->cats[1] = (struct score_category){"town", NI, f->ind};
	for (int k = 0; k < SC_NCOMP; k++)
		f->cfg.comp[k] = 25;
	for (int k = 0; k < SP_NPERIODS; k++)
		f->cfg.period[k] = 25;
	f->cfg.trim_ratio = 0;
	f->cfg.survey_factor = 0.2;
	f->cfg.survey_cap = 5;
	f->cfg.deduction_cap = 20;
	f->cfg.excellent_ratio = 0.2;
	f->cfg.good_min = 80;
	f->cfg.poor_below = 60;
	f->cfg.ngroups = NG;
	f->cfg.groups = f->groups;
	f->cfg.ncats = 2;
	f->cfg.cats = f->cats;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fx *f = *state;
	if (f->computed)
		score_results_free(f->r, f->n);
	free(f);
	return 0;
}

static int unit(struct fx *f, const char *code)
{
	int j = f->n++;
	assert_true(j < MAXU);
	snprintf(f->codes[j], sizeof f->codes[j], "%s", code);
	f->u[j].code = f->codes[j];
	f->u[j].cat = 0;
	f->u[j].hist = f->hist[j];
	f->u[j].ballots = f->ballots[j];
	return j;
}

/* One ballot of group g about unit j; a rating < 0 abstains. */
static void ballot(struct fx *f, int j, int g, int r0, int r1)
{
	int r[NI] = {r0, r1};
	for (int i = 0; i < NI; i++)
		if (r[i] >= 0)
			f->hist[j][(g * NI + i) * SCORE_BINS + r[i]]++;
	f->ballots[j][g]++;
}

/* count ballots rating both indicators v: the group's score is v. */
static void ballots(struct fx *f, int j, int g, int count, int v)
{
	for (int k = 0; k < count; k++)
		ballot(f, j, g, v, v);
}

static void self(struct fx *f, int j, double s)
{
	f->u[j].has_self = true;
	f->u[j].self = s;
}

/* A unit whose only component is S, so that its total is S (plus A, minus the deduction). */
static int unit_t(struct fx *f, const char *code, double total)
{
	int j = unit(f, code);
	self(f, j, total);
	return j;
}

static void compute(struct fx *f)
{
	assert_int_equal(score_compute(&f->cfg, f->u, f->n, f->r), 0);
	f->computed = true;
}

/* ---- 1. the trimmed indicator mean ---- */

static void test_trim_k(void **state)
{
	(void)state;
	uint32_t h[SCORE_BINS];
	double m;

	/* 0.35 x 180 is 62.99999999999999 in binary: k must still be 63 */
	memset(h, 0, sizeof h);
	h[0] = 63;
	h[50] = 54;
	h[90] = 63;
	assert_true(score_trimmed_mean(h, 0.35, &m));
	assert_near(m, 50); /* k = 62 would give (0 + 54*50 + 90) / 56 = 49.82 */

	/* small n: 0.1 x 9 -> k = 0, every rating counts */
	memset(h, 0, sizeof h);
	h[0] = 1;
	h[90] = 8;
	assert_true(score_trimmed_mean(h, 0.1, &m));
	assert_near(m, 80);
	/* 0.1 x 10 -> k = 1: drop one 0 and one 90 */
	h[90] = 9;
	assert_true(score_trimmed_mean(h, 0.1, &m));
	assert_near(m, 90);
	/* 0.2 x 5 -> k = 1: {10 20 30 40 100} -> (20+30+40)/3 */
	memset(h, 0, sizeof h);
	h[10] = h[20] = h[30] = h[40] = h[100] = 1;
	assert_true(score_trimmed_mean(h, 0.2, &m));
	assert_near(m, 30);
	/* 0.25 x 4 -> k = 1: {0 10 20 100} -> 15; several ratings in one bin trimmed partly */
	memset(h, 0, sizeof h);
	h[0] = h[10] = h[20] = h[100] = 1;
	assert_true(score_trimmed_mean(h, 0.25, &m));
	assert_near(m, 15);
	memset(h, 0, sizeof h);
	h[70] = 3;
	h[100] = 1;
	assert_true(score_trimmed_mean(h, 0.25, &m)); /* {70 70 70 100} -> 70 */
	assert_near(m, 70);
	/* no trimming: the plain mean; one rating: itself */
	assert_true(score_trimmed_mean(h, 0, &m));
	assert_near(m, 77.5);
	memset(h, 0, sizeof h);
	h[37] = 1;
	assert_true(score_trimmed_mean(h, 0.49, &m));
	assert_near(m, 37);
	/* a ratio a hair under 0.5 would drop all 10 (k = floor(4.999999999 + 1e-9) = 5):
	 * the middle two stay, the median */
	memset(h, 0, sizeof h);
	for (int v = 1; v <= 10; v++)
		h[v * 10] = 1;
	assert_true(score_trimmed_mean(h, 0.4999999999, &m));
	assert_near(m, 55);
	h[100] = 0; /* 9 ratings: k = 4, the middle one */
	assert_true(score_trimmed_mean(h, 0.4999999999, &m));
	assert_near(m, 50);
	/* no rating: no mean */
	memset(h, 0, sizeof h);
	assert_false(score_trimmed_mean(h, 0.1, &m));
}

/* ---- 2. abstentions and group scores ---- */

static void test_abstentions(void **state)
{
	struct fx *f = *state;
	int a = unit(f, "A"), b = unit(f, "B");
	/* A: indicator 1 never rated: G = m_0 alone (not weighted down by w_1) */
	ballot(f, a, 0, 80, -1);
	ballot(f, a, 0, 50, -1);
	ballot(f, a, 0, 80, -1);
	/* B: one indicator abstained on one ballot: n differs per indicator */
	ballot(f, b, 0, 100, -1);
	ballot(f, b, 0, 40, 80);
	ballot(f, b, 0, 40, 60);
	compute(f);
	assert_near(f->r[a].group_score[0], 70);
	assert_true(isnan(f->r[a].group_score[1]));
	assert_near(f->r[a].d, 70);
	/* m_0 = 60, m_1 = 70: G = (1*60 + 3*70) / 4 = 67.5; three ballots, so eligible */
	assert_near(f->r[b].group_score[0], 67.5);
	assert_true(f->r[b].group_eligible[0]);
	assert_near(f->r[b].d, 67.5);
	/* the satisfaction rate counts ratings: A 2 of 3 >= 60, B 3 of 5 */
	assert_near(f->r[a].satisfaction, 2.0 / 3);
	assert_near(f->r[b].satisfaction, 3.0 / 5);
}

static void test_all_abstain_ballots_count(void **state)
{
	struct fx *f = *state;
	int a = unit(f, "A");
	/* two ballots with ratings and one that abstains on everything: 3 ballots, eligible */
	ballot(f, a, 0, 80, 80);
	ballot(f, a, 0, 60, 60);
	ballot(f, a, 0, -1, -1);
	/* group 1: ballots that only abstain: no score, so not eligible */
	ballot(f, a, 1, -1, -1);
	ballot(f, a, 1, -1, -1);
	ballot(f, a, 1, -1, -1);
	compute(f);
	assert_true(f->r[a].group_eligible[0]);
	assert_near(f->r[a].d, 70);
	assert_false(f->r[a].group_eligible[1]);
	assert_true(isnan(f->r[a].group_score[1]));
	assert_near(f->r[a].satisfaction, 1.0);
}

static void test_ineligible_group(void **state)
{
	struct fx *f = *state;
	int a = unit(f, "A"), b = unit(f, "B");
	ballots(f, a, 0, 3, 80);
	ballots(f, a, 1, 2, 50); /* below min_ballots 3: scored, not eligible */
	ballots(f, b, 0, 3, 80);
	ballots(f, b, 1, 3, 50); /* eligible: D = (60*80 + 40*50) / 100 */
	compute(f);
	assert_near(f->r[a].group_score[1], 50);
	assert_false(f->r[a].group_eligible[1]);
	assert_true(f->r[a].group_eligible[0]);
	assert_near(f->r[a].d, 80);
	assert_true(f->r[b].group_eligible[1]);
	assert_near(f->r[b].d, 68);
}

static void test_no_eligible_group(void **state)
{
	struct fx *f = *state;
	int a = unit(f, "A");
	ballots(f, a, 0, 2, 90);
	ballots(f, a, 1, 1, 90);
	self(f, a, 70);
	f->u[a].has_eff = true;
	f->u[a].eff = 50;
	compute(f);
	assert_false(f->r[a].has_d);
	assert_true(f->r[a].incomplete);
	assert_true(f->r[a].ranked);
	assert_near(f->r[a].total, 60); /* B over S and E only */
	assert_near(f->r[a].group_score[0], 90);
}

/* ---- 3. process, base, incomplete, unranked ---- */

static void test_process_over_present_types(void **state)
{
	struct fx *f = *state;
	f->cfg.period[SP_DAILY] = 10;
	f->cfg.period[SP_MONTHLY] = 30;
	f->cfg.period[SP_ANNUAL] = 60;
	int a = unit(f, "A");
	f->u[a].proc_sum[SP_MONTHLY] = 60 + 80; /* p = 70 */
	f->u[a].proc_n[SP_MONTHLY] = 2;
	f->u[a].proc_sum[SP_ANNUAL] = 91;
	f->u[a].proc_n[SP_ANNUAL] = 1;
	compute(f);
	assert_true(f->r[a].has_p);
	assert_near(f->r[a].p, (30 * 70 + 60 * 91) / 90.0); /* daily and quarterly absent */
	assert_near(f->r[a].total, f->r[a].p);
	assert_true(f->r[a].incomplete);
}

static void test_base_over_present_components(void **state)
{
	struct fx *f = *state;
	f->cfg.comp[SC_PROCESS] = 30;
	f->cfg.comp[SC_DEMOCRATIC] = 50;
	f->cfg.comp[SC_SELF] = 10;
	f->cfg.comp[SC_EFFICIENCY] = 10;
	int a = unit(f, "A"), b = unit(f, "B");
	for (int j = a; j <= b; j++) {
		ballots(f, j, 0, 3, 80);
		f->u[j].proc_sum[SP_MONTHLY] = 70;
		f->u[j].proc_n[SP_MONTHLY] = 1;
		f->u[j].has_eff = true;
		f->u[j].eff = 90;
	}
	self(f, b, 60);
	compute(f);
	/* A has no S: (30*70 + 50*80 + 10*90) / 90 */
	assert_near(f->r[a].total, (30 * 70 + 50 * 80 + 10 * 90) / 90.0);
	assert_true(f->r[a].incomplete);
	/* B has all four */
	assert_near(f->r[b].total, (30 * 70 + 50 * 80 + 10 * 60 + 10 * 90) / 100.0);
	assert_false(f->r[b].incomplete);
}

static void test_unranked(void **state)
{
	struct fx *f = *state;
	int a = unit_t(f, "A", 70), z = unit(f, "Z");
	f->u[z].has_q = true;
	f->u[z].q = 100;
	f->u[a].has_q = true;
	f->u[a].q = 80;
	f->u[z].points = 7;
	ballots(f, z, 0, 2, 90); /* a group below its minimum gives no D */
	compute(f);
	assert_false(f->r[z].ranked);
	assert_false(f->r[z].has_total);
	assert_true(f->r[z].incomplete);
	assert_int_equal(f->r[z].rank, 0);
	assert_int_equal(f->r[z].grade, SG_NONE);
	assert_false(f->r[z].worst);
	/* its survey adjustment and deduction are still computed: Q-bar = 90 */
	assert_near(f->r[z].survey_adjust, 2);
	assert_near(f->r[z].deduction, 7);
	/* the ranked unit alone is first and also the worst */
	assert_int_equal(f->r[a].rank, 1);
	assert_true(f->r[a].worst);
	assert_near(f->r[a].total, 68);
}

/* ---- 4. survey adjustment and deduction ---- */

static void test_survey_mean_all_units(void **state)
{
	struct fx *f = *state;
	f->cfg.survey_factor = 0.2;
	f->cfg.survey_cap = 50;
	int a = unit_t(f, "A", 70), v = unit_t(f, "V", 90), z = unit(f, "Z");
	int i = unit(f, "I"), o = unit_t(f, "O", 70);
	ballots(f, i, 0, 3, 70); /* incomplete: D only */
	f->u[v].veto = true;
	double q[] = {80, 60, 40, 20};
	int who[] = {a, v, z, i};
	for (int k = 0; k < 4; k++) {
		f->u[who[k]].has_q = true;
		f->u[who[k]].q = q[k];
	}
	/* O has no Q: A = 0, and it does not count in Q-bar */
	f->u[o].cat = 1; /* another category's Q does not count either */
	int w = unit_t(f, "W", 70);
	f->u[w].cat = 1;
	f->u[w].has_q = true;
	f->u[w].q = 0;
	compute(f);
	/* Q-bar of category 0 = (80 + 60 + 40 + 20) / 4 = 50, vetoed, unranked, incomplete in */
	assert_near(f->r[a].survey_adjust, 6);
	assert_near(f->r[v].survey_adjust, 2);
	assert_near(f->r[z].survey_adjust, -2);
	assert_near(f->r[i].survey_adjust, -6);
	assert_near(f->r[a].total, 76);
	assert_near(f->r[o].survey_adjust, 0);
	assert_near(f->r[w].survey_adjust, 0); /* alone in category 1: Q = Q-bar */
}

static void test_survey_cap(void **state)
{
	struct fx *f = *state;
	f->cfg.survey_factor = 0.5;
	f->cfg.survey_cap = 4;
	int hi = unit_t(f, "H", 70), lo = unit_t(f, "L", 70), mid = unit_t(f, "M", 70);
	f->u[hi].has_q = f->u[lo].has_q = f->u[mid].has_q = true;
	f->u[hi].q = 95;
	f->u[lo].q = 35;
	f->u[mid].q = 67; /* Q-bar = 65.67: 0.5 * 1.33 = 0.67, under the cap */
	compute(f);
	assert_near(f->r[hi].survey_adjust, 4);
	assert_near(f->r[lo].survey_adjust, -4);
	assert_near(f->r[mid].survey_adjust, 0.5 * (67 - 197.0 / 3));
	assert_near(f->r[hi].total, 74);
	assert_near(f->r[lo].total, 66);
}

static void test_deduction_cap(void **state)
{
	struct fx *f = *state;
	f->cfg.deduction_cap = 20;
	int a = unit_t(f, "A", 90), b = unit_t(f, "B", 90);
	f->u[a].points = 12.5;
	f->u[b].points = 31;
	compute(f);
	assert_near(f->r[a].deduction, 12.5);
	assert_near(f->r[a].total, 77.5);
	assert_near(f->r[b].deduction, 20);
	assert_near(f->r[b].total, 70);
}

/* ---- 5. ranks and ties ---- */

static void test_ties_share_rank(void **state)
{
	struct fx *f = *state;
	int a = unit_t(f, "A", 90), b = unit_t(f, "B", 80), c = unit_t(f, "C", 80),
	    d = unit_t(f, "D", 70);
	compute(f);
	assert_int_equal(f->r[a].rank, 1);
	assert_int_equal(f->r[b].rank, 2);
	assert_int_equal(f->r[c].rank, 2);
	assert_int_equal(f->r[d].rank, 4);
}

static void test_tie_resolution_1e4(void **state)
{
	struct fx *f = *state;
	/* 80.00001 and 80.00004 are both 800000 x 10^-4: tied; 80.00006 rounds to 800001 */
	int a = unit_t(f, "A", 80.00001), b = unit_t(f, "B", 80.00004),
	    c = unit_t(f, "C", 80.00006), d = unit_t(f, "D", 79.99996);
	compute(f);
	assert_int_equal(f->r[c].rank, 1);
	assert_int_equal(f->r[a].rank, 2);
	assert_int_equal(f->r[b].rank, 2);
	/* 79.99996 x 10^4 = 799999.6 -> 800000: tied with A and B as well */
	assert_int_equal(f->r[d].rank, 2);
}

static void test_tie_break_d_then_p(void **state)
{
	struct fx *f = *state;
	f->cfg.comp[SC_PROCESS] = 1;
	f->cfg.comp[SC_DEMOCRATIC] = 1;
	f->cfg.comp[SC_SELF] = 1;
	f->cfg.comp[SC_EFFICIENCY] = 1;
	/* every unit totals 80; D decides, then P */
	struct {
		const char *code;
		int d;
		double p, s;
	} in[] = {{"A", 70, 80, 90}, {"B", 90, 80, 70}, {"C", 80, 70, 90}, {"D", 80, 90, 70}};
	for (int k = 0; k < 4; k++) {
		int j = unit(f, in[k].code);
		ballots(f, j, 0, 3, in[k].d);
		f->u[j].proc_sum[SP_ANNUAL] = in[k].p;
		f->u[j].proc_n[SP_ANNUAL] = 1;
		self(f, j, in[k].s);
	}
	/* E: D 70+80+90=240 ... one more with D missing ranks after every D at the same T */
	int e = unit(f, "E");
	f->u[e].proc_sum[SP_ANNUAL] = 80;
	f->u[e].proc_n[SP_ANNUAL] = 1;
	self(f, e, 80);
	compute(f);
	for (int k = 0; k < 5; k++)
		assert_near(f->r[k].total, 80);
	assert_int_equal(f->r[1].rank, 1); /* B: D 90 */
	assert_int_equal(f->r[3].rank, 2); /* D: D 80, P 90 */
	assert_int_equal(f->r[2].rank, 3); /* C: D 80, P 70 */
	assert_int_equal(f->r[0].rank, 4); /* A: D 70 */
	assert_int_equal(f->r[e].rank, 5); /* E: no D */
	assert_true(f->r[e].worst);
}

static void test_veto_last_and_poor(void **state)
{
	struct fx *f = *state;
	int v = unit_t(f, "V", 99), a = unit_t(f, "A", 85), b = unit_t(f, "B", 61),
	    w = unit_t(f, "W", 90);
	f->u[v].veto = true;
	f->u[w].veto = true;
	compute(f);
	assert_int_equal(f->r[a].rank, 1);
	assert_int_equal(f->r[b].rank, 2);
	/* vetoed units come after every other, ordered among themselves by T */
	assert_int_equal(f->r[v].rank, 3);
	assert_int_equal(f->r[w].rank, 4);
	assert_int_equal(f->r[v].grade, SG_POOR);
	assert_int_equal(f->r[w].grade, SG_POOR);
	assert_true(f->r[w].worst);
	assert_false(f->r[v].worst);
	assert_false(f->r[b].worst);
	/* n = 4 (vetoed included): q = floor(4 * 0.2) = 0 */
	assert_int_equal(f->r[a].grade, SG_GOOD);
	assert_int_equal(f->r[b].grade, SG_FAIR);
}

/* ---- 6. grades ---- */

static void test_excellence_skips_poor(void **state)
{
	struct fx *f = *state;
	f->cfg.excellent_ratio = 0.6; /* n = 5: q = 3 */
	int a = unit_t(f, "A", 90), b = unit_t(f, "B", 85), c = unit_t(f, "C", 55),
	    d = unit_t(f, "D", 50), e = unit_t(f, "E", 45);
	compute(f);
	assert_int_equal(f->r[a].grade, SG_EXCELLENT);
	assert_int_equal(f->r[b].grade, SG_EXCELLENT);
	assert_int_equal(f->r[c].grade, SG_POOR); /* a poor unit is never excellent */
	assert_int_equal(f->r[d].grade, SG_POOR);
	assert_int_equal(f->r[e].grade, SG_POOR);
}

static void test_excellence_no_excellent_takes_no_place(void **state)
{
	struct fx *f = *state;
	f->cfg.excellent_ratio = 0.4; /* n = 5: q = 2 */
	int a = unit_t(f, "A", 95), b = unit_t(f, "B", 90), c = unit_t(f, "C", 85),
	    d = unit_t(f, "D", 82), e = unit_t(f, "E", 70);
	f->u[a].no_excellent = true;
	compute(f);
	assert_int_equal(f->r[a].rank, 1);
	assert_int_equal(f->r[a].grade, SG_GOOD); /* passed over, graded by its total */
	assert_int_equal(f->r[b].grade, SG_EXCELLENT);
	assert_int_equal(f->r[c].grade, SG_EXCELLENT);
	assert_int_equal(f->r[d].grade, SG_GOOD);
	assert_int_equal(f->r[e].grade, SG_FAIR);
}

static void test_excellence_ties_at_quota(void **state)
{
	struct fx *f = *state;
	f->cfg.excellent_ratio = 0.2; /* n = 6: q = 1 */
	int a = unit_t(f, "A", 88), b = unit_t(f, "B", 88), c = unit_t(f, "C", 88),
	    d = unit_t(f, "D", 87), e = unit_t(f, "E", 70), g = unit_t(f, "G", 65);
	f->u[c].no_excellent = true; /* tied, but ineligible */
	compute(f);
	assert_int_equal(f->r[a].rank, 1);
	assert_int_equal(f->r[c].rank, 1);
	assert_int_equal(f->r[a].grade, SG_EXCELLENT);
	assert_int_equal(f->r[b].grade, SG_EXCELLENT);
	assert_int_equal(f->r[c].grade, SG_GOOD);
	assert_int_equal(f->r[d].rank, 4);
	assert_int_equal(f->r[d].grade, SG_GOOD);
	assert_int_equal(f->r[e].grade, SG_FAIR);
	assert_int_equal(f->r[g].grade, SG_FAIR);
}

static void test_excellence_without_good_min(void **state)
{
	struct fx *f = *state;
	f->cfg.excellent_ratio = 0.5; /* n = 2: q = 1 */
	f->cfg.good_min = 80;
	int a = unit_t(f, "A", 72), b = unit_t(f, "B", 65);
	compute(f);
	assert_int_equal(f->r[a].grade, SG_EXCELLENT);
	assert_int_equal(f->r[b].grade, SG_FAIR);
}

static void test_quota_counts_vetoed_not_unranked(void **state)
{
	struct fx *f = *state;
	f->cfg.excellent_ratio = 0.25;
	/* 3 ranked (1 vetoed) and 1 unranked: n = 3, q = floor(0.75) = 0 */
	int a = unit_t(f, "A", 90), b = unit_t(f, "B", 85), v = unit_t(f, "V", 80);
	unit(f, "Z");
	f->u[v].veto = true;
	compute(f);
	assert_int_equal(f->r[a].grade, SG_GOOD);
	assert_int_equal(f->r[b].grade, SG_GOOD);
	score_results_free(f->r, f->n);
	f->computed = false;
	/* a fourth ranked, vetoed unit makes n = 4, q = 1 */
	int w = unit_t(f, "W", 10);
	f->u[w].veto = true;
	compute(f);
	assert_int_equal(f->r[a].grade, SG_EXCELLENT);
	assert_int_equal(f->r[b].grade, SG_GOOD);
	assert_int_equal(f->r[w].rank, 4);
	assert_true(f->r[w].worst);
}

static void test_quota_epsilon(void **state)
{
	struct fx *f = *state;
	/* 50 x 0.58 = 28.999999999999996 in binary: q must be 29 */
	f->cfg.excellent_ratio = 0.58;
	f->cfg.poor_below = 0;
	f->cfg.good_min = 0;
	for (int k = 0; k < 50; k++) {
		char code[8];
		snprintf(code, sizeof code, "U%02d", k);
		unit_t(f, code, 100 - k);
	}
	compute(f);
	assert_int_equal(f->r[28].rank, 29);
	assert_int_equal(f->r[28].grade, SG_EXCELLENT);
	assert_int_equal(f->r[29].grade, SG_GOOD);
}

static void test_good_and_fair(void **state)
{
	struct fx *f = *state;
	f->cfg.excellent_ratio = 0;
	f->cfg.good_min = 78;
	f->cfg.poor_below = 62;
	int a = unit_t(f, "A", 78), b = unit_t(f, "B", 77.99), c = unit_t(f, "C", 62),
	    d = unit_t(f, "D", 61.99);
	compute(f);
	assert_int_equal(f->r[a].grade, SG_GOOD);
	assert_int_equal(f->r[b].grade, SG_FAIR);
	assert_int_equal(f->r[c].grade, SG_FAIR);
	assert_int_equal(f->r[d].grade, SG_POOR);
}

/* ---- 7. the worst unit ---- */

static void test_worst_ties(void **state)
{
	struct fx *f = *state;
	int a = unit_t(f, "A", 90), b = unit_t(f, "B", 70), c = unit_t(f, "C", 70);
	int t = unit_t(f, "T", 50);
	f->u[t].cat = 1; /* the worst is per category */
	unit(f, "Z");	 /* unranked: never the worst */
	compute(f);
	assert_false(f->r[a].worst);
	assert_true(f->r[b].worst);
	assert_true(f->r[c].worst);
	assert_int_equal(f->r[b].rank, 2);
	assert_true(f->r[t].worst);
	assert_int_equal(f->r[t].rank, 1);
	assert_false(f->r[4].worst);
}

static void test_rank_category_repeatable(void **state)
{
	struct fx *f = *state;
	int a = unit_t(f, "A", 70), b = unit_t(f, "B", 80);
	compute(f);
	assert_int_equal(f->r[b].rank, 1);
	/* the bootstrap's entry point: new totals, the same category, new ranks */
	f->r[a].total = 85;
	int idx[] = {a, b};
	score_rank_category(&f->cfg, f->u, f->r, idx, 2);
	assert_int_equal(f->r[a].rank, 1);
	assert_int_equal(f->r[b].rank, 2);
	assert_true(f->r[b].worst);
	assert_false(f->r[a].worst);
}

static void test_bad_category(void **state)
{
	struct fx *f = *state;
	int a = unit_t(f, "A", 70);
	f->u[a].cat = 2;
	assert_int_equal(score_compute(&f->cfg, f->u, f->n, f->r), -1);
	assert_string_equal(score_grade_zh(SG_EXCELLENT), "优秀");
	assert_string_equal(score_grade_zh(SG_GOOD), "良好");
	assert_string_equal(score_grade_zh(SG_FAIR), "一般");
	assert_string_equal(score_grade_zh(SG_POOR), "较差");
	assert_string_equal(score_grade_zh(SG_NONE), "");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_trim_k),
	    T(test_abstentions),
	    T(test_all_abstain_ballots_count),
	    T(test_ineligible_group),
	    T(test_no_eligible_group),
	    T(test_process_over_present_types),
	    T(test_base_over_present_components),
	    T(test_unranked),
	    T(test_survey_mean_all_units),
	    T(test_survey_cap),
	    T(test_deduction_cap),
	    T(test_ties_share_rank),
	    T(test_tie_resolution_1e4),
	    T(test_tie_break_d_then_p),
	    T(test_veto_last_and_poor),
	    T(test_excellence_skips_poor),
	    T(test_excellence_no_excellent_takes_no_place),
	    T(test_excellence_ties_at_quota),
	    T(test_excellence_without_good_min),
	    T(test_quota_counts_vetoed_not_unranked),
	    T(test_quota_epsilon),
	    T(test_good_and_fair),
	    T(test_worst_ties),
	    T(test_rank_category_repeatable),
	    T(test_bad_category),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
