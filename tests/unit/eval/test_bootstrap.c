/* test_bootstrap.c: rank certainty (SCORING.md section 5): reproducible for a seed, sure of a
 * clear last place, unsure of a near tie, silent about unranked units, and the same on the
 * large-cell path that replaces exact resampling by a calibrated normal draw. */
#include "testutil.h"
#include "eval/bootstrap.h"

#include <math.h>

#define NIND 2
#define NG 1

static const struct score_indicator IND[NIND] = {{"a", 1}, {"b", 1}};
static const struct score_category CATS[1] = {{"dept", NIND, IND}};
static const struct score_group GROUPS[NG] = {{"public", 1, 3, false}};

static struct score_config config(void)
{
	struct score_config c = {
		.comp = {30, 50, 10, 10}, .period = {10, 30, 30, 30}, .trim_ratio = 0.1,
		.survey_factor = 0.2, .survey_cap = 5, .deduction_cap = 20, .excellent_ratio = 0.2,
		.good_min = 80, .poor_below = 60, .ngroups = NG, .groups = GROUPS, .ncats = 1,
		.cats = CATS,
	};
	return c;
}

/* A round of n units; unit u has nb[u] ballots with ratings drawn around mean[u] +- spread. */
struct fixture {
	int n;
	struct score_unit *units;
	uint32_t **hist, **ballots;
	uint8_t **cells;
	uint32_t *cell_n;
	struct score_result *res;
};

static void build(struct fixture *f, int n, const int *mean, const int *spread, const uint32_t *nb)
{
	struct score_config cfg = config();
	f->n = n;
	f->units = calloc((size_t)n, sizeof *f->units);
	f->hist = calloc((size_t)n, sizeof *f->hist);
	f->ballots = calloc((size_t)n, sizeof *f->ballots);
	f->cells = calloc((size_t)n, sizeof *f->cells);
	f->cell_n = calloc((size_t)n, sizeof *f->cell_n);
	f->res = calloc((size_t)n, sizeof *f->res);
	uint64_t x = 12345;
	for (int u = 0; u < n; u++) {
		struct score_unit *su = &f->units[u];
		char *code = malloc(8);
		snprintf(code, 8, "U%02d", u % 100);
		su->code = code;
		f->hist[u] = calloc(NIND * SCORE_BINS, sizeof(uint32_t));
		f->ballots[u] = calloc(NG, sizeof(uint32_t));
		f->cells[u] = malloc((size_t)nb[u] * NIND + 1);
		f->cell_n[u] = nb[u];
		f->ballots[u][0] = nb[u];
		for (uint32_t b = 0; b < nb[u]; b++)
			for (int i = 0; i < NIND; i++) {
				x = x * 6364136223846793005ull + 1442695040888963407ull;
				int v = mean[u] + (spread[u] ? (int)((x >> 33) % (uint64_t)(2 * spread[u] + 1)) - spread[u] : 0);
				v = v < 0 ? 0 : v > 100 ? 100 : v;
				f->cells[u][b * NIND + i] = (uint8_t)v;
				f->hist[u][i * SCORE_BINS + v]++;
			}
		su->hist = f->hist[u];
		su->ballots = f->ballots[u];
		/* nb == 0 marks a unit with no input at all */
		if (nb[u]) {
			su->has_self = su->has_eff = true;
			su->self = su->eff = 80;
		}
	}
	assert_int_equal(score_compute(&cfg, f->units, n, f->res), 0);
}

static void release(struct fixture *f)
{
	score_results_free(f->res, f->n);
	for (int u = 0; u < f->n; u++) {
		free((char *)f->units[u].code);
		free(f->hist[u]);
		free(f->ballots[u]);
		free(f->cells[u]);
	}
	free(f->units);
	free(f->hist);
	free(f->ballots);
	free(f->cells);
	free(f->cell_n);
	free(f->res);
}

static void run(struct fixture *f, int R, uint64_t seed, double *p, int *lo, int *hi)
{
	struct score_config cfg = config();
	struct boot_input in = {&cfg, f->units, f->res, f->n, (const uint8_t *const *)f->cells,
				f->cell_n, R, seed};
	struct boot_output out = {p, lo, hi};
	assert_int_equal(eval_bootstrap(&in, &out), 0);
}

