/* edutest.h: what the education tests share: a small district built through org.h (two
 * townships, one department, seven cadres of every rank), an office actor, the clock
 * pinned to 2026-06-15, and short ways to assert success or a named error. */
#ifndef ZF_TESTS_EDUTEST_H
#define ZF_TESTS_EDUTEST_H

#include "testutil.h"
#include "base/timeutil.h"
#include "base/util.h"
#include "educate/educate.h"
#include "org/org.h"

struct fx {
	struct store *s;
	char path[256];
	struct actor who;
	struct zf_err err;
};

#define FX_OK(f, call)                                                                             \
	do {                                                                                       \
		zf_err_clear(&(f)->err);                                                           \
		int rc_ = (call);                                                                  \
		if (rc_ != 0)                                                                      \
			fail_msg("%s: %d %s: %s", #call, rc_, (f)->err.field, (f)->err.msg);       \
	} while (0)

/* Asserts call returns code and names field (NULL: any). */
#define FX_FAIL(f, call, code, fld)                                                                \
	do {                                                                                       \
		zf_err_clear(&(f)->err);                                                           \
		int rc_ = (call);                                                                  \
		if (rc_ != (code))                                                                 \
			fail_msg("%s: expected %d, got %d (%s)", #call, (code), rc_,               \
				 (f)->err.msg);                                                    \
		if ((fld) && strcmp((f)->err.field, (fld) ? (fld) : ""))                           \
			fail_msg("%s: field '%s', expected '%s' (%s)", #call, (f)->err.field,      \
				 (fld) ? (fld) : "", (f)->err.msg);                                \
		assert_true((f)->err.msg[0] != '\0');                                              \
	} while (0)

static inline int64_t fx_int(struct fx *f, const char *sql)
{
	int64_t v = -1;
	struct zf_err err;
	if (store_query_int(f->s, &err, &v, sql, "") < 0)
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

/* 2026-06-15T08:00:00Z */
#define FX_NOW 1781510400

static inline void fx_person(struct fx *f, const char *code, const char *unit, const char *birth,
			     const char *rank, const char *appointed_on)
{
	struct org_person p = {.code = code,
			       .name = code,
			       .gender = "M",
			       .birth_date = birth,
			       .unit = unit,
			       .rank = rank,
			       .post = "科员",
			       .appointed_on = appointed_on};
	FX_OK(f, org_person_create(f->s, &f->who, &p, &f->err));
}

static inline int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	time_set_fake(FX_NOW);
	f->s = test_db(f->path);
	f->who = test_actor("office1");
	snprintf(f->who.role, sizeof f->who.role, "office");
	struct org_category town = {.code = "TOWN", .name = "乡镇", .kind = "township"};
	struct org_category dept = {.code = "DEPT", .name = "区直部门", .kind = "dept"};
	FX_OK(f, org_category_create(f->s, &f->who, &town, &f->err));
	FX_OK(f, org_category_create(f->s, &f->who, &dept, &f->err));
	struct org_unit t1 = {.code = "T01", .name = "一镇", .category = "TOWN"};
	struct org_unit t2 = {.code = "T02", .name = "二镇", .category = "TOWN"};
	struct org_unit d1 = {.code = "D01", .name = "一局", .category = "DEPT"};
	FX_OK(f, org_unit_create(f->s, &f->who, &t1, &f->err));
	FX_OK(f, org_unit_create(f->s, &f->who, &t2, &f->err));
	FX_OK(f, org_unit_create(f->s, &f->who, &d1, &f->err));
	fx_person(f, "P001", "T01", "1980-01-01", "副科", "2026-01-10");
	fx_person(f, "P002", "T01", "1989-12-31", "一般干部", NULL);
	fx_person(f, "P003", "T01", "1979-12-31", "正科", "2020-03-01");
	fx_person(f, "P004", "T01", "1990-01-01", "副处", NULL);
	fx_person(f, "P005", "T02", "1985-05-05", "村干部", NULL);
	fx_person(f, "P006", "D01", "1985-06-06", "正处", "2025-12-14");
	fx_person(f, "P007", "D01", "1970-01-01", "一般干部", NULL);
	*state = f;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;
	assert_false(store_in_tx(f->s));
	test_db_drop(f->s, f->path);
	time_set_fake(0);
	free(f);
	return 0;
}

static inline int64_t fx_person_id(struct fx *f, const char *code)
{
	int64_t id = 0;
	bool active;
	FX_OK(f, org_person_find(f->s, code, &id, &active, &f->err));
	return id;
}

/* Creates programme code of kind with the rule (JSON text) and requirements. */
static inline void fx_programme(struct fx *f, const char *code, const char *kind, const char *rule,
				double hours, int sessions)
{
	json_t *r = json_loads(rule, 0, NULL);
	assert_non_null(r);
	struct educate_programme p = {.code = code,
				      .name = code,
				      .kind = kind,
				      .rule = r,
				      .required_hours = hours,
				      .required_sessions = sessions};
	FX_OK(f, educate_programme_create(f->s, &f->who, &p, &f->err));
	json_decref(r);
}

/* Creates a session of programme on date with hours; returns its id. */
static inline int64_t fx_session(struct fx *f, const char *programme, const char *date,
				 double hours)
{
	int64_t id = 0;
	struct educate_session ss = {
	    .programme = programme, .held_on = date, .title = "学习", .credit_hours = hours};
	FX_OK(f, educate_session_create(f->s, &f->who, &ss, &id, &f->err));
	return id;
}

/* Sets attendance from JSON text [{person, status}]. */
static inline void fx_attend(struct fx *f, int64_t session, const char *items)
{
	json_t *a = json_loads(items, 0, NULL);
	assert_non_null(a);
	FX_OK(f, educate_attendance_set(f->s, &f->who, session, a, 0, NULL, &f->err));
	json_decref(a);
}

#endif
