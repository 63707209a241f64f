/* test_eval_more.c: eval_more.h at the domain layer: the indicator library, process, self
 * and adjustment entry (validation, upserts, confirmation and what the ranking counts),
 * accountability proposals (main leader or next in chain, needs_review, idempotence,
 * confirm / dismiss, superseding), the target assessment, the collusion report (a planted
 * reciprocal pair, a planted bloc, a far rater, honest raters left alone) and the
 * sensitivity report (a weight that matters, one that does not, and the scoring
 * example's worst units). */
#include "ranktest.h"
#include "eval/eval_more.h"
#include "org/org.h"

#define FAILS(f, call, want_code, want_field)                                                      \
	do {                                                                                       \
		zf_err_clear(&(f)->err);                                                           \
		int rc_ = (call);                                                                  \
		if (rc_ != (want_code) || strcmp((f)->err.field, (want_field)))                    \
			fail_msg("%s: got %d field '%s' (%s), want %d field '%s'", #call, rc_,     \
				 (f)->err.field, (f)->err.msg, want_code, want_field);             \
	} while (0)

static int64_t count(struct rfx *f, const char *sql, const char *fmt, ...)
{
	/* one integer of a query taking at most one text parameter */
	int64_t n = -1;
	va_list ap;
	va_start(ap, fmt);
	const char *a = *fmt ? va_arg(ap, const char *) : NULL;
	va_end(ap);
	if (*fmt)
		RFX_OK(f, store_query_int(f->s, &f->err, &n, sql, "t", a));
	else
		RFX_OK(f, store_query_int(f->s, &f->err, &n, sql, ""));
	return n;
}

/* The last audit entry's action, entity and changes. */
static void last_audit(struct rfx *f, char *action, char *entity, char *changes, size_t n)
{
	struct stmt *st = store_prepare(
	    f->s, "SELECT action, entity, changes FROM audit_log ORDER BY id DESC LIMIT 1",
	    &f->err);
	assert_non_null(st);
	assert_int_equal(stmt_step(st, &f->err), STORE_ROW);
	snprintf(action, 32, "%s", stmt_text(st, 0));
	snprintf(entity, 32, "%s", stmt_text(st, 1));
	snprintf(changes, n, "%s", stmt_text(st, 2));
	stmt_reset(st);
}

/* ==== the indicator library ==== */

static void test_library_seed(void **state)
{
	struct rfx *f = *state;
	json_t *arr = NULL, *e;
	size_t i;
	int common = 0, specific = 0;
	static const char *codes[] = {"sixiang",  "fuwu",      "huanjing", "xiaoneng",	"lianjie",
				      "xuexi",	  "lingdao",   "weimin",   "zunzhang",	"jingshen",
				      "taidu",	  "xingxiang", "gongzuo",  "qingzheng", "lvzhi",
				      "zhizheng", "renwu"};
	RFX_OK(f, eval_library_list(f->s, &arr, &f->err));
	assert_int_equal(json_array_size(arr), 17);
	json_array_foreach(arr, i, e)
	{
		const char *kind = json_string_value(json_object_get(e, "kind"));
		assert_string_equal(json_string_value(json_object_get(e, "code")), codes[i]);
		assert_true(strlen(json_string_value(json_object_get(e, "description"))) > 20);
		common += !strcmp(kind, "common");
		specific += !strcmp(kind, "specific");
		/* common indicators come first */
		assert_string_equal(kind, i < 5 ? "common" : "specific");
	}
	assert_int_equal(common, 5);
	assert_int_equal(specific, 12);
	json_decref(arr);
	RFX_OK(f, eval_library_get(f->s, "renwu", &e, &f->err));
	assert_string_equal(json_string_value(json_object_get(e, "name")), "任务完成情况");
	assert_string_equal(json_string_value(json_object_get(e, "kind_zh")), "个性指标");
	json_decref(e);
	/* every indicator of the scoring example's round is in the library */
	char path[512];
	snprintf(path, sizeof path, "%s/tests/cli/data/scoring-example/round.json", ZF_SOURCE_DIR);
	json_t *round = json_load_file(path, 0, NULL), *list, *ind;
	const char *cat;
	assert_non_null(round);
	json_object_foreach(json_object_get(round, "indicators"), cat, list)
	{
		json_array_foreach(list, i, ind)
		{
			json_t *lib = NULL;
			RFX_OK(f, eval_library_get(f->s,
						   json_string_value(json_object_get(ind, "code")),
						   &lib, &f->err));
			assert_string_equal(json_string_value(json_object_get(lib, "name")),
					    json_string_value(json_object_get(ind, "name")));
			json_decref(lib);
		}
	}
	json_decref(round);
}

