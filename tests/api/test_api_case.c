/* test_api_case.c: the case routes over HTTP: who may call what, what each role sees on
 * every route that returns a case (X2: the complainant for inspectors only, a unit only its
 * own cases, nothing in the timeline or the audit log), the workflow and its refusals,
 * evidence files, the calendar, the overdue list and the figures. */
#include "apitest.h"
#include "unit/supervise/case_fixture.h"

#define PW "Str0ng-Pass-2026"

static struct api A;
enum { OFFICE, INSPECTOR, LEADER1, LEADER2, STAFF1, SUP, VIEWER, SYSADMIN, AUDITOR, NC };
static struct client C[NC];
static const struct {
	const char *name, *role, *unit;
} users[NC] = {
    {"office", "office", NULL},	       {"inspector", "inspector", NULL},
    {"leader1", "unit_leader", "T01"}, {"leader2", "unit_leader", "T02"},
    {"staff1", "unit_staff", "T01"},   {"sup", "supervisor", "D01"},
    {"viewer", "viewer", NULL},	       {"sysadmin", "sysadmin", NULL},
    {"auditor", "auditor", NULL},
};

static int setup(void **state)
{
	api_start(&A);
	case_fx_org(A.db);
	for (int i = 0; i < NC; i++) {
		api_user(&A, users[i].name, users[i].role, users[i].unit, PW);
		api_login(&A, &C[i], users[i].name, PW);
	}
	return 0;
}

static int teardown(void **state)
{
	char key[300];
	snprintf(key, sizeof key, "%s.key", A.path);
	unlink(key);
	api_stop(&A);
	time_set_fake(0);
	return 0;
}

static long call(int who, const char *method, const char *path, const char *body,
		 struct api_resp *r)
{
	api_call(&A, who < 0 ? NULL : &C[who], method, path, body, NULL, r);
	return r->status;
}

static long status_of(int who, const char *method, const char *path, const char *body)
{
	struct api_resp r;
	long st = call(who, method, path, body, &r);
	api_resp_cleanup(&r);
	return st;
}

/* Opens a named case about unit as the office; case_no gets its number. */
static void open_case(const char *unit, const char *subject, char case_no[CASE_NO_MAX])
{
	struct api_resp r;
	char body[512];
	snprintf(body, sizeof body,
		 "{\"channel\":\"hotline\",\"subject\":\"%s\",\"content\":\"上班时间玩手机\","
		 "\"category\":\"discipline\",\"unit\":\"%s\",\"name\":\"钱七\","
		 "\"phone\":\"13655556666\",\"received_on\":\"2026-10-26\"}",
		 subject, unit);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/cases", body, &r), 201);
	snprintf(case_no, CASE_NO_MAX, "%s", json_string_value(json_object_get(r.json, "case_no")));
	assert_non_null(json_string_value(json_object_get(r.json, "query_code")));
	api_resp_cleanup(&r);
}

static void test_intake(void **state)
{
	struct api_resp r;
	const char *good = "{\"channel\":\"mailbox\",\"subject\":\"s\",\"content\":\"c\","
			   "\"unit\":\"T01\"}";
	assert_int_equal(status_of(-1, "POST", "/api/v1/cases", good), 401);
	assert_int_equal(status_of(LEADER1, "POST", "/api/v1/cases", good), 403);
	assert_int_equal(status_of(VIEWER, "POST", "/api/v1/cases", good), 403);
	assert_int_equal(status_of(SYSADMIN, "POST", "/api/v1/cases", good), 403);
	assert_int_equal(status_of(INSPECTOR, "POST", "/api/v1/cases", good), 201);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/cases",
			      "{\"channel\":\"mailbox\",\"subject\":\"s\",\"content\":\"c\","
			      "\"unit\":\"T01\",\"colour\":\"red\"}",
			      &r),
			 400);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
	    "colour");
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/cases",
			      "{\"channel\":\"mailbox\",\"content\":\"c\",\"unit\":\"T01\"}", &r),
			 400);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
	    "subject");
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/cases",
			      "{\"channel\":\"mailbox\",\"subject\":\"s\",\"content\":\"c\","
			      "\"unit\":\"T01\",\"name\":\"x\",\"phone\":\"555\"}",
			      &r),
			 400);
	assert_string_equal(api_error_code(&r), "invalid");
	api_resp_cleanup(&r);
	/* a supervisor's case comes from the service station, whatever it says */
	assert_int_equal(call(SUP, "POST", "/api/v1/cases", good, &r), 201);
	char path[128];
	snprintf(path, sizeof path, "/api/v1/cases/%s",
		 json_string_value(json_object_get(r.json, "case_no")));
	api_resp_cleanup(&r);
	assert_int_equal(call(SUP, "GET", path, NULL, &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "channel")), "supervisor");
	api_resp_cleanup(&r);
}

