/* test_api_educate.c: the education room over HTTP (E1-E7): who may read and write what
 * (the administrators and the supervisor nothing; unit-scoped accounts their own unit's
 * people only), programmes and their computed targets, sessions and attendance entered and
 * imported, fair draws, dossiers and completion tables as JSON, CSV and XLSX, and the
 * appointment gate with its override. Bodies are written with ' for ". */
#include "apitest.h"
#include "educate/educate.h"
#include "org/org.h"

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
static struct client *const L = &CL[UNIT_LEADER];

/* ---- set-up: a district built through the rooms' own functions ---- */

static void ok(int rc, const struct zf_err *err, const char *what)
{
	if (rc != 0)
		fail_msg("%s: %s: %s", what, err->field, err->msg);
}

static void person(const char *code, const char *unit, const char *birth, const char *rank)
{
	struct zf_err err;
	struct actor who = test_actor("setup");
	struct org_person p = {.code = code,
			       .name = code,
			       .gender = "F",
			       .birth_date = birth,
			       .unit = unit,
			       .rank = rank,
			       .post = "干部"};
	ok(org_person_create(A.db, &who, &p, &err), &err, code);
}

static int setup(void **state)
{
	struct zf_err err;
	struct actor who = test_actor("setup");
	api_start(&A);
	struct org_category t = {.code = "TOWN", .name = "乡镇", .kind = "township"};
	struct org_category d = {.code = "DEPT", .name = "部门", .kind = "dept"};
	ok(org_category_create(A.db, &who, &t, &err), &err, "category");
	ok(org_category_create(A.db, &who, &d, &err), &err, "category");
	struct org_unit u1 = {.code = "T01", .name = "一镇", .category = "TOWN"};
	struct org_unit u2 = {.code = "T02", .name = "二镇", .category = "TOWN"};
	struct org_unit u3 = {.code = "D01", .name = "一局", .category = "DEPT"};
	ok(org_unit_create(A.db, &who, &u1, &err), &err, "unit");
	ok(org_unit_create(A.db, &who, &u2, &err), &err, "unit");
	ok(org_unit_create(A.db, &who, &u3, &err), &err, "unit");
	person("P001", "T01", "1984-01-01", "副科");
	person("P002", "T01", "1988-01-01", "一般干部");
	person("P003", "T01", "1970-01-01", "正科");
	person("P005", "T02", "1985-01-01", "一般干部");
	person("P006", "D01", "1986-01-01", "副处");
	for (int i = 0; i < NROLES; i++) {
		int scoped = i == UNIT_LEADER || i == UNIT_STAFF || i == SUPERVISOR;
		api_user(&A, ROLE_NAMES[i], ROLE_NAMES[i], scoped ? "T01" : NULL, PW);
		api_login(&A, &CL[i], ROLE_NAMES[i], PW);
	}
	MUST(O, "POST", "/api/v1/programmes",
	     "{'code':'PS','name':'党校周末班','kind':'party_school','required_hours':8,"
	     "'rule':{'born_from':'1980-01-01','born_to':'1989-12-31'}}",
	     201);
	return 0;
}

static int teardown(void **state)
{
	api_stop(&A);
	return 0;
}

/* Creates a session (office) and returns its id. */
static int64_t session(const char *body)
{
	struct api_resp r;
	CALL(O, "POST", "/api/v1/sessions", body, 201, &r);
	int64_t id = jint(r.json, "id");
	api_resp_cleanup(&r);
	return id;
}

