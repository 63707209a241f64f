/* test_api_ballots.c: ballots over HTTP: casting with a token (201 only once committed, every
 * error path with its status, code and field, and nothing written on any of them), the form,
 * receipts, the mutual evaluation by unit accounts, two requests racing with one token, many
 * ballots at once, and the throttle of unknown tokens. Bodies are written with ' for ". */
#include "apitest.h"
#include "base/timeutil.h"
#include "eval/ballot.h"
#include "eval/eval.h"

#include <pthread.h>

static struct api A;
static const char *PW = "Demo-pass1";
static struct actor WHO;

#define dq(s)	 api_dq(s)
#define count(q) api_count(&A, q)

static const char *CONFIG = "{'code':'%s','name':'测试轮次','indicators':{"
			    "'township':[{'code':'sixiang','name':'思想作风','weight':10},"
			    "{'code':'xuexi','name':'学习作风','weight':10}],"
			    "'dept':[{'code':'sixiang','name':'思想作风','weight':10},{'code':'"
			    "fuwu','name':'服务','weight':5}]}}";

static void round_create(const char *code, const char *state)
{
	api_round(&A, &WHO, CONFIG, code, state);
}

static int setup(void **state)
{
	struct zf_err err;
	api_start(&A);
	WHO = test_actor("cli:test");
	if (store_exec(A.db,
		       "INSERT INTO categories(code, name, kind) VALUES ('township', '乡镇', "
		       "'township'), ('dept', '部门', 'dept');"
		       "INSERT INTO units(code, name, category_id) VALUES ('T01', '东城镇', 1),"
		       " ('T02', '西城镇', 1), ('T03', '南城镇', 1), ('D01', '财政局', 2);",
		       &err) < 0)
		fail_msg("%s", err.msg);
	round_create("2026", "open");
	round_create("DRAFT", "draft");
	round_create("CLOSED", "closed");
	api_user(&A, "leader1", "unit_leader", "T01", PW);
	api_user(&A, "staff1", "unit_staff", "T01", PW);
	api_user(&A, "office1", "office", NULL, PW);
	return 0;
}

static int teardown(void **state)
{
	time_set_fake(0);
	api_stop(&A);
	return 0;
}

static void token(const char *round, const char *group, const char *units,
		  char out[BALLOT_TOKEN_SIZE])
{
	struct ballot_issue_req req = {.round = round, .group = group, .units = units, .count = 1};
	struct ballot_issued o;
	struct zf_err err;
	if (ballot_tokens_issue(A.db, &WHO, &req, &o, &err) < 0)
		fail_msg("issue: %s", err.msg);
	snprintf(out, BALLOT_TOKEN_SIZE, "%s", o.tokens[0]);
	ballot_issued_cleanup(&o);
}

/* The rows every failed request must leave as they were. */
struct rows {
	int64_t ballots, used, receipts, voters;
};

static struct rows rows(void)
{
	struct rows r = {count("SELECT count(*) FROM ballots"),
			 count("SELECT count(*) FROM tokens WHERE used = 1"),
			 count("SELECT count(*) FROM receipts"),
			 count("SELECT count(*) FROM mutual_voters")};
	return r;
}

static void same_rows(int line, struct rows a)
{
	struct rows b = rows();
	if (memcmp(&a, &b, sizeof a))
		fail_msg("line %d: rows changed: ballots %lld->%lld used %lld->%lld receipts "
			 "%lld->%lld voters %lld->%lld",
			 line, (long long)a.ballots, (long long)b.ballots, (long long)a.used,
			 (long long)b.used, (long long)a.receipts, (long long)b.receipts,
			 (long long)a.voters, (long long)b.voters);
}

