/* test_respons_vet.c: nominations and vetting (R3, R4): the supervising leader proposed from
 * the responsibility chain, validation naming the field, each veto rule alone firing and not
 * firing at its date boundaries (revoked sanctions, unconfirmed findings, non-veto
 * categories), several reasons at once with their basis and records, the stored snapshot,
 * the rules kept by the office, and the audit entries. */
#include "respontest.h"

#include "educate/educate.h"

/* The code of the supervisor the nomination of person was given. */
static void expect_supervisor(struct fx *f, int64_t id, const char *want)
{
	json_t *j = NULL;
	FX_OK(f, respons_nomination_get(f->s, id, "2026-06-01", &j, &f->err));
	json_t *sup = json_object_get(j, "supervisor");
	if (!want)
		assert_true(json_is_null(sup));
	else
		assert_string_equal(json_string_value(json_object_get(sup, "code")), want);
	json_decref(j);
}

static void test_nominate_proposes_supervisor(void **state)
{
	struct fx *f = *state;
	/* A cadre: the unit's main leader signs. */
	expect_supervisor(f, rt_nominate(f, "C1", "2026-03-01"), "M1");
	/* A deputy: the main leader too. */
	expect_supervisor(f, rt_nominate(f, "A1", "2026-03-01"), "M1");
	/* The main leader: the leader overseeing the unit (level 3), not a deputy. */
	expect_supervisor(f, rt_nominate(f, "M1", "2026-03-01"), "O1");
	/* T2 has no overseeing leader: its main leader's superior, the district's main leader. */
	expect_supervisor(f, rt_nominate(f, "B1", "2026-03-01"), "DL");
	/* Named by the office. */
	struct respons_nomination_new n = {.person = "C2",
					   .proposed_post = "科员",
					   .proposed_rank = "副科级",
					   .nominating_unit = "T1",
					   .nominated_on = "2026-03-01",
					   .supervisor = "A1",
					   .liability_months = 36};
	int64_t id = 0;
	FX_OK(f, respons_nomination_create(f->s, &f->who, &n, &id, &f->err));
	expect_supervisor(f, id, "A1");
	json_t *j = NULL;
	FX_OK(f, respons_nomination_get(f->s, id, NULL, &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "proposed_rank")), "副科");
	assert_int_equal(json_integer_value(json_object_get(j, "liability_months")), 36);
	assert_string_equal(json_string_value(json_object_get(j, "state")), "pending");
	assert_true(json_is_null(json_object_get(j, "assessment")));
	json_decref(j);
	/* The default period is the setting's. */
	FX_OK(f, respons_nomination_get(f->s, 1, NULL, &j, &f->err));
	assert_int_equal(json_integer_value(json_object_get(j, "liability_months")), 24);
	json_decref(j);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE entity = 'nomination'"
				   " AND action = 'create'"),
			 5);
}

