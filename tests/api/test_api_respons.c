/* test_api_respons.c: the responsibility room over HTTP: a nomination from creation through
 * assessment, vetting and signature, the veto rules, the liability scan and its flags, the
 * reports; who may do what (403 for the administrators, the signature only by the linked
 * supervising leader's account, unit-scoped accounts limited to their own unit), and
 * validation naming the field. Bodies are written with ' for ". */
#include "apitest.h"

#include "org/org.h"

static struct api A;
static const char *PW = "Demo-pass1";
static struct client OFF, INSP, M1, A1, T2L, STAFF, VIEW, SYS, SEC, AUD, SUP;

/* ' -> " */
static char *q(const char *s)
{
	static char buf[4096];
	snprintf(buf, sizeof buf, "%s", s);
	for (char *p = buf; *p; p++)
		if (*p == '\'')
			*p = '"';
	return buf;
}

static json_t *jat(json_t *j, const char *path)
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

static const char *jstr(json_t *j, const char *path)
{
	json_t *v = jat(j, path);
	return json_is_string(v) ? json_string_value(v) : "(not a string)";
}

/* Calls and checks the status; returns the response (caller cleans up). */
static void call(struct client *c, const char *method, const char *path, const char *body,
		 long status, struct api_resp *r)
{
	api_call(&A, c, method, path, body ? q(body) : NULL, NULL, r);
	if (r->status != status)
		fail_msg("%s %s: status %ld, want %ld: %s", method, path, r->status, status,
			 r->body ? r->body : "");
}

static void expect(struct client *c, const char *method, const char *path, const char *body,
		   long status, const char *code)
{
	struct api_resp r;
	call(c, method, path, body, status, &r);
	if (code)
		assert_string_equal(api_error_code(&r), code);
	api_resp_cleanup(&r);
}

static void sql(const char *s)
{
	struct zf_err err;
	if (store_exec(A.db, s, &err) < 0)
		fail_msg("%s: %s", s, err.msg);
}

static int setup(void **state)
{
	struct actor who = test_actor("test");
	struct zf_err err;
	api_start(&A);
	struct org_category cats[] = {{.code = "district", .name = "区", .kind = "other"},
				      {.code = "towns", .name = "乡镇", .kind = "township"}};
	for (size_t i = 0; i < 2; i++)
		if (org_category_create(A.db, &who, &cats[i], &err) < 0)
			fail_msg("%s", err.msg);
	struct org_unit units[] = {
	    {.code = "D", .name = "区委", .category = "district"},
	    {.code = "T1", .name = "东城镇", .category = "towns", .parent = "D"},
	    {.code = "T2", .name = "西城镇", .category = "towns", .parent = "D"}};
	for (size_t i = 0; i < 3; i++)
		if (org_unit_create(A.db, &who, &units[i], &err) < 0)
			fail_msg("%s", err.msg);
	const char *people[][2] = {{"DL", "D"},	 {"M1", "T1"}, {"A1", "T1"},
				   {"C1", "T1"}, {"C2", "T1"}, {"B1", "T2"}};
	for (size_t i = 0; i < 6; i++) {
		struct org_person p = {.code = people[i][0],
				       .name = people[i][0],
				       .gender = "M",
				       .birth_date = "1984-05-06",
				       .unit = people[i][1],
				       .rank = "副科",
				       .post = "干部"};
		if (org_person_create(A.db, &who, &p, &err) < 0)
			fail_msg("%s", err.msg);
	}
	struct org_team_member tm[] = {
	    {.unit = "D", .person = "DL", .role = "main"},
	    {.unit = "T1", .person = "M1", .role = "main"},
	    {.unit = "T1", .person = "A1", .role = "deputy", .areas = "安全生产"},
	    {.unit = "T2", .person = "B1", .role = "main"}};
	for (size_t i = 0; i < 4; i++)
		if (org_team_add(A.db, &who, &tm[i], &err) < 0)
			fail_msg("%s", err.msg);
	struct {
		struct client *c;
		const char *name, *role, *unit, *person;
	} users[] = {
	    {&OFF, "office1", "office", NULL, NULL},  {&INSP, "insp1", "inspector", NULL, NULL},
	    {&M1, "m1", "unit_leader", "T1", "M1"},   {&A1, "a1", "unit_leader", "T1", "A1"},
	    {&T2L, "t2", "unit_leader", "T2", "B1"},  {&STAFF, "staff1", "unit_staff", "T1", NULL},
	    {&VIEW, "viewer1", "viewer", NULL, NULL}, {&SYS, "sys1", "sysadmin", NULL, NULL},
	    {&SEC, "sec1", "secadmin", NULL, NULL},   {&AUD, "aud1", "auditor", NULL, NULL},
	    {&SUP, "sup1", "supervisor", "T1", NULL},
	};
	for (size_t i = 0; i < sizeof users / sizeof users[0]; i++) {
		api_user(&A, users[i].name, users[i].role, users[i].unit, PW);
		if (users[i].person) {
			char s[256];
			snprintf(s, sizeof s,
				 "UPDATE users SET person_id = (SELECT id FROM people WHERE code ="
				 " '%s') WHERE username = '%s'",
				 users[i].person, users[i].name);
			sql(s);
		}
		api_login(&A, users[i].c, users[i].name, PW);
	}
	/* A promotion ban on C2 (诫勉谈话 until 2099) and a veto-category case against it. */
	sql("INSERT INTO sanctions(measure_id, person_id, unit_id, decided_on, basis, decided_by,"
	    " promotion_ban_until, created_at) SELECT m.id, p.id, p.unit_id, '2026-01-10', "
	    "'处理决定',"
	    " (SELECT id FROM users WHERE username = 'insp1'), '2099-01-01', '2026-01-10T00:00:00Z'"
	    " FROM sanction_measures m, people p WHERE m.code = 'admonishment' AND p.code = 'C2'");
	sql("INSERT INTO cases(case_no, channel, subject, content, category, unit_id, person_id,"
	    " state, received_on, finding, finding_on, created_at, updated_at) SELECT 'ZF-1',"
	    " 'hotline', '公款吃喝', '内容', 'dining', p.unit_id, p.id, 'closed', '2026-01-05',"
	    " 'substantiated', '2026-02-01', 'x', 'x' FROM people p WHERE p.code = 'C2'");
	*state = NULL;
	return 0;
}

