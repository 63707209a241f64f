/* test_api_eval.c: evaluation over HTTP, end to end on a real server: rounds (create,
 * errors naming the field, duplicates, the life of a round with an audited reopen), the
 * scoring example imported over HTTP and its results against expected-rank.csv, who sees
 * results, the scorecard hiding small groups, the indicator library, process / self /
 * adjustment entry with their roles, accountability proposals (needs_review, confirm,
 * dismiss), the target assessment, and the collusion and sensitivity reports. */
#include "apitest.h"
#include "base/util.h"
#include "eval/eval.h"
#include "org/org.h"

#include <math.h>

static struct api A;
static const char *PW = "Demo-pass1";
static struct client OFF, INS, LEAD, STAFF, VIEW, SYS;

/* ---- helpers ---- */

static long call(struct client *c, const char *method, const char *path, const char *body,
		 struct api_resp *r)
{
	api_call(&A, c, method, path, body, NULL, r);
	return r->status;
}

/* Asserts that the request answers status (and, for an error, names field); frees it. */
static void expect(struct client *c, const char *method, const char *path, const char *body,
		   long status, const char *field)
{
	struct api_resp r;
	call(c, method, path, body, &r);
	if (r.status != status)
		fail_msg("%s %s: %ld, want %ld: %s", method, path, r.status, status,
			 r.body ? r.body : "");
	if (field) {
		json_t *f = json_object_get(json_object_get(r.json, "error"), "field");
		if (!json_is_string(f) || strcmp(json_string_value(f), field))
			fail_msg("%s %s: field %s, want %s: %s", method, path,
				 json_is_string(f) ? json_string_value(f) : "(none)", field,
				 r.body ? r.body : "");
	}
	api_resp_cleanup(&r);
}

static void upload(struct client *c, const char *path, const char *csv, long status)
{
	struct api_resp r;
	api_call(&A, c, "POST", path, csv, "text/csv", &r);
	if (r.status != status)
		fail_msg("POST %s: %ld, want %ld: %s", path, r.status, status,
			 r.body ? r.body : "");
	api_resp_cleanup(&r);
}

static char *example(const char *name)
{
	char path[512];
	size_t len;
	snprintf(path, sizeof path, "%s/tests/cli/data/scoring-example/%s", ZF_SOURCE_DIR, name);
	char *d = file_read_all(path, &len);
	if (!d)
		fail_msg("cannot read %s", path);
	return d;
}

static int64_t db_int(const char *sql, const char *arg)
{
	struct zf_err err;
	int64_t v = -1;
	if (store_query_int(A.db, &err, &v, sql, arg ? "t" : "", arg) < 0)
		fail_msg("%s: %s", sql, err.msg);
	return v;
}

/* A small round over both categories of the example: one indicator, the given groups. */
static void small_round(const char *code, const char *groups, int resamples)
{
	char body[1024];
	snprintf(body, sizeof body,
		 "{\"code\":\"%s\",\"name\":\"小轮次\",\"trim_ratio\":0,\"groups\":%s,"
		 "\"indicators\":{\"township\":[{\"code\":\"sixiang\",\"name\":\"思想作风\","
		 "\"weight\":1}],\"dept\":[{\"code\":\"sixiang\",\"name\":\"思想作风\","
		 "\"weight\":1}]},\"bootstrap\":{\"resamples\":%d,\"seed\":11}}",
		 code, groups, resamples);
	expect(&OFF, "POST", "/api/v1/rounds", body, 201, NULL);
}

static void move(const char *round, const char *action)
{
	char path[128];
	snprintf(path, sizeof path, "/api/v1/rounds/%s/%s", round, action);
	expect(&OFF, "POST", path, "{}", 200, NULL);
}

static json_t *find_by(json_t *arr, const char *key, const char *value)
{
	json_t *e;
	size_t i;
	json_array_foreach(arr, i, e)
	{
		json_t *v = json_object_get(e, key);
		if (json_is_object(v))
			v = json_object_get(v, "code");
		if (json_is_string(v) && !strcmp(json_string_value(v), value))
			return e;
	}
	return NULL;
}

/* The units of the scoring example imported over HTTP, and an account of every role. */
static int setup(void **state)
{
	(void)state;
	api_start(&A);
	api_user(&A, "off", "office", NULL, PW);
	api_login(&A, &OFF, "off", PW);
	char *units = example("units.csv");
	upload(&OFF, "/api/v1/import/units", units, 200);
	free(units);
	api_user(&A, "ins", "inspector", NULL, PW);
	api_user(&A, "lead", "unit_leader", "T01", PW);
	api_user(&A, "staff", "unit_staff", "T01", PW);
	api_user(&A, "view", "viewer", NULL, PW);
	api_user(&A, "sys", "sysadmin", NULL, PW);
	api_login(&A, &INS, "ins", PW);
	api_login(&A, &LEAD, "lead", PW);
	api_login(&A, &STAFF, "staff", PW);
	api_login(&A, &VIEW, "view", PW);
	api_login(&A, &SYS, "sys", PW);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	api_stop(&A);
	return 0;
}

