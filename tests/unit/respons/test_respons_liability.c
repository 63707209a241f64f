/* test_respons_liability.c: the supervising leader's signature (R4): only the account linked
 * to the nomination's supervisor signs, only a cleared nomination; and the joint liability it
 * opens: a scan flags the signer for the cadre's substantiated case or sanction within the
 * period, on its first and last day, never the day before or after, never for a revoked
 * sanction, once per record however often it runs, each flag audited. */
#include "respontest.h"

/* C1 nominated 2026-01-05, assessed 好, vetted cleared as of 2026-01-10. */
static int64_t cleared(struct fx *f)
{
	int64_t id = rt_nominate(f, "C1", "2026-01-05");
	rt_assess(f, id, "好");
	rt_expect_vet(f, id, "2026-01-10", "");
	return id;
}

static void test_sign_only_by_linked_supervisor(void **state)
{
	struct fx *f = *state;
	int64_t id = cleared(f);
	struct actor a1 = rt_actor(f, "a1"), insp = rt_actor(f, "insp"), o1 = rt_actor(f, "o1");
	struct actor m1 = rt_actor(f, "m1"), cli = test_actor("cli:root");
	/* The supervisor is M1: the accounts of A1, O1, an account without a person and the
	 * command line may not sign. */
	FX_FAILS(f, respons_nomination_sign(f->s, &a1, id, "同意推荐", "2026-01-15", &f->err),
		 ZF_EFORBIDDEN, NULL);
	FX_FAILS(f, respons_nomination_sign(f->s, &o1, id, "同意推荐", "2026-01-15", &f->err),
		 ZF_EFORBIDDEN, NULL);
	FX_FAILS(f, respons_nomination_sign(f->s, &insp, id, "同意推荐", "2026-01-15", &f->err),
		 ZF_EFORBIDDEN, NULL);
	FX_FAILS(f, respons_nomination_sign(f->s, &cli, id, "同意推荐", "2026-01-15", &f->err),
		 ZF_EFORBIDDEN, NULL);
	/* A deactivated account of the right person may not either. */
	struct zf_err err;
	assert_int_equal(
	    store_run(f->s, &err, "UPDATE users SET active = 0 WHERE username = 'm1'", ""), 0);
	FX_FAILS(f, respons_nomination_sign(f->s, &m1, id, "同意推荐", "2026-01-15", &f->err),
		 ZF_EFORBIDDEN, NULL);
	assert_int_equal(
	    store_run(f->s, &err, "UPDATE users SET active = 1 WHERE username = 'm1'", ""), 0);
	FX_FAILS(f, respons_nomination_sign(f->s, &m1, id, "", "2026-01-15", &f->err), ZF_EINVAL,
		 "text");
	FX_FAILS(f, respons_nomination_sign(f->s, &m1, id, "同意推荐", "2026-01-09", &f->err),
		 ZF_EINVAL, "signed_on");
	FX_FAILS(f, respons_nomination_sign(f->s, &m1, 99, "同意推荐", "2026-01-15", &f->err),
		 ZF_ENOTFOUND, NULL);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM nomination_signatures"), 0);
	FX_OK(f, respons_nomination_sign(f->s, &m1, id, "该同志作风过硬，同意推荐", "2026-01-15",
					 &f->err));
	json_t *j = NULL;
	FX_OK(f, respons_nomination_get(f->s, id, NULL, &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "state")), "signed");
	json_t *sig = json_object_get(j, "signature");
	assert_string_equal(json_string_value(json_object_get(sig, "signer_code")), "M1");
	assert_string_equal(json_string_value(json_object_get(sig, "account")), "m1");
	assert_string_equal(json_string_value(json_object_get(sig, "signed_on")), "2026-01-15");
	assert_string_equal(json_string_value(json_object_get(sig, "liability_until")),
			    "2028-01-14");
	json_decref(j);
	/* Once signed: no second signature, no re-vetting, no new assessment. */
	FX_FAILS(f, respons_nomination_sign(f->s, &m1, id, "再签", "2026-01-16", &f->err),
		 ZF_ECONFLICT, "state");
	FX_FAILS(f, respons_nomination_vet(f->s, &insp, id, NULL, NULL, &f->err), ZF_ECONFLICT,
		 "state");
	FX_FAILS(f, respons_nomination_assess(f->s, &insp, id, "差", "x", NULL, &f->err),
		 ZF_ECONFLICT, "state");
	FX_FAILS(f, respons_nomination_set_supervisor(f->s, &f->who, id, "A1", &f->err),
		 ZF_ECONFLICT, "state");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE entity = 'nomination'"
				   " AND action = 'sign'"),
			 1);
}

