/* test_api_auth.c: sessions, CSRF, roles on every route, lockout, throttling, password
 * policy and forced changes, the three separated administrators. */
#include "apitest.h"
#include "auth/auth.h"
#include "base/timeutil.h"
#include "http/routes.h"

#include <inttypes.h>

static struct api A;
static const char *PW = "Demo-pass1";

static int setup(void **state)
{
	struct zf_err err;
	api_start(&A);
	/* a unit for the unit-scoped roles */
	assert_int_equal(store_run(A.db, &err,
				   "INSERT INTO categories(code, name, kind)"
				   " VALUES ('township', '乡镇', 'township')",
				   ""),
			 0);
	assert_int_equal(store_run(A.db, &err,
				   "INSERT INTO units(code, name, category_id)"
				   " VALUES ('T01', '罗坊镇', 1)",
				   ""),
			 0);
	const char *roles[] = {"office", "inspector", "unit_leader", "unit_staff", "supervisor",
			       "viewer", "sysadmin",  "secadmin",    "auditor"};
	for (size_t i = 0; i < sizeof roles / sizeof roles[0]; i++) {
		unsigned bit = auth_role_bit(roles[i]);
		api_user(&A, roles[i], roles[i], (bit & ROLES_UNIT_SCOPED) ? "T01" : NULL, PW);
	}
	return 0;
}

static int teardown(void **state)
{
	time_set_fake(0);
	api_stop(&A);
	return 0;
}

static void login_body(char *out, size_t n, const char *u, const char *p)
{
	snprintf(out, n, "{\"username\":\"%s\",\"password\":\"%s\"}", u, p);
}

static void test_login_sets_cookie_and_session(void **state)
{
	struct api_resp r;
	struct client c;
	char body[256], cookie[256];
	login_body(body, sizeof body, "office", PW);
	api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r);
	assert_int_equal(r.status, 200);
	api_header(&r, "Set-Cookie", cookie, sizeof cookie);
	assert_non_null(strstr(cookie, "zf_session="));
	assert_non_null(strstr(cookie, "HttpOnly"));
	assert_non_null(strstr(cookie, "SameSite=Strict"));
	assert_int_equal(strlen(json_string_value(json_object_get(r.json, "csrf_token"))), 64);
	api_resp_cleanup(&r);

	api_login(&A, &c, "unit_leader", PW);
	api_call(&A, &c, "GET", "/api/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *u = json_object_get(r.json, "user");
	assert_string_equal(json_string_value(json_object_get(u, "username")), "unit_leader");
	assert_string_equal(json_string_value(json_object_get(u, "role")), "unit_leader");
	assert_string_equal(json_string_value(json_object_get(u, "unit")), "T01");
	assert_string_equal(json_string_value(json_object_get(r.json, "csrf_token")), c.csrf);
	api_resp_cleanup(&r);

	/* logout ends the session for good */
	api_call(&A, &c, "DELETE", "/api/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
	api_call(&A, &c, "GET", "/api/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	api_resp_cleanup(&r);
}

static void test_wrong_password_and_unknown_user_look_alike(void **state)
{
	struct api_resp r1, r2;
	char body[256];
	login_body(body, sizeof body, "viewer", "Wrong-pass1");
	api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r1);
	login_body(body, sizeof body, "nobody", "Wrong-pass1");
	api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r2);
	assert_int_equal(r1.status, 401);
	assert_int_equal(r2.status, 401);
	assert_string_equal(r1.body, r2.body);
	/* the message in English and in Chinese (X4) */
	json_t *e = json_object_get(r1.json, "error");
	assert_string_equal(json_string_value(json_object_get(e, "message")),
			    "wrong username or password");
	assert_string_equal(json_string_value(json_object_get(e, "message_zh")),
			    "用户名或密码错误");
	api_resp_cleanup(&r1);
	api_resp_cleanup(&r2);
	/* both attempts are in the login log */
	int64_t n = 0;
	struct zf_err err;
	assert_int_equal(store_query_int(A.db, &err, &n,
					 "SELECT count(*) FROM login_log WHERE result IN"
					 " ('bad_password', 'unknown_user')",
					 ""),
			 0);
	assert_true(n >= 2);
	/* a good login clears the failure count */
	struct client c;
	api_login(&A, &c, "viewer", PW);
	assert_int_equal(store_query_int(A.db, &err, &n,
					 "SELECT failed_count FROM users WHERE username = 'viewer'",
					 ""),
			 0);
	assert_int_equal(n, 0);
}