/* ---- rounds ---- */

static void test_round_create(void **state)
{
	struct api_resp r;
	(void)state;
	char *cfg = example("round.json");
	assert_int_equal(call(&OFF, "POST", "/api/v1/rounds", cfg, &r), 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "state")), "draft");
	/* the configuration comes back complete: defaults filled in */
	json_t *c = json_object_get(r.json, "config");
	assert_int_equal(json_integer_value(json_object_get(c, "anonymity_threshold")), 5);
	assert_int_equal(json_array_size(json_object_get(c, "groups")), 7);
	api_resp_cleanup(&r);
	expect(&OFF, "POST", "/api/v1/rounds", cfg, 409, "code");
	expect(&LEAD, "POST", "/api/v1/rounds", cfg, 403, NULL);
	free(cfg);
	expect(&OFF, "POST", "/api/v1/rounds",
	       "{\"code\":\"B1\",\"groups\":[{\"code\":\"g\",\"weight\":-1}],"
	       "\"indicators\":{\"dept\":[{\"code\":\"a\",\"weight\":1}]}}",
	       400, "groups[0].weight");
	expect(&OFF, "POST", "/api/v1/rounds",
	       "{\"code\":\"B2\",\"trim_ratio\":0.5,\"indicators\":{\"dept\":[{\"code\":\"a\","
	       "\"weight\":1}]}}",
	       400, "trim_ratio");
	expect(&OFF, "POST", "/api/v1/rounds",
	       "{\"code\":\"B3\",\"colour\":1,\"indicators\":{\"dept\":[{\"code\":\"a\","
	       "\"weight\":1}]}}",
	       400, "colour");
	expect(&OFF, "POST", "/api/v1/rounds", "{not json", 400, NULL);
	assert_int_equal(db_int("SELECT count(*) FROM rounds WHERE code LIKE 'B%'", NULL), 0);
	assert_int_equal(call(&VIEW, "GET", "/api/v1/rounds", NULL, &r), 200);
	assert_non_null(find_by(json_object_get(r.json, "items"), "code", "H3"));
	api_resp_cleanup(&r);
	expect(&SYS, "GET", "/api/v1/rounds", NULL, 403, NULL);
	expect(&OFF, "GET", "/api/v1/rounds/NOPE", NULL, 404, "round");
}

static void test_round_lifecycle(void **state)
{
	(void)state;
	small_round("L1", "[{\"code\":\"g0\",\"weight\":1}]", 0);
	expect(&OFF, "POST", "/api/v1/rounds/L1/close", "{}", 409, "state");
	expect(&OFF, "POST", "/api/v1/rounds/L1/publish", "{}", 409, "state");
	move("L1", "open");
	expect(&OFF, "POST", "/api/v1/rounds/L1/open", "{}", 409, "state");
	expect(&LEAD, "POST", "/api/v1/rounds/L1/close", "{}", 403, NULL);
	move("L1", "close");
	/* closed: every input is frozen */
	upload(&OFF, "/api/v1/rounds/L1/import/process",
	       "unit,period_type,period,score\nT01,annual,2026,80\n", 409);
	expect(&OFF, "PUT", "/api/v1/rounds/L1/process",
	       "{\"unit\":\"T01\",\"period_type\":\"annual\",\"period\":\"2026\",\"score\":80}",
	       409, "round");
	move("L1", "publish");
	expect(&OFF, "POST", "/api/v1/rounds/L1/reopen", "{}", 400, "reason");
	expect(&OFF, "POST", "/api/v1/rounds/L1/reopen", "{\"reason\":\"  \"}", 400, "reason");
	expect(&OFF, "POST", "/api/v1/rounds/L1/reopen", "{\"reason\":\"复核\",\"x\":1}", 400, "x");
	assert_int_equal(db_int("SELECT count(*) FROM audit_log WHERE action = 'reopen'", NULL), 0);
	expect(&OFF, "POST", "/api/v1/rounds/L1/reopen", "{\"reason\":\"数据复核\"}", 200, NULL);
	assert_int_equal(db_int("SELECT count(*) FROM audit_log WHERE action = 'reopen' AND"
				" entity = 'round' AND entity_id = 'L1' AND changes LIKE ?",
				"%数据复核%"),
			 1);
	assert_int_equal(
	    db_int("SELECT count(*) FROM rounds WHERE code = ? AND state = 'open'", "L1"), 1);
	upload(&OFF, "/api/v1/rounds/L1/import/process",
	       "unit,period_type,period,score\nT01,annual,2026,80\n", 200);
}

/* ---- the scoring example over HTTP ---- */