static void test_nominate_validation(void **state)
{
	struct fx *f = *state;
	struct respons_nomination_new ok = {.person = "C1",
					    .proposed_post = "副镇长",
					    .proposed_rank = "副科",
					    .nominating_unit = "T1",
					    .nominated_on = "2026-03-01"};
	struct respons_nomination_new n;
	int64_t before = fx_int(f, "SELECT count(*) FROM audit_log");
#define BAD(field_, stmt_)                                                                         \
	do {                                                                                       \
		n = ok;                                                                            \
		stmt_;                                                                             \
		FX_FAILS(f, respons_nomination_create(f->s, &f->who, &n, NULL, &f->err),           \
			 ZF_EINVAL, field_);                                                       \
	} while (0)
	BAD("person", n.person = "NOBODY");
	BAD("person", n.person = NULL);
	BAD("proposed_post", n.proposed_post = "  ");
	BAD("proposed_rank", n.proposed_rank = "部长");
	BAD("nominating_unit", n.nominating_unit = "T9");
	BAD("nominated_on", n.nominated_on = "2026-02-30");
	BAD("nominated_on", n.nominated_on = "2999-01-01");
	BAD("supervisor", n.supervisor = "NOBODY");
	BAD("supervisor", n.supervisor = "C1");
	BAD("liability_months", n.liability_months = 121);
#undef BAD
	assert_int_equal(fx_int(f, "SELECT count(*) FROM nominations"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log"), before);
}

static void test_vet_needs_assessment(void **state)
{
	struct fx *f = *state;
	struct actor insp = rt_actor(f, "insp");
	int64_t id = rt_nominate(f, "C1", "2026-03-01");
	FX_FAILS(f, respons_nomination_vet(f->s, &insp, id, "2026-06-01", NULL, &f->err),
		 ZF_ECONFLICT, "assessment");
	FX_FAILS(f, respons_nomination_assess(f->s, &insp, id, "很好", "文字", NULL, &f->err),
		 ZF_EINVAL, "grade");
	FX_FAILS(f, respons_nomination_assess(f->s, &insp, id, "好", "", NULL, &f->err), ZF_EINVAL,
		 "text");
	FX_FAILS(f, respons_nomination_assess(f->s, &insp, id, "好", "文字", "2026-02-01", &f->err),
		 ZF_EINVAL, "assessed_on");
	FX_FAILS(f, respons_nomination_assess(f->s, &insp, 999, "好", "文字", NULL, &f->err),
		 ZF_ENOTFOUND, NULL);
	rt_assess(f, id, "好");
	FX_FAILS(f, respons_nomination_vet(f->s, &insp, id, "2026-02-28", NULL, &f->err), ZF_EINVAL,
		 "as_of");
	FX_FAILS(f, respons_nomination_vet(f->s, &insp, id, "2026-13-01", NULL, &f->err), ZF_EINVAL,
		 "as_of");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM vettings"), 0);
	rt_expect_vet(f, id, "2026-06-01", "");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM vettings"), 1);
}

static void test_rule_promotion_ban(void **state)
{
	struct fx *f = *state;
	int64_t id = rt_nominate(f, "C1", "2026-03-01");
	rt_assess(f, id, "好");
	/* 诫勉谈话 (tier 1) decided 2025-12-31 with a ban until 2026-06-30. */
	int64_t s1 = rt_sanction(f, "C1", "admonishment", "2025-12-31", "2026-06-30", 0);
	rt_expect_vet(f, id, "2026-06-30", "promotion_ban");
	rt_expect_vet(f, id, "2026-07-01", "");
	/* Revoked: no ban. */
	struct zf_err err;
	assert_int_equal(
	    store_run(f->s, &err, "UPDATE sanctions SET revoked = 1 WHERE id = ?", "i", s1), 0);
	rt_expect_vet(f, id, "2026-06-30", "");
	/* Another person's ban does not count. */
	rt_sanction(f, "C2", "admonishment", "2025-12-31", "2026-12-31", 0);
	rt_expect_vet(f, id, "2026-06-30", "");
	/* A sanction decided after the day vetted is not in force on it. */
	rt_sanction(f, "C1", "admonishment", "2026-07-02", "2027-01-01", 0);
	rt_expect_vet(f, id, "2026-07-01", "");
	rt_expect_vet(f, id, "2026-07-02", "promotion_ban");
}

static void test_rule_sanction_tier(void **state)
{
	struct fx *f = *state;
	int64_t id = rt_nominate(f, "C1", "2026-03-01");
	rt_assess(f, id, "较好");
	/* The rule as installed (migration 018): organisational handling or heavier. */
	json_t *rules = NULL, *r0;
	size_t i;
	FX_OK(f, respons_rule_list(f->s, &rules, &f->err));
	json_array_foreach(rules, i, r0)
	{
		if (strcmp(json_string_value(json_object_get(r0, "code")), "org_handling_2y"))
			continue;
		char *ps = json_dumps(json_object_get(r0, "params"), JSON_COMPACT | JSON_SORT_KEYS);
		assert_string_equal(ps, "{\"months\":24,\"tiers\":[2,5]}");
		free(ps);
	}
	json_decref(rules);
	/* 停职检查 (tier 2) on 2024-06-15, no ban recorded: the two years end 2026-06-15. */
	rt_sanction(f, "C1", "suspension", "2024-06-15", NULL, 0);
	rt_expect_vet(f, id, "2026-06-15", "org_handling_2y");
	rt_expect_vet(f, id, "2026-06-16", "");
	/* A tier-1 measure within the window does not fire ... */
	rt_sanction(f, "C1", "criticism", "2026-04-01", NULL, 0);
	rt_expect_vet(f, id, "2026-06-16", "");
	/* ... nor do the benefits of tier 3, lighter than organisational handling ... */
	rt_sanction(f, "C1", "cancel_bonus", "2026-04-02", NULL, 0);
	rt_sanction(f, "C1", "cancel_awards", "2026-04-03", NULL, 0);
	rt_expect_vet(f, id, "2026-06-16", "");
	/* ... but a transfer to judicial organs (tier 5), heavier, does. */
	int64_t id2 = rt_nominate(f, "C2", "2026-03-01");
	rt_assess(f, id2, "较好");
	rt_sanction(f, "C2", "judicial_transfer", "2026-04-04", NULL, 0);
	rt_expect_vet(f, id2, "2026-04-03", "");
	rt_expect_vet(f, id2, "2026-04-04", "org_handling_2y");
	/* The office may count tier 3 too, naming it ... */
	json_t *p = json_pack("{s:[i,i,i],s:i}", "tiers", 5, 3, 2, "months", 24);
	struct respons_rule r = {.params = p, .active = -1};
	FX_OK(f, respons_rule_update(f->s, &f->who, "org_handling_2y", &r, &f->err));
	json_decref(p);
	rt_expect_vet(f, id, "2026-06-16", "org_handling_2y");
	/* ... or every tier from 1 up, in the older form. */
	p = json_pack("{s:i,s:i}", "min_tier", 1, "months", 24);
	r.params = p;
	FX_OK(f, respons_rule_update(f->s, &f->who, "org_handling_2y", &r, &f->err));
	json_decref(p);
	rt_expect_vet(f, id, "2026-06-16", "org_handling_2y");
	/* Revoked sanctions never count. */
	struct zf_err err;
	assert_int_equal(store_run(f->s, &err, "UPDATE sanctions SET revoked = 1", ""), 0);
	rt_expect_vet(f, id, "2026-06-15", "");
}

static void test_rule_veto_case(void **state)
{
	struct fx *f = *state;
	int64_t id = rt_nominate(f, "C1", "2026-03-01");
	rt_assess(f, id, "好");
	/* 公款吃喝 (a veto category) substantiated on 2023-06-15: 36 months end 2026-06-15. */
	rt_case(f, "ZF-1", "T1", "C1", "dining", "hotline", "2023-05-01", "substantiated",
		"2023-06-15");
	rt_expect_vet(f, id, "2026-06-15", "veto_case_3y");
	rt_expect_vet(f, id, "2026-06-16", "");
	/* Not a veto category, or not substantiated: no veto. */
	rt_case(f, "ZF-2", "T1", "C1", "attitude", "hotline", "2026-03-01", "substantiated",
		"2026-04-01");
	rt_case(f, "ZF-3", "T1", "C1", "gifts", "hotline", "2026-03-01", "unsubstantiated",
		"2026-04-01");
	rt_expect_vet(f, id, "2026-06-16", "");
	/* Held directly responsible for a veto-category case (not the person concerned):
	 * only once the finding is confirmed. */
	int64_t c4 = rt_case(f, "ZF-4", "T1", NULL, "abuse", "letter_visit", "2026-03-01", "partly",
			     "2026-07-01");
	rt_case_person(f, c4, "C1", "direct", 0);
	rt_expect_vet(f, id, "2026-07-01", "");
	struct zf_err err;
	assert_int_equal(store_run(f->s, &err, "UPDATE case_people SET confirmed = 1", ""), 0);
	rt_expect_vet(f, id, "2026-07-01", "veto_case_3y");
	/* A finding dated after the day vetted does not count yet. */
	rt_expect_vet(f, id, "2026-06-30", "");
}

static void test_rule_veto_case_as_leader(void **state)
{
	struct fx *f = *state;
	int64_t id = rt_nominate(f, "A1", "2026-03-01");
	rt_assess(f, id, "好");
	int64_t c = rt_case(f, "ZF-9", "T1", "C2", "gifts", "inspection", "2026-03-01",
			    "substantiated", "2026-04-01");
	rt_case_person(f, c, "A1", "leader", 1);
	rt_expect_vet(f, id, "2026-06-01", "");
	json_t *p = json_pack("{s:b}", "include_leader", 1);
	struct respons_rule r = {.params = p, .active = -1};
	FX_OK(f, respons_rule_update(f->s, &f->who, "veto_case_3y", &r, &f->err));
	json_decref(p);
	rt_expect_vet(f, id, "2026-06-01", "veto_case_3y");
	/* The record shows the leader entry and the inspection finding about the unit. */
	json_t *j = NULL;
	FX_OK(f, respons_nomination_get(f->s, id, "2026-06-01", &j, &f->err));
	json_t *rec = json_object_get(j, "record");
	assert_int_equal(json_array_size(json_object_get(rec, "cases")), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(rec, "cases"), 0), "role")),
			    "leader");
	assert_int_equal(json_array_size(json_object_get(rec, "inspections")), 1);
	json_decref(j);
}

