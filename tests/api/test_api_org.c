/* test_api_org.c: the organisation over HTTP: categories, units, people, teams and oversight
 * (create, read, change, deactivate, validation naming the field, an audit entry per write),
 * who may read and write what, lists that page and filter, and the responsibility chain.
 * The CSV imports are in test_api_org_import.c. Bodies are written with ' for ". */
#include "apitest.h"

#include <inttypes.h>

static struct api A;
#include "apicheck.h" /* after A, which it uses */
static const char *PW = "Demo-pass1";

enum {
	OFFICE,
	INSPECTOR,
	UNIT_LEADER,
	UNIT_STAFF,
	SUPERVISOR,
	VIEWER,
	SYSADMIN,
	SECADMIN,
	AUDITOR,
	NROLES
};
static const char *const ROLE_NAMES[NROLES] = {"office",     "inspector",  "unit_leader",
					       "unit_staff", "supervisor", "viewer",
					       "sysadmin",   "secadmin",   "auditor"};
static struct client CL[NROLES];
static struct client *const O = &CL[OFFICE];
static int64_t OV_T01, OV_T02; /* the set-up's oversight of T01 and of T02 */

/* The item of array arr whose value at path key is value, or NULL. */
static json_t *find_item(json_t *arr, const char *key, const char *value)
{
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
	{
		if (!strcmp(jstr(it, key), value))
			return it;
	}
	return NULL;
}

static json_t *find_id(json_t *arr, int64_t id)
{
	size_t i;
	json_t *it;
	json_array_foreach(arr, i, it)
	{
		if (jint(it, "id") == id)
			return it;
	}
	return NULL;
}

/* The codes of the items a list returns, joined by ','. */
static void codes_at(int line, const char *path, char *out, size_t n)
{
	struct api_resp r;
	size_t i, w = 0;
	json_t *it;
	call_at(line, O, "GET", path, NULL, 200, &r);
	out[0] = '\0';
	json_array_foreach(jat(r.json, "items"), i, it)
	{
		w += (size_t)snprintf(out + w, n - w, "%s%s", w ? "," : "", jstr(it, "code"));
	}
	api_resp_cleanup(&r);
}

static void codes_are_at(int line, const char *path, const char *want)
{
	char got[512];
	codes_at(line, path, got, sizeof got);
	if (strcmp(got, want))
		fail_msg("line %d: GET %s: codes %s, want %s", line, path, got, want);
}
#define CODES(path, want) codes_are_at(__LINE__, path, want)

static void add_person(const char *code, const char *name, const char *unit, const char *rank,
		       const char *post, const char *birth)
{
	char b[512];
	snprintf(b, sizeof b,
		 "{'code':'%s','name':'%s','gender':'M','birth_date':'%s','unit':'%s','rank':'%s',"
		 "'post':'%s'}",
		 code, name, birth, unit, rank, post);
	MUST(O, "POST", "/api/v1/people", b, 201);
}

static void add_unit(const char *code, const char *name, const char *parent)
{
	char b[256];
	snprintf(b, sizeof b, "{'code':'%s','name':'%s','category':'dept','parent':'%s'}", code,
		 name, parent ? parent : "");
	MUST(O, "POST", "/api/v1/units", b, 201);
}

/* Creates an oversight assignment and returns its id. */
static int64_t add_oversight(const char *body)
{
	struct api_resp r;
	CALL(O, "POST", "/api/v1/oversight", body, 201, &r);
	int64_t id = jint(r.json, "id");
	api_resp_cleanup(&r);
	assert_true(id > 0);
	return id;
}

/* base (a JSON object) with key set to v (stolen), or without key when v is NULL; the caller
 * frees the text. */
static char *with(const char *base, const char *key, json_t *v)
{
	char *b = dq(base);
	json_t *o = json_loads(b, 0, NULL);
	assert_non_null(o);
	free(b);
	if (v)
		json_object_set_new(o, key, v);
	else
		json_object_del(o, key);
	char *s = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	return s;
}

static const char *idpath(const char *fmt, int64_t id)
{
	static char s[4][80];
	static int k;
	k = (k + 1) % 4;
	snprintf(s[k], sizeof s[k], fmt, id);
	return s[k];
}

/* ---- the database ---- */