static int teardown(void **state)
{
	api_stop(&A);
	return 0;
}

static void test_veto_rules(void **state)
{
	struct api_resp r;
	call(&VIEW, "GET", "/api/v1/veto-rules", NULL, 200, &r);
	assert_int_equal(json_array_size(jat(r.json, "items")), 5);
	assert_string_equal(jstr(r.json, "items.0.code"), "promotion_ban");
	/* organisational handling or heavier: tiers 2 and 5, not the benefits of tier 3 */
	assert_string_equal(jstr(r.json, "items.1.code"), "org_handling_2y");
	assert_int_equal(json_array_size(jat(r.json, "items.1.params.tiers")), 2);
	assert_int_equal(json_integer_value(jat(r.json, "items.1.params.tiers.0")), 2);
	assert_int_equal(json_integer_value(jat(r.json, "items.1.params.tiers.1")), 5);
	assert_null(jat(r.json, "items.1.params.min_tier"));
	api_resp_cleanup(&r);
	expect(&SYS, "GET", "/api/v1/veto-rules", NULL, 403, "forbidden");
	expect(&AUD, "GET", "/api/v1/veto-rules", NULL, 403, "forbidden");
	expect(&INSP, "POST", "/api/v1/veto-rules", "{}", 403, "forbidden");
	call(&OFF, "POST", "/api/v1/veto-rules",
	     "{'code':'tier3','name':'一年内取消奖励','kind':'sanction_tier',"
	     "'params':{'min_tier':3,'months':12},'basis':'区委规定','active':false}",
	     201, &r);
	assert_string_equal(jstr(r.json, "code"), "tier3");
	assert_true(json_is_false(jat(r.json, "active")));
	api_resp_cleanup(&r);
	call(&OFF, "POST", "/api/v1/veto-rules",
	     "{'code':'t4','name':'x','kind':'sanction_tier','params':{'months':0},'basis':'b'}",
	     400, &r);
	assert_string_equal(jstr(r.json, "error.field"), "params");
	api_resp_cleanup(&r);
	call(&OFF, "POST", "/api/v1/veto-rules",
	     "{'code':'t6','name':'x','kind':'sanction_tier','params':{'tiers':[3,3]},'basis':'b'}",
	     400, &r);
	assert_string_equal(jstr(r.json, "error.field"), "params");
	assert_string_equal(jstr(r.json, "error.message"), "params.tiers[1] repeats tier 3");
	assert_string_equal(jstr(r.json, "error.message_zh"), "params.tiers[1] 重复了处理等级3");
	api_resp_cleanup(&r);
	call(&OFF, "POST", "/api/v1/veto-rules",
	     "{'code':'tier53','name':'两年内受到经济处理或移送司法','kind':'sanction_tier',"
	     "'params':{'tiers':[5,3]},'basis':'区委规定','active':false}",
	     201, &r);
	assert_int_equal(json_integer_value(jat(r.json, "params.tiers.0")), 3);
	assert_int_equal(json_integer_value(jat(r.json, "params.tiers.1")), 5);
	assert_int_equal(json_integer_value(jat(r.json, "params.months")), 24);
	api_resp_cleanup(&r);
	expect(&OFF, "POST", "/api/v1/veto-rules",
	       "{'code':'t5','name':'x','kind':'x','basis':'b','extra':1}", 400, "invalid");
	call(&OFF, "PATCH", "/api/v1/veto-rules/tier3", "{'active':true,'basis':'区委文件'}", 200,
	     &r);
	assert_true(json_is_true(jat(r.json, "active")));
	assert_string_equal(jstr(r.json, "basis"), "区委文件");
	api_resp_cleanup(&r);
	call(&OFF, "PATCH", "/api/v1/veto-rules/tier3", "{'active':false}", 200, &r);
	api_resp_cleanup(&r);
	expect(&OFF, "PATCH", "/api/v1/veto-rules/nope", "{'active':false}", 404, "not_found");
}