static void test_import_and_results(void **state)
{
	static const char *kinds[] = {"ballots", "process", "self", "survey", "adjustments"};
	struct api_resp r;
	char path[128], name[32];
	(void)state;
	/* a bad file names its line and writes nothing */
	api_call(&A, &OFF, "POST", "/api/v1/rounds/H3/import/process",
		 "unit,period_type,period,score\nT01,annual,2026,80\nT02,weekly,w1,70\n",
		 "text/csv", &r);
	assert_int_equal(r.status, 400);
	/* the bad line, its words in English and in Chinese (X4) */
	json_t *bad = json_array_get(json_object_get(r.json, "errors"), 0);
	assert_int_equal(json_integer_value(json_object_get(bad, "line")), 3);
	assert_string_equal(json_string_value(json_object_get(bad, "message")),
			    "'weekly' is not a period type: daily, monthly, quarterly or annual "
			    "(日常, 月度, 季度, 年度)");
	assert_string_equal(json_string_value(json_object_get(bad, "message_zh")),
			    "“weekly”不是有效的周期类型：应为 daily、monthly、quarterly 或 "
			    "annual（日常、月度、季度、年度）");
	api_resp_cleanup(&r);
	/* a file the CSV reader refuses: its line, without the file name, in both languages */
	api_call(&A, &OFF, "POST", "/api/v1/rounds/H3/import/process",
		 "unit,period_type,period,score\nT01,annual,2026,80\nT02,\"annual,2026,70\n",
		 "text/csv", &r);
	assert_int_equal(r.status, 400);
	bad = json_array_get(json_object_get(r.json, "errors"), 0);
	assert_int_equal(json_integer_value(json_object_get(bad, "line")), 3);
	assert_string_equal(json_string_value(json_object_get(bad, "message")),
			    "unterminated quote: a field opened with \" is never closed");
	assert_string_equal(json_string_value(json_object_get(bad, "message_zh")),
			    "引号未闭合：以 \" 开头的字段没有结束引号");
	api_resp_cleanup(&r);
	assert_int_equal(db_int("SELECT count(*) FROM process_scores p JOIN rounds r ON r.id ="
				" p.round_id WHERE r.code = ?",
				"H3"),
			 0);
	for (size_t k = 0; k < ARRAY_LEN(kinds); k++) {
		snprintf(name, sizeof name, "%s.csv", kinds[k]);
		snprintf(path, sizeof path, "/api/v1/rounds/H3/import/%s", kinds[k]);
		char *csv = example(name);
		upload(&OFF, path, csv, 200);
		free(csv);
	}
	assert_int_equal(call(&OFF, "GET", "/api/v1/rounds/H3/results", NULL, &r), 200);
	json_t *units = json_object_get(r.json, "units");
	assert_int_equal(json_array_size(units), 23);
	/* every row of expected-rank.csv: rank, total, democratic, grade, worst */
	char *exp = example("expected-rank.csv");
	int checked = 0;
	for (char *line = strtok(strchr(exp, '\n') + 1, "\n"); line; line = strtok(NULL, "\n")) {
		char *cell[16];
		int n = 0;
		for (char *p = line; n < 16; n++) {
			cell[n] = p;
			char *comma = strchr(p, ',');
			if (!comma) {
				n++;
				break;
			}
			*comma = '\0';
			p = comma + 1;
		}
		assert_int_equal(n, 15);
		json_t *u = find_by(units, "unit", cell[2]);
		assert_non_null(u);
		json_t *rank = json_object_get(u, "rank"), *total = json_object_get(u, "total");
		if (*cell[1]) {
			assert_int_equal(json_integer_value(rank), atoi(cell[1]));
			assert_true(fabs(json_number_value(total) - atof(cell[4])) < 0.006);
			assert_true(fabs(json_number_value(json_object_get(u, "democratic")) -
					 atof(cell[5])) < 0.006);
			assert_string_equal(json_string_value(json_object_get(u, "grade")),
					    cell[13]);
		} else {
			assert_true(json_is_null(rank));
			assert_true(json_is_null(total));
		}
		assert_int_equal(json_is_true(json_object_get(u, "worst")), atoi(cell[14]));
		assert_int_equal(json_is_true(json_object_get(u, "vetoed")), atoi(cell[11]));
		checked++;
	}
	free(exp);
	assert_int_equal(checked, 23);
	assert_true(json_is_true(json_object_get(r.json, "provisional")));
	api_resp_cleanup(&r);
}

static void test_scorecard_hiding(void **state)
{
	struct api_resp r;
	(void)state;
	/* D01 has one ballot of group foreign, under the anonymity threshold of 5 */
	assert_int_equal(call(&OFF, "GET", "/api/v1/rounds/H3/units/D01/scorecard", NULL, &r), 200);
	json_t *groups = json_object_get(json_object_get(r.json, "unit"), "groups");
	json_t *foreign = find_by(groups, "code", "foreign");
	json_t *public_ = find_by(groups, "code", "public");
	assert_true(json_is_true(json_object_get(foreign, "hidden")));
	assert_true(json_is_null(json_object_get(foreign, "score")));
	assert_int_equal(json_integer_value(json_object_get(foreign, "ballots")), 1);
	assert_true(json_is_false(json_object_get(public_, "hidden")));
	assert_true(json_is_number(json_object_get(public_, "score")));
	api_resp_cleanup(&r);
}

