/* test_rank.c: eval_rank over a database filled row by row: which units are evaluated
 * (active units of a category with an indicator list; 'other' categories without one are
 * skipped, any other category without one is an error naming it), how ballots and the other
 * inputs are folded, the order of the rows, corrupt ballots, and the bootstrap's place. */
#include "ranktest.h"

static void test_evaluated_set_and_order(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	rfx_std_round(f, 0);
	rfx_ballots(f, "T1", 0, 2, 80, 2);
	rfx_self(f, "T2", 90, -1, 1);
	rfx_self(f, "D2", 60, -1, 1);
	/* ballots about an inactive unit and about a unit of an 'other' category without a
	 * list are left out, even when they would not fit the round */
	rfx_ballots(f, "X1", 0, 3, 10, 2);
	rfx_ballots(f, "P1", 0, 3, 10, 5);
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_int_equal(r.n, 5);
	assert_null(eval_ranking_find(&r, "P1"));
	assert_null(eval_ranking_find(&r, "X1"));
	/* category code, then rank, unranked last in their category, then unit code */
	const char *order[] = {"D2", "D1", "T2", "T1", "T3"};
	for (int j = 0; j < 5; j++)
		assert_string_equal(r.rows[j].code, order[j]);
	assert_string_equal(r.rows[0].category, "dept");
	assert_string_equal(r.rows[0].name, "教育局");
	assert_int_equal(r.rows[2].res.rank, 1);
	assert_int_equal(r.rows[3].res.rank, 2);
	assert_false(r.rows[1].res.ranked);
	assert_false(r.rows[4].res.ranked);
	assert_true(r.provisional);
	assert_int_equal(r.resamples, 0);
	assert_string_equal(r.round.cfg.code, "R1");
	eval_ranking_free(&r);
	eval_ranking_free(NULL);
}

static void test_category_without_list(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	rfx_std_round(f, 0);
	RFX_RUN(f, "INSERT INTO categories(code, name, kind) VALUES ('vill', '村', 'township')",
		"");
	RFX_RUN(f,
		"INSERT INTO units(code, name, category_id) SELECT 'V1', '一村', id FROM"
		" categories WHERE code = 'vill'",
		"");
	zf_err_clear(&f->err);
	assert_int_equal(eval_rank(f->s, "R1", &r, &f->err), ZF_EINVAL);
	assert_int_equal(f->err.code, ZF_EINVAL);
	assert_string_equal(f->err.field, "indicators");
	assert_non_null(strstr(f->err.msg, "'vill'"));
	assert_non_null(strstr(f->err.msg, "V1"));
	/* a department category is no different */
	RFX_RUN(f, "UPDATE categories SET kind = 'dept' WHERE code = 'vill'", "");
	assert_int_equal(eval_rank(f->s, "R1", &r, &f->err), ZF_EINVAL);
	/* an inactive unit of such a category is not evaluated: no error */
	RFX_RUN(f, "UPDATE units SET active = 0 WHERE code = 'V1'", "");
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_int_equal(r.n, 5);
	eval_ranking_free(&r);
}

static void test_other_category_with_list(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	rfx_round(f, "{\"code\":\"R2\",\"indicators\":{"
		     "\"town\":[{\"code\":\"a\",\"weight\":1}],"
		     "\"dept\":[{\"code\":\"a\",\"weight\":1}],"
		     "\"party\":[{\"code\":\"a\",\"weight\":1}]},\"bootstrap\":{\"resamples\":0}}");
	RFX_OK(f, eval_rank(f->s, "R2", &r, &f->err));
	assert_int_equal(r.n, 6);
	assert_string_equal(rfx_row(&r, "P1")->category, "party");
	assert_string_equal(r.rows[2].code, "P1"); /* dept D1 D2, party P1, town T1 T2 T3 */
	eval_ranking_free(&r);
}

