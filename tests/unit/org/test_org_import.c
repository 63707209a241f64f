/* test_org_import.c: the CSV imports of units, people and oversight (X3): good files in
 * English and Chinese headers, UTF-8 and GBK; every bad-row kind reported as exactly
 * `FILE:LINE: column: what`, as JSON entries too, and nothing written when any row is bad. */
#include "orgtest.h"

#include <iconv.h>

typedef int (*import_fn)(struct store *s, const struct actor *who, const char *fname,
			 const char *data, size_t len, struct import_report *rep, json_t *errors,
			 int *imported, struct zf_err *err);

/* Imports data as fname; expects success with `want` rows. */
static void import_ok(struct fx *f, import_fn fn, const char *fname, const char *data, size_t len,
		      int want)
{
	struct import_report rep;
	int n = -1;
	import_report_init(&rep, fname);
	zf_err_clear(&f->err);
	int rc = fn(f->s, &f->who, fname, data, len, &rep, NULL, &n, &f->err);
	if (rc != 0)
		fail_msg("import %s: %d %s\n%s", fname, rc, f->err.msg, buf_str(&rep.out));
	assert_int_equal(rep.nerrors, 0);
	assert_int_equal(n, want);
	assert_false(store_in_tx(f->s));
	import_report_cleanup(&rep);
}

/*
 * Imports data as fname expecting it refused: the report must be exactly `want`, err->msg
 * "<nbad> bad row(s)", nothing written (no audit entry, the row counts of units, people,
 * categories, team and oversight unchanged). Returns the JSON errors (caller decrefs).
 */
static json_t *import_bad(struct fx *f, import_fn fn, const char *fname, const char *data,
			  size_t len, const char *want, int nbad)
{
	static const char *counts[] = {
	    "SELECT count(*) FROM audit_log",	 "SELECT count(*) FROM units",
	    "SELECT count(*) FROM people",	 "SELECT count(*) FROM categories",
	    "SELECT count(*) FROM team_members", "SELECT count(*) FROM oversight"};
	int64_t before[ARRAY_LEN(counts)];
	for (size_t i = 0; i < ARRAY_LEN(counts); i++)
		before[i] = fx_int(f, counts[i]);
	struct import_report rep;
	json_t *errors = json_array();
	int n = -1;
	char msg[64];
	import_report_init(&rep, fname);
	zf_err_clear(&f->err);
	int rc = fn(f->s, &f->who, fname, data, len, &rep, errors, &n, &f->err);
	assert_int_equal(rc, ZF_EINVAL);
	if (strcmp(buf_str(&rep.out), want))
		fail_msg("report:\n%s\nwant:\n%s", buf_str(&rep.out), want);
	snprintf(msg, sizeof msg, "%d bad row%s", nbad, nbad == 1 ? "" : "s");
	assert_string_equal(f->err.msg, msg);
	assert_int_equal(n, -1);
	assert_int_equal(json_array_size(errors), (size_t)rep.nerrors);
	assert_false(store_in_tx(f->s));
	for (size_t i = 0; i < ARRAY_LEN(counts); i++)
		assert_int_equal(fx_int(f, counts[i]), before[i]);
	import_report_cleanup(&rep);
	return errors;
}

#define S(lit) lit, sizeof(lit) - 1

/* UTF-8 to GB18030 with iconv; the caller frees the result. */
static char *to_gbk(const char *s, size_t *len)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inleft = strlen(s), cap = inleft * 2 + 8, oleft = cap;
	char *out = malloc(cap), *in = (char *)s, *o = out;
	assert_true(iconv(cd, &in, &inleft, &o, &oleft) != (size_t)-1);
	iconv_close(cd);
	*len = cap - oleft;
	return out;
}

static void json_error_is(json_t *errors, size_t i, long line, const char *column,
			  const char *message)
{
	json_t *e = json_array_get(errors, i);
	assert_non_null(e);
	assert_int_equal(json_integer_value(json_object_get(e, "line")), line);
	if (column)
		assert_string_equal(json_string_value(json_object_get(e, "column")), column);
	else
		assert_null(json_object_get(e, "column"));
	assert_string_equal(json_string_value(json_object_get(e, "message")), message);
}

