/* test_sanction.c: accountability (R5) at the domain layer: the catalogue's rules, the veto
 * registry, the management-authority rule (allowed and refused, refusals audited), the link
 * to the evaluation (the adjustment appears, the ranking changes, revoking removes it, a
 * closed round refuses), decisions from cases, and the questions other rooms ask. */
#include "test_sanction_fx.h"
#include "org/org.h"

static int64_t decide(int who, const char *measure, const char *person, const char *unit,
		      const char *on)
{
	struct sanction_rec r = {.measure = measure,
				 .person = person,
				 .unit = unit,
				 .decided_on = on,
				 .basis = "《区机关作风明察暗访工作暂行办法》第九条"};
	int64_t id = 0;
	OK(sanction_decide(S, &ACT[who], &r, &id, &ERR));
	return id;
}

static int try_decide(int who, const char *measure, const char *person, const char *unit)
{
	struct sanction_rec r = {.measure = measure,
				 .person = person,
				 .unit = unit,
				 .decided_on = "2026-06-01",
				 .basis = "依据"};
	int64_t id = 0;
	zf_err_clear(&ERR);
	return sanction_decide(S, &ACT[who], &r, &id, &ERR);
}

/* ---- the catalogue ---- */

static void test_catalogue_seeded_in_tiers(void **state)
{
	(void)state;
	json_t *arr = NULL;
	OK(sanction_measure_list(S, false, &arr, &ERR));
	assert_int_equal(json_array_size(arr), 15);
	int last = 0;
	size_t i;
	json_t *m;
	json_array_foreach(arr, i, m)
	{
		int tier = (int)json_integer_value(json_object_get(m, "tier"));
		assert_true(tier >= last);
		last = tier;
	}
	json_t *first = json_array_get(arr, 0);
	assert_string_equal(json_string_value(json_object_get(first, "code")), "criticism");
	json_decref(arr);
}

static void test_catalogue_rules(void **state)
{
	(void)state;
	struct sanction_measure m = {.code = "warning_letter",
				     .name = "提醒函",
				     .tier = 1,
				     .level = "person",
				     .points = 0.5};
	OK(sanction_measure_create(S, &ACT[A_OFFICE], &m, &ERR));
	FAILS(sanction_measure_create(S, &ACT[A_OFFICE], &m, &ERR), ZF_ECONFLICT, "code");
	struct sanction_measure bad = m;
	bad.code = "x1";
	bad.tier = 6;
	FAILS(sanction_measure_create(S, &ACT[A_OFFICE], &bad, &ERR), ZF_EINVAL, "tier");
	bad = m;
	bad.code = "x2";
	bad.level = "unit";
	bad.promotion_ban_months = 6;
	FAILS(sanction_measure_create(S, &ACT[A_OFFICE], &bad, &ERR), ZF_EINVAL,
	      "promotion_ban_months");
	bad = m;
	bad.code = "x3";
	bad.points = 101;
	FAILS(sanction_measure_create(S, &ACT[A_OFFICE], &bad, &ERR), ZF_EINVAL, "points");
	bad = m;
	bad.code = "has space";
	FAILS(sanction_measure_create(S, &ACT[A_OFFICE], &bad, &ERR), ZF_EINVAL, "code");
	bad = m;
	bad.code = "x4";
	bad.name = "";
	FAILS(sanction_measure_create(S, &ACT[A_OFFICE], &bad, &ERR), ZF_EINVAL, "name");

	struct sanction_measure u;
	sanction_measure_keep(&u);
	u.points = 1.5;
	OK(sanction_measure_update(S, &ACT[A_OFFICE], "warning_letter", &u, &ERR));
	assert_int_equal(fx_count("SELECT points * 10 FROM sanction_measures WHERE code ="
				  " 'warning_letter'"),
			 15);
	sanction_measure_keep(&u);
	u.veto = 2;
	FAILS(sanction_measure_update(S, &ACT[A_OFFICE], "warning_letter", &u, &ERR), ZF_EINVAL,
	      "veto");
	FAILS(sanction_measure_update(S, &ACT[A_OFFICE], "nope", &u, &ERR), ZF_ENOTFOUND, NULL);

	OK(sanction_measure_set_active(S, &ACT[A_OFFICE], "warning_letter", false, &ERR));
	FAILS(sanction_measure_set_active(S, &ACT[A_OFFICE], "warning_letter", false, &ERR),
	      ZF_ECONFLICT, NULL);
	assert_int_equal(try_decide(A_INSP, "warning_letter", "T01-003", NULL), ZF_EINVAL);
	assert_string_equal(ERR.field, "measure");
	assert_non_null(strstr(ERR.msg, "inactive"));
	assert_int_equal(fx_audit_count("sanction_measure", "create", "ok"), 1);
	assert_int_equal(fx_audit_count("sanction_measure", "update", "ok"), 1);
	assert_int_equal(fx_audit_count("sanction_measure", "deactivate", "ok"), 1);
}