static void test_settings(void **state)
{
	struct api_resp r;
	call(&INSP, "GET", "/api/v1/nomination-settings", NULL, 200, &r);
	assert_int_equal(json_integer_value(jat(r.json, "liability_months")), 24);
	api_resp_cleanup(&r);
	expect(&INSP, "PATCH", "/api/v1/nomination-settings", "{'liability_months':12}", 403,
	       "forbidden");
	expect(&SYS, "GET", "/api/v1/nomination-settings", NULL, 403, "forbidden");
	expect(&OFF, "PATCH", "/api/v1/nomination-settings", "{'liability_months':'12'}", 400,
	       "invalid");
	expect(&OFF, "PATCH", "/api/v1/nomination-settings", "{'liability_months':0}", 400,
	       "invalid");
	expect(&OFF, "PATCH", "/api/v1/nomination-settings", "{'months':12}", 400, "invalid");
	call(&OFF, "PATCH", "/api/v1/nomination-settings", "{'liability_months':30}", 200, &r);
	assert_int_equal(json_integer_value(jat(r.json, "liability_months")), 30);
	api_resp_cleanup(&r);
	call(&OFF, "PATCH", "/api/v1/nomination-settings", "{'liability_months':24}", 200, &r);
	api_resp_cleanup(&r);
}

