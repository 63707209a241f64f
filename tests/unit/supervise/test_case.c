/* test_case.c: supervision cases at the domain layer: intake and its checks, routing along
 * the responsibility chain, who sees what (X2), every workflow transition and the
 * forbidden ones, returns and extensions, follow-up and reopening, reminders and
 * escalation, duplicates, the figures, the public status and the hotline import. */
#include "case_fixture.h"

#include "audit/audit.h"
#include "supervise/case_impl.h"

static struct store *S;
static char P[256];

static int setup(void **state)
{
	S = test_db(P);
	case_fx_org(S);
	return 0;
}

static int teardown(void **state)
{
	test_db_drop(S, P);
	time_set_fake(0);
	return 0;
}

static int64_t uid(const char *code)
{
	int64_t id = 0;
	bool active;
	struct zf_err err;
	assert_int_equal(org_unit_find(S, code, &id, &active, &err), 0);
	return id;
}

static struct case_viewer office(void)
{
	return (struct case_viewer){ROLE_OFFICE, 0, 0};
}
static struct case_viewer inspector(void)
{
	return (struct case_viewer){ROLE_INSPECTOR, 0, 0};
}
static struct case_viewer leader(const char *unit)
{
	return (struct case_viewer){ROLE_UNIT_LEADER, uid(unit), 0};
}

/* Applies an action and returns its result code; err gets the error. */
static int act(const char *no, const char *action, struct case_viewer v, const char *on,
	       const char *text, int flag, struct zf_err *err)
{
	struct actor who = test_actor(v.role_bit == ROLE_OFFICE ? "office" : "someone");
	struct case_action a = {.action = action,
				.on = on,
				.text = text,
				.approve = flag,
				.satisfied = flag,
				.days = flag};
	zf_err_clear(err);
	return case_act(S, no, &a, &who, &v, err);
}

static void ok(const char *no, const char *action, struct case_viewer v, const char *on,
	       const char *text, int flag)
{
	struct zf_err err;
	if (act(no, action, v, on, text, flag, &err) < 0)
		fail_msg("%s %s: %s (%s)", action, no, err.msg, err.field);
}

static json_t *get(const char *no, struct case_viewer v)
{
	struct zf_err err;
	json_t *j = NULL;
	if (case_get_json(S, no, &v, &j, &err) < 0)
		fail_msg("get %s: %s", no, err.msg);
	return j;
}

static const char *jpath(json_t *j, const char *a, const char *b)
{
	json_t *v = json_object_get(j, a);
	if (b)
		v = json_object_get(v, b);
	return json_string_value(v);
}

static bool dump_has(json_t *j, const char *needle)
{
	char *s = json_dumps(j, 0);
	bool has = strstr(s, needle) != NULL;
	free(s);
	return has;
}

/* ---- intake ---- */

static void test_intake_and_routing(void **state)
{
	char no[CASE_NO_MAX], code[CASE_QUERY_CODE_MAX];
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-26", no, code);
	assert_string_equal(no, "ZF-2026-000001");
	assert_int_equal(strlen(code), 32); /* 26 base32 characters in groups of four */
	json_t *j = get(no, office());
	assert_string_equal(jpath(j, "state", NULL), "received");
	assert_false(json_is_true(json_object_get(j, "anonymous")));
	/* the category's name is an area of the deputy (一岗双责) */
	assert_string_equal(jpath(json_object_get(j, "proposed"), "leader", "code"), "P_T01D");
	assert_string_equal(jpath(json_object_get(j, "proposed"), "unit", "code"), "T01");
	json_decref(j);
	/* no area matches: the main leader (第一责任人) */
	case_fx_case(S, "T01", "dining", "公款吃喝", "2026-10-26", no, NULL);
	assert_string_equal(no, "ZF-2026-000002");
	j = get(no, office());
	assert_string_equal(jpath(json_object_get(j, "proposed"), "leader", "code"), "P_T01");
	json_decref(j);
	int64_t n = 0;
	struct zf_err err;
	store_query_int(S, &err, &n, "SELECT COUNT(*) FROM complainants", "");
	assert_int_equal(n, 2);
}

static void bad_intake(struct case_new in, const char *field)
{
	struct actor who = test_actor("office");
	struct zf_err err;
	char no[CASE_NO_MAX];
	int64_t before = 0, after = 0;
	store_query_int(S, &err, &before, "SELECT COUNT(*) FROM cases", "");
	zf_err_clear(&err);
	assert_int_equal(case_create(S, &in, &who, no, NULL, &err), ZF_EINVAL);
	assert_string_equal(err.field, field);
	store_query_int(S, &err, &after, "SELECT COUNT(*) FROM cases", "");
	assert_int_equal(before, after);
}