static const char units_csv[] = "code,name,category,parent\n"
				"D,区委,district,\n"
				"T1,东城镇,乡镇,D\n"
				"T2,西城镇,Township-B,D\n"
				"E1,发改局,经济系统,D\n"
				"V1,东村,乡镇,T1\n";

static void test_units_good(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	struct org_category econ = {.code = "econ", .name = "经济系统", .kind = "dept"};
	FX_OK(f, org_category_create(f->s, &f->who, &econ, &f->err));
	int64_t n0 = fx_audit_count(f);

	import_ok(f, org_import_units, "u.csv", S(units_csv), 5);
	/* 5 units, 3 new categories (district, 乡镇, Township-B), 1 import entry */
	assert_int_equal(fx_audit_count(f), n0 + 5 + 3 + 1);
	assert_int_equal(fx_int(f, "SELECT count(*) FROM audit_log WHERE action = 'import'"
				   " AND entity = 'unit' AND entity_id = 'u.csv'"),
			 1);
	FX_OK(f, org_category_get(f->s, "乡镇", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "township");
	assert_int_equal(json_integer_value(json_object_get(j, "units")), 2);
	json_decref(j);
	FX_OK(f, org_category_get(f->s, "Township-B", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "township");
	json_decref(j);
	FX_OK(f, org_category_get(f->s, "district", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "kind")), "dept");
	json_decref(j);
	/* a category named by its name is that category */
	FX_OK(f, org_unit_get(f->s, "E1", &j, &f->err));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "category"), "code")), "econ");
	json_decref(j);
	FX_OK(f, org_unit_get(f->s, "V1", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "name")), "东村");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "parent"), "code")), "T1");
	json_decref(j);

	/* a second file may hang units under the first one's; a BOM and CRLF are fine */
	import_ok(f, org_import_units, "u2.csv",
		  S("\xEF\xBB\xBF"
		    "单位编码,单位名称,类别,上级单位\r\nV2,西村,乡镇,T2\r\n"),
		  1);
	/* a header-only file imports nothing, successfully */
	import_ok(f, org_import_units, "u3.csv", S("code,name,category\n"), 0);
}

static void test_units_bad_rows(void **state)
{
	struct fx *f = *state;
	fx_category(f, "towns", "township");
	fx_unit(f, "OLD", "towns", NULL);
	json_t *e =
	    import_bad(f, org_import_units, "u.csv",
		       S("code,name,category,parent\n"
			 "A,甲,towns,\n"
			 "B,乙,towns,X9\n"
			 "C,丙,towns,D\n"
			 "D,丁,towns,\n"
			 "A,甲2,towns,\n"
			 "OLD,旧,towns,\n"
			 "E,,towns,\n"
			 "F G,戊,,\n"
			 "H,己,newcat,BAD\n"
			 "BAD,庚,towns,E\n"
			 "I,辛,towns,I\n"),
		       "u.csv:3: parent: unknown unit X9\n"
		       "u.csv:4: parent: unit D comes later, on line 5: list a parent "
		       "before its sub-units\n"
		       "u.csv:6: code: duplicate code A: also on line 2\n"
		       "u.csv:7: code: duplicate code: unit OLD exists\n"
		       "u.csv:8: name: required\n"
		       "u.csv:9: code: 'F G' is not a code: no spaces or any of / ? # % \\\n"
		       "u.csv:9: category: required\n"
		       "u.csv:10: parent: unit BAD comes later, on line 11: list a parent "
		       "before its sub-units\n"
		       "u.csv:11: parent: unit E on line 8 has errors\n"
		       "u.csv:12: parent: a unit cannot be its own parent\n",
		       9);
	json_error_is(e, 0, 3, "parent", "unknown unit X9");
	json_error_is(e, 6, 9, "category", "required");
	json_decref(e);
}

