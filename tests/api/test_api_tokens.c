/* test_api_tokens.c: the office issues tokens over HTTP (POST /api/v1/rounds/{code}/tokens):
 * as JSON (and a token so issued casts a ballot), as CSV for a mail-merge, as PDF letters;
 * only the office may; every refusal named by status, code and field with no token stored
 * and no audit entry. Bodies are written with ' for ". */
#define _GNU_SOURCE /* memmem */
#include "apitest.h"
#include "eval/ballot.h"
#include "eval/eval.h"

static struct api A;
static const char *PW = "Demo-pass1";
static struct actor WHO;

#define dq(s)	 api_dq(s)
#define count(q) api_count(&A, q)

static void round_create(const char *code, const char *state)
{
	static const char *config =
	    "{'code':'%s','name':'测试轮次','groups':[{'code':'public','name':'普通群众',"
	    "'weight':60,'min_ballots':1},{'code':'mutual','name':'单位互评','weight':40,"
	    "'min_ballots':1,'mutual':true}],'indicators':{"
	    "'township':[{'code':'sixiang','name':'思想作风','weight':10}],"
	    "'dept':[{'code':'sixiang','name':'思想作风','weight':10}]}}";
	api_round(&A, &WHO, config, code, state);
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
		       " ('T02', '西城镇', 1), ('D01', '财政局', 2);",
		       &err) < 0)
		fail_msg("%s", err.msg);
	round_create("2026", "open");
	round_create("CLOSED", "closed");
	api_user(&A, "office1", "office", NULL, PW);
	api_user(&A, "leader1", "unit_leader", "T01", PW);
	api_user(&A, "insp1", "inspector", NULL, PW);
	return 0;
}

static int teardown(void **state)
{
	api_stop(&A);
	return 0;
}

static int64_t tokens(void)
{
	return count("SELECT count(*) FROM tokens");
}

static int64_t audits(void)
{
	return count("SELECT count(*) FROM audit_log WHERE entity = 'tokens'");
}

static void post(struct client *c, const char *path, const char *body, struct api_resp *r)
{
	char *b = dq(body);
	api_call(&A, c, "POST", path, b, NULL, r);
	free(b);
}

static void test_json_tokens_cast(void **state)
{
	struct client c = {0};
	struct api_resp r;
	api_login(&A, &c, "office1", PW);
	int64_t t0 = tokens(), a0 = audits();
	post(&c, "/api/v1/rounds/2026/tokens", "{'group':'public','units':['T02','T01'],'count':3}",
	     &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "round")), "2026");
	assert_string_equal(json_string_value(json_object_get(r.json, "group")), "public");
	assert_string_equal(json_string_value(json_object_get(r.json, "channel")), "network");
	assert_int_equal(json_integer_value(json_object_get(r.json, "count")), 3);
	json_t *units = json_object_get(r.json, "units");
	assert_int_equal(json_array_size(units), 2);
	assert_string_equal(json_string_value(json_array_get(units, 0)), "T01");
	json_t *list = json_object_get(r.json, "tokens");
	assert_int_equal(json_array_size(list), 3);
	char tok[BALLOT_TOKEN_SIZE];
	snprintf(tok, sizeof tok, "%s", json_string_value(json_array_get(list, 0)));
	assert_int_equal(strlen(tok), BALLOT_TOKEN_SIZE - 1);
	char hdr[64];
	api_header(&r, "Cache-Control", hdr, sizeof hdr);
	assert_string_equal(hdr, "no-store");
	api_resp_cleanup(&r);
	assert_int_equal(tokens(), t0 + 3);
	assert_int_equal(audits(), a0 + 1);
	assert_int_equal(count("SELECT count(*) FROM token_units"), 6);

	/* a token so issued casts a ballot, once */
	char body[512];
	snprintf(
	    body, sizeof body,
	    "{'round':'2026','token':'%s','ballots':[{'unit':'T02','ratings':{'sixiang':90}}]}",
	    tok);
	struct client pub = {0};
	post(&pub, "/api/v1/ballots", body, &r);
	assert_int_equal(r.status, 201);
	api_resp_cleanup(&r);
	post(&pub, "/api/v1/ballots", body, &r);
	assert_int_equal(r.status, 409);
	api_resp_cleanup(&r);

	/* units as one string of codes, by category, and a mutual group's rater */
	post(&c, "/api/v1/rounds/2026/tokens", "{'group':'public','units':'T01 D01','count':1}",
	     &r);
	assert_int_equal(r.status, 201);
	assert_int_equal(json_array_size(json_object_get(r.json, "units")), 2);
	api_resp_cleanup(&r);
	post(&c, "/api/v1/rounds/2026/tokens",
	     "{'group':'public','category':'township','count':1,'channel':'letter'}", &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_object_get(r.json, "channel")), "letter");
	api_resp_cleanup(&r);
	post(&c, "/api/v1/rounds/2026/tokens", "{'group':'mutual','rater':'T01','count':1}", &r);
	assert_int_equal(r.status, 201);
	assert_string_equal(json_string_value(json_array_get(json_object_get(r.json, "units"), 0)),
			    "T02");
	api_resp_cleanup(&r);
}

