/* test_finding.c: a case's finding (R5, S4): the proposal of the people directly
 * responsible and the leaders accountable through the chain, recording (validation, states,
 * replacement) and confirmation, and what a finding looks like afterwards. */
#include "test_sanction_fx.h"

static json_t *propose(const char *no, const char *area)
{
	json_t *j = NULL;
	OK(finding_propose(S, no, area, &j, &ERR));
	return j;
}

static bool has_code(json_t *arr, const char *code, const char *relation)
{
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
	{
		if (strcmp(json_string_value(json_object_get(it, "code")), code))
			continue;
		return !relation ||
		       !strcmp(json_string_value(json_object_get(it, "relation")), relation);
	}
	return false;
}

static void test_proposal_direct_and_chain_leaders(void **state)
{
	(void)state;
	fx_case("ZF-2026-000001", "T01", "T01-003", "handling");
	json_t *p = propose("ZF-2026-000001", NULL);
	json_t *direct = json_object_get(p, "direct"), *leaders = json_object_get(p, "leaders");
	assert_int_equal(json_array_size(direct), 1);
	assert_true(has_code(direct, "T01-003", NULL));
	/* the main leader (第一责任人) and the district leader overseeing T01 (分管领导) */
	assert_int_equal(json_array_size(leaders), 2);
	assert_true(has_code(leaders, "T01-001", "main_leader"));
	assert_true(has_code(leaders, "QU-001", "overseeing_leader"));
	assert_false(has_code(leaders, "T01-002", NULL));
	json_decref(p);

	/* with an area, the team member overseeing it (一岗双责) answers too */
	p = propose("ZF-2026-000001", "作风建设");
	leaders = json_object_get(p, "leaders");
	assert_int_equal(json_array_size(leaders), 3);
	assert_true(has_code(leaders, "T01-002", "area_leader"));
	assert_string_equal(json_string_value(json_object_get(p, "area")), "作风建设");
	json_decref(p);

	/* the main leader is never proposed as his own superior */
	fx_case("ZF-2026-000002", "T01", "T01-001", "handling");
	p = propose("ZF-2026-000002", NULL);
	leaders = json_object_get(p, "leaders");
	assert_int_equal(json_array_size(leaders), 1);
	assert_true(has_code(leaders, "QU-001", NULL));
	json_decref(p);

	json_t *none = NULL;
	FAILS(finding_propose(S, "ZF-2026-999999", NULL, &none, &ERR), ZF_ENOTFOUND, "case_no");
}

static void test_record_and_confirm(void **state)
{
	(void)state;
	fx_case("ZF-2026-000001", "T01", "T01-003", "handling");
	fx_case("ZF-2026-000003", "T01", NULL, "received");
	struct finding_rec f = {.finding = "substantiated"};
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000003", &f, &ERR), ZF_ECONFLICT, "state");
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000404", &f, &ERR), ZF_ENOTFOUND, NULL);
	f.finding = "true";
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &f, &ERR), ZF_EINVAL, "finding");
	f.finding = "substantiated";
	f.finding_on = "2026-06-16";
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &f, &ERR), ZF_EINVAL, "finding_on");
	f.finding_on = "2026-04-30"; /* the case came in on 2026-05-01 */
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &f, &ERR), ZF_EINVAL, "finding_on");
	f.finding_on = NULL;
	const char *ghost[] = {"NOBODY", NULL};
	f.direct = ghost;
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &f, &ERR), ZF_EINVAL, "direct");
	const char *twice[] = {"T01-003", "T01-003", NULL};
	f.direct = twice;
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &f, &ERR), ZF_EINVAL, "direct");
	assert_int_equal(fx_count("SELECT count(*) FROM case_people"), 0);
	assert_int_equal(fx_count("SELECT count(*) FROM cases WHERE finding IS NOT NULL"), 0);

	/* the proposal by default */
	f.direct = NULL;
	f.summary = "窗口人员推诿属实";
	OK(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &f, &ERR));
	assert_int_equal(fx_count("SELECT count(*) FROM case_people WHERE kind = 'direct'"), 1);
	assert_int_equal(fx_count("SELECT count(*) FROM case_people WHERE kind = 'leader'"), 2);
	assert_int_equal(fx_count("SELECT count(*) FROM case_people WHERE confirmed = 1"), 0);
	/* recorded again (until confirmed): the inspector's own choice replaces it */
	const char *d[] = {"T01-003", NULL}, *l[] = {"T01-001", NULL};
	f.direct = d;
	f.leaders = l;
	f.finding = "partly";
	OK(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &f, &ERR));
	assert_int_equal(fx_count("SELECT count(*) FROM case_people"), 2);
	assert_int_equal(
	    fx_count("SELECT count(*) FROM case_people WHERE relation = 'main_leader'"), 1);
	/* an unsubstantiated finding names nobody */
	struct finding_rec u = {.finding = "unsubstantiated", .direct = d};
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &u, &ERR), ZF_EINVAL, "direct");

	OK(finding_confirm(S, &ACT[A_INSP], "ZF-2026-000001", &ERR));
	assert_int_equal(fx_count("SELECT count(*) FROM case_people WHERE confirmed = 1"), 2);
	FAILS(finding_confirm(S, &ACT[A_INSP], "ZF-2026-000001", &ERR), ZF_ECONFLICT, NULL);
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &f, &ERR), ZF_ECONFLICT, NULL);
	FAILS(finding_confirm(S, &ACT[A_INSP], "ZF-2026-000003", &ERR), ZF_ECONFLICT, "finding");

	json_t *j = NULL;
	OK(finding_get(S, "ZF-2026-000001", &j, &ERR));
	assert_string_equal(json_string_value(json_object_get(j, "finding")), "partly");
	assert_string_equal(json_string_value(json_object_get(j, "finding_on")), "2026-06-15");
	assert_string_equal(json_string_value(json_object_get(j, "confirmed_by")), "inspector");
	assert_true(json_is_true(json_object_get(j, "confirmed")));
	json_t *people = json_object_get(j, "people");
	assert_int_equal(json_array_size(people), 2);
	json_t *first = json_array_get(people, 0);
	assert_string_equal(json_string_value(json_object_get(first, "kind")), "direct");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(first, "person"), "name")), "王干事");
	json_decref(j);
	assert_int_equal(fx_count("SELECT count(*) FROM case_events WHERE kind = 'finding'"), 2);
	assert_int_equal(
	    fx_count("SELECT count(*) FROM case_events WHERE kind = 'finding_confirm' AND"
		     " note = 'partly' AND actor = 'inspector'"),
	    1);
	assert_int_equal(fx_audit_count("case", "finding", "ok"), 2);
	assert_int_equal(fx_audit_count("case", "finding_confirm", "ok"), 1);
}

static void test_duplicate_case_refused(void **state)
{
	(void)state;
	fx_case("ZF-2026-000001", "T01", "T01-003", "handling");
	fx_case("ZF-2026-000002", "T01", "T01-003", "handling");
	fx_sql("UPDATE cases SET duplicate_of = 1 WHERE case_no = 'ZF-2026-000002'");
	struct finding_rec f = {.finding = "substantiated"};
	FAILS(finding_record(S, &ACT[A_INSP], "ZF-2026-000002", &f, &ERR), ZF_ECONFLICT, "case_no");
	assert_non_null(strstr(ERR.msg, "duplicate"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_proposal_direct_and_chain_leaders, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_record_and_confirm, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_duplicate_case_refused, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