static void test_library_create_update(void **state)
{
	struct rfx *f = *state;
	char action[32], entity[32], changes[1024];
	json_t *j = NULL;
	struct eval_libind in = {.code = "anquan",
				 .name = "安全生产",
				 .kind = "specific",
				 .description = "安全生产责任落实情况"};
	RFX_OK(f, eval_library_create(f->s, &f->who, &in, &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "create");
	assert_string_equal(entity, "indicator");
	FAILS(f, eval_library_create(f->s, &f->who, &in, &f->err), ZF_ECONFLICT, "code");
	struct eval_libind bad = in;
	bad.code = "9x";
	FAILS(f, eval_library_create(f->s, &f->who, &bad, &f->err), ZF_EINVAL, "code");
	bad = in;
	bad.code = "y1";
	bad.kind = "both";
	FAILS(f, eval_library_create(f->s, &f->who, &bad, &f->err), ZF_EINVAL, "kind");
	bad.kind = "common";
	bad.description = "  ";
	FAILS(f, eval_library_create(f->s, &f->who, &bad, &f->err), ZF_EINVAL, "description");
	bad.description = "x";
	bad.name = NULL;
	FAILS(f, eval_library_create(f->s, &f->who, &bad, &f->err), ZF_EINVAL, "name");
	assert_int_equal(count(f, "SELECT count(*) FROM indicators", ""), 18);

	struct eval_libind up = {.description = "安全生产责任制落实、隐患排查整改情况",
				 .active = 0};
	RFX_OK(f, eval_library_update(f->s, &f->who, "anquan", &up, &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "update");
	assert_non_null(strstr(changes, "\"from\":\"安全生产责任落实情况\""));
	assert_non_null(strstr(changes, "\"active\""));
	RFX_OK(f, eval_library_get(f->s, "anquan", &j, &f->err));
	assert_false(json_is_true(json_object_get(j, "active")));
	assert_string_equal(json_string_value(json_object_get(j, "name")), "安全生产");
	json_decref(j);
	struct eval_libind none = {.active = -1};
	FAILS(f, eval_library_update(f->s, &f->who, "nosuch", &none, &f->err), ZF_ENOTFOUND,
	      "code");
	none.kind = "odd";
	FAILS(f, eval_library_update(f->s, &f->who, "anquan", &none, &f->err), ZF_EINVAL, "kind");
	none.kind = NULL;
	none.code = "other";
	FAILS(f, eval_library_update(f->s, &f->who, "anquan", &none, &f->err), ZF_EINVAL, "code");
}

/* ==== process, self, adjustments ==== */

static void test_process_put(void **state)
{
	struct rfx *f = *state;
	char action[32], entity[32], changes[1024];
	bool created = false;
	json_t *arr = NULL;
	rfx_std_round(f, 0);
	RFX_OK(f, eval_process_put(f->s, &f->who, "R1", "T1", "monthly", "2026-01", 80, &created,
				   &f->err));
	assert_true(created);
	RFX_OK(f,
	       eval_process_put(f->s, &f->who, "R1", "T1", "年度", "2026", 70, &created, &f->err));
	assert_true(created);
	/* the same key again changes the score, audited with the old one */
	RFX_OK(f, eval_process_put(f->s, &f->who, "R1", "T1", "monthly", "2026-01", 90, &created,
				   &f->err));
	assert_false(created);
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "update");
	assert_string_equal(entity, "process_score");
	assert_non_null(strstr(changes, "\"from\":80"));
	assert_non_null(strstr(changes, "\"to\":90"));
	assert_int_equal(count(f, "SELECT count(*) FROM process_scores", ""), 2);

	FAILS(f, eval_process_put(f->s, &f->who, "R1", "T1", "weekly", "w1", 50, NULL, &f->err),
	      ZF_EINVAL, "period_type");
	FAILS(f, eval_process_put(f->s, &f->who, "R1", "T1", "daily", "", 50, NULL, &f->err),
	      ZF_EINVAL, "period");
	FAILS(f, eval_process_put(f->s, &f->who, "R1", "T1", "daily", "d1", 100.5, NULL, &f->err),
	      ZF_EINVAL, "score");
	FAILS(f, eval_process_put(f->s, &f->who, "R1", "T1", "daily", "d1", NAN, NULL, &f->err),
	      ZF_EINVAL, "score");
	FAILS(f, eval_process_put(f->s, &f->who, "R1", "ZZ", "daily", "d1", 50, NULL, &f->err),
	      ZF_EINVAL, "unit");
	FAILS(f, eval_process_put(f->s, &f->who, "R1", "X1", "daily", "d1", 50, NULL, &f->err),
	      ZF_EINVAL, "unit"); /* inactive */
	FAILS(f, eval_process_put(f->s, &f->who, "R1", "P1", "daily", "d1", 50, NULL, &f->err),
	      ZF_EINVAL, "unit"); /* no indicator list for its category */
	FAILS(f, eval_process_put(f->s, &f->who, "R9", "T1", "daily", "d1", 50, NULL, &f->err),
	      ZF_ENOTFOUND, "round");
	assert_int_equal(count(f, "SELECT count(*) FROM process_scores", ""), 2);

	/* the ranking uses them: P = (30 x 90 + 30 x 70) / 60 with the default periods */
	struct eval_ranking r;
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_near(rfx_row(&r, "T1")->res.p, 80);
	eval_ranking_free(&r);

	RFX_OK(f, eval_process_list(f->s, "R1", "T1", &arr, &f->err));
	assert_int_equal(json_array_size(arr), 2);
	assert_string_equal(
	    json_string_value(json_object_get(json_array_get(arr, 0), "period_type")), "monthly");
	json_decref(arr);
	RFX_OK(f, eval_process_list(f->s, "R1", "T2", &arr, &f->err));
	assert_int_equal(json_array_size(arr), 0);
	json_decref(arr);

	/* a closed round takes nothing */
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "open", NULL, &f->err));
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "close", NULL, &f->err));
	FAILS(f, eval_process_put(f->s, &f->who, "R1", "T1", "daily", "d1", 50, NULL, &f->err),
	      ZF_ECONFLICT, "round");
}

