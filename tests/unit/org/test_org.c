/* test_org.c: categories, units, people, teams and oversight through org.h: create, get,
 * update, deactivate, lists and filters, validation naming the field, conflicts, audit
 * entries in the same transaction, and nothing written when a call fails. */
#include "orgtest.h"

/* The changes recorded by the newest audit entry, or "" . */
static void last_audit(struct fx *f, char *action, char *entity, char *changes, size_t n)
{
	struct zf_err err;
	struct stmt *st = store_prepare(
	    f->s, "SELECT action, entity, changes FROM audit_log ORDER BY id DESC LIMIT 1", &err);
	assert_non_null(st);
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	snprintf(action, 32, "%s", stmt_text(st, 0));
	snprintf(entity, 32, "%s", stmt_text(st, 1));
	snprintf(changes, n, "%s", stmt_text(st, 2));
	stmt_reset(st);
}

static void test_category_lifecycle(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	char action[32], entity[32], changes[512];

	int64_t n0 = fx_audit_count(f);
	struct org_category c = {.code = "towns", .name = "乡镇", .kind = "乡镇"};
	FX_OK(f, org_category_create(f->s, &f->who, &c, &f->err));
	assert_int_equal(fx_audit_count(f), n0 + 1);
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "create");
	assert_string_equal(entity, "category");
	assert_non_null(strstr(changes, "\"kind\":\"township\""));

	FX_OK(f, org_category_get(f->s, "towns", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "township");
	assert_string_equal(json_string_value(json_object_get(j, "name")), "乡镇");
	assert_true(json_is_true(json_object_get(j, "active")));
	json_decref(j);

	/* kind defaults to dept */
	struct org_category d = {.code = "econ", .name = "经济系统"};
	FX_OK(f, org_category_create(f->s, &f->who, &d, &f->err));
	FX_OK(f, org_category_get(f->s, "econ", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "dept");
	json_decref(j);

	struct org_category up = {.name = "乡镇街道"};
	FX_OK(f, org_category_update(f->s, &f->who, "towns", &up, &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "update");
	assert_non_null(strstr(changes, "\"name\":{\"new\":\"乡镇街道\",\"old\":\"乡镇\"}"));

	/* an update that changes nothing writes nothing */
	int64_t n1 = fx_audit_count(f);
	FX_OK(f, org_category_update(f->s, &f->who, "towns", &up, &f->err));
	assert_int_equal(fx_audit_count(f), n1);

	FX_OK(f, org_category_deactivate(f->s, &f->who, "econ", &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "deactivate");
	FX_OK(f, org_category_get(f->s, "econ", &j, &f->err));
	assert_true(json_is_false(json_object_get(j, "active")));
	json_decref(j);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM categories"), 2); /* never deleted */

	FX_OK(f, org_category_list(f->s, 0, 10, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	json_decref(j);
	FX_OK(f, org_category_list(f->s, 1, 10, &j, &f->err));
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
}

static void test_category_errors(void **state)
{
	struct fx *f = *state;
	fx_category(f, "towns", "township");
	int64_t n0 = fx_audit_count(f);

	struct org_category c = {.code = "towns", .name = "x"};
	FX_FAILS(f, org_category_create(f->s, &f->who, &c, &f->err), ZF_ECONFLICT, "code");
	c = (struct org_category){.code = "x y", .name = "x"};
	FX_FAILS(f, org_category_create(f->s, &f->who, &c, &f->err), ZF_EINVAL, "code");
	c = (struct org_category){.code = "new", .name = " "};
	FX_FAILS(f, org_category_create(f->s, &f->who, &c, &f->err), ZF_EINVAL, "name");
	c = (struct org_category){.code = "new", .name = "n", .kind = "city"};
	FX_FAILS(f, org_category_create(f->s, &f->who, &c, &f->err), ZF_EINVAL, "kind");
	c = (struct org_category){.code = "towns2"};
	FX_FAILS(f, org_category_update(f->s, &f->who, "towns", &c, &f->err), ZF_EINVAL, "code");
	FX_FAILS(f, org_category_update(f->s, &f->who, "nope", &c, &f->err), ZF_ENOTFOUND, NULL);
	json_t *j = NULL;
	FX_FAILS(f, org_category_get(f->s, "nope", &j, &f->err), ZF_ENOTFOUND, NULL);
	assert_null(j);

	/* a category in use by an active unit stays */
	fx_unit(f, "T1", "towns", NULL);
	FX_FAILS(f, org_category_deactivate(f->s, &f->who, "towns", &f->err), ZF_ECONFLICT,
		 "active");
	assert_int_equal(fx_audit_count(f), n0 + 1); /* only the unit */
	assert_int_equal(fx_int(f, "SELECT count(*) FROM categories"), 1);
}

static void test_unit_create_get_list(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	fx_category(f, "towns", "township");
	fx_category(f, "dept", "dept");
	fx_unit(f, "D", "dept", NULL);
	fx_unit(f, "T1", "towns", "D");
	fx_unit(f, "T2", "towns", "D");
	fx_unit(f, "V1", "towns", "T1");

	FX_OK(f, org_unit_get(f->s, "T1", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "code")), "T1");
	json_t *cat = json_object_get(j, "category");
	assert_string_equal(json_string_value(json_object_get(cat, "code")), "towns");
	assert_string_equal(json_string_value(json_object_get(cat, "kind")), "township");
	json_t *parent = json_object_get(j, "parent");
	assert_string_equal(json_string_value(json_object_get(parent, "code")), "D");
	assert_int_equal(json_integer_value(json_object_get(j, "children")), 1);
	assert_int_equal(json_integer_value(json_object_get(j, "people")), 0);
	json_decref(j);
	FX_OK(f, org_unit_get(f->s, "D", &j, &f->err));
	assert_true(json_is_null(json_object_get(j, "parent")));
	json_decref(j);

	struct org_unit_filter all = {.active = -1};
	FX_OK(f, org_unit_list(f->s, &all, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 4);
	json_decref(j);
	/* pages: after the id of the last one seen */
	FX_OK(f, org_unit_list(f->s, &all, 0, 2, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	json_int_t last = json_integer_value(json_object_get(json_array_get(j, 1), "id"));
	json_decref(j);
	FX_OK(f, org_unit_list(f->s, &all, last, 2, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "code")), "T2");
	json_decref(j);

	struct org_unit_filter bycat = {.category = "towns", .active = -1};
	FX_OK(f, org_unit_list(f->s, &bycat, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 3);
	json_decref(j);
	struct org_unit_filter byparent = {.parent = "D", .active = -1};
	FX_OK(f, org_unit_list(f->s, &byparent, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	json_decref(j);
	struct org_unit_filter roots = {.parent = "", .active = -1};
	FX_OK(f, org_unit_list(f->s, &roots, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "code")), "D");
	json_decref(j);

	FX_OK(f, org_unit_deactivate(f->s, &f->who, "T2", &f->err));
	struct org_unit_filter active = {.active = 1}, inactive = {.active = 0};
	FX_OK(f, org_unit_list(f->s, &active, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 3);
	json_decref(j);
	FX_OK(f, org_unit_list(f->s, &inactive, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	FX_FAILS(f, org_unit_list(f->s, &all, 0, 0, &j, &f->err), ZF_EINVAL, "limit");
}

static void test_unit_errors(void **state)
{
	struct fx *f = *state;
	fx_category(f, "towns", "township");
	fx_category(f, "old", "dept");
	fx_unit(f, "T1", "towns", NULL);
	FX_OK(f, org_category_deactivate(f->s, &f->who, "old", &f->err));
	int64_t n0 = fx_audit_count(f);

	struct org_unit u = {.code = "T1", .name = "x", .category = "towns"};
	FX_FAILS(f, org_unit_create(f->s, &f->who, &u, &f->err), ZF_ECONFLICT, "code");
	u = (struct org_unit){.code = "T/2", .name = "x", .category = "towns"};
	FX_FAILS(f, org_unit_create(f->s, &f->who, &u, &f->err), ZF_EINVAL, "code");
	u = (struct org_unit){.code = "T2", .name = "x", .category = "nope"};
	FX_FAILS(f, org_unit_create(f->s, &f->who, &u, &f->err), ZF_EINVAL, "category");
	assert_non_null(strstr(f->err.msg, "unknown category nope"));
	u = (struct org_unit){.code = "T2", .name = "x", .category = "old"};
	FX_FAILS(f, org_unit_create(f->s, &f->who, &u, &f->err), ZF_EINVAL, "category");
	assert_non_null(strstr(f->err.msg, "deactivated"));
	u = (struct org_unit){.code = "T2", .name = "x", .category = "towns", .parent = "X9"};
	FX_FAILS(f, org_unit_create(f->s, &f->who, &u, &f->err), ZF_EINVAL, "parent");
	u = (struct org_unit){.code = "T2", .category = "towns"};
	FX_FAILS(f, org_unit_create(f->s, &f->who, &u, &f->err), ZF_EINVAL, "name");
	u = (struct org_unit){
	    .code = "T234567890123456789012345678901X", .name = "x", .category = "towns"};
	FX_FAILS(f, org_unit_create(f->s, &f->who, &u, &f->err), ZF_EINVAL, "code");

	assert_int_equal(fx_audit_count(f), n0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM units"), 1);
}

static void test_unit_update_and_cycles(void **state)
{
	struct fx *f = *state;
	char action[32], entity[32], changes[512];
	json_t *j = NULL;
	fx_category(f, "towns", "township");
	fx_category(f, "dept", "dept");
	fx_unit(f, "D", "dept", NULL);
	fx_unit(f, "T1", "towns", "D");
	fx_unit(f, "V1", "towns", "T1");
	fx_unit(f, "V2", "towns", "V1");

	struct org_unit u = {.name = "东城镇", .category = "dept"};
	FX_OK(f, org_unit_update(f->s, &f->who, "T1", &u, &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "update");
	assert_string_equal(entity, "unit");
	assert_non_null(strstr(changes, "\"name\":{\"new\":\"东城镇\",\"old\":\"T1\"}"));
	assert_non_null(strstr(changes, "\"category\":{\"new\":\"dept\",\"old\":\"towns\"}"));

	/* under itself, or under its own descendant: refused */
	u = (struct org_unit){.parent = "T1"};
	FX_FAILS(f, org_unit_update(f->s, &f->who, "T1", &u, &f->err), ZF_EINVAL, "parent");
	u = (struct org_unit){.parent = "V2"};
	FX_FAILS(f, org_unit_update(f->s, &f->who, "T1", &u, &f->err), ZF_EINVAL, "parent");
	assert_non_null(strstr(f->err.msg, "cycle"));
	u = (struct org_unit){.code = "T9"};
	FX_FAILS(f, org_unit_update(f->s, &f->who, "T1", &u, &f->err), ZF_EINVAL, "code");
	FX_FAILS(f, org_unit_update(f->s, &f->who, "ZZ", &u, &f->err), ZF_ENOTFOUND, NULL);

	/* moving to the top and back */
	u = (struct org_unit){.parent = ""};
	FX_OK(f, org_unit_update(f->s, &f->who, "V2", &u, &f->err));
	FX_OK(f, org_unit_get(f->s, "V2", &j, &f->err));
	assert_true(json_is_null(json_object_get(j, "parent")));
	json_decref(j);
	u = (struct org_unit){.parent = "D"};
	FX_OK(f, org_unit_update(f->s, &f->who, "V2", &u, &f->err));
	FX_OK(f, org_unit_get(f->s, "V2", &j, &f->err));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "parent"), "code")), "D");
	json_decref(j);
}

static void test_unit_deactivate(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	fx_category(f, "towns", "township");
	fx_unit(f, "D", "towns", NULL);
	fx_unit(f, "T1", "towns", "D");
	fx_unit(f, "T2", "towns", "D");
	fx_person(f, "DL", "D");
	fx_person(f, "P1", "T1");

	FX_FAILS(f, org_unit_deactivate(f->s, &f->who, "D", &f->err), ZF_ECONFLICT, "active");
	assert_non_null(strstr(f->err.msg, "sub-units"));
	FX_FAILS(f, org_unit_deactivate(f->s, &f->who, "T1", &f->err), ZF_ECONFLICT, "active");
	assert_non_null(strstr(f->err.msg, "people"));

	/* T2 is empty of people, but led by DL and overseen by DL: both end with it */
	fx_member(f, "T2", "DL", "main", "");
	fx_oversight(f, "DL", "T2", NULL);
	int64_t n0 = fx_audit_count(f);
	FX_OK(f, org_unit_deactivate(f->s, &f->who, "T2", &f->err));
	assert_int_equal(fx_audit_count(f), n0 + 3);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM team_members WHERE active = 1"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM oversight WHERE active = 1"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM units"), 3);
	FX_OK(f, org_unit_get(f->s, "T2", &j, &f->err));
	assert_true(json_is_false(json_object_get(j, "active")));
	json_decref(j);

	/* brought back; a person cannot join a deactivated unit */
	struct org_person p = {.code = "P2",
			       .name = "x",
			       .gender = "F",
			       .birth_date = "1990-01-01",
			       .unit = "T2",
			       .rank = "一般干部",
			       .post = "科员"};
	FX_FAILS(f, org_person_create(f->s, &f->who, &p, &f->err), ZF_EINVAL, "unit");
	struct org_unit u = {.set_active = ORG_ACTIVATE};
	FX_OK(f, org_unit_update(f->s, &f->who, "T2", &u, &f->err));
	FX_OK(f, org_person_create(f->s, &f->who, &p, &f->err));
}

static void test_person_create_and_validation(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	fx_category(f, "towns", "township");
	fx_unit(f, "D", "towns", NULL);
	fx_unit(f, "T1", "towns", "D");
	int64_t n0 = fx_audit_count(f);

	struct org_person good = {.code = "P1",
				  .name = "张三",
				  .gender = "男",
				  .birth_date = "1983-02-28",
				  .unit = "T1",
				  .rank = "正科级",
				  .post = "党委书记",
				  .appointed_on = "2021-06-01",
				  .managed_by = "D"};
	struct org_person p;
#define BAD(member, value, code, fieldname)                                                        \
	do {                                                                                       \
		p = good;                                                                          \
		p.member = value;                                                                  \
		FX_FAILS(f, org_person_create(f->s, &f->who, &p, &f->err), code, fieldname);       \
	} while (0)
	BAD(code, "", ZF_EINVAL, "code");
	BAD(name, "  ", ZF_EINVAL, "name");
	BAD(gender, "X", ZF_EINVAL, "gender");
	BAD(gender, NULL, ZF_EINVAL, "gender");
	BAD(birth_date, "1983-02-29", ZF_EINVAL, "birth_date");
	BAD(birth_date, "1983/02/28", ZF_EINVAL, "birth_date");
	BAD(birth_date, "2190-01-01", ZF_EINVAL, "birth_date");
	BAD(birth_date, NULL, ZF_EINVAL, "birth_date");
	BAD(unit, "T9", ZF_EINVAL, "unit");
	BAD(unit, NULL, ZF_EINVAL, "unit");
	BAD(rank, "科员", ZF_EINVAL, "rank");
	BAD(post, "", ZF_EINVAL, "post");
	BAD(appointed_on, "2021-13-01", ZF_EINVAL, "appointed_on");
	BAD(appointed_on, "1970-01-01", ZF_EINVAL, "appointed_on");
	BAD(managed_by, "ZZ", ZF_EINVAL, "managed_by");
#undef BAD
	assert_int_equal(fx_audit_count(f), n0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM people"), 0);

	FX_OK(f, org_person_create(f->s, &f->who, &good, &f->err));
	assert_int_equal(fx_audit_count(f), n0 + 1);
	FX_FAILS(f, org_person_create(f->s, &f->who, &good, &f->err), ZF_ECONFLICT, "code");

	FX_OK(f, org_person_get(f->s, "P1", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "gender")), "M");
	assert_string_equal(json_string_value(json_object_get(j, "rank")), "正科");
	assert_string_equal(json_string_value(json_object_get(j, "birth_date")), "1983-02-28");
	assert_string_equal(json_string_value(json_object_get(j, "appointed_on")), "2021-06-01");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "managed_by"), "code")), "D");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "unit"), "code")),
			    "T1");
	assert_int_equal(json_array_size(json_object_get(j, "team")), 0);
	json_decref(j);

	/* optional fields may be absent */
	struct org_person q = {.code = "P2",
			       .name = "李四",
			       .gender = "F",
			       .birth_date = "1990-10-10",
			       .unit = "T1",
			       .rank = "村干部",
			       .post = "村委委员"};
	FX_OK(f, org_person_create(f->s, &f->who, &q, &f->err));
	FX_OK(f, org_person_get(f->s, "P2", &j, &f->err));
	assert_true(json_is_null(json_object_get(j, "appointed_on")));
	assert_true(json_is_null(json_object_get(j, "managed_by")));
	json_decref(j);
}

static void test_person_update_deactivate(void **state)
{
	struct fx *f = *state;
	char action[32], entity[32], changes[1024];
	json_t *j = NULL;
	fx_category(f, "towns", "township");
	fx_unit(f, "D", "towns", NULL);
	fx_unit(f, "T1", "towns", "D");
	fx_person(f, "P1", "T1");
	fx_person(f, "DL", "D");
	fx_member(f, "T1", "P1", "main", "");
	fx_oversight(f, "P1", NULL, "安全生产");

	struct org_person p = {.post = "镇长", .unit = "D", .appointed_on = "2020-01-01"};
	FX_OK(f, org_person_update(f->s, &f->who, "P1", &p, &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "update");
	assert_string_equal(entity, "person");
	assert_non_null(strstr(changes, "\"post\":{\"new\":\"镇长\",\"old\":\"干部\"}"));
	assert_non_null(strstr(changes, "\"unit\":{\"new\":\"D\",\"old\":\"T1\"}"));
	assert_non_null(strstr(changes, "\"appointed_on\":{\"new\":\"2020-01-01\",\"old\":null}"));
	assert_null(strstr(changes, "\"name\""));

	/* "" clears an optional field, and is "required" for a required one */
	p = (struct org_person){.appointed_on = ""};
	FX_OK(f, org_person_update(f->s, &f->who, "P1", &p, &f->err));
	p = (struct org_person){.post = ""};
	FX_FAILS(f, org_person_update(f->s, &f->who, "P1", &p, &f->err), ZF_EINVAL, "post");
	p = (struct org_person){.gender = "?"};
	FX_FAILS(f, org_person_update(f->s, &f->who, "P1", &p, &f->err), ZF_EINVAL, "gender");
	p = (struct org_person){.code = "P2"};
	FX_FAILS(f, org_person_update(f->s, &f->who, "P1", &p, &f->err), ZF_EINVAL, "code");
	FX_FAILS(f, org_person_update(f->s, &f->who, "P9", &p, &f->err), ZF_ENOTFOUND, NULL);

	FX_OK(f, org_person_get(f->s, "P1", &j, &f->err));
	assert_true(json_is_null(json_object_get(j, "appointed_on")));
	assert_int_equal(json_array_size(json_object_get(j, "team")), 1);
	assert_int_equal(json_array_size(json_object_get(j, "oversight")), 1);
	json_decref(j);

	/* a person who leaves leaves the team and the oversight too, each audited */
	int64_t n0 = fx_audit_count(f);
	FX_OK(f, org_person_deactivate(f->s, &f->who, "P1", &f->err));
	assert_int_equal(fx_audit_count(f), n0 + 3);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM team_members WHERE active = 1"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM oversight WHERE active = 1"), 0);
	FX_OK(f, org_person_get(f->s, "P1", &j, &f->err));
	assert_true(json_is_false(json_object_get(j, "active")));
	json_decref(j);
	p = (struct org_person){.set_active = ORG_ACTIVATE};
	FX_OK(f, org_person_update(f->s, &f->who, "P1", &p, &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "activate");
}

static void test_person_list_filters(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	fx_category(f, "towns", "township");
	fx_unit(f, "T1", "towns", NULL);
	fx_unit(f, "T2", "towns", NULL);
	const struct {
		const char *code, *name, *born, *unit;
	} people[] = {
	    {"P1", "王小明", "1979-12-31", "T1"},
	    {"P2", "王大明", "1980-01-01", "T1"},
	    {"P3", "李红", "1989-12-31", "T2"},
	    {"P4", "100%_张", "1990-01-01", "T2"},
	};
	for (size_t i = 0; i < ARRAY_LEN(people); i++) {
		struct org_person p = {.code = people[i].code,
				       .name = people[i].name,
				       .gender = "M",
				       .birth_date = people[i].born,
				       .unit = people[i].unit,
				       .rank = "一般干部",
				       .post = "科员"};
		FX_OK(f, org_person_create(f->s, &f->who, &p, &f->err));
	}
	struct org_person_filter post80s = {
	    .born_from = "1980-01-01", .born_to = "1989-12-31", .active = -1};
	FX_OK(f, org_person_list(f->s, &post80s, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "code")), "P2");
	json_decref(j);
	struct org_person_filter byunit = {.unit = "T1", .active = -1};
	FX_OK(f, org_person_list(f->s, &byunit, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	json_decref(j);
	struct org_person_filter byname = {.q = "明", .active = -1};
	FX_OK(f, org_person_list(f->s, &byname, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	json_decref(j);
	/* LIKE's wildcards in q are literal */
	struct org_person_filter pct = {.q = "%_", .active = -1};
	FX_OK(f, org_person_list(f->s, &pct, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 0), "code")), "P4");
	json_decref(j);
	struct org_person_filter bad = {.born_from = "1980", .active = -1};
	FX_FAILS(f, org_person_list(f->s, &bad, 0, 100, &j, &f->err), ZF_EINVAL, "born_from");
	FX_OK(f, org_person_list(f->s, NULL, 2, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	json_decref(j);
}

static void test_team(void **state)
{
	struct fx *f = *state;
	char action[32], entity[32], changes[1024];
	json_t *j = NULL;
	fx_category(f, "towns", "township");
	fx_unit(f, "T1", "towns", NULL);
	fx_person(f, "M1", "T1");
	fx_person(f, "M2", "T1");
	fx_person(f, "A1", "T1");

	struct org_team_member m = {
	    .unit = "T1", .person = "M1", .role = "主要领导", .title = "党委书记"};
	FX_OK(f, org_team_add(f->s, &f->who, &m, &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "create");
	assert_string_equal(entity, "team_member");

	/* one main leader per unit */
	m = (struct org_team_member){.unit = "T1", .person = "M2", .role = "main"};
	FX_FAILS(f, org_team_add(f->s, &f->who, &m, &f->err), ZF_ECONFLICT, "role");
	assert_non_null(strstr(f->err.msg, "M1"));
	m = (struct org_team_member){.unit = "T1", .person = "M2", .role = "boss"};
	FX_FAILS(f, org_team_add(f->s, &f->who, &m, &f->err), ZF_EINVAL, "role");
	m = (struct org_team_member){.unit = "T1", .person = "ZZ", .role = "member"};
	FX_FAILS(f, org_team_add(f->s, &f->who, &m, &f->err), ZF_EINVAL, "person");
	m = (struct org_team_member){.unit = "T9", .person = "M2", .role = "member"};
	FX_FAILS(f, org_team_add(f->s, &f->who, &m, &f->err), ZF_EINVAL, "unit");

	m = (struct org_team_member){.unit = "T1",
				     .person = "A1",
				     .role = "副职",
				     .title = "副镇长",
				     .areas = " 安全生产, 环保，安全生产;;教育 "};
	FX_OK(f, org_team_add(f->s, &f->who, &m, &f->err));
	FX_FAILS(f, org_team_add(f->s, &f->who, &m, &f->err), ZF_ECONFLICT, "person");

	FX_OK(f, org_team_list(f->s, "T1", false, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	json_t *main = json_array_get(j, 0), *dep = json_array_get(j, 1);
	assert_string_equal(json_string_value(json_object_get(main, "role")), "main");
	assert_string_equal(json_string_value(json_object_get(main, "role_zh")), "主要领导");
	assert_string_equal(json_string_value(json_object_get(main, "title")), "党委书记");
	json_t *areas = json_object_get(dep, "areas");
	assert_int_equal(json_array_size(areas), 3);
	assert_string_equal(json_string_value(json_array_get(areas, 0)), "安全生产");
	assert_string_equal(json_string_value(json_array_get(areas, 1)), "环保");
	assert_string_equal(json_string_value(json_array_get(areas, 2)), "教育");
	json_decref(j);
	assert_int_equal(
	    fx_int(f, "SELECT count(*) FROM team_members WHERE areas = '安全生产、环保、教育'"), 1);

	/* promoting the deputy while M1 leads is refused; after M1 steps down it works */
	struct org_team_member up = {.role = "main"};
	FX_FAILS(f, org_team_update(f->s, &f->who, "T1", "A1", &up, &f->err), ZF_ECONFLICT, "role");
	FX_OK(f, org_team_deactivate(f->s, &f->who, "T1", "M1", &f->err));
	last_audit(f, action, entity, changes, sizeof changes);
	assert_string_equal(action, "deactivate");
	FX_OK(f, org_team_update(f->s, &f->who, "T1", "A1", &up, &f->err));
	FX_FAILS(f, org_team_update(f->s, &f->who, "T1", "M2", &up, &f->err), ZF_ENOTFOUND, NULL);

	/* bringing M1 back as main again conflicts with A1 now; as a member it is fine */
	m = (struct org_team_member){.unit = "T1", .person = "M1", .role = "main"};
	FX_FAILS(f, org_team_add(f->s, &f->who, &m, &f->err), ZF_ECONFLICT, "role");
	m.role = "member";
	FX_OK(f, org_team_add(f->s, &f->who, &m, &f->err));
	assert_int_equal(fx_int(f, "SELECT count(*) FROM team_members"), 2);

	FX_OK(f, org_team_list(f->s, "T1", false, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(json_array_get(j, 0), "person"), "code")),
			    "A1");
	json_decref(j);
	FX_FAILS(f, org_team_list(f->s, "T9", false, &j, &f->err), ZF_ENOTFOUND, NULL);
}

static void test_oversight(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	fx_category(f, "towns", "township");
	fx_unit(f, "D", "towns", NULL);
	fx_unit(f, "T1", "towns", "D");
	fx_person(f, "V1", "D");

	int64_t a = fx_oversight(f, "V1", "T1", NULL);
	int64_t b = fx_oversight(f, "V1", NULL, "安全生产，环保");
	struct org_oversight o = {.leader = "V1", .unit = "T1"};
	FX_FAILS(f, org_oversight_create(f->s, &f->who, &o, NULL, &f->err), ZF_ECONFLICT, "leader");
	o = (struct org_oversight){.leader = "V1", .unit = "", .area = " "};
	FX_FAILS(f, org_oversight_create(f->s, &f->who, &o, NULL, &f->err), ZF_EINVAL, "area");
	o = (struct org_oversight){.leader = "NOPE", .unit = "T1"};
	FX_FAILS(f, org_oversight_create(f->s, &f->who, &o, NULL, &f->err), ZF_EINVAL, "leader");
	o = (struct org_oversight){.leader = "V1", .unit = "T7"};
	FX_FAILS(f, org_oversight_create(f->s, &f->who, &o, NULL, &f->err), ZF_EINVAL, "unit");

	FX_OK(f, org_oversight_get(f->s, b, &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "area")), "安全生产、环保");
	assert_true(json_is_null(json_object_get(j, "unit")));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "leader"), "code")), "V1");
	json_decref(j);

	struct org_oversight_filter byunit = {.unit = "T1", .active = -1};
	FX_OK(f, org_oversight_list(f->s, &byunit, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);

	int64_t n0 = fx_audit_count(f);
	FX_OK(f, org_oversight_deactivate(f->s, &f->who, a, &f->err));
	assert_int_equal(fx_audit_count(f), n0 + 1);
	FX_FAILS(f, org_oversight_deactivate(f->s, &f->who, a, &f->err), ZF_ECONFLICT, NULL);
	FX_FAILS(f, org_oversight_deactivate(f->s, &f->who, 999, &f->err), ZF_ENOTFOUND, NULL);
	FX_FAILS(f, org_oversight_get(f->s, 999, &j, &f->err), ZF_ENOTFOUND, NULL);
	struct org_oversight_filter active = {.leader = "V1", .active = 1};
	FX_OK(f, org_oversight_list(f->s, &active, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	/* the same assignment can be made again once the old one ended */
	fx_oversight(f, "V1", "T1", "");
}

/* Inside a caller's transaction the writes join it: a rollback undoes them all. */
static void test_joins_callers_transaction(void **state)
{
	struct fx *f = *state;
	int64_t n0 = fx_audit_count(f);
	FX_OK(f, store_begin(f->s, &f->err));
	struct org_category c = {.code = "towns", .name = "乡镇", .kind = "township"};
	FX_OK(f, org_category_create(f->s, &f->who, &c, &f->err));
	struct org_unit u = {.code = "T1", .name = "T1", .category = "towns"};
	FX_OK(f, org_unit_create(f->s, &f->who, &u, &f->err));
	assert_true(store_in_tx(f->s));
	store_rollback(f->s);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM units"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM categories"), 0);
	assert_int_equal(fx_audit_count(f), n0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_category_lifecycle, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_category_errors, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_unit_create_get_list, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_unit_errors, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_unit_update_and_cycles, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_unit_deactivate, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_person_create_and_validation, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_person_update_deactivate, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_person_list_filters, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_team, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_oversight, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_joins_callers_transaction, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
