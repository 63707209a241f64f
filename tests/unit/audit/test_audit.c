/* test_audit.c: the SM3 hash chain: intact, altered, removed, reordered, truncated; and the
 * triggers that refuse changes to young entries. Tampering goes around zuofeng, straight
 * to the file with sqlite3, as an intruder would. */
#include "testutil.h"
#include "audit/audit.h"

#include <sqlite3.h>

static void append_n(struct store *s, int n)
{
	struct actor a = test_actor("office");
	struct zf_err err;
	for (int i = 0; i < n; i++) {
		char id[16];
		snprintf(id, sizeof id, "U%d", i);
		json_t *ch = json_pack("{s:s,s:i}", "name", "罗坊镇", "n", i);
		assert_int_equal(store_begin(s, &err), 0);
		assert_int_equal(audit_append(s, &a, "create", "unit", id, "ok", ch, &err), 0);
		assert_int_equal(store_commit(s, &err), 0);
		json_decref(ch);
	}
}

/* Runs raw SQL on the file behind zuofeng's back (triggers dropped first). */
static void tamper(const char *path, const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	char *msg = NULL;
	int rc = sqlite3_exec(db,
			      "DROP TRIGGER IF EXISTS audit_log_no_update;"
			      "DROP TRIGGER IF EXISTS audit_log_keep_180_days;",
			      NULL, NULL, &msg);
	assert_int_equal(rc, SQLITE_OK);
	rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc != SQLITE_OK)
		fail_msg("tamper: %s", msg);
	sqlite3_close(db);
}

static int64_t verify(const char *path, char *reason, size_t n)
{
	struct store *s;
	struct zf_err err;
	struct audit_verify_result res;
	assert_int_equal(store_open(path, &s, &err), 0);
	int rc = audit_verify(s, &res, &err);
	store_close(s);
	if (rc == 0)
		return 0;
	assert_int_equal(rc, ZF_ECONFLICT);
	snprintf(reason, n, "%s", res.reason);
	return res.bad_id;
}

static void test_intact_chain_verifies(void **state)
{
	char path[256], why[256];
	struct store *s = test_db(path);
	struct audit_verify_result res;
	struct zf_err err;
	append_n(s, 5);
	assert_int_equal(audit_verify(s, &res, &err), 0);
	assert_int_equal(res.entries, 5);
	store_close(s);
	assert_int_equal(verify(path, why, sizeof why), 0);
	struct store *s2;
	assert_int_equal(store_open(path, &s2, &err), 0);
	test_db_drop(s2, path);
}

static void test_empty_log_verifies(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct audit_verify_result res;
	struct zf_err err;
	assert_int_equal(audit_verify(s, &res, &err), 0);
	assert_int_equal(res.entries, 0);
	test_db_drop(s, path);
}

static void reopen_drop(const char *path)
{
	struct store *s;
	struct zf_err err;
	assert_int_equal(store_open(path, &s, &err), 0);
	test_db_drop(s, path);
}

static void test_altered_entry_named(void **state)
{
	char path[256], why[256];
	struct store *s = test_db(path);
	append_n(s, 5);
	store_close(s);
	tamper(path, "UPDATE audit_log SET changes = '{\"name\":\"x\"}' WHERE id = 3");
	assert_int_equal(verify(path, why, sizeof why), 3);
	assert_non_null(strstr(why, "altered"));
	reopen_drop(path);
}

static void test_altered_actor_named(void **state)
{
	char path[256], why[256];
	struct store *s = test_db(path);
	append_n(s, 4);
	store_close(s);
	tamper(path, "UPDATE audit_log SET actor = 'someone-else' WHERE id = 2");
	assert_int_equal(verify(path, why, sizeof why), 2);
	reopen_drop(path);
}

static void test_removed_entry_named(void **state)
{
	char path[256], why[256];
	struct store *s = test_db(path);
	append_n(s, 5);
	store_close(s);
	tamper(path, "DELETE FROM audit_log WHERE id = 2");
	assert_int_equal(verify(path, why, sizeof why), 3);
	assert_non_null(strstr(why, "removed"));
	reopen_drop(path);
}