/* ---- vetoes ---- */

static void test_veto_needs_registered_unexpired_item(void **state)
{
	(void)state;
	struct sanction_rec r = {.measure = "judicial_transfer",
				 .person = "T01-003",
				 .decided_on = "2026-06-01",
				 .basis = "涉嫌违法"};
	int64_t id = 0;
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "veto_item");
	r.veto_item = "no_such";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "veto_item");

	FAILS(sanction_veto_create(S, &ACT[A_OFFICE], "v2", "失职", "", NULL, &ERR), ZF_EINVAL,
	      "basis");
	FAILS(sanction_veto_create(S, &ACT[A_OFFICE], "v2", "失职", "依据", "2026-01-01", &ERR),
	      ZF_EINVAL, "expires_on");
	OK(sanction_veto_create(S, &ACT[A_OFFICE], "v2", "严重失职", "区委文件第3条", "2027-01-01",
				&ERR));
	OK(sanction_veto_expire(S, &ACT[A_OFFICE], "v2", "2026-05-01", &ERR));
	FAILS(sanction_veto_expire(S, &ACT[A_OFFICE], "v2", NULL, &ERR), ZF_ECONFLICT, NULL);
	r.veto_item = "v2";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "veto_item");
	assert_non_null(strstr(ERR.msg, "expired"));

	/* a measure that is no veto cites no item */
	struct sanction_rec plain = {.measure = "criticism",
				     .person = "T01-003",
				     .veto_item = "serious_style",
				     .basis = "b"};
	FAILS(sanction_decide(S, &ACT[A_INSP], &plain, &id, &ERR), ZF_EINVAL, "veto_item");

	r.veto_item = "serious_style";
	OK(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR));
	assert_int_equal(fx_count("SELECT veto FROM adjustments WHERE source LIKE 'sanction:%'"),
			 1);
	json_t *list = NULL;
	OK(sanction_veto_list(S, &list, &ERR));
	assert_int_equal(json_array_size(list), 2);
	json_t *first = json_array_get(list, 0);
	assert_true(json_is_true(json_object_get(first, "in_force")));
	assert_int_equal(json_integer_value(json_object_get(first, "sanctions")), 1);
	assert_true(json_is_false(json_object_get(json_array_get(list, 1), "in_force")));
	json_decref(list);
}

/* ---- the authority rule ---- */