static void test_inputs_folded(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	rfx_std_round(f, 0);
	/* T1, group 0: a = {80 60 100} -> 80, b = {60 80} -> 70: G = (80 + 3*70) / 4 */
	rfx_ballot(f, "T1", 0, (const uint8_t[]){80, 60}, 2);
	rfx_ballot(f, "T1", 0, (const uint8_t[]){60, EVAL_ABSTAIN}, 2);
	rfx_ballot(f, "T1", 0, (const uint8_t[]){100, 80}, 2);
	/* group 1: one ballot, below min_ballots 2 */
	rfx_ballot(f, "T1", 1, (const uint8_t[]){50, 50}, 2);
	rfx_process(f, "T1", "monthly", "2026-01", 60);
	rfx_process(f, "T1", "monthly", "2026-02", 80);
	rfx_process(f, "T1", "annual", "2026", 90);
	rfx_self(f, "T1", 70, -1, 1);
	rfx_survey(f, "T1", 80);
	rfx_survey(f, "T2", 60);
	rfx_adjust(f, "T1", 3, 0, 0);
	rfx_adjust(f, "T1", 4, 0, 1);
	rfx_self(f, "T2", 99, 99, 0); /* not confirmed by the office: not counted */
	rfx_self(f, "T3", 95, -1, 1);
	rfx_adjust(f, "T3", 0, 1, 0);
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));

	const struct eval_rank_row *t1 = rfx_row(&r, "T1");
	assert_int_equal(t1->ballots[0], 3);
	assert_int_equal(t1->ballots[1], 1);
	assert_near(t1->ind_mean[0], 80);
	assert_near(t1->ind_mean[1], 70);
	assert_int_equal(t1->ind_n[0], 3);
	assert_int_equal(t1->ind_n[1], 2);
	assert_near(t1->ind_mean[2], 50);
	assert_near(t1->res.group_score[0], 72.5);
	assert_near(t1->res.group_score[1], 50);
	assert_true(t1->res.group_eligible[0]);
	assert_false(t1->res.group_eligible[1]);
	assert_near(t1->res.d, 72.5);
	assert_near(t1->res.p, 80); /* monthly 70 and annual 90, equal weights */
	assert_true(t1->has_self);
	assert_near(t1->self, 70);
	assert_false(t1->has_eff);
	assert_true(t1->res.incomplete);
	assert_near(t1->res.survey_adjust, 2); /* 0.2 x (80 - 70) */
	assert_near(t1->points, 7);
	assert_near(t1->res.deduction, 7);
	assert_true(t1->no_excellent);
	assert_false(t1->veto);
	assert_near(t1->res.total, (80 + 72.5 + 70) / 3.0 + 2 - 7);
	assert_near(t1->res.satisfaction, 5.0 / 7);
	assert_int_equal(t1->res.rank, 1);
	assert_true(isnan(t1->p_last)); /* no bootstrap in this round */
	assert_int_equal(t1->rank_lo, 1);
	assert_int_equal(t1->rank_hi, 1);

	const struct eval_rank_row *t2 = rfx_row(&r, "T2");
	assert_false(t2->has_self);
	assert_false(t2->has_eff);
	assert_false(t2->res.ranked);
	assert_near(t2->res.survey_adjust, -2);
	assert_true(isnan(t2->ind_mean[0]));
	assert_int_equal(t2->ind_n[0], 0);

	const struct eval_rank_row *t3 = rfx_row(&r, "T3");
	assert_true(t3->veto);
	assert_int_equal(t3->res.rank, 2);
	assert_int_equal(t3->res.grade, SG_POOR);
	assert_true(t3->res.worst);
	eval_ranking_free(&r);
}

static void test_unknown_round(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	zf_err_clear(&f->err);
	assert_int_equal(eval_rank(f->s, "nope", &r, &f->err), ZF_ENOTFOUND);
	assert_string_equal(f->err.field, "round");
}

