/* test_educate_records.c: sessions and attendance (by hand and imported from CSV, good and
 * bad files, UTF-8 and GB18030, nothing written on error), reading, commitments and family
 * records, the dossier and the completion figures on known data, what is owed, unit
 * scoping, and the CSV and XLSX exports. */
#include "edutest.h"

#include <iconv.h>
#include <math.h>

/* party-school class for the post-80s cohort: 8 hours a year; two 4-hour sessions */
static void known_data(struct fx *f, int64_t *s1, int64_t *s2)
{
	fx_programme(
	    f, "PS", "party_school",
	    "{\"born_from\":\"1980-01-01\",\"born_to\":\"1989-12-31\",\"units\":[\"T01\"]}", 8, 0);
	*s1 = fx_session(f, "PS", "2026-03-01", 4);
	*s2 = fx_session(f, "PS", "2026-04-01", 4);
	fx_attend(f, *s1,
		  "[{\"person\":\"P001\",\"status\":\"present\"},"
		  "{\"person\":\"P002\",\"status\":\"迟到\"}]");
	fx_attend(f, *s2,
		  "[{\"person\":\"P001\",\"status\":\"出席\"},"
		  "{\"person\":\"P002\",\"status\":\"absent\",\"note\":\"病\"}]");
}

static void test_session_and_attendance(void **state)
{
	struct fx *f = *state;
	int64_t s1, s2;
	known_data(f, &s1, &s2);
	json_t *j = NULL;
	FX_OK(f, educate_session_get(f->s, s2, 0, &j, &f->err));
	json_t *c = json_object_get(j, "counts");
	assert_int_equal(json_integer_value(json_object_get(c, "present")), 1);
	assert_int_equal(json_integer_value(json_object_get(c, "absent")), 1);
	json_decref(j);
	/* a second entry replaces the person's record */
	fx_attend(f, s2, "[{\"person\":\"P002\",\"status\":\"excused\"}]");
	assert_int_equal(fx_int(f, "SELECT count(*) FROM attendance WHERE status = 'excused'"), 1);
	/* errors name the item, and nothing of the list is written */
	json_t *bad = json_loads("[{\"person\":\"P003\",\"status\":\"present\"},"
				 "{\"person\":\"P003\",\"status\":\"late\"}]",
				 0, NULL);
	FX_FAIL(f, educate_attendance_set(f->s, &f->who, s1, bad, 0, NULL, &f->err), ZF_EINVAL,
		"items[1].person");
	json_decref(bad);
	bad = json_loads("[{\"person\":\"P003\",\"status\":\"present\"},"
			 "{\"person\":\"P004\",\"status\":\"sleeping\"}]",
			 0, NULL);
	FX_FAIL(f, educate_attendance_set(f->s, &f->who, s1, bad, 0, NULL, &f->err), ZF_EINVAL,
		"items[1].status");
	FX_FAIL(f, educate_attendance_set(f->s, &f->who, 999, bad, 0, NULL, &f->err), ZF_ENOTFOUND,
		NULL);
	json_decref(bad);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM attendance WHERE person_id IN"
				   " (SELECT id FROM people WHERE code IN ('P003', 'P004'))"),
			 0);
	/* a unit-scoped writer: only sessions its unit holds */
	int64_t t01 = 0;
	bool active;
	FX_OK(f, org_unit_find(f->s, "T01", &t01, &active, &f->err));
	json_t *ok = json_loads("[{\"person\":\"P003\",\"status\":\"present\"}]", 0, NULL);
	FX_FAIL(f, educate_attendance_set(f->s, &f->who, s1, ok, t01, NULL, &f->err), ZF_EFORBIDDEN,
		NULL);
	json_decref(ok);
	/* session errors */
	struct educate_session ss = {.programme = "PS", .held_on = "2026-13-01", .title = "x"};
	int64_t id;
	FX_FAIL(f, educate_session_create(f->s, &f->who, &ss, &id, &f->err), ZF_EINVAL, "held_on");
	ss.held_on = "2026-05-01";
	ss.topic = "karaoke";
	FX_FAIL(f, educate_session_create(f->s, &f->who, &ss, &id, &f->err), ZF_EINVAL, "topic");
	ss.topic = "party_spirit";
	ss.speakers = json_loads("[\"P001\",\"P999\"]", 0, NULL);
	FX_FAIL(f, educate_session_create(f->s, &f->who, &ss, &id, &f->err), ZF_EINVAL,
		"speakers[1]");
	json_decref(ss.speakers);
	ss.speakers = json_loads("[\"P001\"]", 0, NULL);
	ss.materials = json_loads("[{\"title\":\"\"}]", 0, NULL);
	FX_FAIL(f, educate_session_create(f->s, &f->who, &ss, &id, &f->err), ZF_EINVAL,
		"materials[0].title");
	json_decref(ss.materials);
	ss.materials = json_loads("[{\"title\":\"党章\",\"link\":\"http://x/1\"}]", 0, NULL);
	ss.credit_hours = 2;
	FX_OK(f, educate_session_create(f->s, &f->who, &ss, &id, &f->err));
	json_decref(ss.speakers);
	json_decref(ss.materials);
	/* a correction keeps the programme and the speakers */
	struct educate_session fix = {.title = "党章学习", .credit_hours = 3, .topic = ""};
	FX_OK(f, educate_session_update(f->s, &f->who, id, &fix, &f->err));
	struct educate_session bad_fix = {.held_on = "2026-02-30", .credit_hours = -1};
	FX_FAIL(f, educate_session_update(f->s, &f->who, id, &bad_fix, &f->err), ZF_EINVAL,
		"held_on");
	struct educate_session prog_fix = {.programme = "PS", .credit_hours = -1};
	FX_FAIL(f, educate_session_update(f->s, &f->who, id, &prog_fix, &f->err), ZF_EINVAL,
		"programme");
	FX_FAIL(f, educate_session_update(f->s, &f->who, 9999, &fix, &f->err), ZF_ENOTFOUND, NULL);
	assert_int_equal(
	    fx_int(f, "SELECT count(*) FROM edu_sessions WHERE title = '党章学习'"
		      " AND credit_hours = 3 AND topic IS NULL AND held_on = '2026-05-01'"),
	    1);
	/* the speaker is on record as present and as having lectured */
	FX_OK(f, educate_session_get(f->s, id, 0, &j, &f->err));
	assert_int_equal(json_array_size(json_object_get(j, "speakers")), 1);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(j, "counts"), "present")), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(json_object_get(j, "materials"), 0), "title")),
			    "党章");
	json_decref(j);
}

