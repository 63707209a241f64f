/* test_api_org_import.c: the CSV imports over HTTP (X3): a good file is imported whole, a bad
 * one is refused whole with every bad row listed and nothing written; GB18030/GBK files with
 * Chinese headers; the upload limit, CSRF and roles. The tests run in order: the first
 * imports the fixture district (tests/cli/data) that the later ones refer to. */
#include "apitest.h"

#include <errno.h>
#include <iconv.h>
#include <inttypes.h>

static struct api A;
static const char *PW = "Demo-pass1";
static struct client OFF, VIEW;

/* ---- helpers ---- */

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

static int64_t count(const char *sql)
{
	int64_t v = -1;
	struct zf_err err;
	if (store_query_int(A.db, &err, &v, sql, "") < 0)
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

/* The whole of tests/cli/data/name, NUL-terminated; the caller frees it. */
static char *fixture(const char *name)
{
	char path[512];
	snprintf(path, sizeof path, "%s/tests/cli/data/%s", ZF_SOURCE_DIR, name);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	char *data = malloc(64 * 1024);
	size_t n = fread(data, 1, 64 * 1024 - 1, f);
	fclose(f);
	data[n] = '\0';
	return data;
}

/* utf8 in GBK, NUL-terminated; the caller frees it. */
static char *to_gbk(const char *utf8)
{
	iconv_t cd = iconv_open("GBK", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inleft = strlen(utf8), outleft = 2 * inleft + 1;
	char *out = calloc(1, outleft + 1), *in = (char *)utf8, *o = out;
	assert_true(iconv(cd, &in, &inleft, &o, &outleft) != (size_t)-1);
	iconv_close(cd);
	return out;
}

/* POSTs data as a CSV file to /api/v1/import/<kind><query> as c; fails, naming the caller's
 * line, unless the status is want. The response stays in r. */
static void import_at(int line, struct client *c, const char *kind, const char *query,
		      const char *data, long want, struct api_resp *r)
{
	char path[256];
	snprintf(path, sizeof path, "/api/v1/import/%s%s", kind, query ? query : "");
	api_call(&A, c, "POST", path, data, "text/csv", r);
	if (r->status != want)
		fail_msg("line %d: import %s: %ld %.2000s, want %ld", line, kind, r->status,
			 r->body ? r->body : "", want);
}
#define IMPORT(c, kind, q, data, want, r) import_at(__LINE__, c, kind, q, data, want, r)

/* Imports a good file and checks the count. */
static void imports_at(int line, const char *kind, const char *query, const char *data, int n)
{
	struct api_resp r;
	import_at(line, &OFF, kind, query, data, 200, &r);
	if (json_object_size(r.json) != 1 || json_integer_value(jat(r.json, "imported")) != n)
		fail_msg("line %d: import %s: %s, want {\"imported\":%d}", line, kind, r.body, n);
	api_resp_cleanup(&r);
}
#define IMPORTS(kind, q, data, n) imports_at(__LINE__, kind, q, data, n)

/* What an import could change. */
struct snap {
	int64_t categories, units, people, team, oversight, audit;
};

static void take(struct snap *s)
{
	s->categories = count("SELECT count(*) FROM categories");
	s->units = count("SELECT count(*) FROM units");
	s->people = count("SELECT count(*) FROM people");
	s->team = count("SELECT count(*) FROM team_members");
	s->oversight = count("SELECT count(*) FROM oversight");
	s->audit = count("SELECT count(*) FROM audit_log");
}

static void unchanged_at(int line, const struct snap *before)
{
	struct snap now;
	take(&now);
	if (memcmp(&now, before, sizeof now))
		fail_msg("line %d: the database changed: categories %" PRId64 "->%" PRId64
			 " units %" PRId64 "->%" PRId64 " people %" PRId64 "->%" PRId64
			 " team %" PRId64 "->%" PRId64 " oversight %" PRId64 "->%" PRId64
			 " audit %" PRId64 "->%" PRId64,
			 line, before->categories, now.categories, before->units, now.units,
			 before->people, now.people, before->team, now.team, before->oversight,
			 now.oversight, before->audit, now.audit);
}
#define UNCHANGED(before) unchanged_at(__LINE__, before)

/* An expected entry of "errors": column NULL when the problem names none. */
struct bad {
	long line;
	const char *column, *message;
};

/*
 * Imports a bad file and checks the reply: 400 {"error":{"code":"invalid","message":
 * "N bad row(s)"},"errors":[...]} holding exactly the entries of want, in any order, and the
 * database unchanged.
 */
static void refused_at(int line, const char *kind, const char *data, const char *summary,
		       const struct bad *want, size_t nwant)
{
	struct api_resp r;
	struct snap before;
	take(&before);
	import_at(line, &OFF, kind, NULL, data, 400, &r);
	if (strcmp(jstr(r.json, "error.code"), "invalid") ||
	    strcmp(jstr(r.json, "error.message"), summary))
		fail_msg("line %d: %s, want invalid / %s", line, r.body, summary);
	json_t *errors = jat(r.json, "errors");
	if (json_array_size(errors) != nwant)
		fail_msg("line %d: %zu errors, want %zu: %s", line, json_array_size(errors), nwant,
			 r.body);
	for (size_t i = 0; i < nwant; i++) {
		size_t k, found = 0;
		json_t *e;
		json_array_foreach(errors, k, e)
		{
			json_t *col = json_object_get(e, "column");
			found +=
			    json_integer_value(json_object_get(e, "line")) == want[i].line &&
			    (want[i].column ? json_is_string(col) &&
						  !strcmp(json_string_value(col), want[i].column)
					    : col == NULL) &&
			    !strcmp(jstr(e, "message"), want[i].message);
		}
		if (found != 1)
			fail_msg("line %d: %zu times {%ld, %s, %s} in %s", line, found,
				 want[i].line, want[i].column ? want[i].column : "(no column)",
				 want[i].message, r.body);
	}
	api_resp_cleanup(&r);
	unchanged_at(line, &before);
}
#define REFUSED(kind, data, summary, want)                                                         \
	refused_at(__LINE__, kind, data, summary, want, sizeof want / sizeof want[0])

/* The audit entries of one action on one entity id by the office account. */
static int64_t audited(const char *action, const char *entity, const char *id, const char *like)
{
	int64_t v = -1;
	struct zf_err err;
	if (store_query_int(A.db, &err, &v,
			    "SELECT count(*) FROM audit_log WHERE actor = 'office' AND action = ?"
			    " AND entity = ? AND entity_id = ? AND changes LIKE ?",
			    "tttt", action, entity, id, like) < 0)
		fail_msg("audit: %s", err.msg);
	return v;
}

static int setup(void **state)
{
	api_start(&A);
	api_user(&A, "office", "office", NULL, PW);
	api_user(&A, "viewer", "viewer", NULL, PW);
	api_login(&A, &OFF, "office", PW);
	api_login(&A, &VIEW, "viewer", PW);
	return 0;
}

static int teardown(void **state)
{
	api_stop(&A);
	return 0;
}

/* ---- good files ---- */

static void test_import_fixture_district(void **state)
{
	struct api_resp r;
	struct snap s0, s1, s2;
	char *units = fixture("units.csv"), *people = fixture("people.csv"),
	     *oversight = fixture("oversight.csv");
	take(&s0);
	IMPORTS("units", NULL, units, 7);
	take(&s1);
	assert_int_equal(s1.units, s0.units + 7);
	/* the categories the file names are created: 区委 区政府 乡镇 经济系统 村 */
	assert_int_equal(s1.categories, s0.categories + 5);
	assert_int_equal(count("SELECT count(*) FROM categories WHERE code = '乡镇'"
			       " AND kind = 'township'"),
			 1);
	assert_int_equal(count("SELECT count(*) FROM categories WHERE code = '经济系统'"
			       " AND kind = 'dept'"),
			 1);
	/* an entry for each unit and category, and one for the file */
	assert_int_equal(s1.audit, s0.audit + 7 + 5 + 1);
	assert_int_equal(audited("import", "unit", "units.csv", "%\"rows\":7%"), 1);
	assert_int_equal(audited("create", "unit", "V01", "%"), 1);
	api_call(&A, &OFF, "GET", "/api/v1/units/V01", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "name"), "东城镇东村");
	assert_string_equal(jstr(r.json, "parent.code"), "T01");
	assert_string_equal(jstr(r.json, "category.code"), "村");
	api_resp_cleanup(&r);

	IMPORTS("people", NULL, people, 9);
	take(&s2);
	assert_int_equal(s2.people, s1.people + 9);
	assert_int_equal(s2.team, s1.team + 8); /* P012 has no team role */
	assert_int_equal(s2.audit, s1.audit + 9 + 8 + 1);
	assert_int_equal(audited("import", "person", "people.csv", "%\"rows\":9%"), 1);
	api_call(&A, &OFF, "GET", "/api/v1/units/T01/team", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_array_size(jat(r.json, "items")), 2);
	assert_string_equal(jstr(r.json, "items.0.person.code"), "P010");
	assert_string_equal(jstr(r.json, "items.0.role"), "main");
	assert_string_equal(jstr(r.json, "items.0.title"), "党委书记");
	assert_string_equal(jstr(r.json, "items.1.person.code"), "P011");
	assert_string_equal(jstr(r.json, "items.1.role"), "deputy");
	assert_string_equal(jstr(r.json, "items.1.areas.0"), "安全生产");
	assert_string_equal(jstr(r.json, "items.1.areas.1"), "环保");
	api_resp_cleanup(&r);
	api_call(&A, &OFF, "GET", "/api/v1/people/P040", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "name"), "冯村");
	assert_string_equal(jstr(r.json, "gender"), "M");
	assert_string_equal(jstr(r.json, "birth_date"), "1970-01-01");
	assert_string_equal(jstr(r.json, "rank"), "村干部");
	assert_string_equal(jstr(r.json, "unit.code"), "V01");
	assert_string_equal(jstr(r.json, "managed_by.code"), "T01");
	assert_true(json_is_null(jat(r.json, "appointed_on")));
	api_resp_cleanup(&r);

	IMPORTS("oversight", NULL, oversight, 3);
	take(&s1);
	assert_int_equal(s1.oversight, s2.oversight + 3);
	assert_int_equal(s1.audit, s2.audit + 3 + 1);
	api_call(&A, &OFF, "GET", "/api/v1/oversight?leader=P003", NULL, NULL, &r);
	assert_int_equal(json_array_size(jat(r.json, "items")), 2);
	assert_string_equal(jstr(r.json, "items.0.unit.code"), "T01");
	assert_true(json_is_null(jat(r.json, "items.0.area")));
	assert_true(json_is_null(jat(r.json, "items.1.unit")));
	assert_string_equal(jstr(r.json, "items.1.area"), "安全生产");
	api_resp_cleanup(&r);
	free(units);
	free(people);
	free(oversight);
}

