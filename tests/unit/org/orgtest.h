/* orgtest.h: what the organisation tests share: a fresh database per test, an office actor,
 * and short ways to build a district through org.h (each asserting success). */
#ifndef ZF_TESTS_ORGTEST_H
#define ZF_TESTS_ORGTEST_H

#include "testutil.h"
#include "base/util.h"
#include "org/org.h"

struct fx {
	struct store *s;
	char path[256];
	struct actor who;
	struct zf_err err;
};

static inline int fx_setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	f->s = test_db(f->path);
	f->who = test_actor("office1");
	snprintf(f->who.role, sizeof f->who.role, "office");
	*state = f;
	return 0;
}

static inline int fx_teardown(void **state)
{
	struct fx *f = *state;
	assert_false(store_in_tx(f->s)); /* no function may leave a transaction open */
	test_db_drop(f->s, f->path);
	free(f);
	return 0;
}

/* An integer query (store_query_int), asserting it runs. */
static inline int64_t fx_int(struct fx *f, const char *sql)
{
	int64_t v = -1;
	struct zf_err err;
	if (store_query_int(f->s, &err, &v, sql, "") < 0)
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

static inline int64_t fx_audit_count(struct fx *f)
{
	return fx_int(f, "SELECT count(*) FROM audit_log");
}

/* Fails the test with the error's message when rc is not 0. */
#define FX_OK(f, call)                                                                             \
	do {                                                                                       \
		zf_err_clear(&(f)->err);                                                           \
		int rc_ = (call);                                                                  \
		if (rc_ != 0)                                                                      \
			fail_msg("%s: %d %s: %s", #call, rc_, (f)->err.field, (f)->err.msg);       \
	} while (0)

/* Checks that a call returned code with field (NULL: any field) and a message, leaving no
 * transaction open. */
static inline void fx_check_fail(struct fx *f, int rc, int code, const char *field)
{
	assert_int_equal(rc, code);
	assert_int_equal(f->err.code, code);
	if (field)
		assert_string_equal(f->err.field, field);
	assert_true(f->err.msg[0] != '\0');
	assert_false(store_in_tx(f->s));
}

/* Expects call to fail with code on field (NULL: any field). */
#define FX_FAILS(f, call, code, field)                                                             \
	do {                                                                                       \
		zf_err_clear(&(f)->err);                                                           \
		fx_check_fail((f), (call), (code), (field));                                       \
	} while (0)

static inline void fx_category(struct fx *f, const char *code, const char *kind)
{
	struct org_category c = {.code = code, .name = code, .kind = kind};
	FX_OK(f, org_category_create(f->s, &f->who, &c, &f->err));
}

static inline void fx_unit(struct fx *f, const char *code, const char *category, const char *parent)
{
	struct org_unit u = {.code = code, .name = code, .category = category, .parent = parent};
	FX_OK(f, org_unit_create(f->s, &f->who, &u, &f->err));
}

static inline void fx_person(struct fx *f, const char *code, const char *unit)
{
	struct org_person p = {.code = code,
			       .name = code,
			       .gender = "M",
			       .birth_date = "1984-05-06",
			       .unit = unit,
			       .rank = "副科",
			       .post = "干部"};
	FX_OK(f, org_person_create(f->s, &f->who, &p, &f->err));
}

static inline void fx_member(struct fx *f, const char *unit, const char *person, const char *role,
			     const char *areas)
{
	struct org_team_member m = {
	    .unit = unit, .person = person, .role = role, .title = "", .areas = areas};
	FX_OK(f, org_team_add(f->s, &f->who, &m, &f->err));
}

static inline int64_t fx_oversight(struct fx *f, const char *leader, const char *unit,
				   const char *area)
{
	struct org_oversight o = {.leader = leader, .unit = unit, .area = area};
	int64_t id = 0;
	FX_OK(f, org_oversight_create(f->s, &f->who, &o, &id, &f->err));
	assert_true(id > 0);
	return id;
}

#endif