static void test_self_confirmation(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	struct actor lead = test_actor("lead");
	char action[32], entity[32], changes[1024];
	json_t *arr = NULL;
	rfx_std_round(f, 0);
	rfx_process(f, "T1", "annual", "2026", 60);
	struct eval_self_in unconf = {.has_self = true, .self = 90, .has_eff = true, .eff = 80};
	RFX_OK(f, eval_self_put(f->s, &lead, "R1", "T1", &unconf, &f->err));
	/* an unconfirmed row does not count */
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_false(rfx_row(&r, "T1")->has_self);
	assert_near(rfx_row(&r, "T1")->res.total, 60);
	eval_ranking_free(&r);
	RFX_OK(f, eval_self_list(f->s, "R1", NULL, &arr, &f->err));
	assert_int_equal(json_array_size(arr), 1);
	assert_false(json_is_true(json_object_get(json_array_get(arr, 0), "confirmed")));
	json_decref(arr);
	/* the leader may correct it while it is unconfirmed */
	unconf.self = 85;
	RFX_OK(f, eval_self_put(f->s, &lead, "R1", "T1", &unconf, &f->err));
	RFX_OK(f, eval_self_confirm(f->s, &f->who, "R1", "T1", &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "confirm");
	assert_string_equal(entity, "self_score");
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_true(rfx_row(&r, "T1")->has_self);
	assert_near(rfx_row(&r, "T1")->self, 85);
	assert_near(rfx_row(&r, "T1")->res.total, (60 + 85 + 80) / 3.0);
	eval_ranking_free(&r);
	/* once confirmed, only the office changes it */
	unconf.self = 99;
	FAILS(f, eval_self_put(f->s, &lead, "R1", "T1", &unconf, &f->err), ZF_ECONFLICT,
	      "confirmed");
	FAILS(f, eval_self_confirm(f->s, &f->who, "R1", "T1", &f->err), ZF_ECONFLICT, "unit");
	struct eval_self_in office = {
	    .has_self = false, .has_eff = true, .eff = 70, .confirmed = true};
	RFX_OK(f, eval_self_put(f->s, &f->who, "R1", "T1", &office, &f->err));
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_false(rfx_row(&r, "T1")->has_self); /* null: missing */
	assert_near(rfx_row(&r, "T1")->eff, 70);
	eval_ranking_free(&r);
	FAILS(f, eval_self_confirm(f->s, &f->who, "R1", "T2", &f->err), ZF_ENOTFOUND, "unit");
	struct eval_self_in bad = {.has_self = true, .self = -1};
	FAILS(f, eval_self_put(f->s, &lead, "R1", "T2", &bad, &f->err), ZF_EINVAL, "self");
	bad = (struct eval_self_in){.has_eff = true, .eff = 101};
	FAILS(f, eval_self_put(f->s, &lead, "R1", "T2", &bad, &f->err), ZF_EINVAL, "efficiency");
	assert_int_equal(count(f, "SELECT count(*) FROM self_scores", ""), 1);
}

static void test_adjustment_add(void **state)
{
	struct rfx *f = *state;
	struct eval_ranking r;
	int64_t id = 0;
	json_t *arr = NULL;
	rfx_std_round(f, 0);
	rfx_process(f, "T1", "annual", "2026", 80);
	rfx_process(f, "T2", "annual", "2026", 70);
	struct eval_adjust_in in = {.unit = "T1", .points = 3.5, .reason = "暗访发现脱岗"};
	RFX_OK(f, eval_adjustment_add(f->s, &f->who, "R1", &in, &id, &f->err));
	assert_true(id > 0);
	in.points = 1;
	in.no_excellent = true;
	RFX_OK(f, eval_adjustment_add(f->s, &f->who, "R1", &in, NULL, &f->err));
	struct eval_adjust_in veto = {.unit = "T2", .veto = true, .reason = "一票否决"};
	RFX_OK(f, eval_adjustment_add(f->s, &f->who, "R1", &veto, NULL, &f->err));
	RFX_OK(f, eval_rank(f->s, "R1", &r, &f->err));
	assert_near(rfx_row(&r, "T1")->res.deduction, 4.5);
	assert_true(rfx_row(&r, "T1")->no_excellent);
	assert_true(rfx_row(&r, "T2")->veto);
	eval_ranking_free(&r);
	RFX_OK(f, eval_adjustment_list(f->s, "R1", "T1", &arr, &f->err));
	assert_int_equal(json_array_size(arr), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(arr, 0), "source")),
			    "manual");
	json_decref(arr);

	struct eval_adjust_in bad = {.unit = "T1", .points = 1, .reason = " "};
	FAILS(f, eval_adjustment_add(f->s, &f->who, "R1", &bad, NULL, &f->err), ZF_EINVAL,
	      "reason");
	bad.reason = NULL;
	FAILS(f, eval_adjustment_add(f->s, &f->who, "R1", &bad, NULL, &f->err), ZF_EINVAL,
	      "reason");
	bad = (struct eval_adjust_in){.unit = "T1", .points = -1, .reason = "x"};
	FAILS(f, eval_adjustment_add(f->s, &f->who, "R1", &bad, NULL, &f->err), ZF_EINVAL,
	      "points");
	bad = (struct eval_adjust_in){.unit = "Q1", .points = 1, .reason = "x"};
	FAILS(f, eval_adjustment_add(f->s, &f->who, "R1", &bad, NULL, &f->err), ZF_EINVAL, "unit");
	assert_int_equal(count(f, "SELECT count(*) FROM adjustments", ""), 3);
	assert_int_equal(
	    count(f, "SELECT count(*) FROM audit_log WHERE entity = ?", "t", "adjustment"), 3);
}

/* ==== accountability ==== */

static void person(struct rfx *f, const char *code, const char *name, const char *unit)
{
	struct org_person p = {.code = code,
			       .name = name,
			       .gender = "男",
			       .birth_date = "1980-05-01",
			       .unit = unit,
			       .rank = "正科",
			       .post = "书记"};
	RFX_OK(f, org_person_create(f->s, &f->who, &p, &f->err));
}

static void team(struct rfx *f, const char *unit, const char *code, const char *role)
{
	struct org_team_member m = {.unit = unit, .person = code, .role = role};
	RFX_OK(f, org_team_add(f->s, &f->who, &m, &f->err));
}