static int64_t count(const char *sql)
{
	int64_t v = -1;
	struct zf_err err;
	if (store_query_int(A.db, &err, &v, sql, "") < 0)
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

static int64_t audits(void)
{
	return count("SELECT count(*) FROM audit_log");
}

/* The audit entries by the office account of one action on one record. */
static int64_t audited(const char *action, const char *entity, const char *id)
{
	int64_t v = -1;
	struct zf_err err;
	if (store_query_int(A.db, &err, &v,
			    "SELECT count(*) FROM audit_log WHERE actor = 'office' AND action = ?"
			    " AND entity = ? AND entity_id = ? AND result = 'ok'",
			    "ttt", action, entity, id) < 0)
		fail_msg("audit: %s", err.msg);
	return v;
}

/* ---- set-up: two townships (T01, T02) with their leaders, a district government (GOV) with
 * a vice head overseeing both, and an account of every role (unit-scoped ones in T01) ---- */

static int setup(void **state)
{
	api_start(&A);
	api_user(&A, "office", "office", NULL, PW);
	api_login(&A, O, "office", PW);
	MUST(O, "POST", "/api/v1/categories", "{'code':'township','name':'乡镇','kind':'township'}",
	     201);
	MUST(O, "POST", "/api/v1/categories", "{'code':'dept','name':'部门'}", 201);
	add_unit("GOV", "区政府", NULL);
	MUST(O, "POST", "/api/v1/units", "{'code':'T01','name':'罗坊镇','category':'township'}",
	     201);
	MUST(O, "POST", "/api/v1/units", "{'code':'T02','name':'水北镇','category':'township'}",
	     201);
	add_person("P1", "张三", "T01", "正科", "党委书记", "1975-03-04");
	add_person("P2", "李四", "T02", "正科", "党委书记", "1976-05-06");
	add_person("P3", "王五", "T01", "副科", "副镇长", "1985-07-08");
	add_person("PG1", "赵六", "GOV", "副处", "副区长", "1970-09-10");
	MUST(O, "POST", "/api/v1/units/T01/team", "{'person':'P1','role':'main'}", 201);
	MUST(O, "POST", "/api/v1/units/T02/team", "{'person':'P2','role':'main'}", 201);
	OV_T01 = add_oversight("{'leader':'PG1','unit':'T01'}");
	OV_T02 = add_oversight("{'leader':'PG1','unit':'T02'}");
	for (int i = 1; i < NROLES; i++) {
		int scoped = i == UNIT_LEADER || i == UNIT_STAFF || i == SUPERVISOR;
		api_user(&A, ROLE_NAMES[i], ROLE_NAMES[i], scoped ? "T01" : NULL, PW);
		api_login(&A, &CL[i], ROLE_NAMES[i], PW);
	}
	return 0;
}

static int teardown(void **state)
{
	api_stop(&A);
	return 0;
}

/* ---- categories ---- */

static void test_category_lifecycle(void **state)
{
	struct api_resp r;
	int64_t a0 = audits();
	CALL(O, "POST", "/api/v1/categories", "{'code':'C1','name':'街道','kind':'乡镇'}", 201, &r);
	assert_true(jint(r.json, "id") > 0);
	HAS(r.json, "code", "C1", "name", "街道", "kind", "township", "active", "=true", "units",
	    "=0");
	api_resp_cleanup(&r);
	assert_int_equal(audited("create", "category", "C1"), 1);
	assert_int_equal(audits(), a0 + 1);
	GOT(O, "POST", "/api/v1/categories", "{'code':'C2','name':'其他类'}", 201, "kind", "dept");

	GOT(O, "PATCH", "/api/v1/categories/C1", "{'name':'街道办','kind':'other'}", 200, "code",
	    "C1", "name", "街道办", "kind", "other");
	GOT(O, "GET", "/api/v1/categories/C1", NULL, 200, "name", "街道办", "kind", "other");
	assert_int_equal(audited("update", "category", "C1"), 1);

	/* a category in use by an active unit stays active */
	MUST(O, "POST", "/api/v1/units", "{'code':'CU1','name':'某街道','category':'C1'}", 201);
	GOT(O, "GET", "/api/v1/categories/C1", NULL, 200, "units", "=1");
	FAILS(O, "POST", "/api/v1/categories/C1/deactivate", NULL, 409, "conflict", "active");
	MUST(O, "POST", "/api/v1/units/CU1/deactivate", NULL, 200);

	GOT(O, "POST", "/api/v1/categories/C1/deactivate", NULL, 200, "active", "=false", "units",
	    "=0");
	assert_int_equal(audited("deactivate", "category", "C1"), 1);
	/* still there, and in the list */
	GOT(O, "GET", "/api/v1/categories/C1", NULL, 200, "active", "=false", "name", "街道办");
	CALL(O, "GET", "/api/v1/categories", NULL, 200, &r);
	HAS(find_item(jat(r.json, "items"), "code", "C1"), "active", "=false");
	api_resp_cleanup(&r);
	/* it takes no new units */
	FAILS(O, "POST", "/api/v1/units", "{'code':'CU2','name':'乙','category':'C1'}", 400,
	      "invalid", "category");

	GOT(O, "PATCH", "/api/v1/categories/C1", "{'active':true}", 200, "active", "=true");
	assert_int_equal(audited("activate", "category", "C1"), 1);
	/* C1, C2, C1 changed, CU1 and its end, C1 ended and back */
	assert_int_equal(audits(), a0 + 7);
}

static void test_category_validation(void **state)
{
	int64_t a0 = audits(), n0 = count("SELECT count(*) FROM categories");
	const char *P = "/api/v1/categories", *TS = "/api/v1/categories/township";
	FAILS(O, "POST", P, "{'name':'甲'}", 400, "invalid", "code");
	FAILS(O, "POST", P, "{'code':'V1'}", 400, "invalid", "name");
	FAILS(O, "POST", P, "{'code':'V1','name':'  '}", 400, "invalid", "name");
	FAILS(O, "POST", P, "{'code':'V1','name':7}", 400, "invalid", "name");
	FAILS(O, "POST", P, "{'code':'V1','name':'甲','kind':'county'}", 400, "invalid", "kind");
	FAILS(O, "POST", P, "{'code':'V1','name':'甲','colour':'red'}", 400, "invalid", "colour");
	FAILS(O, "POST", P, "{'code':'V1','name':'甲','active':false}", 400, "invalid", "active");
	FAILS(O, "POST", P, "{'code':'V 1','name':'甲'}", 400, "invalid", "code");
	FAILS(O, "POST", P, "{'code':'a/b','name':'甲'}", 400, "invalid", "code");
	FAILS(O, "POST", P, "{'code':'ABCDEFGHIJABCDEFGHIJABCDEFGHIJAB','name':'甲'}", 400,
	      "invalid", "code"); /* 32 bytes */
	FAILS(O, "POST", P, "{'code':", 400, "invalid", "body");
	FAILS(O, "POST", P, "[1]", 400, "invalid", "body");
	FAILS(O, "POST", P, NULL, 400, "invalid", "body");
	FAILS(O, "POST", P, "{'code':'township','name':'又一个'}", 409, "conflict", "code");
	FAILS(O, "GET", "/api/v1/categories/NOPE", NULL, 404, "not_found", NULL);
	FAILS(O, "PATCH", "/api/v1/categories/NOPE", "{'name':'甲'}", 404, "not_found", NULL);
	FAILS(O, "POST", "/api/v1/categories/NOPE/deactivate", NULL, 404, "not_found", NULL);
	FAILS(O, "PATCH", TS, "{'code':'other'}", 400, "invalid", "code");
	FAILS(O, "PATCH", TS, "{'name':''}", 400, "invalid", "name");
	FAILS(O, "PATCH", TS, "{'kind':'x'}", 400, "invalid", "kind");
	FAILS(O, "PATCH", TS, "{'active':'no'}", 400, "invalid", "active");
	FAILS(O, "POST", "/api/v1/categories/township/deactivate", NULL, 409, "conflict", "active");
	assert_int_equal(audits(), a0);
	assert_int_equal(count("SELECT count(*) FROM categories"), n0);
	GOT(O, "GET", TS, NULL, 200, "name", "乡镇", "kind", "township", "active", "=true");
	/* 31 bytes is a code */
	MUST(O, "POST", P, "{'code':'ABCDEFGHIJABCDEFGHIJABCDEFGHIJA','name':'甲'}", 201);
}

/* ---- units ---- */

static void test_unit_lifecycle(void **state)
{
	struct api_resp r;
	int64_t a0 = audits();
	CALL(O, "POST", "/api/v1/units", "{'code':'U1','name':'上级单位','category':'dept'}", 201,
	     &r);
	assert_true(jint(r.json, "id") > 0);
	HAS(r.json, "code", "U1", "name", "上级单位", "category.code", "dept", "category.name",
	    "部门", "category.kind", "dept", "parent", "=null", "active", "=true", "children", "=0",
	    "people", "=0");
	api_resp_cleanup(&r);
	GOT(O, "POST", "/api/v1/units",
	    "{'code':'U2','name':'下级单位','category':'township','parent':'U1'}", 201,
	    "parent.code", "U1", "parent.name", "上级单位", "category.kind", "township");
	assert_int_equal(audited("create", "unit", "U1"), 1);
	assert_int_equal(audited("create", "unit", "U2"), 1);
	GOT(O, "GET", "/api/v1/units/U1", NULL, 200, "children", "=1");

	/* no loops, no deactivating a unit with active sub-units or people */
	FAILS(O, "PATCH", "/api/v1/units/U1", "{'parent':'U2'}", 400, "invalid", "parent");
	FAILS(O, "PATCH", "/api/v1/units/U1", "{'parent':'U1'}", 400, "invalid", "parent");
	FAILS(O, "POST", "/api/v1/units/U1/deactivate", NULL, 409, "conflict", "active");
	add_person("UP1", "钱七", "U2", "一般干部", "科员", "1990-01-01");
	GOT(O, "GET", "/api/v1/units/U2", NULL, 200, "people", "=1");
	FAILS(O, "POST", "/api/v1/units/U2/deactivate", NULL, 409, "conflict", "active");
	MUST(O, "POST", "/api/v1/people/UP1/deactivate", NULL, 200);

	GOT(O, "PATCH", "/api/v1/units/U2", "{'name':'下级单位二','parent':null}", 200, "name",
	    "下级单位二", "parent", "=null");
	GOT(O, "PATCH", "/api/v1/units/U2", "{'parent':'U1'}", 200, "parent.code", "U1");
	assert_int_equal(audited("update", "unit", "U2"), 2);

	GOT(O, "POST", "/api/v1/units/U2/deactivate", NULL, 200, "active", "=false");
	assert_int_equal(audited("deactivate", "unit", "U2"), 1);
	GOT(O, "GET", "/api/v1/units/U2", NULL, 200, "active", "=false", "name", "下级单位二");
	GOT(O, "GET", "/api/v1/units/U1", NULL, 200, "children", "=0");
	CODES("/api/v1/units?parent=U1", "U2");
	CODES("/api/v1/units?parent=U1&active=1", "");
	CODES("/api/v1/units?parent=U1&active=0", "U2");
	/* parent= asks for the top-level units; category= for one category's */
	CALL(O, "GET", "/api/v1/units?parent=&limit=1000", NULL, 200, &r);
	assert_non_null(find_item(jat(r.json, "items"), "code", "U1"));
	assert_null(find_item(jat(r.json, "items"), "code", "U2"));
	api_resp_cleanup(&r);
	CALL(O, "GET", "/api/v1/units?category=township&limit=1000", NULL, 200, &r);
	assert_non_null(find_item(jat(r.json, "items"), "code", "U2"));
	assert_non_null(find_item(jat(r.json, "items"), "code", "T01"));
	assert_null(find_item(jat(r.json, "items"), "code", "U1"));
	api_resp_cleanup(&r);
	/* a deactivated unit takes no sub-units */
	FAILS(O, "POST", "/api/v1/units",
	      "{'code':'U3','name':'丙','category':'dept','parent':'U2'}", 400, "invalid",
	      "parent");

	GOT(O, "PATCH", "/api/v1/units/U2", "{'active':true}", 200, "active", "=true");
	assert_int_equal(audited("activate", "unit", "U2"), 1);
	/* U1, U2, UP1 and its end, two changes, U2 ended and back */
	assert_int_equal(audits(), a0 + 8);

	/* one of the district's own organs: marked at creation or later, and unmarked */
	GOT(O, "GET", "/api/v1/units/U2", NULL, 200, "district_body", "=false");
	FAILS(O, "PATCH", "/api/v1/units/U2", "{'district_body':'yes'}", 400, "invalid",
	      "district_body");
	GOT(O, "PATCH", "/api/v1/units/U2", "{'district_body':true}", 200, "district_body",
	    "=true");
	GOT(O, "PATCH", "/api/v1/units/U2", "{'name':'下级单位三'}", 200, "district_body", "=true");
	GOT(O, "PATCH", "/api/v1/units/U2", "{'district_body':false}", 200, "district_body",
	    "=false");
	GOT(O, "POST", "/api/v1/units",
	    "{'code':'UJ','name':'区纪委','category':'dept','district_body':true}", 201,
	    "district_body", "=true");
	assert_int_equal(audits(), a0 + 8 + 4);
}

static void test_unit_deactivation_ends_team_and_oversight(void **state)
{
	add_unit("U4", "将撤单位", NULL);
	MUST(O, "POST", "/api/v1/units/U4/team", "{'person':'P3','role':'member'}", 201);
	int64_t ov = add_oversight("{'leader':'PG1','unit':'U4'}");
	int64_t a0 = audits();
	GOT(O, "POST", "/api/v1/units/U4/deactivate", NULL, 200, "active", "=false");
	assert_int_equal(audits(), a0 + 3);
	assert_int_equal(audited("deactivate", "unit", "U4"), 1);
	assert_int_equal(audited("deactivate", "team_member", "U4/P3"), 1);
	assert_int_equal(audited("deactivate", "oversight", idpath("%" PRId64, ov)), 1);
	GOT(O, "GET", "/api/v1/units/U4/team", NULL, 200, "items", "=[]");
	GOT(O, "GET", "/api/v1/units/U4/team?include_inactive=1", NULL, 200, "items.0.person.code",
	    "P3", "items.0.active", "=false", "items.1", "(absent)");
	GOT(O, "GET", idpath("/api/v1/oversight/%" PRId64, ov), NULL, 200, "active", "=false");
}

static void test_unit_validation(void **state)
{
	int64_t a0 = audits(), n0 = count("SELECT count(*) FROM units");
	const char *P = "/api/v1/units", *T = "/api/v1/units/T01";
	FAILS(O, "POST", P, "{'name':'甲','category':'dept'}", 400, "invalid", "code");
	FAILS(O, "POST", P, "{'code':'V1','category':'dept'}", 400, "invalid", "name");
	FAILS(O, "POST", P, "{'code':'V1','name':'甲'}", 400, "invalid", "category");
	FAILS(O, "POST", P, "{'code':'V1','name':'甲','category':'nope'}", 400, "invalid",
	      "category");
	FAILS(O, "POST", P, "{'code':'V1','name':'甲','category':'dept','parent':'NOPE'}", 400,
	      "invalid", "parent");
	FAILS(O, "POST", P, "{'code':'V1','name':'甲','category':'dept','parent':5}", 400,
	      "invalid", "parent");
	FAILS(O, "POST", P, "{'code':'V1','name':'甲','category':'dept','active':true}", 400,
	      "invalid", "active");
	FAILS(O, "POST", P, "{'code':'V#1','name':'甲','category':'dept'}", 400, "invalid", "code");
	FAILS(O, "POST", P, "{'code':'T01','name':'甲','category':'dept'}", 409, "conflict",
	      "code");
	FAILS(O, "GET", "/api/v1/units/NOPE", NULL, 404, "not_found", NULL);
	FAILS(O, "PATCH", "/api/v1/units/NOPE", "{'name':'甲'}", 404, "not_found", NULL);
	FAILS(O, "POST", "/api/v1/units/NOPE/deactivate", NULL, 404, "not_found", NULL);
	FAILS(O, "PATCH", T, "{'category':'nope'}", 400, "invalid", "category");
	FAILS(O, "PATCH", T, "{'parent':'NOPE'}", 400, "invalid", "parent");
	FAILS(O, "PATCH", T, "{'code':'T09'}", 400, "invalid", "code");
	FAILS(O, "PATCH", T, "{'name':null}", 400, "invalid", "name");
	FAILS(O, "PATCH", T, "{'active':1}", 400, "invalid", "active");
	assert_int_equal(audits(), a0);
	assert_int_equal(count("SELECT count(*) FROM units"), n0);
	GOT(O, "GET", T, NULL, 200, "name", "罗坊镇", "parent", "=null", "category.code",
	    "township", "active", "=true");
}

/* ---- people ---- */

static void test_person_lifecycle(void **state)
{
	struct api_resp r;
	int64_t a0 = audits();
	CALL(O, "POST", "/api/v1/people",
	     "{'code':'PX1','name':'陈一','gender':'男','birth_date':'1980-05-06','unit':'T01',"
	     "'rank':'正科级','post':'镇长','managed_by':'GOV'}",
	     201, &r);
	assert_true(jint(r.json, "id") > 0);
	HAS(r.json, "code", "PX1", "name", "陈一", "gender", "M", "birth_date", "1980-05-06",
	    "unit.code", "T01", "unit.name", "罗坊镇", "rank", "正科", "post", "镇长",
	    "appointed_on", "=null", "managed_by.code", "GOV", "managed_by.name", "区政府",
	    "active", "=true", "team", "=[]", "oversight", "=[]");
	api_resp_cleanup(&r);
	assert_int_equal(audited("create", "person", "PX1"), 1);
	assert_int_equal(audits(), a0 + 1);

	/* a change keeps what it does not name */
	GOT(O, "PATCH", "/api/v1/people/PX1",
	    "{'post':'党委副书记','appointed_on':'2021-03-01','gender':'F'}", 200, "post",
	    "党委副书记", "appointed_on", "2021-03-01", "gender", "F", "name", "陈一",
	    "managed_by.code", "GOV", "rank", "正科");
	GOT(O, "PATCH", "/api/v1/people/PX1",
	    "{'appointed_on':null,'unit':'T02','managed_by':null}", 200, "appointed_on", "=null",
	    "managed_by", "=null", "unit.code", "T02");
	GOT(O, "GET", "/api/v1/people/PX1", NULL, 200, "unit.name", "水北镇", "post", "党委副书记",
	    "gender", "F", "birth_date", "1980-05-06");
	assert_int_equal(audited("update", "person", "PX1"), 2);

	/* deactivation ends the person's team place and oversight, each audited */
	MUST(O, "POST", "/api/v1/units/T02/team", "{'person':'PX1','role':'deputy','areas':'环保'}",
	     201);
	int64_t ov = add_oversight("{'leader':'PX1','area':'环保'}");
	int64_t a1 = audits();
	CALL(O, "POST", "/api/v1/people/PX1/deactivate", NULL, 200, &r);
	HAS(r.json, "active", "=false", "team.0.unit.code", "T02", "team.0.active", "=false",
	    "team.1", "(absent)", "oversight.0.area", "环保", "oversight.0.active", "=false");
	assert_int_equal(jint(r.json, "oversight.0.id"), ov);
	api_resp_cleanup(&r);
	assert_int_equal(audits(), a1 + 3);
	assert_int_equal(audited("deactivate", "person", "PX1"), 1);
	assert_int_equal(audited("deactivate", "team_member", "T02/PX1"), 1);
	assert_int_equal(audited("deactivate", "oversight", idpath("%" PRId64, ov)), 1);
	GOT(O, "GET", "/api/v1/people/PX1", NULL, 200, "active", "=false", "name", "陈一");
	CODES("/api/v1/people?unit=T02&active=0", "PX1");
	/* a deactivated person cannot come back into a team */
	FAILS(O, "PATCH", "/api/v1/units/T02/team/PX1", "{'active':true}", 400, "invalid",
	      "person");
	GOT(O, "PATCH", "/api/v1/people/PX1", "{'active':true}", 200, "active", "=true");
	assert_int_equal(audited("activate", "person", "PX1"), 1);
}

static const char *PBASE = "{'code':'PV1','name':'测试','gender':'F','birth_date':'1985-01-01',"
			   "'unit':'T01','rank':'副科','post':'干部'}";

/* Creating PBASE with key set to v (NULL: left out) fails with status on field. */
static void person_fails_at(int line, const char *key, json_t *v, long status, const char *field)
{
	char *b = with(PBASE, key, v);
	fails_at(line, O, "POST", "/api/v1/people", b, status,
		 status == 409 ? "conflict" : "invalid", field);
	free(b);
}
#define PERSON_FAILS(key, v, field)    person_fails_at(__LINE__, key, v, 400, field)
#define PERSON_CONFLICT(key, v, field) person_fails_at(__LINE__, key, v, 409, field)

static void test_person_validation(void **state)
{
	char name101[400] = "";
	for (int i = 0; i < 101; i++)
		strcat(name101, "名");
	add_unit("UD", "已撤单位", NULL);
	MUST(O, "POST", "/api/v1/units/UD/deactivate", NULL, 200);
	int64_t a0 = audits(), n0 = count("SELECT count(*) FROM people");

	PERSON_FAILS("code", NULL, "code");
	PERSON_FAILS("code", json_string("a b"), "code");
	PERSON_CONFLICT("code", json_string("P1"), "code");
	PERSON_FAILS("name", NULL, "name");
	PERSON_FAILS("name", json_string("  "), "name");
	PERSON_FAILS("name", json_string(name101), "name");
	PERSON_FAILS("gender", NULL, "gender");
	PERSON_FAILS("gender", json_string("X"), "gender");
	PERSON_FAILS("birth_date", NULL, "birth_date");
	PERSON_FAILS("birth_date", json_string("1985-02-30"), "birth_date");
	PERSON_FAILS("birth_date", json_string("85-01-01"), "birth_date");
	PERSON_FAILS("birth_date", json_string("2999-01-01"), "birth_date");
	PERSON_FAILS("unit", NULL, "unit");
	PERSON_FAILS("unit", json_string("NOPE"), "unit");
	PERSON_FAILS("unit", json_string("UD"), "unit");
	PERSON_FAILS("rank", json_string("科员"), "rank");
	PERSON_FAILS("rank", json_integer(3), "rank");
	PERSON_FAILS("post", NULL, "post");
	PERSON_FAILS("appointed_on", json_string("1984-12-31"), "appointed_on");
	PERSON_FAILS("appointed_on", json_string("2020-13-01"), "appointed_on");
	PERSON_FAILS("managed_by", json_string("NOPE"), "managed_by");
	PERSON_FAILS("active", json_true(), "active");
	PERSON_FAILS("hobby", json_string("钓鱼"), "hobby");
	FAILS(O, "GET", "/api/v1/people/NOPE", NULL, 404, "not_found", NULL);
	FAILS(O, "PATCH", "/api/v1/people/NOPE", "{'post':'甲'}", 404, "not_found", NULL);
	FAILS(O, "POST", "/api/v1/people/NOPE/deactivate", NULL, 404, "not_found", NULL);
	FAILS(O, "PATCH", "/api/v1/people/P1", "{'code':'P9'}", 400, "invalid", "code");
	FAILS(O, "PATCH", "/api/v1/people/P1", "{'birth_date':'x'}", 400, "invalid", "birth_date");
	FAILS(O, "PATCH", "/api/v1/people/P1", "{'gender':''}", 400, "invalid", "gender");
	FAILS(O, "PATCH", "/api/v1/people/P1", "{'unit':'UD'}", 400, "invalid", "unit");
	assert_int_equal(audits(), a0);
	assert_int_equal(count("SELECT count(*) FROM people"), n0);
	GOT(O, "GET", "/api/v1/people/P1", NULL, 200, "unit.code", "T01", "gender", "M",
	    "birth_date", "1975-03-04", "post", "党委书记");
	/* the base body itself is good */
	MUST(O, "POST", "/api/v1/people", PBASE, 201);
}

/* ---- teams ---- */

static void test_team_lifecycle(void **state)
{
	struct api_resp r;
	const char *T = "/api/v1/units/TM/team", *TB = "/api/v1/units/TM/team/TB";
	add_unit("TM", "某局", NULL);
	add_person("TA", "甲局长", "TM", "正处", "局长", "1970-01-01");
	add_person("TB", "乙副局长", "TM", "副处", "副局长", "1975-01-01");
	add_person("TC", "丙科长", "TM", "正科", "科长", "1980-01-01");
	add_person("TD", "丁", "TM", "正处", "副书记", "1972-01-01");
	int64_t a0 = audits();

	CALL(O, "POST", T, "{'person':'TC','role':'成员'}", 201, &r);
	HAS(r.json, "items.0.role", "member", "items.0.role_zh", "成员", "items.1", "(absent)");
	int64_t tc_id = jint(r.json, "items.0.id");
	assert_true(tc_id > 0);
	api_resp_cleanup(&r);
	MUST(O, "POST", T, "{'person':'TA','role':'main','title':'局长'}", 201);
	/* main leader first, then deputies, then members; areas split, trimmed, deduplicated */
	GOT(O, "POST", T,
	    "{'person':'TB','role':'副职','title':'副局长','areas':'安全生产, 环保；安全生产'}",
	    201, "items.0.unit.code", "TM", "items.0.unit.name", "某局", "items.0.person.code",
	    "TA", "items.0.person.name", "甲局长", "items.0.person.post", "局长",
	    "items.0.person.rank", "正处", "items.0.role", "main", "items.0.role_zh", "主要领导",
	    "items.0.title", "局长", "items.0.areas", "=[]", "items.0.active", "=true",
	    "items.1.person.code", "TB", "items.1.role", "deputy", "items.1.role_zh", "副职",
	    "items.1.areas", "=['安全生产','环保']", "items.2.person.code", "TC", "items.3",
	    "(absent)");
	assert_int_equal(audits(), a0 + 3);
	assert_int_equal(audited("create", "team_member", "TM/TB"), 1);

	FAILS(O, "POST", T, "{'person':'TD','role':'main'}", 409, "conflict", "role");
	FAILS(O, "POST", T, "{'person':'TA','role':'member'}", 409, "conflict", "person");
	GOT(O, "PATCH", TB, "{'areas':'财务','title':'常务副局长'}", 200, "items.1.title",
	    "常务副局长", "items.1.areas", "=['财务']", "items.1.role", "deputy");
	assert_int_equal(audited("update", "team_member", "TM/TB"), 1);
	FAILS(O, "PATCH", TB, "{'role':'main'}", 409, "conflict", "role");
	FAILS(O, "PATCH", TB, "{'role':'boss'}", 400, "invalid", "role");
	FAILS(O, "PATCH", TB, "{'person':'TC'}", 400, "invalid", "person");
	FAILS(O, "PATCH", "/api/v1/units/TM/team/TD", "{'title':'甲'}", 404, "not_found", NULL);

	GOT(O, "POST", "/api/v1/units/TM/team/TC/deactivate", NULL, 200, "items.0.person.code",
	    "TA", "items.1.person.code", "TB", "items.2", "(absent)");
	assert_int_equal(audited("deactivate", "team_member", "TM/TC"), 1);
	GOT(O, "GET", "/api/v1/units/TM/team?include_inactive=1", NULL, 200, "items.2.person.code",
	    "TC", "items.2.active", "=false", "items.3", "(absent)");
	GOT(O, "GET", "/api/v1/people/TC", NULL, 200, "team.0.unit.code", "TM", "team.0.role",
	    "member", "team.0.active", "=false");
	/* adding again brings the same membership back with the new values */
	CALL(O, "POST", T, "{'person':'TC','role':'member','areas':'信访'}", 201, &r);
	json_t *tc = find_item(jat(r.json, "items"), "person.code", "TC");
	assert_int_equal(jint(tc, "id"), tc_id);
	HAS(tc, "areas", "=['信访']", "active", "=true");
	api_resp_cleanup(&r);
	/* when the main leader leaves, another may take the place */
	MUST(O, "POST", "/api/v1/units/TM/team/TA/deactivate", NULL, 200);
	GOT(O, "POST", T, "{'person':'TD','role':'main'}", 201, "items.0.person.code", "TD",
	    "items.0.role", "main");
	assert_int_equal(audited("create", "team_member", "TM/TC"), 2);
	assert_int_equal(audits(), a0 + 8);
}

static void test_team_validation(void **state)
{
	int64_t a0 = audits(), n0 = count("SELECT count(*) FROM team_members");
	const char *T = "/api/v1/units/T01/team";
	FAILS(O, "POST", T, "{'role':'member'}", 400, "invalid", "person");
	FAILS(O, "POST", T, "{'person':'NOPE','role':'member'}", 400, "invalid", "person");
	FAILS(O, "POST", T, "{'person':'P3'}", 400, "invalid", "role");
	FAILS(O, "POST", T, "{'person':'P3','role':'chief'}", 400, "invalid", "role");
	FAILS(O, "POST", T, "{'person':'P3','role':'member','active':true}", 400, "invalid",
	      "active");
	FAILS(O, "POST", T, "{'person':'P3','role':'member','areas':['环保']}", 400, "invalid",
	      "areas");
	FAILS(O, "POST", T, "{'person':'P3','role':'member','unit':'T02'}", 400, "invalid", "unit");
	FAILS(O, "POST", T, "{'person':'P1','role':'main'}", 409, "conflict", "person");
	FAILS(O, "POST", "/api/v1/units/NOPE/team", "{'person':'P3','role':'member'}", 400,
	      "invalid", "unit");
	FAILS(O, "GET", "/api/v1/units/NOPE/team", NULL, 404, "not_found", NULL);
	FAILS(O, "PATCH", "/api/v1/units/T01/team/P2", "{'title':'甲'}", 404, "not_found", NULL);
	FAILS(O, "POST", "/api/v1/units/T01/team/NOPE/deactivate", NULL, 404, "not_found", NULL);
	assert_int_equal(audits(), a0);
	assert_int_equal(count("SELECT count(*) FROM team_members"), n0);
}

/* ---- oversight ---- */

static void test_oversight_lifecycle(void **state)
{
	struct api_resp r;
	int64_t a0 = audits();
	CALL(O, "POST", "/api/v1/oversight", "{'leader':'PG1','area':'应急管理'}", 201, &r);
	int64_t id1 = jint(r.json, "id");
	assert_true(id1 > OV_T02);
	HAS(r.json, "leader.code", "PG1", "leader.name", "赵六", "leader.post", "副区长",
	    "leader.rank", "副处", "leader.unit.code", "GOV", "leader.unit.name", "区政府", "unit",
	    "=null", "area", "应急管理", "active", "=true");
	api_resp_cleanup(&r);
	assert_int_equal(audited("create", "oversight", idpath("%" PRId64, id1)), 1);
	CALL(O, "POST", "/api/v1/oversight",
	     "{'leader':'PG1','unit':'T02','area':'环保, 安全生产;环保'}", 201, &r);
	int64_t id2 = jint(r.json, "id");
	HAS(r.json, "unit.code", "T02", "unit.name", "水北镇", "area", "环保、安全生产");
	api_resp_cleanup(&r);
	FAILS(O, "POST", "/api/v1/oversight", "{'leader':'PG1','area':'应急管理'}", 409, "conflict",
	      "leader");
	FAILS(O, "POST", "/api/v1/oversight", "{'leader':'PG1','unit':'T01'}", 409, "conflict",
	      "leader");

	GOT(O, "GET", idpath("/api/v1/oversight/%" PRId64, id1), NULL, 200, "area", "应急管理",
	    "leader.code", "PG1");
	CALL(O, "GET", "/api/v1/oversight?leader=PG1", NULL, 200, &r);
	assert_non_null(find_id(jat(r.json, "items"), id1));
	assert_non_null(find_id(jat(r.json, "items"), id2));
	assert_non_null(find_id(jat(r.json, "items"), OV_T01));
	api_resp_cleanup(&r);
	CALL(O, "GET", "/api/v1/oversight?unit=T02&active=1", NULL, 200, &r);
	assert_non_null(find_id(jat(r.json, "items"), id2));
	assert_non_null(find_id(jat(r.json, "items"), OV_T02));
	assert_null(find_id(jat(r.json, "items"), id1));
	assert_null(find_id(jat(r.json, "items"), OV_T01));
	api_resp_cleanup(&r);

	const char *end1 = idpath("/api/v1/oversight/%" PRId64 "/deactivate", id1);
	GOT(O, "POST", end1, NULL, 200, "active", "=false", "area", "应急管理");
	assert_int_equal(audited("deactivate", "oversight", idpath("%" PRId64, id1)), 1);
	FAILS(O, "POST", end1, NULL, 409, "conflict", "active");
	GOT(O, "GET", idpath("/api/v1/oversight/%" PRId64, id1), NULL, 200, "active", "=false");
	CALL(O, "GET", "/api/v1/oversight?leader=PG1&active=0", NULL, 200, &r);
	assert_non_null(find_id(jat(r.json, "items"), id1));
	assert_null(find_id(jat(r.json, "items"), id2));
	api_resp_cleanup(&r);
	/* once ended, the same assignment can be made again */
	assert_true(add_oversight("{'leader':'PG1','area':'应急管理'}") > id2);
	assert_int_equal(audits(), a0 + 4);

	FAILS(O, "GET", "/api/v1/oversight/999999", NULL, 404, "not_found", NULL);
	FAILS(O, "GET", "/api/v1/oversight/abc", NULL, 404, "not_found", NULL);
	FAILS(O, "GET", "/api/v1/oversight/0", NULL, 404, "not_found", NULL);
	FAILS(O, "POST", "/api/v1/oversight/999999/deactivate", NULL, 404, "not_found", NULL);
}

static void test_oversight_validation(void **state)
{
	add_person("PVX", "已离任", "T01", "副科", "干部", "1980-01-01");
	MUST(O, "POST", "/api/v1/people/PVX/deactivate", NULL, 200);
	int64_t a0 = audits(), n0 = count("SELECT count(*) FROM oversight");
	const char *P = "/api/v1/oversight";
	FAILS(O, "POST", P, "{'unit':'T01'}", 400, "invalid", "leader");
	FAILS(O, "POST", P, "{'leader':'NOPE','unit':'T01'}", 400, "invalid", "leader");
	FAILS(O, "POST", P, "{'leader':'PVX','unit':'T01'}", 400, "invalid", "leader");
	FAILS(O, "POST", P, "{'leader':7,'area':'环保'}", 400, "invalid", "leader");
	FAILS(O, "POST", P, "{'leader':'PG1','unit':'NOPE'}", 400, "invalid", "unit");
	FAILS(O, "POST", P, "{'leader':'PG1'}", 400, "invalid", "area");
	FAILS(O, "POST", P, "{'leader':'PG1','unit':'','area':' 、 '}", 400, "invalid", "area");
	FAILS(O, "POST", P, "{'leader':'PG1','area':'环保','id':3}", 400, "invalid", "id");
	assert_int_equal(audits(), a0);
	assert_int_equal(count("SELECT count(*) FROM oversight"), n0);
}

/* ---- roles ---- */

static void test_read_roles_cannot_write(void **state)
{
	MUST(O, "POST", "/api/v1/categories", "{'code':'RWC','name':'空类'}", 201);
	add_unit("RWU", "空单位", NULL);
	/* each would succeed for the office */
	const struct {
		const char *method, *path, *body;
	} writes[] = {
	    {"POST", "/api/v1/categories", "{'code':'RW1','name':'甲'}"},
	    {"PATCH", "/api/v1/categories/dept", "{'name':'改名'}"},
	    {"POST", "/api/v1/categories/RWC/deactivate", NULL},
	    {"POST", "/api/v1/units", "{'code':'RW1','name':'甲','category':'dept'}"},
	    {"PATCH", "/api/v1/units/T01", "{'name':'改名'}"},
	    {"POST", "/api/v1/units/RWU/deactivate", NULL},
	    {"POST", "/api/v1/people",
	     "{'code':'RW1','name':'甲','gender':'F','birth_date':'1985-01-01','unit':'T01',"
	     "'rank':'副科','post':'干部'}"},
	    {"PATCH", "/api/v1/people/P1", "{'post':'改'}"},
	    {"POST", "/api/v1/people/P3/deactivate", NULL},
	    {"POST", "/api/v1/units/T01/team", "{'person':'P3','role':'member'}"},
	    {"PATCH", "/api/v1/units/T01/team/P1", "{'title':'改'}"},
	    {"POST", "/api/v1/units/T01/team/P1/deactivate", NULL},
	    {"POST", "/api/v1/oversight", "{'leader':'PG1','area':'读者'}"},
	    {"POST", idpath("/api/v1/oversight/%" PRId64 "/deactivate", OV_T01), NULL},
	};
	int64_t a0 = audits();
	for (int role = INSPECTOR; role < NROLES; role++)
		for (size_t i = 0; i < sizeof writes / sizeof writes[0]; i++)
			fails_at(__LINE__, &CL[role], writes[i].method, writes[i].path,
				 writes[i].body, 403, "forbidden", NULL);
	assert_int_equal(audits(), a0);
	assert_int_equal(count("SELECT count(*) FROM units WHERE code IN ('T01', 'RWU')"
			       " AND active = 1 AND name IN ('罗坊镇', '空单位')"),
			 2);
	assert_int_equal(count("SELECT count(*) FROM people WHERE code IN ('P1', 'P3')"
			       " AND active = 1 AND post IN ('党委书记', '副镇长')"),
			 2);
	assert_int_equal(count("SELECT count(*) FROM categories WHERE code IN ('RWC', 'dept')"
			       " AND active = 1 AND name IN ('空类', '部门')"),
			 2);
	assert_int_equal(count("SELECT count(*) FROM oversight WHERE area = '读者'"), 0);
}

static void test_unit_scoped_roles_see_own_unit(void **state)
{
	struct api_resp r;
	size_t i;
	json_t *it;
	const char *ov1 = idpath("/api/v1/oversight/%" PRId64, OV_T01);
	const char *ov2 = idpath("/api/v1/oversight/%" PRId64, OV_T02);
	int64_t n_people = count("SELECT count(*) FROM people p JOIN units u ON u.id = p.unit_id"
				 " WHERE u.code = 'T01'");
	int64_t n_over = count("SELECT count(*) FROM oversight o JOIN units u ON u.id = o.unit_id"
			       " WHERE u.code = 'T01'");
	const int scoped[] = {UNIT_LEADER, UNIT_STAFF, SUPERVISOR};
	for (int k = 0; k < 3; k++) {
		struct client *c = &CL[scoped[k]];
		FAILS(c, "GET", "/api/v1/people?unit=T02", NULL, 403, "forbidden", NULL);
		FAILS(c, "GET", "/api/v1/people/P2", NULL, 403, "forbidden", NULL);
		FAILS(c, "GET", "/api/v1/units/T02/team", NULL, 403, "forbidden", NULL);
		FAILS(c, "GET", "/api/v1/units/T02/responsibility", NULL, 403, "forbidden", NULL);
		FAILS(c, "GET", "/api/v1/oversight?unit=T02", NULL, 403, "forbidden", NULL);
		FAILS(c, "GET", ov2, NULL, 403, "forbidden", NULL);

		CALL(c, "GET", "/api/v1/people", NULL, 200, &r);
		assert_int_equal(jlen(r.json, "items"), n_people);
		json_array_foreach(jat(r.json, "items"), i, it)
		{
			HAS(it, "unit.code", "T01");
		}
		api_resp_cleanup(&r);
		CALL(c, "GET", "/api/v1/people?unit=T01", NULL, 200, &r);
		assert_int_equal(jlen(r.json, "items"), n_people);
		api_resp_cleanup(&r);
		GOT(c, "GET", "/api/v1/people/P1", NULL, 200, "code", "P1");
		GOT(c, "GET", "/api/v1/units/T01/team", NULL, 200, "items.0.person.code", "P1");
		GOT(c, "GET", "/api/v1/units/T01/responsibility", NULL, 200, "unit.code", "T01",
		    "chain.0.person.code", "P1");
		CALL(c, "GET", "/api/v1/oversight", NULL, 200, &r);
		assert_int_equal(jlen(r.json, "items"), n_over);
		assert_non_null(find_id(jat(r.json, "items"), OV_T01));
		json_array_foreach(jat(r.json, "items"), i, it)
		{
			HAS(it, "unit.code", "T01");
		}
		api_resp_cleanup(&r);
		GOT(c, "GET", ov1, NULL, 200, "unit.code", "T01", "leader.code", "PG1");
	}
	/* the other business roles read every unit */
	const int open[] = {OFFICE, INSPECTOR, VIEWER};
	for (int k = 0; k < 3; k++) {
		struct client *c = &CL[open[k]];
		GOT(c, "GET", "/api/v1/people/P2", NULL, 200, "unit.code", "T02");
		CALL(c, "GET", "/api/v1/people?unit=T02", NULL, 200, &r);
		assert_non_null(find_item(jat(r.json, "items"), "code", "P2"));
		api_resp_cleanup(&r);
		GOT(c, "GET", "/api/v1/units/T02/team", NULL, 200, "items.0.person.code", "P2");
		GOT(c, "GET", "/api/v1/units/T02/responsibility", NULL, 200, "chain.0.person.code",
		    "P2");
		GOT(c, "GET", ov2, NULL, 200, "unit.code", "T02");
	}
}

static void test_admins_refused_business_reads(void **state)
{
	struct api_resp r;
	const char *paths[] = {"/api/v1/categories",
			       "/api/v1/categories/township",
			       "/api/v1/units/T01",
			       "/api/v1/units/T01/team",
			       "/api/v1/units/T01/responsibility",
			       "/api/v1/people",
			       "/api/v1/people/P1",
			       "/api/v1/oversight",
			       idpath("/api/v1/oversight/%" PRId64, OV_T01)};
	for (int role = SYSADMIN; role <= AUDITOR; role++)
		for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++)
			fails_at(__LINE__, &CL[role], "GET", paths[i], NULL, 403, "forbidden",
				 NULL);
	/* the unit codes are what sysadmin needs to bind accounts */
	CALL(&CL[SYSADMIN], "GET", "/api/v1/units", NULL, 200, &r);
	HAS(find_item(jat(r.json, "items"), "code", "T01"), "name", "罗坊镇");
	api_resp_cleanup(&r);
	FAILS(&CL[SECADMIN], "GET", "/api/v1/units", NULL, 403, "forbidden", NULL);
	FAILS(&CL[AUDITOR], "GET", "/api/v1/units", NULL, 403, "forbidden", NULL);
}

