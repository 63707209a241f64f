/* test_api_sanction.c: accountability and the supervision work over HTTP: who may call what
 * (the three administrators see none of it; findings are the inspectors'), the authority
 * rule's 403 naming the body, the sanction's adjustment in the response, unit scoping of
 * lists and records, the public exposure board without a session, decision tasks reported
 * by their own unit only, and a supervisor's forwarded matter becoming a case.
 * Bodies are written with ' for ". */
#include "supervise_fixture.h"

static void test_administrators_see_nothing(void **state)
{
	(void)state;
	static const char *const gets[] = {"/api/v1/sanctions",
					   "/api/v1/sanction-measures",
					   "/api/v1/veto-items",
					   "/api/v1/sanctions/export",
					   "/api/v1/exposures",
					   "/api/v1/key-periods",
					   "/api/v1/key-periods/upcoming",
					   "/api/v1/inspections",
					   "/api/v1/projects",
					   "/api/v1/decisions",
					   "/api/v1/decisions/tasks/overdue",
					   "/api/v1/stations",
					   "/api/v1/routines",
					   "/api/v1/cases/ZF-2026-000001/finding"};
	for (int who = SYSADMIN; who <= AUDITOR; who++) {
		for (size_t i = 0; i < sizeof gets / sizeof gets[0]; i++)
			if (call(who, "GET", gets[i], NULL, NULL) != 403)
				fail_msg("%s GET %s is not 403", USERS[who].name, gets[i]);
		assert_int_equal(call(who, "POST", "/api/v1/sanctions",
				      "{'measure':'criticism','person':'T01-003','basis':'b'}",
				      NULL),
				 403);
	}
	assert_int_equal(call(-1, "GET", "/api/v1/sanctions", NULL, NULL), 401);
}

static void test_findings_are_the_inspectors(void **state)
{
	(void)state;
	struct api_resp r;
	const char *f = "{'finding':'substantiated','summary':'属实'}";
	assert_int_equal(call(OFFICE, "POST", "/api/v1/cases/ZF-2026-000001/finding", f, NULL),
			 403);
	assert_int_equal(call(LEADER, "POST", "/api/v1/cases/ZF-2026-000001/finding", f, NULL),
			 403);
	assert_int_equal(
	    call(OFFICE, "GET", "/api/v1/cases/ZF-2026-000001/finding/proposal", NULL, NULL), 403);
	assert_int_equal(
	    call(INSP, "GET", "/api/v1/cases/ZF-2026-000001/finding/proposal", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "leaders")), 2);
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/cases/ZF-2026-000001/finding", "{'finding':'maybe'}", &r),
	    400);
	assert_string_equal(api_error_code(&r), "invalid");
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "finding");
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/cases/ZF-2026-000001/finding",
			      "{'finding':'substantiated','colour':'red'}", NULL),
			 400);
	assert_int_equal(call(INSP, "POST", "/api/v1/cases/ZF-2026-000001/finding", f, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "people")), 3);
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(OFFICE, "POST", "/api/v1/cases/ZF-2026-000001/finding/confirm", NULL, NULL), 403);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/cases/ZF-2026-000001/finding/confirm", NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "confirmed")));
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(INSP, "POST", "/api/v1/cases/ZF-2026-000001/finding/confirm", NULL, NULL), 409);
	assert_int_equal(call(INSP, "GET", "/api/v1/cases/ZF-2026-404404/finding", NULL, NULL),
			 404);
}

