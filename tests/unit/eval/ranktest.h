/* ranktest.h: what the ranking tests share: a fresh database with a small district, a
 * round created from its JSON, and rows of inputs written straight into the tables. */
#ifndef ZF_TESTS_RANKTEST_H
#define ZF_TESTS_RANKTEST_H

#include "testutil.h"
#include "base/util.h"
#include "eval/eval.h"

#include <math.h>

struct rfx {
	struct store *s;
	char path[256];
	struct actor who;
	struct zf_err err;
	int64_t round_id;
};

#define RFX_OK(f, call)                                                                            \
	do {                                                                                       \
		zf_err_clear(&(f)->err);                                                           \
		int rc_ = (call);                                                                  \
		if (rc_ != 0)                                                                      \
			fail_msg("%s: %d %s: %s", #call, rc_, (f)->err.field, (f)->err.msg);       \
	} while (0)

/* Runs one statement of test data (store_run's formats), asserting it works. */
#define RFX_RUN(f, sql, ...) RFX_OK(f, store_run((f)->s, &(f)->err, sql, __VA_ARGS__))

/*
 * The district: categories town (township), dept (dept) and party (other); units T1 T2 T3
 * (town), D1 D2 (dept), P1 (party) and X1 (town, inactive).
 */
static inline int rfx_setup(void **state)
{
	struct rfx *f = calloc(1, sizeof *f);
	f->s = test_db(f->path);
	f->who = test_actor("office1");
	const char *cats[][2] = {{"town", "township"}, {"dept", "dept"}, {"party", "other"}};
	for (size_t k = 0; k < ARRAY_LEN(cats); k++)
		RFX_RUN(f, "INSERT INTO categories(code, name, kind) VALUES (?, ?, ?)", "ttt",
			cats[k][0], cats[k][0], cats[k][1]);
	const char *units[][3] = {{"T1", "东城镇", "town"}, {"T2", "西城镇", "town"},
				  {"T3", "南城镇", "town"}, {"D1", "财政局", "dept"},
				  {"D2", "教育局", "dept"}, {"P1", "区委办", "party"},
				  {"X1", "旧镇", "town"}};
	for (size_t k = 0; k < ARRAY_LEN(units); k++)
		RFX_RUN(f,
			"INSERT INTO units(code, name, category_id, active)"
			" SELECT ?, ?, id, ? FROM categories WHERE code = ?",
			"ttit", units[k][0], units[k][1], (int64_t)strcmp(units[k][0], "X1") != 0,
			units[k][2]);
	*state = f;
	return 0;
}

static inline int rfx_teardown(void **state)
{
	struct rfx *f = *state;
	test_db_drop(f->s, f->path);
	free(f);
	return 0;
}

/* Creates the round from JSON text and remembers its id. */
static inline void rfx_round(struct rfx *f, const char *config)
{
	json_error_t je;
	json_t *j = json_loads(config, 0, &je);
	if (!j)
		fail_msg("bad test config: %s", je.text);
	RFX_OK(f, eval_round_create(f->s, &f->who, j, &f->err));
	RFX_OK(f,
	       store_query_int(f->s, &f->err, &f->round_id, "SELECT id FROM rounds WHERE code = ?",
			       "t", json_string_value(json_object_get(j, "code"))));
	json_decref(j);
}

static inline int64_t rfx_unit(struct rfx *f, const char *code)
{
	int64_t id = 0;
	RFX_OK(f, store_query_int(f->s, &f->err, &id, "SELECT id FROM units WHERE code = ?", "t",
				  code));
	return id;
}

/* One ballot about unit of group grp with n rating bytes (255 abstains). */
static inline void rfx_ballot(struct rfx *f, const char *unit, int grp, const uint8_t *r, size_t n)
{
	static int64_t next_id = 7919;
	struct stmt *st =
	    store_prepare(f->s,
			  "INSERT INTO ballots(round_id, unit_id, grp, id, channel, day, ratings)"
			  " VALUES (?, ?, ?, ?, 'meeting', '2026-12-01', ?)",
			  &f->err);
	assert_non_null(st);
	stmt_bind_int(st, 1, f->round_id);
	stmt_bind_int(st, 2, rfx_unit(f, unit));
	stmt_bind_int(st, 3, grp);
	next_id = next_id * 48271 % 2147483647;
	stmt_bind_int(st, 4, next_id);
	stmt_bind_blob(st, 5, r, n);
	assert_int_equal(stmt_step(st, &f->err), STORE_DONE);
	stmt_reset(st);
}

/* count ballots about unit of group grp rating every one of n indicators v. */
static inline void rfx_ballots(struct rfx *f, const char *unit, int grp, int count, int v, size_t n)
{
	uint8_t r[64];
	memset(r, v, sizeof r);
	for (int k = 0; k < count; k++)
		rfx_ballot(f, unit, grp, r, n);
}

static inline void rfx_process(struct rfx *f, const char *unit, const char *type,
			       const char *period, double score)
{
	RFX_RUN(f,
		"INSERT INTO process_scores(round_id, unit_id, period_type, period, score)"
		" VALUES (?, ?, ?, ?, ?)",
		"iittd", f->round_id, rfx_unit(f, unit), type, period, score);
}

/* Self and efficiency scores; a negative value is a blank cell. */
static inline void rfx_self(struct rfx *f, const char *unit, double self, double eff, int confirmed)
{
	struct stmt *st =
	    store_prepare(f->s,
			  "INSERT INTO self_scores(round_id, unit_id, self, efficiency,"
			  " confirmed) VALUES (?, ?, ?, ?, ?)",
			  &f->err);
	assert_non_null(st);
	stmt_bind_int(st, 1, f->round_id);
	stmt_bind_int(st, 2, rfx_unit(f, unit));
	if (self < 0)
		stmt_bind_null(st, 3);
	else
		stmt_bind_double(st, 3, self);
	if (eff < 0)
		stmt_bind_null(st, 4);
	else
		stmt_bind_double(st, 4, eff);
	stmt_bind_int(st, 5, confirmed);
	assert_int_equal(stmt_step(st, &f->err), STORE_DONE);
	stmt_reset(st);
}

static inline void rfx_survey(struct rfx *f, const char *unit, double q)
{
	RFX_RUN(f, "INSERT INTO survey_scores(round_id, unit_id, satisfaction) VALUES (?, ?, ?)",
		"iid", f->round_id, rfx_unit(f, unit), q);
}

static inline void rfx_adjust(struct rfx *f, const char *unit, double points, int veto,
			      int no_excellent)
{
	RFX_RUN(f,
		"INSERT INTO adjustments(round_id, unit_id, points, veto, no_excellent, reason)"
		" VALUES (?, ?, ?, ?, ?, 'test')",
		"iidii", f->round_id, rfx_unit(f, unit), points, (int64_t)veto,
		(int64_t)no_excellent);
}

/* A round over town (indicators a w1, b w3) and dept (a w1): groups g0 (weight 60) and g1
 * (weight 40), two ballots at least, no trimming, anonymity threshold 3, and `resamples`
 * bootstrap resamples. */
static inline void rfx_std_round(struct rfx *f, int resamples)
{
	char cfg[1024];
	snprintf(cfg, sizeof cfg,
		 "{\"code\":\"R1\",\"name\":\"测试轮次\",\"trim_ratio\":0,"
		 "\"components\":{\"process\":25,\"democratic\":25,\"self\":25,\"efficiency\":25},"
		 "\"groups\":[{\"code\":\"g0\",\"name\":\"甲组\",\"weight\":60,\"min_ballots\":2},"
		 "{\"code\":\"g1\",\"name\":\"乙组\",\"weight\":40,\"min_ballots\":2}],"
		 "\"indicators\":{\"town\":[{\"code\":\"a\",\"name\":\"甲\",\"weight\":1},"
		 "{\"code\":\"b\",\"name\":\"乙\",\"weight\":3}],"
		 "\"dept\":[{\"code\":\"a\",\"name\":\"甲\",\"weight\":1}]},"
		 "\"anonymity_threshold\":3,\"bootstrap\":{\"resamples\":%d,\"seed\":7}}",
		 resamples);
	rfx_round(f, cfg);
}

static inline const struct eval_rank_row *rfx_row(const struct eval_ranking *r, const char *code)
{
	const struct eval_rank_row *row = eval_ranking_find(r, code);
	if (!row)
		fail_msg("unit %s is not in the ranking", code);
	return row;
}

#define assert_near(a, b) assert_true(fabs((double)(a) - (double)(b)) < 1e-9)

#endif