static void test_results_visibility(void **state)
{
	(void)state;
	const char *res = "/api/v1/rounds/H3/results";
	expect(&LEAD, "GET", res, NULL, 403, "round");
	expect(&VIEW, "GET", res, NULL, 403, "round");
	expect(&INS, "GET", res, NULL, 200, NULL);
	expect(&OFF, "GET", "/api/v1/rounds/H3/target-assessment", NULL, 409, "round");
	move("H3", "open");
	move("H3", "close");
	expect(&LEAD, "GET", res, NULL, 403, "round");
	expect(&LEAD, "GET", "/api/v1/rounds/H3/target-assessment", NULL, 409, "round");
	move("H3", "publish");
	expect(&LEAD, "GET", res, NULL, 200, NULL);
	expect(&LEAD, "GET", "/api/v1/rounds/H3/units/T01/scorecard", NULL, 200, NULL);
	expect(&LEAD, "GET", "/api/v1/rounds/H3/units/T02/scorecard", NULL, 403, "unit");
	expect(&SYS, "GET", res, NULL, 403, NULL);
}

static void test_target_assessment(void **state)
{
	struct api_resp r;
	(void)state;
	assert_int_equal(call(&LEAD, "GET", "/api/v1/rounds/H3/target-assessment", NULL, &r), 200);
	json_t *units = json_object_get(r.json, "units");
	assert_int_equal(json_array_size(units), 23);
	json_t *t08 = find_by(units, "unit", "T08"), *t02 = find_by(units, "unit", "T02");
	json_t *d14 = find_by(units, "unit", "D14");
	assert_string_equal(json_string_value(json_object_get(t08, "grade")), "excellent");
	assert_true(fabs(json_number_value(json_object_get(t08, "total")) - 92.52) < 0.006);
	assert_true(json_is_true(json_object_get(t08, "feeds_target")));
	assert_string_equal(json_string_value(json_object_get(t02, "grade_zh")), "较差");
	assert_true(json_is_true(json_object_get(t02, "vetoed")));
	assert_false(json_is_true(json_object_get(d14, "feeds_target")));
	assert_true(json_is_null(json_object_get(d14, "grade")));
	api_resp_cleanup(&r);
	expect(&SYS, "GET", "/api/v1/rounds/H3/target-assessment", NULL, 403, NULL);
	expect(&OFF, "GET", "/api/v1/rounds/NOPE/target-assessment", NULL, 404, "round");
}

/* ---- the indicator library ---- */

static void test_indicators(void **state)
{
	struct api_resp r;
	(void)state;
	assert_int_equal(call(&VIEW, "GET", "/api/v1/indicators", NULL, &r), 200);
	json_t *items = json_object_get(r.json, "items");
	assert_int_equal(json_array_size(items), 17);
	json_t *lj = find_by(items, "code", "lianjie");
	assert_string_equal(json_string_value(json_object_get(lj, "name")), "廉洁从政");
	assert_string_equal(json_string_value(json_object_get(lj, "kind")), "common");
	api_resp_cleanup(&r);
	expect(&SYS, "GET", "/api/v1/indicators", NULL, 403, NULL);
	const char *add = "{\"code\":\"anquan\",\"name\":\"安全生产\",\"kind\":\"specific\","
			  "\"description\":\"安全生产责任落实\"}";
	expect(&LEAD, "POST", "/api/v1/indicators", add, 403, NULL);
	expect(&OFF, "POST", "/api/v1/indicators", add, 201, NULL);
	expect(&OFF, "POST", "/api/v1/indicators", add, 409, "code");
	expect(&OFF, "POST", "/api/v1/indicators",
	       "{\"code\":\"b1\",\"name\":\"x\",\"kind\":\"odd\",\"description\":\"y\"}", 400,
	       "kind");
	expect(&OFF, "POST", "/api/v1/indicators",
	       "{\"code\":\"b1\",\"name\":\"x\",\"kind\":\"common\"}", 400, "description");
	expect(&OFF, "POST", "/api/v1/indicators",
	       "{\"code\":\"b1\",\"name\":\"x\",\"kind\":\"common\",\"description\":\"y\","
	       "\"weight\":3}",
	       400, "weight");
	assert_int_equal(call(&OFF, "PATCH", "/api/v1/indicators/anquan",
			      "{\"description\":\"安全生产与应急管理\",\"active\":false}", &r),
			 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "description")),
			    "安全生产与应急管理");
	assert_true(json_is_false(json_object_get(r.json, "active")));
	api_resp_cleanup(&r);
	expect(&OFF, "PATCH", "/api/v1/indicators/anquan", "{\"active\":\"no\"}", 400, "active");
	expect(&OFF, "PATCH", "/api/v1/indicators/nosuch", "{\"name\":\"x\"}", 404, "code");
	expect(&INS, "PATCH", "/api/v1/indicators/anquan", "{\"name\":\"x\"}", 403, NULL);
	expect(&OFF, "DELETE", "/api/v1/indicators/anquan", NULL, 405, NULL);
	assert_int_equal(db_int("SELECT count(*) FROM audit_log WHERE entity = 'indicator'", NULL),
			 2);
}

