/* test_eval_config.c: a round's configuration (SCORING.md section 1): defaults, key-by-key
 * merging of partial objects, every validation rule with the field named as a JSON path,
 * the normalized JSON, and the value of a rating cell (eval_config_rating). */
#include "testutil.h"
#include "base/util.h"
#include "eval/eval.h"

#include <math.h>

/* A smallest valid configuration: the code and one indicator list. */
#define MINIMAL "{\"code\":\"R\",\"indicators\":{\"township\":[{\"code\":\"a\",\"weight\":1}]}}"

static json_t *load(const char *text)
{
	json_error_t je;
	json_t *j = json_loads(text, JSON_REJECT_DUPLICATES, &je);
	if (!j)
		fail_msg("bad test JSON: %s: %s", je.text, text);
	return j;
}

/* Parses text expecting success; the caller cleans up c. */
static void parse_ok(const char *text, struct eval_config *c)
{
	struct zf_err err;
	json_t *j = load(text);
	zf_err_clear(&err);
	int rc = eval_config_parse(j, c, &err);
	json_decref(j);
	if (rc != 0)
		fail_msg("%s: %s: %s", text, err.field, err.msg);
}

/* Parses text expecting ZF_EINVAL on field, with a message holding msg_part. */
static void parse_bad(const char *text, const char *field, const char *msg_part)
{
	struct eval_config c;
	struct zf_err err;
	json_t *j = load(text);
	memset(&c, 0x5a, sizeof c); /* must stay untouched */
	zf_err_clear(&err);
	int rc = eval_config_parse(j, &c, &err);
	json_decref(j);
	if (rc != ZF_EINVAL)
		fail_msg("%s: accepted, want an error on %s", text, field);
	assert_int_equal(err.code, ZF_EINVAL);
	if (strcmp(err.field, field))
		fail_msg("%s: field '%s' (%s), want '%s'", text, err.field, err.msg, field);
	if (!strstr(err.msg, msg_part))
		fail_msg("%s: message '%s' lacks '%s'", text, err.msg, msg_part);
	assert_int_equal(((unsigned char *)&c)[0], 0x5a);
}

/* MINIMAL with `extra` (a JSON member list, no leading comma) added at the top level. */
static void with(char *out, size_t n, const char *extra)
{
	snprintf(
	    out, n,
	    "{\"code\":\"R\",\"indicators\":{\"township\":[{\"code\":\"a\",\"weight\":1}]},%s}",
	    extra);
}