static void test_csv(void **state)
{
	struct client c = {0};
	struct api_resp r;
	api_login(&A, &c, "office1", PW);
	post(&c, "/api/v1/rounds/2026/tokens",
	     "{'group':'public','units':['T01','T02'],'count':2,'format':'csv'}", &r);
	assert_int_equal(r.status, 201);
	char hdr[160];
	api_header(&r, "Content-Type", hdr, sizeof hdr);
	assert_string_equal(hdr, "text/csv; charset=utf-8");
	api_header(&r, "Content-Disposition", hdr, sizeof hdr);
	assert_string_equal(hdr, "attachment; filename=\"tokens-2026-public.csv\"");
	static const char head[] = "\xEF\xBB\xBF"
				   "token,group,units\r\n";
	assert_true(r.len > sizeof head && !memcmp(r.body, head, sizeof head - 1));
	int rows = 0;
	for (const char *p = r.body; (p = strstr(p, ",public,\"T01,T02\"\r\n")); p++)
		rows++;
	assert_int_equal(rows, 2);
	api_resp_cleanup(&r);
}

static int pdf_pages(const struct api_resp *r)
{
	int n = 0;
	const char *p = r->body, *end = r->body + r->len;
	while ((p = memmem(p, (size_t)(end - p), "/Type /Page", 11))) {
		p += 11;
		if (p < end && *p != 's')
			n++;
	}
	return n;
}

static void test_pdf_letters(void **state)
{
	struct client c = {0};
	struct api_resp r;
	api_login(&A, &c, "office1", PW);
	int64_t letters = count("SELECT count(*) FROM tokens WHERE channel = 'letter'");
	post(&c, "/api/v1/rounds/2026/tokens",
	     "{'group':'public','units':['T01'],'count':4,'format':'pdf',"
	     "'url':'https://zf.example.gov.cn','lang':'en'}",
	     &r);
	assert_int_equal(r.status, 201);
	char hdr[160];
	api_header(&r, "Content-Type", hdr, sizeof hdr);
	assert_string_equal(hdr, "application/pdf");
	api_header(&r, "Content-Disposition", hdr, sizeof hdr);
	assert_string_equal(hdr, "attachment; filename=\"tokens-2026-public.pdf\"");
	assert_true(r.len > 1000 && !memcmp(r.body, "%PDF-", 5));
	assert_int_equal(pdf_pages(&r), 4);
	api_resp_cleanup(&r);
	/* in the letter channel unless told otherwise */
	assert_int_equal(count("SELECT count(*) FROM tokens WHERE channel = 'letter'"),
			 letters + 4);
}

static void fails(int line, struct client *c, const char *path, const char *body, long status,
		  const char *code, const char *field)
{
	struct api_resp r;
	int64_t t0 = tokens(), a0 = audits();
	post(c, path, body, &r);
	json_t *e = json_object_get(r.json, "error");
	json_t *f = json_object_get(e, "field");
	const char *got = json_is_string(f) ? json_string_value(f) : "";
	if (r.status != status || strcmp(api_error_code(&r), code) || strcmp(got, field))
		fail_msg("line %d: got %ld %s field '%s' (%s), want %ld %s field '%s'", line,
			 r.status, api_error_code(&r), got, r.body ? r.body : "", status, code,
			 field);
	api_resp_cleanup(&r);
	if (tokens() != t0 || audits() != a0)
		fail_msg("line %d: tokens %lld -> %lld, audit %lld -> %lld", line, (long long)t0,
			 (long long)tokens(), (long long)a0, (long long)audits());
}