static void test_import_chinese_headers_and_filename(void **state)
{
	struct api_resp r;
	char *zh = fixture("units_zh.csv");
	/* ?filename=C:/dir/区划.csv: only the last segment is kept */
	IMPORTS("units", "?filename=C%3A%2Fdir%2F%E5%8C%BA%E5%88%92.csv", zh, 3);
	assert_int_equal(audited("import", "unit", "区划.csv", "%\"encoding\":\"UTF-8\"%"), 1);
	api_call(&A, &OFF, "GET", "/api/v1/units/Q02", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "name"), "南山乡");
	assert_string_equal(jstr(r.json, "parent.code"), "Q01");
	assert_string_equal(jstr(r.json, "category.code"), "乡镇");
	api_resp_cleanup(&r);
	free(zh);
}

static void test_import_gbk_files(void **state)
{
	struct api_resp r;
	char *units = to_gbk("单位编码,单位名称,类别,上级单位\r\n"
			     "K01,南湖乡,乡镇,\r\n"
			     "K02,南湖乡东村,村,K01\r\n");
	char *people = to_gbk("人员编码,姓名,性别,出生日期,单位编码,职级,职务,班子角色,分管领域\n"
			      "K101,林芳,女,1988-08-08,K01,正科级,乡长,主要领导,\n"
			      "K102,周涛,男,1990-02-03,K01,副科,副乡长,副职,\"农业、水利\"\n");
	/* the bytes really are GBK: 单 is B5 A5, 人 is C8 CB */
	assert_int_equal((unsigned char)units[0], 0xB5);
	assert_int_equal((unsigned char)units[1], 0xA5);
	assert_int_equal((unsigned char)people[0], 0xC8);
	assert_int_equal((unsigned char)people[1], 0xCB);
	IMPORTS("units", "?filename=gbk_units.csv", units, 2);
	assert_int_equal(audited("import", "unit", "gbk_units.csv", "%\"encoding\":\"GB18030\"%"),
			 1);
	IMPORTS("people", "?filename=gbk_people.csv", people, 2);
	assert_int_equal(
	    audited("import", "person", "gbk_people.csv", "%\"encoding\":\"GB18030\"%"), 1);
	api_call(&A, &OFF, "GET", "/api/v1/units/K02", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "name"), "南湖乡东村");
	assert_string_equal(jstr(r.json, "parent.name"), "南湖乡");
	api_resp_cleanup(&r);
	api_call(&A, &OFF, "GET", "/api/v1/units/K01/team", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(jstr(r.json, "items.0.person.name"), "林芳");
	assert_string_equal(jstr(r.json, "items.0.person.rank"), "正科");
	assert_string_equal(jstr(r.json, "items.0.role_zh"), "主要领导");
	assert_string_equal(jstr(r.json, "items.1.person.post"), "副乡长");
	assert_string_equal(jstr(r.json, "items.1.areas.1"), "水利");
	api_resp_cleanup(&r);
	free(units);
	free(people);
}