static void test_intake_checks(void **state)
{
	struct case_new good = {
	    .channel = "hotline", .subject = "s", .content = "c", .unit = "T01"};
	struct case_new in = good;
	in.channel = "fax";
	bad_intake(in, "channel");
	in = good;
	in.subject = "  ";
	bad_intake(in, "subject");
	in = good;
	in.content = NULL;
	bad_intake(in, "content");
	in = good;
	in.unit = "T99";
	bad_intake(in, "unit");
	in = good;
	in.category = "nonsense";
	bad_intake(in, "category");
	in = good;
	in.person = "P_T02"; /* not of the unit concerned */
	bad_intake(in, "person");
	in = good;
	in.complainant_name = "李四";
	bad_intake(in, "phone");
	in.complainant_phone = "12345";
	bad_intake(in, "phone");
	in.complainant_phone = "139-1234-5678";
	in.complainant_id_no = "110105194912310021"; /* check digit wrong */
	bad_intake(in, "id_no");
	in = good;
	in.complainant_phone = "13912345678"; /* a phone without a name */
	bad_intake(in, "name");
	in = good;
	in.received_on = "2026-11-03"; /* tomorrow */
	bad_intake(in, "received_on");
	in.received_on = "2026/10/01";
	bad_intake(in, "received_on");
	/* fixed lines and +86 are fine, anonymous is fine */
	struct actor who = test_actor("office");
	struct zf_err err;
	char no[CASE_NO_MAX];
	in = good;
	in.complainant_name = "王五";
	in.complainant_phone = "0795-3456789";
	assert_int_equal(case_create(S, &in, &who, no, NULL, &err), 0);
	in.complainant_phone = "+86 139 1234 5678";
	in.complainant_id_no = "11010519491231002X";
	assert_int_equal(case_create(S, &in, &who, no, NULL, &err), 0);
	assert_int_equal(case_create(S, &good, &who, no, NULL, &err), 0);
	json_t *j = get(no, inspector());
	assert_true(json_is_true(json_object_get(j, "anonymous")));
	assert_true(json_is_null(json_object_get(j, "complainant")));
	json_decref(j);
}

/* ---- privacy (X2) ---- */

static void test_privacy(void **state)
{
	char no[CASE_NO_MAX], sup_no[CASE_NO_MAX];
	struct zf_err err;
	json_t *j;
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-26", no, NULL);
	/* office: the case, never the complainant */
	j = get(no, office());
	assert_null(json_object_get(j, "complainant"));
	assert_false(dump_has(j, "张三丰"));
	assert_false(dump_has(j, "13912345678"));
	json_decref(j);
	/* the unit concerned and its leaders: the same */
	j = get(no, leader("T01"));
	assert_null(json_object_get(j, "complainant"));
	assert_false(dump_has(j, "张三丰"));
	json_decref(j);
	/* inspectors: the complainant */
	j = get(no, inspector());
	assert_string_equal(jpath(j, "complainant", "name"), "张三丰");
	assert_string_equal(jpath(j, "complainant", "phone"), "13912345678");
	json_decref(j);
	/* another unit: not even the case */
	struct case_viewer t02 = leader("T02");
	assert_int_equal(case_get_json(S, no, &t02, &j, &err), ZF_ENOTFOUND);
	/* the viewer role and administrators: nothing */
	struct case_viewer viewer = {ROLE_VIEWER, 0, 0}, sysadmin = {ROLE_SYSADMIN, 0, 0};
	assert_int_equal(case_get_json(S, no, &viewer, &j, &err), ZF_ENOTFOUND);
	assert_int_equal(case_get_json(S, no, &sysadmin, &j, &err), ZF_ENOTFOUND);
	/* a supervisor sees what it filed */
	struct actor sup = test_actor("sup");
	struct auth_user_new u = {.username = "sup",
				  .role = "supervisor",
				  .unit_code = "D01",
				  .password = "Zq7-Wharf!x9"};
	if (auth_user_add(S, &sup, &u, &err) < 0)
		fail_msg("user: %s (%s)", err.msg, err.field);
	assert_int_equal(store_query_int(S, &err, &sup.user_id,
					 "SELECT id FROM users WHERE username = ?", "t", "sup"),
			 0);
	struct case_new in = {.channel = "supervisor",
			      .subject = "服务站反映",
			      .content = "c",
			      .unit = "D01",
			      .complainant_name = "赵六",
			      .complainant_phone = "13700001111"};
	assert_int_equal(case_create(S, &in, &sup, sup_no, NULL, &err), 0);
	struct case_viewer sv = {ROLE_SUPERVISOR, uid("D01"), sup.user_id},
			   other = {ROLE_SUPERVISOR, uid("D01"), sup.user_id + 1};
	j = get(sup_no, sv);
	assert_null(json_object_get(j, "complainant"));
	json_decref(j);
	assert_int_equal(case_get_json(S, no, &sv, &j, &err), ZF_ENOTFOUND);
	assert_int_equal(case_get_json(S, sup_no, &other, &j, &err), ZF_ENOTFOUND);

	/* lists */
	struct case_filter f = {0};
	struct case_viewer vs[] = {office(), leader("T01"), leader("T02"), inspector(), sv, viewer};
	size_t expect[] = {2, 1, 0, 2, 1, 0};
	for (size_t i = 0; i < 6; i++) {
		assert_int_equal(case_list(S, &f, &vs[i], 0, 100, &j, &err), 0);
		assert_int_equal(json_array_size(j), expect[i]);
		assert_int_equal(dump_has(j, "13912345678"), vs[i].role_bit == ROLE_INSPECTOR);
		assert_int_equal(dump_has(j, "张三丰"), vs[i].role_bit == ROLE_INSPECTOR);
		json_decref(j);
	}
	/* exports */
	char *csv;
	size_t len;
	struct case_viewer o = office(), in2 = inspector();
	assert_int_equal(case_export_csv(S, &f, &o, &csv, &len, &err), 0);
	assert_null(strstr(csv, "13912345678"));
	assert_null(strstr(csv, "诉求人"));
	assert_non_null(strstr(csv, no));
	free(csv);
	assert_int_equal(case_export_csv(S, &f, &in2, &csv, &len, &err), 0);
	assert_non_null(strstr(csv, "13912345678"));
	assert_non_null(strstr(csv, "诉求人"));
	free(csv);
	/* the timeline and the audit log, even for an inspector */
	ok(no, "assign", office(), "2026-10-26", NULL, 0);
	assert_int_equal(case_timeline(S, no, &in2, &j, &err), 0);
	assert_true(json_array_size(j) >= 2);
	assert_false(dump_has(j, "张三丰"));
	assert_false(dump_has(j, "13912345678"));
	json_decref(j);
	assert_int_equal(case_timeline(S, no, &t02, &j, &err), ZF_ENOTFOUND);
	assert_int_equal(audit_list(S, 0, false, 1000, NULL, &j, &err), 0);
	assert_true(json_array_size(j) > 0);
	assert_true(dump_has(j, no));
	assert_false(dump_has(j, "张三丰"));
	assert_false(dump_has(j, "13912345678"));
	assert_false(dump_has(j, "赵六"));
	json_decref(j);
}