/* Sends body (with ' for ") and expects the status, error code and field; nothing written. */
static void fails_at(int line, struct client *c, const char *method, const char *path,
		     const char *body, long status, const char *code, const char *field,
		     const char *in_msg)
{
	struct api_resp r;
	struct rows before = rows();
	char *b = body ? dq(body) : NULL;
	api_call(&A, c, method, path, b, NULL, &r);
	free(b);
	json_t *e = json_object_get(r.json, "error");
	json_t *f = json_object_get(e, "field");
	const char *got = json_is_string(f) ? json_string_value(f) : "";
	const char *msg = json_string_value(json_object_get(e, "message"));
	if (r.status != status || strcmp(api_error_code(&r), code) || strcmp(got, field) ||
	    (in_msg && (!msg || !strstr(msg, in_msg))))
		fail_msg("line %d: %s %s: got %ld %s field '%s' (%s), want %ld %s field '%s' %s",
			 line, method, path, r.status, api_error_code(&r), got, msg ? msg : "",
			 status, code, field, in_msg ? in_msg : "");
	api_resp_cleanup(&r);
	same_rows(line, before);
}
#define FAILS(body, status, code, field)                                                           \
	fails_at(__LINE__, NULL, "POST", "/api/v1/ballots", body, status, code, field, NULL)

static void post(const char *body, struct api_resp *r)
{
	char *b = dq(body);
	api_call(&A, NULL, "POST", "/api/v1/ballots", b, NULL, r);
	free(b);
}

static void test_cast_answers_201_after_commit(void **state)
{
	char t[BALLOT_TOKEN_SIZE], body[1024];
	struct api_resp r;
	token("2026", "public", "T01,D01", t);
	struct rows before = rows();
	snprintf(body, sizeof body,
		 "{'round':'2026','token':'%s','ballots':[{'unit':'T01','ratings':{'sixiang':90,"
		 "'xuexi':'满意'}},{'unit':'D01','ratings':{'fuwu':'基本满意','sixiang':null}}]}",
		 t);
	post(body, &r);
	assert_int_equal(r.status, 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "accepted")), 2);
	assert_true(json_is_null(json_object_get(r.json, "receipt")));
	api_resp_cleanup(&r);
	/* committed when answered: another connection sees it at once */
	struct rows after = rows();
	assert_int_equal(after.ballots, before.ballots + 2);
	assert_int_equal(after.used, before.used + 1);
	assert_int_equal(after.receipts, before.receipts);
	assert_int_equal(count("SELECT count(*) FROM ballots WHERE ratings = x'5a64'"), 1);
	assert_int_equal(count("SELECT count(*) FROM ballots WHERE ratings = x'ff3c'"), 1);
	/* a second use: 409, nothing more */
	fails_at(__LINE__, NULL, "POST", "/api/v1/ballots", body, 409, "conflict", "token",
		 "already used");
	/* its words in Chinese too, formatted from the same arguments (X4) */
	post(body, &r);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "error"), "message_zh")),
	    "评价码已使用：每个评价码只能提交一次");
	api_resp_cleanup(&r);
	/* no round given: the token's round; the token typed loosely */
	token("2026", "public", "T02", t);
	char loose[64];
	int k = 0;
	for (int i = 0; t[i]; i++)
		loose[k++] =
		    t[i] == '-' ? ' ' : (char)(t[i] >= 'A' && t[i] <= 'Z' ? t[i] + 32 : t[i]);
	loose[k] = '\0';
	snprintf(body, sizeof body,
		 "{'token':'%s','ballots':[{'unit':'T02','ratings':{'sixiang':'60'}}]}", loose);
	post(body, &r);
	assert_int_equal(r.status, 201);
	api_resp_cleanup(&r);
}