/* ---- bad files: refused whole, every bad row listed, nothing written ---- */

static void test_import_people_bad_rows(void **state)
{
	char *bad = fixture("people_bad.csv");
	const struct bad want[] = {
	    {3, "birth_date", "'1985-13-01' is not a date: write YYYY-MM-DD"},
	    {4, "unit", "unknown unit T99"},
	    {5, "code", "duplicate code P101: also on line 2"},
	    {6, NULL, "wrong column count: 5 fields, header has 7"},
	    {7, "gender", "'?' is not a gender: M or F (男 or 女)"},
	    {7, "rank", "'科员' is not a rank: 正处, 副处, 正科, 副科, 一般干部 or 村干部"},
	};
	REFUSED("people", bad, "5 bad rows", want);
	free(bad);
	/* the good row of that file alone is fine */
	IMPORTS("people", NULL,
		"code,name,gender,birth_date,unit,rank,post\n"
		"P101,甲,男,1980-01-01,T01,副科,干部\n",
		1);
}

static void test_import_units_bad_rows(void **state)
{
	const char *csv = "code,name,category,parent\n"
			  "N01,新单位,新类别,\n"
			  "N02,,乡镇,N01\n"
			  "T01,重复,乡镇,\n"
			  "N03,下级,乡镇,N09\n"
			  "N04,自指,乡镇,N04\n"
			  "N05,先子,乡镇,N06\n"
			  "N06,后父,乡镇,\n"
			  "N01,再来,乡镇,\n"
			  "N 7,空格,乡镇,\n";
	const struct bad want[] = {
	    {3, "name", "required"},
	    {4, "code", "duplicate code: unit T01 exists"},
	    {5, "parent", "unknown unit N09"},
	    {6, "parent", "a unit cannot be its own parent"},
	    {7, "parent", "unit N06 comes later, on line 8: list a parent before its sub-units"},
	    {9, "code", "duplicate code N01: also on line 2"},
	    {10, "code", "'N 7' is not a code: no spaces or any of / ? # % \\"},
	};
	/* the new category of line 2 is not kept either */
	REFUSED("units", csv, "7 bad rows", want);
	assert_int_equal(count("SELECT count(*) FROM categories WHERE name = '新类别'"), 0);
	/* a file imported twice: every row is a duplicate */
	char *units = fixture("units.csv");
	const struct bad dup[] = {
	    {2, "code", "duplicate code: unit D01 exists"},
	    {3, "code", "duplicate code: unit G01 exists"},
	    {4, "code", "duplicate code: unit T01 exists"},
	    {5, "code", "duplicate code: unit T02 exists"},
	    {6, "code", "duplicate code: unit E01 exists"},
	    {7, "code", "duplicate code: unit E02 exists"},
	    {8, "code", "duplicate code: unit V01 exists"},
	};
	REFUSED("units", units, "7 bad rows", dup);
	free(units);
}