/* The XLSX export: the shared strings of the workbook (read with python3's zipfile) hold
 * the complainant for an inspector only. */
static char *xlsx_strings(const struct case_viewer *v)
{
	struct zf_err err;
	struct case_filter f = {0};
	char x[300], txt[320], cmd[1024];
	snprintf(x, sizeof x, "%s.xlsx", P);
	snprintf(txt, sizeof txt, "%s.txt", P);
	if (case_export_xlsx(S, &f, v, x, &err) < 0)
		fail_msg("xlsx: %s", err.msg);
	snprintf(cmd, sizeof cmd,
		 "python3 -c \"import zipfile,sys; "
		 "z=zipfile.ZipFile(sys.argv[1]); "
		 "open(sys.argv[2],'wb').write(z.read('xl/sharedStrings.xml'))\" '%s' '%s'",
		 x, txt);
	assert_int_equal(system(cmd), 0);
	size_t n;
	char *s = file_read_all(txt, &n);
	assert_non_null(s);
	unlink(x);
	unlink(txt);
	return s;
}

static void test_export_xlsx(void **state)
{
	char no[CASE_NO_MAX];
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-26", no, NULL);
	struct case_viewer o = office(), in = inspector();
	char *s = xlsx_strings(&o);
	assert_non_null(strstr(s, no));
	assert_non_null(strstr(s, "案件编号"));
	assert_null(strstr(s, "13912345678"));
	assert_null(strstr(s, "诉求人"));
	free(s);
	s = xlsx_strings(&in);
	assert_non_null(strstr(s, "13912345678"));
	assert_non_null(strstr(s, "张三丰"));
	free(s);
}

/* ---- the workflow ---- */