static int64_t count(const char *sql)
{
	int64_t v = -1;
	struct zf_err err;
	if (store_query_int(A.db, &err, &v, sql, "") < 0)
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

/* ---- tests ---- */

static void test_roles(void **state)
{
	const char *reads[] = {"/api/v1/programmes",	      "/api/v1/programmes/PS/targets",
			       "/api/v1/people/P001/dossier", "/api/v1/units/T01/education",
			       "/api/v1/appointments",	      "/api/v1/topics"};
	for (size_t k = 0; k < sizeof reads / sizeof reads[0]; k++) {
		for (int i = SUPERVISOR; i < NROLES; i += (i == SUPERVISOR ? 2 : 1))
			FAILS(&CL[i], "GET", reads[k], NULL, 403, "forbidden", NULL);
		MUST(&CL[INSPECTOR], "GET", reads[k], NULL, 200);
		MUST(&CL[VIEWER], "GET", reads[k], NULL, 200);
		MUST(L, "GET", reads[k], NULL, 200);
	}
	const char *prog = "{'code':'X','name':'x','kind':'ethics','required_sessions':1}";
	for (int i = INSPECTOR; i < NROLES; i++)
		FAILS(&CL[i], "POST", "/api/v1/programmes", prog, 403, "forbidden", NULL);
	FAILS(L, "POST", "/api/v1/programmes/PS/picks", "{'count':1}", 403, "forbidden", NULL);
	FAILS(&CL[INSPECTOR], "POST", "/api/v1/appointments",
	      "{'person':'P002','new_post':'x','new_rank':'副科','decided_on':'2026-06-01'}", 403,
	      "forbidden", NULL);
	FAILS(&CL[VIEWER], "POST", "/api/v1/commitments",
	      "{'person':'P002','made_on':'2026-06-01','text':'承诺'}", 403, "forbidden", NULL);
	FAILS(L, "GET", "/api/v1/education/completion", NULL, 403, "forbidden", NULL);
}

static void test_programmes_and_targets(void **state)
{
	FAILS(O, "POST", "/api/v1/programmes",
	      "{'code':'BAD','name':'x','kind':'party_school','rule':{'units':['T01','T99']}}", 400,
	      "invalid", "rule.units[1]");
	FAILS(O, "POST", "/api/v1/programmes", "{'code':'BAD','name':'x','kind':'nope'}", 400,
	      "invalid", "kind");
	FAILS(O, "POST", "/api/v1/programmes", "{'code':'BAD','name':'x','kind':'ethics','x':1}",
	      400, "invalid", "x");
	FAILS(O, "POST", "/api/v1/programmes", "{'code':'PS','name':'x','kind':'ethics'}", 409,
	      "conflict", "code");
	GOT(O, "GET", "/api/v1/programmes/PS", NULL, 200, "kind.requirement", "E1",
	    "rule.born_from", "1980-01-01", "required_hours", "=8.0");
	/* the office sees every target, the T01 leader only T01's */
	GOT(O, "GET", "/api/v1/programmes/PS/targets", NULL, 200, "total", "=4", "items.0.code",
	    "P001", "items.3.code", "P006");
	GOT(L, "GET", "/api/v1/programmes/PS/targets", NULL, 200, "total", "=2", "items.1.code",
	    "P002");
	GOT(O, "GET", "/api/v1/programmes/PS/targets?limit=1", NULL, 200, "total", "=4",
	    "items.0.code", "P001");
	FAILS(O, "GET", "/api/v1/programmes/PS/targets?as_of=2026-02-30", NULL, 400, "invalid",
	      "as_of");
	MUST(O, "PATCH", "/api/v1/programmes/PS", "{'description':'每月一次'}", 200);
	FAILS(O, "PATCH", "/api/v1/programmes/PS", "{'kind':'ethics'}", 400, "invalid", "kind");
	FAILS(O, "PATCH", "/api/v1/programmes/PS", "{'required_hours':'8'}", 400, "invalid",
	      "required_hours");
	/* a deactivated programme obliges nobody; reactivated, it does again */
	MUST(O, "POST", "/api/v1/programmes",
	     "{'code':'OLD','name':'旧项目','kind':'ethics','required_sessions':1}", 201);
	GOT(O, "PATCH", "/api/v1/programmes/OLD", "{'active':false}", 200, "active", "=false");
	GOT(O, "GET", "/api/v1/people/P003/education-owed", NULL, 200, "items", "=[]");
	GOT(O, "PATCH", "/api/v1/programmes/OLD", "{'active':true}", 200, "active", "=true");
	GOT(O, "GET", "/api/v1/people/P003/education-owed", NULL, 200, "items.0.programme.code",
	    "OLD");
	MUST(O, "PATCH", "/api/v1/programmes/OLD", "{'active':false}", 200);
	FAILS(O, "GET", "/api/v1/programmes/NOPE", NULL, 404, "not_found", NULL);
}

static void test_attendance(void **state)
{
	int64_t ds = session("{'programme':'PS','held_on':'2026-03-07','title':'党性修养',"
			     "'topic':'party_spirit','credit_hours':4,'speakers':['P003']}");
	int64_t ts = session("{'programme':'PS','held_on':'2026-04-11','title':'作风建设',"
			     "'credit_hours':4,'unit':'T01'}");
	char path[96];
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/attendance", (long long)ds);
	/* a unit leader may not enter a district session's attendance */
	FAILS(L, "PUT", path, "{'items':[{'person':'P001','status':'present'}]}", 403, "forbidden",
	      NULL);
	MUST(O, "PUT", path,
	     "{'items':[{'person':'P001','status':'出席'},{'person':'P005','status':'late'}]}",
	     200);
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/attendance", (long long)ts);
	FAILS(L, "PUT", path, "{'items':[{'person':'P005','status':'present'}]}", 400, "invalid",
	      "items[0].person");
	GOT(L, "PUT", path,
	    "{'items':[{'person':'P001','status':'present'},{'person':'P002','status':'请假'}]}",
	    200, "written", "=2", "counts.excused", "=1");
	/* the leader sees their own unit's attendance of the district session only */
	snprintf(path, sizeof path, "/api/v1/sessions/%lld", (long long)ds);
	GOT(L, "GET", path, NULL, 200, "attendance.0.person.code", "P001", "counts.late", "=0",
	    "speakers.0.code", "P003");
	GOT(O, "GET", path, NULL, 200, "counts.present", "=2", "counts.late", "=1");
	GOT(L, "GET", "/api/v1/sessions?programme=PS&year=2026", NULL, 200, "items.0.title",
	    "党性修养", "items.1.unit.code", "T01");
	GOT(L, "GET", "/api/v1/sessions?year=2025", NULL, 200, "items", "=[]");
	/* a correction: hours and title change, the hours credited follow; audited */
	snprintf(path, sizeof path, "/api/v1/sessions/%lld", (long long)ds);
	FAILS(L, "PATCH", path, "{'credit_hours':3}", 403, "forbidden", NULL);
	FAILS(O, "PATCH", path, "{'speakers':['P001']}", 400, "invalid", "speakers");
	FAILS(O, "PATCH", path, "{'held_on':'2026-02-30'}", 400, "invalid", "held_on");
	FAILS(O, "PATCH", path, "{'topic':'karaoke'}", 400, "invalid", "topic");
	FAILS(O, "PATCH", path, "{'credit_hours':-1}", 400, "invalid", "credit_hours");
	GOT(O, "PATCH", path, "{'credit_hours':3,'title':'党性修养专题','topic':null}", 200,
	    "credit_hours", "=3.0", "title", "党性修养专题", "topic", "=null", "held_on",
	    "2026-03-07");
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity = 'session'"
			       " AND action = 'update'"),
			 1);
	GOT(O, "GET", "/api/v1/people/P001/education-owed", NULL, 200, "items.0.missing_hours",
	    "=1.0");
	MUST(O, "PATCH", path, "{'credit_hours':4}", 200);
	GOT(O, "GET", "/api/v1/people/P001/education-owed", NULL, 200, "items", "=[]");
	FAILS(O, "PATCH", "/api/v1/sessions/9999", "{'title':'x'}", 404, "not_found", NULL);
	/* import: bad rows are listed and nothing is written */
	struct api_resp r;
	snprintf(path, sizeof path, "/api/v1/sessions/%lld/attendance/import?filename=a.csv",
		 (long long)ts);
	int64_t before = count("SELECT count(*) FROM attendance");
	api_call(&A, O, "POST", path, "人员编号,出勤\nP003,出席\nP999,出席\nP005,睡觉\n",
		 "text/csv", &r);
	assert_int_equal(r.status, 400);
	HAS(r.json, "error.message", "2 bad rows", "errors.0.line", "=3", "errors.0.column",
	    "人员编号", "errors.1.column", "出勤");
	assert_non_null(strstr(jstr(r.json, "report.1"), "a.csv:4: 出勤: '睡觉' is not a status"));
	api_resp_cleanup(&r);
	assert_int_equal(count("SELECT count(*) FROM attendance"), before);
	api_call(&A, L, "POST", path, "人员编号,出勤\nP003,迟到\n", "text/csv", &r);
	assert_int_equal(r.status, 200);
	HAS(r.json, "imported", "=1");
	api_resp_cleanup(&r);
	assert_int_equal(count("SELECT count(*) FROM attendance"), before + 1);
}

