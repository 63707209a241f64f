/* test_api_rank_results.c: a round's results over HTTP: the ranking as JSON and CSV and a
 * unit's scorecard; who sees them before and after publication (the office and the
 * inspector always, unit accounts and viewers once published, unit accounts only their own
 * scorecard), hidden groups, and errors. */
#include "apitest.h"
#include "eval/eval.h"

static struct api A;
static const char *PW = "Demo-pass1";
static struct client OFF, INS, LEAD, STAFF, VIEW, SUP;

static void run(const char *sql)
{
	struct zf_err err;
	if (store_exec(A.db, sql, &err) < 0)
		fail_msg("%s: %s", sql, err.msg);
}

/* Units T1 T2 (town) and D1 (dept); round R1 with D1 and T1 ballots (group g1 of T1
 * under the anonymity threshold), accounts of every role that reads. */
static int setup(void **state)
{
	struct zf_err err;
	struct actor who = test_actor("office1");
	(void)state;
	api_start(&A);
	run("INSERT INTO categories(code, name, kind) VALUES ('town', '乡镇', 'township'),"
	    " ('dept', '部门', 'dept');"
	    "INSERT INTO units(code, name, category_id) SELECT 'T1', '东城镇', id FROM categories"
	    " WHERE code = 'town';"
	    "INSERT INTO units(code, name, category_id) SELECT 'T2', '西城镇', id FROM categories"
	    " WHERE code = 'town';"
	    "INSERT INTO units(code, name, category_id) SELECT 'D1', '财政局', id FROM categories"
	    " WHERE code = 'dept';");
	json_t *cfg = json_loads("{\"code\":\"R1\",\"name\":\"测试\",\"trim_ratio\":0,"
				 "\"groups\":[{\"code\":\"g0\",\"weight\":60,\"min_ballots\":2},"
				 "{\"code\":\"g1\",\"weight\":40,\"min_ballots\":1}],"
				 "\"indicators\":{\"town\":[{\"code\":\"a\",\"weight\":1}],"
				 "\"dept\":[{\"code\":\"a\",\"weight\":1}]},"
				 "\"anonymity_threshold\":3,\"bootstrap\":{\"resamples\":20}}",
				 0, NULL);
	if (eval_round_create(A.db, &who, cfg, &err) < 0)
		fail_msg("round: %s", err.msg);
	json_decref(cfg);
	/* T1: g0 3 x 90, g1 1 x 40 (hidden); T2: g0 3 x 60; D1: g0 3 x 70 */
	const char *ballots[][3] = {{"T1", "0", "90"}, {"T1", "0", "90"}, {"T1", "0", "90"},
				    {"T1", "1", "40"}, {"T2", "0", "60"}, {"T2", "0", "60"},
				    {"T2", "0", "60"}, {"D1", "0", "70"}, {"D1", "0", "70"},
				    {"D1", "0", "70"}};
	for (size_t k = 0; k < sizeof ballots / sizeof ballots[0]; k++) {
		struct stmt *st = store_prepare(
		    A.db,
		    "INSERT INTO ballots(round_id, unit_id, grp, id, channel, day, ratings)"
		    " SELECT r.id, u.id, ?, ?, 'meeting', '2026-12-01', ? FROM rounds r, units u"
		    " WHERE r.code = 'R1' AND u.code = ?",
		    &err);
		uint8_t v = (uint8_t)atoi(ballots[k][2]);
		assert_non_null(st);
		stmt_bind_int(st, 1, atoi(ballots[k][1]));
		stmt_bind_int(st, 2, 1000 + (int64_t)k * 7);
		stmt_bind_blob(st, 3, &v, 1);
		stmt_bind_text(st, 4, ballots[k][0]);
		assert_int_equal(stmt_step(st, &err), STORE_DONE);
		stmt_reset(st);
	}
	api_user(&A, "off", "office", NULL, PW);
	api_user(&A, "ins", "inspector", NULL, PW);
	api_user(&A, "lead", "unit_leader", "T1", PW);
	api_user(&A, "staff", "unit_staff", "T1", PW);
	api_user(&A, "view", "viewer", NULL, PW);
	api_user(&A, "sup", "supervisor", "T1", PW);
	api_login(&A, &OFF, "off", PW);
	api_login(&A, &INS, "ins", PW);
	api_login(&A, &LEAD, "lead", PW);
	api_login(&A, &STAFF, "staff", PW);
	api_login(&A, &VIEW, "view", PW);
	api_login(&A, &SUP, "sup", PW);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	api_stop(&A);
	return 0;
}