static void test_rule_assessment(void **state)
{
	struct fx *f = *state;
	int64_t id = rt_nominate(f, "C1", "2026-03-01");
	rt_assess(f, id, "一般");
	rt_expect_vet(f, id, "2026-06-01", "");
	rt_assess(f, id, "差");
	rt_expect_vet(f, id, "2026-06-01", "assessment_poor");
	/* A changed assessment returns the nomination to pending. */
	rt_assess(f, id, "好");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM nominations WHERE state = 'pending'"), 1);
	/* A disabled rule does not fire. */
	rt_assess(f, id, "差");
	struct respons_rule r = {.active = 0};
	FX_OK(f, respons_rule_update(f->s, &f->who, "assessment_poor", &r, &f->err));
	rt_expect_vet(f, id, "2026-06-01", "");
}

static void test_rule_education_owed(void **state)
{
	struct fx *f = *state;
	int64_t id = rt_nominate(f, "C1", "2026-03-01");
	rt_assess(f, id, "好");
	/* A programme everyone must attend once a year, with no session attended. */
	struct educate_programme prog = {.code = "study",
					 .name = "周例会学习",
					 .kind = "meeting_study",
					 .required_hours = 0,
					 .required_sessions = 2};
	FX_OK(f, educate_programme_create(f->s, &f->who, &prog, &f->err));
	json_t *j = NULL;
	FX_OK(f, respons_nomination_get(f->s, id, "2026-06-01", &j, &f->err));
	assert_true(
	    json_array_size(json_object_get(json_object_get(j, "record"), "education_owed")) >= 1);
	json_decref(j);
	/* Off by default. */
	rt_expect_vet(f, id, "2026-06-01", "");
	struct respons_rule r = {.active = 1};
	FX_OK(f, respons_rule_update(f->s, &f->who, "education_owed", &r, &f->err));
	rt_expect_vet(f, id, "2026-06-01", "education_owed");
	/* A threshold above what is owed. */
	json_t *p = json_pack("{s:i}", "max_owed", 5);
	struct respons_rule r2 = {.params = p, .active = -1};
	FX_OK(f, respons_rule_update(f->s, &f->who, "education_owed", &r2, &f->err));
	json_decref(p);
	rt_expect_vet(f, id, "2026-06-01", "");
}