/* Town: T1 90s, T2 80s, T3 clearly last (30s); dept: D1 and D2 a hair apart, so that last
 * place there is uncertain. T3 has a main leader; D2 (or D1) has only a deputy. */
static void account_fixture(struct rfx *f)
{
	rfx_std_round(f, 200);
	const struct {
		const char *unit;
		int v0, v1;
	} d[] = {{"T1", 90, 92}, {"T2", 80, 82}, {"T3", 30, 32}};
	for (size_t k = 0; k < ARRAY_LEN(d); k++)
		for (int b = 0; b < 6; b++) {
			uint8_t r[2] = {(uint8_t)(d[k].v0 + b % 3), (uint8_t)(d[k].v1 - b % 2)};
			rfx_ballot(f, d[k].unit, 0, r, 2);
			rfx_ballot(f, d[k].unit, 1, r, 2);
		}
	/* dept: wide spreads, means 70.0 and 70.5 */
	for (int b = 0; b < 6; b++) {
		uint8_t a = (uint8_t)(b % 2 ? 90 : 50), c = (uint8_t)(b % 2 ? 91 : 50);
		rfx_ballot(f, "D1", 0, &a, 1);
		rfx_ballot(f, "D1", 1, &a, 1);
		rfx_ballot(f, "D2", 0, &c, 1);
		rfx_ballot(f, "D2", 1, &c, 1);
	}
	person(f, "PT3", "王五", "T3");
	person(f, "PT3B", "赵六", "T3");
	person(f, "PD1", "钱七", "D1");
	person(f, "PD2", "孙八", "D2");
	team(f, "T3", "PT3", "main");
	team(f, "T3", "PT3B", "deputy");
	team(f, "D1", "PD1", "deputy");
	team(f, "D2", "PD2", "deputy");
}

static json_t *find_unit(json_t *arr, const char *unit)
{
	json_t *e;
	size_t i;
	json_array_foreach(arr, i, e)
	{
		json_t *u = json_object_get(e, "unit");
		const char *c = json_is_object(u) ? json_string_value(json_object_get(u, "code"))
						  : json_string_value(u);
		if (c && !strcmp(c, unit))
			return e;
	}
	return NULL;
}