static void test_sign_needs_cleared(void **state)
{
	struct fx *f = *state;
	struct actor m1 = rt_actor(f, "m1");
	int64_t id = rt_nominate(f, "C1", "2026-01-05");
	FX_FAILS(f, respons_nomination_sign(f->s, &m1, id, "同意", "2026-01-15", &f->err),
		 ZF_ECONFLICT, "state");
	rt_assess(f, id, "差");
	rt_expect_vet(f, id, "2026-01-10", "assessment_poor");
	FX_FAILS(f, respons_nomination_sign(f->s, &m1, id, "同意", "2026-01-15", &f->err),
		 ZF_ECONFLICT, "state");
	/* The office names another supervisor: now only that leader's account signs. */
	rt_assess(f, id, "好");
	rt_expect_vet(f, id, "2026-01-10", "");
	FX_OK(f, respons_nomination_set_supervisor(f->s, &f->who, id, "O1", &f->err));
	FX_FAILS(f, respons_nomination_sign(f->s, &m1, id, "同意", "2026-01-15", &f->err),
		 ZF_EFORBIDDEN, NULL);
	struct actor o1 = rt_actor(f, "o1");
	FX_OK(f, respons_nomination_sign(f->s, &o1, id, "同意", "2026-01-15", &f->err));
}

static int64_t signed_nomination(struct fx *f)
{
	int64_t id = cleared(f);
	struct actor m1 = rt_actor(f, "m1");
	FX_OK(f, respons_nomination_sign(f->s, &m1, id, "同意推荐", "2026-01-15", &f->err));
	return id;
}

static int scan(struct fx *f, const char *as_of)
{
	struct actor insp = rt_actor(f, "insp");
	int n = -1;
	FX_OK(f, respons_liability_scan(f->s, &insp, as_of, &n, &f->err));
	return n;
}