static void test_errors_write_nothing(void **state)
{
	char t[BALLOT_TOKEN_SIZE], d[BALLOT_TOKEN_SIZE], cl[BALLOT_TOKEN_SIZE],
	    unknown[BALLOT_TOKEN_SIZE];
	char b[1024];
	token("2026", "public", "T01,T02,D01", t);
	token("DRAFT", "public", "T01", d);
	ballot_token_new(unknown);
	/* the body */
	fails_at(__LINE__, NULL, "POST", "/api/v1/ballots", "not json", 400, "invalid", "body",
		 NULL);
	fails_at(__LINE__, NULL, "POST", "/api/v1/ballots", "['x']", 400, "invalid", "body", NULL);
	FAILS("{'ballots':[]}", 400, "invalid", "token");
	FAILS("{'token':7,'ballots':[]}", 400, "invalid", "token");
	snprintf(b, sizeof b, "{'token':'%s'}", t);
	FAILS(b, 400, "invalid", "ballots");
	snprintf(b, sizeof b, "{'token':'%s','ballots':[],'voter':'me'}", t);
	FAILS(b, 400, "invalid", "voter");
	snprintf(b, sizeof b, "{'token':'%s','ballots':[],'receipt':'yes'}", t);
	FAILS(b, 400, "invalid", "receipt");
	snprintf(b, sizeof b, "{'round':5,'token':'%s','ballots':[]}", t);
	FAILS(b, 400, "invalid", "round");
	/* the round */
	snprintf(b, sizeof b, "{'round':'NOPE','token':'%s','ballots':[]}", t);
	FAILS(b, 404, "not_found", "round");
	snprintf(
	    b, sizeof b,
	    "{'round':'DRAFT','token':'%s','ballots':[{'unit':'T01','ratings':{'sixiang':1}}]}", d);
	fails_at(__LINE__, NULL, "POST", "/api/v1/ballots", b, 409, "conflict", "round", "draft");
	/* a token issued while open, the round closed since */
	round_create("LATE", "open");
	token("LATE", "public", "T01", cl);
	struct zf_err err;
	assert_int_equal(eval_round_transition(A.db, &WHO, "LATE", "close", NULL, &err), 0);
	snprintf(b, sizeof b,
		 "{'round':'LATE','token':'%s','ballots':[{'unit':'T01','ratings':{'sixiang':1}}]}",
		 cl);
	fails_at(__LINE__, NULL, "POST", "/api/v1/ballots", b, 409, "conflict", "round", "closed");
	snprintf(b, sizeof b, "{'token':'%s','ballots':[{'unit':'T01','ratings':{'sixiang':1}}]}",
		 cl);
	fails_at(__LINE__, NULL, "POST", "/api/v1/ballots", b, 409, "conflict", "round", "closed");
	/* the token */
	snprintf(b, sizeof b,
		 "{'round':'2026','token':'%s','ballots':[{'unit':'T01','ratings':{'sixiang':1}}]}",
		 unknown);
	FAILS(b, 404, "not_found", "token");
	FAILS("{'round':'2026','token':'x','ballots':[{'unit':'T01','ratings':{'sixiang':1}}]}",
	      404, "not_found", "token");
	snprintf(b, sizeof b,
		 "{'round':'2026','token':'%s','ballots':[{'unit':'T01','ratings':{'sixiang':1}}]}",
		 d); /* a token of another round */
	FAILS(b, 404, "not_found", "token");
	/* the ballots */
	static const struct {
		const char *ballots, *field;
	} bad[] = {
	    {"{}", "ballots"},
	    {"[]", "ballots"},
	    {"[{'unit':'T03','ratings':{'sixiang':1}}]", "ballots[0].unit"},
	    {"[{'unit':'T01','ratings':{'sixiang':1}},{'unit':'T01','ratings':{'xuexi':2}}]",
	     "ballots[1].unit"},
	    {"[{'unit':'T01','ratings':{'fuwu':1}}]", "ballots[0].ratings.fuwu"},
	    {"[{'unit':'T01','ratings':{'sixiang':101}}]", "ballots[0].ratings.sixiang"},
	    {"[{'unit':'T01','ratings':{'sixiang':-5}}]", "ballots[0].ratings.sixiang"},
	    {"[{'unit':'T01','ratings':{'sixiang':70.5}}]", "ballots[0].ratings.sixiang"},
	    {"[{'unit':'T02','ratings':{'sixiang':70}},{'unit':'D01','ratings':{'fuwu':'好'}}]",
	     "ballots[1].ratings.fuwu"},
	    {"[{'unit':'T01','ratings':{'sixiang':null}}]", "ballots[0].ratings"},
	    {"[{'unit':'T01','ratings':{'sixiang':1},'time':'now'}]", "ballots[0].time"},
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		snprintf(b, sizeof b, "{'round':'2026','token':'%s','ballots':%s}", t,
			 bad[i].ballots);
		fails_at(__LINE__, NULL, "POST", "/api/v1/ballots", b, 400, "invalid", bad[i].field,
			 NULL);
	}
	/* after all that the token is still good */
	struct api_resp r;
	snprintf(b, sizeof b,
		 "{'round':'2026','token':'%s','ballots':[{'unit':'T01','ratings':{'sixiang':1}}]}",
		 t);
	post(b, &r);
	assert_int_equal(r.status, 201);
	api_resp_cleanup(&r);
}

