/* test_api_supervise.c: the supervision work over HTTP beside sanctions (those are in
 * test_api_sanction.c): key periods and their reminders, inspections (confidential to the
 * office and inspectors; a finding opens a case), key projects and routines with unit
 * scoping, the sanctions catalogue and veto registry, validation that names the field, and
 * pagination. Bodies are written with ' for ". */
#include "apitest.h"
#include "base/timeutil.h"
#include "eval/eval.h"

static struct api A;
static const char *PW = "Demo-pass1";

enum { OFFICE, INSP, INSP_D03, LEADER, LEADER2, VIEWER, SUPER, SYSADMIN, SECADMIN, AUDITOR, N };
static const struct {
	const char *name, *role, *unit;
} USERS[N] = {
    {"office", "office", NULL},	       {"inspector", "inspector", NULL},
    {"insp_d03", "inspector", "D03"},  {"leader", "unit_leader", "T01"},
    {"leader2", "unit_leader", "T02"}, {"viewer", "viewer", NULL},
    {"super", "supervisor", "T01"},    {"sysadmin", "sysadmin", NULL},
    {"secadmin", "secadmin", NULL},    {"auditor", "auditor", NULL},
};
static struct client CL[N];

static char *quotes(const char *body)
{
	char *b = strdup(body);
	for (char *p = b; *p; p++)
		if (*p == '\'')
			*p = '"';
	return b;
}

/* Calls and returns the status; out (may be NULL) keeps the response. */
static long call(int who, const char *method, const char *path, const char *body,
		 struct api_resp *out)
{
	struct api_resp r;
	char *b = body ? quotes(body) : NULL;
	api_call(&A, who < 0 ? &(struct client){0} : &CL[who], method, path, b, NULL, &r);
	free(b);
	long st = r.status;
	if (getenv("ZF_TEST_TRACE")) /* prints every exchange, for a failing test */
		fprintf(stderr, "%s %s -> %ld %s\n", method, path, st, r.body ? r.body : "");
	if (out)
		*out = r;
	else
		api_resp_cleanup(&r);
	return st;
}

/* The value at a dotted path of j ("error.field", "items.0.id"), or NULL. */
static json_t *jpath(json_t *j, const char *path)
{
	char seg[64];
	while (j && *path) {
		size_t n = strcspn(path, ".");
		snprintf(seg, sizeof seg, "%.*s", (int)n, path);
		j = json_is_array(j) ? json_array_get(j, strtoul(seg, NULL, 10))
				     : json_object_get(j, seg);
		path += n + (path[n] == '.');
	}
	return j;
}

static void sql(const char *q)
{
	struct zf_err err;
	if (store_exec(A.db, q, &err) < 0)
		fail_msg("%s: %s", q, err.msg);
}

static int setup(void **state)
{
	(void)state;
	struct zf_err err;
	time_set_fake(1781524800); /* 2026-06-15 */
	api_start(&A);
	sql("INSERT INTO categories(code, name, kind) VALUES ('township', '乡镇', 'township'),"
	    " ('dept', '部门', 'dept'), ('other', '其他', 'other');"
	    "INSERT INTO units(code, name, category_id, parent_id) VALUES ('QU', '区领导', 3, "
	    "NULL);"
	    "INSERT INTO units(code, name, category_id, parent_id) VALUES"
	    " ('T01', '东城镇', 1, 1), ('T02', '西城镇', 1, 1), ('D01', '区纪委监委', 2, 1),"
	    " ('D03', '区委组织部', 2, 1);"
	    "INSERT INTO people(code, name, gender, birth_date, unit_id, rank, post, managed_by)"
	    " VALUES ('T01-001', '张书记', 'M', '1975-01-01', 2, '正科', '党委书记', 5),"
	    " ('T01-003', '王干事', 'M', '1990-01-01', 2, '一般干部', '干事', 2),"
	    " ('QU-001', '赵副区长', 'M', '1970-01-01', 1, '副处', '副区长', NULL),"
	    " ('T02-001', '钱书记', 'M', '1972-01-01', 3, '正科', '党委书记', 5);"
	    "INSERT INTO team_members(unit_id, person_id, role, title) VALUES"
	    " (2, 1, 'main', '党委书记'), (3, 4, 'main', '党委书记');"
	    "INSERT INTO oversight(leader_id, unit_id, area) VALUES (3, 2, '');"
	    "INSERT INTO cases(case_no, channel, subject, content, category, unit_id, person_id,"
	    " state, received_on, created_at, updated_at) VALUES ('ZF-2026-000001', 'hotline',"
	    " '推诿', '窗口推诿扯皮', 'attitude', 2, 2, 'handling', '2026-05-01',"
	    " '2026-05-01T00:00:00Z', '2026-05-01T00:00:00Z');");
	json_t *cfg =
	    json_loads("{\"code\":\"2026\",\"name\":\"2026\",\"indicators\":{"
		       "\"township\":[{\"code\":\"a\",\"name\":\"思想作风\",\"weight\":1}]}}",
		       0, NULL);
	struct actor who = test_actor("test");
	if (eval_round_create(A.db, &who, cfg, &err) < 0 ||
	    eval_round_transition(A.db, &who, "2026", "open", NULL, &err) < 0)
		fail_msg("round: %s", err.msg);
	json_decref(cfg);
	for (int i = 0; i < N; i++) {
		api_user(&A, USERS[i].name, USERS[i].role, USERS[i].unit, PW);
		api_login(&A, &CL[i], USERS[i].name, PW);
	}
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	api_stop(&A);
	time_set_fake(0);
	return 0;
}