static void test_liability_period_boundaries(void **state)
{
	struct fx *f = *state;
	signed_nomination(f); /* period 2026-01-15 .. 2028-01-14 */
	/* Before the signature, after the period, a revoked sanction, an unsubstantiated case,
	 * another cadre: none of them flags. */
	rt_sanction(f, "C1", "criticism", "2026-01-14", NULL, 0);
	rt_case(f, "ZF-A", "T1", "C1", "attitude", "hotline", "2027-12-01", "substantiated",
		"2028-01-15");
	rt_sanction(f, "C1", "admonishment", "2027-03-01", "2027-09-01", 1);
	rt_case(f, "ZF-B", "T1", "C1", "attitude", "hotline", "2026-05-01", "unsubstantiated",
		"2026-06-01");
	rt_sanction(f, "C2", "criticism", "2026-06-01", NULL, 0);
	assert_int_equal(scan(f, "2028-06-01"), 0);
	/* The first and the last day of the period flag. */
	int64_t s1 = rt_sanction(f, "C1", "criticism", "2026-01-15", NULL, 0);
	int64_t c1 = rt_case(f, "ZF-C", "T1", "C1", "dining", "inspection", "2027-12-01",
			     "substantiated", "2028-01-14");
	/* Held directly responsible (confirmed) in a case about the unit: flags too. */
	int64_t c2 = rt_case(f, "ZF-D", "T1", NULL, "absence", "hotline", "2026-08-01", "partly",
			     "2026-09-01");
	rt_case_person(f, c2, "C1", "direct", 1);
	/* As of a day before the last finding, that case waits. */
	assert_int_equal(scan(f, "2028-01-13"), 2);
	assert_int_equal(scan(f, "2028-06-01"), 1);
	/* Idempotent. */
	assert_int_equal(scan(f, "2028-06-01"), 0);
	assert_int_equal(scan(f, NULL), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM liability_flags"), 3);
	assert_int_equal(
	    fx_int(f, "SELECT count(*) FROM audit_log WHERE entity = 'liability_flag'"), 3);
	json_t *flags = NULL;
	struct respons_flag_filter ff = {0};
	FX_OK(f, respons_flag_list(f->s, &ff, 0, 100, &flags, &f->err));
	assert_int_equal(json_array_size(flags), 3);
	json_t *first = json_array_get(flags, 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(first, "signer"), "code")), "M1");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(first, "cadre"), "code")), "C1");
	assert_string_equal(json_string_value(json_object_get(first, "source")), "sanction");
	assert_int_equal(json_integer_value(json_object_get(first, "source_id")), s1);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(first, "record"), "measure_code")),
	    "criticism");
	json_t *last = json_array_get(flags, 2);
	assert_int_equal(json_integer_value(json_object_get(last, "source_id")), c1);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(last, "record"), "case_no")), "ZF-C");
	json_decref(flags);
	/* Filters: by signer and by cadre. */
	int64_t a1 = 0, m1 = 0;
	bool act;
	FX_OK(f, org_person_find(f->s, "A1", &a1, &act, &f->err));
	FX_OK(f, org_person_find(f->s, "M1", &m1, &act, &f->err));
	ff.signer_id = a1;
	FX_OK(f, respons_flag_list(f->s, &ff, 0, 100, &flags, &f->err));
	assert_int_equal(json_array_size(flags), 0);
	json_decref(flags);
	ff.signer_id = m1;
	FX_OK(f, respons_flag_list(f->s, &ff, 0, 2, &flags, &f->err));
	assert_int_equal(json_array_size(flags), 2);
	json_decref(flags);
	FX_FAILS(f, respons_liability_scan(f->s, &f->who, "2028-02-30", NULL, &f->err), ZF_EINVAL,
		 "as_of");
}

static void test_liability_months_configurable(void **state)
{
	struct fx *f = *state;
	struct respons_nomination_new n = {.person = "C2",
					   .proposed_post = "副镇长",
					   .proposed_rank = "副科",
					   .nominating_unit = "T1",
					   .nominated_on = "2026-01-05",
					   .liability_months = 6};
	int64_t id = 0;
	FX_OK(f, respons_nomination_create(f->s, &f->who, &n, &id, &f->err));
	rt_assess(f, id, "好");
	rt_expect_vet(f, id, "2026-01-10", "");
	struct actor m1 = rt_actor(f, "m1");
	FX_OK(f, respons_nomination_sign(f->s, &m1, id, "同意", "2026-01-31", &f->err));
	/* Six months from 2026-01-31: the last day is 2026-07-30. */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM nomination_signatures"
				   " WHERE liability_until = '2026-07-30'"),
			 1);
	rt_sanction(f, "C2", "criticism", "2026-07-31", NULL, 0);
	assert_int_equal(scan(f, "2027-01-01"), 0);
	rt_sanction(f, "C2", "criticism", "2026-07-30", NULL, 0);
	assert_int_equal(scan(f, "2027-01-01"), 1);
}

/* A failure half-way leaves nothing: the vetting, the signature and the scan each write all
 * or nothing (fault injection with a trigger). */