static const char people_head[] =
    "code,name,gender,birth_date,unit,rank,post,appointed_on,managed_by,team_role,title,"
    "areas\n";

static void setup_units(struct fx *f)
{
	import_ok(f, org_import_units, "u.csv", S(units_csv), 5);
}

static void test_people_good(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	setup_units(f);
	char csv[2048];
	snprintf(csv, sizeof csv,
		 "%s"
		 "P1,张书记,男,1975-03-04,T1,正科,党委书记,2019-01-02,D,主要领导,党委书记,\n"
		 "P2,李镇长,女,1984-11-30,T1,副科级,副镇长,,D,deputy,副镇长,\"安全生产、环保\"\n"
		 "P3,王干部,F,1992-01-01,T1,一般干部,科员,,,,,\n"
		 "P4,赵主任,M,1970-07-07,V1,村干部,村主任,,,main,村委会主任,\n",
		 people_head);
	int64_t n0 = fx_audit_count(f);
	import_ok(f, org_import_people, "p.csv", csv, strlen(csv), 4);
	/* 4 people, 3 memberships, 1 import entry */
	assert_int_equal(fx_audit_count(f), n0 + 4 + 3 + 1);

	FX_OK(f, org_person_get(f->s, "P2", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "gender")), "F");
	assert_string_equal(json_string_value(json_object_get(j, "rank")), "副科");
	assert_true(json_is_null(json_object_get(j, "appointed_on")));
	json_decref(j);
	FX_OK(f, org_team_list(f->s, "T1", false, &j, &f->err));
	assert_int_equal(json_array_size(j), 2);
	json_t *m = json_array_get(j, 0), *d = json_array_get(j, 1);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(m, "person"), "code")), "P1");
	assert_string_equal(json_string_value(json_object_get(m, "role")), "main");
	assert_int_equal(json_array_size(json_object_get(d, "areas")), 2);
	json_decref(j);
}

static void test_people_bad_rows(void **state)
{
	struct fx *f = *state;
	setup_units(f);
	fx_person(f, "OLD", "T1");
	char csv[4096];
	snprintf(csv, sizeof csv,
		 "%s"
		 "P1,张三,男,1975-03-04,T1,正科,书记,,,main,,\n"
		 "P2,李四,女,1984-13-01,T1,副科,副镇长,,,,,\n"
		 "P3,王五,F,1990-01-01,T9,副科,干部,,,,,\n"
		 "P1,重复,M,1990-01-01,T1,副科,干部,,,,,\n"
		 "OLD,旧,M,1990-01-01,T1,副科,干部,,,,,\n"
		 "P6,,X,1990-01-01,T1,科员,干部,,,,,\n"
		 "P7,孙七,M,1990-01-01,T1,副科,干部,2020-02-30,ZZ,,,教育\n"
		 "P8,周八,M,1990-01-01,T1,副科,干部,,,main,,\n"
		 "P9,吴九,M,1990-01-01,T1,副科,,,,chief,,\n",
		 people_head);
	json_t *e = import_bad(
	    f, org_import_people, "p.csv", csv, strlen(csv),
	    "p.csv:3: birth_date: '1984-13-01' is not a date: write YYYY-MM-DD\n"
	    "p.csv:4: unit: unknown unit T9\n"
	    "p.csv:5: code: duplicate code P1: also on line 2\n"
	    "p.csv:6: code: duplicate code: person OLD exists\n"
	    "p.csv:7: name: required\n"
	    "p.csv:7: gender: 'X' is not a gender: M or F (男 or 女)\n"
	    "p.csv:7: rank: '科员' is not a rank: 正处, 副处, 正科, 副科, 一般干部 or 村干部\n"
	    "p.csv:8: team_role: needed when title or areas is given\n"
	    "p.csv:8: appointed_on: '2020-02-30' is not a date: write YYYY-MM-DD\n"
	    "p.csv:8: managed_by: unknown unit ZZ\n"
	    "p.csv:9: team_role: unit T1 already has a main leader (第一责任人): P1 张三\n"
	    "p.csv:10: team_role: 'chief' is not a team role: main, deputy or member "
	    "(主要领导, 副职, 成员)\n"
	    "p.csv:10: post: required\n",
	    8);
	json_error_is(e, 0, 3, "birth_date", "'1984-13-01' is not a date: write YYYY-MM-DD");
	json_error_is(e, 1, 4, "unit", "unknown unit T9");
	json_decref(e);
}