/* ---- lists ---- */

/* GET path: the items (a new reference) and next_after (-1 for null). */
static json_t *page_at(int line, const char *path, int64_t *next)
{
	struct api_resp r;
	call_at(line, O, "GET", path, NULL, 200, &r);
	json_t *na = jat(r.json, "next_after");
	if (!json_is_null(na) && !json_is_integer(na))
		fail_msg("line %d: next_after is neither null nor a number: %s", line, r.body);
	*next = json_is_null(na) ? -1 : (int64_t)json_integer_value(na);
	json_t *items = json_incref(jat(r.json, "items"));
	api_resp_cleanup(&r);
	return items;
}

/* The next_after of GET path, which must return n items. */
static int64_t next_at(int line, const char *path, size_t n)
{
	int64_t next;
	json_t *items = page_at(line, path, &next);
	if (json_array_size(items) != n)
		fail_msg("line %d: GET %s: %zu items, want %zu", line, path, json_array_size(items),
			 n);
	json_decref(items);
	return next;
}
#define NEXT(path, n) next_at(__LINE__, path, n)

static void test_pagination(void **state)
{
	char path[128];
	int64_t next, ids[5];
	add_unit("PGU", "分页单位", NULL);
	for (int i = 0; i < 5; i++) {
		char code[8];
		snprintf(code, sizeof code, "PG_%d", i + 1);
		add_person(code, "分页", "PGU", "副科", "干部", "1980-01-01");
	}
	json_t *items = page_at(__LINE__, "/api/v1/people?unit=PGU", &next);
	assert_int_equal(json_array_size(items), 5);
	assert_int_equal(next, -1);
	for (int i = 0; i < 5; i++)
		ids[i] = jint(json_array_get(items, (size_t)i), "id");
	json_decref(items);
	for (int i = 1; i < 5; i++)
		assert_true(ids[i] > ids[i - 1]);

	CODES("/api/v1/people?unit=PGU&limit=2", "PG_1,PG_2");
	assert_int_equal(NEXT("/api/v1/people?unit=PGU&limit=2", 2), ids[1]);
	snprintf(path, sizeof path, "/api/v1/people?unit=PGU&limit=2&after=%" PRId64, ids[1]);
	CODES(path, "PG_3,PG_4");
	assert_int_equal(NEXT(path, 2), ids[3]);
	snprintf(path, sizeof path, "/api/v1/people?unit=PGU&limit=2&after=%" PRId64, ids[3]);
	CODES(path, "PG_5");
	assert_int_equal(NEXT(path, 1), -1);
	/* a full last page still points on; the next one is empty */
	assert_int_equal(NEXT("/api/v1/people?unit=PGU&limit=5", 5), ids[4]);
	snprintf(path, sizeof path, "/api/v1/people?unit=PGU&limit=5&after=%" PRId64, ids[4]);
	assert_int_equal(NEXT(path, 0), -1);

	/* every list pages the same way and refuses a bad limit or after */
	const char *lists[] = {"/api/v1/categories", "/api/v1/units", "/api/v1/oversight",
			       "/api/v1/people"};
	const char *bad[] = {"0", "1001", "-1", "abc", "", "2x"};
	for (int l = 0; l < 4; l++) {
		json_t *first, *second;
		snprintf(path, sizeof path, "%s?limit=1", lists[l]);
		first = page_at(__LINE__, path, &next);
		assert_int_equal(json_array_size(first), 1);
		assert_int_equal(next, jint(json_array_get(first, 0), "id"));
		snprintf(path, sizeof path, "%s?limit=1&after=%" PRId64, lists[l], next);
		second = page_at(__LINE__, path, &next);
		assert_int_equal(json_array_size(second), 1);
		assert_true(jint(json_array_get(second, 0), "id") >
			    jint(json_array_get(first, 0), "id"));
		json_decref(first);
		json_decref(second);
		snprintf(path, sizeof path, "%s?limit=1000", lists[l]);
		MUST(O, "GET", path, NULL, 200);
		for (int b = 0; b < 6; b++) {
			snprintf(path, sizeof path, "%s?limit=%s", lists[l], bad[b]);
			FAILS(O, "GET", path, NULL, 400, "invalid", "limit");
		}
		snprintf(path, sizeof path, "%s?after=-1", lists[l]);
		FAILS(O, "GET", path, NULL, 400, "invalid", "after");
		snprintf(path, sizeof path, "%s?after=x", lists[l]);
		FAILS(O, "GET", path, NULL, 400, "invalid", "after");
	}
}