static int import(struct fx *f, int64_t session, const char *data, size_t len,
		  struct import_report *rep)
{
	import_report_init(rep, "att.csv");
	zf_err_clear(&f->err);
	int n = 0;
	return educate_attendance_import(f->s, &f->who, session, "att.csv", data, len, 0, rep, NULL,
					 &n, &f->err);
}

static void test_import_good(void **state)
{
	struct fx *f = *state;
	fx_programme(f, "PS", "party_school", "{}", 8, 0);
	int64_t s1 = fx_session(f, "PS", "2026-03-01", 4);
	struct import_report rep;
	const char *csv = "\xEF\xBB\xBF人员编号,姓名,出勤,备注\r\nP001,P001,出席,\r\n"
			  "P002,,迟到,堵车\r\nP003,,请假,\r\nP004,,缺席,\r\n";
	assert_int_equal(import(f, s1, csv, strlen(csv), &rep), 0);
	import_report_cleanup(&rep);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM attendance"), 4);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM attendance WHERE status = 'late'"
				   " AND note = '堵车'"),
			 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE action = 'import'"
				   " AND entity = 'session'"),
			 1);
	/* GB18030 from Excel, English headers, the people import's 人员编码 header */
	const char *utf = "人员编码,出勤\nP005,出席\n";
	char gb[128];
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	char *in = (char *)utf, *out = gb;
	size_t inl = strlen(utf), outl = sizeof gb;
	assert_true(iconv(cd, &in, &inl, &out, &outl) != (size_t)-1);
	iconv_close(cd);
	assert_int_equal(import(f, s1, gb, sizeof gb - outl, &rep), 0);
	import_report_cleanup(&rep);
	const char *en = "person,status\nP006,present\nP001,absent\n";
	assert_int_equal(import(f, s1, en, strlen(en), &rep), 0);
	import_report_cleanup(&rep);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM attendance"), 6);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM attendance WHERE status = 'absent'"), 2);
}