/* ---- process, self and adjustment entry ---- */

static void test_process_entry(void **state)
{
	struct api_resp r;
	(void)state;
	small_round("E1", "[{\"code\":\"g0\",\"weight\":1}]", 0);
	const char *put = "/api/v1/rounds/E1/process";
	const char *one = "{\"unit\":\"T01\",\"period_type\":\"monthly\",\"period\":\"2026-03\","
			  "\"score\":88.5}";
	assert_int_equal(call(&OFF, "PUT", put, one, &r), 201);
	assert_true(json_is_true(json_object_get(r.json, "created")));
	api_resp_cleanup(&r);
	assert_int_equal(
	    call(&OFF, "PUT", put,
		 "{\"unit\":\"T01\",\"period_type\":\"monthly\",\"period\":\"2026-03\","
		 "\"score\":90}",
		 &r),
	    200);
	assert_false(json_is_true(json_object_get(r.json, "created")));
	api_resp_cleanup(&r);
	expect(&OFF, "PUT", put,
	       "{\"unit\":\"T01\",\"period_type\":\"weekly\",\"period\":\"w\","
	       "\"score\":1}",
	       400, "period_type");
	expect(&OFF, "PUT", put,
	       "{\"unit\":\"T01\",\"period_type\":\"daily\",\"period\":\"d\","
	       "\"score\":\"90\"}",
	       400, "score");
	expect(&OFF, "PUT", put,
	       "{\"unit\":\"T01\",\"period_type\":\"daily\",\"period\":\"d\","
	       "\"score\":100.5}",
	       400, "score");
	expect(&OFF, "PUT", put, "{\"unit\":\"T01\",\"period_type\":\"daily\",\"score\":1}", 400,
	       "period");
	expect(&OFF, "PUT", put,
	       "{\"unit\":\"ZZ\",\"period_type\":\"daily\",\"period\":\"d\","
	       "\"score\":1}",
	       400, "unit");
	expect(&LEAD, "PUT", put, one, 403, NULL);
	expect(&INS, "PUT", put, one, 403, NULL);
	expect(&OFF, "PUT", "/api/v1/rounds/NOPE/process", one, 404, "round");
	/* reading: a unit account sees its own unit only */
	assert_int_equal(call(&LEAD, "GET", put, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	assert_true(json_number_value(json_object_get(
			json_array_get(json_object_get(r.json, "items"), 0), "score")) == 90);
	api_resp_cleanup(&r);
	expect(&LEAD, "GET", "/api/v1/rounds/E1/process?unit=T02", NULL, 403, "unit");
	expect(&VIEW, "GET", put, NULL, 403, NULL);
	assert_int_equal(
	    db_int("SELECT count(*) FROM audit_log WHERE entity = 'process_score'", NULL), 2);
}

static void test_self_entry(void **state)
{
	struct api_resp r;
	(void)state;
	const char *put = "/api/v1/rounds/E1/self";
	/* the leader's own unit, unconfirmed: not in the ranking yet */
	assert_int_equal(call(&LEAD, "PUT", put, "{\"self\":91,\"efficiency\":null}", &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "unit")), "T01");
	assert_false(json_is_true(json_object_get(r.json, "confirmed")));
	assert_true(json_is_null(json_object_get(r.json, "efficiency")));
	api_resp_cleanup(&r);
	assert_int_equal(call(&OFF, "GET", "/api/v1/rounds/E1/units/T01/scorecard", NULL, &r), 200);
	assert_true(json_is_null(json_object_get(json_object_get(r.json, "unit"), "self")));
	api_resp_cleanup(&r);
	expect(&LEAD, "PUT", put, "{\"unit\":\"T02\",\"self\":91,\"efficiency\":80}", 403, "unit");
	expect(&LEAD, "PUT", put, "{\"self\":91}", 400, "efficiency");
	expect(&LEAD, "PUT", put, "{\"self\":191,\"efficiency\":1}", 400, "self");
	expect(&STAFF, "PUT", put, "{\"self\":91,\"efficiency\":80}", 403, NULL);
	expect(&OFF, "PUT", put, "{\"self\":91,\"efficiency\":80}", 400, "unit");
	/* the office confirms it: now it counts */
	expect(&LEAD, "POST", "/api/v1/rounds/E1/self/T01/confirm", NULL, 403, NULL);
	assert_int_equal(call(&OFF, "POST", "/api/v1/rounds/E1/self/T01/confirm", NULL, &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "confirmed")));
	api_resp_cleanup(&r);
	expect(&OFF, "POST", "/api/v1/rounds/E1/self/T01/confirm", NULL, 409, "unit");
	expect(&OFF, "POST", "/api/v1/rounds/E1/self/T03/confirm", NULL, 404, "unit");
	assert_int_equal(call(&OFF, "GET", "/api/v1/rounds/E1/units/T01/scorecard", NULL, &r), 200);
	assert_true(json_number_value(json_object_get(json_object_get(r.json, "unit"), "self")) ==
		    91);
	api_resp_cleanup(&r);
	/* a confirmed row is the office's to change */
	expect(&LEAD, "PUT", put, "{\"self\":99,\"efficiency\":80}", 409, "confirmed");
	assert_int_equal(
	    call(&OFF, "PUT", put, "{\"unit\":\"T02\",\"self\":70,\"efficiency\":75}", &r), 200);
	assert_true(json_is_true(json_object_get(r.json, "confirmed")));
	api_resp_cleanup(&r);
	assert_int_equal(call(&STAFF, "GET", put, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 1);
	api_resp_cleanup(&r);
	assert_int_equal(call(&INS, "GET", put, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	api_resp_cleanup(&r);
}

static void test_adjustment_entry(void **state)
{
	struct api_resp r;
	(void)state;
	const char *p = "/api/v1/rounds/E1/adjustments";
	assert_int_equal(
	    call(&INS, "POST", p,
		 "{\"unit\":\"T02\",\"points\":2.5,\"veto\":false,\"reason\":\"暗访\"}", &r),
	    201);
	assert_true(json_integer_value(json_object_get(r.json, "id")) > 0);
	assert_string_equal(json_string_value(json_object_get(r.json, "source")), "manual");
	api_resp_cleanup(&r);
	expect(&OFF, "POST", p, "{\"unit\":\"T02\",\"points\":1}", 400, "reason");
	expect(&OFF, "POST", p, "{\"unit\":\"T02\",\"points\":1,\"reason\":\"\"}", 400, "reason");
	expect(&OFF, "POST", p, "{\"unit\":\"T02\",\"points\":-1,\"reason\":\"x\"}", 400, "points");
	expect(&OFF, "POST", p, "{\"unit\":\"T02\",\"points\":1,\"veto\":2,\"reason\":\"x\"}", 400,
	       "veto");
	expect(&LEAD, "POST", p, "{\"unit\":\"T01\",\"points\":1,\"reason\":\"x\"}", 403, NULL);
	expect(&OFF, "POST", p,
	       "{\"unit\":\"T01\",\"points\":0,\"no_excellent\":true,"
	       "\"reason\":\"取消评优\"}",
	       201, NULL);
	assert_int_equal(call(&OFF, "GET", p, NULL, &r), 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	api_resp_cleanup(&r);
	expect(&LEAD, "GET", p, NULL, 403, NULL);
	assert_int_equal(call(&OFF, "GET", "/api/v1/rounds/E1/units/T02/scorecard", NULL, &r), 200);
	assert_true(json_number_value(
			json_object_get(json_object_get(r.json, "unit"), "deduction")) == 2.5);
	api_resp_cleanup(&r);
}

/* ---- accountability ---- */

static void test_proposals(void **state)
{
	struct api_resp r;
	struct zf_err err;
	struct actor who = test_actor("setup");
	(void)state;
	/* T02's main leader; D01 has nobody */
	struct org_person p = {.code = "P-T02",
			       .name = "李四",
			       .gender = "男",
			       .birth_date = "1978-03-01",
			       .unit = "T02",
			       .rank = "正科",
			       .post = "党委书记"};
	struct org_team_member m = {.unit = "T02", .person = "P-T02", .role = "main"};
	if (org_person_create(A.db, &who, &p, &err) < 0 || org_team_add(A.db, &who, &m, &err) < 0)
		fail_msg("org: %s", err.msg);
	small_round("P2", "[{\"code\":\"g0\",\"weight\":1,\"min_ballots\":2}]", 200);
	/* D01 70.0 against D02 70.5: last place uncertain; T02 far below T01 */
	char csv[2048] = "group,unit,sixiang\n";
	for (int b = 0; b < 6; b++) {
		size_t o = strlen(csv);
		snprintf(csv + o, sizeof csv - o, "g0,D01,%d\ng0,D02,%d\ng0,T01,%d\ng0,T02,%d\n",
			 b % 2 ? 90 : 50, b % 2 ? 91 : 50, 90 + b % 3, 30 + b % 3);
	}
	upload(&OFF, "/api/v1/rounds/P2/import/ballots", csv, 200);
	const char *gen = "/api/v1/rounds/P2/proposals/generate";
	expect(&OFF, "POST", gen, NULL, 409, "round");
	move("P2", "open");
	move("P2", "close");
	expect(&INS, "POST", gen, NULL, 403, NULL);
	assert_int_equal(call(&OFF, "POST", gen, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "created")), 2);
	assert_int_equal(json_integer_value(json_object_get(r.json, "needs_review")), 1);
	json_t *items = json_object_get(r.json, "items");
	json_t *d01 = find_by(items, "unit", "D01"), *t02 = find_by(items, "unit", "T02");
	assert_non_null(d01);
	assert_non_null(t02);
	assert_int_equal(json_array_size(items), 2);
	assert_true(json_number_value(json_object_get(d01, "p_last")) < 0.9);
	assert_true(json_is_true(json_object_get(d01, "needs_review")));
	assert_non_null(strstr(json_string_value(json_object_get(d01, "review_notice")), "需复核"));
	assert_true(json_is_null(json_object_get(d01, "person")));
	assert_true(json_is_true(json_object_get(d01, "main_leader_missing")));
	assert_true(json_number_value(json_object_get(t02, "p_last")) >= 0.9);
	assert_false(json_is_true(json_object_get(t02, "needs_review")));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(t02, "person"), "name")), "李四");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(t02, "rank_range"), 1)),
			 2);
	int64_t d_id = json_integer_value(json_object_get(d01, "id"));
	int64_t t_id = json_integer_value(json_object_get(t02, "id"));
	api_resp_cleanup(&r);
	/* again: nothing new */
	assert_int_equal(call(&OFF, "POST", gen, NULL, &r), 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "created")), 0);
	assert_int_equal(json_array_size(json_object_get(r.json, "items")), 2);
	api_resp_cleanup(&r);
	assert_int_equal(db_int("SELECT count(*) FROM proposals", NULL), 2);
	expect(&INS, "GET", "/api/v1/rounds/P2/proposals", NULL, 200, NULL);
	expect(&LEAD, "GET", "/api/v1/rounds/P2/proposals", NULL, 403, NULL);

	char path[96];
	snprintf(path, sizeof path, "/api/v1/proposals/%lld/confirm", (long long)t_id);
	expect(&OFF, "POST", path, "{\"measure\":\"warning\"}", 400, "measure");
	expect(&OFF, "POST", path, "{}", 400, "measure");
	expect(&INS, "POST", path, "{\"measure\":\"admonishment_talk\"}", 403, NULL);
	assert_int_equal(call(&OFF, "POST", path,
			      "{\"measure\":\"admonishment_talk\",\"note\":\"年底谈话\"}", &r),
			 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "confirmed");
	assert_string_equal(json_string_value(json_object_get(r.json, "measure_zh")), "诫勉谈话");
	api_resp_cleanup(&r);
	expect(&OFF, "POST", path, "{\"measure\":\"organisational_adjustment\"}", 409, "status");
	snprintf(path, sizeof path, "/api/v1/proposals/%lld/dismiss", (long long)d_id);
	expect(&OFF, "POST", path, "{}", 400, "reason");
	expect(&OFF, "POST", path, "{\"reason\":\" \"}", 400, "reason");
	assert_int_equal(call(&OFF, "POST", path, "{\"reason\":\"差距在误差范围内\"}", &r), 200);
	assert_string_equal(json_string_value(json_object_get(r.json, "status")), "dismissed");
	api_resp_cleanup(&r);
	expect(&OFF, "POST", path, "{\"reason\":\"again\"}", 409, "status");
	expect(&OFF, "POST", "/api/v1/proposals/9999/confirm",
	       "{\"measure\":\"admonishment_talk\"}", 404, "id");
	expect(&OFF, "POST", "/api/v1/proposals/abc/dismiss", "{\"reason\":\"x\"}", 404, "id");
	assert_int_equal(db_int("SELECT count(*) FROM audit_log WHERE entity = 'proposal'", NULL),
			 4);
}

