/* test_respons_report.c: the responsibility reports (R1, R2, R3) on a small known district:
 * the main leader and each team member's areas (一岗双责) and oversight, the period's cases
 * each assigned to the leader who answers for it (handling leader, area, main leader),
 * sanctions and leader findings of the period, joint-liability flags, the education record,
 * and a leader's own report through team membership and oversight (of a unit, of an area). */
#include "respontest.h"

/*
 * In T1 for 2026: K1 服务态度差 (A1's area 服务态度), K2 公款吃喝 (nobody's area: M1; held
 * against M1 as leader), K3 脱岗离岗 handled by A1; K4 服务态度差 received and found in 2025.
 * In T2: K5 公款吃喝. Sanctions: C1 in 2026-03, C2 in 2025 (outside). C1 was recommended by
 * M1: K1 and the 2026 sanction flag M1.
 */
static int report_setup(void **state)
{
	rt_setup(state);
	struct fx *f = *state;
	struct zf_err err;
	rt_case(f, "K1", "T1", "C1", "attitude", "hotline", "2026-02-01", "substantiated",
		"2026-02-20");
	int64_t k2 = rt_case(f, "K2", "T1", "C2", "dining", "inspection", "2026-03-01",
			     "substantiated", "2026-03-20");
	rt_case_person(f, k2, "M1", "leader", 1);
	int64_t k3 = rt_case(f, "K3", "T1", NULL, "absence", "mailbox", "2026-04-01", NULL, NULL);
	if (store_run(
		f->s, &err,
		"UPDATE cases SET handling_leader_id = (SELECT id FROM people WHERE code = 'A1')"
		" WHERE id = ?",
		"i", k3) < 0)
		fail_msg("%s", err.msg);
	rt_case(f, "K4", "T1", "C1", "attitude", "hotline", "2025-05-01", "partly", "2025-06-01");
	rt_case(f, "K5", "T2", "C3", "dining", "hotline", "2026-05-01", "unsubstantiated",
		"2026-05-20");
	int64_t id = rt_nominate(f, "C1", "2026-01-05");
	rt_assess(f, id, "好");
	rt_expect_vet(f, id, "2026-01-10", "");
	struct actor m1 = rt_actor(f, "m1");
	FX_OK(f, respons_nomination_sign(f->s, &m1, id, "同意推荐", "2026-01-15", &f->err));
	rt_sanction(f, "C1", "admonishment", "2026-03-01", "2026-09-01", 0);
	rt_sanction(f, "C2", "criticism", "2025-03-01", NULL, 0);
	int n = 0;
	FX_OK(f, respons_liability_scan(f->s, &m1, "2026-12-31", &n, &f->err));
	assert_int_equal(n, 2);
	return 0;
}

/* "K1:A1:area,K2:M1:main_leader,..." for the cases of a unit report. */
static void case_list(json_t *cases, char *out, size_t n)
{
	size_t i;
	json_t *c;
	out[0] = '\0';
	json_array_foreach(cases, i, c)
	{
		size_t len = strlen(out);
		json_t *who = json_object_get(c, "answerable");
		snprintf(out + len, n - len, "%s%s:%s:%s", len ? "," : "",
			 json_string_value(json_object_get(c, "case_no")),
			 json_is_object(who) ? json_string_value(json_object_get(who, "code"))
					     : "-",
			 json_string_value(json_object_get(c, "answerable_rule")));
	}
}

static void test_unit_report(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	char got[512];
	FX_OK(f, respons_unit_report(f->s, "T1", "2026-01-01", "2026-12-31", &j, &f->err));
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(json_object_get(j, "main_leader"), "person"), "code")),
	    "M1");
	assert_false(json_is_true(json_object_get(j, "main_leader_missing")));
	json_t *team = json_object_get(j, "team");
	assert_int_equal(json_array_size(team), 2);
	json_t *a1 = json_array_get(team, 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(a1, "areas"), 1)),
			    "服务态度");
	assert_int_equal(json_array_size(json_object_get(a1, "cases")), 2);
	assert_true(json_is_object(json_object_get(a1, "education")));
	assert_true(json_is_array(json_object_get(a1, "oversight")));
	json_t *over = json_object_get(j, "overseeing_leaders");
	assert_int_equal(json_array_size(over), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(json_array_get(over, 0), "leader"), "code")),
			    "O1");
	case_list(json_object_get(j, "cases"), got, sizeof got);
	assert_string_equal(got, "K1:A1:area,K2:M1:main_leader,K3:A1:handling_leader");
	json_t *sum = json_object_get(j, "summary");
	assert_int_equal(json_integer_value(json_object_get(sum, "cases")), 3);
	assert_int_equal(json_integer_value(json_object_get(sum, "substantiated")), 2);
	assert_int_equal(json_integer_value(json_object_get(sum, "pending")), 1);
	json_t *sanctions = json_object_get(j, "sanctions");
	assert_int_equal(json_array_size(sanctions), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(sanctions, 0), "person_code")), "C1");
	json_t *lf = json_object_get(j, "leader_findings");
	assert_int_equal(json_array_size(lf), 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(lf, 0), "person_code")), "M1");
	assert_int_equal(json_array_size(json_object_get(j, "liability_flags")), 2);
	json_decref(j);

	/* 2025: only K4 and the 2025 sanction; the flag is of 2026. */
	FX_OK(f, respons_unit_report(f->s, "T1", "2025-01-01", "2025-12-31", &j, &f->err));
	case_list(json_object_get(j, "cases"), got, sizeof got);
	assert_string_equal(got, "K4:A1:area");
	assert_int_equal(json_array_size(json_object_get(j, "sanctions")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "liability_flags")), 0);
	json_decref(j);

	/* T2's report has its own case only, and no flag. */
	FX_OK(f, respons_unit_report(f->s, "T2", "2026-01-01", "2026-12-31", &j, &f->err));
	case_list(json_object_get(j, "cases"), got, sizeof got);
	assert_string_equal(got, "K5:B1:main_leader");
	assert_int_equal(json_array_size(json_object_get(j, "liability_flags")), 0);
	json_decref(j);

	/* A unit without a main leader: cases fall to nobody, and the report says so. */
	FX_OK(f, org_team_deactivate(f->s, &f->who, "T2", "B1", &f->err));
	FX_OK(f, respons_unit_report(f->s, "T2", "2026-01-01", "2026-12-31", &j, &f->err));
	assert_true(json_is_true(json_object_get(j, "main_leader_missing")));
	case_list(json_object_get(j, "cases"), got, sizeof got);
	assert_string_equal(got, "K5:-:main_leader");
	json_decref(j);
}