static void test_receipts(void **state)
{
	char t[BALLOT_TOKEN_SIZE], b[1024], path[256], code[64];
	struct api_resp r;
	token("2026", "cadre", "T01", t);
	snprintf(b, sizeof b,
		 "{'round':'2026','token':'%s','ballots':[{'unit':'T01','ratings':{'sixiang':80}}],"
		 "'receipt':true}",
		 t);
	struct rows before = rows();
	post(b, &r);
	assert_int_equal(r.status, 201);
	snprintf(code, sizeof code, "%s", json_string_value(json_object_get(r.json, "receipt")));
	api_resp_cleanup(&r);
	assert_int_equal(strlen(code), BALLOT_RECEIPT_SIZE - 1);
	assert_int_equal(rows().receipts, before.receipts + 1);

	snprintf(path, sizeof path, "/api/v1/public/receipts/2026?receipt=%s", code);
	api_call(&A, NULL, "GET", path, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "counted")));
	api_resp_cleanup(&r);
	api_call(&A, NULL, "GET", "/api/v1/public/receipts/2026?receipt=AAAA-BBBB-CCCC-DDDD-EEEE",
		 NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_false(json_object_get(r.json, "counted")));
	api_resp_cleanup(&r);
	fails_at(__LINE__, NULL, "GET", "/api/v1/public/receipts/2026", NULL, 400, "invalid",
		 "receipt", NULL);
	fails_at(__LINE__, NULL, "GET", "/api/v1/public/receipts/NOPE?receipt=X", NULL, 404,
		 "not_found", "round", NULL);

	/* the published list holds its hash */
	char canon[32], hex[2 * BALLOT_HASH_BYTES + 1];
	unsigned char h[BALLOT_HASH_BYTES];
	assert_int_equal(ballot_code_normalize(code, BALLOT_RECEIPT_CHARS, canon), 0);
	ballot_code_hash(canon, h);
	for (size_t i = 0; i < sizeof h; i++)
		snprintf(hex + 2 * i, 3, "%02x", h[i]);
	api_call(&A, NULL, "GET", "/api/v1/rounds/2026/receipts", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *list = json_object_get(r.json, "receipts");
	int found = 0;
	for (size_t i = 0; i < json_array_size(list); i++)
		found += !strcmp(json_string_value(json_array_get(list, i)), hex);
	assert_int_equal(found, 1);
	api_resp_cleanup(&r);
	fails_at(__LINE__, NULL, "GET", "/api/v1/rounds/2026/receipts?limit=0", NULL, 400,
		 "invalid", "limit", NULL);
	fails_at(__LINE__, NULL, "GET", "/api/v1/rounds/2026/receipts?after=zz", NULL, 400,
		 "invalid", "after", NULL);
	fails_at(__LINE__, NULL, "GET", "/api/v1/rounds/NOPE/receipts", NULL, 404, "not_found",
		 "round", NULL);
}

static void test_form(void **state)
{
	char t[BALLOT_TOKEN_SIZE], path[256], b[512];
	struct api_resp r;
	token("2026", "business", "T02,D01", t);
	for (int i = 0; i < 2; i++) {
		snprintf(path, sizeof path, "/api/v1/public/ballot?%stoken=%s",
			 i ? "" : "round=2026&", t);
		api_call(&A, NULL, "GET", path, NULL, NULL, &r);
		assert_int_equal(r.status, 200);
		json_t *u = json_object_get(r.json, "units");
		assert_int_equal(json_array_size(u), 2);
		assert_string_equal(
		    json_string_value(json_object_get(json_array_get(u, 1), "name")), "西城镇");
		assert_string_equal(
		    json_string_value(json_object_get(json_object_get(r.json, "group"), "name")),
		    "个体工商户代表");
		assert_int_equal(json_array_size(json_object_get(
				     json_object_get(r.json, "indicators"), "township")),
				 2);
		api_resp_cleanup(&r);
	}
	/* looking does not spend */
	snprintf(b, sizeof b, "{'token':'%s','ballots':[{'unit':'D01','ratings':{'fuwu':100}}]}",
		 t);
	post(b, &r);
	assert_int_equal(r.status, 201);
	api_resp_cleanup(&r);
	snprintf(path, sizeof path, "/api/v1/public/ballot?round=2026&token=%s", t);
	fails_at(__LINE__, NULL, "GET", path, NULL, 409, "conflict", "token", "already used");
	fails_at(__LINE__, NULL, "GET", "/api/v1/public/ballot?round=2026", NULL, 400, "invalid",
		 "token", NULL);
	snprintf(path, sizeof path, "/api/v1/public/ballot?round=CLOSED&token=%s", t);
	fails_at(__LINE__, NULL, "GET", path, NULL, 409, "conflict", "round", "closed");
	char unknown[BALLOT_TOKEN_SIZE];
	ballot_token_new(unknown);
	snprintf(path, sizeof path, "/api/v1/public/ballot?token=%s", unknown);
	fails_at(__LINE__, NULL, "GET", path, NULL, 404, "not_found", "token", NULL);
}