static void test_people_filters(void **state)
{
	add_unit("PF", "筛选单位", NULL);
	add_person("PF1", "王小明", "PF", "副科", "干部", "1970-01-01");
	add_person("PF2", "王大明", "PF", "副科", "干部", "1980-06-15");
	add_person("PF3", "李明", "PF", "副科", "干部", "1990-12-31");
	add_person("PF4", "百分%之", "PF", "副科", "干部", "1985-01-01");
	/* q: 明, 王, a literal %, 百分 */
	CODES("/api/v1/people?unit=PF&q=%E6%98%8E", "PF1,PF2,PF3");
	CODES("/api/v1/people?unit=PF&q=%E7%8E%8B", "PF1,PF2");
	CODES("/api/v1/people?unit=PF&q=%25", "PF4");
	CODES("/api/v1/people?q=%E7%99%BE%E5%88%86", "PF4");
	/* birth dates, both ends inclusive */
	CODES("/api/v1/people?unit=PF&born_from=1980-06-15", "PF2,PF3,PF4");
	CODES("/api/v1/people?unit=PF&born_to=1980-06-15", "PF1,PF2");
	CODES("/api/v1/people?unit=PF&born_from=1980-06-15&born_to=1980-06-15", "PF2");
	CODES("/api/v1/people?unit=PF&q=%E7%8E%8B&born_from=1975-01-01", "PF2");
	FAILS(O, "GET", "/api/v1/people?born_from=1980-6-15", NULL, 400, "invalid", "born_from");
	FAILS(O, "GET", "/api/v1/people?born_to=soon", NULL, 400, "invalid", "born_to");
	/* active */
	MUST(O, "POST", "/api/v1/people/PF3/deactivate", NULL, 200);
	CODES("/api/v1/people?unit=PF&active=1", "PF1,PF2,PF4");
	CODES("/api/v1/people?unit=PF&active=0", "PF3");
	CODES("/api/v1/people?unit=PF&active=all", "PF1,PF2,PF3,PF4");
	CODES("/api/v1/people?unit=PF", "PF1,PF2,PF3,PF4");
	FAILS(O, "GET", "/api/v1/people?active=maybe", NULL, 400, "invalid", "active");
}

