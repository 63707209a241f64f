/* test_auth.c: roles, the password policy, accounts, the address allow-list, sessions. */
#include "testutil.h"
#include "auth/auth.h"
#include "base/timeutil.h"

static const struct auth_policy POL = {8, 3, 90, 5, 15, 15, 20, 15, ""};

static void test_role_bits_round_trip(void **state)
{
	const char *names[] = {"office", "inspector", "unit_leader", "unit_staff", "supervisor",
			       "viewer", "sysadmin",  "secadmin",    "auditor"};
	unsigned seen = 0;
	for (size_t i = 0; i < 9; i++) {
		unsigned b = auth_role_bit(names[i]);
		assert_true(b != 0);
		assert_int_equal(seen & b, 0); /* one bit each */
		seen |= b;
		assert_string_equal(auth_role_name(b), names[i]);
	}
	assert_int_equal(seen, ROLES_ALL);
	assert_int_equal(ROLES_BUSINESS & ROLES_ADMIN, 0);
	assert_int_equal(auth_role_bit("root"), 0);
	assert_int_equal(auth_role_bit(NULL), 0);
}

static void test_password_policy(void **state)
{
	struct zf_err err;
	assert_int_equal(auth_password_check(&POL, "li", "Ab1", &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "at least 8"));
	assert_int_equal(auth_password_check(&POL, "li", "abcdefgh1", &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "at least 3"));
	assert_int_equal(auth_password_check(&POL, "li", "abcdefg1!", &err), 0);
	assert_int_equal(auth_password_check(&POL, "li", "Abcdefg12", &err), 0);
	assert_int_equal(auth_password_check(&POL, "wangwu", "xWangWu-12", &err), ZF_EINVAL);
	assert_non_null(strstr(err.msg, "username"));
	assert_string_equal(err.field, "password");
}

static void test_user_add_validation(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct zf_err err;
	struct actor a = test_actor("cli:root");
	struct auth_user_new u = {
	    .username = "x", .role = "viewer", .password = "Good-pass1", .must_change = true};
	assert_int_equal(auth_user_add(s, &a, &u, &err), ZF_EINVAL);
	assert_string_equal(err.field, "username");
	u.username = "bad name";
	assert_int_equal(auth_user_add(s, &a, &u, &err), ZF_EINVAL);
	u.username = "zhangsan";
	u.role = "superuser";
	assert_int_equal(auth_user_add(s, &a, &u, &err), ZF_EINVAL);
	assert_string_equal(err.field, "role");
	u.role = "unit_leader";
	assert_int_equal(auth_user_add(s, &a, &u, &err), ZF_EINVAL);
	assert_string_equal(err.field, "unit");
	u.unit_code = "T99";
	assert_int_equal(auth_user_add(s, &a, &u, &err), ZF_EINVAL);
	assert_string_equal(err.field, "unit");
	u.role = "viewer";
	u.unit_code = NULL;
	u.password = "weak";
	assert_int_equal(auth_user_add(s, &a, &u, &err), ZF_EINVAL);
	assert_string_equal(err.field, "password");
	u.password = "Good-pass1";
	assert_int_equal(auth_user_add(s, &a, &u, &err), 0);
	assert_int_equal(auth_user_add(s, &a, &u, &err), ZF_ECONFLICT);
	/* hashes are argon2id, never the password */
	struct stmt *st = store_prepare(s, "SELECT pw_hash, must_change FROM users", &err);
	assert_int_equal(stmt_step(st, &err), STORE_ROW);
	assert_non_null(strstr(stmt_text(st, 0), "$argon2id$"));
	assert_null(strstr(stmt_text(st, 0), "Good-pass1"));
	assert_int_equal(stmt_int(st, 1), 1);
	stmt_reset(st);
	/* the creation is audited, without the password */
	int64_t n = 0;
	assert_int_equal(
	    store_query_int(s, &err, &n,
			    "SELECT count(*) FROM audit_log WHERE entity = 'user'"
			    " AND entity_id = 'zhangsan' AND changes NOT LIKE '%pass1%'",
			    ""),
	    0);
	assert_int_equal(n, 1);
	test_db_drop(s, path);
}