static void test_authority_allowed_and_refused(void **state)
{
	(void)state;
	/* T01-001 is managed by D03 (组织部) */
	assert_int_equal(try_decide(A_OFFICE, "admonishment", "T01-001", NULL), ZF_EFORBIDDEN);
	assert_non_null(strstr(ERR.msg, "区委组织部 (D03)"));
	assert_int_equal(try_decide(A_INSP_T01, "admonishment", "T01-001", NULL), ZF_EFORBIDDEN);
	assert_int_equal(try_decide(A_LEADER, "admonishment", "T01-003", NULL), ZF_EFORBIDDEN);
	assert_int_equal(try_decide(A_VIEWER, "admonishment", "T01-003", NULL), ZF_EFORBIDDEN);
	assert_int_equal(fx_audit_count("sanction", "decide", "denied"), 4);
	assert_int_equal(fx_count("SELECT count(*) FROM sanctions"), 0);

	int64_t a = decide(A_INSP_D03, "admonishment", "T01-001", NULL, "2026-06-01");
	assert_int_equal(
	    fx_query_int("SELECT authority_unit_id FROM sanctions WHERE id = ?", "t", "1"),
	    fx_id("units", "D03"));
	/* T01-003 is managed by T01 itself; the township's inspector may, D03's may not */
	decide(A_INSP_T01, "criticism", "T01-003", NULL, "2026-06-01");
	assert_int_equal(try_decide(A_INSP_D03, "criticism", "T01-003", NULL), ZF_EFORBIDDEN);
	/* QU-001 is managed above the district: the district's office and inspectors */
	decide(A_OFFICE, "criticism", "QU-001", NULL, "2026-06-01");
	/* the district's inspector (纪委) may decide on anyone */
	decide(A_INSP, "criticism", "T01-001", NULL, "2026-06-01");
	/* unit measures belong to the district */
	assert_int_equal(try_decide(A_INSP_T01, "staffing_freeze", NULL, "T01"), ZF_EFORBIDDEN);
	decide(A_OFFICE, "staffing_freeze", NULL, "T01", "2026-06-01");
	/* revoking needs the same authority */
	FAILS(sanction_revoke(S, &ACT[A_OFFICE], a, "复核撤销", &ERR), ZF_EFORBIDDEN, NULL);
	OK(sanction_revoke(S, &ACT[A_INSP_D03], a, "复核撤销", &ERR));
	assert_int_equal(fx_audit_count("sanction", "revoke", "denied"), 1);
	/* an account of one of the district's own organs (a unit marked district_body) acts
	 * for the district: D03's inspector may then decide on T01-003, and may not once the
	 * mark is gone */
	struct org_unit mark = {.set_district_body = ORG_ACTIVATE};
	OK(org_unit_update(S, &ACT[A_OFFICE], "D03", &mark, &ERR));
	decide(A_INSP_D03, "admonishment", "T01-003", NULL, "2026-06-02");
	mark.set_district_body = ORG_DEACTIVATE;
	OK(org_unit_update(S, &ACT[A_OFFICE], "D03", &mark, &ERR));
	assert_int_equal(try_decide(A_INSP_D03, "criticism", "T01-003", NULL), ZF_EFORBIDDEN);
	assert_non_null(strstr(ERR.msg, "(T01)"));
}

static void test_decision_validation(void **state)
{
	(void)state;
	struct sanction_rec r = {.measure = "criticism", .person = "T01-003", .basis = ""};
	int64_t id;
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "basis");
	r.basis = "依据";
	r.decided_on = "2026-07-01";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "decided_on");
	r.decided_on = "2026-02-30";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "decided_on");
	r.decided_on = NULL;
	r.unit = "T02";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "unit");
	r.unit = NULL;
	r.person = "NOBODY";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "person");
	r.person = NULL;
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "person");
	struct sanction_rec u = {.measure = "staffing_freeze", .person = "T01-003", .basis = "b"};
	FAILS(sanction_decide(S, &ACT[A_INSP], &u, &id, &ERR), ZF_EINVAL, "person");
	u.person = NULL;
	FAILS(sanction_decide(S, &ACT[A_INSP], &u, &id, &ERR), ZF_EINVAL, "unit");
	r.person = "T01-003";
	r.measure = "nope";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "measure");
	r.measure = "criticism";
	r.round = "1999";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "round");
	assert_int_equal(fx_count("SELECT count(*) FROM sanctions"), 0);
	/* today by default; the person's unit */
	r.round = NULL;
	OK(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR));
	json_t *j = NULL;
	OK(sanction_get(S, id, 0, &j, &ERR));
	assert_string_equal(json_string_value(json_object_get(j, "decided_on")), "2026-06-15");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "unit"), "code")),
			    "T01");
	assert_string_equal(json_string_value(json_object_get(j, "decided_by")), "inspector");
	json_decref(j);
	FAILS(sanction_get(S, id, fx_id("units", "T02"), &j, &ERR), ZF_ENOTFOUND, NULL);
}