static void test_key_periods_and_inspections(void **state)
{
	(void)state;
	struct api_resp r;
	const char *kp = "{'kind':'holiday','name':'端午节','starts_on':'2026-06-19',"
			 "'ends_on':'2026-06-21','plan':'节日期间暗访'}";
	assert_int_equal(call(INSP, "POST", "/api/v1/key-periods", kp, NULL), 403);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/key-periods", kp, NULL), 201);
	assert_int_equal(
	    call(OFFICE, "POST", "/api/v1/key-periods",
		 "{'kind':'holiday','name':'x','starts_on':'2026-06-31','ends_on':'2026-07-01'}",
		 &r),
	    400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "starts_on");
	api_resp_cleanup(&r);
	assert_int_equal(call(VIEWER, "GET", "/api/v1/key-periods/upcoming?days=10", NULL, &r),
			 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_int_equal(json_integer_value(jpath(r.json, "items.0.days_left")), 4);
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/key-periods/upcoming?days=2", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/key-periods/upcoming?days=x", NULL, NULL),
			 400);
	assert_int_equal(call(LEADER, "GET", "/api/v1/key-periods", NULL, NULL), 403);

	const char *plan = "{'title':'端午节前暗访','mode':'covert','planned_on':'2026-06-10',"
			   "'team':['T01-003'],'targets':['T01','T02'],'key_period':1}";
	assert_int_equal(call(OFFICE, "POST", "/api/v1/inspections", plan, NULL), 403);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/inspections",
		 "{'title':'x','mode':'covert','planned_on':'2026-06-10','team':'T01-003',"
		 "'targets':['T01']}",
		 &r),
	    400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "team");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/inspections", plan, NULL), 201);
	/* a covert plan is not the unit's to see */
	assert_int_equal(call(LEADER, "GET", "/api/v1/inspections", NULL, NULL), 403);
	assert_int_equal(call(LEADER, "GET", "/api/v1/inspections/1", NULL, NULL), 403);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/inspections?unit=T02", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/inspections/1/findings",
			      "{'unit':'T02','category':'absence','description':'工作时间脱岗',"
			      "'person':'T02-001'}",
			      &r),
			 201);
	const char *no = json_string_value(json_object_get(r.json, "case_no"));
	assert_non_null(no);
	char path[80];
	snprintf(path, sizeof path, "/api/v1/cases/%s", no);
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "GET", path, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "channel")), "inspection");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/inspections/1/complete", "{}", NULL), 200);
	assert_int_equal(call(INSP, "POST", "/api/v1/inspections/1/complete", "{}", NULL), 409);
	assert_int_equal(call(INSP, "GET", "/api/v1/inspections/99", NULL, NULL), 404);
	assert_int_equal(call(INSP, "GET", "/api/v1/inspections/abc", NULL, NULL), 404);
}