/* ---- the responsibility chain ---- */

/* Fails unless the chain of GET path reads want, as "LEVEL relation PERSON@UNIT; ...", and
 * each entry's Chinese label is its relation's; the response stays in r. */
static void chain_at(int line, const char *path, const char *want, struct api_resp *r)
{
	static const char *const labels[][2] = {
	    {"main_leader", "第一责任人"},
	    {"area_leader", "分管该领域的班子成员（一岗双责）"},
	    {"team_member", "班子成员（一岗双责）"},
	    {"overseeing_leader", "分管领导"},
	    {"superior_main_leader", "上级单位第一责任人"},
	    {"superior_overseeing_leader", "上级分管领导"},
	};
	char got[1024] = "";
	size_t i, w = 0;
	json_t *e;
	call_at(line, O, "GET", path, NULL, 200, r);
	json_array_foreach(jat(r->json, "chain"), i, e)
	{
		const char *rel = jstr(e, "relation"), *zh = NULL;
		for (size_t k = 0; k < sizeof labels / sizeof labels[0]; k++)
			if (!strcmp(labels[k][0], rel))
				zh = labels[k][1];
		if (!zh || strcmp(zh, jstr(e, "relation_zh")))
			fail_msg("line %d: %s has label %s", line, rel, jstr(e, "relation_zh"));
		w += (size_t)snprintf(got + w, sizeof got - w, "%s%" PRId64 " %s %s@%s",
				      w ? "; " : "", jint(e, "level"), rel, jstr(e, "person.code"),
				      jstr(e, "unit.code"));
	}
	if (strcmp(got, want))
		fail_msg("line %d: GET %s: chain\n  %s\nwant\n  %s", line, path, got, want);
}
#define CHAIN(path, want, r) chain_at(__LINE__, path, want, r)