static void test_mutual(void **state)
{
	struct client leader, staff, office;
	struct api_resp r;
	api_login(&A, &leader, "leader1", PW);
	api_login(&A, &staff, "staff1", PW);
	api_login(&A, &office, "office1", PW);
	api_call(&A, &leader, "GET", "/api/v1/rounds/2026/mutual", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *u = json_object_get(r.json, "units");
	assert_int_equal(json_array_size(u), 2); /* T02, T03: never its own, never D01 */
	assert_string_equal(json_string_value(json_object_get(json_array_get(u, 0), "code")),
			    "T02");
	assert_true(json_is_false(json_object_get(r.json, "voted")));
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "rater"), "code")), "T01");
	api_resp_cleanup(&r);

	const char *p = "/api/v1/rounds/2026/mutual";
	fails_at(__LINE__, &leader, "POST", p,
		 "{'ballots':[{'unit':'T01','ratings':{'sixiang':100}}]}", 403, "forbidden",
		 "ballots[0].unit", "itself");
	fails_at(__LINE__, &leader, "POST", p,
		 "{'ballots':[{'unit':'D01','ratings':{'sixiang':100}}]}", 400, "invalid",
		 "ballots[0].unit", NULL);
	fails_at(__LINE__, &leader, "POST", p,
		 "{'ballots':[{'unit':'T02','ratings':{'sixiang':100}}],'token':'x'}", 400,
		 "invalid", "token", NULL);
	fails_at(__LINE__, &leader, "POST", p,
		 "{'ballots':[{'unit':'T02','ratings':{'sixiang':100}}],'receipt':'yes'}", 400,
		 "invalid", "receipt", NULL);
	fails_at(__LINE__, &leader, "POST", p, "{'receipt':true}", 400, "invalid", "ballots", NULL);
	fails_at(__LINE__, &leader, "POST", "/api/v1/rounds/DRAFT/mutual",
		 "{'ballots':[{'unit':'T02','ratings':{'sixiang':100}}]}", 409, "conflict", "round",
		 NULL);
	fails_at(__LINE__, &office, "POST", p,
		 "{'ballots':[{'unit':'T02','ratings':{'sixiang':1}}]}", 403, "forbidden", "",
		 NULL);
	fails_at(__LINE__, NULL, "POST", p, "{'ballots':[{'unit':'T02','ratings':{'sixiang':1}}]}",
		 401, "unauthenticated", "", NULL);
	struct client nocsrf = leader;
	nocsrf.csrf[0] = '\0';
	fails_at(__LINE__, &nocsrf, "POST", p,
		 "{'ballots':[{'unit':'T02','ratings':{'sixiang':1}}]}", 403, "csrf",
		 "X-CSRF-Token", NULL);

	struct rows before = rows();
	char *b = dq("{'ballots':[{'unit':'T02','ratings':{'sixiang':100}},"
		     "{'unit':'T03','ratings':{'xuexi':'比较满意'}}],'receipt':true}");
	api_call(&A, &leader, "POST", p, b, NULL, &r);
	free(b);
	assert_int_equal(r.status, 201);
	assert_int_equal(json_integer_value(json_object_get(r.json, "accepted")), 2);
	assert_true(json_is_string(json_object_get(r.json, "receipt")));
	api_resp_cleanup(&r);
	struct rows after = rows();
	assert_int_equal(after.ballots, before.ballots + 2);
	assert_int_equal(after.voters, before.voters + 1);
	assert_int_equal(count("SELECT count(*) FROM ballots WHERE channel = 'mutual' AND"
			       " rater_unit_id = (SELECT id FROM units WHERE code = 'T01')"),
			 2);
	/* once per account; another account of the unit has its own vote */
	fails_at(__LINE__, &leader, "POST", p,
		 "{'ballots':[{'unit':'T02','ratings':{'sixiang':1}}]}", 409, "conflict", "account",
		 NULL);
	api_call(&A, &leader, "GET", p, NULL, NULL, &r);
	assert_true(json_is_true(json_object_get(r.json, "voted")));
	api_resp_cleanup(&r);
	b = dq("{'ballots':[{'unit':'T03','ratings':{'sixiang':60}}]}");
	api_call(&A, &staff, "POST", p, b, NULL, &r);
	free(b);
	assert_int_equal(r.status, 201);
	api_resp_cleanup(&r);
}