static bool has(const struct api_resp *r, const char *s)
{
	return r->body && strstr(r->body, s);
}

/* Every route that returns a case, for every role. */
static void test_privacy_every_route(void **state)
{
	char no[CASE_NO_MAX], path[160];
	struct api_resp r;
	open_case("T01", "窗口人员玩手机", no);
	struct {
		int who;
		long list, one, timeline, export;
		size_t items;
		bool sees_complainant;
	} rows[] = {
	    {OFFICE, 200, 200, 200, 200, 1, false},  {INSPECTOR, 200, 200, 200, 200, 1, true},
	    {LEADER1, 200, 200, 200, 403, 1, false}, {STAFF1, 200, 200, 200, 403, 1, false},
	    {LEADER2, 200, 404, 404, 403, 0, false}, {SUP, 200, 404, 404, 403, 0, false},
	    {VIEWER, 403, 403, 403, 403, 0, false},  {SYSADMIN, 403, 403, 403, 403, 0, false},
	    {AUDITOR, 403, 403, 403, 403, 0, false},
	};
	for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		int w = rows[i].who;
		bool see = rows[i].sees_complainant;
		assert_int_equal(call(w, "GET", "/api/v1/cases?unit=T01", NULL, &r), rows[i].list);
		if (r.status == 200) {
			assert_int_equal(has(&r, no), rows[i].items > 0);
			assert_int_equal(has(&r, "13655556666"), see);
			assert_int_equal(has(&r, "钱七"), see);
		}
		api_resp_cleanup(&r);
		snprintf(path, sizeof path, "/api/v1/cases/%s", no);
		assert_int_equal(call(w, "GET", path, NULL, &r), rows[i].one);
		if (r.status == 200) {
			assert_int_equal(has(&r, "13655556666"), see);
			assert_int_equal(has(&r, "钱七"), see);
			assert_true(has(&r, "上班时间玩手机"));
		}
		api_resp_cleanup(&r);
		snprintf(path, sizeof path, "/api/v1/cases/%s/timeline", no);
		assert_int_equal(call(w, "GET", path, NULL, &r), rows[i].timeline);
		assert_false(has(&r, "13655556666"));
		assert_false(has(&r, "钱七"));
		api_resp_cleanup(&r);
		assert_int_equal(call(w, "GET", "/api/v1/cases/export", NULL, &r), rows[i].export);
		if (r.status == 200) {
			assert_true(has(&r, no));
			assert_int_equal(has(&r, "13655556666"), see);
			assert_int_equal(has(&r, "诉求人"), see);
		}
		api_resp_cleanup(&r);
	}
	/* the workbook export: the same roles */
	assert_int_equal(call(OFFICE, "GET", "/api/v1/cases/export?format=xlsx", NULL, &r), 200);
	assert_true(r.len > 100 && !memcmp(r.body, "PK\x03\x04", 4));
	api_resp_cleanup(&r);
	assert_int_equal(status_of(LEADER1, "GET", "/api/v1/cases/export?format=xlsx", NULL), 403);
	assert_int_equal(status_of(OFFICE, "GET", "/api/v1/cases/export?format=pdf", NULL), 400);
	/* the audit view holds the case, never its complainant */
	assert_int_equal(call(AUDITOR, "GET", "/api/v1/audit?limit=1000", NULL, &r), 200);
	assert_true(has(&r, no));
	assert_false(has(&r, "13655556666"));
	assert_false(has(&r, "钱七"));
	api_resp_cleanup(&r);
}

static void act(int who, const char *no, const char *action, const char *body, long expect,
		const char *needle)
{
	char path[160];
	struct api_resp r;
	snprintf(path, sizeof path, "/api/v1/cases/%s/%s", no, action);
	long st = call(who, "POST", path, body ? body : "{}", &r);
	if (st != expect)
		fail_msg("%s as %s: %ld %s", action, users[who].name, st, r.body ? r.body : "");
	if (needle)
		assert_true(has(&r, needle));
	/* what an action answers is the case as the caller may see it */
	assert_int_equal(has(&r, "13655556666"), who == INSPECTOR && st == 200);
	api_resp_cleanup(&r);
}

