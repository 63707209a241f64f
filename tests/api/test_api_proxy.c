/* test_api_proxy.c: the server behind the district's gateway (--trusted-proxy): the
 * throttles on guessed passwords and tokens count each forwarded citizen on his own, the
 * audit trail records the forwarded address, and a server that trusts no proxy ignores the
 * header, so that nobody escapes a throttle by writing one. */
#include "apitest.h"
#include "base/timeutil.h"
#include "eval/ballot.h"

#include <string.h>

static struct api A;
static const char *PW = "Demo-pass1";

static int setup_common(bool trusting)
{
	if (trusting)
		api_start_trusting(&A, "127.0.0.1,10.0.0.0/8");
	else
		api_start(&A);
	api_user(&A, "office", "office", NULL, PW);
	api_user(&A, "auditor", "auditor", NULL, PW);
	return 0;
}

static int setup_trusting(void **state)
{
	(void)state;
	return setup_common(true);
}

static int setup_plain(void **state)
{
	(void)state;
	return setup_common(false);
}

static int teardown(void **state)
{
	(void)state;
	time_set_fake(0);
	api_stop(&A);
	return 0;
}

static long login(const char *addr, const char *user, const char *pw)
{
	struct client c;
	struct api_resp r;
	char body[160];
	memset(&c, 0, sizeof c);
	snprintf(c.addr, sizeof c.addr, "%s", addr);
	snprintf(body, sizeof body, "{\"username\":\"%s\",\"password\":\"%s\"}", user, pw);
	api_call(&A, &c, "POST", "/api/v1/session", body, NULL, &r);
	long st = r.status;
	api_resp_cleanup(&r);
	return st;
}

/* Fails logins from addr until it is throttled; returns how many failed first. */
static int fail_logins(const char *addr)
{
	for (int i = 0; i < 200; i++) {
		long st = login(addr, "ghost", "Wrong-pass1");
		if (st == 429)
			return i;
		assert_int_equal(st, 401);
	}
	fail_msg("never throttled");
	return -1;
}

static long unknown_token(const char *addr)
{
	struct client c;
	struct api_resp r;
	char t[BALLOT_TOKEN_SIZE], body[256];
	memset(&c, 0, sizeof c);
	snprintf(c.addr, sizeof c.addr, "%s", addr);
	ballot_token_new(t);
	snprintf(body, sizeof body,
		 "{\"token\":\"%s\",\"ballots\":[{\"unit\":\"T01\",\"ratings\":{}}]}", t);
	api_call(&A, &c, "POST", "/api/v1/ballots", body, NULL, &r);
	long st = r.status;
	api_resp_cleanup(&r);
	return st;
}

static void test_login_throttle_per_citizen(void **state)
{
	(void)state;
	time_set_fake(time_now() + 86400);
	int n = fail_logins("203.0.113.7");
	assert_true(n > 0);
	/* the throttled citizen is refused even with a good password ... */
	assert_int_equal(login("203.0.113.7", "office", PW), 429);
	/* ... and so is one who forges an entry in front of his own address */
	assert_int_equal(login("198.51.100.1, 203.0.113.7", "office", PW), 429);
	/* another citizen behind the same gateway is not */
	assert_int_equal(login("198.51.100.1", "office", PW), 200);
	/* behind a second, inner proxy the citizen is the same one */
	assert_int_equal(login("203.0.113.7, 10.1.2.3", "office", PW), 429);
	time_set_fake(0);
}

static void test_audit_records_forwarded_address(void **state)
{
	(void)state;
	struct client c;
	struct api_resp r;
	assert_int_equal(login("2001:db8::5", "office", PW), 200);
	api_login(&A, &c, "auditor", PW);
	api_call(&A, &c, "GET", "/api/v1/audit/logins?limit=1000", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *items = json_object_get(r.json, "entries"), *e;
	size_t i;
	bool seen = false;
	json_array_foreach(items, i, e)
	{
		const char *user = json_string_value(json_object_get(e, "username"));
		const char *addr = json_string_value(json_object_get(e, "addr"));
		const char *result = json_string_value(json_object_get(e, "result"));
		if (user && addr && result && !strcmp(user, "office") &&
		    !strcmp(addr, "2001:db8::5") && !strcmp(result, "ok"))
			seen = true;
	}
	if (!seen)
		fail_msg("no login of office from 2001:db8::5 in %s", r.body);
	api_resp_cleanup(&r);
}

static void test_token_throttle_per_citizen(void **state)
{
	(void)state;
	time_set_fake(time_now() + 2 * 86400);
	int n = 0;
	while (n < 100 && unknown_token("203.0.113.50") == 404)
		n++;
	assert_int_equal(n, 20);
	assert_int_equal(unknown_token("203.0.113.50"), 429);
	assert_int_equal(unknown_token("203.0.113.51"), 404);
	time_set_fake(0);
}

/* Without --trusted-proxy the header is the client's own word: ignored. */
static void test_header_ignored_without_trust(void **state)
{
	(void)state;
	time_set_fake(time_now() + 3 * 86400);
	int n = 0;
	char addr[32];
	for (; n < 100; n++) {
		snprintf(addr, sizeof addr, "203.0.113.%d", n + 1);
		if (unknown_token(addr) != 404)
			break;
	}
	assert_int_equal(n, 20); /* a new address each time did not help */
	assert_int_equal(unknown_token("198.51.100.1"), 429);
	time_set_fake(0);
	/* and the login log names the socket's address */
	struct client c;
	struct api_resp r;
	assert_int_equal(login("2001:db8::5", "office", PW), 200);
	api_login(&A, &c, "auditor", PW);
	api_call(&A, &c, "GET", "/api/v1/audit/logins?limit=1000", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_null(strstr(r.body, "2001:db8::5"));
	assert_non_null(strstr(r.body, "127.0.0.1"));
	api_resp_cleanup(&r);
}

int main(void)
{
	const struct CMUnitTest trusting[] = {
	    cmocka_unit_test(test_login_throttle_per_citizen),
	    cmocka_unit_test(test_audit_records_forwarded_address),
	    cmocka_unit_test(test_token_throttle_per_citizen),
	};
	const struct CMUnitTest plain[] = {
	    cmocka_unit_test(test_header_ignored_without_trust),
	};
	int failed = cmocka_run_group_tests_name("trusting", trusting, setup_trusting, teardown);
	failed += cmocka_run_group_tests_name("plain", plain, setup_plain, teardown);
	return failed;
}