static void test_missing_and_unknown_columns(void **state)
{
	struct fx *f = *state;
	setup_units(f);
	json_t *e = import_bad(f, org_import_people, "p.csv",
			       S("code,name,gender,unit,rank,post,nickname\n"
				 "P1,张三,男,T1,正科,书记,三儿\n"),
			       "p.csv:1: nickname: unknown column\n"
			       "p.csv:1: 出生日期: missing column\n",
			       1);
	json_error_is(e, 0, 1, "nickname", "unknown column");
	json_error_is(e, 1, 1, "出生日期", "missing column");
	json_decref(e);
	e = import_bad(f, org_import_units, "u.csv", S("单位编码,单位名称,code\nA,甲,B\n"),
		       "u.csv:1: code: duplicate column\n"
		       "u.csv:1: 类别: missing column\n",
		       1);
	json_decref(e);
}

static void test_wrong_column_count(void **state)
{
	struct fx *f = *state;
	setup_units(f);
	/* the short row and the long one are reported; the good rows are checked as well */
	json_t *e = import_bad(f, org_import_units, "u.csv",
			       S("code,name,category,parent\n"
				 "A,甲,乡镇,D\n"
				 "B,乙,乡镇\n"
				 "C,丙,乡镇,D,extra\n"
				 "E,戊,乡镇,NOPE\n"),
			       "u.csv:3: wrong column count: 3 fields, header has 4\n"
			       "u.csv:4: wrong column count: 5 fields, header has 4\n"
			       "u.csv:5: parent: unknown unit NOPE\n",
			       3);
	json_error_is(e, 0, 3, NULL, "wrong column count: 3 fields, header has 4");
	json_decref(e);
}

static void test_invalid_encoding_and_syntax(void **state)
{
	struct fx *f = *state;
	setup_units(f);
	json_t *e = import_bad(f, org_import_units, "u.csv",
			       S("code,name,category\nA,good,乡镇\nB,\xFF\xFF,乡镇\n"),
			       "u.csv:3: invalid encoding: neither UTF-8 nor GB18030\n", 1);
	json_error_is(e, 0, 3, NULL, "invalid encoding: neither UTF-8 nor GB18030");
	json_decref(e);
	e = import_bad(f, org_import_units, "u.csv",
		       S("code,name,category\nA,\"unclosed,乡镇\nB,b,乡镇\n"),
		       "u.csv:2: unterminated quote: a field opened with \" is never closed\n", 1);
	json_decref(e);
	e = import_bad(f, org_import_units, "u.csv", S(""),
		       "u.csv:1: the file is empty: a header row is needed\n", 1);
	json_decref(e);
	e = import_bad(f, org_import_oversight, "o.csv", S("leader,unit\r\nP1,T1\0\r\n"),
		       "o.csv:2: invalid encoding: a NUL byte (UTF-16?); save as UTF-8 or "
		       "GB18030\n",
		       1);
	json_decref(e);
}