/* A request with a plausible body for any route: the checks come before the body is read. */
static void fill_path(const char *pattern, char *out, size_t n)
{
	size_t w = 0;
	for (const char *p = pattern; *p && w + 4 < n; p++) {
		if (*p == '{') {
			w += (size_t)snprintf(out + w, n - w, "X1");
			while (*p && *p != '}')
				p++;
			continue;
		}
		out[w++] = *p;
	}
	out[w] = '\0';
}

struct route_check {
	int checked;
	struct client clients[9];
	const char *names[9];
};

static void check_route(const struct route *r, void *ctx)
{
	struct route_check *rc = ctx;
	struct api_resp resp;
	char path[256];
	int is_get = !strcmp(r->method, "GET");
	if (r->flags & ROUTE_PUBLIC)
		return;
	fill_path(r->pattern, path, sizeof path);
	/* no session: 401 */
	api_call(&A, NULL, r->method, path, is_get ? NULL : "{}", NULL, &resp);
	if (resp.status != 401)
		fail_msg("%s %s without session: %ld, want 401", r->method, r->pattern,
			 resp.status);
	api_resp_cleanup(&resp);
	/* every role the route does not admit: 403 */
	for (int i = 0; i < 9; i++) {
		if (r->roles & auth_role_bit(rc->names[i]))
			continue;
		api_call(&A, &rc->clients[i], r->method, path, is_get ? NULL : "{}", NULL, &resp);
		if (resp.status != 403 || strcmp(api_error_code(&resp), "forbidden"))
			fail_msg("%s %s as %s: %ld %s, want 403 forbidden", r->method, r->pattern,
				 rc->names[i], resp.status, api_error_code(&resp));
		api_resp_cleanup(&resp);
	}
	rc->checked++;
}

static void test_every_route_401_and_403(void **state)
{
	struct route_check rc = {0};
	const char *roles[] = {"office", "inspector", "unit_leader", "unit_staff", "supervisor",
			       "viewer", "sysadmin",  "secadmin",    "auditor"};
	for (int i = 0; i < 9; i++) {
		rc.names[i] = roles[i];
		api_login(&A, &rc.clients[i], roles[i], PW);
	}
	routes_each(check_route, &rc);
	assert_true(rc.checked >= 10);
}

static void test_admins_see_no_business_data(void **state)
{
	/* the three administrators are admitted by no business route but the unit codes that
	 * sysadmin needs to bind accounts */
	const char *admins[] = {"sysadmin", "secadmin", "auditor"};
	for (int t = 0; route_tables[t]; t++)
		for (const struct route *r = route_tables[t]; r->fn; r++) {
			if (!strncmp(r->pattern, "/api/v1/session", 15) ||
			    (r->flags & ROUTE_PUBLIC))
				continue;
			int business = (r->roles & ROLES_BUSINESS) != 0;
			for (int i = 0; i < 3 && business; i++)
				if ((r->roles & auth_role_bit(admins[i])) &&
				    !(i == 0 && !strcmp(r->method, "GET") &&
				      !strcmp(r->pattern, "/api/v1/units")))
					fail_msg("%s %s admits business roles and %s", r->method,
						 r->pattern, admins[i]);
		}
	/* only the auditor reads the logs */
	for (const struct route *r = audit_routes; r->fn; r++)
		assert_int_equal(r->roles, ROLE_AUDITOR);
}