/*
 * R0 区委 > CP 工委 > CH 某局 > CG 某科. Main leaders R0M, CPM, HA; HB (deputy: 安全生产、环保)
 * and HC (member: 财务) in CH's team. O1 oversees CH, O3 安全生产 in CH, O2 安全生产
 * everywhere, O4 both CP and R0.
 */
static void build_tree(void)
{
	add_unit("R0", "区委", NULL);
	add_unit("CP", "工委", "R0");
	add_unit("CH", "某局", "CP");
	add_unit("CG", "某科", "CH");
	const char *const people[][3] = {
	    {"R0M", "R0", "区委书记"}, {"CPM", "CP", "工委书记"}, {"HA", "CH", "局长"},
	    {"HB", "CH", "副局长"},    {"HC", "CH", "纪检组长"},  {"O1", "R0", "常委"},
	    {"O2", "R0", "常委"},      {"O3", "R0", "常委"},	  {"O4", "R0", "副书记"}};
	for (size_t i = 0; i < sizeof people / sizeof people[0]; i++)
		add_person(people[i][0], people[i][0], people[i][1], "正处", people[i][2],
			   "1970-01-01");
	MUST(O, "POST", "/api/v1/units/R0/team", "{'person':'R0M','role':'main'}", 201);
	MUST(O, "POST", "/api/v1/units/CP/team", "{'person':'CPM','role':'main'}", 201);
	MUST(O, "POST", "/api/v1/units/CH/team",
	     "{'person':'HC','role':'member','title':'纪检组长','areas':'财务'}", 201);
	MUST(O, "POST", "/api/v1/units/CH/team", "{'person':'HA','role':'main','title':'局长'}",
	     201);
	MUST(O, "POST", "/api/v1/units/CH/team",
	     "{'person':'HB','role':'deputy','title':'副局长','areas':'安全生产、环保'}", 201);
	add_oversight("{'leader':'O1','unit':'CH'}");
	add_oversight("{'leader':'O2','area':'安全生产'}");
	add_oversight("{'leader':'O3','unit':'CH','area':'安全生产'}");
	add_oversight("{'leader':'O4','unit':'CP'}");
	add_oversight("{'leader':'O4','unit':'R0'}");
}