static void test_removed_and_renumbered_named(void **state)
{
	char path[256], why[256];
	struct store *s = test_db(path);
	append_n(s, 5);
	store_close(s);
	/* an intruder who closes the gap still breaks the link */
	tamper(path, "DELETE FROM audit_log WHERE id = 2;"
		     "UPDATE audit_log SET id = id - 1 WHERE id > 2;");
	assert_int_equal(verify(path, why, sizeof why), 2);
	reopen_drop(path);
}

static void test_reordered_entries_named(void **state)
{
	char path[256], why[256];
	struct store *s = test_db(path);
	append_n(s, 5);
	store_close(s);
	tamper(path, "UPDATE audit_log SET id = -1 WHERE id = 2;"
		     "UPDATE audit_log SET id = 2 WHERE id = 3;"
		     "UPDATE audit_log SET id = 3 WHERE id = -1;");
	assert_int_equal(verify(path, why, sizeof why), 2);
	reopen_drop(path);
}

static void test_truncated_tail_detected(void **state)
{
	char path[256], why[256];
	struct store *s = test_db(path);
	append_n(s, 5);
	store_close(s);
	tamper(path, "DELETE FROM audit_log WHERE id = 5");
	assert_int_equal(verify(path, why, sizeof why), 5);
	assert_non_null(strstr(why, "end"));
	reopen_drop(path);
}

static void test_triggers_refuse_changes(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct zf_err err;
	append_n(s, 2);
	assert_int_equal(store_run(s, &err, "UPDATE audit_log SET actor = 'x' WHERE id = 1", ""),
			 ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "cannot be changed"));
	assert_int_equal(store_run(s, &err, "DELETE FROM audit_log WHERE id = 1", ""),
			 ZF_ECONFLICT);
	assert_non_null(strstr(err.msg, "180 days"));
	assert_int_equal(audit_login(s, "office", "127.0.0.1", "ok", &err), 0);
	assert_int_equal(store_run(s, &err, "DELETE FROM login_log", ""), ZF_ECONFLICT);
	assert_int_equal(store_run(s, &err, "UPDATE login_log SET result = 'x'", ""), ZF_ECONFLICT);
	test_db_drop(s, path);
}

static void test_sm3_known_answer(void **state)
{
	char hex[65];
	/* GB/T 32905-2016 example 1: SM3("abc") */
	audit_sm3_hex("abc", 3, hex);
	assert_string_equal(hex,
			    "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0");
}

static void test_list_filters_and_pages(void **state)
{
	char path[256];
	struct store *s = test_db(path);
	struct zf_err err;
	json_t *list;
	append_n(s, 5);
	assert_int_equal(audit_list(s, 2, false, 2, NULL, &list, &err), 0);
	assert_int_equal(json_array_size(list), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), 3);
	assert_string_equal(json_string_value(json_object_get(
				json_object_get(json_array_get(list, 0), "changes"), "name")),
			    "罗坊镇");
	json_decref(list);
	assert_int_equal(audit_list(s, 0, false, 10, "person", &list, &err), 0);
	assert_int_equal(json_array_size(list), 0);
	json_decref(list);
	assert_int_equal(audit_list(s, 0, false, 0, NULL, &list, &err), ZF_EINVAL);
	/* newest first, and paging backwards from an id */
	assert_int_equal(audit_list(s, 0, true, 2, NULL, &list, &err), 0);
	assert_int_equal(json_array_size(list), 2);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), 5);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 1), "id")), 4);
	json_decref(list);
	assert_int_equal(audit_list(s, 4, true, 10, "unit", &list, &err), 0);
	assert_int_equal(json_array_size(list), 3);
	assert_int_equal(json_integer_value(json_object_get(json_array_get(list, 0), "id")), 3);
	json_decref(list);
	test_db_drop(s, path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_intact_chain_verifies),
	    cmocka_unit_test(test_empty_log_verifies),
	    cmocka_unit_test(test_altered_entry_named),
	    cmocka_unit_test(test_altered_actor_named),
	    cmocka_unit_test(test_removed_entry_named),
	    cmocka_unit_test(test_removed_and_renumbered_named),
	    cmocka_unit_test(test_reordered_entries_named),
	    cmocka_unit_test(test_truncated_tail_detected),
	    cmocka_unit_test(test_triggers_refuse_changes),
	    cmocka_unit_test(test_sm3_known_answer),
	    cmocka_unit_test(test_list_filters_and_pages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