static void test_happy_path(void **state)
{
	char no[CASE_NO_MAX], code[CASE_QUERY_CODE_MAX];
	struct zf_err err;
	json_t *j;
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-26", no, code);
	ok(no, "assign", office(), "2026-10-26", "请于期限内办结", 0);
	j = get(no, office());
	assert_string_equal(jpath(j, "state", NULL), "assigned");
	assert_string_equal(jpath(j, "handling_unit", "code"), "T01");
	assert_string_equal(jpath(j, "handling_leader", "code"), "P_T01D");
	assert_string_equal(jpath(j, "sign_due", NULL), "2026-10-27");
	assert_string_equal(jpath(j, "due", NULL), "2026-11-09");
	json_decref(j);
	ok(no, "sign", leader("T01"), "2026-10-27", NULL, 0);
	ok(no, "handle", leader("T01"), "2026-10-27", NULL, 0);
	/* the public sees no reply before there is one */
	assert_int_equal(case_public_status(S, code, &j, &err), 0);
	assert_string_equal(jpath(j, "state", NULL), "handling");
	assert_true(json_is_null(json_object_get(j, "reply")));
	json_decref(j);
	ok(no, "reply", leader("T01"), "2026-10-30", "已约谈窗口负责人并整改。", 0);
	ok(no, "follow_up", inspector(), "2026-10-31", "电话回访满意", 1);
	ok(no, "close", office(), "2026-11-02", NULL, 0);
	j = get(no, office());
	assert_string_equal(jpath(j, "state", NULL), "closed");
	assert_string_equal(jpath(j, "closed_on", NULL), "2026-11-02");
	assert_true(json_is_true(json_object_get(j, "satisfied")));
	json_decref(j);
	struct case_viewer o = office();
	assert_int_equal(case_timeline(S, no, &o, &j, &err), 0);
	const char *kinds[] = {"create", "assign", "sign", "handle", "reply", "follow_up", "close"};
	assert_int_equal(json_array_size(j), 7);
	for (size_t i = 0; i < 7; i++)
		assert_string_equal(jpath(json_array_get(j, i), "kind", NULL), kinds[i]);
	assert_string_equal(jpath(json_array_get(j, 2), "on", NULL), "2026-10-27");
	json_decref(j);
	/* the public: the reply, dates and state; nothing internal */
	assert_int_equal(case_public_status(S, code, &j, &err), 0);
	assert_string_equal(jpath(j, "reply", NULL), "已约谈窗口负责人并整改。");
	assert_string_equal(jpath(j, "state", NULL), "closed");
	assert_null(json_object_get(j, "handling_unit"));
	assert_null(json_object_get(j, "content"));
	assert_false(dump_has(j, "张三丰"));
	assert_false(dump_has(j, "P_T01D"));
	json_decref(j);
	/* the code may be typed in lower case, without dashes */
	char typed[CASE_QUERY_CODE_MAX];
	size_t k = 0;
	for (const char *p = code; *p; p++)
		if (*p != '-')
			typed[k++] = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	typed[k] = '\0';
	assert_int_equal(case_public_status(S, typed, &j, &err), 0);
	json_decref(j);
	assert_int_equal(case_public_status(S, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GG", &j, &err),
			 ZF_ENOTFOUND);
	assert_int_equal(case_public_status(S, "x", &j, &err), ZF_ENOTFOUND);
}

static void expect(const char *no, const char *action, struct case_viewer v, const char *on,
		   const char *text, int flag, int code, const char *needle)
{
	struct zf_err err;
	int rc = act(no, action, v, on, text, flag, &err);
	if (rc != code)
		fail_msg("%s: got %d (%s), expected %d", action, rc, err.msg, code);
	if (needle && !strstr(err.msg, needle) && strcmp(err.field, needle))
		fail_msg("%s: '%s' / '%s' does not name %s", action, err.msg, err.field, needle);
}

static void test_forbidden_transitions(void **state)
{
	char no[CASE_NO_MAX];
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-26", no, NULL);
	struct case_viewer t01 = leader("T01"), t02 = leader("T02");
	struct case_viewer staff = {ROLE_UNIT_STAFF, uid("T01"), 0};
	/* received */
	expect(no, "sign", t01, NULL, NULL, 0, ZF_EFORBIDDEN, NULL); /* not assigned to T01 yet */
	expect(no, "assign", t01, NULL, NULL, 0, ZF_EFORBIDDEN, NULL);
	expect(no, "assign", inspector(), NULL, NULL, 0, ZF_EFORBIDDEN, NULL);
	expect(no, "reply", office(), NULL, "x", 0, ZF_EFORBIDDEN, NULL);
	expect(no, "follow_up", office(), NULL, NULL, 1, ZF_ECONFLICT, "received");
	expect(no, "close", office(), NULL, NULL, 0, ZF_EINVAL, "text"); /* needs a reason */
	expect(no, "dance", office(), NULL, NULL, 0, ZF_EINVAL, "action");
	expect(no, "assign", office(), "2026-10-25", NULL, 0, ZF_EINVAL, "on"); /* before receipt */
	expect(no, "assign", office(), "2026-11-03", NULL, 0, ZF_EINVAL, "on"); /* future */
	/* assigned to T02 although T01 is concerned: T01 sees it but may not act */
	struct actor who = test_actor("office");
	struct case_viewer o = office();
	struct zf_err err;
	struct case_action a = {
	    .action = "assign", .unit = "T02", .on = "2026-10-26", .approve = -1, .satisfied = -1};
	assert_int_equal(case_act(S, no, &a, &who, &o, &err), 0);
	json_t *j = get(no, o);
	assert_string_equal(jpath(j, "handling_leader", "code"), "P_T02"); /* T02's chain */
	json_decref(j);
	expect(no, "assign", office(), NULL, NULL, 0, ZF_ECONFLICT, "assigned");
	expect(no, "sign", t01, NULL, NULL, 0, ZF_EFORBIDDEN, NULL);
	expect(no, "sign", staff, NULL, NULL, 0, ZF_EFORBIDDEN, NULL);
	expect(no, "sign", office(), NULL, NULL, 0, ZF_EFORBIDDEN, NULL);
	expect(no, "handle", t02, NULL, NULL, 0, ZF_ECONFLICT, "assigned");
	expect(no, "reply", t02, NULL, "x", 0, ZF_ECONFLICT, "assigned");
	expect(no, "close", office(), NULL, NULL, 0, ZF_ECONFLICT, "assigned");
	ok(no, "sign", t02, NULL, NULL, 0);
	expect(no, "sign", t02, NULL, NULL, 0, ZF_ECONFLICT, "signed");
	expect(no, "reply", t02, NULL, "x", 0, ZF_ECONFLICT, "signed");
	ok(no, "handle", t02, NULL, NULL, 0);
	expect(no, "reply", t02, NULL, NULL, 0, ZF_EINVAL, "text");
	expect(no, "follow_up", office(), NULL, NULL, 1, ZF_ECONFLICT, "handling");
	ok(no, "reply", t02, NULL, "已处理", 0);
	expect(no, "follow_up", t02, NULL, NULL, 1, ZF_EFORBIDDEN, NULL);
	expect(no, "follow_up", office(), NULL, NULL, -1, ZF_EINVAL, "satisfied");
	expect(no, "close", office(), NULL, NULL, 0, ZF_ECONFLICT, "replied");
	expect(no, "return", t02, NULL, "x", 0, ZF_ECONFLICT, "replied");
	ok(no, "follow_up", office(), NULL, NULL, 1);
	expect(no, "close", inspector(), NULL, NULL, 0, ZF_EFORBIDDEN, NULL);
	ok(no, "close", office(), NULL, NULL, 0);
	expect(no, "close", office(), NULL, NULL, 0, ZF_ECONFLICT, "closed");
	expect(no, "assign", office(), NULL, NULL, 0, ZF_ECONFLICT, "closed");
	/* an unknown case */
	expect("ZF-2026-999999", "assign", office(), NULL, NULL, 0, ZF_ENOTFOUND, NULL);
	/* a received case closed as not admissible, with a reason */
	case_fx_case(S, "D01", "other", "建议", "2026-10-26", no, NULL);
	ok(no, "close", office(), NULL, "不属于受理范围", 0);
}

static void test_return_and_extension(void **state)
{
	char no[CASE_NO_MAX];
	json_t *j;
	struct case_viewer t01 = leader("T01");
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-26", no, NULL);
	ok(no, "assign", office(), "2026-10-26", NULL, 0);
	ok(no, "sign", t01, "2026-10-26", NULL, 0);
	expect(no, "return", t01, NULL, NULL, 0, ZF_EINVAL, "text");
	ok(no, "return", t01, "2026-10-27", "不属于本单位职责", 0);
	j = get(no, office());
	assert_string_equal(jpath(j, "state", NULL), "received");
	assert_true(json_is_null(json_object_get(j, "handling_unit")));
	assert_true(json_is_null(json_object_get(j, "due")));
	json_decref(j);
	ok(no, "assign", office(), "2026-10-27", NULL, 0);
	ok(no, "sign", t01, "2026-10-28", NULL, 0);
	j = get(no, office());
	assert_string_equal(jpath(j, "due", NULL), "2026-11-10");
	json_decref(j);
	expect(no, "extend", t01, NULL, "x", 0, ZF_EINVAL, "days");
	expect(no, "extend", t01, NULL, "x", 31, ZF_EINVAL, "days");
	expect(no, "extend", t01, NULL, NULL, 3, ZF_EINVAL, "text");
	expect(no, "extend_decide", office(), NULL, NULL, 1, ZF_ECONFLICT, NULL);
	ok(no, "extend", t01, "2026-10-29", "需要调取监控", 3);
	expect(no, "extend", t01, NULL, "again", 2, ZF_ECONFLICT, NULL);
	expect(no, "extend_decide", t01, NULL, NULL, 1, ZF_EFORBIDDEN, NULL);
	expect(no, "extend_decide", office(), NULL, NULL, -1, ZF_EINVAL, "approve");
	j = get(no, office());
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(j, "extension"), "days")), 3);
	json_decref(j);
	ok(no, "extend_decide", office(), "2026-10-30", NULL, 1);
	j = get(no, office());
	assert_string_equal(jpath(j, "due", NULL), "2026-11-13"); /* three working days later */
	assert_true(json_is_null(json_object_get(j, "extension")));
	json_decref(j);
	ok(no, "extend", t01, "2026-10-30", "仍需时间", 2);
	ok(no, "extend_decide", office(), "2026-10-30", "理由不充分", 0);
	j = get(no, office());
	assert_string_equal(jpath(j, "due", NULL), "2026-11-13");
	json_decref(j);
}