static void test_failures_leave_nothing(void **state)
{
	struct fx *f = *state;
	struct actor insp = rt_actor(f, "insp"), m1 = rt_actor(f, "m1");
	struct zf_err err;
	int64_t id = rt_nominate(f, "C1", "2026-01-05");
	rt_assess(f, id, "好");
	int64_t audit0 = fx_audit_count(f);
	assert_int_equal(store_exec(f->s,
				    "CREATE TRIGGER no_state BEFORE UPDATE OF state ON nominations"
				    " BEGIN SELECT RAISE(ABORT, 'injected'); END",
				    &err),
			 0);
	FX_FAILS(f, respons_nomination_vet(f->s, &insp, id, "2026-01-10", NULL, &f->err),
		 ZF_ECONFLICT, NULL);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM vettings"), 0);
	assert_int_equal(fx_audit_count(f), audit0);
	assert_int_equal(store_exec(f->s, "DROP TRIGGER no_state", &err), 0);
	rt_expect_vet(f, id, "2026-01-10", "");

	/* The signature's audit entry cannot be written: no signature, still cleared. */
	audit0 = fx_audit_count(f);
	assert_int_equal(store_exec(f->s,
				    "CREATE TRIGGER no_audit BEFORE INSERT ON audit_log"
				    " BEGIN SELECT RAISE(ABORT, 'injected'); END",
				    &err),
			 0);
	zf_err_clear(&f->err);
	assert_true(respons_nomination_sign(f->s, &m1, id, "同意", "2026-01-15", &f->err) < 0);
	assert_false(store_in_tx(f->s));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM nomination_signatures"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM nominations WHERE state = 'cleared'"), 1);
	assert_int_equal(store_exec(f->s, "DROP TRIGGER no_audit", &err), 0);
	FX_OK(f, respons_nomination_sign(f->s, &m1, id, "同意", "2026-01-15", &f->err));

	/* The scan fails at its second flag: no flag at all. */
	rt_sanction(f, "C1", "criticism", "2026-03-01", NULL, 0);
	rt_sanction(f, "C1", "criticism", "2026-04-01", NULL, 0);
	assert_int_equal(store_exec(f->s,
				    "CREATE TRIGGER second_flag BEFORE INSERT ON liability_flags"
				    " WHEN (SELECT count(*) FROM liability_flags) >= 1"
				    " BEGIN SELECT RAISE(ABORT, 'injected'); END",
				    &err),
			 0);
	zf_err_clear(&f->err);
	assert_true(respons_liability_scan(f->s, &insp, "2026-12-31", NULL, &f->err) < 0);
	assert_false(store_in_tx(f->s));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM liability_flags"), 0);
	assert_int_equal(store_exec(f->s, "DROP TRIGGER second_flag", &err), 0);
	assert_int_equal(scan(f, "2026-12-31"), 2);
}

static void test_default_period_setting(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	FX_OK(f, respons_settings_get(f->s, &j, &f->err));
	assert_int_equal(json_integer_value(json_object_get(j, "liability_months")), 24);
	json_decref(j);
	FX_FAILS(f, respons_settings_set_liability_months(f->s, &f->who, 0, &f->err), ZF_EINVAL,
		 "liability_months");
	FX_FAILS(f, respons_settings_set_liability_months(f->s, &f->who, 121, &f->err), ZF_EINVAL,
		 "liability_months");
	rt_nominate(f, "C1", "2026-01-05");
	FX_OK(f, respons_settings_set_liability_months(f->s, &f->who, 36, &f->err));
	rt_nominate(f, "C2", "2026-01-05");
	assert_int_equal(fx_int(f, "SELECT liability_months FROM nominations ORDER BY id LIMIT 1"),
			 24);
	assert_int_equal(
	    fx_int(f, "SELECT liability_months FROM nominations ORDER BY id DESC LIMIT 1"), 36);
	assert_int_equal(
	    fx_int(f, "SELECT count(*) FROM audit_log WHERE entity = 'respons_settings'"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_sign_only_by_linked_supervisor, rt_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_sign_needs_cleared, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_liability_period_boundaries, rt_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_liability_months_configurable, rt_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_default_period_setting, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_failures_leave_nothing, rt_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