static void test_proposals(void **state)
{
	struct rfx *f = *state;
	struct eval_gen_result g;
	char action[32], entity[32], changes[2048];
	json_t *arr = NULL;
	account_fixture(f);
	/* only on final results */
	FAILS(f, eval_proposals_generate(f->s, &f->who, "R1", &g, &f->err), ZF_ECONFLICT, "round");
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "open", NULL, &f->err));
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "close", NULL, &f->err));
	RFX_OK(f, eval_proposals_generate(f->s, &f->who, "R1", &g, &f->err));
	assert_int_equal(g.created, 2);
	assert_int_equal(g.updated + g.kept + g.superseded, 0);
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(entity, "proposal");
	assert_string_equal(action, "create");

	RFX_OK(f, eval_proposals_list(f->s, "R1", &arr, &f->err));
	assert_int_equal(json_array_size(arr), 2);
	json_t *t3 = find_unit(arr, "T3"), *d = find_unit(arr, "D1");
	assert_non_null(t3);
	assert_non_null(d);
	assert_null(find_unit(arr, "T1"));
	/* T3: its main leader, certain */
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(t3, "person"), "code")), "PT3");
	assert_string_equal(json_string_value(json_object_get(t3, "relation")), "main_leader");
	assert_false(json_is_true(json_object_get(t3, "main_leader_missing")));
	assert_int_equal(json_integer_value(json_object_get(t3, "rank")), 3);
	assert_int_equal(json_integer_value(json_object_get(t3, "ranked")), 3);
	assert_true(json_real_value(json_object_get(t3, "p_last")) >= 0.9);
	assert_false(json_is_true(json_object_get(t3, "needs_review")));
	assert_true(json_is_null(json_object_get(t3, "review_notice")));
	assert_string_equal(json_string_value(json_object_get(t3, "status")), "proposed");
	/* D1 (70.0 against 70.5): uncertain, and no main leader: the next in chain */
	assert_true(json_real_value(json_object_get(d, "p_last")) < 0.9);
	assert_true(json_is_true(json_object_get(d, "needs_review")));
	assert_non_null(strstr(json_string_value(json_object_get(d, "review_notice")), "需复核"));
	assert_true(json_is_true(json_object_get(d, "main_leader_missing")));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(d, "person"), "code")), "PD1");
	assert_string_equal(json_string_value(json_object_get(d, "relation")), "team_member");
	assert_non_null(strstr(json_string_value(json_object_get(d, "leader_notice")), "钱七"));
	int64_t t3_id = json_integer_value(json_object_get(t3, "id"));
	int64_t d_id = json_integer_value(json_object_get(d, "id"));
	json_decref(arr);

	/* generating again changes nothing and duplicates nothing */
	int64_t audits = count(f, "SELECT count(*) FROM audit_log", "");
	RFX_OK(f, eval_proposals_generate(f->s, &f->who, "R1", &g, &f->err));
	assert_int_equal(g.created + g.updated + g.kept + g.superseded, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM proposals", ""), 2);
	assert_int_equal(count(f, "SELECT count(*) FROM audit_log", ""), audits);

	/* confirm once; twice is a conflict; dismiss needs a reason */
	RFX_OK(f, eval_proposal_confirm(f->s, &f->who, t3_id, EM_ADMONISHMENT_TALK, "年底前谈话",
					&f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "confirm");
	assert_non_null(strstr(changes, "admonishment_talk"));
	FAILS(f,
	      eval_proposal_confirm(f->s, &f->who, t3_id, EM_ORGANISATIONAL_ADJUSTMENT, NULL,
				    &f->err),
	      ZF_ECONFLICT, "status");
	FAILS(f, eval_proposal_dismiss(f->s, &f->who, t3_id, "x", &f->err), ZF_ECONFLICT, "status");
	FAILS(f, eval_proposal_dismiss(f->s, &f->who, d_id, "  ", &f->err), ZF_EINVAL, "reason");
	FAILS(f, eval_proposal_confirm(f->s, &f->who, 999, EM_ADMONISHMENT_TALK, NULL, &f->err),
	      ZF_ENOTFOUND, "id");
	RFX_OK(f, eval_proposal_dismiss(f->s, &f->who, d_id, "差距在误差范围内", &f->err));
	json_t *p = NULL;
	RFX_OK(f, eval_proposal_get(f->s, t3_id, &p, &f->err));
	assert_string_equal(json_string_value(json_object_get(p, "status")), "confirmed");
	assert_string_equal(json_string_value(json_object_get(p, "measure_zh")), "诫勉谈话");
	assert_string_equal(json_string_value(json_object_get(p, "note")), "年底前谈话");
	assert_string_equal(json_string_value(json_object_get(p, "decided_by")), "office1");
	json_decref(p);
	RFX_OK(f, eval_proposal_get(f->s, d_id, &p, &f->err));
	assert_string_equal(json_string_value(json_object_get(p, "status")), "dismissed");
	assert_string_equal(json_string_value(json_object_get(p, "reason")), "差距在误差范围内");
	json_decref(p);
	/* decided proposals stand when generating again */
	RFX_OK(f, eval_proposals_generate(f->s, &f->who, "R1", &g, &f->err));
	assert_int_equal(g.kept, 2);
	assert_int_equal(g.created + g.updated, 0);
	assert_int_equal(count(f, "SELECT count(*) FROM proposals WHERE status = 'confirmed'", ""),
			 1);
}

static void test_proposals_supersede(void **state)
{
	struct rfx *f = *state;
	struct eval_gen_result g;
	json_t *arr = NULL;
	account_fixture(f);
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "open", NULL, &f->err));
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "close", NULL, &f->err));
	RFX_OK(f, eval_proposals_generate(f->s, &f->who, "R1", &g, &f->err));
	/* reopened, T1 is vetoed: T1 is now last in town, T3 no longer */
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "reopen", "复核", &f->err));
	rfx_adjust(f, "T1", 0, 1, 0);
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "close", NULL, &f->err));
	RFX_OK(f, eval_proposals_generate(f->s, &f->who, "R1", &g, &f->err));
	assert_int_equal(g.created, 1);
	assert_int_equal(g.superseded, 1);
	RFX_OK(f, eval_proposals_list(f->s, "R1", &arr, &f->err));
	assert_int_equal(json_array_size(arr), 3);
	assert_string_equal(json_string_value(json_object_get(find_unit(arr, "T3"), "status")),
			    "superseded");
	json_t *t1 = find_unit(arr, "T1");
	assert_string_equal(json_string_value(json_object_get(t1, "status")), "proposed");
	/* T1 has nobody in its chain */
	assert_true(json_is_null(json_object_get(t1, "person")));
	assert_true(json_is_true(json_object_get(t1, "main_leader_missing")));
	json_decref(arr);
	/* a superseded proposal cannot be confirmed */
	int64_t id = 0;
	RFX_OK(f, store_query_int(f->s, &f->err, &id,
				  "SELECT p.id FROM proposals p JOIN units u ON u.id = p.unit_id"
				  " WHERE u.code = 'T3'",
				  ""));
	FAILS(f, eval_proposal_confirm(f->s, &f->who, id, EM_ADMONISHMENT_TALK, NULL, &f->err),
	      ZF_ECONFLICT, "status");
}

static void test_target_assessment(void **state)
{
	struct rfx *f = *state;
	json_t *j = NULL;
	account_fixture(f);
	FAILS(f, eval_target_assessment(f->s, "R1", &j, &f->err), ZF_ECONFLICT, "round");
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "open", NULL, &f->err));
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "close", NULL, &f->err));
	FAILS(f, eval_target_assessment(f->s, "R1", &j, &f->err), ZF_ECONFLICT, "round");
	RFX_OK(f, eval_round_transition(f->s, &f->who, "R1", "publish", NULL, &f->err));
	RFX_OK(f, eval_target_assessment(f->s, "R1", &j, &f->err));
	json_t *units = json_object_get(j, "units");
	assert_int_equal(json_array_size(units), 5);
	json_t *t1 = find_unit(units, "T1"), *t3 = find_unit(units, "T3");
	assert_true(json_is_true(json_object_get(t1, "feeds_target")));
	assert_int_equal(json_integer_value(json_object_get(t1, "rank")), 1);
	assert_string_equal(json_string_value(json_object_get(t3, "grade")), "poor");
	assert_string_equal(json_string_value(json_object_get(t3, "grade_zh")), "较差");
	assert_true(json_real_value(json_object_get(t3, "total")) < 40);
	json_decref(j);
	FAILS(f, eval_target_assessment(f->s, "R9", &j, &f->err), ZF_ENOTFOUND, "round");
}

/* ==== collusion ==== */