static void test_gbk_chinese_headers(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	size_t len;
	char *gbk = to_gbk("单位编码,单位名称,类别,上级单位\n"
			   "D,区委,区直,\n"
			   "T1,东城镇,乡镇,D\n",
			   &len);
	/* The bytes of 单位编码 in GBK start the file: it really is not UTF-8. */
	assert_memory_equal(gbk, "\xB5\xA5\xCE\xBB\xB1\xE0\xC2\xEB", 8);
	import_ok(f, org_import_units, "单位.csv", gbk, len, 2);
	free(gbk);
	FX_OK(f, org_unit_get(f->s, "T1", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "name")), "东城镇");
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(j, "category"), "kind")), "township");
	json_decref(j);

	gbk = to_gbk("人员编码,姓名,性别,出生日期,单位编码,职级,职务,班子角色,班子职务,分管领域\n"
		     "P1,张三,男,1980-05-06,T1,正科,党委书记,主要领导,党委书记,\n"
		     "P2,李四,女,1986-01-31,T1,副科,副镇长,副职,副镇长,安全生产、环保\n",
		     &len);
	import_ok(f, org_import_people, "人员.csv", gbk, len, 2);
	free(gbk);
	FX_OK(f, org_person_get(f->s, "P2", &j, &f->err));
	assert_string_equal(json_string_value(json_object_get(j, "name")), "李四");
	json_decref(j);
	j = NULL;
	FX_OK(f, org_responsibility(f->s, "T1", "环保", &j, &f->err));
	json_t *chain = json_object_get(j, "chain");
	assert_int_equal(json_array_size(chain), 2);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(json_array_get(chain, 1), "person"), "name")),
			    "李四");
	json_decref(j);

	/* a bad row in a GBK file names the column as the file does */
	gbk = to_gbk("人员编码,姓名,性别,出生日期,单位编码,职级,职务\n"
		     "P3,王五,男,1980-02-30,T1,正科,书记\n",
		     &len);
	json_t *e = import_bad(f, org_import_people, "人员.csv", gbk, len,
			       "人员.csv:2: 出生日期: '1980-02-30' is not a date: write "
			       "YYYY-MM-DD\n",
			       1);
	free(gbk);
	json_error_is(e, 0, 2, "出生日期", "'1980-02-30' is not a date: write YYYY-MM-DD");
	json_decref(e);
}

static void test_oversight_import(void **state)
{
	struct fx *f = *state;
	json_t *j = NULL;
	setup_units(f);
	fx_person(f, "L1", "D");
	fx_person(f, "L2", "D");
	json_t *e = import_bad(f, org_import_oversight, "o.csv",
			       S("leader,unit,area\n"
				 "L1,T1,\n"
				 "LX,T1,\n"
				 "L2,,\n"
				 "L2,T7,教育\n"
				 "L1,T1,\n"),
			       "o.csv:3: leader: unknown person LX\n"
			       "o.csv:4: area: give the unit or the area overseen (or both)\n"
			       "o.csv:5: unit: unknown unit T7\n"
			       "o.csv:6: leader: L1 already has this oversight assignment (id 1)\n",
			       4);
	json_decref(e);

	import_ok(f, org_import_oversight, "o.csv",
		  S("领导编码,单位编码,分管领域\nL1,T1,\nL2,,安全生产\nL2,T2,教育、卫生\n"), 3);
	struct org_oversight_filter all = {.active = -1};
	FX_OK(f, org_oversight_list(f->s, &all, 0, 100, &j, &f->err));
	assert_int_equal(json_array_size(j), 3);
	assert_string_equal(json_string_value(json_object_get(json_array_get(j, 2), "area")),
			    "教育、卫生");
	json_decref(j);
	/* the same areas in another order, or written twice, are the same assignment; a
	 * subset or a superset is not */
	e = import_bad(f, org_import_oversight, "p.csv",
		       S("leader,unit,area\n"
			 "L2,T2,卫生、教育\n"
			 "L2,T2,\"卫生,教育,卫生\"\n"
			 "L2,T2,卫生\n"
			 "L2,T2,教育、卫生、文化\n"),
		       "p.csv:2: leader: L2 already has this oversight assignment (id 3)\n"
		       "p.csv:3: leader: L2 already has this oversight assignment (id 3)\n",
		       2);
	json_decref(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_units_good, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_units_bad_rows, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_people_good, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_people_bad_rows, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_missing_and_unknown_columns, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_wrong_column_count, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_invalid_encoding_and_syntax, fx_setup,
					    fx_teardown),
	    cmocka_unit_test_setup_teardown(test_gbk_chinese_headers, fx_setup, fx_teardown),
	    cmocka_unit_test_setup_teardown(test_oversight_import, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