static void test_workflow(void **state)
{
	char no[CASE_NO_MAX];
	open_case("T01", "窗口人员玩手机", no);
	act(LEADER1, no, "sign", NULL, 403, NULL); /* not its case to handle yet */
	act(LEADER1, no, "assign", NULL, 403, NULL);
	act(INSPECTOR, no, "assign", NULL, 403, NULL);
	act(OFFICE, no, "assign", "{\"on\":\"2026-10-26\",\"note\":\"限期办理\"}", 200,
	    "\"assigned\"");
	act(OFFICE, no, "assign", NULL, 409, "assigned");
	act(OFFICE, no, "sign", NULL, 403, NULL);
	act(LEADER2, no, "sign", NULL, 404, NULL); /* another unit does not see it */
	act(STAFF1, no, "sign", "{\"on\":\"2026-10-27\"}", 200, "\"signed\"");
	act(LEADER1, no, "reply", "{\"text\":\"x\"}", 409, "signed");
	act(LEADER1, no, "handle", NULL, 200, "\"handling\"");
	act(LEADER1, no, "extend", "{\"days\":\"3\",\"reason\":\"x\"}", 400, "days");
	act(LEADER1, no, "extend", "{\"days\":3,\"reason\":\"调取监控\"}", 200, "调取监控");
	act(LEADER1, no, "extension", "{\"approve\":true}", 403, NULL);
	act(OFFICE, no, "extension", "{\"approve\":true}", 200, "\"due\":\"2026-11-12\"");
	act(LEADER1, no, "reply", "{}", 400, "text");
	act(LEADER1, no, "reply", "{\"text\":\"已整改并通报\"}", 200, "\"replied\"");
	act(LEADER1, no, "follow-up", "{\"satisfied\":true}", 403, NULL);
	act(INSPECTOR, no, "follow-up", "{\"satisfied\":\"yes\"}", 400, "satisfied");
	act(INSPECTOR, no, "follow-up", "{\"satisfied\":false,\"note\":\"不满意\"}", 200,
	    "\"reopen_count\":1");
	act(LEADER1, no, "reply", "{\"text\":\"再次整改\"}", 200, NULL);
	act(INSPECTOR, no, "follow-up", "{\"satisfied\":true}", 200, "\"followed_up\"");
	act(OFFICE, no, "close", NULL, 200, "\"closed\"");
	act(OFFICE, no, "close", NULL, 409, "closed");
	/* the misrouted case goes back to the office */
	open_case("T01", "道路积水", no);
	act(OFFICE, no, "assign", NULL, 200, NULL);
	act(LEADER1, no, "return", "{}", 400, "text");
	act(LEADER1, no, "return", "{\"reason\":\"属县级部门职责\"}", 200, "\"received\"");
	act(OFFICE, no, "assign", "{\"unit\":\"D01\"}", 200, "\"D01\"");
	/* the same caller's phone about the same unit: a suspected duplicate of the first */
	char path[160];
	struct api_resp r;
	snprintf(path, sizeof path, "/api/v1/cases/%s", no);
	assert_int_equal(call(OFFICE, "GET", path, NULL, &r), 200);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "duplicate_of"), "status")),
	    "suspected");
	api_resp_cleanup(&r);
	act(OFFICE, no, "duplicate", "{\"confirm\":false}", 200, "\"duplicate_of\":null");
	act(OFFICE, no, "duplicate", "{\"confirm\":false}", 409, NULL);
	act(LEADER1, no, "duplicate", "{\"confirm\":false}", 403, NULL);
	act(OFFICE, no, "duplicate", "{}", 400, NULL);
}