static void test_import_bad_rows_write_nothing(void **state)
{
	struct fx *f = *state;
	fx_programme(f, "PS", "party_school", "{}", 8, 0);
	int64_t s1 = fx_session(f, "PS", "2026-03-01", 4);
	struct import_report rep;
	const char *csv = "人员编号,姓名,出勤\n"
			  "P001,P001,出席\n"
			  "P999,,出席\n"
			  "P002,,睡觉\n"
			  "P001,,迟到\n"
			  "P003,张三,出席\n"
			  ",,出席\n";
	assert_int_equal(import(f, s1, csv, strlen(csv), &rep), ZF_EINVAL);
	const char *r = buf_str(&rep.out);
	assert_non_null(strstr(r, "att.csv:3: 人员编号: no active person with code P999"));
	assert_non_null(strstr(r, "att.csv:4: 出勤: '睡觉' is not a status"));
	assert_non_null(strstr(r, "att.csv:5: 人员编号: P001 appears again (first on line 2)"));
	assert_non_null(strstr(r, "att.csv:6: 姓名: '张三' is not the name of this person (P003)"));
	assert_non_null(strstr(r, "att.csv:7: 人员编号: required"));
	assert_int_equal(rep.nerrors, 5);
	assert_string_equal(f->err.msg, "5 bad rows");
	import_report_cleanup(&rep);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM attendance"), 0);
	/* a header without the status column, a wrong width */
	const char *nohdr = "人员编号,姓名\nP001,x\n";
	assert_int_equal(import(f, s1, nohdr, strlen(nohdr), &rep), ZF_EINVAL);
	assert_non_null(strstr(buf_str(&rep.out), "出勤"));
	import_report_cleanup(&rep);
	const char *wide = "人员编号,出勤\nP001,出席,多余\n";
	assert_int_equal(import(f, s1, wide, strlen(wide), &rep), ZF_EINVAL);
	assert_non_null(strstr(buf_str(&rep.out), "att.csv:2:"));
	import_report_cleanup(&rep);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM attendance"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE action = 'import'"), 0);
}

static int rimport(struct fx *f, const char *kind, const char *csv, int64_t scope,
		   struct import_report *rep)
{
	import_report_init(rep, "r.csv");
	zf_err_clear(&f->err);
	int n = 0;
	return educate_records_import(f->s, &f->who, kind, "r.csv", csv, strlen(csv), scope, rep,
				      NULL, &n, &f->err);
}

static void test_records_import(void **state)
{
	struct fx *f = *state;
	struct import_report rep;
	struct educate_reading_item it = {.code = "DZ", .title = "党章", .category = "party_paper"};
	FX_OK(f, educate_reading_item_create(f->s, &f->who, &it, &f->err));
	it.code = "ZZ";
	it.title = "廉洁自律准则";
	it.category = "integrity_code";
	FX_OK(f, educate_reading_item_create(f->s, &f->who, &it, &f->err));
	int64_t audits = fx_int(f, "SELECT count(*) FROM audit_log");
	/* every bad row is named, and the good ones are not written either */
	const char *bad = "人员编号,书目编号,阅读日期,备注\n"
			  "P001,DZ,2026-03-01,\n"
			  "P999,DZ,2026-03-01,\n"
			  "P002,DZ,2026-02-30,\n"
			  "P001,DZ,2026-04-01,again\n"
			  "P003,XX,2026-04-01,\n";
	assert_int_equal(rimport(f, "reading", bad, 0, &rep), ZF_EINVAL);
	const char *r = buf_str(&rep.out);
	assert_non_null(strstr(r, "r.csv:3: 人员编号: no active person with code P999"));
	assert_non_null(strstr(r, "r.csv:4: 阅读日期: '2026-02-30' is not a date"));
	assert_non_null(strstr(r, "r.csv:5: 书目编号: P001 has already recorded reading DZ"));
	assert_non_null(strstr(r, "r.csv:6: 书目编号: no reading item with code XX"));
	assert_int_equal(rep.nerrors, 4);
	assert_string_equal(f->err.msg, "4 bad rows");
	import_report_cleanup(&rep);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM reading_records"), 0);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log"), audits);
	/* good files, Chinese or English headers */
	const char *good = "person,item,read_on\nP001,DZ,2026-03-01\nP001,ZZ,2026-03-09\n";
	assert_int_equal(rimport(f, "reading", good, 0, &rep), 0);
	import_report_cleanup(&rep);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM reading_records"), 2);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE action = 'import'"
				   " AND entity = 'education_records'"),
			 1);
	const char *pledge = "人员编号,表态日期,表态内容\nP002,2026-04-10,\"不推诿，不拖延\"\n";
	assert_int_equal(rimport(f, "commitments", pledge, 0, &rep), 0);
	import_report_cleanup(&rep);
	/* a unit account: another unit's cadre is unknown to it */
	int64_t t01 = 0;
	bool active;
	FX_OK(f, org_unit_find(f->s, "T01", &t01, &active, &f->err));
	const char *fam = "人员编号,亲属关系,活动,日期\nP001,配偶,助廉座谈,2026-06-01\n"
			  "P005,子女,助廉座谈,2026-06-01\n";
	assert_int_equal(rimport(f, "family", fam, t01, &rep), ZF_EINVAL);
	assert_non_null(strstr(buf_str(&rep.out), "r.csv:3: 人员编号: no active person with code "
						  "P005 in this account's unit"));
	import_report_cleanup(&rep);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM family_education"), 0);
	const char *nohdr = "人员编号,亲属关系\nP001,配偶\n";
	assert_int_equal(rimport(f, "family", nohdr, 0, &rep), ZF_EINVAL);
	assert_non_null(strstr(buf_str(&rep.out), "活动"));
	import_report_cleanup(&rep);
	assert_int_equal(rimport(f, "novels", good, 0, &rep), ZF_EINVAL);
	assert_string_equal(f->err.field, "kind");
	import_report_cleanup(&rep);
}

