/* test_educate_rules.c: target rules: each kind of rule, combinations, the boundaries of
 * E1's post-80s cohort, the rank order, and errors naming the JSON path. */
#include "edutest.h"
#include "educate/educate_impl.h"

/* The codes of the targets of a rule (JSON text) as "P001,P002", into out. */
static void targets_of(struct fx *f, const char *rule, char *out, size_t n)
{
	static int seq;
	char code[32];
	snprintf(code, sizeof code, "R%d", ++seq);
	fx_programme(f, code, "party_school", rule, 8, 0);
	json_t *arr = NULL, *it;
	int total = -1;
	FX_OK(f,
	      educate_programme_targets(f->s, code, NULL, 0, false, 0, 0, &arr, &total, &f->err));
	assert_int_equal(total, (int)json_array_size(arr));
	out[0] = '\0';
	size_t i;
	json_array_foreach(arr, i, it)
	{
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s", i ? "," : "",
			 json_string_value(json_object_get(it, "code")));
	}
	json_decref(arr);
}

#define ASSERT_TARGETS(f, rule, want)                                                              \
	do {                                                                                       \
		char got_[256];                                                                    \
		targets_of(f, rule, got_, sizeof got_);                                            \
		assert_string_equal(got_, want);                                                   \
	} while (0)

static void test_empty_rule_is_everyone(void **state)
{
	ASSERT_TARGETS(*state, "{}", "P001,P002,P003,P004,P005,P006,P007");
}

static void test_born_boundaries(void **state)
{
	/* 1980-01-01 and 1989-12-31 are in; 1979-12-31 and 1990-01-01 are out */
	ASSERT_TARGETS(*state, "{\"born_from\":\"1980-01-01\",\"born_to\":\"1989-12-31\"}",
		       "P001,P002,P005,P006");
}

static void test_rank_order(void **state)
{
	struct fx *f = *state;
	assert_int_equal(educate_rank_level("一般干部"), 0);
	assert_int_equal(educate_rank_level("副科"), 1);
	assert_int_equal(educate_rank_level("正科级"), 2);
	assert_int_equal(educate_rank_level("副处"), 3);
	assert_int_equal(educate_rank_level("正处"), 4);
	assert_int_equal(educate_rank_level("村干部"), -1);
	/* 副科 and above: never the village cadre, never 一般干部 */
	ASSERT_TARGETS(f, "{\"rank_min\":\"副科\"}", "P001,P003,P004,P006");
	ASSERT_TARGETS(f, "{\"rank_min\":\"副科级\",\"rank_max\":\"正科\"}", "P001,P003");
	ASSERT_TARGETS(f, "{\"rank_max\":\"一般干部\"}", "P002,P007");
	ASSERT_TARGETS(f, "{\"ranks\":[\"村干部\",\"正处\"]}", "P005,P006");
}

static void test_village_agency_kinds(void **state)
{
	struct fx *f = *state;
	ASSERT_TARGETS(f, "{\"village\":true}", "P005");
	ASSERT_TARGETS(f, "{\"village\":false,\"unit_kinds\":[\"township\"]}",
		       "P001,P002,P003,P004");
	ASSERT_TARGETS(f, "{\"agency\":true}", "P006,P007");
	ASSERT_TARGETS(f, "{\"categories\":[\"TOWN\"]}", "P001,P002,P003,P004,P005");
}

static void test_newly_appointed(void **state)
{
	/* as of 2026-06-15, six months back is 2025-12-15: P001 (2026-01-10) is in, P006
	 * (2025-12-14) is one day out, P003 (2020) long out */
	ASSERT_TARGETS(*state, "{\"appointed_within_months\":6}", "P001");
	ASSERT_TARGETS(*state, "{\"appointed_within_months\":7}", "P001,P006");
}

static void test_months_back(void **state)
{
	(void)state;
	char out[11];
	edu_date_minus_months("2026-03-31", 1, out);
	assert_string_equal(out, "2026-02-28");
	edu_date_minus_months("2024-03-31", 1, out);
	assert_string_equal(out, "2024-02-29");
	edu_date_minus_months("2026-01-15", 13, out);
	assert_string_equal(out, "2024-12-15");
	edu_date_minus_months("2026-06-15", 6, out);
	assert_string_equal(out, "2025-12-15");
	edu_date_minus_months("0000-01-01", 1, out);
	assert_string_equal(out, "0000-01-01");
}

static void test_combined_and(void **state)
{
	ASSERT_TARGETS(
	    *state, "{\"born_from\":\"1980-01-01\",\"born_to\":\"1989-12-31\",\"units\":[\"T01\"]}",
	    "P001,P002");
	ASSERT_TARGETS(
	    *state,
	    "{\"born_from\":\"1980-01-01\",\"born_to\":\"1989-12-31\",\"rank_min\":\"副科\"}",
	    "P001,P006");
	ASSERT_TARGETS(*state, "{\"agency\":true,\"rank_min\":\"正处\",\"families\":true}", "P006");
}