static void test_import_oversight_bad_rows(void **state)
{
	char *bad = fixture("oversight_bad.csv");
	const struct bad want[] = {
	    {3, "领导编码", "unknown person P999"},
	    {4, "分管领域", "give the unit or the area overseen (or both)"},
	};
	/* line 2 is good, and not written either */
	REFUSED("oversight", bad, "2 bad rows", want);
	free(bad);
}

static void test_import_missing_column(void **state)
{
	char *bad = fixture("people_missing_column.csv");
	const struct bad want[] = {{1, "出生日期", "missing column"}};
	REFUSED("people", bad, "1 bad row", want);
	free(bad);
	const struct bad unknown[] = {{1, "colour", "unknown column"}};
	REFUSED("oversight", "leader,area,colour\nP002,财务,红\n", "1 bad row", unknown);
}

static void test_import_wrong_column_count(void **state)
{
	const struct bad want[] = {
	    {2, NULL, "wrong column count: 2 fields, header has 3"},
	    {4, NULL, "wrong column count: 4 fields, header has 3"},
	};
	REFUSED("oversight", "leader,unit,area\nP002,T02\nP002,,财务\nP002,,审计,多余\n",
		"2 bad rows", want);
}

static void test_import_invalid_encoding(void **state)
{
	/* FF is neither UTF-8 nor GB18030 */
	const struct bad want[] = {{3, NULL, "invalid encoding: neither UTF-8 nor GB18030"}};
	REFUSED("units", "code,name,category,parent\nE11,好,乡镇,\nE12,\xff\xfe,乡镇,\n",
		"1 bad row", want);
	const struct bad empty[] = {{1, NULL, "the file is empty: a header row is needed"}};
	REFUSED("units", "", "1 bad row", empty);
}