static void test_dossier_and_owed(void **state)
{
	struct fx *f = *state;
	int64_t s1, s2;
	known_data(f, &s1, &s2);
	int64_t p1 = fx_person_id(f, "P001"), p2 = fx_person_id(f, "P002");
	json_t *owed = NULL;
	FX_OK(f, educate_owed(f->s, p1, "2026-06-15", &owed, &f->err));
	assert_int_equal(json_array_size(owed), 0);
	json_decref(owed);
	FX_OK(f, educate_owed(f->s, p2, "2026-06-15", &owed, &f->err));
	assert_int_equal(json_array_size(owed), 1);
	json_t *o = json_array_get(owed, 0);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(o, "programme"), "code")), "PS");
	assert_true(json_number_value(json_object_get(o, "done_hours")) == 4.0);
	assert_true(json_number_value(json_object_get(o, "missing_hours")) == 4.0);
	json_decref(owed);
	/* before the second session P001 still owed 4 hours; a new year starts over */
	FX_OK(f, educate_owed(f->s, p1, "2026-03-15", &owed, &f->err));
	assert_int_equal(json_array_size(owed), 1);
	json_decref(owed);
	FX_OK(f, educate_owed(f->s, p1, "2027-01-05", &owed, &f->err));
	assert_int_equal(json_array_size(owed), 1);
	json_decref(owed);
	/* the targets with their progress, and those still owing */
	json_t *tg = NULL;
	int total = 0;
	FX_OK(f, educate_programme_targets(f->s, "PS", "2026-06-15", 0, true, 0, 0, &tg, &total,
					   &f->err));
	assert_int_equal(total, 1);
	assert_string_equal(json_string_value(json_object_get(json_array_get(tg, 0), "code")),
			    "P002");
	assert_true(json_number_value(json_object_get(json_array_get(tg, 0), "done_hours")) == 4.0);
	json_decref(tg);
	FX_OK(f, educate_programme_targets(f->s, "PS", "2026-03-15", 0, true, 0, 0, &tg, &total,
					   &f->err));
	assert_int_equal(total, 2);
	json_decref(tg);
	FX_FAIL(f, educate_owed(f->s, 9999, NULL, &owed, &f->err), ZF_ENOTFOUND, NULL);
	FX_FAIL(f, educate_owed(f->s, p1, "2026-02-30", &owed, &f->err), ZF_EINVAL, "as_of");

	/* reading, commitments, family education */
	struct educate_reading_item it = {.code = "DZ", .title = "党章", .category = "party_paper"};
	FX_OK(f, educate_reading_item_create(f->s, &f->who, &it, &f->err));
	it.category = "novel";
	it.code = "X";
	FX_FAIL(f, educate_reading_item_create(f->s, &f->who, &it, &f->err), ZF_EINVAL, "category");
	int64_t id;
	FX_OK(f, educate_reading_record(f->s, &f->who, "P001", "DZ", "2026-05-01", "第一章", 0, &id,
					&f->err));
	FX_FAIL(
	    f,
	    educate_reading_record(f->s, &f->who, "P001", "DZ", "2026-05-02", "", 0, &id, &f->err),
	    ZF_ECONFLICT, "item");
	FX_OK(f, educate_commitment_add(f->s, &f->who, "P001", "2026-02-01", "严守纪律，改进作风",
					NULL, 0, &id, &f->err));
	FX_OK(f, educate_commitment_add(f->s, &f->who, "P001", "2026-02-02", "=HYPERLINK(\"x\")",
					NULL, 0, &id, &f->err));
	FX_FAIL(f,
		educate_commitment_add(f->s, &f->who, "P001", "2026-02-01", "  ", NULL, 0, &id,
				       &f->err),
		ZF_EINVAL, "text");
	FX_OK(f, educate_family_add(f->s, &f->who, "P001", "配偶", "家庭助廉座谈会", "2026-04-20",
				    "", NULL, 0, &id, &f->err));
	FX_FAIL(f,
		educate_family_add(f->s, &f->who, "P001", "配偶", "座谈", "2026-04-20", "", "PS", 0,
				   &id, &f->err),
		ZF_EINVAL, "programme");
	/* scoped: T01's account cannot write for T02's cadre */
	int64_t t01 = 0;
	bool active;
	FX_OK(f, org_unit_find(f->s, "T01", &t01, &active, &f->err));
	FX_FAIL(f,
		educate_commitment_add(f->s, &f->who, "P005", "2026-02-01", "承诺", NULL, t01, &id,
				       &f->err),
		ZF_EINVAL, "person");

	json_t *d = NULL;
	FX_OK(f, educate_dossier(f->s, p1, "2026-01-01", "2026-12-31", &d, &f->err));
	assert_true(json_number_value(json_object_get(d, "hours")) == 8.0);
	assert_int_equal(
	    json_integer_value(json_object_get(json_object_get(d, "attendance"), "present")), 2);
	assert_int_equal(json_array_size(json_object_get(d, "sessions")), 2);
	assert_int_equal(json_array_size(json_object_get(d, "commitments")), 2);
	assert_int_equal(json_array_size(json_object_get(d, "reading")), 1);
	assert_int_equal(json_array_size(json_object_get(d, "family")), 1);
	assert_int_equal(json_array_size(json_object_get(d, "owed")), 0);
	struct buf fb = BUF_INIT;
	educate_dossier_csv(d, &fb);
	assert_non_null(strstr(fb.p, ",表态,2026-02-02,,\"'=HYPERLINK(\"\"x\"\")\""));
	buf_cleanup(&fb);
	json_decref(d);
	FX_OK(f, educate_dossier(f->s, p2, "2026-01-01", "2026-12-31", &d, &f->err));
	assert_true(json_number_value(json_object_get(d, "hours")) == 4.0);
	json_t *a = json_object_get(d, "attendance");
	assert_int_equal(json_integer_value(json_object_get(a, "late")), 1);
	assert_int_equal(json_integer_value(json_object_get(a, "absent")), 1);
	assert_int_equal(json_array_size(json_object_get(d, "owed")), 1);
	/* the exports */
	struct buf b = BUF_INIT;
	educate_dossier_csv(d, &b);
	assert_memory_equal(b.p, "\xEF\xBB\xBF人员编号,姓名,单位,类别,日期", 3 + 42 - 27);
	assert_non_null(strstr(b.p, "参学,2026-04-01,PS,学习,缺席,0.00"));
	assert_non_null(strstr(b.p, "未完成"));
	buf_cleanup(&b);
	char x[300];
	snprintf(x, sizeof x, "%s.dossier.xlsx", f->path);
	FX_OK(f, educate_dossier_xlsx(d, x, &f->err));
	size_t len = 0;
	char *data = file_read_all(x, &len);
	assert_non_null(data);
	assert_true(len > 1000 && data[0] == 'P' && data[1] == 'K');
	free(data);
	unlink(x);
	json_decref(d);
	FX_FAIL(f, educate_dossier(f->s, p1, "2026-12-31", "2026-01-01", &d, &f->err), ZF_EINVAL,
		"to");
}