static void test_csrf_required_for_writes(void **state)
{
	struct client c;
	struct api_resp r;
	api_login(&A, &c, "secadmin", PW);
	char saved[80];
	snprintf(saved, sizeof saved, "%s", c.csrf);
	c.csrf[0] = '\0';
	api_call(&A, &c, "PATCH", "/api/v1/security/policy", "{\"idle_minutes\":20}", NULL, &r);
	assert_int_equal(r.status, 403);
	assert_string_equal(api_error_code(&r), "csrf");
	api_resp_cleanup(&r);
	snprintf(c.csrf, sizeof c.csrf, "%s",
		 "0000000000000000000000000000000000000000000000000000000000000000");
	api_call(&A, &c, "PATCH", "/api/v1/security/policy", "{\"idle_minutes\":20}", NULL, &r);
	assert_int_equal(r.status, 403);
	assert_string_equal(api_error_code(&r), "csrf");
	api_resp_cleanup(&r);
	/* nothing changed */
	int64_t v = 0;
	struct zf_err err;
	store_query_int(
	    A.db, &err, &v,
	    "SELECT CAST(value AS INTEGER) FROM security_policy WHERE key='idle_minutes'", "");
	assert_int_equal(v, 15);
	snprintf(c.csrf, sizeof c.csrf, "%s", saved);
	api_call(&A, &c, "PATCH", "/api/v1/security/policy", "{\"idle_minutes\":20}", NULL, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(json_integer_value(json_object_get(r.json, "idle_minutes")), 20);
	api_resp_cleanup(&r);
	api_call(&A, &c, "PATCH", "/api/v1/security/policy", "{\"idle_minutes\":15}", NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
}

static void test_policy_rejects_bad_values(void **state)
{
	struct client c;
	struct api_resp r;
	api_login(&A, &c, "secadmin", PW);
	api_call(&A, &c, "PATCH", "/api/v1/security/policy", "{\"pw_min_length\":4}", NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
	    "pw_min_length");
	api_resp_cleanup(&r);
	api_call(&A, &c, "PATCH", "/api/v1/security/policy", "{\"colour\":1}", NULL, &r);
	assert_int_equal(r.status, 400);
	api_resp_cleanup(&r);
	api_call(&A, &c, "PATCH", "/api/v1/security/policy", "{\"allow_list\":\"10.0.0.0/99\"}",
		 NULL, &r);
	assert_int_equal(r.status, 400);
	api_resp_cleanup(&r);
}

static void test_lockout_after_five_failures(void **state)
{
	struct api_resp r;
	char body[256];
	api_user(&A, "lockme", "viewer", NULL, PW);
	login_body(body, sizeof body, "lockme", "Wrong-pass1");
	for (int i = 0; i < 4; i++) {
		api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r);
		assert_int_equal(r.status, 401);
		api_resp_cleanup(&r);
	}
	api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r);
	assert_int_equal(r.status, 423);
	assert_string_equal(api_error_code(&r), "locked");
	api_resp_cleanup(&r);
	/* the right password does not open a locked account */
	login_body(body, sizeof body, "lockme", PW);
	api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r);
	assert_int_equal(r.status, 423);
	api_resp_cleanup(&r);
	/* 15 minutes later it does */
	time_set_fake(time_now() + 15 * 60 + 1);
	api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
	time_set_fake(0);
}

static void test_secadmin_unlocks(void **state)
{
	struct api_resp r;
	struct client c;
	char body[256];
	api_user(&A, "lock2", "viewer", NULL, PW);
	login_body(body, sizeof body, "lock2", "Wrong-pass1");
	for (int i = 0; i < 5; i++) {
		api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r);
		api_resp_cleanup(&r);
	}
	api_login(&A, &c, "secadmin", PW);
	api_call(&A, &c, "POST", "/api/v1/users/lock2/unlock", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
	api_login(&A, &c, "lock2", PW);
}