static void test_reopen_escalates(void **state)
{
	char no[CASE_NO_MAX];
	json_t *j;
	struct case_viewer t01 = leader("T01");
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-12", no, NULL);
	ok(no, "assign", office(), "2026-10-12", NULL, 0);
	ok(no, "sign", t01, "2026-10-13", NULL, 0);
	ok(no, "handle", t01, "2026-10-13", NULL, 0);
	for (int k = 1; k <= 3; k++) {
		ok(no, "reply", t01, "2026-10-20", "已处理", 0);
		ok(no, "follow_up", office(), "2026-10-21", "不满意", 0);
		j = get(no, office());
		assert_string_equal(jpath(j, "state", NULL), "handling");
		assert_int_equal(json_integer_value(json_object_get(j, "reopen_count")), k);
		assert_int_equal(json_is_true(json_object_get(j, "escalated")), k == 3);
		if (k == 3)
			assert_string_equal(jpath(j, "escalated_to", "code"), "P_QU2");
		json_decref(j);
	}
	struct zf_err err;
	struct case_viewer o = office();
	assert_int_equal(case_timeline(S, no, &o, &j, &err), 0);
	json_t *last = json_array_get(j, json_array_size(j) - 1);
	assert_string_equal(jpath(last, "kind", NULL), "escalate");
	assert_string_equal(jpath(json_object_get(last, "data"), "leader", "code"), "P_QU2");
	assert_string_equal(jpath(last, "data", "reason"), "reopened");
	json_decref(j);
}

static json_t *sweep(const char *as_of, bool notify)
{
	struct actor who = test_actor("office");
	struct zf_err err;
	json_t *a = NULL;
	if (case_overdue_sweep(S, as_of, notify, &who, &a, &err) < 0)
		fail_msg("sweep: %s", err.msg);
	return a;
}

static const char *item_action(json_t *a, const char *no, const char *stage)
{
	size_t i;
	json_t *r;
	json_array_foreach(
	    a, i, r) if (!strcmp(jpath(r, "case_no", NULL), no) &&
			 !strcmp(jpath(r, "stage", NULL), stage)) return jpath(r, "action", NULL);
	return NULL;
}

