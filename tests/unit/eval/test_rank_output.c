/* test_rank_output.c: a ranking as CSV (byte for byte: BOM, header, quoting, empty cells,
 * no "-0.00"), as JSON (hidden groups below the anonymity threshold, provisional, nulls),
 * as a scorecard, and as an XLSX file. */
#include "ranktest.h"

#include <sys/stat.h>

/*
 * dept: D1 has every component: D = (60 x 90 + 40 x 50) / 100 = 74 (g1's 2 ballots are
 * below the anonymity threshold 3 but not below min_ballots 2), P = 80, S = 70, E = 60,
 * B = 71, Q = 70 against Q-bar 70.005: A = -0.001, so T = 70.999. D2 has S = 50 only,
 * Q = 70.01 (A = +0.001) and 25 points, capped at 20: T = 30.001, poor and the worst.
 * town: nothing at all; T1's name holds a comma.
 */
static void fill(struct rfx *f, int resamples)
{
	rfx_std_round(f, resamples);
	rfx_ballots(f, "D1", 0, 3, 90, 1);
	rfx_ballots(f, "D1", 1, 2, 50, 1);
	rfx_process(f, "D1", "annual", "2026", 80);
	rfx_self(f, "D1", 70, 60, 1);
	rfx_survey(f, "D1", 70);
	rfx_self(f, "D2", 50, -1, 1);
	rfx_survey(f, "D2", 70.01);
	rfx_adjust(f, "D2", 25, 0, 0);
	RFX_RUN(f, "UPDATE units SET name = '东城镇,新区' WHERE code = 'T1'", "");
}

static const char want_csv[] =
    "\xEF\xBB\xBF"
    "category,rank,unit,name,total,democratic,process,self,efficiency,survey_adjust,"
    "deduction,vetoed,incomplete,grade,worst,p_last\n"
    "dept,1,D1,财政局,71.00,74.00,80.00,70.00,60.00,0.00,0.00,0,0,一般,0,0.000\n"
    "dept,2,D2,教育局,30.00,,,50.00,,0.00,20.00,0,1,较差,1,1.000\n"
    "town,,T1,\"东城镇,新区\",,,,,,0.00,0.00,0,1,,0,\n"
    "town,,T2,西城镇,,,,,,0.00,0.00,0,1,,0,\n"
    "town,,T3,南城镇,,,,,,0.00,0.00,0,1,,0,\n";

static void test_csv(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	struct buf b = BUF_INIT;
	fill(f, 100);
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_true(rfx_row(&r, "D1")->res.survey_adjust < 0); /* printed as 0.00, not -0.00 */
	eval_ranking_csv(&r, &b);
	assert_string_equal(buf_str(&b), want_csv);
	buf_cleanup(&b);
	eval_ranking_free(&r);
}

static void test_csv_without_bootstrap(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	struct buf b = BUF_INIT;
	fill(f, 0);
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	eval_ranking_csv(&r, &b);
	/* p_last is empty when the round skips the bootstrap */
	assert_non_null(
	    strstr(buf_str(&b), "\ndept,2,D2,教育局,30.00,,,50.00,,0.00,20.00,0,1,较差,1,\n"));
	buf_cleanup(&b);
	json_t *j = eval_ranking_json(&r);
	json_t *d2 = json_array_get(json_object_get(j, "units"), 1);
	assert_true(json_is_null(json_object_get(d2, "p_last")));
	assert_true(json_is_true(json_object_get(d2, "needs_review"))); /* certainty unknown */
	json_decref(j);
	eval_ranking_free(&r);
}

static double num(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_number(v))
		fail_msg("%s is not a number", key);
	return json_number_value(v);
}