static void test_idle_session_expires(void **state)
{
	struct client c;
	struct api_resp r;
	api_login(&A, &c, "inspector", PW);
	time_set_fake(time_now() + 14 * 60);
	api_call(&A, &c, "GET", "/api/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
	time_set_fake(time_now() + 15 * 60 + 5);
	api_call(&A, &c, "GET", "/api/v1/session", NULL, NULL, &r);
	assert_int_equal(r.status, 401);
	api_resp_cleanup(&r);
	time_set_fake(0);
}

static void test_new_account_must_change_password(void **state)
{
	struct client admin, c;
	struct api_resp r;
	api_login(&A, &admin, "sysadmin", PW);
	/* the policy refuses weak initial passwords */
	api_call(&A, &admin, "POST", "/api/v1/users",
		 "{\"username\":\"newbie\",\"role\":\"viewer\",\"password\":\"short\"}", NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "error"), "field")),
	    "password");
	api_resp_cleanup(&r);
	api_call(&A, &admin, "POST", "/api/v1/users",
		 "{\"username\":\"newbie\",\"role\":\"viewer\",\"password\":\"alllowercase\"}",
		 NULL, &r);
	assert_int_equal(r.status, 400);
	api_resp_cleanup(&r);
	/* unit-scoped roles need a unit; administrators take none */
	api_call(&A, &admin, "POST", "/api/v1/users",
		 "{\"username\":\"x1\",\"role\":\"unit_staff\",\"password\":\"Init-pass1\"}", NULL,
		 &r);
	assert_int_equal(r.status, 400);
	api_resp_cleanup(&r);
	api_call(&A, &admin, "POST", "/api/v1/users",
		 "{\"username\":\"x2\",\"role\":\"auditor\",\"unit\":\"T01\",\"password\":\"Init-"
		 "pass1\"}",
		 NULL, &r);
	assert_int_equal(r.status, 400);
	api_resp_cleanup(&r);
	api_call(&A, &admin, "POST", "/api/v1/users",
		 "{\"username\":\"newbie\",\"role\":\"viewer\",\"password\":\"Init-pass1\"}", NULL,
		 &r);
	assert_int_equal(r.status, 201);
	api_resp_cleanup(&r);
	api_call(&A, &admin, "POST", "/api/v1/users",
		 "{\"username\":\"newbie\",\"role\":\"viewer\",\"password\":\"Init-pass1\"}", NULL,
		 &r);
	assert_int_equal(r.status, 409);
	api_resp_cleanup(&r);

	api_login(&A, &c, "newbie", "Init-pass1");
	api_call(&A, &c, "GET", "/api/v1/session", NULL, NULL, &r);
	assert_true(json_is_true(json_object_get(r.json, "must_change_password")));
	api_resp_cleanup(&r);
	/* nothing else until the password is changed */
	api_call(&A, &c, "GET", "/api/v1/units", NULL, NULL, &r);
	assert_int_equal(r.status, 403);
	assert_string_equal(api_error_code(&r), "password_change_required");
	api_resp_cleanup(&r);
	api_call(&A, &c, "POST", "/api/v1/session/password",
		 "{\"old_password\":\"wrong\",\"new_password\":\"Next-pass2\"}", NULL, &r);
	assert_int_equal(r.status, 401);
	api_resp_cleanup(&r);
	api_call(&A, &c, "POST", "/api/v1/session/password",
		 "{\"old_password\":\"Init-pass1\",\"new_password\":\"Next-pass2\"}", NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
	api_call(&A, &c, "GET", "/api/v1/units", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
}

static void test_password_expires_after_90_days(void **state)
{
	struct client admin, c;
	struct api_resp r;
	api_login(&A, &admin, "sysadmin", PW);
	api_call(&A, &admin, "POST", "/api/v1/users",
		 "{\"username\":\"ageing\",\"role\":\"viewer\",\"password\":\"Init-pass1\"}", NULL,
		 &r);
	assert_int_equal(r.status, 201);
	api_resp_cleanup(&r);
	api_login(&A, &c, "ageing", "Init-pass1");
	api_call(&A, &c, "POST", "/api/v1/session/password",
		 "{\"old_password\":\"Init-pass1\",\"new_password\":\"Next-pass2\"}", NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
	time_set_fake(time_now() + 91 * 86400);
	api_login(&A, &c, "ageing", "Next-pass2");
	api_call(&A, &c, "GET", "/api/v1/units", NULL, NULL, &r);
	assert_int_equal(r.status, 403);
	assert_string_equal(api_error_code(&r), "password_change_required");
	api_resp_cleanup(&r);
	time_set_fake(0);
}

static void test_auditor_reads_logs(void **state)
{
	struct client c;
	struct api_resp r;
	api_login(&A, &c, "auditor", PW);
	api_call(&A, &c, "GET", "/api/v1/audit?limit=5", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	json_t *e = json_object_get(r.json, "entries");
	assert_true(json_array_size(e) >= 1);
	assert_true(json_array_size(e) <= 5);
	api_resp_cleanup(&r);
	api_call(&A, &c, "GET", "/api/v1/audit/logins", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_array_size(json_object_get(r.json, "entries")) >= 1);
	api_resp_cleanup(&r);
	api_call(&A, &c, "GET", "/api/v1/audit/verify", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	assert_true(json_is_true(json_object_get(r.json, "intact")));
	api_resp_cleanup(&r);
	/* newest first: the first entry is the newest of all */
	int64_t newest = 0;
	struct zf_err err;
	assert_int_equal(store_query_int(A.db, &err, &newest, "SELECT max(id) FROM audit_log", ""),
			 0);
	api_call(&A, &c, "GET", "/api/v1/audit?order=desc&limit=2", NULL, NULL, &r);
	assert_int_equal(r.status, 200);
	e = json_object_get(r.json, "entries");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(e, 0), "id")), newest);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(e, 1), "id")),
			 newest - 1);
	api_resp_cleanup(&r);
	api_call(&A, &c, "GET", "/api/v1/audit?order=sideways", NULL, NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "order");
	api_resp_cleanup(&r);
	api_call(&A, &c, "GET", "/api/v1/audit?limit=0", NULL, NULL, &r);
	assert_int_equal(r.status, 400);
	assert_string_equal(
	    json_string_value(json_object_get(json_object_get(r.json, "error"), "field")), "limit");
	api_resp_cleanup(&r);
}