static void test_reminder_then_escalation(void **state)
{
	char no[CASE_NO_MAX];
	struct zf_err err;
	int64_t n;
	json_t *a;
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-12", no, NULL);
	ok(no, "assign", office(), "2026-10-12", NULL, 0); /* sign_due 10-13, due 10-26 */
	a = sweep("2026-10-13", true);
	assert_int_equal(json_array_size(a), 0); /* the deadline day itself is not late */
	json_decref(a);
	a = sweep("2026-10-14", false);
	assert_string_equal(item_action(a, no, "sign"), "remind");
	json_decref(a);
	store_query_int(S, &err, &n, "SELECT COUNT(*) FROM case_reminders", "");
	assert_int_equal(n, 0); /* a look writes nothing */
	a = sweep("2026-10-14", true);
	assert_string_equal(item_action(a, no, "sign"), "remind");
	json_decref(a);
	a = sweep("2026-10-14", true);
	assert_string_equal(item_action(a, no, "sign"), "reminded"); /* once per stage */
	json_decref(a);
	store_query_int(S, &err, &n, "SELECT COUNT(*) FROM case_reminders", "");
	assert_int_equal(n, 1);
	/* three working days after the reminder (15, 16, 19): not yet */
	a = sweep("2026-10-19", true);
	assert_string_equal(item_action(a, no, "sign"), "reminded");
	json_decref(a);
	json_t *j = get(no, office());
	assert_false(json_is_true(json_object_get(j, "escalated")));
	json_decref(j);
	/* the fourth: escalated to the leader overseeing T01 */
	a = sweep("2026-10-20", true);
	assert_string_equal(item_action(a, no, "sign"), "escalate");
	json_decref(a);
	j = get(no, office());
	assert_true(json_is_true(json_object_get(j, "escalated")));
	assert_string_equal(jpath(j, "escalated_to", "code"), "P_QU2");
	assert_string_equal(jpath(j, "escalated_on", NULL), "2026-10-20");
	json_decref(j);
	a = sweep("2026-10-21", true);
	assert_string_equal(item_action(a, no, "sign"), "escalated");
	json_decref(a);
	/* past the handling deadline too: its own reminder */
	a = sweep("2026-10-27", true);
	assert_string_equal(item_action(a, no, "handle"), "remind");
	json_decref(a);
	store_query_int(S, &err, &n, "SELECT COUNT(*) FROM case_reminders", "");
	assert_int_equal(n, 2);
	struct case_viewer o = office();
	assert_int_equal(case_timeline(S, no, &o, &j, &err), 0);
	int reminds = 0, escalates = 0;
	size_t i;
	json_t *e;
	json_array_foreach(j, i, e)
	{
		reminds += !strcmp(jpath(e, "kind", NULL), "remind");
		escalates += !strcmp(jpath(e, "kind", NULL), "escalate");
	}
	assert_int_equal(reminds, 2);
	assert_int_equal(escalates, 1);
	json_decref(j);
	/* the list's text and category filters; % and _ are taken literally */
	struct case_filter fq = {.q = "态度"};
	assert_int_equal(case_list(S, &fq, &o, 0, 100, &j, &err), 0);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	fq.q = no;
	assert_int_equal(case_list(S, &fq, &o, 0, 100, &j, &err), 0);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	fq.q = "%";
	assert_int_equal(case_list(S, &fq, &o, 0, 100, &j, &err), 0);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	struct case_filter fc = {.category = "dining"};
	assert_int_equal(case_list(S, &fc, &o, 0, 100, &j, &err), 0);
	assert_int_equal(json_array_size(j), 0);
	json_decref(j);
	fc.category = "nope";
	assert_int_equal(case_list(S, &fc, &o, 0, 100, &j, &err), ZF_EINVAL);
	assert_string_equal(err.field, "category");
	/* the list's overdue filter agrees */
	struct case_filter f = {.overdue_only = true, .as_of = "2026-10-27"};
	assert_int_equal(case_list(S, &f, &o, 0, 100, &j, &err), 0);
	assert_int_equal(json_array_size(j), 1);
	json_decref(j);
	assert_int_equal(case_overdue_sweep(S, "2026-13-01", false, NULL, &a, &err), ZF_EINVAL);
}

static void create_case(const char *unit, const char *channel, const char *subject,
			const char *content, const char *phone, const char *on, char *no)
{
	struct actor who = test_actor("office");
	struct zf_err err;
	struct case_new in = {.channel = channel,
			      .subject = subject,
			      .content = content,
			      .unit = unit,
			      .complainant_name = phone ? "某人" : NULL,
			      .complainant_phone = phone,
			      .received_on = on};
	if (case_create(S, &in, &who, no, NULL, &err) < 0)
		fail_msg("create: %s", err.msg);
}