static void test_sanctions_authority_and_scope(void **state)
{
	(void)state;
	struct api_resp r;
	const char *on_leader = "{'measure':'admonishment','person':'T01-001','basis':'经查属实',"
				"'decided_on':'2026-06-01'}";
	assert_int_equal(call(OFFICE, "POST", "/api/v1/sanctions", on_leader, &r), 403);
	assert_non_null(strstr(json_string_value(jpath(r.json, "error.message")), "区委组织部"));
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER, "POST", "/api/v1/sanctions", on_leader, NULL), 403);
	assert_int_equal(call(INSP_D03, "POST", "/api/v1/sanctions", on_leader, &r), 201);
	assert_string_equal(json_string_value(jpath(r.json, "authority.code")), "D03");
	assert_string_equal(json_string_value(json_object_get(r.json, "round")), "2026");
	assert_true(json_number_value(jpath(r.json, "adjustment.points")) == 1.0);
	assert_string_equal(json_string_value(json_object_get(r.json, "promotion_ban_until")),
			    "2026-12-01");
	int64_t id = json_integer_value(json_object_get(r.json, "id"));
	api_resp_cleanup(&r);
	assert_int_equal(call(INSP, "POST", "/api/v1/sanctions",
			      "{'measure':'criticism','person':'T02-001','basis':'b'}", NULL),
			 201);

	char path[64];
	snprintf(path, sizeof path, "/api/v1/sanctions/%lld", (long long)id);
	assert_int_equal(call(LEADER, "GET", path, NULL, NULL), 200);
	assert_int_equal(call(LEADER2, "GET", path, NULL, NULL), 404);
	assert_int_equal(call(LEADER, "GET", "/api/v1/sanctions", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER, "GET", "/api/v1/sanctions?unit=T02", NULL, NULL), 403);
	assert_int_equal(call(VIEWER, "GET", "/api/v1/sanctions", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	api_resp_cleanup(&r);
	assert_int_equal(call(VIEWER, "POST", "/api/v1/sanctions", on_leader, NULL), 403);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/sanctions/export", NULL, &r), 200);
	char ct[80];
	api_header(&r, "Content-Type", ct, sizeof ct);
	assert_non_null(strstr(ct, "text/csv"));
	assert_non_null(strstr(r.body, "张书记"));
	api_resp_cleanup(&r);

	/* the standing other rooms and selection ask for */
	assert_int_equal(
	    call(LEADER, "GET", "/api/v1/sanctions/standing?person=T01-001&unit=T01", NULL, &r),
	    200);
	assert_true(json_is_true(jpath(r.json, "person.promotion_banned")));
	assert_string_equal(json_string_value(jpath(r.json, "person.ban_until")), "2026-12-01");
	assert_true(json_is_false(jpath(r.json, "person.excellence_eligible")));
	assert_true(json_is_true(jpath(r.json, "person.bonus_eligible")));
	assert_true(json_is_false(jpath(r.json, "unit.staffing_frozen")));
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "GET",
			      "/api/v1/sanctions/standing?person=T01-001&date=2026-12-01", NULL,
			      &r),
			 200);
	assert_true(json_is_false(jpath(r.json, "person.promotion_banned")));
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(LEADER2, "GET", "/api/v1/sanctions/standing?person=T01-001", NULL, NULL), 403);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/sanctions/standing", NULL, NULL), 400);
	assert_int_equal(
	    call(OFFICE, "GET", "/api/v1/sanctions/standing?unit=T01&date=soon", NULL, NULL), 400);

	/* revoke: same authority, a reason required */
	snprintf(path, sizeof path, "/api/v1/sanctions/%lld/revoke", (long long)id);
	assert_int_equal(call(OFFICE, "POST", path, "{'reason':'复核'}", NULL), 403);
	assert_int_equal(call(INSP_D03, "POST", path, "{}", NULL), 400);
	assert_int_equal(call(INSP_D03, "POST", path, "{'reason':'复核'}", &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "revoked")));
	assert_true(json_is_null(json_object_get(r.json, "adjustment")));
	api_resp_cleanup(&r);

	/* the catalogue is the office's */
	assert_int_equal(call(INSP, "POST", "/api/v1/sanction-measures",
			      "{'code':'x','name':'x','tier':1}", NULL),
			 403);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/sanction-measures",
			      "{'code':'reminder','name':'提醒谈话','tier':1,'points':0.5}", &r),
			 201);
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(OFFICE, "PATCH", "/api/v1/sanction-measures/reminder", "{'tier':9}", NULL), 400);
	assert_int_equal(
	    call(OFFICE, "POST", "/api/v1/sanction-measures/reminder/deactivate", NULL, NULL), 200);
}

static void test_public_exposure_board(void **state)
{
	(void)state;
	struct api_resp r;
	const char *ex = "{'case_no':'ZF-2026-000001','title':'东城镇窗口推诿被曝光',"
			 "'facts':'窗口人员推诿。','handling':'通报批评。'}";
	assert_int_equal(call(OFFICE, "POST", "/api/v1/exposures", ex, NULL), 409);
	call(INSP, "POST", "/api/v1/cases/ZF-2026-000001/finding", "{'finding':'substantiated'}",
	     NULL);
	call(INSP, "POST", "/api/v1/cases/ZF-2026-000001/finding/confirm", NULL, NULL);
	assert_int_equal(call(INSP, "POST", "/api/v1/exposures", ex, NULL), 403);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/exposures", ex, &r), 201);
	api_resp_cleanup(&r);
	assert_int_equal(call(-1, "GET", "/api/v1/public/exposures", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_null(strstr(r.body, "王干事"));
	assert_null(strstr(r.body, "ZF-2026"));
	assert_non_null(strstr(r.body, "东城镇"));
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(OFFICE, "POST", "/api/v1/exposures/1/unpublish", "{'reason':'更正'}", NULL), 200);
	assert_int_equal(call(-1, "GET", "/api/v1/public/exposures", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 0);
	api_resp_cleanup(&r);
}

static void test_decision_tasks_by_own_unit(void **state)
{
	(void)state;
	struct api_resp r;
	assert_int_equal(call(LEADER, "POST", "/api/v1/decisions",
			      "{'title':'t','decided_on':'2026-01-01'}", NULL),
			 403);
	/* a body of string fields (http_strings_or_reply): each fault names its field, and
	 * nothing is stored (the decision created next is number 1) */
	static const char *const bad[][2] = {
	    {"{'title':'t','decided_on':'2026-01-01','extra':'x'}", "extra"},
	    {"{'title':'t','decided_on':20260101}", "decided_on"},
	    {"{'title':['t'],'decided_on':'2026-01-01'}", "title"},
	    {"{'title':'t'", "body"},
	    {"['t']", "body"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(call(OFFICE, "POST", "/api/v1/decisions", bad[i][0], &r), 400);
		assert_string_equal(
		    json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
		    bad[i][1]);
		api_resp_cleanup(&r);
	}
	assert_int_equal(call(OFFICE, "POST", "/api/v1/decisions",
			      "{'title':'优化营商环境','decided_on':'2026-01-01'}", NULL),
			 201);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/decisions/1/tasks",
			      "{'unit':'T01','title':'清理收费','deadline':'2026-05-01'}", NULL),
			 201);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/decisions/1/tasks",
			      "{'unit':'T02','title':'压缩时限','deadline':'2026-05-01'}", NULL),
			 201);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/decisions/tasks/overdue", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER, "GET", "/api/v1/decisions/tasks/overdue", NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(LEADER, "POST", "/api/v1/decisions/tasks/2/progress", "{'progress':50}", NULL),
	    403);
	assert_int_equal(call(LEADER, "GET", "/api/v1/decisions/tasks/2", NULL, NULL), 404);
	assert_int_equal(call(LEADER, "POST", "/api/v1/decisions/tasks/1/progress",
			      "{'progress':50,'note':'过半'}", &r),
			 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "progress")), 50);
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(LEADER, "POST", "/api/v1/decisions/tasks/1/progress", "{'progress':150}", NULL),
	    400);
}