static void test_completion(void **state)
{
	struct fx *f = *state;
	int64_t s1, s2;
	known_data(f, &s1, &s2);
	/* the reading programme: every T01 cadre reads 1 item a year; nobody has yet */
	fx_programme(f, "RD", "reading", "{\"units\":[\"T01\"]}", 0, 1);
	/* a programme that asks nothing is not an obligation */
	fx_programme(f, "PUB", "publicity", "{}", 0, 0);
	json_t *u = NULL;
	FX_OK(f, educate_unit_completion(f->s, "T01", 2026, &u, &f->err));
	/* PS: P001 done, P002 not; RD: 4 targets, none done -> 1 of 6 */
	assert_int_equal(json_integer_value(json_object_get(u, "targets")), 6);
	assert_int_equal(json_integer_value(json_object_get(u, "completed")), 1);
	assert_true(fabs(json_number_value(json_object_get(u, "rate")) - 16.67) < 0.001);
	assert_true(json_number_value(json_object_get(u, "hours")) == 12.0);
	assert_string_equal(json_string_value(json_object_get(u, "as_of")), "2026-06-15");
	json_t *p1 = json_array_get(json_object_get(u, "people"), 0);
	assert_string_equal(json_string_value(json_object_get(p1, "code")), "P001");
	assert_int_equal(json_integer_value(json_object_get(p1, "obligations")), 2);
	assert_int_equal(json_integer_value(json_object_get(p1, "owed")), 1);
	struct buf b = BUF_INIT;
	educate_unit_completion_csv(u, &b);
	assert_non_null(strstr(b.p, "P001,P001,副科,科员,8.00,2,1,1,50.00"));
	buf_cleanup(&b);
	json_decref(u);
	/* T02 is no programme's target: no obligation, no rate, no programme listed */
	FX_OK(f, educate_unit_completion(f->s, "T02", 2026, &u, &f->err));
	assert_int_equal(json_integer_value(json_object_get(u, "targets")), 0);
	assert_true(json_is_null(json_object_get(u, "rate")));
	assert_int_equal(json_array_size(json_object_get(u, "programmes")), 0);
	assert_int_equal(json_array_size(json_object_get(u, "people")), 1);
	json_decref(u);
	FX_FAIL(f, educate_unit_completion(f->s, "T99", 2026, &u, &f->err), ZF_ENOTFOUND, NULL);
	FX_FAIL(f, educate_unit_completion(f->s, "T01", 1800, &u, &f->err), ZF_EINVAL, "year");

	json_t *t = NULL;
	FX_OK(f, educate_completion(f->s, 2026, &t, &f->err));
	assert_int_equal(json_integer_value(json_object_get(t, "targets")), 6);
	assert_int_equal(json_integer_value(json_object_get(t, "completed")), 1);
	json_t *units = json_object_get(t, "units");
	assert_int_equal(json_array_size(units), 3);
	json_t *t2 = json_array_get(units, 1);
	assert_string_equal(json_string_value(json_object_get(json_object_get(t2, "unit"), "code")),
			    "T02");
	assert_true(json_is_null(json_object_get(t2, "rate")));
	educate_completion_csv(t, &b);
	assert_memory_equal(b.p, "\xEF\xBB\xBF单位编码", 15);
	assert_non_null(strstr(b.p, "T01,一镇,乡镇,4,6,1,16.67,12.00,3.00"));
	buf_cleanup(&b);
	char x[300];
	snprintf(x, sizeof x, "%s.completion.xlsx", f->path);
	FX_OK(f, educate_completion_xlsx(t, x, &f->err));
	size_t len = 0;
	char *data = file_read_all(x, &len);
	assert_non_null(data);
	assert_true(len > 1000 && data[0] == 'P' && data[1] == 'K');
	free(data);
	unlink(x);
	json_decref(t);
	/* a past year is counted to its end */
	FX_OK(f, educate_completion(f->s, 2025, &t, &f->err));
	assert_string_equal(json_string_value(json_object_get(t, "as_of")), "2025-12-31");
	assert_int_equal(json_integer_value(json_object_get(t, "completed")), 0);
	json_decref(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_session_and_attendance, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_import_good, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_import_bad_rows_write_nothing, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_records_import, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_dossier_and_owed, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_completion, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