/* ---- the evaluation link ---- */

static void rank_row(const char *unit, double *total, double *points, bool *veto)
{
	struct eval_ranking rk;
	OK(eval_rank_with(S, "2026", 0, &rk, &ERR));
	const struct eval_rank_row *row = eval_ranking_find(&rk, unit);
	assert_non_null(row);
	*total = row->res.has_total ? row->res.total : -1;
	*points = row->points;
	*veto = row->veto;
	eval_ranking_free(&rk);
}

static void test_sanction_feeds_the_round(void **state)
{
	(void)state;
	/* process and self scores give T01 and T02 a total */
	fx_sql("INSERT INTO process_scores(round_id, unit_id, period_type, period, score)"
	       " VALUES (1, 2, 'annual', '2026', 90), (1, 3, 'annual', '2026', 88);"
	       "INSERT INTO self_scores(round_id, unit_id, self, efficiency) VALUES"
	       " (1, 2, 90, 90), (1, 3, 88, 88);");
	double t0, t1, t2, p;
	bool veto;
	rank_row("T01", &t0, &p, &veto);
	assert_true(t0 > 0);
	assert_true(p == 0 && !veto);

	int64_t id = decide(A_INSP, "circulated_criticism", "T01-003", NULL, "2026-06-01");
	assert_int_equal(fx_count("SELECT count(*) FROM adjustments WHERE round_id = 1 AND"
				  " unit_id = 2 AND points = 2 AND no_excellent = 0 AND veto = 0"),
			 1);
	char src[32];
	snprintf(src, sizeof src, "sanction:%lld", (long long)id);
	assert_int_equal(fx_query_int("SELECT count(*) FROM adjustments WHERE source = ? AND"
				      " reason LIKE '%通报批评%'",
				      "t", src),
			 1);
	assert_int_equal(fx_count("SELECT round_id FROM sanctions"), 1);
	assert_int_equal(fx_count("SELECT adjustment_id = (SELECT max(id) FROM adjustments)"
				  " FROM sanctions"),
			 1);
	rank_row("T01", &t1, &p, &veto);
	assert_true(fabs(p - 2) < 1e-9);
	assert_true(fabs((t0 - t1) - 2) < 1e-6);
	rank_row("T02", &t2, &p, &veto);
	assert_true(p == 0);

	/* a veto measure sets the veto flag */
	struct sanction_rec r = {.measure = "judicial_transfer",
				 .person = "T01-002",
				 .veto_item = "serious_style",
				 .decided_on = "2026-06-02",
				 .basis = "涉嫌违法"};
	int64_t vid;
	OK(sanction_decide(S, &ACT[A_INSP], &r, &vid, &ERR));
	rank_row("T01", &t1, &p, &veto);
	assert_true(veto);
	assert_true(fabs(p - 12) < 1e-9);

	/* revoking takes the adjustment out */
	FAILS(sanction_revoke(S, &ACT[A_INSP], vid, "", &ERR), ZF_EINVAL, "reason");
	OK(sanction_revoke(S, &ACT[A_INSP], vid, "复核改变定性", &ERR));
	FAILS(sanction_revoke(S, &ACT[A_INSP], vid, "again", &ERR), ZF_ECONFLICT, NULL);
	rank_row("T01", &t1, &p, &veto);
	assert_false(veto);
	assert_true(fabs(p - 2) < 1e-9);
	assert_int_equal(fx_count("SELECT count(*) FROM adjustments"), 1);

	/* a closed round refuses both ways */
	OK(eval_round_transition(S, &ACT[A_OFFICE], "2026", "close", NULL, &ERR));
	assert_int_equal(try_decide(A_INSP, "criticism", "T01-003", NULL), ZF_ECONFLICT);
	assert_string_equal(ERR.field, "round");
	assert_non_null(strstr(ERR.msg, "reopen"));
	FAILS(sanction_revoke(S, &ACT[A_INSP], id, "撤销", &ERR), ZF_ECONFLICT, "round");
	assert_int_equal(fx_count("SELECT revoked FROM sanctions WHERE id = 1"), 0);
	OK(eval_round_transition(S, &ACT[A_OFFICE], "2026", "reopen", "补录问责", &ERR));
	OK(sanction_revoke(S, &ACT[A_INSP], id, "撤销", &ERR));
	rank_row("T01", &t1, &p, &veto);
	assert_true(fabs(t1 - t0) < 1e-6);

	/* a year without a round: the sanction stands without an adjustment */
	int64_t old = decide(A_INSP, "criticism", "T01-003", NULL, "2025-03-01");
	json_t *j = NULL;
	OK(sanction_get(S, old, 0, &j, &ERR));
	assert_true(json_is_null(json_object_get(j, "round")));
	assert_true(json_is_null(json_object_get(j, "adjustment")));
	json_decref(j);
}