static void test_dossier_and_completion(void **state)
{
	struct api_resp r;
	MUST(O, "POST", "/api/v1/reading-items",
	     "{'code':'LZ','title':'廉洁自律准则','category':'integrity_code'}", 201);
	MUST(L, "POST", "/api/v1/reading-records",
	     "{'person':'P001','item':'LZ','read_on':'2026-05-01'}", 201);
	FAILS(L, "POST", "/api/v1/reading-records",
	      "{'person':'P005','item':'LZ','read_on':'2026-05-01'}", 400, "invalid", "person");
	MUST(L, "POST", "/api/v1/commitments",
	     "{'person':'P001','made_on':'2026-02-01','text':'坚决改进作风'}", 201);
	MUST(O, "POST", "/api/v1/family-education",
	     "{'person':'P001','relation':'配偶','activity':'家庭助廉座谈','held_on':'2026-03-08'}",
	     201);
	GOT(L, "GET", "/api/v1/commitments", NULL, 200, "items.0.person.code", "P001");
	GOT(L, "GET", "/api/v1/people/P001/dossier?year=2026", NULL, 200, "person.code", "P001",
	    "reading.0.item", "LZ", "commitments.0.text", "坚决改进作风", "family.0.relation",
	    "配偶");
	FAILS(L, "GET", "/api/v1/people/P005/dossier", NULL, 404, "not_found", NULL);
	FAILS(O, "GET", "/api/v1/people/P001/dossier?year=20x6", NULL, 400, "invalid", "year");
	FAILS(O, "GET", "/api/v1/people/P001/dossier?format=pdf", NULL, 400, "invalid", "format");
	FAILS(L, "GET", "/api/v1/units/T02/education", NULL, 403, "forbidden", NULL);
	GOT(L, "GET", "/api/v1/units/T01/education?year=2026", NULL, 200, "unit.code", "T01",
	    "people_count", "=3");
	GOT(O, "GET", "/api/v1/education/completion?year=2026", NULL, 200, "year", "=2026",
	    "units.0.unit.code", "T01");
	/* who still owes the party school: everyone but P001 */
	GOT(O, "GET", "/api/v1/programmes/PS/targets?owing=1", NULL, 200, "total", "=3",
	    "items.0.code", "P002", "items.0.completed", "=false", "items.1.code", "P005",
	    "items.1.done_hours", "=4.0");
	GOT(O, "GET", "/api/v1/programmes/PS/targets", NULL, 200, "items.0.code", "P001",
	    "items.0.completed", "=true", "items.0.done_sessions", "=2");
	GOT(L, "GET", "/api/v1/programmes/PS/targets?owing=1", NULL, 200, "total", "=1");
	FAILS(O, "GET", "/api/v1/programmes/PS/targets?owing=maybe", NULL, 400, "invalid", "owing");
	/* P001 has 8 hours of the party school's 8, P002 none */
	GOT(O, "GET", "/api/v1/people/P001/education-owed", NULL, 200, "items", "=[]");
	GOT(O, "GET", "/api/v1/people/P002/education-owed", NULL, 200, "items.0.programme.code",
	    "PS", "items.0.missing_hours", "=8.0");
	char ct[128];
	CALL(O, "GET", "/api/v1/education/completion?year=2026&format=csv", NULL, 200, &r);
	api_header(&r, "Content-Type", ct, sizeof ct);
	assert_non_null(strstr(ct, "text/csv"));
	assert_memory_equal(r.body, "\xEF\xBB\xBF单位编码,单位名称", 3 + 25);
	api_resp_cleanup(&r);
	CALL(O, "GET", "/api/v1/people/P001/dossier?format=xlsx", NULL, 200, &r);
	assert_true(r.len > 1000 && r.body[0] == 'P' && r.body[1] == 'K');
	/* whole: it once lost its last letter to a 64-byte field */
	api_header(&r, "Content-Type", ct, sizeof ct);
	assert_string_equal(ct,
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	api_header(&r, "Content-Disposition", ct, sizeof ct);
	assert_non_null(strstr(ct, "dossier-P001"));
	api_resp_cleanup(&r);
	CALL(L, "GET", "/api/v1/units/T01/education?format=xlsx", NULL, 200, &r);
	assert_true(r.len > 1000 && r.body[0] == 'P' && r.body[1] == 'K');
	api_resp_cleanup(&r);
}

static void test_picks(void **state)
{
	struct api_resp a, b;
	MUST(O, "POST", "/api/v1/programmes",
	     "{'code':'HALL','name':'乡镇讲堂','kind':'lecture_hall','rule':{'units':['T01']}}",
	     201);
	MUST(O, "POST", "/api/v1/programmes",
	     "{'code':'HALL2','name':'乡镇讲堂','kind':'lecture_hall','rule':{'units':['T01']}}",
	     201);
	CALL(O, "POST", "/api/v1/programmes/HALL/picks", "{'count':2,'seed':7}", 201, &a);
	CALL(O, "POST", "/api/v1/programmes/HALL2/picks", "{'count':2,'seed':'7'}", 201, &b);
	HAS(a.json, "seed", "7", "eligible", "=3", "picks.0.cycle", "=1");
	assert_int_equal(jlen(a.json, "picks"), 2);
	assert_string_equal(jstr(a.json, "picks.0.person.code"),
			    jstr(b.json, "picks.0.person.code"));
	assert_string_equal(jstr(a.json, "picks.1.person.code"),
			    jstr(b.json, "picks.1.person.code"));
	api_resp_cleanup(&a);
	api_resp_cleanup(&b);
	FAILS(O, "POST", "/api/v1/programmes/HALL/picks", "{'count':4}", 400, "invalid", "count");
	FAILS(O, "POST", "/api/v1/programmes/HALL/picks", "{'count':1,'seed':'abc'}", 400,
	      "invalid", "seed");
	GOT(L, "GET", "/api/v1/programmes/HALL/picks", NULL, 200, "items.0.seed", "7");
	/* a draw over the whole district: the T01 leader sees only T01's picks of it */
	CALL(O, "POST", "/api/v1/programmes/PS/picks", "{'count':4,'seed':3}", 201, &a);
	HAS(a.json, "eligible", "=4");
	api_resp_cleanup(&a);
	CALL(L, "GET", "/api/v1/programmes/PS/picks", NULL, 200, &a);
	json_t *p;
	size_t i;
	json_array_foreach(jat(a.json, "items.0.picks"), i, p)
	    assert_string_equal(jstr(p, "person.unit.code"), "T01");
	assert_int_equal(jlen(a.json, "items.0.picks"), 2);
	api_resp_cleanup(&a);
	GOT(&CL[INSPECTOR], "GET", "/api/v1/programmes/PS/picks", NULL, 200, "items.0.eligible",
	    "=4");
}

static void test_gate(void **state)
{
	struct api_resp r;
	MUST(O, "POST", "/api/v1/programmes",
	     "{'code':'TALK','name':'任前廉政谈话','kind':'integrity_talk','required_sessions':1,"
	     "'rule':{'rank_min':'副科'}}",
	     201);
	CALL(O, "POST", "/api/v1/appointments",
	     "{'person':'P002','new_post':'副镇长','new_rank':'副科','decided_on':'2026-06-01'}",
	     201, &r);
	HAS(r.json, "state", "pending", "missing.0.kind", "integrity_talk", "missing.1.kind",
	    "appointment_training");
	int64_t id = jint(r.json, "id");
	api_resp_cleanup(&r);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/appointments/%lld/effect", (long long)id);
	FAILS(O, "POST", path, "{}", 409, "conflict", "gate");
	api_call(&A, O, "POST", path, "{}", NULL, &r);
	assert_non_null(strstr(jstr(r.json, "error.message"), "任前廉政谈话"));
	api_resp_cleanup(&r);
	snprintf(path, sizeof path, "/api/v1/appointments/%lld/override", (long long)id);
	FAILS(O, "POST", path, "{'reason':'急'}", 400, "invalid", "reason");
	FAILS(L, "POST", path, "{'reason':'防汛抢险急需到岗，培训随后补上'}", 403, "forbidden",
	      NULL);
	GOT(O, "POST", path, "{'reason':'防汛抢险急需到岗，培训随后补上'}", 200, "state",
	    "overridden", "override_by", "office");
	GOT(&CL[INSPECTOR], "GET", "/api/v1/appointments/overrides", NULL, 200,
	    "items.0.person.code", "P002", "items.0.override_reason",
	    "防汛抢险急需到岗，培训随后补上");
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE action = 'override'"), 1);
	/* a T02 appointment is not the T01 leader's to see */
	CALL(O, "POST", "/api/v1/appointments",
	     "{'person':'P005','new_post':'副镇长','new_rank':'副科','decided_on':'2026-06-01'}",
	     201, &r);
	snprintf(path, sizeof path, "/api/v1/appointments/%lld", (long long)jint(r.json, "id"));
	api_resp_cleanup(&r);
	FAILS(L, "GET", path, NULL, 404, "not_found", NULL);
	GOT(L, "GET", "/api/v1/appointments?state=pending", NULL, 200, "items", "=[]");
	FAILS(O, "GET", "/api/v1/appointments?state=maybe", NULL, 400, "invalid", "state");
}

static void test_records_import(void **state)
{
	struct api_resp r;
	int64_t before = count("SELECT count(*) FROM commitments");
	api_call(&A, L, "POST", "/api/v1/education/import/commitments?filename=c.csv",
		 "人员编号,表态日期,表态内容\nP002,2026-04-10,改进作风\nP005,2026-04-10,改进作风\n",
		 "text/csv", &r);
	assert_int_equal(r.status, 400);
	HAS(r.json, "error.message", "1 bad rows", "errors.0.line", "=3", "errors.0.column",
	    "人员编号");
	assert_non_null(strstr(jstr(r.json, "report.0"), "c.csv:3: 人员编号:"));
	api_resp_cleanup(&r);
	assert_int_equal(count("SELECT count(*) FROM commitments"), before);
	api_call(&A, L, "POST", "/api/v1/education/import/commitments",
		 "人员编号,表态日期,表态内容\nP002,2026-04-10,改进作风\n", "text/csv", &r);
	assert_int_equal(r.status, 200);
	HAS(r.json, "imported", "=1");
	api_resp_cleanup(&r);
	assert_int_equal(count("SELECT count(*) FROM commitments"), before + 1);
	api_call(&A, O, "POST", "/api/v1/education/import/novels", "a,b\n1,2\n", "text/csv", &r);
	assert_int_equal(r.status, 404);
	api_resp_cleanup(&r);
	api_call(&A, &CL[VIEWER], "POST", "/api/v1/education/import/reading", "a\n", "text/csv",
		 &r);
	assert_int_equal(r.status, 403);
	api_resp_cleanup(&r);
}

static void test_settings(void **state)
{
	GOT(&CL[VIEWER], "GET", "/api/v1/education/settings", NULL, 200, "gate_months_before", "=6",
	    "override_reason_min", "=10");
	FAILS(L, "PATCH", "/api/v1/education/settings", "{'override_reason_min':4}", 403,
	      "forbidden", NULL);
	FAILS(O, "PATCH", "/api/v1/education/settings", "{'colour':4}", 400, "invalid", "colour");
	FAILS(O, "PATCH", "/api/v1/education/settings", "{'gate_months_before':99}", 400, "invalid",
	      "gate_months_before");
	FAILS(O, "PATCH", "/api/v1/education/settings", "{'override_reason_min':'4'}", 400,
	      "invalid", "override_reason_min");
	int64_t audits = count("SELECT count(*) FROM audit_log WHERE entity = 'educate_settings'");
	GOT(O, "PATCH", "/api/v1/education/settings", "{'override_reason_min':4}", 200,
	    "override_reason_min", "=4", "gate_months_before", "=6");
	assert_int_equal(count("SELECT count(*) FROM audit_log WHERE entity = 'educate_settings'"),
			 audits + 1);
	/* the shorter minimum is what the override asks now */
	struct api_resp r;
	CALL(O, "POST", "/api/v1/appointments",
	     "{'person':'P003','new_post':'镇长','new_rank':'正科','decided_on':'2026-06-01'}", 201,
	     &r);
	char path[96];
	snprintf(path, sizeof path, "/api/v1/appointments/%lld/override",
		 (long long)jint(r.json, "id"));
	api_resp_cleanup(&r);
	FAILS(O, "POST", path, "{'reason':'急需'}", 400, "invalid", "reason");
	GOT(O, "POST", path, "{'reason':'急需到岗'}", 200, "state", "overridden");
	MUST(O, "PATCH", "/api/v1/education/settings", "{'override_reason_min':10}", 200);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roles),      cmocka_unit_test(test_programmes_and_targets),
	    cmocka_unit_test(test_attendance), cmocka_unit_test(test_dossier_and_completion),
	    cmocka_unit_test(test_picks),      cmocka_unit_test(test_gate),
	    cmocka_unit_test(test_settings),   cmocka_unit_test(test_records_import),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