/* ---- the door: size, CSRF, roles ---- */

static void test_import_upload_limit(void **state)
{
	struct api_resp r;
	struct snap before;
	const char *head = "leader,unit,area\nP002,,统计\n";
	size_t n = 256 * 1024;
	char *big = malloc(n + 2);
	/* blank lines are skipped: a file of exactly the limit imports */
	memset(big, '\n', n + 1);
	memcpy(big, head, strlen(head));
	big[n] = '\0';
	IMPORTS("oversight", NULL, big, 1);
	/* one byte more is refused before it is read, and nothing is written */
	big[n] = '\n';
	big[n + 1] = '\0';
	memcpy(big, "leader,unit,area\nP002,,审计\n", strlen("leader,unit,area\nP002,,审计\n"));
	take(&before);
	IMPORT(&OFF, "oversight", NULL, big, 413, &r);
	assert_string_equal(jstr(r.json, "error.code"), "too_large");
	api_resp_cleanup(&r);
	UNCHANGED(&before);
	free(big);
}

static void test_import_needs_csrf_and_office(void **state)
{
	struct api_resp r;
	struct snap before;
	const char *csv = "leader,unit,area\nP002,,信访\n";
	struct client nocsrf = OFF;
	nocsrf.csrf[0] = '\0';
	take(&before);
	IMPORT(&nocsrf, "oversight", NULL, csv, 403, &r);
	assert_string_equal(jstr(r.json, "error.code"), "csrf");
	api_resp_cleanup(&r);
	IMPORT(&VIEW, "units", NULL, "code,name,category\nW01,甲,乡镇\n", 403, &r);
	assert_string_equal(jstr(r.json, "error.code"), "forbidden");
	api_resp_cleanup(&r);
	IMPORT(&VIEW, "people", NULL, "x", 403, &r);
	assert_string_equal(jstr(r.json, "error.code"), "forbidden");
	api_resp_cleanup(&r);
	IMPORT(&VIEW, "oversight", NULL, csv, 403, &r);
	assert_string_equal(jstr(r.json, "error.code"), "forbidden");
	api_resp_cleanup(&r);
	IMPORT(NULL, "oversight", NULL, csv, 401, &r);
	api_resp_cleanup(&r);
	UNCHANGED(&before);
	/* the same file with the token goes in */
	IMPORTS("oversight", NULL, csv, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_import_fixture_district),
	    cmocka_unit_test(test_import_chinese_headers_and_filename),
	    cmocka_unit_test(test_import_gbk_files),
	    cmocka_unit_test(test_import_people_bad_rows),
	    cmocka_unit_test(test_import_units_bad_rows),
	    cmocka_unit_test(test_import_oversight_bad_rows),
	    cmocka_unit_test(test_import_missing_column),
	    cmocka_unit_test(test_import_wrong_column_count),
	    cmocka_unit_test(test_import_invalid_encoding),
	    cmocka_unit_test(test_import_upload_limit),
	    cmocka_unit_test(test_import_needs_csrf_and_office),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