static void test_vet_several_reasons_and_snapshot(void **state)
{
	struct fx *f = *state;
	int64_t id = rt_nominate(f, "C1", "2026-03-01");
	rt_assess(f, id, "差");
	rt_sanction(f, "C1", "removal", "2025-09-01", "2026-09-01", 0);
	rt_case(f, "ZF-7", "T1", "C1", "dining", "inspection", "2025-07-01", "substantiated",
		"2025-08-01");
	int64_t audit_before = fx_int(
	    f, "SELECT count(*) FROM audit_log WHERE action = 'vet' AND entity = 'nomination'");
	json_t *j = rt_vet(f, id, "2026-06-01");
	char got[256];
	rt_reasons(j, got, sizeof got);
	assert_string_equal(got, "promotion_ban,org_handling_2y,veto_case_3y,assessment_poor");
	json_t *r0 = json_array_get(json_object_get(j, "reasons"), 0);
	assert_true(strlen(json_string_value(json_object_get(r0, "basis"))) > 10);
	json_t *rec0 = json_array_get(json_object_get(r0, "records"), 0);
	assert_string_equal(json_string_value(json_object_get(rec0, "measure_code")), "removal");
	json_t *r2 = json_array_get(json_object_get(j, "reasons"), 2);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(r2, "records"), 0), "case_no")),
			    "ZF-7");
	/* Every active rule's verdict, fired or not (education_owed is off). */
	assert_int_equal(json_array_size(json_object_get(j, "rules")), 4);
	json_decref(j);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM nominations WHERE state = 'vetoed'"), 1);
	assert_int_equal(
	    fx_int(f,
		   "SELECT count(*) FROM audit_log WHERE action = 'vet' AND entity = 'nomination'"),
	    audit_before + 1);
	/* The snapshot keeps what the vetting saw, even after the records change. */
	struct zf_err err;
	assert_int_equal(store_run(f->s, &err, "DELETE FROM sanctions", ""), 0);
	FX_OK(f, respons_nomination_get(f->s, id, "2026-06-01", &j, &f->err));
	json_t *v = json_array_get(json_object_get(j, "vettings"), 0);
	assert_string_equal(json_string_value(json_object_get(v, "outcome")), "vetoed");
	json_t *snap = json_object_get(v, "snapshot");
	assert_int_equal(
	    json_array_size(json_object_get(json_object_get(snap, "record"), "sanctions")), 1);
	assert_int_equal(
	    json_array_size(json_object_get(json_object_get(j, "record"), "sanctions")), 0);
	json_decref(j);
}