static void test_clear_last_is_certain(void **state)
{
	int mean[4] = {90, 85, 80, 40}, spread[4] = {5, 5, 5, 5};
	uint32_t nb[4] = {30, 30, 30, 30};
	struct fixture f;
	double p[4];
	int lo[4], hi[4];
	build(&f, 4, mean, spread, nb);
	assert_true(f.res[3].worst);
	run(&f, 500, 7, p, lo, hi);
	assert_true(p[3] > 0.99);
	assert_int_equal(lo[3], 4);
	assert_int_equal(hi[3], 4);
	assert_true(p[0] < 0.01);
	assert_int_equal(lo[0], 1);
	release(&f);
}

static void test_near_tie_is_uncertain_and_reproducible(void **state)
{
	int mean[3] = {90, 60, 60}, spread[3] = {5, 30, 30};
	uint32_t nb[3] = {20, 12, 12};
	struct fixture f;
	double p[3], p2[3];
	int lo[3], hi[3], lo2[3], hi2[3];
	build(&f, 3, mean, spread, nb);
	run(&f, 1000, 42, p, lo, hi);
	assert_true(p[1] > 0.15 && p[1] < 0.85);
	assert_true(p[2] > 0.15 && p[2] < 0.85);
	assert_true(fabs(p[1] + p[2] - 1.0) < 0.05); /* one of them is last, rarely both */
	assert_int_equal(lo[1], 2);
	assert_int_equal(hi[1], 3);
	run(&f, 1000, 42, p2, lo2, hi2);
	for (int u = 0; u < 3; u++) {
		assert_true(p[u] == p2[u]);
		assert_int_equal(lo[u], lo2[u]);
		assert_int_equal(hi[u], hi2[u]);
	}
	run(&f, 1000, 43, p2, lo2, hi2);
	assert_true(p[1] != p2[1] || p[2] != p2[2]);
	release(&f);
}

static void test_unranked_unit_has_no_range(void **state)
{
	int mean[3] = {90, 70, 0}, spread[3] = {5, 5, 0};
	uint32_t nb[3] = {10, 10, 0};
	struct fixture f;
	double p[3];
	int lo[3], hi[3];
	build(&f, 3, mean, spread, nb);
	assert_false(f.res[2].ranked);
	run(&f, 200, 1, p, lo, hi);
	assert_true(p[2] == 0);
	assert_int_equal(lo[2], 0);
	assert_int_equal(hi[2], 0);
	assert_true(p[1] > 0.99);
	release(&f);
}

static void test_zero_resamples_reports_the_point_estimate(void **state)
{
	int mean[2] = {90, 70}, spread[2] = {5, 5};
	uint32_t nb[2] = {10, 10};
	struct fixture f;
	double p[2];
	int lo[2], hi[2];
	build(&f, 2, mean, spread, nb);
	run(&f, 0, 1, p, lo, hi);
	assert_true(p[1] == 1.0 && p[0] == 0.0);
	assert_int_equal(lo[1], 2);
	release(&f);
}

static void test_large_cells_path(void **state)
{
	/* 20 units x 60,000 ballots x 2 indicators x 1000 resamples exceeds the exact budget */
	enum { N = 20 };
	int mean[N], spread[N];
	uint32_t nb[N];
	for (int u = 0; u < N; u++) {
		mean[u] = 90 - u;
		spread[u] = 10;
		nb[u] = 60000;
	}
	mean[N - 1] = 30; /* clearly last */
	mean[5] = mean[6]; /* a tie in the middle */
	struct fixture f;
	double p[N];
	int lo[N], hi[N];
	build(&f, N, mean, spread, nb);
	run(&f, 1000, 9, p, lo, hi);
	assert_true(p[N - 1] > 0.99);
	assert_int_equal(lo[N - 1], N);
	for (int u = 0; u < N - 1; u++)
		assert_true(p[u] < 0.01);
	/* the tied pair shares ranks 6-7 between them */
	assert_true(lo[5] >= 5 && hi[5] <= 8);
	assert_true(lo[5] <= 6 && hi[5] >= 7);
	release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clear_last_is_certain),
		cmocka_unit_test(test_near_tie_is_uncertain_and_reproducible),
		cmocka_unit_test(test_unranked_unit_has_no_range),
		cmocka_unit_test(test_zero_resamples_reports_the_point_estimate),
		cmocka_unit_test(test_large_cells_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
