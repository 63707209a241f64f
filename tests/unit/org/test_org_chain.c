/* test_org_chain.c: the responsibility chain (R1, R2): main leader, area leaders (一岗双责)
 * or the whole team, overseeing leaders of the unit and of the area, then up the tree;
 * each person once, inactive records skipped, a cycle in the tree ended. */
#include "orgtest.h"

/*
 * The district used by every test:
 *   D  区委 (root)      main DL; DV oversees the whole of D
 *   T1 东城镇 under D   main M1; deputy A1 (安全生产、环保); member A2 (教育)
 *   V  村 under T1      main VM
 *   T2 西城镇 under D   no main leader; deputy B1 (安全生产)
 *   oversight: O1 oversees T1; O2 oversees 安全生产 everywhere; O3 oversees 教育 in T1
 */
static int district_setup(void **state)
{
	fx_setup(state);
	struct fx *f = *state;
	fx_category(f, "district", "other");
	fx_category(f, "towns", "township");
	fx_unit(f, "D", "district", NULL);
	fx_unit(f, "T1", "towns", "D");
	fx_unit(f, "V", "towns", "T1");
	fx_unit(f, "T2", "towns", "D");
	const char *people[][2] = {{"DL", "D"}, {"DV", "D"},  {"O1", "D"},  {"O2", "D"},
				   {"O3", "D"}, {"M1", "T1"}, {"A1", "T1"}, {"A2", "T1"},
				   {"VM", "V"}, {"B1", "T2"}};
	for (size_t i = 0; i < ARRAY_LEN(people); i++)
		fx_person(f, people[i][0], people[i][1]);
	fx_member(f, "D", "DL", "main", "");
	fx_member(f, "T1", "M1", "main", "");
	fx_member(f, "T1", "A1", "deputy", "安全生产、环保");
	fx_member(f, "T1", "A2", "member", "教育");
	fx_member(f, "V", "VM", "main", "");
	fx_member(f, "T2", "B1", "deputy", "安全生产");
	fx_oversight(f, "DV", "D", NULL);
	fx_oversight(f, "O1", "T1", NULL);
	fx_oversight(f, "O2", NULL, "安全生产");
	fx_oversight(f, "O3", "T1", "教育");
	return 0;
}

static json_t *chain_of(struct fx *f, const char *unit, const char *area)
{
	json_t *j = NULL;
	FX_OK(f, org_responsibility(f->s, unit, area, &j, &f->err));
	assert_non_null(j);
	return j;
}

/* Asserts the chain is exactly `want`: "LEVEL RELATION PERSON@UNIT" per entry. */
static void expect_chain(json_t *j, const char *const *want, size_t n)
{
	json_t *chain = json_object_get(j, "chain");
	char got[128];
	size_t i;
	json_t *e;
	json_array_foreach(chain, i, e)
	{
		snprintf(got, sizeof got, "%lld %s %s@%s",
			 (long long)json_integer_value(json_object_get(e, "level")),
			 json_string_value(json_object_get(e, "relation")),
			 json_string_value(json_object_get(json_object_get(e, "person"), "code")),
			 json_string_value(json_object_get(json_object_get(e, "unit"), "code")));
		if (i >= n)
			fail_msg("unexpected chain entry %zu: %s", i, got);
		if (strcmp(got, want[i]))
			fail_msg("chain entry %zu: got '%s', want '%s'", i, got, want[i]);
	}
	if (json_array_size(chain) != n)
		fail_msg("chain has %zu entries, want %zu", json_array_size(chain), n);
}