static void test_attachments(void **state)
{
	char no[CASE_NO_MAX], path[200];
	struct api_resp r;
	const char *pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
	open_case("T01", "证据", no);
	snprintf(path, sizeof path, "/api/v1/cases/%s/attachments?filename=photo.pdf", no);
	api_call(&A, &C[OFFICE], "POST", path, "just some text", "application/octet-stream", &r);
	assert_int_equal(r.status, 400);
	api_resp_cleanup(&r);
	api_call(&A, &C[LEADER2], "POST", path, pdf, "application/octet-stream", &r);
	assert_int_equal(r.status, 404);
	api_resp_cleanup(&r);
	api_call(&A, &C[INSPECTOR], "POST", path, pdf, "application/octet-stream", &r);
	assert_int_equal(r.status, 201);
	long long id = json_integer_value(json_object_get(r.json, "id"));
	api_resp_cleanup(&r);
	snprintf(path, sizeof path, "/api/v1/cases/%s/attachments/%lld", no, id);
	assert_int_equal(call(LEADER1, "GET", path, NULL, &r), 200);
	assert_int_equal(r.len, strlen(pdf));
	assert_memory_equal(r.body, pdf, r.len);
	char ct[64];
	api_header(&r, "Content-Type", ct, sizeof ct);
	assert_string_equal(ct, "application/pdf");
	api_resp_cleanup(&r);
	assert_int_equal(status_of(LEADER2, "GET", path, NULL), 404);
	snprintf(path, sizeof path, "/api/v1/cases/%s/attachments/999", no);
	assert_int_equal(status_of(OFFICE, "GET", path, NULL), 404);
	/* the file is outside the database, under its hash */
	char dir[300];
	snprintf(dir, sizeof dir, "%s.files", A.path);
	struct stat st;
	assert_int_equal(stat(dir, &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	snprintf(path, sizeof path, "/api/v1/cases/%s", no);
	assert_int_equal(call(OFFICE, "GET", path, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "attachments")), 1);
	api_resp_cleanup(&r);
	/* clean the evidence directory for the temporary directory's removal */
	char cmd[400];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void test_calendar_overdue_stats(void **state)
{
	char no[CASE_NO_MAX];
	struct api_resp r;
	assert_int_equal(status_of(LEADER1, "GET", "/api/v1/calendar/2026", NULL), 200);
	assert_int_equal(status_of(LEADER1, "PUT", "/api/v1/calendar/2026", "{\"days\":[]}"), 403);
	assert_int_equal(call(OFFICE, "PUT", "/api/v1/calendar/2026",
			      "{\"days\":[{\"day\":\"2026-10-09\",\"kind\":\"workday\"}]}", &r),
			 400);
	assert_true(has(&r, "days[0].kind"));
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(OFFICE, "PUT", "/api/v1/calendar/2026",
		 "{\"days\":[{\"day\":\"2026-10-01\",\"kind\":\"holiday\","
		 "\"name\":\"国庆节\"},{\"day\":\"2026-10-10\",\"kind\":\"workday\"}]}",
		 &r),
	    200);
	assert_int_equal(json_array_size(json_object_get(r.json, "days")), 2);
	api_resp_cleanup(&r);
	assert_int_equal(status_of(OFFICE, "GET", "/api/v1/calendar/abc", NULL), 400);

	open_case("T01", "超期件", no);
	act(OFFICE, no, "assign", "{\"on\":\"2026-10-26\"}", 200, NULL);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/cases/overdue", NULL, &r), 200);
	assert_true(has(&r, no));
	assert_true(has(&r, "\"remind\""));
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER1, "GET", "/api/v1/cases/overdue", NULL, &r), 200);
	assert_true(has(&r, no));
	api_resp_cleanup(&r);
	assert_int_equal(call(LEADER2, "GET", "/api/v1/cases/overdue", NULL, &r), 200);
	assert_false(has(&r, no));
	api_resp_cleanup(&r);
	assert_int_equal(status_of(LEADER1, "POST", "/api/v1/cases/overdue/notify", NULL), 403);
	assert_int_equal(call(OFFICE, "POST", "/api/v1/cases/overdue/notify", NULL, &r), 200);
	assert_true(has(&r, "\"remind\""));
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/cases/overdue", NULL, &r), 200);
	assert_true(has(&r, "\"reminded\""));
	api_resp_cleanup(&r);
	assert_int_equal(call(OFFICE, "GET", "/api/v1/cases?overdue=true", NULL, &r), 200);
	assert_true(has(&r, no));
	api_resp_cleanup(&r);

	assert_int_equal(
	    status_of(OFFICE, "GET", "/api/v1/cases/stats?from=2026-13-01&to=2026-12-31", NULL),
	    400);
	assert_int_equal(
	    call(VIEWER, "GET", "/api/v1/cases/stats?from=2026-01-01&to=2026-12-31", NULL, &r),
	    200);
	assert_true(has(&r, "\"T01\""));
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(LEADER2, "GET", "/api/v1/cases/stats?from=2026-01-01&to=2026-12-31", NULL, &r),
	    200);
	assert_false(has(&r, "\"T01\"")); /* a unit sees its own figures */
	api_resp_cleanup(&r);
	assert_int_equal(status_of(OFFICE, "GET", "/api/v1/cases/settings", NULL), 200);
	assert_int_equal(status_of(LEADER1, "PUT", "/api/v1/cases/settings", "{\"sign_days\":2}"),
			 403);
	assert_int_equal(status_of(OFFICE, "PUT", "/api/v1/cases/settings", "{\"sign_days\":-1}"),
			 400);
	assert_int_equal(status_of(OFFICE, "PUT", "/api/v1/cases/settings", "{\"sign_days\":2}"),
			 200);
	assert_int_equal(status_of(OFFICE, "POST", "/api/v1/rounds/NOPE/process-from-cases",
				   "{\"period_type\":\"monthly\",\"period\":\"2026-10\","
				   "\"from\":\"2026-10-01\",\"to\":\"2026-10-31\"}"),
			 404);
	assert_int_equal(status_of(OFFICE, "POST", "/api/v1/rounds/NOPE/process-from-cases",
				   "{\"period_type\":\"weekly\",\"period\":\"2026-10\","
				   "\"from\":\"2026-10-01\",\"to\":\"2026-10-31\"}"),
			 400);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_intake),
	    cmocka_unit_test(test_privacy_every_route),
	    cmocka_unit_test(test_workflow),
	    cmocka_unit_test(test_attachments),
	    cmocka_unit_test(test_calendar_overdue_stats),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