static void test_sanction_from_case(void **state)
{
	(void)state;
	fx_case("ZF-2026-000001", "T01", "T01-003", "handling");
	struct sanction_rec r = {.measure = "criticism",
				 .person = "T01-003",
				 .case_no = "ZF-2026-000001",
				 .basis = "经查属实"};
	int64_t id;
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_ECONFLICT, "case_no");
	const char *d[] = {"T01-003", NULL};
	struct finding_rec f = {.finding = "partly", .direct = d};
	OK(finding_record(S, &ACT[A_INSP], "ZF-2026-000001", &f, &ERR));
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_ECONFLICT, "case_no");
	assert_non_null(strstr(ERR.msg, "confirmed"));
	OK(finding_confirm(S, &ACT[A_INSP], "ZF-2026-000001", &ERR));
	r.person = "T02-001";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "person");
	r.person = "T01-003";
	r.decided_on = "2026-06-01"; /* the finding is of 2026-06-15 */
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "decided_on");
	r.decided_on = NULL;
	OK(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR));
	assert_int_equal(fx_count("SELECT count(*) FROM adjustments WHERE reason LIKE"
				  " '%ZF-2026-000001%'"),
			 1);
	/* the leader held accountable through the chain may be sanctioned on the case too */
	r.person = "T01-001";
	OK(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR));
	r.case_no = "ZF-9999-000001";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_EINVAL, "case_no");

	fx_case("ZF-2026-000002", "T01", NULL, "handling");
	struct finding_rec no = {.finding = "unsubstantiated"};
	OK(finding_record(S, &ACT[A_INSP], "ZF-2026-000002", &no, &ERR));
	OK(finding_confirm(S, &ACT[A_INSP], "ZF-2026-000002", &ERR));
	r.case_no = "ZF-2026-000002";
	FAILS(sanction_decide(S, &ACT[A_INSP], &r, &id, &ERR), ZF_ECONFLICT, "case_no");
}

/* ---- what other rooms ask ---- */