static void test_chain_with_area(void **state)
{
	struct fx *f = *state;
	json_t *j = chain_of(f, "T1", " 安全生产 ");
	static const char *const want[] = {
	    "1 main_leader M1@T1",	   "2 area_leader A1@T1",
	    "3 overseeing_leader O1@T1",   "3 overseeing_leader O2@T1",
	    "4 superior_main_leader DL@D", "4 superior_overseeing_leader DV@D",
	};
	expect_chain(j, want, ARRAY_LEN(want));
	assert_string_equal(json_string_value(json_object_get(j, "area")), "安全生产");
	assert_true(json_is_false(json_object_get(j, "main_leader_missing")));
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "unit"), "code")),
			    "T1");
	json_t *first = json_array_get(json_object_get(j, "chain"), 0);
	assert_string_equal(json_string_value(json_object_get(first, "relation_zh")), "第一责任人");
	json_t *p = json_object_get(first, "person");
	assert_string_equal(json_string_value(json_object_get(p, "rank")), "副科");
	assert_string_equal(json_string_value(json_object_get(p, "post")), "干部");
	assert_string_equal(json_string_value(json_object_get(json_object_get(p, "unit"), "code")),
			    "T1");
	json_t *a1 = json_array_get(json_object_get(j, "chain"), 1);
	assert_int_equal(json_array_size(json_object_get(a1, "areas")), 2);
	json_t *o2 = json_array_get(json_object_get(j, "chain"), 3);
	assert_string_equal(json_string_value(json_object_get(o2, "area")), "安全生产");
	json_decref(j);

	/* 教育: A2 and O3 answer, A1 and O2 do not */
	j = chain_of(f, "T1", "教育");
	static const char *const edu[] = {
	    "1 main_leader M1@T1",	   "2 area_leader A2@T1",
	    "3 overseeing_leader O1@T1",   "3 overseeing_leader O3@T1",
	    "4 superior_main_leader DL@D", "4 superior_overseeing_leader DV@D",
	};
	expect_chain(j, edu, ARRAY_LEN(edu));
	json_decref(j);

	/* an area nobody oversees: the main leaders and whole-unit oversight remain */
	j = chain_of(f, "T1", "水利");
	static const char *const none[] = {
	    "1 main_leader M1@T1",
	    "3 overseeing_leader O1@T1",
	    "4 superior_main_leader DL@D",
	    "4 superior_overseeing_leader DV@D",
	};
	expect_chain(j, none, ARRAY_LEN(none));
	json_decref(j);
}

static void test_chain_without_area(void **state)
{
	struct fx *f = *state;
	static const char *const want[] = {
	    "1 main_leader M1@T1",
	    "2 team_member A1@T1",
	    "2 team_member A2@T1",
	    "3 overseeing_leader O1@T1",
	    "3 overseeing_leader O3@T1",
	    "4 superior_main_leader DL@D",
	    "4 superior_overseeing_leader DV@D",
	};
	json_t *j = chain_of(f, "T1", NULL);
	expect_chain(j, want, ARRAY_LEN(want));
	assert_true(json_is_null(json_object_get(j, "area")));
	json_decref(j);
	j = chain_of(f, "T1", "");
	expect_chain(j, want, ARRAY_LEN(want));
	json_decref(j);
}

static void test_chain_missing_main_leader(void **state)
{
	struct fx *f = *state;
	static const char *const want[] = {
	    "2 area_leader B1@T2",
	    "3 overseeing_leader O2@T2",
	    "4 superior_main_leader DL@D",
	    "4 superior_overseeing_leader DV@D",
	};
	json_t *j = chain_of(f, "T2", "安全生产");
	expect_chain(j, want, ARRAY_LEN(want));
	assert_true(json_is_true(json_object_get(j, "main_leader_missing")));
	json_decref(j);
}

static void test_chain_deep_tree(void **state)
{
	struct fx *f = *state;
	static const char *const want[] = {
	    "1 main_leader VM@V",
	    "4 superior_main_leader M1@T1",
	    "4 superior_overseeing_leader O1@T1",
	    "4 superior_overseeing_leader O3@T1",
	    "5 superior_main_leader DL@D",
	    "5 superior_overseeing_leader DV@D",
	};
	json_t *j = chain_of(f, "V", NULL);
	expect_chain(j, want, ARRAY_LEN(want));
	json_decref(j);
	/* with an area, the superior's area-limited oversight of another area drops out */
	static const char *const safety[] = {
	    "1 main_leader VM@V",	    "3 overseeing_leader O2@V",
	    "4 superior_main_leader M1@T1", "4 superior_overseeing_leader O1@T1",
	    "5 superior_main_leader DL@D",  "5 superior_overseeing_leader DV@D",
	};
	j = chain_of(f, "V", "安全生产");
	expect_chain(j, safety, ARRAY_LEN(safety));
	json_decref(j);

	/* ten more levels below V */
	char code[8], parent[8] = "V";
	for (int i = 0; i < 10; i++) {
		snprintf(code, sizeof code, "L%d", i);
		fx_unit(f, code, "towns", parent);
		snprintf(parent, sizeof parent, "%s", code);
	}
	j = chain_of(f, "L9", NULL);
	static const char *const deep[] = {
	    "13 superior_main_leader VM@V",	   "14 superior_main_leader M1@T1",
	    "14 superior_overseeing_leader O1@T1", "14 superior_overseeing_leader O3@T1",
	    "15 superior_main_leader DL@D",	   "15 superior_overseeing_leader DV@D",
	};
	expect_chain(j, deep, ARRAY_LEN(deep));
	assert_true(json_is_true(json_object_get(j, "main_leader_missing")));
	json_decref(j);
}