/* ---- concurrency ---- */

struct shot {
	const char *body;
	pthread_barrier_t *go;
	long status;
};

static void *fire(void *p)
{
	struct shot *s = p;
	struct api_resp r;
	pthread_barrier_wait(s->go);
	api_call(&A, NULL, "POST", "/api/v1/ballots", s->body, NULL, &r);
	s->status = r.status;
	api_resp_cleanup(&r);
	return NULL;
}

static void test_one_token_two_requests_at_once(void **state)
{
	for (int round = 0; round < 10; round++) {
		char t[BALLOT_TOKEN_SIZE], raw[512];
		token("2026", "public", "T03", t);
		snprintf(raw, sizeof raw,
			 "{'token':'%s','ballots':[{'unit':'T03','ratings':{'sixiang':%d}}]}", t,
			 round);
		char *body = dq(raw);
		int64_t b0 = count("SELECT count(*) FROM ballots");
		pthread_barrier_t go;
		pthread_barrier_init(&go, NULL, 2);
		struct shot s[2] = {{body, &go, 0}, {body, &go, 0}};
		pthread_t th[2];
		for (int i = 0; i < 2; i++)
			pthread_create(&th[i], NULL, fire, &s[i]);
		for (int i = 0; i < 2; i++)
			pthread_join(th[i], NULL);
		pthread_barrier_destroy(&go);
		free(body);
		assert_true((s[0].status == 201 && s[1].status == 409) ||
			    (s[0].status == 409 && s[1].status == 201));
		assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + 1);
	}
}

#define LOAD_THREADS 8
#define LOAD_EACH    25

struct loader {
	char (*tokens)[BALLOT_TOKEN_SIZE];
	int ok;
};

static void *load(void *p)
{
	struct loader *l = p;
	for (int i = 0; i < LOAD_EACH; i++) {
		char raw[512];
		struct api_resp r;
		snprintf(
		    raw, sizeof raw,
		    "{\"token\":\"%s\",\"ballots\":[{\"unit\":\"D01\",\"ratings\":{\"fuwu\":%d}}]}",
		    l->tokens[i], i);
		api_call(&A, NULL, "POST", "/api/v1/ballots", raw, NULL, &r);
		l->ok += r.status == 201;
		api_resp_cleanup(&r);
	}
	return NULL;
}

static void test_many_ballots_at_once(void **state)
{
	struct ballot_issue_req req = {
	    .round = "2026", .group = "public", .units = "D01", .count = LOAD_THREADS * LOAD_EACH};
	struct ballot_issued o;
	struct zf_err err;
	assert_int_equal(ballot_tokens_issue(A.db, &WHO, &req, &o, &err), 0);
	int64_t b0 = count("SELECT count(*) FROM ballots");
	struct loader l[LOAD_THREADS];
	pthread_t th[LOAD_THREADS];
	for (int i = 0; i < LOAD_THREADS; i++) {
		l[i].tokens = o.tokens + i * LOAD_EACH;
		l[i].ok = 0;
		pthread_create(&th[i], NULL, load, &l[i]);
	}
	int ok = 0;
	for (int i = 0; i < LOAD_THREADS; i++) {
		pthread_join(th[i], NULL);
		ok += l[i].ok;
	}
	ballot_issued_cleanup(&o);
	assert_int_equal(ok, LOAD_THREADS * LOAD_EACH);
	assert_int_equal(count("SELECT count(*) FROM ballots"), b0 + LOAD_THREADS * LOAD_EACH);
}