static void test_defaults(void **state)
{
	struct eval_config c;
	parse_ok(MINIMAL, &c);
	assert_string_equal(c.code, "R");
	assert_string_equal(c.name, "R"); /* the name defaults to the code */
	double comp[] = {30, 50, 10, 10}, per[] = {10, 30, 30, 30};
	for (int k = 0; k < SC_NCOMP; k++)
		assert_true(c.comp[k] == comp[k]);
	for (int k = 0; k < SP_NPERIODS; k++)
		assert_true(c.period[k] == per[k]);
	assert_true(c.trim_ratio == 0.1);
	assert_true(c.survey_factor == 0.2 && c.survey_cap == 5);
	assert_true(c.deduction_cap == 20);
	assert_true(c.excellent_ratio == 0.2 && c.good_min == 80 && c.poor_below == 60);
	assert_int_equal(c.nlabels, 4);
	int v = -1;
	assert_int_equal(eval_config_rating(&c, "比较满意", &v), 0);
	assert_int_equal(v, 80);
	assert_int_equal(eval_config_rating(&c, "不满意", &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(c.ngroups, 7);
	static const char *codes[] = {"cadre",	 "deputy", "retired", "business",
				      "foreign", "public", "mutual"};
	static const double weights[] = {20, 15, 10, 10, 5, 25, 15};
	static const int mins[] = {5, 5, 5, 5, 3, 10, 3};
	for (int g = 0; g < 7; g++) {
		assert_string_equal(c.groups[g].code, codes[g]);
		assert_true(c.groups[g].weight == weights[g]);
		assert_int_equal(c.groups[g].min_ballots, mins[g]);
		assert_int_equal(c.groups[g].mutual, g == 6);
	}
	assert_string_equal(c.groups[5].name, "普通群众");
	assert_int_equal(c.ncats, 1);
	assert_string_equal(c.cats[0].category, "township");
	assert_int_equal(c.cats[0].nind, 1);
	assert_string_equal(c.cats[0].ind[0].name, "a"); /* the name defaults to the code */
	assert_int_equal(c.anonymity_threshold, 5);
	assert_int_equal(c.bootstrap_resamples, 1000);
	assert_true(c.bootstrap_seed == 20260101);
	eval_config_cleanup(&c);
	eval_config_cleanup(&c); /* a cleaned configuration may be cleaned again */
}

static void test_partial_objects_merge(void **state)
{
	struct eval_config c;
	char t[1024];
	with(t, sizeof t,
	     "\"grades\":{\"good_min\":85},\"components\":{\"process\":40},"
	     "\"survey\":{\"cap\":3},\"process_periods\":{\"annual\":50},"
	     "\"bootstrap\":{\"seed\":7}");
	parse_ok(t, &c);
	assert_true(c.good_min == 85);
	assert_true(c.excellent_ratio == 0.2 && c.poor_below == 60);
	assert_true(c.comp[SC_PROCESS] == 40 && c.comp[SC_DEMOCRATIC] == 50);
	assert_true(c.comp[SC_SELF] == 10 && c.comp[SC_EFFICIENCY] == 10);
	assert_true(c.survey_cap == 3 && c.survey_factor == 0.2);
	assert_true(c.period[SP_ANNUAL] == 50 && c.period[SP_DAILY] == 10);
	assert_true(c.bootstrap_seed == 7 && c.bootstrap_resamples == 1000);
	eval_config_cleanup(&c);

	/* labels, an object, merge key by key with the defaults: the round's own first, then
	 * the defaults it does not name; groups, a list, replace the defaults as a whole */
	with(t, sizeof t,
	     "\"rating_labels\":{\"好\":90,\" 满意 "
	     "\":95},\"groups\":[{\"code\":\"g\",\"weight\":1}]");
	parse_ok(t, &c);
	assert_int_equal(c.nlabels, 5);
	static const char *const want[] = {"好", "满意", "比较满意", "基本满意", "不满意"};
	static const int values[] = {90, 95, 80, 60, 0};
	for (int i = 0; i < 5; i++) {
		assert_string_equal(c.labels[i].text, want[i]);
		assert_int_equal(c.labels[i].value, values[i]);
	}
	assert_int_equal(c.ngroups, 1);
	assert_string_equal(c.groups[0].name, "g");
	assert_int_equal(c.groups[0].min_ballots, 5); /* min_ballots defaults to 5 */
	assert_false(c.groups[0].mutual);
	eval_config_cleanup(&c);
}

static void test_unknown_keys(void **state)
{
	char t[1024];
	with(t, sizeof t, "\"foo\":1");
	parse_bad(t, "foo", "unknown key 'foo'");
	with(t, sizeof t, "\"components\":{\"process\":30,\"bonus\":5}");
	parse_bad(t, "components.bonus", "unknown key");
	with(t, sizeof t, "\"process_periods\":{\"weekly\":5}");
	parse_bad(t, "process_periods.weekly", "unknown key");
	with(t, sizeof t, "\"survey\":{\"factor\":0.2,\"floor\":1}");
	parse_bad(t, "survey.floor", "unknown key");
	with(t, sizeof t, "\"grades\":{\"fair_min\":70}");
	parse_bad(t, "grades.fair_min", "unknown key");
	with(t, sizeof t, "\"bootstrap\":{\"rounds\":5}");
	parse_bad(t, "bootstrap.rounds", "unknown key");
	with(t, sizeof t,
	     "\"groups\":[{\"code\":\"a\",\"weight\":1},{\"code\":\"b\",\"weight\":1,\"x\":1}]");
	parse_bad(t, "groups[1].x", "unknown key 'x'");
	parse_bad("{\"code\":\"R\",\"indicators\":{\"dept\":[{\"code\":\"a\",\"weight\":1,"
		  "\"note\":\"\"}]}}",
		  "indicators.dept[0].note", "unknown key");
}

static void test_weights_must_be_positive(void **state)
{
	char t[1024];
	with(t, sizeof t, "\"components\":{\"self\":0}");
	parse_bad(t, "components.self", "a weight must be greater than 0");
	with(t, sizeof t, "\"components\":{\"democratic\":-5}");
	parse_bad(t, "components.democratic", "greater than 0");
	with(t, sizeof t, "\"process_periods\":{\"daily\":0}");
	parse_bad(t, "process_periods.daily", "greater than 0");
	with(t, sizeof t,
	     "\"groups\":[{\"code\":\"a\",\"weight\":1},{\"code\":\"b\",\"weight\":1},"
	     "{\"code\":\"c\",\"weight\":0}]");
	parse_bad(t, "groups[2].weight", "a weight must be greater than 0");
	with(t, sizeof t, "\"groups\":[{\"code\":\"a\",\"weight\":-1}]");
	parse_bad(t, "groups[0].weight", "greater than 0");
	with(t, sizeof t, "\"groups\":[{\"code\":\"a\"}]");
	parse_bad(t, "groups[0].weight", "weight is required");
	with(t, sizeof t, "\"groups\":[{\"code\":\"a\",\"weight\":\"10\"}]");
	parse_bad(t, "groups[0].weight", "must be a number");
	parse_bad("{\"code\":\"R\",\"indicators\":{\"t\":[{\"code\":\"a\",\"weight\":1}],"
		  "\"d\":[{\"code\":\"a\",\"weight\":2},{\"code\":\"b\",\"weight\":0}]}}",
		  "indicators.d[1].weight", "greater than 0");
	parse_bad("{\"code\":\"R\",\"indicators\":{\"t\":[{\"code\":\"a\",\"weight\":-0.5}]}}",
		  "indicators.t[0].weight", "greater than 0");
	parse_bad("{\"code\":\"R\",\"indicators\":{\"t\":[{\"code\":\"a\"}]}}",
		  "indicators.t[0].weight", "weight is required");

	/* weights need not sum to 100, and may be fractions */
	struct eval_config c;
	with(t, sizeof t, "\"components\":{\"process\":0.5,\"democratic\":7}");
	parse_ok(t, &c);
	assert_true(c.comp[SC_PROCESS] == 0.5);
	eval_config_cleanup(&c);
}

static void test_trim_ratio(void **state)
{
	struct eval_config c;
	char t[512];
	with(t, sizeof t, "\"trim_ratio\":-0.1");
	parse_bad(t, "trim_ratio", "[0, 0.5)");
	with(t, sizeof t, "\"trim_ratio\":0.5");
	parse_bad(t, "trim_ratio", "[0, 0.5)");
	with(t, sizeof t, "\"trim_ratio\":\"0.1\"");
	parse_bad(t, "trim_ratio", "must be a number");
	with(t, sizeof t, "\"trim_ratio\":0");
	parse_ok(t, &c);
	assert_true(c.trim_ratio == 0);
	eval_config_cleanup(&c);
	with(t, sizeof t, "\"trim_ratio\":0.49");
	parse_ok(t, &c);
	assert_true(c.trim_ratio == 0.49);
	eval_config_cleanup(&c);
}

static void test_label_values(void **state)
{
	struct eval_config c;
	char t[512];
	with(t, sizeof t, "\"rating_labels\":{\"满意\":100.5}");
	parse_bad(t, "rating_labels.满意", "must be a whole number 0-100");
	with(t, sizeof t, "\"rating_labels\":{\"满意\":100,\"很差\":-1}");
	parse_bad(t, "rating_labels.很差", "whole number 0-100");
	with(t, sizeof t, "\"rating_labels\":{\"满意\":\"x\"}");
	parse_bad(t, "rating_labels.满意", "whole number 0-100");
	with(t, sizeof t, "\"rating_labels\":{\"满意\":101}");
	parse_bad(t, "rating_labels.满意", "whole number 0-100");
	with(t, sizeof t, "\"rating_labels\":{\"满意\":null}");
	parse_bad(t, "rating_labels.满意", "whole number 0-100");
	with(t, sizeof t, "\"rating_labels\":{\" \":50}");
	parse_bad(t, "rating_labels", "may not be empty");
	with(t, sizeof t, "\"rating_labels\":[\"满意\"]");
	parse_bad(t, "rating_labels", "must be an object");

	/* 0, 100 and a whole number written with a point are whole numbers */
	with(t, sizeof t, "\"rating_labels\":{\"好\":100,\"中\":60.0,\"差\":0}");
	parse_ok(t, &c);
	int v = -1;
	assert_int_equal(eval_config_rating(&c, "中", &v), 0);
	assert_int_equal(v, 60);
	assert_int_equal(eval_config_rating(&c, "满意", &v), 0); /* the defaults stay */
	assert_int_equal(v, 100);
	eval_config_cleanup(&c);

	/* a label given twice (the same after trimming) */
	with(t, sizeof t, "\"rating_labels\":{\"好\":100,\" 好\":90}");
	parse_bad(t, "rating_labels. 好", "label '好' is given twice");
}

static void test_codes_used_twice(void **state)
{
	struct eval_config c;
	char t[1024];
	with(t, sizeof t,
	     "\"groups\":[{\"code\":\"a\",\"weight\":1},{\"code\":\"b\",\"weight\":1},"
	     "{\"code\":\"a\",\"weight\":2}]");
	parse_bad(t, "groups[2].code", "the group code 'a' is used twice");
	parse_bad("{\"code\":\"R\",\"indicators\":{\"t\":[{\"code\":\"x\",\"weight\":1},"
		  "{\"code\":\"y\",\"weight\":1},{\"code\":\"x\",\"weight\":1}]}}",
		  "indicators.t[2].code", "the indicator code 'x' is used twice");
	/* the same code in two categories' lists is one indicator rated in both */
	parse_ok("{\"code\":\"R\",\"indicators\":{\"t\":[{\"code\":\"x\",\"weight\":1}],"
		 "\"d\":[{\"code\":\"x\",\"weight\":3},{\"code\":\"z\",\"weight\":1}]}}",
		 &c);
	assert_int_equal(c.ncats, 2);
	assert_int_equal(eval_config_catlist(&c, "d"), 1);
	assert_int_equal(eval_config_catlist(&c, "nope"), -1);
	assert_int_equal(eval_config_indicator(&c.cats[1], "z"), 1);
	assert_int_equal(eval_config_indicator(&c.cats[0], "z"), -1);
	assert_int_equal(eval_config_group(&c, "mutual"), 6);
	assert_int_equal(eval_config_group(&c, "nope"), -1);
	eval_config_cleanup(&c);
}

static void test_structure_errors(void **state)
{
	char t[512];
	parse_bad("[1]", "body", "must be a JSON object");
	parse_bad("{\"indicators\":{\"t\":[{\"code\":\"a\",\"weight\":1}]}}", "code", "required");
	parse_bad("{\"code\":\"a b\",\"indicators\":{\"t\":[{\"code\":\"a\",\"weight\":1}]}}",
		  "code", "no spaces");
	parse_bad("{\"code\":\"R\"}", "indicators", "required");
	parse_bad("{\"code\":\"R\",\"indicators\":{}}", "indicators", "category lists");
	parse_bad("{\"code\":\"R\",\"indicators\":{\"t\":[]}}", "indicators.t", "non-empty array");
	parse_bad("{\"code\":\"R\",\"indicators\":{\"t\":[{\"weight\":1}]}}",
		  "indicators.t[0].code", "required");
	with(t, sizeof t, "\"groups\":[]");
	parse_bad(t, "groups", "non-empty array");
	with(t, sizeof t, "\"groups\":[{\"code\":\"a\",\"weight\":1,\"mutual\":1}]");
	parse_bad(t, "groups[0].mutual", "true or false");
	with(t, sizeof t, "\"groups\":[{\"code\":\"a\",\"weight\":1,\"min_ballots\":2.5}]");
	parse_bad(t, "groups[0].min_ballots", "whole number");
	with(t, sizeof t, "\"components\":[30]");
	parse_bad(t, "components", "must be an object");
	with(t, sizeof t, "\"grades\":{\"excellent_ratio\":1.5}");
	parse_bad(t, "grades.excellent_ratio", "[0, 1]");
	with(t, sizeof t, "\"deduction_cap\":-1");
	parse_bad(t, "deduction_cap", ">= 0");
	with(t, sizeof t, "\"survey\":{\"cap\":-1}");
	parse_bad(t, "survey.cap", ">= 0");
	with(t, sizeof t, "\"anonymity_threshold\":0");
	parse_bad(t, "anonymity_threshold", "1-1000");
}

/* The normalized JSON parses back to the same configuration. */
static void test_normalized_json_round_trips(void **state)
{
	char path[512];
	size_t len;
	struct eval_config c, c2;
	struct zf_err err;
	json_error_t je;
	snprintf(path, sizeof path, "%s/tests/cli/data/eval/example/round.json", ZF_SOURCE_DIR);
	char *text = file_read_all(path, &len);
	assert_non_null(text);
	json_t *j = json_loads(text, 0, &je);
	free(text);
	assert_non_null(j);
	zf_err_clear(&err);
	assert_int_equal(eval_config_parse(j, &c, &err), 0);
	json_decref(j);
	assert_string_equal(c.code, "H3");
	assert_int_equal(c.ngroups, 7);
	assert_int_equal(c.ncats, 2);
	assert_int_equal(c.cats[eval_config_catlist(&c, "dept")].nind, 9);
	assert_true(c.survey_factor == 0.25 && c.survey_cap == 4);
	assert_int_equal(c.nlabels, 4); /* not given: the defaults */

	json_t *n1 = eval_config_json(&c);
	assert_int_equal(eval_config_parse(n1, &c2, &err), 0);
	json_t *n2 = eval_config_json(&c2);
	assert_true(json_equal(n1, n2));
	json_decref(n1);
	json_decref(n2);
	eval_config_cleanup(&c);
	eval_config_cleanup(&c2);
}

static void test_rating_cells(void **state)
{
	struct eval_config c;
	int v;
	parse_ok(MINIMAL, &c);
	static const struct {
		const char *cell;
		int rc, value;
	} cases[] = {
	    {"0", 0, 0},       {"100", 0, 100},	     {"85", 0, 85},    {" 85 ", 0, 85},
	    {"\t7", 0, 7},     {"085", 0, 85},	     {"满意", 0, 100}, {" 基本满意 ", 0, 60},
	    {"不满意", 0, 0},  {"", 1, 0},	     {"   ", 1, 0},    {"101", -1, 0},
	    {"-1", -1, 0},     {"85.5", -1, 0},	     {"85.0", -1, 0},  {"1e2", -1, 0},
	    {"+5", -1, 0},     {"abc", -1, 0},	     {"0100", -1, 0},  {"满 意", -1, 0},
	    {"满意 ", 0, 100}, {"Satisfied", -1, 0}, {"8 5", -1, 0},   {"NaN", -1, 0},
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		v = -7;
		int rc = eval_config_rating(&c, cases[i].cell, &v);
		if (rc != cases[i].rc)
			fail_msg("'%s': %d, want %d", cases[i].cell, rc, cases[i].rc);
		if (rc == 0 && v != cases[i].value)
			fail_msg("'%s': %d, want %d", cases[i].cell, v, cases[i].value);
		if (rc != 0)
			assert_int_equal(v, -7); /* untouched */
	}
	assert_int_equal(eval_config_rating(&c, NULL, &v), 1);
	eval_config_cleanup(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_defaults),
	    cmocka_unit_test(test_partial_objects_merge),
	    cmocka_unit_test(test_unknown_keys),
	    cmocka_unit_test(test_weights_must_be_positive),
	    cmocka_unit_test(test_trim_ratio),
	    cmocka_unit_test(test_label_values),
	    cmocka_unit_test(test_codes_used_twice),
	    cmocka_unit_test(test_structure_errors),
	    cmocka_unit_test(test_normalized_json_round_trips),
	    cmocka_unit_test(test_rating_cells),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