static void test_duplicates(void **state)
{
	char a[CASE_NO_MAX], b[CASE_NO_MAX], c[CASE_NO_MAX], d[CASE_NO_MAX], f[CASE_NO_MAX],
	    g[CASE_NO_MAX];
	struct zf_err err;
	json_t *j;
	const char *text = "罗坊镇便民服务中心窗口工作人员上班时间玩手机，群众排队无人办理业务";
	assert_int_equal(case_similarity("abcdef", "abcdef"), 100);
	assert_int_equal(case_similarity("窗口态度", "道路积水"), 0);
	create_case("T01", "hotline", "窗口人员玩手机", text, "13911112222", "2026-10-20", a);
	create_case("T01", "website", "反映窗口人员玩手机", text, "13933334444", "2026-10-25", b);
	create_case("T02", "website", "窗口人员玩手机", text, NULL, "2026-10-25", c);
	create_case("T01", "mailbox", "其他问题", "道路积水无人管", "13911112222", "2026-10-26", d);
	create_case("D01", "hotline", "低保审批拖延", "低保申请三个月没有结果", NULL, "2026-09-01",
		    f);
	create_case("D01", "hotline", "低保审批拖延", "低保申请三个月没有结果", NULL, "2026-10-30",
		    g);
	j = get(b, office());
	assert_string_equal(jpath(j, "duplicate_of", "case_no"), a);
	assert_string_equal(jpath(j, "duplicate_of", "status"), "suspected");
	json_decref(j);
	j = get(a, office());
	json_t *dups = json_object_get(j, "duplicates");
	assert_int_equal(json_array_size(dups), 2); /* b by its text, d by the same phone */
	assert_string_equal(jpath(json_array_get(dups, 0), "case_no", NULL), b);
	assert_string_equal(jpath(json_array_get(dups, 1), "case_no", NULL), d);
	json_decref(j);
	j = get(c, office()); /* another unit */
	assert_true(json_is_null(json_object_get(j, "duplicate_of")));
	json_decref(j);
	j = get(g, office()); /* outside the 30 days */
	assert_true(json_is_null(json_object_get(j, "duplicate_of")));
	json_decref(j);
	/* the office confirms, unlinks, links by hand */
	struct actor who = test_actor("office");
	assert_int_equal(case_duplicate_set(S, b, NULL, true, &who, &err), 0);
	j = get(b, office());
	assert_string_equal(jpath(j, "duplicate_of", "status"), "confirmed");
	json_decref(j);
	assert_int_equal(case_duplicate_set(S, d, NULL, false, &who, &err), 0);
	j = get(d, office());
	assert_true(json_is_null(json_object_get(j, "duplicate_of")));
	json_decref(j);
	assert_int_equal(case_duplicate_set(S, d, NULL, false, &who, &err), ZF_ECONFLICT);
	assert_int_equal(case_duplicate_set(S, g, f, true, &who, &err), 0);
	j = get(g, office());
	assert_string_equal(jpath(j, "duplicate_of", "case_no"), f);
	json_decref(j);
	assert_int_equal(case_duplicate_set(S, g, g, true, &who, &err), ZF_EINVAL);
	assert_int_equal(case_duplicate_set(S, f, g, true, &who, &err), ZF_EINVAL);
	assert_int_equal(case_duplicate_set(S, g, "ZF-2026-999999", true, &who, &err), ZF_EINVAL);
}

static void test_stats(void **state)
{
	char a[CASE_NO_MAX], b[CASE_NO_MAX], c[CASE_NO_MAX];
	struct case_viewer t01 = leader("T01");
	struct zf_err err;
	json_t *j;
	/* a: on time, satisfied; b: signed and replied late, reopened once, then satisfied;
	 * c: signed on time, still handling past its due date */
	case_fx_case(S, "T01", "attitude", "甲", "2026-09-01", a, NULL);
	create_case("T01", "hotline", "乙事项", "完全不同的内容一", NULL, "2026-09-02", b);
	create_case("T01", "hotline", "丙事项", "另外一件事情二", NULL, "2026-09-03", c);
	ok(a, "assign", office(), "2026-09-01", NULL, 0);
	ok(a, "sign", t01, "2026-09-02", NULL, 0);
	ok(a, "handle", t01, "2026-09-02", NULL, 0);
	ok(a, "reply", t01, "2026-09-08", "好", 0);
	ok(a, "follow_up", office(), "2026-09-09", NULL, 1);
	ok(b, "assign", office(), "2026-09-02", NULL, 0); /* sign_due 09-03, due 09-16 */
	ok(b, "sign", t01, "2026-09-07", NULL, 0);
	ok(b, "handle", t01, "2026-09-07", NULL, 0);
	ok(b, "reply", t01, "2026-09-18", "好", 0);
	ok(b, "follow_up", office(), "2026-09-21", NULL, 0);
	ok(b, "reply", t01, "2026-09-25", "好", 0);
	ok(b, "follow_up", office(), "2026-09-28", NULL, 1);
	ok(c, "assign", office(), "2026-09-03", NULL, 0);
	ok(c, "sign", t01, "2026-09-04", NULL, 0);
	ok(c, "handle", t01, "2026-09-04", NULL, 0);
	assert_int_equal(case_stats(S, "2026-09-01", "2026-09-30", NULL, &j, &err), 0);
	json_t *u = json_array_get(json_object_get(j, "units"), 0);
	assert_int_equal(json_array_size(json_object_get(j, "units")), 1);
	assert_string_equal(jpath(u, "unit", NULL), "T01");
	assert_int_equal(json_integer_value(json_object_get(u, "cases")), 3);
	assert_int_equal(json_integer_value(json_object_get(u, "sign_due_count")), 3);
	assert_int_equal(json_integer_value(json_object_get(u, "signed_on_time")), 2);
	assert_int_equal(json_integer_value(json_object_get(u, "done_due_count")), 3);
	assert_int_equal(json_integer_value(json_object_get(u, "done_on_time")), 1);
	assert_int_equal(json_integer_value(json_object_get(u, "followed_up")), 3);
	assert_int_equal(json_integer_value(json_object_get(u, "satisfied")), 2);
	assert_int_equal(json_integer_value(json_object_get(u, "replied")), 2);
	assert_int_equal(json_integer_value(json_object_get(u, "reopened")), 1);
	assert_float_equal(json_real_value(json_object_get(u, "sign_ontime_rate")), 2.0 / 3, 1e-9);
	assert_float_equal(json_real_value(json_object_get(u, "reopen_rate")), 0.5, 1e-9);
	json_decref(j);
	assert_int_equal(case_stats(S, "2026-10-01", "2026-10-31", "T01", &j, &err), 0);
	assert_int_equal(json_array_size(json_object_get(j, "units")), 0);
	json_decref(j);
	assert_int_equal(case_stats(S, "2026-10-31", "2026-10-01", NULL, &j, &err), ZF_EINVAL);
	assert_int_equal(case_stats(S, "2026-10-01", "2026-10-31", "NOPE", &j, &err), ZF_EINVAL);
	assert_string_equal(err.field, "unit");
}