static void test_targets_scoped_and_paged(void **state)
{
	struct fx *f = *state;
	fx_programme(f, "ALL", "meeting_study", "{}", 0, 4);
	json_t *arr = NULL;
	int total = 0;
	int64_t t01 = 0;
	bool active;
	FX_OK(f, org_unit_find(f->s, "T01", &t01, &active, &f->err));
	FX_OK(f, educate_programme_targets(f->s, "ALL", NULL, t01, false, 0, 2, &arr, &total,
					   &f->err));
	assert_int_equal(total, 4);
	assert_int_equal(json_array_size(arr), 2);
	int64_t last = json_integer_value(json_object_get(json_array_get(arr, 1), "id"));
	json_decref(arr);
	FX_OK(f, educate_programme_targets(f->s, "ALL", NULL, t01, false, last, 2, &arr, &total,
					   &f->err));
	assert_int_equal(json_array_size(arr), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 1), "code")),
			    "P004");
	json_decref(arr);
	FX_FAIL(f,
		educate_programme_targets(f->s, "NOPE", NULL, 0, false, 0, 0, &arr, NULL, &f->err),
		ZF_ENOTFOUND, NULL);
}

static void rule_error(struct fx *f, const char *rule, const char *field)
{
	json_t *r = json_loads(rule, JSON_DECODE_ANY, NULL), *out = NULL;
	assert_non_null(r);
	FX_FAIL(f, educate_rule_normalize(f->s, r, &out, &f->err), ZF_EINVAL, field);
	json_decref(r);
}

static void test_rule_errors_name_the_path(void **state)
{
	struct fx *f = *state;
	rule_error(f, "[1]", "rule");
	rule_error(f, "{\"born_from\":\"1980-02-30\"}", "rule.born_from");
	rule_error(f, "{\"born_from\":\"1990-01-01\",\"born_to\":\"1980-01-01\"}", "rule.born_to");
	rule_error(f, "{\"rank_min\":\"村干部\"}", "rule.rank_min");
	rule_error(f, "{\"rank_min\":\"正处\",\"rank_max\":\"副科\"}", "rule.rank_max");
	rule_error(f, "{\"ranks\":[\"副科\",\"部长\"]}", "rule.ranks[1]");
	rule_error(f, "{\"units\":[\"T01\",\"T99\"]}", "rule.units[1]");
	rule_error(f, "{\"categories\":[]}", "rule.categories");
	rule_error(f, "{\"unit_kinds\":[\"city\"]}", "rule.unit_kinds[0]");
	rule_error(f, "{\"appointed_within_months\":0}", "rule.appointed_within_months");
	rule_error(f, "{\"village\":\"yes\"}", "rule.village");
	rule_error(f, "{\"village\":true,\"rank_min\":\"副科\"}", "rule.village");
	rule_error(f, "{\"age\":40}", "rule.age");
	/* nothing was written by a failed create */
	json_t *r = json_loads("{\"units\":[\"T99\"]}", 0, NULL);
	struct educate_programme p = {
	    .code = "BAD", .name = "x", .kind = "party_school", .rule = r, .required_hours = 1};
	FX_FAIL(f, educate_programme_create(f->s, &f->who, &p, &f->err), ZF_EINVAL,
		"rule.units[0]");
	json_decref(r);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM programmes"), 0);
}

static void test_programme_errors_and_update(void **state)
{
	struct fx *f = *state;
	struct educate_programme p = {.code = "a b", .name = "x", .kind = "party_school"};
	FX_FAIL(f, educate_programme_create(f->s, &f->who, &p, &f->err), ZF_EINVAL, "code");
	p.code = "PS";
	p.kind = "karaoke";
	FX_FAIL(f, educate_programme_create(f->s, &f->who, &p, &f->err), ZF_EINVAL, "kind");
	p.kind = "reading";
	p.required_hours = 3;
	FX_FAIL(f, educate_programme_create(f->s, &f->who, &p, &f->err), ZF_EINVAL,
		"required_hours");
	p.kind = "party_school";
	p.period = "decade";
	FX_FAIL(f, educate_programme_create(f->s, &f->who, &p, &f->err), ZF_EINVAL, "period");
	p.period = NULL;
	int64_t audits = fx_int(f, "SELECT count(*) FROM audit_log");
	FX_OK(f, educate_programme_create(f->s, &f->who, &p, &f->err));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log"), audits + 1);
	FX_FAIL(f, educate_programme_create(f->s, &f->who, &p, &f->err), ZF_ECONFLICT, "code");
	json_t *rule = json_loads("{\"village\":true}", 0, NULL);
	struct educate_programme up = {.rule = rule, .required_hours = -1, .required_sessions = 2};
	FX_OK(f, educate_programme_update(f->s, &f->who, "PS", &up, &f->err));
	json_decref(rule);
	json_t *j = NULL;
	FX_OK(f, educate_programme_get(f->s, "PS", &j, &f->err));
	assert_true(json_is_true(json_object_get(json_object_get(j, "rule"), "village")));
	assert_int_equal(json_integer_value(json_object_get(j, "required_sessions")), 2);
	assert_true(json_number_value(json_object_get(j, "required_hours")) == 3.0);
	json_decref(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_empty_rule_is_everyone, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_born_boundaries, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rank_order, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_village_agency_kinds, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_newly_appointed, fx_setup, fx_teardown),
	    cmocka_unit_test(test_months_back),
	    cmocka_unit_test_setup_teardown(test_combined_and, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_targets_scoped_and_paged, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rule_errors_name_the_path, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_programme_errors_and_update, fx_setup,
					    fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