static void test_nomination_flow(void **state)
{
	struct api_resp r;
	char path[128];
	/* Who may nominate: the office only. */
	const char *body = "{'person':'C1','proposed_post':'副镇长','proposed_rank':'副科',"
			   "'nominating_unit':'T1','nominated_on':'2026-03-01'}";
	struct client *refused[] = {&INSP, &M1, &VIEW, &SYS, &SEC, &AUD, &SUP};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		expect(refused[i], "POST", "/api/v1/nominations", body, 403, "forbidden");
	call(&OFF, "POST", "/api/v1/nominations",
	     "{'person':'C1','proposed_post':'副镇长','proposed_rank':'处长',"
	     "'nominating_unit':'T1','nominated_on':'2026-03-01'}",
	     400, &r);
	assert_string_equal(jstr(r.json, "error.field"), "proposed_rank");
	api_resp_cleanup(&r);
	call(&OFF, "POST", "/api/v1/nominations", body, 201, &r);
	int64_t id = json_integer_value(jat(r.json, "id"));
	assert_string_equal(jstr(r.json, "supervisor.code"), "M1");
	assert_string_equal(jstr(r.json, "state"), "pending");
	api_resp_cleanup(&r);
	snprintf(path, sizeof path, "/api/v1/nominations/%lld", (long long)id);

	/* Who sees it: office, inspector, T1's accounts; not T2's, not the administrators. */
	expect(&INSP, "GET", path, NULL, 200, NULL);
	expect(&STAFF, "GET", path, NULL, 200, NULL);
	expect(&T2L, "GET", path, NULL, 403, "forbidden");
	expect(&SYS, "GET", path, NULL, 403, "forbidden");
	expect(&AUD, "GET", path, NULL, 403, "forbidden");
	expect(&SUP, "GET", path, NULL, 403, "forbidden");
	expect(&VIEW, "GET", path, NULL, 403, "forbidden");
	expect(&OFF, "GET", "/api/v1/nominations/999", NULL, 404, "not_found");
	expect(&OFF, "GET", "/api/v1/nominations/abc", NULL, 404, "not_found");
	call(&T2L, "GET", "/api/v1/nominations", NULL, 200, &r);
	assert_int_equal(json_array_size(jat(r.json, "items")), 0);
	api_resp_cleanup(&r);
	call(&M1, "GET", "/api/v1/nominations?state=pending", NULL, 200, &r);
	assert_int_equal(json_array_size(jat(r.json, "items")), 1);
	api_resp_cleanup(&r);
	expect(&OFF, "GET", "/api/v1/nominations?state=odd", NULL, 400, "invalid");

	/* Vetting waits for the assessment; only the inspector assesses and vets. */
	char sub[160];
	snprintf(sub, sizeof sub, "%s/vet", path);
	call(&INSP, "POST", sub, NULL, 409, &r);
	assert_string_equal(jstr(r.json, "error.field"), "assessment");
	api_resp_cleanup(&r);
	expect(&OFF, "POST", sub, NULL, 403, "forbidden");
	snprintf(sub, sizeof sub, "%s/assessment", path);
	expect(&OFF, "PUT", sub, "{'grade':'好','text':'态度端正'}", 403, "forbidden");
	expect(&INSP, "PUT", sub, "{'grade':'优','text':'态度端正'}", 400, "invalid");
	call(&INSP, "PUT", sub, "{'grade':'好','text':'抓作风建设态度坚决，本人作风扎实'}", 200,
	     &r);
	assert_string_equal(jstr(r.json, "assessment.grade"), "好");
	api_resp_cleanup(&r);
	snprintf(sub, sizeof sub, "%s/vet", path);
	call(&INSP, "POST", sub, "{'as_of':'2026-03-05'}", 200, &r);
	assert_string_equal(jstr(r.json, "outcome"), "cleared");
	api_resp_cleanup(&r);

	/* The signature: only M1's account. */
	snprintf(sub, sizeof sub, "%s/sign", path);
	const char *sign = "{'text':'同意推荐','signed_on':'2026-03-10'}";
	expect(&A1, "POST", sub, sign, 403, "forbidden");
	expect(&OFF, "POST", sub, sign, 403, "forbidden");
	expect(&T2L, "POST", sub, sign, 403, "forbidden");
	expect(&SYS, "POST", sub, sign, 403, "forbidden");
	call(&M1, "POST", sub, sign, 200, &r);
	assert_string_equal(jstr(r.json, "state"), "signed");
	assert_string_equal(jstr(r.json, "signature.liability_until"), "2028-03-09");
	api_resp_cleanup(&r);
	expect(&M1, "POST", sub, sign, 409, "conflict");
	int64_t denied = -1;
	struct zf_err err;
	store_query_int(A.db, &err, &denied,
			"SELECT count(*) FROM audit_log WHERE entity = 'nomination' AND action ="
			" 'sign' AND result = 'denied'",
			"");
	/* A1, the office and T2's leader; the sysadmin is refused by the router already. */
	assert_int_equal(denied, 3);

	/* A sanction within the period: the scan flags M1, once. */
	sql("INSERT INTO sanctions(measure_id, person_id, unit_id, decided_on, basis, decided_by,"
	    " created_at) SELECT m.id, p.id, p.unit_id, '2026-06-01', '处理决定',"
	    " (SELECT id FROM users WHERE username = 'insp1'), 'x'"
	    " FROM sanction_measures m, people p WHERE m.code = 'criticism' AND p.code = 'C1'");
	expect(&M1, "POST", "/api/v1/liability-flags/scan", NULL, 403, "forbidden");
	expect(&INSP, "POST", "/api/v1/liability-flags/scan", "{'as_of':'2026-02-31'}", 400,
	       "invalid");
	call(&INSP, "POST", "/api/v1/liability-flags/scan", "{'as_of':'2026-12-31'}", 200, &r);
	assert_int_equal(json_integer_value(jat(r.json, "created")), 1);
	api_resp_cleanup(&r);
	call(&OFF, "POST", "/api/v1/liability-flags/scan", "{'as_of':'2026-12-31'}", 200, &r);
	assert_int_equal(json_integer_value(jat(r.json, "created")), 0);
	api_resp_cleanup(&r);
	call(&INSP, "GET", "/api/v1/liability-flags?signer=M1", NULL, 200, &r);
	assert_int_equal(json_array_size(jat(r.json, "items")), 1);
	assert_string_equal(jstr(r.json, "items.0.cadre.code"), "C1");
	assert_string_equal(jstr(r.json, "items.0.record.measure_code"), "criticism");
	api_resp_cleanup(&r);
	expect(&M1, "GET", "/api/v1/liability-flags", NULL, 403, "forbidden");
	expect(&VIEW, "GET", "/api/v1/liability-flags", NULL, 403, "forbidden");
	expect(&AUD, "GET", "/api/v1/liability-flags", NULL, 403, "forbidden");
	expect(&INSP, "GET", "/api/v1/liability-flags?signer=NOBODY", NULL, 400, "invalid");
}