static void test_settings(void **state)
{
	struct actor who = test_actor("office");
	struct zf_err err;
	struct case_settings cs;
	json_t *ch = json_pack("{s:i, s:i}", "sign_days", 2, "handle_days", 5);
	assert_int_equal(case_settings_update(S, ch, &who, &err), 0);
	json_decref(ch);
	assert_int_equal(case_settings_get(S, &cs, &err), 0);
	assert_int_equal(cs.sign_days, 2);
	assert_int_equal(cs.handle_days, 5);
	char no[CASE_NO_MAX];
	case_fx_case(S, "T01", "attitude", "窗口态度差", "2026-10-26", no, NULL);
	ok(no, "assign", office(), "2026-10-26", NULL, 0);
	json_t *j = get(no, office());
	assert_string_equal(jpath(j, "sign_due", NULL), "2026-10-28");
	assert_string_equal(jpath(j, "due", NULL), "2026-11-02");
	json_decref(j);
	ch = json_pack("{s:i}", "sign_days", 99);
	assert_int_equal(case_settings_update(S, ch, &who, &err), ZF_EINVAL);
	assert_string_equal(err.field, "sign_days");
	json_decref(ch);
	ch = json_pack("{s:i}", "colour", 1);
	assert_int_equal(case_settings_update(S, ch, &who, &err), ZF_EINVAL);
	json_decref(ch);
}

static int import(const char *csv, struct import_report *rep, int *n)
{
	struct actor who = test_actor("cli:office");
	struct zf_err err;
	import_report_init(rep, "hot.csv");
	return case_import_hotline(S, &who, "hot.csv", csv, strlen(csv), rep, n, &err);
}

static void test_import_hotline(void **state)
{
	struct import_report rep;
	struct zf_err err;
	int n = 0;
	int64_t count = 0;
	const char *bad =
	    "工单编号,来电时间,诉求人,联系电话,被反映单位,标题,诉求内容,问题分类\n"
	    "G001,2026-10-20 10:22:33,李雷,13800001111,罗坊镇,窗口态度差,态度恶劣,服务态度差\n"
	    "G002,2026-10-21,韩梅梅,12345,T01,标题,内容,attitude\n"
	    "G003,2026-10-21,,,不存在的单位,标题,内容,\n"
	    "G004,昨天,,,T02,标题,内容,\n"
	    "G001,2026-10-22,,,T02,标题,内容,\n"
	    "G006,2026-10-22,,,T02,,内容,\n"
	    "G007,2026-10-22,,,T02,标题,内容,不存在\n";
	assert_int_equal(import(bad, &rep, &n), ZF_EINVAL);
	const char *out = buf_str(&rep.out);
	assert_int_equal(rep.nerrors, 6);
	assert_non_null(strstr(out, "hot.csv:3: 联系电话: phone must be"));
	assert_non_null(strstr(out, "hot.csv:4: 被反映单位: no active unit"));
	assert_non_null(strstr(out, "hot.csv:5: 来电时间: not a date"));
	assert_non_null(strstr(out, "hot.csv:6: 工单编号: ticket G001 appears twice"));
	assert_non_null(strstr(out, "hot.csv:7: 标题: subject is required"));
	assert_non_null(strstr(out, "hot.csv:8: 问题分类: unknown category"));
	import_report_cleanup(&rep);
	store_query_int(S, &err, &count, "SELECT COUNT(*) FROM cases", "");
	assert_int_equal(count, 0); /* all or nothing */
	const char *good =
	    "\xEF\xBB\xBF工单编号,来电时间,诉求人,联系电话,被反映单位,标题,诉求内容,问题分类\n"
	    "G001,2026-10-20 10:22:33,李雷,13800001111,罗坊镇,窗口态度差,态度恶劣,服务态度差\n"
	    "G002,2026/10/21 09:00,,,D01,低保拖延,\"内容,有逗号\",\n";
	assert_int_equal(import(good, &rep, &n), 0);
	assert_int_equal(n, 2);
	import_report_cleanup(&rep);
	struct case_filter f = {.channel = "hotline"};
	struct case_viewer in = inspector();
	json_t *j;
	assert_int_equal(case_list(S, &f, &in, 0, 100, &j, &err), 0);
	assert_int_equal(json_array_size(j), 2);
	json_t *c0 = json_array_get(j, 0), *c1 = json_array_get(j, 1);
	assert_string_equal(jpath(c0, "received_on", NULL), "2026-10-20");
	assert_string_equal(jpath(c0, "complainant", "name"), "李雷");
	assert_string_equal(jpath(c0, "category", "code"), "attitude");
	assert_true(json_is_null(json_object_get(c1, "complainant")));
	assert_string_equal(jpath(c1, "unit", "code"), "D01");
	json_decref(j);
	/* the same ticket again */
	assert_int_equal(import(good, &rep, &n), ZF_EINVAL);
	assert_non_null(
	    strstr(buf_str(&rep.out), "hot.csv:2: 工单编号: ticket G001 is already imported"));
	import_report_cleanup(&rep);
	/* a missing column */
	assert_int_equal(import("工单编号,来电时间\nG9,2026-10-01\n", &rep, &n), ZF_EINVAL);
	assert_non_null(strstr(buf_str(&rep.out), "missing column"));
	import_report_cleanup(&rep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_intake_and_routing, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_intake_checks, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_privacy, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_export_xlsx, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_happy_path, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_forbidden_transitions, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_return_and_extension, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reopen_escalates, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_reminder_then_escalation, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_duplicates, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stats, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_settings, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_import_hotline, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