static void test_json(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	fill(f, 100);
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	json_t *j = eval_ranking_json(&r);
	json_t *round = json_object_get(j, "round");
	assert_string_equal(json_string_value(json_object_get(round, "code")), "R1");
	assert_string_equal(json_string_value(json_object_get(round, "name")), "测试轮次");
	assert_string_equal(json_string_value(json_object_get(round, "state")), "draft");
	assert_true(json_is_true(json_object_get(j, "provisional")));
	json_t *units = json_object_get(j, "units");
	assert_int_equal(json_array_size(units), 5);

	json_t *d1 = json_array_get(units, 0);
	assert_string_equal(json_string_value(json_object_get(d1, "unit")), "D1");
	assert_string_equal(json_string_value(json_object_get(d1, "category")), "dept");
	assert_int_equal(json_integer_value(json_object_get(d1, "rank")), 1);
	assert_near(num(d1, "total"), 71.00);
	assert_near(num(d1, "democratic"), 74);
	assert_near(num(d1, "survey_adjust"), 0);
	assert_true(json_is_false(json_object_get(d1, "vetoed")));
	assert_string_equal(json_string_value(json_object_get(d1, "grade")), "一般");
	assert_near(num(d1, "satisfaction_rate"), 0.6); /* 90 90 90 50 50 */
	json_t *rr = json_object_get(d1, "rank_range");
	assert_int_equal(json_integer_value(json_array_get(rr, 0)), 1);
	assert_int_equal(json_integer_value(json_array_get(rr, 1)), 1);
	json_t *g0 = json_object_get(json_object_get(d1, "groups"), "g0");
	json_t *g1 = json_object_get(json_object_get(d1, "groups"), "g1");
	assert_near(num(g0, "score"), 90);
	assert_int_equal(json_integer_value(json_object_get(g0, "ballots")), 3);
	assert_true(json_is_false(json_object_get(g0, "hidden")));
	/* 2 ballots, under the anonymity threshold of 3: counted, eligible, score hidden */
	assert_true(json_is_null(json_object_get(g1, "score")));
	assert_true(json_is_true(json_object_get(g1, "hidden")));
	assert_true(json_is_true(json_object_get(g1, "eligible")));
	assert_int_equal(json_integer_value(json_object_get(g1, "ballots")), 2);

	json_t *d2 = json_array_get(units, 1);
	assert_true(json_is_null(json_object_get(d2, "efficiency")));
	assert_true(json_is_true(json_object_get(d2, "worst")));
	assert_true(json_is_true(json_object_get(d2, "incomplete")));
	assert_near(num(d2, "p_last"), 1);
	assert_true(json_is_false(json_object_get(d2, "needs_review")));
	assert_near(num(d2, "deduction"), 20);

	json_t *t1 = json_array_get(units, 2);
	assert_string_equal(json_string_value(json_object_get(t1, "name")), "东城镇,新区");
	assert_true(json_is_null(json_object_get(t1, "rank")));
	assert_true(json_is_null(json_object_get(t1, "grade")));
	assert_true(json_is_null(json_object_get(t1, "total")));
	assert_true(json_is_null(json_object_get(t1, "p_last")));
	assert_true(json_is_null(json_object_get(t1, "rank_range")));
	assert_true(json_is_null(json_object_get(t1, "satisfaction_rate")));
	assert_near(num(t1, "survey_adjust"), 0);

	/* numbers print as the CSV shows them */
	char *s = json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(15));
	assert_non_null(strstr(s, "\"total\":71.0,"));
	free(s);
	json_decref(j);
	eval_ranking_free(&r);

	/* a closed round is final */
	RFX_RUN(f, "UPDATE rounds SET state = 'closed'", "");
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_false(r.provisional);
	j = eval_ranking_json(&r);
	assert_true(json_is_false(json_object_get(j, "provisional")));
	json_decref(j);
	eval_ranking_free(&r);
}

static void test_scorecard(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	fill(f, 100);
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	json_t *j = eval_scorecard_json(&r, rfx_row(&r, "D1"));
	json_t *u = json_object_get(j, "unit");
	assert_string_equal(json_string_value(json_object_get(u, "unit")), "D1");
	json_t *comp = json_object_get(u, "components");
	assert_near(num(comp, "process"), 80);
	assert_near(num(comp, "democratic"), 74);
	assert_near(num(comp, "self"), 70);
	assert_near(num(comp, "efficiency"), 60);
	assert_near(num(u, "satisfaction"), 70);
	assert_true(json_is_false(json_object_get(u, "no_excellent")));
	json_t *groups = json_object_get(u, "groups");
	assert_int_equal(json_array_size(groups), 2);
	json_t *g0 = json_array_get(groups, 0), *g1 = json_array_get(groups, 1);
	assert_string_equal(json_string_value(json_object_get(g0, "code")), "g0");
	assert_string_equal(json_string_value(json_object_get(g0, "name")), "甲组");
	assert_near(num(g0, "score"), 90);
	json_t *ind = json_array_get(json_object_get(g0, "indicators"), 0);
	assert_string_equal(json_string_value(json_object_get(ind, "code")), "a");
	assert_near(num(ind, "mean"), 90);
	assert_int_equal(json_integer_value(json_object_get(ind, "ratings")), 3);
	/* hidden below the threshold: the group's score and its indicator means */
	assert_true(json_is_true(json_object_get(g1, "hidden")));
	assert_true(json_is_null(json_object_get(g1, "score")));
	ind = json_array_get(json_object_get(g1, "indicators"), 0);
	assert_true(json_is_null(json_object_get(ind, "mean")));
	assert_true(json_is_null(json_object_get(ind, "ratings")));
	assert_int_equal(json_integer_value(json_object_get(g1, "ballots")), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "anonymity_threshold")), 3);
	json_decref(j);

	j = eval_scorecard_json(&r, rfx_row(&r, "D2"));
	u = json_object_get(j, "unit");
	assert_near(num(u, "deduction_points"), 25);
	assert_near(num(u, "deduction"), 20);
	assert_true(json_is_null(json_object_get(json_object_get(u, "components"), "democratic")));
	json_decref(j);
	assert_null(eval_ranking_find(&r, "ZZ"));
	eval_ranking_free(&r);
}

static void test_xlsx(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	char path[300];
	fill(f, 10);
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	snprintf(path, sizeof path, "%s.xlsx", f->path);
	RFX_OK(f, eval_ranking_xlsx(&r, path, &f->err));
	FILE *x = fopen(path, "rb");
	assert_non_null(x);
	char magic[2];
	assert_int_equal(fread(magic, 1, 2, x), 2);
	fclose(x);
	assert_memory_equal(magic, "PK", 2); /* a zip container */
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_true(st.st_size > 2000);
	unlink(path);
	zf_err_clear(&f->err);
	assert_int_equal(eval_ranking_xlsx(&r, "/nonexistent-dir/r.xlsx", &f->err), ZF_EIO);
	assert_non_null(strstr(f->err.msg, "/nonexistent-dir/r.xlsx"));
	eval_ranking_free(&r);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rfx_setup, rfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_csv),  T(test_csv_without_bootstrap), T(test_json), T(test_scorecard),
	    T(test_xlsx),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