/* Last: it gets this address throttled (and then lets the window pass). */
/* The ballots of T01's public group in round code's results, as the office sees them. */
static int64_t t01_public_ballots(struct client *office, const char *code)
{
	char path[128];
	struct api_resp r;
	int64_t n = -1;
	snprintf(path, sizeof path, "/api/v1/rounds/%s/results", code);
	api_call(&A, office, "GET", path, NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	size_t i;
	json_t *u;
	json_array_foreach(json_object_get(r.json, "units"), i, u)
	{
		json_t *g = json_object_get(json_object_get(u, "groups"), "public");
		if (!strcmp(json_string_value(json_object_get(u, "unit")), "T01") && g)
			n = json_integer_value(json_object_get(g, "ballots"));
	}
	api_resp_cleanup(&r);
	return n;
}

/* An open round's results are kept between requests (they cost a ranking and its bootstrap)
 * and follow every ballot: a cast leaves no audit entry, so the ballot count is part of what
 * they are kept by. */
static void test_open_results_follow_ballots(void **state)
{
	(void)state;
	struct client office;
	char t[BALLOT_TOKEN_SIZE], body[512];
	struct api_resp r;
	round_create("LIVE", "open");
	api_login(&A, &office, "office1", PW);
	int64_t before = t01_public_ballots(&office, "LIVE");
	assert_int_equal(before, 0);
	assert_int_equal(t01_public_ballots(&office, "LIVE"), 0); /* kept: the same */
	for (int k = 1; k <= 3; k++) {
		token("LIVE", "public", "T01", t);
		snprintf(body, sizeof body,
			 "{'round':'LIVE','token':'%s','ballots':[{'unit':'T01','ratings':{"
			 "'sixiang':%d}}]}",
			 t, 60 + k);
		post(body, &r);
		assert_int_equal(r.status, 201);
		api_resp_cleanup(&r);
		assert_int_equal(t01_public_ballots(&office, "LIVE"), k);
	}
}

static void test_unknown_tokens_are_throttled(void **state)
{
	char t[BALLOT_TOKEN_SIZE], b[512], unknown[BALLOT_TOKEN_SIZE], path[128];
	int64_t now = time_now() + 86400; /* a window of its own, past earlier failures */
	time_set_fake(now);
	token("2026", "public", "T01", t);
	int n404 = 0;
	for (int i = 0; i < 40; i++) {
		struct api_resp r;
		ballot_token_new(unknown);
		snprintf(b, sizeof b,
			 "{\"token\":\"%s\",\"ballots\":[{\"unit\":\"T01\",\"ratings\":{"
			 "\"sixiang\":1}}]}",
			 unknown);
		api_call(&A, NULL, "POST", "/api/v1/ballots", b, NULL, &r);
		long st = r.status;
		api_resp_cleanup(&r);
		if (st == 429)
			break;
		assert_int_equal(st, 404);
		n404++;
	}
	assert_int_equal(n404, 20);
	/* now every token lookup from here is refused, a good one too, and the form as well */
	snprintf(b, sizeof b, "{'token':'%s','ballots':[{'unit':'T01','ratings':{'sixiang':1}}]}",
		 t);
	fails_at(__LINE__, NULL, "POST", "/api/v1/ballots", b, 429, "throttled", "token", NULL);
	snprintf(path, sizeof path, "/api/v1/public/ballot?token=%s", t);
	fails_at(__LINE__, NULL, "GET", path, NULL, 429, "throttled", "token", NULL);
	/* 15 minutes later it works again */
	time_set_fake(now + 15 * 60 + 1);
	struct api_resp r;
	post(b, &r);
	assert_int_equal(r.status, 201);
	api_resp_cleanup(&r);
	time_set_fake(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cast_answers_201_after_commit),
	    cmocka_unit_test(test_errors_write_nothing),
	    cmocka_unit_test(test_receipts),
	    cmocka_unit_test(test_form),
	    cmocka_unit_test(test_mutual),
	    cmocka_unit_test(test_one_token_two_requests_at_once),
	    cmocka_unit_test(test_many_ballots_at_once),
	    cmocka_unit_test(test_open_results_follow_ballots),
	    cmocka_unit_test(test_unknown_tokens_are_throttled),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