/* ---- reports ---- */

static void test_collusion_report(void **state)
{
	struct api_resp r;
	(void)state;
	small_round("C2",
		    "[{\"code\":\"pub\",\"weight\":1},"
		    "{\"code\":\"mutual\",\"weight\":1,\"min_ballots\":1,\"mutual\":true}]",
		    0);
	/* twelve departments rate one another: D01-D02 inflate each other, D04 D05 D06 form a
	 * bloc, everyone else is honest */
	size_t cap = 16384, o;
	char *csv = xmalloc(cap);
	o = (size_t)snprintf(csv, cap, "group,unit,rater_unit,sixiang\n");
	for (int a = 1; a <= 12; a++)
		for (int b = 1; b <= 12; b++) {
			if (a == b)
				continue;
			int v = 50 + 2 * b + (a * 3 + b) % 5 - 2;
			bool pair = (a == 1 && b == 2) || (a == 2 && b == 1);
			bool bloc = a >= 4 && a <= 6 && b >= 4 && b <= 6;
			if (pair || bloc)
				v += 30;
			o += (size_t)snprintf(csv + o, cap - o, "mutual,D%02d,D%02d,%d\n", b, a, v);
		}
	upload(&OFF, "/api/v1/rounds/C2/import/ballots", csv, 200);
	free(csv);
	const char *rep = "/api/v1/rounds/C2/reports/collusion";
	assert_int_equal(call(&INS, "GET", rep, NULL, &r), 200);
	json_t *pairs = json_object_get(r.json, "reciprocal_pairs");
	assert_int_equal(json_array_size(pairs), 4);
	json_t *first = json_array_get(pairs, 0);
	assert_string_equal(json_string_value(json_array_get(json_object_get(first, "units"), 0)),
			    "D01");
	assert_string_equal(json_string_value(json_array_get(json_object_get(first, "units"), 1)),
			    "D02");
	assert_true(json_number_value(json_object_get(first, "min_excess")) > 20);
	json_t *blocs = json_object_get(r.json, "blocs");
	assert_int_equal(json_array_size(blocs), 1);
	json_t *bu = json_object_get(json_array_get(blocs, 0), "units");
	assert_string_equal(json_string_value(json_array_get(bu, 0)), "D04");
	assert_string_equal(json_string_value(json_array_get(bu, 1)), "D05");
	assert_string_equal(json_string_value(json_array_get(bu, 2)), "D06");
	assert_int_equal(json_array_size(json_object_get(r.json, "raters")), 0);
	assert_int_equal(json_integer_value(json_object_get(r.json, "ballots")), 132);
	assert_null(strstr(r.body, "\"ratings\""));
	api_resp_cleanup(&r);
	/* with a rater threshold of 5 the colluders stand out, the honest raters do not */
	assert_int_equal(call(&OFF, "GET",
			      "/api/v1/rounds/C2/reports/collusion?threshold=35&rater_threshold=5",
			      NULL, &r),
			 200);
	assert_int_equal(json_array_size(json_object_get(r.json, "reciprocal_pairs")), 0);
	json_t *raters = json_object_get(r.json, "raters"), *e;
	size_t i;
	assert_true(json_array_size(raters) > 0);
	json_array_foreach(raters, i, e)
	{
		const char *u = json_string_value(json_object_get(e, "unit"));
		assert_true(!strcmp(u, "D01") || !strcmp(u, "D02") || !strcmp(u, "D04") ||
			    !strcmp(u, "D05") || !strcmp(u, "D06"));
	}
	api_resp_cleanup(&r);
	expect(&OFF, "GET", "/api/v1/rounds/C2/reports/collusion?threshold=abc", NULL, 400,
	       "threshold");
	expect(&OFF, "GET", "/api/v1/rounds/C2/reports/collusion?rater_threshold=-2", NULL, 400,
	       "rater_threshold");
	expect(&LEAD, "GET", rep, NULL, 403, NULL);
	expect(&VIEW, "GET", rep, NULL, 403, NULL);
	expect(&OFF, "GET", "/api/v1/rounds/NOPE/reports/collusion", NULL, 404, "round");
}