static void test_vetoed_nomination(void **state)
{
	struct api_resp r;
	char path[128];
	call(&OFF, "POST", "/api/v1/nominations",
	     "{'person':'C2','proposed_post':'副镇长','proposed_rank':'副科',"
	     "'nominating_unit':'T1','nominated_on':'2026-03-01','supervisor':'A1'}",
	     201, &r);
	int64_t id = json_integer_value(jat(r.json, "id"));
	assert_string_equal(jstr(r.json, "supervisor.code"), "A1");
	assert_true(jat(r.json, "record.sanctions.0.ban_active") == json_true());
	api_resp_cleanup(&r);
	snprintf(path, sizeof path, "/api/v1/nominations/%lld/assessment", (long long)id);
	call(&INSP, "PUT", path, "{'grade':'一般','text':'一般'}", 200, &r);
	api_resp_cleanup(&r);
	snprintf(path, sizeof path, "/api/v1/nominations/%lld/vet", (long long)id);
	call(&INSP, "POST", path, "{'as_of':'2026-03-05'}", 200, &r);
	assert_string_equal(jstr(r.json, "outcome"), "vetoed");
	assert_string_equal(jstr(r.json, "reasons.0.rule"), "promotion_ban");
	assert_string_equal(jstr(r.json, "reasons.1.rule"), "veto_case_3y");
	assert_string_equal(jstr(r.json, "reasons.1.records.0.case_no"), "ZF-1");
	assert_true(strlen(jstr(r.json, "reasons.1.basis")) > 10);
	api_resp_cleanup(&r);
	snprintf(path, sizeof path, "/api/v1/nominations/%lld/sign", (long long)id);
	expect(&A1, "POST", path, "{'text':'同意'}", 409, "conflict");
}