static void test_queries(void **state)
{
	(void)state;
	int64_t t01 = fx_id("units", "T01"), p3 = fx_id("people", "T01-003");
	bool yes;
	char until[11];
	decide(A_INSP, "admonishment", "T01-003", NULL, "2026-01-31");
	OK(sanction_promotion_ban(S, p3, "2026-06-15", &yes, until, &ERR));
	assert_true(yes);
	assert_string_equal(until, "2026-07-31");
	OK(sanction_promotion_ban(S, p3, "2026-07-31", &yes, until, &ERR));
	assert_false(yes);
	OK(sanction_promotion_ban(S, p3, "2026-01-30", &yes, until, &ERR));
	assert_false(yes);
	FAILS(sanction_promotion_ban(S, p3, "june", &yes, until, &ERR), ZF_EINVAL, "date");

	int64_t fr = decide(A_OFFICE, "staffing_freeze", NULL, "T01", "2026-03-01");
	OK(sanction_staffing_freeze(S, t01, "2026-06-15", &yes, until, &ERR));
	assert_true(yes);
	assert_string_equal(until, "2027-03-01");

	struct sanction_eligibility e;
	OK(sanction_person_eligibility(S, p3, 2026, &e, &ERR));
	assert_false(e.excellent);
	assert_true(e.bonus);
	assert_false(e.vetoed);
	OK(sanction_person_eligibility(S, p3, 2025, &e, &ERR));
	assert_true(e.excellent && e.bonus);
	decide(A_INSP, "cancel_bonus", "T01-003", NULL, "2026-04-01");
	OK(sanction_person_eligibility(S, p3, 2026, &e, &ERR));
	assert_false(e.bonus);
	OK(sanction_unit_eligibility(S, t01, 2026, &e, &ERR));
	assert_false(e.excellent);
	OK(sanction_unit_eligibility(S, fx_id("units", "T02"), 2026, &e, &ERR));
	assert_true(e.excellent);

	json_t *h = NULL;
	OK(sanction_person_history(S, p3, "2026-01-01", "2026-12-31", &h, &ERR));
	assert_int_equal(json_array_size(h), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(h, 0), "tier")), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(h, 1), "measure")),
			    "cancel_bonus");
	json_decref(h);
	OK(sanction_person_history(S, p3, "2026-02-01", NULL, &h, &ERR));
	assert_int_equal(json_array_size(h), 1);
	json_decref(h);

	/* revoked sanctions no longer count */
	OK(sanction_revoke(S, &ACT[A_OFFICE], fr, "编制调整", &ERR));
	OK(sanction_staffing_freeze(S, t01, "2026-06-15", &yes, until, &ERR));
	assert_false(yes);
	assert_string_equal(until, "");
}

static void test_list_and_csv(void **state)
{
	(void)state;
	decide(A_INSP, "criticism", "T01-003", NULL, "2026-05-01");
	decide(A_INSP, "criticism", "T02-001", NULL, "2026-05-02");
	int64_t r = decide(A_INSP, "self_criticism", "T01-003", NULL, "2026-05-03");
	OK(sanction_revoke(S, &ACT[A_INSP], r, "错误", &ERR));
	struct sanction_filter f = {.unit_id = fx_id("units", "T01")};
	json_t *arr = NULL;
	OK(sanction_list(S, &f, 0, 100, &arr, &ERR));
	assert_int_equal(json_array_size(arr), 1);
	json_decref(arr);
	f.include_revoked = true;
	OK(sanction_list(S, &f, 0, 100, &arr, &ERR));
	assert_int_equal(json_array_size(arr), 2);
	json_decref(arr);
	struct sanction_filter all = {.from = "2026-05-02", .include_revoked = true};
	OK(sanction_list(S, &all, 0, 100, &arr, &ERR));
	assert_int_equal(json_array_size(arr), 2);
	json_decref(arr);
	all.from = "yesterday";
	FAILS(sanction_list(S, &all, 0, 100, &arr, &ERR), ZF_EINVAL, "from");

	struct sanction_filter none = {.include_revoked = true};
	struct buf b = BUF_INIT;
	OK(sanction_list_csv(S, &none, &b, &ERR));
	assert_memory_equal(b.p, "\xEF\xBB\xBF编号,处理措施", strlen("\xEF\xBB\xBF编号,处理措施"));
	int lines = 0;
	for (const char *p = b.p; *p; p++)
		lines += *p == '\n';
	assert_int_equal(lines, 4);
	assert_non_null(strstr(b.p, "王干事"));
	assert_non_null(strstr(b.p, "错误"));
	buf_cleanup(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_catalogue_seeded_in_tiers, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_catalogue_rules, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_veto_needs_registered_unexpired_item, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_authority_allowed_and_refused, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_decision_validation, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_sanction_feeds_the_round, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_sanction_from_case, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_queries, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_list_and_csv, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