static void test_refusals_store_nothing(void **state)
{
	struct client office = {0}, leader = {0}, insp = {0}, nobody = {0};
	api_login(&A, &office, "office1", PW);
	api_login(&A, &leader, "leader1", PW);
	api_login(&A, &insp, "insp1", PW);
	const char *P = "/api/v1/rounds/2026/tokens";
	const char *ok = "{'group':'public','units':['T01'],'count':1}";
	fails(__LINE__, &nobody, P, ok, 401, "unauthenticated", "");
	fails(__LINE__, &leader, P, ok, 403, "forbidden", "");
	fails(__LINE__, &insp, P, ok, 403, "forbidden", "");
	fails(__LINE__, &office, "/api/v1/rounds/NOPE/tokens", ok, 404, "not_found", "round");
	fails(__LINE__, &office, "/api/v1/rounds/CLOSED/tokens", ok, 409, "conflict", "round");
	fails(__LINE__, &office, P, "{'group':'public','units':['T01'],'count':1,'colour':'red'}",
	      400, "invalid", "colour");
	fails(__LINE__, &office, P, "{'group':'nobody','units':['T01'],'count':1}", 400, "invalid",
	      "group");
	fails(__LINE__, &office, P, "{'units':['T01'],'count':1}", 400, "invalid", "group");
	fails(__LINE__, &office, P, "{'group':'public','units':['ZZ9'],'count':1}", 400, "invalid",
	      "units");
	fails(__LINE__, &office, P, "{'group':'public','units':[7],'count':1}", 400, "invalid",
	      "units");
	fails(__LINE__, &office, P, "{'group':'public','units':{'a':1},'count':1}", 400, "invalid",
	      "units");
	fails(__LINE__, &office, P, "{'group':'public','units':['T01']}", 400, "invalid", "count");
	fails(__LINE__, &office, P, "{'group':'public','units':['T01'],'count':0}", 400, "invalid",
	      "count");
	fails(__LINE__, &office, P, "{'group':'public','units':['T01'],'count':'3'}", 400,
	      "invalid", "count");
	fails(__LINE__, &office, P, "{'group':'public','units':['T01'],'count':200001}", 400,
	      "invalid", "count");
	fails(__LINE__, &office, P, "{'group':'public','units':['T01'],'count':1,'channel':'fax'}",
	      400, "invalid", "channel");
	fails(__LINE__, &office, P, "{'group':'public','units':['T01'],'count':1,'format':'xml'}",
	      400, "invalid", "format");
	fails(__LINE__, &office, P,
	      "{'group':'public','units':['T01'],'count':1,'url':'https://zf.example.gov.cn'}", 400,
	      "invalid", "url");
	fails(__LINE__, &office, P, "{'group':'public','units':['T01'],'count':1,'format':'pdf'}",
	      400, "invalid", "url");
	fails(__LINE__, &office, P,
	      "{'group':'public','units':['T01'],'count':1,'format':'pdf','url':'ftp://h'}", 400,
	      "invalid", "url");
	fails(__LINE__, &office, P,
	      "{'group':'public','units':['T01'],'count':1,'format':'pdf','url':'https://h',"
	      "'lang':'fr'}",
	      400, "invalid", "lang");
	fails(__LINE__, &office, P,
	      "{'group':'public','units':['T01'],'count':2001,'format':'pdf','url':'https://h'}",
	      400, "invalid", "count");
	fails(__LINE__, &office, P, "{'group':'public','units':['T01'],'count':1,'lang':'en'}", 400,
	      "invalid", "lang");
	fails(__LINE__, &office, P, "[1,2]", 400, "invalid", "body");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json_tokens_cast),
	    cmocka_unit_test(test_csv),
	    cmocka_unit_test(test_pdf_letters),
	    cmocka_unit_test(test_refusals_store_nothing),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