/* "K1/main,K2/main" for the cases of a person report. */
static void person_cases(struct fx *f, const char *person, char *out, size_t n)
{
	json_t *j = NULL, *c;
	size_t i;
	FX_OK(f, respons_person_report(f->s, person, "2026-01-01", "2026-12-31", &j, &f->err));
	out[0] = '\0';
	json_array_foreach(json_object_get(j, "cases"), i, c)
	{
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s/%s", len ? "," : "",
			 json_string_value(json_object_get(c, "case_no")),
			 json_string_value(json_object_get(c, "as")));
	}
	json_decref(j);
}

static void test_person_report(void **state)
{
	struct fx *f = *state;
	char got[512];
	person_cases(f, "M1", got, sizeof got);
	assert_string_equal(got, "K1/main,K2/main,K3/main");
	person_cases(f, "A1", got, sizeof got);
	assert_string_equal(got, "K1/team,K3/team");
	person_cases(f, "O1", got, sizeof got);
	assert_string_equal(got, "K1/oversight,K2/oversight,K3/oversight");
	person_cases(f, "O2", got, sizeof got);
	assert_string_equal(got, "K2/oversight,K5/oversight");
	person_cases(f, "C1", got, sizeof got);
	assert_string_equal(got, "");

	json_t *j = NULL;
	FX_OK(f, respons_person_report(f->s, "M1", "2026-01-01", "2026-12-31", &j, &f->err));
	assert_int_equal(json_array_size(json_object_get(j, "findings")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "signed_nominations")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "liability_flags")), 2);
	assert_true(json_is_object(json_object_get(j, "education")));
	assert_int_equal(json_array_size(json_object_get(j, "team")), 1);
	json_decref(j);
	FX_OK(f, respons_person_report(f->s, "C1", "2026-01-01", "2026-12-31", &j, &f->err));
	assert_int_equal(json_array_size(json_object_get(j, "sanctions")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "liability_flags")), 0);
	json_decref(j);
}

static void test_person_report_counts_a_case_once(void **state)
{
	struct fx *f = *state;
	char got[512];
	/* M1, main leader of T1, also oversees T1: each case once, as main leader. */
	fx_oversight(f, "M1", "T1", NULL);
	person_cases(f, "M1", got, sizeof got);
	assert_string_equal(got, "K1/main,K2/main,K3/main");
}

static void test_report_errors(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	FX_FAILS(f, respons_unit_report(f->s, "T9", "2026-01-01", "2026-12-31", &j, &f->err),
		 ZF_ENOTFOUND, NULL);
	FX_FAILS(f, respons_unit_report(f->s, "T1", "2026-13-01", "2026-12-31", &j, &f->err),
		 ZF_EINVAL, "from");
	FX_FAILS(f, respons_unit_report(f->s, "T1", "2026-01-01", "soon", &j, &f->err), ZF_EINVAL,
		 "to");
	FX_FAILS(f, respons_unit_report(f->s, "T1", "2026-12-31", "2026-01-01", &j, &f->err),
		 ZF_EINVAL, "to");
	FX_FAILS(f, respons_person_report(f->s, "NOBODY", "2026-01-01", "2026-12-31", &j, &f->err),
		 ZF_ENOTFOUND, NULL);
	FX_FAILS(f, respons_person_report(f->s, "M1", "2026-01-01", "2025-01-01", &j, &f->err),
		 ZF_EINVAL, "to");
	assert_null(j);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_unit_report, report_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_person_report, report_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_person_report_counts_a_case_once, report_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_report_errors, report_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