static long get(struct client *c, const char *path, struct api_resp *r)
{
	api_call(&A, c, "GET", path, NULL, NULL, r);
	return r->status;
}

/* The status of GET path for c, the response freed. */
static long status(struct client *c, const char *path)
{
	struct api_resp r;
	long s = get(c, path, &r);
	api_resp_cleanup(&r);
	return s;
}

static void test_results_json(void **state)
{
	struct api_resp r;
	(void)state;
	run("UPDATE rounds SET state = 'draft'");
	assert_int_equal(get(&OFF, "/api/v1/rounds/R1/results", &r), 200);
	assert_non_null(r.json);
	assert_true(json_is_true(json_object_get(r.json, "provisional")));
	json_t *units = json_object_get(r.json, "units");
	assert_int_equal(json_array_size(units), 3);
	json_t *d1 = json_array_get(units, 0), *t1 = json_array_get(units, 1);
	assert_string_equal(json_string_value(json_object_get(d1, "unit")), "D1");
	assert_string_equal(json_string_value(json_object_get(t1, "unit")), "T1");
	/* T1: D = (60 x 90 + 40 x 40) / 100 = 70; numbers as the CSV shows them */
	assert_true(strstr(r.body, "\"democratic\":70.0,") != NULL);
	json_t *g1 = json_object_get(json_object_get(t1, "groups"), "g1");
	assert_true(json_is_null(json_object_get(g1, "score")));
	assert_true(json_is_true(json_object_get(g1, "hidden")));
	assert_int_equal(json_integer_value(json_object_get(g1, "ballots")), 1);
	api_resp_cleanup(&r);
}

static void test_results_csv(void **state)
{
	struct api_resp r;
	char ctype[128], disp[128];
	(void)state;
	assert_int_equal(get(&OFF, "/api/v1/rounds/R1/results?format=csv", &r), 200);
	api_header(&r, "Content-Type", ctype, sizeof ctype);
	api_header(&r, "Content-Disposition", disp, sizeof disp);
	assert_non_null(strstr(ctype, "text/csv"));
	assert_non_null(strstr(disp, "rank-R1.csv"));
	assert_memory_equal(r.body,
			    "\xEF\xBB\xBF"
			    "category,rank,unit,name,",
			    27);
	assert_non_null(strstr(r.body, "\ntown,1,T1,东城镇,"));
	api_resp_cleanup(&r);
	assert_int_equal(status(&OFF, "/api/v1/rounds/R1/results?format=xml"), 400);
	assert_int_equal(status(&OFF, "/api/v1/rounds/NOPE/results"), 404);
}