static void test_responsibility_chain(void **state)
{
	struct api_resp r;
	const char *up = "4 superior_main_leader CPM@CP; 4 superior_overseeing_leader O4@CP; "
			 "5 superior_main_leader R0M@R0";
	char want[1024];
	build_tree();
	/* without an area: the whole team, every oversight of the unit, then up the tree; O4
	 * appears once */
	snprintf(want, sizeof want,
		 "1 main_leader HA@CH; 2 team_member HB@CH; 2 team_member HC@CH; "
		 "3 overseeing_leader O1@CH; 3 overseeing_leader O3@CH; %s",
		 up);
	CHAIN("/api/v1/units/CH/responsibility", want, &r);
	HAS(r.json, "unit.code", "CH", "unit.name", "某局", "area", "=null", "main_leader_missing",
	    "=false", "chain.0.title", "局长", "chain.0.person.name", "HA", "chain.0.person.post",
	    "局长", "chain.0.person.rank", "正处", "chain.0.person.unit.code", "CH",
	    "chain.1.title", "副局长", "chain.1.areas", "=['安全生产','环保']",
	    "chain.3.person.unit.code", "R0", "chain.3.area", "=null", "chain.4.area", "安全生产");
	api_resp_cleanup(&r);

	/* with an area (spaces trimmed): who holds it in the team, and who oversees it here or
	 * everywhere */
	snprintf(want, sizeof want,
		 "1 main_leader HA@CH; 2 area_leader HB@CH; 3 overseeing_leader O1@CH; "
		 "3 overseeing_leader O3@CH; 3 overseeing_leader O2@CH; %s",
		 up);
	CHAIN("/api/v1/units/CH/responsibility?area=%20%E5%AE%89%E5%85%A8%E7%94%9F%E4%BA%A7%20",
	      want, &r); /* 安全生产 */
	HAS(r.json, "area", "安全生产", "chain.1.areas", "=['安全生产','环保']", "chain.4.area",
	    "安全生产");
	api_resp_cleanup(&r);
	snprintf(want, sizeof want,
		 "1 main_leader HA@CH; 2 area_leader HC@CH; 3 overseeing_leader O1@CH; %s", up);
	CHAIN("/api/v1/units/CH/responsibility?area=%E8%B4%A2%E5%8A%A1", want, &r); /* 财务 */
	api_resp_cleanup(&r);

	/* a unit without a main leader: the parent's main leader comes first */
	CHAIN("/api/v1/units/CG/responsibility",
	      "4 superior_main_leader HA@CH; 4 superior_overseeing_leader O1@CH; "
	      "4 superior_overseeing_leader O3@CH; 5 superior_main_leader CPM@CP; "
	      "5 superior_overseeing_leader O4@CP; 6 superior_main_leader R0M@R0",
	      &r);
	HAS(r.json, "main_leader_missing", "=true");
	api_resp_cleanup(&r);

	/* ended memberships and people drop out */
	MUST(O, "POST", "/api/v1/units/CH/team/HC/deactivate", NULL, 200);
	MUST(O, "POST", "/api/v1/people/O1/deactivate", NULL, 200);
	snprintf(want, sizeof want, "1 main_leader HA@CH; %s", up);
	CHAIN("/api/v1/units/CH/responsibility?area=%E8%B4%A2%E5%8A%A1", want, &r);
	api_resp_cleanup(&r);
	FAILS(O, "GET", "/api/v1/units/NOPE/responsibility", NULL, 404, "not_found", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_category_lifecycle),
	    cmocka_unit_test(test_category_validation),
	    cmocka_unit_test(test_unit_lifecycle),
	    cmocka_unit_test(test_unit_deactivation_ends_team_and_oversight),
	    cmocka_unit_test(test_unit_validation),
	    cmocka_unit_test(test_person_lifecycle),
	    cmocka_unit_test(test_person_validation),
	    cmocka_unit_test(test_team_lifecycle),
	    cmocka_unit_test(test_team_validation),
	    cmocka_unit_test(test_oversight_lifecycle),
	    cmocka_unit_test(test_oversight_validation),
	    cmocka_unit_test(test_read_roles_cannot_write),
	    cmocka_unit_test(test_unit_scoped_roles_see_own_unit),
	    cmocka_unit_test(test_admins_refused_business_reads),
	    cmocka_unit_test(test_pagination),
	    cmocka_unit_test(test_people_filters),
	    cmocka_unit_test(test_responsibility_chain),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