static void test_sensitivity_report(void **state)
{
	struct api_resp r;
	(void)state;
	small_round("S2",
		    "[{\"code\":\"g0\",\"weight\":60,\"min_ballots\":2},"
		    "{\"code\":\"g1\",\"weight\":40,\"min_ballots\":2}]",
		    0);
	/* T01 74.0, T02 74.4, T03 95: T01 last; g0 x1.2 makes T02 last */
	upload(&OFF, "/api/v1/rounds/S2/import/ballots",
	       "group,unit,sixiang\n"
	       "g0,T01,90\ng0,T01,90\ng1,T01,50\ng1,T01,50\n"
	       "g0,T02,70\ng0,T02,70\ng1,T02,81\ng1,T02,81\n"
	       "g0,T03,95\ng0,T03,95\ng1,T03,95\ng1,T03,95\n",
	       200);
	const char *rep = "/api/v1/rounds/S2/reports/sensitivity";
	assert_int_equal(call(&OFF, "GET", rep, NULL, &r), 200);
	json_t *vars = json_object_get(r.json, "variations"), *e, *up = NULL, *down = NULL;
	size_t i;
	assert_int_equal(json_array_size(vars), 12);
	json_array_foreach(vars, i, e)
	{
		if (strcmp(json_string_value(json_object_get(e, "code")), "g0"))
			continue;
		if (json_number_value(json_object_get(e, "factor")) > 1)
			up = e;
		else
			down = e;
	}
	assert_non_null(up);
	assert_non_null(down);
	assert_true(json_is_true(json_object_get(up, "worst_changed")));
	assert_int_equal(json_integer_value(json_object_get(up, "units_changed")), 2);
	json_t *w = find_by(json_object_get(up, "worst"), "category", "township");
	assert_string_equal(json_string_value(json_array_get(json_object_get(w, "from"), 0)),
			    "T01");
	assert_string_equal(json_string_value(json_array_get(json_object_get(w, "to"), 0)), "T02");
	assert_false(json_is_true(json_object_get(down, "worst_changed")));
	assert_int_equal(json_integer_value(json_object_get(down, "units_changed")), 0);
	api_resp_cleanup(&r);
	expect(&INS, "GET", rep, NULL, 403, NULL);
	expect(&LEAD, "GET", rep, NULL, 403, NULL);
	expect(&OFF, "GET", "/api/v1/rounds/NOPE/reports/sensitivity", NULL, 404, "round");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_round_create),       cmocka_unit_test(test_round_lifecycle),
	    cmocka_unit_test(test_import_and_results), cmocka_unit_test(test_scorecard_hiding),
	    cmocka_unit_test(test_results_visibility), cmocka_unit_test(test_target_assessment),
	    cmocka_unit_test(test_indicators),	       cmocka_unit_test(test_process_entry),
	    cmocka_unit_test(test_self_entry),	       cmocka_unit_test(test_adjustment_entry),
	    cmocka_unit_test(test_proposals),	       cmocka_unit_test(test_collusion_report),
	    cmocka_unit_test(test_sensitivity_report),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