static void test_who_sees_results(void **state)
{
	(void)state;
	const char *res = "/api/v1/rounds/R1/results";
	const char *own = "/api/v1/rounds/R1/units/T1/scorecard";
	const char *other = "/api/v1/rounds/R1/units/T2/scorecard";
	const char *states[] = {"draft", "open", "closed"};
	for (int k = 0; k < 3; k++) {
		char sql[96];
		snprintf(sql, sizeof sql, "UPDATE rounds SET state = '%s'", states[k]);
		run(sql);
		assert_int_equal(status(&OFF, res), 200);
		assert_int_equal(status(&INS, res), 200);
		assert_int_equal(status(&OFF, other), 200);
		assert_int_equal(status(&LEAD, res), 403);
		assert_int_equal(status(&STAFF, res), 403);
		assert_int_equal(status(&VIEW, res), 403);
		assert_int_equal(status(&LEAD, own), 403);
		assert_int_equal(status(&VIEW, own), 403);
	}
	run("UPDATE rounds SET state = 'published'");
	assert_int_equal(status(&LEAD, res), 200);
	assert_int_equal(status(&STAFF, res), 200);
	assert_int_equal(status(&VIEW, res), 200);
	assert_int_equal(status(&LEAD, own), 200);
	assert_int_equal(status(&STAFF, own), 200);
	assert_int_equal(status(&LEAD, other), 403);
	assert_int_equal(status(&STAFF, other), 403);
	assert_int_equal(status(&VIEW, other), 200);
	assert_int_equal(status(&SUP, res), 403); /* a supervisor's role does not read results */
	assert_int_equal(status(&SUP, own), 403);
	/* the whole ranking, not only the unit's own row */
	struct api_resp r;
	assert_int_equal(get(&LEAD, res, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "units")), 3);
	assert_true(json_is_false(json_object_get(r.json, "provisional")));
	api_resp_cleanup(&r);
	run("UPDATE rounds SET state = 'draft'");
}

static void test_scorecard(void **state)
{
	struct api_resp r;
	(void)state;
	assert_int_equal(get(&OFF, "/api/v1/rounds/R1/units/T1/scorecard", &r), 200);
	json_t *u = json_object_get(r.json, "unit");
	assert_string_equal(json_string_value(json_object_get(u, "unit")), "T1");
	json_t *groups = json_object_get(u, "groups");
	json_t *g0 = json_array_get(groups, 0), *g1 = json_array_get(groups, 1);
	assert_true(json_is_false(json_object_get(g0, "hidden")));
	assert_true(json_number_value(json_object_get(g0, "score")) == 90);
	assert_true(json_is_true(json_object_get(g1, "hidden")));
	assert_true(json_is_null(json_object_get(g1, "score")));
	assert_true(json_is_true(json_object_get(g1, "eligible")));
	api_resp_cleanup(&r);
	assert_int_equal(status(&OFF, "/api/v1/rounds/R1/units/ZZ/scorecard"), 404);
	assert_int_equal(status(&OFF, "/api/v1/rounds/NOPE/units/T1/scorecard"), 404);
}

/* A closed round's ranking is kept between requests, and still follows every change. */
static void test_kept_ranking_follows_changes(void **state)
{
	struct api_resp r;
	(void)state;
	run("UPDATE rounds SET state = 'closed', updated_at = 'c1'");
	assert_int_equal(get(&OFF, "/api/v1/rounds/R1/results?format=csv", &r), 200);
	assert_non_null(strstr(r.body, "\ntown,1,T1,东城镇,"));
	api_resp_cleanup(&r);
	assert_int_equal(get(&OFF, "/api/v1/rounds/R1/results?format=csv", &r), 200);
	assert_non_null(strstr(r.body, "\ntown,1,T1,东城镇,"));
	api_resp_cleanup(&r);
	/* a rename is written (and audited): the next answer shows it */
	api_call(&A, &OFF, "PATCH", "/api/v1/units/T1", "{\"name\":\"东城街道\"}", NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
	assert_int_equal(get(&OFF, "/api/v1/rounds/R1/results?format=csv", &r), 200);
	assert_non_null(strstr(r.body, "\ntown,1,T1,东城街道,"));
	api_resp_cleanup(&r);
	/* publishing changes the state the JSON reports */
	run("UPDATE rounds SET state = 'published', updated_at = 'p1'");
	assert_int_equal(get(&OFF, "/api/v1/rounds/R1/results", &r), 200);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "round"), "state")),
	    "published");
	api_resp_cleanup(&r);
	run("UPDATE rounds SET state = 'draft'");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_results_json),
	    cmocka_unit_test(test_results_csv),
	    cmocka_unit_test(test_who_sees_results),
	    cmocka_unit_test(test_scorecard),
	    cmocka_unit_test(test_kept_ranking_follows_changes),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