static void test_rules_kept_by_office(void **state)
{
	struct fx *f = *state;
	json_t *rules = NULL;
	FX_OK(f, respons_rule_list(f->s, &rules, &f->err));
	assert_int_equal(json_array_size(rules), 5);
	json_t *r;
	size_t i;
	json_array_foreach(rules, i, r)
	    assert_true(strlen(json_string_value(json_object_get(r, "basis"))) > 0);
	json_decref(rules);
	json_t *p = json_pack("{s:i,s:i}", "min_tier", 3, "months", 12);
	struct respons_rule nr = {.code = "benefit_1y",
				  .name = "一年内受到取消奖励等处理",
				  .kind = "sanction_tier",
				  .params = p,
				  .basis = "区委规定",
				  .active = -1};
	FX_OK(f, respons_rule_create(f->s, &f->who, &nr, &f->err));
	FX_FAILS(f, respons_rule_create(f->s, &f->who, &nr, &f->err), ZF_ECONFLICT, "code");
	json_decref(p);
	json_t *bad[] = {json_pack("{s:i}", "min_tier", 9),
			 json_pack("{s:i}", "weeks", 3),
			 json_string("x"),
			 json_pack("{s:[]}", "tiers"),
			 json_pack("{s:[i,i]}", "tiers", 2, 6),
			 json_pack("{s:[i,i]}", "tiers", 2, 2),
			 json_pack("{s:[s]}", "tiers", "2"),
			 json_pack("{s:i}", "tiers", 2),
			 json_pack("{s:[i],s:i}", "tiers", 2, "min_tier", 2)};
	for (size_t k = 0; k < ARRAY_LEN(bad); k++) {
		struct respons_rule br = nr;
		br.code = "other";
		br.params = bad[k];
		FX_FAILS(f, respons_rule_create(f->s, &f->who, &br, &f->err), ZF_EINVAL, "params");
		json_decref(bad[k]);
	}
	struct respons_rule nb = nr;
	nb.code = "x y";
	FX_FAILS(f, respons_rule_create(f->s, &f->who, &nb, &f->err), ZF_EINVAL, "code");
	nb.code = "other";
	nb.kind = "mood";
	FX_FAILS(f, respons_rule_create(f->s, &f->who, &nb, &f->err), ZF_EINVAL, "kind");
	nb.kind = "assessment";
	nb.basis = "";
	FX_FAILS(f, respons_rule_create(f->s, &f->who, &nb, &f->err), ZF_EINVAL, "basis");
	struct respons_rule up = {.kind = "veto_case", .active = -1};
	FX_FAILS(f, respons_rule_update(f->s, &f->who, "benefit_1y", &up, &f->err), ZF_EINVAL,
		 "kind");
	FX_FAILS(f, respons_rule_update(f->s, &f->who, "nope", &up, &f->err), ZF_ENOTFOUND, NULL);
	json_t *got = NULL;
	FX_OK(f, respons_rule_get(f->s, "benefit_1y", &got, &f->err));
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(got, "params"), "months")), 12);
	json_decref(got);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE entity = 'veto_rule'"), 1);
}

/* The codes of the candidates of a nomination list, joined by ','. */
static void list_codes(struct fx *f, const struct respons_nomination_filter *flt, int64_t after,
		       int limit, char *out, size_t n)
{
	json_t *arr = NULL, *e;
	size_t i;
	FX_OK(f, respons_nomination_list(f->s, flt, after, limit, &arr, &f->err));
	out[0] = '\0';
	json_array_foreach(arr, i, e)
	{
		size_t len = strlen(out);
		snprintf(out + len, n - len, "%s%s", len ? "," : "",
			 json_string_value(json_object_get(e, "person_code")));
	}
	json_decref(arr);
}

