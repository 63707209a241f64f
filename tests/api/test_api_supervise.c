/* test_api_supervise.c: the supervision work over HTTP beside sanctions (those are in
 * test_api_sanction.c): key periods and their reminders, inspections (confidential to the
 * office and inspectors; a finding opens a case), key projects and routines with unit
 * scoping, the sanctions catalogue and veto registry, validation that names the field, and
 * pagination. Bodies are written with ' for ". */
#include "supervise_fixture.h"

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

	/* changing a period: only the fields given, checked with the rest */
	assert_int_equal(
	    call(INSP, "PATCH", "/api/v1/key-periods/1", "{'name':'端午节前后'}", NULL), 403);
	assert_int_equal(call(OFFICE, "PATCH", "/api/v1/key-periods/1", "{}", &r), 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "body");
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(OFFICE, "PATCH", "/api/v1/key-periods/1", "{'ends_on':'2026-06-18'}", &r), 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "ends_on");
	assert_non_null(strstr(json_string_value(jpath(r.json, "error.message")), "before"));
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "PATCH", "/api/v1/key-periods/1", "{'remind_days':400}", &r),
			 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "remind_days");
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "PATCH", "/api/v1/key-periods/1", "{'kind':'party'}", &r),
			 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "kind");
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "PATCH", "/api/v1/key-periods/1", "{'colour':'red'}", &r),
			 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "colour");
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "PATCH", "/api/v1/key-periods/99", "{'name':'x'}", NULL),
			 404);
	int64_t audits = 0;
	struct zf_err qerr;
	store_query_int(A.db, &qerr, &audits,
			"SELECT count(*) FROM audit_log WHERE action = 'update' AND"
			" entity = 'key_period'",
			"");
	assert_int_equal(audits, 0); /* the refusals wrote nothing */
	assert_int_equal(call(OFFICE, "PATCH", "/api/v1/key-periods/1",
			      "{'name':'端午节前后','ends_on':'2026-06-22','remind_days':10}", &r),
			 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "name")), "端午节前后");
	assert_string_equal(json_string_value(json_object_get(r.json, "ends_on")), "2026-06-22");
	assert_string_equal(json_string_value(json_object_get(r.json, "starts_on")), "2026-06-19");
	assert_string_equal(json_string_value(json_object_get(r.json, "plan")), "节日期间暗访");
	assert_int_equal(json_integer_value(json_object_get(r.json, "remind_days")), 10);
	api_resp_cleanup(&r);
	store_query_int(A.db, &qerr, &audits,
			"SELECT count(*) FROM audit_log WHERE action = 'update' AND"
			" entity = 'key_period' AND changes LIKE '%2026-06-21%2026-06-22%'",
			"");
	assert_int_equal(audits, 1);
	/* the same values again change nothing and add no entry */
	assert_int_equal(call(OFFICE, "PATCH", "/api/v1/key-periods/1", "{'remind_days':10}", NULL),
			 200);
	store_query_int(A.db, &qerr, &audits,
			"SELECT count(*) FROM audit_log WHERE action = 'update' AND"
			" entity = 'key_period'",
			"");
	assert_int_equal(audits, 1);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/key-periods/upcoming?days=10", NULL, &r),
			 200);
	assert_string_equal(json_string_value(jpath(r.json, "items.0.name")), "端午节前后");
	api_resp_cleanup(&r);

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

	/* a plan called off: the reason is required and kept, and then nothing more is done
	 * with it; a finished one is not cancelled */
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/inspections/1/cancel", "{'reason':'改期'}", &r), 409);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "state");
	assert_non_null(strstr(json_string_value(jpath(r.json, "error.message")), "already done"));
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/inspections", plan, &r), 201);
	snprintf(path, sizeof path, "/api/v1/inspections/%lld/cancel",
		 (long long)json_integer_value(json_object_get(r.json, "id")));
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "POST", path, "{'reason':'改期'}", NULL), 403);
	assert_int_equal(call(INSP, "POST", path, "{}", &r), 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "reason");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", path, "{'reason':'  '}", &r), 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "reason");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", path, "{'reason':'改期','when':'now'}", &r), 400);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "when");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", path, "{'reason':'防汛抢险，暗访改期'}", &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "cancelled");
	assert_string_equal(json_string_value(json_object_get(r.json, "cancel_reason")),
			    "防汛抢险，暗访改期");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", path, "{'reason':'again'}", &r), 409);
	assert_non_null(strstr(json_string_value(jpath(r.json, "error.message")), "cancelled"));
	api_resp_cleanup(&r);
	char id_path[80];
	snprintf(id_path, sizeof id_path, "%.*s", (int)(strlen(path) - strlen("/cancel")), path);
	char sub[96];
	snprintf(sub, sizeof sub, "%s/complete", id_path);
	assert_int_equal(call(INSP, "POST", sub, "{}", NULL), 409);
	snprintf(sub, sizeof sub, "%s/findings", id_path);
	assert_int_equal(call(INSP, "POST", sub,
			      "{'unit':'T02','category':'absence','description':'脱岗'}", NULL),
			 409);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/inspections/99/cancel", "{'reason':'x'}", NULL), 404);
	/* one where problems were found took place: it is completed, not cancelled */
	assert_int_equal(call(INSP, "POST", "/api/v1/inspections", plan, &r), 201);
	long long third = (long long)json_integer_value(json_object_get(r.json, "id"));
	api_resp_cleanup(&r);
	snprintf(sub, sizeof sub, "/api/v1/inspections/%lld/findings", third);
	assert_int_equal(call(INSP, "POST", sub,
			      "{'unit':'T01','category':'absence','description':'脱岗',"
			      "'open_case':false}",
			      NULL),
			 201);
	snprintf(sub, sizeof sub, "/api/v1/inspections/%lld/cancel", third);
	assert_int_equal(call(INSP, "POST", sub, "{'reason':'改期'}", &r), 409);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "findings");
	api_resp_cleanup(&r);
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

	/* a finding put right: once, on a day between its finding and today */
	assert_int_equal(call(INSP, "POST", "/api/v1/projects/1/findings",
			      "{'found_on':'2026-03-01','description':'钢筋未抽检'}", NULL),
			 201);
	const struct refusal bad_fix[] = {
	    {LEADER, "{}", 403, NULL},
	    {INSP, "{'rectified_on':'2026-02-28'}", 400, "rectified_on"},
	    {INSP, "{'rectified_on':'2099-01-01'}", 400, "rectified_on"},
	    {INSP, "{'rectified_on':'2026-02-30'}", 400, "rectified_on"},
	    {INSP, "{'rectified_on':'2026-03-10','by':'me'}", 400, "by"},
	};
	expect_refusals("POST", "/api/v1/projects/1/findings/1/rectified", bad_fix,
			sizeof bad_fix / sizeof *bad_fix);
	assert_int_equal(call(INSP, "POST", "/api/v1/projects/2/findings/1/rectified", "{}", &r),
			 404);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "finding");
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/projects/1/findings/1/rectified",
			      "{'rectified_on':'2026-03-10'}", NULL),
			 200);
	assert_int_equal(call(INSP, "POST", "/api/v1/projects/1/findings/1/rectified", "{}", &r),
			 409);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "finding");
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER, "GET", "/api/v1/projects/1", NULL, &r), 200);
	assert_string_equal(json_string_value(jpath(r.json, "findings.0.rectified_on")),
			    "2026-03-10");
	api_resp_cleanup(&r);

	/* a project suspended with its reason, resumed, completed on a date; then final */
	const struct refusal bad_state[] = {
	    {LEADER, "{'state':'completed'}", 403, NULL},
	    {INSP, "{'state':'done'}", 400, "state"},
	    {INSP, "{}", 400, "state"},
	    {INSP, "{'state':'suspended'}", 400, "reason"},
	    {INSP, "{'state':'active'}", 409, "state"},
	    {INSP, "{'state':'completed','on':'2025-12-31'}", 400, "on"},
	    {INSP, "{'state':'completed','on':'2099-01-01'}", 400, "on"},
	    {INSP, "{'state':'completed','on':'2026-02-30'}", 400, "on"},
	    {INSP, "{'state':'suspended','on':'2026-06-01','reason':'x'}", 400, "on"},
	    {INSP, "{'state':'completed','by':'me'}", 400, "by"},
	};
	expect_refusals("POST", "/api/v1/projects/1/state", bad_state,
			sizeof bad_state / sizeof *bad_state);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/projects/99/state", "{'state':'completed'}", NULL), 404);
	assert_int_equal(call(INSP, "POST", "/api/v1/projects/1/state",
			      "{'state':'suspended','reason':'资金未到位，暂停施工'}", &r),
			 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "suspended");
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(OFFICE, "POST", "/api/v1/projects/1/state", "{'state':'active'}", NULL), 200);
	assert_int_equal(call(INSP, "POST", "/api/v1/projects/1/state",
			      "{'state':'completed','on':'2026-06-10'}", &r),
			 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "completed");
	assert_string_equal(json_string_value(json_object_get(r.json, "ends_on")), "2026-06-10");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/projects/1/state", "{'state':'active'}", &r),
			 409);
	assert_non_null(strstr(json_string_value(jpath(r.json, "error.message")), "completed"));
	api_resp_cleanup(&r);
	{
		struct zf_err qerr;
		int64_t n = -1;
		assert_int_equal(store_query_int(A.db, &qerr, &n,
						 "SELECT count(*) FROM audit_log WHERE entity ="
						 " 'project' AND action = 'state' AND changes LIKE"
						 " '%资金未到位%'",
						 ""),
				 0);
		assert_int_equal(n, 1);
	}

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

	/* a routine corrected, or its issues settled since: the own unit's only, checked whole */
	const struct refusal bad[] = {
	    {LEADER2, "{'resolved':3}", 404, "id"},
	    {VIEWER, "{'resolved':3}", 403, NULL},
	    {LEADER, "{}", 400, "body"},
	    {LEADER, "{'resolved':4}", 400, "resolved"},
	    {LEADER, "{'issues':1}", 400, "resolved"},
	    {LEADER, "{'issues':-1}", 400, "issues"},
	    {LEADER, "{'held_on':'2099-01-01'}", 400, "held_on"},
	    {LEADER, "{'held_on':'2026-02-30'}", 400, "held_on"},
	    {LEADER, "{'title':' '}", 400, "title"},
	    {LEADER, "{'kind':'audit'}", 400, "kind"},
	    {LEADER, "{'unit':'T02'}", 400, "unit"},
	};
	expect_refusals("PATCH", "/api/v1/routines/1", bad, sizeof bad / sizeof *bad);
	assert_int_equal(call(LEADER, "PATCH", "/api/v1/routines/99", "{'resolved':1}", NULL), 404);
	struct zf_err qerr;
	int64_t n = -1;
	const char *q =
	    "SELECT count(*) FROM audit_log WHERE entity = 'routine' AND action = 'update'";
	assert_int_equal(store_query_int(A.db, &qerr, &n, q, ""), 0);
	assert_int_equal(n, 0); /* the refusals wrote nothing */
	assert_int_equal(call(LEADER, "PATCH", "/api/v1/routines/1",
			      "{'resolved':3,'outcome':'三项问题均已整改'}", &r),
			 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "resolved")), 3);
	assert_int_equal(json_integer_value(json_object_get(r.json, "issues")), 3);
	assert_string_equal(json_string_value(json_object_get(r.json, "outcome")),
			    "三项问题均已整改");
	assert_string_equal(json_string_value(json_object_get(r.json, "title")), "民主生活会");
	assert_int_equal(json_integer_value(json_object_get(r.json, "people")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(INSP, "PATCH", "/api/v1/routines/2", "{'held_on':'2026-03-03'}", NULL), 200);
	/* the same value again: nothing written */
	assert_int_equal(call(LEADER, "PATCH", "/api/v1/routines/1", "{'resolved':3}", NULL), 200);
	assert_int_equal(store_query_int(A.db, &qerr, &n, q, ""), 0);
	assert_int_equal(n, 2);
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