/* Category mut with units M1..Mn and a round over it: two indicators, a mutual group. */
static void collusion_fixture(struct rfx *f, int n)
{
	RFX_RUN(f, "INSERT INTO categories(code, name, kind) VALUES ('mut', '互评类', 'dept')", "");
	for (int i = 1; i <= n; i++) {
		char code[16];
		snprintf(code, sizeof code, "M%d", i);
		RFX_RUN(f,
			"INSERT INTO units(code, name, category_id) SELECT ?, ?, id FROM categories"
			" WHERE code = 'mut'",
			"tt", code, code);
	}
	rfx_round(f, "{\"code\":\"C1\",\"name\":\"互评\",\"trim_ratio\":0,"
		     "\"groups\":[{\"code\":\"pub\",\"weight\":50,\"min_ballots\":1},"
		     "{\"code\":\"mutual\",\"weight\":50,\"min_ballots\":1,\"mutual\":true}],"
		     "\"indicators\":{\"mut\":[{\"code\":\"a\",\"weight\":1},"
		     "{\"code\":\"b\",\"weight\":3}],"
		     "\"town\":[{\"code\":\"a\",\"weight\":1}],"
		     "\"dept\":[{\"code\":\"a\",\"weight\":1}]}}");
}

static void mutual_ballot(struct rfx *f, int rater, int rated, int score)
{
	static int64_t next = 1;
	char a[16], b[16];
	/* two indicators rated score-1 and score+1 (weights 1 and 3): ballot score + 0.5 */
	uint8_t r[2] = {(uint8_t)(score - 1), (uint8_t)(score + 1)};
	snprintf(a, sizeof a, "M%d", rated);
	snprintf(b, sizeof b, "M%d", rater);
	struct stmt *st = store_prepare(
	    f->s,
	    "INSERT INTO ballots(round_id, unit_id, grp, id, channel, rater_unit_id, day, ratings)"
	    " SELECT ?, u.id, 1, ?, 'mutual', v.id, '2026-12-01', ? FROM units u, units v"
	    " WHERE u.code = ? AND v.code = ?",
	    &f->err);
	assert_non_null(st);
	stmt_bind_int(st, 1, f->round_id);
	stmt_bind_int(st, 2, next++ * 7919);
	stmt_bind_blob(st, 3, r, 2);
	stmt_bind_text(st, 4, a);
	stmt_bind_text(st, 5, b);
	assert_int_equal(stmt_step(st, &f->err), STORE_DONE);
	stmt_reset(st);
}

static bool in_bloc(int u)
{
	return u >= 4 && u <= 6;
}

/* Every unit rates every other twice: the true level 40 + 3u, a small deterministic noise;
 * M1 and M2 add 30 to each other, M4 M5 M6 add 30 to one another, M9 marks everyone 25
 * below the truth. */
static void plant(struct rfx *f)
{
	for (int r = 1; r <= 9; r++)
		for (int u = 1; u <= 9; u++) {
			if (r == u)
				continue;
			for (int k = 0; k < 2; k++) {
				int v = 40 + 3 * u + ((r * 7 + u * 3 + k) % 5) - 2;
				if ((r == 1 && u == 2) || (r == 2 && u == 1) ||
				    (in_bloc(r) && in_bloc(u)))
					v += 30;
				if (r == 9)
					v -= 25;
				mutual_ballot(f, r, u, v);
			}
		}
}

static bool has_pair(json_t *pairs, const char *a, const char *b)
{
	json_t *e;
	size_t i;
	json_array_foreach(pairs, i, e)
	{
		json_t *u = json_object_get(e, "units");
		if (!strcmp(json_string_value(json_array_get(u, 0)), a) &&
		    !strcmp(json_string_value(json_array_get(u, 1)), b))
			return true;
	}
	return false;
}

static void test_collusion(void **state)
{
	struct rfx *f = *state;
	json_t *j = NULL;
	collusion_fixture(f, 9);
	plant(f);
	/* a ballot of a non-mutual group about the same units plays no part */
	uint8_t pub[2] = {0, 0};
	rfx_ballot(f, "M3", 0, pub, 2);
	RFX_OK(f, eval_report_collusion(f->s, "C1", EVAL_COLLUSION_THRESHOLD,
					EVAL_COLLUSION_RATER_THRESHOLD, &j, &f->err));
	assert_int_equal(json_integer_value(json_object_get(j, "ballots")), 9 * 8 * 2);
	assert_int_equal(json_integer_value(json_object_get(j, "pairs")), 9 * 8);
	json_t *pairs = json_object_get(j, "reciprocal_pairs");
	assert_int_equal(json_array_size(pairs), 4);
	assert_true(has_pair(pairs, "M1", "M2"));
	assert_true(has_pair(pairs, "M4", "M5"));
	assert_true(has_pair(pairs, "M4", "M6"));
	assert_true(has_pair(pairs, "M5", "M6"));
	/* the numbers behind the flag: M1 -> M2 about 30 above the rest */
	json_t *fw = json_object_get(json_array_get(pairs, 0), "forward");
	assert_string_equal(json_string_value(json_object_get(fw, "rater")), "M1");
	assert_int_equal(json_integer_value(json_object_get(fw, "ballots")), 2);
	assert_int_equal(json_integer_value(json_object_get(fw, "others_ballots")), 14);
	double ex = json_real_value(json_object_get(fw, "excess"));
	assert_true(ex > 25 && ex < 40);
	assert_near(ex, json_real_value(json_object_get(fw, "mean")) -
			    json_real_value(json_object_get(fw, "others_mean")));
	/* one bloc of three; the pair M1-M2 is not a bloc */
	json_t *blocs = json_object_get(j, "blocs");
	assert_int_equal(json_array_size(blocs), 1);
	json_t *bu = json_object_get(json_array_get(blocs, 0), "units");
	assert_int_equal(json_array_size(bu), 3);
	const char *want[] = {"M4", "M5", "M6"}; /* by code */
	for (size_t k = 0; k < 3; k++)
		assert_string_equal(json_string_value(json_array_get(bu, k)), want[k]);
	assert_int_equal(json_array_size(json_object_get(json_array_get(blocs, 0), "pairs")), 6);
	/* the far rater is flagged, the honest and even the colluding raters are not */
	json_t *raters = json_object_get(j, "raters");
	assert_int_equal(json_array_size(raters), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(raters, 0), "unit")),
			    "M9");
	assert_true(json_real_value(json_object_get(json_array_get(raters, 0), "mean_deviation")) <
		    -15);
	/* nothing but aggregates: no ballot's rating appears as such */
	char *text = json_dumps(j, 0);
	assert_null(strstr(text, "\"ratings\""));
	assert_null(strstr(text, "\"score\""));
	free(text);
	json_decref(j);

	/* a higher threshold flags nothing; a bad one is refused */
	RFX_OK(f, eval_report_collusion(f->s, "C1", 45, 60, &j, &f->err));
	assert_int_equal(json_array_size(json_object_get(j, "reciprocal_pairs")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "blocs")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "raters")), 0);
	json_decref(j);
	FAILS(f, eval_report_collusion(f->s, "C1", -1, 15, &j, &f->err), ZF_EINVAL, "threshold");
	FAILS(f, eval_report_collusion(f->s, "C1", 10, 101, &j, &f->err), ZF_EINVAL,
	      "rater_threshold");
	FAILS(f, eval_report_collusion(f->s, "C9", 10, 15, &j, &f->err), ZF_ENOTFOUND, "round");
}