static void test_corrupt_ballots(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	rfx_std_round(f, 10);
	/* three ratings for a category of two indicators */
	rfx_ballot(f, "T1", 0, (const uint8_t[]){80, 80, 80}, 3);
	zf_err_clear(&f->err);
	assert_int_equal(eval_rank(f->s, "R1", &r, &f->err), ZF_EINTERNAL);
	assert_non_null(strstr(f->err.msg, "T1"));
	RFX_RUN(f, "DELETE FROM ballots", "");
	/* a byte that is neither 0-100 nor 255 */
	rfx_ballot(f, "D1", 0, (const uint8_t[]){101}, 1);
	assert_int_equal(eval_rank(f->s, "R1", &r, &f->err), ZF_EINTERNAL);
	assert_non_null(strstr(f->err.msg, "D1"));
	RFX_RUN(f, "DELETE FROM ballots", "");
	/* a group the round does not have */
	rfx_ballot(f, "D1", 2, (const uint8_t[]){50}, 1);
	assert_int_equal(eval_rank(f->s, "R1", &r, &f->err), ZF_EINTERNAL);
	RFX_RUN(f, "DELETE FROM ballots", "");
	rfx_ballot(f, "D1", 1, (const uint8_t[]){EVAL_ABSTAIN}, 1);
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_int_equal(rfx_row(&r, "D1")->ballots[1], 1);
	eval_ranking_free(&r);
}

static void test_bootstrap_inputs(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	rfx_std_round(f, 200);
	/* every resample of identical ballots gives the same scores: the ranks are certain */
	rfx_ballots(f, "T1", 0, 5, 90, 2);
	rfx_ballots(f, "T2", 0, 5, 10, 2);
	rfx_ballots(f, "T2", 1, 4, 30, 2);
	rfx_ballots(f, "D1", 0, 3, 70, 1);
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_int_equal(r.resamples, 200);
	const struct eval_rank_row *t1 = rfx_row(&r, "T1"), *t2 = rfx_row(&r, "T2");
	assert_int_equal(t1->res.rank, 1);
	assert_int_equal(t2->res.rank, 2);
	assert_near(t1->p_last, 0);
	assert_near(t2->p_last, 1);
	assert_int_equal(t1->rank_lo, 1);
	assert_int_equal(t1->rank_hi, 1);
	assert_int_equal(t2->rank_lo, 2);
	assert_int_equal(t2->rank_hi, 2);
	assert_near(rfx_row(&r, "D1")->p_last, 1); /* alone in its category */
	const struct eval_rank_row *t3 = rfx_row(&r, "T3");
	assert_true(isnan(t3->p_last)); /* unranked */
	assert_int_equal(t3->rank_lo, 0);
	assert_int_equal(t3->rank_hi, 0);
	eval_ranking_free(&r);
}

static void test_many_ballots(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	rfx_std_round(f, 5);
	/* 3 x 2 cells of 1,010 ballots rating k mod 101: each mean 50, each rating once per
	 * 101 ballots; enough bytes to grow the collected ratings several times */
	RFX_OK(f, store_begin(f->s, &f->err));
	const char *units[] = {"T1", "T2", "T3"};
	for (int u = 0; u < 3; u++)
		for (int g = 0; g < 2; g++)
			for (int k = 0; k < 1010; k++) {
				uint8_t b[2] = {(uint8_t)(k % 101), (uint8_t)((k + u) % 101)};
				rfx_ballot(f, units[u], g, b, 2);
			}
	RFX_OK(f, store_commit(f->s, &f->err));
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	for (int u = 0; u < 3; u++) {
		const struct eval_rank_row *row = rfx_row(&r, units[u]);
		assert_int_equal(row->ballots[0], 1010);
		assert_int_equal(row->ballots[1], 1010);
		assert_int_equal(row->ind_n[3], 1010);
		assert_near(row->ind_mean[0], 50);
		assert_near(row->ind_mean[3], 50);
		assert_near(row->res.d, 50);
		assert_true(row->p_last >= 0 && row->p_last <= 1);
	}
	eval_ranking_free(&r);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rfx_setup, rfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_evaluated_set_and_order),
	    T(test_category_without_list),
	    T(test_other_category_with_list),
	    T(test_inputs_folded),
	    T(test_unknown_round),
	    T(test_corrupt_ballots),
	    T(test_bootstrap_inputs),
	    T(test_many_ballots),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