static void test_projects_and_routines_scoped(void **state)
{
	(void)state;
	struct api_resp r;
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/projects",
		 "{'code':'P1','name':'东城镇污水厂','unit':'T01','starts_on':'2026-01-01',"
		 "'inspectors':['T01-003'],'budget':-5}",
		 NULL),
	    400);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/projects",
		 "{'code':'P1','name':'东城镇污水厂','unit':'T01','starts_on':'2026-01-01',"
		 "'inspectors':['T01-003'],'budget':1200}",
		 NULL),
	    201);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/projects",
		 "{'code':'P2','name':'西城镇道路','unit':'T02','starts_on':'2026-01-01',"
		 "'inspectors':['T01-003']}",
		 NULL),
	    201);
	assert_int_equal(call(INSP, "POST", "/api/v1/projects/1/milestones",
			      "{'name':'主体完工','due_on':'2026-05-01'}", NULL),
			 201);
	assert_int_equal(call(INSP, "POST", "/api/v1/projects/1/milestones/1/done", NULL, NULL),
			 200);
	assert_int_equal(call(LEADER, "GET", "/api/v1/projects", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER, "GET", "/api/v1/projects/2", NULL, NULL), 404);
	assert_int_equal(call(LEADER, "GET", "/api/v1/projects/1", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "milestones")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(LEADER, "POST", "/api/v1/projects/1/findings", "{'description':'x'}", NULL), 403);

	const char *own = "{'kind':'democratic_life','held_on':'2026-01-20','title':'民主生活会',"
			  "'people':['T01-001'],'issues':3,'resolved':2}";
	assert_int_equal(call(LEADER, "POST", "/api/v1/routines", own, NULL), 201);
	assert_int_equal(
	    call(LEADER, "POST", "/api/v1/routines",
		 "{'kind':'duty_report','unit':'T02','held_on':'2026-01-20','title':'述职'}", NULL),
	    403);
	assert_int_equal(call(INSP, "POST", "/api/v1/routines",
			      "{'kind':'admonishment_talk','unit':'T02','held_on':'2026-03-02',"
			      "'title':'诫勉谈话'}",
			      NULL),
			 201);
	assert_int_equal(call(INSP, "POST", "/api/v1/routines",
			      "{'kind':'audit','unit':'T02','held_on':'2026-03-02','title':'审计',"
			      "'issues':1,'resolved':2}",
			      &r),
			 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "resolved");
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER, "GET", "/api/v1/routines", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER2, "GET", "/api/v1/routines?unit=T01", NULL, NULL), 403);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/routines?kind=admonishment_talk", NULL, &r),
			 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/routines?limit=1", NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "next_after")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/routines?limit=1&after=1", NULL, &r), 200);
	assert_int_equal(json_integer_value(jpath(r.json, "items.0.id")), 2);
	api_resp_cleanup(&r);
}

static void test_catalogue_and_veto_registry(void **state)
{
	(void)state;
	struct api_resp r;
	assert_int_equal(call(LEADER, "GET", "/api/v1/sanction-measures", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 15);
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/veto-items",
			      "{'code':'v2','name':'严重失职','basis':''}", &r),
			 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "basis");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/veto-items",
			      "{'code':'v2','name':'严重失职','basis':'区委文件'}", NULL),
			 403);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/veto-items",
			      "{'code':'v2','name':'严重失职','basis':'区委文件'}", NULL),
			 201);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/veto-items/v2/expire", NULL, NULL), 200);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/sanctions",
		 "{'measure':'judicial_transfer','person':'T01-003','basis':'涉嫌违法',"
		 "'veto_item':'v2'}",
		 &r),
	    400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "veto_item");
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/sanctions",
		 "{'measure':'judicial_transfer','person':'T01-003','basis':'涉嫌违法',"
		 "'veto_item':'serious_style'}",
		 &r),
	    201);
	assert_true(json_is_true(jpath(r.json, "adjustment.veto")));
	api_resp_cleanup(&r);
	assert_int_equal(call(VIEWER, "GET", "/api/v1/veto-items", NULL, &r), 200);
	assert_int_equal(json_integer_value(jpath(r.json, "items.0.sanctions")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/sanctions", "{'measure':5}", &r), 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "measure");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/sanctions", "not json", NULL), 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_key_periods_and_inspections, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_projects_and_routines_scoped, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_catalogue_and_veto_registry, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