static void test_reports(void **state)
{
	struct api_resp r;
	call(&OFF, "GET", "/api/v1/units/T1/responsibility-report?from=2026-01-01&to=2026-12-31",
	     NULL, 200, &r);
	assert_string_equal(jstr(r.json, "main_leader.person.code"), "M1");
	assert_string_equal(jstr(r.json, "cases.0.case_no"), "ZF-1");
	assert_string_equal(jstr(r.json, "cases.0.answerable.code"), "M1");
	api_resp_cleanup(&r);
	/* Default period: this year to today. */
	call(&M1, "GET", "/api/v1/units/T1/responsibility-report", NULL, 200, &r);
	assert_string_equal(jstr(r.json, "period.to") + 4, jstr(r.json, "period.to") + 4);
	assert_int_equal(strncmp(jstr(r.json, "period.from") + 4, "-01-01", 6), 0);
	api_resp_cleanup(&r);
	expect(&M1, "GET", "/api/v1/units/T2/responsibility-report", NULL, 403, "forbidden");
	expect(&STAFF, "GET", "/api/v1/units/T2/responsibility-report", NULL, 403, "forbidden");
	expect(&SYS, "GET", "/api/v1/units/T1/responsibility-report", NULL, 403, "forbidden");
	expect(&SEC, "GET", "/api/v1/units/T1/responsibility-report", NULL, 403, "forbidden");
	expect(&AUD, "GET", "/api/v1/units/T1/responsibility-report", NULL, 403, "forbidden");
	expect(&SUP, "GET", "/api/v1/units/T1/responsibility-report", NULL, 403, "forbidden");
	expect(&OFF, "GET", "/api/v1/units/T9/responsibility-report", NULL, 404, "not_found");
	call(&OFF, "GET", "/api/v1/units/T1/responsibility-report?from=2026-06-01&to=2026-01-01",
	     NULL, 400, &r);
	assert_string_equal(jstr(r.json, "error.field"), "to");
	api_resp_cleanup(&r);
	/* CSV: the cases with the leader who answers for each. */
	call(&M1, "GET",
	     "/api/v1/units/T1/responsibility-report?from=2026-01-01&to=2026-12-31&format=csv",
	     NULL, 200, &r);
	char hdr[256];
	api_header(&r, "Content-Type", hdr, sizeof hdr);
	assert_non_null(strstr(hdr, "text/csv"));
	api_header(&r, "Content-Disposition", hdr, sizeof hdr);
	assert_non_null(strstr(hdr, "responsibility-T1-2026-01-01-2026-12-31.csv"));
	assert_memory_equal(r.body, "\xEF\xBB\xBF单位编码,单位,案件编号",
			    strlen("\xEF\xBB\xBF单位编码,单位,案件编号"));
	assert_non_null(strstr(r.body, "\r\nT1,东城镇,ZF-1,投诉热线,公款吃喝,公款吃喝,2026-01-05,"
				       "属实,2026-02-01,C2,M1,第一责任人\r\n"));
	api_resp_cleanup(&r);
	/* XLSX: the same rows in a workbook */
	call(&M1, "GET",
	     "/api/v1/units/T1/responsibility-report?from=2026-01-01&to=2026-12-31&format=xlsx",
	     NULL, 200, &r);
	api_header(&r, "Content-Type", hdr, sizeof hdr);
	assert_string_equal(hdr,
			    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
	api_header(&r, "Content-Disposition", hdr, sizeof hdr);
	assert_non_null(strstr(hdr, "responsibility-T1-2026-01-01-2026-12-31.xlsx"));
	assert_true(r.len > 1000 && !memcmp(r.body, "PK\x03\x04", 4));
	/* its text, read back from the workbook's shared strings */
	char path[] = "/tmp/zf-respons-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, r.body, r.len), (ssize_t)r.len);
	close(fd);
	char cmd[256], text[8192] = "";
	snprintf(cmd, sizeof cmd,
		 "python3 -c \"import zipfile,sys; "
		 "print(zipfile.ZipFile(sys.argv[1]).read('xl/sharedStrings.xml').decode())\" %s",
		 path);
	FILE *p = popen(cmd, "r");
	assert_non_null(p);
	size_t got = fread(text, 1, sizeof text - 1, p);
	text[got] = 0;
	pclose(p);
	unlink(path);
	static const char *const want[] = {"作风建设责任报告（2026-01-01 至 2026-12-31）",
					   "责任领导",
					   "认定依据",
					   "ZF-1",
					   "公款吃喝",
					   "第一责任人"};
	for (size_t i = 0; i < sizeof want / sizeof *want; i++)
		if (!strstr(text, want[i]))
			fail_msg("'%s' not in the workbook: %.400s", want[i], text);
	api_resp_cleanup(&r);
	call(&OFF, "GET", "/api/v1/people/M1/responsibility-report?format=xlsx", NULL, 200, &r);
	assert_true(r.len > 1000 && !memcmp(r.body, "PK\x03\x04", 4));
	api_resp_cleanup(&r);
	call(&OFF, "GET", "/api/v1/people/M1/responsibility-report?format=xml", NULL, 400, &r);
	assert_string_equal(jstr(r.json, "error.field"), "format");
	api_resp_cleanup(&r);
	call(&OFF, "GET", "/api/v1/units/T1/responsibility-report?from=x", NULL, 400, &r);
	assert_string_equal(jstr(r.json, "error.field"), "from");
	api_resp_cleanup(&r);

	call(&VIEW, "GET", "/api/v1/people/M1/responsibility-report?from=2026-01-01&to=2026-12-31",
	     NULL, 200, &r);
	assert_string_equal(jstr(r.json, "person.code"), "M1");
	assert_string_equal(jstr(r.json, "cases.0.as"), "main");
	api_resp_cleanup(&r);
	expect(&STAFF, "GET", "/api/v1/people/A1/responsibility-report", NULL, 200, NULL);
	expect(&T2L, "GET", "/api/v1/people/A1/responsibility-report", NULL, 403, "forbidden");
	expect(&AUD, "GET", "/api/v1/people/A1/responsibility-report", NULL, 403, "forbidden");
	expect(&OFF, "GET", "/api/v1/people/NOBODY/responsibility-report", NULL, 404, "not_found");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_veto_rules),	    cmocka_unit_test(test_settings),
	    cmocka_unit_test(test_nomination_flow), cmocka_unit_test(test_vetoed_nomination),
	    cmocka_unit_test(test_reports),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