static void test_login_session_logout(void **state)
{
	char path[256], tok[65];
	struct store *s = test_db(path);
	struct zf_err err;
	struct actor a = test_actor("cli:root");
	struct auth_session ss, ss2;
	struct auth_user_new u = {
	    .username = "li", .role = "office", .password = "Good-pass1", .must_change = true};
	assert_int_equal(auth_user_add(s, &a, &u, &err), 0);
	assert_int_equal(auth_login(s, "li", "Good-pass1", "10.1.2.3", tok, &ss, &err), 0);
	assert_int_equal(strlen(tok), 64);
	assert_true(ss.must_change);
	assert_int_equal(ss.role_bit, ROLE_OFFICE);
	assert_int_equal(auth_session_lookup(s, tok, &ss2, &err), 0);
	assert_string_equal(ss2.csrf, ss.csrf);
	/* the token is stored only as a hash */
	int64_t n = -1;
	assert_int_equal(store_query_int(s, &err, &n,
					 "SELECT count(*) FROM sessions WHERE token_hash = ?", "t",
					 tok),
			 0);
	assert_int_equal(n, 0);
	assert_int_equal(auth_logout(s, tok, &err), 0);
	assert_int_equal(auth_session_lookup(s, tok, &ss2, &err), ZF_EAUTH);
	assert_int_equal(auth_session_lookup(s, "short", &ss2, &err), ZF_EAUTH);
	test_db_drop(s, path);
}

static void test_allow_list_and_deactivation(void **state)
{
	char path[256], tok[65];
	struct store *s = test_db(path);
	struct zf_err err;
	struct actor a = test_actor("secadmin");
	struct auth_session ss;
	struct auth_user_new u = {.username = "li", .role = "office", .password = "Good-pass1"};
	assert_int_equal(auth_user_add(s, &a, &u, &err), 0);
	json_t *ch = json_pack("{s:s}", "allow_list", "10.0.0.0/8, 192.168.1.7");
	assert_int_equal(auth_policy_update(s, &a, ch, &err), 0);
	json_decref(ch);
	assert_int_equal(auth_login(s, "li", "Good-pass1", "172.16.0.1", tok, &ss, &err),
			 ZF_EFORBIDDEN);
	assert_int_equal(auth_login(s, "li", "Good-pass1", "10.9.8.7", tok, &ss, &err), 0);
	assert_int_equal(auth_login(s, "li", "Good-pass1", "192.168.1.7", tok, &ss, &err), 0);
	/* deactivating ends sessions and refuses logins */
	assert_int_equal(auth_user_set_active(s, &a, "li", false, &err), 0);
	assert_int_equal(auth_session_lookup(s, tok, &ss, &err), ZF_EAUTH);
	assert_int_equal(auth_login(s, "li", "Good-pass1", "10.9.8.7", tok, &ss, &err),
			 ZF_EFORBIDDEN);
	assert_int_equal(auth_user_set_active(s, &a, "nobody", false, &err), ZF_ENOTFOUND);
	test_db_drop(s, path);
}

static void test_demo_password_flag(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct zf_err err;
	struct actor a = test_actor("cli:root");
	assert_false(auth_any_demo_password(s));
	struct auth_user_new u = {
	    .username = "office", .role = "office", .password = "demo", .demo_password = true};
	assert_int_equal(auth_user_add(s, &a, &u, &err), 0);
	assert_true(auth_any_demo_password(s));
	assert_int_equal(auth_user_passwd(s, &a, "office", NULL, "Real-pass9", &err), 0);
	assert_false(auth_any_demo_password(s));
	test_db_drop(s, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_role_bits_round_trip),
	    cmocka_unit_test(test_password_policy),
	    cmocka_unit_test(test_user_add_validation),
	    cmocka_unit_test(test_login_session_logout),
	    cmocka_unit_test(test_allow_list_and_deactivation),
	    cmocka_unit_test(test_demo_password_flag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