static void test_chain_person_once(void **state)
{
	struct fx *f = *state;
	/* DL also oversees T1 and leads its team as a member: listed once, at the first place */
	fx_oversight(f, "DL", "T1", NULL);
	fx_member(f, "T1", "DL", "member", "");
	static const char *const want[] = {
	    "1 main_leader M1@T1",
	    "2 team_member A1@T1",
	    "2 team_member A2@T1",
	    "2 team_member DL@T1",
	    "3 overseeing_leader O1@T1",
	    "3 overseeing_leader O3@T1",
	    "4 superior_overseeing_leader DV@D",
	};
	json_t *j = chain_of(f, "T1", NULL);
	expect_chain(j, want, ARRAY_LEN(want));
	json_decref(j);
}

static void test_chain_cycle_guard(void **state)
{
	struct fx *f = *state;
	/* A damaged tree (the API refuses this): D under V, so V -> T1 -> D -> V. */
	FX_OK(f, store_run(f->s, &f->err,
			   "UPDATE units SET parent_id = (SELECT id FROM units WHERE code = 'V')"
			   " WHERE code = 'D'",
			   ""));
	static const char *const want[] = {
	    "1 main_leader VM@V",
	    "4 superior_main_leader M1@T1",
	    "4 superior_overseeing_leader O1@T1",
	    "4 superior_overseeing_leader O3@T1",
	    "5 superior_main_leader DL@D",
	    "5 superior_overseeing_leader DV@D",
	};
	json_t *j = chain_of(f, "V", NULL);
	expect_chain(j, want, ARRAY_LEN(want));
	json_decref(j);
	/* and a unit that is its own parent */
	FX_OK(f, store_run(f->s, &f->err, "UPDATE units SET parent_id = id WHERE code = 'T2'", ""));
	j = chain_of(f, "T2", NULL);
	static const char *const self[] = {"2 team_member B1@T2"};
	expect_chain(j, self, ARRAY_LEN(self));
	json_decref(j);
}

static void test_chain_inactive_excluded(void **state)
{
	struct fx *f = *state;
	FX_OK(f, org_team_deactivate(f->s, &f->who, "T1", "A1", &f->err));
	FX_OK(f, org_person_deactivate(f->s, &f->who, "O1", &f->err));
	struct org_oversight_filter of = {.leader = "O3", .active = 1};
	json_t *list = NULL;
	FX_OK(f, org_oversight_list(f->s, &of, 0, 10, &list, &f->err));
	assert_int_equal(json_array_size(list), 1);
	int64_t o3 = json_integer_value(json_object_get(json_array_get(list, 0), "id"));
	json_decref(list);
	FX_OK(f, org_oversight_deactivate(f->s, &f->who, o3, &f->err));
	/* a deactivated person still holding a membership (only possible behind the API's
	 * back) is skipped too */
	FX_OK(f, store_run(f->s, &f->err, "UPDATE people SET active = 0 WHERE code = 'A2'", ""));

	static const char *const want[] = {
	    "1 main_leader M1@T1",
	    "4 superior_main_leader DL@D",
	    "4 superior_overseeing_leader DV@D",
	};
	json_t *j = chain_of(f, "T1", NULL);
	expect_chain(j, want, ARRAY_LEN(want));
	json_decref(j);

	/* an inactive ancestor is passed over, and the walk goes on above it */
	FX_OK(f, store_run(f->s, &f->err, "UPDATE units SET active = 0 WHERE code = 'T1'", ""));
	static const char *const skip[] = {
	    "1 main_leader VM@V",
	    "5 superior_main_leader DL@D",
	    "5 superior_overseeing_leader DV@D",
	};
	j = chain_of(f, "V", NULL);
	expect_chain(j, skip, ARRAY_LEN(skip));
	json_decref(j);
}

static void test_chain_unknown_unit(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	FX_FAILS(f, org_responsibility(f->s, "NOPE", NULL, &j, &f->err), ZF_ENOTFOUND, NULL);
	assert_null(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_chain_with_area, district_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_without_area, district_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_missing_main_leader, district_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_deep_tree, district_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_person_once, district_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_cycle_guard, district_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_inactive_excluded, district_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_chain_unknown_unit, district_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