static void test_collusion_honest(void **state)
{
	struct rfx *f = *state;
	json_t *j = NULL;
	collusion_fixture(f, 9);
	for (int r = 1; r <= 9; r++)
		for (int u = 1; u <= 9; u++)
			if (r != u)
				mutual_ballot(f, r, u, 60 + 3 * u + ((r * 5 + u) % 7) - 3);
	RFX_OK(f, eval_report_collusion(f->s, "C1", EVAL_COLLUSION_THRESHOLD,
					EVAL_COLLUSION_RATER_THRESHOLD, &j, &f->err));
	assert_int_equal(json_integer_value(json_object_get(j, "pairs")), 72);
	assert_int_equal(json_array_size(json_object_get(j, "reciprocal_pairs")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "blocs")), 0);
	assert_int_equal(json_array_size(json_object_get(j, "raters")), 0);
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(j, "mutual_groups"), 0)), "mutual");
	json_decref(j);
}

static bool clique(int u, int v, const int *a, int na)
{
	bool iu = false, iv = false;
	for (int k = 0; k < na; k++) {
		iu |= a[k] == u;
		iv |= a[k] == v;
	}
	return iu && iv;
}

/* Two blocs sharing a unit: M1-M4 (four) and M4 M5 M6 (three), among twelve units. */
static void test_collusion_overlapping_blocs(void **state)
{
	static const int a[] = {1, 2, 3, 4}, b[] = {4, 5, 6};
	struct rfx *f = *state;
	json_t *j = NULL, *e;
	size_t i;
	collusion_fixture(f, 12);
	for (int r = 1; r <= 12; r++)
		for (int u = 1; u <= 12; u++) {
			if (r == u)
				continue;
			int v = 40 + 2 * u + ((r * 3 + u) % 5) - 2;
			if (clique(r, u, a, 4) || clique(r, u, b, 3))
				v += 30;
			mutual_ballot(f, r, u, v);
		}
	RFX_OK(f, eval_report_collusion(f->s, "C1", EVAL_COLLUSION_THRESHOLD,
					EVAL_COLLUSION_RATER_THRESHOLD, &j, &f->err));
	assert_int_equal(json_array_size(json_object_get(j, "reciprocal_pairs")), 6 + 3);
	json_t *blocs = json_object_get(j, "blocs");
	assert_int_equal(json_array_size(blocs), 2);
	assert_int_equal(json_integer_value(json_object_get(j, "blocs_found")), 2);
	json_array_foreach(blocs, i, e)
	{
		json_t *u = json_object_get(e, "units");
		int size = (int)json_integer_value(json_object_get(e, "size"));
		const int *want = size == 4 ? a : b;
		assert_int_equal(json_array_size(u), (size_t)size);
		assert_true(size == 3 || size == 4);
		for (int k = 0; k < size; k++) {
			char code[16];
			snprintf(code, sizeof code, "M%d", want[k]);
			assert_string_equal(json_string_value(json_array_get(u, (size_t)k)), code);
		}
		assert_int_equal(json_array_size(json_object_get(e, "pairs")),
				 (size_t)(size * (size - 1)));
	}
	assert_int_equal(json_array_size(json_object_get(j, "raters")), 0);
	json_decref(j);
}

/* ==== sensitivity ==== */

static json_t *variation(json_t *rep, const char *kind, const char *code, double factor)
{
	json_t *e;
	size_t i;
	json_array_foreach(json_object_get(rep, "variations"), i, e)
	{
		if (!strcmp(json_string_value(json_object_get(e, "kind")), kind) &&
		    !strcmp(json_string_value(json_object_get(e, "code")), code) &&
		    fabs(json_real_value(json_object_get(e, "factor")) - factor) < 1e-9)
			return e;
	}
	fail_msg("no variation %s %s x%g", kind, code, factor);
	return NULL;
}