/* Last: it fills the address's failure budget. */
static void test_address_throttled(void **state)
{
	struct api_resp r;
	char body[256];
	int throttled = 0;
	login_body(body, sizeof body, "ghost", "Wrong-pass1");
	for (int i = 0; i < 25 && !throttled; i++) {
		api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r);
		if (r.status == 429) {
			throttled = 1;
			assert_string_equal(api_error_code(&r), "throttled");
		} else {
			assert_int_equal(r.status, 401);
		}
		api_resp_cleanup(&r);
	}
	assert_true(throttled);
	/* even a good password is refused from this address now */
	login_body(body, sizeof body, "office", PW);
	api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r);
	assert_int_equal(r.status, 429);
	api_resp_cleanup(&r);
	/* after the window it is accepted again */
	time_set_fake(time_now() + 16 * 60);
	api_call(&A, NULL, "POST", "/api/v1/session", body, NULL, &r);
	assert_int_equal(r.status, 200);
	api_resp_cleanup(&r);
	time_set_fake(0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_login_sets_cookie_and_session),
	    cmocka_unit_test(test_wrong_password_and_unknown_user_look_alike),
	    cmocka_unit_test(test_every_route_401_and_403),
	    cmocka_unit_test(test_admins_see_no_business_data),
	    cmocka_unit_test(test_csrf_required_for_writes),
	    cmocka_unit_test(test_policy_rejects_bad_values),
	    cmocka_unit_test(test_lockout_after_five_failures),
	    cmocka_unit_test(test_secadmin_unlocks),
	    cmocka_unit_test(test_idle_session_expires),
	    cmocka_unit_test(test_new_account_must_change_password),
	    cmocka_unit_test(test_password_expires_after_90_days),
	    cmocka_unit_test(test_auditor_reads_logs),
	    cmocka_unit_test(test_address_throttled),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