static void test_supervisor_forwards_a_matter(void **state)
{
	(void)state;
	struct api_resp r;
	const char *m =
	    "{'subject':'低保办理慢','content':'群众反映审核拖延','category':'efficiency'}";
	assert_int_equal(call(SUPER, "POST", "/api/v1/stations/matters", m, NULL), 403);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/stations",
			      "{'name':'东城镇群众服务站','unit':'T01'}", NULL),
			 201);
	assert_int_equal(
	    call(OFFICE, "POST", "/api/v1/stations/1/supervisors", "{'username':'super'}", NULL),
	    200);
	assert_int_equal(call(INSP, "POST", "/api/v1/stations/matters", m, NULL), 403);
	assert_int_equal(call(SUPER, "POST", "/api/v1/stations/matters", m, &r), 201);
	const char *no = json_string_value(json_object_get(r.json, "case_no"));
	assert_non_null(no);
	struct zf_err err;
	int64_t n = 0;
	assert_int_equal(store_query_int(A.db, &err, &n,
					 "SELECT count(*) FROM cases WHERE case_no = ? AND"
					 " channel = 'supervisor'",
					 "t", no),
			 0);
	assert_int_equal(n, 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(SUPER, "GET", "/api/v1/stations/1/card?format=csv", NULL, &r), 200);
	assert_non_null(strstr(r.body, "张书记"));
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER2, "GET", "/api/v1/stations/1/card", NULL, NULL), 404);
	assert_int_equal(call(LEADER2, "GET", "/api/v1/stations?unit=T01", NULL, NULL), 403);

	/* a closed station: its supervisor forwards nothing, it takes no supervisor, and the
	 * office may open it again */
	assert_int_equal(call(INSP, "POST", "/api/v1/stations/1/deactivate", NULL, NULL), 403);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/stations/9/deactivate", NULL, NULL), 404);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/stations/1/activate", NULL, &r), 409);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "active");
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/stations/1/deactivate", NULL, &r), 200);
	json_t *active = json_object_get(r.json, "active");
	assert_non_null(active);
	assert_false(json_is_true(active) || json_integer_value(active) == 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/stations/1/deactivate", NULL, NULL), 409);
	assert_int_equal(call(SUPER, "POST", "/api/v1/stations/matters", m, &r), 403);
	assert_non_null(strstr(json_string_value(jpath(r.json, "error.message")), "active"));
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(OFFICE, "POST", "/api/v1/stations/1/supervisors", "{'username':'super'}", &r),
	    409);
	assert_string_equal(json_string_value(jpath(r.json, "error.field")), "active");
	api_resp_cleanup(&r);
	assert_int_equal(store_query_int(A.db, &err, &n,
					 "SELECT count(*) FROM audit_log WHERE entity = 'station'"
					 " AND action = 'deactivate'",
					 ""),
			 0);
	assert_int_equal(n, 1);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/stations/1/activate", NULL, NULL), 200);
	assert_int_equal(call(SUPER, "POST", "/api/v1/stations/matters", m, NULL), 201);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_administrators_see_nothing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_findings_are_the_inspectors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_sanctions_authority_and_scope, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_public_exposure_board, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_decision_tasks_by_own_unit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_supervisor_forwards_a_matter, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