static void test_nomination_list_and_scope(void **state)
{
	struct fx *f = *state;
	char got[256];
	int64_t t1 = 0, t2 = 0, m1 = 0, b1 = 0, dl = 0, c3 = 0;
	bool act;
	FX_OK(f, org_unit_find(f->s, "T1", &t1, &act, &f->err));
	FX_OK(f, org_unit_find(f->s, "T2", &t2, &act, &f->err));
	FX_OK(f, org_person_find(f->s, "M1", &m1, &act, &f->err));
	FX_OK(f, org_person_find(f->s, "B1", &b1, &act, &f->err));
	FX_OK(f, org_person_find(f->s, "DL", &dl, &act, &f->err));
	FX_OK(f, org_person_find(f->s, "C3", &c3, &act, &f->err));
	int64_t n1 = rt_nominate(f, "C1", "2026-03-01");
	rt_nominate(f, "C3", "2026-03-01");
	int64_t n3 = rt_nominate(f, "B1", "2026-03-01"); /* T2's main leader: DL signs */
	rt_assess(f, n1, "差");
	rt_expect_vet(f, n1, "2026-03-02", "assessment_poor");
	struct respons_nomination_filter all = {0};
	list_codes(f, &all, 0, 100, got, sizeof got);
	assert_string_equal(got, "C1,C3,B1");
	list_codes(f, &all, n1, 1, got, sizeof got);
	assert_string_equal(got, "C3");
	struct respons_nomination_filter vetoed = {.state = "vetoed"};
	list_codes(f, &vetoed, 0, 100, got, sizeof got);
	assert_string_equal(got, "C1");
	struct respons_nomination_filter person = {.person_id = c3};
	list_codes(f, &person, 0, 100, got, sizeof got);
	assert_string_equal(got, "C3");
	/* A unit-scoped account of T2: its unit's candidates. Of T1 with M1's person: T1's. */
	struct respons_nomination_filter scope2 = {.unit_id = t2, .supervisor_id = b1};
	list_codes(f, &scope2, 0, 100, got, sizeof got);
	assert_string_equal(got, "C3,B1");
	struct respons_nomination_filter scope1 = {.unit_id = t1, .supervisor_id = m1};
	list_codes(f, &scope1, 0, 100, got, sizeof got);
	assert_string_equal(got, "C1");
	/* An account of another unit linked to the supervisor sees what it is to sign. */
	struct respons_nomination_filter scope_dl = {.unit_id = t1, .supervisor_id = dl};
	list_codes(f, &scope_dl, 0, 100, got, sizeof got);
	assert_string_equal(got, "C1,B1");
	int64_t unit = 0, sup = 0;
	FX_OK(f, respons_nomination_scope(f->s, n3, &unit, &sup, &f->err));
	assert_int_equal(unit, t2);
	assert_int_equal(sup, dl);
	FX_FAILS(f, respons_nomination_scope(f->s, 77, &unit, &sup, &f->err), ZF_ENOTFOUND, NULL);
}

static void test_date_arithmetic(void **state)
{
	(void)state;
	char out[11];
	assert_true(respons_date_add_months("2024-02-29", 12, out));
	assert_string_equal(out, "2025-02-28");
	assert_true(respons_date_add_months("2026-01-31", 1, out));
	assert_string_equal(out, "2026-02-28");
	assert_true(respons_date_add_months("2026-06-15", -24, out));
	assert_string_equal(out, "2024-06-15");
	assert_true(respons_date_add_days("2028-01-15", -1, out));
	assert_string_equal(out, "2028-01-14");
	assert_true(respons_date_add_days("2024-02-28", 1, out));
	assert_string_equal(out, "2024-02-29");
	assert_true(respons_date_add_days("2026-12-31", 1, out));
	assert_string_equal(out, "2027-01-01");
	assert_false(respons_date_add_days("2026-02-30", 1, out));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_nominate_proposes_supervisor, rt_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_nominate_validation, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_vet_needs_assessment, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rule_promotion_ban, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rule_sanction_tier, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rule_veto_case, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rule_veto_case_as_leader, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rule_assessment, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rule_education_owed, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_vet_several_reasons_and_snapshot, rt_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_rules_kept_by_office, rt_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_nomination_list_and_scope, rt_setup, fx_teardown),
	    cmocka_unit_test(test_date_arithmetic),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