static void test_sensitivity(void **state)
{
	struct rfx *f = *state;
	json_t *j = NULL;
	rfx_std_round(f, 0);
	/* D only: T3 95/95 first; T2 g0 70, g1 81 (74.4) ahead of T1 g0 90, g1 50 (74.0);
	 * g0 x1.2 puts T1 (75.71) ahead of T2 (73.93) and makes T2 the worst */
	const int d[][3] = {{90, 50}, {70, 81}, {95, 95}};
	const char *units[] = {"T1", "T2", "T3"};
	for (int k = 0; k < 3; k++) {
		rfx_ballots(f, units[k], 0, 2, d[k][0], 2);
		rfx_ballots(f, units[k], 1, 2, d[k][1], 2);
	}
	RFX_OK(f, eval_report_sensitivity(f->s, "R1", &j, &f->err));
	assert_int_equal(json_array_size(json_object_get(j, "variations")), (2 + 4) * 2);
	json_t *bw =
	    json_object_get(json_object_get(json_object_get(j, "baseline"), "worst"), "town");
	assert_string_equal(json_string_value(json_array_get(bw, 0)), "T1");
	json_t *up = variation(j, "group", "g0", 1.2);
	assert_near(json_real_value(json_object_get(up, "weight")), 72);
	assert_near(json_real_value(json_object_get(up, "base_weight")), 60);
	assert_int_equal(json_integer_value(json_object_get(up, "units_changed")), 2);
	assert_int_equal(json_integer_value(json_object_get(up, "max_shift")), 1);
	assert_true(json_is_true(json_object_get(up, "worst_changed")));
	json_t *w = json_array_get(json_object_get(up, "worst"), 0);
	assert_string_equal(json_string_value(json_object_get(w, "category")), "town");
	assert_string_equal(json_string_value(json_array_get(json_object_get(w, "to"), 0)), "T2");
	json_t *ch = json_array_get(json_object_get(up, "changes"), 0);
	assert_int_equal(json_integer_value(json_object_get(ch, "rank_from")) +
			     json_integer_value(json_object_get(ch, "rank_to")),
			 5);
	/* g1 x0.8 also favours T1; g0 x0.8 and the components (D alone) change nothing */
	assert_true(
	    json_is_true(json_object_get(variation(j, "group", "g1", 0.8), "worst_changed")));
	json_t *down = variation(j, "group", "g0", 0.8);
	assert_int_equal(json_integer_value(json_object_get(down, "units_changed")), 0);
	assert_false(json_is_true(json_object_get(down, "worst_changed")));
	json_t *comp = variation(j, "component", "democratic", 1.2);
	assert_int_equal(json_integer_value(json_object_get(comp, "units_changed")), 0);
	json_decref(j);
	FAILS(f, eval_report_sensitivity(f->s, "R9", &j, &f->err), ZF_ENOTFOUND, "round");
}

/* Reads tests/cli/data/scoring-example/NAME into a new buffer. */
static char *example(const char *name, size_t *len)
{
	char path[512];
	snprintf(path, sizeof path, "%s/tests/cli/data/scoring-example/%s", ZF_SOURCE_DIR, name);
	char *d = file_read_all(path, len);
	if (!d)
		fail_msg("cannot read %s", path);
	return d;
}

/* The rebuilt inputs give eval_rank's ranking on the scoring example (trimming, labels,
 * ineligible groups, survey, caps, a veto, ties). */
static void test_sensitivity_scoring_example(void **state)
{
	struct rfx *f = *state;
	struct import_report rep;
	size_t len;
	int n;
	/* the fixture's own units would need indicator lists of their own */
	RFX_RUN(f, "UPDATE units SET active = 0", "");
	char *d = example("units.csv", &len);
	import_report_init(&rep, "units.csv");
	RFX_OK(f, org_import_units(f->s, &f->who, "units.csv", d, len, &rep, NULL, &n, &f->err));
	import_report_cleanup(&rep);
	free(d);
	d = example("round.json", &len);
	json_t *cfg = json_loads(d, 0, NULL);
	free(d);
	json_object_set_new(cfg, "bootstrap", json_pack("{s:i}", "resamples", 0));
	RFX_OK(f, eval_round_create(f->s, &f->who, cfg, &f->err));
	json_decref(cfg);
	const char *kinds[] = {"ballots", "process", "self", "survey", "adjustments"};
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
		char name[32];
		snprintf(name, sizeof name, "%s.csv", kinds[k]);
		d = example(name, &len);
		import_report_init(&rep, name);
		RFX_OK(f, eval_import(f->s, &f->who, "H3", kinds[k], name, d, len, NULL, &rep, &n,
				      &f->err));
		import_report_cleanup(&rep);
		free(d);
	}
	json_t *j = NULL;
	RFX_OK(f, eval_report_sensitivity(f->s, "H3", &j, &f->err));
	json_t *worst = json_object_get(json_object_get(j, "baseline"), "worst");
	assert_string_equal(json_string_value(json_array_get(json_object_get(worst, "dept"), 0)),
			    "D13");
	assert_string_equal(
	    json_string_value(json_array_get(json_object_get(worst, "township"), 0)), "T02");
	/* 7 groups and 4 components, each -20% and +20%; the vetoed T02 stays last whatever
	 * the weights */
	json_t *vars = json_object_get(j, "variations"), *e, *w;
	size_t i, k;
	assert_int_equal(json_array_size(vars), 22);
	json_array_foreach(vars, i, e)
	{
		json_array_foreach(json_object_get(e, "worst"), k, w)
		{
			if (!strcmp(json_string_value(json_object_get(w, "category")), "township"))
				assert_string_equal(
				    json_string_value(json_array_get(json_object_get(w, "to"), 0)),
				    "T02");
		}
	}
	json_decref(j);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, rfx_setup, rfx_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(test_library_seed),
	    T(test_library_create_update),
	    T(test_process_put),
	    T(test_self_confirmation),
	    T(test_adjustment_add),
	    T(test_proposals),
	    T(test_proposals_supersede),
	    T(test_target_assessment),
	    T(test_collusion),
	    T(test_collusion_honest),
	    T(test_collusion_overlapping_blocs),
	    T(test_sensitivity),
	    T(test_sensitivity_scoring_example),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
